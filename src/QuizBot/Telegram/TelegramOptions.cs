namespace QuizBot.Telegram;

public enum TelegramMode { Polling, Webhook }

public sealed class TelegramOptions
{
    /// <summary>Empty: no Telegram transport, the web chat only. From the environment or user-secrets, never a file.</summary>
    public string BotToken { get; set; } = "";

    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    public TelegramMode Mode { get; set; } = TelegramMode.Polling;

    public string WebhookUrl { get; set; } = "";

    public string WebhookSecret { get; set; } = "";

    /// <summary>
    /// Deliveries Telegram may make at once (1–100). Each waits for its update to be stored, so the webhook takes in
    /// at most this many updates per inbox commit: a hall pressing together needs Telegram's maximum.
    /// </summary>
    public int WebhookMaxConnections { get; set; } = 100;

    /// <summary>Seconds a getUpdates call waits for news (long polling).</summary>
    public int PollingTimeoutSeconds { get; set; } = 25;

    /// <summary>Telegram's limits, which the outbound dispatcher keeps (raise them only for a local Bot API server).</summary>
    public int MessagesPerSecond { get; set; } = 30;

    public int MessagesPerSecondPerChat { get; set; } = 1;

    /// <summary>
    /// Messages a private chat may receive at once before the 1/s pace applies: 2 by default, so that an answer's
    /// result edit and the next question go out together. Telegram allows short bursts in a chat (3 at once,
    /// refilled at about one a second, as far as bots can tell); keeping one below that leaves room for our
    /// refill timer running out of phase with Telegram's.
    /// </summary>
    public int ChatBurst { get; set; } = 2;

    public int MessagesPerMinutePerGroup { get; set; } = 20;

    /// <summary>The share of <see cref="MessagesPerSecond"/> a bulk wave (reminders) may take; the rest stays free for conversations.</summary>
    public double BulkShare { get; set; } = 0.9;

    /// <summary>Telegram's allow_paid_broadcast: up to 1,000 messages/s beyond the free 30, paid in Stars by the bot's owner.</summary>
    public bool AllowPaidBroadcast { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);
}
