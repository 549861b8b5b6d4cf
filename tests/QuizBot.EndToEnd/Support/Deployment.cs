using QuizBot.Data;

namespace QuizBot.EndToEnd.Support;

/// <summary>
/// What an operator runs for one test: the service on the test's database, or several service processes on one
/// PostgreSQL database (an end-to-end project's <c>TestDatabases.Instances</c>, the scale-out tests) behind one
/// <see cref="ReverseProxy"/>, each registering the proxy's address as Telegram's webhook and as the dashboard's
/// public address. Several instances always take Telegram's updates by webhook: getUpdates serves one caller.
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    private const string ClusterWebhookSecret = "e2e-cluster_webhook-Secret";
    private static readonly TimeSpan WebhookSetTimeout = TimeSpan.FromSeconds(30);

    private readonly List<QuizBotService> instances = [];
    private ReverseProxy? proxy;

    private Deployment(TestDatabase database)
    {
        Database = database;
    }

    public TestDatabase Database { get; }

    public IReadOnlyList<QuizBotService> Instances => instances;

    /// <summary>The instance a test kills and restarts; with one instance, the service.</summary>
    public QuizBotService First => instances[0];

    /// <summary>The proxy in front of several instances; null with one.</summary>
    public ReverseProxy? Proxy => proxy;

    /// <summary>The address people open (the dashboard, the web chat, the links the bot sends).</summary>
    public Uri PublicUrl => proxy?.BaseUrl ?? First.BaseUrl;

    /// <summary>
    /// How long a step may take: with several instances, one that holds a chat's work may have been killed, and its
    /// work is taken over once it is found dead (<see cref="ServiceInstances.DeadAfter"/>) at the next sweep.
    /// </summary>
    public TimeSpan Patience => proxy is null ? EmulatorClient.DefaultTimeout : EmulatorClient.DefaultTimeout + ServiceInstances.DeadAfter + TimeSpan.FromSeconds(10);

    /// <param name="settings">One instance's settings; with several, each gets a data folder of its own inside that one.</param>
    /// <param name="count">How many instances: several need a PostgreSQL database.</param>
    /// <param name="repeatPresses">The proxy delivers every press to a second instance too (<see cref="ReverseProxy.RepeatPresses"/>).</param>
    public static async Task<Deployment> StartAsync(ServiceSettings settings, int count, bool repeatPresses = false)
    {
        var deployment = new Deployment(settings.Database);
        try
        {
            await deployment.LaunchAsync(settings, count, repeatPresses);
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
        return deployment;
    }

    private async Task LaunchAsync(ServiceSettings settings, int count, bool repeatPresses)
    {
        if (count == 1)
        {
            instances.Add(await QuizBotService.StartAsync(settings));
            if (settings.WebhookSecret is not null) await First.WaitForLogAsync("Telegram webhook set to", WebhookSetTimeout);
            return;
        }
        proxy = await ReverseProxy.StartAsync(repeatPresses);
        var shared = new Dictionary<string, string>(settings.Extra ?? new Dictionary<string, string>())
        {
            ["Dashboard__PublicUrl"] = proxy.BaseUrl.ToString().TrimEnd('/'),
        };
        if (settings.BotToken is not null) shared["Telegram__WebhookUrl"] = proxy.Url.ToString();
        var secret = settings.BotToken is null ? null : settings.WebhookSecret ?? ClusterWebhookSecret;
        // One after the other: the first migrates the empty database, the next finds it migrated.
        for (var i = 0; i < count; i++)
        {
            var home = Directory.CreateDirectory(Path.Combine(settings.DataFolder, $"instance-{i}")).FullName;
            instances.Add(await QuizBotService.StartAsync(settings with { DataFolder = home, WebhookSecret = secret, Extra = shared }));
        }
        // The emulator, unlike Telegram, keeps no update for a webhook set later: wait until every instance set it.
        if (secret is not null)
        {
            foreach (var instance in instances) await instance.WaitForLogAsync("Telegram webhook set to", WebhookSetTimeout);
        }
        proxy.RouteTo(instances.Select(s => s.BaseUrl).ToList());
    }

    /// <summary>Waits for a line in any instance's log (a job, say, runs on whichever instance fires it).</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!instances.Any(s => s.Log.Lines.Any(l => l.Contains(text, StringComparison.Ordinal))))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No instance logged '{text}':\n{LogTail()}");
            await Task.Delay(50);
        }
    }

    /// <summary>The end of every instance's log.</summary>
    public string LogTail(int lines = 60) => instances.Count == 1
        ? First.Log.Tail(lines)
        : string.Join('\n', instances.Select((s, i) => $"--- instance {i}:\n{s.Log.Tail(lines)}"));

    /// <summary>kill -9 of the first instance; any others carry on, and take its work over.</summary>
    public void Kill() => First.Kill();

    /// <summary>Starts the first instance again on its data folder; the proxy sends to its new port.</summary>
    public async Task RestartAsync()
    {
        await First.RestartAsync();
        proxy?.RouteTo(instances.Select(s => s.BaseUrl).ToList());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in instances) instance.Dispose();
        if (proxy is not null) await proxy.DisposeAsync();
    }
}
