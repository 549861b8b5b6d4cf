using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using QuizBot.Data;

namespace QuizBot.Tests.Integration;

/// <summary>
/// The migrations, the model snapshot and the model agree, and a fresh database is built exactly like one the
/// previous release created (whose three migrations were written by hand, before the snapshot existed).
/// </summary>
public sealed class MigrationSchemaTests
{
    [Fact]
    public void The_model_has_no_change_that_a_migration_has_not_captured()
    {
        using var db = Open(new SqliteConnection("Data Source=:memory:"));

        // Fails after a model edit without `dotnet ef migrations add` (see README, "Development").
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void The_hand_written_migrations_stay_first_because_deployed_databases_record_them()
    {
        using var db = Open(new SqliteConnection("Data Source=:memory:"));

        var migrations = db.GetService<IMigrationsAssembly>().Migrations.Keys.ToList();

        Assert.Equal(
            ["20261122000000_Initial", "20261122010000_TelegramDelivery", "20261122020000_UpdateInbox"],
            migrations.Take(3));
        Assert.EndsWith("_Baseline", migrations[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_migrations_build_the_schema_the_model_describes()
    {
        var migrated = await DescribeAsync(db => db.Database.MigrateAsync());
        var modelled = await DescribeAsync(db => db.Database.EnsureCreatedAsync());

        Assert.NotEmpty(modelled);
        Assert.Equal(modelled, migrated);
    }

    [Fact]
    public async Task A_fresh_database_up_to_the_baseline_has_exactly_the_tables_and_indexes_of_one_the_previous_release_created()
    {
        await using var fresh = await OpenConnectionAsync();
        await using (var db = Open(fresh))
        {
            // Later migrations add to the schema; up to the baseline it is the previous release's, letter for letter.
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync("20261202201533_Baseline");
        }
        await using var previous = await OpenConnectionAsync();
        await PreviousReleaseDatabase.LoadAsync(previous);

        // The statements SQLite keeps, letter for letter: same columns in the same order, same constraints.
        const string Ddl = "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name";
        var expected = await QueryAsync(previous, Ddl);
        Assert.Equal(14, expected.Count(s => s.StartsWith("index ", StringComparison.Ordinal)));
        Assert.Equal(expected, await QueryAsync(fresh, Ddl));
        Assert.Equal(await DescribeAsync(previous), await DescribeAsync(fresh));
    }

    private static QuizBotDb Open(SqliteConnection connection) =>
        new(new DbContextOptionsBuilder<QuizBotDb>().UseSqlite(connection).Options);

    private static async Task<SqliteConnection> OpenConnectionAsync()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<List<string>> DescribeAsync(Func<QuizBotDb, Task> create)
    {
        await using var connection = await OpenConnectionAsync();
        await using var db = Open(connection);
        await create(db);
        return await DescribeAsync(connection);
    }

    /// <summary>Every table's columns, foreign keys and indexes, independent of column order and statement text.</summary>
    private static async Task<List<string>> DescribeAsync(SqliteConnection connection)
    {
        var schema = new List<string>();
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%' ORDER BY name");
        foreach (var table in tables)
        {
            schema.AddRange((await QueryAsync(connection, $"SELECT name || ' ' || type || ' notnull=' || \"notnull\" || ' pk=' || pk || ' default=' || ifnull(dflt_value, '-') FROM pragma_table_info('{table}') ORDER BY name"))
                .Select(c => $"{table}.{c}"));
            schema.AddRange((await QueryAsync(connection, $"SELECT \"table\" || '(' || \"from\" || ')->' || \"to\" || ' ' || on_delete FROM pragma_foreign_key_list('{table}') ORDER BY \"from\""))
                .Select(f => $"{table} fk {f}"));
            foreach (var index in await QueryAsync(connection, $"SELECT name || ' unique=' || \"unique\" FROM pragma_index_list('{table}') WHERE origin = 'c' ORDER BY name"))
            {
                var name = index.Split(' ')[0];
                var columns = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno");
                schema.Add($"{table} index {index} ({string.Join(",", columns)})");
            }
            var autoincrement = await QueryAsync(connection, $"SELECT CAST(instr(sql, 'AUTOINCREMENT') > 0 AS TEXT) FROM sqlite_master WHERE name = '{table}'");
            schema.Add($"{table} autoincrement={autoincrement.Single()}");
        }
        return schema;
    }

    private static async Task<List<string>> QueryAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
