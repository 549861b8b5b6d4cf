using Microsoft.EntityFrameworkCore;
using QuizBot.Contests;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.QuestionBank;
using QuizBot.Registration;

namespace QuizBot.Leaderboards;

public enum BoardKind { People, Units }

/// <summary>How far a board reaches from the asker: their cell, commune, (former) district, province, or everyone.</summary>
public enum BoardScope { Cell, Commune, District, Province, All }

public sealed record BoardRequest(BoardKind Kind, BoardScope Scope, BoardPeriod Period);

public sealed record PersonRow(int Rank, int ParticipantId, string Name, int Correct, int Answers);

/// <summary>A participant's correct answers in a week and in the week before it.</summary>
public sealed record ImprovedRow(int ParticipantId, string Name, int Before, int Correct)
{
    public int Gain => Correct - Before;
}

/// <summary>A unit's figures for a period; the mean score is correct answers per participant.</summary>
public sealed record UnitRow(int Rank, int UnitId, string Name, int Participants, int Members, int Correct, int Answers)
{
    /// <summary>Participants ÷ members, or null where the unit has no members to divide by.</summary>
    public double? Rate => Members > 0 ? (double)Participants / Members : null;

    public double Mean => Participants > 0 ? (double)Correct / Participants : 0;
}

/// <summary>
/// A board as shown: the top rows and the asker's own (their person, or the unit they belong to), which is
/// <see cref="Own"/> when it is not among the top. <see cref="OwnMissing"/>: the asker has no row in the period.
/// </summary>
public sealed record BoardView<TRow>(BoardRequest Request, string ScopeName, PeriodKey Period, IReadOnlyList<TRow> Top, TRow? Own, int? OwnId)
    where TRow : class;

/// <summary>Where a board reaches: the units under <see cref="Roots"/> (null: everyone), and which units a unit board lists.</summary>
public sealed record ResolvedScope(BoardScope Scope, string Name, IReadOnlyList<int>? Roots, IReadOnlyList<BoardUnit> Listed, int? OwnListed);

/// <summary>
/// Reads the boards from the kept totals: an individual board is one indexed read of participant rows in the scope's
/// units, a unit board one read of the listed units' rows, whatever the number of answers behind them.
/// </summary>
public sealed class Leaderboard(QuizBotDb db, BoardUnits boardUnits, Standings standings, QuizClock clock)
{
    public const int TopCount = 10;

    public PeriodKey CurrentPeriod(BoardPeriod period) => BoardPeriods.Of(period, clock.Today());

    /// <summary>
    /// The asker's scope. A district is the District unit above them where the tree still has one, else the communes
    /// of their province that carry the same former-district label (districts were abolished on 1/7/2025); with
    /// neither, the province. A unit board lists the scope's sub-units: a cell's board lists the cells beside it.
    /// </summary>
    public async Task<ResolvedScope> ResolveAsync(int unitId, BoardScope scope, CancellationToken ct)
    {
        var units = await boardUnits.GetAsync(ct, mustKnow: unitId);
        // Nearest first, from the snapshot (no query).
        var path = units.Path(unitId);
        BoardUnit? Nearest(params UnitKind[] kinds) => path.FirstOrDefault(u => kinds.Contains(u.Kind));
        var onPath = path.Select(u => u.Id).ToHashSet();

        ResolvedScope Single(BoardScope level, BoardUnit root)
        {
            var listed = units.Children.GetValueOrDefault(root.Id)
                ?? (root.ParentId is { } up ? units.Children.GetValueOrDefault(up) : null)
                ?? [root];
            // The only top unit is everyone: its board needs no unit filter and walks the score index alone.
            IReadOnlyList<int>? roots = root.ParentId is null && units.Roots.Count == 1 ? null : [root.Id];
            return new(level, root.Name, roots, Current(listed, onPath), listed.FirstOrDefault(u => onPath.Contains(u.Id))?.Id);
        }

        ResolvedScope Group(BoardScope level, string name, IReadOnlyList<BoardUnit> roots) =>
            new(level, name, roots.Count == units.Roots.Count && level == BoardScope.All ? null : roots.Select(u => u.Id).ToList(),
                Current(roots, onPath), roots.FirstOrDefault(u => onPath.Contains(u.Id))?.Id);

        var top = path.Count > 0 ? path[^1] : null;
        switch (scope)
        {
            case BoardScope.All:
                return Group(BoardScope.All, "", units.Roots);
            case BoardScope.Cell when Nearest(UnitKind.Cell) is { } cell:
                return Single(BoardScope.Cell, cell);
            case BoardScope.Commune or BoardScope.Cell when (Nearest(UnitKind.Commune) ?? path.FirstOrDefault(u => u.Kind != UnitKind.Cell)) is { } commune:
                return Single(BoardScope.Commune, commune);
            case BoardScope.District when Nearest(UnitKind.District) is { } district:
                return Single(BoardScope.District, district);
            case BoardScope.District when Nearest(UnitKind.Commune) is { FormerDistrict: { } label } commune:
                var communes = (commune.ParentId is { } province ? units.Children.GetValueOrDefault(province) : units.Roots) ?? [];
                return Group(BoardScope.District, label, communes.Where(u => u.FormerDistrict == label).ToList());
        }
        return top is null ? Group(BoardScope.All, "", units.Roots) : Single(BoardScope.Province, Nearest(UnitKind.Province) ?? top);
    }

