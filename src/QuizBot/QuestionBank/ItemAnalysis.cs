namespace QuizBot.QuestionBank;

/// <summary>One recorded answer as item analysis sees it: in which attempt, to which question, right or not.</summary>
public readonly record struct ItemResponse(long AttemptId, string QuestionKey, bool IsCorrect);

/// <summary>What is wrong with an item, in order of severity: the weakest list sorts by the most severe flag.</summary>
[Flags]
public enum ItemFlags
{
    None = 0,
    NegativeDiscrimination = 1,
    TooHard = 2,
    TooEasy = 4,
    WeakDiscrimination = 8,
}

/// <summary>
/// The statistics of one question. Facility, Discrimination and UpperLower are percentages. Discrimination and
/// UpperLower are null where they are undefined: fewer than two usable attempts, or the item or the rest score
/// is the same in every attempt.
/// </summary>
/// <param name="Attempts">Attempts that answered the question; facility is over these.</param>
/// <param name="DiscriminatingAttempts">Of those, the attempts with at least one other answer; discrimination is over these.</param>
public sealed record ItemResult(
    string QuestionKey,
    int Attempts,
    double Facility,
    double? Discrimination,
    double? UpperLower,
    int DiscriminatingAttempts)
{
    public ItemFlags Flags => ItemAnalysis.Flag(Facility, Discrimination);

    /// <summary>The most severe flag, or None.</summary>
    public ItemFlags Worst => Flags == ItemFlags.None ? ItemFlags.None : (ItemFlags)((int)Flags & -(int)Flags);
}

/// <summary>
/// Classical item analysis as Moodle's quiz statistics define it, for items scored 0 or 1.
/// <para>
/// Facility index: F = 100 · mean item score over the attempts that answered the item (Moodle's
/// 100 · (x̄ − x_min) / (x_max − x_min) with x_min = 0 and x_max = 1).
/// </para>
/// <para>
/// Discrimination index: D = 100 · r(x, R), Pearson's correlation between the item score x and the score R on the
/// rest of the attempt (the attempt's other answers, the item itself left out so it does not correlate with
/// itself):
///   r = Σ(x − x̄)(R − R̄) / √(Σ(x − x̄)² · Σ(R − R̄)²)
/// summed over the attempts that answered the item and at least one other question. Moodle's R is the attempt's
/// total minus the item; its quizzes have a fixed set of questions, practice sessions do not (a person picks how
/// many and which topic), so R here is the share right among the other answers, (total − x) / (n − 1). For
/// attempts of equal length that is Moodle's R divided by a constant, which leaves r unchanged; for attempts of
/// different length it compares like with like instead of rewarding long sessions.
/// </para>
/// <para>
/// Upper − lower 27 % (Kelley): rank the same attempts by R, take the lowest and the highest
/// round(27 % · N) of them, and subtract the lower group's share right from the upper group's. Attempts tied at a
/// group's edge count in equal parts, so the result does not depend on the order the attempts came in.
/// </para>
/// Moodle's "discriminative efficiency" (D over the highest D the item's marginals allow) is not computed.
/// </summary>
public static class ItemAnalysis
{
    // Moodle's quiz report statistics page gives these guidance bands (from the Open University's iCMA guide):
    //   facility index  ≤ 5 extremely difficult, 6–10 very difficult, 11–20 difficult, 20–34 moderately difficult,
    //                   35–64 about right, 66–80 fairly easy, 81–89 easy, 90–94 very easy, 95–100 extremely easy;
    //   discrimination  ≥ 50 very good, 30–50 adequate, 20–29 weak, 0–19 very weak, negative: probably invalid.
    // We flag the outer bands only: above 90 (very or extremely easy), below 20 (difficult or worse), below 0
    // (probably invalid: the key may be wrong or the wording misleads the stronger people), and below 20 (very weak).

    /// <summary>Facility above this (percent) is too easy: nearly everyone is right, so the item tells no one apart.</summary>
    public const double TooEasyAbove = 90;

    /// <summary>Facility below this (percent) is too hard.</summary>
    public const double TooHardBelow = 20;

    /// <summary>Discrimination below this (percent) is negative: the weaker attempts do better on the item.</summary>
    public const double NegativeDiscriminationBelow = 0;

    /// <summary>Discrimination below this (percent), and not negative, is weak.</summary>
    public const double WeakDiscriminationBelow = 20;

    /// <summary>The share of attempts in each of the upper and the lower group (Kelley's 27 %).</summary>
    public const double GroupShare = 0.27;

