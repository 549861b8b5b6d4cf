using QuizBot.Contests;
using static QuizBot.Tests.Contests.Contestants;

namespace QuizBot.Tests.Contests;

public sealed class UnitResultsTests
{
    private static readonly Dictionary<int, (string Name, int Members)> Units = new()
    {
        [1] = ("Chi bộ Thôn 1", 4),
        [2] = ("Chi bộ Trường Tiểu học", 10),
        [3] = ("Chi bộ Trạm Y tế", 5),
    };

    [Fact]
    public void A_unit_has_its_participants_members_rate_mean_and_best_score()
    {
        var ranking = Ranked(
            Attempt(1, score: 9, unitId: 1), Attempt(2, score: 6, unitId: 1),
            Attempt(3, score: 8, unitId: 2), Attempt(4, score: 7, unitId: 2), Attempt(5, score: 3, unitId: 2));

        var rows = UnitResults.Compute(ranking, Units);

        Assert.Equal(
            [
                new UnitResult(1, "Chi bộ Thôn 1", 2, 4, 0.5, 7.5, 9),
                new UnitResult(2, "Chi bộ Trường Tiểu học", 3, 10, 0.3, 6, 8),
                // A unit where nobody took part is listed, at 0 %, with no mean or best.
                new UnitResult(3, "Chi bộ Trạm Y tế", 0, 5, 0, null, null),
            ],
            rows);
    }

    [Fact]
    public void Units_are_ordered_by_participation_rate_not_by_head_count()
    {
        var ranking = Ranked(
            Attempt(1, unitId: 1), Attempt(2, unitId: 1), Attempt(3, unitId: 1),
            Attempt(4, unitId: 2), Attempt(5, unitId: 2), Attempt(6, unitId: 2), Attempt(7, unitId: 2), Attempt(8, unitId: 2));

        var rows = UnitResults.Compute(ranking, Units);

        Assert.Equal([(1, 3, 0.75), (2, 5, 0.5), (3, 0, 0.0)], rows.Select(r => (r.UnitId, r.Participants, r.ParticipationRate!.Value)));
    }

    [Fact]
    public void A_contestant_of_an_unlisted_unit_is_kept_in_a_row_without_a_rate()
    {
        var ranking = Ranked(Attempt(1, score: 7, unitId: 1), Attempt(2, score: 5, unitId: 9, unitName: "Chi bộ Khu phố 9"));

        var rows = UnitResults.Compute(ranking, Units);

        var unlisted = Assert.Single(rows, r => r.UnitId == 9);
        Assert.Equal(new UnitResult(9, "Chi bộ Khu phố 9", 1, 0, null, 5, 5), unlisted);
        Assert.Same(unlisted, rows[^1]);
    }
}
