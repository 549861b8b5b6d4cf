using System.Globalization;
using Humanizer;
using QuizBot.QuestionBank;

namespace QuizBot.Conversation;

/// <summary>
/// Every sentence the bot says, in Vietnamese (the default) and English. Arguments are already HTML-escaped
/// by the caller; these strings only add b and i tags. Durations are Humanizer's, in either language; English
/// counted nouns are Humanizer's too ("5 questions"), while Vietnamese nouns take no plural.
/// </summary>
public sealed class Texts
{
    public static readonly Texts Vi = new()
    {
        Language = Languages.Vietnamese,
        Culture = CultureInfo.GetCultureInfo("vi"),
        ButtonClosed = "Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.",
        UnknownCommand = c => $"Không có lệnh /{c}. Gõ /help để xem các lệnh.",
        NotAllowed = role => role switch
        {
            Role.Organizer => "Lệnh này dành cho ban tổ chức được giao quyền. Gõ /help để xem các lệnh của bạn.",
            Role.Judge => "Lệnh này dành cho giám khảo được giao quyền. Gõ /help để xem các lệnh của bạn.",
            _ => "Lệnh này chỉ dành cho quản trị viên.",
        },
        FreeTextHint = "Mình chỉ hiểu các lệnh. Gõ /practice để luyện tập hoặc /help để xem hướng dẫn.",
        SomethingWentWrong = "Xin lỗi, đã có lỗi. Bạn thử lại sau ít phút nhé.",
        NeedRegistration = "Bạn chưa đăng ký. Gõ /start để chọn đơn vị của mình.",

        Welcome = "Chào mừng bạn đến với <b>QuizBot</b> — luyện thi Hội thi Bí thư chi bộ giỏi!\n\nTrước hết, hãy chọn đơn vị của bạn:",
        ChooseUnitUnder = path => $"Chọn đơn vị trực thuộc <b>{path}</b>:",
        Back = "⬅️ Quay lại",
        NoUnits = "Chưa có danh sách đơn vị. Xin báo ban tổ chức.",
        ConfirmName = (unit, name) => $"Chi bộ: <b>{unit}</b>\nTên hiển thị: <b>{name}</b>\n\nTên này đúng chưa?",
        UseThisName = "✅ Đúng, dùng tên này",
        TypeAnotherName = "✏️ Nhập tên khác",
        ChooseUnitAgain = "🔁 Chọn lại đơn vị",
        AskName = "Hãy gõ họ và tên của bạn (2–64 ký tự).",
        BadName = "Tên cần dài từ 2 đến 64 ký tự và có chữ cái. Bạn gõ lại nhé.",
        Registered = (name, unit) => $"🎉 Đăng ký xong! Chào <b>{name}</b> — {unit}.\n\nGõ /practice để luyện tập 10 câu, /help để xem các lệnh.",
        AlreadyRegistered = "Bạn đã đăng ký rồi.",
        WelcomeBack = (name, unit, answered, correct) =>
            $"Chào mừng trở lại, <b>{name}</b> ({unit})!\nHôm nay bạn đã trả lời {answered} câu, đúng {correct} câu.\nGõ /practice để luyện tiếp.",
        ResumeNote = (i, n) => $"Bạn đang làm dở bài luyện tập (câu {i}/{n}); câu hiện tại ở ngay bên dưới.",
        RoundNotOpen = code => $"Vòng thi <b>{code}</b> chưa mở hoặc không tồn tại.",

        PracticeUsage = "Cách dùng: <b>/practice [chủ đề] [số câu]</b>, ví dụ <code>/practice charter 5</code>.\nChọn một chủ đề:",
        UnknownTopic = w => $"Không có chủ đề «{w}».",
        BadCount = max => $"Số câu phải từ 1 đến {max}.",
        NoQuestions = "Chưa có câu hỏi nào cho lựa chọn này.",
        MixedTopics = "nhiều chủ đề",
        PracticeStarting = (n, topic, perQuestion) => $"📝 Bắt đầu luyện tập: <b>{n} câu</b>, {topic}. Mỗi câu có {perQuestion}.",
        QuestionHeader = (i, n, topic) => $"<b>Câu {i}/{n}</b> · {topic}",
        DraftMark = "<i>câu hỏi nháp, chưa được duyệt</i>",
        TimeLimit = left => $"⏱ {left}",
        MultiHint = "Chọn tất cả đáp án đúng rồi bấm Gửi.",
        Submit = "📨 Gửi",
        PickAtLeastOne = "Hãy chọn ít nhất một đáp án.",
        CorrectToast = "✅ Chính xác!",
        WrongToast = "❌ Chưa đúng",
        ResultCorrect = chosen => $"✅ Bạn chọn {chosen} — chính xác!",
        ResultWrong = (chosen, right) => $"❌ Bạn chọn {chosen}. Đáp án đúng: <b>{right}</b>.",
        ResultTimeout = right => $"⏰ Hết giờ. Đáp án đúng: <b>{right}</b>.",
        SourceLabel = "📖 Nguồn:",
        Summary = (k, n, percent, duration) => $"🏁 <b>Hoàn thành!</b>\nĐiểm: <b>{k}/{n}</b> ({percent}%)\nThời gian: {duration}",
        WeakestTopic = (topic, k, n) => $"Cần ôn thêm: <b>{topic}</b> ({k}/{n} câu đúng)",
        NothingWeak = "Không sai câu nào — rất tốt!",
        AfterSummary = "Gõ /practice để làm bài mới, /stats để xem tiến bộ.",
        PreviousStopped = "Bài luyện tập trước đã dừng; các câu đã trả lời vẫn được lưu.",
        ReviewStarting = (n, perQuestion) => $"🔁 Ôn tập: <b>{n} câu</b> đã đến hạn ôn. Mỗi câu có {perQuestion}.",
        NothingDue = when => $"✅ Chưa có câu nào đến hạn ôn. Câu tiếp theo đến hạn {when}.",
        NothingToReview = "Bạn chưa có câu nào để ôn. Hãy /practice trước: câu đã trả lời sẽ được nhắc lại đúng lúc bạn sắp quên.",

        StatsHeader = name => $"📊 <b>Kết quả của {name}</b>",
        StatsTotals = (n, k, percent) => $"Đã trả lời: {n} câu, đúng {k} ({percent}%)",
        Streak = d => $"Chuỗi ngày luyện tập: {d} ngày",
        RankInUnit = (rank, total, unit) => $"Xếp hạng trong {unit}: {rank}/{total}",
        ReviewsDueToday = n => n == 0 ? "Hôm nay không có câu nào đến hạn ôn." : $"Câu đến hạn ôn hôm nay: {n} (gõ /review)",
        WeakestTopics = topics => $"Cần ôn nhất: {topics}",
        ByTopic = "Theo chủ đề:",
        NoAnswersYet = "Bạn chưa trả lời câu nào. Gõ /practice để bắt đầu!",

        HelpHeader = "<b>QuizBot</b> giúp bí thư chi bộ ôn luyện cho Hội thi Bí thư chi bộ giỏi. Các lệnh:",
        HelpFooter = "Mỗi câu hỏi có nút bấm để trả lời; sau mỗi câu bạn thấy đáp án, giải thích và nguồn tài liệu.",
        ChooseLanguage = "Chọn ngôn ngữ / Choose a language:",
        LanguageSet = "Đã chuyển sang tiếng Việt.",

        Reminder = (reviews, streak) => (reviews > 0 ? $"⏰ Đến giờ ôn tập! Hôm nay có <b>{reviews} câu</b> đến hạn ôn: gõ /review." : "⏰ Đến giờ luyện tập! Gõ /practice để làm vài câu hôm nay.")
            + (streak > 0 ? $"\nChuỗi ngày luyện tập của bạn: <b>{streak} ngày</b>. Giữ vững nhé!" : ""),
        ReminderNudge = days => $"👋 Đã {days} ngày bạn chưa luyện tập. Mỗi ngày vài phút là đủ để nhớ lâu: gõ /practice để bắt đầu lại nhé.",
        RemindersOffButton = "🔕 Tắt nhắc nhở",
        ChangeUnitButton = "🏠 Đổi đơn vị",
        ChooseNewUnit = "Chọn đơn vị mới của bạn:",
        UnitChanged = path => $"✅ Đã chuyển sang <b>{path}</b>. Bảng xếp hạng tính bạn ở đơn vị mới.",
        SettingsHeader = "⚙️ <b>Cài đặt</b>",
        SettingsLanguage = "Ngôn ngữ: Tiếng Việt",
        SettingsReminder = at => at is null ? "Nhắc nhở hằng ngày: <b>tắt</b>" : $"Nhắc nhở hằng ngày: <b>{at}</b>",
        SettingsHint = "Chọn giờ nhắc bên dưới, hoặc gõ giờ khác, ví dụ <code>/settings 06:45</code>.",
        ReminderSet = at => $"Sẽ nhắc bạn lúc {at} mỗi ngày.",
        RemindersOff = "Đã tắt nhắc nhở hằng ngày.",
        BadReminderTime = "Giờ nhắc cần có dạng HH:MM, từ 00:00 đến 23:59, ví dụ <code>/settings 07:30</code>. Chưa thay đổi gì.",

        AdminsOnly = "Lệnh này chỉ dành cho quản trị viên.",
        BankUsage = "Cách dùng: <code>/bank reload</code>: nạp lại ngân hàng câu hỏi từ các tệp.",
        BankReloaded = (added, versions, retired) => $"📚 Đã nạp lại ngân hàng câu hỏi: {added} câu mới, {versions} câu sửa (phiên bản mới), {retired} câu ngừng dùng.",
        BankProblems = n => $"⚠️ {n} lỗi; các tệp có lỗi chưa được nạp, bản tốt gần nhất vẫn đang dùng:",
    };

