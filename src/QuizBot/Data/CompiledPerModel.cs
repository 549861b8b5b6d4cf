using System.Collections.Concurrent;

namespace QuizBot.Data;

/// <summary>
/// A query compiled once for each model it runs against: EF Core refuses to run a compiled query with another model
/// than the one it was compiled for, and the SQLite and PostgreSQL contexts (<see cref="PostgresQuizBotDb"/>) each
/// have their own. A process normally uses one of them; one that uses both (the tests) gets a compilation for each.
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConcurrentDictionary<Type, TQuery> compiled = new();

    public TQuery For(QuizBotDb db) => compiled.GetOrAdd(db.GetType(), _ => compile());
}
