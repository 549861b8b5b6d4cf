using Npgsql;

namespace QuizBot.Tests.Support;

/// <summary>
/// Where the in-process service keeps its data: a SQLite file per test, or, where the project's Provider.cs names a
/// PostgreSQL server, a PostgreSQL database per test named after that file (the same file, the same database: two
/// hosts on it stand for a restart).
/// </summary>
public static partial class TestDatabases
{
    /// <summary>A connection string to a PostgreSQL server to keep the tests' databases on; null for SQLite.</summary>
    public static partial string? PostgresServer { get; }

    public static string PostgresFor(string server, string databaseFile)
    {
        var name = "t_" + Path.GetFileNameWithoutExtension(databaseFile).Replace('-', '_').ToLowerInvariant();
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                create.ExecuteNonQuery();
            }
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
