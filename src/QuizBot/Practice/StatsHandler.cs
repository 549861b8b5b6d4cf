using System.Text;
using Microsoft.EntityFrameworkCore;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.QuestionBank;

namespace QuizBot.Practice;

/// <summary>
/// /stats: accuracy overall and per topic, the daily streak, the reviews due today, the three weakest topics, and
/// the rank in the participant's cell and commune.
/// </summary>
public sealed class StatsHandler(QuizBotDb db, QuestionCatalog catalog, QuizClock clock) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        var me = context.Participant;
        var t = context.T;
        if (me.Step != RegistrationStep.Registered)
        {
            await context.ReplyAsync(t.NeedRegistration, ct);
            return;
        }
        var byTopic = await db.Answers.AsNoTracking().Where(a => a.ParticipantId == me.Id)
            .GroupBy(a => a.Question!.Topic)
            .Select(g => new { Topic = g.Key, Total = g.Count(), Correct = g.Count(a => a.IsCorrect) })
            .ToListAsync(ct);
        var text = new StringBuilder(t.StatsHeader(Html.Escape(me.DisplayName))).Append('\n');
        if (byTopic.Count == 0)
        {
            await context.ReplyAsync(text.Append(t.NoAnswersYet).ToString(), ct);
            return;
        }
        int total = byTopic.Sum(x => x.Total), correct = byTopic.Sum(x => x.Correct);
        text.Append(t.StatsTotals(total, correct, Scoring.Percent(correct, total))).Append('\n');
        text.Append(t.Streak(await Streaks.OfAsync(db, clock, me.Id, ct))).Append('\n');
        var endOfToday = clock.StartOfToday().AddDays(1);
        text.Append(t.ReviewsDueToday(await db.ReviewCards.CountAsync(c => c.ParticipantId == me.Id && c.Due < endOfToday, ct))).Append('\n');
        var weakest = byTopic.Where(x => x.Correct < x.Total).OrderBy(x => (double)x.Correct / x.Total).Take(3)
            .Select(x => Html.Escape(catalog.FindTopic(x.Topic)?.Name.For(me.Language) ?? x.Topic)).ToList();
        if (weakest.Count > 0) text.Append(t.WeakestTopics(string.Join(", ", weakest))).Append('\n');
        if (me.UnitId is { } unitId)
        {
            var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.ParentId, u.Kind, u.Name }).ToDictionaryAsync(u => u.Id, ct);
            var cell = units[unitId];
            var (rank, of) = await RankAmongAsync(me.Id, [unitId], ct);
            text.Append(t.RankInUnit(rank, of, Html.Escape(cell.Name))).Append('\n');
            var commune = cell;
            while (commune.Kind != UnitKind.Commune && commune.ParentId is { } parent && units.TryGetValue(parent, out var up)) commune = up;
            if (commune.Kind == UnitKind.Commune)
            {
                var within = units.Values.Where(u => Within(u.Id, commune.Id)).Select(u => u.Id).ToList();
                (rank, of) = await RankAmongAsync(me.Id, within, ct);
                text.Append(t.RankInUnit(rank, of, Html.Escape(commune.Name))).Append('\n');
            }

            bool Within(int id, int ancestor)
            {
                for (int? at = id; at is { } a && units.TryGetValue(a, out var u); at = u.ParentId)
                {
                    if (a == ancestor) return true;
                }
                return false;
            }
        }
        text.Append('\n').Append(t.ByTopic);
        foreach (var topic in byTopic.OrderBy(x => (double)x.Correct / x.Total))
        {
            var name = catalog.FindTopic(topic.Topic)?.Name.For(me.Language) ?? topic.Topic;
            text.Append("\n• ").Append(Html.Escape(name)).Append($": {topic.Correct}/{topic.Total} ({Scoring.Percent(topic.Correct, topic.Total)}%)");
        }
        await context.ReplyAsync(text.ToString(), ct);
    }

    /// <summary>Rank by correct answers among the registered members of these units.</summary>
    private async Task<(int Rank, int Of)> RankAmongAsync(int participantId, IReadOnlyCollection<int> unitIds, CancellationToken ct)
    {
        var members = await db.Participants.AsNoTracking()
            .Where(p => p.UnitId != null && unitIds.Contains(p.UnitId.Value) && p.Step == RegistrationStep.Registered)
            .Select(p => new { p.Id, Correct = db.Answers.Count(a => a.ParticipantId == p.Id && a.IsCorrect) })
            .ToListAsync(ct);
        var mine = members.Single(m => m.Id == participantId).Correct;
        return (members.Count(m => m.Correct > mine) + 1, members.Count);
    }
}

public static class Streaks
{
    /// <summary>Local days in a row, ending today or yesterday, with at least one answer.</summary>
    public static async Task<int> OfAsync(QuizBotDb db, QuizClock clock, int participantId, CancellationToken ct)
    {
        var since = clock.UtcNow.AddDays(-400);
        var times = await db.Answers.AsNoTracking().Where(a => a.ParticipantId == participantId && a.AnsweredAt >= since)
            .Select(a => a.AnsweredAt).ToListAsync(ct);
        return Length(times.Select(clock.DayOf).ToHashSet(), clock.Today());
    }

    public static int Length(IReadOnlySet<DateOnly> days, DateOnly today)
    {
        var day = days.Contains(today) ? today : today.AddDays(-1);
        var length = 0;
        while (days.Contains(day))
        {
            length++;
            day = day.AddDays(-1);
        }
        return length;
    }
}
