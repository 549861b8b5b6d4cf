namespace QuizBot.Learning;

/// <summary>The four FSRS grades, numbered as every reference implementation numbers them.</summary>
public enum Rating
{
    Again = 1,
    Hard,
    Good,
    Easy,
}

/// <summary>How QuizBot grades an answer: it has no buttons, only right, wrong and the time taken.</summary>
public static class AnswerRating
{
    /// <summary>
    /// Wrong is Again; right is Good; right in under a third of the question's time is Easy. Hard is never
    /// given: a quiz answer cannot say "I got it, but it was hard".
    /// </summary>
    public static Rating From(bool correct, TimeSpan taken, TimeSpan timeLimit)
    {
        if (!correct)
            return Rating.Again;
        return timeLimit > TimeSpan.Zero && taken >= TimeSpan.Zero && taken * 3 < timeLimit
            ? Rating.Easy
            : Rating.Good;
    }
}
