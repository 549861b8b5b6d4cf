namespace QuizBot.Contests;

/// <summary>One key of a tie-break chain, in the words a round's settings use.</summary>
public enum TieBreakKey
{
    /// <summary>Score, higher first.</summary>
    Score,

    /// <summary>Distance |prediction − actual|, smaller first; no prediction (or no actual) after any distance.</summary>
    Prediction,

    /// <summary>Total time taken, shorter first.</summary>
    Time,

    /// <summary>Submission time, earlier first.</summary>
    Submitted,
}

/// <summary>
/// The keys that order contestants, most important first: "score,prediction,time,submitted" by default, the rule of
/// the Vietnamese online contests. Score always leads: a chain that leaves it out has it put in front, and one that
/// names it later is refused, since a tie-break that outranks the score would not be a tie-break.
/// </summary>
public sealed class TieBreakChain : IEquatable<TieBreakChain>
{
    private static readonly Dictionary<string, TieBreakKey> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["score"] = TieBreakKey.Score,
        ["prediction"] = TieBreakKey.Prediction,
        ["time"] = TieBreakKey.Time,
        ["submitted"] = TieBreakKey.Submitted,
    };

    public static readonly TieBreakChain Default =
        new([TieBreakKey.Score, TieBreakKey.Prediction, TieBreakKey.Time, TieBreakKey.Submitted]);

    private TieBreakChain(IReadOnlyList<TieBreakKey> keys) => Keys = keys;

    public IReadOnlyList<TieBreakKey> Keys { get; }

    public bool Uses(TieBreakKey key) => Keys.Contains(key);

    /// <summary>
    /// Reads a comma-separated chain such as "score,time". Keys are case-insensitive and may have spaces around
    /// them; an empty or blank text is the default chain.
    /// </summary>
    public static bool TryParse(string? text, out TieBreakChain chain, out string error)
    {
        chain = Default;
        error = "";
        if (string.IsNullOrWhiteSpace(text)) return true;

        var keys = new List<TieBreakKey>();
        var parts = text.Split(',');
        for (var i = 0; i < parts.Length; i++)
        {
            var word = parts[i].Trim();
            if (word.Length == 0)
            {
                error = $"tie-break chain \"{text}\": key {i + 1} is empty";
                return false;
            }
            if (!Names.TryGetValue(word, out var key))
            {
                error = $"tie-break chain \"{text}\": unknown key \"{word}\" (known: {string.Join(", ", Names.Keys)})";
                return false;
            }
            if (keys.Contains(key))
            {
                error = $"tie-break chain \"{text}\": \"{word}\" appears twice";
                return false;
            }
            if (key == TieBreakKey.Score && keys.Count > 0)
            {
                error = $"tie-break chain \"{text}\": \"score\" must come first (or be left out, which puts it first)";
                return false;
            }
            keys.Add(key);
        }
        if (keys[0] != TieBreakKey.Score) keys.Insert(0, TieBreakKey.Score);
        chain = new TieBreakChain(keys);
        return true;
    }

    /// <exception cref="FormatException">The text is not a valid chain; the message says why.</exception>
    public static TieBreakChain Parse(string? text) =>
        TryParse(text, out var chain, out var error) ? chain : throw new FormatException(error);

    /// <summary>The canonical form, which <see cref="Parse"/> reads back to an equal chain: "score,prediction,time".</summary>
    public override string ToString() => string.Join(',', Keys.Select(k => k.ToString().ToLowerInvariant()));

    public bool Equals(TieBreakChain? other) => other is not null && Keys.SequenceEqual(other.Keys);

    public override bool Equals(object? obj) => Equals(obj as TieBreakChain);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
