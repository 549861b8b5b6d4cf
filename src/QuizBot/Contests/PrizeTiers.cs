using System.Globalization;

namespace QuizBot.Contests;

public enum Prize
{
    None,
    First,
    Second,
    Third,
    Consolation,
}

/// <summary>How many first, second, third and consolation prizes a round awards ("1,2,3,5"); 0 is allowed.</summary>
public sealed record PrizeTiers(int First, int Second, int Third, int Consolation)
{
    private const int MaxPerTier = 100_000;

    public int Total => First + Second + Third + Consolation;

    /// <summary>Reads exactly four whole numbers separated by commas, for example "1,2,3,5" or "0,1,2,0".</summary>
    public static bool TryParse(string? text, out PrizeTiers tiers, out string error)
    {
        tiers = new PrizeTiers(0, 0, 0, 0);
        error = "";
        var parts = (text ?? "").Split(',');
        if (parts.Length != 4)
        {
            error = $"prize tiers \"{text}\": give four counts, first,second,third,consolation (for example 1,2,3,5)";
            return false;
        }
        string[] names = ["first", "second", "third", "consolation"];
        var counts = new int[4];
        for (var i = 0; i < 4; i++)
        {
            var word = parts[i].Trim();
            if (!int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out counts[i]) || counts[i] > MaxPerTier)
            {
                error = $"prize tiers \"{text}\": the {names[i]} count \"{word}\" is not a whole number from 0 to {MaxPerTier}";
                return false;
            }
        }
        tiers = new PrizeTiers(counts[0], counts[1], counts[2], counts[3]);
        return true;
    }

    /// <exception cref="FormatException">The text is not four counts; the message says why.</exception>
    public static PrizeTiers Parse(string? text) =>
        TryParse(text, out var tiers, out var error) ? tiers : throw new FormatException(error);

    public override string ToString() => FormattableString.Invariant($"{First},{Second},{Third},{Consolation}");

    /// <summary>
    /// Gives prizes down a ranking (ordered by rank, as <see cref="Ranking.Rank"/> returns it). A contestant's
    /// prize is the tier that holds their rank's first place: with "1,2,0,0" the ranks 1, 2, 2, 2 give First,
    /// Second, Second, Second. So a tie that straddles a tier boundary is not split: every tied contestant gets the
    /// better prize, and the places they take are counted, so that fewer (or no) places of the next tier remain.
    /// Nobody is left out of a prize that someone with the same rank got.
    /// </summary>
    public IReadOnlyList<ContestantResult> Apply(IReadOnlyList<ContestantResult> ranking)
    {
        var result = new List<ContestantResult>(ranking.Count);
        for (var i = 0; i < ranking.Count; i++)
        {
            var row = ranking[i];
            if (i > 0 && row.Rank < ranking[i - 1].Rank)
                throw new ArgumentException("the ranking is not ordered by rank", nameof(ranking));
            result.Add(row with { Prize = For(row.Rank - 1) });
        }
        return result;
    }

    /// <summary>The tier that holds the 0-based place <paramref name="place"/>.</summary>
    private Prize For(int place) =>
        place < First ? Prize.First
        : place < First + Second ? Prize.Second
        : place < First + Second + Third ? Prize.Third
        : place < Total ? Prize.Consolation
        : Prize.None;
}
