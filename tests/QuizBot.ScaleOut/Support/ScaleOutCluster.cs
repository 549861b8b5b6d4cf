using QuizBot.EndToEnd.Support;
using QuizBot.TestSupport;

namespace QuizBot.ScaleOut.Support;

/// <summary>
/// One test's scale-out world: a throwaway PostgreSQL server, the Bot API emulator, the webhook proxy, and several
/// service processes on one database, each registering the proxy's URL as its webhook. Disposing it stops them all.
/// </summary>
internal sealed class ScaleOutCluster : IAsyncDisposable
{
    public const string BotToken = "123456:TEST-token";
    private const string WebhookSecret = "scale-out_webhook-Secret";
    private static readonly TimeSpan WebhookSetTimeout = TimeSpan.FromSeconds(30);

    private readonly List<QuizBotService> instances = [];
    private TempFolder? folder;
    private PostgresServer? database;
    private TelegramEmulator? emulator;
    private ReverseProxy? proxy;
    private EmulatorClient? client;

    private ScaleOutCluster()
    {
    }

    public IReadOnlyList<QuizBotService> Instances => instances;

    public ReverseProxy Proxy => proxy ?? throw new InvalidOperationException("not started");

    public EmulatorClient Client => client ?? throw new InvalidOperationException("not started");

    public string ConnectionString { get; private set; } = "";

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
        var logs = instances.Select((s, i) => $"--- instance {i}'s output:\n{s.Log.Tail(40)}");
        var routed = Proxy.Acknowledged.GroupBy(d => d.Instance).Select(g => $"instance {g.Key}: {g.Count()}");
        return string.Join('\n', logs) + $"\n--- the emulator's output:\n{emulator?.Log.Tail(20)}\n" +
            $"--- updates acknowledged through the proxy: {string.Join(", ", routed)}";
    }

    private async Task LaunchAsync(int instanceCount, bool repeatPresses, IReadOnlyDictionary<string, string> extra)
    {
        folder = new TempFolder();
        var bank = TestBank.WriteTo(folder.Combine("bank"));
        database = await PostgresServer.StartAsync();
        ConnectionString = await database.CreateDatabaseAsync("quizbot");
        emulator = await TelegramEmulator.StartAsync();
        proxy = await ReverseProxy.StartAsync(repeatPresses);
        client = new EmulatorClient(emulator.BaseUrl, BotToken, Diagnostics);
        var settings = new Dictionary<string, string>(extra)
        {
            // Every instance registers the one public URL; ServiceSettings' webhook secret switches webhook mode on.
            ["Telegram__WebhookUrl"] = proxy.Url.ToString(),
        };
        // One after the other: the first migrates the empty database, the next finds it migrated.
        for (var i = 0; i < instanceCount; i++)
        {
            var home = Directory.CreateDirectory(folder.Combine($"instance-{i}")).FullName;
            instances.Add(await QuizBotService.StartAsync(new ServiceSettings(home, bank.Folder, new PostgresTestDatabase(ConnectionString), BotToken, emulator.BaseUrl, WebhookSecret, settings)));
        }
        // The emulator, unlike Telegram, keeps no update for a webhook set later: wait until every instance set it.
        foreach (var instance in instances) await instance.WaitForLogAsync("Telegram webhook set to", WebhookSetTimeout);
        proxy.RouteTo(instances.Select(s => s.BaseUrl).ToList());
    }

    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        foreach (var instance in instances) instance.Dispose();
        if (proxy is not null) await proxy.DisposeAsync();
        emulator?.Dispose();
        if (database is not null) await database.DisposeAsync();
        folder?.Dispose();
    }
}
