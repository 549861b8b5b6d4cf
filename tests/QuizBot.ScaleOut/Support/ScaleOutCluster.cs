using QuizBot.EndToEnd.Support;
using QuizBot.TestSupport;

namespace QuizBot.ScaleOut.Support;

/// <summary>
/// One test's scale-out world: a throwaway PostgreSQL server, the Bot API emulator, and several service processes on
/// one database behind the proxy (a <see cref="Deployment"/>), each registering the proxy's URL as its webhook.
/// Disposing it stops them all.
/// </summary>
internal sealed class ScaleOutCluster : IAsyncDisposable
{
    public const string BotToken = "123456:TEST-token";
    private const string WebhookSecret = "scale-out_webhook-Secret";

    private TempFolder? folder;
    private PostgresServer? database;
    private TelegramEmulator? emulator;
    private Deployment? deployment;
    private EmulatorClient? client;

    private ScaleOutCluster()
    {
    }

    public IReadOnlyList<QuizBotService> Instances => deployment?.Instances ?? [];

    public ReverseProxy Proxy => deployment?.Proxy ?? throw new InvalidOperationException("not started");

    public EmulatorClient Client => client ?? throw new InvalidOperationException("not started");

    /// <summary>The instances' shared database, to read what they stored.</summary>
    public TestDatabase Database => deployment?.Database ?? throw new InvalidOperationException("not started");

    /// <param name="repeatPresses">The proxy delivers every press to a second instance too (<see cref="ReverseProxy.RepeatPresses"/>).</param>
    /// <param name="extra">More settings for every instance (environment variables, such as the admins' ids).</param>
    public static async Task<ScaleOutCluster> StartAsync(int instanceCount, bool repeatPresses = false, IReadOnlyDictionary<string, string>? extra = null)
    {
        var cluster = new ScaleOutCluster();
        try
        {
            await cluster.LaunchAsync(instanceCount, repeatPresses, extra ?? new Dictionary<string, string>());
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    public TelegramSecretary Secretary(TelegramUser user) => new(Client, user);

    /// <summary>What a failed wait shows: every instance's log, the emulator's, and where the proxy sent what.</summary>
    public string Diagnostics()
    {
        var logs = Instances.Select((s, i) => $"--- instance {i}'s output:\n{s.Log.Tail(40)}");
        var routed = (deployment?.Proxy?.Acknowledged ?? []).GroupBy(d => d.Instance).Select(g => $"instance {g.Key}: {g.Count()}");
        return string.Join('\n', logs) + $"\n--- the emulator's output:\n{emulator?.Log.Tail(20)}\n" +
            $"--- updates acknowledged through the proxy: {string.Join(", ", routed)}";
    }

    private async Task LaunchAsync(int instanceCount, bool repeatPresses, IReadOnlyDictionary<string, string> extra)
    {
        folder = new TempFolder();
        var bank = TestBank.WriteTo(folder.Combine("bank"));
        database = await PostgresServer.StartAsync();
        var connectionString = await database.CreateDatabaseAsync("quizbot");
        emulator = await TelegramEmulator.StartAsync();
        client = new EmulatorClient(emulator.BaseUrl, BotToken, Diagnostics);
        var settings = new ServiceSettings(folder.Path, bank.Folder, new PostgresTestDatabase(connectionString), BotToken, emulator.BaseUrl, WebhookSecret, extra);
        deployment = await Deployment.StartAsync(settings, instanceCount, repeatPresses);
    }

    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        if (deployment is not null) await deployment.DisposeAsync();
        emulator?.Dispose();
        if (database is not null) await database.DisposeAsync();
        folder?.Dispose();
    }
}
