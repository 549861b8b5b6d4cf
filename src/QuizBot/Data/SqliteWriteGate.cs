using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace QuizBot.Data;

/// <summary>
/// SQLite has one writer at a time. Rather than let concurrent writers collide and sleep in the driver's busy
/// retry (150 ms a time, on a blocked thread), every write transaction of this process waits its turn here,
/// asynchronously and in order. busy_timeout still covers writers in other processes (the migrate verb, backups).
/// </summary>
public sealed class SqliteWriteGate : SaveChangesInterceptor
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>For writes that are not SaveChanges (ExecuteUpdate, raw SQL).</summary>
    public async Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            return await write();
        }
        finally
        {
            gate.Release();
        }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        gate.Wait();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        gate.Release();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        gate.Release();
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => gate.Release();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        gate.Release();
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => gate.Release();

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken ct = default)
    {
        gate.Release();
        return Task.CompletedTask;
    }
}
