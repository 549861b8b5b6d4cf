namespace QuizBot.Telegram.Types;

/// <summary>Hints that come with some errors.</summary>
public class ResponseParameters
{
    /// <summary>Seconds to wait before repeating a request that hit a flood limit (429).</summary>
    public int? RetryAfter { get; init; }

    /// <summary>The group became this supergroup; resend there. Up to 52 bits.</summary>
    public long? MigrateToChatId { get; init; }
}
