using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace QuizBot.LoadTests.Service;

/// <summary>
/// The database a run's service uses: a SQLite file (the product's default) or a database on the harness's own
/// PostgreSQL server. The harness reads it too, for its checks: its SQL quotes every name, so it reads both.
/// </summary>
public sealed record ServiceDatabase(string Provider, string ConnectionString)
{
    public static ServiceDatabase Sqlite(string file) => new("Sqlite", $"Data Source={file}");

    public static ServiceDatabase Postgres(string connectionString) => new("Postgres", connectionString);

    public bool IsSqlite => Provider == "Sqlite";

    /// <summary>The service's settings for it (Database:Provider, ConnectionStrings:QuizBot), as environment variables.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Database__Provider"] = Provider,
        ["ConnectionStrings__QuizBot"] = ConnectionString,
    };

    /// <summary>An open connection of the harness's own (read-only on SQLite, so it cannot disturb the service's writes).</summary>
    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsSqlite
            ? new SqliteConnection(ConnectionString + ";Mode=ReadOnly;Pooling=False")
            : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
