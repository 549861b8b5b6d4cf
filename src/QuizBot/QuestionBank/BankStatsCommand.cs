using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using QuizBot.Data;

namespace QuizBot.QuestionBank;

/// <summary>
/// <c>quizbot bank stats</c>: item analysis of the recorded answers, printing the questions worth revising. Like
/// <c>migrate</c> it builds a minimal host for the database and migrates it first, so an empty database works.
/// </summary>
internal static class BankStatsCommand
{
    public const int DefaultTop = 20;

    public static Command Create()
    {
        var minAttempts = new Option<int>("--min-attempts")
        {
            Description = "Leave out questions answered in fewer practice sessions than this",
            DefaultValueFactory = _ => ItemStatistics.DefaultMinAttempts,
        };
        minAttempts.Validators.Add(AtLeastOne);
        var top = new Option<int>("--top") { Description = "How many of the weakest questions to print", DefaultValueFactory = _ => DefaultTop };
        top.Validators.Add(AtLeastOne);
        var csv = new Option<string?>("--csv") { Description = "Also write every question with enough attempts, flagged or not, to this CSV file" };

        var stats = new Command("stats", "Facility and discrimination of each question from the recorded answers; prints the weakest") { minAttempts, top, csv };
        stats.SetAction((result, ct) => RunAsync(result.GetValue(minAttempts), result.GetValue(top), result.GetValue(csv), ct));
        return stats;
    }

    private static void AtLeastOne(OptionResult result)
    {
        if (result.GetValueOrDefault<int>() < 1) result.AddError($"{result.IdentifierToken?.Value ?? "the value"} must be at least 1");
    }

    private static async Task<int> RunAsync(int minAttempts, int top, string? csvFile, CancellationToken ct)
    {
        ItemStatisticsReport report;
        try
        {
            var builder = WebApplication.CreateBuilder();
            builder.AddQuizBotData();
            await using var app = builder.Build();
            await app.Services.MigrateDatabaseAsync(ct);
            await using var scope = app.Services.CreateAsyncScope();
            report = await new ItemStatistics(scope.ServiceProvider.GetRequiredService<QuizBotDb>()).ComputeAsync(minAttempts, ct);
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }

        Print(report, top, Console.Out);
        if (csvFile is null) return 0;
        try
        {
            await using var file = new StreamWriter(csvFile);
            WriteCsv(report, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{csvFile}: {e.Message}");
            return 1;
        }
        Console.WriteLine($"Wrote {report.Rows.Count} questions to {csvFile}.");
        return 0;
    }

    internal static void Print(ItemStatisticsReport report, int top, TextWriter output)
    {
        if (report.Rows.Count == 0)
        {
            output.WriteLine($"No question has {report.MinAttempts} attempts yet ({report.Answers} answers in {report.Attempts} practice sessions).");
            return;
        }
        output.WriteLine($"{report.Answers} answers in {report.Attempts} practice sessions; {report.Rows.Count} questions with at least {report.MinAttempts} attempts"
            + (report.TooFewAttempts > 0 ? $" ({report.TooFewAttempts} with fewer left out)." : "."));
        var weakest = report.Weakest.ToList();
        if (weakest.Count == 0)
        {
            output.WriteLine("None of them is flagged.");
            return;
        }
        output.WriteLine("F = facility (share right), D = discrimination (correlation with the rest of the session), U-L = upper minus lower 27 %.");
        output.WriteLine();

        var shown = weakest.Take(top).ToList();
        string[] header = ["Key", "Topic", "Attempts", "F %", "D %", "U-L %", "Flag"];
        var lines = shown.Select(r => new[]
        {
            r.Key, r.Topic, r.Result.Attempts.ToString(CultureInfo.InvariantCulture), Percent(r.Result.Facility),
            Percent(r.Result.Discrimination), Percent(r.Result.UpperLower), ItemAnalysis.Describe(r.Result.Flags),
        }).ToList();
        var widths = header.Select((h, i) => lines.Select(l => l[i].Length).Append(h.Length).Max()).ToArray();
        bool[] rightAligned = [false, false, true, true, true, true, false];
        foreach (var line in lines.Prepend(header))
        {
            output.WriteLine(string.Join("  ", line.Select((cell, i) => rightAligned[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd());
        }

        if (weakest.Count > shown.Count) output.WriteLine($"... and {weakest.Count - shown.Count} more flagged (--top {weakest.Count} shows all).");
        if (report.FlaggedRetired > 0) output.WriteLine($"Not shown: {report.FlaggedRetired} flagged that have left the bank.");
    }

    internal static void WriteCsv(ItemStatisticsReport report, TextWriter output)
    {
        output.WriteLine("key,topic,versions,in_bank,attempts,discriminating_attempts,facility,discrimination,upper_lower,flags");
        foreach (var row in report.Rows)
        {
            var r = row.Result;
            string[] cells =
            [
                row.Key, row.Topic, row.Versions.ToString(CultureInfo.InvariantCulture), row.InBank ? "true" : "false",
                r.Attempts.ToString(CultureInfo.InvariantCulture), r.DiscriminatingAttempts.ToString(CultureInfo.InvariantCulture),
                Number(r.Facility), Number(r.Discrimination), Number(r.UpperLower), ItemAnalysis.Describe(r.Flags),
            ];
            output.WriteLine(string.Join(",", cells.Select(Quote)));
        }
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "n/a";

    private static string Number(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "";

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}
