using QuizBot.Conversation;
using QuizBot.Data;

namespace QuizBot.Telegram;

/// <summary>
/// Whose turn a chat is, across instances (PostgreSQL): an update is handled only by the instance that holds its
/// order key's claim (a row in ChatClaims, not process memory), so a chat's updates are handled one at a time and in
/// order whichever instance received them. A claim is held while the instance has updates of the key to handle, and
/// is free once it lets go or is dead (<see cref="ServiceInstances"/>).
/// </summary>
public sealed class ChatTurns(ServiceInstances instances, IServiceScopeFactory scopes, WriteGate gate, TimeProvider clock)
{
    private readonly HashSet<string> held = [];

    public static string KeyOf(UpdateOrder order) => order.UserId == 0 ? $"{order.ChatId}" : $"{order.ChatId}:{order.UserId}";

    /// <summary>Takes the key's claim unless a live instance holds it; true when this instance holds it now.</summary>
    public async Task<bool> HoldAsync(string key, CancellationToken ct)
    {
        lock (held)
        {
            if (held.Contains(key)) return true;
        }
        var taken = await gate.TransactionAsync(scopes, async sql =>
        {
            var claim = sql($"""
                INSERT INTO "ChatClaims" ("Key", "Instance", "ClaimedAt") VALUES (@key, @me, @now)
                ON CONFLICT ("Key") DO UPDATE SET "Instance" = excluded."Instance", "ClaimedAt" = excluded."ClaimedAt"
                    WHERE "ChatClaims"."Instance" = excluded."Instance"
                        OR "ChatClaims"."Instance" NOT IN ({ServiceInstances.AliveIds})
                RETURNING "Key"
                """);
            claim.Bind("@key", key);
            claim.Bind("@me", instances.Id);
            claim.Bind("@now", clock.GetUtcNow().UtcDateTime);
            claim.Bind("@alive", instances.AliveSince);
            return await claim.ExecuteScalarAsync(ct) is not null;
        }, ct);
        if (taken)
        {
            lock (held) held.Add(key);
        }
        return taken;
    }

    public bool Holds(string key)
    {
        lock (held) return held.Contains(key);
    }

    /// <summary>Lets the key go: the next update of it, wherever it arrives, takes the claim.</summary>
    public async Task ReleaseAsync(string key, CancellationToken ct)
    {
        lock (held)
        {
            if (!held.Remove(key)) return;
        }
        await gate.TransactionAsync(scopes, async sql =>
        {
            var release = sql("""DELETE FROM "ChatClaims" WHERE "Key" = @key AND "Instance" = @me""");
            release.Bind("@key", key);
            release.Bind("@me", instances.Id);
            return await release.ExecuteNonQueryAsync(ct);
        }, ct);
    }
}