    public static readonly Texts En = new()
    {
        Language = Languages.English,
        Culture = CultureInfo.GetCultureInfo("en"),
        ButtonClosed = "This button has expired or the question is closed.",
        UnknownCommand = c => $"There is no command /{c}. Type /help to see the commands.",
        NotAllowed = role => role switch
        {
            Role.Organizer => "This command is for organizers who were granted the role. Type /help to see your commands.",
            Role.Judge => "This command is for judges who were granted the role. Type /help to see your commands.",
            _ => "This command is for admins only.",
        },
        FreeTextHint = "I only understand commands. Type /practice to practise or /help for help.",
        SomethingWentWrong = "Sorry, something went wrong. Please try again in a few minutes.",
        NeedRegistration = "You have not registered yet. Type /start to choose your unit.",

        Welcome = "Welcome to <b>QuizBot</b>, practice for the Excellent Party-Cell Secretary contest!\n\nFirst, choose your unit:",
        ChooseUnitUnder = path => $"Choose a unit under <b>{path}</b>:",
        Back = "⬅️ Back",
        NoUnits = "There is no unit list yet. Please tell the organisers.",
        ConfirmName = (unit, name) => $"Cell: <b>{unit}</b>\nDisplay name: <b>{name}</b>\n\nIs this name right?",
        UseThisName = "✅ Yes, use this name",
        TypeAnotherName = "✏️ Type another name",
        ChooseUnitAgain = "🔁 Choose the unit again",
        AskName = "Please type your full name (2–64 characters).",
        BadName = "A name needs 2 to 64 characters, with letters. Please type it again.",
        Registered = (name, unit) => $"🎉 You are registered! Hello <b>{name}</b> — {unit}.\n\nType /practice for a 10-question practice, /help for the commands.",
        AlreadyRegistered = "You are already registered.",
        WelcomeBack = (name, unit, answered, correct) =>
            $"Welcome back, <b>{name}</b> ({unit})!\nToday you answered {"question".ToQuantity(answered)}, {correct} correctly.\nType /practice to go on.",
        ResumeNote = (i, n) => $"You have a practice in progress (question {i}/{n}); the current question is just below.",
        RoundNotOpen = code => $"Round <b>{code}</b> is not open or does not exist.",

        PracticeUsage = "Usage: <b>/practice [topic] [count]</b>, e.g. <code>/practice charter 5</code>.\nChoose a topic:",
        UnknownTopic = w => $"There is no topic «{w}».",
        BadCount = max => $"The number of questions must be from 1 to {max}.",
        NoQuestions = "There are no questions for this choice yet.",
        MixedTopics = "mixed topics",
        PracticeStarting = (n, topic, perQuestion) => $"📝 Practice: <b>{"question".ToQuantity(n)}</b>, {topic}. You have {perQuestion} per question.",
        QuestionHeader = (i, n, topic) => $"<b>Question {i}/{n}</b> · {topic}",
        DraftMark = "<i>draft question, not yet reviewed</i>",
        TimeLimit = left => $"⏱ {left}",
        MultiHint = "Tick every right answer, then press Submit.",
        Submit = "📨 Submit",
        PickAtLeastOne = "Tick at least one answer.",
        CorrectToast = "✅ Correct!",
        WrongToast = "❌ Not quite",
        ResultCorrect = chosen => $"✅ You chose {chosen}: correct!",
        ResultWrong = (chosen, right) => $"❌ You chose {chosen}. The right answer: <b>{right}</b>.",
        ResultTimeout = right => $"⏰ Time is up. The right answer: <b>{right}</b>.",
        SourceLabel = "📖 Source:",
        Summary = (k, n, percent, duration) => $"🏁 <b>Finished!</b>\nScore: <b>{k}/{n}</b> ({percent}%)\nTime: {duration}",
        WeakestTopic = (topic, k, n) => $"To review: <b>{topic}</b> ({k}/{n} correct)",
        NothingWeak = "Not a single mistake. Well done!",
        AfterSummary = "Type /practice for a new quiz, /stats to see your progress.",
        PreviousStopped = "Your previous practice was stopped; its answers are kept.",
        ReviewStarting = (n, perQuestion) => $"🔁 Review: <b>{"question".ToQuantity(n)}</b> due. You have {perQuestion} per question.",
        NothingDue = when => $"✅ Nothing is due for review. The next review is due {when}.",
        NothingToReview = "Nothing to review yet. /practice first: what you answer comes back just before you would forget it.",

        StatsHeader = name => $"📊 <b>Results of {name}</b>",
        StatsTotals = (n, k, percent) => $"Answered: {"question".ToQuantity(n)}, {k} correct ({percent}%)",
        Streak = d => $"Practice streak: {"day".ToQuantity(d)}",
        RankInUnit = (rank, total, unit) => $"Rank in {unit}: {rank}/{total}",
        ReviewsDueToday = n => n == 0 ? "Nothing is due for review today." : $"Due for review today: {"question".ToQuantity(n)} (type /review)",
        WeakestTopics = topics => $"Weakest topics: {topics}",
        ByTopic = "By topic:",
        NoAnswersYet = "You have not answered any question yet. Type /practice to start!",

        HelpHeader = "<b>QuizBot</b> helps cell secretaries practise for the Excellent Party-Cell Secretary contest. Commands:",
        HelpFooter = "Answer each question with its buttons; after each one you see the answer, an explanation and the source document.",
        ChooseLanguage = "Chọn ngôn ngữ / Choose a language:",
        LanguageSet = "Language set to English.",

        Reminder = (reviews, streak) => (reviews > 0 ? $"⏰ Time to review! <b>{"question".ToQuantity(reviews)}</b> due today: type /review." : "⏰ Time to practise! Type /practice for a few questions today.")
            + (streak > 0 ? $"\nYour practice streak: <b>{"day".ToQuantity(streak)}</b>. Keep it going!" : ""),
        ReminderNudge = days => $"👋 It has been {"day".ToQuantity(days)} since you last practised. A few minutes a day is enough to remember: type /practice to pick it up again.",
        RemindersOffButton = "🔕 Turn reminders off",
        ChangeUnitButton = "🏠 Change unit",
        ChooseNewUnit = "Choose your new unit:",
        UnitChanged = path => $"✅ Moved to <b>{path}</b>. Leaderboards count you in your new unit.",
        SettingsHeader = "⚙️ <b>Settings</b>",
        SettingsLanguage = "Language: English",
        SettingsReminder = at => at is null ? "Daily reminder: <b>off</b>" : $"Daily reminder: <b>{at}</b>",
        SettingsHint = "Pick a reminder time below, or type another, e.g. <code>/settings 06:45</code>.",
        ReminderSet = at => $"You will be reminded at {at} every day.",
        RemindersOff = "Daily reminders are off.",
        BadReminderTime = "A reminder time looks like HH:MM, from 00:00 to 23:59, e.g. <code>/settings 07:30</code>. Nothing was changed.",

        AdminsOnly = "This command is for admins only.",
        BankUsage = "Usage: <code>/bank reload</code>: reload the question bank from its files.",
        BankReloaded = (added, versions, retired) => $"📚 Question bank reloaded: {added} new, {versions} edited (new versions), {retired} retired.",
        BankProblems = n => $"⚠️ {n} problems; files with problems were not loaded, the last good version stays in service:",
    };

