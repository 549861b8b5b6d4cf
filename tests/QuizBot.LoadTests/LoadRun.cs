using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using QuizBot.LoadTests.Data;
using QuizBot.LoadTests.FakeTelegram;
using QuizBot.LoadTests.Reporting;
using QuizBot.LoadTests.Service;
using QuizBot.LoadTests.Users;
using QuizBot.TestSupport;

namespace QuizBot.LoadTests;

public sealed record RunOptions(
    string Scenario,
    int Users,
    int Seconds,
    double Rate,
    bool TelegramLimits,
    string? JsonPath,
    string? RequestsCsvPath,
    bool Keep,
    int BankQuestions,
    int Participants,
    long SeededAnswers,
    int BaselineRowsPerTransaction,
    int PracticeSize,
    int Messages,
    string? TracePath,
    ServiceSettings Service,
    double FailRate = 0,
    int Practisers = 5,
    double KillAt = 0.35,
    int RoundQuestions = 20,
    string Transport = "polling",
    int BoardReaders = 500,
    double BoardRate = 20,
    double PageRate = 10,
    double PacedRate = 400,
    string Provider = "sqlite",
    int Instances = 1,
    int MaxPool = 0,
    bool AsyncCommit = false);

/// <summary>
/// One run of a scenario: the bare-SQLite baseline, the start-up measurement with a large bank, then the
/// scenario itself against the real service, all on loopback and bounded in time.
/// </summary>
public sealed class LoadRun(RunOptions options)
{
    public const string WebhookPath = "/telegram/webhook";
    private readonly string token = $"7000000001:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
    private readonly DateTime startedUtc = DateTime.UtcNow;
    private readonly MachineInfo machine = MachineInfo.Read();

