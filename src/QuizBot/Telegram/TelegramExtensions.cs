using System.Text.RegularExpressions;
using QuizBot.Conversation;

namespace QuizBot.Telegram;

public static partial class TelegramExtensions
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();

    /// <summary>The Telegram transport, when a bot token is configured; without one the web chat serves alone.</summary>
    public static WebApplicationBuilder AddTelegram(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Telegram");
        builder.Services.AddOptions<TelegramOptions>().Bind(section);
        var options = Validate(section.Get<TelegramOptions>() ?? new TelegramOptions());
        if (!options.Enabled) return builder;

        // The client enforces its own per-call deadlines (longer for long polls), so HttpClient must not cut in first.
        builder.Services.AddHttpClient("telegram", http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            // The token is part of every request URL: no request logging for this client, ever.
            .RemoveAllLoggers();
        builder.Services.AddSingleton<ITelegramBotClient>(sp => new TelegramBotClient(
            new TelegramBotClientOptions(options.BotToken.Trim(), options.ApiBaseUrl),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("telegram")));
        builder.Services.AddSingleton(_ => TelegramLimits.Create(options));
        builder.Services.AddSingleton<TelegramChatEvents>();
        builder.Services.AddSingleton<OutboxWriter>();
        builder.Services.AddSingleton<OutboundDispatcher>();
        builder.Services.AddHostedService<OutboxResumer>();
        builder.Services.AddSingleton<IChatOutput, TelegramChatOutput>();
        builder.Services.AddSingleton<TelegramUpdatePipeline>();
        builder.Services.AddSingleton<CommandMenu>();
        if (options.Mode == TelegramMode.Webhook)
        {
            builder.Services.AddSingleton<WebhookQueue>();
            builder.Services.AddHostedService<TelegramWebhookService>();
        }
        else
        {
            builder.Services.AddHostedService<TelegramPollingService>();
        }
        return builder;
    }

    private static TelegramOptions Validate(TelegramOptions options)
    {
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
        {
            throw new StartupException($"Telegram:ApiBaseUrl: '{options.ApiBaseUrl}' is not an http(s) URL");
        }
        if (!options.Enabled || options.Mode != TelegramMode.Webhook) return options;
        if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var hook) || hook.Scheme is not ("http" or "https"))
        {
            throw new StartupException($"Telegram:WebhookUrl: '{options.WebhookUrl}' is not an http(s) URL; webhook mode needs the public address of this service");
        }
        if (!SecretPattern().IsMatch(options.WebhookSecret))
        {
            // The value itself is never echoed: it is a credential.
            throw new StartupException("Telegram:WebhookSecret: webhook mode needs a secret of 1–256 characters A-Z a-z 0-9 _ -");
        }
        return options;
    }
}

/// <summary>Sends what the outbox still held when the service last stopped.</summary>
internal sealed class OutboxResumer(OutboundDispatcher dispatcher) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => dispatcher.ResumeAsync(ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
