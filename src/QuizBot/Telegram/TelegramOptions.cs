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

    /// <summary>Seconds a getUpdates call waits for news (long polling).</summary>
    public int PollingTimeoutSeconds { get; set; } = 25;

    /// <summary>Telegram's limits, which the outbound dispatcher keeps (raise them only for a local Bot API server).</summary>
    public int MessagesPerSecond { get; set; } = 30;

    public int MessagesPerSecondPerChat { get; set; } = 1;

    /// <summary>
    /// Messages a private chat may receive at once before the 1/s pace applies. 1 by default: a peer that counts
    /// strictly per second answers a second message within the same second with 429.
    /// </summary>
    public int ChatBurst { get; set; } = 1;

    public int MessagesPerMinutePerGroup { get; set; } = 20;

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);
}
