namespace QuizBot.Live;

/// <summary>
/// Kahoot-style points: a right answer earns <c>round(1000 × (1 − (t/T)/2))</c>, from 1000 at once down to 500 at
/// the last moment, t measured from the question's confirmed appearance on screen; a wrong or missing one earns 0.
/// With the streak bonus, the 2nd right answer in a row earns +100, the 3rd +200, … at most +500.
/// </summary>
public static class LiveScoring
{
    public const int FullPoints = 1000;
    public const int StreakStep = 100;
    public const int MaxStreakBonus = 500;

    public static int Points(bool correct, TimeSpan elapsed, TimeSpan limit)
    {
        if (!correct) return 0;
        var share = limit <= TimeSpan.Zero ? 1 : Math.Clamp(elapsed / limit, 0, 1);
        return (int)Math.Round(FullPoints * (1 - share / 2), MidpointRounding.AwayFromZero);
    }

    /// <param name="streak">Right answers in a row, this one included (0 for a wrong answer).</param>
    public static int Bonus(int streak) => streak <= 1 ? 0 : Math.Min(StreakStep * (streak - 1), MaxStreakBonus);

    /// <summary>The most a game of <paramref name="questions"/> can give: all right at once, every bonus.</summary>
    public static int MaxScore(int questions, bool streakBonus) =>
        questions * FullPoints + (streakBonus ? Enumerable.Range(1, questions).Sum(Bonus) : 0);
}
