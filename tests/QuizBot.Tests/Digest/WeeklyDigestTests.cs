using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Digest;
using QuizBot.Practice;
using QuizBot.Scheduling;
using QuizBot.Tests.Integration;
using QuizBot.Tests.Support;
using SkiaSharp;

namespace QuizBot.Tests.Digest;

/// <summary>
/// The weekly digest in the real service: Quartz's trigger, the group chat's board and chart, the organizers'
/// participation with flags, and once per chat and week however often it fires.
/// </summary>
public sealed class WeeklyDigestTests : IntegrationTest
{
    private const long Group = -100777;
    private const long Organizer = 9001;
    private const long Revoked = 9002;
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // The test clock starts on Monday 2 November 2026, 10:00 in Vietnam (the trigger's own time, 08:00, is checked on
    // the trigger: moving a fake clock days ahead runs every periodic timer of the host for each of its periods).
    // The week reported on is 26 October–1 November, the one before it 19–25 October.
    private static readonly DateTime LastWeek = new(2026, 10, 28, 3, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime WeekBefore = new(2026, 10, 21, 3, 0, 0, DateTimeKind.Utc);

    private const string Units = """
        units:
          - code: P1
            name: Đảng bộ tỉnh Thử
            kind: province
            children:
              - code: P1-C1
                name: Đảng bộ xã Phước Hưng
                kind: commune
                children:
                  - code: P1-C1-CB1
                    name: Chi bộ ấp Bình Thuận
                    kind: cell
                    members: 4
                  - code: P1-C1-CB2
                    name: Chi bộ ấp Long Hữu
                    kind: cell
                    members: 4
                  - code: P1-C1-CB3
                    name: Chi bộ ấp Đông Thạnh
                    kind: cell
                    members: 10
              - code: P1-C2
                name: Đảng bộ xã Khác
                kind: commune
                children:
                  - code: P1-C2-CB1
                    name: Chi bộ ấp Ngoài
                    kind: cell
                    members: 2
        """;

    private readonly RecordingTelegram telegram = new();
    private int attempts;

    private QuizBotHost Start()
    {
        Bank.Write("org-units.yaml", Units);
        return StartHost(web =>
        {
            web.UseSetting("Digest:GroupChats:0:ChatId", Group.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Digest:GroupChats:0:Unit", "P1-C1");
            web.ConfigureTestServices(services => services.AddSingleton<IChatOutput>(telegram));
        });
    }

    [Fact]
    public async Task On_Monday_morning_local_the_group_gets_its_units_board_and_a_participation_chart_as_a_photo()
    {
        using var host = Start();
        await SeedAsync(host);

        var executed = await ListenAsync(host);
        await (await Scheduler(host)).TriggerJob(SchedulingExtensions.WeeklyDigest);
        await executed.WaitAsync(1);

        var text = Assert.Single(telegram.Texts(Group));
        Assert.Contains("Bản tin tuần — Đảng bộ xã Phước Hưng", text);
        Assert.Contains("Tuần 26/10–01/11/2026", text);
        // People by correct answers: An 5, Bình 3, Cường 2; nobody from the other commune.
        AssertInOrder(text, "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung");
        Assert.DoesNotContain("Người Ngoài", text);
        // Units by total correct: Bình Thuận 9, Long Hữu 2, Đông Thạnh 1; with participants / members and the rate.
        AssertInOrder(text, "ấp Bình Thuận", "ấp Long Hữu", "ấp Đông Thạnh");
        Assert.Contains("3/4", text);
        Assert.Contains("1/10", text);
        // Most improved against the week before: An 1 → 5, Bình 0 → 3; Cường answered fewer right.
        AssertInOrder(text, "Tiến bộ nhất tuần", "Nguyễn Văn An: 1 → 5 (+4)", "Trần Thị Bình: 0 → 3 (+3)");
        Assert.DoesNotContain("Lê Văn Cường: 6", text);

        var (png, caption) = Assert.Single(telegram.Photos(Group));
        Assert.Equal(PngSignature, png[..8]);
        Assert.InRange(png.Length, 5_000, 2_000_000);
        using var image = SKBitmap.Decode(png);
        Assert.Equal(ParticipationChart.Width, image.Width);
        Assert.Contains("Đảng bộ xã Phước Hưng", caption);

        var trigger = Assert.IsAssignableFrom<ICronTrigger>(await (await Scheduler(host)).GetTrigger(SchedulingExtensions.WeeklyDigestTrigger));
        Assert.Equal("0 0 8 ? * MON", trigger.CronExpressionString);
        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, trigger.MisfireInstruction);
        // From Thursday 3 December 2026 the next digest is Monday 7 December, 08:00 in Vietnam.
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero), trigger.GetFireTimeAfter(new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Organizers_get_participation_per_sub_unit_with_those_under_half_flagged()
    {
        using var host = Start();
        await SeedAsync(host);

        await host.Services.GetRequiredService<WeeklyDigest>().SendDueAsync(CancellationToken.None);

        var text = Assert.Single(telegram.Texts(Organizer));
        Assert.Contains("Tỷ lệ tham gia theo đơn vị", text);
        Assert.Contains("✅ Chi bộ ấp Bình Thuận: 3/4 (75 %)", text);
        Assert.Contains("⚠️ Chi bộ ấp Long Hữu: 1/4 (25 %)", text);
        Assert.Contains("⚠️ Chi bộ ấp Đông Thạnh: 1/10 (10 %)", text);
        Assert.Contains("2/3 đơn vị dưới 50 %", text);
        // Lowest first, and only the organizer's own unit.
        AssertInOrder(text, "Đông Thạnh", "Long Hữu", "Bình Thuận");
        Assert.DoesNotContain("Ngoài", text);
        Assert.Empty(telegram.Texts(Revoked));
        Assert.Empty(telegram.Photos(Organizer));
    }

    [Fact]
    public async Task Firing_twice_and_once_more_later_sends_each_chat_its_digest_once()
    {
        using var host = Start();
        await SeedAsync(host);

        var executed = await ListenAsync(host);
        var scheduler = await Scheduler(host);
        await scheduler.TriggerJob(SchedulingExtensions.WeeklyDigest);
        await scheduler.TriggerJob(SchedulingExtensions.WeeklyDigest);
        await executed.WaitAsync(2);
        Clock.Advance(TimeSpan.FromHours(3));
        await host.Services.GetRequiredService<WeeklyDigest>().SendDueAsync(CancellationToken.None);

        Assert.Single(telegram.Texts(Group));
        Assert.Single(telegram.Photos(Group));
        Assert.Single(telegram.Texts(Organizer));
        Assert.Equal(2, host.Scoped(db => db.DigestLogs.Count(d => d.WeekStart == new DateOnly(2026, 10, 26))));
    }

    [Fact]
    public async Task A_trigger_missed_until_Tuesday_sends_no_stale_digest()
    {
        using var host = Start();
        await SeedAsync(host);
        // Tuesday 00:01 in Vietnam.
        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 17, 1, 0, TimeSpan.Zero));

        await host.Services.GetRequiredService<WeeklyDigest>().SendDueAsync(CancellationToken.None);

        Assert.Empty(telegram.Texts(Group));
        Assert.Empty(telegram.Texts(Organizer));
        Assert.Equal(0, host.Scoped(db => db.DigestLogs.Count()));
    }

