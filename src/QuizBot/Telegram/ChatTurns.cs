using System.Data.Common;
using Npgsql;
using QuizBot.Conversation;
using QuizBot.Data;

namespace QuizBot.Telegram;

/// <summary>
/// Which instance serves a chat, where several instances share one PostgreSQL database. A chat is served by one instance, named in its ChatClaims row: the instance that stores an update
/// takes the chat if nobody serves it or its server is dead, and otherwise hands the update over to the one serving
/// it, in the transaction that stores it. The server handles the chat's updates one after the other and sends what
/// it says there, so they keep their order whichever instance Telegram delivered them to. Taking a dead instance's
/// chat takes with it, in the same transaction, the chat's updates it left unfinished and the messages it left
/// unsent, which then go first. A chat stays with its server while that instance lives.
/// </summary>
public sealed class ChatTurns(ServiceInstances instances, DatabaseSettings database, TimeProvider clock, ILogger<ChatTurns> log)
{
    /// <summary>The channel on which an instance hears that updates were handed over to it.</summary>
    private const string Channel = "quizbot_updates";

    private readonly SemaphoreSlim handedOver = new(0);

    /// <summary>The order an update is handled in: its chat, or in a group its chat and presser (the inbox's OrderKey).</summary>
    public static string KeyOf(UpdateOrder order) => order.UserId == 0 ? $"{order.ChatId}" : $"{order.ChatId}:{order.UserId}";

    /// <summary>
    /// What a claim names: the whole chat, so that a group's live game and every member's presses in it are on the
    /// instance running the game; within it, members' presses still run side by side (<see cref="KeyOf"/>).
    /// </summary>
    public static string ClaimOf(UpdateOrder order) => $"{order.ChatId}";

    /// <summary>Who serves the chat now, and the unsent messages this instance took over with it (their outbox ids).</summary>
    public sealed record Turn(string Server, IReadOnlyList<long> TakenMessages)
    {
        public bool IsMine(ServiceInstances instances) => Server == instances.Id;
    }

    /// <summary>
    /// Inside the transaction storing an update of the chat <paramref name="key"/> (<see cref="ClaimOf"/>): serves the
    /// chat if nobody live does (with what a dead server left of it), else hands the stored update over to its server
    /// and tells it.
    /// </summary>
    public async Task<Turn> TakeAsync(Func<string, DbCommand> sql, string key, int updateId, CancellationToken ct)
    {
        // Whole milliseconds, so the stamp read back compares equal to the one written.
        var now = DateTime.UnixEpoch.AddMilliseconds(Math.Floor((clock.GetUtcNow().UtcDateTime - DateTime.UnixEpoch).TotalMilliseconds));
        var claim = sql($"""
            INSERT INTO "ChatClaims" ("Key", "Instance", "ClaimedAt") VALUES (@key, @me, @now)
            ON CONFLICT ("Key") DO UPDATE SET
                "Instance" = CASE WHEN "ChatClaims"."Instance" IN ({ServiceInstances.AliveIds}) THEN "ChatClaims"."Instance" ELSE excluded."Instance" END,
                "ClaimedAt" = CASE WHEN "ChatClaims"."Instance" IN ({ServiceInstances.AliveIds}) THEN "ChatClaims"."ClaimedAt" ELSE excluded."ClaimedAt" END
            RETURNING "Instance", "ClaimedAt" = @now
            """);
        claim.Bind("@key", key);
        claim.Bind("@me", instances.Id);
        claim.Bind("@now", now);
        claim.Bind("@alive", instances.AliveSince);
        string server;
        bool taken;
        await using (var row = await claim.ExecuteReaderAsync(ct))
        {
            await row.ReadAsync(ct);
            (server, taken) = (row.GetString(0), row.GetBoolean(1));
        }
        if (server != instances.Id)
        {
            var handOver = sql("""
                UPDATE "ProcessedUpdates" SET "Instance" = @server WHERE "UpdateId" = @id;
                SELECT pg_notify(@channel, @server);
                """);
            handOver.Bind("@server", server);
            handOver.Bind("@id", updateId);
            handOver.Bind("@channel", Channel);
            await handOver.ExecuteNonQueryAsync(ct);
            return new Turn(server, []);
        }
        return new Turn(server, taken ? await TakeLeftAsync(sql, """ "Key" = @key """, key, ct) : []);
    }