    /// <summary>Units abolished or not yet valid are left off a list, unless the asker is in one.</summary>
    private IReadOnlyList<BoardUnit> Current(IReadOnlyList<BoardUnit> listed, HashSet<int> onPath)
    {
        var today = clock.Today();
        return listed.Where(u => u.ValidUntil is null || today <= u.ValidUntil || onPath.Contains(u.Id)).ToList();
    }

    /// <summary>
    /// A chosen unit's scope, for the public dashboard: everyone below it, and its sub-units listed (a unit without
    /// any lists itself). Null: the top of the tree (the only top unit, or all of them).
    /// </summary>
    public async Task<ResolvedScope?> ResolveUnitAsync(int? unitId, CancellationToken ct)
    {
        var units = await boardUnits.GetAsync(ct);
        if (unitId is null)
        {
            if (units.Roots.Count != 1) return new(BoardScope.All, "", null, Current(units.Roots, []), null);
            unitId = units.Roots[0].Id;
        }
        if (!units.ById.TryGetValue(unitId.Value, out var root)) return null;
        IReadOnlyList<int>? roots = root.ParentId is null && units.Roots.Count == 1 ? null : [root.Id];
        var listed = units.Children.GetValueOrDefault(root.Id) ?? [root];
        var level = root.Kind switch
        {
            UnitKind.Province => BoardScope.Province, UnitKind.District => BoardScope.District, UnitKind.Cell => BoardScope.Cell, _ => BoardScope.Commune,
        };
        return new(level, root.Name, roots, Current(listed, []), null);
    }

    /// <summary>The top individuals of a scope in a period, with nobody's own row (the dashboard).</summary>
    public async Task<IReadOnlyList<PersonRow>> PeopleAsync(ResolvedScope scope, PeriodKey period, CancellationToken ct) =>
        await TopPeopleAsync(await PeopleRowsAsync(scope.Roots, period, ct, inScoreOrder: true), TopCount, ct);

    /// <summary>Every unit a scope lists, ranked, in a period (the dashboard).</summary>
    public async Task<IReadOnlyList<UnitRow>> UnitsAsync(ResolvedScope scope, PeriodKey period, CancellationToken ct) =>
        await UnitRowsAsync(scope.Listed, period, ct);

    public async Task<BoardView<PersonRow>> PeopleAsync(Participant asker, BoardRequest request, CancellationToken ct)
    {
        var scope = await ResolveAsync(asker.UnitId!.Value, request.Scope, ct);
        var period = CurrentPeriod(request.Period);
        var units = await UnitsUnderAsync(scope.Roots, ct);
        var top = await TopPeopleAsync(PeopleRows(units, period, inScoreOrder: true), TopCount, ct);

        PersonRow? own = null;
        if (top.All(r => r.ParticipantId != asker.Id))
        {
            own = scope.Roots is null ? await OwnOfEveryoneAsync(asker, period, ct) : null;
        }
        if (own is null && top.All(r => r.ParticipantId != asker.Id))
        {
            var rows = PeopleRows(units, period);
            var mine = await rows.Where(t => t.ParticipantId == asker.Id).Select(t => new { t.Correct, t.Answers }).SingleOrDefaultAsync(ct);
            own = mine is null
                ? new PersonRow(0, asker.Id, asker.DisplayName, 0, 0)
                : new PersonRow(await AheadAsync(rows, scope.Roots, period, asker.Id, mine.Correct, mine.Answers, ct) + 1, asker.Id, asker.DisplayName, mine.Correct, mine.Answers);
        }
        return new BoardView<PersonRow>(request with { Scope = scope.Scope }, scope.Name, period, top, own, asker.Id);
    }

