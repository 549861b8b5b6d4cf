using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuizBot.LoadTests.Data;
using QuizBot.LoadTests.FakeTelegram;
using QuizBot.LoadTests.Reporting;
using QuizBot.LoadTests.Service;
using QuizBot.LoadTests.Users;

namespace QuizBot.LoadTests;

/// <param name="Kind">"command" (/leaderboard …, answered by sendMessage) or "button" (an lb: press, answered by editMessageText).</param>
public sealed record BoardSample(string Window, string Kind, string Request, double Ms);

/// <param name="PressToToastMs">A practice press from its delivery to its answerCallbackQuery, as the practisers felt it.</param>
public sealed record PracticeWindow(string Name, double? OfferedRate, double Seconds, int Answers, double AnswersPerSecond, double ServiceCores, Percentiles PressToToastMs);

public sealed record BoardsFigures(
    int Participants,
    long Answers,
    double SeedSeconds,
    double StartupSeconds,
    long TotalsRows,
    long TotalsAllTimeAnswers,
    int Practisers,
    int Readers,
    double BoardRate,
    double PageRate,
    IReadOnlyList<PracticeWindow> Windows,
    double Ratio,
    double PacedRate,
    Percentiles LeaderboardSaturated,
    Percentiles PagesSaturated,
    Percentiles Leaderboard,
    Percentiles LeaderboardCommands,
    Percentiles LeaderboardButtons,
    IReadOnlyDictionary<string, Percentiles> LeaderboardByRequest,
    int LeaderboardLost,
    int LeaderboardNotBoards,
    Percentiles Pages,
    IReadOnlyDictionary<string, Percentiles> PagesByLevel,
    int PageErrors,
    double? PeakRssMb,
    int ServiceWarnings,
    int ServiceErrors,
    IReadOnlyList<string> ServiceProblems);

