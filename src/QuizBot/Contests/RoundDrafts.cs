using Microsoft.EntityFrameworkCore;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.QuestionBank;
using QuizBot.Roles;

namespace QuizBot.Contests;

/// <summary>A filled-in form's verdict: the problem, or the unit and the questions drawn.</summary>
public sealed record RoundCheck(string? Error, Unit? Unit = null, int[]? Questions = null);

/// <summary>
/// What a parsed round form must still pass (the unit is the organizer's, the code is free, the questions exist)
/// and the round it becomes: one set of rules for /newround in chat and the dashboard's form.
/// </summary>
public sealed class RoundDrafts(
    QuizBotDb db, RoleBook roles, QuestionCatalog catalog, QuizClock clock, RoundScheduler scheduler, RoundLifecycle lifecycle,
    AuditLog audit, ILogger<RoundDrafts> log)
{
    public async Task<RoundCheck> CheckAsync(Participant organizer, RoundSpec spec, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == spec.UnitCode, ct);
        if (unit is null) return new($"unit: there is no unit with code {spec.UnitCode}");
        if (!await roles.HoldsForAsync(organizer, Role.Organizer, unit.Id, ct)) return new($"unit: {spec.UnitCode} is not in a unit you organize");
        if (await db.Rounds.AnyAsync(r => r.Code == spec.Code && r.Status != RoundStatus.Draft, ct)) return new($"code: {spec.Code} is taken");
        if (clock.ToUtc(spec.ClosesLocal) <= clock.UtcNow) return new("closes: that time has passed");

        // Reviewed questions in force on the day the round opens: choices for a self-paced round, free text for a judged
        // one, one-press choices for a live round (a hall answers with one tap).
        var day = DateOnly.FromDateTime(spec.OpensLocal);
        var pool = catalog.Current.Where(q => q.Status == QuestionStatus.Reviewed && spec.Mode.Asks(q.Type)
            && (q.ValidFrom is null || q.ValidFrom <= day) && (q.ValidUntil is null || day <= q.ValidUntil)).ToList();
        var chosen = new List<int>();
        if (spec.Blueprint.Keys.Count > 0)
        {
            foreach (var key in spec.Blueprint.Keys)
            {
                var question = pool.FirstOrDefault(q => q.Key == key);
                if (question is null) return new($"questions: {key} is not a reviewed question in force");
                chosen.Add(question.Id);
            }
        }
        else
        {
            foreach (var (topic, count) in spec.Blueprint.Topics)
            {
                if (catalog.FindTopic(topic) is null) return new($"questions: there is no topic {topic}");
                var ofTopic = pool.Where(q => q.Topic == topic).ToArray();
                if (ofTopic.Length < count) return new($"questions: {topic} has {ofTopic.Length} reviewed questions, not {count}");
                Random.Shared.Shuffle(ofTopic);
                chosen.AddRange(ofTopic.Take(count).Select(q => q.Id));
            }
        }
        return new(null, unit, chosen.ToArray());
    }

    /// <summary>Stores the draft of a checked form. One draft per code: a new form for the same code replaces the earlier draft.</summary>
    public async Task<Round> SaveDraftAsync(RoundSpec spec, RoundCheck check, long createdBy, long organizerChatId, CancellationToken ct)
    {
        var round = new Round
        {
            Code = spec.Code,
            Title = spec.Title,
            ScopeUnitId = check.Unit!.Id,
            Mode = spec.Mode,
            Blueprint = spec.Blueprint.ToString(),
            QuestionIds = check.Questions!,
            SecondsPerQuestion = spec.SecondsPerQuestion,
            OpensAt = clock.ToUtc(spec.OpensLocal),
            ClosesAt = clock.ToUtc(spec.ClosesLocal),
            MaxAttempts = spec.MaxAttempts,
            TieBreaks = spec.TieBreaks.ToString(),
            Prediction = spec.Prediction,
            PrizeTiers = spec.Prizes.ToString(),
            StreakBonus = spec.StreakBonus,
            Status = RoundStatus.Draft,
            CreatedBy = createdBy,
            OrganizerChatId = organizerChatId,
            CreatedAt = clock.UtcNow,
        };
        await db.Rounds.Where(r => r.Code == round.Code && r.Status == RoundStatus.Draft).ExecuteDeleteAsync(ct);
        db.Rounds.Add(round);
        await db.SaveChangesAsync(ct);
        return round;
    }

    /// <summary>Turns a tracked draft into a scheduled round; false when its code was taken meanwhile.</summary>
    public async Task<bool> CreateAsync(Round draft, long actor, CancellationToken ct)
    {
        if (await db.Rounds.AnyAsync(r => r.Code == draft.Code && r.Status != RoundStatus.Draft, ct)) return false;
        draft.Status = RoundStatus.Scheduled;
        audit.Add(actor, "round.create", new { round = draft.Code, unit = draft.ScopeUnitId, draft.Blueprint, questions = draft.QuestionIds, draft.OpensAt, draft.ClosesAt });
        await db.SaveChangesAsync(ct);
        log.LogInformation("Round {Code} created for unit {UnitId}", draft.Code, draft.ScopeUnitId);
        await scheduler.ScheduleAsync(draft, ct);
        return true;
    }

    /// <summary>Opens a just-created round whose opening time has come (the scheduler opens the later ones).</summary>
    public async Task OpenIfDueAsync(Round round, long actor, CancellationToken ct)
    {
        if (round.OpensAt <= clock.UtcNow) await lifecycle.OpenAsync(round.Id, actor, ct);
    }
}
