using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace QuizBot.QuestionBank.Formats;

/// <summary>
/// Writes questions as an organiser would in a bank file (question-bank/README.md): block style, two-space
/// indents, a blank line between questions, quotes only where YAML needs them.
/// </summary>
public static partial class BankYamlWriter
{
    private const string Indent = "    ";

    /// <summary>A whole question file of one topic.</summary>
    public static string Write(string topic, IEnumerable<BankQuestion> questions, string? comment = null)
    {
        var yaml = new StringBuilder();
        if (comment is not null)
        {
            foreach (var line in comment.Split('\n')) yaml.Append("# ").Append(line).Append('\n');
        }
        yaml.Append("topic: ").Append(Scalar(topic)).Append('\n');
        yaml.Append("questions:\n");
        yaml.Append(WriteQuestions(questions, topic));
        return yaml.ToString();
    }

    /// <summary>
    /// The items of a <c>questions:</c> list, separated by blank lines. A question's <c>topic</c> is written only
    /// where it differs from the file's.
    /// </summary>
    public static string WriteQuestions(IEnumerable<BankQuestion> questions, string? fileTopic)
    {
        var yaml = new StringBuilder();
        foreach (var question in questions)
        {
            if (yaml.Length > 0) yaml.Append('\n');
            WriteQuestion(yaml, question, fileTopic);
        }
        return yaml.ToString();
    }

    private static void WriteQuestion(StringBuilder yaml, BankQuestion q, string? fileTopic)
    {
        yaml.Append("  - id: ").Append(Scalar(q.Id)).Append('\n');
        if (q.Topic != fileTopic) Field(yaml, "topic", q.Topic);
        Field(yaml, "type", TypeName(q.Type));
        Plain(yaml, "difficulty", q.Difficulty.ToString(CultureInfo.InvariantCulture));
        Field(yaml, "status", q.Status == QuestionStatus.Reviewed ? "reviewed" : "draft");
        Localized(yaml, "text", q.Content.Text);
        switch (q.Type)
        {
            case QuestionType.Single or QuestionType.Multi:
                yaml.Append(Indent).Append("options:\n");
                foreach (var option in q.Content.Options)
                {
                    yaml.Append(Indent).Append("  - vi: ").Append(Scalar(option.Vi)).Append('\n');
                    yaml.Append(Indent).Append("    en: ").Append(Scalar(option.En)).Append('\n');
                }
                var letters = q.Content.Answer.Select(Letter).ToList();
                yaml.Append(Indent).Append("answer: ")
                    .Append(q.Type == QuestionType.Single && letters.Count == 1 ? letters[0] : $"[{string.Join(", ", letters)}]")
                    .Append('\n');
                break;
            case QuestionType.TrueFalse:
                Plain(yaml, "answer", q.Content.Answer is [1] ? "false" : "true");
                break;
            case QuestionType.Text:
                if (q.Content.ModelAnswer is { } modelAnswer) Localized(yaml, "model_answer", modelAnswer);
                if (q.Content.Guidance is { } guidance) Localized(yaml, "guidance", guidance);
                break;
        }
        Localized(yaml, "explanation", q.Content.Explanation);
        Field(yaml, "source", q.Content.Source);
        if (q.ValidFrom is { } from) Plain(yaml, "valid_from", Date(from));
        if (q.ValidUntil is { } until) Plain(yaml, "valid_until", Date(until));
        if (q.Tags.Count > 0) yaml.Append(Indent).Append("tags: [").Append(string.Join(", ", q.Tags.Select(FlowScalar))).Append("]\n");
    }

    public static string TypeName(QuestionType type) => type switch
    {
        QuestionType.Single => "single",
        QuestionType.Multi => "multi",
        QuestionType.TrueFalse => "truefalse",
        _ => "text",
    };

    public static string Letter(int index) => ((char)('A' + index)).ToString();

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Field(StringBuilder yaml, string key, string value) => Plain(yaml, key, Scalar(value));

    /// <summary>A number, date or boolean the bank means as such: written bare, as organisers do.</summary>
    private static void Plain(StringBuilder yaml, string key, string value) =>
        yaml.Append(Indent).Append(key).Append(": ").Append(value).Append('\n');

    private static void Localized(StringBuilder yaml, string key, LocalizedText text)
    {
        yaml.Append(Indent).Append(key).Append(":\n");
        yaml.Append(Indent).Append("  vi: ").Append(Scalar(text.Vi)).Append('\n');
        yaml.Append(Indent).Append("  en: ").Append(Scalar(text.En)).Append('\n');
    }

    /// <summary>A value in block context: plain where YAML reads it back as the same string, quoted otherwise.</summary>
    internal static string Scalar(string value)
    {
        if (NeedsDoubleQuotes(value)) return DoubleQuoted(value);
        return IsPlainSafe(value) ? value : SingleQuoted(value);
    }

    /// <summary>An item of a flow list like <c>[a, b]</c>, where commas and brackets also end a plain value.</summary>
    private static string FlowScalar(string value)
    {
        if (NeedsDoubleQuotes(value)) return DoubleQuoted(value);
        return FlowWord().IsMatch(value) && !LooksTyped(value) ? value : SingleQuoted(value);
    }

    private static bool IsPlainSafe(string value) =>
        value.Length > 0
        && !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1])
        && !"-?:,[]{}#&*!|>'\"%@`".Contains(value[0])
        && !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal)
        && !value.EndsWith(':')
        && !LooksTyped(value);

    /// <summary>Values a YAML reader might take for a boolean, null, number or date rather than text.</summary>
    private static bool LooksTyped(string value) => TypedLooking().IsMatch(value);

    private static bool NeedsDoubleQuotes(string value) => value.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF');

    private static string SingleQuoted(string value) => "'" + value.Replace("'", "''") + "'";

    private static string DoubleQuoted(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N}_.\-]*$")]
    private static partial Regex FlowWord();

    [GeneratedRegex(@"^(~|null|true|false|yes|no|y|n|on|off|[-+]?(\.inf|\.nan)|[-+]?[0-9][0-9_,]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9]+([eE][-+]?[0-9]+)?|0x[0-9a-f_]+|0o[0-7]+|0b[01_]+|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*|[0-9]+(:[0-9]{1,2})+(\.[0-9]*)?|<<|=)$",
        RegexOptions.IgnoreCase)]
    private static partial Regex TypedLooking();
}
