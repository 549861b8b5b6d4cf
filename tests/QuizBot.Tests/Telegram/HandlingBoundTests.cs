using QuizBot.Data;
using QuizBot.Telegram;

namespace QuizBot.Tests.Telegram;

/// <summary>On PostgreSQL each update being handled holds a pooled connection: at most half the pool handle updates at once.</summary>
public sealed class HandlingBoundTests
{
    [Theory]
    [InlineData("Host=db;Username=quizbot", 50)]
    [InlineData("Host=db;Username=quizbot;Maximum Pool Size=300", 150)]
    [InlineData("Host=db;Username=quizbot;Maximum Pool Size=600", TelegramUpdatePipeline.MaxHandling)]
    [InlineData("Host=db;Username=quizbot;Maximum Pool Size=5", 4)]
    public void Half_a_PostgreSQL_pool_handles_updates_at_once(string connectionString, int bound) =>
        Assert.Equal(bound, TelegramUpdatePipeline.HandlingBound(new DatabaseSettings(DatabaseProvider.Postgres, connectionString)));

    [Fact]
    public void SQLite_handles_up_to_the_general_bound() =>
        Assert.Equal(TelegramUpdatePipeline.MaxHandling, TelegramUpdatePipeline.HandlingBound(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=x.db")));
}
