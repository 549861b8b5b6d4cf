namespace QuizBot.LoadTests.FakeTelegram;

/// <summary>An update waiting for the bot, already serialised; <see cref="Press"/> is set for button presses.</summary>
public sealed class PendingUpdate(int id, byte[] json, PressRecord? press, long enqueuedAt)
{
    private long deliveredAt;
    private int deliveries;

    public int Id => id;

    public byte[] Json => json;

    public PressRecord? Press => press;

    public long EnqueuedAt => enqueuedAt;

    /// <summary>The first time the bot received it (getUpdates answered, or the webhook POST sent); 0 before.</summary>
    public long DeliveredAt => Interlocked.Read(ref deliveredAt);

    public int Deliveries => Volatile.Read(ref deliveries);

    public void MarkDelivered(long at)
    {
        if (Interlocked.Increment(ref deliveries) == 1)
        {
            Interlocked.Exchange(ref deliveredAt, at);
            if (press is not null) press.DeliveredAt = at;
        }
    }
}

/// <summary>
/// The bot's update queue, as Telegram keeps it: updates stay until getUpdates is called with an offset above
/// their id (polling) or until a webhook delivery succeeds. A getUpdates on an empty queue waits for news.
/// </summary>
public sealed class UpdateQueue
{
    private readonly Lock gate = new();
    private readonly List<PendingUpdate> pending = [];
    private int head;
    private int nextId = 1;
    private TaskCompletionSource news = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Enqueued { get; private set; }

    /// <summary>Updates not yet confirmed by the bot.</summary>
    public int Backlog
    {
        get
        {
            lock (gate) return pending.Count - head;
        }
    }

    /// <summary>Adds an update; <paramref name="build"/> gets its update_id and returns its JSON.</summary>
    public PendingUpdate Enqueue(Func<int, byte[]> build, PressRecord? press)
    {
        TaskCompletionSource wake;
        PendingUpdate update;
        lock (gate)
        {
            var id = nextId++;
            update = new PendingUpdate(id, build(id), press, RunClock.Now);
            pending.Add(update);
            Enqueued++;
            wake = news;
            news = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.TrySetResult();
        return update;
    }

    /// <summary>getUpdates: confirms everything below <paramref name="offset"/>, then returns up to
    /// <paramref name="limit"/> updates, waiting up to <paramref name="hold"/> when there are none.</summary>
    public async Task<IReadOnlyList<PendingUpdate>> TakeAsync(int? offset, int limit, TimeSpan hold, CancellationToken ct)
    {
        var deadline = RunClock.After(RunClock.Now, hold);
        while (true)
        {
            Task wait;
            lock (gate)
            {
                if (offset is { } confirmedBelow)
                {
                    while (head < pending.Count && pending[head].Id < confirmedBelow) head++;
                    Compact();
                }
                var count = Math.Min(limit, pending.Count - head);
                if (count > 0) return pending.GetRange(head, count);
                wait = news.Task;
            }
            var remaining = RunClock.Seconds(RunClock.Now, deadline);
            if (remaining <= 0) return [];
            await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(remaining), ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Webhook delivery: takes the oldest update off the queue (the pusher retries it on failure).</summary>
    public async Task<PendingUpdate> DequeueAsync(CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                if (head < pending.Count)
                {
                    var update = pending[head++];
                    Compact();
                    return update;
                }
                wait = news.Task;
            }
            await wait.WaitAsync(ct);
        }
    }

    private void Compact()
    {
        if (head < 4096) return;
        pending.RemoveRange(0, head);
        head = 0;
    }
}
