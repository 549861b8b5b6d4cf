namespace QuizBot.Telegram;

/// <param name="Token">The bot token. It ends up in every request URL, so it is never printed.</param>
/// <param name="BaseUrl">The Bot API server; point it at an emulator in end-to-end tests.</param>
public sealed record TelegramBotClientOptions(string Token, string BaseUrl = "https://api.telegram.org")
{
    /// <summary>
    /// Deadline of one call, enforced by the client itself so that the shared HttpClient can keep an infinite
    /// Timeout for long polling. getUpdates with a timeout gets that timeout plus 15 s instead.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    // The compiler-generated ToString would print the token into any log that mentions the options.
    public override string ToString() =>
        $"TelegramBotClientOptions {{ Token = ***, BaseUrl = {BaseUrl}, RequestTimeout = {RequestTimeout} }}";
}
