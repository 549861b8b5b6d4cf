using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuizBot.Contests;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.QuestionBank;

namespace QuizBot.Live;

public static class LiveExtensions
{
    public static WebApplicationBuilder AddLive(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<LiveGames>();
        services.AddScoped<LiveRounds>();
        services.AddHostedService<LiveGameResumer>();
        services.AddHostedService<LiveViewPublisher>();
        services.AddSingleton<IGroupHelp, LiveGroupHelp>();
        services.AddCommand<QuizHandler>("quiz", new("Thi nhanh cùng nhóm: /quiz [chủ đề] [số câu]", "Group quiz: /quiz [topic] [count]"), order: 60);
        services.AddCallback<LiveAnswer, LiveAnswerHandler>();
        return builder;
    }
}

/// <summary>
/// The games a previous run left running are picked up once the service has started; with several instances, a
/// dead instance's games as soon as it is found dead.
/// </summary>
public sealed class LiveGameResumer(LiveGames games, ServiceInstances instances, TimeProvider clock, ILogger<LiveGameResumer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await games.ResumeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Resuming live games failed");
            }
            if (!instances.Shared) return;
            await Task.Delay(ServiceInstances.Heartbeat, clock, stoppingToken);
        }
    }
}

public sealed class LiveGroupHelp : IGroupHelp
{
    public string For(string language) => LiveTexts.For(language).GroupHelp;
}

/// <summary>
/// /quiz [topic] [n] in a group: n reviewed one-press questions (default 5), 20 seconds each; /quiz stop. Only the
/// group's admins (Telegram is asked) or an organizer start or stop one.
/// </summary>
public sealed class QuizHandler(LiveGames games, QuestionCatalog catalog, QuizClock clock, IRoleCheck roles, IEnumerable<IGroupAdmins> admins) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        var t = LiveTexts.For(context.Participant.Language);
        var chat = context.Update.Chat;
        if (chat.IsPrivate)
        {
            await context.ReplyAsync(t.OnlyInGroups, ct);
            return;
        }
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var stop = words is [var only] && only.Equals("stop", StringComparison.OrdinalIgnoreCase);
        string? topic = null;
        var count = LiveGames.DefaultQuestions;
        foreach (var word in stop ? [] : words)
        {
            if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= LiveGames.MaxQuestions) count = n;
            else if (topic is null && catalog.FindTopic(word.ToLowerInvariant()) is { } found) topic = found.Id;
            else
            {
                await context.ReplyAsync(t.Usage, ct);
                return;
            }
        }
        if (!await MayLeadAsync(context, ct))
        {
            await context.ReplyAsync(t.OnlyAdmins, ct);
            return;
        }
        if (stop)
        {
            if (!games.Stop(chat.Transport, chat.ChatId)) await context.ReplyAsync(t.NothingRunning, ct);
            return;
        }
        var pool = catalog.Servable(clock.Today(), topic)
            .Where(q => q.Status == QuestionStatus.Reviewed && q.Type is QuestionType.Single or QuestionType.TrueFalse).ToList();
        if (pool.Count == 0)
        {
            await context.ReplyAsync(t.NoQuestions, ct);
            return;
        }
        var questions = pool.OrderBy(_ => Random.Shared.Next()).Take(count).Select(q => q.Id).ToArray();
        var title = t.GroupQuizTitle(topic is null ? null : catalog.FindTopic(topic)?.Name.For(context.Participant.Language) ?? topic);
        var spec = new GameSpec(chat.Transport, chat.ChatId, context.Update.From.Id, context.Participant.Language, title, questions,
            LiveGames.DefaultSeconds, topic);
        if (await games.StartAsync(spec, ct) is null) await context.ReplyAsync(t.AlreadyRunning, ct);
    }

    private async Task<bool> MayLeadAsync(ConversationContext context, CancellationToken ct)
    {
        if (context.Participant.Id != 0 && await roles.HoldsAsync(context.Participant, Role.Organizer, ct)) return true;
        var transport = admins.FirstOrDefault(a => a.Transport == context.Update.Chat.Transport);
        return transport is not null && await transport.IsAdminAsync(context.ChatId, context.Update.From.Id, ct);
    }
}

