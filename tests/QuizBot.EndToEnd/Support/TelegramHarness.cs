namespace QuizBot.EndToEnd.Support;

/// <summary>
/// One test's Telegram world: its own folder, test bank, emulator, the service polling that emulator, and a
/// client for the user side. Disposing it kills both processes.
/// </summary>
internal sealed class TelegramHarness : IAsyncDisposable
{
    public const string BotToken = "123456:TEST-token";

    private TelegramHarness(TempFolder folder, TelegramEmulator emulator, QuizBotService service)
    {
        Folder = folder;
        Emulator = emulator;
        Service = service;
        Client = new EmulatorClient(emulator.BaseUrl, BotToken, Diagnostics);
    }

    public TempFolder Folder { get; }

    public TelegramEmulator Emulator { get; }

    public QuizBotService Service { get; }

    public EmulatorClient Client { get; }

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
            var service = await QuizBotService.StartAsync(new ServiceSettings(folder.Path, bank.Folder, database, BotToken, emulator.BaseUrl, webhookSecret, extra));
            // The emulator, unlike Telegram, keeps no update for a webhook set later: wait until the service set it.
            if (webhookSecret is not null) await service.WaitForLogAsync("Telegram webhook set to", TimeSpan.FromSeconds(20));
            return new TelegramHarness(folder, emulator, service);
        }
        catch
        {
            emulator?.Dispose();
            folder.Dispose();
            throw;
        }
    }

    public TelegramSecretary Secretary(TelegramUser user) => new(Client, user);

    private string Diagnostics() =>
        $"--- the service's output:\n{Service.Log.Tail()}\n--- the emulator's output:\n{Emulator.Log.Tail(20)}";

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        Service.Dispose();
        Emulator.Dispose();
        Folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
