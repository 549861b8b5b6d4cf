namespace QuizBot.Contests;

/// <summary>Orders the counted attempts of a round by a tie-break chain and numbers the places.</summary>
public static class Ranking
{
    /// <summary>
    /// Ranks one attempt per contestant (see <see cref="BestAttempt.Select"/>) with standard competition ranking:
    /// contestants equal on every key of <paramref name="chain"/> share a rank and the next rank skips ("1, 2, 2, 4").
    /// On the prediction key a contestant without a prediction, or every contestant when
    /// <paramref name="actualForPrediction"/> is not known yet, sorts after all who have a distance; such
    /// contestants are equal to each other on that key. Rows tied on the whole chain are listed by name (ordinal)
    /// and then participant id, so the order is the same on every run, but their rank is the same.
    /// </summary>
    /// <exception cref="ArgumentException">A participant appears more than once.</exception>
    public static IReadOnlyList<ContestantResult> Rank(
        IReadOnlyList<ContestantAttempt> best, TieBreakChain chain, int? actualForPrediction)
    {
        var duplicate = best.GroupBy(a => a.ParticipantId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"participant {duplicate.Key} has {duplicate.Count()} attempts; rank one attempt each (BestAttempt.Select)", nameof(best));

        var rows = best
            .Select(a => new ContestantResult(0, a, PredictionError(a.Prediction, actualForPrediction)))
            .ToList();
        int OnChain(ContestantResult x, ContestantResult y)
        {
            foreach (var key in chain.Keys)
            {
                var c = Compare(key, x, y);
                if (c != 0) return c;
            }
            return 0;
        }
        rows.Sort((x, y) =>
        {
            var c = OnChain(x, y);
            if (c != 0) return c;
            c = string.CompareOrdinal(x.Attempt.FullName, y.Attempt.FullName);
            return c != 0 ? c : x.Attempt.ParticipantId.CompareTo(y.Attempt.ParticipantId);
        });

        var ranked = new List<ContestantResult>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var rank = i > 0 && OnChain(rows[i - 1], rows[i]) == 0 ? ranked[i - 1].Rank : i + 1;
            ranked.Add(rows[i] with { Rank = rank });
        }
        return ranked;
    }

    /// <summary>
    /// A score as compared: rounded to 6 decimals, so that 0.1 + 0.2 and 0.3 (the same score reached by different
    /// sums of per-question points) tie instead of being split by floating-point noise.
    /// </summary>
    internal static double ScoreKey(double score) => Math.Round(score, 6, MidpointRounding.AwayFromZero);

    private static long? PredictionError(int? prediction, int? actual) =>
        prediction is { } p && actual is { } a ? Math.Abs((long)p - a) : null;

    /// <summary>Negative when <paramref name="x"/> ranks better than <paramref name="y"/> on this key.</summary>
    private static int Compare(TieBreakKey key, ContestantResult x, ContestantResult y) => key switch
    {
        TieBreakKey.Score => ScoreKey(y.Attempt.Score).CompareTo(ScoreKey(x.Attempt.Score)),
        TieBreakKey.Prediction => (x.PredictionError, y.PredictionError) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            ({ } a, { } b) => a.CompareTo(b),
        },
        TieBreakKey.Time => x.Attempt.TotalTimeMs.CompareTo(y.Attempt.TotalTimeMs),
        TieBreakKey.Submitted => x.Attempt.SubmittedAt.CompareTo(y.Attempt.SubmittedAt),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, null),
    };
}
