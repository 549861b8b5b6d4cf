using System.Collections.Concurrent;
using QuizBot.LoadTests.FakeTelegram;

namespace QuizBot.LoadTests.Users;

/// <summary>
/// Simulated secretaries. Each registers (/start, unit buttons down to a cell, "use this name"), then runs
/// /practice again and again, pressing an option the moment a question appears. A user who hears nothing for a
/// while starts over, and that is counted as a stall.
/// </summary>
public sealed class UserSimulation : IBotApiListener, IAsyncDisposable
{
    private static readonly string[] ApologyMarks = ["Xin lỗi, đã có lỗi", "Sorry, something went wrong"];
    private static readonly string[] ClosedMarks = ["Nút này đã hết hiệu lực", "This button has expired"];
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(20);

    private readonly UpdateQueue queue;
    private readonly Dictionary<long, SimUser> users;
    private readonly ConcurrentDictionary<string, PressRecord> presses = new();
    private readonly ConcurrentQueue<PressRecord> allPresses = new();
    private readonly Pacer pacer = new();
    private readonly CancellationTokenSource stop = new();
    private readonly int practiceSize;
    private Task watchdog = Task.CompletedTask;
    private long nextCallback;
    private int nextUserMessage;
    private volatile bool acting = true;
    private int stalls, apologies, closedToasts, unknownCallbacks, repeatedAnswers, practices, summaries, registrations, practising;

    public UserSimulation(UpdateQueue queue, IEnumerable<long> userIds, int practiceSize, int seed)
    {
        this.queue = queue;
        this.practiceSize = practiceSize;
        users = userIds.Select((id, i) => new SimUser(i, id, new Random(seed + i))).ToDictionary(u => u.Id);
    }

    /// <summary>Stamped on every press from now on, so figures can be split by phase.</summary>
    public int Phase { get; set; }

    /// <summary>Answer presses per second, in all; 0 for as fast as the bot answers.</summary>
    public double PacedRate
    {
        get => pacer.Rate;
        set => pacer.Rate = value;
    }

    public IReadOnlyCollection<PressRecord> Presses => allPresses;

    public int Stalls => stalls;

    public int Apologies => apologies;

    public int ClosedToasts => closedToasts;

    public int UnknownCallbacks => unknownCallbacks;

    public int RepeatedAnswers => repeatedAnswers;

    public int PracticesStarted => practices;

    public int PracticesFinished => summaries;

    public int Registrations => registrations;

    /// <summary>Users who have got as far as their first practice question.</summary>
    public int Practising => practising;

    public int Users => users.Count;

    public void Start()
    {
        foreach (var user in users.Values)
        {
            lock (user.Gate)
            {
                user.State = UserState.Starting;
                user.LastActivity = RunClock.Now;
                SendText(user, "/start");
            }
        }
        watchdog = Task.Run(() => WatchAsync(stop.Token));
    }

    /// <summary>Users stop starting anything new; presses already decided still go out (at once).</summary>
    public void StopActing()
    {
        acting = false;
        pacer.Rate = 0;
    }

    public void OnBotMessage(BotMessage message)
    {
        if (ApologyMarks.Any(message.Text.Contains)) Interlocked.Increment(ref apologies);
        if (!users.TryGetValue(message.ChatId, out var user)) return;
        lock (user.Gate)
        {
            user.LastActivity = RunClock.Now;
            if (acting) React(user, message);
        }
    }

    public void OnCallbackAnswered(string callbackQueryId, string? text, long at)
    {
        if (!presses.TryGetValue(callbackQueryId, out var press))
        {
            Interlocked.Increment(ref unknownCallbacks);
            return;
        }
        if (!press.MarkAnswered(at, text)) Interlocked.Increment(ref repeatedAnswers);
        if (text is null) return;
        if (ClosedMarks.Any(text.StartsWith)) Interlocked.Increment(ref closedToasts);
        if (ApologyMarks.Any(text.Contains)) Interlocked.Increment(ref apologies);
    }

