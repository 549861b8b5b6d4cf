using System.Globalization;
using Microsoft.Data.Sqlite;
using QuizBot.LoadTests.Data;
using QuizBot.LoadTests.FakeTelegram;
using QuizBot.LoadTests.Reporting;
using QuizBot.LoadTests.Service;
using QuizBot.LoadTests.Users;

namespace QuizBot.LoadTests;

/// <summary>
/// The round scenario: an organizer creates a self-paced round for one commune through the chat (/newround form,
/// then "✅ Tạo vòng thi"), the service invites every registered member, N seeded contestants start evenly spread
/// over the window, answer every question after a think time and type a prediction, and the service closes the
/// round on time and posts the results. The fake enforces Telegram's limits, on edits as on sends.
/// </summary>
public sealed class ContestRound(RunOptions options, string token, Action<string> progress)
{
    public const int Cap = 30;
    public const string TimeZone = "Asia/Ho_Chi_Minh";
    public const string Code = "LOAD1";
    public const int SecondsPerQuestion = 30;

    /// <summary>A contestant's think time per question: read, pick, press.</summary>
    public static readonly TimeSpan ThinkMin = TimeSpan.FromSeconds(1.5), ThinkMax = TimeSpan.FromSeconds(3);

    /// <summary>Left at the end of the window for the last starters to finish: every question at the longest think
    /// time plus a second of latency each, plus the prediction.</summary>
    public TimeSpan PlayTime => TimeSpan.FromSeconds(options.RoundQuestions * (ThinkMax.TotalSeconds + 1) + 10);

    private readonly long firstChat = RoundSeeder.FirstChatId;

    private bool IsContestant(long chat) => chat >= firstChat && chat < firstChat + options.Users;

    public async Task<RoundFigures> RunAsync(FakeBotApi api, string database)
    {
        var folder = Path.GetDirectoryName(database)!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var extra = new Dictionary<string, string> { ["Quiz__TimeZone"] = TimeZone };
        await ServiceProcess.RunVerbAsync(options.Service, folder, database, "migrate");
        var firstReady = api.ExpectBotReady();
        await using (var first = ServiceProcess.Start(options.Service, folder, database, options.Service.DefaultBank, api.BaseUrl, token, extra))
        {
            await first.WaitReadyAsync(firstReady, TimeSpan.FromSeconds(180));
        }
        RoundSeeder.Seed(database, options.Users, DateTime.UtcNow);
        var blueprint = Blueprint(database, options.RoundQuestions, TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone));
        var window = TimeSpan.FromSeconds(options.Seconds);
        var spread = window - PlayTime;
        if (spread <= TimeSpan.Zero) throw new ArgumentException($"--seconds {options.Seconds} leaves no time to start: a contestant needs about {PlayTime.TotalSeconds:F0} s");

        var ready = api.ExpectBotReady();
        await using var service = ServiceProcess.Start(options.Service, folder, database, options.Service.DefaultBank, api.BaseUrl, token, extra);
        var readyAt = await service.WaitReadyAsync(ready, TimeSpan.FromSeconds(180));
        var startup = RunClock.Seconds(service.SpawnedAt, readyAt);

