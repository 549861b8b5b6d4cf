using System.Threading.Channels;

namespace QuizBot.Data;

/// <summary>
/// Writes small records in groups: what arrives while a write is under way goes into the next one, so a record
/// waits no longer than one write and a thousand share it. A caller either waits for its record's group
/// (<see cref="AddAsync"/>, which fails with the group's error) or leaves it to be written (<see cref="Add"/>).
/// </summary>
public sealed class GroupCommit<T> : IAsyncDisposable
{
    private readonly Channel<(T Item, TaskCompletionSource? Committed)> items =
        Channel.CreateUnbounded<(T, TaskCompletionSource?)>(new UnboundedChannelOptions { SingleReader = true });

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
    public void Add(T item) => items.Writer.TryWrite((item, null));

    /// <summary>Queues a record and completes once its group is committed.</summary>
    public Task AddAsync(T item, CancellationToken ct)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Stopped (the host is shutting down): the record is not written, and the caller hears so at once.
        if (!items.Writer.TryWrite((item, committed))) committed.TrySetException(new ObjectDisposedException(typeof(GroupCommit<T>).Name, "no longer writing: the service is stopping"));
        return committed.Task.WaitAsync(ct);
    }

    private async Task WriteAsync()
    {
        var group = new List<(T Item, TaskCompletionSource? Committed)>();
        while (await items.Reader.WaitToReadAsync())
        {
            while (group.Count < maxGroup && items.Reader.TryRead(out var next)) group.Add(next);
            try
            {
                await write(group.ConvertAll(g => g.Item));
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
