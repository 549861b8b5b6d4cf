using System.Collections.Concurrent;

namespace QuizBot.LoadTests.Users;

/// <summary>
/// Holds answer presses back so that, in all, they go out at a target rate (an open, steady offered load);
/// with no rate set they go out at once (users as fast as the bot lets them).
/// </summary>
public sealed class Pacer : IAsyncDisposable
{
    private readonly ConcurrentQueue<Action> waiting = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private double rate;
    private long since;
    private long released;

    public Pacer() => loop = Task.Run(() => RunAsync(stop.Token));

    /// <summary>Presses per second; 0 lets every press through at once.</summary>
    public double Rate
    {
        get => Volatile.Read(ref rate);
        set
        {
            Interlocked.Exchange(ref since, RunClock.Now);
            Interlocked.Exchange(ref released, 0);
            Volatile.Write(ref rate, value);
        }
    }

    public void Submit(Action press)
    {
        if (Rate <= 0) press();
        else waiting.Enqueue(press);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var perSecond = Rate;
            if (perSecond <= 0)
            {
                while (waiting.TryDequeue(out var press)) press();
            }
            else
            {
                var due = (long)(RunClock.Seconds(Interlocked.Read(ref since), RunClock.Now) * perSecond);
                var done = Interlocked.Read(ref released);
                while (done < due && waiting.TryDequeue(out var press))
                {
                    press();
                    done++;
                }
                // No credit for time nobody was waiting: a quiet moment must not become a burst later.
                Interlocked.Exchange(ref released, waiting.IsEmpty ? due : done);
            }
            try
            {
                await Task.Delay(1, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
