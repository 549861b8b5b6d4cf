using QuizBot.Data;
using QuizBot.TestSupport;

namespace QuizBot.EndToEnd.Support;

/// <summary>
/// The databases of one test run, on the provider its project names (<see cref="Provider"/>, in the project's
/// Provider.cs): a SQLite file in each test's folder, or a PostgreSQL database per test on one throwaway server
/// started for the run and stopped after it.
/// </summary>
public sealed partial class TestDatabases : IAsyncLifetime
{
    private PostgresServer? server;
    private int created;

    public static partial DatabaseProvider Provider { get; }

    /// <summary>How many service instances each test runs (<see cref="Deployment"/>): one, or several on PostgreSQL.</summary>
    public static partial int Instances { get; }

    public async Task InitializeAsync()
    {
        if (Provider == DatabaseProvider.Postgres) server = await PostgresServer.StartAsync();
    }

    internal async Task<TestDatabase> CreateAsync(TempFolder folder) => server is null
        ? new SqliteTestDatabase(folder.Combine("quizbot.db"))
        : new PostgresTestDatabase(await server.CreateDatabaseAsync($"e2e_{Interlocked.Increment(ref created)}"));

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
    }
}

/// <summary>Every test that runs the service, sharing the run's <see cref="TestDatabases"/>.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<TestDatabases>
{
    public const string Name = "End to end";
}
