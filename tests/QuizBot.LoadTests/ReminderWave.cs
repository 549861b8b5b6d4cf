using System.Diagnostics;
using System.Globalization;
using QuizBot.LoadTests.Data;
using QuizBot.LoadTests.FakeTelegram;
using QuizBot.LoadTests.Reporting;
using QuizBot.LoadTests.Service;
using QuizBot.LoadTests.Users;

namespace QuizBot.LoadTests;

/// <summary>
/// The reminders scenario: N registered participants with their daily reminder at the same local minute, sent by
/// the service's own sweep against a fake that enforces Telegram's limits; the service is killed (SIGKILL) part-way
/// through the wave and restarted on the same database, and a few other users practise all along.
/// </summary>
public sealed class ReminderWave(RunOptions options, string token, Action<string> progress)
{
    public const int Cap = 30;
    public const string TimeZone = "Asia/Ho_Chi_Minh";

    /// <summary>Seconds a practising user takes over each question: about what a person needs, and slower than
    /// Telegram's 1/s per chat (an answer costs two messages, the result edit and the next question), so what the
    /// latency shows is the service, not the chat's own limit; at 2 s the chat's limiter alone made it ~1.4 s.</summary>
    private const double ThinkSeconds = 6;

    /// <summary>Between the seeding and the reminders' minute: the service starts and the practisers register.</summary>
    private static readonly TimeSpan LeadTime = TimeSpan.FromSeconds(60);

    /// <summary>A wave that sends nothing new for this long (more than a sweep's minute) has stalled.</summary>
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(150);

    private readonly long firstChat = ReminderSeeder.FirstChatId;

    private bool IsReminderChat(long chat) => chat >= firstChat && chat < firstChat + options.Users;

