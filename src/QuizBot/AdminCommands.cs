using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.QuestionBank;
using QuizBot.QuestionBank.Formats;

namespace QuizBot;

/// <summary>
/// The admin verbs of the same program (<c>quizbot bank validate</c>, <c>quizbot migrate</c>). They start no
/// transport: each does its one job and exits with 0 on success.
/// </summary>
public static class AdminCommands
{
    private static readonly string[] Verbs = ["bank", "migrate", "export"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static Task<int> RunAsync(string[] args)
    {
        var path = new Argument<string?>("path") { Description = "The bank folder (default: QuestionBank:Path)", Arity = ArgumentArity.ZeroOrOne };
        var validate = new Command("validate", "Check every bank file and report problems as file:line: message") { path };
        validate.SetAction(result => Validate(
            result.GetValue(path) ?? BankFolder(), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));

        var bank = new Command("bank", "Question bank tools")
        {
            validate,
            BankTransferCommands.Import(BankFolder),
            BankTransferCommands.Export(BankFolder),
            BankStatsCommand.Create(),
            BankLintCommand.Create(BankFolder, () => Configuration()["Quiz:TimeZone"] ?? new QuizOptions().TimeZone),
        };
        var migrate = new Command("migrate", "Create or upgrade the database, then exit");
        migrate.SetAction((_, ct) => MigrateAsync(ct));

        var round = new Option<string>("--round") { Description = "The round's code", Required = true };
        var format = new Option<string>("--format") { Description = "csv or xlsx", DefaultValueFactory = _ => "xlsx" };
        format.AcceptOnlyFromAmong("csv", "xlsx");
        var output = new Option<string?>("--output") { Description = "The file to write (default: ket-qua-CODE.csv|xlsx in the current folder)" };
        var export = new Command("export", "Write a closed round's results as CSV (UTF-8 with BOM) or Excel") { round, format, output };
        export.SetAction((result, ct) => ExportAsync(result.GetValue(round)!, result.GetValue(format)!, result.GetValue(output), ct));

        var root = new RootCommand("QuizBot: run with no verb to start the service") { bank, migrate, export };
        return root.Parse(args).InvokeAsync();
    }

    /// <summary>The bank in <paramref name="folder"/>, or null (said on <paramref name="error"/>) when there is no such folder.</summary>
    internal static LoadedBank? LoadOrSay(string folder, TextWriter error)
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

    internal static int Validate(string folder, TextWriter output, TextWriter error)
    {
        if (LoadOrSay(folder, error) is not { } bank) return 2;
        foreach (var problem in bank.Errors)
        {
            error.WriteLine($"{Path.Combine(folder, problem.Location.File)}:{problem.Location.Line}: {problem.Message}");
        }
        foreach (var warning in bank.Warnings)
        {
            error.WriteLine($"{Path.Combine(folder, warning.Location.File)}:{warning.Location.Line}: warning: {warning.Message}");
        }
        var reviewed = bank.Questions.Count(q => q.Status == QuestionStatus.Reviewed);
        var warnings = bank.Warnings.Count > 0 ? $", {bank.Warnings.Count} warnings" : "";
        output.WriteLine($"{bank.Questions.Count} questions ({reviewed} reviewed) in {bank.Topics.Count} topics, {bank.Units.Count} units; {bank.Errors.Count} problems{warnings}.");
        return bank.IsValid ? 0 : 1;
    }

    private static async Task<int> MigrateAsync(CancellationToken ct)
    {
        try
        {
            var builder = WebApplication.CreateBuilder();
            builder.AddQuizBotData();
            await using var app = builder.Build();
            await app.Services.MigrateDatabaseAsync(ct);
            Console.WriteLine("The database is up to date.");
            return 0;
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static async Task<int> ExportAsync(string code, string format, string? path, CancellationToken ct)
    {
        try
        {
            var builder = WebApplication.CreateBuilder();
            builder.AddQuizBotData();
            builder.Services.AddOptions<QuizOptions>().BindConfiguration("Quiz");
            await using var app = builder.Build();
            await app.Services.MigrateDatabaseAsync(ct);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
            var normal = Contests.RoundDesk.NormaliseCode(code);
            var found = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Code == normal && r.Status != RoundStatus.Draft, ct);
            if (found is null)
            {
                Console.Error.WriteLine($"There is no round {normal}.");
                return 1;
            }
            if (!Contests.RoundResults.ArePublished(found))
            {
                Console.Error.WriteLine($"Round {normal} is not closed yet; its results come after the close.");
                return 1;
            }
            var outcome = await new Contests.RoundResults(db).ComputeAsync(found, ct);
            var zone = QuizClock.FindZone(app.Configuration["Quiz:TimeZone"] ?? new QuizOptions().TimeZone);
            var (name, bytes) = Contests.ResultFiles.Write(outcome, format, zone);
            var target = Path.GetFullPath(path ?? name);
            await File.WriteAllBytesAsync(target, bytes, ct);
            Console.WriteLine($"{outcome.Ranking.Count} contestants written to {target}");
            return 0;
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static string BankFolder() => Configuration()["QuestionBank:Path"] ?? "question-bank";

    private static IConfiguration Configuration() =>
        new ConfigurationBuilder().AddJsonFile(Path.GetFullPath("appsettings.json"), optional: true).AddEnvironmentVariables().Build();
}
