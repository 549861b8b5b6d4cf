using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QuizBot.LoadTests.Data;

public sealed record SeedReport(int Participants, int Sessions, long Answers, double Seconds, double IndexSeconds, double DatabaseMb);

/// <summary>
/// Fills a migrated QuizBot database with registered participants and their practice history, straight into
/// SQLite: one transaction, prepared INSERTs, secondary indexes dropped for the load and rebuilt from their own
/// stored SQL afterwards (so the schema stays exactly the migration's).
/// </summary>
public static class ScaleSeeder
{
    /// <summary>Participants get Telegram ids from here on; the simulated users take the first ones.</summary>
    public const long FirstExternalId = 5_000_000_000;

    public const int AnswersPerSession = 10;

    private const string Format = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static SeedReport Seed(string database, int participants, long answers, Action<string> progress)
    {
        var watch = Stopwatch.StartNew();
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF; PRAGMA cache_size=-524288; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF;");

        var cells = Ids(connection, "SELECT Id FROM Units WHERE Kind = 4 ORDER BY Id");
        var questions = Ids(connection, "SELECT Id FROM Questions WHERE RetiredAt IS NULL AND Type <> 3 ORDER BY Id");
        if (cells.Count == 0 || questions.Count < AnswersPerSession)
        {
            throw new InvalidOperationException($"the database holds {cells.Count} cells and {questions.Count} servable questions: start the service on it once first");
        }
        var firstParticipant = Scalar(connection, "SELECT COALESCE(MAX(Id), 0) FROM Participants") + 1;
        var firstSession = Scalar(connection, "SELECT COALESCE(MAX(Id), 0) FROM Attempts") + 1;
        var sessions = (int)((answers + AnswersPerSession - 1) / AnswersPerSession);

        var indexes = DropIndexes(connection, "Participants", "Attempts", "Answers");
        var random = new Random(20261122);
        var now = DateTime.UtcNow;

        using (var transaction = connection.BeginTransaction())
        {
            using (var insert = Prepare(connection, transaction,
                "INSERT INTO Participants (Id, Transport, ExternalId, ChatId, DisplayName, Language, Step, UnitId, IsActive, CreatedAt, RegisteredAt) VALUES ($id, 1, $ext, $ext, $name, 'vi', 3, $unit, 1, $created, $created)",
                "$id", "$ext", "$name", "$unit", "$created"))
            {
                for (var p = 0; p < participants; p++)
                {
                    var created = now.AddDays(-90).AddSeconds(random.Next(0, 30 * 86400)).ToString(Format, CultureInfo.InvariantCulture);
                    Run(insert, firstParticipant + p, FirstExternalId + p, $"Bí thư {p}", cells[p % cells.Count], created);
                }
            }
            progress($"{participants:N0} participants");

            using var session = Prepare(connection, transaction,
                "INSERT INTO Attempts (Id, ParticipantId, Transport, ChatId, Topic, QuestionIds, ShuffleSeed, CurrentIndex, CurrentMessageId, CurrentDeadline, CurrentAskedAt, CurrentSelection, Status, StartedAt, FinishedAt, Number, SecondsPerQuestion) " +
                "VALUES ($id, $participant, 1, $chat, NULL, $questions, $seed, $index, NULL, NULL, NULL, '[]', 1, $started, $finished, 1, 60)",
                "$id", "$participant", "$chat", "$questions", "$seed", "$index", "$started", "$finished");
            using var answer = Prepare(connection, transaction,
                "INSERT INTO Answers (ParticipantId, AttemptId, QuestionId, Position, Chosen, IsCorrect, TimedOut, ElapsedMs, AnsweredAt) " +
                "VALUES ($participant, $session, $question, $position, $chosen, $correct, 0, $elapsed, $at)",
                "$participant", "$session", "$question", "$position", "$chosen", "$correct", "$elapsed", "$at");
            string[] chosen = ["[0]", "[1]", "[2]", "[3]"];
            var drawn = new long[AnswersPerSession];
            long written = 0;
            for (var s = 0; s < sessions; s++)
            {
                var participant = firstParticipant + s % participants;
                var size = (int)Math.Min(AnswersPerSession, answers - written);
                // Distinct questions within a session (the unique index wants it): a run from a random start.
                var start = random.Next(questions.Count);
                for (var j = 0; j < size; j++) drawn[j] = questions[(start + j) % questions.Count];
                var started = now.AddDays(-60).AddSeconds(random.Next(0, 59 * 86400));
                Run(session, firstSession + s, participant, FirstExternalId + (participant - firstParticipant),
                    "[" + string.Join(',', drawn.Take(size)) + "]", random.Next(), size,
                    started.ToString(Format, CultureInfo.InvariantCulture), started.AddMinutes(3).ToString(Format, CultureInfo.InvariantCulture));
                for (var j = 0; j < size; j++)
                {
                    var elapsed = random.Next(2_000, 40_000);
                    Run(answer, participant, firstSession + s, drawn[j], j, chosen[random.Next(4)], random.Next(3) > 0 ? 1 : 0, elapsed,
                        started.AddMilliseconds(j * 15_000 + elapsed).ToString(Format, CultureInfo.InvariantCulture));
                }
                written += size;
                if ((s + 1) % 100_000 == 0) progress($"{written:N0} answers");
            }
            transaction.Commit();
        }
        var loaded = watch.Elapsed.TotalSeconds;
        progress($"rows in ({loaded:F0} s); rebuilding {indexes.Count} indexes");
        foreach (var sql in indexes) Execute(connection, sql);
        var indexSeconds = watch.Elapsed.TotalSeconds - loaded;
        Execute(connection, "PRAGMA journal_mode=WAL;");
        connection.Close();
        return new SeedReport(participants, sessions, answers, watch.Elapsed.TotalSeconds, indexSeconds, new FileInfo(database).Length / 1048576.0);
    }

    private static List<string> DropIndexes(SqliteConnection connection, params string[] tables)
    {
        var sql = new List<string>();
        var names = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({string.Join(',', tables.Select(t => $"'{t}'"))})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
                sql.Add(reader.GetString(1));
            }
        }
        foreach (var name in names) Execute(connection, $"DROP INDEX \"{name}\"");
        return sql;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }

    private static List<long> Ids(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }
}
