using Microsoft.Data.Sqlite;

namespace QuizBot.Tests.Integration;

/// <summary>
/// A database file as the release before the model snapshot left it: the hand-written migrations applied and one
/// row of every kind (Resources/quizbot-20261122020000_UpdateInbox.sql, a dump taken from that release).
/// </summary>
internal static class PreviousReleaseDatabase
{
    public const string Dump = "quizbot-20261122020000_UpdateInbox.sql";

    public static async Task CreateAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await LoadAsync(connection);
    }

    public static async Task LoadAsync(SqliteConnection connection)
    {
        await using var stream = typeof(PreviousReleaseDatabase).Assembly.GetManifestResourceStream($"QuizBot.Tests.{Dump}")
            ?? throw new InvalidOperationException($"{Dump} is not embedded in the test assembly");
        using var reader = new StreamReader(stream);
        var sql = await reader.ReadToEndAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
