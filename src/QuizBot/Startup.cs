using Microsoft.Extensions.Options;
using QuizBot.Telegram;

namespace QuizBot;

public static class Startup
{
    /// <summary>
    /// Log levels for a service started outside the repository (a published build without our appsettings.json):
    /// otherwise EF Core logs every SQL command. The lowest-priority source, so every file and variable wins.
    /// </summary>
    public static WebApplicationBuilder AddQuietDefaults(this WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
                ["Logging:LogLevel:Quartz"] = "Warning",
            },
        });
        return builder;
    }

    /// <summary>Says where the web chat is, and whether Telegram is on, once the server listens.</summary>
    public static void AnnounceWebChat(this WebApplication app)
    {
        var telegram = app.Services.GetRequiredService<IOptions<TelegramOptions>>().Value;
        foreach (var url in app.Urls)
        {
            var line = $"QuizBot web chat: {url.TrimEnd('/')}/chat";
            Console.WriteLine(line);
        }
        if (!telegram.Enabled)
        {
            Console.WriteLine("No Telegram:BotToken is set: serving the web chat only. Set Telegram__BotToken to connect a Telegram bot.");
        }
    }
}

/// <summary>
/// Work that must finish before the host starts serving (migrations, the bank): it runs in StartingAsync, which
/// the host calls for every service, in registration order, before any service's StartAsync.
/// </summary>
internal sealed class StartupStep(Func<CancellationToken, Task> run) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken ct) => run(ct);

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