/// <summary>
/// The boards scenario (issue 14 item 5): on the scale seed, the service builds its totals on start (its own
/// backfill, timed), then practisers answer through polling in three windows — practice alone, practice while
/// board readers send /leaderboard and press its buttons and the public dashboard's board pages are fetched, and
/// practice alone again. /leaderboard is timed from the update's delivery (getUpdates answered) to the bot's
/// sendMessage or editMessageText at the fake; a page from the request to its last byte.
/// </summary>
public sealed class BoardsLoad(RunOptions options, string token, Action<string> progress)
{
    public async Task<BoardsFigures> RunAsync(FakeBotApi api, string database, ScaleFigures seed)
    {
        var folder = Path.GetDirectoryName(database)!;
        var extra = new Dictionary<string, string>
        {
            // The fake answers at once, like a local Bot API server: Telegram's pacing is not what this measures.
            ["Telegram__MessagesPerSecond"] = "1000000",
            ["Telegram__MessagesPerSecondPerChat"] = "1000000",
            ["Telegram__ChatBurst"] = "1000000",
        };
        var units = UnitsByLevel(database);
        var ready = api.ExpectBotReady();
        progress("starting the service on the seeded database: it builds the board totals from the answers first");
        await using var service = ServiceProcess.Start(options.Service, folder, database, options.Service.DefaultBank, api.BaseUrl, token, extra);
        var readyAt = await service.WaitReadyAsync(ready, TimeSpan.FromMinutes(40));
        var startup = RunClock.Seconds(service.SpawnedAt, readyAt);
        var (rows, allTime) = Totals(database);
        progress($"service ready in {startup:F1} s; {rows:N0} total rows, all-time answers {allTime:N0} of {seed.Answers:N0} seeded");

        // Practisers are the first seeded participants, readers others spread over the cells (participant i is in cell i mod cells).
        var practisers = Enumerable.Range(0, options.Users).Select(i => ScaleSeeder.FirstExternalId + i);
        var step = Math.Max(1, (options.Participants - options.Users) / options.BoardReaders);
        var readerIds = Enumerable.Range(0, Math.Min(options.BoardReaders, options.Participants - options.Users))
            .Select(i => ScaleSeeder.FirstExternalId + options.Users + (long)i * step).ToList();
        await using var simulation = new UserSimulation(api.Updates, practisers, options.PracticeSize, seed: 20261203);
        var readers = new BoardReaders(api.Updates, readerIds, simulation, new Random(14));
        api.Listener = readers;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{service.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        var pages = new PageReaders(http, units, new Random(15));

        simulation.Start();
        var registered = RunClock.After(RunClock.Now, TimeSpan.FromSeconds(120));
        while (simulation.Practising < simulation.Users && RunClock.Now < registered && !service.HasExited) await Task.Delay(100);
        progress($"{simulation.Practising} of {simulation.Users} practisers on a question");

        var windows = new List<PracticeWindow>();
        async Task<PracticeWindow> WindowAsync(string name, bool boards, double rate = 0)
        {
            simulation.PacedRate = rate;
            readers.Window = pages.Window = name;
            using var reading = new CancellationTokenSource();
            var load = boards
                ? Task.WhenAll(readers.RunAsync(options.BoardRate, reading.Token), pages.RunAsync(options.PageRate, reading.Token))
                : Task.CompletedTask;
            await Task.Delay(TimeSpan.FromSeconds(3));
            readers.Measuring = pages.Measuring = boards;
            var (start, cpu) = (RunClock.Now, service.CpuSeconds());
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
            var end = RunClock.Now;
            readers.Measuring = pages.Measuring = false;
            var cores = (service.CpuSeconds() - cpu) / RunClock.Seconds(start, end);
            await reading.CancelAsync();
            await load;
            var seconds = RunClock.Seconds(start, end);
            var answered = simulation.Presses.Count(p => p.Recorded && p.AnsweredAt >= start && p.AnsweredAt <= end);
            var toasts = Percentiles.Of(simulation.Presses.Where(p => p.Answers && p.AnsweredAt > 0 && p.DeliveredAt >= start && p.DeliveredAt <= end)
                .Select(p => RunClock.Ms(p.DeliveredAt, p.AnsweredAt)));
            var window = new PracticeWindow(name, rate > 0 ? rate : null, Math.Round(seconds, 2), answered, Math.Round(answered / seconds, 1), Math.Round(cores, 2), toasts);
            progress($"{name}: {window.AnswersPerSecond:N0} answers/s; service {cores:F2} cores; press→toast p95 {toasts.P95:F0} ms" +
                (boards ? $"; /leaderboard p95 {Percentiles.Of(readers.Samples.Where(s => s.Window == name).Select(s => s.Ms)).P95:F0} ms, pages p95 {Percentiles.Of(pages.Samples.Where(s => s.Window == name).Select(s => s.Ms)).P95:F0} ms" : ""));
            if (service.HasExited) throw new ServiceFailedException("the service exited during the run: " + string.Join(" | ", service.Problems.TakeLast(5)));
            return window;
        }
        windows.Add(await WindowAsync("practice alone", boards: false));
        windows.Add(await WindowAsync("practice + boards", boards: true));
        windows.Add(await WindowAsync("practice alone again", boards: false));
        // Saturation is where the ratio is measured; a board's answer time is judged at a busy but steady load, the
        // same in every run (--paced; 0: half the rate practice alone reached), every answer acknowledged as it comes.
        var alone = (windows[0].AnswersPerSecond + windows[2].AnswersPerSecond) / 2;
        var paced = options.PacedRate > 0 ? options.PacedRate : Math.Max(10, Math.Round(alone / 2 / 10) * 10);
        windows.Add(await WindowAsync($"practice at {paced:N0}/s + boards", boards: true, rate: paced));

        simulation.StopActing();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var peak = service.PeakRssMb();
        await service.StopAsync();
        api.Listener = null;

        var saturated = windows[1].Name;
        var samples = readers.Samples.Where(s => s.Window == windows[3].Name).ToList();
        var pageSamples = pages.Samples.Where(s => s.Window == windows[3].Name).ToList();
        return new BoardsFigures(seed.Participants, seed.Answers, seed.SeedSeconds, Math.Round(startup, 1), rows, allTime,
            simulation.Users, readerIds.Count, options.BoardRate, options.PageRate, windows,
            alone > 0 ? Math.Round(windows[1].AnswersPerSecond / alone, 3) : 0,
            paced,
            Percentiles.Of(readers.Samples.Where(s => s.Window == saturated).Select(s => s.Ms)),
            Percentiles.Of(pages.Samples.Where(s => s.Window == saturated && s.Ok).Select(s => s.Ms)),
            Percentiles.Of(samples.Select(s => s.Ms)),
            Percentiles.Of(samples.Where(s => s.Kind == "command").Select(s => s.Ms)),
            Percentiles.Of(samples.Where(s => s.Kind == "button").Select(s => s.Ms)),
            samples.GroupBy(s => s.Request).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => Percentiles.Of(g.Select(s => s.Ms))),
            readers.Lost,
            readers.NotBoards,
            Percentiles.Of(pageSamples.Where(s => s.Ok).Select(s => s.Ms)),
            pageSamples.Where(s => s.Ok).GroupBy(s => s.Level).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => Percentiles.Of(g.Select(s => s.Ms))),
            pageSamples.Count(s => !s.Ok),
            peak, service.Warnings, service.Errors, service.Problems.Take(40).ToList());
    }

    public static IReadOnlyList<BudgetLine> Budget(BoardsFigures f)
    {
        var c = CultureInfo.InvariantCulture;
        return
        [
            new($"/leaderboard p95, update delivered → answer sent, practice at {f.PacedRate:N0}/s", "≤ 50 ms",
                string.Create(c, $"{f.Leaderboard.P95:F1} ms (n = {f.Leaderboard.Count:N0}, {f.LeaderboardLost} unanswered, {f.LeaderboardNotBoards} not a board)"),
                f.Leaderboard.P95 <= 50 && f.LeaderboardLost == 0 && f.LeaderboardNotBoards == 0),
            new($"dashboard board pages p95, practice at {f.PacedRate:N0}/s", "≤ 100 ms", string.Create(c, $"{f.Pages.P95:F1} ms (n = {f.Pages.Count:N0}, {f.PageErrors} errors)"), f.Pages.P95 <= 100 && f.PageErrors == 0),
            new("practice rate (unpaced) with boards ÷ without", "≥ 0.8", string.Create(c, $"{f.Ratio:F3}"), f.Ratio >= 0.8),
            new("totals built on start = answers seeded", "equal", string.Create(c, $"{f.TotalsAllTimeAnswers:N0} of {f.Answers:N0}"), f.TotalsAllTimeAnswers == f.Answers),
        ];
    }

    public static string Table(BoardsFigures f, MachineInfo machine)
    {
        var c = CultureInfo.InvariantCulture;
        var rows = new List<(string, string)>();
        void Add(string name, FormattableString value) => rows.Add((name, value.ToString(c)));
        string P(Percentiles p) => string.Create(c, $"p50 {p.P50:F1}  p95 {p.P95:F1}  p99 {p.P99:F1}  max {p.Max:F1}  (n={p.Count:N0})");
        Add("machine", $"{machine.Cpu}, {machine.Cores} cores, {machine.MemoryGb} GiB, {machine.Runtime}; load average {machine.LoadAverage} at start, {MachineInfo.CurrentLoadAverage()} at end");
        Add("seeded", $"{f.Participants:N0} participants, {f.Answers:N0} answers ({f.SeedSeconds:F0} s)");
        Add("start-up incl. the totals backfill", $"{f.StartupSeconds:F1} s → {f.TotalsRows:N0} total rows; all-time answers {f.TotalsAllTimeAnswers:N0}");
        Add("load", $"{f.Practisers} practisers unpaced; {f.Readers} board readers at {f.BoardRate:N0} /leaderboard/s; dashboard pages at {f.PageRate:N0}/s");
        foreach (var w in f.Windows)
        {
            Add($"[{w.Name}] answers/s", $"{w.AnswersPerSecond:N1} ({w.Answers:N0} in {w.Seconds:F1} s; service {w.ServiceCores:F2} cores); press→toast {P(w.PressToToastMs)}");
        }
        Add("ratio with boards ÷ mean of the two alone", $"{f.Ratio:F3}");
        Add($"[{f.Windows[1].Name}] /leaderboard ms", $"{P(f.LeaderboardSaturated)}");
        Add($"[{f.Windows[1].Name}] dashboard pages ms", $"{P(f.PagesSaturated)}");
        Add($"below: [{f.Windows[3].Name}]", $"");
        Add("/leaderboard ms (all)", $"{P(f.Leaderboard)}; unanswered {f.LeaderboardLost}");
        Add("/leaderboard ms (commands → sendMessage)", $"{P(f.LeaderboardCommands)}");
        Add("/leaderboard ms (buttons → editMessageText)", $"{P(f.LeaderboardButtons)}");
        foreach (var (request, p) in f.LeaderboardByRequest) Add($"  {request}", $"{P(p)}");
        Add("dashboard pages ms (all)", $"{P(f.Pages)}; errors {f.PageErrors}");
        foreach (var (level, p) in f.PagesByLevel) Add($"  {level}", $"{P(p)}");
        Add("service warnings / errors / peak RSS", $"{f.ServiceWarnings} / {f.ServiceErrors} / {f.PeakRssMb:F0} MB");
        var width = rows.Max(x => x.Item1.Length) + 2;
        var text = new StringBuilder();
        foreach (var (name, value) in rows) text.Append(name.PadRight(width)).AppendLine(value);
        text.AppendLine();
        foreach (var b in Budget(f)) text.AppendLine(c, $"{(b.Met switch { true => "MET ", false => "MISS", _ => "    " })}  {b.Item}: {b.Measured} (target {b.Target})");
        foreach (var problem in f.ServiceProblems) text.AppendLine(problem);
        return text.ToString();
    }

    public static void WriteJson(BoardsFigures f, string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(f, new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        }));

    /// <summary>Unit ids by level, for the dashboard's mix: the top (no unit), provinces, communes, cells.</summary>
    private static Dictionary<string, List<int>> UnitsByLevel(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, Kind FROM Units WHERE ValidUntil IS NULL";
        var byLevel = new Dictionary<string, List<int>>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var level = reader.GetInt32(1) switch { 0 => "province", 1 => "district", 2 => "commune", 3 => "base", _ => "cell" };
            if (!byLevel.TryGetValue(level, out var list)) byLevel[level] = list = [];
            list.Add(reader.GetInt32(0));
        }
        return byLevel;
    }

    private static (long Rows, long AllTimeAnswers) Totals(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN Period = 3 THEN Answers END), 0) FROM ParticipantTotals";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}

