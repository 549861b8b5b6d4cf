using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using QuizBot.LoadTests.FakeTelegram;
using QuizBot.LoadTests.Reporting;
using QuizBot.LoadTests.Service;

namespace QuizBot.LoadTests;

/// <summary>
/// The live scenario: a group admin sends <c>/quiz 1</c> in a supergroup (the fake's getChatMember calls them an
/// administrator); once the question is on screen, --users distinct members press one of its buttons, evenly
/// spread over --seconds, plus 1 % second presses by members who already answered. Measured at the fake: each
/// press's answerCallbackQuery (once, and how soon after the press was offered), the reveal (an edit of the
/// question message) and when it came; in the service's database afterwards: each press recorded once, with its
/// own time, and the same counts as the reveal shows.
/// </summary>
public sealed partial class LiveQuiz(RunOptions options, string token, Action<string> progress)
{
    public const long GroupId = -1_001_000_000_001;
    public const long AdminId = 6_099_999_999;
    public const long FirstMemberId = 6_100_000_000;
    public const double DuplicateShare = 0.01;

    /// <summary>LiveGames.DefaultSeconds: the service gives a group question 20 seconds.</summary>
    public const int SecondsPerQuestion = 20;

    /// <summary>How the members spread over the options (in screen order; any beyond the fourth as the fourth), so
    /// that every count differs.</summary>
    private static readonly double[] Preference = [0.4, 0.3, 0.2, 0.1];

    private static double Weight(int shown) => Preference[Math.Min(shown, Preference.Length - 1)];

    private sealed record Planned(double At, int Member, int Shown, bool Again);

    public static FakeBotApiOptions FakeOptions(string token) => new()
    {
        Token = token, EnforceLimits = true, LimitEdits = true, GroupAdmins = new HashSet<long> { AdminId },
    };

