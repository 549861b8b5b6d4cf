using QuizBot.Practice;

namespace QuizBot.Tests.Practice;

public sealed class ScoringTests
{
    [Theory]
    [InlineData(new[] { 1 }, new[] { 1 }, true)]
    [InlineData(new[] { 0 }, new[] { 1 }, false)]
    [InlineData(new int[0], new[] { 1 }, false)]
    [InlineData(new[] { 2, 0 }, new[] { 0, 2 }, true)]
    [InlineData(new[] { 0 }, new[] { 0, 2 }, false)]
    [InlineData(new[] { 0, 1, 2 }, new[] { 0, 2 }, false)]
    public void Only_exactly_the_right_options_score(int[] chosen, int[] answer, bool expected)
    {
        Assert.Equal(expected, Scoring.IsCorrect(chosen, answer));
    }

    [Fact]
    public void The_option_order_is_a_permutation_and_the_same_every_time()
    {
        var first = Scoring.OptionOrder(seed: 12345, position: 3, optionCount: 4);

        Assert.Equal([0, 1, 2, 3], first.Order());
        Assert.Equal(first, Scoring.OptionOrder(12345, 3, 4));
    }

    [Fact]
    public void The_option_order_differs_between_people_and_questions()
    {
        var orders = Enumerable.Range(0, 40).Select(seed => string.Join(",", Scoring.OptionOrder(seed, 0, 4))).ToHashSet();
        var byPosition = Enumerable.Range(0, 40).Select(p => string.Join(",", Scoring.OptionOrder(7, p, 4))).ToHashSet();

        Assert.True(orders.Count > 10, $"only {orders.Count} distinct orders for 40 people");
        Assert.True(byPosition.Count > 10, $"only {byPosition.Count} distinct orders for 40 questions");
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(2, 3, 67)]
    [InlineData(3, 3, 100)]
    public void Percent_rounds_to_whole_numbers(int correct, int total, int expected)
    {
        Assert.Equal(expected, Scoring.Percent(correct, total));
    }

    [Fact]
    public void A_streak_counts_consecutive_days_ending_today_or_yesterday()
    {
        var today = new DateOnly(2026, 11, 22);
        DateOnly Ago(int days) => today.AddDays(-days);

        Assert.Equal(3, Streaks.Length(new HashSet<DateOnly> { Ago(0), Ago(1), Ago(2), Ago(4) }, today));
        Assert.Equal(2, Streaks.Length(new HashSet<DateOnly> { Ago(1), Ago(2) }, today));
        Assert.Equal(0, Streaks.Length(new HashSet<DateOnly> { Ago(2), Ago(3) }, today));
    }
}
