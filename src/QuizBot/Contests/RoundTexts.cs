using QuizBot.QuestionBank;

namespace QuizBot.Contests;

/// <summary>
/// What the bot says while rounds are created, joined and played, in Vietnamese (the default) and English.
/// Arguments are HTML-escaped by the caller; times are already in local time (Quiz:TimeZone).
/// </summary>
/// <summary>A draft round as its confirmation shows it, every field already escaped.</summary>
public sealed record DraftView(string Code, string Title, string Unit, string Blueprint, int Questions, int Seconds,
    string Opens, string Closes, int Attempts, string TieBreaks, string Prediction, string Prizes);

public sealed class RoundTexts
{
    public required string NewRoundForm { get; init; }
    public required Func<string, string> FormProblem { get; init; }
    public required Func<DraftView, string> Draft { get; init; }
    public required string Create { get; init; }
    public required string Cancel { get; init; }
    public required Func<string, string, string> Created { get; init; }
    public required string Cancelled { get; init; }
    public required Func<string, string> NoSuchRound { get; init; }
    public required Func<string, string> NotYourRound { get; init; }
    public required Func<string, string, string> NotOpenYet { get; init; }
    public required Func<string, string> AlreadyClosed { get; init; }
    public required Func<string, string> OutsideScope { get; init; }
    public required Func<int, string> NoAttemptsLeft { get; init; }
    public required string NeedRegistration { get; init; }
    public required Func<string, int, int, string, string> Starting { get; init; }
    public required Func<int, int, string> Resuming { get; init; }
    public required string Recorded { get; init; }
    public required string RoundClosedToast { get; init; }
    public required Func<string, string> Done { get; init; }
    public required Func<string, string> PredictionParticipants { get; init; }
    public required Func<string, string> PredictionFullMarks { get; init; }
    public required string BadPrediction { get; init; }
    public required Func<int, string, string> PredictionSaved { get; init; }
    public required string NoOpenRounds { get; init; }
    public required string OpenRoundsHeader { get; init; }
    public required Func<string, string, string, string> RoundLine { get; init; }
    public required Func<string, string, string, string> Invitation { get; init; }
    public required string JoinButton { get; init; }
    public required Func<string, string, string> Reminder { get; init; }
    public required Func<string, string, string, double, int, int, string, string> YourResult { get; init; }
    public required Func<string, string> DidNotFinish { get; init; }
    public required Func<string, string> Opened { get; init; }
    public required Func<string, int, string> Closed { get; init; }
    public required Func<string, string> StillScheduled { get; init; }
    public required Func<string, string> NotClosedYet { get; init; }
    public required Func<string, string> NotFinalYet { get; init; }

    /// <summary>Why a round's results are not out: not closed yet, or (judged) not finalised yet.</summary>
    public string ResultsNotOut(Data.Round round) => round.Status == Data.RoundStatus.Closed ? NotFinalYet(round.Code) : NotClosedYet(round.Code);
    public required Func<string, string> ExportCaption { get; init; }
    public required string ExportNeedsTelegram { get; init; }
    public required string UsageCode { get; init; }
    public required string TypeYourAnswer { get; init; }
    public required Func<string, string> Step { get; init; }
    public required Func<string, string> StepProblem { get; init; }
    public required string ModeSelfPaced { get; init; }
    public required string ModeJudged { get; init; }
    public required string ModeLive { get; init; }
    public required string Now { get; init; }
    public required string AfterHour { get; init; }
    public required string AfterDay { get; init; }
    public required string AfterWeek { get; init; }
    public required string PredictionNone { get; init; }
    public required string PredictionCount { get; init; }
    public required string PredictionFull { get; init; }
    public required string AnswerSaved { get; init; }
    public required Func<string, int, int, string> JudgingOpen { get; init; }
    public required Func<string, string> NotJudging { get; init; }
    public required Func<string, string> NothingToJudge { get; init; }
    public required Func<int, string, string, string?, string?, string> JudgeCard { get; init; }
    public required Func<int, string> Scored { get; init; }
    public required string NextAnswer { get; init; }
    public required string CommentSaved { get; init; }
    public required string NoScoreToComment { get; init; }
    public required Func<string, int, string> StillUnscored { get; init; }
    public required Func<string, string> Finalised { get; init; }
    public required Func<string, string> NotJudgedRound { get; init; }

