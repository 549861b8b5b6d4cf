using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QuizBot.LoadTests.Data;

/// <summary>
/// A round's people, straight into SQLite: contestants registered in the cells of one commune (each in a chat of
/// their own) and an organizer, registered at the province, who holds the organizer role for that commune
/// (RoleGrants, Role 1) and so may create rounds for it without receiving the round's invitations.
/// </summary>
public static class RoundSeeder
{
    public const long FirstChatId = 4_500_000_000;
    public const long OrganizerId = 4_499_000_001;

    /// <summary>The first commune of the real bank's unit tree (Đảng bộ xã Kiến Thiết, three cells).</summary>
    public const string CommuneCode = "TQ-YS-XA1";

    private const string Format = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static void Seed(string database, int contestants, DateTime utcNow)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar() ?? throw new InvalidOperationException($"no row for: {sql}"), CultureInfo.InvariantCulture);
        }
        var commune = Scalar($"SELECT Id FROM Units WHERE Code = '{CommuneCode}'");
        var province = Scalar($"SELECT ParentId FROM Units WHERE Id = {commune}");
        var cells = new List<long>();
        using (var query = connection.CreateCommand())
        {
            query.CommandText = $"SELECT Id FROM Units WHERE ParentId = {commune} ORDER BY Id";
            using var reader = query.ExecuteReader();
            while (reader.Read()) cells.Add(reader.GetInt64(0));
        }
        if (cells.Count == 0) throw new InvalidOperationException($"the commune {CommuneCode} has no cells: start the service on the database once first");

        var registered = utcNow.AddDays(-3).ToString(Format, CultureInfo.InvariantCulture);
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText =
            "INSERT INTO Participants (Transport, ExternalId, ChatId, DisplayName, Language, Step, UnitId, IsActive, CreatedAt, RegisteredAt) " +
            "VALUES (1, $chat, $chat, $name, 'vi', 3, $unit, 1, $registered, $registered)";
        var chat = insert.Parameters.Add(new SqliteParameter { ParameterName = "$chat" });
        var name = insert.Parameters.Add(new SqliteParameter { ParameterName = "$name" });
        var unit = insert.Parameters.Add(new SqliteParameter { ParameterName = "$unit" });
        insert.Parameters.AddWithValue("$registered", registered);
        insert.Prepare();
        for (var i = 0; i < contestants; i++)
        {
            chat.Value = FirstChatId + i;
            name.Value = $"Đảng viên dự thi {i}";
            unit.Value = cells[i % cells.Count];
            insert.ExecuteNonQuery();
        }
        chat.Value = OrganizerId;
        name.Value = "Ban tổ chức";
        unit.Value = province;
        insert.ExecuteNonQuery();

        using var grant = connection.CreateCommand();
        grant.Transaction = transaction;
        grant.CommandText = "INSERT INTO RoleGrants (TelegramUserId, Role, UnitId, GrantedBy, GrantedAt) VALUES ($user, 1, $unit, 0, $at)";
        grant.Parameters.AddWithValue("$user", OrganizerId);
        grant.Parameters.AddWithValue("$unit", commune);
        grant.Parameters.AddWithValue("$at", utcNow.ToString(Format, CultureInfo.InvariantCulture));
        grant.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>What the database says about the round once it has closed.</summary>
    public static RoundDatabaseState Read(string database, string code)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$code", code);
            return Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
        }
        const string round = "(SELECT Id FROM Rounds WHERE Code = $code AND Status <> 4)";
        var questions = Scalar($"SELECT json_array_length(QuestionIds) FROM Rounds WHERE Id = {round}");
        var attempts = Scalar($"SELECT COUNT(*) FROM Attempts WHERE RoundId = {round}");
        // An attempt is complete when every question has an answer given in time.
        var complete = Scalar(
            $"SELECT COUNT(*) FROM (SELECT a.Id FROM Attempts a JOIN Answers n ON n.AttemptId = a.Id WHERE a.RoundId = {round} AND n.TimedOut = 0 " +
            $"GROUP BY a.Id HAVING COUNT(*) = {questions})");
        var answers = Scalar($"SELECT COUNT(*) FROM Answers n JOIN Attempts a ON a.Id = n.AttemptId WHERE a.RoundId = {round}");
        var timedOut = Scalar($"SELECT COUNT(*) FROM Answers n JOIN Attempts a ON a.Id = n.AttemptId WHERE a.RoundId = {round} AND n.TimedOut = 1");
        var predictions = Scalar($"SELECT COUNT(*) FROM Attempts WHERE RoundId = {round} AND Prediction IS NOT NULL");
        var invitations = Scalar($"SELECT COUNT(*) FROM RoundNotices WHERE RoundId = {round} AND Kind = 0");
        var reminders = Scalar($"SELECT COUNT(*) FROM RoundNotices WHERE RoundId = {round} AND Kind IN (1, 2)");
        var results = Scalar($"SELECT COUNT(*) FROM RoundNotices WHERE RoundId = {round} AND Kind = 3");
        var posted = Scalar($"SELECT COUNT(*) FROM Rounds WHERE Id = {round} AND ResultsPostedAt IS NOT NULL");
        var failed = Scalar("SELECT COUNT(*) FROM Outbox WHERE Status = 2");
        return new RoundDatabaseState((int)questions, attempts, complete, answers, timedOut, predictions, invitations, reminders, results, posted > 0, failed);
    }
}

/// <param name="CompleteAttempts">Attempts with an answer, given in time, to every question of the round.</param>
public sealed record RoundDatabaseState(
    int Questions, long Attempts, long CompleteAttempts, long Answers, long TimedOutAnswers, long Predictions,
    long Invitations, long Reminders, long Results, bool ResultsPosted, long OutboxFailed);
