using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QuizBot.Data;

namespace QuizBot.Live;

/// <summary>
/// Where several instances share the database, a projector may be served by another instance than the one that runs
/// its game (its clock and presses live in that process). The running instance publishes each changed view of its
/// games to the database (<see cref="LiveGame.View"/>) at most every <see cref="ProjectorEndpoints.MinInterval"/>;
/// the others' projectors read it there (<see cref="LiveGames.StoredViewAsync"/>). A single instance publishes nothing.
/// </summary>
public sealed class LiveViewPublisher(LiveFeed feed, ServiceInstances instances, IServiceScopeFactory scopes, TimeProvider clock, ILogger<LiveViewPublisher> log)
    : BackgroundService
{
    private readonly Dictionary<int, long> published = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!instances.Shared) return;
        using var timer = new PeriodicTimer(ProjectorEndpoints.MinInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PublishChangesAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again: a view is only ever replaced by a newer one.
                log.LogWarning("Publishing live views failed: {Reason}", e.Message);
            }
        }
    }

    private async Task PublishChangesAsync(CancellationToken ct)
    {
        var changed = feed.Versions().Where(g => published.GetValueOrDefault(g.GameId) != g.Version).ToList();
        if (changed.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        foreach (var (gameId, version) in changed)
        {
            if (feed.Watch(gameId) is not { View: var view }) continue;
            var json = JsonSerializer.Serialize(view, ProjectorEndpoints.Json);
            await db.LiveGames.Where(g => g.Id == gameId).ExecuteUpdateAsync(s => s.SetProperty(g => g.View, json), ct);
            published[gameId] = version;
        }
    }
}