    public static RoundTexts For(string language) => language == Languages.English ? En : Vi;

    public static readonly RoundTexts Vi = new()
    {
        NewRoundForm = """
            Tạo vòng thi: sao chép mẫu dưới đây, sửa các dòng rồi gửi lại (cả dòng <code>/newround</code>). Thời gian theo giờ Việt Nam.
            <code>/newround
            mã: XA01
            tên: Vòng sơ khảo xã
            đơn vị: MÃ_ĐƠN_VỊ
            hình thức: trắc nghiệm
            câu hỏi: charter:5, cell-meetings:5
            giây mỗi câu: 45
            mở: 2026-12-05 08:00
            đóng: 2026-12-05 20:00
            số lần: 1
            xếp hạng: score,prediction,time,submitted
            dự đoán: participants
            giải: 1,2,3,5</code>
            <i>hình thức</i>: trắc nghiệm, hoặc tự luận (giám khảo chấm). <i>câu hỏi</i>: chủ đề:số câu, hoặc <code>ids: charter-001, charter-002</code> (chỉ câu đã duyệt). <i>dự đoán</i>: participants (số người dự thi), fullmarks (số người đạt điểm tối đa) hoặc none. <i>giải</i>: số giải nhất, nhì, ba, khuyến khích.
            """,
        FormProblem = p => $"Chưa tạo được vòng thi: {p}\nSửa rồi gửi lại; gõ /newround để xem mẫu.",
        Draft = d =>
            $"""
            <b>Vòng thi {d.Code}</b>: {d.Title}
            Đơn vị: {d.Unit}
            Câu hỏi: {d.Blueprint} ({d.Questions} câu, {d.Seconds} giây mỗi câu)
            Mở: {d.Opens} · Đóng: {d.Closes}
            Số lần làm bài: {d.Attempts} · Xếp hạng: {d.TieBreaks}
            Câu dự đoán: {d.Prediction} · Giải: {d.Prizes}
            Tạo vòng thi này?
            """,
        Create = "✅ Tạo vòng thi",
        Cancel = "✖ Huỷ",
        Created = (code, link) => $"Đã tạo vòng thi <b>{code}</b>. Người dự thi vào bằng <code>/join {code}</code> hoặc liên kết {link}",
        Cancelled = "Đã huỷ bản nháp; không có gì được tạo.",
        NoSuchRound = code => $"Không có vòng thi <b>{code}</b>.",
        NotYourRound = code => $"Vòng thi <b>{code}</b> không thuộc đơn vị bạn phụ trách.",
        NotOpenYet = (code, opens) => $"Vòng thi <b>{code}</b> chưa mở; mở lúc {opens}.",
        AlreadyClosed = code => $"Vòng thi <b>{code}</b> đã đóng; bài làm không còn được nhận.",
        OutsideScope = code => $"Vòng thi <b>{code}</b> chỉ dành cho đảng viên của đơn vị tổ chức; đơn vị của bạn không thuộc phạm vi này.",
        NoAttemptsLeft = n => n == 1 ? "Bạn đã làm bài vòng này rồi (mỗi người một lần)." : $"Bạn đã dùng hết {n} lần làm bài của vòng này.",
        NeedRegistration = "Bạn cần đăng ký đơn vị trước: gõ /start.",
        Starting = (title, questions, seconds, closes) =>
            $"🏁 <b>{title}</b>\n{questions} câu, {seconds} giây mỗi câu. Bấm là ghi nhận, không sửa được; đúng sai được công bố khi vòng thi đóng ({closes}).",
        Resuming = (position, total) => $"Tiếp tục bài thi: câu {position}/{total}, thời gian của câu vẫn đang chạy.",
        Recorded = "Đã ghi nhận câu trả lời",
        RoundClosedToast = "Vòng thi đã đóng: câu trả lời không được ghi nhận.",
        Done = closes => $"✅ Bạn đã hoàn thành bài thi. Kết quả được công bố khi vòng thi đóng ({closes}).",
        PredictionParticipants = closes => $"Câu dự đoán: theo bạn, <b>bao nhiêu người</b> sẽ dự thi vòng này? Gõ một số. (Vòng thi đóng lúc {closes}.)",
        PredictionFullMarks = closes => $"Câu dự đoán: theo bạn, <b>bao nhiêu người</b> sẽ đạt điểm tối đa? Gõ một số. (Vòng thi đóng lúc {closes}.)",
        BadPrediction = "Hãy gõ một số nguyên từ 0 đến 1.000.000.",
        PredictionSaved = (n, closes) => $"✅ Đã ghi nhận dự đoán {n}. Bạn đã hoàn thành bài thi; kết quả được công bố khi vòng thi đóng ({closes}).",
        NoOpenRounds = "Hiện không có vòng thi nào đang mở cho đơn vị của bạn.",
        OpenRoundsHeader = "<b>Vòng thi đang mở</b>",
        RoundLine = (code, title, closes) => $"• <b>{code}</b> {title} — đóng lúc {closes}",
        Invitation = (title, code, closes) => $"📣 Vòng thi <b>{title}</b> đã mở! Bấm nút dưới đây hoặc gõ <code>/join {code}</code>. Hạn chót: {closes}.",
        JoinButton = "▶️ Vào thi",
        Reminder = (title, left) => $"⏰ Vòng thi <b>{title}</b> sẽ đóng sau {left} và bạn chưa làm bài. Bấm nút dưới đây để vào thi.",
        YourResult = (title, correct, total, seconds, rank, contestants, prize) =>
            $"🏁 Vòng thi <b>{title}</b> đã đóng. Bạn đúng <b>{correct}/{total}</b> câu trong {seconds:0.#} giây, xếp hạng <b>{rank}/{contestants}</b>{prize}.",
        DidNotFinish = title => $"🏁 Vòng thi <b>{title}</b> đã đóng trước khi bạn làm xong; các câu đã trả lời vẫn được tính.",
        Opened = code => $"Vòng thi <b>{code}</b> đã mở.",
        Closed = (code, n) => $"Vòng thi <b>{code}</b> đã đóng: {n} người dự thi. Kết quả: <code>/results {code}</code>, tệp: <code>/export {code}</code>.",
        StillScheduled = code => $"Vòng thi <b>{code}</b> chưa mở.",
        NotClosedYet = code => $"Vòng thi <b>{code}</b> chưa đóng; kết quả có sau khi đóng.",
        NotFinalYet = code => $"Vòng thi <b>{code}</b> đang chấm; kết quả có sau khi ban tổ chức chốt (<code>/finalise {code}</code>).",
        ExportCaption = title => $"Kết quả {title}",
        ExportNeedsTelegram = "Tệp kết quả chỉ gửi được qua Telegram; trên máy chủ dùng <code>quizbot export --round MÃ --format xlsx</code>.",
        UsageCode = "Hãy ghi mã vòng thi, ví dụ <code>/join XA01</code>.",
        TypeYourAnswer = "Gõ câu trả lời của bạn thành một tin nhắn; chỉ tin nhắn đầu tiên được ghi nhận.",
        Step = field => field switch
        {
            "code" => "Mã vòng thi (2–16 chữ cái không dấu và chữ số, ví dụ <code>XA01</code>): dùng trong <code>/join MÃ</code> và liên kết.",
            "title" => "Tên vòng thi, ví dụ <i>Vòng sơ khảo xã</i>:",
            "unit" => "Đơn vị tổ chức: chỉ đảng viên thuộc đơn vị này được dự thi. Chọn, hoặc gõ mã đơn vị:",
            "mode" => "Hình thức thi:",
            "questions" => "Câu hỏi: gõ <code>chủ đề:số câu, …</code> hoặc <code>ids: mã-câu, …</code> (chỉ câu đã duyệt). Chủ đề và số câu đã duyệt:",
            "seconds" => "Số giây cho mỗi câu (chọn hoặc gõ, 10–600):",
            "opens" => "Giờ mở (giờ Việt Nam), gõ như <code>2026-12-05 08:00</code>, hoặc mở ngay:",
            "closes" => "Giờ đóng, gõ như <code>2026-12-05 20:00</code>, hoặc chọn:",
            "attempts" => "Mỗi người được làm bao nhiêu lần (nhiều lần thì tính lần cao nhất, bằng điểm thì lần sớm hơn)?",
            "prediction" => "Câu hỏi dự đoán (dùng để phân định khi bằng điểm):",
            _ => "Số giải nhất, nhì, ba, khuyến khích (chọn hoặc gõ, ví dụ <code>1,2,3,5</code>):",
        },
        StepProblem = p => $"Chưa đúng: {p}",
        ModeSelfPaced = "Trắc nghiệm",
        ModeJudged = "Tự luận (giám khảo chấm)",
        ModeLive = "Trực tiếp (cả nhóm cùng lúc)",
        Now = "Mở ngay",
        AfterHour = "Sau 1 giờ",
        AfterDay = "Sau 1 ngày",
        AfterWeek = "Sau 7 ngày",
        PredictionNone = "Không có",
        PredictionCount = "Số người dự thi",
        PredictionFull = "Số người đạt điểm tối đa",
        AnswerSaved = "✅ Đã ghi nhận câu trả lời.",
        JudgingOpen = (code, answers, waiting) =>
            $"Vòng thi <b>{code}</b> đã hết giờ làm bài; mở chấm: {answers} bài cần chấm (<code>/judge {code}</code>)." +
            (waiting > 0 ? $"\n⚠️ {waiting} bài chưa đủ 2 giám khảo đủ điều kiện (giám khảo không chấm bài của tổ chức cơ sở đảng của mình): hãy giao thêm giám khảo; các bài này chờ." : ""),
        NotJudging = code => $"Vòng thi <b>{code}</b> không ở giai đoạn chấm điểm.",
        NothingToJudge = code => $"Không còn bài nào của vòng <b>{code}</b> cần bạn chấm.",
        JudgeCard = (position, question, answer, model, guidance) =>
            $"<b>Bài làm — câu {position}</b>\n{question}\n\n<b>Câu trả lời:</b>\n{answer}" +
            (model is null ? "" : $"\n\n<b>Gợi ý đáp án:</b>\n{model}") + (guidance is null ? "" : $"\n<i>{guidance}</i>") +
            "\n\nChấm từ 0 đến 10 (có thể sửa cho đến khi ban tổ chức chốt kết quả); nhận xét: <code>/comment nội dung</code>.",
        Scored = s => $"Đã chấm <b>{s}</b> điểm.",
        NextAnswer = "➡️ Bài tiếp theo",
        CommentSaved = "Đã ghi nhận xét.",
        NoScoreToComment = "Bạn chưa chấm bài nào để nhận xét.",
        StillUnscored = (code, n) => $"Chưa chốt được vòng <b>{code}</b>: {n} bài chưa đủ 2 giám khảo chấm.",
        Finalised = code => $"Đã chốt kết quả vòng thi <b>{code}</b>.",
        NotJudgedRound = code => $"Vòng thi <b>{code}</b> không phải vòng chấm điểm tự luận.",
    };

