using System.Threading.Channels;
using Microsoft.Data.Sqlite;
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
    private readonly SqliteWriteGate gate;
    private readonly ILogger<OutboxWriter> log;
    private readonly Task writing;

    public OutboxWriter(IServiceScopeFactory scopes, SqliteWriteGate gate, ILogger<OutboxWriter> log)
    {
        this.scopes = scopes;
        this.gate = gate;
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

    /// <summary>Prepared statements rather than the change tracker: this runs for every message, in the write turn of all.</summary>
    private Task CommitAsync(List<Change> group) => gate.TransactionAsync(scopes, async sql =>
    {
        var insert = sql("""
            INSERT INTO Outbox (ChatId, Kind, MessageId, Text, ReplyMarkup, Status, UpdateId, Attempts, CreatedAt, DoneAt, Error)
            VALUES ($chat, $kind, $message, $text, $markup, $status, $update, $attempts, $created, $done, $error)
            RETURNING Id
            """);
        var update = sql("UPDATE Outbox SET Status = $status, Attempts = $attempts, DoneAt = $done, Error = $error, ChatId = $chat WHERE Id = $id");
        foreach (var change in group)
        {
            var row = change.Row;
            var command = change.Added ? insert : update;
            command.Parameters.Clear();
            Bind(command, "$chat", row.ChatId);
            Bind(command, "$status", (int)row.Status);
            Bind(command, "$attempts", row.Attempts);
            Bind(command, "$done", row.DoneAt);
            Bind(command, "$error", row.Error);
            if (change.Added)
            {
                Bind(command, "$kind", (int)row.Kind);
                Bind(command, "$message", row.MessageId);
                Bind(command, "$text", row.Text);
                Bind(command, "$markup", row.ReplyMarkup);
                Bind(command, "$update", row.UpdateId);
                Bind(command, "$created", row.CreatedAt);
                row.Id = (long)(await command.ExecuteScalarAsync())!;
            }
            else
            {
                Bind(command, "$id", row.Id);
                await command.ExecuteNonQueryAsync();
            }
        }
        return group.Count;
    }, CancellationToken.None);

    private static void Bind(SqliteCommand command, string name, object? value) => command.Parameters.AddWithValue(name, value ?? DBNull.Value);

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
