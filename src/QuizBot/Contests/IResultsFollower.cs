using QuizBot.Data;

namespace QuizBot.Contests;

/// <summary>
/// Something kept in step with a round's published results (a feature registers it; the round's life names no
/// feature's table). Told each time the results are posted or their posting resumes, before anything is sent, so it
/// must be idempotent; a failure is logged and does not hold the results back.
/// </summary>
public interface IResultsFollower
{
    Task ResultsPublishedAsync(Round round, RoundOutcome outcome, CancellationToken ct);
}
