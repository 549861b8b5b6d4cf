using System.Collections.Concurrent;
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
/// handled by the instance that serves its chat (<see cref="ChatTurns"/>): one that receives an update of a chat
/// another instance serves hands it over in the same transaction, and the server takes it in, before any later
/// one of the chat. What a dead instance left unfinished is taken over with its chats.
/// </summary>
public sealed class TelegramUpdatePipeline : IAsyncDisposable
{
    /// <summary>Updates taken in but not yet handled; fetching waits beyond this.</summary>
    public const int MaxInFlight = 2000;

    /// <summary>
    /// Updates being handled at once, across chats. Handlers mostly wait (for a group commit, for Telegram), so
    /// many may run together; the bound keeps database connections and memory in check when a burst arrives. On
    /// PostgreSQL, where each handler holds a pooled connection, it is half the pool (<see cref="HandlingBound"/>).
    /// </summary>
    public const int MaxHandling = 256;

    /// <summary>How many updates may be handled at once on this database: half of a PostgreSQL pool leaves the rest to the writers.</summary>
    public static int HandlingBound(DatabaseSettings database) =>
        database.IsSqlite ? MaxHandling : Math.Clamp(new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).MaxPoolSize / 2, 4, MaxHandling);

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
    private readonly SemaphoreSlim handling;
    private readonly GroupCommit<int> handled;
    private readonly GroupCommit<Arrival> arrivals;

    public TelegramUpdatePipeline(UpdateRouter router, IServiceScopeFactory scopes, WriteGate gate, ServiceInstances instances, ChatTurns turns,
        OutboundDispatcher outbound, DatabaseSettings database, TimeProvider clock, ILogger<TelegramUpdatePipeline> log)
    {
        var bound = HandlingBound(database);
        handling = new SemaphoreSlim(bound, bound);
        this.outbound = outbound;
        this.router = router;
        this.scopes = scopes;
        this.gate = gate;
        this.instances = instances;
        this.turns = turns;
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
        Stored stored;
        try
        {
            stored = await ClaimAsync(fresh, CancellationToken.None);
            // What a dead server of these chats left unsent goes before anything said in them now.
            await outbound.TakeOverAsync(stored.TakenMessages, CancellationToken.None);
        }
        catch
        {
            capacity.Release(group.Count);
            throw;
        }
        var mine = fresh.Where(a => stored.Mine.Contains(a.Update.Id)).ToList();
        foreach (var arrival in mine)
        {
            known.TryAdd(arrival.Update.Id, Environment.TickCount64);
            chats.Enqueue(UpdateMapper.OrderOf(arrival.Update), arrival);
        }
        // Redeliveries, repeats and updates handed over to another instance take no place in the chats' queues.
        if (group.Count > mine.Count) capacity.Release(group.Count - mine.Count);
    }

    /// <summary>
    /// Queues what a previous run (or, with several instances, a dead instance) stored but did not finish, oldest
    /// first. Taking it over is one statement, so two instances never both take the same update; with several
    /// instances the dead one's chats are taken with it (<see cref="ChatTurns.TakeDeadAsync"/>).
    /// </summary>
    public async Task RecoverAsync(CancellationToken ct)
    {
        if (instances.Shared)
        {
            var messages = await gate.TransactionAsync(scopes, sql => turns.TakeDeadAsync(sql, ct), ct);
            await outbound.TakeOverAsync(messages, ct);
        }
        var (left, answered) = await TakeAsync(key: null, before: null, ct);
        foreach (var arrival in left)
        {
            await capacity.WaitAsync(ct);
            chats.Enqueue(UpdateMapper.OrderOf(arrival.Update), arrival);
        }
        if (left.Count + answered > 0)
        {
            log.LogInformation("{Count} updates were left unfinished by a stopped instance; handling the {Unanswered} that had not been answered",
                left.Count + answered, left.Count);
        }
    }

    /// <summary>
    /// Updates this process takes on that it did not store itself: on SQLite, what the previous run left unfinished
    /// (taken in one statement); with several instances, this instance's unfinished updates it has not yet taken in
    /// (handed over by others, or taken over from a dead one), of one order key and before one update if given,
    /// oldest first. An update that already queued messages was handled: those messages are in the outbox and will
    /// be sent, and handling it again would say everything twice; it is only marked handled, and counted in <c>Answered</c>.
    /// </summary>
    private async Task<(List<Arrival> Left, int Answered)> TakeAsync(string? key, int? before, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        List<int> ids;
        if (instances.Shared)
        {
            var me = instances.Id;
            var unfinished = db.ProcessedUpdates.AsNoTracking().Where(u => u.Instance == me && !u.Done && u.Payload != null);
            if (key is not null) unfinished = unfinished.Where(u => u.OrderKey == key);
            if (before is not null) unfinished = unfinished.Where(u => u.UpdateId < before);
            ids = (await unfinished.Select(u => u.UpdateId).ToListAsync(ct))
                .Where(id => known.TryAdd(id, Environment.TickCount64) || (before is not null && !ran.ContainsKey(id))).ToList();
        }
        else
        {
            ids = await gate.TransactionAsync(scopes, async sql =>
            {
                var take = sql("""
                    UPDATE "ProcessedUpdates" SET "Instance" = @me WHERE "Done" = FALSE AND "Payload" IS NOT NULL AND "Instance" <> @me
                    RETURNING "UpdateId"
                    """);
                take.Bind("@me", instances.Id);
                return await take.ColumnAsync<int>(ct);
            }, ct);
        }
        if (ids.Count == 0) return ([], 0);
        var left = await db.ProcessedUpdates.AsNoTracking().Where(u => ids.Contains(u.UpdateId)).OrderBy(u => u.UpdateId).ToListAsync(ct);
        var answered = (await db.Outbox.Where(o => o.UpdateId != null && ids.Contains(o.UpdateId.Value)).Select(o => o.UpdateId!.Value).Distinct().ToListAsync(ct)).ToHashSet();
        foreach (var id in answered)
        {
            ran.TryAdd(id, Environment.TickCount64);
            handled.Add(id);
        }
        var arrivals = left.Where(u => !answered.Contains(u.UpdateId))
            .Select(u => new Arrival(JsonSerializer.Deserialize<Update>(u.Payload!, JsonBotAPI.Options)!, u.ReceivedAt)).ToList();
        return (arrivals, answered.Count);
    }

    /// <summary>
    /// With several instances, this instance's updates that it did not store itself: those queued to it in the
    /// inbox (<see cref="known"/>), and those it has run, kept for a while so that neither is taken in twice.
    /// </summary>
    private readonly ConcurrentDictionary<int, long> known = new(), ran = new();

    /// <summary>How long an update's id is remembered: well past the moment it is marked handled.</summary>
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(10);

    /// <summary>
    /// With several instances: takes in the updates other instances hand over (told by a notice, else looked for
    /// every second), and takes over a dead instance's chats as soon as it is found dead.
    /// </summary>
    private async Task WatchAsync(CancellationToken ct)
    {
        _ = turns.ListenAsync(ct);
        var sweptAt = Environment.TickCount64;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await turns.HandedOverAsync(TimeSpan.FromSeconds(1), ct);
                if (Environment.TickCount64 - sweptAt >= ServiceInstances.Heartbeat.TotalMilliseconds)
                {
                    sweptAt = Environment.TickCount64;
                    Forget(known);
                    Forget(ran);
                    await RecoverAsync(ct);
                    continue;
                }
                var (left, _) = await TakeAsync(key: null, before: null, ct);
                foreach (var arrival in left)
                {
                    await capacity.WaitAsync(ct);
                    chats.Enqueue(UpdateMapper.OrderOf(arrival.Update), arrival);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning("Taking in updates handed over or left by other instances failed ({Reason}); trying again", e.Message);
            }
        }
    }

    private static void Forget(ConcurrentDictionary<int, long> ids)
    {
        var before = Environment.TickCount64 - (long)Remembered.TotalMilliseconds;
        foreach (var (id, at) in ids)
        {
            if (at < before) ids.TryRemove(id, out _);
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
                if (instances.Shared) _ = WatchAsync(ct);
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
        try
        {
            await handling.WaitAsync(ct);
            try
            {
                if (instances.Shared) await RunSharedAsync(order, arrival, ct);
                else await RunAsync(arrival, ct);
            }
            finally
            {
                handling.Release();
            }
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
    /// With several instances: first the chat's earlier updates that reached this instance from elsewhere (handed
    /// over, or left by a dead server) and were not run yet, so the chat's order holds; an update already run that
    /// way is not run again.
    /// </summary>
    private async Task RunSharedAsync(UpdateOrder order, Arrival arrival, CancellationToken ct)
    {
        if (ran.ContainsKey(arrival.Update.Id)) return;
        foreach (var earlier in (await TakeAsync(ChatTurns.KeyOf(order), before: arrival.Update.Id, ct)).Left)
        {
            if (ran.TryAdd(earlier.Update.Id, Environment.TickCount64)) await RunAsync(earlier, ct);
        }
        if (ran.TryAdd(arrival.Update.Id, Environment.TickCount64)) await RunAsync(arrival, ct);
    }

    private async Task RunAsync(Arrival arrival, CancellationToken ct)
    {
        Handling.Value = arrival.Update.Id;
        if (UpdateMapper.ToIncoming(arrival.Update) is { } incoming) await router.HandleAsync(incoming with { ReceivedAt = arrival.ReceivedAt }, ct);
        handled.Add(arrival.Update.Id);
    }

    /// <summary>A group that fails to be marked stays unfinished: handled again after a restart.</summary>
    private async Task MarkHandledAsync(IReadOnlyList<int> ids)
    {
        await using var scope = scopes.CreateAsyncScope();
        var updates = scope.ServiceProvider.GetRequiredService<QuizBotDb>().ProcessedUpdates;
        await gate.WriteAsync(() => updates.Where(u => ids.Contains(u.UpdateId)).ExecuteUpdateAsync(u => u.SetProperty(x => x.Done, true)), CancellationToken.None);
    }

    /// <summary>What a group's store gave this instance: the updates it handles, and the messages of their chats it took over.</summary>
    private sealed record Stored(HashSet<int> Mine, List<long> TakenMessages);

    /// <summary>
    /// Stores updates. This process handles the new ones, and ones a dead instance claimed but never finished;
    /// with several instances, of those only the ones of chats it serves (the others are handed over to their server).
    /// </summary>
    private Task<Stored> ClaimAsync(IReadOnlyList<Arrival> arrivals, CancellationToken ct)
    {
        // Serialised before taking the write turn, which other writers wait for.
        var updates = arrivals.Select(a => a.Update).ToList();
        var payloads = updates.Select(u => JsonSerializer.Serialize(u, JsonBotAPI.Options)).ToList();
        return gate.TransactionAsync(scopes, async command =>
        {
            var stored = new Stored([], []);
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
                var order = UpdateMapper.OrderOf(arrival.Update);
                var orderKey = ChatTurns.KeyOf(order);
                id.Set(arrival.Update.Id);
                now.Set(arrival.ReceivedAt);
                payload.Set(json);
                key.Set(orderKey);
                if (await insert.ExecuteScalarAsync(ct) is null) continue;
                if (instances.Shared)
                {
                    var turn = await turns.TakeAsync(command, ChatTurns.ClaimOf(order), arrival.Update.Id, ct);
                    stored.TakenMessages.AddRange(turn.TakenMessages);
                    if (!turn.IsMine(instances)) continue;
                }
                stored.Mine.Add(arrival.Update.Id);
            }
            return stored;
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
