namespace QuizBot.EndToEnd.Support;

/// <summary>A row of the service's Outbox table: a message it stored to send, and the update whose handling stored it.</summary>
internal sealed record OutboxRow(long Id, long ChatId, int? UpdateId, int Status);

/// <summary>Reads the outbox straight from the service's database, to tell a repeated send from a repeated handling.</summary>
internal static class OutboxRows
{
    public static Task<IReadOnlyList<OutboxRow>> ReadAsync(TestDatabase database) =>
        database.QueryAsync("""SELECT "Id", "ChatId", "UpdateId", "Status" FROM "Outbox" ORDER BY "Id" """,
            r => new OutboxRow(r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.GetInt32(3)));
}
