namespace QuizBot.Contests;

/// <summary>
/// A unit's figures in one round. <paramref name="Members"/> is the number of registered members of the unit in
/// the round's scope, as given; <paramref name="ParticipationRate"/> is participants ÷ members (0–1), null when
/// the unit has no members on record. Mean and best score are null when nobody from the unit took part.
/// </summary>
public sealed record UnitResult(
    int UnitId,
    string UnitName,
    int Participants,
    int Members,
    double? ParticipationRate,
    double? MeanScore,
    double? BestScore);

public static class UnitResults
{
    /// <summary>
    /// One row per unit in <paramref name="units"/> (those with no participant too, at 0 %), and one for any unit
    /// that a contestant belongs to but <paramref name="units"/> does not list, with 0 members and no rate, so that
    /// nobody's result is dropped. Ordered by participation rate (units without one last), then participants, then
    /// mean score, all descending, then unit name.
    /// </summary>
    public static IReadOnlyList<UnitResult> Compute(
        IReadOnlyList<ContestantResult> ranking, IReadOnlyDictionary<int, (string Name, int Members)> units)
    {
        var byUnit = ranking.GroupBy(r => r.Attempt.UnitId).ToDictionary(g => g.Key, g => g.ToList());
        var unitIds = units.Keys.Union(byUnit.Keys);
        var rows = new List<UnitResult>();
        foreach (var id in unitIds)
        {
            var taking = byUnit.GetValueOrDefault(id) ?? [];
            var (name, members) = units.TryGetValue(id, out var unit) ? unit : (taking[0].Attempt.UnitName, 0);
            var participants = taking.Count;
            rows.Add(new UnitResult(
                id,
                name,
                participants,
                members,
                members > 0 ? (double)participants / members : null,
                participants > 0 ? taking.Average(r => r.Attempt.Score) : null,
                participants > 0 ? taking.Max(r => r.Attempt.Score) : null));
        }
        return rows
            .OrderBy(r => r.ParticipationRate is null)
            .ThenByDescending(r => r.ParticipationRate)
            .ThenByDescending(r => r.Participants)
            .ThenByDescending(r => r.MeanScore)
            .ThenBy(r => r.UnitName, StringComparer.Ordinal)
            .ThenBy(r => r.UnitId)
            .ToList();
    }
}
