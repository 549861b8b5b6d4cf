using QuizBot.Contests;
using static QuizBot.Tests.Contests.Contestants;

namespace QuizBot.Tests.Contests;

public sealed class PrizeTiersTests
{
    [Theory]
    [InlineData("1,2,3,5", 1, 2, 3, 5)]
    [InlineData(" 0 , 1,2 ,0 ", 0, 1, 2, 0)]
    [InlineData("0,0,0,0", 0, 0, 0, 0)]
    public void Four_counts_read_as_first_second_third_consolation(string text, int first, int second, int third, int consolation)
    {
        Assert.True(PrizeTiers.TryParse(text, out var tiers, out var error), error);
        Assert.Equal(new PrizeTiers(first, second, third, consolation), tiers);
        Assert.Equal(tiers, PrizeTiers.Parse(tiers.ToString()));
    }

    [Theory]
    [InlineData("1,2,3", "give four counts")]
    [InlineData("1,2,3,5,8", "give four counts")]
    [InlineData("", "give four counts")]
    [InlineData("1,2,x,5", "the third count \"x\"")]
    [InlineData("-1,2,3,5", "the first count \"-1\"")]
    [InlineData("1,2.5,3,5", "the second count \"2.5\"")]
    [InlineData("1,2,3,", "the consolation count \"\"")]
    [InlineData("1,2,3,999999999", "from 0 to 100000")]
    public void Bad_counts_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(PrizeTiers.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
        Assert.Throws<FormatException>(() => PrizeTiers.Parse(text));
    }

    [Fact]
    public void Without_ties_each_tier_gets_exactly_its_count_in_rank_order()
    {
        var ranking = Ranked(Enumerable.Range(1, 13).Select(i => Attempt(i, score: 20 - i)).ToArray());

        var prizes = PrizeTiers.Parse("1,2,3,5").Apply(ranking).Select(r => r.Prize).ToList();

        Assert.Equal(
            [
                Prize.First, Prize.Second, Prize.Second, Prize.Third, Prize.Third, Prize.Third,
                Prize.Consolation, Prize.Consolation, Prize.Consolation, Prize.Consolation, Prize.Consolation,
                Prize.None, Prize.None,
            ],
            prizes);
    }

    [Fact]
    public void A_tie_across_a_tier_boundary_gives_every_tied_contestant_the_better_prize()
    {
        // Ranks 1, 2, 3, 3, 5, 6, 7 with two second prizes: the tie for third place straddles the second/third
        // boundary, so both get second prize, and only two of the three third prizes remain for places 5 and 6.
        var ranking = Ranked(
            Attempt(1, score: 10), Attempt(2, score: 9), Attempt(3, score: 8), Attempt(4, score: 8),
            Attempt(5, score: 7), Attempt(6, score: 6), Attempt(7, score: 5));

        var awarded = PrizeTiers.Parse("1,2,3,0").Apply(ranking);

        Assert.Equal([1, 2, 3, 3, 5, 6, 7], awarded.Select(r => r.Rank));
        Assert.Equal(
            [Prize.First, Prize.Second, Prize.Second, Prize.Second, Prize.Third, Prize.Third, Prize.None],
            awarded.Select(r => r.Prize));
    }

    [Fact]
    public void A_tie_across_the_last_prize_gives_all_of_them_the_prize()
    {
        var ranking = Ranked(Attempt(1, score: 9), Attempt(2, score: 8), Attempt(3, score: 8), Attempt(4, score: 7));

        var awarded = PrizeTiers.Parse("1,0,0,1").Apply(ranking);

        Assert.Equal([Prize.First, Prize.Consolation, Prize.Consolation, Prize.None], awarded.Select(r => r.Prize));
    }

    [Fact]
    public void A_tier_of_zero_is_skipped()
    {
        var ranking = Ranked(Attempt(1, score: 9), Attempt(2, score: 8), Attempt(3, score: 7));

        var awarded = PrizeTiers.Parse("0,1,0,1").Apply(ranking);

        Assert.Equal([Prize.Second, Prize.Consolation, Prize.None], awarded.Select(r => r.Prize));
    }

    [Fact]
    public void A_ranking_out_of_rank_order_is_refused()
    {
        var ranking = Ranked(Attempt(1, score: 9), Attempt(2, score: 8));

        Assert.Throws<ArgumentException>(() => PrizeTiers.Parse("1,1,0,0").Apply([ranking[1], ranking[0]]));
    }
}
