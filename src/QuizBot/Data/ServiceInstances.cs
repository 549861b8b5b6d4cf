using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace QuizBot.Data;

/// <summary>
/// This process among the instances sharing one database. On PostgreSQL each instance says it is alive every few
/// seconds (<see cref="Heartbeat"/>); one silent for <see cref="DeadAfter"/> is dead, and the others take over what it
/// claimed: its chats' turns, its unfinished updates, its unsent messages. On SQLite there is one instance, and the
/// work a previous run left is simply this run's.
/// </summary>
public sealed class ServiceInstances(DatabaseSettings database, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ServiceInstances> log)
    : BackgroundService
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(15);

    /// <summary>This process; claims and outbox rows name it.</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N")[..16];

    /// <summary>Whether other instances may share the database (PostgreSQL).</summary>
    public bool Shared => !database.IsSqlite;

    /// <summary>The instances alive at the last heartbeat, this one included.</summary>
    public int Alive { get; private set; } = 1;

    /// <summary>Raised when <see cref="Alive"/> changes.</summary>
    public event Action<int>? AliveChanged;

    /// <summary>The ids of the instances alive, for SQL that binds <c>@alive</c> to <see cref="AliveSince"/>.</summary>
    public const string AliveIds = """SELECT "Id" FROM "Instances" WHERE "SeenAt" > @alive""";

    /// <summary>An instance last seen before this is dead.</summary>
    public DateTime AliveSince => clock.GetUtcNow().UtcDateTime - DeadAfter;

    /// <summary>The first heartbeat is written before any other service starts its work (it is registered first).</summary>
    public override async Task StartAsync(CancellationToken ct)
    {
        if (Shared)
        {
            await SignOffGoneRunsAsync(ct);
            await BeatAsync(ct);
        }
        await base.StartAsync(ct);
    }

    /// <summary>
    /// Instances of this machine whose process is gone (killed, say, and this is its restart) are signed off at once,
    /// so that their chats and work are taken over now rather than once they have been silent for
    /// <see cref="DeadAfter"/>. One whose process id is in use again is left to be found dead by its silence.
    /// </summary>
    private async Task SignOffGoneRunsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var host = Environment.MachineName;
        var here = await db.Instances.Where(i => i.Host == host && i.ProcessId != null).Select(i => new { i.Id, i.ProcessId }).ToListAsync(ct);
        var gone = here.Where(i => !IsRunning(i.ProcessId!.Value)).Select(i => i.Id).ToList();
        if (gone.Count == 0) return;
        await db.Instances.Where(i => gone.Contains(i.Id)).ExecuteDeleteAsync(ct);
        log.LogInformation("Signed off {Count} instances of this machine whose process is gone ({Ids}); their work is taken over now", gone.Count, string.Join(", ", gone));
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Shared) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Heartbeat, clock, stoppingToken);
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning("Could not tell the other instances this one is alive ({Reason}); trying again in {Interval}", e.Message, Heartbeat);
            }
        }
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var (host, processId) = (Environment.MachineName, Environment.ProcessId);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Instances" ("Id", "StartedAt", "SeenAt", "Host", "ProcessId") VALUES ({Id}, {now}, {now}, {host}, {processId})
            ON CONFLICT ("Id") DO UPDATE SET "SeenAt" = excluded."SeenAt"
            """, ct);
        var since = AliveSince;
        var alive = Math.Max(1, await db.Instances.CountAsync(i => i.SeenAt > since, ct));
        if (alive != Alive)
        {
            log.LogInformation("{Alive} instances of the service are alive", alive);
            Alive = alive;
            AliveChanged?.Invoke(alive);
        }
    }

    /// <summary>
    /// From now on this instance serves the chat (see Telegram's ChatTurns), whoever served it before: a live game
    /// runs here, and the presses of its players must reach the process that holds its clock.
    /// </summary>
    public async Task ServeAsync(long chatId, CancellationToken ct)
    {
        if (!Shared) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var (key, now) = ($"{chatId}", clock.GetUtcNow().UtcDateTime);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ChatClaims" ("Key", "Instance", "ClaimedAt") VALUES ({key}, {Id}, {now})
            ON CONFLICT ("Key") DO UPDATE SET "Instance" = excluded."Instance", "ClaimedAt" = excluded."ClaimedAt"
            """, ct);
    }

    /// <summary>On a clean stop the others need not wait to find this instance dead.</summary>
    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        if (!Shared) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<QuizBotDb>().Instances.Where(i => i.Id == Id).ExecuteDeleteAsync(ct);
        }
        catch (Exception e)
        {
            log.LogWarning("Could not sign this instance off ({Reason}); the others will find it dead in {DeadAfter}", e.Message, DeadAfter);
        }
    }
}
