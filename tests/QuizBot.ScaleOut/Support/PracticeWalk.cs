using System.Diagnostics;
using QuizBot.EndToEnd.Support;

namespace QuizBot.ScaleOut.Support;

/// <summary>
/// One secretary in a scale-out test: registers, practises, answers by pressing the bot's buttons, and after each
/// press sends marker commands (unknown ones, each answered "Không có lệnh …"), so that three updates of the chat are
/// in flight at once, on alternating instances, and the order of their replies shows whether the chat's updates were
/// handled in order. Each is sent once the one before it is stored, so one instance would handle them in that order.
/// Keeps the transcript one instance gives for all this.
/// </summary>
internal sealed class PracticeWalk(ScaleOutCluster cluster, TelegramUser user, IReadOnlyList<bool> plan)
{
    private const int MarkersPerAnswer = 2;

    /// <summary>The last command of a walk: once it is answered, every reply before it has been sent.</summary>
    public const string Barrier = "/barrier";

    private readonly List<string> expected = [];
    private BotMessage? question;

    public TelegramUser User => user;

    public IReadOnlyList<bool> Plan => plan;

    /// <summary>The practice session, as its answer buttons name it (the Answers rows' AttemptId).</summary>
    public long Session { get; private set; }

    /// <summary>The chat's transcript (<see cref="Transcript"/>) as one instance gives it.</summary>
    public IReadOnlyList<string> Expected => expected;

    /// <summary>From an answer's press to the last of its replies; the longest of the walk.</summary>
    public TimeSpan LongestStep { get; private set; }

    /// <summary>Registration down the unit buttons, then /practice; ends at the first question.</summary>
    public async Task StartAsync()
    {
        var secretary = cluster.Secretary(user);
        var trail = await secretary.RegisterAsync();
        expected.Add("welcome");
        expected.AddRange(new[] { trail.Communes, trail.Cells, trail.Confirmation, trail.Registered }.Select(Transcript.EditName));
        question = await secretary.StartPracticeAsync(plan.Count);
        Session = TelegramSecretary.SessionOf(question);
        expected.AddRange(["practice start", "question 1"]);
    }

    /// <summary>Answers every question as planned (right or wrong), each step waiting at most <paramref name="stepTimeout"/>.</summary>
    public async Task AnswerAllAsync(TimeSpan stepTimeout)
    {
        for (var number = 1; number <= plan.Count; number++)
        {
            var watch = Stopwatch.StartNew();
            await AnswerAsync(number, stepTimeout);
            if (watch.Elapsed > LongestStep) LongestStep = watch.Elapsed;
        }
    }

    /// <summary>The barrier command, and its reply.</summary>
    public async Task FinishAsync(TimeSpan timeout)
    {
        await cluster.Client.SendCommandAsync(user, Barrier);
        await cluster.Client.WaitForAsync(user.ChatId, $"the reply to {Barrier}", Find(m => IsReplyTo(m, Barrier)), timeout);
        expected.Add($"reply to {Barrier}");
    }

    private async Task AnswerAsync(int number, TimeSpan timeout)
    {
        var client = cluster.Client;
        var asked = question ?? throw new InvalidOperationException("the walk has not started");
        var pressId = await client.PressAsync(user, asked, asked.Button(TestBank.AnswerLabel(asked.Text, plan[number - 1])));
        var press = await cluster.Proxy.WhenAcknowledgedAsync(d => d.ChatId == user.ChatId && d.CallbackQueryId == pressId, timeout);
        var markers = Enumerable.Range(0, MarkersPerAnswer).Select(i => $"/mark{number}{(char)('a' + i)}").ToList();
        foreach (var marker in markers)
        {
            await client.SendCommandAsync(user, marker);
            await cluster.Proxy.WhenAcknowledgedAsync(d => d.ChatId == user.ChatId && d.Text == marker, timeout);
        }

        await client.WaitForAsync(user.ChatId, $"the result of answer {number} (✅ or ❌)",
            Find(m => m.MessageId == asked.MessageId && (m.Text.Contains('✅') || m.Text.Contains('❌'))), timeout);
        var last = number == plan.Count;
        var next = await client.WaitForAsync(user.ChatId, last ? "the summary with 'Điểm:'" : $"question {number + 1}/{plan.Count} with answer buttons",
            Find(m => m.MessageId > asked.MessageId && (last
                ? m.Text.Contains("Điểm:", StringComparison.Ordinal)
                : m.Text.Contains($"Câu {number + 1}/{plan.Count}", StringComparison.Ordinal) && TelegramSecretary.IsAnswerable(m))),
            timeout);
        foreach (var marker in markers) await client.WaitForAsync(user.ChatId, $"the reply to {marker}", Find(m => IsReplyTo(m, marker)), timeout);
        await client.WaitForCallbackAnswerAsync(press.CallbackQueryId!, timeout);
        question = next;
        expected.AddRange([$"result {number}", last ? "summary" : $"question {number + 1}", .. markers.Select(m => $"reply to {m}")]);
    }

    private static bool IsReplyTo(BotMessage message, string command) =>
        message.Text.Contains($"Không có lệnh {command}.", StringComparison.Ordinal);

    private static Func<IReadOnlyList<BotMessage>, BotMessage?> Find(Func<BotMessage, bool> match) => messages => messages.FirstOrDefault(match);
}
