using QuizBot.Data;

namespace QuizBot.EndToEnd.Support;

// QuizBot.EndToEnd's scenarios on PostgreSQL with two instances behind one address (Support/ReverseProxy.cs), as a
// deployment without a single point of failure runs: one throwaway server for the run (tests/Shared/PostgresServer.cs),
// a database of its own for each test, both instances on it.
public sealed partial class TestDatabases
{
    public static partial DatabaseProvider Provider => DatabaseProvider.Postgres;

    public static partial int Instances => 2;
}
