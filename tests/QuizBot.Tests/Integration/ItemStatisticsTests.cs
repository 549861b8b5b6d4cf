using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QuizBot.Data;
using QuizBot.QuestionBank;

namespace QuizBot.Tests.Integration;

public sealed class ItemStatisticsTests : IDisposable
{
    private readonly string databaseFile = Path.Combine(Path.GetTempPath(), $"quizbot-test-{Guid.NewGuid():N}.db");

    // One row per practice session; columns alpha, bravo, charlie, delta, echo ('-' = not asked). alpha's version 1
    // was asked in s1–s6 and version 2 in s7–s12. A 13th session answers bravo only.
    private static readonly string[] Sessions =
    [
        "0 1 1 1 1",
        "0 1 1 0 1",
        "0 1 1 1 0",
        "1 1 1 0 1",
        "0 1 1 0 -",
        "0 0 1 0 -",
        "1 0 1 0 -",
        "1 1 1 0 -",
        "1 0 1 0 -",
        "1 0 0 0 -",
        "0 0 1 0 -",
        "1 0 1 0 -",
    ];

    [Fact]
    public async Task Statistics_count_every_version_of_a_key_by_session_and_leave_out_rare_and_retired_questions()
    {
        await using (var db = Open())
        {
            await db.Database.MigrateAsync();
            await SeedAsync(db);
        }

        ItemStatisticsReport report;
        await using (var db = Open())
        {
            report = await new ItemStatistics(db).ComputeAsync(minAttempts: 10, CancellationToken.None);
        }

        // Expected values from ItemAnalysis' formulas worked out independently on the table above.
        Assert.Equal((53, 13, 1), (report.Answers, report.Attempts, report.TooFewAttempts));
        Assert.Equal(["alpha", "delta", "charlie", "bravo"], report.Rows.Select(r => r.Key));

        var alpha = report.Rows[0];
        Assert.Equal(("charter", 2, true), (alpha.Topic, alpha.Versions, alpha.InBank));
        Assert.Equal((12, 12), (alpha.Result.Attempts, alpha.Result.DiscriminatingAttempts));
        Assert.Equal(50.00, alpha.Result.Facility, 2);
        Assert.Equal(-43.68, alpha.Result.Discrimination!.Value, 2);
        Assert.Equal(ItemFlags.NegativeDiscrimination, alpha.Result.Flags);

        var bravo = report.Rows.Single(r => r.Key == "bravo");
        Assert.Equal((13, 12), (bravo.Result.Attempts, bravo.Result.DiscriminatingAttempts));
        Assert.Equal(53.85, bravo.Result.Facility, 2);
        Assert.Equal(25.26, bravo.Result.Discrimination!.Value, 2);
        Assert.Equal(ItemFlags.None, bravo.Result.Flags);

        var charlie = report.Rows.Single(r => r.Key == "charlie");
        Assert.Equal(91.67, charlie.Result.Facility, 2);
        Assert.Equal(8.81, charlie.Result.Discrimination!.Value, 2);

        var delta = report.Rows.Single(r => r.Key == "delta");
        Assert.False(delta.InBank);
        Assert.Equal(ItemFlags.NegativeDiscrimination | ItemFlags.TooHard, delta.Result.Flags);

        Assert.Equal(["alpha", "charlie"], report.Weakest.Select(r => r.Key));
        Assert.Equal(1, report.FlaggedRetired);

        var printed = new StringWriter();
        BankStatsCommand.Print(report, top: 20, printed);
        var lines = printed.ToString().Split('\n', StringSplitOptions.TrimEntries);
        Assert.StartsWith("53 answers in 13 practice sessions; 4 questions with at least 10 attempts (1 with fewer left out).", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("alpha", StringComparison.Ordinal) && l.Contains("50.0  -43.7") && l.EndsWith("negative discrimination", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("charlie", StringComparison.Ordinal) && l.EndsWith("too easy, weak discrimination", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("delta", StringComparison.Ordinal));

        var csv = new StringWriter();
        BankStatsCommand.WriteCsv(report, csv);
        Assert.Contains("delta,old,1,false,12,12,16.67,-2.81,", csv.ToString());
    }

    [Fact]
    public async Task Statistics_of_some_questions_read_only_their_sessions_and_give_those_questions_the_same_figures()
    {
        await using (var db = Open())
        {
            await db.Database.MigrateAsync();
            await SeedAsync(db);
        }
        await using var read = Open();
        var all = await new ItemStatistics(read).ComputeAsync(minAttempts: 1, CancellationToken.None);

        var some = await new ItemStatistics(read).ComputeAsync(minAttempts: 1, CancellationToken.None, ["echo"]);

        // echo was asked in the first four sessions only: their 4 × 5 answers are read, and echo's figures are unchanged.
        Assert.Equal((20, 4), (some.Answers, some.Attempts));
        Assert.Equal(all.Rows.Single(r => r.Key == "echo"), some.Rows.Single(r => r.Key == "echo"));
        Assert.NotEqual(all.Rows.Single(r => r.Key == "bravo").Result, some.Rows.Single(r => r.Key == "bravo").Result);
    }

    [Fact]
    public async Task An_empty_database_reports_that_no_question_has_enough_attempts()
    {
        await using var db = Open();
        await db.Database.MigrateAsync();

        var report = await new ItemStatistics(db).ComputeAsync(minAttempts: 10, CancellationToken.None);
        var printed = new StringWriter();
        BankStatsCommand.Print(report, top: 20, printed);

        Assert.Empty(report.Rows);
        Assert.Equal("No question has 10 attempts yet (0 answers in 0 practice sessions).", printed.ToString().Trim());
    }

    private QuizBotDb Open() =>
        new(new DbContextOptionsBuilder<QuizBotDb>().UseSqlite($"Data Source={databaseFile}").Options);

    private static async Task SeedAsync(QuizBotDb db)
    {
        var at = new DateTime(2026, 11, 2, 3, 0, 0, DateTimeKind.Utc);
        Question Version(string key, int version, string topic, bool retired) => new()
        {
            Key = key,
            Version = version,
            ContentHash = $"{key}-{version}",
            Topic = topic,
            Type = QuestionType.TrueFalse,
            Content = new QuestionContent(new(key, key), QuestionContent.TrueFalseOptions, [0], new("", ""), "test"),
            SourceFile = $"{topic}.yaml",
            CreatedAt = at,
            RetiredAt = retired ? at : null,
        };
        var alpha1 = Version("alpha", 1, "old", retired: true);
        var alpha2 = Version("alpha", 2, "charter", retired: false);
        var bravo = Version("bravo", 1, "charter", retired: false);
        var charlie = Version("charlie", 1, "cells", retired: false);
        var delta = Version("delta", 1, "old", retired: true);
        var echo = Version("echo", 1, "cells", retired: false);
        db.Questions.AddRange(alpha1, alpha2, bravo, charlie, delta, echo);
        var people = Enumerable.Range(1, 7).Select(i => new Participant { DisplayName = $"P{i}", ExternalId = i, ChatId = i, CreatedAt = at }).ToList();
        db.Participants.AddRange(people);
        await db.SaveChangesAsync();

        var rows = Sessions.Select((row, i) => (i, Cells: row.Split(' '))).ToList();
        for (var i = 0; i < rows.Count + 1; i++)
        {
            // Seven people, thirteen sessions: an attempt is a session, not a person.
            var person = people[i % people.Count];
            var asked = i < rows.Count
                ? new[] { i < 6 ? alpha1 : alpha2, bravo, charlie, delta, echo }.Zip(rows[i].Cells).Where(c => c.Second != "-").ToList()
                : [(bravo, "1")];
            var session = new Attempt
            {
                ParticipantId = person.Id,
                ChatId = person.ChatId,
                QuestionIds = asked.Select(a => a.First.Id).ToArray(),
                Status = AttemptStatus.Finished,
                StartedAt = at,
            };
            db.Attempts.Add(session);
            await db.SaveChangesAsync();
            db.Answers.AddRange(asked.Select((a, position) => new Answer
            {
                ParticipantId = person.Id,
                AttemptId = session.Id,
                QuestionId = a.First.Id,
                Position = position,
                Chosen = [a.Second == "1" ? 0 : 1],
                IsCorrect = a.Second == "1",
                TimedOut = false,
                AnsweredAt = at,
            }));
            await db.SaveChangesAsync();
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { databaseFile, databaseFile + "-wal", databaseFile + "-shm" })
        {
            try { File.Delete(file); } catch (IOException) { }
        }
    }
}
