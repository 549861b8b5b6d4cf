using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QuizBot.LoadTests.Data;

/// <summary>
/// Queues a broadcast the way the service keeps one: pending rows in its Outbox table, one message per chat. The
/// service sends what its outbox holds when it starts, so these go out through the real outbound dispatcher.
/// </summary>
public static class OutboxSeeder
{
    public const long FirstChatId = 8_000_000_000;

    public static void Seed(string database, int messages)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO Outbox (ChatId, Kind, MessageId, Text, ReplyMarkup, Status, Attempts, CreatedAt) VALUES ($chat, 1, NULL, $text, NULL, 0, 0, $now)";
        var chat = insert.Parameters.Add(new SqliteParameter { ParameterName = "$chat" });
        var text = insert.Parameters.Add(new SqliteParameter { ParameterName = "$text" });
        insert.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        insert.Prepare();
        for (var i = 0; i < messages; i++)
        {
            chat.Value = FirstChatId + i;
            text.Value = $"📣 <b>Thông báo</b>: vòng thi thử tuần này mở lúc 20:00 (tin kiểm tải số {i + 1}).";
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }
}
