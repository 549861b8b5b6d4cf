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
        // After the database is ready, before the first update is served.
        builder.Services.AddSingleton<IHostedService>(sp => new StartupStep(ct => sp.SyncQuestionBankAsync(ct)));
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
        await sync.StartAsync(ct);
    }
}
