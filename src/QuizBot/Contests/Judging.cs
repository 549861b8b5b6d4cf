using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.QuestionBank;
using QuizBot.Registration;
using QuizBot.Roles;

namespace QuizBot.Contests;

/// <summary>How the judges' scores of one free-text answer make its score.</summary>
public static class JudgeScores
{
    public const int MinJudges = 2;

    /// <summary>Beyond this many, an answer is not offered to more judges.</summary>
    public const int MaxJudges = 5;

    public const int TrimFrom = 4;

    /// <summary>The mean of the scores; with four or more, the mean without the highest and the lowest; null below two.</summary>
    public static double? Aggregate(IReadOnlyCollection<int> scores)
    {
        if (scores.Count < MinJudges) return null;
        var kept = scores.Count >= TrimFrom ? scores.Order().Skip(1).SkipLast(1).ToList() : scores.ToList();
        return Math.Round(kept.Average(), 2);
    }
}

/// <summary>A judge's score (0–10) for one answer.</summary>
public sealed record ScoreAnswer(long AnswerId, int Score) : CallbackPayload, ICallbackPayload<ScoreAnswer>
{
    public static string Prefix => "jg";
    public override string ToData() => CallbackCodec.Join(Prefix, AnswerId, Score);
    public static ScoreAnswer? Parse(CallbackFields f) => f is { Count: 2 } && f.Long(0) is { } id && f.Int(1) is { } s && s <= 10 ? new(id, s) : null;
}

/// <summary>"Next answer" under a scored one.</summary>
public sealed record NextToJudge(int RoundId) : CallbackPayload, ICallbackPayload<NextToJudge>
{
    public static string Prefix => "jn";
    public override string ToData() => CallbackCodec.Join(Prefix, RoundId);
    public static NextToJudge? Parse(CallbackFields f) => f is { Count: 1 } && f.Int(0) is { } id ? new(id) : null;
}

/// <summary>
/// Who may judge what: a judge granted at or above the round's scope, never a contestant of their own base
/// organisation (the nearest base organisation above them, or their commune where there is none).
/// </summary>
public sealed class JudgePanel(QuizBotDb db, UnitTree units, RoleBook roles)
{
    public Task<bool> MayJudgeAsync(Participant judge, Round round, CancellationToken ct) =>
        roles.HoldsForAsync(judge, Role.Judge, round.ScopeUnitId, ct);

    /// <summary>The unit whose members a person may not judge.</summary>
    public async Task<int?> BaseOrganisationAsync(int? unitId, CancellationToken ct)
    {
        if (unitId is not { } id) return null;
        var path = await units.AncestorIdsAsync(id, ct);
        var kinds = await db.Units.AsNoTracking().Where(u => path.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Kind, ct);
        return path.FirstOrDefault(u => kinds.GetValueOrDefault(u) == UnitKind.Base) is var b && b != 0 ? b
            : path.FirstOrDefault(u => kinds.GetValueOrDefault(u) == UnitKind.Commune) is var c && c != 0 ? c
            : null;
    }

    /// <summary>The free-text answers of the round, each with the base organisation of its contestant.</summary>
    public async Task<List<(long AnswerId, int ParticipantId, int? BaseOrganisation)>> AnswersAsync(int roundId, CancellationToken ct)
    {
        var rows = await db.Answers.AsNoTracking()
            .Where(a => a.FreeText != null && db.Attempts.Any(x => x.Id == a.AttemptId && x.RoundId == roundId))
            .Select(a => new { a.Id, a.ParticipantId, UnitId = db.Participants.Where(p => p.Id == a.ParticipantId).Select(p => p.UnitId).First() })
            .ToListAsync(ct);
        var bases = new Dictionary<int, int?>();
        var result = new List<(long, int, int?)>();
        foreach (var row in rows)
        {
            var unit = row.UnitId ?? 0;
            if (!bases.TryGetValue(unit, out var b)) bases[unit] = b = await BaseOrganisationAsync(row.UnitId, ct);
            result.Add((row.Id, row.ParticipantId, b));
        }
        return result;
    }