    public static readonly RoundTexts En = new()
    {
        NewRoundForm = """
            Create a round: copy the form below, edit the lines and send it back (with the <code>/newround</code> line). Times are Vietnam time.
            <code>/newround
            code: XA01
            title: Commune qualifier
            unit: UNIT_CODE
            mode: selfpaced
            questions: charter:5, cell-meetings:5
            seconds: 45
            opens: 2026-12-05 08:00
            closes: 2026-12-05 20:00
            attempts: 1
            tiebreaks: score,prediction,time,submitted
            prediction: participants
            prizes: 1,2,3,5</code>
            <i>mode</i>: selfpaced, or judged (free text scored by judges). <i>questions</i>: topic:count, or <code>ids: charter-001, charter-002</code> (reviewed questions only). <i>prediction</i>: participants, fullmarks or none. <i>prizes</i>: how many first, second, third and consolation prizes.
            """,
        FormProblem = p => $"The round was not created: {p}\nFix it and send it again; /newround shows the form.",
        Draft = d =>
            $"""
            <b>Round {d.Code}</b>: {d.Title}
            Unit: {d.Unit}
            Questions: {d.Blueprint} ({d.Questions} questions, {d.Seconds} seconds each)
            Opens: {d.Opens} · Closes: {d.Closes}
            Attempts: {d.Attempts} · Ranking: {d.TieBreaks}
            Prediction: {d.Prediction} · Prizes: {d.Prizes}
            Create this round?
            """,
        Create = "✅ Create the round",
        Cancel = "✖ Cancel",
        Created = (code, link) => $"Round <b>{code}</b> is created. Contestants join with <code>/join {code}</code> or the link {link}",
        Cancelled = "Draft cancelled; nothing was created.",
        NoSuchRound = code => $"There is no round <b>{code}</b>.",
        NotYourRound = code => $"Round <b>{code}</b> is not in a unit you organize.",
        NotOpenYet = (code, opens) => $"Round <b>{code}</b> is not open yet; it opens at {opens}.",
        AlreadyClosed = code => $"Round <b>{code}</b> is closed; answers are no longer taken.",
        OutsideScope = code => $"Round <b>{code}</b> is for the members of the organizing unit only; your unit is outside it.",
        NoAttemptsLeft = n => n == 1 ? "You have taken this round already (one attempt each)." : $"You have used all {n} attempts of this round.",
        NeedRegistration = "Register your unit first: type /start.",
        Starting = (title, questions, seconds, closes) =>
            $"🏁 <b>{title}</b>\n{questions} questions, {seconds} seconds each. A press is final; right and wrong are shown when the round closes ({closes}).",
        Resuming = (position, total) => $"Back to your round: question {position}/{total}, its clock is still running.",
        Recorded = "Answer recorded",
        RoundClosedToast = "The round is closed: the answer was not recorded.",
        Done = closes => $"✅ You have finished. Results come when the round closes ({closes}).",
        PredictionParticipants = closes => $"Prediction: <b>how many people</b> will take part in this round? Type a number. (The round closes at {closes}.)",
        PredictionFullMarks = closes => $"Prediction: <b>how many people</b> will get full marks? Type a number. (The round closes at {closes}.)",
        BadPrediction = "Type a whole number from 0 to 1,000,000.",
        PredictionSaved = (n, closes) => $"✅ Prediction {n} recorded. You have finished; results come when the round closes ({closes}).",
        NoOpenRounds = "No round is open for your unit right now.",
        OpenRoundsHeader = "<b>Open rounds</b>",
        RoundLine = (code, title, closes) => $"• <b>{code}</b> {title} — closes at {closes}",
        Invitation = (title, code, closes) => $"📣 Round <b>{title}</b> is open! Press the button below or type <code>/join {code}</code>. Deadline: {closes}.",
        JoinButton = "▶️ Take the round",
        Reminder = (title, left) => $"⏰ Round <b>{title}</b> closes in {left} and you have not started. Press the button below to take it.",
        YourResult = (title, correct, total, seconds, rank, contestants, prize) =>
            $"🏁 Round <b>{title}</b> is closed. You got <b>{correct}/{total}</b> right in {seconds:0.#} seconds, rank <b>{rank}/{contestants}</b>{prize}.",
        DidNotFinish = title => $"🏁 Round <b>{title}</b> closed before you finished; the questions you answered still count.",
        Opened = code => $"Round <b>{code}</b> is open.",
        Closed = (code, n) => $"Round <b>{code}</b> is closed: {n} contestants. Results: <code>/results {code}</code>, file: <code>/export {code}</code>.",
        StillScheduled = code => $"Round <b>{code}</b> is not open yet.",
        NotClosedYet = code => $"Round <b>{code}</b> is not closed yet; results come after the close.",
        NotFinalYet = code => $"Round <b>{code}</b> is being judged; results come once the organizer finalises it (<code>/finalise {code}</code>).",
        ExportCaption = title => $"Results of {title}",
        ExportNeedsTelegram = "Result files are sent over Telegram only; on the server use <code>quizbot export --round CODE --format xlsx</code>.",
        UsageCode = "Give the round's code, e.g. <code>/join XA01</code>.",
        TypeYourAnswer = "Type your answer as one message; only the first message counts.",
        Step = field => field switch
        {
            "code" => "The round's code (2–16 letters A–Z and digits, e.g. <code>XA01</code>): used in <code>/join CODE</code> and the link.",
            "title" => "The round's title, e.g. <i>Commune qualifier</i>:",
            "unit" => "The organizing unit: only its members may take part. Choose, or type a unit code:",
            "mode" => "The kind of round:",
            "questions" => "Questions: type <code>topic:count, …</code> or <code>ids: question-id, …</code> (reviewed questions only). Topics and their reviewed questions:",
            "seconds" => "Seconds per question (choose or type, 10–600):",
            "opens" => "Opening time (Vietnam time), typed as <code>2026-12-05 08:00</code>, or open now:",
            "closes" => "Closing time, typed as <code>2026-12-05 20:00</code>, or choose:",
            "attempts" => "How many attempts each (with more, the best counts; on a tie the earlier one)?",
            "prediction" => "A prediction question (to break ties on the score):",
            _ => "How many first, second, third and consolation prizes (choose or type, e.g. <code>1,2,3,5</code>):",
        },
        StepProblem = p => $"Not quite: {p}",
        ModeSelfPaced = "Multiple choice",
        ModeJudged = "Free text (judged)",
        ModeLive = "Live (the whole group at once)",
        Now = "Open now",
        AfterHour = "After 1 hour",
        AfterDay = "After 1 day",
        AfterWeek = "After 7 days",
        PredictionNone = "None",
        PredictionCount = "How many take part",
        PredictionFull = "How many get full marks",
        AnswerSaved = "✅ Answer recorded.",
        JudgingOpen = (code, answers, waiting) =>
            $"Answering in round <b>{code}</b> is over; judging is open: {answers} answers to score (<code>/judge {code}</code>)." +
            (waiting > 0 ? $"\n⚠️ {waiting} answers have fewer than 2 eligible judges (no judge scores their own base organisation): grant more judges; these answers wait." : ""),
        NotJudging = code => $"Round <b>{code}</b> is not being judged.",
        NothingToJudge = code => $"No answer of round <b>{code}</b> needs you now.",
        JudgeCard = (position, question, answer, model, guidance) =>
            $"<b>Answer — question {position}</b>\n{question}\n\n<b>The answer:</b>\n{answer}" +
            (model is null ? "" : $"\n\n<b>Model answer:</b>\n{model}") + (guidance is null ? "" : $"\n<i>{guidance}</i>") +
            "\n\nScore from 0 to 10 (you may change it until the organizer finalises the results); comment: <code>/comment text</code>.",
        Scored = s => $"Scored <b>{s}</b>.",
        NextAnswer = "➡️ Next answer",
        CommentSaved = "Comment recorded.",
        NoScoreToComment = "You have not scored an answer to comment on.",
        StillUnscored = (code, n) => $"Round <b>{code}</b> cannot be finalised: {n} answers have fewer than 2 judges' scores.",
        Finalised = code => $"The results of round <b>{code}</b> are final.",
        NotJudgedRound = code => $"Round <b>{code}</b> is not a judged round.",
    };
}
