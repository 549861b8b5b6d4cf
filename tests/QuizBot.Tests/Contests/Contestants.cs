using QuizBot.Contests;

namespace QuizBot.Tests.Contests;

/// <summary>Attempts for the results tests: every field that a test does not name is the same for everyone.</summary>
internal static class Contestants
{
    public static readonly DateTime Start = new(2026, 12, 3, 13, 0, 0, DateTimeKind.Utc);

    public static ContestantAttempt Attempt(
        int id,
        string? name = null,
        double score = 8,
        int? prediction = 100,
        long timeMs = 300_000,
        int submittedMinute = 30,
        int attempt = 1,
        int unitId = 1,
        string? unitName = null,
        double maxScore = 10) =>
        new(id, name ?? $"Người {id:00}", unitId, unitName ?? $"Chi bộ {unitId}", attempt, score, maxScore, prediction,
            timeMs, Start.AddMinutes(submittedMinute));

    public static IReadOnlyList<ContestantResult> Ranked(params ContestantAttempt[] attempts) =>
        Ranking.Rank(attempts, TieBreakChain.Default, actualForPrediction: 100);

    public static string Order(IEnumerable<ContestantResult> ranking) =>
        string.Join(" ", ranking.Select(r => $"{r.Attempt.ParticipantId}:{r.Rank}"));
}
