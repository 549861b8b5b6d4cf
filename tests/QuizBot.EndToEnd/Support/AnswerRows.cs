using Microsoft.Data.Sqlite;

namespace QuizBot.EndToEnd.Support;

/// <summary>A row of the service's Answers table.</summary>
internal sealed record AnswerRow(long AttemptId, int Position, bool IsCorrect);

/// <summary>Reads what the service recorded, straight from its SQLite file (also after a kill -9).</summary>
internal static class AnswerRows
{
    public static async Task<IReadOnlyList<AnswerRow>> ReadAsync(string databasePath)
    {
        // No pooling: the file must be closed again before the service reopens it.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT AttemptId, Position, IsCorrect FROM Answers ORDER BY AttemptId, Position, Id";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<AnswerRow>();
        while (await reader.ReadAsync()) rows.Add(new AnswerRow(reader.GetInt64(0), reader.GetInt32(1), reader.GetBoolean(2)));
        return rows;
    }
}
