using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QuizBot.Contests;
using QuizBot.Data;
using QuizBot.Practice;

namespace QuizBot.Leaderboards;

/// <summary>A period of a board: which kind, and the local day it starts.</summary>
public readonly record struct PeriodKey(BoardPeriod Period, DateOnly Start)
{
    /// <summary>The start as text, for file names and logs.</summary>
    public string StartText => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The periods a local day belongs to: weeks begin on Monday, months on the 1st, in Quiz:TimeZone.</summary>
public static class BoardPeriods
{
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static DateOnly MonthStart(DateOnly day) => new(day.Year, day.Month, 1);

    public static PeriodKey Of(BoardPeriod period, DateOnly day) => period switch
    {
        BoardPeriod.Week => new(period, WeekStart(day)),
        BoardPeriod.Month => new(period, MonthStart(day)),
        _ => new(BoardPeriod.AllTime, DateOnly.MinValue),
    };

    public static PeriodKey[] All(DateOnly day) => [Of(BoardPeriod.Week, day), Of(BoardPeriod.Month, day), Of(BoardPeriod.AllTime, day)];
}

/// <summary>
/// Keeps the leaderboards' totals current as answers are recorded, inside the answer log's group transaction, so a
/// board never scans the answers. Each answer adds to its participant's row for the week, the month and all time,
/// and to the rows of the participant's current unit and every unit above it (one recursive statement per row, not
/// one per level). A group's answers are merged per participant and period first.
/// </summary>
/// <remarks>
/// What counts: practice answers (and /review), as they arrive, and a contest round's answers once, when its
/// results are published (<see cref="RoundResults.ArePublished"/>: at the close, for a judged round at /finalise).
/// Counting a round's answers as they arrive would show a self-paced contestant right or wrong before the close; not
/// counting them at all would leave the period boards blind to the contest itself. A round counts in the periods of
/// the day its results came out (not of each answer), so a board already shown (last week's digest) never changes
/// after the fact; <see cref="BoardRound"/> records it in the same transaction, so it counts once whatever fires twice.
///
/// A participant who moves unit takes their totals along (<see cref="MoveAsync"/>): their rows are subtracted from
/// the old unit's path and added to the new one's, in one transaction, so a unit's row is always the sum over its
/// current members. The alternative, summing participant rows through the subtree on every request, costs a scan of
/// up to every participant for a province board; a move costs a few rows per period the person took part in.
/// </remarks>
public sealed class BoardTotals(QuizClock clock, WriteGate gate, IServiceScopeFactory scopes, BoardUnits units, Standings standings, ILogger<BoardTotals> log)
    : IAnswerFollower, IResultsFollower
{
    /// <summary>A judged answer (0–10) counts as a correct one from half marks: the boards count correct answers.</summary>
    public const double JudgedPass = 5;
    /// <summary>Adds to a participant's row; RETURNING tells whether it is their first answer of the period.</summary>
    private const string AddToParticipant = """
        INSERT INTO "ParticipantTotals" ("ParticipantId", "Period", "Start", "UnitId", "Answers", "Correct")
        VALUES (@participant, @period, @start, (SELECT "UnitId" FROM "Participants" WHERE "Id" = @participant), @answers, @correct)
        ON CONFLICT ("ParticipantId", "Period", "Start") DO UPDATE SET "Answers" = "ParticipantTotals"."Answers" + excluded."Answers",
            "Correct" = "ParticipantTotals"."Correct" + excluded."Correct"
        RETURNING "Answers", "Correct", "UnitId"
        """;

    /// <summary>The unit and its ancestors, as UnitTree.AncestorIdsAsync reads them, in the statement that needs them.</summary>
    private const string PathOfUnit = """
        WITH RECURSIVE up(id, depth) AS (
            SELECT "Id", 0 FROM "Units" WHERE "Id" = @unit
            UNION ALL
            SELECT u."ParentId", up.depth + 1 FROM "Units" u JOIN up ON u."Id" = up.id WHERE u."ParentId" IS NOT NULL AND up.depth < 32)
        """;

    private const string AddToPath = PathOfUnit + """

        INSERT INTO "UnitTotals" ("UnitId", "Period", "Start", "Participants", "Answers", "Correct")
        SELECT id, @period, @start, @participants, @answers, @correct FROM up WHERE TRUE
        ON CONFLICT ("UnitId", "Period", "Start") DO UPDATE SET "Participants" = "UnitTotals"."Participants" + excluded."Participants",
            "Answers" = "UnitTotals"."Answers" + excluded."Answers", "Correct" = "UnitTotals"."Correct" + excluded."Correct"
        """;

    /// <summary>A unit row nobody counts in any more is removed, so the rows are exactly the units with participants.</summary>
    private const string DropEmptyOnPath = PathOfUnit + """

        DELETE FROM "UnitTotals" WHERE "Period" = @period AND "Start" = @start AND "Participants" <= 0 AND "UnitId" IN (SELECT id FROM up)
        """;

    public async Task AnswersWrittenAsync(Func<string, DbCommand> sql, IReadOnlyList<RecordedAnswer> written)
    {
        var merged = new Dictionary<(int Participant, PeriodKey Period), Tally>();
        foreach (var (answer, isPractice) in written)
        {
            if (!isPractice) continue;
            foreach (var period in BoardPeriods.All(clock.DayOf(answer.AnsweredAt)))
            {
                merged[(answer.ParticipantId, period)] = merged.GetValueOrDefault((answer.ParticipantId, period)) + new Tally(1, answer.IsCorrect ? 1 : 0);
            }
        }
        await AddAsync(sql, merged);
    }

    /// <summary>Answers and correct ones, added up.</summary>
    private readonly record struct Tally(int Answers, int Correct)
    {
        public static Tally operator +(Tally a, Tally b) => new(a.Answers + b.Answers, a.Correct + b.Correct);
    }

    /// <summary>
    /// Adds merged tallies to the participants' rows, then to their units' paths: one path statement per unit and
    /// period of the group, however many of its participants share that unit (a cell's people practise together).
    /// The participant rows as they now stand go to the <see cref="Standings"/> kept in memory.
    /// </summary>
    private async Task AddAsync(Func<string, DbCommand> sql, Dictionary<(int Participant, PeriodKey Period), Tally> merged)
    {
        if (merged.Count == 0) return;
        await TakeTurnAsync(sql);
        var participantRow = sql(AddToParticipant);
        var byUnit = new Dictionary<(int Unit, PeriodKey Period), (int Participants, Tally Tally)>();
        var changes = new List<RowChange>(merged.Count);
        // In key order, so that concurrent groups (PostgreSQL, several instances) lock shared rows in the same order.
        foreach (var ((participant, period), tally) in merged.OrderBy(m => m.Key.Participant).ThenBy(m => m.Key.Period.Period).ThenBy(m => m.Key.Period.Start))
        {
            participantRow.Parameters.Clear();
            participantRow.Bind("@participant", participant);
            Bind(participantRow, period, tally.Answers, tally.Correct);
            int total, correct;
            int? unit;
            await using (var row = await participantRow.ExecuteReaderAsync())
            {
                await row.ReadAsync();
                (total, correct, unit) = (row.GetInt32(0), row.GetInt32(1), row.IsDBNull(2) ? null : row.GetInt32(2));
            }
            changes.Add(new RowChange(participant, period, correct, total));
            if (unit is null) continue;
            // Only a new row (its total is just this group's) makes the participant one more in the period.
            var (participants, sum) = byUnit.GetValueOrDefault((unit.Value, period));
            byUnit[(unit.Value, period)] = (participants + (total == tally.Answers ? 1 : 0), sum + tally);
        }
        var path = sql(AddToPath);
        foreach (var ((unit, period), (participants, tally)) in byUnit.OrderBy(u => u.Key.Unit).ThenBy(u => u.Key.Period.Period).ThenBy(u => u.Key.Period.Start))
        {
            await AddToPathAsync(path, unit, period, participants, tally.Answers, tally.Correct);
        }
        standings.Changed(changes);
    }

    /// <summary>
    /// A round's results are out: its answers count into the participants' and units' period totals, once. The
    /// answers of each contestant's attempt that the results count (the best one, as ranked) are added in the periods
    /// of the day the results came out, in one transaction with the <see cref="BoardRound"/> row that marks the round
    /// counted; a round already marked adds nothing.
    /// </summary>
    public async Task ResultsPublishedAsync(Round round, RoundOutcome outcome, CancellationToken ct)
    {
        if (!RoundResults.ArePublished(round)) return;
        var publishedAt = (round.Mode == RoundMode.Judged ? round.FinalisedAt : round.ClosedAt) ?? clock.UtcNow;
        var periods = BoardPeriods.All(clock.DayOf(publishedAt));
        var counted = outcome.Ranking.Select(r => (r.Attempt.ParticipantId, r.Attempt.AttemptNumber)).ToHashSet();
        var added = await gate.TransactionAsync(scopes, async sql =>
        {
            var mark = sql("""
                INSERT INTO "BoardRounds" ("RoundId", "CountedAt", "Answers", "Participants") VALUES (@round, @at, 0, 0) ON CONFLICT ("RoundId") DO NOTHING
                """);
            mark.Bind("@round", round.Id);
            mark.Bind("@at", clock.UtcNow);
            if (await mark.ExecuteNonQueryAsync(ct) == 0) return ((int Answers, int Participants)?)null;

            var read = sql("""
                SELECT a."ParticipantId", a."Number", CAST(COUNT(*) AS INTEGER),
                    CAST(SUM(CASE WHEN (CASE WHEN x."FreeText" IS NOT NULL THEN COALESCE(x."Score", 0) >= @pass ELSE x."IsCorrect" END) THEN 1 ELSE 0 END) AS INTEGER)
                FROM "Attempts" a JOIN "Answers" x ON x."AttemptId" = a."Id"
                WHERE a."RoundId" = @round
                GROUP BY a."Id"
                """);
            read.Bind("@round", round.Id);
            read.Bind("@pass", JudgedPass);
            var merged = new Dictionary<(int Participant, PeriodKey Period), Tally>();
            await using (var row = await read.ExecuteReaderAsync(ct))
            {
                while (await row.ReadAsync(ct))
                {
                    if (!counted.Contains((row.GetInt32(0), row.GetInt32(1)))) continue;
                    foreach (var period in periods) merged[(row.GetInt32(0), period)] = new Tally(row.GetInt32(2), row.GetInt32(3));
                }
            }
            await AddAsync(sql, merged);
            var answers = merged.Where(m => m.Key.Period.Period == BoardPeriod.AllTime).Sum(m => m.Value.Answers);
            var participants = merged.Count / periods.Length;
            var note = sql("""UPDATE "BoardRounds" SET "Answers" = @answers, "Participants" = @participants WHERE "RoundId" = @round""");
            note.Bind("@answers", answers);
            note.Bind("@participants", participants);
            note.Bind("@round", round.Id);
            await note.ExecuteNonQueryAsync(ct);
            return (answers, participants);
        }, ct);
        if (added is { } a) log.LogInformation("Round {Code} counted on the boards: {Answers} answers of {Participants} contestants", round.Code, a.Answers, a.Participants);
    }

    /// <summary>
    /// On start, before any transport takes updates: a database that holds practice answers but no totals yet (one
    /// upgraded from before the leaderboards) gets its totals from those answers, in chunks, through the same code
    /// that keeps them current. Does nothing once totals exist.
    /// </summary>
    public async Task BackfillAsync(CancellationToken ct)
    {
        await BackfillPracticeAsync(ct);
        await CountPublishedRoundsAsync(ct);
    }

    private async Task BackfillPracticeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        if (await db.Set<ParticipantTotal>().AnyAsync(ct)) return;
        var practice = db.Answers.AsNoTracking().Where(a => db.Attempts.Any(x => x.Id == a.AttemptId && x.RoundId == null));
        if (!await practice.AnyAsync(ct)) return;
        long after = 0, counted = 0;
        while (true)
        {
            var chunk = await practice.Where(a => a.Id > after).OrderBy(a => a.Id).Take(5_000).ToListAsync(ct);
            if (chunk.Count == 0) break;
            var recorded = chunk.Select(a => new RecordedAnswer(a, IsPractice: true)).ToList();
            await gate.TransactionAsync(scopes, async sql =>
            {
                await AnswersWrittenAsync(sql, recorded);
                return recorded.Count;
            }, ct);
            (after, counted) = (chunk[^1].Id, counted + chunk.Count);
        }
        log.LogInformation("Leaderboard totals built from {Count} practice answers recorded before them", counted);
    }

    /// <summary>
    /// Published rounds not yet on the boards (a database from before round boards, or a count that failed) are
    /// counted now; the close and the catch-up after a restart count the others as their results go out.
    /// </summary>
    private async Task CountPublishedRoundsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var waiting = await db.Rounds.AsNoTracking()
            .Where(RoundResults.Published)
            .Where(r => !db.BoardRounds.Any(b => b.RoundId == r.Id))
            .OrderBy(r => r.Id).ToListAsync(ct);
        var results = scope.ServiceProvider.GetRequiredService<RoundResults>();
        foreach (var round in waiting) await ResultsPublishedAsync(round, await results.ComputeAsync(round, ct), ct);
    }

    /// <summary>
    /// Moves a registered participant to another unit, their totals with them: what was counted for the old unit and
    /// its ancestors is taken off and counted for the new path, in the same transaction as the move, in turn with
    /// the answer log's writes.
    /// </summary>
    public async Task MoveAsync(int participantId, int toUnitId, CancellationToken ct)
    {
        var moved = await gate.TransactionAsync(scopes, async sql =>
        {
            // Before the read: the rows read are the rows moved.
            await TakeTurnAsync(sql);
            var read = sql("""
                SELECT "Period", "Start", "UnitId", "Answers", "Correct" FROM "ParticipantTotals" WHERE "ParticipantId" = @participant
                """);
            read.Bind("@participant", participantId);
            var rows = new List<(PeriodKey Period, int? Unit, int Answers, int Correct)>();
            await using (var row = await read.ExecuteReaderAsync(ct))
            {
                while (await row.ReadAsync(ct))
                {
                    var period = new PeriodKey((BoardPeriod)row.GetInt32(0), row.GetFieldValue<DateOnly>(1));
                    rows.Add((period, row.IsDBNull(2) ? null : row.GetInt32(2), row.GetInt32(3), row.GetInt32(4)));
                }
            }
            var path = sql(AddToPath);
            var drop = sql(DropEmptyOnPath);
            foreach (var (period, unit, answers, correct) in rows)
            {
                if (unit is not { } from) continue;
                await AddToPathAsync(path, from, period, -1, -answers, -correct);
                drop.Parameters.Clear();
                drop.Bind("@unit", from);
                drop.Bind("@period", (int)period.Period);
                drop.Bind("@start", period.Start);
                await drop.ExecuteNonQueryAsync(ct);
            }
            var move = sql("""
                UPDATE "Participants" SET "UnitId" = @unit WHERE "Id" = @participant;
                UPDATE "ParticipantTotals" SET "UnitId" = @unit WHERE "ParticipantId" = @participant;
                """);
            move.Bind("@unit", toUnitId);
            move.Bind("@participant", participantId);
            await move.ExecuteNonQueryAsync(ct);
            foreach (var (period, _, answers, correct) in rows) await AddToPathAsync(path, toUnitId, period, 1, answers, correct);
            return rows.Count;
        }, ct);
        units.Forget();
        log.LogInformation("Board totals of participant {ParticipantId} moved to unit {UnitId}: {Rows} period rows", participantId, toUnitId, moved);
    }

    /// <summary>
    /// On PostgreSQL, where several instances write at once: every change of the totals reaches the top of the tree,
    /// so concurrent changes would wait for each other's rows anyway, and in crossed orders they would deadlock (one
    /// holds the province row and wants a cell the other holds). Writers of the totals take their turn for the rest
    /// of the transaction instead. SQLite's writers already go one at a time.
    /// </summary>
    private static async Task TakeTurnAsync(Func<string, DbCommand> sql)
    {
        var turn = sql("SELECT pg_advisory_xact_lock(@key)");
        if (!turn.IsPostgres()) return;
        turn.Bind("@key", TotalsLock);
        await turn.ExecuteScalarAsync();
    }

    /// <summary>The advisory lock of the totals' writers ("QBTOTALS").</summary>
    private const long TotalsLock = 0x5142544F54414C53;

    private static async Task AddToPathAsync(DbCommand path, int unit, PeriodKey period, int participants, int answers, int correct)
    {
        path.Parameters.Clear();
        path.Bind("@unit", unit);
        path.Bind("@participants", participants);
        Bind(path, period, answers, correct);
        await path.ExecuteNonQueryAsync();
    }

    private static void Bind(DbCommand command, PeriodKey period, int answers, int correct)
    {
        command.Bind("@period", (int)period.Period);
        command.Bind("@start", period.Start);
        command.Bind("@answers", answers);
        command.Bind("@correct", correct);
    }
}
