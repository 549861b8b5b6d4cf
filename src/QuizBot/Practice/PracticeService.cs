using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Learning;
using QuizBot.QuestionBank;

namespace QuizBot.Practice;

/// <summary>
/// Runs practice quizzes: draws questions, asks them one per message, records answers and moves on. Every
/// step re-reads the session and checks it still stands where the button says, so a repeated or late press
/// changes nothing.
/// </summary>
public sealed class PracticeService(
    QuizBotDb db,
    SqliteWriteGate writeGate,
    QuestionCatalog catalog,
    QuizClock clock,
    QuestionClock questionClock,
    AnswerLog answers,
    Fsrs fsrs,
    IOptions<QuizOptions> options,
    ILogger<PracticeService> log)
{
    /// <summary>Every button press looks its session up: compiled once rather than translated on each press.</summary>
    private static readonly Func<QuizBotDb, long, int, CancellationToken, Task<Attempt?>> SessionOf =
        EF.CompileAsyncQuery((QuizBotDb db, long sessionId, int participantId, CancellationToken ct) =>
            db.Attempts.SingleOrDefault(s => s.Id == sessionId && s.ParticipantId == participantId));

    private int SecondsPerQuestion => options.Value.SecondsPerQuestion;

    /// <summary>/practice: due reviews first, then new questions spread over the topics, then the weakest topics; with a topic, a drill of it.</summary>
    public async Task StartAsync(ConversationContext context, string? topic, int count, CancellationToken ct)
    {
        var pool = catalog.Servable(clock.Today(), topic).ToList();
        if (pool.Count == 0)
        {
            await context.ReplyAsync(context.T.NoQuestions, ct);
            return;
        }
        var plan = await PlanAsync(context.Participant.Id, pool, ct);
        var chosen = topic is null ? plan.Practice(count, Random.Shared) : plan.Drill(topic, count, Random.Shared);
        var topicName = topic is null ? context.T.MixedTopics : Html.Escape(catalog.FindTopic(topic)!.Name.For(context.Participant.Language));
        await BeginAsync(context, topic, IdsOf(chosen, pool), context.T.PracticeStarting(chosen.Count, topicName, PerQuestion(context)), ct);
    }

    /// <summary>/review: only the questions FSRS has due now; when none is, when the next one falls due.</summary>
    public async Task ReviewAsync(ConversationContext context, int count, CancellationToken ct)
    {
        var pool = catalog.Servable(clock.Today(), topic: null).ToList();
        var queue = (await PlanAsync(context.Participant.Id, pool, ct)).Review(count);
        if (queue.Due.Count == 0)
        {
            var t = context.T;
            await context.ReplyAsync(queue.NextDue is { } next ? t.NothingDue(t.Relative(next.UtcDateTime, clock.UtcNow)) : t.NothingToReview, ct);
            return;
        }
        await BeginAsync(context, topic: null, IdsOf(queue.Due, pool), context.T.ReviewStarting(queue.Due.Count, PerQuestion(context)), ct);
    }

    /// <summary>What FSRS knows of this participant, over the questions that may be served now.</summary>
    private async Task<PracticePlan> PlanAsync(int participantId, IReadOnlyList<Question> pool, CancellationToken ct)
    {
        var cards = await db.ReviewCards.AsNoTracking().Where(c => c.ParticipantId == participantId).ToListAsync(ct);
        var accuracy = await db.Answers.AsNoTracking().Where(a => a.ParticipantId == participantId)
            .GroupBy(a => a.Question!.Topic)
            .Select(g => new { Topic = g.Key, Right = g.Count(a => a.IsCorrect), All = g.Count() })
            .ToListAsync(ct);
        return new PracticePlan(fsrs, cards.ToDictionary(c => c.QuestionKey, ReviewCards.ToState), pool.Select(q => new PracticeQuestion(q.Key, q.Topic)).ToList(), clock.UtcNow)
        {
            TopicWeights = catalog.Topics.ToDictionary(t => t.Id, t => (double)t.Weight),
            TopicAccuracy = accuracy.ToDictionary(a => a.Topic, a => (double)a.Right / a.All),
        };
    }

    private static int[] IdsOf(IEnumerable<PlannedQuestion> chosen, IEnumerable<Question> pool)
    {
        var byKey = pool.DistinctBy(q => q.Key).ToDictionary(q => q.Key, q => q.Id);
        return chosen.Select(p => byKey[p.Id]).ToArray();
    }

    private string PerQuestion(ConversationContext context) => context.T.Duration(TimeSpan.FromSeconds(SecondsPerQuestion));

    private async Task BeginAsync(ConversationContext context, string? topic, int[] questionIds, string heading, CancellationToken ct)
    {
        var participant = context.Participant;
        var stopped = await writeGate.WriteAsync(() => db.Attempts
            .Where(s => s.ParticipantId == participant.Id && s.Status == AttemptStatus.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, AttemptStatus.Abandoned).SetProperty(x => x.FinishedAt, clock.UtcNow), ct), ct);
        if (stopped > 0) await context.ReplyAsync(context.T.PreviousStopped, ct);

        var session = new Attempt
        {
            ParticipantId = participant.Id,
            Transport = context.Update.Chat.Transport,
            ChatId = context.ChatId,
            Topic = topic,
            QuestionIds = questionIds,
            ShuffleSeed = Random.Shared.Next(),
            Status = AttemptStatus.Active,
            StartedAt = clock.UtcNow,
        };
        db.Attempts.Add(session);
        await db.SaveChangesAsync(ct);

        await context.ReplyAsync(heading, ct);
        await AskAsync(session, participant, context.ReplyAsync, ct);
    }

    /// <summary>Shows the question on screen again (after /start, or after a restart lost the web page).</summary>
    public async Task ResendCurrentAsync(ConversationContext context, CancellationToken ct)
    {
        var session = await ActiveSessionAsync(context.Participant.Id, ct);
        if (session is null) return;
        await context.ReplyAsync(context.T.ResumeNote(session.CurrentIndex + 1, session.QuestionIds.Length), ct);
        await AskAsync(session, context.Participant, context.ReplyAsync, ct);
    }

    public async Task ChooseAsync(ConversationContext context, ChooseAnswer press, CancellationToken ct)
    {
        var (session, question) = await OpenQuestionAsync(context, press.AttemptId, press.Position, ct);
        if (session is null || question is null) return;
        var order = Scoring.OptionOrder(session.ShuffleSeed, session.CurrentIndex, question.Content.Options.Count);
        if (press.Option < 0 || press.Option >= order.Length)
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        if (question.Type == QuestionType.Multi)
        {
            // Ticking is not answering: keep the selection and redraw the buttons.
            session.CurrentSelection = session.CurrentSelection.Contains(press.Option)
                ? session.CurrentSelection.Where(o => o != press.Option).ToArray()
                : [.. session.CurrentSelection, press.Option];
            await db.SaveChangesAsync(ct);
            await context.ToastAsync(null, ct);
            await context.EditOrReplyAsync(context.Update.Callback?.MessageId, Render.Question(session, question, context.Participant.Language, catalog, SecondsLeft(session)), ct);
            return;
        }
        await RecordAsync(context, session, question, [press.Option], ct);
    }

    public async Task SubmitAsync(ConversationContext context, SubmitAnswer press, CancellationToken ct)
    {
        var (session, question) = await OpenQuestionAsync(context, press.AttemptId, press.Position, ct);
        if (session is null || question is null) return;
        if (question.Type != QuestionType.Multi)
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        if (session.CurrentSelection.Length == 0)
        {
            await context.ToastAsync(context.T.PickAtLeastOne, ct);
            return;
        }
        await RecordAsync(context, session, question, session.CurrentSelection, ct);
    }

    /// <summary>Closes a question whose time ran out: recorded as wrong, then the next one is asked.</summary>
    public async Task ExpireAsync(long sessionId, IChatOutput output, CancellationToken ct)
    {
        var session = await db.Attempts.Include(s => s.Participant).SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is not { Status: AttemptStatus.Active, CurrentDeadline: { } deadline } || deadline > clock.UtcNow) return;
        var question = await FindQuestionAsync(session.QuestionIds[session.CurrentIndex], ct);
        var participant = session.Participant!;

        var (position, messageId) = (session.CurrentIndex, session.CurrentMessageId);
        if (!await SaveAnswerAsync(session, question, chosen: [], timedOut: true, ct)) return;
        var result = Render.Result(session, position, question, participant.Language, catalog, chosenOnScreen: [], timedOut: true);
        Task<QueuedMessage> Send(OutgoingMessage m, CancellationToken token) => output.SendAsync(session.ChatId, m, token);
        if (messageId is { } shown) await output.EditAsync(session.ChatId, shown, result, ct);
        else await Send(result, ct);
        await AdvanceAsync(session, participant, Send, ct);
    }

    private async Task RecordAsync(ConversationContext context, Attempt session, Question question, int[] chosenOnScreen, CancellationToken ct)
    {
        var order = Scoring.OptionOrder(session.ShuffleSeed, session.CurrentIndex, question.Content.Options.Count);
        var chosen = chosenOnScreen.Select(d => order[d]).Order().ToArray();
        var (position, messageId) = (session.CurrentIndex, session.CurrentMessageId);
        if (!await SaveAnswerAsync(session, question, chosen, timedOut: false, ct))
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        var correct = Scoring.IsCorrect(chosen, question.Content.Answer);
        // The toast, the result and the next question go out together: each message takes its place in the chat's
        // queue when it is called, so the order holds without one waiting for the other to be stored.
        var toast = context.ToastAsync(correct ? context.T.CorrectToast : context.T.WrongToast, ct);
        var result = Render.Result(session, position, question, context.Participant.Language, catalog, chosenOnScreen, timedOut: false);
        var edit = context.EditOrReplyAsync(context.Update.Callback?.MessageId ?? messageId, result, ct);
        await AdvanceAsync(session, context.Participant, context.ReplyAsync, ct);
        await Task.WhenAll(toast, edit);
    }

    /// <returns>false when this question already has an answer (a repeated press or a race with the timer).</returns>
    private async Task<bool> SaveAnswerAsync(Attempt session, Question question, int[] chosen, bool timedOut, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var answer = new Answer
        {
            ParticipantId = session.ParticipantId,
            AttemptId = session.Id,
            QuestionId = question.Id,
            Position = session.CurrentIndex,
            Chosen = chosen,
            IsCorrect = !timedOut && Scoring.IsCorrect(chosen, question.Content.Answer),
            TimedOut = timedOut,
            ElapsedMs = (int)Math.Clamp((now - (session.CurrentAskedAt ?? now)).TotalMilliseconds, 0, int.MaxValue),
            AnsweredAt = now,
        };
        // The answer and the step forward are one transaction: a crash leaves both or neither.
        var finishes = session.CurrentIndex + 1 >= session.QuestionIds.Length;
        var rating = AnswerRating.From(answer.IsCorrect, TimeSpan.FromMilliseconds(answer.ElapsedMs), TimeSpan.FromSeconds(SecondsPerQuestion));
        if (!await answers.RecordAsync(answer, question.Key, rating, finishes, ct))
        {
            log.LogInformation("Second answer to question {QuestionId} in session {AttemptId} ignored", question.Id, session.Id);
            return false;
        }
        // What the log wrote, in memory too, as the stored state.
        session.CurrentIndex++;
        session.CurrentSelection = [];
        (session.CurrentMessageId, session.CurrentAskedAt, session.CurrentDeadline) = (null, null, null);
        if (finishes) (session.Status, session.FinishedAt) = (AttemptStatus.Finished, now);
        var entry = db.Entry(session);
        entry.OriginalValues.SetValues(entry.CurrentValues);
        entry.State = EntityState.Unchanged;
        return true;
    }

    private async Task AdvanceAsync(Attempt session, Participant participant, Func<OutgoingMessage, CancellationToken, Task<QueuedMessage>> send, CancellationToken ct)
    {
        if (session.Status == AttemptStatus.Active)
        {
            await AskAsync(session, participant, send, ct);
            return;
        }
        await send(await SummaryAsync(session, participant.Language, ct), ct);
    }

    /// <summary>
    /// The clock starts once the question is on screen: at once where it already is (the web chat), otherwise
    /// when Telegram has it, which its limits may delay; until then the timer cannot close it.
    /// </summary>
    private async Task AskAsync(Attempt session, Participant participant, Func<OutgoingMessage, CancellationToken, Task<QueuedMessage>> send, CancellationToken ct)
    {
        var question = await FindQuestionAsync(session.QuestionIds[session.CurrentIndex], ct);
        var queued = await send(Render.Question(session, question, participant.Language, catalog, SecondsPerQuestion), ct);
        if (queued.Shown.IsCompletedSuccessfully)
        {
            session.CurrentMessageId = queued.Shown.Result;
            session.CurrentAskedAt = clock.UtcNow;
            session.CurrentDeadline = session.CurrentAskedAt.Value.AddSeconds(SecondsPerQuestion);
            await db.SaveChangesAsync(ct);
        }
        else
        {
            questionClock.StartWhenShown(session.Id, session.CurrentIndex, queued.Shown);
        }
    }

    private async Task<OutgoingMessage> SummaryAsync(Attempt session, string language, CancellationToken ct)
    {
        var t = Texts.For(language);
        var answers = await db.Answers.AsNoTracking().Where(a => a.AttemptId == session.Id)
            .Select(a => new { a.IsCorrect, a.Question!.Topic }).ToListAsync(ct);
        var correct = answers.Count(a => a.IsCorrect);
        var elapsed = (session.FinishedAt ?? clock.UtcNow) - session.StartedAt;
        var text = new StringBuilder(t.Summary(correct, answers.Count, Scoring.Percent(correct, answers.Count),
            t.Duration(elapsed)));
        var weakest = answers.GroupBy(a => a.Topic)
            .Select(g => new { Topic = g.Key, Correct = g.Count(a => a.IsCorrect), Total = g.Count() })
            .Where(g => g.Correct < g.Total)
            .OrderBy(g => (double)g.Correct / g.Total).ThenByDescending(g => g.Total)
            .FirstOrDefault();
        text.Append('\n').Append(weakest is null
            ? t.NothingWeak
            : t.WeakestTopic(Html.Escape(catalog.FindTopic(weakest.Topic)?.Name.For(language) ?? weakest.Topic), weakest.Correct, weakest.Total));
        text.Append("\n\n").Append(t.AfterSummary);
        return new OutgoingMessage(text.ToString());
    }

    /// <summary>The session and question a press refers to, or null after toasting why it is closed.</summary>
    private async Task<(Attempt?, Question?)> OpenQuestionAsync(ConversationContext context, long sessionId, int position, CancellationToken ct)
    {
        var session = await SessionOf(db, sessionId, context.Participant.Id, ct);
        if (session is not { Status: AttemptStatus.Active } || session.CurrentIndex != position)
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return (null, null);
        }
        if (session.CurrentDeadline is { } deadline && deadline <= clock.UtcNow)
        {
            // Too late: the timer closes it (now, rather than on its next tick).
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return (null, null);
        }
        return (session, await FindQuestionAsync(session.QuestionIds[position], ct));
    }

    /// <summary>From memory; from the database when a bank reload has retired the version this session asks.</summary>
    private async Task<Question> FindQuestionAsync(int id, CancellationToken ct) =>
        catalog.Find(id) ?? await db.Questions.AsNoTracking().SingleAsync(q => q.Id == id, ct);

    private Task<Attempt?> ActiveSessionAsync(int participantId, CancellationToken ct) =>
        db.Attempts.Where(s => s.ParticipantId == participantId && s.Status == AttemptStatus.Active)
            .OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);

    private int SecondsLeft(Attempt session) =>
        session.CurrentDeadline is { } d ? Math.Max(0, (int)Math.Ceiling((d - clock.UtcNow).TotalSeconds)) : SecondsPerQuestion;
}
