using QuizBot.Tests.Support;

namespace QuizBot.Tests.Integration;

/// <summary>Per test: its own bank folder, its own database file, its own clock.</summary>
public abstract class IntegrationTest : IDisposable
{
    protected readonly TestBank Bank = new();
    protected readonly ObservedClock Clock = new();
    protected readonly string DatabaseFile = Path.Combine(Path.GetTempPath(), $"quizbot-test-{Guid.NewGuid():N}.db");
    private readonly List<QuizBotHost> hosts = [];

    protected QuizBotHost StartHost(Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure = null)
    {
        var host = new QuizBotHost(Bank.Folder, DatabaseFile, Clock, configure);
        hosts.Add(host);
        _ = host.Server; // starts it: migrations and the bank sync run now
        return host;
    }

    public void Dispose()
    {
        foreach (var host in hosts) host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // Each test's PostgreSQL database is a pool of its own; idle, they would hold the server's connections for minutes.
        Npgsql.NpgsqlConnection.ClearAllPools();
        foreach (var file in new[] { DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm" })
        {
            try { File.Delete(file); } catch (IOException) { }
        }
        // The dashboard's data-protection keys, kept beside the database.
        try { Directory.Delete(Path.ChangeExtension(DatabaseFile, null) + "-keys", recursive: true); } catch (IOException) { }
        Bank.Dispose();
        GC.SuppressFinalize(this);
    }
}