    /// <summary>The asker's row of everyone's board from the standings in memory, or null where they are not kept.</summary>
    private async Task<PersonRow?> OwnOfEveryoneAsync(Participant asker, PeriodKey period, CancellationToken ct)
    {
        if (await standings.LadderAsync(period, ct) is not { } ladder) return null;
        return ladder.Place(asker.Id) is { } place
            ? new PersonRow(place.Ahead + 1, asker.Id, asker.DisplayName, place.Correct, place.Answers)
            : new PersonRow(0, asker.Id, asker.DisplayName, 0, 0);
    }

    /// <summary>
    /// How many rows rank ahead of (correct, answers, id): counted from whichever end is nearer, as the scope's
    /// kept totals give its row count and mean. A count walks index entries, one per row it counts (a province's
    /// 150,000 at 300,000 participants); from the nearer end it walks at most half of them, without its OR
    /// (which SQLite answers by collecting row ids to merge) as three disjoint ranges.
    /// </summary>
    private async Task<int> AheadAsync(IQueryable<ParticipantTotal> rows, IReadOnlyList<int>? roots, PeriodKey period, int id, int correct, int answers, CancellationToken ct)
    {
        var rootIds = roots ?? (await boardUnits.GetAsync(ct)).Roots.Select(u => u.Id).ToList();
        var scope = await db.UnitTotals.AsNoTracking().Where(t => rootIds.Contains(t.UnitId) && t.Period == period.Period && t.Start == period.Start)
            .GroupBy(_ => 1).Select(g => new { Rows = g.Sum(t => t.Participants), Correct = g.Sum(t => (long)t.Correct) }).SingleOrDefaultAsync(ct);
        // Everyone's rows include any of a participant without a unit, which no unit's total counts.
        var total = (scope?.Rows ?? 0) + (roots is null ? await rows.CountAsync(t => t.UnitId == null, ct) : 0);
        if (scope is null || correct * (long)total >= scope.Correct)
        {
            return await rows.CountAsync(t => t.Correct > correct, ct)
                + await rows.CountAsync(t => t.Correct == correct && t.Answers < answers, ct)
                + await rows.CountAsync(t => t.Correct == correct && t.Answers == answers && t.ParticipantId < id, ct);
        }
        var behind = await rows.CountAsync(t => t.Correct < correct, ct)
            + await rows.CountAsync(t => t.Correct == correct && t.Answers > answers, ct)
            + await rows.CountAsync(t => t.Correct == correct && t.Answers == answers && t.ParticipantId > id, ct);
        return total - 1 - behind;
    }

    public async Task<BoardView<UnitRow>> UnitsAsync(Participant asker, BoardRequest request, CancellationToken ct)
    {
        var scope = await ResolveAsync(asker.UnitId!.Value, request.Scope, ct);
        var period = CurrentPeriod(request.Period);
        var ranked = await UnitRowsAsync(scope.Listed, period, ct);
        var top = ranked.Take(TopCount).ToList();
        var own = scope.OwnListed is { } mine && top.All(r => r.UnitId != mine) ? ranked.Single(r => r.UnitId == mine) : null;
        return new BoardView<UnitRow>(request with { Scope = scope.Scope }, scope.Name, period, top, own, scope.OwnListed);
    }

    /// <summary>The participant rows of a period within the units under <paramref name="roots"/> (null: everyone), unordered.</summary>
    /// <param name="inScoreOrder">For a top N: see <see cref="PeopleRows"/>.</param>
    public async Task<IQueryable<ParticipantTotal>> PeopleRowsAsync(IReadOnlyList<int>? roots, PeriodKey period, CancellationToken ct, bool inScoreOrder = false) =>
        PeopleRows(await UnitsUnderAsync(roots, ct), period, inScoreOrder);

    /// <summary>Every unit under the roots (null: no filter, everyone), from the boards' snapshot of the tree.</summary>
    private async Task<List<int>?> UnitsUnderAsync(IReadOnlyList<int>? roots, CancellationToken ct)
    {
        if (roots is null) return null;
        var units = await boardUnits.GetAsync(ct);
        return roots.SelectMany(units.Subtree).ToList();
    }

    /// <summary>Where a top N of several units' rows starts: the score index, walked until N rows of the units turn up.</summary>
    private const string InScoreOrder = "SELECT * FROM ParticipantTotals INDEXED BY IX_ParticipantTotals_Period_Start_Correct_Answers_UnitId";

