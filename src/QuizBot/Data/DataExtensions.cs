using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace QuizBot.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Where the data lives: <c>Database:Provider</c> (Sqlite, the default, or Postgres) and
/// <c>ConnectionStrings:QuizBot</c>. SQLite suits one instance on one machine; PostgreSQL lets several instances
/// share the data (README, "Scaling out").
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public bool IsSqlite => Provider == DatabaseProvider.Sqlite;

    /// <summary>The builder's settings, read and checked once however many features ask.</summary>
    public static DatabaseSettings Of(WebApplicationBuilder builder)
    {
        var properties = ((IHostApplicationBuilder)builder).Properties;
        if (properties.TryGetValue(typeof(DatabaseSettings), out var known)) return (DatabaseSettings)known;
        var settings = From(builder.Configuration, builder.Environment.ContentRootPath);
        properties[typeof(DatabaseSettings)] = settings;
        return settings;
    }

    private static DatabaseSettings From(IConfiguration configuration, string contentRoot)
    {
        var name = configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(name, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
        {
            throw new StartupException($"Database:Provider: unknown provider '{name}'; use 'Sqlite' or 'Postgres'");
        }
        var connectionString = configuration.GetConnectionString("QuizBot");
        return provider == DatabaseProvider.Sqlite
            ? new(provider, DataExtensions.PrepareSqlite(connectionString ?? DataExtensions.DefaultConnectionString, contentRoot))
            : new(provider, CheckPostgres(connectionString));
    }

    private static string CheckPostgres(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StartupException("ConnectionStrings:QuizBot: Database:Provider is Postgres, so it must name the PostgreSQL server, e.g. 'Host=db;Database=quizbot;Username=quizbot;Password=…'");
        }
        try
        {
            var csb = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrEmpty(csb.Host)) throw new ArgumentException("it names no Host");
            return csb.ConnectionString;
        }
        catch (ArgumentException e)
        {
            // The message names the keyword at fault, never the password.
            throw new StartupException($"ConnectionStrings:QuizBot: not a PostgreSQL connection string ({e.Message})");
        }
    }
}

public static class DataExtensions
{
    public const string DefaultConnectionString = "Data Source=data/quizbot.db";

    public static WebApplicationBuilder AddQuizBotData(this WebApplicationBuilder builder)
    {
        var settings = DatabaseSettings.Of(builder);
        builder.Services.AddSingleton(settings);
        var writeGate = new WriteGate(serialized: settings.IsSqlite);
        builder.Services.AddSingleton(writeGate);
        // Pooled: every update uses a context, and building one from scratch showed in the answer path's profile.
        if (settings.IsSqlite)
        {
            builder.Services.AddDbContextPool<QuizBotDb>(options => options
                .UseSqlite(settings.ConnectionString)
                .AddInterceptors(new SqlitePragmas(), writeGate), poolSize: 128);
            builder.Services.AddHostedService<WalCheckpoints>();
        }
        else
        {
            builder.Services.AddDbContextPool<QuizBotDb, PostgresQuizBotDb>(options => options.UseNpgsql(settings.ConnectionString), poolSize: 128);
        }
        // Before anything else starts, the web server included.
        // AddSingleton, not AddHostedService: that one keeps a single registration per implementation type.
        builder.Services.AddSingleton<IHostedService>(sp => new StartupStep(ct => sp.MigrateDatabaseAsync(ct)));
        builder.Services.AddSingleton<ServiceInstances>();
        builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ServiceInstances>());
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

    /// <summary>Brings the database to the current model; several instances starting at once take turns (EF's migration lock).</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        await db.Database.MigrateAsync(ct);
        // WAL lets the web chat read while answers are written; it is a property of the file and persists.
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
