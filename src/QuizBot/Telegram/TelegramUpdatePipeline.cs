using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QuizBot.Conversation;
using QuizBot.Data;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace QuizBot.Telegram;

/// <summary>
/// Where Telegram updates enter, from polling and from the webhook alike. An update is first stored (an inbox),
/// so it may be confirmed to Telegram at once and is still handled after a crash; a redelivered update_id is
/// skipped. Each chat's updates are then handled in order by the chat's own worker (in a group, each member's
/// presses by their own: <see cref="UpdateOrder"/>), different chats in parallel, and no chat waits for a slow one.
/// </summary>
public sealed class TelegramUpdatePipeline : IAsyncDisposable
{
    /// <summary>Updates taken in but not yet handled; fetching waits beyond this.</summary>
    public const int MaxInFlight = 2000;

    /// <summary>
    /// Updates being handled at once, across chats. Handlers mostly wait (for a group commit, for Telegram), so
    /// many may run together; the bound keeps database connections and memory in check when a burst arrives.
    /// </summary>
    public const int MaxHandling = 256;

    private static readonly AsyncLocal<int?> Handling = new();

    /// <summary>The update being handled in this flow, for the outbox to record which update queued a message.</summary>
    public static int? CurrentUpdateId => Handling.Value;

    /// <summary>This process; a claim left by another (dead) process is taken over.</summary>
    private static readonly string Instance = Guid.NewGuid().ToString("N")[..16];

    private readonly UpdateRouter router;
    private readonly IServiceScopeFactory scopes;
    private readonly WriteGate gate;
    private readonly TimeProvider clock;
    private readonly ILogger<TelegramUpdatePipeline> log;
    private readonly ChatQueues<UpdateOrder, Arrival> chats;
    private readonly SemaphoreSlim capacity = new(MaxInFlight, MaxInFlight);
    private readonly SemaphoreSlim handling = new(MaxHandling, MaxHandling);
    private readonly GroupCommit<int> handled;
    private readonly GroupCommit<Arrival> arrivals;

    public TelegramUpdatePipeline(UpdateRouter router, IServiceScopeFactory scopes, WriteGate gate, TimeProvider clock, ILogger<TelegramUpdatePipeline> log)
    {
        this.router = router;
        this.scopes = scopes;
        this.gate = gate;
        this.clock = clock;
        this.log = log;
        chats = new ChatQueues<UpdateOrder, Arrival>(HandleAsync);
        // Marked as soon as they are handled, in groups when many finish together: a crash between handling and
        // marking would handle an update twice, so that moment is kept as short as a write.
        handled = new GroupCommit<int>(MarkHandledAsync, maxGroup: 5000, log);
        // Updates arriving together (a polling batch, concurrent webhook deliveries) are stored in one transaction.
        arrivals = new GroupCommit<Arrival>(StoreAsync, maxGroup: 1000, log);
    }

    /// <summary>
    /// Stores updates and queues the new ones for their chats; completes once they are stored, which is when they
    /// may be confirmed to Telegram (polling's next offset, the webhook's 200). Fails if they could not be stored:
    /// then they must not be confirmed, and Telegram delivers them again.
    /// </summary>
    public async Task AcceptAsync(IReadOnlyList<Update> updates, CancellationToken ct)
    {
        var stored = new List<Task>(updates.Count);
        // The moment an update is taken in is its time: a press's answer time, whatever queue it waits in later.
        var receivedAt = clock.GetUtcNow().UtcDateTime;
        foreach (var update in updates)
        {
            await capacity.WaitAsync(ct);
            // Not cancellable once queued: the group writer releases the capacity whatever becomes of the group.
            stored.Add(arrivals.AddAsync(new Arrival(update, receivedAt), CancellationToken.None));
        }
        await Task.WhenAll(stored);
    }

    private async Task StoreAsync(IReadOnlyList<Arrival> group)
    {
        var fresh = group.DistinctBy(a => a.Update.Id).OrderBy(a => a.Update.Id).ToList();
        HashSet<int> claimed;
        try
        {
            claimed = await ClaimAsync(fresh, CancellationToken.None);
        }
        catch
        {
            capacity.Release(group.Count);
            throw;
        }
        foreach (var arrival in fresh.Where(a => claimed.Contains(a.Update.Id))) chats.Enqueue(UpdateMapper.OrderOf(arrival.Update), arrival);
        // Redeliveries and repeats take no place in the chats' queues.
        var taken = fresh.Count(a => claimed.Contains(a.Update.Id));
        if (group.Count > taken) capacity.Release(group.Count - taken);
    }