/// <summary>A press on a live question: one grouped write and one toast, which never tells right from wrong.</summary>
public sealed class LiveAnswerHandler(LiveGames games, TimeProvider clock) : ICallbackHandler
{
    public async Task HandleAsync(ConversationContext context, CallbackPayload payload, CancellationToken ct)
    {
        var press = (LiveAnswer)payload;
        var t = LiveTexts.For(context.Participant.Language);
        var outcome = await games.PressAsync(press, context.Participant, context.ChatId, context.Update.ReceivedAt ?? clock.GetUtcNow().UtcDateTime, ct);
        await context.ToastAsync(outcome switch
        {
            PressOutcome.Recorded => t.Recorded,
            PressOutcome.AlreadyAnswered => t.AlreadyAnswered,
            PressOutcome.NotInRound => t.NotInRound,
            _ => t.QuestionClosed,
        }, ct);
    }
}

/// <summary>
/// A live contest round, started by its organizer (/openround CODE): its questions are played as a live game in
/// the round's group, the configured group chat (Digest:GroupChats) of the round's unit; a small round without a
/// group (up to <see cref="LiveGames.MaxPrivateContestants"/> registered members) in each contestant's private chat,
/// the organizer following the board in theirs.
/// </summary>
public sealed class LiveRounds(QuizBotDb db, LiveGames games, RoundLifecycle lifecycle, Registration.UnitTree tree, IOptions<DigestOptions> digest)
{
    public async Task StartAsync(ConversationContext context, Round round, CancellationToken ct)
    {
        var t = LiveTexts.For(context.Participant.Language);
        var unitCode = round.ScopeUnit?.Code ?? (await db.Units.FindAsync([round.ScopeUnitId], ct))!.Code;
        var group = digest.Value.GroupChats.FirstOrDefault(g => string.Equals(g.Unit, unitCode, StringComparison.OrdinalIgnoreCase));
        IReadOnlyList<long>? contestants = null;
        if (group is null)
        {
            // No group: a small round is played in each contestant's private chat instead.
            var units = await tree.SubtreeIdsAsync(round.ScopeUnitId, ct);
            contestants = await db.Participants.AsNoTracking()
                .Where(p => p.Transport == context.Update.Chat.Transport && p.Step == RegistrationStep.Registered && p.IsActive
                    && p.UnitId != null && units.Contains(p.UnitId.Value))
                .Select(p => p.ChatId).Take(LiveGames.MaxPrivateContestants + 1).ToListAsync(ct);
            if (contestants.Count is 0 or > LiveGames.MaxPrivateContestants)
            {
                await context.ReplyAsync(t.LiveRoundNoGroup(Html.Escape(round.Code), LiveGames.MaxPrivateContestants), ct);
                return;
            }
        }
        if (round.Status == RoundStatus.Scheduled) await lifecycle.OpenAsync(round.Id, context.Update.From.Id, ct);
        // As opening left it (and with its questions, should the desk's copy be older).
        var current = await db.Rounds.AsNoTracking().SingleAsync(r => r.Id == round.Id, ct);
        if (current.Status != RoundStatus.Open)
        {
            await context.ReplyAsync(RoundTexts.For(context.Participant.Language).AlreadyClosed(Html.Escape(round.Code)), ct);
            return;
        }
        var spec = new GameSpec(context.Update.Chat.Transport, group?.ChatId ?? context.ChatId, context.Update.From.Id, context.Participant.Language,
            current.Title, current.QuestionIds, current.SecondsPerQuestion, Round: current, PrivateChats: contestants);
        if (await games.StartAsync(spec, ct) is null)
        {
            await context.ReplyAsync(LiveTexts.For(context.Participant.Language).AlreadyRunning, ct);
            return;
        }
        await context.ReplyAsync(contestants is null ? t.LiveRoundStarted(Html.Escape(round.Code)) : t.LiveRoundStartedPrivately(Html.Escape(round.Code), contestants.Count), ct);
    }
}
