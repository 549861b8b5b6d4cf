using System.Globalization;
using CsvHelper;

namespace QuizBot.QuestionBank.Formats;

/// <summary>
/// One question a row, both languages side by side, for editing in a spreadsheet. Written in UTF-8 with a byte
/// order mark, without which Excel shows Vietnamese diacritics as mojibake. Read with ',' or, as Excel saves it
/// under a Vietnamese locale, ';' between fields.
/// </summary>
public sealed class CsvFormat : IQuestionFormat
{
    private const string OptionLetters = "abcdef";

    public static readonly IReadOnlyList<string> Columns =
    [
        "id", "topic", "type", "difficulty", "status", "text_vi", "text_en",
        .. OptionLetters.SelectMany(l => new[] { $"option_{l}_vi", $"option_{l}_en" }),
        "answer", "explanation_vi", "explanation_en", "source", "valid_from", "valid_until", "tags",
        "model_answer_vi", "model_answer_en", "guidance_vi", "guidance_en",
    ];

    private static readonly string[] RequiredColumns =
        ["type", "difficulty", "status", "text_vi", "text_en", "answer", "explanation_vi", "explanation_en", "source"];

    private static readonly Dictionary<string, QuestionType> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["single"] = QuestionType.Single,
        ["multi"] = QuestionType.Multi,
        ["truefalse"] = QuestionType.TrueFalse,
        ["text"] = QuestionType.Text,
    };

    private static readonly Dictionary<string, QuestionStatus> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["reviewed"] = QuestionStatus.Reviewed,
        ["draft"] = QuestionStatus.Draft,
    };

    public string Name => "csv";

    public ReadResult Read(string content, ImportSettings settings)
    {
        var questions = new List<ImportedQuestion>();
        var errors = new List<BankError>();
        SourceLocation At(long line) => new(settings.SourceName, (int)Math.Max(line, 1));
        content = content.TrimStart('\uFEFF');
        var options = new CsvReaderOptions
        {
            Separator = Separator(content),
            TrimWhitespace = true,
            TrackLineNumbers = true,
            OnMalformedRecord = record => errors.Add(new BankError(At(record.LineNumber), $"badly quoted field ({record.Reason})")),
        };
        try
        {
            using var csv = CsvReader.FromText(content, options);
            csv.ReadHeader();
            var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
            if (header.All(h => h.Length == 0))
            {
                errors.Add(new BankError(At(1), "the file is empty: the first row names the columns"));
                return new ReadResult(questions, errors, []);
            }
            var headerErrors = CheckHeader(header, At(1));
            if (headerErrors.Count > 0) return new ReadResult(questions, headerErrors, []);

            while (csv.Read())
            {
                var fields = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i) ?? "").ToArray();
                var row = new Row(header, fields, At(csv.LineNumber), errors);
                if (row.IsBlank) continue;
                if (row.ToQuestion(settings) is { } question) questions.Add(new ImportedQuestion(question));
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(new BankError(At(e.LineNumber), $"not valid CSV: {e.Message}"));
        }
        return new ReadResult(questions, errors, []);
    }

    public IReadOnlyList<BankError> Write(IReadOnlyList<BankQuestion> questions, string language, Stream output)
    {
        using var csv = CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true);
        csv.WriteHeader([.. Columns]);
        foreach (var q in questions)
        {
            var c = q.Content;
            var fields = new List<string>
            {
                q.Id,
                q.Topic,
                BankYamlWriter.TypeName(q.Type),
                q.Difficulty.ToString(CultureInfo.InvariantCulture),
                q.Status == QuestionStatus.Reviewed ? "reviewed" : "draft",
                c.Text.Vi,
                c.Text.En,
            };
            for (var i = 0; i < OptionLetters.Length; i++)
            {
                var option = q.Type is QuestionType.Single or QuestionType.Multi && i < c.Options.Count ? c.Options[i] : null;
                fields.Add(option?.Vi ?? "");
                fields.Add(option?.En ?? "");
            }
            fields.Add(q.Type switch
            {
                QuestionType.TrueFalse => c.Answer is [1] ? "false" : "true",
                QuestionType.Text => "",
                _ => string.Join(';', c.Answer.Select(BankYamlWriter.Letter)),
            });
            fields.AddRange(
            [
                c.Explanation.Vi,
                c.Explanation.En,
                c.Source,
                q.ValidFrom is { } from ? BankYamlWriter.Date(from) : "",
                q.ValidUntil is { } until ? BankYamlWriter.Date(until) : "",
                string.Join(';', q.Tags),
                c.ModelAnswer?.Vi ?? "",
                c.ModelAnswer?.En ?? "",
                c.Guidance?.Vi ?? "",
                c.Guidance?.En ?? "",
            ]);
            csv.WriteRecord([.. fields]);
        }
        return [];
    }

    /// <summary>
    /// The separator of the header row: ',' as we write it, ';' or a tab as spreadsheets may save it. Taken from
    /// the header alone, since the answers of data rows (A;C) hold semicolons. Excel's own hint line
    /// (<c>sep=;</c>) is left to the reader, which honours it.
    /// </summary>
    private static char? Separator(string content)
    {
        var end = content.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? content : content[..end];
        if (header.StartsWith("sep=", StringComparison.OrdinalIgnoreCase)) return null;
        return header.Contains(',') ? ',' : header.Contains(';') ? ';' : header.Contains('\t') ? '\t' : ',';
    }

    private static List<BankError> CheckHeader(List<string> header, SourceLocation at)
    {
        var errors = new List<BankError>();
        foreach (var name in header.Where(h => h.Length > 0 && !Columns.Contains(h)))
        {
            errors.Add(new BankError(at, $"unknown column '{name}' (expected: {string.Join(", ", Columns)})"));
        }
        foreach (var name in header.GroupBy(h => h).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            errors.Add(new BankError(at, $"column '{name.Key}' appears twice"));
        }
        var missing = RequiredColumns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0) errors.Add(new BankError(at, $"missing columns: {string.Join(", ", missing)}"));
        return errors;
    }

    /// <summary>One data row, read by column name, its problems reported at its line.</summary>
    private sealed class Row(List<string> header, string[] fields, SourceLocation location, List<BankError> errors)
    {
        private int errorCount;

        public bool IsBlank => fields.All(string.IsNullOrWhiteSpace);

        public BankQuestion? ToQuestion(ImportSettings settings)
        {
            var topic = Get("topic") is { Length: > 0 } t ? t : settings.Topic;
            var type = Pick("type", Types);
            var status = Pick("status", Statuses);
            var difficulty = 0;
            if (!int.TryParse(Get("difficulty"), NumberStyles.Integer, CultureInfo.InvariantCulture, out difficulty))
            {
                Error($"difficulty '{Get("difficulty")}' must be 1, 2 or 3");
            }
            var options = Options(type);
            var answer = Answer(type);
            var modelAnswer = Localized("model_answer");
            var guidance = Localized("guidance");
            if (type != QuestionType.Text && (modelAnswer is not null || guidance is not null))
            {
                Error("only a text question has model_answer and guidance");
            }
            if (type == QuestionType.Text)
            {
                modelAnswer ??= new LocalizedText("", "");
                guidance ??= new LocalizedText("", "");
            }
            var validFrom = Date("valid_from");
            var validUntil = Date("valid_until");
            var tags = Get("tags").Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (errorCount > 0 || type is null || status is null) return null;

            var content = new QuestionContent(
                new LocalizedText(Get("text_vi"), Get("text_en")),
                options,
                answer,
                new LocalizedText(Get("explanation_vi"), Get("explanation_en")),
                Get("source"),
                modelAnswer,
                guidance);
            return new BankQuestion(Get("id"), topic, type.Value, difficulty, status.Value, content, validFrom, validUntil, tags, location);
        }

        private string Get(string column)
        {
            var index = header.IndexOf(column);
            return index >= 0 && index < fields.Length ? fields[index].Trim() : "";
        }

        private void Error(string message)
        {
            errors.Add(new BankError(location, message));
            errorCount++;
        }

        private T? Pick<T>(string column, Dictionary<string, T> values) where T : struct
        {
            var text = Get(column);
            if (values.TryGetValue(text, out var value)) return value;
            Error(text.Length == 0
                ? $"{column} is empty: one of {string.Join(", ", values.Keys)}"
                : $"{column} '{text}' must be one of {string.Join(", ", values.Keys)}");
            return null;
        }

        private IReadOnlyList<LocalizedText> Options(QuestionType? type)
        {
            var options = OptionLetters.Select(l => new LocalizedText(Get($"option_{l}_vi"), Get($"option_{l}_en"))).ToList();
            var last = options.FindLastIndex(o => o.Vi.Length > 0 || o.En.Length > 0);
            if (type is QuestionType.TrueFalse or QuestionType.Text)
            {
                if (last >= 0) Error($"a {BankYamlWriter.TypeName(type.Value)} question has no options; leave the option columns empty");
                return type == QuestionType.TrueFalse ? QuestionContent.TrueFalseOptions : [];
            }
            var used = options.Take(last + 1).ToList();
            var gap = used.FindIndex(o => o.Vi.Length == 0 && o.En.Length == 0);
            if (gap >= 0) Error($"option {BankYamlWriter.Letter(gap)} is empty but a later option is not");
            return used;
        }

        private IReadOnlyList<int> Answer(QuestionType? type)
        {
            var text = Get("answer");
            switch (type)
            {
                case QuestionType.Text:
                    if (text.Length > 0) Error("a text question has no answer; write model_answer and guidance");
                    return [];
                case QuestionType.TrueFalse:
                    if (text.Equals("true", StringComparison.OrdinalIgnoreCase)) return [0];
                    if (text.Equals("false", StringComparison.OrdinalIgnoreCase)) return [1];
                    Error($"the answer of a truefalse question is true or false, not '{text}'");
                    return [];
                case QuestionType.Single or QuestionType.Multi:
                    var letters = text.Split([';', ',', ' '], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    if (letters.Length == 0) Error("the answer is empty: the letter of the right option, like B, or letters like A;C");
                    var indices = new List<int>();
                    foreach (var letter in letters)
                    {
                        if (letter.Length == 1 && char.IsAsciiLetter(letter[0])) indices.Add(char.ToUpperInvariant(letter[0]) - 'A');
                        else Error($"answer '{letter}' is not an option letter (A to F)");
                    }
                    return indices;
                default:
                    return [];
            }
        }

        private LocalizedText? Localized(string column)
        {
            var vi = Get($"{column}_vi");
            var en = Get($"{column}_en");
            return vi.Length == 0 && en.Length == 0 ? null : new LocalizedText(vi, en);
        }

        private DateOnly? Date(string column)
        {
            var text = Get(column);
            if (text.Length == 0) return null;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            Error($"{column} '{text}' must be a date written YYYY-MM-DD (format the column as text if a spreadsheet rewrites it)");
            return null;
        }
    }
}
