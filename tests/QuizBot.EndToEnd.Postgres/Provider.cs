using QuizBot.Data;

namespace QuizBot.EndToEnd.Support;

// QuizBot.EndToEnd's scenarios on PostgreSQL: one throwaway server for the run (tests/Shared/PostgresServer.cs),
// a database of its own for each test.
public sealed partial class TestDatabases
{
    public static partial DatabaseProvider Provider => DatabaseProvider.Postgres;
}
