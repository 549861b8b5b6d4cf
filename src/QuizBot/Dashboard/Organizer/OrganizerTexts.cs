using QuizBot.QuestionBank;

namespace QuizBot.Dashboard.Organizer;

/// <summary>What the organizer pages and the /dashboard link say, in Vietnamese (the default) and English. Plain text: the pages escape it.</summary>
public sealed class OrganizerTexts
{
    public required string Language { get; init; }
    public required string OtherLanguage { get; init; }
    public DashboardTexts Board => DashboardTexts.For(Language);

    // The link in chat (HTML: the link arrives escaped).
    public required Func<string, string, string> LinkMessage { get; init; }
    public required string LinkInPrivateOnly { get; init; }

    // Sessions and login.
    public required string NoSessionTitle { get; init; }
    public required string NoSession { get; init; }
    public required string NotOrganizerTitle { get; init; }
    public required string NotOrganizer { get; init; }
    public required string HowToLogIn { get; init; }
    public required string ConfirmTitle { get; init; }
    public required Func<string, string> ConfirmAs { get; init; }
    public required string ConfirmButton { get; init; }
    public required string ConfirmNote { get; init; }
    public required string FormExpiredTitle { get; init; }
    public required string FormExpired { get; init; }
    public required string LinkExpiredTitle { get; init; }
    public required string LinkExpired { get; init; }
    public required string LinkUsedTitle { get; init; }
    public required string LinkUsed { get; init; }
    public required string LinkUnknownTitle { get; init; }
    public required string LinkUnknown { get; init; }
    public required string LinkMalformedTitle { get; init; }
    public required string LinkMalformed { get; init; }
    public required string SignedOutTitle { get; init; }
    public required string SignedOut { get; init; }

    // The frame.
    public required string MenuLabel { get; init; }
    public required string MenuRounds { get; init; }
    public required string MenuNewRound { get; init; }
    public required string MenuParticipation { get; init; }
    public required string MenuBank { get; init; }
    public required Func<string, string> SignedInAs { get; init; }
    public required string SignOut { get; init; }

    // Rounds.
    public required string RoundsTitle { get; init; }
    public required string RoundsCaption { get; init; }
    public required string NoRoundsYet { get; init; }
    public required Func<string, string> RoundCreated { get; init; }
    public required Func<int, string> NewestOnly { get; init; }
    public required string Code { get; init; }
    public required string RoundTitle { get; init; }
    public required string Scope { get; init; }
    public required string Status { get; init; }
    public required string Opens { get; init; }
    public required string Closes { get; init; }
    public required string Participants { get; init; }
    public required string Results { get; init; }
    public required string ResultsPage { get; init; }
    public required string Csv { get; init; }
    public required string Excel { get; init; }
    public required string ResultsLaterTitle { get; init; }
    public required string ResultsLater { get; init; }
    public required string BadFormatTitle { get; init; }
    public required string BadFormat { get; init; }
    public required string NoSuchRoundTitle { get; init; }
    public required Func<string, string> NoSuchRound { get; init; }
    public required string NotYourRoundTitle { get; init; }
    public required Func<string, string> NotYourRound { get; init; }

    // The new round form.
    public required string NewRoundTitle { get; init; }
    public required string FormProblems { get; init; }
    public required string NothingCreated { get; init; }
    public required string CodeHint { get; init; }
    public required string TitleHint { get; init; }
    public required string ScopeHint { get; init; }
    public required string Mode { get; init; }
    public required string ModeHint { get; init; }
    public required string ModeSelfPaced { get; init; }
    public required string ModeJudged { get; init; }
    public required string ModeLive { get; init; }
    public required string Streak { get; init; }
    public required string StreakHint { get; init; }
    public required string StreakNo { get; init; }
    public required string StreakYes { get; init; }
    public required string Questions { get; init; }
    public required Func<string, string> QuestionsHint { get; init; }
    public required Func<string, int, bool, string> TopicCount { get; init; }
    public required string Seconds { get; init; }
    public required string SecondsHint { get; init; }
    public required string TimeHint { get; init; }
    public required string Attempts { get; init; }
    public required string AttemptsHint { get; init; }
    public required string Prediction { get; init; }
    public required string PredictionHint { get; init; }
    public required string PredictionNone { get; init; }
    public required string PredictionParticipants { get; init; }
    public required string PredictionFullMarks { get; init; }
    public required string Prizes { get; init; }
    public required string PrizesHint { get; init; }
    public required string TieBreaks { get; init; }
    public required string TieBreaksHint { get; init; }
    public required string CreateRound { get; init; }

