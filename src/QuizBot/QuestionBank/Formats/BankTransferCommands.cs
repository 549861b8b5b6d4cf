using System.CommandLine;
using System.Text;

namespace QuizBot.QuestionBank.Formats;

/// <summary>
/// <c>bank import</c> and <c>bank export</c>: move questions between the bank and GIFT, Aiken or CSV files.
/// Exit codes: 0 done, 1 refused (unknown topic, problems in the questions), 2 a folder or file not found.
/// </summary>
public static class BankTransferCommands
{
    public static Command Import(Func<string> defaultFolder)
    {
        var format = FormatOption();
        var file = new Argument<string>("file") { Description = "The file to import" };
        var topic = new Option<string>("--topic") { Description = "The topic the questions join (an id from topics.yaml)", Required = true };
        var language = LanguageOption("The language a GIFT or Aiken file is written in; the other gets the same text until translated");
        var path = PathOption();
        var command = new Command("import", "Import questions into <bank>/<topic>-imported.yaml, checked as 'bank validate' checks them")
        {
            format, file, topic, language, path,
        };
        command.SetAction(result => RunImport(
            result.GetRequiredValue(format), result.GetRequiredValue(file), result.GetRequiredValue(topic),
            result.GetRequiredValue(language), result.GetValue(path) ?? defaultFolder(),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    public static Command Export(Func<string> defaultFolder)
    {
        var format = FormatOption();
        var topic = new Option<string?>("--topic") { Description = "Only this topic (default: every topic)" };
        var language = LanguageOption("The language written to GIFT and Aiken (CSV holds both)");
        var output = new Option<string?>("--out") { Description = "The file to write (default: standard output)" };
        var path = PathOption();
        var command = new Command("export", "Export questions of the bank to GIFT, Aiken or CSV") { format, topic, language, output, path };
        command.SetAction(result => RunExport(
            result.GetRequiredValue(format), result.GetValue(topic), result.GetRequiredValue(language), result.GetValue(output),
            result.GetValue(path) ?? defaultFolder(),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    internal static int RunImport(string formatName, string file, string topic, string language, string folder, TextWriter output, TextWriter error)
    {
        if (Load(folder, error) is not { } bank) return 2;
        if (bank.Topics.All(t => t.Id != topic))
        {
            error.WriteLine($"unknown topic '{topic}' (topics.yaml lists: {string.Join(", ", bank.Topics.Select(t => t.Id))}); nothing imported.");
            return 1;
        }
        if (!File.Exists(file))
        {
            error.WriteLine($"{file}: no such file; nothing imported.");
            return 2;
        }
        string content;
        try
        {
            content = File.ReadAllText(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException)
        {
            error.WriteLine($"{file}: not UTF-8 text; save it as UTF-8 (in Excel: \"CSV UTF-8\"); nothing imported.");
            return 1;
        }

        var plan = BankImport.Plan(folder, bank, QuestionFormats.Get(formatName), content, new ImportSettings(topic, language, file));
        foreach (var skipped in plan.Skipped) error.WriteLine(skipped);
        foreach (var problem in plan.Errors) error.WriteLine(problem);
        if (plan.Errors.Count > 0)
        {
            error.WriteLine($"Nothing imported: {Count(plan.Errors.Count, "problem")} above; fix them and import again.");
            return 1;
        }
        if (plan.Questions.Count == 0)
        {
            error.WriteLine($"Nothing imported: {file} holds no question QuizBot can import.");
            return 1;
        }
        try
        {
            BankImport.Write(plan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{plan.TargetPath}: cannot write: {e.Message}; nothing imported.");
            return 2;
        }
        var skippedNote = plan.Skipped.Count > 0 ? $"; {plan.Skipped.Count} skipped (listed above)" : "";
        var drafts = plan.Questions.Count(q => q.Status == QuestionStatus.Draft);
        output.WriteLine($"Imported {Count(plan.Questions.Count, "question")} into {plan.TargetPath} ({drafts} drafts){skippedNote}.");
        if (plan.Questions.Any(q => q.Tags.Contains(SingleLanguageQuestion.NeedsReview)))
        {
            output.WriteLine($"Questions tagged {SingleLanguageQuestion.NeedsReview} have a placeholder source or explanation; those tagged {SingleLanguageQuestion.NeedsTranslation} repeat the '{language}' text in the other language.");
        }
        return 0;
    }

    internal static int RunExport(string formatName, string? topic, string language, string? file, string folder, TextWriter output, TextWriter error)
    {
        if (Load(folder, error) is not { } bank) return 2;
        if (topic is not null && bank.Topics.All(t => t.Id != topic))
        {
            error.WriteLine($"unknown topic '{topic}' (topics.yaml lists: {string.Join(", ", bank.Topics.Select(t => t.Id))})");
            return 1;
        }
        if (!bank.IsValid)
        {
            error.WriteLine($"warning: the bank has {Count(bank.Errors.Count, "problem")} ('bank validate' lists them); questions with problems are not exported.");
        }
        var questions = bank.Questions.Where(q => topic is null || q.Topic == topic).ToList();
        var format = QuestionFormats.Get(formatName);

        IReadOnlyList<BankError> leftOut;
        if (file is not null)
        {
            try
            {
                using var stream = File.Create(file);
                leftOut = format.Write(questions, language, stream);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{file}: cannot write: {e.Message}");
                return 2;
            }
        }
        else if (ReferenceEquals(output, Console.Out))
        {
            // The bytes as they are, byte order mark included, whatever encoding the console has.
            using var stdout = Console.OpenStandardOutput();
            leftOut = format.Write(questions, language, stdout);
        }
        else
        {
            using var buffer = new MemoryStream();
            leftOut = format.Write(questions, language, buffer);
            output.Write(new UTF8Encoding(false).GetString(buffer.ToArray()));
        }

        foreach (var left in leftOut)
        {
            error.WriteLine($"{Path.Combine(folder, left.Location.File)}:{left.Location.Line}: {left.Message}");
        }
        var summary = $"Exported {Count(questions.Count - leftOut.Count, "question")} to {file ?? "standard output"} ({format.Name}{(format is CsvFormat ? "" : ", " + language)}).";
        (file is null ? error : output).WriteLine(summary);
        return 0;
    }

    private static LoadedBank? Load(string folder, TextWriter error)
    {
        try
        {
            return BankLoader.Load(folder);
        }
        catch (DirectoryNotFoundException e)
        {
            error.WriteLine(e.Message);
            return null;
        }
    }

    private static Option<string> FormatOption()
    {
        var option = new Option<string>("--format") { Description = "gift, aiken or csv", Required = true };
        option.AcceptOnlyFromAmong([.. QuestionFormats.Names]);
        return option;
    }

    private static Option<string> LanguageOption(string description)
    {
        var option = new Option<string>("--lang") { Description = description, DefaultValueFactory = _ => Languages.Vietnamese };
        option.AcceptOnlyFromAmong(Languages.Vietnamese, Languages.English);
        return option;
    }

    private static Option<string?> PathOption() =>
        new("--path") { Description = "The bank folder (default: QuestionBank:Path)" };

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
