using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.QuestionBank;
using QuizBot.Registration;
using QuizBot.Roles;

namespace QuizBot.Contests;

/// <summary>"Take the round" under an invitation, a reminder or /rounds.</summary>
public sealed record JoinRound(int RoundId) : CallbackPayload, ICallbackPayload<JoinRound>
{
    public static string Prefix => "rj";
    public override string ToData() => CallbackCodec.Join(Prefix, RoundId);
    public static JoinRound? Parse(CallbackFields f) => f is { Count: 1 } && f.Int(0) is { } id ? new(id) : null;
}

/// <summary>The organizer's answer to a draft round: create it, or drop it.</summary>
public sealed record DecideDraft(int RoundId, bool Create) : CallbackPayload, ICallbackPayload<DecideDraft>
{
    public static string Prefix => "rd";
    public override string ToData() => $"rd:{RoundId.ToString(CultureInfo.InvariantCulture)}:{(Create ? "ok" : "no")}";

    public static DecideDraft? Parse(CallbackFields f) =>
        f is { Count: 2 } && f.Int(0) is { } id && (f.Is(1, "ok") || f.Is(1, "no")) ? new(id, f.Is(1, "ok")) : null;
}

public static class RoundExtensions
{
    public static WebApplicationBuilder AddRounds(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DigestOptions>().BindConfiguration("Digest");
        services.AddCommand<RoundsHandler>("rounds", new("Các vòng thi đang mở cho bạn", "Open contest rounds you may join"), order: 40);
        services.AddCommand<JoinHandler>("join", new("Vào thi: /join MÃ", "Join a round: /join CODE"), order: 41);
        services.AddCommand<NewRoundHandler>("newround", new("Tạo vòng thi (ban tổ chức)", "Create a round (organizers)"), Role.Organizer, order: 150);
        services.AddCommand<OpenRoundHandler>("openround", new("Mở vòng thi ngay: /openround MÃ", "Open a round now: /openround CODE"), Role.Organizer, order: 151);
        services.AddCommand<CloseRoundHandler>("closeround", new("Đóng vòng thi ngay: /closeround MÃ", "Close a round now: /closeround CODE"), Role.Organizer, order: 152);
        services.AddCommand<ResultsHandler>("results", new("Kết quả vòng thi: /results MÃ", "Round results: /results CODE"), Role.Organizer, order: 153);
        services.AddCommand<ExportHandler>("export", new("Tệp kết quả: /export MÃ [csv|xlsx]", "Results file: /export CODE [csv|xlsx]"), Role.Organizer, order: 154);
        services.AddCommand<JudgeHandler>("judge", new("Chấm bài tự luận: /judge MÃ", "Score free-text answers: /judge CODE"), Role.Judge, order: 140);
        services.AddCommand<CommentHandler>("comment", new("Nhận xét bài vừa chấm: /comment nội dung", "Comment on the answer just scored: /comment text"), Role.Judge, order: 141);
        services.AddCommand<FinaliseHandler>("finalise", new("Chốt kết quả vòng chấm điểm: /finalise MÃ", "Finalise a judged round: /finalise CODE"), Role.Organizer, order: 155);
        services.AddCallback<ScoreAnswer, JudgeHandler>();
        services.AddCallback<NextToJudge, JudgeHandler>();
        services.AddTextHandler<FreeTextAnswerHandler>();
        services.AddScoped<JudgePanel>();
        services.AddScoped<NewRoundDialogue>();
        services.AddCallback<NewRoundChoice, NewRoundDialogueHandler>();
        services.AddTextHandler<NewRoundDialogueHandler>();
        services.AddCallback<JoinRound, JoinHandler>();
        services.AddCallback<DecideDraft, NewRoundHandler>();
        services.AddTextHandler<PredictionTextHandler>();
        services.AddScoped<IStartPayloadHandler, RoundLink>();
        services.AddScoped<RoundDesk>();
        services.AddScoped<RoundDrafts>();
        services.AddScoped<RoundResults>();
        services.AddSingleton<RoundLifecycle>();
        services.AddSingleton<RoundScheduler>();
        services.AddHostedService<RoundCatchUp>();
        return builder;
    }
}

