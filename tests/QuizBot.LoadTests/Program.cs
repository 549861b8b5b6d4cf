using System.CommandLine;
using System.Reflection;
using QuizBot.LoadTests;
using QuizBot.LoadTests.Service;
using QuizBot.TestSupport;

var scenario = new Argument<string>("scenario")
{
    Description = "practice: users answering through polling; scale: the same on 300,000 participants and 10,000,000 answers; " +
        "webhook: the same through the webhook endpoint; broadcast: 10,000 messages through the outbound dispatcher; " +
        "reminders: --users participants reminded at the same minute, the service killed and restarted mid-wave, a few others practising; " +
        "round: --users contestants (default 2,000) in a self-paced round of --questions, open for --seconds (default 1,800), under Telegram's limits; " +
        "live: /quiz 1 in a group, --users members (default 5,000) pressing the question's buttons evenly over --seconds (default 3), plus 1 % second presses, over --transport; " +
        "boards: on the scale seed, the service builds its board totals on start, then --users practise for --seconds alone, with --board-readers sending " +
        "/leaderboard and pressing its buttons at --board-rate and the dashboard's board pages fetched at --page-rate, and alone again: " +
        "/leaderboard p95 (update delivered → answer sent), page p95, and the practice rate with boards ÷ without",
};
scenario.AcceptOnlyFromAmong("practice", "scale", "webhook", "broadcast", "reminders", "round", "live", "boards");
var users = new Option<int>("--users") { Description = "Simulated users (reminders: participants with a reminder; default 10,000)" };
var seconds = new Option<int>("--seconds") { Description = "Length of each measured phase (unpaced, then paced)", DefaultValueFactory = _ => 20 };
var json = new Option<string?>("--json") { Description = "Also write the figures as JSON to this file" };
var rate = new Option<double>("--rate") { Description = "Answers/s offered in the paced phase, where latency is judged (0 skips it)", DefaultValueFactory = _ => 1000 };
var limits = new Option<bool>("--telegram-limits") { Description = "The fake refuses sends past 1/s per chat or 30/s overall with 429 + retry_after" };
var requests = new Option<string?>("--requests") { Description = "Write every Bot API request (with timestamps) to this CSV file" };
var keep = new Option<bool>("--keep") { Description = "Keep the temporary folder (databases, generated bank)" };
var bankQuestions = new Option<int>("--bank-questions") { Description = "Questions in the generated bank for the start-up measurement", DefaultValueFactory = _ => 10_000 };
var participants = new Option<int>("--participants") { Description = "scale: participants seeded", DefaultValueFactory = _ => 300_000 };
var answers = new Option<long>("--answers") { Description = "scale: answers seeded", DefaultValueFactory = _ => 10_000_000 };
var baselineBatch = new Option<int>("--baseline-batch") { Description = "Rows per transaction of the bare-SQLite baseline", DefaultValueFactory = _ => 100 };
var practiceSize = new Option<int>("--practice-size") { Description = "Questions per /practice", DefaultValueFactory = _ => 10 };
var messages = new Option<int>("--messages") { Description = "broadcast: messages queued, one per chat", DefaultValueFactory = _ => 10_000 };
var trace = new Option<string?>("--trace") { Description = "Profile the service with dotnet-trace (thread time) during the unpaced window (live: the presses) into this .nettrace file" };
var failRate = new Option<double>("--fail-rate") { Description = "Share (0–1) of getUpdates, sends, edits and button answers the fake fails with a 502" };
var practisers = new Option<int>("--practisers") { Description = "reminders: users practising through the wave", DefaultValueFactory = _ => 5 };
var killAt = new Option<double>("--kill-at") { Description = "reminders: share (0–1) of the wave after which the service is killed and restarted; 0: no kill", DefaultValueFactory = _ => 0.35 };
var roundQuestions = new Option<int>("--questions") { Description = "round: questions in the round", DefaultValueFactory = _ => 20 };
var transport = new Option<string>("--transport") { Description = "live: how the service gets updates, polling or webhook", DefaultValueFactory = _ => "polling" };
transport.AcceptOnlyFromAmong("polling", "webhook");
var boardReaders = new Option<int>("--board-readers") { Description = "boards: registered members reading /leaderboard", DefaultValueFactory = _ => 500 };
var boardRate = new Option<double>("--board-rate") { Description = "boards: /leaderboard commands and button presses per second, in all", DefaultValueFactory = _ => 20 };
var pageRate = new Option<double>("--page-rate") { Description = "boards: dashboard board pages fetched per second", DefaultValueFactory = _ => 10 };
var paced = new Option<double>("--paced")
{
    Description = "boards: answers/s offered in the window where /leaderboard and the pages are judged (0: half the rate practice reached alone)",
    DefaultValueFactory = _ => 400,
};
var service = new Option<string?>("--service") { Description = "quizbot.dll to run (default: the Release build of src/QuizBot)" };
var provider = new Option<string>("--provider")
{
    Description = "practice, webhook: the service's database, sqlite or postgres (a durable PostgreSQL server the harness starts and stops)",
    DefaultValueFactory = _ => "sqlite",
};
provider.AcceptOnlyFromAmong("sqlite", "postgres");
var instances = new Option<int>("--instances")
{
    Description = "practice, webhook: service processes on one PostgreSQL database, behind one webhook URL (the harness delivers to each in turn)",
    DefaultValueFactory = _ => 1,
};
var asyncCommit = new Option<bool>("--async-commit")
{
    Description = "--provider postgres: synchronous_commit off on the service's connections (a commit does not wait for the disk, as with SQLite's synchronous=NORMAL)",
};
var maxPool = new Option<int>("--max-pool")
{
    Description = "--provider postgres: each instance's connection pool (Npgsql's Maximum Pool Size); 0 keeps Npgsql's default, 100",
};

