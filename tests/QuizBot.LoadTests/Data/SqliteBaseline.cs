using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QuizBot.LoadTests.Data;

public sealed record BaselineResult(int RowsPerTransaction, long Rows, double Seconds, string Synchronous)
{
    public double RowsPerSecond => Rows / Seconds;
}

/// <summary>
/// What bare SQLite does with the same answer rows: Microsoft.Data.Sqlite, the service's own schema (made by its
/// migrate verb), WAL, foreign keys on as EF Core sets them, the default synchronous level, and the rows written
/// in transactions of a fixed size. The ceiling QuizBot's answer rate is compared with.
/// </summary>
public static class SqliteBaseline
{
    private const int Sessions = 400_000;
    private const int QuestionsPerSession = 10;

    /// <param name="firstRow">Rows a previous run on the same file wrote: this run carries on after them.</param>
    public static BaselineResult Run(string migratedDatabase, int rowsPerTransaction, TimeSpan duration, long firstRow = 0)
    {
        using var connection = new SqliteConnection($"Data Source={migratedDatabase};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA foreign_keys=ON;");
        var journal = Scalar(connection, "PRAGMA journal_mode;");
        if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase)) Execute(connection, "PRAGMA journal_mode=WAL;");
        var synchronous = Scalar(connection, "PRAGMA synchronous;") switch { "0" => "OFF", "1" => "NORMAL", "2" => "FULL", "3" => "EXTRA", var s => s };
        var firstSession = Prepare(connection);

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO Answers (ParticipantId, AttemptId, QuestionId, Position, Chosen, IsCorrect, TimedOut, ElapsedMs, AnsweredAt) " +
            "VALUES (1, $session, $question, $position, '[1]', $correct, 0, $elapsed, $at)";
        var session = insert.Parameters.Add(new SqliteParameter { ParameterName = "$session" });
        var question = insert.Parameters.Add(new SqliteParameter { ParameterName = "$question" });
        var position = insert.Parameters.Add(new SqliteParameter { ParameterName = "$position" });
        var correct = insert.Parameters.Add(new SqliteParameter { ParameterName = "$correct" });
        var elapsed = insert.Parameters.Add(new SqliteParameter { ParameterName = "$elapsed" });
        var at = insert.Parameters.Add(new SqliteParameter { ParameterName = "$at" });
        insert.Prepare();

        var rows = firstRow;
        var limit = (long)Sessions * QuestionsPerSession;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration && rows < limit)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (var i = 0; i < rowsPerTransaction && rows < limit; i++, rows++)
            {
                session.Value = firstSession + rows / QuestionsPerSession;
                question.Value = 1 + rows % QuestionsPerSession;
                position.Value = (int)(rows % QuestionsPerSession);
                correct.Value = rows % 3 == 0 ? 0 : 1;
                elapsed.Value = 1500 + (int)(rows % 9000);
                at.Value = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        return new BaselineResult(rowsPerTransaction, rows - firstRow, watch.Elapsed.TotalSeconds, synchronous);
    }

    /// <summary>One participant, ten questions and the sessions the answers belong to (not timed).</summary>
    private static long Prepare(SqliteConnection connection)
    {
        var firstSession = long.Parse(Scalar(connection, "SELECT COALESCE(MAX(Id), 0) + 1 FROM Attempts;"), CultureInfo.InvariantCulture);
        if (firstSession > 1) return 1;
        using var transaction = connection.BeginTransaction();
        Execute(connection, "INSERT INTO Participants (Id, Transport, ExternalId, ChatId, DisplayName, Language, Step, IsActive, CreatedAt) VALUES (1, 1, 1, 1, 'Baseline', 'vi', 3, 1, '2026-01-01 00:00:00');", transaction);
        for (var q = 1; q <= QuestionsPerSession; q++)
        {
            Execute(connection, "INSERT INTO Questions (Id, Key, Version, ContentHash, Topic, Type, Difficulty, Status, Content, CreatedAt, SourceFile) " +
                $"VALUES ({q}, 'baseline-{q}', 1, 'h{q}', 'baseline', 0, 1, 0, '{{}}', '2026-01-01 00:00:00', 'baseline.yaml');", transaction);
        }
        using var session = connection.CreateCommand();
        session.Transaction = transaction;
        session.CommandText = "INSERT INTO Attempts (Id, ParticipantId, Transport, ChatId, QuestionIds, ShuffleSeed, CurrentIndex, CurrentSelection, Status, StartedAt, Number, SecondsPerQuestion) " +
            "VALUES ($id, 1, 1, 1, '[1,2,3,4,5,6,7,8,9,10]', 1, 10, '[]', 1, '2026-01-01 00:00:00', 1, 60)";
        var id = session.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        session.Prepare();
        for (var s = 1; s <= Sessions; s++)
        {
            id.Value = s;
            session.ExecuteNonQuery();
        }
        transaction.Commit();
        return 1;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }
}
