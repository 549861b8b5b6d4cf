using System.Globalization;
using QuizBot.Data;
using QuizBot.QuestionBank;

namespace QuizBot.Live;

/// <summary>What live play says, in Vietnamese (the default) and English. Names and question text are escaped by the caller.</summary>
public sealed class LiveTexts
{
    public required string Recorded { get; init; }
    public required string AlreadyAnswered { get; init; }
    public required string QuestionClosed { get; init; }
    public required string NotInRound { get; init; }
    public required string OnlyInGroups { get; init; }
    public required string OnlyAdmins { get; init; }
    public required string AlreadyRunning { get; init; }
    public required string NothingRunning { get; init; }
    public required string NoQuestions { get; init; }
    public required string Usage { get; init; }
    public required string GroupHelp { get; init; }
    public required string Stopped { get; init; }
    public required Func<string, int, int, string> Starting { get; init; }
    public required Func<int, int, int, string> QuestionHeader { get; init; }
    public required Func<int, string> AnswerWithin { get; init; }
    public required Func<string, string> RightAnswer { get; init; }
    public required Func<int, int, string> RightCount { get; init; }
    public required string Fastest { get; init; }
    public required string Board { get; init; }
    public required Func<int, int, string> BoardAfter { get; init; }
    public required string Podium { get; init; }
    public required string NobodyAnswered { get; init; }
    public required Func<string, string> LiveRoundJoin { get; init; }
    public required Func<string, int, string> LiveRoundNoGroup { get; init; }
    public required Func<string, string> LiveRoundStarted { get; init; }
    public required Func<string, int, string> LiveRoundStartedPrivately { get; init; }
    public required Func<string, string> LiveRoundInvitation { get; init; }
    public required string Points { get; init; }
    public required Func<string?, string> GroupQuizTitle { get; init; }

    public static LiveTexts For(string language) => language == Languages.English ? English : Vietnamese;

    /// <summary>Seconds with one decimal, as a hall reads them: "1,4 s" in Vietnamese, "1.4 s" in English.</summary>
    public static string Seconds(int milliseconds, string language) =>
        (milliseconds / 1000.0).ToString("0.0", CultureInfo.GetCultureInfo(language == Languages.English ? "en-US" : "vi-VN")) + " s";

    public static readonly LiveTexts Vietnamese = new()
    {
        Recorded = "Đã ghi nhận câu trả lời",
        AlreadyAnswered = "Bạn đã trả lời câu này rồi: câu trả lời đầu tiên được giữ nguyên.",
        QuestionClosed = "Câu hỏi này đã đóng.",
        NotInRound = "Bạn không thuộc phạm vi vòng thi này (hãy đăng ký với bot trong chat riêng).",
        OnlyInGroups = "/quiz dùng trong nhóm: thêm bot vào nhóm rồi gõ /quiz [chủ đề] [số câu]. Trong chat riêng, hãy dùng /practice.",
        OnlyAdmins = "Chỉ quản trị viên của nhóm hoặc ban tổ chức mới bắt đầu hay dừng được phần thi.",
        AlreadyRunning = "Nhóm đang có một phần thi. Gõ /quiz stop để dừng.",
        NothingRunning = "Nhóm không có phần thi nào đang diễn ra.",
        NoQuestions = "Không có câu hỏi phù hợp cho phần thi này.",
        Usage = "Cách dùng: /quiz [chủ đề] [số câu] — ví dụ /quiz dieu-le 5; /quiz stop để dừng.",
        GroupHelp = "<b>QuizBot trong nhóm</b>\n" +
            "• /quiz [chủ đề] [số câu]: thi cùng nhau — mỗi câu một tin nhắn, ai cũng bấm trả lời được (một lần), " +
            "bot xác nhận riêng với từng người, hết giờ thì công bố đáp án, ai đúng và ai nhanh nhất; bảng điểm ở cuối.\n" +
            "• /quiz stop: dừng phần thi. Chỉ quản trị viên nhóm hoặc ban tổ chức bắt đầu/dừng được.\n" +
            "• Bot cần quyền gửi tin nhắn trong nhóm; đáp án và bảng điểm được cập nhật bằng cách sửa tin nhắn của bot, " +
            "nên đừng xoá các tin nhắn đó. Để biết ai là quản trị viên, bot hỏi Telegram.\n" +
            "• Luyện tập, đăng ký và vòng thi cá nhân: nhắn riêng cho bot.",
        Stopped = "⏹ Phần thi đã dừng.",
        Starting = (title, count, seconds) => $"🎮 <b>{title}</b>\n{count} câu, {seconds} giây mỗi câu. Bấm nút để trả lời — mỗi người một lần; trả lời đúng và nhanh được nhiều điểm.\nBảng điểm sẽ cập nhật ở đây.",
        QuestionHeader = (n, total, seconds) => $"<b>Câu {n}/{total}</b> · {seconds} giây",
        AnswerWithin = seconds => $"⏱ Trả lời trong {seconds} giây.",
        RightAnswer = answer => $"✅ Đáp án: <b>{answer}</b>",
        RightCount = (right, total) => $"👥 {right}/{total} người trả lời đúng",
        Fastest = "⚡ Nhanh nhất:",
        Board = "🏆 <b>Bảng điểm</b>",
        BoardAfter = (n, total) => $"sau câu {n}/{total}",
        Podium = "🏁 <b>Kết thúc — bục vinh quang</b>",
        NobodyAnswered = "Chưa có ai trả lời.",
        LiveRoundJoin = code => $"Vòng {code} là vòng thi trực tiếp: câu hỏi được đăng cùng lúc trong nhóm của vòng thi khi ban tổ chức bắt đầu; hãy trả lời ngay trong nhóm.",
        LiveRoundNoGroup = (code, most) => $"Vòng {code} chưa có nhóm, mà số người dự thi không nằm trong khoảng 1–{most} để gửi riêng từng người: thêm nhóm của đơn vị vào Digest:GroupChats (id nhóm và mã đơn vị của vòng) rồi thử lại.",
        LiveRoundStarted = code => $"▶️ Vòng {code} đã bắt đầu trong nhóm.",
        LiveRoundStartedPrivately = (code, count) => $"▶️ Vòng {code} đã bắt đầu: câu hỏi được gửi riêng cho {count} người dự thi; bảng điểm cập nhật ở đây.",
        LiveRoundInvitation = title => $"📣 Vòng thi trực tiếp <b>{title}</b> đã mở: câu hỏi sẽ được đăng trong nhóm khi ban tổ chức bắt đầu.",
        Points = "điểm",
        GroupQuizTitle = topic => topic is null ? "Thi nhanh cùng nhóm" : $"Thi nhanh cùng nhóm — {topic}",
    };

