using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace QuizBot.Data;

/// <summary>
/// The database on PostgreSQL (<c>Database:Provider=Postgres</c>): the model of <see cref="QuizBotDb"/>, its own
/// migrations (Data/Migrations/Postgres). Services ask for <see cref="QuizBotDb"/> and get this one.
/// </summary>
public sealed class PostgresQuizBotDb(DbContextOptions<PostgresQuizBotDb> options) : QuizBotDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        base.ConfigureConventions(conventions);
        // Every time we keep is UTC (SQLite stores them as text without a zone); timestamp with time zone takes a
        // time only when it says it is UTC, so one that does not say (read back from a form, built from a date) is.
        conventions.Properties<DateTime>().HaveConversion<UtcTimes>();
    }

    private sealed class UtcTimes() : ValueConverter<DateTime, DateTime>(
        time => time.Kind == DateTimeKind.Utc ? time : DateTime.SpecifyKind(time, DateTimeKind.Utc),
        time => time.Kind == DateTimeKind.Utc ? time : DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
