namespace QuizBot.LoadTests.FakeTelegram;

/// <summary>
/// Telegram's flood limits on sending, as bots meet them: in one chat a short burst (three messages) and then
/// about one a second, and about thirty a second in all. Past either, the send is refused with 429 and a
/// retry_after.
/// </summary>
public sealed class FloodControl(int perChatPerSecond, int perChatBurst, int overallPerSecond)
{
    private readonly Lock gate = new();
    private readonly Dictionary<long, (double Tokens, long At)> perChat = [];
    private readonly Queue<long> overall = new();

    public int Refused { get; private set; }

    /// <returns>null when the send may go; otherwise the seconds to wait.</returns>
    public int? TryAcquire(long chatId, long now)
    {
        var frequency = System.Diagnostics.Stopwatch.Frequency;
        lock (gate)
        {
            while (overall.Count > 0 && overall.Peek() <= now - frequency) overall.Dequeue();
            var (tokens, at) = perChat.TryGetValue(chatId, out var bucket) ? bucket : (perChatBurst, now);
            tokens = Math.Min(perChatBurst, tokens + (double)(now - at) / frequency * perChatPerSecond);
            if (overall.Count >= overallPerSecond || tokens < 1)
            {
                perChat[chatId] = (tokens, now);
                Refused++;
                return 1;
            }
            overall.Enqueue(now);
            perChat[chatId] = (tokens - 1, now);
            return null;
        }
    }
}
