using QuizBot.Data;

namespace QuizBot.EndToEnd.Support;

// This project runs the end-to-end scenarios on SQLite, the service's default; QuizBot.EndToEnd.Postgres compiles
// the same files with a Provider.cs of its own.
public sealed partial class TestDatabases
{
    public static partial DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public static partial int Instances => 1;
}