/// <summary>
/// Registered members looking at the boards: each sends /leaderboard with a scope, period and kind drawn at random,
/// or presses one of the lb: buttons of the board it last got, and waits for the answer before its next request.
/// Requests go out at an overall rate to whichever reader is free. Messages to other chats go to the practisers.
/// </summary>
public sealed class BoardReaders(UpdateQueue queue, IReadOnlyList<long> readers, IBotApiListener others, Random random) : IBotApiListener
{
    private static readonly string[] Scopes = ["chi-bo", "xa", "huyen", "tinh", "tat-ca"];
    private static readonly string[] Periods = ["tuan", "thang", "tat-ca"];
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<long, Reader> byChat = new(readers.Select(id => KeyValuePair.Create(id, new Reader(id))));
    private readonly ConcurrentQueue<BoardSample> samples = new();
    private int nextMessage = 50_000_000, nextCallback, lost, notBoards;

    public volatile bool Measuring;

    /// <summary>The window the samples taken from now on belong to.</summary>
    public volatile string Window = "";

    public IReadOnlyCollection<BoardSample> Samples => samples;

    public int Lost => lost;

    /// <summary>Answers that were not a board (a registration prompt, an apology): a run with any measures the wrong thing.</summary>
    public int NotBoards => notBoards;

    public async Task RunAsync(double rate, CancellationToken ct)
    {
        if (rate <= 0) return;
        var interval = TimeSpan.FromSeconds(1 / rate);
        var next = RunClock.Now;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                next = RunClock.After(next, interval);
                var wait = RunClock.Ms(RunClock.Now, next);
                if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait), ct);
                Issue();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Issue()
    {
        var now = RunClock.Now;
        foreach (var reader in byChat.Values.OrderBy(_ => random.Next()).Take(8))
        {
            lock (reader)
            {
                if (reader.Pending is { } stale && RunClock.Seconds(stale.Update.DeliveredAt == 0 ? stale.Update.EnqueuedAt : stale.Update.DeliveredAt, now) > GiveUpAfter.TotalSeconds)
                {
                    if (stale.Measured) Interlocked.Increment(ref lost);
                    reader.Pending = null;
                }
                if (reader.Pending is not null) continue;
                var buttons = reader.Board?.Buttons.SelectMany(r => r).Where(b => b.Data is { } d && d.StartsWith("lb:", StringComparison.Ordinal)).ToList();
                if (buttons is { Count: > 0 } && random.Next(2) == 0)
                {
                    var button = buttons[random.Next(buttons.Count)];
                    var id = $"b{Interlocked.Increment(ref nextCallback):D9}";
                    var messageId = reader.Board!.MessageId;
                    var update = queue.Enqueue(u => UpdateJson.CallbackQuery(u, id, reader.Id, messageId, button.Data!), press: null);
                    reader.Pending = new Request("button", button.Data!, update, Measuring, Window);
                }
                else
                {
                    var words = $"{Scopes[random.Next(Scopes.Length)]} {Periods[random.Next(Periods.Length)]}{(random.Next(3) == 0 ? " don-vi" : "")}";
                    var messageId = Interlocked.Increment(ref nextMessage);
                    var update = queue.Enqueue(u => UpdateJson.TextMessage(u, reader.Id, messageId, "/leaderboard " + words), press: null);
                    reader.Pending = new Request("command", "/leaderboard " + words, update, Measuring, Window);
                }
                return;
            }
        }
    }

    public void OnBotMessage(BotMessage message)
    {
        if (!byChat.TryGetValue(message.ChatId, out var reader))
        {
            others.OnBotMessage(message);
            return;
        }
        lock (reader)
        {
            if (reader.Pending is { } pending && pending.Update.DeliveredAt > 0 && pending.Kind == (message.IsEdit ? "button" : "command"))
            {
                if (!message.Text.Contains("<pre>", StringComparison.Ordinal)) Interlocked.Increment(ref notBoards);
                if (pending.Measured) samples.Enqueue(new BoardSample(pending.Window, pending.Kind, Label(pending), RunClock.Ms(pending.Update.DeliveredAt, message.At)));
                reader.Pending = null;
            }
            if (message.Buttons.Count > 0) reader.Board = message;
        }
    }

    /// <summary>The request without the user's own choices of words: its kind of board, for the breakdown.</summary>
    private static string Label(Request r) => r.Kind == "command"
        ? "command " + (r.Text.Contains("don-vi", StringComparison.Ordinal) ? "units " : "people ") + r.Text.Split(' ')[1]
        : "button " + r.Text;

    public void OnCallbackAnswered(string callbackQueryId, string? text, long at)
    {
        if (!callbackQueryId.StartsWith('b')) others.OnCallbackAnswered(callbackQueryId, text, at);
    }

    private sealed record Request(string Kind, string Text, PendingUpdate Update, bool Measured, string Window);

    private sealed class Reader(long id)
    {
        public long Id => id;
        public Request? Pending;
        public BotMessage? Board;
    }
}

