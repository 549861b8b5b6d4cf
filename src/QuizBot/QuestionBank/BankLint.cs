using System.Globalization;
using System.Text;

namespace QuizBot.QuestionBank;

public enum LintCheck { SourceWithoutArticle, PastValidUntil, NearDuplicate, Giveaway }

/// <summary>One thing an editor should look at, at the question it concerns.</summary>
public sealed record LintFinding(LintCheck Check, SourceLocation Location, string QuestionId, string Message);

public sealed record LintReport(IReadOnlyList<LintFinding> Findings)
{
    public IEnumerable<LintFinding> Of(LintCheck check) => Findings.Where(f => f.Check == check);

    public int Count(LintCheck check) => Findings.Count(f => f.Check == check);
}

/// <summary>
/// <c>bank lint</c>'s checks: advice for editors, never a reason to refuse a file. Pure: the questions and "today"
/// in, findings out, in bank order within each check.
/// </summary>
public static class BankLint
{
    /// <summary>Stems at least this similar (Jaccard over word pairs) are reported as near-duplicates.</summary>
    public const double DefaultSimilarity = 0.5;

    /// <summary>
    /// An option of fewer words or letters is too common a phrase to count as a give-away ("60 phút", "Bộ Chính
    /// trị"). Digits do not count as letters: a date or a figure ("1/7/2025", "4.821 chi bộ") is mostly the date of
    /// issue or a figure quoted in many explanations of its topic, and listing them all drowns the real give-aways.
    /// </summary>
    public const int MinGiveawayWords = 3;

    public const int MinGiveawayLetters = 12;

    public static LintReport Run(IReadOnlyList<BankQuestion> questions, DateOnly today, double similarity = DefaultSimilarity)
    {
        var findings = new List<LintFinding>();
        findings.AddRange(SourcesWithoutArticle(questions));
        findings.AddRange(PastValidUntil(questions, today));
        findings.AddRange(NearDuplicates(questions, similarity));
        findings.AddRange(Giveaways(questions));
        return new LintReport(findings);
    }

    public static IEnumerable<LintFinding> SourcesWithoutArticle(IEnumerable<BankQuestion> questions)
    {
        foreach (var q in questions.Where(q => q.Status == QuestionStatus.Reviewed))
        {
            var source = q.Content.Source;
            if (SourceReferences.IsArticleLevel(source)) continue;
            var message = SourceReferences.NamesDocument(source)
                ? $"reviewed, but the source cites no article, clause or section (Điều, khoản, mục): \"{source}\""
                : $"reviewed, but the source names no document: \"{source}\"";
            yield return new LintFinding(LintCheck.SourceWithoutArticle, q.Location, q.Id, message);
        }
    }

    public static IEnumerable<LintFinding> PastValidUntil(IEnumerable<BankQuestion> questions, DateOnly today)
    {
        foreach (var q in questions)
        {
            if (q.ValidUntil is not { } until || until >= today) continue;
            var days = today.DayNumber - until.DayNumber;
            yield return new LintFinding(LintCheck.PastValidUntil, q.Location, q.Id,
                $"valid_until {until:yyyy-MM-dd} passed {days} days ago: it is no longer served; update it to the rule that replaced it, or remove it");
        }
    }

    public static IEnumerable<LintFinding> NearDuplicates(IReadOnlyList<BankQuestion> questions, double similarity = DefaultSimilarity)
    {
        var stems = questions.Select(q => Shingles(Words(q.Content.Text.Vi))).ToList();
        foreach (var (a, b, score) in SimilarSets.Pairs(stems, similarity).OrderBy(p => p.A).ThenBy(p => p.B))
        {
            var (first, second) = (questions[a], questions[b]);
            yield return new LintFinding(LintCheck.NearDuplicate, first.Location, first.Id,
                $"stem {score.ToString("0.00", CultureInfo.InvariantCulture)} similar to {second.Id} ({second.Location})");
        }
    }

    /// <summary>
    /// An explanation that quotes the right option of another question of its topic tells whoever reads it that
    /// question's answer. A question whose own right option says the same thing gives nothing more away.
    /// </summary>
    public static IEnumerable<LintFinding> Giveaways(IEnumerable<BankQuestion> questions)
    {
        foreach (var topic in questions.GroupBy(q => q.Topic))
        {
            var inTopic = topic.ToList();
            // The keyed options of the topic, looked up by their first two words so each explanation is read once.
            var keyed = new Dictionary<(string, string), List<(BankQuestion Owner, string[] Words, string Text)>>();
            foreach (var q in inTopic.Where(q => q.Type is QuestionType.Single or QuestionType.Multi))
            {
                foreach (var index in q.Content.Answer)
                {
                    var text = q.Content.Options[index].Vi;
                    var words = Words(text);
                    if (words.Length < MinGiveawayWords || text.Count(char.IsLetter) < MinGiveawayLetters) continue;
                    var key = (words[0], words[1]);
                    if (!keyed.TryGetValue(key, out var list)) keyed[key] = list = [];
                    list.Add((q, words, text));
                }
            }
            if (keyed.Count == 0) continue;

            foreach (var q in inTopic)
            {
                var explanation = Words(q.Content.Explanation.Vi);
                var own = q.Type is QuestionType.Single or QuestionType.Multi
                    ? q.Content.Answer.Select(i => Words(q.Content.Options[i].Vi)).ToList()
                    : [];
                var reported = new HashSet<string>();
                for (var i = 0; i + 1 < explanation.Length; i++)
                {
                    if (!keyed.TryGetValue((explanation[i], explanation[i + 1]), out var candidates)) continue;
                    foreach (var (owner, words, text) in candidates)
                    {
                        if (owner.Id == q.Id || reported.Contains(owner.Id) || !StartsAt(explanation, i, words)) continue;
                        if (own.Any(o => Contains(o, words))) continue;
                        reported.Add(owner.Id);
                        yield return new LintFinding(LintCheck.Giveaway, q.Location, q.Id,
                            $"the explanation gives away the answer of {owner.Id} ({owner.Location}): \"{text}\"");
                    }
                }
            }
        }
    }

    /// <summary>
    /// The words of a Vietnamese (or English) text for comparison: Unicode-normalised, lower case, punctuation
    /// dropped, diacritics kept ("họp" and "hợp" are different words).
    /// </summary>
    public static string[] Words(string text)
    {
        var normal = text.Normalize(NormalizationForm.FormC).ToLower(CultureInfo.InvariantCulture);
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in normal)
        {
            if (char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark) word.Append(c);
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0) words.Add(word.ToString());
        return [.. words];
    }

    /// <summary>Overlapping word pairs: Vietnamese words are mostly two syllables, so pairs carry the meaning.</summary>
    public static HashSet<string> Shingles(string[] words)
    {
        if (words.Length == 1) return [words[0]];
        var shingles = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < words.Length; i++) shingles.Add(words[i] + " " + words[i + 1]);
        return shingles;
    }

    private static bool StartsAt(string[] text, int at, string[] words)
    {
        if (at + words.Length > text.Length) return false;
        for (var k = 0; k < words.Length; k++)
        {
            if (text[at + k] != words[k]) return false;
        }
        return true;
    }

    private static bool Contains(string[] text, string[] words)
    {
        for (var i = 0; i + words.Length <= text.Length; i++)
        {
            if (StartsAt(text, i, words)) return true;
        }
        return false;
    }
}
