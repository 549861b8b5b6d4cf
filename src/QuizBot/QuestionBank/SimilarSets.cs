namespace QuizBot.QuestionBank;

/// <summary>
/// All pairs of sets whose Jaccard similarity reaches a threshold, without comparing every pair (the "All-Pairs"
/// similarity join with prefix filtering, Bayardo, Ma and Srikant 2007). Elements are ordered rarest first; two sets
/// with Jaccard ≥ t must then share an element among the first |x| − ⌈t·|x|⌉ + 1 of each, so only those prefixes go
/// into the inverted index, and the common phrases every question shares ("chi bộ", "theo điều") are never probed.
/// </summary>
public static class SimilarSets
{
    public static IEnumerable<(int A, int B, double Score)> Pairs(IReadOnlyList<IReadOnlySet<string>> sets, double threshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1.0);

        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            foreach (var element in set) frequency[element] = frequency.GetValueOrDefault(element) + 1;
        }
        // Each element becomes its rank, rarest first; each set a sorted array of ranks.
        var rank = frequency.OrderBy(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal)
            .Select((e, i) => (e.Key, i)).ToDictionary(e => e.Key, e => e.i, StringComparer.Ordinal);
        var ranked = sets.Select(set => set.Select(e => rank[e]).Order().ToArray()).ToArray();

        // Smaller sets first, so every candidate already indexed is no larger than the set probing.
        var order = Enumerable.Range(0, ranked.Length).Where(i => ranked[i].Length > 0).OrderBy(i => ranked[i].Length).ThenBy(i => i).ToArray();
        var index = new Dictionary<int, List<int>>();
        // Candidates of the set probing: a mark per set and the list of those marked, cleared after each probe.
        var seen = new bool[ranked.Length];
        var candidates = new List<int>();
        foreach (var x in order)
        {
            var elements = ranked[x];
            var minSize = threshold * elements.Length;
            var prefix = elements.Length - (int)Math.Ceiling(threshold * elements.Length - 1e-9) + 1;
            candidates.Clear();
            for (var p = 0; p < prefix; p++)
            {
                if (!index.TryGetValue(elements[p], out var postings)) continue;
                foreach (var y in postings)
                {
                    if (seen[y] || ranked[y].Length < minSize - 1e-9) continue;
                    seen[y] = true;
                    candidates.Add(y);
                }
            }
            foreach (var y in candidates)
            {
                seen[y] = false;
                var shared = Intersection(elements, ranked[y]);
                var score = (double)shared / (elements.Length + ranked[y].Length - shared);
                if (score >= threshold - 1e-9) yield return (Math.Min(x, y), Math.Max(x, y), score);
            }
            for (var p = 0; p < prefix; p++)
            {
                if (!index.TryGetValue(elements[p], out var postings)) index[elements[p]] = postings = [];
                postings.Add(x);
            }
        }
    }

    private static int Intersection(int[] a, int[] b)
    {
        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { shared++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return shared;
    }
}