    public async Task<ReminderFigures> RunAsync(FakeBotApi api, string database)
    {
        var folder = Path.GetDirectoryName(database)!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var extra = new Dictionary<string, string> { ["Quiz__TimeZone"] = TimeZone };
        await ServiceProcess.RunVerbAsync(options.Service, folder, database, "migrate");
        // One start on the real bank fills Units, which the seeded participants point at.
        var firstReady = api.ExpectBotReady();
        await using (var first = StartService(api, folder, database, extra))
        {
            await first.WaitReadyAsync(firstReady, TimeSpan.FromSeconds(180));
        }

        var nowUtc = DateTime.UtcNow;
        var nowTimestamp = RunClock.Now;
        var local = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone).Add(LeadTime);
        var minuteLocal = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0).AddMinutes(1);
        if (minuteLocal.Date != TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone).Date)
        {
            throw new InvalidOperationException("the reminders' minute would fall on the next local day: run again after midnight " + TimeZone);
        }
        var minuteUtc = TimeZoneInfo.ConvertTimeToUtc(minuteLocal, zone);
        // The machine's clock mapped onto the monotonic one, once: the service's sweep fires by the wall clock.
        var minuteStart = RunClock.After(nowTimestamp, minuteUtc - nowUtc);
        var reminderAt = TimeOnly.FromDateTime(minuteLocal);
        ReminderSeeder.Seed(database, options.Users, reminderAt, nowUtc);
        progress($"{options.Users:N0} participants with a reminder at {reminderAt:HH:mm} {TimeZone} (in {(minuteUtc - DateTime.UtcNow).TotalSeconds:F0} s); " +
                 $"at {Cap}/s they take {options.Users / (double)Cap:F0} s");

        var services = new List<ServiceProcess>();
        var readyTask = api.ExpectBotReady();
        var service = StartService(api, folder, database, extra);
        services.Add(service);
        try
        {
            var readyAt = await service.WaitReadyAsync(readyTask, TimeSpan.FromSeconds(180));
            var startup = RunClock.Seconds(service.SpawnedAt, readyAt);

            // Practisers: not in the reminder set, registering and practising through the whole wave.
            await using var simulation = new UserSimulation(api.Updates, Enumerable.Range(0, options.Practisers).Select(i => 6_000_000_000L + i), options.PracticeSize, seed: 20261202);
            simulation.Phase = 1;
            simulation.PacedRate = options.Practisers / ThinkSeconds;
            api.Listener = simulation;
            var practiseFrom = RunClock.Now;
            simulation.Start();

            var reminded = new Dictionary<long, int>();
            var seen = 0;
            long firstSend = 0, lastNewSend = 0;
            IReadOnlyList<RequestRecord> log = [];
            int Refresh()
            {
                log = api.Log.Snapshot();
                for (; seen < log.Count; seen++)
                {
                    var r = log[seen];
                    if (r.Method != "sendmessage" || r.Status != 200 || !IsReminderChat(r.ChatId)) continue;
                    if (firstSend == 0) firstSend = r.AnsweredAt;
                    reminded[r.ChatId] = reminded.GetValueOrDefault(r.ChatId) + 1;
                    lastNewSend = RunClock.Now;
                }
                return reminded.Count;
            }

            var killTarget = options.KillAt > 0 ? (int)Math.Ceiling(options.Users * options.KillAt) : int.MaxValue;
            var deadline = RunClock.After(minuteStart, TimeSpan.FromSeconds(options.Users / (Cap * 0.8) + 300));
            var lastReport = RunClock.Now;
            long killedAt = 0, restartedReadyAt = 0, restartSpawnedAt = 0;
            int remindedAtKill = 0;
            ReminderDatabaseState? atKill = null;
            HashSet<long> sentAtKill = [];
            while (RunClock.Now < deadline)
            {
                await Task.Delay(200);
                var count = Refresh();
                if (count >= options.Users) break;
                if (service.HasExited && killedAt == 0) throw new ServiceFailedException($"the service exited during the wave (exit code {service.ExitCode}, {RunClock.Seconds(minuteStart, RunClock.Now):F1} s from the minute): " + string.Join(" | ", service.Problems.TakeLast(5)));
                var quietSince = Math.Max(lastNewSend, killedAt == 0 ? minuteStart : restartedReadyAt);
                if (RunClock.Now > minuteStart && RunClock.Seconds(quietSince, RunClock.Now) > StallAfter.TotalSeconds)
                {
                    progress($"reminders: nothing new for {StallAfter.TotalSeconds:F0} s at {count:N0} of {options.Users:N0}: the wave stalled");
                    break;
                }
                if (count >= killTarget && killedAt == 0)
                {
                    killedAt = await service.KillAsync();
                    Refresh();
                    remindedAtKill = reminded.Count;
                    sentAtKill = [.. reminded.Keys];
                    atKill = ReminderSeeder.Read(database, options.Users);
                    progress($"killed the service (SIGKILL) after {remindedAtKill:N0} reminders, {RunClock.Seconds(minuteStart, killedAt):F1} s into the minute; " +
                             $"database: {atKill.Claims.Count:N0} days claimed, {atKill.PendingChats.Count:N0} reminders queued but unconfirmed " +
                             $"({atKill.PendingChats.Count(sentAtKill.Contains):N0} of them already at the fake), {atKill.ClaimedNotQueued.Count:N0} claimed but not queued");
                    readyTask = api.ExpectBotReady();
                    service = StartService(api, folder, database, extra);
                    services.Add(service);
                    restartSpawnedAt = service.SpawnedAt;
                    restartedReadyAt = await service.WaitReadyAsync(readyTask, TimeSpan.FromSeconds(180));
                    progress($"restarted on the same database, ready in {RunClock.Seconds(restartSpawnedAt, restartedReadyAt):F2} s");
                }
                if (RunClock.Seconds(lastReport, RunClock.Now) >= 30)
                {
                    lastReport = RunClock.Now;
                    progress($"reminders: {count:N0} of {options.Users:N0} sent, {api.FloodRefusals:N0} refused with 429; practisers answered {simulation.Presses.Count(p => p.Recorded):N0}");
                }
            }
            // A little longer, so that a second reminder after the last first one is seen too.
            await Task.Delay(3000);
            Refresh();
            simulation.StopActing();
            var drainUntil = RunClock.After(RunClock.Now, TimeSpan.FromSeconds(10));
            while (RunClock.Now < drainUntil && simulation.Presses.Any(p => p.AnsweredAt == 0)) await Task.Delay(100);
            var peakRss = services.Max(s => s.PeakRssMb());
            await service.StopAsync();
            api.Listener = null;
            var atEnd = ReminderSeeder.Read(database, options.Users);

            return Figures(log, simulation, services, atKill, atEnd, sentAtKill, reminderAt, minuteStart, practiseFrom, firstSend,
                killedAt, remindedAtKill, restartSpawnedAt, restartedReadyAt, startup, peakRss);
        }
        finally
        {
            foreach (var s in services) await s.DisposeAsync();
        }
    }

    private ReminderFigures Figures(IReadOnlyList<RequestRecord> log, UserSimulation simulation, List<ServiceProcess> services,
        ReminderDatabaseState? atKill, ReminderDatabaseState atEnd, HashSet<long> sentAtKill, TimeOnly reminderAt,
        long minuteStart, long practiseFrom, long firstSend, long killedAt, int remindedAtKill, long restartSpawnedAt, long restartedReadyAt,
        double startup, double? peakRss)
    {
        var sends = log.Where(r => r.Method == "sendmessage" && r.Status == 200 && IsReminderChat(r.ChatId)).OrderBy(r => r.AnsweredAt).ToList();
        var perChat = sends.GroupBy(r => r.ChatId).ToDictionary(g => g.Key, g => g.Count());
        var twice = perChat.Count(kv => kv.Value > 1);
        var firstSends = sends.GroupBy(r => r.ChatId).Select(g => g.First().AnsweredAt).Order().ToList();
        var lastFirst = firstSends.Count > 0 ? firstSends[^1] : 0;
        var last = sends.Count > 0 ? sends[^1].AnsweredAt : 0;

        // After the restart, first what the outbox had pending, then (at a sweep) the rest of the wave: the wave has
        // resumed with the first reminder to a chat whose day was not claimed at the kill.
        var claimedAtKill = atKill?.Claims ?? new HashSet<long>();
        var before = killedAt == 0 ? sends : sends.Where(r => r.AnsweredAt < killedAt).ToList();
        var resumedAt = killedAt == 0 ? 0 : sends.FirstOrDefault(r => r.AnsweredAt >= killedAt && !claimedAtKill.Contains(r.ChatId)).AnsweredAt;
        var firstAfter = killedAt == 0 ? 0 : sends.FirstOrDefault(r => r.AnsweredAt >= killedAt).AnsweredAt;
        var fromOutbox = killedAt == 0 ? 0 : sends.Count(r => r.AnsweredAt >= killedAt && (resumedAt == 0 || r.AnsweredAt < resumedAt));
        var after = resumedAt == 0 ? [] : sends.Where(r => r.AnsweredAt >= resumedAt).ToList();
        var longestPause = sends.Count > 1 ? Enumerable.Range(1, sends.Count - 1).Max(i => RunClock.Seconds(sends[i - 1].AnsweredAt, sends[i].AnsweredAt)) : 0;
        var segments = new[] { before, after }.Where(s => s.Count > 1).ToList();
        var sendingSeconds = segments.Sum(s => RunClock.Seconds(s[0].AnsweredAt, s[^1].AnsweredAt));
        var sendingRate = sendingSeconds > 0 ? segments.Sum(s => s.Count - 1) / sendingSeconds : 0;
        var span = sends.Count > 1 ? RunClock.Seconds(sends[0].AnsweredAt, last) : 0;
        var overallRate = span > 0 ? (sends.Count - 1) / span : 0;

        var pendingAtKill = atKill?.PendingChats ?? new HashSet<long>();
        var inFlight = pendingAtKill.Count(sentAtKill.Contains);
        var claimedNeverSent = atEnd.Claims.Count(c => !perChat.ContainsKey(c));

        var refusals = log.Where(r => r.Method == "sendmessage" && r.Status == 429).ToList();
        var answering = simulation.Presses.Where(p => p.Answers && p.EnqueuedAt > 0).ToList();
        bool AcrossRestart(PressRecord p) => killedAt != 0 && p.EnqueuedAt <= restartedReadyAt && (p.NextQuestionAt == 0 || p.NextQuestionAt >= killedAt);
        var waveEnd = last == 0 ? RunClock.Now : last;
        // The last answer of a practice is followed by its summary, then the next /practice: three messages in the
        // chat at once, past its burst, so that "next question" waits for the chat's own 1/s. Reported apart.
        bool EndsPractice(PressRecord p) => p.Data.Split(':') is [_, _, var position, ..] && position == (options.PracticeSize - 1).ToString(CultureInfo.InvariantCulture);
        bool InWave(PressRecord p) => p.NextQuestionAt > 0 && firstSend != 0 && p.EnqueuedAt >= firstSend && p.EnqueuedAt <= waveEnd && !AcrossRestart(p);
        var quiet = answering.Where(p => p.NextQuestionAt > 0 && p.EnqueuedAt >= practiseFrom && p.EnqueuedAt < minuteStart && !EndsPractice(p)).ToList();
        var during = answering.Where(p => InWave(p) && !EndsPractice(p)).ToList();
        var duringEnds = answering.Where(p => InWave(p) && EndsPractice(p)).ToList();
        var across = answering.Where(p => p.NextQuestionAt > 0 && AcrossRestart(p)).ToList();
        Percentiles NextQuestion(IEnumerable<PressRecord> presses) => Percentiles.Of(presses.Select(p => RunClock.Ms(p.EnqueuedAt, p.NextQuestionAt)));

        double? Seconds(long from, long to) => from == 0 || to == 0 ? null : Math.Round(RunClock.Seconds(from, to), 2);
        return new ReminderFigures(
            options.Users,
            options.Practisers,
            reminderAt.ToString("HH:mm", CultureInfo.InvariantCulture) + " " + TimeZone,
            Math.Round(startup, 3),
            Seconds(restartSpawnedAt, restartedReadyAt),
            Seconds(minuteStart, firstSend),
            Seconds(minuteStart, lastFirst),
            Math.Round(span, 1),
            Math.Round(overallRate, 2),
            Math.Round(sendingRate, 2),
            SlowestTen(sends),
            segments.Count == 0 ? double.NaN : segments.Min(SlowestTen),
            FastestSecond(sends),
            Cap,
            Math.Round(sendingRate / Cap, 4),
            perChat.Count,
            twice,
            sends.Count - perChat.Count,
            options.Users - perChat.Count,
            killedAt == 0 ? null : remindedAtKill,
            Seconds(minuteStart, killedAt),
            atKill?.Claims.Count,
            atKill is null ? null : pendingAtKill.Count,
            atKill is null ? null : inFlight,
            atKill?.ClaimedNotQueued.Count,
            before.Count > 0 && resumedAt != 0 ? Math.Round(RunClock.Seconds(before[^1].AnsweredAt, resumedAt), 2) : null,
            Seconds(restartedReadyAt, firstAfter),
            Seconds(restartedReadyAt, resumedAt),
            killedAt == 0 ? null : fromOutbox,
            Math.Round(longestPause, 2),
            atEnd.Claims.Count,
            claimedNeverSent,
            atEnd.FailedRows,
            refusals.Count,
            refusals.Count(r => IsReminderChat(r.ChatId)),
            NextQuestion(quiet),
            NextQuestion(during),
            NextQuestion(duringEnds),
            NextQuestion(across),
            answering.Count(p => p.AnsweredAt == 0),
            simulation.Presses.Count(p => p.Recorded),
            simulation.Stalls,
            simulation.Apologies,
            peakRss,
            services.Sum(s => s.Warnings),
            services.Sum(s => s.Errors),
            services.SelectMany((s, i) => s.Problems.Select(line => (i == 0 ? "[first run] " : "[after the restart] ") + line)).Take(60).ToList());
    }

    private static double SlowestTen(IReadOnlyList<RequestRecord> sends)
    {
        var perSecond = PerSecond(sends);
        return perSecond.Length > 11 ? Enumerable.Range(0, perSecond.Length - 11).Min(i => perSecond.Skip(i).Take(10).Sum()) / 10.0 : double.NaN;
    }

    private static int FastestSecond(IReadOnlyList<RequestRecord> sends)
    {
        var perSecond = PerSecond(sends);
        return perSecond.Length > 0 ? perSecond.Max() : 0;
    }

    /// <summary>Sends in each second from the first one (the last, partial second left out by the callers' windows).</summary>
    private static int[] PerSecond(IReadOnlyList<RequestRecord> sends)
    {
        if (sends.Count == 0) return [];
        var perSecond = new int[(int)Math.Ceiling(RunClock.Seconds(sends[0].AnsweredAt, sends[^1].AnsweredAt)) + 1];
        foreach (var send in sends) perSecond[(int)RunClock.Seconds(sends[0].AnsweredAt, send.AnsweredAt)]++;
        return perSecond;
    }

    private ServiceProcess StartService(FakeBotApi api, string folder, string database, Dictionary<string, string> extra) =>
        ServiceProcess.Start(options.Service, folder, database, options.Service.DefaultBank, api.BaseUrl, token, extra);

    public static IReadOnlyList<BudgetLine> Budget(ReminderFigures r)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<BudgetLine>
        {
            new("first reminder after the minute starts", "≤ 5 s", r.FirstReminderSeconds is { } f ? string.Create(c, $"{f:F2} s") : "none sent",
                r.FirstReminderSeconds is { } first && first <= 5),
            new($"reminder rate outside the restart (cap {r.Cap}/s)", "close to 30/s (≥ 85 %)", string.Create(c, $"{r.SendingRatePerSecond:F1}/s = {r.ShareOfCap:P1}"),
                r.ShareOfCap >= 0.85),
            new($"whole wave, {r.Participants:N0} users", string.Create(c, $"about {r.Participants / (double)r.Cap / 60:F1} min at {r.Cap}/s"),
                r.WaveSeconds is { } w ? string.Create(c, $"{w / 60:F1} min ({w:F0} s, with {r.RestartGapSeconds ?? 0:F0} s from the kill's last reminder to the wave's resumption)") : "–", null),
            new("never reminded", "0", r.NeverReminded.ToString("N0", c), r.NeverReminded == 0),
            new("reminded twice", r.InFlightAtKill is { } f2 ? string.Create(c, $"≤ in flight at the kill ({f2:N0})") : "0",
                r.RemindedTwice.ToString("N0", c), r.RemindedTwice <= (r.InFlightAtKill ?? 0)),
            new("practice: p99 press→next question during the wave (within a practice)", "≤ 1,000 ms",
                string.Create(c, $"{r.PracticeDuringWaveMs.P99} ms (n={r.PracticeDuringWaveMs.Count:N0})"),
                r.PracticeDuringWaveMs.Count > 0 ? r.PracticeDuringWaveMs.P99 <= 1000 : null),
            new("practice: presses lost", "0", r.PressesLost.ToString("N0", c), r.PressesLost == 0),
        };
        return lines;
    }
}