    /// <param name="inScoreOrder">
    /// For a top N of several units: SQLite (3.50) would read every row of the units through the unit index and sort
    /// them (250 ms for a province of 50,000 rows); walking the score index finds the best of a province in a few
    /// dozen entries, of a small scope in a few thousand. One unit's rows are already in score order in the unit index.
    /// PostgreSQL's planner weighs the two itself.
    /// </param>
    private IQueryable<ParticipantTotal> PeopleRows(List<int>? units, PeriodKey period, bool inScoreOrder = false)
    {
        var source = inScoreOrder && units is not { Count: 1 } && db.Database.IsSqlite() ? db.ParticipantTotals.FromSqlRaw(InScoreOrder) : db.ParticipantTotals;
        var rows = source.AsNoTracking().Where(t => t.Period == period.Period && t.Start == period.Start);
        return units is null ? rows : rows.Where(t => t.UnitId != null && units.Contains(t.UnitId.Value));
    }

    /// <summary>The best <paramref name="count"/> of the rows: most correct, then fewest answers, then the earliest registered.</summary>
    public async Task<List<PersonRow>> TopPeopleAsync(IQueryable<ParticipantTotal> rows, int count, CancellationToken ct) =>
        (await rows.OrderByDescending(t => t.Correct).ThenBy(t => t.Answers).ThenBy(t => t.ParticipantId).Take(count)
            .Join(db.Participants, t => t.ParticipantId, p => p.Id, (t, p) => new { t.ParticipantId, p.DisplayName, t.Correct, t.Answers })
            .ToListAsync(ct))
        .Select((r, i) => new PersonRow(i + 1, r.ParticipantId, r.DisplayName, r.Correct, r.Answers)).ToList();

    /// <summary>The listed units' rows for a period, every listed unit included (with zeros where nobody took part), ranked.</summary>
    public async Task<List<UnitRow>> UnitRowsAsync(IReadOnlyList<BoardUnit> listed, PeriodKey period, CancellationToken ct)
    {
        var ids = listed.Select(u => u.Id).ToList();
        var totals = await db.UnitTotals.AsNoTracking()
            .Where(t => ids.Contains(t.UnitId) && t.Period == period.Period && t.Start == period.Start)
            .ToDictionaryAsync(t => t.UnitId, ct);
        // Ranked by total score (it rewards both taking part and answering right), then participation rate.
        return listed
            .Select(u => totals.TryGetValue(u.Id, out var t)
                ? new UnitRow(0, u.Id, u.Name, t.Participants, u.MemberCount, t.Correct, t.Answers)
                : new UnitRow(0, u.Id, u.Name, 0, u.MemberCount, 0, 0))
            .OrderByDescending(r => r.Correct).ThenByDescending(r => r.Rate ?? 0).ThenByDescending(r => r.Participants)
            .Select((r, i) => r with { Rank = i + 1 }).ToList();
    }

    /// <summary>A round by its code or id, or null.</summary>
    public Task<Round?> RoundAsync(string code, CancellationToken ct) => db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Code == code, ct);

    public Task<Round?> RoundAsync(int id, CancellationToken ct) => db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>The latest published round the participant took part in, for a button under their boards.</summary>
    public async Task<RoundLink?> LastRoundTakenAsync(int participantId, CancellationToken ct) =>
        await db.Attempts.AsNoTracking().Where(a => a.ParticipantId == participantId && a.RoundId != null)
            .Join(db.Rounds.Where(RoundResults.Published), a => a.RoundId, r => r.Id, (a, r) => r)
            .OrderByDescending(r => r.ClosedAt).ThenByDescending(r => r.Id)
            .Select(r => new RoundLink(r.Id, r.Code)).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Who gained most correct answers in <paramref name="week"/> over the week before, within the units under
    /// <paramref name="roots"/>: a read of that week's participant rows, each with its row of the week before.
    /// </summary>
    public async Task<List<ImprovedRow>> MostImprovedAsync(IReadOnlyList<int> roots, PeriodKey week, int count, CancellationToken ct)
    {
        var rows = await PeopleRowsAsync(roots, week, ct);
        var before = week.Start.AddDays(-7);
        var improved = await rows
            .Select(t => new
            {
                t.ParticipantId, t.Correct,
                Before = db.ParticipantTotals.Where(b => b.ParticipantId == t.ParticipantId && b.Period == BoardPeriod.Week && b.Start == before)
                    .Select(b => b.Correct).FirstOrDefault(),
            })
            .Where(x => x.Correct > x.Before)
            .OrderByDescending(x => x.Correct - x.Before).ThenByDescending(x => x.Correct).ThenBy(x => x.ParticipantId).Take(count)
            .Join(db.Participants, x => x.ParticipantId, p => p.Id, (x, p) => new ImprovedRow(x.ParticipantId, p.DisplayName, x.Before, x.Correct))
            .ToListAsync(ct);
        // The join keeps the rows the subquery chose, not necessarily their order.
        return improved.OrderByDescending(x => x.Gain).ThenByDescending(x => x.Correct).ThenBy(x => x.ParticipantId).ToList();
    }
}
