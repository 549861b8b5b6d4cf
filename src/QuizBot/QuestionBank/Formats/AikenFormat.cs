using System.Text;
using System.Text.RegularExpressions;

namespace QuizBot.QuestionBank.Formats;

/// <summary>
/// The Aiken format: a question, its options <c>A. …</c> or <c>A) …</c>, and <c>ANSWER: B</c>. It holds one right
/// answer only, so multi and text questions are left out of an export; a true/false question is written as the two
/// options True / False (Đúng / Sai) and read back as true/false.
/// </summary>
public sealed partial class AikenFormat : IQuestionFormat
{
    public string Name => "aiken";

    public ReadResult Read(string content, ImportSettings settings)
    {
        var questions = new List<ImportedQuestion>();
        var errors = new List<BankError>();
        var lines = content.TrimStart('\uFEFF').Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        Pending? pending = null;
        SourceLocation At(int line) => new(settings.SourceName, line);

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var number = i + 1;
            if (line.Length == 0) continue;

            if (AnswerLine().Match(line) is { Success: true } answer)
            {
                if (pending is null)
                {
                    errors.Add(new BankError(At(number), "'ANSWER:' without a question above it"));
                    continue;
                }
                if (pending.Options.Count == 0)
                {
                    errors.Add(new BankError(At(pending.Line), "the question has no options (A. …, B. …)"));
                }
                else
                {
                    var letter = answer.Groups[1].Value.Trim().ToUpperInvariant();
                    var index = letter.Length == 1 ? letter[0] - 'A' : -1;
                    if (index < 0 || index >= pending.Options.Count)
                    {
                        var last = BankYamlWriter.Letter(pending.Options.Count - 1);
                        errors.Add(new BankError(At(number), $"'ANSWER: {answer.Groups[1].Value.Trim()}' must be one letter from A to {last} (Aiken has one right answer)"));
                    }
                    else
                    {
                        questions.Add(new ImportedQuestion(pending.ToQuestion(settings, At(pending.Line), index)));
                    }
                }
                pending = null;
                continue;
            }

            if (OptionLine().Match(line) is { Success: true } option)
            {
                if (pending is null)
                {
                    errors.Add(new BankError(At(number), $"option '{option.Groups[1].Value}' has no question above it"));
                    continue;
                }
                var expected = BankYamlWriter.Letter(pending.Options.Count);
                if (option.Groups[1].Value != expected)
                {
                    errors.Add(new BankError(At(number), $"option '{option.Groups[1].Value}' should be '{expected}': options go A, B, C, … in order"));
                }
                pending.Options.Add(option.Groups[2].Value.Trim());
                continue;
            }

            if (pending is { Options.Count: > 0 })
            {
                // Question text after the options: the previous question never got its answer.
                errors.Add(new BankError(At(pending.Line), "the question ends without an 'ANSWER:' line"));
                pending = null;
            }
            if (pending is null) pending = new Pending(number, line);
            else pending.Text.Append(' ').Append(line);
        }
        if (pending is not null) errors.Add(new BankError(At(pending.Line), "the question ends without an 'ANSWER:' line"));
        return new ReadResult(questions, errors, []);
    }

    public IReadOnlyList<BankError> Write(IReadOnlyList<BankQuestion> questions, string language, Stream output)
    {
        var aiken = new StringBuilder();
        var leftOut = new List<BankError>();
        foreach (var q in questions)
        {
            if (q.Type is QuestionType.Multi or QuestionType.Text)
            {
                leftOut.Add(new BankError(q.Location, $"{q.Id}: a {BankYamlWriter.TypeName(q.Type)} question does not fit Aiken (one right answer only); left out"));
                continue;
            }
            if (aiken.Length > 0) aiken.Append('\n');
            aiken.Append(OneLine(q.Content.Text.For(language))).Append('\n');
            for (var i = 0; i < q.Content.Options.Count; i++)
            {
                aiken.Append(BankYamlWriter.Letter(i)).Append(". ").Append(OneLine(q.Content.Options[i].For(language))).Append('\n');
            }
            aiken.Append("ANSWER: ").Append(BankYamlWriter.Letter(q.Content.Answer[0])).Append('\n');
        }
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        writer.Write(aiken.ToString());
        return leftOut;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private sealed class Pending(int line, string text)
    {
        public int Line { get; } = line;

        public StringBuilder Text { get; } = new(text);

        public List<string> Options { get; } = [];

        public BankQuestion ToQuestion(ImportSettings settings, SourceLocation location, int answer)
        {
            // Two options that are the true/false buttons make a true/false question, as our own export writes it.
            var isTrueFalse = Options.Count == 2 && new[] { Languages.Vietnamese, Languages.English }.Any(language =>
                Options.SequenceEqual(QuestionContent.TrueFalseOptions.Select(o => o.For(language)), StringComparer.OrdinalIgnoreCase));
            return isTrueFalse
                ? SingleLanguageQuestion.Create(settings, location, QuestionType.TrueFalse, Text.ToString(), [], [answer], null)
                : SingleLanguageQuestion.Create(settings, location, QuestionType.Single, Text.ToString(), Options, [answer], null);
        }
    }

    [GeneratedRegex(@"^ANSWER\s*:\s*(.*)$")]
    private static partial Regex AnswerLine();

    [GeneratedRegex(@"^([A-Z])[.)]\s+(.*)$")]
    private static partial Regex OptionLine();
}