        // The form takes whole minutes: the close is the first minute boundary far enough ahead, and the organizer
        // presses "create" exactly one window before it.
        var nowUtc = DateTime.UtcNow;
        var now = RunClock.Now;
        var localNow = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone);
        var earliestClose = localNow.Add(window).AddSeconds(15);
        var closeLocal = new DateTime(earliestClose.Year, earliestClose.Month, earliestClose.Day, earliestClose.Hour, earliestClose.Minute, 0).AddMinutes(1);
        var closeUtc = TimeZoneInfo.ConvertTimeToUtc(closeLocal, zone);
        var closeAt = RunClock.After(now, closeUtc - nowUtc);
        var createAt = RunClock.After(closeAt, -window);
        var opensLocal = TimeZoneInfo.ConvertTimeFromUtc(closeUtc - window, zone);
        opensLocal = new DateTime(opensLocal.Year, opensLocal.Month, opensLocal.Day, opensLocal.Hour, opensLocal.Minute, 0);
        var form = string.Join('\n',
            "/newround",
            $"mã: {Code}",
            "tên: Vòng thi tải",
            $"đơn vị: {RoundSeeder.CommuneCode}",
            $"câu hỏi: {blueprint}",
            $"giây mỗi câu: {SecondsPerQuestion}",
            $"mở: {opensLocal:yyyy-MM-dd HH:mm}",
            $"đóng: {closeLocal:yyyy-MM-dd HH:mm}",
            "số lần: 1",
            "dự đoán: participants",
            "giải: 1,2,3,5");

        await using var contestants = new Contestants(api.Updates, firstChat, options.Users, Code, ThinkMin, ThinkMax, seed: 20261203);
        var organizer = new Organizer(api.Updates, RoundSeeder.OrganizerId);
        api.Listener = new Listeners(contestants, organizer, RoundSeeder.OrganizerId);
        progress($"{options.Users:N0} contestants seeded in {RoundSeeder.CommuneCode}; questions {blueprint}; the round closes at {closeLocal:HH:mm} {TimeZone}, " +
                 $"created in {RunClock.Seconds(RunClock.Now, createAt):F0} s (window {window.TotalSeconds:F0} s, starts spread over the first {spread.TotalSeconds:F0} s)");

        await WaitUntilAsync(RunClock.After(createAt, TimeSpan.FromSeconds(-8)));
        organizer.SendText(form);
        var draft = await organizer.Draft.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitUntilAsync(createAt);
        organizer.Press(draft.MessageId, draft.Data);
        var createdAt = await organizer.Created.WaitAsync(TimeSpan.FromSeconds(30));
        var pressedAt = RunClock.Now;
        progress($"round {Code} created and opening ({RunClock.Seconds(pressedAt, closeAt):F0} s to the close)");

        var play = contestants.RunAsync(i => RunClock.After(pressedAt, spread * ((i + 0.5) / options.Users)));
        var lastReport = RunClock.Now;
        while (RunClock.Now < closeAt && !service.HasExited)
        {
            await Task.Delay(500);
            if (RunClock.Seconds(lastReport, RunClock.Now) >= 30)
            {
                lastReport = RunClock.Now;
                var invited = contestants.Seen.GetValueOrDefault(RoundMessageKind.Invitation);
                progress($"round: {RunClock.Seconds(pressedAt, RunClock.Now):F0} s in; invited {invited:N0}, started {contestants.Started:N0}, finished {contestants.Finished:N0}, " +
                         $"answers {contestants.AnswerPresses.Count:N0}, 429s {api.FloodRefusals:N0}");
            }
        }
        if (service.HasExited) throw new ServiceFailedException($"the service exited during the round (exit code {service.ExitCode}): " + string.Join(" | ", service.Problems.TakeLast(5)));
        var finishedBeforeClose = contestants.FinishedAt.Count(t => t != 0 && t <= closeAt);
        progress($"round: closing; {contestants.Finished:N0} of {options.Users:N0} finished, {contestants.AnswerPresses.Count:N0} answers");

        // The results: one per contestant and two for the organizer, in the bulk lane.
        var resultsBy = RunClock.After(closeAt, TimeSpan.FromSeconds(options.Users / (Cap * 0.8) + 90));
        while (RunClock.Now < resultsBy && !service.HasExited && (contestants.Results < contestants.Started || organizer.ResultMessages < 2)) await Task.Delay(500);
        var resultsDoneAt = RunClock.Now;
        await Task.Delay(3000);
        await play;
        var peakRss = service.PeakRssMb();
        await service.StopAsync();
        api.Listener = null;
        var db = RoundSeeder.Read(database, Code);
        return Figures(api.Log.Snapshot(), contestants, organizer, db, service, startup, pressedAt, closeAt, resultsDoneAt, finishedBeforeClose, peakRss, blueprint);
    }

    private RoundFigures Figures(IReadOnlyList<RequestRecord> log, Contestants contestants, Organizer organizer, RoundDatabaseState db, ServiceProcess service,
        double startup, long openedAt, long closeAt, long resultsDoneAt, int finishedBeforeClose, double? peakRss, string blueprint)
    {
        bool Ours(RequestRecord r) => IsContestant(r.ChatId) || r.ChatId == RoundSeeder.OrganizerId;
        bool Message(RequestRecord r) => r.Method is "sendmessage" or "editmessagetext" && r.Status == 200 && Ours(r) && r.AnsweredAt >= openedAt;
        var messages = log.Where(Message).OrderBy(r => r.AnsweredAt).ToList();
        var inWindow = messages.Where(r => r.AnsweredAt <= closeAt).ToList();
        var sends = messages.Count(r => r.Method == "sendmessage");
        var edits = messages.Count(r => r.Method == "editmessagetext");
        var toasts = log.Count(r => r.Method == "answercallbackquery" && r.Status == 200 && r.AnsweredAt >= openedAt);
        var refusals = log.Count(r => r.Status == 429 && r.AnsweredAt >= openedAt);
        var windowSeconds = RunClock.Seconds(openedAt, closeAt);
        var perSecond = new int[(int)Math.Ceiling(windowSeconds) + 1];
        foreach (var r in inWindow) perSecond[Math.Min(perSecond.Length - 1, (int)RunClock.Seconds(openedAt, r.AnsweredAt))]++;
        double TenSeconds(Func<IEnumerable<int>, int> pick) => perSecond.Length > 11 ? pick(Enumerable.Range(0, perSecond.Length - 11).Select(i => perSecond.Skip(i).Take(10).Sum())) / 10.0 : double.NaN;

        var seen = contestants.Seen;
        int Kind(RoundMessageKind k) => seen.GetValueOrDefault(k);
        var invitations = Kind(RoundMessageKind.Invitation);
        var invitationChats = messages.Where(r => r.Method == "sendmessage" && IsContestant(r.ChatId)).GroupBy(r => r.ChatId).Select(g => g.First().AnsweredAt).Order().ToList();
        var invitationWaveEnd = invitationChats.Count >= options.Users ? invitationChats[options.Users - 1] : closeAt;

        var presses = contestants.AnswerPresses.ToList();
        var recorded = presses.Where(p => p.Toast?.StartsWith("Đã ghi nhận", StringComparison.Ordinal) == true).ToList();
        var answered = presses.Where(p => p.AnsweredAt > 0).ToList();
        Percentiles Ms(IEnumerable<PressRecord> ps, Func<PressRecord, long> to) => Percentiles.Of(ps.Where(p => to(p) > 0).Select(p => RunClock.Ms(p.EnqueuedAt, to(p))));
        var afterWave = answered.Where(p => p.EnqueuedAt > invitationWaveEnd).ToList();
        var play = Kind(RoundMessageKind.Heading) + Kind(RoundMessageKind.Question) + Kind(RoundMessageKind.TickRedraw) + Kind(RoundMessageKind.Prediction)
            + Kind(RoundMessageKind.Done) + Kind(RoundMessageKind.PredictionSaved);
        return new RoundFigures(
            options.Users, db.Questions, blueprint, SecondsPerQuestion, Math.Round(windowSeconds, 1), Math.Round((PlayTime).TotalSeconds, 0),
            Math.Round(startup, 2),
            contestants.Started, finishedBeforeClose, db.CompleteAttempts, db.Attempts, db.Answers, db.TimedOutAnswers, db.Predictions,
            recorded.Count, contestants.Refused, contestants.ClosedButtons, presses.Count(p => p.AnsweredAt == 0),
            messages.Count, sends, edits, inWindow.Count, toasts, refusals,
            invitations, Kind(RoundMessageKind.Reminder), Kind(RoundMessageKind.Heading), Kind(RoundMessageKind.Question), Kind(RoundMessageKind.TickRedraw),
            Kind(RoundMessageKind.Prediction), Kind(RoundMessageKind.Done) + Kind(RoundMessageKind.PredictionSaved), Kind(RoundMessageKind.Result),
            organizer.Messages, Kind(RoundMessageKind.Other),
            recorded.Count == 0 ? 0 : Math.Round(messages.Count / (double)recorded.Count, 3),
            recorded.Count == 0 ? 0 : Math.Round(play / (double)recorded.Count, 3),
            db.Attempts == 0 ? 0 : Math.Round(messages.Count / (double)db.Attempts, 2),
            Math.Round(inWindow.Count / windowSeconds, 2), TenSeconds(s => s.Min()), TenSeconds(s => s.Max()), perSecond.Length > 0 ? perSecond.Max() : 0,
            Math.Round(RunClock.Seconds(openedAt, invitationWaveEnd), 1),
            Math.Round(RunClock.Seconds(closeAt, resultsDoneAt), 1),
            Ms(answered, p => p.AnsweredAt), Ms(answered, p => p.NextQuestionAt),
            Ms(afterWave, p => p.AnsweredAt), Ms(afterWave, p => p.NextQuestionAt),
            db.ResultsPosted, db.OutboxFailed, peakRss, service.Warnings, service.Errors, service.Problems.Take(40).ToList());
    }

    /// <summary>Topic:count over the bank's reviewed, non-text questions in force today, the largest topics first.</summary>
    private static string Blueprint(string database, int questions, DateTime localNow)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT Topic, COUNT(*) FROM Questions WHERE Status = 0 AND Type <> 3 AND RetiredAt IS NULL " +
            "AND (ValidFrom IS NULL OR ValidFrom <= $day) AND (ValidUntil IS NULL OR ValidUntil >= $day) GROUP BY Topic ORDER BY COUNT(*) DESC, Topic";
        command.Parameters.AddWithValue("$day", localNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var topics = new List<(string Topic, int Available)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) topics.Add((reader.GetString(0), reader.GetInt32(1)));
        }
        var take = topics.Take(5).Select(t => (t.Topic, Count: 0)).ToList();
        for (var left = questions; left > 0;)
        {
            var before = left;
            for (var i = 0; i < take.Count && left > 0; i++)
            {
                if (take[i].Count >= topics[i].Available) continue;
                take[i] = (take[i].Topic, take[i].Count + 1);
                left--;
            }
            if (left == before) throw new InvalidOperationException($"the bank has fewer than {questions} reviewed questions in its five largest topics");
        }
        return string.Join(", ", take.Where(t => t.Count > 0).Select(t => $"{t.Topic}:{t.Count}"));
    }

    private static async Task WaitUntilAsync(long at)
    {
        var wait = RunClock.Seconds(RunClock.Now, at);
        if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait));
    }

    public static IReadOnlyList<BudgetLine> Budget(RoundFigures r)
    {
        var c = CultureInfo.InvariantCulture;
        // The target in Telegram's own budget: 2,000 contestants × 20 questions in 30 minutes at 30/s.
        var realBudget = Cap * 1800.0;
        var contestantsInBudget = r.MessagesPerContestant > 0 ? realBudget / r.MessagesPerContestant : 0;
        return
        [
            new("contestants served (every question answered before the close)", string.Create(c, $"{r.Contestants:N0}"),
                string.Create(c, $"{r.CompleteAttempts:N0} of {r.Contestants:N0}"), r.CompleteAttempts >= r.Contestants),
            new("messages per answered question (all round messages ÷ answers)", "≈ 1", string.Create(c, $"{r.MessagesPerAnswer:F2} ({r.PlayMessagesPerAnswer:F2} in play)"), null),
            new($"message rate in the window (cap {Cap}/s)", "at the cap, 0 × 429", string.Create(c, $"{r.MessagesPerSecondInWindow:F1}/s, {r.Refused429:N0} × 429"), r.Refused429 == 0),
            new("p99 press→next question", "≤ 1,000 ms", string.Create(c, $"{r.PressToNextQuestionMs.P99} ms"), r.PressToNextQuestionMs.P99 <= 1000),
            new("answers refused", "0", string.Create(c, $"{r.Refused + r.ButtonClosed:N0}"), r.Refused + r.ButtonClosed == 0),
            new("contestants in a real 30-min round at this cost", "≥ 2,000", string.Create(c, $"{contestantsInBudget:N0} ({realBudget:N0} messages ÷ {r.MessagesPerContestant:F2} each)"),
                contestantsInBudget >= 2000),
        ];
    }

    /// <summary>The organizer: sends the form, presses "create", and counts what the round sends them.</summary>
    private sealed class Organizer(UpdateQueue queue, long id)
    {
        private readonly TaskCompletionSource<(int MessageId, string Data)> draft = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<long> created = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int messages, resultMessages, nextMessage = 1;

        public Task<(int MessageId, string Data)> Draft => draft.Task;

        public Task<long> Created => created.Task;

        public int Messages => messages;

        public int ResultMessages => resultMessages;

        public void SendText(string text)
        {
            var messageId = Interlocked.Increment(ref nextMessage);
            queue.Enqueue(updateId => UpdateJson.TextMessage(updateId, id, messageId, text), press: null);
        }

        public void Press(int messageId, string data)
        {
            var callback = $"org{Interlocked.Increment(ref nextMessage)}";
            queue.Enqueue(updateId => UpdateJson.CallbackQuery(updateId, callback, id, messageId, data), press: null);
        }

        public void OnBotMessage(BotMessage message)
        {
            Interlocked.Increment(ref messages);
            if (message.Buttons.SelectMany(r => r).FirstOrDefault(b => b.Data is { } d && d.StartsWith("rd:", StringComparison.Ordinal) && d.EndsWith(":ok", StringComparison.Ordinal)) is { } create)
            {
                draft.TrySetResult((message.MessageId, create.Data!));
            }
            else if (message.Text.StartsWith("Đã tạo vòng thi", StringComparison.Ordinal)) created.TrySetResult(message.At);
            else if (message.Text.StartsWith("Chưa tạo được", StringComparison.Ordinal)) draft.TrySetException(new InvalidOperationException("the form was refused: " + message.Text));
            // After the creation the organizer hears only of the close: "closed, n contestants", then the results.
            else if (created.Task.IsCompleted) Interlocked.Increment(ref resultMessages);
        }
    }

    private sealed class Listeners(Contestants contestants, Organizer organizer, long organizerId) : IBotApiListener
    {
        public void OnBotMessage(BotMessage message)
        {
            if (message.ChatId == organizerId) organizer.OnBotMessage(message);
            else contestants.OnBotMessage(message);
        }

        public void OnCallbackAnswered(string callbackQueryId, string? text, long at)
        {
            if (!callbackQueryId.StartsWith("org", StringComparison.Ordinal)) contestants.OnCallbackAnswered(callbackQueryId, text, at);
        }
    }
}

