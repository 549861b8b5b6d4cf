namespace QuizBot.LoadTests.FakeTelegram;

/// <summary>
/// Telegram's flood limits on sending, as bots meet them: about one message a second in one chat and about
/// thirty a second in all. Past either, the send is refused with 429 and a retry_after.
/// </summary>
public sealed class FloodControl(int perChatPerSecond, int overallPerSecond)
{
    private readonly Lock gate = new();
    private readonly Dictionary<long, Queue<long>> perChat = [];
    private readonly Queue<long> overall = new();

    public int Refused { get; private set; }

    /// <returns>null when the send may go; otherwise the seconds to wait.</returns>
    public int? TryAcquire(long chatId, long now)
    {
        var windowStart = now - System.Diagnostics.Stopwatch.Frequency;
        lock (gate)
        {
            while (overall.Count > 0 && overall.Peek() <= windowStart) overall.Dequeue();
            if (!perChat.TryGetValue(chatId, out var chat)) perChat[chatId] = chat = new Queue<long>();
            while (chat.Count > 0 && chat.Peek() <= windowStart) chat.Dequeue();
            if (overall.Count >= overallPerSecond || chat.Count >= perChatPerSecond)
            {
                Refused++;
                return 1;
            }
            overall.Enqueue(now);
            chat.Enqueue(now);
            return null;
        }
    }
}
