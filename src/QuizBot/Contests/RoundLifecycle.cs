using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.Registration;

namespace QuizBot.Contests;

public enum RoundStep { Open, HourLeft, TenMinutesLeft, Close }

/// <summary>Group chats that get round results (and the weekly digest): a chat id and the unit it speaks for.</summary>
public sealed class DigestOptions
{
    public GroupChat[] GroupChats { get; set; } = [];

    public sealed class GroupChat
    {
        public long ChatId { get; set; }
        public string Unit { get; set; } = "";
    }
}

/// <summary>
/// Moves rounds through their life on time: opens them (and invites the scope's members), reminds those who have
/// not started an hour and ten minutes before the close, closes them (finishing what is unfinished) and posts the
/// results to the organizer, the configured group chats and each contestant. Every step is idempotent and marked
/// in the database (status, <see cref="RoundNotice"/>, ResultsPostedAt), so Quartz firing twice, or a catch-up after
/// a restart, sends nothing twice. Invitations, reminders and results go in the dispatcher's lower-priority lane.
/// </summary>
public sealed class RoundLifecycle(
    IServiceScopeFactory scopes, ChatOutputs outputs, WriteGate gate, TimeProvider clock, IOptions<DigestOptions> digest,
    IEnumerable<IResultsFollower> followers, ILogger<RoundLifecycle> log)
{
    public async Task RunAsync(int roundId, RoundStep step, CancellationToken ct)
    {
        switch (step)
        {
            case RoundStep.Open: await OpenAsync(roundId, actor: 0, ct); break;
            case RoundStep.HourLeft: await RemindAsync(roundId, RoundNoticeKind.HourLeft, ct); break;
            case RoundStep.TenMinutesLeft: await RemindAsync(roundId, RoundNoticeKind.TenMinutesLeft, ct); break;
            case RoundStep.Close: await CloseAsync(roundId, actor: 0, ct); break;
        }
    }

    /// <summary>On start: rounds that should have opened or closed while the service was down do so now.</summary>
    public async Task CatchUpAsync(CancellationToken ct)
    {
        List<(int Id, RoundStatus Status, DateTime ClosesAt)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
            // Results are claimed one contestant at a time: a round whose results a crash cut short is finished on start,
            // and a round whose every contestant has theirs costs nothing here.
            var owed = db.Rounds.Where(r => r.ResultsPostedAt == null || db.Attempts.Any(a => a.RoundId == r.Id
                && a.Status != AttemptStatus.Abandoned && db.Answers.Any(x => x.AttemptId == a.Id)
                && !db.RoundNotices.Any(n => n.RoundId == r.Id && n.ParticipantId == a.ParticipantId && n.Kind == RoundNoticeKind.Result)));
            due = (await owed.AsNoTracking()
                .Where(r => (r.Status == RoundStatus.Closed && r.Mode != RoundMode.Judged) || r.Status == RoundStatus.Finalised)
                .Concat(db.Rounds.AsNoTracking().Where(r => (r.Status == RoundStatus.Scheduled && r.OpensAt <= now) || (r.Status == RoundStatus.Open && r.ClosesAt <= now)))
                .Select(r => new { r.Id, r.Status, r.ClosesAt }).ToListAsync(ct))
                .Select(r => (r.Id, r.Status, r.ClosesAt)).ToList();
        }
        foreach (var (id, status, closesAt) in due)
        {
            log.LogInformation("Round {RoundId} catches up after a restart ({Status})", id, status);
            if (status == RoundStatus.Scheduled && closesAt > clock.GetUtcNow().UtcDateTime) await OpenAsync(id, actor: 0, ct);
            else if (status is RoundStatus.Finalised or RoundStatus.Closed) await PostPendingResultsAsync(id, ct);
            else await CloseAsync(id, actor: 0, ct);
        }
    }

    /// <returns>false when the round was not scheduled (already open or closed): nothing changed.</returns>
    public async Task<bool> OpenAsync(int roundId, long actor, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<QuizBotDb>();
        var opened = await gate.WriteAsync(() => db.Rounds.Where(r => r.Id == roundId && r.Status == RoundStatus.Scheduled)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.Status, RoundStatus.Open), ct), ct);
        if (opened == 0) return false;
        services.GetRequiredService<Roles.AuditLog>().Add(actor, "round.open", new { round = roundId });
        await db.SaveChangesAsync(ct);
        var round = await db.Rounds.AsNoTracking().SingleAsync(r => r.Id == roundId, ct);
        log.LogInformation("Round {Code} is open", round.Code);
        await NoticeAsync(services, round, RoundNoticeKind.Invitation, onlyNotStarted: false, ct);
        return true;
    }

    private async Task RemindAsync(int roundId, RoundNoticeKind kind, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is not { Status: RoundStatus.Open } || round.ClosesAt <= clock.GetUtcNow().UtcDateTime) return;
        // A live round is played when its organizer starts it: there is nothing to remind of on one's own.
        if (round.Mode == RoundMode.Live) return;
        await NoticeAsync(scope.ServiceProvider, round, kind, onlyNotStarted: true, ct);
    }

    /// <summary>One message per registered member of the scope, each claimed in RoundNotices just before it is queued.</summary>
    private async Task NoticeAsync(IServiceProvider services, Round round, RoundNoticeKind kind, bool onlyNotStarted, CancellationToken ct)
    {
        var db = services.GetRequiredService<QuizBotDb>();
        var units = await services.GetRequiredService<UnitTree>().SubtreeIdsAsync(round.ScopeUnitId, ct);
        var members = await db.Participants.AsNoTracking()
            .Where(p => p.Step == RegistrationStep.Registered && p.IsActive && p.UnitId != null && units.Contains(p.UnitId.Value))
            .Where(p => !db.RoundNotices.Any(n => n.RoundId == round.Id && n.ParticipantId == p.Id && n.Kind == kind))
            .Where(p => !onlyNotStarted || !db.Attempts.Any(a => a.RoundId == round.Id && a.ParticipantId == p.Id))
            .Select(p => new { p.Id, p.Transport, p.ChatId, p.Language })
            .ToListAsync(ct);
        var quiz = services.GetRequiredService<QuizClock>();
        foreach (var member in members)
        {
            var output = outputs.For(member.Transport);
            await output.WaitBulkTurnAsync(ct);
            if (!await ClaimAsync(db, round.Id, member.Id, kind, ct)) continue;
            var t = RoundTexts.For(member.Language);
            var title = Html.Escape(round.Title);
            if (round.Mode == RoundMode.Live)
            {
                await output.SendAsync(member.ChatId, new OutgoingMessage(Live.LiveTexts.For(member.Language).LiveRoundInvitation(title)), ct);
                continue;
            }
            var text = kind == RoundNoticeKind.Invitation
                ? t.Invitation(title, round.Code, quiz.Show(round.ClosesAt))
                : t.Reminder(title, kind == RoundNoticeKind.HourLeft ? Texts.For(member.Language).Duration(TimeSpan.FromHours(1)) : Texts.For(member.Language).Duration(TimeSpan.FromMinutes(10)));
            await output.SendAsync(member.ChatId, new OutgoingMessage(text, [[new Button(t.JoinButton, CallbackCodec.Encode(new JoinRound(round.Id)))]]), ct);
        }
        if (members.Count > 0) log.LogInformation("Round {Code}: {Count} {Kind} messages queued", round.Code, members.Count, kind);
    }

    /// <summary>Claims one notice for one person just before it is queued: false when it was claimed before.</summary>
    private async Task<bool> ClaimAsync(QuizBotDb db, int roundId, int participantId, RoundNoticeKind kind, CancellationToken ct) =>
        await gate.WriteAsync(() => db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "RoundNotices" ("RoundId", "ParticipantId", "Kind", "SentAt") VALUES ({roundId}, {participantId}, {(int)kind}, {clock.GetUtcNow().UtcDateTime}) ON CONFLICT DO NOTHING""",
            ct), ct) > 0;

    /// <summary>The organizer's language, for what the round tells them.</summary>
    private static async Task<string> OrganizerLanguageAsync(QuizBotDb db, Round round, CancellationToken ct) =>
        await db.Participants.AsNoTracking().Where(p => p.Transport == Transport.Telegram && p.ExternalId == round.CreatedBy)
            .Select(p => p.Language).FirstOrDefaultAsync(ct) ?? "vi";

    /// <summary>Closes the round: answers are refused from <see cref="Round.ClosesAt"/> on (or now, closed early), then the results go out once.</summary>
    public async Task<bool> CloseAsync(int roundId, long actor, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<QuizBotDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var closed = await gate.WriteAsync(async () =>
        {
            var changed = await db.Rounds.Where(r => r.Id == roundId && (r.Status == RoundStatus.Open || r.Status == RoundStatus.Scheduled))
                .ExecuteUpdateAsync(r => r.SetProperty(x => x.Status, RoundStatus.Closed).SetProperty(x => x.ClosedAt, now)
                    .SetProperty(x => x.ClosesAt, x => x.ClosesAt < now ? x.ClosesAt : now), ct);
            // What was left unfinished counts with the answers it has.
            await db.Attempts.Where(a => a.RoundId == roundId && (a.Status == AttemptStatus.Active || a.Status == AttemptStatus.AwaitingPrediction))
                .ExecuteUpdateAsync(a => a.SetProperty(x => x.Status, AttemptStatus.Finished).SetProperty(x => x.FinishedAt, x => x.FinishedAt ?? now)
                    .SetProperty(x => x.CurrentDeadline, (DateTime?)null), ct);
            return changed;
        }, ct);
        if (closed > 0)
        {
            services.GetRequiredService<Roles.AuditLog>().Add(actor, "round.close", new { round = roundId });
            await db.SaveChangesAsync(ct);
        }
        var round = await db.Rounds.AsNoTracking().SingleAsync(r => r.Id == roundId, ct);
        if (round.Mode == RoundMode.Judged)
        {
            // Answering is over and judging opens; the results wait for the organizer's /finalise.
            if (closed > 0) await TellJudgingOpenAsync(services, round, ct);
            return closed > 0;
        }
        if (round.Status == RoundStatus.Closed) await PostResultsAsync(services, round, ct);
        return closed > 0;
    }

    private async Task TellJudgingOpenAsync(IServiceProvider services, Round round, CancellationToken ct)
    {
        var (answers, waiting) = await services.GetRequiredService<JudgePanel>().CoverageAsync(round, ct);
        var language = await OrganizerLanguageAsync(services.GetRequiredService<QuizBotDb>(), round, ct);
        await outputs.For(Transport.Telegram).SendAsync(round.OrganizerChatId, new OutgoingMessage(RoundTexts.For(language).JudgingOpen(round.Code, answers, waiting)), ct);
    }

    /// <summary>A judged round's scores become final (mean, trimmed with four judges or more) and its results go out once.</summary>
    public async Task FinaliseAsync(int roundId, long actor, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<QuizBotDb>();
        var answers = await db.Answers.Where(a => a.FreeText != null && db.Attempts.Any(x => x.Id == a.AttemptId && x.RoundId == roundId)).ToListAsync(ct);
        var scores = await db.JudgeScores.AsNoTracking().Where(s => answers.Select(a => a.Id).Contains(s.AnswerId)).ToListAsync(ct);
        foreach (var answer in answers)
        {
            (answer.Score, answer.ScoredBy) = (JudgeScores.Aggregate(scores.Where(s => s.AnswerId == answer.Id).Select(s => s.Score).ToList()), "judges");
        }
        var round = await db.Rounds.SingleAsync(r => r.Id == roundId, ct);
        if (round.Status != RoundStatus.Closed) return;
        (round.Status, round.FinalisedAt) = (RoundStatus.Finalised, clock.GetUtcNow().UtcDateTime);
        services.GetRequiredService<Roles.AuditLog>().Add(actor, "round.finalise", new { round = roundId, answers = answers.Count });
        await db.SaveChangesAsync(ct);
        await PostResultsAsync(services, round, ct);
    }

    private async Task PostPendingResultsAsync(int roundId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var round = await scope.ServiceProvider.GetRequiredService<QuizBotDb>().Rounds.AsNoTracking().SingleAsync(r => r.Id == roundId, ct);
        await PostResultsAsync(scope.ServiceProvider, round, ct);
    }

    private async Task PostResultsAsync(IServiceProvider services, Round round, CancellationToken ct)
    {
        var db = services.GetRequiredService<QuizBotDb>();
        var outcome = await services.GetRequiredService<RoundResults>().ComputeAsync(round, ct);
        foreach (var follower in followers) await FollowAsync(follower, round, outcome, ct);
        // The organizer's and the groups' messages are claimed first, so a close racing a catch-up posts them once;
        // they go into the outbox right after, so they are sent also after a crash.
        var claimedHeader = await gate.WriteAsync(() => db.Rounds.Where(r => r.Id == round.Id && r.ResultsPostedAt == null)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.ResultsPostedAt, clock.GetUtcNow().UtcDateTime), ct), ct);
        if (claimedHeader > 0) await PostToOrganizerAndGroupsAsync(services, round, outcome, ct);

        var contestants = outcome.Ranking.Count;
        // Only those still owed theirs take a turn of the bulk lane (a resumed posting skips the rest).
        var chats = await db.Participants.AsNoTracking().Where(p => outcome.Ranking.Select(r => r.Attempt.ParticipantId).Contains(p.Id))
            .Where(p => !db.RoundNotices.Any(n => n.RoundId == round.Id && n.ParticipantId == p.Id && n.Kind == RoundNoticeKind.Result))
            .Select(p => new { p.Id, p.Transport, p.ChatId, p.Language }).ToDictionaryAsync(p => p.Id, ct);
        foreach (var result in outcome.Ranking)
        {
            if (!chats.TryGetValue(result.Attempt.ParticipantId, out var chat)) continue;
            var output = outputs.For(chat.Transport);
            await output.WaitBulkTurnAsync(ct);
            if (!await ClaimAsync(db, round.Id, chat.Id, RoundNoticeKind.Result, ct)) continue;
            var t = RoundTexts.For(chat.Language);
            var prize = result.Prize == Prize.None ? "" : " · " + ContestTexts.For(chat.Language).PrizeName(result.Prize);
            await output.SendAsync(chat.ChatId, new OutgoingMessage(t.YourResult(Html.Escape(round.Title), Number(result.Attempt.Score), Number(result.Attempt.MaxScore),
                result.Attempt.TotalTimeMs / 1000.0, result.Rank, contestants, prize)), ct);
        }
        log.LogInformation("Round {Code}: results posted to the organizer and {Count} contestants", round.Code, contestants);
    }

    /// <summary>The results go out even if a follower fails: what it missed is caught up on the next start.</summary>
    private async Task FollowAsync(IResultsFollower follower, Round round, RoundOutcome outcome, CancellationToken ct)
    {
        try
        {
            await follower.ResultsPublishedAsync(round, outcome, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Round {Code}: {Follower} failed on the published results", round.Code, follower.GetType().Name);
        }
    }

    private static string Number(double value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private async Task PostToOrganizerAndGroupsAsync(IServiceProvider services, Round round, RoundOutcome outcome, CancellationToken ct)
    {
        var db = services.GetRequiredService<QuizBotDb>();
        var language = await OrganizerLanguageAsync(db, round, ct);
        var telegram = outputs.For(Transport.Telegram);
        await telegram.SendAsync(round.OrganizerChatId, new OutgoingMessage(RoundTexts.For(language).Closed(round.Code, outcome.Ranking.Count)), ct);
        await telegram.SendAsync(round.OrganizerChatId, new OutgoingMessage(ResultsMessage.Render(round.Title, outcome.Ranking, outcome.Units, 20, language)), ct);

        var units = services.GetRequiredService<UnitTree>();
        foreach (var group in digest.Value.GroupChats)
        {
            var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Code == group.Unit, ct);
            // A group hears the rounds run within its unit, or above it for a group of a unit inside the scope.
            if (unit is null || !(await units.IsWithinAsync(round.ScopeUnitId, unit.Id, ct) || await units.IsWithinAsync(unit.Id, round.ScopeUnitId, ct))) continue;
            await telegram.SendAsync(group.ChatId, new OutgoingMessage(ResultsMessage.Render(round.Title, outcome.Ranking, outcome.Units, 10, "vi")), ct);
        }
    }
}

/// <summary>Puts a round's steps on Quartz: opening, the two reminders and the close, each firing once even if late.</summary>
public sealed class RoundScheduler(ISchedulerFactory schedulers, TimeProvider clock)
{
    public static readonly JobKey Job = new("round-step", "rounds");

    public async Task ScheduleAsync(Round round, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var now = clock.GetUtcNow();
        var steps = new List<(RoundStep Step, DateTime At)>
        {
            (RoundStep.Open, round.OpensAt),
            (RoundStep.HourLeft, round.ClosesAt.AddHours(-1)),
            (RoundStep.TenMinutesLeft, round.ClosesAt.AddMinutes(-10)),
            (RoundStep.Close, round.ClosesAt),
        };
        foreach (var (step, at) in steps)
        {
            var when = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
            // A reminder whose moment has passed (a short round) is not sent late; opening and closing always happen.
            if (when <= now && step is RoundStep.HourLeft or RoundStep.TenMinutesLeft) continue;
            if (when <= round.OpensAt && step is RoundStep.HourLeft or RoundStep.TenMinutesLeft) continue;
            var trigger = TriggerBuilder.Create()
                .WithIdentity($"round-{round.Id}-{step}", "rounds")
                .ForJob(Job)
                .UsingJobData("round", round.Id)
                .UsingJobData("step", step.ToString())
                .StartAt(when < now ? now : when)
                .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build();
            await scheduler.ScheduleJob(trigger, new ScheduleJobOptions { Replace = true }, ct);
        }
    }

    /// <summary>After a manual close the remaining steps are dropped (they would change nothing anyway).</summary>
    public async Task UnscheduleAsync(int roundId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        foreach (var step in Enum.GetValues<RoundStep>()) await scheduler.UnscheduleJob(new TriggerKey($"round-{roundId}-{step}", "rounds"), ct);
    }
}

/// <summary>Runs one step of one round.</summary>
public sealed class RoundStepJob(RoundLifecycle lifecycle) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        await lifecycle.RunAsync(data.GetInt("round"), Enum.Parse<RoundStep>(data.GetString("step")!), cancellationToken);
    }
}

/// <summary>Closes what should have closed while the service was down, once the host has started.</summary>
public sealed class RoundCatchUp(RoundLifecycle lifecycle, ILogger<RoundCatchUp> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await lifecycle.CatchUpAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            log.LogError(e, "Catching up on rounds after the start failed");
        }
    }
}
