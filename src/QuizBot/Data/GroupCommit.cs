using System.Threading.Channels;

namespace QuizBot.Data;

/// <summary>
/// Writes small records in groups: what arrives while a write is under way goes into the next one, so a record
/// waits no longer than one write and a thousand share it. A caller either waits for its record's group
/// (<see cref="AddAsync"/>, which fails with the group's error) or leaves it to be written (<see cref="Add"/>);
/// records added together (<see cref="AddAllAsync"/>) are written in one group, all or none.
/// </summary>
public sealed class GroupCommit<T> : IAsyncDisposable
{
    private readonly Channel<(IReadOnlyList<T> Items, TaskCompletionSource? Committed)> items =
        Channel.CreateUnbounded<(IReadOnlyList<T>, TaskCompletionSource?)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<T>, Task> write;
    private readonly int maxGroup;
    private readonly ILogger log;
    private readonly Task writing;

    public GroupCommit(Func<IReadOnlyList<T>, Task> write, int maxGroup, ILogger log)
    {
        this.write = write;
        this.maxGroup = maxGroup;
        this.log = log;
        writing = Task.Run(WriteAsync);
    }

    /// <summary>Queues a record; nobody waits for it, a failed group is logged.</summary>
    public void Add(T item) => items.Writer.TryWrite(([item], null));

    /// <summary>Queues a record and completes once its group is committed.</summary>
    public Task AddAsync(T item, CancellationToken ct) => AddAllAsync([item], ct);

    /// <summary>Queues records that go into one group, so that they are committed together or not at all.</summary>
    public Task AddAllAsync(IReadOnlyList<T> records, CancellationToken ct)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Stopped (the host is shutting down): the records are not written, and the caller hears so at once.
        if (!items.Writer.TryWrite((records, committed))) committed.TrySetException(new ObjectDisposedException(typeof(GroupCommit<T>).Name, "no longer writing: the service is stopping"));
        return committed.Task.WaitAsync(ct);
    }

    private async Task WriteAsync()
    {
        var group = new List<(IReadOnlyList<T> Items, TaskCompletionSource? Committed)>();
        while (await items.Reader.WaitToReadAsync())
        {
            var count = 0;
            while (count < maxGroup && items.Reader.TryRead(out var next))
            {
                group.Add(next);
                count += next.Items.Count;
            }
            try
            {
                await write(group.SelectMany(g => g.Items).ToList());
                foreach (var (_, committed) in group) committed?.TrySetResult();
            }
            catch (Exception e)
            {
                log.LogError(e, "Writing a group of {Count} {Kind} records failed", group.Count, typeof(T).Name);
                foreach (var (_, committed) in group) committed?.TrySetException(e);
            }
            group.Clear();
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        items.Writer.TryComplete();
        await writing.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
