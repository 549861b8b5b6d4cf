namespace QuizBot.Learning;

/// <summary>What FSRS knows of one memory: stability in days (the interval at which recall falls to 90%)
/// and difficulty on 1..10.</summary>
public readonly record struct MemoryState(double Stability, double Difficulty);

/// <summary>
/// QuizBot has no learning steps, so a card goes from New straight to Review and stays there; Again schedules
/// it again in days, not minutes. The numbers match the reference implementations' State values (Learning = 1
/// and Relearning = 3 are the steps we do not have), so a stored value keeps its meaning if steps ever come.
/// </summary>
public enum CardStage
{
    New = 0,
    Review = 2,
}

/// <summary>One participant's schedule for one question. Times are UTC.</summary>
public sealed record CardState(
    CardStage Stage,
    double Stability,
    double Difficulty,
    DateTimeOffset Due,
    DateTimeOffset? LastReview,
    int Reps,
    int Lapses)
{
    /// <summary>A card never answered, due at once.</summary>
    public static CardState New(DateTimeOffset now) => new(CardStage.New, 0, 0, now, null, 0, 0);

    public MemoryState Memory => new(Stability, Difficulty);

    public bool IsNew => Stage == CardStage.New || LastReview is null;

    public bool IsDue(DateTimeOffset now) => !IsNew && Due <= now;
}