    /// <summary>
    /// Takes every chat whose server is dead, with the chats' unfinished updates and unsent messages; also the
    /// unfinished updates of a dead instance that no claim names (stored before claims were kept) or that name no
    /// chat (stored before updates named one).
    /// </summary>
    /// <returns>The outbox ids of the messages taken; the updates taken are this instance's in the inbox now.</returns>
    public async Task<IReadOnlyList<long>> TakeDeadAsync(Func<string, DbCommand> sql, CancellationToken ct)
    {
        var unclaimed = sql($"""
            INSERT INTO "ChatClaims" ("Key", "Instance", "ClaimedAt")
            SELECT DISTINCT split_part("OrderKey", ':', 1), @me, @now FROM "ProcessedUpdates"
            WHERE "Done" = FALSE AND "Payload" IS NOT NULL AND "OrderKey" IS NOT NULL AND "Instance" <> @me AND "Instance" NOT IN ({ServiceInstances.AliveIds})
            ON CONFLICT ("Key") DO NOTHING
            """);
        unclaimed.Bind("@me", instances.Id);
        unclaimed.Bind("@now", clock.GetUtcNow().UtcDateTime);
        unclaimed.Bind("@alive", instances.AliveSince);
        await unclaimed.ExecuteNonQueryAsync(ct);
        // Stored before updates named their chat: no claim to take, so taken as they are.
        var unnamed = sql($"""
            UPDATE "ProcessedUpdates" SET "Instance" = @me
            WHERE "Done" = FALSE AND "Payload" IS NOT NULL AND "OrderKey" IS NULL AND "Instance" <> @me AND "Instance" NOT IN ({ServiceInstances.AliveIds})
            """);
        unnamed.Bind("@me", instances.Id);
        unnamed.Bind("@alive", instances.AliveSince);
        await unnamed.ExecuteNonQueryAsync(ct);
        var dead = sql($"""
            UPDATE "ChatClaims" SET "Instance" = @me, "ClaimedAt" = @now WHERE "Instance" <> @me AND "Instance" NOT IN ({ServiceInstances.AliveIds})
            RETURNING "Key"
            """);
        dead.Bind("@me", instances.Id);
        dead.Bind("@now", clock.GetUtcNow().UtcDateTime);
        dead.Bind("@alive", instances.AliveSince);
        var keys = await dead.ColumnAsync<string>(ct);
        if (keys.Count > 0) log.LogInformation("Took over {Count} chats of stopped instances", keys.Count);
        // Every claim of this instance: a chat taken a moment ago by a store may have work left as well.
        return await TakeLeftAsync(sql, """ "Instance" = @me """, key: null, ct);
    }

    /// <summary>Makes a dead instance's unfinished updates and unsent messages of the claimed chats this instance's.</summary>
    private async Task<IReadOnlyList<long>> TakeLeftAsync(Func<string, DbCommand> sql, string claims, string? key, CancellationToken ct)
    {
        var updates = sql($"""
            UPDATE "ProcessedUpdates" SET "Instance" = @me
            WHERE "Done" = FALSE AND "Payload" IS NOT NULL AND "Instance" <> @me AND "Instance" NOT IN ({ServiceInstances.AliveIds})
                AND split_part("OrderKey", ':', 1) IN (SELECT "Key" FROM "ChatClaims" WHERE {claims})
            """);
        var messages = sql($"""
            UPDATE "Outbox" SET "Instance" = @me
            WHERE "Status" = @pending AND ("Instance" IS NULL OR ("Instance" <> @me AND "Instance" NOT IN ({ServiceInstances.AliveIds})))
                AND CAST("ChatId" AS TEXT) IN (SELECT "Key" FROM "ChatClaims" WHERE {claims})
            RETURNING "Id"
            """);
        foreach (var take in new[] { updates, messages })
        {
            take.Bind("@me", instances.Id);
            take.Bind("@alive", instances.AliveSince);
            if (key is not null) take.Bind("@key", key);
        }
        messages.Bind("@pending", (int)OutboxStatus.Pending);
        await updates.ExecuteNonQueryAsync(ct);
        return await messages.ColumnAsync<long>(ct);
    }

    /// <summary>
    /// Waits until another instance hands updates over to this one, or <paramref name="timeout"/> passes (a missed
    /// notice costs no more than that).
    /// </summary>
    public async Task HandedOverAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (!await handedOver.WaitAsync(timeout, ct)) return;
        // One look takes in everything handed over so far, however many notices came.
        while (handedOver.Wait(0)) { }
    }

    /// <summary>Listens for hand-overs to this instance until stopped, reconnecting after a failure.</summary>
    public async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, notice) =>
                {
                    if (notice.Payload == instances.Id) handedOver.Release();
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(ct);
                // Whatever was handed over before the LISTEN took effect.
                handedOver.Release();
                while (true) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning("Listening for updates handed over by other instances failed ({Reason}); listening again", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, ct);
            }
        }
    }
}
