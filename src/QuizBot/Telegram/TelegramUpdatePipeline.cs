using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Telegram.Types;

namespace QuizBot.Telegram;

/// <summary>
/// Where Telegram updates enter, from polling and from the webhook alike: each update is handled once (a
/// redelivered update_id is skipped), each chat's updates in order, different chats in parallel.
/// </summary>
public sealed class TelegramUpdatePipeline(UpdateRouter router, IServiceScopeFactory scopes, SqliteWriteGate gate, TimeProvider clock)
{
    /// <summary>This process; a claim left by another (dead) process is taken over.</summary>
    private static readonly string Instance = Guid.NewGuid().ToString("N")[..16];

    public async Task ProcessAsync(IReadOnlyList<Update> updates, CancellationToken ct)
    {
        var claimed = await ClaimAsync(updates.Select(u => u.UpdateId).Distinct().ToList(), ct);
        var perChat = updates.Where(u => claimed.Remove(u.UpdateId))
            .OrderBy(u => u.UpdateId)
            .Select(u => (Update: u, Incoming: UpdateMapper.ToIncoming(u)))
            .GroupBy(x => UpdateMapper.ChatOf(x.Update))
            .ToList();
        await Task.WhenAll(perChat.Select(async chat =>
        {
            foreach (var (_, incoming) in chat)
            {
                if (incoming is not null) await router.HandleAsync(incoming, ct);
            }
        }));
        await MarkDoneAsync(perChat.SelectMany(c => c.Select(x => x.Update.UpdateId)).ToList(), ct);
    }

    /// <summary>Drops the memory of updates older than Telegram keeps them (24 h), with a margin.</summary>
    public async Task ForgetOldAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-8);
        var updates = scope.ServiceProvider.GetRequiredService<QuizBotDb>().ProcessedUpdates;
        await gate.WriteAsync(() => updates.Where(u => u.ReceivedAt < before).ExecuteDeleteAsync(ct), ct);
    }

    /// <returns>The ids this process may handle: new ones, and ones a dead process claimed but never finished.</returns>
    private async Task<HashSet<int>> ClaimAsync(IReadOnlyList<int> ids, CancellationToken ct)
    {
        var claimed = new HashSet<int>();
        if (ids.Count == 0) return claimed;
        return await gate.WriteAsync(() => ClaimUnderGateAsync(ids, claimed, ct), ct);
    }

    private async Task<HashSet<int>> ClaimUnderGateAsync(IReadOnlyList<int> ids, HashSet<int> claimed, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = """
            INSERT INTO ProcessedUpdates (UpdateId, Instance, Done, ReceivedAt) VALUES ($id, $instance, 0, $now)
            ON CONFLICT (UpdateId) DO UPDATE SET Instance = excluded.Instance, ReceivedAt = excluded.ReceivedAt
                WHERE ProcessedUpdates.Done = 0 AND ProcessedUpdates.Instance <> excluded.Instance
            RETURNING UpdateId
            """;
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        command.Parameters.AddWithValue("$instance", Instance);
        command.Parameters.AddWithValue("$now", clock.GetUtcNow().UtcDateTime);
        foreach (var updateId in ids)
        {
            id.Value = updateId;
            if (await command.ExecuteScalarAsync(ct) is long taken) claimed.Add((int)taken);
        }
        await transaction.CommitAsync(ct);
        return claimed;
    }

    private async Task MarkDoneAsync(List<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var updates = scope.ServiceProvider.GetRequiredService<QuizBotDb>().ProcessedUpdates;
        await gate.WriteAsync(() => updates.Where(u => ids.Contains(u.UpdateId)).ExecuteUpdateAsync(u => u.SetProperty(x => x.Done, true), ct), ct);
    }
}
