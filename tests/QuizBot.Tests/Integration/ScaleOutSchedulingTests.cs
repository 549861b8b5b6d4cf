using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;
using QuizBot.Contests;
using QuizBot.Data;
using QuizBot.Tests.Support;
using Telegram.Bot;

namespace QuizBot.Tests.Integration;

/// <summary>
/// Two instances of the service whose Quartz schedulers share one job store on PostgreSQL as a cluster: a round's
/// opening fires on one of them, once. Quartz runs on the test's clock (it takes the container's TimeProvider), so a step falls
/// due when the test moves the clock; the cluster's check-ins pace themselves in real time.
/// </summary>
[Collection(PostgresFixture.Collection)]
public sealed class ScaleOutSchedulingTests(PostgresFixture postgres) : IntegrationTest
{
    private const string RoundCode = "CUMMOT";
    private static readonly long[] Members = [8101, 8102, 8103];
    private readonly FakeBotClient bot = new();

    private QuizBotHost StartInstance(string database) => StartHost(web => web
        .UseSetting("Database:Provider", "Postgres")
        .UseSetting("ConnectionStrings:QuizBot", database)
        .UseSetting("Telegram:BotToken", "123456:TEST-not-a-real-token")
        .UseSetting("Telegram:Mode", "Webhook")
        .UseSetting("Telegram:WebhookUrl", "https://bot.example.org/telegram/hook")
        .UseSetting("Telegram:WebhookSecret", "s3cret_Token-for-scale-out")
        .UseSetting("Telegram:MessagesPerSecondPerChat", "1000")
        .UseSetting("Telegram:ChatBurst", "1000")
        .ConfigureTestServices(services =>
        {
            // Both instances talk to the same (fake) Telegram, as two real ones talk to the same bot.
            services.RemoveAll<ITelegramBotClient>();
            services.AddSingleton<ITelegramBotClient>(bot);
        }));

    [Fact]
    public async Task A_rounds_opening_fires_on_one_of_two_instances_and_invites_each_member_once()
    {
        var database = await postgres.CreateDatabaseAsync();
        using var a = StartInstance(database);
        using var b = StartInstance(database);
        var (schedulerA, schedulerB) = (await SchedulerOfAsync(a), await SchedulerOfAsync(b));
        var (ranOnA, ranOnB) = (Watch(schedulerA), Watch(schedulerB));

        // Two nodes of one cluster, each under an id of its own (two nodes sharing one would each take the other's
        // firings for its own). B's first check-in may land just after its start.
        await EventuallyAsync(async () => (await schedulerA.QueryClusterNodes()).Count(n => n.State == ClusterNodeState.Alive) == 2,
            () => "A does not see two live nodes");
        var nodes = await schedulerA.QueryClusterNodes();
        Assert.Equal(new[] { schedulerA.SchedulerInstanceId, schedulerB.SchedulerInstanceId }.Order(StringComparer.Ordinal),
            nodes.Select(n => n.InstanceId).Order(StringComparer.Ordinal));
        Assert.NotEqual(schedulerA.SchedulerInstanceId, schedulerB.SchedulerInstanceId);

        // Less than a heartbeat ahead, so that moving the clock there makes no instance look dead to the others.
        var round = AddScheduledRound(a, opensIn: TimeSpan.FromSeconds(2));
        await a.Services.GetRequiredService<RoundScheduler>().ScheduleAsync(round, CancellationToken.None);
        var opening = OpeningOf(round);
        Assert.NotNull(await schedulerB.GetTrigger(opening));

        Clock.Advance(TimeSpan.FromSeconds(2));
        // Done when a node has run it and the store holds the trigger no more: from then on no node can fire it.
        await EventuallyAsync(async () => ranOnA.All + ranOnB.All > 0 && await schedulerA.GetTrigger(opening) is null,
            () => $"the opening has not run and completed: {ranOnA.All} runs on A, {ranOnB.All} on B");

        Assert.Equal(1, ranOnA.Of(opening) + ranOnB.Of(opening));
        Assert.Equal(RoundStatus.Open, a.Scoped(db => db.Rounds.Single().Status));
        await EventuallyAsync(() => Task.FromResult(Members.All(m => InvitationsTo(m).Count > 0) && a.Scoped(db => db.Outbox.All(o => o.Status == OutboxStatus.Sent))),
            () => "the invitations were not all sent");
        Assert.Equal(Members.Length, a.Scoped(db => db.RoundNotices.Count(n => n.Kind == RoundNoticeKind.Invitation)));
        foreach (var member in Members) Assert.Single(InvitationsTo(member));
    }

    private static async Task<IScheduler> SchedulerOfAsync(QuizBotHost host) =>
        await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    private static TriggerKey OpeningOf(Round round) => new($"round-{round.Id}-{RoundStep.Open}", "rounds");

    private static RoundRuns Watch(IScheduler scheduler)
    {
        var runs = new RoundRuns();
        scheduler.ListenerManager.AddJobListener(runs, [Matchers.Key(RoundScheduler.Job)]);
        return runs;
    }

    /// <summary>The three members of a cell of the province, and a round of the province that opens soon and closes tomorrow.</summary>
    private Round AddScheduledRound(QuizBotHost host, TimeSpan opensIn)
    {
        var cell = host.Scoped(db => db.Units.Single(u => u.Code == "P1-C1-CB1").Id);
        foreach (var member in Members) host.RegisterMember(member, cell, $"Đảng viên {member}");
        var now = Clock.GetUtcNow().UtcDateTime;
        return host.Scoped(db =>
        {
            var round = new Round
            {
                Code = RoundCode, Title = "Vòng cụm một", ScopeUnitId = db.Units.Single(u => u.Code == "P1").Id, Mode = RoundMode.SelfPaced,
                Blueprint = "charter:1", QuestionIds = [db.Questions.OrderBy(q => q.Id).First().Id], TieBreaks = "score,time", PrizeTiers = "1,0,0,0",
                Status = RoundStatus.Scheduled, CreatedAt = now, OpensAt = now + opensIn, ClosesAt = now.AddDays(1), SecondsPerQuestion = 60, OrganizerChatId = 42,
            };
            db.Rounds.Add(round);
            db.SaveChanges();
            return round;
        });
    }

    private List<string> InvitationsTo(long member) =>
        bot.Sent.Where(s => s.ChatId == member && s.Text.Contains($"/join {RoundCode}", StringComparison.Ordinal)).Select(s => s.Text).ToList();

    /// <summary>Waits up to 30 s (a loaded machine runs the whole suite at once) for the condition.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition() && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        Assert.True(await condition(), what());
    }

    /// <summary>The round steps a scheduler has run, by trigger.</summary>
    private sealed class RoundRuns : IJobListener
    {
        private readonly ConcurrentQueue<TriggerKey> runs = new();

        public string Name => "round-runs";

        public int All => runs.Count;

        public int Of(TriggerKey trigger) => runs.Count(t => t.Equals(trigger));

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            runs.Enqueue(context.Trigger.Key);
            return ValueTask.CompletedTask;
        }
    }
}
