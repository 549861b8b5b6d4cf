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
/// Where several instances share a PostgreSQL database, an update is stored once whichever instance received it, and
/// handled by the instance whose turn its chat is (<see cref="ChatTurns"/>): one that receives an update of a chat
/// another instance is serving leaves it in the inbox, and that instance takes it before it lets the chat go. What
/// a dead instance left unfinished is taken over by the others (<see cref="ServiceInstances"/>).
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

    private readonly UpdateRouter router;
    private readonly IServiceScopeFactory scopes;
    private readonly WriteGate gate;
    private readonly ServiceInstances instances;
    private readonly ChatTurns turns;
    private readonly OutboundDispatcher outbound;
    private readonly TimeProvider clock;
    private readonly ILogger<TelegramUpdatePipeline> log;
    private readonly ChatQueues<UpdateOrder, Arrival> chats;
    private readonly SemaphoreSlim capacity = new(MaxInFlight, MaxInFlight);
    private readonly SemaphoreSlim handling = new(MaxHandling, MaxHandling);
    private readonly GroupCommit<int> handled;
    private readonly GroupCommit<Arrival> arrivals;

    public TelegramUpdatePipeline(UpdateRouter router, IServiceScopeFactory scopes, WriteGate gate, ServiceInstances instances, ChatTurns turns,
        OutboundDispatcher outbound, TimeProvider clock, ILogger<TelegramUpdatePipeline> log)
    {
        this.outbound = outbound;
        this.router = router;
        this.scopes = scopes;
        this.gate = gate;
        this.instances = instances;
        this.turns = turns;
        this.clock = clock;
        this.log = log;
        chats = new ChatQueues<UpdateOrder, Arrival>(HandleAsync, instances.Shared ? LetGoAsync : null);
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

    /// <summary>An update left in the inbox for whichever instance holds its chat's turn.</summary>
    private const string Unowned = "";

    /// <summary>
    /// Queues what a previous run (or, with several instances, a dead instance) stored but did not finish, oldest
    /// first. Taking it over is one statement, so two instances never both take the same update.
    /// </summary>
    public async Task RecoverAsync(CancellationToken ct)
    {
        var (left, answered) = await TakeAsync($"""
            "Instance" NOT IN ({ServiceInstances.AliveIds})
            AND ("Instance" <> '' OR "OrderKey" NOT IN (SELECT "Key" FROM "ChatClaims"
                WHERE "Instance" IN ({ServiceInstances.AliveIds})))
            """, key: null, before: null, ct);
        await EnqueueAsync(left, ct);
        if (left.Count + answered > 0)
        {
            log.LogInformation("{Count} updates were left unfinished by a stopped instance; handling the {Unanswered} that had not been answered",
                left.Count + answered, left.Count);
        }
    }

    private async Task EnqueueAsync(List<Arrival> arrivals, CancellationToken ct)
    {
        foreach (var arrival in arrivals)
        {
            await capacity.WaitAsync(ct);
            chats.Enqueue(UpdateMapper.OrderOf(arrival.Update), arrival);
        }
    }

    /// <summary>
    /// Takes the unfinished updates of other instances (or left unowned) that <paramref name="condition"/> selects,
    /// of one order key and before one update if given, oldest first. An update that already queued messages was
    /// handled: those messages are in the outbox and will be sent, and handling it again would say everything twice;
    /// it is only marked handled, and counted in <c>Answered</c>.
    /// </summary>
    private async Task<(List<Arrival> Left, int Answered)> TakeAsync(string condition, string? key, int? before, CancellationToken ct)
    {
        var ids = await gate.TransactionAsync(scopes, async sql =>
        {
            var take = sql($"""
                UPDATE "ProcessedUpdates" SET "Instance" = @me
                WHERE "Done" = FALSE AND "Payload" IS NOT NULL AND "Instance" <> @me AND {condition}
                    {(key is null ? "" : """AND "OrderKey" = @key""")} {(before is null ? "" : """AND "UpdateId" < @before""")}
                RETURNING "UpdateId"
                """);
            take.Bind("@me", instances.Id);
            take.Bind("@alive", instances.AliveSince);
            if (key is not null) take.Bind("@key", key);
            if (before is not null) take.Bind("@before", before.Value);
            var taken = new List<int>();
            await using var rows = await take.ExecuteReaderAsync(ct);
            while (await rows.ReadAsync(ct)) taken.Add(rows.GetInt32(0));
            return taken;
        }, ct);
        if (ids.Count == 0) return ([], 0);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var left = await db.ProcessedUpdates.AsNoTracking().Where(u => ids.Contains(u.UpdateId)).OrderBy(u => u.UpdateId).ToListAsync(ct);
        var answered = (await db.Outbox.Where(o => o.UpdateId != null && ids.Contains(o.UpdateId.Value)).Select(o => o.UpdateId!.Value).Distinct().ToListAsync(ct)).ToHashSet();
        foreach (var id in answered) handled.Add(id);
        var arrivals = left.Where(u => !answered.Contains(u.UpdateId))
            .Select(u => new Arrival(JsonSerializer.Deserialize<Update>(u.Payload!, JsonBotAPI.Options)!, u.ReceivedAt)).ToList();
        return (arrivals, answered.Count);
    }

    /// <summary>With several instances: takes over a dead instance's unfinished updates as soon as it is found dead.</summary>
    private async Task SweepAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ServiceInstances.Heartbeat, clock, ct);
                await RecoverAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning("Looking for updates left by stopped instances failed ({Reason}); trying again", e.Message);
            }
        }
    }

    /// <summary>
    /// A chat's worker has nothing left (with several instances): before its turn is let go, it handles what other
    /// instances received for the chat meanwhile and left for it, and waits until what it said in the chat has
    /// reached Telegram, so that the next instance's messages come after these. Once let go, it looks again, so that
    /// an update left in the moment between is not stranded. An update of its own queued meanwhile keeps the turn.
    /// </summary>
    private async Task LetGoAsync(UpdateOrder order, CancellationToken ct)
    {
        var key = ChatTurns.KeyOf(order);
        try
        {
            if (!turns.Holds(key)) return;
            await RunLeftAsync(order, key, ct);
            await outbound.WhenDeliveredAsync(order.ChatId, ct);
            if (chats.TryPeekWaiting(order, out _)) return;
            await turns.ReleaseAsync(key, ct);
            await using var scope = scopes.CreateAsyncScope();
            var me = instances.Id;
            var waiting = await scope.ServiceProvider.GetRequiredService<QuizBotDb>().ProcessedUpdates
                .AnyAsync(u => u.OrderKey == key && !u.Done && u.Payload != null && u.Instance != me, ct);
            if (waiting && await turns.HoldAsync(key, ct)) await RunLeftAsync(order, key, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The sweep finds it once this instance is gone; until then the next update of the chat takes it.
            log.LogWarning("Letting chat {Key} go failed ({Reason})", key, e.Message);
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
                if (instances.Shared) _ = SweepAsync(ct);
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
            if (instances.Shared && !await TakeTurnAsync(order, update.Id, ct)) return;
            await RunAsync(arrival, ct);
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

    /// <summary>
    /// Handles, oldest first, the chat's updates other instances left for the holder of its turn, up to the first of
    /// its own that is waiting: that one goes next, and takes any earlier ones left meanwhile (<see cref="TakeTurnAsync"/>).
    /// </summary>
    private async Task RunLeftAsync(UpdateOrder order, string key, CancellationToken ct)
    {
        while (true)
        {
            int? before = chats.TryPeekWaiting(order, out var next) ? next.Update.Id : null;
            var (left, _) = await TakeAsync("TRUE", key, before, ct);
            foreach (var arrival in left) await RunAsync(arrival, ct);
            if (left.Count == 0 || before is not null) return;
        }
    }

    private async Task RunAsync(Arrival arrival, CancellationToken ct)
    {
        Handling.Value = arrival.Update.Id;
        await handling.WaitAsync(ct);
        try
        {
            if (UpdateMapper.ToIncoming(arrival.Update) is { } incoming) await router.HandleAsync(incoming with { ReceivedAt = arrival.ReceivedAt }, ct);
        }
        finally
        {
            handling.Release();
        }
        handled.Add(arrival.Update.Id);
    }

    /// <summary>
    /// With several instances, before an update is handled: this instance must hold its chat's turn, else it leaves
    /// the update unowned in the inbox, for the instance that holds the turn to take before it lets the chat go.
    /// Holding it, it first handles the chat's earlier updates that other instances received, so the chat's order
    /// holds; and the update must still be its own (another holder may have taken it meanwhile).
    /// </summary>
    private async Task<bool> TakeTurnAsync(UpdateOrder order, int updateId, CancellationToken ct)
    {
        var key = ChatTurns.KeyOf(order);
        await using var scope = scopes.CreateAsyncScope();
        var updates = scope.ServiceProvider.GetRequiredService<QuizBotDb>().ProcessedUpdates;
        var me = instances.Id;
        if (!await turns.HoldAsync(key, ct))
        {
            await updates.Where(u => u.UpdateId == updateId && u.Instance == me && !u.Done)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.Instance, Unowned), ct);
            return false;
        }
        foreach (var earlier in (await TakeAsync("TRUE", key, before: updateId, ct)).Left) await RunAsync(earlier, ct);
        return await updates.AnyAsync(u => u.UpdateId == updateId && !u.Done && u.Instance == me, ct);
    }

    /// <summary>A group that fails to be marked stays unfinished: handled again after a restart.</summary>
    private async Task MarkHandledAsync(IReadOnlyList<int> ids)
    {
        await using var scope = scopes.CreateAsyncScope();
        var updates = scope.ServiceProvider.GetRequiredService<QuizBotDb>().ProcessedUpdates;
        await gate.WriteAsync(() => updates.Where(u => ids.Contains(u.UpdateId)).ExecuteUpdateAsync(u => u.SetProperty(x => x.Done, true)), CancellationToken.None);
    }

    /// <returns>The ids this process may handle: new ones, and ones a dead instance claimed but never finished.</returns>
    private Task<HashSet<int>> ClaimAsync(IReadOnlyList<Arrival> arrivals, CancellationToken ct)
    {
        // Serialised before taking the write turn, which other writers wait for.
        var updates = arrivals.Select(a => a.Update).ToList();
        var payloads = updates.Select(u => JsonSerializer.Serialize(u, JsonBotAPI.Options)).ToList();
        return gate.TransactionAsync(scopes, async command =>
        {
            var claimed = new HashSet<int>();
            var insert = command($"""
                INSERT INTO "ProcessedUpdates" ("UpdateId", "Instance", "Done", "ReceivedAt", "Payload", "OrderKey") VALUES (@id, @instance, FALSE, @now, @payload, @key)
                ON CONFLICT ("UpdateId") DO UPDATE SET "Instance" = excluded."Instance", "ReceivedAt" = excluded."ReceivedAt", "Payload" = excluded."Payload",
                        "OrderKey" = excluded."OrderKey"
                    WHERE "ProcessedUpdates"."Done" = FALSE AND "ProcessedUpdates"."Instance" <> excluded."Instance"
                        AND "ProcessedUpdates"."Instance" NOT IN ({ServiceInstances.AliveIds})
                RETURNING "UpdateId"
                """);
            var id = insert.Parameter("@id");
            var payload = insert.Parameter("@payload");
            var key = insert.Parameter("@key");
            insert.Bind("@instance", instances.Id);
            insert.Bind("@alive", instances.AliveSince);
            var now = insert.Parameter("@now");
            foreach (var (arrival, json) in arrivals.Zip(payloads))
            {
                id.Set(arrival.Update.Id);
                now.Set(arrival.ReceivedAt);
                payload.Set(json);
                key.Set(ChatTurns.KeyOf(UpdateMapper.OrderOf(arrival.Update)));
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
