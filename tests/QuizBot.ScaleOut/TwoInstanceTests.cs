using System.Diagnostics;
using System.Globalization;
using QuizBot.Data;
using QuizBot.EndToEnd.Support;
using QuizBot.ScaleOut.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace QuizBot.ScaleOut;

/// <summary>
/// Two service processes on one PostgreSQL database behind one webhook URL (a proxy that alternates each chat's
/// updates between them): eight secretaries practise at once, or take a self-paced contest round, and each chat must
/// read as it would with one instance.
/// </summary>
public sealed class TwoInstanceTests(ITestOutputHelper output)
{
    private const int Chats = 8;
    private const int Questions = 5;

    /// <summary>The kill comes right after the victim acknowledged this many answer presses (of about 20 it gets).</summary>
    private const int KillAfterAnswers = 8;

    /// <summary>An answer's step takes 3–4 s here; the margin is for the other test projects running beside these.</summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long any answer's step (its result, the next question, the markers' replies, the button answer) may take
    /// around the kill, the steps the victim was in the middle of included. The survivor finds the victim dead
    /// <see cref="ServiceInstances.DeadAfter"/> after its last heartbeat and takes its work over at its next sweep
    /// (every heartbeat); the rest is the replies' pace of one message a second per chat.
    /// </summary>
    private static readonly TimeSpan TakeoverBound = ServiceInstances.DeadAfter + TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Every_reply_comes_once_and_in_order_when_both_instances_take_each_chats_updates_in_turn_and_every_press_twice()
    {
        var watch = Stopwatch.StartNew();
        await using var cluster = await ScaleOutCluster.StartAsync(instanceCount: 2, repeatPresses: true);
        var walks = Walks(cluster, firstUserId: 81_001);
        output.WriteLine($"The cluster was up after {watch.Elapsed.TotalSeconds:0.0} s");

        await AllAsync(walks.Select(w => w.StartAsync()));
        output.WriteLine($"Every chat was registered and at its first question after {watch.Elapsed.TotalSeconds:0.0} s");
        await AllAsync(walks.Select(w => w.AnswerAllAsync(StepTimeout)));
        await AllAsync(walks.Select(w => w.FinishAsync(StepTimeout)));
        output.WriteLine($"Every chat had its barrier's reply after {watch.Elapsed.TotalSeconds:0.0} s");

        var seen = await ReadOutcomeAsync(cluster);
        var problems = new List<string>();
        foreach (var walk in walks)
        {
            var chat = walk.User.ChatId;
            var transcript = Transcript.Of(seen.Calls, chat);
            if (!transcript.SequenceEqual(walk.Expected)) problems.Add(OutOfOrder(chat, walk.Expected, transcript));
            problems.AddRange(PressesNotAnsweredOnce(chat, seen, maxRepeats: 0));
            problems.AddRange(AnswersNotAsPressed(chat, walk.Session, walk.Plan, seen.Answers));
            var servedBy = seen.Deliveries.Where(d => d.ChatId == chat).Select(d => d.Instance).Distinct().Count();
            if (servedBy != cluster.Instances.Count) problems.Add($"chat {chat}: its updates reached {servedBy} of the {cluster.Instances.Count} instances");
        }
        var notAcknowledgedAgain = cluster.Proxy.Redelivered.Where(r => r.Status is not (>= 200 and < 300)).ToList();
        if (notAcknowledgedAgain.Count > 0)
        {
            problems.Add("presses delivered again to the other instance that it did not acknowledge (Telegram would deliver them again and again): " +
                string.Join(", ", notAcknowledgedAgain.Select(r => $"update {r.UpdateId} → instance {r.Instance}: {r.Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer"}")));
        }
        var refused = seen.Deliveries.Where(d => d.Refused > 0).ToList();
        if (refused.Count > 0)
        {
            problems.Add($"{refused.Count} updates were refused by an instance while both ran (updates {string.Join(", ", refused.Select(d => d.UpdateId))})");
        }
        Report(cluster, walks);
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public async Task A_kill_9_of_one_instance_mid_practice_loses_no_answer_and_repeats_at_most_the_one_call_in_flight()
    {
        var watch = Stopwatch.StartNew();
        await using var cluster = await ScaleOutCluster.StartAsync(instanceCount: 2);
        var walks = Walks(cluster, firstUserId: 82_001);
        const int victim = 1;
        output.WriteLine($"The cluster was up after {watch.Elapsed.TotalSeconds:0.0} s");
        await AllAsync(walks.Select(w => w.StartAsync()));
        output.WriteLine($"Every chat was registered and at its first question after {watch.Elapsed.TotalSeconds:0.0} s");

        // Every step may take the whole takeover: a chat whose turn the victim held waits until it is found dead.
        var answering = AllAsync(walks.Select(w => w.AnswerAllAsync(TakeoverBound)));
        var (killedAt, answeredAfter) = await KillMidAnswersAsync(cluster, victim, answering, "walks");
        await AllAsync(walks.Select(w => w.FinishAsync(TakeoverBound)));
        output.WriteLine($"Every chat had its barrier's reply after {watch.Elapsed.TotalSeconds:0.0} s");

        var seen = await ReadOutcomeAsync(cluster);
        var problems = new List<string>();
        foreach (var walk in walks)
        {
            var chat = walk.User.ChatId;
            var transcript = Transcript.Of(seen.Calls, chat);
            // At most the one call in flight at the kill is made again: the transcript is the one-instance one, or
            // that with one call repeated later; a repeated button answer counts against the same one.
            var repeated = RepeatedOnce(walk.Expected, transcript);
            if (!transcript.SequenceEqual(walk.Expected) && repeated is null) problems.Add(OutOfOrder(chat, walk.Expected, transcript));
            problems.AddRange(PressesNotAnsweredOnce(chat, seen, maxRepeats: repeated is null ? 1 : 0));
            problems.AddRange(AnswersNotAsPressed(chat, walk.Session, walk.Plan, seen.Answers));
            if (repeated is not null) output.WriteLine($"chat {chat}: '{repeated}' was sent twice (the call in flight at the kill)");
        }
        var afterKill = seen.Deliveries.Where(d => d.At > killedAt).ToList();
        if (!afterKill.Any(d => d.Refused > 0)) problems.Add("no update was refused after the kill: the proxy never tried the dead instance, so its failover went untested");
        output.WriteLine($"Killed instance {victim} after {KillAfterAnswers} answer presses; every walk had all its answers {answeredAfter.TotalSeconds:0.0} s later " +
            $"(bound per step: {TakeoverBound.TotalSeconds:0} s)");
        Report(cluster, walks);
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public async Task A_kill_9_of_one_instance_mid_round_loses_no_answer_doubles_none_and_the_results_rank_every_contestant_once()
    {
        var watch = Stopwatch.StartNew();
        await using var cluster = await ScaleOutCluster.StartAsync(instanceCount: 2, extra: ContestRound.Settings());
        var walks = Enumerable.Range(0, Chats)
            .Select(i => new RoundWalk(cluster, new TelegramUser(83_001 + i, $"Thí sinh {i}", "Hai Máy"),
                Enumerable.Range(0, Questions).Select(q => (q + i) % 3 != 0).ToList()))
            .ToList();
        const int victim = 1;
        output.WriteLine($"The cluster was up after {watch.Elapsed.TotalSeconds:0.0} s");

        // Everyone registers first: the invitation goes to the members on record when the round opens.
        await AllAsync(walks.Select(w => w.RegisterAsync()));
        await ContestRound.CreateAsync(cluster, Questions, StepTimeout);
        await AllAsync(walks.Select(w => w.WaitForInvitationAsync(StepTimeout)));
        await AllAsync(walks.Select(w => w.JoinAsync(StepTimeout)));
        output.WriteLine($"Every contestant was at the round's first question after {watch.Elapsed.TotalSeconds:0.0} s");

        // Every step may take the whole takeover: a chat whose turn the victim held waits until it is found dead.
        var answering = AllAsync(walks.Select(w => w.AnswerAllAsync(TakeoverBound)));
        var (killedAt, finishedAfter) = await KillMidAnswersAsync(cluster, victim, answering, "contestants");
        output.WriteLine($"Killed instance {victim} after {KillAfterAnswers} answer presses; every contestant had finished {finishedAfter.TotalSeconds:0.0} s later");

        var ranking = await ContestRound.CloseAsync(cluster, Chats, TakeoverBound);
        var results = await Task.WhenAll(walks.Select(w => w.WaitForResultAsync(TakeoverBound)));
        output.WriteLine($"Every contestant had their result after {watch.Elapsed.TotalSeconds:0.0} s");

        var seen = await ReadOutcomeAsync(cluster);
        var problems = new List<string>();
        foreach (var walk in walks)
        {
            var chat = walk.User.ChatId;
            var transcript = Transcript.Of(seen.Calls, chat);
            var repeated = RepeatedOnce(walk.Expected, transcript);
            if (!transcript.SequenceEqual(walk.Expected) && repeated is null) problems.Add(OutOfOrder(chat, walk.Expected, transcript));
            problems.AddRange(PressesNotAnsweredOnce(chat, seen, maxRepeats: repeated is null ? 1 : 0));
            problems.AddRange(AnswersNotAsPressed(chat, walk.Attempt, walk.Plan, seen.Answers));
            problems.AddRange(PressesNotConfirmedAsRecorded(chat, walk.Presses, seen.ButtonAnswers));
            if (repeated is not null) output.WriteLine($"chat {chat}: '{repeated}' was sent twice (the call in flight at the kill)");
        }
        problems.AddRange(ResultsNotAsPlayed(walks, ranking, results));
        if (!seen.Deliveries.Any(d => d.At > killedAt && d.Refused > 0)) problems.Add("no update was refused after the kill: the proxy never tried the dead instance, so its failover went untested");
        var routed = cluster.Proxy.Acknowledged.GroupBy(d => d.Instance).OrderBy(g => g.Key).Select(g => $"instance {g.Key}: {g.Count()} updates");
        output.WriteLine(string.Join(", ", routed) + $"; longest answer step {walks.Max(w => w.LongestStep).TotalSeconds:0.0} s; the whole test {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    /// <summary>
    /// How long after the kill (or after the opening time, if later) the survivor may take to open the round and send
    /// the invitations. Quartz writes a node off once it has missed its check-in by the misfire threshold
    /// (<see cref="Scheduling.SchedulingExtensions.ClusterCheckin"/> each: 20 s after its last check-in), plus its own
    /// 7.5 s of grace; the survivor notices at its next check-in (up to one more interval), frees the acquired trigger and
    /// fires it at once (its misfire instruction is "fire now"). The rest is the invitations' pace and the machine's load.
    /// </summary>
    private static readonly TimeSpan QuartzTakeoverBound =
        3 * Scheduling.SchedulingExtensions.ClusterCheckin + TimeSpan.FromSeconds(7.5) + TimeSpan.FromSeconds(15);

    /// <summary>The node that acquired the opening is killed no later than this before the opening time, so it cannot have fired it.</summary>
    private static readonly TimeSpan KillBeforeOpening = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_rounds_opening_acquired_by_an_instance_killed_before_it_fires_is_fired_once_by_the_survivor()
    {
        var watch = Stopwatch.StartNew();
        var settings = ContestRound.Settings();
        foreach (var (key, value) in QuartzNodes.Settings()) settings[key] = value;
        await using var cluster = await ScaleOutCluster.StartAsync(instanceCount: 2, extra: settings);
        var nodes = await QuartzNodes.IdsAsync(cluster, StepTimeout);
        Assert.Equal(nodes.Count, nodes.Distinct().Count());
        var members = Enumerable.Range(0, 4)
            .Select(i => new RoundWalk(cluster, new TelegramUser(84_001 + i, $"Hội viên {i}", "Hẹn Giờ"), []))
            .ToList();
        await AllAsync(members.Select(m => m.RegisterAsync()));
        output.WriteLine($"The cluster was up and every member registered after {watch.Elapsed.TotalSeconds:0.0} s; Quartz nodes: {string.Join(", ", nodes)}");

        var opensAt = await NextMinuteWithinAcquiringReachAsync();
        await ContestRound.CreateAsync(cluster, Questions, StepTimeout, opensAt);
        var (roundId, _) = await RoundRows.RoundAsync(cluster.Database, ContestRound.Code);
        var trigger = $"round-{roundId}-Open";
        string? acquiredBy = null;
        while (acquiredBy is null && DateTime.UtcNow < opensAt - KillBeforeOpening)
        {
            acquiredBy = await QuartzNodes.AcquiredByAsync(cluster.Database, trigger);
            if (acquiredBy is null) await Task.Delay(100);
        }
        Assert.True(acquiredBy is not null, $"no Quartz node had acquired {trigger} {KillBeforeOpening.TotalSeconds:0} s before its time ({opensAt:HH:mm:ss} UTC): nothing to kill before it fires");
        var victim = nodes.ToList().IndexOf(acquiredBy!);
        Assert.True(victim >= 0, $"{trigger} was acquired by '{acquiredBy}', none of the instances' nodes ({string.Join(", ", nodes)})");
        Assert.Equal(RoundStatus.Scheduled, (await RoundRows.RoundAsync(cluster.Database, ContestRound.Code)).Status);
        cluster.Instances[victim].Kill();
        var killedAt = DateTime.UtcNow;
        output.WriteLine($"Killed instance {victim} (Quartz node {acquiredBy}), which had acquired {trigger}, {(opensAt - killedAt).TotalSeconds:0.0} s before the opening");

        var from = opensAt > killedAt ? opensAt : killedAt;
        await AllAsync(members.Select(m => m.WaitForInvitationAsync(from - DateTime.UtcNow + QuartzTakeoverBound)));
        var tookOver = DateTime.UtcNow - from;
        Assert.Equal(RoundStatus.Open, (await RoundRows.RoundAsync(cluster.Database, ContestRound.Code)).Status);
        // Every invitation is out once the outbox holds nothing to send: only then does counting them say "once".
        var drained = Stopwatch.StartNew();
        while (await RoundRows.PendingMessagesAsync(cluster.Database) > 0)
        {
            Assert.True(drained.Elapsed < StepTimeout, $"messages still unsent {StepTimeout.TotalSeconds:0} s after the invitations came");
            await Task.Delay(200);
        }
        var calls = await cluster.Client.GetBotCallsAsync("sendMessage");
        var invitations = members.Select(m => (Chat: m.User.ChatId,
            Count: calls.Count(c => c.Params["chat_id"]?.ToString() == m.User.ChatId.ToString(CultureInfo.InvariantCulture)
                && (c.Params["text"]?.ToString() ?? "").Contains("📣", StringComparison.Ordinal)))).ToList();
        output.WriteLine($"The survivor opened the round {tookOver.TotalSeconds:0.0} s after the later of the kill and the opening time " +
            $"(bound {QuartzTakeoverBound.TotalSeconds:0} s); the whole test {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(invitations.All(i => i.Count == 1), "invitations per member: " + string.Join(", ", invitations.Select(i => $"chat {i.Chat}: {i.Count}")));
    }

    /// <summary>
    /// The next whole minute (the form takes an opening to the minute), once it is 18–28 s ahead: less than Quartz's idle
    /// wait of 30 s, so the node that schedules the opening acquires it at once, and time enough to kill that node before
    /// it fires. Waits for the clock to get there.
    /// </summary>
    private static async Task<DateTime> NextMinuteWithinAcquiringReachAsync()
    {
        while (true)
        {
            var now = DateTime.UtcNow;
            var next = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute + TimeSpan.TicksPerMinute, DateTimeKind.Utc);
            var ahead = next - now;
            if (ahead >= TimeSpan.FromSeconds(18) && ahead <= TimeSpan.FromSeconds(28)) return next;
            await Task.Delay(ahead > TimeSpan.FromSeconds(28) ? ahead - TimeSpan.FromSeconds(27) : ahead + TimeSpan.FromSeconds(33));
        }
    }

    private static List<PracticeWalk> Walks(ScaleOutCluster cluster, long firstUserId) =>
        Enumerable.Range(0, Chats)
            .Select(i => new PracticeWalk(cluster, new TelegramUser(firstUserId + i, $"Người {i}", "Thử Nghiệm"),
                // Right and wrong answers mixed differently in each chat, so the recorded rows tell chats apart.
                Enumerable.Range(0, Questions).Select(q => (q + i) % 3 != 0).ToList()))
            .ToList();

    private sealed record Outcome(IReadOnlyList<BotCall> Calls, IReadOnlyList<CallbackAnswer> ButtonAnswers,
        IReadOnlyList<AnswerRow> Answers, IReadOnlyList<Delivery> Deliveries);

    private static async Task<Outcome> ReadOutcomeAsync(ScaleOutCluster cluster) => new(
        await cluster.Client.GetBotCallsAsync(),
        await cluster.Client.GetCallbackAnswersAsync(),
        await AnswerRows.ReadAsync(cluster.Database),
        cluster.Proxy.Acknowledged);

    /// <summary>
    /// The call <paramref name="actual"/> has twice when it is <paramref name="expected"/> with one call made again
    /// later (a send or edit repeated after a crash); null when it is anything else.
    /// </summary>
    private static string? RepeatedOnce(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        if (actual.Count != expected.Count + 1) return null;
        for (var i = 1; i < actual.Count; i++)
        {
            if (actual.Take(i).Contains(actual[i]) && actual.Where((_, j) => j != i).SequenceEqual(expected)) return actual[i];
        }
        return null;
    }

    /// <summary>Every press in the chat (registration and answers, as the proxy delivered them) has one button answer, or up to 1 + maxRepeats.</summary>
    private static IEnumerable<string> PressesNotAnsweredOnce(long chat, Outcome seen, int maxRepeats)
    {
        var presses = seen.Deliveries.Where(d => d.ChatId == chat && d.CallbackQueryId is not null).Select(d => d.CallbackQueryId!).ToList();
        var answers = presses.Select(p => (Press: p, Count: seen.ButtonAnswers.Count(a => a.CallbackQueryId == p))).ToList();
        var unanswered = answers.Where(a => a.Count == 0).Select(a => a.Press).ToList();
        if (unanswered.Count > 0) yield return $"chat {chat}: presses never answered: {string.Join(", ", unanswered)}";
        var repeats = answers.Sum(a => Math.Max(0, a.Count - 1));
        if (repeats > maxRepeats)
        {
            yield return $"chat {chat}: {repeats} repeated button answers ({maxRepeats} allowed): " +
                string.Join(", ", answers.Where(a => a.Count > 1).Select(a => $"{a.Press} ×{a.Count}"));
        }
    }

    /// <summary>The attempt's Answers rows are exactly the presses made: one per question, right or wrong as planned.</summary>
    private static IEnumerable<string> AnswersNotAsPressed(long chat, long attempt, IReadOnlyList<bool> plan, IReadOnlyList<AnswerRow> rows)
    {
        var expected = plan.Select((right, position) => new AnswerRow(attempt, position, right)).ToList();
        var recorded = rows.Where(r => r.AttemptId == attempt).ToList();
        if (!recorded.SequenceEqual(expected))
        {
            yield return $"chat {chat}: attempt {attempt} recorded [{string.Join(", ", recorded.Select(r => $"{r.Position}:{r.IsCorrect}"))}] " +
                $"for the presses [{string.Join(", ", expected.Select(r => $"{r.Position}:{r.IsCorrect}"))}]";
        }
    }

    /// <summary>The toast a contestant saw for each answer press (its first button answer) says the answer was recorded.</summary>
    private static IEnumerable<string> PressesNotConfirmedAsRecorded(long chat, IReadOnlyList<string> presses, IReadOnlyList<CallbackAnswer> buttonAnswers)
    {
        var toasts = presses.Select(p => buttonAnswers.FirstOrDefault(a => a.CallbackQueryId == p)?.Text).ToList();
        if (toasts.Any(t => t != ContestRound.Recorded))
        {
            yield return $"chat {chat}: the answer presses' toasts were [{string.Join(", ", toasts)}], each should be '{ContestRound.Recorded}'";
        }
    }

    /// <summary>
    /// The results message ranks every contestant once, by score, with the score of their presses, and each
    /// contestant's own result states that score and that rank.
    /// </summary>
    private static IEnumerable<string> ResultsNotAsPlayed(IReadOnlyList<RoundWalk> walks, IReadOnlyList<RankLine> ranking, IReadOnlyList<BotMessage> results)
    {
        var ranked = ranking.Select(r => r.Name).Order().ToList();
        var contestants = walks.Select(w => w.User.FullName).Order().ToList();
        if (!ranked.SequenceEqual(contestants)) yield return $"the results rank [{string.Join(", ", ranked)}], not each of [{string.Join(", ", contestants)}] once";
        if (!ranking.Select(r => r.Score).SequenceEqual(ranking.Select(r => r.Score).OrderDescending())) yield return "the results are not ranked by score";
        foreach (var (walk, result) in walks.Zip(results))
        {
            var line = ranking.FirstOrDefault(r => r.Name == walk.User.FullName);
            if (line is not null && line.Score != walk.Score) yield return $"the results give {walk.User.FullName} {line.Score} points for {walk.Score} right answers";
            var shown = $"Bạn đúng <b>{walk.Score}/{walk.Plan.Count}</b> câu";
            var place = $"xếp hạng <b>{line?.Rank}/{walks.Count}</b>";
            if (!result.Text.Contains(shown, StringComparison.Ordinal) || !result.Text.Contains(place, StringComparison.Ordinal))
            {
                yield return $"chat {walk.User.ChatId}: the contestant's result '{result.Text}' should say '{shown}' and '{place}'";
            }
        }
    }

    private static string OutOfOrder(long chat, IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var first = Enumerable.Range(0, Math.Max(expected.Count, actual.Count))
            .First(i => i >= expected.Count || i >= actual.Count || expected[i] != actual[i]) + 1;
        return $"chat {chat}: the bot's calls differ from one instance's from call {first} on.\n" +
            $" one instance:\n{Transcript.Show(expected)}\n what it did:\n{Transcript.Show(actual)}";
    }

    /// <summary>Awaits every task; fails with all their failures, not just the first (the diagnostics once).</summary>
    /// <summary>
    /// Kills <paramref name="victim"/> right after it acknowledged <see cref="KillAfterAnswers"/> answer presses, while
    /// <paramref name="answering"/> runs: that press is stored, and its handling and replies are under way. Returns once
    /// the answering is done, with the moment of the kill and how long the answering went on after it.
    /// </summary>
    private static async Task<(DateTime KilledAt, TimeSpan After)> KillMidAnswersAsync(ScaleOutCluster cluster, int victim, Task answering, string who)
    {
        var victimBusy = cluster.Proxy.WhenAsync(acknowledged => acknowledged.Count(d => d.Instance == victim && d.IsAnswer) >= KillAfterAnswers);
        if (await Task.WhenAny(victimBusy, answering) == answering)
        {
            await answering;
            Assert.Fail($"The {who} finished before instance {victim} acknowledged {KillAfterAnswers} answer presses: there was nothing to kill it in the middle of");
        }
        var killedAt = DateTime.UtcNow;
        var sinceKill = Stopwatch.StartNew();
        cluster.Instances[victim].Kill();
        await answering;
        return (killedAt, sinceKill.Elapsed);
    }

    private static async Task AllAsync(IEnumerable<Task> tasks)
    {
        var all = tasks.ToList();
        try
        {
            await Task.WhenAll(all);
        }
        catch (Exception) when (all.Count(t => t.IsFaulted) > 1)
        {
            var failures = all.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!.Message).ToList();
            var shown = failures.Take(1).Concat(failures.Skip(1).Select(WithoutDiagnostics));
            throw new XunitException($"{failures.Count} of {all.Count} chats failed:\n\n{string.Join("\n\n", shown)}");
        }
    }

    private static string WithoutDiagnostics(string message)
    {
        var cut = message.IndexOf("--- instance 0's output", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut].TrimEnd();
    }

    private void Report(ScaleOutCluster cluster, IReadOnlyList<PracticeWalk> walks)
    {
        var routed = cluster.Proxy.Acknowledged.GroupBy(d => d.Instance).OrderBy(g => g.Key).Select(g => $"instance {g.Key}: {g.Count()} updates");
        output.WriteLine(string.Join(", ", routed) + $"; longest answer step {walks.Max(w => w.LongestStep).TotalSeconds:0.0} s");
    }
}
