using Microsoft.EntityFrameworkCore;
using QuizBot.Data;

namespace QuizBot.QuestionBank;

/// <summary>One question's statistics with what the bank says about it.</summary>
/// <param name="Topic">The topic of the newest version.</param>
/// <param name="Versions">How many versions of the question the counted answers were given to.</param>
/// <param name="InBank">False when every version is retired: the question has left the bank.</param>
public sealed record ItemStatisticsRow(string Key, string Topic, int Versions, bool InBank, ItemResult Result);

/// <param name="Rows">The questions with at least MinAttempts attempts, worst first.</param>
/// <param name="TooFewAttempts">Questions answered, but in fewer than MinAttempts attempts.</param>
public sealed record ItemStatisticsReport(
    int MinAttempts,
    int Answers,
    int Attempts,
    IReadOnlyList<ItemStatisticsRow> Rows,
    int TooFewAttempts)
{
    /// <summary>The flagged questions still in the bank, worst first: the ones worth revising.</summary>
    public IEnumerable<ItemStatisticsRow> Weakest => Rows.Where(r => r.InBank && r.Result.Flags != ItemFlags.None);

    /// <summary>Flagged questions that have left the bank, so there is nothing left to revise.</summary>
    public int FlaggedRetired => Rows.Count(r => !r.InBank && r.Result.Flags != ItemFlags.None);
}

/// <summary>
/// Item analysis over every recorded practice answer. An attempt is one practice session. Statistics are per
/// question key, all versions together: most edits fix wording, and splitting by version would leave each version
/// too few attempts to say anything; Versions shows where answers span an edit. Timed-out answers count as wrong;
/// questions drawn but never reached (an abandoned session) have no answer and do not count.
/// </summary>
public sealed class ItemStatistics(QuizBotDb db)
{
    /// <summary>Fewer attempts than this make the percentages mostly noise.</summary>
    public const int DefaultMinAttempts = 10;

    /// <param name="keys">
    /// Only the attempts that answered one of these questions, with all their answers, so that these questions' figures
    /// are those of the whole analysis: the dashboard's bank browser reads one topic, not every answer ever given.
    /// </param>
    public async Task<ItemStatisticsReport> ComputeAsync(int minAttempts, CancellationToken ct, IReadOnlyCollection<string>? keys = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minAttempts, 1);
        var recorded = db.Answers.AsNoTracking();
        if (keys is not null) recorded = recorded.Where(a => db.Answers.Any(o => o.AttemptId == a.AttemptId && keys.Contains(o.Question!.Key)));
        var answers = await recorded
            .Select(a => new { a.AttemptId, a.Question!.Key, a.Question.Version, a.IsCorrect })
            .ToListAsync(ct);
        var versions = await db.Questions.AsNoTracking()
            .Select(q => new { q.Key, q.Version, q.Topic, q.RetiredAt })
            .ToListAsync(ct);

        var results = ItemAnalysis.Analyse(answers.Select(a => new ItemResponse(a.AttemptId, a.Key, a.IsCorrect)));
        var askedVersions = answers.GroupBy(a => a.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Version).Distinct().Count(), StringComparer.Ordinal);
        var questions = versions.GroupBy(q => q.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (g.MaxBy(q => q.Version)!.Topic, InBank: g.Any(q => q.RetiredAt is null)),
            StringComparer.Ordinal);

        var rows = ItemAnalysis.WorstFirst(results.Where(r => r.Attempts >= minAttempts))
            .Select(r => new ItemStatisticsRow(r.QuestionKey, questions[r.QuestionKey].Topic, askedVersions[r.QuestionKey], questions[r.QuestionKey].InBank, r))
            .ToList();
        return new ItemStatisticsReport(
            minAttempts,
            answers.Count,
            answers.Select(a => a.AttemptId).Distinct().Count(),
            rows,
            results.Count(r => r.Attempts < minAttempts));
    }
}
