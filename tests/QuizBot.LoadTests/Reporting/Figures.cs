using System.Globalization;
using System.Runtime.InteropServices;
using QuizBot.LoadTests.Data;

namespace QuizBot.LoadTests.Reporting;

/// <param name="LoadAverage">/proc/loadavg when the run started: other work on the machine skews every figure.</param>
public sealed record MachineInfo(string Cpu, int Cores, double MemoryGb, string Os, string Runtime, string LoadAverage)
{
    public static MachineInfo Read()
    {
        string Field(string file, string name) =>
            File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?" : "?";
        var memoryKb = Field("/proc/meminfo", "MemTotal").Split(' ')[0];
        return new MachineInfo(
            Field("/proc/cpuinfo", "model name"),
            Environment.ProcessorCount,
            double.TryParse(memoryKb, CultureInfo.InvariantCulture, out var kb) ? Math.Round(kb / 1048576.0, 1) : 0,
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            CurrentLoadAverage());
    }

    public static string CurrentLoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}

public sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, Round(Rank(0.50)), Round(Rank(0.95)), Round(Rank(0.99)), Round(sorted[^1]));
    }

    private static double Round(double ms) => Math.Round(ms, 1);
}

/// <param name="ColdSeconds">Process start to the first getUpdates on an empty database: migrations, the
/// whole bank inserted, then polling.</param>
/// <param name="WarmSeconds">The same with the bank already in the database (a restart).</param>
public sealed record StartupFigures(int BankQuestions, double ColdSeconds, double? ColdListeningSeconds, double WarmSeconds, double? PeakRssMb);

/// <param name="TargetRate">Answers/s offered in all; null when users answer as fast as the bot lets them.</param>
/// <param name="DeliveryToAnswerMs">From the getUpdates answer that carried a press to the answerCallbackQuery for it.</param>
/// <param name="PressToAnswerMs">From the press (the update queued at the fake) to its answerCallbackQuery: includes
/// the wait for the bot's next getUpdates.</param>
/// <param name="ServiceCores">CPU the service used in the window, in cores (of 2): all its instances together.</param>
/// <param name="InstanceCores">The same for each instance, in the order they were started.</param>
/// <param name="DatabaseCores">CPU of the PostgreSQL server (the postmaster and its backends); null on SQLite,
/// which runs inside the service.</param>
public sealed record PhaseFigures(
    string Name,
    double? TargetRate,
    double WindowSeconds,
    int Answers,
    double AnswersPerSecond,
    Percentiles DeliveryToAnswerMs,
    Percentiles PressToAnswerMs,
    Percentiles PressToNextQuestionMs,
    double ServiceCores,
    double HarnessCores,
    int GetUpdatesCalls,
    double UpdatesPerGetUpdates,
    double BotRequestsPerSecond,
    IReadOnlyList<double> InstanceCores,
    double? DatabaseCores);

/// <param name="Unanswered">Presses never answered with answerCallbackQuery by the end of the drain: lost.</param>
/// <param name="NeverDelivered">Of those, presses still in the queue: the bot never fetched them.</param>
public sealed record LossFigures(
    int Presses,
    int Unanswered,
    int NeverDelivered,
    int ClosedToasts,
    int Apologies,
    int Stalls,
    int RepeatedAnswers,
    int Redeliveries,
    int FloodRefusals,
    int ServiceWarnings,
    int ServiceErrors);

public sealed record ScaleFigures(int Participants, int Sessions, long Answers, double SeedSeconds, double IndexRebuildSeconds, double DatabaseMb,
    double StartupSeconds, double? RssAfterStartMb);

public sealed record BudgetLine(string Item, string Target, string Measured, bool? Met)
{
    public string Verdict => Met switch { true => "met", false => "NOT MET", null => "n/a" };
}

public sealed record PracticeRunFigures(
    double StartupSeconds,
    IReadOnlyList<PhaseFigures> Phases,
    LossFigures Loss,
    double? PeakRssMb,
    long AnswersInDatabase,
    int AnswersAcknowledged,
    int Registrations,
    int PracticesFinished,
    IReadOnlyDictionary<string, int> Requests,
    IReadOnlyList<string> ServiceProblems,
    int WebhookFailures,
    IReadOnlyList<string> Profile,
    double RegistrationSeconds,
    IReadOnlyList<InstanceFigures> Instances,
    OnceOnlyFigures OnceOnly);

/// <param name="Number">1 for the first started.</param>
/// <param name="WebhookDeliveries">Updates whose webhook delivery it accepted; null over polling.</param>
/// <param name="UpdatesHandled">Inbox rows it marked handled.</param>
/// <param name="MessagesQueued">Outbox rows it queued and sent.</param>
public sealed record InstanceFigures(int Number, double StartupSeconds, double? PeakRssMb, int? WebhookDeliveries, long UpdatesHandled,
    long MessagesQueued, int Warnings, int Errors);

public sealed record LoadReport(
    string Scenario,
    DateTime StartedUtc,
    MachineInfo Machine,
    RunOptionsSummary Settings,
    StartupFigures Startup,
    BaselineResult Baseline,
    BaselineResult BaselineOneRowPerTransaction,
    ScaleFigures? Scale,
    PracticeRunFigures? Run,
    BroadcastFigures? Broadcast,
    double? QuizBotToBaseline,
    IReadOnlyList<BudgetLine> Budget,
    ReminderFigures? Reminders = null,
    RoundFigures? Round = null,
    LiveFigures? Live = null);

/// <param name="Messages">Messages queued in the outbox before the start, one per chat.</param>
/// <param name="Sent">Chats that got their message (a sendMessage answered 200).</param>
/// <param name="RatePerSecond">Messages accepted per second from the first to the last.</param>
/// <param name="SlowestTenSecondsRate">The lowest rate over any full ten seconds of the run.</param>
public sealed record BroadcastFigures(
    int Messages,
    int Sent,
    int Lost,
    int Duplicates,
    int Refused429,
    double Seconds,
    double RatePerSecond,
    double SlowestTenSecondsRate,
    double FastestSecondRate,
    int Cap,
    double ShareOfCap,
    double StartupSeconds,
    double? PeakRssMb,
    int ServiceWarnings,
    int ServiceErrors,
    IReadOnlyList<string> ServiceProblems);

/// <param name="Provider">The service's database: Sqlite, or Postgres (a durable server the harness starts).</param>
/// <param name="Instances">Service processes on that database, behind one webhook URL when more than one.</param>
/// <param name="MaxPool">PostgreSQL: each instance's connection pool; 0 for Npgsql's default (100).</param>
/// <param name="AsyncCommit">PostgreSQL: the service's commits do not wait for the disk (synchronous_commit off).</param>
public sealed record RunOptionsSummary(int Users, int Seconds, double Rate, bool TelegramLimits, int BankQuestions, int PracticeSize,
    int? Participants, long? SeededAnswers, int BaselineRowsPerTransaction, string ServiceAssembly, string Provider, int Instances, int MaxPool, bool AsyncCommit);
