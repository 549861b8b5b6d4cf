using Microsoft.Data.Sqlite;
using QuizBot.QuestionBank;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.QuestionBank;

public sealed class BankPrefetchTests
{
    [Fact]
    public async Task A_new_database_gets_the_bank_parsed_ahead_once_and_only_for_its_own_folder()
    {
        using var bank = new TestBank();
        var prefetch = new BankPrefetch(bank.Folder, $"Data Source={Path.Combine(bank.Folder, "none.db")}");

        Assert.Null(prefetch.Take(bank.Folder + "-elsewhere"));
        Assert.Null(prefetch.Take(bank.Folder));

        var again = new BankPrefetch(bank.Folder, $"Data Source={Path.Combine(bank.Folder, "none.db")}");
        var (digest, files) = again.Take(bank.Folder)!.Value;
        var read = await files;
        Assert.Equal(BankSync.Digest(bank.Folder), await digest);
        Assert.Equal(BankLoader.Load(bank.Folder).Questions.Select(q => q.Id), read!.Bank.Questions.Select(q => q.Id));
        Assert.Equal(read.Bank.Questions.Select(BankSync.Hash), read.Hashes);
        Assert.Null(again.Take(bank.Folder));
    }

    [Fact]
    public async Task An_unchanged_bank_is_not_parsed()
    {
        using var bank = new TestBank();
        var database = Path.Combine(bank.Folder, "quizbot.db");
        using (var connection = new SqliteConnection($"Data Source={database}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE TransportStates (Key TEXT PRIMARY KEY, Value TEXT NOT NULL); INSERT INTO TransportStates VALUES ('bank:digest', $digest)";
            command.Parameters.AddWithValue("$digest", BankSync.Digest(bank.Folder));
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var (_, files) = new BankPrefetch(bank.Folder, $"Data Source={database}").Take(bank.Folder)!.Value;

        Assert.Null(await files);
    }
}
