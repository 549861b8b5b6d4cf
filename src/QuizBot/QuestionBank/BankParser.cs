using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace QuizBot.QuestionBank;

/// <summary>Turns the YAML of one bank file into questions, topics or units, reporting problems by line.</summary>
public static partial class BankParser
{
    public const int MaxQuestionLength = 300;
    public const int MaxOptionLength = 100;
    public const int MaxExplanationLength = 400;
    public const int MaxJudgeTextLength = 2000;
    public const int MaxSourceLength = 300;

    private static readonly Dictionary<string, QuestionType> Types = new()
    {
        ["single"] = QuestionType.Single,
        ["multi"] = QuestionType.Multi,
        ["truefalse"] = QuestionType.TrueFalse,
        ["text"] = QuestionType.Text,
    };

    private static readonly Dictionary<string, QuestionStatus> Statuses = new()
    {
        ["reviewed"] = QuestionStatus.Reviewed,
        ["draft"] = QuestionStatus.Draft,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]*$")]
    internal static partial Regex IdPattern();

    public static IReadOnlyList<Topic> ParseTopics(string file, string yaml, List<BankError> errors)
    {
        var root = LoadRoot(file, yaml, errors);
        if (root is null) return [];
        var fields = new YamlFields(root, file, errors);
        fields.RejectUnknown("topics");
        if (fields.Get("topics") is not YamlSequenceNode list)
        {
            fields.Error(root, "expected a list 'topics:'");
            return [];
        }
        var topics = new List<Topic>();
        foreach (var item in list)
        {
            if (item is not YamlMappingNode mapping)
            {
                fields.Error(item, "each topic needs 'id' and 'name'");
                continue;
            }
            var topic = new YamlFields(mapping, file, errors);
            topic.RejectUnknown("id", "name", "weight");
            var id = topic.String("id");
            var name = topic.Localized("name", 100);
            var weight = topic.Get("weight") is null ? 1 : topic.Int("weight", 0, 10) ?? 1;
            if (id is not null && !IdPattern().IsMatch(id)) topic.Error(mapping, $"topic id '{id}' may hold only letters, digits and '-'");
            if (id is not null && topics.Any(t => t.Id == id)) topic.Error(mapping, $"topic '{id}' is listed twice");
            if (id is not null && name is not null) topics.Add(new Topic(id, name, weight));
        }
        return topics;
    }

    /// <summary>
    /// The questions of one file. Problems keep a question out of the bank; warnings (given a list for them) are
    /// advice an organiser should act on, and the question loads.
    /// </summary>
    public static IReadOnlyList<BankQuestion> ParseQuestions(
        string file, string yaml, IReadOnlyCollection<string> knownTopics, List<BankError> errors, List<BankError>? warnings = null)
    {
        var root = LoadRoot(file, yaml, errors);
        if (root is null) return [];
        var fields = new YamlFields(root, file, errors);
        fields.RejectUnknown("topic", "questions");
        var fileTopic = fields.String("topic");
        if (fileTopic is not null && !knownTopics.Contains(fileTopic))
        {
            // Every question below depends on it: one clear error rather than one per question.
            fields.Error(fields.Get("topic")!, $"unknown topic '{fileTopic}' (topics.yaml lists: {string.Join(", ", knownTopics)})");
            return [];
        }
        if (fields.Get("questions") is not YamlSequenceNode list)
        {
            fields.Error(root, "expected a list 'questions:'");
            return [];
        }
        var questions = new List<BankQuestion>();
        foreach (var item in list)
        {
            if (item is not YamlMappingNode mapping)
            {
                fields.Error(item, "each question must be a mapping with 'id', 'type', 'text', …");
                continue;
            }
            var question = ParseQuestion(new YamlFields(mapping, file, errors), fileTopic, knownTopics, warnings);
            if (question is not null) questions.Add(question);
        }
        return questions;
    }

