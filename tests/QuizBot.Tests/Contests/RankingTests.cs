using QuizBot.Contests;
using static QuizBot.Tests.Contests.Contestants;

namespace QuizBot.Tests.Contests;

public sealed class RankingTests
{
    [Fact]
    public void Each_key_of_the_default_chain_breaks_the_ties_the_keys_before_it_leave()
    {
        var ranking = Ranked(
            // Equal on score, prediction and time: the earlier submission wins.
            Attempt(7, score: 6, prediction: 90, timeMs: 200_000, submittedMinute: 40),
            Attempt(6, score: 6, prediction: 110, timeMs: 200_000, submittedMinute: 35),
            // Equal on score and on distance from the actual 100 (one over, one under): the faster wins.
            Attempt(5, score: 7, prediction: 95, timeMs: 250_000),
            Attempt(4, score: 7, prediction: 105, timeMs: 240_000),
            // Equal on score: the closer prediction wins although it is slower and later.
            Attempt(3, score: 8, prediction: 130, timeMs: 100_000, submittedMinute: 1),
            Attempt(2, score: 8, prediction: 99, timeMs: 500_000, submittedMinute: 50),
            // The best score wins whatever else.
            Attempt(1, score: 9, prediction: 1, timeMs: 900_000, submittedMinute: 59));

        Assert.Equal("1:1 2:2 3:3 4:4 5:5 6:6 7:7", Order(ranking));
        Assert.Equal(new long?[] { 99, 1, 30, 5, 5, 10, 10 }, ranking.Select(r => r.PredictionError));
    }

    [Fact]
    public void Contestants_equal_on_every_key_share_a_rank_and_the_next_rank_skips()
    {
        var ranking = Ranked(
            Attempt(1, "Trần Văn Bình", score: 9),
            Attempt(2, "Lê Thị An", score: 8),
            Attempt(3, "Đỗ Minh Châu", score: 8),
            Attempt(4, "Lê Thị An", score: 8),
            Attempt(5, "Phạm Hùng", score: 7));

        // Tied rows are listed by name (ordinal, so "Đ" after "L") then participant id, all at rank 2.
        Assert.Equal("1:1 2:2 4:2 3:2 5:5", Order(ranking));
    }

    [Fact]
    public void Keys_left_out_of_the_chain_do_not_split_a_tie()
    {
        var attempts = new[]
        {
            Attempt(1, score: 8, prediction: 100, timeMs: 300_000, submittedMinute: 10),
            Attempt(2, score: 8, prediction: 50, timeMs: 300_000, submittedMinute: 20),
            Attempt(3, score: 8, prediction: 100, timeMs: 100_000, submittedMinute: 30),
        };

        Assert.Equal("1:1 2:1 3:1", Order(Ranking.Rank(attempts, TieBreakChain.Parse("score"), 100)));
        Assert.Equal("3:1 1:2 2:2", Order(Ranking.Rank(attempts, TieBreakChain.Parse("time"), 100)));
        Assert.Equal("1:1 2:2 3:3", Order(Ranking.Rank(attempts, TieBreakChain.Parse("submitted,time"), 100)));
    }

    [Fact]
    public void A_contestant_without_a_prediction_comes_after_every_one_with_a_prediction()
    {
        var ranking = Ranked(
            Attempt(1, score: 8, prediction: null, timeMs: 1_000),
            Attempt(2, score: 8, prediction: 5_000, timeMs: 900_000),
            Attempt(3, score: 8, prediction: null, timeMs: 2_000));

        // Among those without one, the next key (time) decides.
        Assert.Equal("2:1 1:2 3:3", Order(ranking));
        Assert.Null(ranking[1].PredictionError);
    }

    [Fact]
    public void Before_the_actual_number_is_known_the_prediction_key_ties_everyone()
    {
        var attempts = new[]
        {
            Attempt(1, score: 8, prediction: 100, timeMs: 9_000),
            Attempt(2, score: 8, prediction: 3, timeMs: 1_000),
            Attempt(3, score: 8, prediction: null, timeMs: 5_000),
        };

        var ranking = Ranking.Rank(attempts, TieBreakChain.Default, actualForPrediction: null);

        Assert.Equal("2:1 3:2 1:3", Order(ranking));
        Assert.All(ranking, r => Assert.Null(r.PredictionError));
    }

    [Fact]
    public void Scores_reached_by_different_sums_of_points_tie()
    {
        var ranking = Ranking.Rank(
            [Attempt(1, score: 0.1 + 0.2), Attempt(2, score: 0.3)], TieBreakChain.Parse("score"), null);

        Assert.Equal([1, 1], ranking.Select(r => r.Rank));
    }

    [Fact]
    public void Two_attempts_of_one_participant_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Ranked(Attempt(1), Attempt(2), Attempt(1, attempt: 2)));

        Assert.Contains("participant 1", e.Message);
    }

    [Fact]
    public void Nobody_ranks_to_an_empty_list()
    {
        Assert.Empty(Ranked());
    }

    [Fact]
    public void The_best_attempt_is_the_highest_score_and_on_equal_scores_the_earlier_one()
    {
        var best = BestAttempt.Select(
        [
            // Participant 1: the second attempt repeats the score faster; the first still counts.
            Attempt(1, score: 8, timeMs: 400_000, submittedMinute: 10, attempt: 1),
            Attempt(1, score: 8, timeMs: 100_000, submittedMinute: 20, attempt: 2),
            Attempt(1, score: 6, timeMs: 50_000, submittedMinute: 30, attempt: 3),
            // Participant 2: a better score later replaces the earlier ones.
            Attempt(2, score: 5, submittedMinute: 5, attempt: 1),
            Attempt(2, score: 9, submittedMinute: 25, attempt: 2),
            Attempt(2, score: 9, submittedMinute: 45, attempt: 3),
            Attempt(3, score: 7),
        ]);

        Assert.Equal([(1, 1), (2, 2), (3, 1)], best.Select(a => (a.ParticipantId, a.AttemptNumber)));
    }
}
