namespace QuizBot.EndToEnd.Support;

/// <summary>
/// One test's Telegram world: its own folder, test bank, emulator, the service (one instance or several, see
/// <see cref="Deployment"/>) taking that emulator's updates, and a client for the user side. Disposing it kills the
/// processes.
/// </summary>
internal sealed class TelegramHarness : IAsyncDisposable
{
    public const string BotToken = "123456:TEST-token";

    private readonly Deployment deployment;

    private TelegramHarness(TempFolder folder, TelegramEmulator emulator, Deployment deployment)
    {
        Folder = folder;
        Emulator = emulator;
        this.deployment = deployment;
        Client = new EmulatorClient(emulator.BaseUrl, BotToken, Diagnostics, deployment.Patience);
    }

    public TempFolder Folder { get; }

    public TelegramEmulator Emulator { get; }

    /// <summary>The service; with several instances, the first (the one <see cref="Kill"/> kills).</summary>
    public QuizBotService Service => deployment.First;

    public TestDatabase Database => deployment.Database;

    /// <summary>The address people open: the service's own, or the proxy's in front of several instances.</summary>
    public Uri PublicUrl => deployment.PublicUrl;

    public EmulatorClient Client { get; }

    /// <summary>The proxy in front of several instances; null with one.</summary>
    public ReverseProxy? Proxy => deployment.Proxy;

    /// <summary>How many instances serve the bot.</summary>
    public int Instances => deployment.Instances.Count;

    /// <param name="webhookSecret">Set: webhook mode; null: long polling, where one instance runs.</param>
    /// <param name="secondCommune">The bank's unit tree gets <see cref="TestBank.OtherCommune"/> too.</param>
    public static async Task<TelegramHarness> StartAsync(TestDatabases databases, string? webhookSecret = null, IReadOnlyDictionary<string, string>? extra = null, bool secondCommune = false)
    {
        var folder = new TempFolder();
        TelegramEmulator? emulator = null;
        try
        {
            var bank = TestBank.WriteTo(folder.Combine("bank"), secondCommune);
            emulator = await TelegramEmulator.StartAsync();
            var database = await databases.CreateAsync(folder);
            var deployment = await Deployment.StartAsync(new ServiceSettings(folder.Path, bank.Folder, database, BotToken, emulator.BaseUrl, webhookSecret, extra), TestDatabases.Instances);
            return new TelegramHarness(folder, emulator, deployment);
        }
        catch
        {
            emulator?.Dispose();
            folder.Dispose();
            throw;
        }
    }

    public TelegramSecretary Secretary(TelegramUser user) => new(Client, user);

    /// <inheritdoc cref="Deployment.WaitForLogAsync"/>
    public Task WaitForLogAsync(string text, TimeSpan timeout) => deployment.WaitForLogAsync(text, timeout);

    /// <inheritdoc cref="Deployment.LogTail"/>
    public string LogTail(int lines = 60) => deployment.LogTail(lines);

    /// <inheritdoc cref="Deployment.Kill"/>
    public void Kill() => deployment.Kill();

    /// <inheritdoc cref="Deployment.RestartAsync"/>
    public Task RestartAsync() => deployment.RestartAsync();

    private string Diagnostics() =>
        $"--- the service's output:\n{deployment.LogTail()}\n--- the emulator's output:\n{Emulator.Log.Tail(20)}";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await deployment.DisposeAsync();
        Emulator.Dispose();
        Folder.Dispose();
    }
}
