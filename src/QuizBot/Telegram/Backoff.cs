namespace QuizBot.Telegram;

/// <summary>How long to wait after the n-th failure in a row: 1, 2, 4 … seconds up to a cap, with jitter so that
/// many waiting callers (or instances) do not retry in step.</summary>
public static class Backoff
{
    public static TimeSpan After(int failures, int maxSeconds) =>
        TimeSpan.FromSeconds(Math.Min(maxSeconds, Math.Pow(2, Math.Clamp(failures - 1, 0, 10))) * (0.8 + 0.4 * Random.Shared.NextDouble()));
}
