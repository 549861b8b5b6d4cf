using QuizBot.Live;

namespace QuizBot.Tests.Live;

public sealed class LiveScoringTests
{
    private static readonly TimeSpan Twenty = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(10_000, 750)]
    [InlineData(5_000, 875)]
    [InlineData(3_300, 918)] // 1000 × (1 − 0.165/2) = 917.5, rounded half away from zero
    [InlineData(20_000, 500)]
    [InlineData(25_000, 500)] // a press counted after the limit scores as at the limit
    public void A_right_answer_scores_round_1000_times_one_minus_half_the_share_of_time_used(int elapsedMs, int expected) =>
        Assert.Equal(expected, LiveScoring.Points(true, TimeSpan.FromMilliseconds(elapsedMs), Twenty));

    [Fact]
    public void A_wrong_answer_scores_nothing_however_fast() =>
        Assert.Equal(0, LiveScoring.Points(false, TimeSpan.Zero, Twenty));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(2, 100)]
    [InlineData(3, 200)]
    [InlineData(6, 500)]
    [InlineData(9, 500)]
    public void The_streak_bonus_grows_by_100_from_the_second_right_answer_in_a_row_up_to_500(int streak, int expected) =>
        Assert.Equal(expected, LiveScoring.Bonus(streak));

    [Fact]
    public void The_most_a_game_gives_is_every_answer_right_at_once_with_every_bonus()
    {
        Assert.Equal(3000, LiveScoring.MaxScore(3, streakBonus: false));
        Assert.Equal(3000 + 100 + 200, LiveScoring.MaxScore(3, streakBonus: true));
        Assert.Equal(8000 + 100 + 200 + 300 + 400 + 500 + 500 + 500, LiveScoring.MaxScore(8, streakBonus: true));
    }
}
