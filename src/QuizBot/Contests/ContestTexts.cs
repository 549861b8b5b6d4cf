using System.Globalization;
using QuizBot.QuestionBank;

namespace QuizBot.Contests;

/// <summary>
/// What the bot says about a round's results, in Vietnamese (the default) and English. Arguments are already
/// HTML-escaped by the caller; these strings only add b tags. Prize names are also the "Giải" column of the exports,
/// which are always Vietnamese.
/// </summary>
public sealed class ContestTexts
{
    public static readonly ContestTexts Vi = new()
    {
        Language = Languages.Vietnamese,
        Culture = CultureInfo.GetCultureInfo("vi"),
        ResultsTitle = title => $"🏆 <b>Kết quả {title}</b>",
        ContestantCount = n => $"{n} người dự thi",
        NoContestants = "Chưa có ai nộp bài.",
        RankingHeader = "<b>Bảng xếp hạng</b>",
        MoreContestants = n => $"… và {n} người nữa",
        UnitsHeader = "<b>Theo đơn vị</b>",
        UnitLine = (unit, participants, members, rate, mean, best) =>
            $"{unit}: {participants}{(members is { } m ? $"/{m}" : "")} người{(rate is null ? "" : $" ({rate})")}" +
            (mean is null ? "" : $", TB {mean}, cao nhất {best}"),
        MoreUnits = n => $"… và {n} đơn vị nữa",
        PrizesHeader = "<b>Giải thưởng</b>",
        PrizeName = prize => prize switch
        {
            Prize.First => "Giải Nhất",
            Prize.Second => "Giải Nhì",
            Prize.Third => "Giải Ba",
            Prize.Consolation => "Giải Khuyến khích",
            _ => "",
        },
    };

    public static readonly ContestTexts En = new()
    {
        Language = Languages.English,
        Culture = CultureInfo.GetCultureInfo("en"),
        ResultsTitle = title => $"🏆 <b>Results of {title}</b>",
        ContestantCount = n => n == 1 ? "1 contestant" : $"{n} contestants",
        NoContestants = "Nobody has submitted yet.",
        RankingHeader = "<b>Ranking</b>",
        MoreContestants = n => $"… and {n} more",
        UnitsHeader = "<b>By unit</b>",
        UnitLine = (unit, participants, members, rate, mean, best) =>
            $"{unit}: {participants}{(members is { } m ? $"/{m}" : "")} took part{(rate is null ? "" : $" ({rate})")}" +
            (mean is null ? "" : $", mean {mean}, best {best}"),
        MoreUnits = n => n == 1 ? "… and 1 more unit" : $"… and {n} more units",
        PrizesHeader = "<b>Prizes</b>",
        PrizeName = prize => prize switch
        {
            Prize.First => "First prize",
            Prize.Second => "Second prize",
            Prize.Third => "Third prize",
            Prize.Consolation => "Consolation prize",
            _ => "",
        },
    };

    public static ContestTexts For(string language) => language == Languages.English ? En : Vi;

    public required string Language { get; init; }
    public required CultureInfo Culture { get; init; }
    public required Func<string, string> ResultsTitle { get; init; }
    public required Func<int, string> ContestantCount { get; init; }
    public required string NoContestants { get; init; }
    public required string RankingHeader { get; init; }
    public required Func<int, string> MoreContestants { get; init; }
    public required string UnitsHeader { get; init; }

    /// <summary>
    /// unit, participants, members (null when none are on record), rate ("50%", or null), mean and best score (null
    /// when nobody took part).
    /// </summary>
    public required Func<string, int, int?, string?, string?, string?, string> UnitLine { get; init; }

    public required Func<int, string> MoreUnits { get; init; }
    public required string PrizesHeader { get; init; }
    public required Func<Prize, string> PrizeName { get; init; }
}
