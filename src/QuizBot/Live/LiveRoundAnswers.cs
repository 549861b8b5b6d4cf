using Microsoft.EntityFrameworkCore;
using QuizBot.Data;

namespace QuizBot.Live;

/// <summary>
/// A live round's presses as the round's own answers, written with each reveal: one attempt per contestant, one
/// answer per question scored with its speed points and bonus, so results, ranking and exports read them as
/// they read any round's. Idempotent: a reveal repeated after a restart adds nothing twice.
/// </summary>
public static class LiveRoundAnswers
{
    public const string Scorer = "live";

    public static async Task RecordAsync(QuizBotDb db, int roundId, LiveGame game, Asked asked, IReadOnlyList<LivePress> presses, DateTime now)
    {
        var contestants = presses.Where(p => p.ParticipantId is not null).ToList();
        if (contestants.Count == 0) return;
        var ids = contestants.Select(p => p.ParticipantId!.Value).ToList();
        var attempts = await db.Attempts.Where(a => a.RoundId == roundId && a.Number == 1 && ids.Contains(a.ParticipantId))
            .ToDictionaryAsync(a => a.ParticipantId);
        var chats = await db.Participants.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.ChatId }).ToDictionaryAsync(p => p.Id, p => p.ChatId);
        foreach (var press in contestants.Where(p => !attempts.ContainsKey(p.ParticipantId!.Value)))
        {
            var attempt = new Attempt
            {
                ParticipantId = press.ParticipantId!.Value,
                Transport = game.Transport,
                ChatId = chats.GetValueOrDefault(press.ParticipantId.Value, press.UserId),
                QuestionIds = game.QuestionIds,
                CurrentIndex = game.QuestionIds.Length,
                // Finished from the start: a live attempt is never resumed in a private chat, it only collects answers.
                Status = AttemptStatus.Finished,
                StartedAt = press.PressedAt,
                FinishedAt = press.PressedAt,
                RoundId = roundId,
                Number = 1,
                SecondsPerQuestion = game.SecondsPerQuestion,
            };
            db.Attempts.Add(attempt);
            attempts.Add(attempt.ParticipantId, attempt);
        }
        await db.SaveChangesAsync();

        var attemptIds = attempts.Values.Select(a => a.Id).ToList();
        var answered = (await db.Answers.Where(a => attemptIds.Contains(a.AttemptId) && a.Position == asked.Index).Select(a => a.AttemptId).ToListAsync()).ToHashSet();
        foreach (var press in contestants)
        {
            var attempt = attempts[press.ParticipantId!.Value];
            if (answered.Contains(attempt.Id)) continue;
            db.Answers.Add(new Answer
            {
                ParticipantId = attempt.ParticipantId,
                AttemptId = attempt.Id,
                QuestionId = asked.Question.Id,
                Position = asked.Index,
                Chosen = [press.Option],
                Score = press.Points + press.Bonus,
                ScoredBy = Scorer,
                IsCorrect = press.IsCorrect,
                ElapsedMs = press.ElapsedMs,
                AnsweredAt = press.PressedAt,
            });
            if (attempt.FinishedAt < press.PressedAt) attempt.FinishedAt = press.PressedAt;
        }
        await db.SaveChangesAsync();
    }
}