/// <param name="WindowSeconds">From the organizer's "create" press (the round opens) to the close.</param>
/// <param name="PlayTimeSeconds">Kept free at the end of the window: contestants start spread over the rest.</param>
/// <param name="FinishedBeforeClose">Contestants who saw "done" / "prediction recorded" before the close.</param>
/// <param name="CompleteAttempts">Attempts with an in-time answer to every question (from the database).</param>
/// <param name="Messages">Every sendMessage and editMessageText the service made to the round's chats from the
/// opening to the last result (accepted by the fake), the organizer's included.</param>
/// <param name="MessagesPerAnswer">Messages ÷ answers recorded.</param>
/// <param name="PlayMessagesPerAnswer">The messages of play (heading, questions, tick redraws, prediction prompt,
/// "done") ÷ answers recorded.</param>
/// <param name="InvitationWaveSeconds">From the opening to the last contestant's first message (the invitation).</param>
/// <param name="ResultsSeconds">From the close until every contestant who started had their result.</param>
/// <param name="AfterInvitationsToastMs">The same latencies for presses made after the invitation wave.</param>
public sealed record RoundFigures(
    int Contestants,
    int Questions,
    string Blueprint,
    int SecondsPerQuestion,
    double WindowSeconds,
    double PlayTimeSeconds,
    double StartupSeconds,
    int Started,
    int FinishedBeforeClose,
    long CompleteAttempts,
    long Attempts,
    long AnswersInDatabase,
    long TimedOutAnswers,
    long Predictions,
    int AnswersRecorded,
    int Refused,
    int ButtonClosed,
    int PressesUnanswered,
    int Messages,
    int Sends,
    int Edits,
    int MessagesInWindow,
    int Toasts,
    int Refused429,
    int Invitations,
    int Reminders,
    int Headings,
    int QuestionMessages,
    int TickRedraws,
    int PredictionPrompts,
    int DoneMessages,
    int ResultMessages,
    int OrganizerMessages,
    int OtherMessages,
    double MessagesPerAnswer,
    double PlayMessagesPerAnswer,
    double MessagesPerContestant,
    double MessagesPerSecondInWindow,
    double SlowestTenSecondsRate,
    double FastestTenSecondsRate,
    int FastestSecond,
    double InvitationWaveSeconds,
    double ResultsSeconds,
    Percentiles PressToToastMs,
    Percentiles PressToNextQuestionMs,
    Percentiles AfterInvitationsToastMs,
    Percentiles AfterInvitationsNextQuestionMs,
    bool ResultsPosted,
    long OutboxFailed,
    double? PeakRssMb,
    int ServiceWarnings,
    int ServiceErrors,
    IReadOnlyList<string> ServiceProblems);
