using System.Threading.Channels;

namespace QuizBot.Data;

/// <summary>
/// Writes small records in groups: what arrives while a write is under way goes into the next one, so a record
/// waits no longer than one write and a thousand share it. Nobody waits for the write; a failed group is logged.
/// </summary>
public sealed class GroupCommit<T> : IAsyncDisposable
{
    private readonly Channel<T> items = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
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

    public void Add(T item) => items.Writer.TryWrite(item);

    private async Task WriteAsync()
    {
        var group = new List<T>();
        while (await items.Reader.WaitToReadAsync())
        {
            while (group.Count < maxGroup && items.Reader.TryRead(out var item)) group.Add(item);
            try
            {
                await write(group);
            }
            catch (Exception e)
            {
                log.LogError(e, "Writing a group of {Count} {Kind} records failed", group.Count, typeof(T).Name);
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