    // Participation.
    public required string ParticipationTitle { get; init; }
    public required Func<string, string> ParticipationCaption { get; init; }
    public required Func<int, int, string> FlaggedSummary { get; init; }
    public required string DownloadParticipation { get; init; }
    public required string Unit { get; init; }
    public required string Members { get; init; }
    public required string Rate { get; init; }
    public required string Flag { get; init; }
    public required string UnderHalf { get; init; }
    public required string AtLeastHalf { get; init; }
    public required string NoUnits { get; init; }

    // The question bank.
    public required string BankTitle { get; init; }
    public required string TopicsLabel { get; init; }
    public required string NoSuchTopic { get; init; }
    public required Func<int, string> AnalysisLegend { get; init; }
    public required Func<string, int, string> QuestionsCaption { get; init; }
    public required string QuestionId { get; init; }
    public required string QuestionText { get; init; }
    public required string TypeColumn { get; init; }
    public required string Difficulty { get; init; }
    public required string StatusColumn { get; init; }
    public required string Validity { get; init; }
    public required string AlwaysValid { get; init; }
    public required string AttemptsCount { get; init; }
    public required string Facility { get; init; }
    public required string Discrimination { get; init; }
    public required string Analysis { get; init; }
    public required string NoAnswers { get; init; }
    public required string TooFewAttempts { get; init; }
    public required string ItemFine { get; init; }
    public required Func<ItemFlags, string> FlagNames { get; init; }
    public required Func<QuestionType, string> TypeName { get; init; }
    public required Func<QuestionStatus, string> StatusName { get; init; }
    public required string BankProblems { get; init; }
    public required string BankErrors { get; init; }
    public required string NoBankErrors { get; init; }
    public required string BankWarnings { get; init; }
    public required string NoBankWarnings { get; init; }
    public required string BankLint { get; init; }
    public required string NoBankLint { get; init; }

    public static OrganizerTexts For(string? lang) => lang == Languages.English ? English : Vietnamese;

    private static string Names(ItemFlags flags, Func<ItemFlags, string> name) =>
        string.Join(", ", Enum.GetValues<ItemFlags>().Where(f => f != ItemFlags.None && flags.HasFlag(f)).Select(name));

