using System.Diagnostics;
using QuizBot.EndToEnd.Support;

namespace QuizBot.ScaleOut.Support;

/// <summary>
/// One contestant of a self-paced round in a scale-out test: registers, gets the invitation, joins with /join CODE,
/// answers every question by pressing the bot's buttons (the question message is edited into the next one, and the
/// press is confirmed with a toast), and hears their result when the round closes. Keeps the transcript one
/// instance gives for all this.
/// </summary>
internal sealed class RoundWalk(ScaleOutCluster cluster, TelegramUser user, IReadOnlyList<bool> plan)
{
    private readonly List<string> expected = [];
    private readonly List<string> presses = [];
    private BotMessage? question;

    public TelegramUser User => user;

    public IReadOnlyList<bool> Plan => plan;

    public int Score => plan.Count(right => right);

    /// <summary>The round attempt, as its answer buttons name it (the Answers rows' AttemptId).</summary>
    public long Attempt { get; private set; }

    /// <summary>The chat's transcript (<see cref="Transcript"/>) as one instance gives it.</summary>
    public IReadOnlyList<string> Expected => expected;

    /// <summary>The answer presses' callback query ids, as the bot saw them.</summary>
    public IReadOnlyList<string> Presses => presses;

    /// <summary>From an answer's press to the next question and the press's toast; the longest of the walk.</summary>
    public TimeSpan LongestStep { get; private set; }

    public async Task RegisterAsync()
    {
        var trail = await cluster.Secretary(user).RegisterAsync();
        expected.Add("welcome");
        expected.AddRange(new[] { trail.Communes, trail.Cells, trail.Confirmation, trail.Registered }.Select(Transcript.EditName));
    }

    public async Task WaitForInvitationAsync(TimeSpan timeout)
    {
        var invitation = await cluster.Client.WaitForAsync(user.ChatId, "the invitation with '▶️ Vào thi'",
            Find(m => m.Text.Contains("📣", StringComparison.Ordinal) && m.Buttons.Any(b => b.Text == "▶️ Vào thi")), timeout);
        expected.Add(Transcript.SentName(invitation));
    }

    /// <summary>/join CODE; ends at the first question, which comes under the round's opening line.</summary>
    public async Task JoinAsync(TimeSpan timeout)
    {
        var last = await cluster.Secretary(user).LastMessageIdAsync();
        await cluster.Client.SendCommandAsync(user, $"/join {ContestRound.Code}");
        question = await cluster.Client.WaitForAsync(user.ChatId, $"the round's opening line and question 1/{plan.Count} with answer buttons",
            Find(m => m.MessageId > last && m.Text.Contains("🏁", StringComparison.Ordinal) &&
                m.Text.Contains($"Câu 1/{plan.Count}", StringComparison.Ordinal) && TelegramSecretary.IsAnswerable(m)), timeout);
        Attempt = TelegramSecretary.SessionOf(question);
        expected.Add(Transcript.SentName(question));
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

    /// <summary>The contestant's own result, sent when the round closes.</summary>
    public async Task<BotMessage> WaitForResultAsync(TimeSpan timeout)
    {
        var result = await cluster.Client.WaitForAsync(user.ChatId, "the contestant's result ('🏁 Vòng thi … đã đóng')",
            Find(m => m.Text.Contains("🏁 Vòng thi", StringComparison.Ordinal) && m.Text.Contains("đã đóng", StringComparison.Ordinal)), timeout);
        expected.Add(Transcript.SentName(result));
        return result;
    }

    private async Task AnswerAsync(int number, TimeSpan timeout)
    {
        var client = cluster.Client;
        var asked = question ?? throw new InvalidOperationException("the contestant has not joined");
        var pressId = await client.PressAsync(user, asked, asked.Button(TestBank.AnswerLabel(asked.Text, plan[number - 1])));
        var press = await cluster.Proxy.WhenAcknowledgedAsync(d => d.ChatId == user.ChatId && d.CallbackQueryId == pressId, timeout);
        presses.Add(press.CallbackQueryId!);
        var last = number == plan.Count;
        // Self-paced: no right or wrong before the close; the question message becomes the next one, or the end.
        BotMessage next;
        try
        {
            next = await client.WaitForAsync(user.ChatId, last ? "'Bạn đã hoàn thành bài thi'" : $"question {number + 1}/{plan.Count} with answer buttons",
                Find(m => m.MessageId == asked.MessageId && (last
                    ? m.Text.Contains("hoàn thành bài thi", StringComparison.Ordinal)
                    : m.Text.Contains($"Câu {number + 1}/{plan.Count}", StringComparison.Ordinal) && TelegramSecretary.IsAnswerable(m))),
                timeout);
        }
        catch (TimeoutException e)
        {
            // How the press was answered tells a slow takeover (no answer yet) from a press handled again and refused.
            var toasts = (await client.GetCallbackAnswersAsync()).Where(a => a.CallbackQueryId == press.CallbackQueryId).Select(a => $"'{a.Text}'").ToList();
            throw new TimeoutException($"chat {user.ChatId}, question {number}'s press {press.CallbackQueryId} (update {press.UpdateId}, acknowledged by instance {press.Instance}) was answered " +
                (toasts.Count == 0 ? "not at all" : string.Join(", then ", toasts)) + $".\n{e.Message}", e);
        }
        await client.WaitForCallbackAnswerAsync(press.CallbackQueryId!, timeout);
        question = next;
        expected.Add(Transcript.EditName(next));
    }

    private static Func<IReadOnlyList<BotMessage>, BotMessage?> Find(Func<BotMessage, bool> match) => messages => messages.FirstOrDefault(match);
}