/// <summary>What the round commands share: finding a round by code and checking who may touch it.</summary>
public sealed class RoundDesk(QuizBotDb db, RoleBook roles, QuizClock clock)
{
    public static string NormaliseCode(string text) => text.Trim().ToUpperInvariant();

    public Task<Round?> FindAsync(string code, CancellationToken ct)
    {
        var normal = NormaliseCode(code);
        return db.Rounds.AsNoTracking().Include(r => r.ScopeUnit).SingleOrDefaultAsync(r => r.Code == normal && r.Status != RoundStatus.Draft, ct);
    }

    /// <summary>The round an organizer names, or null after saying why not (unknown, or outside their units).</summary>
    public async Task<Round?> OrganizedAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        var t = RoundTexts.For(context.Participant.Language);
        var code = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (code is null)
        {
            await context.ReplyAsync(t.UsageCode, ct);
            return null;
        }
        var round = await FindAsync(code, ct);
        if (round is null)
        {
            await context.ReplyAsync(t.NoSuchRound(Html.Escape(Short(code))), ct);
            return null;
        }
        if (!await roles.HoldsForAsync(context.Participant, Role.Organizer, round.ScopeUnitId, ct))
        {
            await context.ReplyAsync(t.NotYourRound(Html.Escape(round.Code)), ct);
            return null;
        }
        return round;
    }

    public string Show(DateTime utc) => clock.Show(utc);

    internal static string Short(string s) => s.Length <= 20 ? s : s[..20] + "…";
}

/// <summary>/newround: without a form, the form to fill in; with one, a draft and the buttons to create or drop it.</summary>
public sealed class NewRoundHandler(
    QuizBotDb db, RoleBook roles, QuizClock clock, RoundDrafts drafts, BotIdentity bot, NewRoundDialogue dialogue) : ICommandHandler, ICallbackHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        var t = RoundTexts.For(context.Participant.Language);
        if (arguments.Length == 0)
        {
            await dialogue.StartAsync(context, ct);
            return;
        }
        if (arguments.Trim().ToLowerInvariant() is "mẫu" or "form")
        {
            await context.ReplyAsync(t.NewRoundForm, ct);
            return;
        }
        await DraftAsync(context, arguments, ct);
    }

    /// <summary>A draft from a filled-in form (typed, or put together by the guided dialogue), with its create and cancel buttons.</summary>
    public async Task DraftAsync(ConversationContext context, string form, CancellationToken ct)
    {
        var t = RoundTexts.For(context.Participant.Language);
        if (!RoundForm.TryParse(form, out var spec, out var problems))
        {
            await context.ReplyAsync(t.FormProblem(Html.Escape(string.Join("; ", problems))), ct);
            return;
        }
        var check = await drafts.CheckAsync(context.Participant, spec!, ct);
        if (check.Error is { } error)
        {
            await context.ReplyAsync(t.FormProblem(Html.Escape(error)), ct);
            return;
        }
        var round = await drafts.SaveDraftAsync(spec!, check, context.Update.From.Id, context.ChatId, ct);

        var view = new DraftView(round.Code, Html.Escape(round.Title), Html.Escape(check.Unit!.Name), Html.Escape(round.Blueprint), round.QuestionIds.Length,
            round.SecondsPerQuestion, clock.Show(round.OpensAt), clock.Show(round.ClosesAt), round.MaxAttempts, round.TieBreaks,
            round.Prediction.ToString().ToLowerInvariant(), round.PrizeTiers);
        await context.ReplyAsync(new OutgoingMessage(t.Draft(view),
        [
            [new Button(t.Create, CallbackCodec.Encode(new DecideDraft(round.Id, true))), new Button(t.Cancel, CallbackCodec.Encode(new DecideDraft(round.Id, false)))],
        ]), ct);
    }

    public async Task HandleAsync(ConversationContext context, CallbackPayload payload, CancellationToken ct)
    {
        if (payload is not DecideDraft decide) return;
        var t = RoundTexts.For(context.Participant.Language);
        var round = await db.Rounds.SingleOrDefaultAsync(r => r.Id == decide.RoundId && r.Status == RoundStatus.Draft, ct);
        // Only the draft's own author, and only while they still organize its unit.
        if (round is null || round.CreatedBy != context.Update.From.Id || !await roles.HoldsForAsync(context.Participant, Role.Organizer, round.ScopeUnitId, ct))
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        await context.ToastAsync(null, ct);
        var messageId = context.Update.Callback?.MessageId;
        if (!decide.Create)
        {
            db.Rounds.Remove(round);
            await db.SaveChangesAsync(ct);
            await context.EditOrReplyAsync(messageId, new OutgoingMessage(t.Cancelled), ct);
            return;
        }
        if (!await drafts.CreateAsync(round, context.Update.From.Id, ct))
        {
            await context.EditOrReplyAsync(messageId, new OutgoingMessage(t.FormProblem(Html.Escape($"code: {round.Code} is taken"))), ct);
            return;
        }
        var link = bot.Username is { Length: > 0 } name ? $"https://t.me/{name}?start=r_{round.Code}" : $"<code>/start r_{round.Code}</code>";
        await context.EditOrReplyAsync(messageId, new OutgoingMessage(t.Created(round.Code, link)), ct);
        await drafts.OpenIfDueAsync(round, context.Update.From.Id, ct);
    }
}