    /// <summary>Queues what a previous run stored but did not finish, oldest first.</summary>
    public async Task RecoverAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var left = await db.ProcessedUpdates.AsNoTracking().Where(u => !u.Done && u.Instance != Instance && u.Payload != null)
            .OrderBy(u => u.UpdateId).ToListAsync(ct);
        if (left.Count == 0) return;
        var ids = left.Select(u => u.UpdateId).ToList();
        // An update that already queued messages was handled: those messages are in the outbox and will be sent.
        // Handling it again would say everything twice.
        var answered = (await db.Outbox.Where(o => o.UpdateId != null && ids.Contains(o.UpdateId.Value)).Select(o => o.UpdateId!.Value).Distinct().ToListAsync(ct)).ToHashSet();
        log.LogInformation("{Count} updates were left unfinished by the previous run; handling the {Unanswered} that had not been answered",
            left.Count, left.Count - answered.Count);
        await gate.WriteAsync(() => db.ProcessedUpdates.Where(u => ids.Contains(u.UpdateId))
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Instance, Instance), ct), ct);
        foreach (var id in answered) handled.Add(id);
        foreach (var row in left.Where(u => !answered.Contains(u.UpdateId)))
        {
            var update = JsonSerializer.Deserialize<Update>(row.Payload!, JsonBotAPI.Options)!;
            await capacity.WaitAsync(ct);
            chats.Enqueue(UpdateMapper.OrderOf(update), new Arrival(update, row.ReceivedAt));
        }
    }

    /// <summary>
    /// Connects a transport at start: <paramref name="register"/> (set the webhook, or remove it for polling), the
    /// command menu, then what the previous run left unfinished. Retried with back-off until Telegram answers.
    /// </summary>
    public async Task ConnectAsync(Func<CancellationToken, Task> register, CommandMenu menu, CancellationToken ct)
    {
        for (var attempt = 1; !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                await register(ct);
                await menu.PublishAsync(ct);
                await ForgetOldAsync(ct);
                await RecoverAsync(ct);
                return;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                var delay = Backoff.After(attempt, maxSeconds: 30);
                log.LogWarning("Connecting to Telegram failed ({Reason}); retrying in {Delay}", e.Message, delay);
                await Task.Delay(delay, clock, ct);
            }
        }
    }

    /// <summary>Drops the memory of updates older than Telegram keeps them (24 h), with a margin.</summary>
    public async Task ForgetOldAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-8);
        var updates = scope.ServiceProvider.GetRequiredService<QuizBotDb>().ProcessedUpdates;
        await gate.WriteAsync(() => updates.Where(u => u.ReceivedAt < before && u.Done).ExecuteDeleteAsync(ct), ct);
    }

    private async Task HandleAsync(UpdateOrder order, Arrival arrival, CancellationToken ct)
    {
        var update = arrival.Update;
        try
        {
            Handling.Value = update.Id;
            await handling.WaitAsync(ct);
            try
            {
                if (UpdateMapper.ToIncoming(update) is { } incoming) await router.HandleAsync(incoming with { ReceivedAt = arrival.ReceivedAt }, ct);
            }
            finally
            {
                handling.Release();
            }
            handled.Add(update.Id);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: left unfinished, handled after the restart.
        }
        finally
        {
            capacity.Release();
        }
    }

    /// <summary>A group that fails to be marked stays unfinished: handled again after a restart.</summary>
    private async Task MarkHandledAsync(IReadOnlyList<int> ids)
    {
        await using var scope = scopes.CreateAsyncScope();
        var updates = scope.ServiceProvider.GetRequiredService<QuizBotDb>().ProcessedUpdates;
        await gate.WriteAsync(() => updates.Where(u => ids.Contains(u.UpdateId)).ExecuteUpdateAsync(u => u.SetProperty(x => x.Done, true)), CancellationToken.None);
    }

    /// <returns>The ids this process may handle: new ones, and ones a dead process claimed but never finished.</returns>
    private Task<HashSet<int>> ClaimAsync(IReadOnlyList<Arrival> arrivals, CancellationToken ct)
    {
        // Serialised before taking the write turn, which other writers wait for.
        var updates = arrivals.Select(a => a.Update).ToList();
        var payloads = updates.Select(u => JsonSerializer.Serialize(u, JsonBotAPI.Options)).ToList();
        return gate.TransactionAsync(scopes, async command =>
        {
            var claimed = new HashSet<int>();
            var insert = command("""
                INSERT INTO "ProcessedUpdates" ("UpdateId", "Instance", "Done", "ReceivedAt", "Payload") VALUES (@id, @instance, FALSE, @now, @payload)
                ON CONFLICT ("UpdateId") DO UPDATE SET "Instance" = excluded."Instance", "ReceivedAt" = excluded."ReceivedAt", "Payload" = excluded."Payload"
                    WHERE "ProcessedUpdates"."Done" = FALSE AND "ProcessedUpdates"."Instance" <> excluded."Instance"
                RETURNING "UpdateId"
                """);
            var id = insert.Parameter("@id");
            var payload = insert.Parameter("@payload");
            insert.Bind("@instance", Instance);
            var now = insert.Parameter("@now");
            foreach (var (arrival, json) in arrivals.Zip(payloads))
            {
                id.Set(arrival.Update.Id);
                now.Set(arrival.ReceivedAt);
                payload.Set(json);
                if (await insert.ExecuteScalarAsync(ct) is { } taken) claimed.Add(Convert.ToInt32(taken));
            }
            return claimed;
        }, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await arrivals.DisposeAsync();
        await chats.DisposeAsync();
        await handled.DisposeAsync();
    }

    /// <summary>An update with the moment it was taken in.</summary>
    private sealed record Arrival(Update Update, DateTime ReceivedAt);
}