    public async Task<LiveFigures> RunAsync(FakeBotApi api, string database)
    {
        var folder = Path.GetDirectoryName(database)!;
        var extra = new Dictionary<string, string>();
        int? port = null;
        if (options.Transport == "webhook")
        {
            port = ServiceProcess.FreePort();
            extra["Telegram__Mode"] = "Webhook";
            extra["Telegram__WebhookSecret"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            extra["Telegram__WebhookUrl"] = $"http://127.0.0.1:{port}{LoadRun.WebhookPath}";
        }
        var ready = api.ExpectBotReady();
        await using var service = ServiceProcess.Start(options.Service, folder, database, options.Service.DefaultBank, api.BaseUrl, token, extra, port);
        var readyAt = await service.WaitReadyAsync(ready, TimeSpan.FromSeconds(180));
        var startup = RunClock.Seconds(service.SpawnedAt, readyAt);
        progress($"service ready in {startup:F2} s over {options.Transport} (pid {service.Pid}); the admin sends /quiz 1 in group {GroupId}");

        var group = new Group();
        api.Listener = group;
        api.Updates.Enqueue(id => UpdateJson.TextMessage(id, AdminId, GroupId, messageId: 1, "/quiz 1"), press: null);
        var question = await group.Question.WaitAsync(TimeSpan.FromSeconds(60));
        var deadline = RunClock.After(question.At, TimeSpan.FromSeconds(SecondsPerQuestion));
        var buttons = question.Buttons.SelectMany(r => r).Where(b => b.Data?.StartsWith("lv:", StringComparison.Ordinal) == true).ToList();
        progress($"question on screen (message {question.MessageId}, {buttons.Count} options); {options.Users:N0} members press over {options.Seconds} s");

        var plan = Plan(buttons.Count);
        var profile = options.TracePath is { } trace
            ? ThreadTimeProfile.Start(service.Pid, TimeSpan.FromSeconds(options.Seconds + 3), Path.GetFullPath(trace), progress)
            : null;
        var (cpuBefore, harnessBefore, pressesFrom) = (service.CpuSeconds(), HarnessCpu(), RunClock.Now);
        var anchorUtc = DateTime.UtcNow;
        var anchor = RunClock.Now;
        var presses = await Task.Factory.StartNew(() => Offer(api.Updates, group, question.MessageId, buttons, plan), TaskCreationOptions.LongRunning);
        var offeredSeconds = RunClock.Seconds(presses[0].Update!.EnqueuedAt, presses[^1].Update!.EnqueuedAt);
        progress($"{presses.Count:N0} presses offered in {offeredSeconds:F2} s; {group.Toasts:N0} toasts so far");

        // Every press answered, then the reveal: it is due 20 s after the question, and given up to 15 s beyond.
        var giveUp = RunClock.After(deadline, TimeSpan.FromSeconds(15));
        while (RunClock.Now < giveUp && !service.HasExited && presses.Any(p => p.AnsweredAt == 0)) await Task.Delay(20);
        var pressSeconds = RunClock.Seconds(pressesFrom, RunClock.Now);
        var cpu = ((service.CpuSeconds() - cpuBefore) / pressSeconds, (HarnessCpu() - harnessBefore) / pressSeconds);
        while (RunClock.Now < giveUp && !service.HasExited && group.Reveal is null) await Task.Delay(100);
        // The board's edit follows the reveal; a second toast for a press would come by now too.
        await Task.Delay(2000);
        if (service.HasExited) throw new ServiceFailedException($"the service exited during the game (exit code {service.ExitCode}): " + string.Join(" | ", service.Problems.TakeLast(5)));
        var peakRss = service.PeakRssMb();
        var connections = api.WebhookConnections;
        var roundTrips = Percentiles.Of(api.WebhookRoundTripsMs.ToList());
        await service.StopAsync();
        api.Listener = null;

        var gameId = int.Parse(buttons[0].Data!.Split(':')[1], CultureInfo.InvariantCulture);
        var recorded = ReadPresses(database, gameId);
        var figures = Figures(api, group, service, presses, recorded, question, deadline, anchorUtc, anchor, startup, cpu, connections, roundTrips, peakRss)
            with { WebhookFailureReasons = api.WebhookFailureReasons };
        return profile is null ? figures : figures with { Profile = await profile.SummariseAsync() };
    }

    /// <summary>Who presses what, when (in seconds from the start of the spread): each member once, evenly spread,
    /// and 1 % of them a second time, a moment later, on another option.</summary>
    private List<Planned> Plan(int choices)
    {
        var random = new Random(20261203);
        var (members, spread) = (options.Users, options.Seconds);
        var total = Enumerable.Range(0, choices).Sum(Weight);
        int Pick()
        {
            var roll = random.NextDouble() * total;
            for (var shown = 0; shown < choices - 1; shown++)
            {
                if ((roll -= Weight(shown)) < 0) return shown;
            }
            return choices - 1;
        }
        var plan = Enumerable.Range(0, members).Select(i => new Planned(spread * (i + 0.5) / members, i, Pick(), Again: false)).ToList();
        var again = (int)Math.Round(members * DuplicateShare);
        for (var k = 0; k < again; k++)
        {
            // Members from the first 90 % of the spread, 10 % of it later: still inside it.
            var first = plan[(int)((k + 0.5) / again * 0.9 * members)];
            plan.Add(first with { At = first.At + 0.1 * spread, Shown = (first.Shown + 1) % choices, Again = true });
        }
        return plan.OrderBy(p => p.At).ToList();
    }

    /// <summary>Offers the planned presses on time, on a thread of its own that wakes every millisecond and offers
    /// what has come due (spinning for each press's exact moment would take a core from the service on a 2-core
    /// machine); each press is stamped by the queue when it is put there.</summary>
    private static List<Press> Offer(UpdateQueue queue, Group group, int messageId, IReadOnlyList<BotButton> buttons, List<Planned> plan)
    {
        var presses = new List<Press>(plan.Count);
        var start = RunClock.Now;
        foreach (var (at, member, shown, again) in plan)
        {
            var due = RunClock.After(start, TimeSpan.FromSeconds(at));
            while (RunClock.Now < due) Thread.Sleep(1);
            var press = new Press($"lq{presses.Count}", FirstMemberId + member, shown, again);
            group.Expect(press);
            press.Update = queue.Enqueue(id => UpdateJson.CallbackQuery(id, press.CallbackId, press.UserId, GroupId, messageId, buttons[shown].Data!), press: null);
            presses.Add(press);
        }
        return presses;
    }

    private sealed record RecordedPress(long UserId, int Option, DateTime PressedAt, bool IsCorrect);

    private static List<RecordedPress> ReadPresses(string database, int gameId)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT "UserId", "Option", "PressedAt", "IsCorrect" FROM "LivePresses" WHERE "GameId" = $game AND "Index" = 0""";
        command.Parameters.AddWithValue("$game", gameId);
        var rows = new List<RecordedPress>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var at = DateTime.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            rows.Add(new RecordedPress(reader.GetInt64(0), reader.GetInt32(1), at, reader.GetBoolean(3)));
        }
        return rows;
    }

    private LiveFigures Figures(FakeBotApi api, Group group, ServiceProcess service, List<Press> presses, List<RecordedPress> recorded,
        BotMessage question, long deadline, DateTime anchorUtc, long anchor, double startup, (double Service, double Harness) cpu, int? connections, Percentiles roundTrips, double? peakRss)
    {
        var firsts = presses.Where(p => !p.Again).ToList();
        var answered = presses.Where(p => p.AnsweredAt > 0).ToList();
        Percentiles Ms(Func<Press, long> from) => Percentiles.Of(answered.Where(p => from(p) > 0).Select(p => RunClock.Ms(from(p), p.AnsweredAt)));
        DateTime Utc(long at) => anchorUtc.AddTicks((long)(RunClock.Seconds(anchor, at) * TimeSpan.TicksPerSecond));

        // Its own time: the recorded PressedAt lies between the press being offered and its toast (a few ms either
        // side for the two clocks' reading of the same moment).
        var byUser = firsts.ToDictionary(p => p.UserId);
        var tolerance = TimeSpan.FromMilliseconds(5);
        var ownTime = recorded.Where(r => byUser.ContainsKey(r.UserId)).Select(r =>
        {
            var press = byUser[r.UserId];
            var offered = Utc(press.Update!.EnqueuedAt);
            var toast = press.AnsweredAt > 0 ? Utc(press.AnsweredAt) : DateTime.MaxValue;
            var delivered = press.Update.DeliveredAt > 0 ? Utc(press.Update.DeliveredAt) : offered;
            return (Lag: (r.PressedAt - offered).TotalMilliseconds, SinceDelivery: (r.PressedAt - delivered).TotalMilliseconds,
                Inside: r.PressedAt >= offered - tolerance && r.PressedAt <= toast + tolerance);
        }).ToList();
        var offeredSpread = RunClock.Seconds(firsts.Min(p => p.Update!.EnqueuedAt), firsts.Max(p => p.Update!.EnqueuedAt));
        var recordedSpread = recorded.Count > 1 ? (recorded.Max(r => r.PressedAt) - recorded.Min(r => r.PressedAt)).TotalSeconds : 0;

        // The reveal against the database, option by option in screen order: a member's row names the bank option
        // behind the button they pressed.
        var shownToOption = recorded.Where(r => byUser.ContainsKey(r.UserId)).GroupBy(r => byUser[r.UserId].Shown)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Option).Distinct().ToList());
        var choices = question.Buttons.SelectMany(r => r).Count(b => b.Data?.StartsWith("lv:", StringComparison.Ordinal) == true);
        var databaseCounts = Enumerable.Range(0, choices)
            .Select(shown => shownToOption.TryGetValue(shown, out var o) && o.Count == 1 ? recorded.Count(r => r.Option == o[0]) : -1).ToArray();
        var reveal = group.Reveal;
        var revealCounts = reveal is null ? [] : RevealCount().Matches(reveal.Text).Select(m => Number(m.Groups[1].Value)).ToArray();
        var right = reveal is null ? null : RightCount().Match(reveal.Text) is { Success: true } m ? (Number(m.Groups[1].Value), Number(m.Groups[2].Value)) : ((int, int)?)null;

        var requests = api.Log.Snapshot();
        return new LiveFigures(
            options.Transport, options.Users, presses.Count - firsts.Count, options.Seconds, choices, Math.Round(startup, 2),
            Math.Round(offeredSpread, 3),
            presses.Count(p => p.AnswerCalls == 1), presses.Count(p => p.AnswerCalls == 0), presses.Count(p => p.AnswerCalls > 1), group.UnknownToasts,
            firsts.Count(p => p.Toast == Recorded), presses.Count(p => p.Again && p.Toast?.StartsWith(AlreadyAnswered, StringComparison.Ordinal) == true),
            presses.Count(p => p.Toast == Closed), presses.Count(p => p.Toast is { } t && t != Recorded && t != Closed && !t.StartsWith(AlreadyAnswered, StringComparison.Ordinal)),
            Ms(p => p.Update!.EnqueuedAt), Ms(p => p.Update!.DeliveredAt),
            recorded.Count, recorded.Select(r => r.UserId).Distinct().Count(), recorded.Count(r => !byUser.ContainsKey(r.UserId)),
            recorded.Count(r => byUser.TryGetValue(r.UserId, out var p) && p.Toast != Recorded),
            recorded.Count(r => r.IsCorrect),
            ownTime.Count == 0 ? double.NaN : Math.Round(ownTime.Max(o => o.Lag), 1), ownTime.Count == 0 ? double.NaN : Math.Round(ownTime.Min(o => o.Lag), 1),
            ownTime.Count == 0 ? double.NaN : Math.Round(ownTime.Max(o => o.SinceDelivery), 1),
            ownTime.Count(o => !o.Inside), Math.Round(recordedSpread, 3),
            reveal is not null, revealCounts, databaseCounts, right?.Item1, right?.Item2,
            reveal is null ? null : Math.Round(RunClock.Seconds(deadline, reveal.ReceivedAt), 3),
            group.BoardEdits, requests.Count(r => r.Method is "sendmessage" && r.ChatId == GroupId && r.Status == 200),
            requests.Count(r => r.Method is "editmessagetext" && r.ChatId == GroupId && r.Status == 200), api.FloodRefusals, api.Redeliveries, api.WebhookFailures,
            connections, roundTrips, Math.Round(cpu.Service, 2), Math.Round(cpu.Harness, 2), peakRss, service.Warnings, service.Errors, service.Problems.Take(40).ToList());
    }

    private static double HarnessCpu() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static int Number(string text) => int.Parse(text.Replace(".", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>An option's line in the reveal: " — <b>1.234</b> (40 %)" (vi-VN digits).</summary>
    [GeneratedRegex(@" — <b>([\d.]+)</b> \(\d+ %\)")]
    private static partial Regex RevealCount();

    [GeneratedRegex(@"👥 ([\d.]+)/([\d.]+) ")]
    private static partial Regex RightCount();

    private const string Recorded = "Đã ghi nhận câu trả lời";
    private const string AlreadyAnswered = "Bạn đã trả lời câu này rồi";
    private const string Closed = "Câu hỏi này đã đóng.";

    public static IReadOnlyList<BudgetLine> Budget(LiveFigures l)
    {
        var c = CultureInfo.InvariantCulture;
        var presses = l.Members + l.SecondPresses;
        var countsMatch = l.RevealShown && l.RevealCounts.SequenceEqual(l.DatabaseCounts) && l.RevealAnswered == l.Recorded && l.RevealRight == l.RecordedRight;
        return
        [
            new("every press answered (answerCallbackQuery) exactly once", string.Create(c, $"{presses:N0} × 1"),
                string.Create(c, $"{l.AnsweredOnce:N0} once, {l.NeverAnswered:N0} never, {l.AnsweredTwice:N0} twice, {l.UnknownToasts:N0} unknown"),
                l.AnsweredOnce == presses && l.UnknownToasts == 0),
            new("p99 press offered→toast", "≤ 1,000 ms", string.Create(c, $"{l.OfferedToToastMs.P99:N0} ms (max {l.OfferedToToastMs.Max:N0})"), l.OfferedToToastMs.P99 <= 1000),
            new("every answer recorded once (db)", string.Create(c, $"{l.Members:N0} rows, distinct members"),
                string.Create(c, $"{l.Recorded:N0} rows, {l.RecordedDistinct:N0} members, {l.RecordedNotToasted:N0} without a 'recorded' toast"),
                l.Recorded == l.Members && l.RecordedDistinct == l.Members && l.RecordedStrangers == 0 && l.RecordedNotToasted == 0),
            new("with its own time (offered ≤ PressedAt ≤ toast)", "all", string.Create(c, $"{l.Recorded - l.OutsideOwnTime:N0} of {l.Recorded:N0}; lag {l.MinLagMs:N1}…{l.MaxLagMs:N1} ms; spread {l.RecordedSpreadSeconds:F2} s vs {l.OfferedSpreadSeconds:F2} s offered"),
                l.OutsideOwnTime == 0 && l.Recorded > 0),
            new("reveal's counts = database's", "equal", string.Create(c, $"reveal [{string.Join(", ", l.RevealCounts)}] {l.RevealRight}/{l.RevealAnswered}, db [{string.Join(", ", l.DatabaseCounts)}] {l.RecordedRight}/{l.Recorded}"), countsMatch),
            new("reveal on screen after the deadline", "≤ 2 s", l.RevealDelaySeconds is { } d ? string.Create(c, $"{d:F2} s") : "never", l.RevealDelaySeconds <= 2),
        ];
    }

    /// <summary>One member's press, as the fake saw it answered.</summary>
    private sealed class Press(string callbackId, long userId, int shown, bool again)
    {
        private long answeredAt;
        private int answerCalls;

        public string CallbackId => callbackId;
        public long UserId => userId;
        public int Shown => shown;

        /// <summary>A second press by a member who already pressed.</summary>
        public bool Again => again;

        public PendingUpdate? Update { get; set; }
        public string? Toast { get; private set; }
        public long AnsweredAt => Interlocked.Read(ref answeredAt);
        public int AnswerCalls => Volatile.Read(ref answerCalls);

        public void Answered(string? toast, long at)
        {
            if (Interlocked.Increment(ref answerCalls) != 1) return;
            Toast = toast;
            Interlocked.Exchange(ref answeredAt, at);
        }
    }

    /// <summary>The group as its members see it: the question when it comes, toasts, and the reveal.</summary>
    private sealed class Group : IBotApiListener
    {
        private readonly TaskCompletionSource<BotMessage> question = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<string, Press> expected = new();
        private int? boardId;
        private int toasts, unknownToasts, boardEdits;
        private BotMessage? reveal;

        public Task<BotMessage> Question => question.Task;
        public BotMessage? Reveal => Volatile.Read(ref reveal);
        public int Toasts => Volatile.Read(ref toasts);
        public int UnknownToasts => Volatile.Read(ref unknownToasts);
        public int BoardEdits => Volatile.Read(ref boardEdits);

        public void Expect(Press press) => expected[press.CallbackId] = press;

        public void OnBotMessage(BotMessage message)
        {
            if (message.ChatId != GroupId) return;
            if (!message.IsEdit)
            {
                if (message.Buttons.SelectMany(r => r).Any(b => b.Data?.StartsWith("lv:", StringComparison.Ordinal) == true)) question.TrySetResult(message);
                else boardId ??= message.MessageId;
            }
            else if (question.Task.IsCompleted && message.MessageId == question.Task.Result.MessageId) Interlocked.CompareExchange(ref reveal, message, null);
            else if (message.MessageId == boardId) Interlocked.Increment(ref boardEdits);
        }

        public void OnCallbackAnswered(string callbackQueryId, string? text, long at)
        {
            Interlocked.Increment(ref toasts);
            if (expected.TryGetValue(callbackQueryId, out var press)) press.Answered(text, at);
            else Interlocked.Increment(ref unknownToasts);
        }
    }
}

/// <param name="SecondPresses">Presses by members who had already pressed (1 %), answered "already answered".</param>
/// <param name="OfferedSpreadSeconds">First to last member's press put in the fake's queue.</param>
/// <param name="OfferedToToastMs">From the press put in the fake's update queue (what getUpdates serves, what the
/// webhook pusher posts) to its answerCallbackQuery arriving at the fake.</param>
/// <param name="DeliveredToToastMs">From the getUpdates answer carrying the press (polling) or the start of its
/// webhook POST, to its answerCallbackQuery.</param>
/// <param name="RecordedNotToasted">Rows whose member was not told "recorded".</param>
/// <param name="MaxLagMs">The largest PressedAt − offered time over the rows: how late the service dates a press.</param>
/// <param name="MaxLagFromDeliveryMs">The same from the press's delivery (getUpdates answered, webhook POST sent).</param>
/// <param name="OutsideOwnTime">Rows whose PressedAt lies outside [offered, toast] (± 5 ms).</param>
/// <param name="RevealCounts">Per option, in screen order, as the reveal shows them.</param>
/// <param name="DatabaseCounts">Per option, in screen order, from LivePresses (−1: the option's rows disagree on
/// which bank option the button stood for).</param>
/// <param name="WebhookConnections">The max_connections the service asked for in setWebhook (the fake's pusher
/// delivers that many at once); null over polling.</param>
/// <param name="WebhookRoundTripMs">Each accepted webhook POST, sent to 200 (the service answers once the update is
/// stored): connections ÷ this is the most the webhook takes in per second.</param>
/// <param name="ServiceCores">CPU, in cores, from the first press offered to the last one answered.</param>
/// <param name="RevealDelaySeconds">From the deadline (the fake's answer to the question's sendMessage + 20 s) to the
/// reveal's editMessageText arriving.</param>
public sealed record LiveFigures(
    string Transport,
    int Members,
    int SecondPresses,
    int SpreadSeconds,
    int Options,
    double StartupSeconds,
    double OfferedSpreadSeconds,
    int AnsweredOnce,
    int NeverAnswered,
    int AnsweredTwice,
    int UnknownToasts,
    int RecordedToasts,
    int AlreadyAnsweredToasts,
    int ClosedToasts,
    int OtherToasts,
    Percentiles OfferedToToastMs,
    Percentiles DeliveredToToastMs,
    int Recorded,
    int RecordedDistinct,
    int RecordedStrangers,
    int RecordedNotToasted,
    int RecordedRight,
    double MaxLagMs,
    double MinLagMs,
    double MaxLagFromDeliveryMs,
    int OutsideOwnTime,
    double RecordedSpreadSeconds,
    bool RevealShown,
    int[] RevealCounts,
    int[] DatabaseCounts,
    int? RevealRight,
    int? RevealAnswered,
    double? RevealDelaySeconds,
    int BoardEdits,
    int GroupSends,
    int GroupEdits,
    int Refused429,
    int Redeliveries,
    int WebhookFailures,
    int? WebhookConnections,
    Percentiles WebhookRoundTripMs,
    double ServiceCores,
    double HarnessCores,
    double? PeakRssMb,
    int ServiceWarnings,
    int ServiceErrors,
    IReadOnlyList<string> ServiceProblems)
{
    /// <summary>Why the first few webhook deliveries failed (each was delivered again).</summary>
    public IReadOnlyList<string> WebhookFailureReasons { get; init; } = [];

    /// <summary>With --trace: the service's thread time from the first press on.</summary>
    public IReadOnlyList<string> Profile { get; init; } = [];
}
