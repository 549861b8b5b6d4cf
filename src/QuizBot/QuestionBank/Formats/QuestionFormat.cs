namespace QuizBot.QuestionBank.Formats;

/// <summary>
/// A file format questions are imported from and exported to. Readers are lenient about what the bank's rules
/// check anyway (lengths, empty texts): every imported question is checked by the bank's own parser before it is
/// written, so those mistakes are reported once, in the bank's words.
/// </summary>
public interface IQuestionFormat
{
    /// <summary>The name given to <c>--format</c>.</summary>
    string Name { get; }

    ReadResult Read(string content, ImportSettings settings);

    /// <summary>Writes the questions in one language (a bilingual format writes both).</summary>
    /// <returns>The questions the format cannot hold, left out of the output.</returns>
    IReadOnlyList<BankError> Write(IReadOnlyList<BankQuestion> questions, string language, Stream output);
}

public static class QuestionFormats
{
    public static readonly IReadOnlyList<IQuestionFormat> All = [new GiftFormat(), new AikenFormat(), new CsvFormat()];

    public static IReadOnlyList<string> Names => All.Select(f => f.Name).ToList();

    public static IQuestionFormat Get(string name) => All.Single(f => f.Name == name);
}

/// <summary>
/// How to read an import file: the topic its questions join, the language a single-language file (GIFT, Aiken) is
/// written in, and the name its problems are reported under.
/// </summary>
public sealed record ImportSettings(string Topic, string Language, string SourceName)
{
    public string FileName => Path.GetFileName(SourceName);
}

/// <summary>
/// A question read from an import file. <c>Question.Id</c> is empty when the file gave no id; a title (GIFT's
/// <c>::title::</c>) then suggests one.
/// </summary>
public sealed record ImportedQuestion(BankQuestion Question, string? Title = null);

/// <summary>
/// What a reader made of a file: the questions, the mistakes that stop the import, and the questions it read but
/// QuizBot cannot hold (a type it has no equivalent for): these are reported and skipped, never silently dropped.
/// </summary>
public sealed record ReadResult(IReadOnlyList<ImportedQuestion> Questions, IReadOnlyList<BankError> Errors, IReadOnlyList<BankError> Skipped);
