using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace QuizBot.QuestionBank;

/// <summary>
/// Reads the fields of one YAML mapping and records every problem with its line, so that a file is checked
/// whole and an organiser sees all its mistakes at once rather than one per run.
/// </summary>
internal sealed class YamlFields(YamlMappingNode node, string file, List<BankError> errors)
{
    public YamlMappingNode Node => node;

    public int ErrorCount => errors.Count;

    public SourceLocation Location => At(node);

    public SourceLocation At(YamlNode n) => new(file, (int)n.Start.Line);

    public void Error(YamlNode at, string message) => errors.Add(new BankError(At(at), message));

    public YamlNode? Get(string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public void RejectUnknown(params string[] known)
    {
        foreach (var key in node.Children.Keys)
        {
            if (key is YamlScalarNode { Value: { } name } && !known.Contains(name))
            {
                Error(key, $"unknown field '{name}' (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    public string? String(string key, bool required = true)
    {
        switch (Get(key))
        {
            case null when required:
                Error(node, $"missing '{key}'");
                return null;
            case null:
                return null;
            case YamlScalarNode { Value: var value } scalar:
                if (string.IsNullOrWhiteSpace(value))
                {
                    if (required) Error(scalar, $"'{key}' is empty");
                    return null;
                }
                return value.Trim();
            case var other:
                Error(other, $"'{key}' must be a single value");
                return null;
        }
    }

    public int? Int(string key, int min, int max)
    {
        var text = String(key);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        Error(Get(key)!, $"'{key}' must be a whole number from {min} to {max}, not '{text}'");
        return null;
    }

    public DateOnly? Date(string key)
    {
        var text = String(key, required: false);
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        Error(Get(key)!, $"'{key}' must be a date written YYYY-MM-DD, not '{text}'");
        return null;
    }

    public TEnum? Enum<TEnum>(string key, IReadOnlyDictionary<string, TEnum> values) where TEnum : struct
    {
        var text = String(key);
        if (text is null) return null;
        if (values.TryGetValue(text, out var value)) return value;
        Error(Get(key)!, $"'{key}' must be one of {string.Join(", ", values.Keys)}, not '{text}'");
        return null;
    }

    public LocalizedText? Localized(string key, int maxLength, bool required = true)
    {
        var value = Get(key);
        if (value is null)
        {
            if (required) Error(node, $"missing '{key}' (with 'vi' and 'en')");
            return null;
        }
        return LocalizedAt(value, key, maxLength);
    }

    /// <summary>A { vi, en } mapping; both languages are required and neither may be empty.</summary>
    public LocalizedText? LocalizedAt(YamlNode value, string what, int maxLength)
    {
        if (value is not YamlMappingNode mapping)
        {
            Error(value, $"'{what}' must have 'vi' and 'en'");
            return null;
        }
        var fields = new YamlFields(mapping, file, errors);
        fields.RejectUnknown(Languages.Vietnamese, Languages.English);
        var vi = fields.TextIn(Languages.Vietnamese, what, maxLength);
        var en = fields.TextIn(Languages.English, what, maxLength);
        return vi is null || en is null ? null : new LocalizedText(vi, en);
    }

    private string? TextIn(string language, string what, int maxLength)
    {
        var value = Get(language);
        if (value is not YamlScalarNode { Value: { } text } scalar || string.IsNullOrWhiteSpace(text))
        {
            Error(value ?? node, $"'{what}' has no text in '{language}'");
            return null;
        }
        text = text.Trim();
        if (text.Length > maxLength)
        {
            Error(scalar, $"'{what}' in '{language}' is {text.Length} characters long; at most {maxLength} fit");
        }
        return text;
    }

    public IReadOnlyList<string> StringList(string key)
    {
        switch (Get(key))
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                var items = new List<string>();
                foreach (var item in sequence)
                {
                    if (item is YamlScalarNode { Value: { Length: > 0 } text }) items.Add(text.Trim());
                    else Error(item, $"'{key}' must be a list of words");
                }
                return items;
            case var other:
                Error(other, $"'{key}' must be a list, like [a, b]");
                return [];
        }
    }
}
