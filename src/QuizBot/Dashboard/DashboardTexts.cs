using QuizBot.Contests;
using QuizBot.Data;
using QuizBot.Leaderboards;
using QuizBot.QuestionBank;

namespace QuizBot.Dashboard;

/// <summary>What the public dashboard says, in Vietnamese (the default) and English. Plain text: the pages escape it.</summary>
public sealed class DashboardTexts
{
    public required string Language { get; init; }
    public required string SiteTitle { get; init; }
    public required string OtherLanguage { get; init; }
    public required string OtherLanguageName { get; init; }
    public required string Everyone { get; init; }
    public required string Levels { get; init; }
    public required string PeriodsLabel { get; init; }
    public required Func<BoardPeriod, string> Period { get; init; }
    public required Func<PeriodKey, string> PeriodLine { get; init; }
    public required Func<string, string> UnitsCaption { get; init; }
    public required Func<string, string> PeopleCaption { get; init; }
    public required string SkipToContent { get; init; }
    public required string BoardTitle { get; init; }
    public required string Units { get; init; }
    public required string People { get; init; }
    public required string Rank { get; init; }
    public required string Unit { get; init; }
    public required string Name { get; init; }
    public required string Participants { get; init; }
    public required string Members { get; init; }
    public required string Rate { get; init; }
    public required string Mean { get; init; }
    public required string Total { get; init; }
    public required string Correct { get; init; }
    public required string Answers { get; init; }
    public required string UnitLegend { get; init; }
    public required string ChartTitle { get; init; }
    public required Func<string, string, string> ChartBar { get; init; }
    public required string NoRate { get; init; }
    public required string NobodyYet { get; init; }
    public required string RoundsHeading { get; init; }
    public required string NoRounds { get; init; }
    public required string BackToBoards { get; init; }
    public required Func<string, string> RoundTitle { get; init; }
    public required Func<RoundStatus, string> RoundStatusName { get; init; }
    public required string ResultsAfterClose { get; init; }
    public required Func<int, string> ContestantCount { get; init; }
    public required string RankingCaption { get; init; }
    public required string UnitsResultsCaption { get; init; }
    public required string Score { get; init; }
    public required string Best { get; init; }
    public required string Prize { get; init; }
    public required Func<int, int, string> FirstOf { get; init; }
    public required string NotFound { get; init; }
    public ContestTexts Contest => Language == Languages.English ? ContestTexts.En : ContestTexts.Vi;

    public static DashboardTexts For(string? lang) => lang == Languages.English ? English : Vietnamese;

    private static string Days(PeriodKey p) => $"{p.Start:dd/MM}–{p.Start.AddDays(6):dd/MM/yyyy}";

