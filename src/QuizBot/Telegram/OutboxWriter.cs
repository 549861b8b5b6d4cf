using Microsoft.EntityFrameworkCore;
using QuizBot.Data;

namespace QuizBot.Telegram;

/// <summary>
/// Writes the outbox with group commit: new messages and delivery results that arrive while a write is under way
/// go together into the next transaction. One message waits no longer than one write; a thousand share it.
/// </summary>
public sealed class OutboxWriter : IAsyncDisposable
{
    private readonly IServiceScopeFactory scopes;
    private readonly WriteGate gate;
    private readonly ServiceInstances instances;
    private readonly GroupCommit<Change> changes;

    public OutboxWriter(IServiceScopeFactory scopes, WriteGate gate, ServiceInstances instances, ILogger<OutboxWriter> log)
    {
        this.scopes = scopes;
        this.gate = gate;
        this.instances = instances;
        changes = new GroupCommit<Change>(CommitAsync, maxGroup: 1000, log);
    }

    /// <summary>
    /// Takes over the unsent messages of stopped instances (on SQLite: of the previous run), in one statement so
    /// that two instances never both send one; returns them oldest first. With several instances, only messages to
    /// chats nobody else serves: those of a chat another instance serves or has yet to take over go with the chat
    /// (<see cref="ChatTurns"/>), so its messages keep their order.
    /// </summary>
    public async Task<List<OutboxMessage>> TakeOverAsync(CancellationToken ct)
    {
        var ids = await gate.TransactionAsync(scopes, async sql =>
        {
            var served = instances.Shared
                ? """AND CAST("ChatId" AS TEXT) NOT IN (SELECT "Key" FROM "ChatClaims" WHERE "Instance" <> @me)"""
                : "";
            var take = sql($"""
                UPDATE "Outbox" SET "Instance" = @me
                WHERE "Status" = @pending AND ("Instance" IS NULL OR ("Instance" <> @me AND "Instance" NOT IN ({ServiceInstances.AliveIds}))) {served}
                RETURNING "Id"
                """);
            take.Bind("@me", instances.Id);
            take.Bind("@pending", (int)OutboxStatus.Pending);
            take.Bind("@alive", instances.AliveSince);
            return await take.ColumnAsync<long>(ct);
        }, ct);
        return await ReadAsync(ids, ct);
    }

    /// <summary>Outbox rows by id, oldest first.</summary>
    public async Task<List<OutboxMessage>> ReadAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<QuizBotDb>().Outbox.AsNoTracking()
            .Where(o => ids.Contains(o.Id)).OrderBy(o => o.Id).ToListAsync(ct);
    }

    /// <summary>Stores a new message; completes once it is committed (and has its id).</summary>
    public Task AddAsync(OutboxMessage row, CancellationToken ct) => changes.AddAsync(new Change(row, Added: true), ct);

    /// <summary>Stores new messages in one transaction, all or none; completes once they are committed.</summary>
    public Task AddAllAsync(IReadOnlyList<OutboxMessage> rows, CancellationToken ct) =>
        changes.AddAllAsync(rows.Select(r => new Change(r, Added: true)).ToList(), ct);

    /// <summary>Records a message's fate; written with the next group, nobody waits for it.</summary>
    public void Finish(OutboxMessage row) => changes.Add(new Change(row, Added: false));

    /// <summary>Prepared statements rather than the change tracker: this runs for every message, in the write turn of all.</summary>
    private Task CommitAsync(IReadOnlyList<Change> group) => gate.TransactionAsync(scopes, async sql =>
    {
        var insert = sql("""
            INSERT INTO "Outbox" ("Instance", "ChatId", "Kind", "MessageId", "Text", "ReplyMarkup", "Attachment", "AttachmentName", "NoLinkPreview", "Status", "UpdateId", "Attempts", "CreatedAt", "DoneAt", "Error")
            VALUES (@instance, @chat, @kind, @message, @text, @markup, @attachment, @attachmentName, @noPreview, @status, @update, @attempts, @created, @done, @error)
            RETURNING "Id"
            """);
        var update = sql("""
            UPDATE "Outbox" SET "Status" = @status, "Attempts" = @attempts, "DoneAt" = @done, "Error" = @error, "ChatId" = @chat WHERE "Id" = @id
            """);
        foreach (var change in group)
        {
            var row = change.Row;
            var command = change.Added ? insert : update;
            command.Parameters.Clear();
            command.Bind("@chat", row.ChatId);
            command.Bind("@status", (int)row.Status);
            command.Bind("@attempts", row.Attempts);
            command.Bind("@done", row.DoneAt);
            command.Bind("@error", row.Error);
            if (change.Added)
            {
                command.Bind("@instance", instances.Id);
                command.Bind("@kind", (int)row.Kind);
                command.Bind("@message", row.MessageId);
                command.Bind("@text", row.Text);
                command.Bind("@markup", row.ReplyMarkup);
                command.Bind("@attachment", row.Attachment);
                command.Bind("@attachmentName", row.AttachmentName);
                command.Bind("@noPreview", row.NoLinkPreview);
                command.Bind("@update", row.UpdateId);
                command.Bind("@created", row.CreatedAt);
                row.Id = Convert.ToInt64(await command.ExecuteScalarAsync());
            }
            else
            {
                command.Bind("@id", row.Id);
                await command.ExecuteNonQueryAsync();
            }
        }
        return group.Count;
    }, CancellationToken.None);

    public ValueTask DisposeAsync() => changes.DisposeAsync();

    private sealed record Change(OutboxMessage Row, bool Added);
}
