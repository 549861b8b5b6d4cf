using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QuizBot.LoadTests.Data;

/// <summary>
/// Registered Telegram participants, each in a chat of their own, all with the daily reminder at the same local
/// minute (Participants.ReminderAt, TEXT 'HH:mm:ss' as EF Core stores a TimeOnly). Registered one to five days ago
/// and never answered, so the service finds them active and sends both kinds of reminder: the usual one (reviews
/// due, streak) and, from three idle days on, the nudge.
/// </summary>
public static class ReminderSeeder
{
    public const long FirstChatId = 4_000_000_000;

    private const string Format = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static void Seed(string database, int participants, TimeOnly reminderAt, DateTime utcNow)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        var cells = new List<long>();
        using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT Id FROM Units WHERE Kind = 4 ORDER BY Id";
            using var reader = query.ExecuteReader();
            while (reader.Read()) cells.Add(reader.GetInt64(0));
        }
        if (cells.Count == 0) throw new InvalidOperationException("the database holds no cells: start the service on it once first");

        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText =
            "INSERT INTO Participants (Transport, ExternalId, ChatId, DisplayName, Language, Step, UnitId, IsActive, CreatedAt, RegisteredAt, ReminderAt) " +
            "VALUES (1, $chat, $chat, $name, 'vi', 3, $unit, 1, $registered, $registered, $at)";
        var chat = insert.Parameters.Add(new SqliteParameter { ParameterName = "$chat" });
        var name = insert.Parameters.Add(new SqliteParameter { ParameterName = "$name" });
        var unit = insert.Parameters.Add(new SqliteParameter { ParameterName = "$unit" });
        var registered = insert.Parameters.Add(new SqliteParameter { ParameterName = "$registered" });
        insert.Parameters.AddWithValue("$at", reminderAt.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        insert.Prepare();
        for (var i = 0; i < participants; i++)
        {
            chat.Value = FirstChatId + i;
            name.Value = $"Bí thư nhắc {i}";
            unit.Value = cells[i % cells.Count];
            registered.Value = utcNow.AddDays(-(1 + i % 5)).ToString(Format, CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>What the database says about the wave: rows in ReminderLogs, and the reminder chats' outbox rows.</summary>
    public static ReminderDatabaseState Read(string database, int participants)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        var range = $"BETWEEN {FirstChatId} AND {FirstChatId + participants - 1}";
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        HashSet<long> Chats(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var chats = new HashSet<long>();
            while (reader.Read()) chats.Add(reader.GetInt64(0));
            return chats;
        }
        var claims = Chats($"SELECT p.ChatId FROM ReminderLogs r JOIN Participants p ON p.Id = r.ParticipantId WHERE p.ChatId {range}");
        // A claim with no outbox row for its chat: the reminder was claimed for the day but never queued.
        var claimedNotQueued = Chats(
            $"SELECT p.ChatId FROM ReminderLogs r JOIN Participants p ON p.Id = r.ParticipantId WHERE p.ChatId {range} " +
            "AND NOT EXISTS (SELECT 1 FROM Outbox o WHERE o.ChatId = p.ChatId)");
        var pending = Chats($"SELECT ChatId FROM Outbox WHERE Status = 0 AND ChatId {range}");
        var outboxRows = Scalar($"SELECT COUNT(*) FROM Outbox WHERE ChatId {range}");
        var failed = Scalar($"SELECT COUNT(*) FROM Outbox WHERE Status = 2 AND ChatId {range}");
        return new ReminderDatabaseState(claims, claimedNotQueued, pending, outboxRows, failed);
    }
}

/// <param name="Claims">Chats of the seeded participants with a ReminderLogs row (a day claimed).</param>
/// <param name="ClaimedNotQueued">Chats whose day is claimed but that have no outbox row.</param>
/// <param name="PendingChats">Chats with an outbox row still pending (not confirmed sent).</param>
public sealed record ReminderDatabaseState(IReadOnlySet<long> Claims, IReadOnlySet<long> ClaimedNotQueued, IReadOnlySet<long> PendingChats, long OutboxRows, long FailedRows);
