using System.Text.RegularExpressions;
using QuizBot.Conversation;
using QuizBot.Data;
using Telegram.Bot;

namespace QuizBot.Telegram;

public static partial class TelegramExtensions
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();

    /// <summary>What BotFather hands out: the bot's numeric id, a colon, the secret.</summary>
    [GeneratedRegex("^[0-9]{1,16}:[A-Za-z0-9_-]{1,}$")]
    private static partial Regex TokenPattern();

    /// <summary>The Telegram transport, when a bot token is configured; without one the web chat serves alone.</summary>
    public static WebApplicationBuilder AddTelegram(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Telegram");
        builder.Services.AddOptions<TelegramOptions>().Bind(section);
        var options = Validate(section.Get<TelegramOptions>() ?? new TelegramOptions());
        if (!options.Enabled) return builder;

        // Long enough for a long poll to come back with news, short enough that a hung call is given up.
        builder.Services.AddHttpClient("telegram", http => http.Timeout = TimeSpan.FromSeconds(options.PollingTimeoutSeconds) + RequestGrace)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            // The token is part of every request URL: no request logging for this client, ever.
            .RemoveAllLoggers();
        builder.Services.AddSingleton<ITelegramBotClient>(sp => new RedactingBotClient(
            // 429s are the dispatcher's to wait out, per chat and on our clock: the library must not retry on its own.
            new TelegramBotClientOptions(options.BotToken.Trim(), options.ApiBaseUrl) { RetryThreshold = 0 },
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("telegram")));
        builder.Services.AddSingleton(sp => TelegramLimits.Create(options, sp.GetRequiredService<ServiceInstances>()));
        builder.Services.AddSingleton(_ => new BulkLane(options));
        builder.Services.AddSingleton<TelegramChatEvents>();
        builder.Services.AddSingleton<OutboxWriter>();
        builder.Services.AddSingleton<OutboundDispatcher>();
        builder.Services.AddHostedService<OutboxResumer>();
        builder.Services.AddSingleton<IChatOutput, TelegramChatOutput>();
        builder.Services.AddSingleton<QuizBot.Live.IGroupAdmins, TelegramGroupAdmins>();
        builder.Services.AddSingleton<ChatTurns>();
        builder.Services.AddSingleton<TelegramUpdatePipeline>();
        builder.Services.AddSingleton<CommandMenu>();
        if (options.Mode == TelegramMode.Webhook)
        {
            builder.Services.AddHostedService<TelegramWebhookService>();
        }
        else
        {
            builder.Services.AddHostedService<TelegramPollingService>();
        }
        return builder;
    }

    /// <summary>How much longer than a long poll's own timeout a Bot API call may take before it is given up.</summary>
    public static readonly TimeSpan RequestGrace = TimeSpan.FromSeconds(15);

    private static TelegramOptions Validate(TelegramOptions options)
    {
        if (options.Enabled && !TokenPattern().IsMatch(options.BotToken.Trim()))
        {
            // The value itself is never echoed: it is a credential.
            throw new StartupException("Telegram:BotToken: this is not a bot token (BotFather's tokens look like 123456789:AAE…: digits, a colon, then letters, digits, _ and -)");
        }
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
        if (options.WebhookMaxConnections is < 1 or > 100)
        {
            throw new StartupException($"Telegram:WebhookMaxConnections: {options.WebhookMaxConnections} is outside Telegram's 1–100");
        }
        return options;
    }
}

/// <summary>
/// Sends what the outbox still held when the service last stopped; on stop, lets the chats' workers end and writes
/// their last delivery marks while the services they need still exist (the container is disposed after this).
/// </summary>
/// <remarks>
/// With several instances it keeps looking, and sends what a stopped instance left as soon as it is found dead.
/// </remarks>
internal sealed class OutboxResumer(OutboundDispatcher dispatcher, OutboxWriter outbox, ServiceInstances instances, TimeProvider clock,
    ILogger<OutboxResumer> log) : IHostedService
{
    private readonly CancellationTokenSource stopping = new();
    private Task sweeping = Task.CompletedTask;

    public async Task StartAsync(CancellationToken ct)
    {
        await dispatcher.ResumeAsync(ct);
        if (instances.Shared) sweeping = SweepAsync(stopping.Token);
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ServiceInstances.Heartbeat, clock, ct);
                await dispatcher.ResumeAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning("Looking for messages left by stopped instances failed ({Reason}); trying again", e.Message);
            }
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        await stopping.CancelAsync();
        await sweeping;
        await dispatcher.DisposeAsync();
        await outbox.DisposeAsync();
    }
}