    /// <returns>One result per question key, in ordinal key order.</returns>
    /// <exception cref="ArgumentException">An attempt answers the same question twice.</exception>
    public static IReadOnlyList<ItemResult> Analyse(IEnumerable<ItemResponse> responses)
    {
        var byItem = new Dictionary<string, List<(int Score, double? RestShare)>>(StringComparer.Ordinal);
        foreach (var attempt in responses.GroupBy(r => r.AttemptId))
        {
            var answers = attempt.ToList();
            var duplicate = answers.GroupBy(a => a.QuestionKey, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                // An attempt is a fixed set of items; a question answered twice would weigh double in every rest score.
                throw new ArgumentException($"attempt {attempt.Key} answers question '{duplicate.Key}' more than once", nameof(responses));
            }
            var total = answers.Count(a => a.IsCorrect);
            foreach (var answer in answers)
            {
                var score = answer.IsCorrect ? 1 : 0;
                double? rest = answers.Count < 2 ? null : (double)(total - score) / (answers.Count - 1);
                if (!byItem.TryGetValue(answer.QuestionKey, out var observations))
                {
                    byItem[answer.QuestionKey] = observations = [];
                }
                observations.Add((score, rest));
            }
        }
        return byItem.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => Item(i.Key, i.Value)).ToList();
    }

    public static ItemFlags Flag(double facility, double? discrimination)
    {
        var flags = ItemFlags.None;
        if (discrimination < NegativeDiscriminationBelow) flags |= ItemFlags.NegativeDiscrimination;
        else if (discrimination < WeakDiscriminationBelow) flags |= ItemFlags.WeakDiscrimination;
        if (facility < TooHardBelow) flags |= ItemFlags.TooHard;
        if (facility > TooEasyAbove) flags |= ItemFlags.TooEasy;
        return flags;
    }

    /// <summary>
    /// Flagged items first by their worst flag (negative discrimination, too hard, too easy, weak discrimination),
    /// the worst of each kind first; then the unflagged ones by key.
    /// </summary>
    public static IEnumerable<ItemResult> WorstFirst(IEnumerable<ItemResult> items) =>
        items.OrderBy(i => i.Worst == ItemFlags.None ? int.MaxValue : (int)i.Worst)
            .ThenBy(i => i.Worst switch
            {
                ItemFlags.NegativeDiscrimination or ItemFlags.WeakDiscrimination => i.Discrimination!.Value,
                ItemFlags.TooHard => i.Facility,
                ItemFlags.TooEasy => -i.Facility,
                _ => 0,
            })
            .ThenBy(i => i.QuestionKey, StringComparer.Ordinal);

    /// <summary>The flagged items only, worst first.</summary>
    public static IEnumerable<ItemResult> Weakest(IEnumerable<ItemResult> items) =>
        WorstFirst(items).Where(i => i.Flags != ItemFlags.None);

    public static string Describe(ItemFlags flags) => flags == ItemFlags.None
        ? ""
        : string.Join(", ", Enum.GetValues<ItemFlags>().Where(f => f != ItemFlags.None && flags.HasFlag(f)).Select(f => f switch
        {
            ItemFlags.NegativeDiscrimination => "negative discrimination",
            ItemFlags.TooHard => "too hard",
            ItemFlags.TooEasy => "too easy",
            ItemFlags.WeakDiscrimination => "weak discrimination",
            _ => f.ToString(),
        }));

    private static ItemResult Item(string key, List<(int Score, double? RestShare)> observations)
    {
        var facility = 100.0 * observations.Sum(o => o.Score) / observations.Count;
        var pairs = observations.Where(o => o.RestShare is not null).Select(o => (o.Score, RestShare: o.RestShare!.Value)).ToList();
        var (discrimination, upperLower) = Discrimination(pairs);
        return new ItemResult(key, observations.Count, facility, discrimination, upperLower, pairs.Count);
    }

    private static (double? Index, double? UpperLower) Discrimination(List<(int Score, double RestShare)> pairs)
    {
        var right = pairs.Count(p => p.Score == 1);
        // Rest scores are exact quotients of small integers, so equal shares compare equal.
        if (right == 0 || right == pairs.Count || pairs.All(p => p.RestShare == pairs[0].RestShare)) return (null, null);

        var meanScore = (double)right / pairs.Count;
        var meanRest = pairs.Average(p => p.RestShare);
        double sxy = 0, sxx = 0, syy = 0;
        foreach (var (score, rest) in pairs)
        {
            var dx = score - meanScore;
            var dy = rest - meanRest;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        var index = 100 * sxy / Math.Sqrt(sxx * syy);

        var size = Math.Max(1, (int)Math.Round(GroupShare * pairs.Count, MidpointRounding.AwayFromZero));
        var ascending = pairs.OrderBy(p => p.RestShare).ToList();
        var lower = ShareRight(ascending, size);
        ascending.Reverse();
        var upper = ShareRight(ascending, size);
        return (index, 100 * (upper - lower));
    }

    /// <summary>The share right among the first <paramref name="size"/> attempts; a tie across the edge counts in equal parts.</summary>
    private static double ShareRight(List<(int Score, double RestShare)> ranked, int size)
    {
        double right = 0;
        var taken = 0;
        foreach (var tie in ranked.GroupBy(p => p.RestShare))
        {
            var room = size - taken;
            var count = tie.Count();
            var correct = tie.Sum(p => p.Score);
            if (count >= room)
            {
                right += (double)correct * room / count;
                break;
            }
            right += correct;
            taken += count;
        }
        return right / size;
    }
}
