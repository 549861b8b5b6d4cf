using QuizBot.Data;
using QuizBot.QuestionBank;

namespace QuizBot.Leaderboards;

/// <summary>What the leaderboards say, in Vietnamese (the default) and English. Names are escaped by the caller.</summary>
public sealed class LeaderboardTexts
{
    public required Func<BoardKind, string> KindButton { get; init; }
    public required Func<BoardScope, string> ScopeButton { get; init; }
    public required Func<BoardPeriod, string> PeriodButton { get; init; }
    public required Func<BoardKind, BoardScope, string, string> Heading { get; init; }
    public required Func<PeriodKey, string> PeriodLine { get; init; }
    /// <summary>The column headings, separated by '|'.</summary>
    public required string PeopleColumns { get; init; }
    public required string UnitColumns { get; init; }
    public required string UnitLegend { get; init; }
    public required string Empty { get; init; }
    public required string NotYet { get; init; }
    public required string NeedRegistration { get; init; }
    public required string Usage { get; init; }
    public required string Description { get; init; }

    /// <summary>A round's board: heading (code, escaped title), columns, and what is said when there is none.</summary>
    public required Func<string, string, string> RoundHeading { get; init; }
    public required string RoundPeopleColumns { get; init; }
    public required string RoundUnitColumns { get; init; }
    public required string RoundUnitLegend { get; init; }
    public required string RoundEmpty { get; init; }
    public required string NotInRound { get; init; }
    public required Func<string, string> RoundButton { get; init; }
    public required string BackButton { get; init; }
    public required Func<string, string> NoRound { get; init; }
    public required Func<string, string> RoundNotOut { get; init; }

    public static LeaderboardTexts For(string language) => language == Languages.English ? English : Vietnamese;

    private static string Days(PeriodKey p) => $"{p.Start:dd/MM}–{p.Start.AddDays(6):dd/MM/yyyy}";

    public static readonly LeaderboardTexts Vietnamese = new()
    {
        KindButton = k => k == BoardKind.People ? "Cá nhân" : "Đơn vị",
        ScopeButton = s => s switch
        {
            BoardScope.Cell => "Chi bộ", BoardScope.Commune => "Xã", BoardScope.District => "Huyện", BoardScope.Province => "Tỉnh", _ => "Tất cả",
        },
        PeriodButton = p => p switch { BoardPeriod.Week => "Tuần này", BoardPeriod.Month => "Tháng này", _ => "Mọi lúc" },
        Heading = (kind, scope, name) =>
            $"🏆 <b>Bảng xếp hạng {(kind == BoardKind.People ? "cá nhân" : "đơn vị")}</b> — " +
            (scope == BoardScope.All ? "toàn bộ" : scope == BoardScope.District ? $"huyện (cũ) {name}" : name),
        PeriodLine = p => p.Period switch
        {
            BoardPeriod.Week => $"Tuần {Days(p)}", BoardPeriod.Month => $"Tháng {p.Start:MM/yyyy}", _ => "Từ trước đến nay",
        },
        PeopleColumns = "Họ tên|Đúng|Câu",
        UnitColumns = "Đơn vị|TG/ĐV|%|TB|Điểm",
        UnitLegend = "TG/ĐV: người tham gia / đảng viên · %: tỷ lệ tham gia · TB: số câu đúng bình quân mỗi người tham gia · Điểm: tổng số câu đúng.",
        Empty = "Chưa có ai trả lời câu hỏi trong kỳ này.",
        NotYet = "bạn chưa trả lời",
        NeedRegistration = "Bạn chưa đăng ký. Gõ /start để chọn đơn vị của mình.",
        Usage = "Cách dùng: <code>/leaderboard [chi-bo|xa|huyen|tinh|tat-ca] [tuan|thang|tat-ca]</code>, ví dụ <code>/leaderboard xa tuan</code>; " +
            "bảng của một vòng thi: <code>/leaderboard MÃ-VÒNG</code>.",
        Description = "Bảng xếp hạng: /leaderboard [phạm vi] [kỳ] hoặc /leaderboard MÃ-VÒNG",
        RoundHeading = (code, title) => $"🏁 <b>Kết quả vòng thi {code}</b> — {title}",
        RoundPeopleColumns = "Họ tên|Điểm|Giây",
        RoundUnitColumns = "Đơn vị|TG/ĐV|%|TB",
        RoundUnitLegend = "TG/ĐV: người dự thi / đảng viên đã đăng ký · %: tỷ lệ tham gia · TB: điểm bình quân.",
        RoundEmpty = "Không ai làm bài vòng thi này.",
        NotInRound = "bạn không dự vòng này",
        RoundButton = code => $"🏁 Vòng {code}",
        BackButton = "⬅ Bảng xếp hạng",
        NoRound = code => $"Không có vòng thi mã <b>{code}</b>.",
        RoundNotOut = code => $"Kết quả vòng thi <b>{code}</b> chưa công bố: bảng của vòng có khi vòng đóng (vòng tự luận: khi ban tổ chức chốt điểm).",
    };

    public static readonly LeaderboardTexts English = new()
    {
        KindButton = k => k == BoardKind.People ? "People" : "Units",
        ScopeButton = s => s switch
        {
            BoardScope.Cell => "Cell", BoardScope.Commune => "Commune", BoardScope.District => "District", BoardScope.Province => "Province", _ => "All",
        },
        PeriodButton = p => p switch { BoardPeriod.Week => "This week", BoardPeriod.Month => "This month", _ => "All time" },
        Heading = (kind, scope, name) =>
            $"🏆 <b>{(kind == BoardKind.People ? "People" : "Units")} leaderboard</b> — " +
            (scope == BoardScope.All ? "everyone" : scope == BoardScope.District ? $"former district {name}" : name),
        PeriodLine = p => p.Period switch
        {
            BoardPeriod.Week => $"Week {Days(p)}", BoardPeriod.Month => $"Month {p.Start:MM/yyyy}", _ => "All time",
        },
        PeopleColumns = "Name|Right|Qs",
        UnitColumns = "Unit|In/Mem|%|Mean|Total",
        UnitLegend = "In/Mem: participants / members · %: participation rate · Mean: correct answers per participant · Total: correct answers.",
        Empty = "Nobody has answered a question in this period yet.",
        NotYet = "you have not answered",
        NeedRegistration = "You have not registered yet. Type /start to choose your unit.",
        Usage = "Usage: <code>/leaderboard [cell|commune|district|province|all] [week|month|all]</code>, e.g. <code>/leaderboard commune week</code>; " +
            "a contest round's board: <code>/leaderboard ROUNDCODE</code>.",
        Description = "Leaderboards: /leaderboard [scope] [period] or /leaderboard ROUNDCODE",
        RoundHeading = (code, title) => $"🏁 <b>Results of round {code}</b> — {title}",
        RoundPeopleColumns = "Name|Score|Secs",
        RoundUnitColumns = "Unit|In/Mem|%|Mean",
        RoundUnitLegend = "In/Mem: contestants / registered members · %: participation rate · Mean: mean score.",
        RoundEmpty = "Nobody took this round.",
        NotInRound = "you did not take part",
        RoundButton = code => $"🏁 Round {code}",
        BackButton = "⬅ Leaderboards",
        NoRound = code => $"There is no round with code <b>{code}</b>.",
        RoundNotOut = code => $"The results of round <b>{code}</b> are not out yet: its board comes with the close (a judged round's when the organizer finalises it).",
    };
}