    /// <summary>How many answers have fewer than two judges who may score them (the organizer is told; they wait).</summary>
    public async Task<(int Answers, int Waiting)> CoverageAsync(Round round, CancellationToken ct)
    {
        var answers = await AnswersAsync(round.Id, ct);
        var judges = await EligibleJudgeBasesAsync(round, ct);
        var waiting = answers.Count(a => judges.Count(j => j != a.BaseOrganisation || j is null) < JudgeScores.MinJudges);
        return (answers.Count, waiting);
    }

    /// <summary>The base organisation of every judge who may judge this round (admins count as judges).</summary>
    private async Task<List<int?>> EligibleJudgeBasesAsync(Round round, CancellationToken ct)
    {
        var scopePath = await units.AncestorIdsAsync(round.ScopeUnitId, ct);
        var judgeIds = await db.RoleGrants.AsNoTracking()
            .Where(g => g.Role == GrantedRole.Judge && g.RevokedAt == null && scopePath.Contains(g.UnitId))
            .Select(g => g.TelegramUserId).Distinct().ToListAsync(ct);
        var judgeUnits = await db.Participants.AsNoTracking()
            .Where(p => p.Transport == Transport.Telegram && judgeIds.Contains(p.ExternalId)).Select(p => p.UnitId).ToListAsync(ct);
        var result = new List<int?>();
        foreach (var unit in judgeUnits) result.Add(await BaseOrganisationAsync(unit, ct));
        return result;
    }
}

