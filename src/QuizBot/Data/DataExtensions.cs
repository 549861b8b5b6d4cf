using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace QuizBot.Data;

public sealed class DatabaseOptions
{
    public string Provider { get; set; } = "Sqlite";
}

public static class DataExtensions
{
    public const string DefaultConnectionString = "Data Source=data/quizbot.db";

    public static WebApplicationBuilder AddQuizBotData(this WebApplicationBuilder builder)
    {
        var provider = builder.Configuration["Database:Provider"] ?? "Sqlite";
        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new StartupException(provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
                ? "Database:Provider: 'Postgres' is planned for scale-out but not available in this version; use 'Sqlite'"
                : $"Database:Provider: unknown provider '{provider}'; use 'Sqlite'");
        }
        var connectionString = builder.Configuration.GetConnectionString("QuizBot") ?? DefaultConnectionString;
        var writeGate = new SqliteWriteGate();
        builder.Services.AddSingleton(writeGate);
        // Pooled: every update uses a context, and building one from scratch showed in the answer path's profile.
        builder.Services.AddDbContextPool<QuizBotDb>(options => options
            .UseSqlite(PrepareSqlite(connectionString, builder.Environment.ContentRootPath))
            .AddInterceptors(new SqlitePragmas(), writeGate), poolSize: 128);
        // Before anything else starts, the web server included.
        // AddSingleton, not AddHostedService: that one keeps a single registration per implementation type.
        builder.Services.AddSingleton<IHostedService>(sp => new StartupStep(ct => sp.MigrateDatabaseAsync(ct)));
        builder.Services.AddHostedService<WalCheckpoints>();
        return builder;
    }

    /// <summary>Resolves the database file against the content root and creates its folder.</summary>
    internal static string PrepareSqlite(string connectionString, string contentRoot)
    {
        SqliteConnectionStringBuilder csb;
        try
        {
            csb = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StartupException($"ConnectionStrings:QuizBot: not a SQLite connection string ({e.Message})");
        }
        if (csb.DataSource is { Length: > 0 } file && file != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(file, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            csb.DataSource = path;
        }
        csb.Pooling = true;
        return csb.ToString();
    }

    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        await db.Database.MigrateAsync(ct);
        // WAL lets the web chat read while answers are written; it is a property of the file and persists.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
