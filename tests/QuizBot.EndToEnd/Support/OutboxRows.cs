using Microsoft.Data.Sqlite;

namespace QuizBot.EndToEnd.Support;

/// <summary>A row of the service's Outbox table: a message it stored to send, and the update whose handling stored it.</summary>
internal sealed record OutboxRow(long Id, long ChatId, int? UpdateId, int Status);

/// <summary>Reads the outbox straight from the service's SQLite file, to tell a repeated send from a repeated handling.</summary>
internal static class OutboxRows
{
    public static async Task<IReadOnlyList<OutboxRow>> ReadAsync(string databasePath)
    {
        // No pooling: the file must be closed again before the service reopens it.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, ChatId, UpdateId, Status FROM Outbox ORDER BY Id";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new OutboxRow(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetInt32(3)));
        }
        return rows;
    }
}
