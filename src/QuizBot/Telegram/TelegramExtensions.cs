using QuizBot.Conversation;

namespace QuizBot.Telegram;

public static class TelegramExtensions
{
    /// <summary>The Telegram transport, when a bot token is configured; without one the web chat serves alone.</summary>
    public static WebApplicationBuilder AddTelegram(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Telegram");
        builder.Services.AddOptions<TelegramOptions>().Bind(section);
        var options = section.Get<TelegramOptions>() ?? new TelegramOptions();
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
        {
            throw new StartupException($"Telegram:ApiBaseUrl: '{options.ApiBaseUrl}' is not an http(s) URL");
        }
        if (!options.Enabled) return builder;
        if (options.Mode == TelegramMode.Webhook)
        {
            throw new StartupException("Telegram:Mode: 'Webhook' is not available in this version yet; use 'Polling'");
        }

        // The client enforces its own per-call deadlines (longer for long polls), so HttpClient must not cut in first.
        builder.Services.AddHttpClient("telegram", http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            // The token is part of every request URL: no request logging for this client, ever.
            .RemoveAllLoggers();
        builder.Services.AddSingleton<ITelegramBotClient>(sp => new TelegramBotClient(
            new TelegramBotClientOptions(options.BotToken.Trim(), options.ApiBaseUrl),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("telegram")));
        builder.Services.AddSingleton<IChatOutput, TelegramChatOutput>();
        builder.Services.AddHostedService<TelegramPollingService>();
        return builder;
    }
}
