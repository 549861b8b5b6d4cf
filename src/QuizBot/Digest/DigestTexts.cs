using QuizBot.Data;
using QuizBot.Leaderboards;
using QuizBot.QuestionBank;

namespace QuizBot.Digest;

/// <summary>What the weekly digest says, in Vietnamese (the default, and the groups') and English. Names are escaped by the caller.</summary>
public sealed class DigestTexts
{
    public required Func<string, string, string> GroupHeading { get; init; }
    public required string UnitsHeading { get; init; }
    public required string PeopleHeading { get; init; }
    public required string ImprovedHeading { get; init; }
    /// <summary>Name, correct answers the week before, correct answers this week.</summary>
    public required Func<string, int, int, string> ImprovedLine { get; init; }
    public required string NoneImproved { get; init; }
    public required string Empty { get; init; }
    public required Func<string, string> ChartTitle { get; init; }
    public required string ChartAxis { get; init; }
    public required Func<string, string, string> ChartCaption { get; init; }
    public required Func<string, string> OrganizerHeading { get; init; }
    /// <summary>How many of how many sub-units are under 50 %.</summary>
    public required Func<int, int, string> OrganizerSummary { get; init; }
    public required string NoMembers { get; init; }
    public required string Flag { get; init; }

    public static DigestTexts For(string language) => language == Languages.English ? English : Vietnamese;

    public static readonly DigestTexts Vietnamese = new()
    {
        GroupHeading = (unit, week) => $"📊 <b>Bản tin tuần — {unit}</b>\n{week}",
        UnitsHeading = "<b>Đơn vị dẫn đầu</b>",
        PeopleHeading = "<b>Cá nhân dẫn đầu</b>",
        ImprovedHeading = "<b>Tiến bộ nhất tuần</b> (số câu đúng so với tuần trước)",
        ImprovedLine = (name, before, now) => $"🚀 {name}: {before} → {now} (+{now - before})",
        NoneImproved = "Tuần này chưa có ai trả lời đúng nhiều hơn tuần trước.",
        Empty = "Tuần qua chưa có ai trả lời câu hỏi.",
        ChartTitle = unit => $"Tỷ lệ tham gia tuần qua — {unit}",
        ChartAxis = "Tỷ lệ tham gia (%)",
        ChartCaption = (unit, week) => $"Tỷ lệ tham gia theo đơn vị — <b>{unit}</b>, {week}",
        OrganizerHeading = week => $"📋 <b>Tỷ lệ tham gia theo đơn vị</b>\n{week}\n⚠️: dưới 50 %",
        OrganizerSummary = (flagged, total) => $"{flagged}/{total} đơn vị dưới 50 %.",
        NoMembers = "chưa có đảng viên",
        Flag = "⚠️",
    };

    public static readonly DigestTexts English = new()
    {
        GroupHeading = (unit, week) => $"📊 <b>Weekly digest — {unit}</b>\n{week}",
        UnitsHeading = "<b>Leading units</b>",
        PeopleHeading = "<b>Leading people</b>",
        ImprovedHeading = "<b>Most improved</b> (correct answers against the week before)",
        ImprovedLine = (name, before, now) => $"🚀 {name}: {before} → {now} (+{now - before})",
        NoneImproved = "Nobody answered more questions right than the week before.",
        Empty = "Nobody answered a question last week.",
        ChartTitle = unit => $"Participation last week — {unit}",
        ChartAxis = "Participation (%)",
        ChartCaption = (unit, week) => $"Participation per unit — <b>{unit}</b>, {week}",
        OrganizerHeading = week => $"📋 <b>Participation per unit</b>\n{week}\n⚠️: under 50 %",
        OrganizerSummary = (flagged, total) => $"{flagged} of {total} units under 50 %.",
        NoMembers = "no members",
        Flag = "⚠️",
    };

    /// <summary>The week's line, as the leaderboards write it.</summary>
    public static string Week(string language, PeriodKey week) => LeaderboardTexts.For(language).PeriodLine(week);
}
