using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuizBot.LoadTests.Reporting;

/// <summary>The run's figures as a table on the console and as JSON.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void WriteJson(LoadReport report, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(report, Json));
    }

    private static string Database(RunOptionsSummary settings)
    {
        if (settings.Provider != "postgres") return "SQLite";
        var pool = settings.MaxPool > 0 ? $"pool {settings.MaxPool}" : "pool 100 (Npgsql's default)";
        var commit = settings.AsyncCommit ? "durable server, synchronous_commit off" : "durable";
        return settings.Instances == 1
            ? $"PostgreSQL ({commit}), 1 instance, {pool}"
            : $"PostgreSQL ({commit}), {settings.Instances} instances behind one webhook URL, delivered in turn, {pool} each";
    }

    public static string Table(LoadReport r)
    {
        var c = CultureInfo.InvariantCulture;
        var rows = new List<(string, string)>();
        void Add(string name, FormattableString value) => rows.Add((name, value.ToString(c)));

        Add("machine", $"{r.Machine.Cpu}, {r.Machine.Cores} cores, {r.Machine.MemoryGb} GiB, {r.Machine.Runtime}; load average {r.Machine.LoadAverage} at start, {MachineInfo.CurrentLoadAverage()} at end");
        if (r.Live is { } ls) Add("settings", $"/quiz 1 in a supergroup over {ls.Transport}: {ls.Members:N0} members press once, evenly over {ls.SpreadSeconds} s, plus {ls.SecondPresses:N0} second presses; {ls.Options} options, {LiveQuiz.SecondsPerQuestion} s per question; the fake refuses sends and edits past 30/s overall or 1/s per chat (429)");
        else if (r.Round is { } rs) Add("settings", $"{rs.Contestants:N0} contestants, {rs.Questions} questions ({rs.Blueprint}), {rs.SecondsPerQuestion} s each, window {rs.WindowSeconds:F0} s (starts over the first {rs.WindowSeconds - rs.PlayTimeSeconds:F0} s), prediction on; the fake refuses sends and edits past 30/s overall or 1/s per chat (429)");
        else if (r.Reminders is { } wave) Add("settings", $"{wave.Participants:N0} participants reminded at {wave.ReminderAt}, {wave.Practisers} others practising; the fake refuses past {wave.Cap}/s overall or 1/s per chat (429)");
        else if (r.Broadcast is { } queued) Add("settings", $"{queued.Messages:N0} messages to distinct chats; the fake refuses past {queued.Cap}/s overall or 1/s per chat (429)");
        else Add("settings", $"{r.Settings.Users} users, {r.Settings.Seconds} s per phase, /practice {r.Settings.PracticeSize}, Telegram limits {(r.Settings.TelegramLimits ? "on" : "off")}; {Database(r.Settings)}");
        Add($"start-up, {r.Startup.BankQuestions:N0}-question bank, empty db", $"{r.Startup.ColdSeconds:F2} s ({(r.Startup.ColdListeningSeconds is { } listening ? $"web server listening at {listening:F2} s" : "the service did not announce its web server")})");
        Add($"start-up, {r.Startup.BankQuestions:N0}-question bank, restart", $"{r.Startup.WarmSeconds:F2} s");
        if (r.Scale is { } s)
        {
            Add("scale: seeded", $"{s.Participants:N0} participants, {s.Sessions:N0} sessions, {s.Answers:N0} answers, {s.DatabaseMb:N0} MB ({s.SeedSeconds:F0} s, indexes {s.IndexRebuildSeconds:F0} s)");
            Add("scale: start-up on the seeded db", $"{s.StartupSeconds:F2} s, RSS {s.RssAfterStartMb:F0} MB when ready");
        }
        if (r.Run is { } run)
        {
            Add("start-up for this run", $"{run.StartupSeconds:F2} s");
            Add("registration (all users to their first question)", $"{run.RegistrationSeconds:F1} s for {r.Settings.Users:N0} users");
            foreach (var p in run.Phases)
            {
                var target = p.TargetRate is { } t ? $"offered {t:N0}/s" : "unpaced";
                Add($"[{p.Name}] answers/s sustained ({target})", $"{p.AnswersPerSecond:N0}  ({p.Answers:N0} answers in {p.WindowSeconds:F1} s)");
                Add($"[{p.Name}] delivery→answerCallbackQuery ms", $"p50 {p.DeliveryToAnswerMs.P50}  p95 {p.DeliveryToAnswerMs.P95}  p99 {p.DeliveryToAnswerMs.P99}  max {p.DeliveryToAnswerMs.Max}  (n={p.DeliveryToAnswerMs.Count:N0})");
                Add($"[{p.Name}] press→answerCallbackQuery ms", $"p50 {p.PressToAnswerMs.P50}  p95 {p.PressToAnswerMs.P95}  p99 {p.PressToAnswerMs.P99}  max {p.PressToAnswerMs.Max}");
                Add($"[{p.Name}] press→next question on screen ms", $"p50 {p.PressToNextQuestionMs.P50}  p95 {p.PressToNextQuestionMs.P95}  p99 {p.PressToNextQuestionMs.P99}  max {p.PressToNextQuestionMs.Max}  (n={p.PressToNextQuestionMs.Count:N0})");
                if (p.InstanceCores.Count == 1 && p.DatabaseCores is null) Add($"[{p.Name}] CPU (cores): service / harness", $"{p.ServiceCores:F2} / {p.HarnessCores:F2}");
                else Add($"[{p.Name}] CPU (cores): instances / PostgreSQL / harness", $"{string.Join(" + ", p.InstanceCores.Select(x => x.ToString("F2", c)))} = {p.ServiceCores:F2} / {p.DatabaseCores:F2} / {p.HarnessCores:F2}");
                if (p.GetUpdatesCalls > 0) Add($"[{p.Name}] updates", $"{p.GetUpdatesCalls:N0} getUpdates calls, {p.UpdatesPerGetUpdates:F1} updates each; {p.BotRequestsPerSecond:N0} Bot API requests/s");
                else Add($"[{p.Name}] updates", $"through the webhook; {p.BotRequestsPerSecond:N0} Bot API requests/s");
            }
            var l = run.Loss;
            Add("presses / lost (never answered)", $"{l.Presses:N0} / {l.Unanswered:N0} (never fetched: {l.NeverDelivered:N0})");
            Add("answers acknowledged / in database", $"{run.AnswersAcknowledged:N0} / {run.AnswersInDatabase:N0}");
            Add("closed toasts / apologies / stalls", $"{l.ClosedToasts:N0} / {l.Apologies:N0} / {l.Stalls:N0}");
            Add("redeliveries / 429s / repeated answers", $"{l.Redeliveries:N0} / {l.FloodRefusals:N0} / {l.RepeatedAnswers:N0}");
            if (run.WebhookFailures > 0) Add("webhook deliveries refused or failed", $"{run.WebhookFailures:N0}");
            Add("service log warnings / errors", $"{l.ServiceWarnings:N0} / {l.ServiceErrors:N0}");
            Add("registrations / practices finished", $"{run.Registrations:N0} / {run.PracticesFinished:N0}");
            Add("peak RSS of the service (VmHWM)", $"{run.PeakRssMb:F0} MB");
            var o = run.OnceOnly;
            Add("once: updates offered / stored / unfinished", $"{o.UpdatesOffered:N0} / {o.UpdatesStored:N0} / {o.UpdatesUnfinished:N0}");
            Add("once: updates handled by two instances / by another than received it", $"{o.HandledByTwo:N0} / {o.HandledElsewhere:N0}");
            Add("once: presses answered once / never / twice+", $"{o.PressesAnsweredOnce:N0} / {o.PressesNeverAnswered:N0} / {o.PressesAnsweredTwice:N0}");
            Add("once: sendMessage accepted / sent in the outbox", $"{o.SendsAccepted:N0} / {o.SendsInOutbox:N0}");
            Add("once: editMessageText accepted / sent in the outbox", $"{o.EditsAccepted:N0} / {o.EditsInOutbox:N0}");
            Add("once: outbox messages / unsent", $"{o.MessagesQueued:N0} / {o.MessagesUnsent:N0}");
            if (run.Instances.Count > 1)
            {
                foreach (var i in run.Instances)
                {
                    Add($"instance {i.Number}: start-up / peak RSS", $"{i.StartupSeconds:F2} s / {i.PeakRssMb:F0} MB");
                    Add($"instance {i.Number}: webhook deliveries / updates handled / messages sent", $"{i.WebhookDeliveries:N0} / {i.UpdatesHandled:N0} / {i.MessagesQueued:N0}");
                    Add($"instance {i.Number}: log warnings / errors", $"{i.Warnings:N0} / {i.Errors:N0}");
                }
            }
        }
        if (r.Broadcast is { } cast)
        {
            Add("broadcast: start-up", $"{cast.StartupSeconds:F2} s");
            Add("broadcast: messages queued / sent / lost", $"{cast.Messages:N0} / {cast.Sent:N0} / {cast.Lost:N0} (duplicates {cast.Duplicates:N0})");
            Add("broadcast: rate, first to last send", $"{cast.RatePerSecond:F1}/s over {cast.Seconds:F0} s = {cast.ShareOfCap:P1} of the {cast.Cap}/s cap");
            Add("broadcast: slowest 10 s / fastest 1 s", $"{cast.SlowestTenSecondsRate:F1}/s / {cast.FastestSecondRate:F0}/s");
            Add("broadcast: 429s from the fake", $"{cast.Refused429:N0}");
            Add("service log warnings / errors", $"{cast.ServiceWarnings:N0} / {cast.ServiceErrors:N0}");
            Add("peak RSS of the service (VmHWM)", $"{cast.PeakRssMb:F0} MB");
        }
        if (r.Reminders is { } w)
        {
            Add("reminders: start-up / restart after the kill", $"{w.StartupSeconds:F2} s / {w.RestartStartupSeconds:F2} s");
            Add("reminders: first after the minute starts", $"{w.FirstReminderSeconds:F2} s");
            Add("reminders: whole wave (minute start → last first reminder)", $"{w.WaveSeconds:F1} s = {w.WaveSeconds / 60:F1} min; first to last send {w.FirstToLastSeconds:F0} s");
            Add("reminders: rate overall / outside the restart", $"{w.RatePerSecond:F1}/s / {w.SendingRatePerSecond:F1}/s = {w.ShareOfCap:P1} of the {w.Cap}/s cap");
            Add("reminders: slowest 10 s overall / outside the restart; fastest 1 s; longest pause", $"{w.SlowestTenSecondsRate:F1}/s / {w.SlowestTenSecondsOutsideRestartRate:F1}/s; {w.FastestSecondRate}/s; {w.LongestPauseSeconds:F1} s");
            Add("reminders: reminded / twice / never", $"{w.Reminded:N0} / {w.RemindedTwice:N0} ({w.ExtraSends:N0} extra sends) / {w.NeverReminded:N0} of {w.Participants:N0}");
            if (w.KilledAtSeconds is { } killed)
            {
                Add("reminders: kill -9", $"{killed:F1} s into the minute, after {w.RemindedAtKill:N0} reminders; {w.ClaimsAtKill:N0} days claimed, {w.PendingAtKill:N0} queued unconfirmed ({w.InFlightAtKill:N0} already accepted by the fake = in flight), {w.ClaimedNotQueuedAtKill:N0} claimed not queued");
                Add("reminders: after the restart", $"ready → first reminder {w.RestartReadyToFirstReminderSeconds:F1} s ({w.SentFromOutboxAfterRestart:N0} from the outbox), ready → wave resumed {w.RestartReadyToResumedSeconds:F1} s");
                Add("reminders: restart gap", $"{w.RestartGapSeconds:F1} s from the last reminder before the kill to the wave's resumption");
            }
            Add("reminders: days claimed at the end / claimed never sent / outbox failed", $"{w.ClaimsAtEnd:N0} / {w.ClaimedNeverSent:N0} / {w.OutboxFailed:N0}");
            Add("reminders: 429s from the fake (to reminder chats)", $"{w.Refused429:N0} ({w.Refused429Reminders:N0})");
            Add("practice: press→next question before the minute (within a practice) ms", $"p50 {w.PracticeQuietMs.P50}  p95 {w.PracticeQuietMs.P95}  p99 {w.PracticeQuietMs.P99}  max {w.PracticeQuietMs.Max}  (n={w.PracticeQuietMs.Count:N0})");
            Add("practice: press→next question during the wave (within a practice) ms", $"p50 {w.PracticeDuringWaveMs.P50}  p95 {w.PracticeDuringWaveMs.P95}  p99 {w.PracticeDuringWaveMs.P99}  max {w.PracticeDuringWaveMs.Max}  (n={w.PracticeDuringWaveMs.Count:N0})");
            Add("practice: last answer→next practice's first question, wave ms", $"p50 {w.PracticeNextPracticeDuringWaveMs.P50}  p95 {w.PracticeNextPracticeDuringWaveMs.P95}  max {w.PracticeNextPracticeDuringWaveMs.Max}  (n={w.PracticeNextPracticeDuringWaveMs.Count:N0})");
            Add("practice: presses caught by the restart ms", $"p50 {w.PracticeAcrossRestartMs.P50}  max {w.PracticeAcrossRestartMs.Max}  (n={w.PracticeAcrossRestartMs.Count:N0})");
            Add("practice: answers / lost / stalls / apologies", $"{w.PracticeAnswers:N0} / {w.PressesLost:N0} / {w.PracticeStalls:N0} / {w.PracticeApologies:N0}");
            Add("service log warnings / errors (both runs)", $"{w.ServiceWarnings:N0} / {w.ServiceErrors:N0}");
            Add("peak RSS of the service (VmHWM)", $"{w.PeakRssMb:F0} MB");
        }
        if (r.Round is { } x)
        {
            Add("round: start-up", $"{x.StartupSeconds:F2} s");
            Add("round: contestants started / finished before the close / complete attempts (db)", $"{x.Started:N0} / {x.FinishedBeforeClose:N0} / {x.CompleteAttempts:N0} of {x.Contestants:N0} ({x.Attempts:N0} attempts)");
            Add("round: answers recorded (toasts) / in db / timed out / predictions", $"{x.AnswersRecorded:N0} / {x.AnswersInDatabase:N0} / {x.TimedOutAnswers:N0} / {x.Predictions:N0}");
            Add("round: answers refused (round closed / button expired) / never answered", $"{x.Refused:N0} / {x.ButtonClosed:N0} / {x.PressesUnanswered:N0}");
            Add("round: messages (sends + edits), opening → last result", $"{x.Messages:N0} = {x.Sends:N0} sends + {x.Edits:N0} edits; in the window {x.MessagesInWindow:N0}; toasts {x.Toasts:N0}");
            Add("round: by kind", $"invitations {x.Invitations:N0}, reminders {x.Reminders:N0}, headings {x.Headings:N0}, questions {x.QuestionMessages:N0} (tick redraws {x.TickRedraws:N0}), prediction prompts {x.PredictionPrompts:N0}, done {x.DoneMessages:N0}, results {x.ResultMessages:N0}, organizer {x.OrganizerMessages:N0}, other {x.OtherMessages:N0}");
            Add("round: messages per answered question / per contestant", $"{x.MessagesPerAnswer:F3} (play only {x.PlayMessagesPerAnswer:F3}) / {x.MessagesPerContestant:F2}");
            Add("round: sends/s in the window; slowest / fastest 10 s; fastest 1 s", $"{x.MessagesPerSecondInWindow:F1}/s; {x.SlowestTenSecondsRate:F1} / {x.FastestTenSecondsRate:F1}/s; {x.FastestSecond}/s; 429s {x.Refused429:N0}");
            Add("round: invitation wave / results after the close", $"{x.InvitationWaveSeconds:F1} s / {x.ResultsSeconds:F1} s (results posted: {x.ResultsPosted}; outbox failed {x.OutboxFailed:N0})");
            Add("round: press→toast ms", $"p50 {x.PressToToastMs.P50}  p95 {x.PressToToastMs.P95}  p99 {x.PressToToastMs.P99}  max {x.PressToToastMs.Max}  (n={x.PressToToastMs.Count:N0})");
            Add("round: press→next question ms", $"p50 {x.PressToNextQuestionMs.P50}  p95 {x.PressToNextQuestionMs.P95}  p99 {x.PressToNextQuestionMs.P99}  max {x.PressToNextQuestionMs.Max}  (n={x.PressToNextQuestionMs.Count:N0})");
            Add("round: after the invitations: press→toast / →next question ms", $"p50 {x.AfterInvitationsToastMs.P50} / {x.AfterInvitationsNextQuestionMs.P50}  p95 {x.AfterInvitationsToastMs.P95} / {x.AfterInvitationsNextQuestionMs.P95}  p99 {x.AfterInvitationsToastMs.P99} / {x.AfterInvitationsNextQuestionMs.P99}  (n={x.AfterInvitationsNextQuestionMs.Count:N0})");
            Add("service log warnings / errors", $"{x.ServiceWarnings:N0} / {x.ServiceErrors:N0}");
            Add("peak RSS of the service (VmHWM)", $"{x.PeakRssMb:F0} MB");
        }
        if (r.Live is { } v)
        {
            Add("live: start-up", $"{v.StartupSeconds:F2} s");
            Add("live: presses offered (first to last member)", $"{v.Members + v.SecondPresses:N0} in {v.OfferedSpreadSeconds:F2} s");
            Add("live: answerCallbackQuery per press: once / never / twice+ / unknown ids", $"{v.AnsweredOnce:N0} / {v.NeverAnswered:N0} / {v.AnsweredTwice:N0} / {v.UnknownToasts:N0}");
            Add("live: toasts recorded / already answered (second presses) / closed / other", $"{v.RecordedToasts:N0} / {v.AlreadyAnsweredToasts:N0} of {v.SecondPresses:N0} / {v.ClosedToasts:N0} / {v.OtherToasts:N0}");
            Add("live: press offered→toast ms", $"p50 {v.OfferedToToastMs.P50}  p95 {v.OfferedToToastMs.P95}  p99 {v.OfferedToToastMs.P99}  max {v.OfferedToToastMs.Max}  (n={v.OfferedToToastMs.Count:N0})");
            Add("live: press delivered→toast ms", $"p50 {v.DeliveredToToastMs.P50}  p95 {v.DeliveredToToastMs.P95}  p99 {v.DeliveredToToastMs.P99}  max {v.DeliveredToToastMs.Max}  (n={v.DeliveredToToastMs.Count:N0})");
            Add("live: LivePresses rows / distinct members / strangers / not toasted 'recorded'", $"{v.Recorded:N0} / {v.RecordedDistinct:N0} / {v.RecordedStrangers:N0} / {v.RecordedNotToasted:N0}");
            Add("live: PressedAt − offered ms, min / max (max − delivered); outside [offered, toast]", $"{v.MinLagMs:F1} / {v.MaxLagMs:F1} ({v.MaxLagFromDeliveryMs:F1}); {v.OutsideOwnTime:N0}");
            Add("live: PressedAt spread / offered spread", $"{v.RecordedSpreadSeconds:F3} s / {v.OfferedSpreadSeconds:F3} s");
            Add("live: reveal counts / database counts (screen order)", $"[{string.Join(", ", v.RevealCounts)}] / [{string.Join(", ", v.DatabaseCounts)}]; right {v.RevealRight}/{v.RevealAnswered} / {v.RecordedRight}/{v.Recorded}");
            Add("live: reveal on screen after the deadline", $"{v.RevealDelaySeconds:F3} s (board edits {v.BoardEdits})");
            Add("live: group sends / edits / 429s / redeliveries / webhook failures", $"{v.GroupSends} / {v.GroupEdits} / {v.Refused429} / {v.Redeliveries} / {v.WebhookFailures}");
            if (v.WebhookFailureReasons.Count > 0) Add("live: first webhook failures (each delivered again)", $"{string.Join("; ", v.WebhookFailureReasons)}");
            if (v.WebhookConnections is { } connections)
            {
                var rt = v.WebhookRoundTripMs;
                Add("live: webhook deliveries at once (max_connections); POST→200 ms", $"{connections}; p50 {rt.P50}  p95 {rt.P95}  p99 {rt.P99}  max {rt.Max}  (n={rt.Count:N0})");
            }
            Add("live: CPU, first press offered → last toast (cores): service / harness", $"{v.ServiceCores:F2} / {v.HarnessCores:F2}");
            Add("service log warnings / errors", $"{v.ServiceWarnings:N0} / {v.ServiceErrors:N0}");
            Add("peak RSS of the service (VmHWM)", $"{v.PeakRssMb:F0} MB");
        }
        Add($"bare SQLite, {r.Baseline.RowsPerTransaction} rows/transaction", $"{r.Baseline.RowsPerSecond:N0} rows/s (synchronous={r.Baseline.Synchronous})");
        Add("bare SQLite, 1 row/transaction", $"{r.BaselineOneRowPerTransaction.RowsPerSecond:N0} rows/s");
        if (r.QuizBotToBaseline is { } ratio)
        {
            Add("QuizBot ÷ bare SQLite (batched)", $"{ratio:F4}");
            var unpaced = r.Run?.Phases.FirstOrDefault(p => p.TargetRate is null);
            if (unpaced is not null) Add("QuizBot ÷ bare SQLite (1 row/transaction)", $"{unpaced.AnswersPerSecond / r.BaselineOneRowPerTransaction.RowsPerSecond:F3}");
        }

        var width = rows.Max(x => x.Item1.Length) + 2;
        var text = new StringBuilder();
        text.AppendLine(c, $"QuizBot load test — {r.Scenario} — {r.StartedUtc:yyyy-MM-dd HH:mm} UTC");
        foreach (var (name, value) in rows) text.Append(name.PadRight(width)).AppendLine(value);
        text.AppendLine();
        var itemWidth = r.Budget.Max(b => b.Item.Length) + 2;
        var targetWidth = r.Budget.Max(b => b.Target.Length) + 2;
        var measuredWidth = r.Budget.Max(b => b.Measured.Length) + 2;
        text.Append("budget".PadRight(itemWidth)).Append("target".PadRight(targetWidth)).Append("measured".PadRight(measuredWidth)).AppendLine("verdict");
        foreach (var b in r.Budget)
        {
            text.Append(b.Item.PadRight(itemWidth)).Append(b.Target.PadRight(targetWidth)).Append(b.Measured.PadRight(measuredWidth)).AppendLine(b.Verdict);
        }
        if (r.Run is { Profile.Count: > 0 } profiled)
        {
            text.AppendLine().AppendLine("profile of the service (unpaced window, dotnet-trace thread time):");
            foreach (var line in profiled.Profile) text.Append("  ").AppendLine(line);
        }
        if (r.Live is { Profile.Count: > 0 } traced)
        {
            text.AppendLine().AppendLine("profile of the service (the presses, dotnet-trace thread time):");
            foreach (var line in traced.Profile) text.Append("  ").AppendLine(line);
        }
        var problems = r.Run?.ServiceProblems ?? r.Broadcast?.ServiceProblems ?? r.Reminders?.ServiceProblems ?? r.Round?.ServiceProblems ?? r.Live?.ServiceProblems ?? [];
        if (problems.Count > 0)
        {
            text.AppendLine().AppendLine("first service log problems:");
            foreach (var line in problems.Take(12)) text.Append("  ").AppendLine(line.Length > 200 ? line[..200] + "…" : line);
        }
        return text.ToString();
    }
}
