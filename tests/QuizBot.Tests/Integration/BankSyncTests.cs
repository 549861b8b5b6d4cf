using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuizBot.Tests.Support;
using QuizBot.QuestionBank;

namespace QuizBot.Tests.Integration;

public sealed class BankSyncTests : IntegrationTest
{
    private static async Task<SyncReport> SyncAsync(QuizBotHost host)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BankSync>().SyncAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_edited_question_becomes_a_new_version_and_old_answers_keep_theirs()
    {
        using var host = StartHost();
        var user = await host.NewUser().OpenAsync();
        await user.RegisterAsync();
        await user.SayAsync("/practice cells 2");
        await user.PressAsync(user.LastWithButtons, _ => true);
        var answered = host.Scoped(db => db.Answers.Include(a => a.Question).Single().Question!);

        Bank.Write("cells.yaml", TestBank.Cells.Replace("en: On which day", "en: Which day").Replace("en: How long must", "en: For how long must"));
        var report = await SyncAsync(host);

        Assert.Equal((0, 2, 0), (report.Added, report.NewVersions, report.Retired));
        var versions = host.Scoped(db => db.Questions.Where(q => q.Key == answered.Key).OrderBy(q => q.Version).ToList());
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.NotNull(versions[0].RetiredAt);
        Assert.Null(versions[1].RetiredAt);
        Assert.Equal(versions[0].Id, host.Scoped(db => db.Answers.Single().QuestionId));
        Assert.DoesNotContain(host.Services.GetRequiredService<QuestionCatalog>().Current, q => q.Id == versions[0].Id);
    }

    [Fact]
    public async Task A_status_change_alone_keeps_the_version()
    {
        using var host = StartHost();

        Bank.Write("charter.yaml", TestBank.Charter.Replace("status: draft", "status: reviewed"));
        var report = await SyncAsync(host);

        Assert.Equal((0, 0, 0), (report.Added, report.NewVersions, report.Retired));
        Assert.Equal(QuestionStatus.Reviewed, host.Scoped(db => db.Questions.Single(q => q.Key == "charter-003").Status));
    }

    [Fact]
    public async Task A_removed_question_is_retired_never_deleted()
    {
        using var host = StartHost();

        Bank.Write("cells.yaml", TestBank.Cells[..TestBank.Cells.IndexOf("  - id: cells-002", StringComparison.Ordinal)]);
        var report = await SyncAsync(host);

        Assert.Equal(1, report.Retired);
        var retired = host.Scoped(db => db.Questions.Single(q => q.Key == "cells-002"));
        Assert.NotNull(retired.RetiredAt);
        Assert.DoesNotContain(host.Services.GetRequiredService<QuestionCatalog>().Current, q => q.Key == "cells-002");
    }

    [Fact]
    public async Task A_broken_file_is_reported_and_its_questions_stay_in_service()
    {
        using var host = StartHost();

        Bank.Write("cells.yaml", TestBank.Cells.Replace("answer: B", "answer: Q"));
        var report = await SyncAsync(host);

        Assert.Equal(["cells.yaml:12: answer 'Q' is not among the options (A to C)", "cells.yaml:24: answer 'Q' is not among the options (A to C)"],
            report.Errors.Select(e => e.ToString()));
        Assert.Equal(0, report.Retired);
        var served = host.Services.GetRequiredService<QuestionCatalog>().Current.Select(q => q.Key).Order();
        Assert.Equal(["cells-001", "cells-002", "charter-001", "charter-002", "charter-003"], served);
    }

    [Fact]
    public async Task A_question_past_its_valid_until_is_not_served()
    {
        using var host = StartHost();
        Bank.Write("cells.yaml", TestBank.Cells.Replace("    source: Chỉ thị 50-CT/TW (23/7/2025)", "    source: Chỉ thị 50-CT/TW (23/7/2025)\n    valid_until: 2026-01-01"));
        await SyncAsync(host);

        var today = new DateOnly(2026, 11, 2);
        var servable = host.Services.GetRequiredService<QuestionCatalog>().Servable(today, "cells").Select(q => q.Key);

        Assert.Equal(["cells-002"], servable);
    }

    [Fact]
    public async Task At_start_an_unchanged_bank_is_taken_from_the_database_and_a_changed_one_is_synced()
    {
        using var host = StartHost();
        async Task<SyncReport> StartAsync()
        {
            using var scope = host.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<BankSync>().StartAsync(CancellationToken.None);
        }

        var unchanged = await StartAsync();
        Bank.Write("extra.yaml", TestBank.Cells.Replace("cells-00", "extra-00"));
        var changed = await StartAsync();

        Assert.Equal((0, 0), (unchanged.Added, unchanged.Errors.Count));
        Assert.Equal(5, host.Services.GetRequiredService<QuestionCatalog>().Current.Count - changed.Added);
        Assert.Equal(2, changed.Added);
        Assert.Contains(host.Services.GetRequiredService<QuestionCatalog>().Current, q => q.Key == "extra-001");
    }
}
