using QuizBot.TestSupport;

namespace QuizBot.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL server for the test run, shared by every class in <see cref="Collection"/>; each class
/// asks it for a fresh database, so no test sees another's rows. A missing server fails the tests, never skips them.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Collection = "PostgreSQL";

    private PostgresServer? server;
    private int databases;

    public PostgresServer Server => server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started.");

    /// <summary>A new empty database (test_1, test_2, …) and its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => Server.CreateDatabaseAsync($"test_{Interlocked.Increment(ref databases)}");

    public async Task InitializeAsync() => server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
    }
}

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
