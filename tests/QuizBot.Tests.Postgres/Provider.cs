using Server = QuizBot.TestSupport.PostgresServer;

namespace QuizBot.Tests.Support;

// QuizBot.Tests' in-process tests on PostgreSQL: one throwaway server for the run (tests/Shared/PostgresServer.cs),
// started when the first test asks for it and stopped when the test process exits; a database of its own per test.
public static partial class TestDatabases
{
    private static readonly Lazy<(Server Server, string ConnectionString)> RunServer = new(StartRunServer);

    public static partial string? PostgresServer => RunServer.Value.ConnectionString;

    private static (Server, string) StartRunServer()
    {
        // Off the test's synchronisation context: the start awaits processes and connections.
        var server = Task.Run(() => Server.StartAsync()).GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(20));
        var connection = Task.Run(() => server.CreateDatabaseAsync("run")).GetAwaiter().GetResult();
        return (server, connection);
    }
}
