using QuizBot.Data;
using QuizBot.EndToEnd.Support;

namespace QuizBot.ScaleOut.Support;

/// <summary>What the shared database says of a round and of the messages still to send, read straight from it.</summary>
internal static class RoundRows
{
    public static async Task<(int Id, RoundStatus Status)> RoundAsync(TestDatabase database, string code)
    {
        var rows = await database.QueryAsync("""SELECT "Id", "Status" FROM "Rounds" WHERE "Code" = @code""",
            r => (r.GetInt32(0), (RoundStatus)r.GetInt32(1)), ("@code", code));
        return rows.Count == 1 ? rows[0] : throw new InvalidOperationException($"no round {code} in the database");
    }

    /// <summary>Messages in the outbox not yet sent (nor given up on).</summary>
    public static async Task<long> PendingMessagesAsync(TestDatabase database) =>
        (await database.QueryAsync("""SELECT COUNT(*) FROM "Outbox" WHERE "Status" = @pending""", r => r.GetInt64(0), ("@pending", (int)OutboxStatus.Pending))).Single();
}