/// <summary>/judge CODE, the score keyboard, "next answer" and /comment.</summary>
public sealed class JudgeHandler(QuizBotDb db, RoundDesk desk, JudgePanel panel, QuestionCatalog catalog, AuditLog audit, TimeProvider clock)
    : ICommandHandler, ICallbackHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        var t = RoundTexts.For(context.Participant.Language);
        var code = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (code is null)
        {
            await context.ReplyAsync(t.UsageCode, ct);
            return;
        }
        var round = await desk.FindAsync(code, ct);
        if (round is null)
        {
            await context.ReplyAsync(t.NoSuchRound(Html.Escape(RoundDesk.Short(code))), ct);
            return;
        }
        await OfferNextAsync(context, round, ct);
    }

    public async Task HandleAsync(ConversationContext context, CallbackPayload payload, CancellationToken ct)
    {
        switch (payload)
        {
            case NextToJudge next when await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == next.RoundId, ct) is { } round:
                await context.ToastAsync(null, ct);
                await OfferNextAsync(context, round, ct);
                break;
            case ScoreAnswer score:
                await ScoreAsync(context, score, ct);
                break;
            default:
                await context.ToastAsync(context.T.ButtonClosed, ct);
                break;
        }
    }

    private async Task OfferNextAsync(ConversationContext context, Round round, CancellationToken ct)
    {
        var t = RoundTexts.For(context.Participant.Language);
        if (round.Mode != RoundMode.Judged)
        {
            await context.ReplyAsync(t.NotJudgedRound(round.Code), ct);
            return;
        }
        if (!await panel.MayJudgeAsync(context.Participant, round, ct))
        {
            await context.ReplyAsync(t.NotYourRound(round.Code), ct);
            return;
        }
        if (round.Status != RoundStatus.Closed)
        {
            await context.ReplyAsync(t.NotJudging(round.Code), ct);
            return;
        }
        var mine = await panel.BaseOrganisationAsync(context.Participant.UnitId, ct);
        var me = context.Participant.Id;
        var answers = (await panel.AnswersAsync(round.Id, ct)).Where(a => a.ParticipantId != me && (mine is null || a.BaseOrganisation != mine)).Select(a => a.AnswerId).ToList();
        var counts = await db.JudgeScores.AsNoTracking().Where(s => answers.Contains(s.AnswerId))
            .GroupBy(s => s.AnswerId).Select(g => new { g.Key, Count = g.Count(), Mine = g.Any(s => s.JudgeId == me) }).ToListAsync(ct);
        var next = answers
            .Select(id => (Id: id, Score: counts.FirstOrDefault(c => c.Key == id)))
            .Where(a => a.Score is null || (!a.Score.Mine && a.Score.Count < JudgeScores.MaxJudges))
            .OrderBy(a => a.Score?.Count ?? 0).ThenBy(a => a.Id)
            .Select(a => (long?)a.Id).FirstOrDefault();
        if (next is not { } answerId)
        {
            await context.ReplyAsync(t.NothingToJudge(round.Code), ct);
            return;
        }
        await context.ReplyAsync(await CardAsync(context, answerId, scored: null, ct), ct);
    }

    private async Task<OutgoingMessage> CardAsync(ConversationContext context, long answerId, int? scored, CancellationToken ct)
    {
        var language = context.Participant.Language;
        var t = RoundTexts.For(language);
        var answer = await db.Answers.AsNoTracking().SingleAsync(a => a.Id == answerId, ct);
        var question = catalog.Find(answer.QuestionId) ?? await db.Questions.AsNoTracking().SingleAsync(q => q.Id == answer.QuestionId, ct);
        var roundId = await db.Attempts.AsNoTracking().Where(a => a.Id == answer.AttemptId).Select(a => a.RoundId!.Value).SingleAsync(ct);
        var text = t.JudgeCard(answer.Position + 1, Html.Escape(question.Content.Text.For(language)), Html.Escape(answer.FreeText ?? ""),
            question.Content.ModelAnswer is { } model ? Html.Escape(model.For(language)) : null,
            question.Content.Guidance is { } guidance ? Html.Escape(guidance.For(language)) : null);
        if (scored is { } s) text += "\n\n" + t.Scored(s);
        Button Key(int score) => new((score == scored ? "• " : "") + score.ToString(CultureInfo.InvariantCulture), CallbackCodec.Encode(new ScoreAnswer(answerId, score)));
        return new OutgoingMessage(text,
        [
            Enumerable.Range(0, 6).Select(Key).ToList(),
            Enumerable.Range(6, 5).Select(Key).ToList(),
            [new Button(t.NextAnswer, CallbackCodec.Encode(new NextToJudge(roundId)))],
        ]);
    }

    /// <summary>Records or revises the judge's score, if they may judge this answer and the round is not final.</summary>
    private async Task ScoreAsync(ConversationContext context, ScoreAnswer press, CancellationToken ct)
    {
        var answer = await db.Answers.AsNoTracking().SingleOrDefaultAsync(a => a.Id == press.AnswerId && a.FreeText != null, ct);
        var round = answer is null ? null : await db.Rounds.AsNoTracking()
            .SingleOrDefaultAsync(r => db.Attempts.Any(a => a.Id == answer.AttemptId && a.RoundId == r.Id), ct);
        var me = context.Participant;
        var contestant = answer is null ? null : await db.Participants.AsNoTracking().SingleAsync(p => p.Id == answer.ParticipantId, ct);
        var mine = await panel.BaseOrganisationAsync(me.UnitId, ct);
        if (answer is null || round is not { Status: RoundStatus.Closed, Mode: RoundMode.Judged } || contestant!.Id == me.Id
            || !await panel.MayJudgeAsync(me, round, ct)
            || (mine is not null && await panel.BaseOrganisationAsync(contestant.UnitId, ct) == mine))
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        var existing = await db.JudgeScores.SingleOrDefaultAsync(s => s.AnswerId == answer.Id && s.JudgeId == me.Id, ct);
        if (existing is null)
        {
            db.JudgeScores.Add(new JudgeScore { AnswerId = answer.Id, JudgeId = me.Id, Score = press.Score, ScoredAt = clock.GetUtcNow().UtcDateTime });
        }
        else
        {
            (existing.Score, existing.ScoredAt) = (press.Score, clock.GetUtcNow().UtcDateTime);
        }
        audit.Add(context.Update.From.Id, existing is null ? "score.set" : "score.revise", new { answer = answer.Id, judge = me.Id, score = press.Score });
        await db.SaveChangesAsync(ct);
        await context.ToastAsync(RoundTexts.For(me.Language).Scored(press.Score).Replace("<b>", "").Replace("</b>", ""), ct);
        await context.EditOrReplyAsync(context.Update.Callback?.MessageId, await CardAsync(context, answer.Id, press.Score, ct), ct);
    }
}