/// <summary>/join CODE, the "take the round" button and the deep link all lead here.</summary>
public sealed class JoinHandler(QuizBotDb db, RoundDesk desk, UnitTree units, QuestionRunner runner, QuizClock clock) : ICommandHandler, ICallbackHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        var code = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (code is null)
        {
            await context.ReplyAsync(RoundTexts.For(context.Participant.Language).UsageCode, ct);
            return;
        }
        var round = await desk.FindAsync(code, ct);
        if (round is null)
        {
            await context.ReplyAsync(RoundTexts.For(context.Participant.Language).NoSuchRound(Html.Escape(RoundDesk.Short(code))), ct);
            return;
        }
        await JoinAsync(context, round, ct);
    }

    public async Task HandleAsync(ConversationContext context, CallbackPayload payload, CancellationToken ct)
    {
        var round = payload is JoinRound join ? await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == join.RoundId && r.Status != RoundStatus.Draft, ct) : null;
        if (round is null)
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        await context.ToastAsync(null, ct);
        await JoinAsync(context, round, ct);
    }

    /// <summary>Checks, in order: registered, in the scope, open, attempts left; an unfinished attempt is resumed.</summary>
    public async Task JoinAsync(ConversationContext context, Round round, CancellationToken ct)
    {
        var t = RoundTexts.For(context.Participant.Language);
        var participant = context.Participant;
        var code = Html.Escape(round.Code);
        if (participant.Step != RegistrationStep.Registered)
        {
            await context.ReplyAsync(t.NeedRegistration, ct);
            return;
        }
        if (!await units.IsWithinAsync(participant.UnitId, round.ScopeUnitId, ct))
        {
            await context.ReplyAsync(t.OutsideScope(code), ct);
            return;
        }
        if (round.Mode == RoundMode.Live)
        {
            await context.ReplyAsync(Live.LiveTexts.For(participant.Language).LiveRoundJoin(code), ct);
            return;
        }
        var now = clock.UtcNow;
        if (round.Status == RoundStatus.Scheduled || (round.Status == RoundStatus.Open && now < round.OpensAt))
        {
            await context.ReplyAsync(t.NotOpenYet(code, clock.Show(round.OpensAt)), ct);
            return;
        }
        if (round.Status != RoundStatus.Open || now >= round.ClosesAt)
        {
            await context.ReplyAsync(t.AlreadyClosed(code), ct);
            return;
        }
        if (await runner.UnfinishedAttemptAsync(participant.Id, round.Id, ct) is { } unfinished)
        {
            await runner.ResumeAsync(context, unfinished, ct);
            return;
        }
        var used = await db.Attempts.CountAsync(a => a.RoundId == round.Id && a.ParticipantId == participant.Id, ct);
        if (used >= round.MaxAttempts)
        {
            await context.ReplyAsync(t.NoAttemptsLeft(round.MaxAttempts), ct);
            return;
        }
        var heading = t.Starting(Html.Escape(round.Title), round.QuestionIds.Length, round.SecondsPerQuestion, clock.Show(round.ClosesAt));
        // Presses of one chat are handled one at a time, and the unique (round, participant, number) index
        // stops any second attempt with the same number.
        await runner.BeginRoundAsync(context, round, used + 1, heading, ct);
    }
}

