namespace QuizBot.Practice;

/// <summary>How a choice is scored and how options are ordered for one person.</summary>
public static class Scoring
{
    /// <summary>Right only when exactly the right options are chosen: a multiple-answer question has no part marks.</summary>
    public static bool IsCorrect(IReadOnlyCollection<int> chosen, IReadOnlyCollection<int> answer) =>
        chosen.Count > 0 && chosen.Count == answer.Count && chosen.All(answer.Contains);

    /// <summary>
    /// The order in which a person sees the options of one question: position on screen → index in the bank.
    /// Derived from a stored seed, so it is the same after a restart, and different per person and question.
    /// </summary>
    public static int[] OptionOrder(int seed, int position, int optionCount)
    {
        var order = Enumerable.Range(0, optionCount).ToArray();
        // Random(int) is deterministic for a given seed; HashCode is not (it is salted per process).
        new Random(unchecked(seed * 1_000_003 + position)).Shuffle(order);
        return order;
    }

    public static char Letter(int displayed) => (char)('A' + displayed);

    public static int Percent(int correct, int total) => total == 0 ? 0 : (int)Math.Round(100.0 * correct / total);
}
