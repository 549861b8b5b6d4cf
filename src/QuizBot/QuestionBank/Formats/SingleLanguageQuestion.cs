namespace QuizBot.QuestionBank.Formats;

/// <summary>
/// Turns what a single-language file (GIFT, Aiken) says into a bank question. The other language repeats the text
/// until someone translates it; what such files cannot carry (a source, often an explanation) gets a placeholder the
/// validator accepts. Both are marked, as a draft with tags, so organisers can find what to finish.
/// </summary>
internal static class SingleLanguageQuestion
{
    public const string NeedsTranslation = "needs-translation";
    public const string NeedsReview = "needs-review";

    /// <summary>GIFT and Aiken carry no difficulty; medium until an organiser says otherwise.</summary>
    public const int DefaultDifficulty = 2;

    public static readonly LocalizedText NoExplanation = new(
        "Chưa có giải thích: câu hỏi được nhập từ tệp và đang chờ người biên soạn bổ sung.",
        "No explanation yet: this question was imported from a file and awaits an organiser.");

    public static readonly LocalizedText NoModelAnswer = new(
        "Chưa có đáp án mẫu: người biên soạn cần bổ sung.",
        "No model answer yet: an organiser needs to write one.");

    public static readonly LocalizedText NoGuidance = new(
        "Chưa có hướng dẫn chấm: người biên soạn cần bổ sung.",
        "No scoring guidance yet: an organiser needs to write it.");

    public static BankQuestion Create(
        ImportSettings settings,
        SourceLocation location,
        QuestionType type,
        string text,
        IReadOnlyList<string> options,
        IReadOnlyList<int> answer,
        string? explanation)
    {
        var content = new QuestionContent(
            Both(text),
            type == QuestionType.TrueFalse ? QuestionContent.TrueFalseOptions : options.Select(Both).ToList(),
            answer,
            string.IsNullOrWhiteSpace(explanation) ? NoExplanation : Both(explanation),
            Source(settings.FileName),
            type == QuestionType.Text ? NoModelAnswer : null,
            type == QuestionType.Text ? NoGuidance : null);
        return new BankQuestion("", settings.Topic, type, DefaultDifficulty, QuestionStatus.Draft, content, null, null,
            [NeedsTranslation, NeedsReview], location);
    }

    public static string Source(string fileName)
    {
        var source = $"Imported from {fileName}";
        return source.Length <= BankParser.MaxSourceLength ? source : source[..BankParser.MaxSourceLength];
    }

    private static LocalizedText Both(string text) => new(text, text);
}