/// <summary>t.me/bot?start=r_CODE.</summary>
public sealed class RoundLink(RoundDesk desk, JoinHandler join) : IStartPayloadHandler
{
    public bool Accepts(string payload) => payload.StartsWith("r_", StringComparison.Ordinal);

    public async Task HandleAsync(ConversationContext context, string payload, CancellationToken ct)
    {
        var code = payload[2..];
        var round = await desk.FindAsync(code, ct);
        if (round is null)
        {
            await context.ReplyAsync(RoundTexts.For(context.Participant.Language).NoSuchRound(Html.Escape(RoundDesk.Short(code))), ct);
            return;
        }
        await join.JoinAsync(context, round, ct);
    }
}

/// <summary>/rounds: the open rounds whose scope holds the participant's unit, each with its button.</summary>
public sealed class RoundsHandler(QuizBotDb db, UnitTree units, QuizClock clock) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        var t = RoundTexts.For(context.Participant.Language);
        if (context.Participant.UnitId is not { } unitId)
        {
            await context.ReplyAsync(t.NeedRegistration, ct);
            return;
        }
        var above = await units.AncestorIdsAsync(unitId, ct);
        var now = clock.UtcNow;
        var open = await db.Rounds.AsNoTracking()
            .Where(r => r.Status == RoundStatus.Open && r.ClosesAt > now && above.Contains(r.ScopeUnitId))
            .OrderBy(r => r.ClosesAt).Take(10).ToListAsync(ct);
        if (open.Count == 0)
        {
            await context.ReplyAsync(t.NoOpenRounds, ct);
            return;
        }
        var text = t.OpenRoundsHeader + "\n" + string.Join("\n", open.Select(r => t.RoundLine(r.Code, Html.Escape(r.Title), clock.Show(r.ClosesAt))));
        await context.ReplyAsync(new OutgoingMessage(text,
            open.Select(r => (IReadOnlyList<Button>)[new Button($"{t.JoinButton} {r.Code}", CallbackCodec.Encode(new JoinRound(r.Id)))]).ToList()), ct);
    }
}

/// <summary>The number a contestant types for the round's prediction question.</summary>
public sealed class PredictionTextHandler(QuizBotDb db, QuestionRunner runner) : ITextHandler
{
    private Attempt? waiting;

    public async Task<bool> AcceptsAsync(ConversationContext context, CancellationToken ct)
    {
        waiting = await db.Attempts.AsNoTracking()
            .Where(a => a.ParticipantId == context.Participant.Id && a.Status == AttemptStatus.AwaitingPrediction)
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        return waiting is not null;
    }

    public async Task HandleAsync(ConversationContext context, string text, CancellationToken ct)
    {
        var digits = text.Trim().Replace(".", "").Replace(",", "");
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var prediction) || prediction > 1_000_000)
        {
            await context.ReplyAsync(RoundTexts.For(context.Participant.Language).BadPrediction, ct);
            return;
        }
        await runner.SavePredictionAsync(context, waiting!, prediction, ct);
    }
}

