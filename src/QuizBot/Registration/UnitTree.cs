using Microsoft.EntityFrameworkCore;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.Reminders;

namespace QuizBot.Registration;

/// <summary>Reads the unit tree for registration: the buttons of one level and the path of a unit.</summary>
public sealed class UnitTree(QuizBotDb db, QuizClock clock)
{
    public bool IsCurrent(Unit unit)
    {
        var today = clock.Today();
        return (unit.ValidFrom is null || unit.ValidFrom <= today) && (unit.ValidUntil is null || today <= unit.ValidUntil);
    }

    /// <param name="moving">For a registered participant changing unit (/settings), rather than registering.</param>
    public async Task<OutgoingMessage> ChooserAsync(Texts t, int? parentId, CancellationToken ct, bool moving = false)
    {
        string Pick(int unitId) => CallbackCodec.Encode(moving ? new MoveUnit(unitId) : new PickUnit(unitId));
        var children = (await db.Units.AsNoTracking().Where(u => u.ParentId == parentId).OrderBy(u => u.SortOrder).ToListAsync(ct))
            .Where(IsCurrent).ToList();
        if (parentId is null && children.Count == 0) return new OutgoingMessage(t.NoUnits);

        var rows = children.Select(u => (IReadOnlyList<Button>)[new Button(u.Name, Pick(u.Id))]).ToList();
        if (parentId is null) return new OutgoingMessage(moving ? t.ChooseNewUnit : t.Welcome, rows);

        var parent = await db.Units.AsNoTracking().SingleAsync(u => u.Id == parentId, ct);
        rows.Add([new Button(t.Back, Pick(parent.ParentId ?? 0))]);
        return new OutgoingMessage(t.ChooseUnitUnder(Html.Escape(parent.Name)), rows);
    }

    /// <summary>The unit and every unit above it, nearest first, in one query (a recursive CTE, SQLite and PostgreSQL alike).</summary>
    public async Task<IReadOnlyList<int>> AncestorIdsAsync(int unitId, CancellationToken ct) =>
        await db.Database.SqlQuery<int>($"""
            WITH RECURSIVE up(id, parent, depth) AS (
                SELECT "Id", "ParentId", 0 FROM "Units" WHERE "Id" = {unitId}
                UNION ALL
                SELECT u."Id", u."ParentId", up.depth + 1 FROM "Units" u JOIN up ON u."Id" = up.parent WHERE up.depth < 32)
            SELECT id AS "Value" FROM up ORDER BY depth
            """).ToListAsync(ct);

    /// <summary>The unit and every unit below it, in one query.</summary>
    public async Task<IReadOnlyList<int>> SubtreeIdsAsync(int unitId, CancellationToken ct) =>
        await db.Database.SqlQuery<int>($"""
            WITH RECURSIVE down(id, depth) AS (
                SELECT "Id", 0 FROM "Units" WHERE "Id" = {unitId}
                UNION ALL
                SELECT u."Id", down.depth + 1 FROM "Units" u JOIN down ON u."ParentId" = down.id WHERE down.depth < 32)
            SELECT id AS "Value" FROM down
            """).ToListAsync(ct);

    /// <summary>Whether the unit lies at or below <paramref name="scopeId"/> in the tree.</summary>
    public async Task<bool> IsWithinAsync(int? unitId, int scopeId, CancellationToken ct) =>
        unitId is { } id && (await AncestorIdsAsync(id, ct)).Contains(scopeId);

    /// <summary>"Province › Commune › Cell", for confirmations and welcomes.</summary>
    public async Task<string> PathAsync(int? unitId, CancellationToken ct)
    {
        var names = new List<string>();
        for (var id = unitId; id is not null && names.Count < 10;)
        {
            var unit = await db.Units.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.Name, u.ParentId }).SingleOrDefaultAsync(ct);
            if (unit is null) break;
            names.Add(unit.Name);
            id = unit.ParentId;
        }
        names.Reverse();
        return string.Join(" › ", names);
    }
}
