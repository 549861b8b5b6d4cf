using QuizBot.QuestionBank;

namespace QuizBot.Tests.QuestionBank;

public sealed class ItemAnalysisTests
{
    /// <summary>Attempts as rows of "key=0/1" pairs; attempt ids are the row numbers.</summary>
    private static List<ItemResponse> Attempts(params string[] rows) =>
        rows.SelectMany((row, attempt) => row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(cell =>
        {
            var (key, score) = (cell.Split('=')[0], cell.Split('=')[1]);
            return new ItemResponse(attempt + 1, key, score == "1");
        })).ToList();

    private static ItemResult Find(IReadOnlyList<ItemResult> results, string key) => results.Single(r => r.QuestionKey == key);

    [Fact]
    public void Facility_and_discrimination_match_a_hand_computed_five_by_three_example()
    {
        //        A B C   total
        //   s1   1 1 1   3
        //   s2   1 1 0   2
        //   s3   1 0 1   2
        //   s4   0 1 0   1
        //   s5   0 0 0   0
        // Every session has 3 answers, so the rest score (share right of the other two) is the rest total / 2, and the
        // correlation is the same with totals; worked with totals R:
        //
        // A: x = 1 1 1 0 0 (x̄ = .6), R = B+C = 2 1 1 1 0 (R̄ = 1)
        //    dx = .4 .4 .4 -.6 -.6, dR = 1 0 0 0 -1
        //    Σdx·dR = .4 + .6 = 1, Σdx² = 3·.16 + 2·.36 = 1.2, ΣdR² = 2
        //    r = 1 / √2.4 = .6455 → D = 64.55; F = 3/5 = 60
        // B: x = 1 1 0 1 0 (x̄ = .6), R = A+C = 2 1 2 0 0 (R̄ = 1)
        //    dx = .4 .4 -.6 .4 -.6, dR = 1 0 1 -1 -1
        //    Σdx·dR = .4 + 0 - .6 - .4 + .6 = 0 → D = 0 (weak); F = 60
        // C: x = 1 0 1 0 0 (x̄ = .4), R = A+B = 2 2 1 1 0 (R̄ = 1.2)
        //    dx = .6 -.4 .6 -.4 -.4, dR = .8 .8 -.2 -.2 -1.2
        //    Σdx·dR = .48 - .32 - .12 + .08 + .48 = .6, Σdx² = 1.2, ΣdR² = .64+.64+.04+.04+1.44 = 2.8
        //    r = .6 / √3.36 = .3273 → D = 32.73; F = 2/5 = 40
        //
        // Upper − lower 27 %: round(.27 · 5) = 1 session per group, sorted by R; ties at the edge share the place.
        // A: lowest R is s5 (x 0), highest s1 (x 1) → 100.
        // B: lowest R = 0 is s4 (x 1) and s5 (x 0) tied → .5; highest R = 2 is s1 (1) and s3 (0) tied → .5 → 0.
        // C: lowest s5 (x 0); highest R = 2 is s1 (1) and s2 (0) tied → .5 → 50.
        var results = ItemAnalysis.Analyse(Attempts(
            "A=1 B=1 C=1",
            "A=1 B=1 C=0",
            "A=1 B=0 C=1",
            "A=0 B=1 C=0",
            "A=0 B=0 C=0"));

        Assert.Equal(["A", "B", "C"], results.Select(r => r.QuestionKey));
        Assert.All(results, r => Assert.Equal((5, 5), (r.Attempts, r.DiscriminatingAttempts)));

        var (a, b, c) = (Find(results, "A"), Find(results, "B"), Find(results, "C"));
        Assert.Equal(60.00, a.Facility, 2);
        Assert.Equal(64.55, a.Discrimination!.Value, 2);
        Assert.Equal(100.00, a.UpperLower!.Value, 2);
        Assert.Equal(ItemFlags.None, a.Flags);

        Assert.Equal(60.00, b.Facility, 2);
        Assert.Equal(0.00, b.Discrimination!.Value, 2);
        Assert.Equal(0.00, b.UpperLower!.Value, 2);
        Assert.Equal(ItemFlags.WeakDiscrimination, b.Flags);

        Assert.Equal(40.00, c.Facility, 2);
        Assert.Equal(32.73, c.Discrimination!.Value, 2);
        Assert.Equal(50.00, c.UpperLower!.Value, 2);
        Assert.Equal(ItemFlags.None, c.Flags);
    }

    [Fact]
    public void An_item_everyone_gets_right_has_facility_100_and_no_discrimination()
    {
        var results = ItemAnalysis.Analyse(Attempts(
            "E=1 X=1 Y=1",
            "E=1 X=1 Y=0",
            "E=1 X=0 Y=0",
            "E=1 X=0 Y=1"));

        var everyone = Find(results, "E");
        Assert.Equal(100.00, everyone.Facility, 2);
        Assert.Null(everyone.Discrimination);
        Assert.Null(everyone.UpperLower);
        Assert.Equal(ItemFlags.TooEasy, everyone.Flags);
    }