    private static void AssertInOrder(string text, params string[] parts)
    {
        var at = -1;
        foreach (var part in parts)
        {
            var next = text.IndexOf(part, at + 1, StringComparison.Ordinal);
            Assert.True(next > at, $"\"{part}\" is not after the parts before it in:\n{text}");
            at = next;
        }
    }

    private async Task SeedAsync(QuizBotHost host)
    {
        var unit = host.Scoped(db => db.Units.ToDictionary(u => u.Code, u => u.Id));
        var question = host.Scoped(db => db.Questions.First().Id);
        var an = host.RegisterMember(101, unit["P1-C1-CB1"], "Nguyễn Văn An");
        var binh = host.RegisterMember(102, unit["P1-C1-CB1"], "Trần Thị Bình");
        var dung = host.RegisterMember(103, unit["P1-C1-CB1"], "Phạm Thị Dung");
        var cuong = host.RegisterMember(104, unit["P1-C1-CB2"], "Lê Văn Cường");
        var em = host.RegisterMember(105, unit["P1-C1-CB3"], "Hoàng Văn Em");
        var outsider = host.RegisterMember(106, unit["P1-C2-CB1"], "Người Ngoài");
        host.RegisterMember(Organizer, unit["P1-C1"], "Tổ chức Viên");

        async Task AnswerAsync(int who, DateTime at, int correct, int wrong = 0)
        {
            for (var i = 0; i < correct + wrong; i++) await RecordAsync(host, who, question, at.AddMinutes(i), i < correct);
        }
        await AnswerAsync(an, WeekBefore, 1);
        await AnswerAsync(cuong, WeekBefore, 6);
        await AnswerAsync(an, LastWeek, 5);
        await AnswerAsync(binh, LastWeek, 3, wrong: 1);
        await AnswerAsync(cuong, LastWeek, 2);
        await AnswerAsync(dung, LastWeek, 1);
        await AnswerAsync(em, LastWeek, 1, wrong: 2);
        await AnswerAsync(outsider, LastWeek, 9);

        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var now = Clock.GetUtcNow().UtcDateTime;
        db.RoleGrants.Add(new RoleGrant { TelegramUserId = Organizer, Role = GrantedRole.Organizer, UnitId = unit["P1-C1"], GrantedBy = 1, GrantedAt = now });
        db.RoleGrants.Add(new RoleGrant { TelegramUserId = Revoked, Role = GrantedRole.Organizer, UnitId = unit["P1-C1"], GrantedBy = 1, GrantedAt = now, RevokedBy = 1, RevokedAt = now });
        db.RoleGrants.Add(new RoleGrant { TelegramUserId = 9003, Role = GrantedRole.Judge, UnitId = unit["P1"], GrantedBy = 1, GrantedAt = now });
        await db.SaveChangesAsync();
    }


