using System.Text.Json.Serialization;

namespace QuizBot.QuestionBank;

[JsonConverter(typeof(JsonStringEnumConverter<QuestionType>))]
public enum QuestionType { Single, Multi, TrueFalse, Text }

[JsonConverter(typeof(JsonStringEnumConverter<QuestionStatus>))]
public enum QuestionStatus { Reviewed, Draft }

/// <summary>
/// What a question says and how it is scored: everything a content edit can change, so its hash decides
/// whether an edit makes a new version. Answer holds 0-based option indices; a true/false question has the
/// two options True and False.
/// </summary>
public sealed record QuestionContent(
    LocalizedText Text,
    IReadOnlyList<LocalizedText> Options,
    IReadOnlyList<int> Answer,
    LocalizedText Explanation,
    string Source,
    LocalizedText? ModelAnswer = null,
    LocalizedText? Guidance = null)
{
    public static readonly IReadOnlyList<LocalizedText> TrueFalseOptions =
    [
        new("Đúng", "True"),
        new("Sai", "False"),
    ];
}

/// <summary>One question as the bank files define it.</summary>
public sealed record BankQuestion(
    string Id,
    string Topic,
    QuestionType Type,
    int Difficulty,
    QuestionStatus Status,
    QuestionContent Content,
    DateOnly? ValidFrom,
    DateOnly? ValidUntil,
    IReadOnlyList<string> Tags,
    SourceLocation Location)
{
    public bool IsServableOn(DateOnly day) =>
        (ValidFrom is null || ValidFrom <= day) && (ValidUntil is null || day <= ValidUntil);
}

/// <param name="Weight">How often /practice draws new questions of this topic, relative to the others (topics.yaml; 1 by default, 0 for never).</param>
public sealed record Topic(string Id, LocalizedText Name, int Weight = 1);

/// <summary>Where in the bank files something stands, for messages an organiser can act on.</summary>
public sealed record SourceLocation(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

public sealed record BankError(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}
