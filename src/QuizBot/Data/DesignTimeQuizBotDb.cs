using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace QuizBot.Data;

/// <summary>
/// How <c>dotnet ef</c> creates the context: without it the tool would run Program and build the whole service
/// (configuration, question bank, transports) only to read the model. <c>migrations add</c> never opens the
/// database; the throwaway file is only for commands that do. Real databases are upgraded by
/// <c>quizbot migrate</c> or at start, never by <c>dotnet ef database update</c>.
/// </summary>
internal sealed class DesignTimeQuizBotDb : IDesignTimeDbContextFactory<QuizBotDb>
{
    public QuizBotDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<QuizBotDb>()
        .UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), "quizbot-design-time.db")}")
        .Options);
}

/// <summary>
/// The PostgreSQL context for <c>dotnet ef migrations add Name --context PostgresQuizBotDb --output-dir
/// Data/Migrations/Postgres</c>; the connection string is never opened by that command.
/// </summary>
internal sealed class DesignTimePostgresQuizBotDb : IDesignTimeDbContextFactory<PostgresQuizBotDb>
{
    public PostgresQuizBotDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgresQuizBotDb>()
        .UseNpgsql("Host=localhost;Database=quizbot_design_time")
        .Options);
}
