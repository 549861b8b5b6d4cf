namespace QuizBot.Contests;

/// <summary>
/// One submitted attempt at a round, as the results need it: copied out of the database by the caller, so that
/// ranking, prizes and exports are plain functions of these rows. <paramref name="SubmittedAt"/> is UTC.
/// </summary>
public sealed record ContestantAttempt(
    int ParticipantId,
    string FullName,
    int UnitId,
    string UnitName,
    int AttemptNumber,
    double Score,
    double MaxScore,
    int? Prediction,
    long TotalTimeMs,
    DateTime SubmittedAt);

/// <summary>
/// A contestant's place: <paramref name="Rank"/> is shared by contestants equal on every key of the chain
/// ("1, 2, 2, 4"). <paramref name="PredictionError"/> is |prediction − actual|, null when either is missing.
/// </summary>
public sealed record ContestantResult(int Rank, ContestantAttempt Attempt, long? PredictionError, Prize Prize = Prize.None);

/// <summary>Picks the attempt that counts for each contestant of a round that allows several.</summary>
public static class BestAttempt
{
    /// <summary>
    /// One attempt per participant: the highest score; among equal scores the earlier attempt (lower attempt
    /// number, then earlier submission), as the contests count "each person's best and earliest entry". Ordered by
    /// participant id.
    /// </summary>
    public static IReadOnlyList<ContestantAttempt> Select(IEnumerable<ContestantAttempt> attempts) =>
        attempts
            .GroupBy(a => a.ParticipantId)
            .Select(g => g
                .OrderByDescending(a => Ranking.ScoreKey(a.Score))
                .ThenBy(a => a.AttemptNumber)
                .ThenBy(a => a.SubmittedAt)
                .First())
            .OrderBy(a => a.ParticipantId)
            .ToList();
}
