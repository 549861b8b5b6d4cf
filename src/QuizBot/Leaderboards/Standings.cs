using Microsoft.EntityFrameworkCore;
using QuizBot.Data;
using QuizBot.Practice;

namespace QuizBot.Leaderboards;

/// <summary>Where a participant stands on everyone's people board: how many rank ahead, and their own figures.</summary>
public readonly record struct Place(int Ahead, int Correct, int Answers);

/// <summary>A participant's row of a period as a change of the totals left it.</summary>
public readonly record struct RowChange(int ParticipantId, PeriodKey Period, int Correct, int Answers);

/// <summary>
/// Everyone's people board of the current periods, kept in memory, for the asker's own rank. Counting the rows
/// ahead of someone in the database walks an index entry per row, up to half of a period's 300,000 participants;
/// here it adds up a count per number of correct answers and looks into the one group that ties. The totals'
/// writer hands over every change of a participant row (<see cref="Changed"/>); they are applied once the
/// transaction has committed, before the next writer's turn. A period is read from the database on its first
/// request, in the write turn too, so no change is missed or counted twice.
/// </summary>
/// <remarks>
/// Only where this process is the one writer (SQLite). On PostgreSQL other instances change the totals unseen, and
/// the own rank is counted in the database (<see cref="Enabled"/> false).
/// </remarks>
public sealed class Standings(WriteGate gate, IServiceScopeFactory scopes, QuizClock clock, ILogger<Standings> log)
{
    private readonly Lock sync = new();
    private readonly Dictionary<PeriodKey, Ladder> ladders = [];

    public bool Enabled => gate.Serialized;

    /// <summary>Reads the current periods, so the first /leaderboard after a start does not wait for them.</summary>
    public async Task WarmAsync(CancellationToken ct)
    {
        if (!Enabled) return;
        foreach (var period in BoardPeriods.All(clock.Today())) await LadderAsync(period, ct);
    }

    /// <summary>
    /// Called inside a write transaction of the totals: the changes reach the ladders after the commit (none if it
    /// rolls back). Only ladders already read take them; a period read later reads them from the database.
    /// </summary>
    public void Changed(IReadOnlyList<RowChange> changes)
    {
        if (!Enabled || changes.Count == 0) return;
        gate.AfterCommit(() =>
        {
            lock (sync)
            {
                foreach (var change in changes)
                {
                    if (ladders.TryGetValue(change.Period, out var ladder)) ladder.Move(change);
                }
            }
        });
    }

    /// <summary>Everyone's standings in a current period, or null where they are not kept here (PostgreSQL, a past period).</summary>
    public async Task<Ladder?> LadderAsync(PeriodKey period, CancellationToken ct)
    {
        if (!Enabled || period != BoardPeriods.Of(period.Period, clock.Today())) return null;
        lock (sync)
        {
            if (ladders.TryGetValue(period, out var kept)) return kept;
        }
        // In the write turn: no change commits between this read and the ladder taking changes.
        return await gate.WriteAsync(async () =>
        {
            lock (sync)
            {
                if (ladders.TryGetValue(period, out var kept)) return kept;
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
            var rows = await db.ParticipantTotals.AsNoTracking()
                .Where(t => t.Period == period.Period && t.Start == period.Start)
                .Select(t => new { t.ParticipantId, t.Correct, t.Answers })
                .ToListAsync(ct);
            var ladder = new Ladder(rows.Select(r => (r.ParticipantId, r.Correct, r.Answers)));
            lock (sync)
            {
                // A new week or month: the one before it is no longer anyone's current board.
                foreach (var old in ladders.Keys.Where(k => k.Period == period.Period).ToList()) ladders.Remove(old);
                ladders[period] = ladder;
            }
            log.LogDebug("Standings of {Period} {Start} read: {Rows} participants", period.Period, period.StartText, rows.Count);
            return ladder;
        }, ct);
    }

    /// <summary>
    /// One period's participants in board order (most correct, then fewest answers, then the lowest id): a count per
    /// number of correct answers, and within each, the ids per number of answers, sorted.
    /// </summary>
    public sealed class Ladder
    {
        private readonly Lock sync = new();
        private readonly List<int> withCorrect = [];
        private readonly Dictionary<int, SortedDictionary<int, List<int>>> ties = [];
        private readonly Dictionary<int, (int Correct, int Answers)> rows = [];

        internal Ladder(IEnumerable<(int Id, int Correct, int Answers)> initial)
        {
            foreach (var (id, correct, answers) in initial)
            {
                rows[id] = (correct, answers);
                Count(correct, 1);
                Group(correct, answers).Add(id);
            }
            foreach (var group in ties.Values.SelectMany(t => t.Values)) group.Sort();
        }

        /// <summary>Where the participant stands; null: they have no row in the period.</summary>
        public Place? Place(int id)
        {
            lock (sync)
            {
                if (!rows.TryGetValue(id, out var row)) return null;
                var ahead = 0;
                for (var c = row.Correct + 1; c < withCorrect.Count; c++) ahead += withCorrect[c];
                foreach (var (answers, ids) in ties[row.Correct])
                {
                    if (answers >= row.Answers)
                    {
                        ahead += ids.BinarySearch(id);
                        break;
                    }
                    ahead += ids.Count;
                }
                return new Place(ahead, row.Correct, row.Answers);
            }
        }

        /// <summary>Moves a participant from where the change found them to where it leaves them.</summary>
        internal void Move(RowChange change)
        {
            lock (sync)
            {
                var id = change.ParticipantId;
                if (rows.Remove(id, out var before)) Leave(id, before.Correct, before.Answers);
                var after = (change.Correct, change.Answers);
                rows[id] = after;
                Count(after.Correct, 1);
                var group = Group(after.Correct, after.Answers);
                var at = group.BinarySearch(id);
                group.Insert(at < 0 ? ~at : at, id);
            }
        }

        private void Leave(int id, int correct, int answers)
        {
            Count(correct, -1);
            var byAnswers = ties[correct];
            var group = byAnswers[answers];
            group.RemoveAt(group.BinarySearch(id));
            if (group.Count > 0) return;
            byAnswers.Remove(answers);
            if (byAnswers.Count == 0) ties.Remove(correct);
        }

        private void Count(int correct, int by)
        {
            while (withCorrect.Count <= correct) withCorrect.Add(0);
            withCorrect[correct] += by;
        }

        private List<int> Group(int correct, int answers)
        {
            if (!ties.TryGetValue(correct, out var byAnswers)) ties[correct] = byAnswers = [];
            if (!byAnswers.TryGetValue(answers, out var group)) byAnswers[answers] = group = [];
            return group;
        }
    }
}