/// <summary>/openround CODE: opens a scheduled round now.</summary>
public sealed class OpenRoundHandler(QuizBotDb db, RoundDesk desk, RoundLifecycle lifecycle, RoundScheduler scheduler, QuizClock clock, Live.LiveRounds live) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        if (await desk.OrganizedAsync(context, arguments, ct) is not { } round) return;
        if (round.Mode == RoundMode.Live)
        {
            // A live round is played when its organizer says so: the questions go out to its group now.
            await live.StartAsync(context, round, ct);
            return;
        }
        var t = RoundTexts.For(context.Participant.Language);
        if (round.Status != RoundStatus.Scheduled)
        {
            await context.ReplyAsync(round.Status == RoundStatus.Open ? t.Opened(round.Code) : t.AlreadyClosed(round.Code), ct);
            return;
        }
        await db.Rounds.Where(r => r.Id == round.Id).ExecuteUpdateAsync(r => r.SetProperty(x => x.OpensAt, clock.UtcNow), ct);
        await lifecycle.OpenAsync(round.Id, context.Update.From.Id, ct);
        await scheduler.ScheduleAsync(await db.Rounds.AsNoTracking().SingleAsync(r => r.Id == round.Id, ct), ct);
        await context.ReplyAsync(t.Opened(round.Code), ct);
    }
}

/// <summary>/closeround CODE: closes a round now; answers from this moment on are refused.</summary>
public sealed class CloseRoundHandler(RoundDesk desk, RoundLifecycle lifecycle, RoundScheduler scheduler, Live.LiveGames live) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        if (await desk.OrganizedAsync(context, arguments, ct) is not { } round) return;
        // A live round in play closes once the question on screen is revealed, with everything answered counted.
        if (round.Mode == RoundMode.Live && live.StopRound(round.Id)) return;
        if (!await lifecycle.CloseAsync(round.Id, context.Update.From.Id, ct))
        {
            await context.ReplyAsync(RoundTexts.For(context.Participant.Language).AlreadyClosed(round.Code), ct);
            return;
        }
        await scheduler.UnscheduleAsync(round.Id, ct);
    }
}

/// <summary>/results CODE: the ranking and the per-unit table, in chat.</summary>
public sealed class ResultsHandler(RoundDesk desk, RoundResults results) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        if (await desk.OrganizedAsync(context, arguments, ct) is not { } round) return;
        if (!RoundResults.ArePublished(round))
        {
            await context.ReplyAsync(RoundTexts.For(context.Participant.Language).ResultsNotOut(round), ct);
            return;
        }
        var outcome = await results.ComputeAsync(round, ct);
        await context.ReplyAsync(ResultsMessage.Render(round.Title, outcome.Ranking, outcome.Units, 20, context.Participant.Language), ct);
    }
}

/// <summary>/export CODE [csv|xlsx]: the results as a file (Excel by default), sent as a document.</summary>
public sealed class ExportHandler(RoundDesk desk, RoundResults results, QuizClock clock) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        if (await desk.OrganizedAsync(context, arguments, ct) is not { } round) return;
        var t = RoundTexts.For(context.Participant.Language);
        if (!RoundResults.ArePublished(round))
        {
            await context.ReplyAsync(t.ResultsNotOut(round), ct);
            return;
        }
        var format = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault()?.ToLowerInvariant() ?? "xlsx";
        var outcome = await results.ComputeAsync(round, ct);
        var (name, bytes) = ResultFiles.Write(outcome, format, clock.Zone);
        if (!await context.SendDocumentAsync(name, bytes, t.ExportCaption(Html.Escape(round.Title)), ct))
        {
            await context.ReplyAsync(t.ExportNeedsTelegram, ct);
        }
    }
}

/// <summary>The export files, the same for /export and <c>quizbot export</c>.</summary>
public static class ResultFiles
{
    public static (string Name, byte[] Bytes) Write(RoundOutcome outcome, string format, TimeZoneInfo zone)
    {
        using var file = new MemoryStream();
        if (format == "csv")
        {
            ResultsExport.WriteCsv(file, outcome.Ranking, zone);
            return ($"ket-qua-{outcome.Round.Code}.csv", file.ToArray());
        }
        ResultsExport.WriteXlsx(file, outcome.Ranking, outcome.Units, outcome.Round.Title, zone);
        return ($"ket-qua-{outcome.Round.Code}.xlsx", file.ToArray());
    }
}
