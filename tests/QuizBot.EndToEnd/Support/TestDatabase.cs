using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using QuizBot.Data;

namespace QuizBot.EndToEnd.Support;

/// <summary>
/// The service's database in one test: the settings that point the service at it, and connections of the test's own
/// to read what the service stored (also after a kill -9). The SQL read through it runs on both providers, as the
/// product's does: "Quoted" "Names" and @parameters.
/// </summary>
internal abstract class TestDatabase
{
    /// <summary>The environment variables that point the service, or one of its verbs, at this database.</summary>
    public abstract IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>An open connection, unpooled: nothing of the test's stays open once it has read.</summary>
    protected abstract Task<DbConnection> OpenAsync();

    /// <summary>Runs one query; <paramref name="parameters"/> fill its @names.</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Bind(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }
}

/// <summary>A SQLite file in the test's folder, the service's default provider.</summary>
internal sealed class SqliteTestDatabase(string path) : TestDatabase
{
    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ConnectionStrings__QuizBot"] = $"Data Source={path}",
    };

    protected override async Task<DbConnection> OpenAsync()
    {
        // The file must be closed again before the service reopens it after a restart.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}

/// <summary>A database of its own on the run's PostgreSQL server.</summary>
internal sealed class PostgresTestDatabase(string connectionString) : TestDatabase
{
    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Database__Provider"] = nameof(DatabaseProvider.Postgres),
        ["ConnectionStrings__QuizBot"] = connectionString,
    };

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