    [Fact]
    public void An_item_only_the_weakest_get_right_has_negative_discrimination()
    {
        // W is right only in s5 and s6, whose other answers are all wrong.
        // W: x = 0 0 0 0 1 1 (x̄ = 1/3), R = P+Q+R = 3 2 2 1 0 0 (R̄ = 4/3)
        //    Σdx·dR = Σx·R − n·x̄·R̄ = 0 − 6 · 1/3 · 4/3 = −8/3
        //    Σdx² = n·x̄(1 − x̄) = 4/3, ΣdR² = ΣR² − n·R̄² = 18 − 32/3 = 22/3
        //    r = (−8/3) / √(4/3 · 22/3) = −8 / √88 = −.8528 → D = −85.28; F = 2/6 = 33.33
        var results = ItemAnalysis.Analyse(Attempts(
            "P=1 Q=1 R=1 W=0",
            "P=1 Q=1 R=0 W=0",
            "P=1 Q=0 R=1 W=0",
            "P=0 Q=1 R=0 W=0",
            "P=0 Q=0 R=0 W=1",
            "P=0 Q=0 R=0 W=1"));

        var w = Find(results, "W");
        Assert.Equal(33.33, w.Facility, 2);
        Assert.Equal(-85.28, w.Discrimination!.Value, 2);
        Assert.True(w.UpperLower < 0);
        Assert.Equal(ItemFlags.NegativeDiscrimination, w.Flags);
        Assert.Equal("W", ItemAnalysis.Weakest(results).First().QuestionKey);
    }

    [Fact]
    public void A_session_with_one_answer_counts_for_facility_but_not_for_discrimination()
    {
        var results = ItemAnalysis.Analyse(Attempts(
            "A=1 B=1",
            "A=0 B=0",
            "A=1 B=0",
            "A=1"));

        var a = Find(results, "A");
        Assert.Equal((4, 3), (a.Attempts, a.DiscriminatingAttempts));
        Assert.Equal(75.00, a.Facility, 2);
        // Over s1–s3: x = 1 0 1, R = 1 0 0 → r = .5 (Σdx·dR = 1/3, Σdx² = 2/3, ΣdR² = 2/3).
        Assert.Equal(50.00, a.Discrimination!.Value, 2);
    }

    [Fact]
    public void Sessions_of_different_length_are_compared_by_the_share_right_of_the_rest()
    {
        // Rest shares: 1, 1, 0, 0 — A separates them perfectly. With rest totals (3, 1, 0, 0) it would be .82.
        var results = ItemAnalysis.Analyse(Attempts(
            "A=1 B=1 C=1 D=1",
            "A=1 B=1",
            "A=0 B=0 C=0 D=0",
            "A=0 B=0"));

        Assert.Equal(100.00, Find(results, "A").Discrimination!.Value, 2);
    }

    [Fact]
    public void A_rest_score_that_never_varies_leaves_discrimination_undefined()
    {
        var results = ItemAnalysis.Analyse(Attempts("A=1 B=1", "A=0 B=1", "A=1 B=1"));

        Assert.Null(Find(results, "A").Discrimination);
        Assert.Null(Find(results, "A").UpperLower);
    }

    [Fact]
    public void A_question_answered_twice_in_one_attempt_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ItemAnalysis.Analyse(Attempts("A=1 A=0 B=1")));

        Assert.Contains("attempt 1 answers question 'A' more than once", error.Message);
    }

    [Fact]
    public void The_weakest_list_puts_negative_discrimination_first_then_too_hard_then_too_easy_then_weak()
    {
        ItemResult Item(string key, double facility, double? discrimination) => new(key, 30, facility, discrimination, null, 30);
        var items = new[]
        {
            Item("fine", 60, 45),
            Item("easy-and-weak", 95, 10),
            Item("everyone-right", 100, null),
            Item("hard", 10, 30),
            Item("harder", 5, 30),
            Item("slightly-negative", 50, -5),
            Item("very-negative", 50, -40),
            Item("hard-and-negative", 15, -10),
            Item("weak", 50, 12),
            Item("weaker", 50, 3),
        };

        var weakest = ItemAnalysis.Weakest(items).ToList();

        Assert.Equal(
            ["very-negative", "hard-and-negative", "slightly-negative", "harder", "hard", "everyone-right", "easy-and-weak", "weaker", "weak"],
            weakest.Select(i => i.QuestionKey));
        Assert.Equal(ItemFlags.NegativeDiscrimination | ItemFlags.TooHard, items.Single(i => i.QuestionKey == "hard-and-negative").Flags);
        Assert.Equal("too easy, weak discrimination", ItemAnalysis.Describe(items.Single(i => i.QuestionKey == "easy-and-weak").Flags));
        Assert.Equal("fine", ItemAnalysis.WorstFirst(items).Last().QuestionKey);
    }

    [Theory]
    [InlineData(90.0, null, ItemFlags.None)]
    [InlineData(90.1, null, ItemFlags.TooEasy)]
    [InlineData(20.0, 20.0, ItemFlags.None)]
    [InlineData(19.9, 19.9, ItemFlags.TooHard | ItemFlags.WeakDiscrimination)]
    [InlineData(50.0, 0.0, ItemFlags.WeakDiscrimination)]
    [InlineData(50.0, -0.1, ItemFlags.NegativeDiscrimination)]
    public void Flags_follow_the_bands_at_their_edges(double facility, double? discrimination, ItemFlags expected)
    {
        Assert.Equal(expected, ItemAnalysis.Flag(facility, discrimination));
    }
}
