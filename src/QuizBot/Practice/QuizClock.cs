using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace QuizBot.Practice;

public sealed class QuizOptions
{
    /// <summary>The time zone of "today": streaks, daily counts, rounds and leaderboard weeks.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";

    [Range(10, 600)]
    public int SecondsPerQuestion { get; set; } = 60;

    [Range(1, 50)]
    public int DefaultPracticeSize { get; set; } = 10;

    [Range(1, 50)]
    public int MaxPracticeSize { get; set; } = 50;

    /// <summary>FSRS's target recall: a review falls due when the chance of remembering drops to this.</summary>
    public double DesiredRetention { get; set; } = QuizBot.Learning.Fsrs.DefaultDesiredRetention;
}

/// <summary>"Today" in the contest's time zone; every stored time stays UTC.</summary>
public sealed class QuizClock(TimeProvider clock, IOptions<QuizOptions> options)
{
    private readonly TimeZoneInfo zone = FindZone(options.Value.TimeZone);

    public DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(UtcNow, zone));

    public TimeOnly LocalTimeOfDay() => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(UtcNow, zone));

    public TimeZoneInfo Zone => zone;

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    public DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);

    /// <summary>"20:00 05/12/2026" in local time, as rounds show their times.</summary>
    public string Show(DateTime utc) => ToLocal(utc).ToString("HH:mm dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone));

    /// <summary>The UTC instant at which today began in the contest's time zone.</summary>
    public DateTime StartOfToday() => TimeZoneInfo.ConvertTimeToUtc(Today().ToDateTime(TimeOnly.MinValue), zone);

    public static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : throw new StartupException($"Quiz:TimeZone: unknown time zone '{id}' (for Vietnam use 'Asia/Ho_Chi_Minh')");
}