    public static readonly OrganizerTexts Vietnamese = new()
    {
        Language = Languages.Vietnamese,
        OtherLanguage = Languages.English,
        LinkMessage = (url, until) => $"🔐 Đường dẫn đăng nhập trang quản lý dành cho ban tổ chức (dùng một lần, hết hạn lúc {until}):\n{url}\n\nMở đường dẫn rồi bấm «Đăng nhập». Không chuyển tiếp tin nhắn này cho người khác.",
        LinkInPrivateOnly = "Đường dẫn đăng nhập chỉ được gửi trong cuộc trò chuyện riêng: hãy nhắn /dashboard cho bot.",
        NoSessionTitle = "Cần đăng nhập",
        NoSession = "Trang này dành cho ban tổ chức đã đăng nhập.",
        NotOrganizerTitle = "Không có quyền truy cập",
        NotOrganizer = "Tài khoản này hiện không có quyền ban tổ chức, nên không mở được trang quản lý.",
        HowToLogIn = "Để đăng nhập, hãy gửi lệnh /dashboard cho bot trong Telegram: bot sẽ gửi một đường dẫn đăng nhập dùng một lần, có hiệu lực 10 phút.",
        ConfirmTitle = "Đăng nhập trang quản lý",
        ConfirmAs = name => $"Bạn sắp đăng nhập trang quản lý của ban tổ chức với tên {name}.",
        ConfirmButton = "Đăng nhập",
        ConfirmNote = "Đường dẫn này chỉ dùng được một lần. Phiên đăng nhập kéo dài 8 giờ trên trình duyệt này.",
        FormExpiredTitle = "Biểu mẫu không hợp lệ",
        FormExpired = "Biểu mẫu đã hết hạn hoặc không được gửi từ trang này, nên không có gì thay đổi. Hãy tải lại trang và thử lại.",
        LinkExpiredTitle = "Đường dẫn đã hết hạn",
        LinkExpired = "Đường dẫn đăng nhập này đã quá 10 phút và không còn dùng được.",
        LinkUsedTitle = "Đường dẫn đã được dùng",
        LinkUsed = "Đường dẫn đăng nhập này đã được dùng một lần và không dùng lại được.",
        LinkUnknownTitle = "Đường dẫn không hợp lệ",
        LinkUnknown = "Đường dẫn đăng nhập này không phải do bot gửi, hoặc đã bị sửa.",
        LinkMalformedTitle = "Đường dẫn không đúng",
        LinkMalformed = "Đây không phải là một đường dẫn đăng nhập: thiếu mã đăng nhập hoặc mã bị cắt ngắn.",
        SignedOutTitle = "Đã đăng xuất",
        SignedOut = "Bạn đã đăng xuất khỏi trang quản lý.",
        MenuLabel = "Trang quản lý",
        MenuRounds = "Vòng thi",
        MenuNewRound = "Tạo vòng thi",
        MenuParticipation = "Tỷ lệ tham gia",
        MenuBank = "Ngân hàng câu hỏi",
        SignedInAs = name => $"Đăng nhập: {name}.",
        SignOut = "Đăng xuất",
        RoundsTitle = "Các vòng thi",
        RoundsCaption = "Các vòng thi thuộc phạm vi bạn phụ trách, mới nhất trước",
        NoRoundsYet = "Chưa có vòng thi nào trong phạm vi bạn phụ trách.",
        RoundCreated = code => $"Đã tạo vòng thi {code}.",
        NewestOnly = n => $"Hiển thị {n} vòng thi mới nhất.",
        Code = "Mã",
        RoundTitle = "Tên vòng thi",
        Scope = "Đơn vị tổ chức",
        Status = "Trạng thái",
        Opens = "Mở",
        Closes = "Đóng",
        Participants = "Người dự thi",
        Results = "Kết quả",
        ResultsPage = "Xem kết quả",
        Csv = "CSV",
        Excel = "Excel",
        ResultsLaterTitle = "Chưa có kết quả",
        ResultsLater = "Có kết quả sau khi vòng thi kết thúc.",
        BadFormatTitle = "Yêu cầu không đúng",
        BadFormat = "Chỉ tải được tệp CSV hoặc Excel (xlsx).",
        NoSuchRoundTitle = "Không có vòng thi này",
        NoSuchRound = code => $"Không có vòng thi mã {code}.",
        NotYourRoundTitle = "Không có quyền với vòng thi này",
        NotYourRound = code => $"Vòng thi {code} không thuộc đơn vị bạn phụ trách.",
        NewRoundTitle = "Tạo vòng thi",
        FormProblems = "Biểu mẫu cần sửa",
        NothingCreated = "Chưa tạo vòng thi nào. Sửa các mục trên rồi gửi lại.",
        CodeHint = "2 đến 16 chữ cái A–Z và chữ số; người dự thi gõ /join MÃ.",
        TitleHint = "Tối đa 120 ký tự.",
        ScopeHint = "Đảng viên của đơn vị này (và các đơn vị trực thuộc) được dự thi.",
        Mode = "Hình thức",
        ModeHint = "Trắc nghiệm: mỗi người tự làm bài trong thời gian mở. Trực tiếp: người tổ chức bắt đầu vòng thi, mỗi câu hiện cùng lúc cho mọi người, trả lời đúng càng nhanh càng được nhiều điểm. Tự luận: giám khảo chấm điểm.",
        ModeSelfPaced = "Trắc nghiệm",
        ModeJudged = "Tự luận",
        ModeLive = "Trực tiếp",
        Streak = "Thưởng chuỗi",
        StreakHint = "Chỉ cho vòng thi trực tiếp: +100 điểm cho mỗi câu đúng liên tiếp, tối đa +500.",
        StreakNo = "Không",
        StreakYes = "Có",
        Questions = "Câu hỏi",
        QuestionsHint = topics => $"chủ đề:số câu, … hoặc ids: mã câu, … Các chủ đề: {topics}.",
        TopicCount = (topic, n, text) => $"{topic} ({n}{(text ? " câu tự luận" : " câu")})",
        Seconds = "Số giây mỗi câu",
        SecondsHint = "Từ 10 đến 600.",
        TimeHint = "Giờ Việt Nam, ví dụ 2026-12-05 08:00.",
        Attempts = "Số lần làm bài",
        AttemptsHint = "Từ 1 đến 10.",
        Prediction = "Câu hỏi dự đoán",
        PredictionHint = "Dùng để xếp hạng khi bằng điểm.",
        PredictionNone = "Không có",
        PredictionParticipants = "Số người dự thi",
        PredictionFullMarks = "Số người đạt điểm tối đa",
        Prizes = "Số giải",
        PrizesHint = "Nhất, nhì, ba, khuyến khích: ví dụ 1,2,3,5.",
        TieBreaks = "Thứ tự xếp hạng (không bắt buộc)",
        TieBreaksHint = "Bỏ trống để dùng mặc định: điểm, dự đoán, thời gian, lúc nộp bài.",
        CreateRound = "Tạo vòng thi",
        ParticipationTitle = "Tỷ lệ tham gia theo đơn vị",
        ParticipationCaption = unit => $"Tỷ lệ tham gia các đơn vị trực thuộc {unit}",
        FlaggedSummary = (flagged, all) => $"{flagged}/{all} đơn vị có tỷ lệ tham gia dưới 50 %.",
        DownloadParticipation = "Tải bảng tham gia:",
        Unit = "Đơn vị",
        Members = "Đảng viên",
        Rate = "Tỷ lệ tham gia",
        Flag = "Đánh giá",
        UnderHalf = "Dưới 50 %",
        AtLeastHalf = "Đạt",
        NoUnits = "Bạn chưa được giao phụ trách đơn vị nào.",
        BankTitle = "Ngân hàng câu hỏi",
        TopicsLabel = "Chủ đề",
        NoSuchTopic = "Không có chủ đề này.",
        AnalysisLegend = min => $"Độ khó (facility): tỷ lệ % trả lời đúng. Độ phân biệt (discrimination): tương quan giữa câu này với phần còn lại của lượt luyện tập, tính bằng %. Cần ít nhất {min} lượt trả lời để đánh giá.",
        QuestionsCaption = (topic, n) => $"Câu hỏi đang dùng — {topic} ({n} câu)",
        QuestionId = "Mã câu",
        QuestionText = "Nội dung",
        TypeColumn = "Loại",
        Difficulty = "Mức độ",
        StatusColumn = "Trạng thái",
        Validity = "Hiệu lực",
        AlwaysValid = "Không thời hạn",
        AttemptsCount = "Lượt trả lời",
        Facility = "Độ khó (%)",
        Discrimination = "Độ phân biệt (%)",
        Analysis = "Đánh giá",
        NoAnswers = "Chưa có ai trả lời",
        TooFewAttempts = "Chưa đủ lượt để đánh giá",
        ItemFine = "Tốt",
        FlagNames = flags => Names(flags, f => f switch
        {
            ItemFlags.NegativeDiscrimination => "phân biệt ngược", ItemFlags.TooHard => "quá khó", ItemFlags.TooEasy => "quá dễ", _ => "phân biệt yếu",
        }),
        TypeName = type => type switch
        {
            QuestionType.Single => "Một đáp án", QuestionType.Multi => "Nhiều đáp án", QuestionType.TrueFalse => "Đúng/Sai", _ => "Tự luận",
        },
        StatusName = status => status == QuestionStatus.Reviewed ? "Đã duyệt" : "Bản nháp",
        BankProblems = "Lỗi và góp ý trong tệp ngân hàng câu hỏi",
        BankErrors = "Lỗi (tệp có lỗi không được đưa vào sử dụng)",
        NoBankErrors = "Không có lỗi.",
        BankWarnings = "Cảnh báo",
        NoBankWarnings = "Không có cảnh báo.",
        BankLint = "Góp ý nội dung",
        NoBankLint = "Không có góp ý.",
    };

