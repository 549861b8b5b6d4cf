using Microsoft.Data.Sqlite;

namespace QuizBot.QuestionBank;

/// <summary>
/// Reads the bank folder from the moment the service is being built, so a large bank is parsed while the host
/// starts and the database migrates rather than after. It parses only when the files differ from what the
/// database says it last loaded; the first sync takes the result, every later sync reads afresh. Purely a head
/// start: whatever it could not tell or read, the sync does itself.
/// </summary>
public sealed class BankPrefetch
{
    private (Task<string> Digest, Task<BankFiles?> Files)? reading;

    public BankPrefetch(string folder, string connectionString)
    {
        Folder = folder;
        // A missing folder is left to the sync step, which names the setting.
        if (!Directory.Exists(folder)) return;
        var digest = Task.Run(() => BankSync.Digest(folder));
        var files = digest.ContinueWith(
            d => d.Result == StoredDigest(connectionString) ? null : BankFiles.Of(d.Result, BankLoader.Load(folder)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        files.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        reading = (digest, files);
    }

    public string Folder { get; }

    /// <summary>The reading begun at start, once, and only for <paramref name="folder"/>; its files are null where it did not parse.</summary>
    public (Task<string> Digest, Task<BankFiles?> Files)? Take(string folder)
    {
        var taken = reading;
        reading = null;
        return folder == Folder ? taken : null;
    }

    /// <summary>The digest of the last sync, read before migrations run: null for a new or older database.</summary>
    private static string? StoredDigest(string connectionString)
    {
        try
        {
            var csb = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly };
            using var connection = new SqliteConnection(csb.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Value FROM TransportStates WHERE Key = $key";
            command.Parameters.AddWithValue("$key", BankSync.DigestKey);
            return command.ExecuteScalar() as string;
        }
        catch (SqliteException)
        {
            return null;
        }
    }
}
