namespace QuizBot.Tests.Support;

// This project runs the in-process tests on SQLite, the service's default, or on the PostgreSQL server that
// QUIZBOT_TEST_POSTGRES names; QuizBot.Tests.Postgres compiles the same files with a Provider.cs of its own.
public static partial class TestDatabases
{
    public static partial string? PostgresServer =>
        Environment.GetEnvironmentVariable("QUIZBOT_TEST_POSTGRES") is { Length: > 0 } server ? server : null;
}
