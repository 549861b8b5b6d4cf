using System.Text;

namespace QuizBot.EndToEnd.Support;

/// <summary>Telegram's hard limits, which the emulator does not enforce but the real Bot API does.</summary>
internal static class TelegramLimits
{
    public const int MaxCallbackDataBytes = 64;
    public const int MaxTextLength = 4096;

    /// <summary>
    /// Fails listing every message over a limit. The text is measured with its HTML tags, which is stricter than
    /// Telegram's count after entity parsing.
    /// </summary>
    public static void AssertRespected(IEnumerable<BotMessage> messages)
    {
        var all = messages.ToList();
        Assert.NotEmpty(all);
        var problems = new List<string>();
        foreach (var message in all)
        {
            if (message.Text.Length is 0 or > MaxTextLength)
            {
                problems.Add($"message #{message.MessageId} has {message.Text.Length} characters (1–{MaxTextLength} allowed)");
            }
            foreach (var button in message.Buttons)
            {
                var bytes = Encoding.UTF8.GetByteCount(button.CallbackData);
                if (bytes is 0 or > MaxCallbackDataBytes)
                {
                    problems.Add($"message #{message.MessageId}: button '{button.Text}' has {bytes}-byte callback_data '{button.CallbackData}' (1–{MaxCallbackDataBytes} allowed)");
                }
            }
        }
        Assert.True(problems.Count == 0, "Over Telegram's limits:\n" + string.Join('\n', problems));
    }
}