    private static BankQuestion? ParseQuestion(YamlFields q, string? fileTopic, IReadOnlyCollection<string> knownTopics, List<BankError>? warnings)
    {
        q.RejectUnknown("id", "topic", "type", "difficulty", "status", "text", "options", "answer", "explanation",
            "source", "model_answer", "guidance", "valid_from", "valid_until", "tags");
        var errorsBefore = q.ErrorCount;

        var id = q.String("id");
        if (id is not null && !IdPattern().IsMatch(id)) q.Error(q.Get("id")!, $"id '{id}' may hold only letters, digits and '-'");

        var topic = q.String("topic", required: false) ?? fileTopic;
        if (topic is not null && !knownTopics.Contains(topic)) q.Error(q.Get("topic")!, $"unknown topic '{topic}'");

        var type = q.Enum("type", Types);
        var difficulty = q.Int("difficulty", 1, 3);
        var status = q.Enum("status", Statuses);
        var text = q.Localized("text", MaxQuestionLength);
        var explanation = q.Localized("explanation", MaxExplanationLength);
        var source = q.String("source");
        if (source is not null && source.Length > MaxSourceLength) q.Error(q.Get("source")!, $"'source' is longer than {MaxSourceLength} characters");
        var validFrom = q.Date("valid_from");
        var validUntil = q.Date("valid_until");
        if (validFrom is not null && validUntil is not null && validFrom >= validUntil)
        {
            q.Error(q.Get("valid_until")!, "'valid_until' must come after 'valid_from'");
        }
        var tags = q.StringList("tags");

        IReadOnlyList<LocalizedText> options = [];
        IReadOnlyList<int> answer = [];
        LocalizedText? modelAnswer = null, guidance = null;
        switch (type)
        {
            case QuestionType.Single or QuestionType.Multi:
                options = ParseOptions(q);
                answer = ParseLetters(q, options.Count, type.Value);
                break;
            case QuestionType.TrueFalse:
                if (q.Get("options") is { } extra) q.Error(extra, "a truefalse question has no 'options' (its buttons are True / False)");
                options = QuestionContent.TrueFalseOptions;
                answer = ParseTrueFalse(q);
                break;
            case QuestionType.Text:
                if (q.Get("options") is { } opts) q.Error(opts, "a text question has no 'options'");
                if (q.Get("answer") is { } ans) q.Error(ans, "a text question has no 'answer': write 'model_answer' and 'guidance'");
                modelAnswer = q.Localized("model_answer", MaxJudgeTextLength);
                guidance = q.Localized("guidance", MaxJudgeTextLength);
                break;
        }

        if (q.ErrorCount > errorsBefore) return null;
        if (warnings is not null && status == QuestionStatus.Reviewed && !SourceReferences.NamesDocument(source!))
        {
            warnings.Add(new BankError(q.At(q.Get("source")!),
                $"a reviewed question's 'source' names no document (such as 'Điều lệ Đảng, Điều 24', 'Quy định 69-QĐ/TW, Điều 7' or a seeds/ file): '{source}'"));
        }
        var content = new QuestionContent(text!, options, answer, explanation!, source!, modelAnswer, guidance);
        return new BankQuestion(id!, topic!, type!.Value, difficulty!.Value, status!.Value, content, validFrom, validUntil, tags, q.Location);
    }

    private static IReadOnlyList<LocalizedText> ParseOptions(YamlFields q)
    {
        if (q.Get("options") is not YamlSequenceNode list)
        {
            q.Error(q.Get("options") ?? q.Node, "needs 'options': a list of 2 to 6 options, each with 'vi' and 'en'");
            return [];
        }
        if (list.Children.Count is < 2 or > 6) q.Error(list, $"has {list.Children.Count} options; 2 to 6 are allowed");
        var options = new List<LocalizedText>();
        foreach (var item in list)
        {
            var option = q.LocalizedAt(item, "option", MaxOptionLength);
            if (option is null) continue;
            foreach (var (language, pick) in new (string, Func<LocalizedText, string>)[] { ("vi", o => o.Vi), ("en", o => o.En) })
            {
                if (options.Any(o => string.Equals(pick(o), pick(option), StringComparison.OrdinalIgnoreCase)))
                {
                    q.Error(item, $"option '{pick(option)}' appears twice in '{language}'");
                }
            }
            options.Add(option);
        }
        return options;
    }

    private static IReadOnlyList<int> ParseLetters(YamlFields q, int optionCount, QuestionType type)
    {
        var node = q.Get("answer");
        if (node is null)
        {
            q.Error(q.Node, type == QuestionType.Multi ? "missing 'answer': a list of option letters, like [A, C]" : "missing 'answer': the letter of the right option");
            return [];
        }
        var letters = node switch
        {
            YamlScalarNode { Value: { } one } when type == QuestionType.Single => [one],
            YamlSequenceNode many when type == QuestionType.Multi => many.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList(),
            _ => null,
        };
        if (letters is null)
        {
            q.Error(node, type == QuestionType.Multi ? "'answer' of a multi question is a list of letters, like [A, C]" : "'answer' of a single question is one letter, like B");
            return [];
        }
        var indices = new List<int>();
        foreach (var letter in letters)
        {
            var trimmed = letter.Trim().ToUpperInvariant();
            var index = trimmed.Length == 1 ? trimmed[0] - 'A' : -1;
            if (index < 0 || index >= optionCount)
            {
                var last = (char)('A' + Math.Max(optionCount - 1, 0));
                q.Error(node, $"answer '{letter}' is not among the options (A to {last})");
            }
            else if (indices.Contains(index)) q.Error(node, $"answer '{letter}' is given twice");
            else indices.Add(index);
        }
        if (type == QuestionType.Multi && letters.Count < 2) q.Error(node, "a multi question needs at least two right options; use type single for one");
        indices.Sort();
        return indices;
    }

    private static IReadOnlyList<int> ParseTrueFalse(YamlFields q)
    {
        var text = q.String("answer");
        switch (text?.ToLowerInvariant())
        {
            case "true": return [0];
            case "false": return [1];
            case null: return [];
            default:
                q.Error(q.Get("answer")!, $"'answer' of a truefalse question is true or false, not '{text}'");
                return [];
        }
    }

    internal static YamlMappingNode? LoadRoot(string file, string yaml, List<BankError> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's representation model throws this (without a position) for a few malformed documents.
            errors.Add(new BankError(new SourceLocation(file, 1), $"not valid YAML: {e.Message}"));
            return null;
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes its messages with the position, which our own prefix already gives.
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(Line", StringComparison.Ordinal) && cut > 0) message = message[(cut + 3)..];
            errors.Add(new BankError(new SourceLocation(file, (int)e.Start.Line), $"not valid YAML: {message}"));
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(new BankError(new SourceLocation(file, 1), "the file is empty or is not a YAML mapping"));
            return null;
        }
        return root;
    }
}