    public async Task<int> RunAsync()
    {
        var work = Directory.CreateTempSubdirectory("quizbot-load-").FullName;
        Progress($"working in {work}; load average {machine.LoadAverage}");
        try
        {
            // The broadcast and reminders scenarios are about the 30/s cap, so the fake always enforces it there.
            var limits = options.TelegramLimits || options.Scenario is "broadcast" or "reminders" or "round";
            // A round's answers are edits: they count against Telegram's limits as sends do.
            await using var api = await FakeBotApi.StartAsync(options.Scenario == "live" ? LiveQuiz.FakeOptions(token) : new FakeBotApiOptions
            {
                Token = token, EnforceLimits = limits, LimitEdits = options.Scenario == "round", FailRate = options.FailRate,
            });
            Progress($"fake Bot API at {api.BaseUrl}");
            await using var postgres = options.Provider == "postgres" ? await StartPostgresAsync() : null;

            var (baseline, baselineSingle) = await BaselineAsync(work);
            var startup = await MeasureStartupAsync(api, work, postgres);

            ScaleFigures? scale = null;
            var database = Path.Combine(work, options.Scenario, "quizbot.db");
            Directory.CreateDirectory(Path.GetDirectoryName(database)!);
            IEnumerable<long> users = Enumerable.Range(0, options.Users).Select(i => 6_000_000_000L + i);
            Dictionary<string, string>? extra = null;
            switch (options.Scenario)
            {
                case "practice":
                    // Several instances share one webhook URL: polling by two would take each other's updates.
                    if (options.Instances > 1) extra = WebhookSettings();
                    break;
                case "broadcast":
                    var broadcast = await BroadcastAsync(api, database);
                    return Finish(api, new LoadReport(options.Scenario, startedUtc, machine, Summary(), startup, baseline, baselineSingle,
                        Scale: null, Run: null, broadcast, QuizBotToBaseline: null, BroadcastBudget(startup, broadcast)), RunClock.Now);
                case "reminders":
                    var wave = await new ReminderWave(options, token, Progress).RunAsync(api, database);
                    return Finish(api, new LoadReport(options.Scenario, startedUtc, machine, Summary(), startup, baseline, baselineSingle,
                        Scale: null, Run: null, Broadcast: null, QuizBotToBaseline: null, ReminderWave.Budget(wave), wave), RunClock.Now);
                case "round":
                    var round = await new ContestRound(options, token, Progress).RunAsync(api, database);
                    return Finish(api, new LoadReport(options.Scenario, startedUtc, machine, Summary(), startup, baseline, baselineSingle,
                        Scale: null, Run: null, Broadcast: null, QuizBotToBaseline: null, ContestRound.Budget(round), Round: round), RunClock.Now);
                case "live":
                    var live = await new LiveQuiz(options, token, Progress).RunAsync(api, database);
                    return Finish(api, new LoadReport(options.Scenario, startedUtc, machine, Summary(), startup, baseline, baselineSingle,
                        Scale: null, Run: null, Broadcast: null, QuizBotToBaseline: null, LiveQuiz.Budget(live), Live: live), RunClock.Now);
                case "boards":
                    var seeded = await SeedAsync(api, database);
                    var boards = await new BoardsLoad(options, token, Progress).RunAsync(api, database, seeded);
                    Console.WriteLine();
                    Console.WriteLine(BoardsLoad.Table(boards, machine));
                    if (options.JsonPath is { } boardsJson) BoardsLoad.WriteJson(boards, boardsJson);
                    return BoardsLoad.Budget(boards).All(b => b.Met != false) ? 0 : 3;
                case "scale":
                    scale = await SeedAsync(api, database);
                    // The simulated users are seeded participants: registered, with a history.
                    users = Enumerable.Range(0, options.Users).Select(i => ScaleSeeder.FirstExternalId + i);
                    break;
                case "webhook":
                    extra = WebhookSettings();
                    break;
                default:
                    throw new ArgumentException($"unknown scenario '{options.Scenario}'");
            }

            var folder = Path.GetDirectoryName(database)!;
            var serviceDatabase = await DatabaseAsync(folder, postgres, options.Scenario);
            var run = await PracticeAsync(api, folder, serviceDatabase, postgres, users, extra);
            if (scale is not null) scale = scale with { StartupSeconds = run.Figures.StartupSeconds, RssAfterStartMb = run.RssWhenReady };

            var unpaced = run.Figures.Phases.FirstOrDefault(p => p.TargetRate is null);
            var ratio = unpaced is null ? (double?)null : Math.Round(unpaced.AnswersPerSecond / baseline.RowsPerSecond, 4);
            var report = new LoadReport(options.Scenario, startedUtc, machine, Summary(), startup, baseline, baselineSingle,
                scale, run.Figures, Broadcast: null, ratio, Budget(startup, run.Figures, ratio, scale));
            return Finish(api, report, run.Epoch);
        }
        catch (ServiceFailedException e) when (options.Scenario == "webhook" || options is { Scenario: "live", Transport: "webhook" })
        {
            Console.Error.WriteLine($"webhook: the service did not come up in webhook mode ({e.Message}).");
            Console.Error.WriteLine("This scenario needs the webhook endpoint (Telegram:Mode=Webhook); run it again once the service accepts that mode.");
            return 2;
        }
        finally
        {
            if (options.Keep) Progress($"kept {work}");
            else TryDelete(work);
        }
    }

    /// <summary>
    /// A PostgreSQL server of the run's own, durable as a production server is (fsync and synchronous_commit on), so
    /// that its commits cost what they would there, as SQLite's do in the service.
    /// </summary>
    private static async Task<PostgresServer> StartPostgresAsync()
    {
        var server = await PostgresServer.StartAsync(durable: true);
        Progress($"PostgreSQL server (durable) on port {server.Port}, pid {server.ProcessId}, in {server.Folder}");
        return server;
    }