    public static readonly DashboardTexts Vietnamese = new()
    {
        Language = Languages.Vietnamese,
        SiteTitle = "Bảng xếp hạng — Bí thư chi bộ giỏi",
        OtherLanguage = Languages.English,
        OtherLanguageName = "English",
        Everyone = "Toàn bộ",
        Levels = "Cấp đơn vị",
        PeriodsLabel = "Kỳ",
        Period = p => p switch { BoardPeriod.Week => "Tuần này", BoardPeriod.Month => "Tháng này", _ => "Từ trước đến nay" },
        PeriodLine = p => p.Period switch
        {
            BoardPeriod.Week => $"Tuần {Days(p)}", BoardPeriod.Month => $"Tháng {p.Start:MM/yyyy}", _ => "Từ trước đến nay",
        },
        UnitsCaption = scope => $"Xếp hạng các đơn vị trực thuộc {scope}",
        PeopleCaption = scope => $"Xếp hạng cá nhân — {scope} (10 người dẫn đầu)",
        SkipToContent = "Đến nội dung chính",
        BoardTitle = "Bảng xếp hạng",
        Units = "Đơn vị",
        People = "Cá nhân",
        Rank = "Hạng",
        Unit = "Đơn vị",
        Name = "Họ tên",
        Participants = "Người tham gia",
        Members = "Đảng viên",
        Rate = "Tỷ lệ tham gia",
        Mean = "Đúng bình quân",
        Total = "Tổng số câu đúng",
        Correct = "Số câu đúng",
        Answers = "Số câu đã trả lời",
        UnitLegend = "Đảng viên: số đảng viên của đơn vị theo danh sách, nếu không có thì số người đã đăng ký. Đúng bình quân: số câu đúng mỗi người tham gia.",
        ChartTitle = "Tỷ lệ tham gia theo đơn vị",
        ChartBar = (unit, rate) => $"{unit}: {rate}",
        NoRate = "không có số đảng viên",
        NobodyYet = "Chưa có ai trả lời câu hỏi trong kỳ này.",
        RoundsHeading = "Kết quả các vòng thi",
        NoRounds = "Chưa có vòng thi nào kết thúc.",
        BackToBoards = "← Bảng xếp hạng",
        RoundTitle = title => $"Kết quả {title}",
        RoundStatusName = s => s switch
        {
            RoundStatus.Scheduled => "Sắp mở", RoundStatus.Open => "Đang diễn ra", RoundStatus.Closed => "Đã kết thúc", _ => "Đã công bố kết quả",
        },
        ResultsAfterClose = "Kết quả sẽ được công bố sau khi vòng thi kết thúc.",
        ContestantCount = n => $"{n} người dự thi",
        RankingCaption = "Bảng xếp hạng cá nhân",
        UnitsResultsCaption = "Kết quả theo đơn vị",
        Score = "Điểm",
        Best = "Điểm cao nhất",
        Prize = "Giải",
        FirstOf = (shown, all) => $"Hiển thị {shown} người đứng đầu trong số {all}.",
        NotFound = "Không tìm thấy trang này.",
    };

    public static readonly DashboardTexts English = new()
    {
        Language = Languages.English,
        SiteTitle = "Leaderboards — Excellent Party-Cell Secretary",
        OtherLanguage = Languages.Vietnamese,
        OtherLanguageName = "Tiếng Việt",
        Everyone = "Everyone",
        Levels = "Unit levels",
        PeriodsLabel = "Period",
        Period = p => p switch { BoardPeriod.Week => "This week", BoardPeriod.Month => "This month", _ => "All time" },
        PeriodLine = p => p.Period switch
        {
            BoardPeriod.Week => $"Week {Days(p)}", BoardPeriod.Month => $"Month {p.Start:MM/yyyy}", _ => "All time",
        },
        UnitsCaption = scope => $"Units under {scope}, ranked",
        PeopleCaption = scope => $"People — {scope} (top 10)",
        SkipToContent = "Skip to content",
        BoardTitle = "Leaderboards",
        Units = "Units",
        People = "People",
        Rank = "Rank",
        Unit = "Unit",
        Name = "Name",
        Participants = "Participants",
        Members = "Members",
        Rate = "Participation",
        Mean = "Mean correct",
        Total = "Total correct",
        Correct = "Correct",
        Answers = "Answered",
        UnitLegend = "Members: the unit's party membership where it is on record, else the people registered. Mean correct: correct answers per participant.",
        ChartTitle = "Participation rate per unit",
        ChartBar = (unit, rate) => $"{unit}: {rate}",
        NoRate = "no member count",
        NobodyYet = "Nobody has answered a question in this period yet.",
        RoundsHeading = "Round results",
        NoRounds = "No round has closed yet.",
        BackToBoards = "← Leaderboards",
        RoundTitle = title => $"Results of {title}",
        RoundStatusName = s => s switch
        {
            RoundStatus.Scheduled => "Scheduled", RoundStatus.Open => "Open", RoundStatus.Closed => "Closed", _ => "Results published",
        },
        ResultsAfterClose = "Results are published after the round closes.",
        ContestantCount = n => n == 1 ? "1 contestant" : $"{n} contestants",
        RankingCaption = "Ranking",
        UnitsResultsCaption = "Results by unit",
        Score = "Score",
        Best = "Best score",
        Prize = "Prize",
        FirstOf = (shown, all) => $"Showing the first {shown} of {all}.",
        NotFound = "This page does not exist.",
    };
}
