using QuizBot.Data;
using QuizBot.Learning;

namespace QuizBot.Practice;

public static class ReviewCards
{
    public static CardState ToState(ReviewCard card) => new(card.Stage, card.Stability, card.Difficulty,
        Utc(card.Due), card.LastReview is { } last ? Utc(last) : null, card.Reps, card.Lapses);

    /// <summary>SQLite gives stored times back unspecified; they were written as UTC.</summary>
    public static DateTimeOffset Utc(DateTime stored) => new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));
}
