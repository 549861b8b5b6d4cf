using Npgsql;

namespace QuizBot.ScaleOut.Support;

/// <summary>A row of the service's Answers table: an answer as the database holds it.</summary>
internal sealed record RecordedAnswer(long AttemptId, int Position, bool IsCorrect);

/// <summary>Reads the Answers the instances recorded, straight from their shared PostgreSQL database.</summary>
internal static class RecordedAnswers
{
    public static async Task<IReadOnlyList<RecordedAnswer>> ReadAsync(string connectionString)
    {
        // No pooling: an idle pooled connection would outlive the test's database server.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "AttemptId", "Position", "IsCorrect" FROM "Answers" ORDER BY "AttemptId", "Position", "Id" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<RecordedAnswer>();
        while (await reader.ReadAsync()) rows.Add(new RecordedAnswer(reader.GetInt64(0), reader.GetInt32(1), reader.GetBoolean(2)));
        return rows;
    }
}
