using System.Collections.Concurrent;
using QuizBot.Contests;
using QuizBot.Data;

namespace QuizBot.Leaderboards;

/// <summary>A published round a board can link to.</summary>
public sealed record RoundLink(int Id, string Code);

/// <summary>
/// A published round's board, for /leaderboard CODE: its results exactly as <see cref="RoundResults"/> computes them
/// (ranking and units), held for a minute per round. Published results no longer change, and right after a close
/// every contestant may ask at once: one computation serves them all.
/// </summary>
public sealed class RoundBoards(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<int, (DateTimeOffset Taken, Lazy<Task<RoundOutcome>> Outcome)> held = new();

    public async Task<RoundOutcome> OutcomeAsync(Round round, CancellationToken ct)
    {
        if (!RoundResults.ArePublished(round)) throw new InvalidOperationException($"round {round.Code} is not published");
        var now = time.GetUtcNow();
        var entry = held.AddOrUpdate(round.Id, _ => New(round, now), (_, old) => now - old.Taken < Lifetime && !old.Outcome.Value.IsFaulted ? old : New(round, now));
        return await entry.Outcome.Value.WaitAsync(ct);
    }

    private (DateTimeOffset, Lazy<Task<RoundOutcome>>) New(Round round, DateTimeOffset now) => (now, new(() => ComputeAsync(round)));

    private async Task<RoundOutcome> ComputeAsync(Round round)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RoundResults>().ComputeAsync(round, CancellationToken.None);
    }
}
