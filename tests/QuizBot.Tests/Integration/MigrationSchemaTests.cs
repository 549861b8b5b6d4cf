using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QuizBot.Data;

namespace QuizBot.Tests.Integration;

/// <summary>
/// Migrations are written by hand (the EF design-time package is not served here): the schema they build must be
/// exactly the one the model describes, column by column and index by index.
/// </summary>
public sealed class MigrationSchemaTests
{
    [Fact]
    public async Task The_migrations_build_the_schema_the_model_describes()
    {
        var migrated = await SchemaAsync(db => db.Database.MigrateAsync());
        var modelled = await SchemaAsync(db => db.Database.EnsureCreatedAsync());

        Assert.Equal(modelled, migrated);
    }

    private static async Task<List<string>> SchemaAsync(Func<QuizBotDb, Task> create)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new QuizBotDb(new DbContextOptionsBuilder<QuizBotDb>().UseSqlite(connection).Options);
        await create(db);

        var schema = new List<string>();
        var tables = await Query(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%' ORDER BY name");
        foreach (var table in tables)
        {
            schema.AddRange((await Query(connection, $"SELECT name || ' ' || type || ' notnull=' || \"notnull\" || ' pk=' || pk FROM pragma_table_info('{table}') ORDER BY name"))
                .Select(c => $"{table}.{c}"));
            schema.AddRange((await Query(connection, $"SELECT \"table\" || '(' || \"from\" || ')->' || \"to\" || ' ' || on_delete FROM pragma_foreign_key_list('{table}') ORDER BY \"from\""))
                .Select(f => $"{table} fk {f}"));
            foreach (var index in await Query(connection, $"SELECT name || ' unique=' || \"unique\" FROM pragma_index_list('{table}') WHERE origin = 'c' ORDER BY name"))
            {
                var name = index.Split(' ')[0];
                var columns = await Query(connection, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno");
                schema.Add($"{table} index {index} ({string.Join(",", columns)})");
            }
        }
        return schema;
    }

    private static async Task<List<string>> Query(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