    public static readonly OrganizerTexts English = new()
    {
        Language = Languages.English,
        OtherLanguage = Languages.Vietnamese,
        LinkMessage = (url, until) => $"🔐 Your login link to the organizers' dashboard (single use, expires at {until}):\n{url}\n\nOpen it and press “Log in”. Do not forward this message to anyone.",
        LinkInPrivateOnly = "Login links are sent in a private chat only: send /dashboard to the bot directly.",
        NoSessionTitle = "Login required",
        NoSession = "This page is for organizers who have logged in.",
        NotOrganizerTitle = "No access",
        NotOrganizer = "This account does not hold the organizer role now, so the organizer pages are closed to it.",
        HowToLogIn = "To log in, send /dashboard to the bot in Telegram: it answers with a single-use login link, valid for 10 minutes.",
        ConfirmTitle = "Log in to the organizer pages",
        ConfirmAs = name => $"You are about to log in to the organizer pages as {name}.",
        ConfirmButton = "Log in",
        ConfirmNote = "This link works once. The session lasts 8 hours in this browser.",
        FormExpiredTitle = "Form not accepted",
        FormExpired = "The form has expired or was not sent from this page, so nothing changed. Reload the page and try again.",
        LinkExpiredTitle = "Link expired",
        LinkExpired = "This login link is more than 10 minutes old and no longer works.",
        LinkUsedTitle = "Link already used",
        LinkUsed = "This login link has been used once and cannot be used again.",
        LinkUnknownTitle = "Invalid link",
        LinkUnknown = "This login link was not sent by the bot, or it was altered.",
        LinkMalformedTitle = "Not a login link",
        LinkMalformed = "This is not a login link: its code is missing or cut short.",
        SignedOutTitle = "Logged out",
        SignedOut = "You have logged out of the organizer pages.",
        MenuLabel = "Organizer pages",
        MenuRounds = "Rounds",
        MenuNewRound = "New round",
        MenuParticipation = "Participation",
        MenuBank = "Question bank",
        SignedInAs = name => $"Logged in: {name}.",
        SignOut = "Log out",
        RoundsTitle = "Rounds",
        RoundsCaption = "Rounds within the units you organize, newest first",
        NoRoundsYet = "No round within the units you organize yet.",
        RoundCreated = code => $"Round {code} created.",
        NewestOnly = n => $"Showing the newest {n} rounds.",
        Code = "Code",
        RoundTitle = "Title",
        Scope = "Unit",
        Status = "Status",
        Opens = "Opens",
        Closes = "Closes",
        Participants = "Contestants",
        Results = "Results",
        ResultsPage = "Results page",
        Csv = "CSV",
        Excel = "Excel",
        ResultsLaterTitle = "No results yet",
        ResultsLater = "Results come once the round closes.",
        BadFormatTitle = "Bad request",
        BadFormat = "Files come as CSV or Excel (xlsx) only.",
        NoSuchRoundTitle = "No such round",
        NoSuchRound = code => $"There is no round {code}.",
        NotYourRoundTitle = "Not your round",
        NotYourRound = code => $"Round {code} is not in a unit you organize.",
        NewRoundTitle = "New round",
        FormProblems = "The form needs fixing",
        NothingCreated = "No round was created. Fix the fields above and send the form again.",
        CodeHint = "2 to 16 letters A–Z and digits; contestants type /join CODE.",
        TitleHint = "At most 120 characters.",
        ScopeHint = "Members of this unit (and the units under it) may take part.",
        Mode = "Mode",
        ModeHint = "Self-paced: everyone takes the quiz in their own time while it is open. Live: the organizer starts the round, each question appears for everyone at once, and a right answer scores more the sooner it comes. Judged: free-text answers scored by judges.",
        ModeSelfPaced = "Self-paced",
        ModeJudged = "Judged",
        ModeLive = "Live",
        Streak = "Streak bonus",
        StreakHint = "Live rounds only: +100 for each consecutive right answer, at most +500.",
        StreakNo = "No",
        StreakYes = "Yes",
        Questions = "Questions",
        QuestionsHint = topics => $"topic:count, … or ids: question id, … Topics: {topics}.",
        TopicCount = (topic, n, text) => $"{topic} ({n}{(text ? " free-text" : "")})",
        Seconds = "Seconds per question",
        SecondsHint = "From 10 to 600.",
        TimeHint = "Vietnam time, e.g. 2026-12-05 08:00.",
        Attempts = "Attempts",
        AttemptsHint = "From 1 to 10.",
        Prediction = "Prediction question",
        PredictionHint = "Breaks ties between equal scores.",
        PredictionNone = "None",
        PredictionParticipants = "Number of contestants",
        PredictionFullMarks = "Number with full marks",
        Prizes = "Prizes",
        PrizesHint = "First, second, third, consolation: e.g. 1,2,3,5.",
        TieBreaks = "Tie-breaks (optional)",
        TieBreaksHint = "Leave empty for the default: score, prediction, time, submission.",
        CreateRound = "Create the round",
        ParticipationTitle = "Participation per unit",
        ParticipationCaption = unit => $"Participation of the units under {unit}",
        FlaggedSummary = (flagged, all) => $"{flagged} of {all} units under 50 % participation.",
        DownloadParticipation = "Download the participation table:",
        Unit = "Unit",
        Members = "Members",
        Rate = "Participation",
        Flag = "Assessment",
        UnderHalf = "Under 50 %",
        AtLeastHalf = "OK",
        NoUnits = "You organize no unit yet.",
        BankTitle = "Question bank",
        TopicsLabel = "Topics",
        NoSuchTopic = "There is no such topic.",
        AnalysisLegend = min => $"Facility: the percentage of answers that were right. Discrimination: the correlation between this question and the rest of the practice session, in %. At least {min} answers are needed for an assessment.",
        QuestionsCaption = (topic, n) => $"Questions in service — {topic} ({n})",
        QuestionId = "Id",
        QuestionText = "Question",
        TypeColumn = "Type",
        Difficulty = "Difficulty",
        StatusColumn = "Status",
        Validity = "Valid",
        AlwaysValid = "No limit",
        AttemptsCount = "Answers",
        Facility = "Facility (%)",
        Discrimination = "Discrimination (%)",
        Analysis = "Assessment",
        NoAnswers = "Not answered yet",
        TooFewAttempts = "Too few answers to judge",
        ItemFine = "Good",
        FlagNames = flags => ItemAnalysis.Describe(flags),
        TypeName = type => type switch
        {
            QuestionType.Single => "Single answer", QuestionType.Multi => "Multiple answers", QuestionType.TrueFalse => "True/false", _ => "Free text",
        },
        StatusName = status => status == QuestionStatus.Reviewed ? "Reviewed" : "Draft",
        BankProblems = "Problems and advice in the bank files",
        BankErrors = "Errors (a file with errors is kept out of service)",
        NoBankErrors = "No errors.",
        BankWarnings = "Warnings",
        NoBankWarnings = "No warnings.",
        BankLint = "Content advice",
        NoBankLint = "No advice.",
    };
}
