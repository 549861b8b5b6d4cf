using System.Data.Common;
using System.Globalization;
using QuizBot.LoadTests.FakeTelegram;
using QuizBot.LoadTests.Service;

namespace QuizBot.LoadTests.Reporting;

/// <summary>
/// Whether every update was stored and handled once and every message sent once, whichever instance received what:
/// the service's own records (the inbox, the outbox) against what the fake Bot API saw.
/// </summary>
/// <param name="UpdatesOffered">Updates the simulated users sent.</param>
/// <param name="UpdatesStored">Rows of the inbox (ProcessedUpdates; one per update_id by its key).</param>
/// <param name="UpdatesUnfinished">Stored, but not marked handled once the service had drained and stopped.</param>
/// <param name="HandledElsewhere">Handled by another instance than the one its webhook delivery reached: that
/// instance held the chat's turn.</param>
/// <param name="HandledByTwo">Updates whose messages were queued by more than one instance: handled twice.</param>
/// <param name="PressesAnsweredTwice">Presses given more than one answerCallbackQuery.</param>
/// <param name="MessagesUnsent">Outbox rows not marked sent after the drain.</param>
/// <param name="SendsAccepted">sendMessage calls the fake accepted (200); equal to <paramref name="SendsInOutbox"/>
/// (outbox sends marked sent) when no message went out twice. Edits likewise.</param>
/// <param name="HandledBy">Updates handled by each instance (the inbox row's instance once done).</param>
/// <param name="QueuedBy">Outbox messages queued (and sent) by each instance.</param>
public sealed record OnceOnlyFigures(
    int UpdatesOffered,
    long UpdatesStored,
    long UpdatesUnfinished,
    int HandledElsewhere,
    long HandledByTwo,
    int PressesAnsweredOnce,
    int PressesNeverAnswered,
    int PressesAnsweredTwice,
    long MessagesQueued,
    long MessagesUnsent,
    int SendsAccepted,
    long SendsInOutbox,
    int EditsAccepted,
    long EditsInOutbox,
    IReadOnlyList<long> HandledBy,
    IReadOnlyList<long> QueuedBy)
{
    public bool UpdatesOnce => UpdatesStored == UpdatesOffered && UpdatesUnfinished == 0 && HandledByTwo == 0;

    public bool PressesOnce => PressesNeverAnswered == 0 && PressesAnsweredTwice == 0;

    public bool MessagesOnce => MessagesUnsent == 0 && SendsAccepted == SendsInOutbox && EditsAccepted == EditsInOutbox;

    /// <summary>Reads the service's database once every instance has stopped.</summary>
    /// <param name="instanceIds">The instances' ids (Instances.Id) in the order they were started; empty for the one
    /// instance on SQLite, which keeps no such row.</param>
    public static async Task<OnceOnlyFigures> CheckAsync(ServiceDatabase database, IReadOnlyList<string> instanceIds, int instanceCount,
        FakeBotApi api, IReadOnlyCollection<PressRecord> presses)
    {
        await using var connection = await database.OpenAsync();
        var numbers = instanceIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        int NumberOf(string id) => instanceIds.Count == 0 ? 0
            : numbers.TryGetValue(id, out var number) ? number
            : throw new InvalidOperationException($"The database names instance '{id}', which is none of the {instanceIds.Count} the harness started.");

        var (stored, unfinished) = await PairAsync(connection, """SELECT COUNT(*), SUM(CASE WHEN "Done" THEN 0 ELSE 1 END) FROM "ProcessedUpdates" """);
        var handledBy = new long[instanceCount];
        var receivedBy = api.WebhookAcceptedBy;
        var handledElsewhere = 0;
        foreach (var row in await RowsAsync(connection, """SELECT "UpdateId", "Instance" FROM "ProcessedUpdates" WHERE "Done" """))
        {
            var instance = NumberOf((string)row[1]!);
            handledBy[instance]++;
            if (receivedBy.TryGetValue(Convert.ToInt32(row[0], CultureInfo.InvariantCulture), out var receiver) && receiver != instance) handledElsewhere++;
        }
        var queuedBy = new long[instanceCount];
        foreach (var row in await RowsAsync(connection, """SELECT "Instance", COUNT(*) FROM "Outbox" GROUP BY "Instance" """))
        {
            queuedBy[row[0] is string id ? NumberOf(id) : 0] += Convert.ToInt64(row[1], CultureInfo.InvariantCulture);
        }
        // OutboxKind: 1 send, 2 edit; OutboxStatus: 1 sent.
        var (queued, unsent) = await PairAsync(connection, """SELECT COUNT(*), SUM(CASE WHEN "Status" = 1 THEN 0 ELSE 1 END) FROM "Outbox" """);
        var (sends, edits) = await PairAsync(connection,
            """SELECT SUM(CASE WHEN "Kind" = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN "Kind" = 2 THEN 1 ELSE 0 END) FROM "Outbox" WHERE "Status" = 1""");
        var handledByTwo = await ScalarAsync(connection,
            """SELECT COUNT(*) FROM (SELECT "UpdateId" FROM "Outbox" WHERE "UpdateId" IS NOT NULL GROUP BY "UpdateId" HAVING COUNT(DISTINCT "Instance") > 1) AS twice""");

        var requests = api.Log.Snapshot();
        int Accepted(string method) => requests.Count(r => r.Method == method && r.Status == 200);
        return new OnceOnlyFigures(
            api.Updates.Enqueued, stored, unfinished, handledElsewhere, handledByTwo,
            presses.Count(p => p.AnswerCalls == 1), presses.Count(p => p.AnswerCalls == 0), presses.Count(p => p.AnswerCalls > 1),
            queued, unsent, Accepted("sendmessage"), sends, Accepted("editmessagetext"), edits, handledBy, queuedBy);
    }

    /// <summary>The instances' ids in the order they started (PostgreSQL: each says it is alive in Instances).</summary>
    public static async Task<IReadOnlyList<string>> InstanceIdsAsync(ServiceDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return (await RowsAsync(connection, """SELECT "Id" FROM "Instances" ORDER BY "StartedAt" """)).Select(row => (string)row[0]!).ToList();
    }

    /// <summary>Every row of a query, its NULLs as null.</summary>
    private static async Task<List<object?[]>> RowsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The two numbers of a one-row query (a SUM over no rows is NULL: 0).</summary>
    private static async Task<(long, long)> PairAsync(DbConnection connection, string sql)
    {
        var row = (await RowsAsync(connection, sql))[0];
        return (Convert.ToInt64(row[0] ?? 0L, CultureInfo.InvariantCulture), Convert.ToInt64(row[1] ?? 0L, CultureInfo.InvariantCulture));
    }
}
