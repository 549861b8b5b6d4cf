using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using QuizBot.Practice;

namespace QuizBot.QuestionBank;

/// <summary>
/// <c>quizbot bank lint [path]</c>: what an editor should look at, grouped by check, one <c>file:line: id: message</c>
/// a line. Advice, not validation: exits 0 whatever it finds (2 when the folder does not exist).
/// </summary>
internal static class BankLintCommand
{
    private static readonly (LintCheck Check, string Title)[] Groups =
    [
        (LintCheck.SourceWithoutArticle, "Reviewed questions without an article-level source"),
        (LintCheck.PastValidUntil, "Rules past their valid_until, still in the bank"),
        (LintCheck.NearDuplicate, "Near-duplicate question texts"),
        (LintCheck.Giveaway, "Explanations that give away another question's answer"),
    ];

    public static Command Create(Func<string> defaultFolder, Func<string> timeZone)
    {
        var path = new Argument<string?>("path") { Description = "The bank folder (default: QuestionBank:Path)", Arity = ArgumentArity.ZeroOrOne };
        var similarity = new Option<double>("--similarity")
        {
            Description = "Report question texts at least this similar (0 to 1, Jaccard over word pairs)",
            DefaultValueFactory = _ => BankLint.DefaultSimilarity,
        };
        similarity.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is <= 0 or > 1) result.AddError("--similarity must be above 0 and at most 1");
        });
        var lint = new Command("lint", "List what an editor should look at: sources without an article, expired rules, near-duplicates, give-aways")
        {
            path, similarity,
        };
        lint.SetAction(result => Run(
            result.GetValue(path) ?? defaultFolder(), result.GetValue(similarity), TodayIn(timeZone(), TimeProvider.System),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return lint;
    }

    internal static DateOnly TodayIn(string timeZone, TimeProvider clock) =>
        new QuizClock(clock, Options.Create(new QuizOptions { TimeZone = timeZone })).Today();

    internal static int Run(string folder, double similarity, DateOnly today, TextWriter output, TextWriter error)
    {
        if (AdminCommands.LoadOrSay(folder, error) is not { } bank) return 2;
        if (bank.Errors.Count > 0)
        {
            error.WriteLine($"{bank.Errors.Count} problems keep questions out of the bank ('bank validate' lists them); linting the {bank.Questions.Count} questions that loaded.");
        }

        var report = BankLint.Run(bank.Questions, today, similarity);
        foreach (var (check, title) in Groups)
        {
            var findings = report.Of(check).ToList();
            var detail = check == LintCheck.NearDuplicate ? $" pairs, similarity ≥ {similarity.ToString("0.00", CultureInfo.InvariantCulture)}" : "";
            output.WriteLine($"{title} ({findings.Count}{detail}):");
            foreach (var finding in findings)
            {
                output.WriteLine($"{Path.Combine(folder, finding.Location.File)}:{finding.Location.Line}: {finding.QuestionId}: {finding.Message}");
            }
            output.WriteLine();
        }
        output.WriteLine($"{bank.Questions.Count} questions linted on {today:yyyy-MM-dd}: "
            + string.Join(", ", Groups.Select(g => $"{report.Count(g.Check)} {Short(g.Check)}")) + ".");
        return 0;
    }

    private static string Short(LintCheck check) => check switch
    {
        LintCheck.SourceWithoutArticle => "without an article-level source",
        LintCheck.PastValidUntil => "past valid_until",
        LintCheck.NearDuplicate => "near-duplicate pairs",
        LintCheck.Giveaway => "give-away explanations",
        _ => check.ToString(),
    };
}
