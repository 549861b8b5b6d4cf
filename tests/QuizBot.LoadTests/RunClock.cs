using System.Diagnostics;

namespace QuizBot.LoadTests;

/// <summary>Monotonic timestamps for every figure the harness reports; wall-clock time only where SQLite stores it.</summary>
public static class RunClock
{
    public static long Now => Stopwatch.GetTimestamp();

    public static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    public static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    public static long After(long from, TimeSpan span) => from + (long)(span.TotalSeconds * Stopwatch.Frequency);
}
