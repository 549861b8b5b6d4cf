using Microsoft.Extensions.Time.Testing;

namespace QuizBot.Tests.Support;

/// <summary>FakeTimeProvider that also counts the timers started on it, so a test can tell that a wait has begun.</summary>
public sealed class ObservedClock() : FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero))
{
    private int timersStarted;

    public int TimersStarted => Volatile.Read(ref timersStarted);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref timersStarted);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
