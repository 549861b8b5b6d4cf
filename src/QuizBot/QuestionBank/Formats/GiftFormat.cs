using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace QuizBot.QuestionBank.Formats;

/// <summary>
/// Moodle's GIFT format. QuizBot reads multiple choice (<c>{=right ~wrong}</c>), multiple answers with weights
/// (<c>{~%50%a ~%50%b ~%-100%c}</c>), true/false and essays; the other GIFT types (matching, numerical, short answer,
/// missing word, descriptions) are reported with their line and skipped. A question's general feedback
/// (<c>####</c>) becomes its explanation; per-answer feedback has no place in the bank and is ignored.
/// </summary>
public sealed partial class GiftFormat : IQuestionFormat
{
    private const string Special = "~=#{}:";

    public string Name => "gift";

    public ReadResult Read(string content, ImportSettings settings)
    {
        var questions = new List<ImportedQuestion>();
        var errors = new List<BankError>();
        var skipped = new List<BankError>();
        foreach (var block in Blocks(content))
        {
            var reader = new BlockReader(block, settings);
            switch (reader.Read())
            {
                case Outcome.Question:
                    questions.Add(reader.Question!);
                    break;
                case Outcome.Error:
                    errors.Add(reader.Problem!);
                    break;
                case Outcome.Skipped:
                    skipped.Add(reader.Problem!);
                    break;
            }
        }
        return new ReadResult(questions, errors, skipped);
    }

    public IReadOnlyList<BankError> Write(IReadOnlyList<BankQuestion> questions, string language, Stream output)
    {
        var gift = new StringBuilder();
        gift.Append("// QuizBot question bank, exported in '").Append(language).Append("'.\n");
        gift.Append("// Each question's title is its id in the bank; the general feedback (####) is its explanation.\n");
        string? topic = null;
        foreach (var q in questions)
        {
            if (q.Topic != topic)
            {
                topic = q.Topic;
                gift.Append("\n$CATEGORY: ").Append(topic).Append('\n');
            }
            gift.Append('\n');
            gift.Append("::").Append(q.Id).Append("::").Append(Escape(q.Content.Text.For(language))).Append(" {");
            var explanation = "####" + Escape(q.Content.Explanation.For(language));
            switch (q.Type)
            {
                case QuestionType.TrueFalse:
                    gift.Append(q.Content.Answer is [1] ? "FALSE" : "TRUE").Append(explanation).Append("}\n");
                    break;
                case QuestionType.Text:
                    gift.Append(explanation).Append("}\n");
                    break;
                default:
                    gift.Append('\n');
                    var right = q.Content.Answer.Count;
                    for (var i = 0; i < q.Content.Options.Count; i++)
                    {
                        var isRight = q.Content.Answer.Contains(i);
                        var marker = q.Type == QuestionType.Single
                            ? isRight ? "=" : "~"
                            : isRight ? $"~%{Weight(100m / right)}%" : "~%-100%";
                        gift.Append('\t').Append(marker).Append(Escape(q.Content.Options[i].For(language))).Append('\n');
                    }
                    gift.Append('\t').Append(explanation).Append("\n}\n");
                    break;
            }
        }
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        writer.Write(gift.ToString());
        return [];
    }

    /// <summary>Moodle's grades for a share of the marks: 50, 33.33333, 25, ….</summary>
    private static string Weight(decimal percent) =>
        Math.Round(percent, 5).ToString("0.#####", CultureInfo.InvariantCulture);