/// <param name="Level">top, province, commune or cell (and the period), for the breakdown.</param>
public sealed record PageSample(string Window, string Level, double Ms, bool Ok);

/// <summary>The public dashboard's board pages fetched at a rate: a unit of a level drawn at random (or the top), a period at random.</summary>
public sealed class PageReaders(HttpClient http, IReadOnlyDictionary<string, List<int>> units, Random random)
{
    private static readonly string[] Periods = ["week", "month", "all"];
    private readonly ConcurrentQueue<PageSample> samples = new();

    public volatile bool Measuring;

    /// <summary>The window the samples taken from now on belong to.</summary>
    public volatile string Window = "";

    public IReadOnlyCollection<PageSample> Samples => samples;

    public async Task RunAsync(double rate, CancellationToken ct)
    {
        if (rate <= 0) return;
        var levels = new[] { "top" }.Concat(units.Keys.Where(k => k is "province" or "district" or "commune" or "cell")).ToArray();
        var interval = TimeSpan.FromSeconds(1 / rate);
        var next = RunClock.Now;
        var inFlight = new List<Task>();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                next = RunClock.After(next, interval);
                var wait = RunClock.Ms(RunClock.Now, next);
                if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait), ct);
                var level = levels[random.Next(levels.Length)];
                var period = Periods[random.Next(Periods.Length)];
                var url = level == "top" ? $"/dashboard?period={period}" : $"/dashboard?unit={units[level][random.Next(units[level].Count)]}&period={period}";
                inFlight.RemoveAll(t => t.IsCompleted);
                inFlight.Add(FetchAsync($"{level} {period}", url, Measuring, Window));
            }
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(inFlight);
    }

    private async Task FetchAsync(string level, string url, bool measured, string window)
    {
        var start = RunClock.Now;
        bool ok;
        try
        {
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            ok = response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            ok = false;
        }
        catch (TaskCanceledException)
        {
            ok = false;
        }
        if (measured) samples.Enqueue(new PageSample(window, level, RunClock.Ms(start, RunClock.Now), ok));
    }
}
