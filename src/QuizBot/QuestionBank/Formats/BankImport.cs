namespace QuizBot.QuestionBank.Formats;

/// <summary>
/// What an import would do: the questions with their ids, every problem that stops it, the questions skipped, and
/// the file it writes (<c>&lt;topic&gt;-imported.yaml</c>) with its new content.
/// </summary>
public sealed record ImportPlan(
    IReadOnlyList<BankQuestion> Questions,
    IReadOnlyList<BankError> Errors,
    IReadOnlyList<BankError> Skipped,
    string TargetPath,
    string NewContent)
{
    public bool CanWrite => Errors.Count == 0 && Questions.Count > 0;
}

/// <summary>
/// Imports questions into a bank folder. Every question is checked by the bank's own parser, written alone as it
/// would be in the bank, so an import passes exactly the rules <c>bank validate</c> applies; its problems are reported
/// at the import file's lines. Only the topic's import file is ever written, and only appended to.
/// </summary>
public static class BankImport
{
    public static string TargetFile(string topic) => $"{topic}-imported.yaml";

    /// <summary>Reads, names and checks the questions; touches no file.</summary>
    public static ImportPlan Plan(string folder, LoadedBank bank, IQuestionFormat format, string content, ImportSettings settings)
    {
        var read = format.Read(content, settings);
        var errors = new List<BankError>(read.Errors);
        var topicIds = bank.Topics.Select(t => t.Id).ToList();
        var ids = new QuestionIds(settings.Topic, bank.Questions.Select(q => q.Id));
        var givenAt = new Dictionary<string, SourceLocation>(StringComparer.OrdinalIgnoreCase);

        // Ids the file gives are claimed first, so that generated ones keep out of their way.
        foreach (var (question, _) in read.Questions.Where(i => i.Question.Id.Length > 0))
        {
            var id = question.Id;
            if (bank.Questions.FirstOrDefault(q => q.Id.Equals(id, StringComparison.OrdinalIgnoreCase)) is { } existing)
            {
                errors.Add(new BankError(question.Location, $"id '{id}' is already in the bank ({existing.Location}); leave the id empty to get a new one"));
            }
            else if (givenAt.TryGetValue(id, out var first))
            {
                errors.Add(new BankError(question.Location, $"id '{id}' is given twice (first at line {first.Line})"));
            }
            else
            {
                givenAt.Add(id, question.Location);
                ids.Claim(id);
            }
        }

        var questions = new List<BankQuestion>();
        foreach (var (question, title) in read.Questions)
        {
            var named = question.Id.Length > 0 ? question : question with { Id = ids.Next(title) };
            if (named.Topic != settings.Topic)
            {
                errors.Add(new BankError(named.Location, $"the question's topic '{named.Topic}' is not '{settings.Topic}'; import one topic at a time"));
                continue;
            }
            errors.AddRange(Check(named, topicIds));
            questions.Add(named);
        }

        var targetName = TargetFile(settings.Topic);
        var targetPath = Path.Combine(folder, targetName);
        var newContent = Compose(targetName, targetPath, bank, questions, settings, topicIds, errors);
        var ordered = errors.OrderBy(e => e.Location.File == settings.SourceName ? 0 : 1).ThenBy(e => e.Location.Line).ToList();
        return new ImportPlan(questions, ordered, read.Skipped, targetPath, newContent);
    }

    public static void Write(ImportPlan plan)
    {
        if (!plan.CanWrite) throw new InvalidOperationException("an import with errors or without questions is not written");
        var temporary = plan.TargetPath + ".tmp";
        File.WriteAllText(temporary, plan.NewContent);
        File.Move(temporary, plan.TargetPath, overwrite: true);
    }

    /// <summary>The bank's rules for one question, by the bank's parser, reported where the question was read.</summary>
    private static IEnumerable<BankError> Check(BankQuestion question, IReadOnlyCollection<string> topicIds)
    {
        var errors = new List<BankError>();
        BankParser.ParseQuestions("import", BankYamlWriter.Write(question.Topic, [question]), topicIds, errors);
        return errors.Select(e => e with { Location = question.Location });
    }

    /// <summary>The import file after the import: new, or the old one with the questions appended.</summary>
    private static string Compose(
        string targetName, string targetPath, LoadedBank bank, List<BankQuestion> questions, ImportSettings settings,
        IReadOnlyCollection<string> topicIds, List<BankError> errors)
    {
        var start = new SourceLocation(targetPath, 1);
        var batch = $"  # From {settings.FileName}:\n" + BankYamlWriter.WriteQuestions(questions, settings.Topic);
        string content;
        var existingCount = 0;
        if (File.Exists(targetPath))
        {
            var existing = File.ReadAllText(targetPath);
            foreach (var error in bank.Errors.Where(e => e.Location.File == targetName))
            {
                errors.Add(new BankError(error.Location with { File = targetPath }, $"{error.Message} (fix {targetName} before importing more into it)"));
            }
            existingCount = BankParser.ParseQuestions(targetName, existing, topicIds, []).Count;
            content = existing.TrimEnd() + "\n\n" + batch;
        }
        else
        {
            var comment = "Questions imported with 'bank import'. Those from GIFT or Aiken are drafts: check each against its\n" +
                $"source, translate it where tagged {SingleLanguageQuestion.NeedsTranslation}, then set status: reviewed and drop the\n" +
                $"{SingleLanguageQuestion.NeedsReview} tag. Move finished questions to the topic's own file as you like.";
            content = BankYamlWriter.Write(settings.Topic, [], comment) + batch;
        }

        // The questions passed one by one; what is left to check is that the file as a whole reads back as them.
        if (errors.Count == 0)
        {
            var problems = new List<BankError>();
            var combined = BankParser.ParseQuestions(targetName, content, topicIds, problems);
            if (problems.Count > 0 || combined.Count != existingCount + questions.Count || combined.Any(q => q.Topic != settings.Topic))
            {
                errors.Add(new BankError(start, $"cannot append to {targetName}: it does not end with a list of questions of topic '{settings.Topic}'; move its questions to another file or fix its layout"));
            }
        }
        return content;
    }
}