    /// <summary>One practice answer through the real answer log, so the leaderboards' totals count it.</summary>
    private async Task RecordAsync(QuizBotHost host, int participant, int question, DateTime at, bool correct)
    {
        var attempt = new Attempt
        {
            ParticipantId = participant, Transport = Transport.Telegram, ChatId = 1, QuestionIds = [question], Status = AttemptStatus.Active,
            StartedAt = at, SecondsPerQuestion = 60, Number = Interlocked.Increment(ref attempts),
        };
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
            db.Attempts.Add(attempt);
            await db.SaveChangesAsync();
        }
        var answer = new Answer
        {
            ParticipantId = participant, AttemptId = attempt.Id, QuestionId = question, Position = 0, Chosen = [0], IsCorrect = correct,
            Score = correct ? 1 : 0, ScoredBy = "auto", AnsweredAt = at,
        };
        Assert.True(await host.Services.GetRequiredService<AnswerLog>().RecordAsync(answer, "q", QuizBot.Learning.Rating.Good, AttemptStatus.Finished, CancellationToken.None));
    }

    private static ValueTask<IScheduler> Scheduler(QuizBotHost host) => host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    private static async Task<ExecutionCounter> ListenAsync(QuizBotHost host)
    {
        var counter = new ExecutionCounter();
        (await Scheduler(host)).ListenerManager.AddJobListener(counter, Matchers.Key(SchedulingExtensions.WeeklyDigest));
        return counter;
    }

    /// <summary>Counts the digest job's finished runs, so a test waits for the runs themselves.</summary>
    private sealed class ExecutionCounter : IJobListener
    {
        private readonly SemaphoreSlim finished = new(0);

        public string Name => "digest-test-counter";

        public async Task WaitAsync(int runs)
        {
            for (var i = 0; i < runs; i++) Assert.True(await finished.WaitAsync(TimeSpan.FromSeconds(30)), $"the digest job ran {i} of {runs} times");
        }

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            Assert.Null(jobException);
            finished.Release();
            return ValueTask.CompletedTask;
        }
    }
}
