using Microsoft.EntityFrameworkCore;
using QuizBot.Data;
using QuizBot.QuestionBank;

namespace QuizBot.Leaderboards;

/// <summary>A unit as the boards show it: its name, place in the tree and registered members (its whole subtree).</summary>
public sealed record BoardUnit(int Id, int? ParentId, UnitKind Kind, string Name, string? FormerDistrict, int? Members,
    int Registered, int SortOrder, DateOnly? ValidUntil)
{
    /// <summary>The unit's party membership where org-units.yaml gives it, else the members registered in the bot.</summary>
    public int MemberCount => Members ?? Registered;
}

/// <summary>
/// The unit tree with each unit's registered members counted over its subtree, held for a minute: the count is a
/// group-by over every participant, too much for each /leaderboard at 300,000 participants, and a member count a
/// minute old is as good for a participation rate. The boards' totals themselves are always current. A snapshot past
/// its minute is still served while a fresh one is taken in the background (the group-by takes a few hundred
/// milliseconds at that size, which every board asked for meanwhile would otherwise wait for); one older than
/// <see cref="StaleLimit"/>, or one that does not know a unit the caller needs, is replaced before anything is served.
/// </summary>
public sealed class BoardUnits(IServiceScopeFactory scopes, TimeProvider time, ILogger<BoardUnits> log)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan StaleLimit = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile Snapshot? current;
    private int refreshing;

    public sealed record Snapshot(IReadOnlyDictionary<int, BoardUnit> ById, IReadOnlyDictionary<int, IReadOnlyList<BoardUnit>> Children,
        IReadOnlyList<BoardUnit> Roots, DateTimeOffset Taken)
    {
        /// <summary>The unit and every unit below it, from the snapshot's tree (no query).</summary>
        public List<int> Subtree(int unitId)
        {
            var ids = new List<int>();
            var next = new Stack<int>([unitId]);
            while (next.TryPop(out var id) && ids.Count < ById.Count)
            {
                if (!ById.ContainsKey(id)) continue;
                ids.Add(id);
                foreach (var child in Children.GetValueOrDefault(id) ?? []) next.Push(child.Id);
            }
            return ids;
        }

        /// <summary>The unit and its ancestors, nearest first.</summary>
        public List<BoardUnit> Path(int unitId)
        {
            var path = new List<BoardUnit>();
            for (int? at = unitId; at is { } id && ById.TryGetValue(id, out var unit) && path.Count < 32; at = unit.ParentId) path.Add(unit);
            return path;
        }
    }

    /// <summary>Drops the snapshot (after a move, or a bank sync changed the tree).</summary>
    public void Forget() => current = null;

    /// <param name="mustKnow">A unit the caller needs: a snapshot taken before it existed is replaced.</param>
    public async Task<Snapshot> GetAsync(CancellationToken ct, int? mustKnow = null)
    {
        var snapshot = current;
        if (Usable(snapshot, mustKnow, StaleLimit))
        {
            if (!Usable(snapshot, mustKnow, Lifetime)) RefreshInBackground();
            return snapshot!;
        }
        await loading.WaitAsync(ct);
        try
        {
            snapshot = current;
            if (Usable(snapshot, mustKnow, Lifetime)) return snapshot!;
            return current = await LoadAsync(ct);
        }
        finally
        {
            loading.Release();
        }
    }

    private bool Usable(Snapshot? snapshot, int? mustKnow, TimeSpan age) =>
        snapshot is not null && time.GetUtcNow() - snapshot.Taken < age && (mustKnow is null || snapshot.ById.ContainsKey(mustKnow.Value));

    private void RefreshInBackground()
    {
        if (Interlocked.Exchange(ref refreshing, 1) == 1) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await loading.WaitAsync();
                try
                {
                    if (!Usable(current, null, Lifetime)) current = await LoadAsync(CancellationToken.None);
                }
                finally
                {
                    loading.Release();
                }
            }
            catch (Exception e)
            {
                // The stale snapshot stays in service; the next board asks again.
                log.LogWarning(e, "Refreshing the boards' unit tree failed");
            }
            finally
            {
                Volatile.Write(ref refreshing, 0);
            }
        });
    }

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var taken = time.GetUtcNow();
        var units = await db.Units.AsNoTracking()
            .Select(u => new { u.Id, u.ParentId, u.Kind, u.Name, u.FormerDistrict, u.Members, u.SortOrder, u.ValidUntil }).ToListAsync(ct);
        var direct = await db.Participants.AsNoTracking()
            .Where(p => p.Step == RegistrationStep.Registered && p.UnitId != null)
            .GroupBy(p => p.UnitId!.Value).Select(g => new { UnitId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.UnitId, g => g.Count, ct);

        // Each unit's own members added to it and every unit above it: the tree in memory, no query per level.
        var parent = units.ToDictionary(u => u.Id, u => u.ParentId);
        var registered = units.ToDictionary(u => u.Id, _ => 0);
        foreach (var (unitId, count) in direct)
        {
            for (int? id = unitId, depth = 0; id is { } at && registered.ContainsKey(at) && depth < 32; id = parent[at], depth++) registered[at] += count;
        }
        var byId = units.ToDictionary(u => u.Id,
            u => new BoardUnit(u.Id, u.ParentId, u.Kind, u.Name, u.FormerDistrict, u.Members, registered[u.Id], u.SortOrder, u.ValidUntil));
        var children = byId.Values.Where(u => u.ParentId is not null).GroupBy(u => u.ParentId!.Value)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<BoardUnit>)g.OrderBy(u => u.SortOrder).ToList());
        var roots = byId.Values.Where(u => u.ParentId is null).OrderBy(u => u.SortOrder).ToList();
        return new Snapshot(byId, children, roots, taken);
    }
}
