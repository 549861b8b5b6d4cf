using Microsoft.EntityFrameworkCore;

namespace QuizBot.Data;

/// <summary>
/// Copies the write-ahead log back into the database file once a second, beside the writers. SQLite's own
/// checkpoint runs inside whichever commit crosses its threshold, so under load every few hundred milliseconds
/// one answer waited for a checkpoint, and every writer queued behind it. The pragmas keep SQLite's own as a
/// backstop at a much larger size (<see cref="SqlitePragmas"/>).
/// </summary>
public sealed class WalCheckpoints(IServiceScopeFactory scopes, ILogger<WalCheckpoints> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                // PASSIVE: copies what no reader still needs, waits for no one, and takes no write lock.
                await scope.ServiceProvider.GetRequiredService<QuizBotDb>().Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE);", stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Checkpointing the SQLite log failed; SQLite's own checkpoint still bounds it");
            }
        }
    }
}