    internal static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            if (c == '\\' || Special.Contains(c)) escaped.Append('\\').Append(c);
            else if (c == '\n') escaped.Append("\\n");
            else if (c != '\r') escaped.Append(c);
        }
        return escaped.ToString();
    }

    internal static string Unescape(string text)
    {
        var plain = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                var next = text[i + 1];
                if (next == '\\' || Special.Contains(next)) { plain.Append(next); i++; continue; }
                if (next == 'n') { plain.Append('\n'); i++; continue; }
            }
            plain.Append(text[i]);
        }
        return plain.ToString();
    }

    /// <summary>
    /// The questions of a file: runs of lines between blank lines, without comment lines (<c>//</c>) and
    /// <c>$CATEGORY:</c> lines (the topic comes from the command line).
    /// </summary>
    private static IEnumerable<Block> Blocks(string content)
    {
        var lines = content.TrimStart('\uFEFF').Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var block = new List<(int Line, string Text)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.StartsWith("//", StringComparison.Ordinal)) continue;
            if (trimmed.Length == 0)
            {
                if (block.Count > 0) yield return new Block(block);
                block = [];
                continue;
            }
            if (block.Count == 0 && trimmed.StartsWith("$CATEGORY:", StringComparison.OrdinalIgnoreCase)) continue;
            block.Add((i + 1, lines[i]));
        }
        if (block.Count > 0) yield return new Block(block);
    }

    private sealed class Block(List<(int Line, string Text)> lines)
    {
        public string Text { get; } = string.Join("\n", lines.Select(l => l.Text));

        public int FirstLine => lines[0].Line;

        /// <summary>The file line of a position in <see cref="Text"/>.</summary>
        public int LineAt(int index) => lines[Text.AsSpan(0, Math.Min(index, Text.Length)).Count('\n')].Line;
    }

    private enum Outcome { Question, Error, Skipped }

    private sealed class BlockReader(Block block, ImportSettings settings)
    {
        private readonly string text = block.Text;

        public ImportedQuestion? Question { get; private set; }

        public BankError? Problem { get; private set; }

        public Outcome Read()
        {
            var pos = SkipSpace(0);
            string? title = null;
            if (text.AsSpan(pos).StartsWith("::"))
            {
                var end = FindUnescaped(text, "::", pos + 2);
                if (end < 0) return Error(pos, "the title opened with '::' is not closed with '::'");
                title = Unescape(text[(pos + 2)..end]).Trim();
                pos = end + 2;
            }
            var named = title is { Length: > 0 } ? $"'{title}' " : "";

            var open = FindUnescaped(text, "{", pos);
            if (open < 0) return Skip(pos, $"question {named}has no answers in {{…}} (a Moodle description); skipped");
            var close = FindUnescaped(text, "}", open + 1);
            if (close < 0) return Error(open, "the answers opened with '{' are not closed with '}'");
            // Moodle writes the format once, before the question; its answers and feedback share it.
            var isHtml = IsHtml(text[pos..open]);
            var questionText = CleanText(text[pos..open], isHtml);
            if (text[(close + 1)..].Trim().Length > 0)
            {
                return Skip(open, $"question {named}has text after its answers (a missing-word question), which QuizBot does not support; skipped");
            }
            if (questionText.Length == 0) return Error(pos, $"question {named}has no text before its answers");

            var answers = text[(open + 1)..close];
            string? feedback = null;
            var general = FindUnescaped(answers, "####", 0);
            if (general >= 0)
            {
                feedback = CleanText(answers[(general + 4)..], isHtml);
                answers = answers[..general];
            }
            var offset = open + 1;
            var body = answers.Trim();

            if (body.Length == 0) return Done(QuestionType.Text, questionText, [], [], feedback, title);
            if (body.StartsWith('#')) return Skip(open, $"question {named}is numerical ({{#…}}), which QuizBot does not support; skipped");

            var head = body[..(FindUnescaped(body, "#", 0) is var hash and >= 0 ? hash : body.Length)].Trim().ToUpperInvariant();
            if (FindAny(body, "=~") < 0 && head is "T" or "TRUE" or "F" or "FALSE")
            {
                return Done(QuestionType.TrueFalse, questionText, [], head.StartsWith('T') ? [0] : [1], feedback, title);
            }

            var start = FindAny(answers, "=~");
            if (start < 0 || answers[..start].Trim().Length > 0)
            {
                return Error(offset + Math.Max(start, 0), "each answer must start with '=' (right) or '~' (wrong)");
            }
            var items = new List<(char Marker, string Body, int At)>();
            while (start >= 0)
            {
                var next = FindAny(answers, "=~", start + 1);
                var end = next < 0 ? answers.Length : next;
                items.Add((answers[start], answers[(start + 1)..end], offset + start));
                start = next;
            }

            if (items.Any(i => FindUnescaped(i.Body, "->", 0) >= 0))
            {
                return Skip(open, $"question {named}is a matching question, which QuizBot does not support; skipped");
            }
            if (items.All(i => i.Marker == '='))
            {
                return Skip(open, $"question {named}is a short-answer question (only '=' answers), which QuizBot does not support; skipped");
            }
            if (items.Count(i => i.Marker == '=') > 1)
            {
                return Skip(open, $"question {named}marks several answers with '=' (any one of them right), which QuizBot does not support; for several right answers use weights like ~%50%; skipped");
            }

            var options = new List<string>();
            var right = new List<int>();
            var singleMarked = items.Any(i => i.Marker == '=');
            foreach (var (marker, itemBody, at) in items)
            {
                var rest = itemBody.TrimStart();
                decimal? weight = null;
                if (rest.StartsWith('%'))
                {
                    var endWeight = rest.IndexOf('%', 1);
                    if (endWeight < 0 || !decimal.TryParse(rest[1..endWeight], NumberStyles.Number, CultureInfo.InvariantCulture, out var w))
                    {
                        return Error(at, $"the weight in '{marker}{itemBody.Trim()}' must be a percentage like %50% or %-100%");
                    }
                    weight = w;
                    rest = rest[(endWeight + 1)..];
                }
                var answerFeedback = FindUnescaped(rest, "#", 0);
                var option = CleanText(answerFeedback >= 0 ? rest[..answerFeedback] : rest, isHtml);
                if (option.Length == 0) return Error(at, "an answer has no text");
                // With an '=' answer Moodle asks for one choice: only that one is right. Without one, every
                // answer with a positive weight is part of the right choice.
                if (singleMarked ? marker == '=' : weight > 0) right.Add(options.Count);
                options.Add(option);
            }
            if (right.Count == 0)
            {
                return Error(open, "no answer is marked right: mark it with '=' or, for several right answers, with weights like ~%50%");
            }
            return Done(right.Count == 1 ? QuestionType.Single : QuestionType.Multi, questionText, options, right, feedback, title);
        }

        private Outcome Done(QuestionType type, string questionText, IReadOnlyList<string> options, IReadOnlyList<int> answer, string? feedback, string? title)
        {
            var location = new SourceLocation(settings.SourceName, block.FirstLine);
            Question = new ImportedQuestion(SingleLanguageQuestion.Create(settings, location, type, questionText, options, answer, feedback), title);
            return Outcome.Question;
        }

        private Outcome Error(int index, string message)
        {
            Problem = new BankError(new SourceLocation(settings.SourceName, block.LineAt(index)), message);
            return Outcome.Error;
        }

        private Outcome Skip(int index, string message)
        {
            Problem = new BankError(new SourceLocation(settings.SourceName, block.LineAt(index)), message);
            return Outcome.Skipped;
        }

        private int SkipSpace(int pos)
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
            return pos;
        }
    }

    private static bool IsHtml(string gift) =>
        FormatMarker().Match(gift) is { Success: true } format && format.Groups[1].Value.Equals("html", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Plain text from a piece of GIFT: without a format marker such as [html], on one line (a line break is
    /// written \n), with escapes resolved and, for HTML (marked here or on the question), without tags.
    /// </summary>
    private static string CleanText(string gift, bool questionIsHtml)
    {
        var format = FormatMarker().Match(gift);
        var isHtml = format.Success ? IsHtml(gift) : questionIsHtml;
        if (format.Success) gift = gift[format.Length..];
        var text = Unescape(Whitespace().Replace(gift, " ").Trim());
        if (isHtml)
        {
            text = HtmlBreak().Replace(text, "\n");
            text = WebUtility.HtmlDecode(HtmlTag().Replace(text, ""));
            text = string.Join("\n", text.Split('\n').Select(l => Whitespace().Replace(l, " ").Trim())).Trim('\n', ' ');
        }
        return text.Trim();
    }

    private static int FindUnescaped(string text, string what, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (string.CompareOrdinal(text, i, what, 0, what.Length) == 0) return i;
        }
        return -1;
    }

    private static int FindAny(string text, string chars, int from = 0)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (chars.Contains(text[i])) return i;
        }
        return -1;
    }

    [GeneratedRegex(@"^\s*\[(html|moodle|plain|markdown)\]", RegexOptions.IgnoreCase)]
    private static partial Regex FormatMarker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<br\s*/?>|</p>\s*<p[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlBreak();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex HtmlTag();
}
