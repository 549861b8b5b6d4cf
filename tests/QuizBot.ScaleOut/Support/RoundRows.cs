using Npgsql;
using QuizBot.Data;

namespace QuizBot.ScaleOut.Support;

/// <summary>What the shared database says of a round and of the messages still to send, read straight from it.</summary>
internal static class RoundRows
{
    public static async Task<(int Id, RoundStatus Status)> RoundAsync(string connectionString, string code)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand("""SELECT "Id", "Status" FROM "Rounds" WHERE "Code" = @code""", connection);
        command.Parameters.AddWithValue("code", code);
        await using var row = await command.ExecuteReaderAsync();
        if (!await row.ReadAsync()) throw new InvalidOperationException($"no round {code} in the database");
        return (row.GetInt32(0), (RoundStatus)row.GetInt32(1));
    }

    /// <summary>Messages in the outbox not yet sent (nor given up on).</summary>
    public static async Task<long> PendingMessagesAsync(string connectionString)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand("""SELECT COUNT(*) FROM "Outbox" WHERE "Status" = @pending""", connection);
        command.Parameters.AddWithValue("pending", (int)OutboxStatus.Pending);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // No pooling: an idle pooled connection would outlive the test's database server.
    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
