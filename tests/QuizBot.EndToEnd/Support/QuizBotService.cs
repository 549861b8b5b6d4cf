using System.Diagnostics;

namespace QuizBot.EndToEnd.Support;

/// <param name="DataFolder">The service's working directory; a restart reuses it.</param>
/// <param name="Database">The service's database; a restart reuses it.</param>
/// <param name="BotToken">Null: no Telegram transport, the web chat only.</param>
/// <param name="WebhookSecret">Set: webhook mode, the webhook at this service's own address; null: long polling.</param>
/// <param name="Extra">More settings, as environment variables (e.g. slower Telegram limits).</param>
internal sealed record ServiceSettings(
    string DataFolder,
    string BankFolder,
    TestDatabase Database,
    string? BotToken = null,
    Uri? TelegramApi = null,
    string? WebhookSecret = null,
    IReadOnlyDictionary<string, string>? Extra = null);

/// <summary>
/// The built service as its own process (<c>dotnet quizbot.dll</c>), configured only through the environment,
/// so the tests see exactly what an operator would run.
/// </summary>
internal sealed class QuizBotService : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(40);

    // Inherited settings that could point the service somewhere else than this test wants.
    private static readonly string[] ForeignPrefixes =
        ["Telegram__", "ConnectionStrings__", "QuestionBank__", "Quiz__", "Database__", "Logging__", "Urls", "ASPNETCORE_", "DOTNET_URLS", "DOTNET_ENVIRONMENT"];

    private readonly ServiceSettings settings;
    private ChildProcess? process;

    private QuizBotService(ServiceSettings settings)
    {
        this.settings = settings;
    }

    public OutputLog Log { get; } = new();

    /// <summary>The address it listens on now; a restart picks a new free port.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public TestDatabase Database => settings.Database;

    public static async Task<QuizBotService> StartAsync(ServiceSettings settings)
    {
        if (!File.Exists(Repository.ServiceAssembly))
        {
            throw new InvalidOperationException($"{Repository.ServiceAssembly} is missing: build the solution first (the test project references src/QuizBot).");
        }
        var service = new QuizBotService(settings);
        try
        {
            await service.LaunchAsync();
        }
        catch
        {
            service.Dispose();
            throw;
        }
        return service;
    }

    /// <summary>Waits for a line of the service's log (things it does after it starts listening).</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Log.Lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The service never logged '{text}':\n{Log.Tail()}");
            await Task.Delay(50);
        }
    }

    /// <summary>kill -9 of the service, leaving its database as a crash leaves it.</summary>
    public void Kill() => process?.Kill();

    /// <summary>Starts the service again on the same data folder (killing it first if it still runs).</summary>
    public async Task RestartAsync()
    {
        process?.Dispose();
        process = null;
        await LaunchAsync();
    }

    private async Task LaunchAsync()
    {
        var port = FreePort.Next();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo(DotnetHost()) { WorkingDirectory = settings.DataFolder };
        info.ArgumentList.Add(Repository.ServiceAssembly);
        foreach (var key in info.Environment.Keys.Where(k => ForeignPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            info.Environment.Remove(key);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings.Database.Settings)
        {
            info.Environment[key] = value;
        }
        info.Environment["QuestionBank__Path"] = settings.BankFolder;
        info.Environment["Quiz__SecondsPerQuestion"] = "60";
        // The levels of the repository's appsettings.json: without them EF Core logs every SQL command, once a
        // second at least, and a failing test's excerpt of the log would show nothing else.
        info.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        if (settings.BotToken is { } token)
        {
            info.Environment["Telegram__BotToken"] = token;
            info.Environment["Telegram__ApiBaseUrl"] = (settings.TelegramApi ?? throw new ArgumentException("a bot token needs TelegramApi")).ToString().TrimEnd('/');
        }
        if (settings.WebhookSecret is { } secret)
        {
            info.Environment["Telegram__Mode"] = "Webhook";
            info.Environment["Telegram__WebhookUrl"] = $"http://127.0.0.1:{port}/telegram/webhook";
            info.Environment["Telegram__WebhookSecret"] = secret;
        }
        foreach (var (key, value) in settings.Extra ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        process = ChildProcess.Start("quizbot", info, Log);
        var ready = $"QuizBot web chat: http://127.0.0.1:{port}/chat";
        await process.WaitForLineAsync(line => line.Contains(ready, StringComparison.Ordinal), $"'{ready}'", StartTimeout);
    }

    /// <summary>The dotnet host running these tests, so the service gets the same runtime.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public void Dispose()
    {
        process?.Dispose();
        process = null;
    }
}
