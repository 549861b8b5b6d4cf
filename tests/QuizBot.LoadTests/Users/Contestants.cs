using System.Collections.Concurrent;
using QuizBot.LoadTests.FakeTelegram;

namespace QuizBot.LoadTests.Users;

/// <summary>What a message the bot showed a contestant was, told apart by its text (the Vietnamese texts of RoundTexts).</summary>
public enum RoundMessageKind { Invitation, Reminder, Heading, Question, TickRedraw, Prediction, Done, PredictionSaved, Result, Other }

/// <summary>
/// Seeded contestants taking a self-paced round: each starts at its own moment (the invitation's button if it has
/// come, otherwise /join CODE), answers every question a short think time after it appears, types a prediction
/// when asked, and waits for the result. Every message they see is counted by kind.
/// </summary>
public sealed class Contestants(UpdateQueue queue, long firstChatId, int count, string code, TimeSpan thinkMin, TimeSpan thinkMax, int seed)
    : IBotApiListener, IAsyncDisposable
{
    private readonly Contestant[] people = Enumerable.Range(0, count).Select(i => new Contestant(i, firstChatId + i, new Random(seed + i))).ToArray();
    private readonly ConcurrentDictionary<string, PressRecord> presses = new();
    private readonly ConcurrentQueue<PressRecord> answerPresses = new();
    private readonly ConcurrentDictionary<RoundMessageKind, int> seen = new();
    private readonly CancellationTokenSource stop = new();
    private long nextCallback;
    private int nextUserMessage;
    private int started, finished, results, refused, closedButtons, unknownCallbacks;

    public IReadOnlyCollection<PressRecord> AnswerPresses => answerPresses;

    public IReadOnlyDictionary<RoundMessageKind, int> Seen => seen;

    public int Started => started;

    /// <summary>Contestants who saw "done" (or, with a prediction, "prediction recorded").</summary>
    public int Finished => finished;

    public int Results => results;

    /// <summary>Answer presses answered with "the round is closed".</summary>
    public int Refused => refused;

    /// <summary>Answer presses answered with "this button has expired".</summary>
    public int ClosedButtons => closedButtons;

    public int UnknownCallbacks => unknownCallbacks;

    /// <summary>Per contestant: when it finished (0 if it did not).</summary>
    public IEnumerable<long> FinishedAt => people.Select(p => p.FinishedAt);

    /// <summary>Starts contestant i at <paramref name="startAt"/>(i), a monotonic timestamp.</summary>
    public Task RunAsync(Func<int, long> startAt) => Task.WhenAll(people.Select(async p =>
    {
        var wait = RunClock.Seconds(RunClock.Now, startAt(p.Index));
        try
        {
            if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait), stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        lock (p.Gate)
        {
            p.StartedAt = RunClock.Now;
            Interlocked.Increment(ref started);
            if (p.InvitationMessageId is { } message && p.JoinData is { } data) Press(p, message, data, answers: false);
            else SendText(p, $"/join {code}");
        }
    }));

    public void OnBotMessage(BotMessage message)
    {
        var index = message.ChatId - firstChatId;
        if (index < 0 || index >= people.Length) return;
        var p = people[index];
        lock (p.Gate)
        {
            var kind = Classify(p, message);
            seen.AddOrUpdate(kind, 1, (_, n) => n + 1);
            switch (kind)
            {
                case RoundMessageKind.Invitation:
                    p.InvitationMessageId = message.MessageId;
                    p.JoinData = message.Buttons.SelectMany(r => r).FirstOrDefault(b => b.Data?.StartsWith("rj:", StringComparison.Ordinal) == true)?.Data;
                    break;
                case RoundMessageKind.Question or RoundMessageKind.TickRedraw:
                    if (p.LastAnswer is { NextQuestionAt: 0 } answered && kind == RoundMessageKind.Question) answered.NextQuestionAt = RunClock.Now;
                    Answer(p, message, kind == RoundMessageKind.TickRedraw);
                    break;
                case RoundMessageKind.Prediction:
                    if (p.LastAnswer is { NextQuestionAt: 0 } last) last.NextQuestionAt = RunClock.Now;
                    Later(p, () => SendText(p, p.Random.Next(50, 5000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    break;
                case RoundMessageKind.Done or RoundMessageKind.PredictionSaved:
                    if (kind == RoundMessageKind.Done && p.LastAnswer is { NextQuestionAt: 0 } final) final.NextQuestionAt = RunClock.Now;
                    if (p.FinishedAt == 0)
                    {
                        p.FinishedAt = RunClock.Now;
                        Interlocked.Increment(ref finished);
                    }
                    break;
                case RoundMessageKind.Result:
                    Interlocked.Increment(ref results);
                    break;
            }
        }
    }

    private static RoundMessageKind Classify(Contestant p, BotMessage message)
    {
        var text = message.Text;
        var buttons = message.Buttons.SelectMany(r => r).Where(b => b.Data is not null).ToList();
        if (buttons.Any(b => b.Data!.StartsWith("a:", StringComparison.Ordinal)))
        {
            // A redraw of the same question after a tick (multiple answers): same message, same position.
            var position = Position(buttons.First(b => b.Data!.StartsWith("a:", StringComparison.Ordinal)).Data!);
            return message.IsEdit && message.MessageId == p.QuestionMessageId && position == p.Position ? RoundMessageKind.TickRedraw : RoundMessageKind.Question;
        }
        if (text.StartsWith("📣", StringComparison.Ordinal)) return RoundMessageKind.Invitation;
        if (text.StartsWith("⏰", StringComparison.Ordinal)) return RoundMessageKind.Reminder;
        if (text.StartsWith("🏁", StringComparison.Ordinal)) return text.Contains("đã đóng", StringComparison.Ordinal) ? RoundMessageKind.Result : RoundMessageKind.Heading;
        if (text.StartsWith("Câu dự đoán", StringComparison.Ordinal)) return RoundMessageKind.Prediction;
        if (text.StartsWith("✅ Đã ghi nhận dự đoán", StringComparison.Ordinal)) return RoundMessageKind.PredictionSaved;
        if (text.StartsWith("✅ Bạn đã hoàn thành", StringComparison.Ordinal)) return RoundMessageKind.Done;
        return RoundMessageKind.Other;
    }

    private static int Position(string data) => data.Split(':') is [_, _, var position, ..] && int.TryParse(position, out var n) ? n : -1;

    private void Answer(Contestant p, BotMessage message, bool ticked)
    {
        var buttons = message.Buttons.SelectMany(r => r).Where(b => b.Data is not null).ToList();
        var options = buttons.Where(b => b.Data!.StartsWith("a:", StringComparison.Ordinal)).ToList();
        var submit = buttons.FirstOrDefault(b => b.Data!.StartsWith("s:", StringComparison.Ordinal));
        p.QuestionMessageId = message.MessageId;
        p.Position = Position(options[0].Data!);
        var data = submit is null ? options[p.Random.Next(options.Count)].Data! : ticked ? submit.Data! : options[p.Random.Next(options.Count)].Data!;
        // A tick is not an answer; the submit after it is, and its clock starts at the tick's redraw.
        var answers = submit is null || ticked;
        Later(p, () => Press(p, message.MessageId, data, answers), quick: ticked);
    }

    /// <summary>Acts after a think time (a tick's submit follows quickly), under the contestant's lock.</summary>
    private void Later(Contestant p, Action act, bool quick = false)
    {
        var range = (thinkMax - thinkMin).TotalMilliseconds;
        var think = quick ? TimeSpan.FromMilliseconds(300 + p.Random.Next(400)) : thinkMin + TimeSpan.FromMilliseconds(p.Random.NextDouble() * range);
        _ = Task.Delay(think, stop.Token).ContinueWith(t =>
        {
            if (t.IsCanceled) return;
            lock (p.Gate) act();
        }, TaskScheduler.Default);
    }

    public void OnCallbackAnswered(string callbackQueryId, string? text, long at)
    {
        if (!presses.TryGetValue(callbackQueryId, out var press))
        {
            Interlocked.Increment(ref unknownCallbacks);
            return;
        }
        press.MarkAnswered(at, text);
        if (!press.Answers || text is null) return;
        if (text.StartsWith("Vòng thi đã đóng", StringComparison.Ordinal)) Interlocked.Increment(ref refused);
        else if (text.StartsWith("Nút này đã hết hiệu lực", StringComparison.Ordinal)) Interlocked.Increment(ref closedButtons);
    }

    private void SendText(Contestant p, string text)
    {
        var messageId = Interlocked.Increment(ref nextUserMessage);
        queue.Enqueue(updateId => UpdateJson.TextMessage(updateId, p.ChatId, messageId, text), press: null);
    }

    private void Press(Contestant p, int messageId, string data, bool answers)
    {
        var id = $"{p.ChatId}{Interlocked.Increment(ref nextCallback):D8}";
        var record = new PressRecord(id, p.Index, data, answers, phase: 1);
        presses[id] = record;
        if (answers)
        {
            p.LastAnswer = record;
            answerPresses.Enqueue(record);
        }
        record.EnqueuedAt = RunClock.Now;
        queue.Enqueue(updateId => UpdateJson.CallbackQuery(updateId, id, p.ChatId, messageId, data), record);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        stop.Dispose();
    }

    private sealed class Contestant(int index, long chatId, Random random)
    {
        public readonly Lock Gate = new();

        public int Index => index;

        public long ChatId => chatId;

        public Random Random => random;

        public int? InvitationMessageId;
        public string? JoinData;
        public int QuestionMessageId;
        public int Position = -1;
        public PressRecord? LastAnswer;
        public long StartedAt;
        public long FinishedAt;
    }
}