    private void React(SimUser user, BotMessage message)
    {
        var buttons = message.Buttons.SelectMany(row => row).Where(b => b.Data is not null).ToList();
        var options = buttons.Where(b => b.Data!.StartsWith("a:", StringComparison.Ordinal)).ToList();
        if (options.Count > 0)
        {
            if (!message.IsEdit && user.LastAnswer is { NextQuestionAt: 0 } answered) answered.NextQuestionAt = RunClock.Now;
            user.State = UserState.Practising;
            if (!user.SeenQuestion)
            {
                user.SeenQuestion = true;
                Interlocked.Increment(ref practising);
            }
            var submit = buttons.FirstOrDefault(b => b.Data!.StartsWith("s:", StringComparison.Ordinal));
            var option = options[user.Random.Next(options.Count)].Data!;
            if (submit is null)
            {
                Press(user, message.MessageId, option, answers: true);
            }
            else if (user.TickedMessageId != message.MessageId)
            {
                // A multiple-answer question: tick one option, then (when the ticked question comes back) submit.
                user.TickedMessageId = message.MessageId;
                Press(user, message.MessageId, option, answers: false);
            }
            else
            {
                Press(user, message.MessageId, submit.Data!, answers: true);
            }
            return;
        }
        if (buttons.Any(b => b.Data == "n:ok"))
        {
            user.State = UserState.Confirming;
            Press(user, message.MessageId, "n:ok", answers: false);
            return;
        }
        if (buttons.Any(b => b.Data!.StartsWith("u:", StringComparison.Ordinal)))
        {
            // Below the top level the last row is "Back": walk down only.
            var rows = message.IsEdit && message.Buttons.Count > 1 ? message.Buttons.Take(message.Buttons.Count - 1) : message.Buttons;
            var units = rows.SelectMany(r => r).Where(b => b.Data is { } d && d.StartsWith("u:", StringComparison.Ordinal) && d != "u:0").ToList();
            if (units.Count == 0) return;
            user.State = UserState.Registering;
            Press(user, message.MessageId, units[user.Random.Next(units.Count)].Data!, answers: false);
            return;
        }
        if (buttons.Count > 0) return;
        if (message.Text.Contains("🏁", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref summaries);
            StartPractice(user);
        }
        else if (user.State == UserState.Confirming && message.IsEdit)
        {
            Interlocked.Increment(ref registrations);
            user.Registered = true;
            StartPractice(user);
        }
        else if (user.State == UserState.Starting && !message.IsEdit)
        {
            // Already registered: /start only welcomed them back.
            user.Registered = true;
            StartPractice(user);
        }
    }

    private void StartPractice(SimUser user)
    {
        user.State = UserState.Practising;
        user.TickedMessageId = 0;
        Interlocked.Increment(ref practices);
        SendText(user, $"/practice {practiceSize}");
    }

    private void SendText(SimUser user, string text)
    {
        var messageId = Interlocked.Increment(ref nextUserMessage);
        queue.Enqueue(updateId => UpdateJson.TextMessage(updateId, user.Id, messageId, text), press: null);
    }

    private void Press(SimUser user, int messageId, string data, bool answers)
    {
        var id = $"{user.Id}{Interlocked.Increment(ref nextCallback):D8}";
        var record = new PressRecord(id, user.Index, data, answers, Phase);
        if (answers) user.LastAnswer = record;
        presses[id] = record;
        allPresses.Enqueue(record);
        void Send()
        {
            record.EnqueuedAt = RunClock.Now;
            queue.Enqueue(updateId => UpdateJson.CallbackQuery(updateId, id, user.Id, messageId, data), record);
        }
        if (answers) pacer.Submit(Send);
        else Send();
    }

    private async Task WatchAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (!acting) continue;
                var quietSince = RunClock.Now - (long)(StallAfter.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
                foreach (var user in users.Values)
                {
                    lock (user.Gate)
                    {
                        if (user.LastActivity > quietSince) continue;
                        Interlocked.Increment(ref stalls);
                        user.LastActivity = RunClock.Now;
                        if (user.Registered)
                        {
                            StartPractice(user);
                        }
                        else
                        {
                            user.State = UserState.Starting;
                            SendText(user, "/start");
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await watchdog;
        await pacer.DisposeAsync();
        stop.Dispose();
    }

    private enum UserState { Starting, Registering, Confirming, Practising }

    private sealed class SimUser(int index, long id, Random random)
    {
        public readonly Lock Gate = new();

        public int Index => index;

        public long Id => id;

        public Random Random => random;

        public UserState State;
        public int TickedMessageId;
        public long LastActivity;
        public bool Registered;
        public bool SeenQuestion;
        public PressRecord? LastAnswer;
    }
}
