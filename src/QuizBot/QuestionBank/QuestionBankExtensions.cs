using Microsoft.Extensions.Options;

namespace QuizBot.QuestionBank;

public static class QuestionBankExtensions
{
    public static WebApplicationBuilder AddQuestionBank(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<QuestionBankOptions>().BindConfiguration("QuestionBank");
        builder.Services.AddSingleton<QuestionCatalog>();
        builder.Services.AddOptions<AdminOptions>().BindConfiguration("Admins");
        builder.Services.AddScoped<BankSync>();
        builder.Services.AddSingleton<BankReloader>();
        builder.Services.AddHostedService<BankStartup>();
        builder.Services.AddHostedService<BankWatcher>();
        return builder;
    }

    /// <summary>Loads the bank into the database before the first update is served.</summary>
    public static async Task SyncQuestionBankAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sync = scope.ServiceProvider.GetRequiredService<BankSync>();
        if (!Directory.Exists(sync.Folder))
        {
            var configured = scope.ServiceProvider.GetRequiredService<IOptions<QuestionBankOptions>>().Value.Path;
            throw new StartupException($"QuestionBank:Path: the folder '{configured}' does not exist (looked for {sync.Folder})");
        }
        await sync.SyncAsync(ct);
    }
}

/// <summary>Loads the bank after the database is ready and before the first update is served.</summary>
internal sealed class BankStartup(IServiceProvider services) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken ct) => services.SyncQuestionBankAsync(ct);

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