    public static Texts For(string language) => language == Languages.English ? En : Vi;

    /// <summary>"3 ngày nữa", "cách đây 3 tiếng" / "3 days from now", "3 hours ago": Humanizer's words for a moment.</summary>
    public string Relative(DateTime whenUtc, DateTime nowUtc) =>
        DateTime.SpecifyKind(whenUtc, DateTimeKind.Utc).Humanize(utcDate: true, dateToCompareAgainst: DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), culture: Culture);

    /// <summary>"1 giờ, 35 phút" / "1 hour, 35 minutes": the two largest units, down to seconds.</summary>
    public string Duration(TimeSpan span) =>
        span.Humanize(precision: 2, culture: Culture, minUnit: TimeUnit.Second, collectionSeparator: ", ");

    public required string Language { get; init; }
    public required CultureInfo Culture { get; init; }
    public required string ButtonClosed { get; init; }
    public required Func<string, string> UnknownCommand { get; init; }
    public required Func<Role, string> NotAllowed { get; init; }
    public required string FreeTextHint { get; init; }
    public required string SomethingWentWrong { get; init; }
    public required string NeedRegistration { get; init; }

    public required string Welcome { get; init; }
    public required Func<string, string> ChooseUnitUnder { get; init; }
    public required string Back { get; init; }
    public required string NoUnits { get; init; }
    public required Func<string, string, string> ConfirmName { get; init; }
    public required string UseThisName { get; init; }
    public required string TypeAnotherName { get; init; }
    public required string ChooseUnitAgain { get; init; }
    public required string AskName { get; init; }
    public required string BadName { get; init; }
    public required Func<string, string, string> Registered { get; init; }
    public required string AlreadyRegistered { get; init; }
    public required Func<string, string, int, int, string> WelcomeBack { get; init; }
    public required Func<int, int, string> ResumeNote { get; init; }
    public required Func<string, string> RoundNotOpen { get; init; }

    public required string PracticeUsage { get; init; }
    public required Func<string, string> UnknownTopic { get; init; }
    public required Func<int, string> BadCount { get; init; }
    public required string NoQuestions { get; init; }
    public required string MixedTopics { get; init; }
    public required Func<int, string, string, string> PracticeStarting { get; init; }
    public required Func<int, int, string, string> QuestionHeader { get; init; }
    public required string DraftMark { get; init; }
    public required Func<string, string> TimeLimit { get; init; }
    public required string MultiHint { get; init; }
    public required string Submit { get; init; }
    public required string PickAtLeastOne { get; init; }
    public required string CorrectToast { get; init; }
    public required string WrongToast { get; init; }
    public required Func<string, string> ResultCorrect { get; init; }
    public required Func<string, string, string> ResultWrong { get; init; }
    public required Func<string, string> ResultTimeout { get; init; }
    public required string SourceLabel { get; init; }
    public required Func<int, int, int, string, string> Summary { get; init; }
    public required Func<string, int, int, string> WeakestTopic { get; init; }
    public required string NothingWeak { get; init; }
    public required string AfterSummary { get; init; }
    public required string PreviousStopped { get; init; }
    public required Func<int, string, string> ReviewStarting { get; init; }
    public required Func<string, string> NothingDue { get; init; }
    public required string NothingToReview { get; init; }

    public required Func<string, string> StatsHeader { get; init; }
    public required Func<int, int, int, string> StatsTotals { get; init; }
    public required Func<int, string> Streak { get; init; }
    public required Func<int, int, string, string> RankInUnit { get; init; }
    public required Func<int, string> ReviewsDueToday { get; init; }
    public required Func<string, string> WeakestTopics { get; init; }
    public required string ByTopic { get; init; }
    public required string NoAnswersYet { get; init; }

    public required string HelpHeader { get; init; }
    public required string HelpFooter { get; init; }
    public required string ChooseLanguage { get; init; }
    public required string LanguageSet { get; init; }

    public required Func<int, int, string> Reminder { get; init; }
    public required Func<int, string> ReminderNudge { get; init; }
    public required string RemindersOffButton { get; init; }
    public required string ChangeUnitButton { get; init; }
    public required string ChooseNewUnit { get; init; }
    public required Func<string, string> UnitChanged { get; init; }
    public required string SettingsHeader { get; init; }
    public required string SettingsLanguage { get; init; }
    public required Func<string?, string> SettingsReminder { get; init; }
    public required string SettingsHint { get; init; }
    public required Func<string, string> ReminderSet { get; init; }
    public required string RemindersOff { get; init; }
    public required string BadReminderTime { get; init; }

    public required string AdminsOnly { get; init; }
    public required string BankUsage { get; init; }
    public required Func<int, int, int, string> BankReloaded { get; init; }
    public required Func<int, string> BankProblems { get; init; }
}