/// <param name="FirstReminderSeconds">From the start of the reminders' minute (wall clock) to the first reminder Telegram accepted.</param>
/// <param name="WaveSeconds">From the start of the minute to the last chat's first reminder.</param>
/// <param name="RatePerSecond">Reminders accepted per second from the first to the last, the restart included.</param>
/// <param name="SendingRatePerSecond">The same before the kill and after the restart, the gap between left out.</param>
/// <param name="InFlightAtKill">Reminders Telegram had accepted whose outbox rows were still pending at the kill: the most a
/// restart may send twice.</param>
/// <param name="ClaimedNotQueuedAtKill">Days claimed in ReminderLogs with no outbox row yet at the kill: lost by design
/// (the claim comes first) unless sent anyway.</param>
/// <param name="RestartGapSeconds">From the last reminder before the kill to the wave's resumption: the first reminder
/// after it to a chat whose day was not claimed at the kill.</param>
/// <param name="RestartReadyToFirstReminderSeconds">From the restarted service's readiness to its first reminder (one the
/// outbox held pending, if any).</param>
/// <param name="RestartReadyToResumedSeconds">From its readiness to the wave's resumption (a sweep's first new reminder).</param>
/// <param name="SentFromOutboxAfterRestart">Reminders sent after the kill before the wave resumed: what the outbox held.</param>
/// <param name="LongestPauseSeconds">The longest time between two consecutive reminders.</param>
/// <param name="ClaimedNeverSent">Days claimed at the end whose chat never got a reminder.</param>
/// <param name="PracticeQuietMs">Practisers' press→next question on screen before the minute (within a practice).</param>
/// <param name="PracticeNextPracticeDuringWaveMs">During the wave, a practice's last answer → the first question of the next
/// (its summary and the next /practice in between).</param>
/// <param name="PracticeDuringWaveMs">The same while the reminders went out, presses caught by the kill left out.</param>
/// <param name="PracticeAcrossRestartMs">Presses made before the restarted service was ready whose next question came after the kill.</param>
public sealed record ReminderFigures(
    int Participants,
    int Practisers,
    string ReminderAt,
    double StartupSeconds,
    double? RestartStartupSeconds,
    double? FirstReminderSeconds,
    double? WaveSeconds,
    double FirstToLastSeconds,
    double RatePerSecond,
    double SendingRatePerSecond,
    double SlowestTenSecondsRate,
    double SlowestTenSecondsOutsideRestartRate,
    int FastestSecondRate,
    int Cap,
    double ShareOfCap,
    int Reminded,
    int RemindedTwice,
    int ExtraSends,
    int NeverReminded,
    int? RemindedAtKill,
    double? KilledAtSeconds,
    long? ClaimsAtKill,
    int? PendingAtKill,
    int? InFlightAtKill,
    int? ClaimedNotQueuedAtKill,
    double? RestartGapSeconds,
    double? RestartReadyToFirstReminderSeconds,
    double? RestartReadyToResumedSeconds,
    int? SentFromOutboxAfterRestart,
    double LongestPauseSeconds,
    long ClaimsAtEnd,
    int ClaimedNeverSent,
    long OutboxFailed,
    int Refused429,
    int Refused429Reminders,
    Percentiles PracticeQuietMs,
    Percentiles PracticeDuringWaveMs,
    Percentiles PracticeNextPracticeDuringWaveMs,
    Percentiles PracticeAcrossRestartMs,
    int PressesLost,
    int PracticeAnswers,
    int PracticeStalls,
    int PracticeApologies,
    double? PeakRssMb,
    int ServiceWarnings,
    int ServiceErrors,
    IReadOnlyList<string> ServiceProblems);