    /// <summary>A database for the service: a SQLite file in <paramref name="folder"/>, or one on the run's PostgreSQL server.</summary>
    private async Task<ServiceDatabase> DatabaseAsync(string folder, PostgresServer? postgres, string name)
    {
        Directory.CreateDirectory(folder);
        if (postgres is null) return ServiceDatabase.Sqlite(Path.Combine(folder, "quizbot.db"));
        var connection = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync(name));
        if (options.MaxPool > 0) connection.MaxPoolSize = options.MaxPool;
        // A commit that does not wait for the disk: the closer match to the service's SQLite (WAL, synchronous=NORMAL).
        if (options.AsyncCommit) connection.Options = "-c synchronous_commit=off";
        return ServiceDatabase.Postgres(connection.ConnectionString);
    }

    private static Dictionary<string, string> WebhookSettings() => new()
    {
        ["Telegram__Mode"] = "Webhook",
        ["Telegram__WebhookSecret"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
        // Filled in once the instances' ports are chosen (see StartInstancesAsync).
        ["Telegram__WebhookUrl"] = "",
    };

    private int Finish(FakeBotApi api, LoadReport report, long epoch)
    {
        Console.WriteLine();
        Console.WriteLine(ReportWriter.Table(report));
        if (options.JsonPath is { } json)
        {
            ReportWriter.WriteJson(report, json);
            Progress($"figures written to {Path.GetFullPath(json)}");
        }
        if (options.RequestsCsvPath is { } csv)
        {
            api.Log.WriteCsv(csv, epoch);
            Progress($"every Bot API request written to {Path.GetFullPath(csv)}");
        }
        return 0;
    }

    /// <summary>
    /// The broadcast scenario: a message for each of N chats queued in the outbox, sent by the service's outbound
    /// dispatcher against a fake that refuses (429) anything past 30/s overall or 1/s per chat.
    /// </summary>
    private async Task<BroadcastFigures> BroadcastAsync(FakeBotApi api, string database)
    {
        const int cap = 30;
        var folder = Path.GetDirectoryName(database)!;
        await ServiceProcess.RunVerbAsync(options.Service, folder, database, "migrate");
        OutboxSeeder.Seed(database, options.Messages);
        Progress($"{options.Messages:N0} messages queued in the outbox; at {cap}/s they take {options.Messages / (double)cap:F0} s");

        var ready = api.ExpectBotReady();
        await using var service = ServiceProcess.Start(options.Service, folder, database, options.Service.DefaultBank, api.BaseUrl, token);
        var readyAt = await service.WaitReadyAsync(ready, TimeSpan.FromSeconds(180));
        var deadline = RunClock.After(service.SpawnedAt, TimeSpan.FromSeconds(options.Messages / (double)cap * 1.5 + 60));
        var lastReport = RunClock.Now;
        int Reached() => api.Log.Snapshot()
            .Where(r => r.Method == "sendmessage" && r.Status == 200 && r.ChatId >= OutboxSeeder.FirstChatId && r.ChatId < OutboxSeeder.FirstChatId + options.Messages)
            .Select(r => r.ChatId).Distinct().Count();
        var reached = 0;
        while (RunClock.Now < deadline && !service.HasExited && (reached = Reached()) < options.Messages)
        {
            await Task.Delay(1000);
            if (RunClock.Seconds(lastReport, RunClock.Now) >= 30)
            {
                lastReport = RunClock.Now;
                Progress($"broadcast: {reached:N0} of {options.Messages:N0} sent, {api.FloodRefusals:N0} refused with 429");
            }
        }
        // A little longer, so that a duplicate send after the last first one is seen too.
        await Task.Delay(2000);
        var peakRss = service.PeakRssMb();
        await service.StopAsync();

        var sends = api.Log.Snapshot()
            .Where(r => r.Method == "sendmessage" && r.Status == 200 && r.ChatId >= OutboxSeeder.FirstChatId && r.ChatId < OutboxSeeder.FirstChatId + options.Messages)
            .OrderBy(r => r.AnsweredAt).ToList();
        var distinct = sends.Select(r => r.ChatId).Distinct().Count();
        var seconds = sends.Count > 1 ? RunClock.Seconds(sends[0].AnsweredAt, sends[^1].AnsweredAt) : 0;
        var perSecond = new int[(int)Math.Ceiling(seconds) + 1];
        foreach (var send in sends) perSecond[(int)RunClock.Seconds(sends[0].AnsweredAt, send.AnsweredAt)]++;
        var slowestTen = perSecond.Length > 11
            ? Enumerable.Range(0, perSecond.Length - 11).Min(i => perSecond.Skip(i).Take(10).Sum()) / 10.0
            : double.NaN;
        var rate = seconds > 0 ? (sends.Count - 1) / seconds : 0;
        return new BroadcastFigures(options.Messages, distinct, options.Messages - distinct, sends.Count - distinct, api.FloodRefusals,
            Math.Round(seconds, 1), Math.Round(rate, 2), slowestTen, perSecond.Length > 0 ? perSecond.Max() : 0, cap, Math.Round(rate / cap, 4),
            Math.Round(RunClock.Seconds(service.SpawnedAt, readyAt), 3), peakRss, service.Warnings, service.Errors, service.Problems.Take(40).ToList());
    }

    private static IReadOnlyList<BudgetLine> BroadcastBudget(StartupFigures startup, BroadcastFigures b)
    {
        var c = CultureInfo.InvariantCulture;
        return
        [
            new($"broadcast rate (cap {b.Cap}/s)", "≥ 95 % of the cap", string.Create(c, $"{b.RatePerSecond:F1}/s = {b.ShareOfCap:P1}"), b.ShareOfCap >= 0.95),
            new("broadcast messages lost", "0", string.Create(c, $"{b.Lost:N0} of {b.Messages:N0}"), b.Lost == 0),
            new("broadcast duplicates", "0", b.Duplicates.ToString("N0", c), b.Duplicates == 0),
            new($"start-up, {startup.BankQuestions:N0} questions, empty db", "≤ 3 s", string.Create(c, $"{startup.ColdSeconds:F2} s"),
                startup.BankQuestions >= 10_000 ? startup.ColdSeconds <= 3 : null),
            new($"start-up, {startup.BankQuestions:N0} questions, restart", "≤ 3 s", string.Create(c, $"{startup.WarmSeconds:F2} s"),
                startup.BankQuestions >= 10_000 ? startup.WarmSeconds <= 3 : null),
        ];
    }

    private async Task<(BaselineResult Batched, BaselineResult Single)> BaselineAsync(string work)
    {
        var database = Path.Combine(work, "baseline", "baseline.db");
        await ServiceProcess.RunVerbAsync(options.Service, Path.GetDirectoryName(database)!, database, "migrate");
        var batched = SqliteBaseline.Run(database, options.BaselineRowsPerTransaction, TimeSpan.FromSeconds(5));
        var single = SqliteBaseline.Run(database, 1, TimeSpan.FromSeconds(3), firstRow: batched.Rows);
        Progress($"bare SQLite: {batched.RowsPerSecond:N0} rows/s in transactions of {batched.RowsPerTransaction}, {single.RowsPerSecond:N0} rows/s one per transaction");
        return (batched, single);
    }

    private async Task<StartupFigures> MeasureStartupAsync(FakeBotApi api, string work, PostgresServer? postgres)
    {
        var bank = Path.Combine(work, "bank-large");
        BankGenerator.Generate(options.Service.DefaultBank, bank, options.BankQuestions);
        var folder = Path.Combine(work, "startup");
        var database = await DatabaseAsync(folder, postgres, "startup");
        var (cold, listening, rss) = await TimedStartAsync(api, folder, database, bank);
        var (warm, _, warmRss) = await TimedStartAsync(api, folder, database, bank);
        Progress($"start-up with {options.BankQuestions:N0} questions: {cold:F2} s on an empty database, {warm:F2} s on restart");
        return new StartupFigures(options.BankQuestions, Math.Round(cold, 3), listening is { } l ? Math.Round(l, 3) : null, Math.Round(warm, 3),
            Math.Max(rss ?? 0, warmRss ?? 0));
    }

    private Task<(double Seconds, double? Listening, double? PeakRssMb)> TimedStartAsync(FakeBotApi api, string folder, string database, string bank) =>
        TimedStartAsync(api, folder, ServiceDatabase.Sqlite(database), bank);

    private async Task<(double Seconds, double? Listening, double? PeakRssMb)> TimedStartAsync(FakeBotApi api, string folder, ServiceDatabase database, string bank)
    {
        var ready = api.ExpectBotReady();
        await using var service = ServiceProcess.Start(options.Service, folder, database, bank, api.BaseUrl, token);
        var at = await service.WaitReadyAsync(ready, TimeSpan.FromSeconds(180));
        var listening = service.ListeningAt is { } l ? RunClock.Seconds(service.SpawnedAt, l) : (double?)null;
        var rss = service.PeakRssMb();
        await service.StopAsync();
        return (RunClock.Seconds(service.SpawnedAt, at), listening, rss);
    }

    private async Task<ScaleFigures> SeedAsync(FakeBotApi api, string database)
    {
        var folder = Path.GetDirectoryName(database)!;
        await ServiceProcess.RunVerbAsync(options.Service, folder, database, "migrate");
        // One start on the real bank fills Units and Questions, which the seeded rows point at.
        await TimedStartAsync(api, folder, database, options.Service.DefaultBank);
        Progress($"seeding {options.Participants:N0} participants and {options.SeededAnswers:N0} answers …");
        var seed = ScaleSeeder.Seed(database, options.Participants, options.SeededAnswers, Progress);
        Progress($"seeded in {seed.Seconds:F0} s; database {seed.DatabaseMb:N0} MB");
        return new ScaleFigures(seed.Participants, seed.Sessions, seed.Answers, Math.Round(seed.Seconds, 1), Math.Round(seed.IndexSeconds, 1),
            Math.Round(seed.DatabaseMb, 1), 0, null);
    }

    private sealed record PracticeRun(PracticeRunFigures Figures, long Epoch, double? RssWhenReady);

    private sealed record Window(string Name, double? Rate, long Start, long End, double[] InstanceCores, double? DatabaseCores, double HarnessCores);

    private async Task<PracticeRun> PracticeAsync(FakeBotApi api, string folder, ServiceDatabase database, PostgresServer? postgres,
        IEnumerable<long> users, Dictionary<string, string>? extra)
    {
        extra ??= [];
        if (!options.TelegramLimits)
        {
            // The fake answers every send at once, like a local Bot API server: the service's own pacing to
            // Telegram's limits would otherwise be all this run measures.
            extra["Telegram__MessagesPerSecond"] = "1000000";
            extra["Telegram__MessagesPerSecondPerChat"] = "1000000";
            extra["Telegram__ChatBurst"] = "1000000";
        }
        await using var services = await StartInstancesAsync(api, folder, database, extra);
        var startups = services.StartupSeconds;
        var startup = startups[0];
        var rssWhenReady = services.First.RssMb();
        // Read while they run: an instance signs off (deletes its row) as it stops.
        IReadOnlyList<string> instanceIds = database.IsSqlite ? [] : await OnceOnlyFigures.InstanceIdsAsync(database);
        Progress($"{Instances(services.Instances.Count)} ready in {string.Join(" + ", startups.Select(s => $"{s:F2}"))} s " +
            $"(pid {string.Join(", ", services.Instances.Select(i => i.Pid))}, RSS {rssWhenReady:F0} MB); {options.Users} users start");
        double? DatabaseCpu() => postgres is null ? null : ProcessCpu.WithChildrenSeconds(postgres.ProcessId);

        var sinceUtc = DateTime.UtcNow;
        await using var simulation = new UserSimulation(api.Updates, users, options.PracticeSize, seed: 20261122);
        api.Listener = simulation;
        var epoch = RunClock.Now;
        var windows = new List<Window>();
        var phases = new List<(string Name, double? Rate, TimeSpan Warmup)>
        {
            ("unpaced", null, TimeSpan.FromSeconds(Math.Min(3, options.Seconds / 4.0))),
        };
        if (options.Rate > 0) phases.Add(($"paced {options.Rate:0}/s", options.Rate, TimeSpan.FromSeconds(Math.Min(3, options.Seconds / 4.0))));

        ThreadTimeProfile? profile = null;
        simulation.Start();
        // Registration first (it is not what the answer rate is about): until every user has a question on screen.
        var registrationEnds = RunClock.After(epoch, TimeSpan.FromSeconds(120));
        while (simulation.Practising < simulation.Users && RunClock.Now < registrationEnds && !services.AnyExited) await Task.Delay(100);
        var registrationSeconds = RunClock.Seconds(epoch, RunClock.Now);
        Progress($"{simulation.Practising} of {simulation.Users} users registered and practising after {registrationSeconds:F1} s");
        for (var i = 0; i < phases.Count; i++)
        {
            var (name, rate, warmup) = phases[i];
            simulation.Phase = i + 1;
            simulation.PacedRate = rate ?? 0;
            await Task.Delay(warmup);
            if (i == 0 && options.TracePath is { } trace)
            {
                profile = ThreadTimeProfile.Start(services.First.Pid, TimeSpan.FromSeconds(options.Seconds) - warmup, Path.GetFullPath(trace), Progress);
            }
            var (start, serviceCpu, databaseCpu, harnessCpu) = (RunClock.Now, services.CpuSeconds(), DatabaseCpu(), HarnessCpu());
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds) - warmup);
            var end = RunClock.Now;
            var window = RunClock.Seconds(start, end);
            windows.Add(new Window(name, rate, start, end,
                services.CpuSeconds().Zip(serviceCpu, (after, before) => (after - before) / window).ToArray(),
                (DatabaseCpu() - databaseCpu) / window,
                (HarnessCpu() - harnessCpu) / window));
            var answered = simulation.Presses.Count(p => p.Recorded && p.AnsweredAt >= start && p.AnsweredAt <= end);
            Progress($"{name}: {answered / window:N0} answers/s, {simulation.Registrations} registered, backlog {api.Updates.Backlog}");
            if (services.AnyExited) throw new ServiceFailedException("the service exited during the run: " + string.Join(" | ", services.Problems.TakeLast(5)));
        }

        simulation.StopActing();
        var drainUntil = RunClock.After(RunClock.Now, TimeSpan.FromSeconds(15));
        while (RunClock.Now < drainUntil && (api.Updates.Backlog > 0 || simulation.Presses.Any(p => p.AnsweredAt == 0)))
        {
            await Task.Delay(100);
        }
        var peakRss = services.PeakRssMb();
        await services.StopAsync();
        api.Listener = null;
        if (options.FailRate > 0) Progress($"the fake failed {api.InjectedFailures:N0} requests on purpose (502)");

        var onceOnly = await OnceOnlyFigures.CheckAsync(database, instanceIds, services.Instances.Count, api, simulation.Presses.ToList());
        var instances = services.Instances.Select((instance, i) => new InstanceFigures(i + 1, Math.Round(startups[i], 3), peakRss[i],
            extra.ContainsKey("Telegram__WebhookUrl") ? api.WebhookAcceptedBy.Values.Count(n => n == i) : null,
            onceOnly.HandledBy[i], onceOnly.QueuedBy[i], instance.Warnings, instance.Errors)).ToList();
        var figures = Figures(api, services, simulation, windows, startup, peakRss.Max(), await CountAnswersAsync(database, sinceUtc), instances, onceOnly) with
        {
            RegistrationSeconds = Math.Round(registrationSeconds, 2),
        };
        if (profile is not null) figures = figures with { Profile = await profile.SummariseAsync() };
        return new PracticeRun(figures, epoch, rssWhenReady);
    }

    private static string Instances(int count) => count == 1 ? "service" : $"{count} instances of the service";

    /// <summary>
    /// The run's instances, started one after another, each ready (polling, or its webhook set) before the next
    /// starts. Several share one webhook URL, that of a load balancer the fake plays itself: it delivers each update
    /// to the next instance in turn, so a chat's updates reach any of them.
    /// </summary>
    private async Task<ServiceGroup> StartInstancesAsync(FakeBotApi api, string folder, ServiceDatabase database,
        Dictionary<string, string> extra)
    {
        var ports = new List<int>();
        while (ports.Count < options.Instances)
        {
            var port = ServiceProcess.FreePort();
            if (!ports.Contains(port)) ports.Add(port);
        }
        if (extra.ContainsKey("Telegram__WebhookUrl"))
        {
            static Uri Hook(int port) => new($"http://127.0.0.1:{port}{WebhookPath}");
            var instances = ports.Select(Hook).ToList();
            // Nothing listens at the balancer's own port: the fake posts to the instances behind it.
            var url = instances.Count == 1 ? instances[0] : Hook(ServiceProcess.FreePort());
            extra["Telegram__WebhookUrl"] = url.ToString();
            api.BalanceWebhook(url, instances);
        }
        var started = new List<ServiceProcess>();
        var startups = new List<double>();
        try
        {
            foreach (var port in ports)
            {
                var ready = api.ExpectBotReady();
                // Each instance in a working folder of its own, as on a machine of its own.
                var workFolder = ports.Count == 1 ? folder : Path.Combine(folder, $"instance-{started.Count + 1}");
                var service = ServiceProcess.Start(options.Service, workFolder, database, options.Service.DefaultBank, api.BaseUrl, token, extra, port);
                started.Add(service);
                startups.Add(RunClock.Seconds(service.SpawnedAt, await service.WaitReadyAsync(ready, TimeSpan.FromSeconds(180))));
            }
        }
        catch
        {
            await new ServiceGroup(started, startups).DisposeAsync();
            throw;
        }
        return new ServiceGroup(started, startups);
    }

    private static PracticeRunFigures Figures(FakeBotApi api, ServiceGroup services, UserSimulation simulation, List<Window> windows,
        double startup, double? peakRss, long answersInDatabase, IReadOnlyList<InstanceFigures> instances, OnceOnlyFigures onceOnly)
    {
        var presses = simulation.Presses.ToList();
        var requests = api.Log.Snapshot();
        var phases = windows.Select(w =>
        {
            var seconds = RunClock.Seconds(w.Start, w.End);
            var recorded = presses.Count(p => p.Recorded && p.AnsweredAt >= w.Start && p.AnsweredAt <= w.End);
            var answering = presses.Where(p => p.Answers && p.AnsweredAt > 0 && p.DeliveredAt >= w.Start && p.DeliveredAt <= w.End).ToList();
            var polls = requests.Where(r => r.Method == "getupdates" && r.AnsweredAt >= w.Start && r.AnsweredAt <= w.End).ToList();
            var inWindow = requests.Count(r => r.AnsweredAt >= w.Start && r.AnsweredAt <= w.End);
            return new PhaseFigures(w.Name, w.Rate, Math.Round(seconds, 2), recorded, Math.Round(recorded / seconds, 1),
                Percentiles.Of(answering.Select(p => RunClock.Ms(p.DeliveredAt, p.AnsweredAt))),
                Percentiles.Of(answering.Select(p => RunClock.Ms(p.EnqueuedAt, p.AnsweredAt))),
                Percentiles.Of(answering.Where(p => p.NextQuestionAt > 0).Select(p => RunClock.Ms(p.EnqueuedAt, p.NextQuestionAt))),
                Math.Round(w.InstanceCores.Sum(), 2), Math.Round(w.HarnessCores, 2),
                polls.Count, polls.Count == 0 ? 0 : Math.Round(polls.Average(r => r.Items), 1), Math.Round(inWindow / seconds, 0),
                w.InstanceCores.Select(c => Math.Round(c, 2)).ToList(), w.DatabaseCores is { } db ? Math.Round(db, 2) : null);
        }).ToList();
        var loss = new LossFigures(
            presses.Count,
            presses.Count(p => p.AnsweredAt == 0),
            presses.Count(p => p.AnsweredAt == 0 && p.DeliveredAt == 0),
            simulation.ClosedToasts,
            simulation.Apologies,
            simulation.Stalls,
            simulation.RepeatedAnswers,
            api.Redeliveries,
            api.FloodRefusals,
            services.Warnings,
            services.Errors);
        var byMethod = requests.GroupBy(r => r.Method).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
        return new PracticeRunFigures(Math.Round(startup, 3), phases, loss, peakRss, answersInDatabase, presses.Count(p => p.Recorded),
            simulation.Registrations, simulation.PracticesFinished, byMethod, services.Problems.Take(40).ToList(), api.WebhookFailures, Profile: [],
            RegistrationSeconds: 0, instances, onceOnly);
    }

    private IReadOnlyList<BudgetLine> Budget(StartupFigures startup, PracticeRunFigures run, double? ratio, ScaleFigures? scale)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<BudgetLine>();
        var unpaced = run.Phases.FirstOrDefault(p => p.TargetRate is null);
        if (unpaced is not null)
        {
            lines.Add(new("answers/s end to end", "≥ 2,000/s", unpaced.AnswersPerSecond.ToString("N0", c), unpaced.AnswersPerSecond >= 2000));
        }
        if (ratio is { } r) lines.Add(new("QuizBot ÷ bare SQLite (batched)", "≥ 0.5", r.ToString("F4", c), r >= 0.5));
        foreach (var paced in run.Phases.Where(p => p.TargetRate is not null))
        {
            var reached = paced.AnswersPerSecond >= 0.95 * paced.TargetRate!.Value;
            var p99 = paced.DeliveryToAnswerMs.P99;
            lines.Add(new($"p99 update→answerCallbackQuery at {paced.TargetRate:N0}/s", "≤ 100 ms",
                string.Create(c, $"{p99} ms at {paced.AnswersPerSecond:N0}/s{(reached ? "" : " (rate not reached)")}"),
                paced.TargetRate >= 1000 ? reached && p99 <= 100 : null));
        }
        var peakTarget = scale is null ? "(judged in scale)" : "≤ 300 MB";
        lines.Add(new(scale is null ? "peak RSS" : $"peak RSS with {scale.Participants:N0} participants", peakTarget,
            string.Create(c, $"{run.PeakRssMb:F0} MB"), scale is null || scale.Participants < 300_000 ? null : run.PeakRssMb <= 300));
        lines.Add(new($"start-up, {startup.BankQuestions:N0} questions, empty db", "≤ 3 s", string.Create(c, $"{startup.ColdSeconds:F2} s"),
            startup.BankQuestions >= 10_000 ? startup.ColdSeconds <= 3 : null));
        lines.Add(new($"start-up, {startup.BankQuestions:N0} questions, restart", "≤ 3 s", string.Create(c, $"{startup.WarmSeconds:F2} s"),
            startup.BankQuestions >= 10_000 ? startup.WarmSeconds <= 3 : null));
        if (scale is not null)
        {
            lines.Add(new($"start-up with {scale.Participants:N0} participants, {scale.Answers:N0} answers", "(no budget)", string.Create(c, $"{scale.StartupSeconds:F2} s"), null));
        }
        lines.Add(new("presses lost", "0", run.Loss.Unanswered.ToString("N0", c), run.Loss.Unanswered == 0));
        var once = run.OnceOnly;
        lines.Add(new("updates stored and handled once", "all", string.Create(c,
            $"{once.UpdatesStored:N0} of {once.UpdatesOffered:N0} stored, {once.UpdatesUnfinished:N0} unfinished, {once.HandledByTwo:N0} by two instances"), once.UpdatesOnce));
        lines.Add(new("presses answered exactly once", "all", string.Create(c,
            $"{once.PressesAnsweredOnce:N0} once, {once.PressesNeverAnswered:N0} never, {once.PressesAnsweredTwice:N0} twice+"), once.PressesOnce));
        lines.Add(new("messages sent once", "all", string.Create(c,
            $"sends {once.SendsAccepted:N0} = {once.SendsInOutbox:N0}, edits {once.EditsAccepted:N0} = {once.EditsInOutbox:N0}, unsent {once.MessagesUnsent:N0}"), once.MessagesOnce));
        return lines;
    }

    private static async Task<long> CountAnswersAsync(ServiceDatabase database, DateTime sinceUtc)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT COUNT(*) FROM "Answers" WHERE NOT "TimedOut" AND "AnsweredAt" >= @since""";
        var since = command.CreateParameter();
        since.ParameterName = "@since";
        // SQLite keeps times as text in this form; PostgreSQL as timestamp with time zone.
        since.Value = database.IsSqlite ? sinceUtc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) : sinceUtc;
        command.Parameters.Add(since);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private RunOptionsSummary Summary() => new(options.Users, options.Seconds, options.Rate, options.TelegramLimits, options.BankQuestions,
        options.PracticeSize, options.Scenario == "scale" ? options.Participants : null, options.Scenario == "scale" ? options.SeededAnswers : null,
        options.BaselineRowsPerTransaction, options.Service.Assembly, options.Provider, options.Instances, options.MaxPool, options.AsyncCommit);

    private static double HarnessCpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static void Progress(string line) => Console.Error.WriteLine($"· {line}");

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            Progress($"could not remove {folder}: {e.Message}");
        }
    }
}
