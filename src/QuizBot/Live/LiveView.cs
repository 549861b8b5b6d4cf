namespace QuizBot.Live;

/// <summary>What a projector shows of a live game at one moment; sent whole on every change.</summary>
public sealed record LiveView(
    int GameId,
    string Title,
    string Phase,
    int Number,
    int Total,
    string? Question,
    IReadOnlyList<string> Options,
    long? DeadlineUnixMs,
    int Seconds,
    IReadOnlyList<int> Counts,
    int? Answer,
    IReadOnlyList<LiveRow> Fastest,
    IReadOnlyList<LiveRow> Board)
{
    public const string Waiting = "waiting", Asking = "question", Revealed = "reveal", Finished = "finished";
}

/// <summary>A name with points (a board's row) or with seconds (the fastest).</summary>
public sealed record LiveRow(int Rank, string Name, int Points, int ElapsedMs);

/// <summary>
/// The latest view of each live game and a signal when it changes, for the projector's server-sent events. A watcher
/// reads the newest view when woken, so a burst of presses costs one event, not one per press.
/// </summary>
public sealed class LiveFeed
{
    private readonly Lock gate = new();
    private readonly Dictionary<int, Entry> games = [];

    public void Register(int gameId, Func<LiveView> view)
    {
        lock (gate)
        {
            games[gameId] = games.TryGetValue(gameId, out var old) ? old with { View = view } : new Entry(view, NewSignal(), 0);
        }
        Touch(gameId);
    }

    /// <summary>Wakes the game's watchers.</summary>
    public void Touch(int gameId)
    {
        TaskCompletionSource? fired = null;
        lock (gate)
        {
            if (games.TryGetValue(gameId, out var entry))
            {
                fired = entry.Changed;
                games[gameId] = entry with { Changed = NewSignal(), Version = entry.Version + 1 };
            }
        }
        fired?.TrySetResult();
    }

    /// <summary>The game's view now and a task completing at its next change; null for a game not followed here.</summary>
    public (LiveView View, Task Changed)? Watch(int gameId)
    {
        lock (gate)
        {
            return games.TryGetValue(gameId, out var entry) ? (entry.View(), entry.Changed.Task) : null;
        }
    }

    /// <summary>Every game followed here with the number of its changes so far.</summary>
    public IReadOnlyList<(int GameId, long Version)> Versions()
    {
        lock (gate)
        {
            return games.Select(g => (g.Key, g.Value.Version)).ToList();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Entry(Func<LiveView> View, TaskCompletionSource Changed, long Version);
}
