using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace QuizBot.Data;

/// <summary>
/// Where write transactions take their turn. SQLite has one writer at a time: rather than let concurrent writers
/// collide and sleep in the driver's busy retry (150 ms a time, on a blocked thread), every write transaction of
/// this process waits its turn here, asynchronously and in order; busy_timeout still covers writers in other
/// processes (the migrate verb, backups). PostgreSQL takes concurrent writers itself, from every instance: there
/// the gate lets everyone through at once (<see cref="Serialized"/> false).
/// </summary>
public sealed class WriteGate(bool serialized = true) : SaveChangesInterceptor
{
    private readonly SemaphoreSlim? gate = serialized ? new(1, 1) : null;

    /// <summary>Whether this process's writers go one at a time (SQLite).</summary>
    public bool Serialized => gate is not null;

    /// <summary>Set inside <see cref="WriteAsync{T}"/>: SaveChanges within it is already let through.</summary>
    private readonly AsyncLocal<bool> holding = new();

    /// <summary>Set inside <see cref="TransactionAsync{T}"/>: what runs once it has committed.</summary>
    private readonly AsyncLocal<List<Action>?> committed = new();

    /// <summary>
    /// Runs <paramref name="action"/> once the current <see cref="TransactionAsync{T}"/> has committed, before the
    /// next writer's turn (never, if it rolls back): for what is kept in memory beside the rows it wrote.
    /// </summary>
    public void AfterCommit(Action action) =>
        (committed.Value ?? throw new InvalidOperationException("AfterCommit is for a write inside WriteGate.TransactionAsync.")).Add(action);

    /// <summary>For writes that are not a single SaveChanges: ExecuteUpdate, raw SQL, an explicit transaction.</summary>
    public async Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken ct)
    {
        if (gate is null) return await write();
        await gate.WaitAsync(ct);
        holding.Value = true;
        try
        {
            return await write();
        }
        finally
        {
            holding.Value = false;
            gate.Release();
        }
    }

    /// <summary>
    /// Runs prepared statements in one write transaction, in turn with every other write: for the hot paths that
    /// write many small rows at once, where building them through the change tracker costs more than the write.
    /// </summary>
    /// <param name="write">
    /// Gets a command factory: SQL in, a command in the transaction out (disposed afterwards). The SQL is written
    /// for both providers: identifiers in double quotes, parameters as <c>@name</c>, TRUE and FALSE for booleans.
    /// </param>
    public async Task<T> TransactionAsync<T>(IServiceScopeFactory scopes, Func<Func<string, DbCommand>, Task<T>> write, CancellationToken ct)
    {
        // The connection is opened before taking the turn: only the transaction itself holds up other writers.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        return await WriteAsync(async () =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var commands = new List<DbCommand>();
            var afterCommit = committed.Value = [];
            try
            {
                var result = await write(sql =>
                {
                    var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = sql;
                    commands.Add(command);
                    return command;
                });
                await transaction.CommitAsync(ct);
                foreach (var action in afterCommit) action();
                return result;
            }
            finally
            {
                committed.Value = null;
                foreach (var command in commands) await command.DisposeAsync();
            }
        }, ct);
    }

    private void Enter()
    {
        if (!holding.Value) gate?.Wait();
    }

    private Task EnterAsync(CancellationToken ct) => holding.Value || gate is null ? Task.CompletedTask : gate.WaitAsync(ct);

    private void Leave()
    {
        if (!holding.Value) gate?.Release();
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Enter();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        await EnterAsync(ct);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Leave();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        Leave();
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Leave();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        Leave();
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Leave();

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken ct = default)
    {
        Leave();
        return Task.CompletedTask;
    }
}