    public static readonly LiveTexts English = new()
    {
        Recorded = "Answer recorded",
        AlreadyAnswered = "You have answered this one: your first answer stands.",
        QuestionClosed = "This question is closed.",
        NotInRound = "You are not within this round's scope (register with the bot in a private chat).",
        OnlyInGroups = "/quiz is for groups: add the bot to a group and send /quiz [topic] [count]. In a private chat, use /practice.",
        OnlyAdmins = "Only the group's admins or an organizer can start or stop a quiz.",
        AlreadyRunning = "A quiz is running in this group. Send /quiz stop to stop it.",
        NothingRunning = "No quiz is running in this group.",
        NoQuestions = "There are no questions for this quiz.",
        Usage = "Usage: /quiz [topic] [count] — e.g. /quiz charter 5; /quiz stop to stop.",
        GroupHelp = "<b>QuizBot in a group</b>\n" +
            "• /quiz [topic] [count]: play together — one message per question, anyone can press an answer (once), " +
            "the bot confirms to each person privately, and when the time is up it reveals the answer, who was right and who was fastest; a scoreboard at the end.\n" +
            "• /quiz stop: stop the quiz. Only the group's admins or an organizer can start or stop it.\n" +
            "• The bot needs the right to send messages here; answers and the scoreboard are shown by editing the bot's own " +
            "messages, so please do not delete them. The bot asks Telegram who the group's admins are.\n" +
            "• Practice, registration and personal rounds: write to the bot privately.",
        Stopped = "⏹ The quiz was stopped.",
        Starting = (title, count, seconds) => $"🎮 <b>{title}</b>\n{count} questions, {seconds} seconds each. Press a button to answer — once per person; right and fast earns more.\nThe scoreboard will be kept here.",
        QuestionHeader = (n, total, seconds) => $"<b>Question {n}/{total}</b> · {seconds} seconds",
        AnswerWithin = seconds => $"⏱ Answer within {seconds} seconds.",
        RightAnswer = answer => $"✅ Answer: <b>{answer}</b>",
        RightCount = (right, total) => $"👥 {right}/{total} answered right",
        Fastest = "⚡ Fastest:",
        Board = "🏆 <b>Scoreboard</b>",
        BoardAfter = (n, total) => $"after question {n}/{total}",
        Podium = "🏁 <b>Finished — the podium</b>",
        NobodyAnswered = "Nobody has answered yet.",
        LiveRoundJoin = code => $"Round {code} is a live round: the questions appear in the round's group, for everyone at once, when the organizer starts it; answer there.",
        LiveRoundNoGroup = (code, most) => $"Round {code} has no group, and its contestants are not between 1 and {most} to be asked one by one: add the unit's group to Digest:GroupChats (the group's id and the round's unit code), then try again.",
        LiveRoundStarted = code => $"▶️ Round {code} has started in the group.",
        LiveRoundStartedPrivately = (code, count) => $"▶️ Round {code} has started: the questions go to each of its {count} contestants privately; the board is kept here.",
        LiveRoundInvitation = title => $"📣 The live round <b>{title}</b> is open: the questions will appear in the group when the organizer starts it.",
        Points = "points",
        GroupQuizTitle = topic => topic is null ? "Group quiz" : $"Group quiz — {topic}",
    };
}