/// <summary>/comment text: a comment on the judge's most recent score.</summary>
public sealed class CommentHandler(QuizBotDb db, AuditLog audit) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        var t = RoundTexts.For(context.Participant.Language);
        var latest = await db.JudgeScores.Where(s => s.JudgeId == context.Participant.Id).OrderByDescending(s => s.ScoredAt).FirstOrDefaultAsync(ct);
        var final = latest is not null && await db.Answers.AnyAsync(a => a.Id == latest.AnswerId && db.Attempts.Any(x => x.Id == a.AttemptId
            && db.Rounds.Any(r => r.Id == x.RoundId && r.Status == RoundStatus.Finalised)), ct);
        if (latest is null || final || arguments.Length == 0)
        {
            await context.ReplyAsync(t.NoScoreToComment, ct);
            return;
        }
        latest.Comment = arguments.Length > 1000 ? arguments[..1000] : arguments;
        audit.Add(context.Update.From.Id, "score.comment", new { answer = latest.AnswerId, judge = latest.JudgeId });
        await db.SaveChangesAsync(ct);
        await context.ReplyAsync(t.CommentSaved, ct);
    }
}

/// <summary>/finalise CODE: a judged round's scores become final and its results go out.</summary>
public sealed class FinaliseHandler(QuizBotDb db, RoundDesk desk, RoundLifecycle lifecycle) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        if (await desk.OrganizedAsync(context, arguments, ct) is not { } round) return;
        var t = RoundTexts.For(context.Participant.Language);
        if (round.Mode != RoundMode.Judged)
        {
            await context.ReplyAsync(t.NotJudgedRound(round.Code), ct);
            return;
        }
        if (round.Status != RoundStatus.Closed)
        {
            await context.ReplyAsync(round.Status == RoundStatus.Finalised ? t.Finalised(round.Code) : t.NotClosedYet(round.Code), ct);
            return;
        }
        var unscored = await db.Answers.CountAsync(a => a.FreeText != null && db.Attempts.Any(x => x.Id == a.AttemptId && x.RoundId == round.Id)
            && db.JudgeScores.Count(s => s.AnswerId == a.Id) < JudgeScores.MinJudges, ct);
        if (unscored > 0)
        {
            await context.ReplyAsync(t.StillUnscored(round.Code, unscored), ct);
            return;
        }
        await lifecycle.FinaliseAsync(round.Id, context.Update.From.Id, ct);
        await context.ReplyAsync(t.Finalised(round.Code), ct);
    }
}

/// <summary>What a contestant types while a judged round's question is on screen.</summary>
public sealed class FreeTextAnswerHandler(QuizBotDb db, QuestionRunner runner) : ITextHandler
{
    private Attempt? attempt;

    public async Task<bool> AcceptsAsync(ConversationContext context, CancellationToken ct)
    {
        attempt = await db.Attempts.AsNoTracking()
            .Where(a => a.ParticipantId == context.Participant.Id && a.Status == AttemptStatus.Active
                && db.Rounds.Any(r => r.Id == a.RoundId && r.Mode == RoundMode.Judged))
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        return attempt is not null;
    }

    public Task HandleAsync(ConversationContext context, string text, CancellationToken ct) => runner.RecordTextAsync(context, attempt!, text, ct);
}