var root = new RootCommand("QuizBot's load harness: the real service against a fake Bot API on loopback")
{
    scenario, users, seconds, json, rate, limits, requests, keep, bankQuestions, participants, answers, baselineBatch, practiceSize, messages, trace, service, failRate, practisers, killAt, roundQuestions, transport, boardReaders, boardRate, pageRate, paced,
    provider, instances, maxPool, asyncCommit,
};
root.SetAction(async (result, _) =>
{
    var name = result.GetValue(scenario)!;
    var repository = Metadata("RepositoryRoot");
    var assembly = Path.GetFullPath(result.GetValue(service) ?? Path.Combine(repository, Metadata("ServiceAssembly")));
    if (!File.Exists(assembly))
    {
        Console.Error.WriteLine($"{assembly} is missing: build the service first (dotnet build -c Release src/QuizBot), or pass --service.");
        return 1;
    }
    var database = result.GetValue(provider)!;
    var count = result.GetValue(instances);
    if (DatabaseRefusal(name, database, count) is { } refusal)
    {
        Console.Error.WriteLine(refusal);
        return 2;
    }
    var options = new RunOptions(
        name,
        Math.Max(1, result.GetValue(users) is > 0 and var n ? n : name switch { "reminders" => 10_000, "round" => 2_000, "live" => 5_000, _ => 200 }),
        // For a round, --seconds is its window: Telegram's real 30 minutes unless told otherwise; for a live game,
        // the spread of the presses.
        (name, result.GetResult(seconds) is null or { Implicit: true }) switch
        {
            ("round", true) => 1800,
            ("live", true) => 3,
            ("live", false) => Math.Max(1, result.GetValue(seconds)),
            _ => Math.Max(4, result.GetValue(seconds)),
        },
        Math.Max(0, result.GetValue(rate)),
        result.GetValue(limits),
        result.GetValue(json),
        result.GetValue(requests),
        result.GetValue(keep),
        Math.Max(1, result.GetValue(bankQuestions)),
        Math.Max(1, result.GetValue(participants)),
        Math.Max(0, result.GetValue(answers)),
        Math.Max(1, result.GetValue(baselineBatch)),
        Math.Clamp(result.GetValue(practiceSize), 1, 50),
        Math.Max(1, result.GetValue(messages)),
        result.GetValue(trace),
        new ServiceSettings(assembly, repository),
        Math.Clamp(result.GetValue(failRate), 0, 0.9),
        Math.Max(1, result.GetValue(practisers)),
        Math.Clamp(result.GetValue(killAt), 0, 0.95),
        Math.Clamp(result.GetValue(roundQuestions), 1, 50),
        result.GetValue(transport)!,
        Math.Max(1, result.GetValue(boardReaders)),
        Math.Max(0, result.GetValue(boardRate)),
        Math.Max(0, result.GetValue(pageRate)),
        Math.Max(0, result.GetValue(paced)),
        database,
        count,
        Math.Max(0, result.GetValue(maxPool)),
        result.GetValue(asyncCommit));
    return await new LoadRun(options).RunAsync();
});
return await root.Parse(args).InvokeAsync();

// The other scenarios seed and read the service's SQLite file directly.
static string? DatabaseRefusal(string scenario, string provider, int instances) => (scenario, provider, instances) switch
{
    (_, _, < 1) => "--instances: at least 1.",
    ("practice" or "webhook", "sqlite", > 1) =>
        $"--instances {instances} needs --provider postgres: instances share one database, and SQLite's is a file of one machine, written by one process.",
    (not ("practice" or "webhook"), "postgres", _) or (not ("practice" or "webhook"), _, > 1) =>
        "--provider postgres and --instances are for the practice and webhook scenarios; the others seed and read the SQLite file directly.",
    (_, "postgres", _) when !PostgresServer.IsAvailable =>
        "--provider postgres: PostgreSQL's server programs (initdb, pg_ctl) are not installed: apt-get install -y postgresql.",
    _ => null,
};

static string Metadata(string key) =>
    typeof(LoadRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
