using System.Threading.Channels;
using QuizBot.Data;

namespace QuizBot.Telegram;

/// <summary>
/// Writes the outbox with group commit: new messages and delivery results that arrive while a write is under way
/// go together into the next transaction. One message waits no longer than one write; a thousand share it.
/// </summary>
public sealed class OutboxWriter : IAsyncDisposable
{
    private readonly Channel<Change> changes = Channel.CreateUnbounded<Change>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory scopes;
    private readonly ILogger<OutboxWriter> log;
    private readonly Task writing;

    public OutboxWriter(IServiceScopeFactory scopes, ILogger<OutboxWriter> log)
    {
        this.scopes = scopes;
        this.log = log;
        writing = Task.Run(WriteAsync);
    }

    /// <summary>Stores a new message; completes once it is committed (and has its id).</summary>
    public Task AddAsync(OutboxMessage row, CancellationToken ct)
    {
        var change = new Change(row, Added: true);
        changes.Writer.TryWrite(change);
        return change.Committed.Task.WaitAsync(ct);
    }

    /// <summary>Records a message's fate; written with the next group, nobody waits for it.</summary>
    public void Finish(OutboxMessage row) => changes.Writer.TryWrite(new Change(row, Added: false));

    private async Task WriteAsync()
    {
        var group = new List<Change>();
        while (await changes.Reader.WaitToReadAsync())
        {
            while (group.Count < 1000 && changes.Reader.TryRead(out var change)) group.Add(change);
            try
            {
                await CommitAsync(group);
                foreach (var change in group) change.Committed.TrySetResult();
            }
            catch (Exception e)
            {
                log.LogError(e, "Writing {Count} outbox changes failed", group.Count);
                foreach (var change in group) change.Committed.TrySetException(e);
            }
            group.Clear();
        }
    }

    private async Task CommitAsync(List<Change> group)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        foreach (var change in group)
        {
            if (change.Added)
            {
                db.Outbox.Add(change.Row);
                continue;
            }
            var entry = db.Outbox.Attach(change.Row);
            foreach (var property in new[] { nameof(OutboxMessage.Status), nameof(OutboxMessage.Attempts), nameof(OutboxMessage.DoneAt), nameof(OutboxMessage.Error), nameof(OutboxMessage.ChatId) })
            {
                entry.Property(property).IsModified = true;
            }
        }
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        changes.Writer.TryComplete();
        await writing.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private sealed record Change(OutboxMessage Row, bool Added)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
