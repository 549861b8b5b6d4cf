using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using QuizBot.Data;

namespace QuizBot.Contests;

/// <summary>A round's results as read from the database: ranked contestants with prizes, and per unit.</summary>
public sealed record RoundOutcome(Round Round, IReadOnlyList<ContestantResult> Ranking, IReadOnlyList<UnitResult> Units, int? Actual);

/// <summary>
/// Computes a round's results from its attempts: every attempt that answered at least one question counts
/// (one left unfinished at the close counts with what it answered), the best attempt per contestant, ranked by
/// the round's tie-break chain, prizes by its tiers, and per unit against the members registered there.
/// </summary>
public sealed class RoundResults(QuizBotDb db)
{
    /// <summary>Whether a round's results may be shown: once it is closed, and for a judged round once it is finalised.</summary>
    public static bool ArePublished(Round round) =>
        round.Mode == RoundMode.Judged ? round.Status == RoundStatus.Finalised : round.Status is RoundStatus.Closed or RoundStatus.Finalised;

    /// <summary><see cref="ArePublished"/> as a query filter, for the database to apply.</summary>
    public static readonly Expression<Func<Round, bool>> Published = round =>
        round.Mode == RoundMode.Judged ? round.Status == RoundStatus.Finalised : round.Status == RoundStatus.Closed || round.Status == RoundStatus.Finalised;

    public async Task<RoundOutcome> ComputeAsync(Round round, CancellationToken ct)
    {
        var attempts = await db.Attempts.AsNoTracking()
            .Where(a => a.RoundId == round.Id && a.Status != AttemptStatus.Abandoned)
            .Select(a => new
            {
                a.ParticipantId,
                a.Number,
                a.Prediction,
                a.FinishedAt,
                a.StartedAt,
                Name = a.Participant!.DisplayName,
                UnitId = a.Participant.UnitId ?? 0,
                UnitName = a.Participant.Unit != null ? a.Participant.Unit.Name : "",
                Score = db.Answers.Where(x => x.AttemptId == a.Id).Sum(x => x.Score ?? 0),
                TimeMs = db.Answers.Where(x => x.AttemptId == a.Id).Sum(x => (long)x.ElapsedMs),
                LastAnswer = db.Answers.Where(x => x.AttemptId == a.Id).Max(x => (DateTime?)x.AnsweredAt),
            })
            .ToListAsync(ct);
        // A choice scores 1; a judged answer up to 10; a live answer up to 1000 for speed, plus the streak bonus.
        var max = round.Mode switch
        {
            RoundMode.Judged => round.QuestionIds.Length * 10,
            RoundMode.Live => Live.LiveScoring.MaxScore(round.QuestionIds.Length, round.StreakBonus),
            _ => round.QuestionIds.Length,
        };
        var taken = attempts.Where(a => a.LastAnswer is not null)
            .Select(a => new ContestantAttempt(a.ParticipantId, a.Name, a.UnitId, a.UnitName, a.Number, a.Score, max, a.Prediction, a.TimeMs,
                DateTime.SpecifyKind(a.FinishedAt ?? a.LastAnswer!.Value, DateTimeKind.Utc)))
            .ToList();
        var best = BestAttempt.Select(taken);
        int? actual = round.Prediction switch
        {
            PredictionKind.Participants => best.Count,
            PredictionKind.FullMarks => best.Count(a => a.Score >= a.MaxScore),
            _ => null,
        };
        var ranking = PrizeTiers.Parse(round.PrizeTiers).Apply(Ranking.Rank(best, TieBreakChain.Parse(round.TieBreaks), actual));

        var unitIds = best.Select(b => b.UnitId).Distinct().ToList();
        var members = await db.Participants.AsNoTracking()
            .Where(p => p.UnitId != null && unitIds.Contains(p.UnitId.Value) && p.Step == RegistrationStep.Registered)
            .GroupBy(p => p.UnitId!.Value).Select(g => new { Unit = g.Key, Count = g.Count() }).ToListAsync(ct);
        var units = best.DistinctBy(b => b.UnitId).ToDictionary(b => b.UnitId,
            b => (b.UnitName, members.FirstOrDefault(m => m.Unit == b.UnitId)?.Count ?? 0));
        return new RoundOutcome(round, ranking, UnitResults.Compute(ranking, units), actual);
    }
}
