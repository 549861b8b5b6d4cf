using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuizBot.Contests;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Learning;
using QuizBot.QuestionBank;

namespace QuizBot.Practice;

/// <summary>
/// The one question runner, for practice and for contest rounds: asks an attempt's questions, records answers
/// and moves on. Every step re-reads the attempt and checks it still stands where the button says, so a repeated
/// or late press changes nothing. Practice reveals each answer and asks the next question in a new message; a
/// round reveals nothing until it closes, so it confirms a press with a toast and edits the same message into the
/// next question: one message per answered question, which is what lets a round serve thousands under
/// Telegram's 30 messages a second.
/// </summary>
public sealed class QuestionRunner(
    QuizBotDb db,
    WriteGate writeGate,
    QuestionCatalog catalog,
    QuizClock clock,
    QuestionClock questionClock,
    AnswerLog answers,
    Fsrs fsrs,
    IOptions<QuizOptions> options,
    ILogger<QuestionRunner> log)
{
    /// <summary>Every button press looks its session up: compiled once rather than translated on each press.</summary>
    private static readonly CompiledPerModel<Func<QuizBotDb, long, int, CancellationToken, Task<Attempt?>>> SessionOf = new(() =>
        EF.CompileAsyncQuery((QuizBotDb db, long sessionId, int participantId, CancellationToken ct) =>
            db.Attempts.SingleOrDefault(s => s.Id == sessionId && s.ParticipantId == participantId)));

    private int SecondsPerQuestion => options.Value.SecondsPerQuestion;

    /// <summary>The round of an attempt, read once per scope (a press reads it to refuse late answers).</summary>
    private readonly Dictionary<int, Round> rounds = [];

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
        // A new practice quiz ends the previous one, never a contest round's attempt.
        var stopped = await writeGate.WriteAsync(() => db.Attempts
            .Where(s => s.ParticipantId == participant.Id && s.Status == AttemptStatus.Active && s.RoundId == null)
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
            SecondsPerQuestion = SecondsPerQuestion,
        };
        db.Attempts.Add(session);
        await db.SaveChangesAsync(ct);

        await context.ReplyAsync(heading, ct);
        await AskAsync(session, participant, context.ReplyAsync, ct);
    }

    /// <summary>A contestant's attempt at a round: the round's questions in their own order, the round's time per question.</summary>
    public async Task BeginRoundAsync(ConversationContext context, Round round, int number, string heading, CancellationToken ct)
    {
        var seed = Random.Shared.Next();
        var attempt = new Attempt
        {
            ParticipantId = context.Participant.Id,
            Transport = context.Update.Chat.Transport,
            ChatId = context.ChatId,
            QuestionIds = Shuffle(round.QuestionIds, seed),
            ShuffleSeed = seed,
            Status = AttemptStatus.Active,
            StartedAt = clock.UtcNow,
            RoundId = round.Id,
            Number = number,
            SecondsPerQuestion = round.SecondsPerQuestion,
        };
        db.Attempts.Add(attempt);
        await db.SaveChangesAsync(ct);
        rounds[round.Id] = round;
        // The heading rides on the first question: every message counts against Telegram's cap in a big round.
        await AskAsync(attempt, context.Participant, (m, token) => context.ReplyAsync(m with { Html = heading + "\n\n" + m.Html }, token), ct);
    }

    private static int[] Shuffle(int[] ids, int seed)
    {
        var copy = ids.ToArray();
        new Random(seed).Shuffle(copy);
        return copy;
    }

    /// <summary>The participant's unfinished attempt at this round, if any (to resume it).</summary>
    public Task<Attempt?> UnfinishedAttemptAsync(int participantId, int roundId, CancellationToken ct) =>
        db.Attempts.Where(a => a.ParticipantId == participantId && a.RoundId == roundId
                && (a.Status == AttemptStatus.Active || a.Status == AttemptStatus.AwaitingPrediction))
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Puts a round attempt's current question on screen again, as a new message, with its clock still running
    /// (or the prediction question, if that is what is left).
    /// </summary>
    public async Task ResumeAsync(ConversationContext context, Attempt attempt, CancellationToken ct)
    {
        var round = await RoundOfAsync(attempt, ct);
        if (attempt.Status == AttemptStatus.AwaitingPrediction)
        {
            await context.ReplyAsync(PredictionPrompt(round!, context.Participant.Language), ct);
            return;
        }
        await context.ReplyAsync(RoundTexts.For(context.Participant.Language).Resuming(attempt.CurrentIndex + 1, attempt.QuestionIds.Length), ct);
        await AskAsync(attempt, context.Participant, context.ReplyAsync, ct);
    }

    /// <summary>Shows the question on screen again (after /start, or after a restart lost the web page).</summary>
    public async Task ResendCurrentAsync(ConversationContext context, CancellationToken ct)
    {
        var session = await ActiveSessionAsync(context.Participant.Id, ct);
        if (session is null) return;
        if (!session.IsPractice)
        {
            await ResumeAsync(context, session, ct);
            return;
        }
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
        if (!session.IsPractice)
        {
            // After the close nothing moves on: the close finishes the attempt with what it has.
            var round = await RoundOfAsync(session, ct);
            if (round is null || !IsTakingAnswers(round)) return;
            if (!await SaveAnswerAsync(session, question, chosen: [], timedOut: true, ct, round)) return;
            await NextInRoundAsync(session, round!, participant, round.Mode == RoundMode.Judged ? null : messageId, (m, token) => output.SendAsync(session.ChatId, m, token),
                (id, m, token) => output.EditAsync(session.ChatId, id, m, token), ct);
            return;
        }
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
        if (!session.IsPractice)
        {
            await RecordInRoundAsync(context, session, question, chosen, ct);
            return;
        }
        if (!await SaveAnswerAsync(session, question, chosen, timedOut: false, ct, pressId: context.Update.Callback?.Id))
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        await RecordedAsync(context, session, position, question, chosenOnScreen, messageId, ct);
    }

    /// <summary>What a practice answer's press is told once the answer is recorded: right or wrong, then the next question.</summary>
    private async Task RecordedAsync(ConversationContext context, Attempt session, int position, Question question, int[] chosenOnScreen, int? messageId,
        CancellationToken ct)
    {
        var order = Scoring.OptionOrder(session.ShuffleSeed, position, question.Content.Options.Count);
        var correct = Scoring.IsCorrect(chosenOnScreen.Select(d => order[d]).Order().ToArray(), question.Content.Answer);
        // The toast goes at once; the result and the next question are queued as one, so that an instance stopped
        // between the two cannot leave the press counted as answered with the next question never sent.
        var toast = context.ToastAsync(correct ? context.T.CorrectToast : context.T.WrongToast, ct);
        var result = Render.Result(session, position, question, context.Participant.Language, catalog, chosenOnScreen, timedOut: false);
        var pressed = context.Update.Callback?.MessageId ?? messageId;
        await AdvanceAsync(session, context.Participant, (next, token) => context.EditOrReplyThenReplyAsync(pressed, result, next, token), ct);
        await toast;
    }

    /// <summary>
    /// A press handled again after the instance handling it died between recording its answer and queueing its
    /// replies (its update was left unfinished, with nothing in the outbox): the answer stands, so the press gets the
    /// replies it was owed, the result and the next question, which nothing else would ever send. Known by the
    /// answer's <see cref="Answer.PressId"/>: any other press of the answered question is a repeat, and refused.
    /// </summary>
    private async Task ReplyToRecordedAsync(ConversationContext context, Attempt session, Answer answer, CancellationToken ct)
    {
        log.LogInformation("Press {PressId} already recorded answer {AnswerId} of session {AttemptId}; giving its replies", answer.PressId, answer.Id, session.Id);
        var question = await FindQuestionAsync(answer.QuestionId, ct);
        if (!session.IsPractice)
        {
            var round = (await RoundOfAsync(session, ct))!;
            var toast = context.ToastAsync(RoundTexts.For(context.Participant.Language).Recorded, ct);
            await NextInRoundAsync(session, round, context.Participant, context.Update.Callback?.MessageId, context.ReplyAsync,
                (id, m, token) => context.EditOrReplyAsync(id, m, token), ct);
            await toast;
            return;
        }
        var order = Scoring.OptionOrder(session.ShuffleSeed, answer.Position, question.Content.Options.Count);
        var chosenOnScreen = Enumerable.Range(0, order.Length).Where(d => answer.Chosen.Contains(order[d])).ToArray();
        await RecordedAsync(context, session, answer.Position, question, chosenOnScreen, messageId: null, ct);
    }

    /// <summary>
    /// A contest press: refused once the round has closed (whatever the scheduler has done yet), confirmed with a
    /// toast that says nothing of right or wrong, and the same message becomes the next question.
    /// </summary>
    private async Task RecordInRoundAsync(ConversationContext context, Attempt attempt, Question question, int[] chosen, CancellationToken ct)
    {
        var t = RoundTexts.For(context.Participant.Language);
        var round = await RoundOfAsync(attempt, ct);
        if (round is null || !IsTakingAnswers(round))
        {
            await context.ToastAsync(t.RoundClosedToast, ct);
            return;
        }
        var messageId = context.Update.Callback?.MessageId ?? attempt.CurrentMessageId;
        if (!await SaveAnswerAsync(attempt, question, chosen, timedOut: false, ct, round, pressId: context.Update.Callback?.Id))
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        var toast = context.ToastAsync(t.Recorded, ct);
        await NextInRoundAsync(attempt, round, context.Participant, messageId, context.ReplyAsync,
            (id, m, token) => context.EditOrReplyAsync(id, m, token), ct);
        await toast;
    }

    /// <summary>
    /// A free-text answer to the question on screen in a judged round: the first message within the time counts,
    /// and the next question comes as a new message (the answer sits between them in the chat).
    /// </summary>
    public async Task RecordTextAsync(ConversationContext context, Attempt attempt, string text, CancellationToken ct)
    {
        var t = RoundTexts.For(context.Participant.Language);
        var round = await RoundOfAsync(attempt, ct);
        if (round is null || !IsTakingAnswers(round))
        {
            await context.ReplyAsync(t.RoundClosedToast, ct);
            return;
        }
        if (attempt.CurrentDeadline is not { } deadline || deadline <= clock.UtcNow)
        {
            // Not on screen yet, or its time is up (the timer records it as unanswered).
            await context.ReplyAsync(context.T.ButtonClosed, ct);
            return;
        }
        var question = await FindQuestionAsync(attempt.QuestionIds[attempt.CurrentIndex], ct);
        var tracked = await db.Attempts.SingleAsync(a => a.Id == attempt.Id, ct);
        if (!await SaveAnswerAsync(tracked, question, chosen: [], timedOut: false, ct, round, freeText: text.Length > 4000 ? text[..4000] : text))
        {
            await context.ReplyAsync(context.T.ButtonClosed, ct);
            return;
        }
        await context.ReplyAsync(t.AnswerSaved, ct);
        await NextInRoundAsync(tracked, round, context.Participant, messageId: null, context.ReplyAsync, (id, m, token) => context.EditOrReplyAsync(id, m, token), ct);
    }

    /// <summary>After a round answer: the next question in the same message, or the prediction question, or "done".</summary>
    private async Task NextInRoundAsync(Attempt attempt, Round round, Participant participant, int? messageId,
        Func<OutgoingMessage, CancellationToken, Task<QueuedMessage>> send,
        Func<int, OutgoingMessage, CancellationToken, Task<QueuedMessage>> edit, CancellationToken ct)
    {
        Task<QueuedMessage> Show(OutgoingMessage m, CancellationToken token) => messageId is { } id ? edit(id, m, token) : send(m, token);
        var t = RoundTexts.For(participant.Language);
        switch (attempt.Status)
        {
            case AttemptStatus.Active:
                await AskAsync(attempt, participant, Show, ct);
                break;
            case AttemptStatus.AwaitingPrediction:
                // Kept, so that the typed prediction's confirmation can edit this same message.
                if (await (await Show(PredictionPrompt(round, participant.Language), ct)).Shown is { } promptId)
                {
                    await writeGate.WriteAsync(() => db.Attempts.Where(a => a.Id == attempt.Id)
                        .ExecuteUpdateAsync(a => a.SetProperty(x => x.CurrentMessageId, promptId), ct), ct);
                }
                break;
            default:
                await Show(new OutgoingMessage(t.Done(clock.Show(round.ClosesAt))), ct);
                break;
        }
    }

    /// <summary>The prediction a contestant types after the last question; refused once the round has closed.</summary>
    public async Task<bool> SavePredictionAsync(ConversationContext context, Attempt attempt, int prediction, CancellationToken ct)
    {
        var round = await RoundOfAsync(attempt, ct);
        var t = RoundTexts.For(context.Participant.Language);
        if (round is null || !IsTakingAnswers(round))
        {
            await context.ReplyAsync(t.AlreadyClosed(Html.Escape(round?.Code ?? "")), ct);
            return false;
        }
        var saved = await writeGate.WriteAsync(() => db.Attempts
            .Where(a => a.Id == attempt.Id && a.Status == AttemptStatus.AwaitingPrediction)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.Prediction, prediction).SetProperty(x => x.Status, AttemptStatus.Finished), ct), ct);
        if (saved == 0) return false;
        // The prompt becomes the confirmation: one message fewer per contestant, which a big round needs.
        await context.EditOrReplyAsync(attempt.CurrentMessageId, new OutgoingMessage(t.PredictionSaved(prediction, clock.Show(round.ClosesAt))), ct);
        return true;
    }

    public OutgoingMessage PredictionPrompt(Round round, string language)
    {
        var t = RoundTexts.For(language);
        var closes = clock.Show(round.ClosesAt);
        return new OutgoingMessage(round.Prediction == PredictionKind.FullMarks ? t.PredictionFullMarks(closes) : t.PredictionParticipants(closes));
    }

    private bool IsTakingAnswers(Round round) => round.Status == RoundStatus.Open && clock.UtcNow < round.ClosesAt;

    private async Task<Round?> RoundOfAsync(Attempt attempt, CancellationToken ct)
    {
        if (attempt.RoundId is not { } id) return null;
        if (rounds.TryGetValue(id, out var known)) return known;
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (round is not null) rounds[id] = round;
        return round;
    }

    /// <returns>false when this question already has an answer (a repeated press or a race with the timer).</returns>
    private async Task<bool> SaveAnswerAsync(Attempt session, Question question, int[] chosen, bool timedOut, CancellationToken ct, Round? round = null,
        string? freeText = null, string? pressId = null)
    {
        var now = clock.UtcNow;
        var answer = new Answer
        {
            ParticipantId = session.ParticipantId,
            AttemptId = session.Id,
            QuestionId = question.Id,
            Position = session.CurrentIndex,
            Chosen = chosen,
            IsCorrect = question.Type != QuestionType.Text && !timedOut && Scoring.IsCorrect(chosen, question.Content.Answer),
            FreeText = freeText,
            TimedOut = timedOut,
            ElapsedMs = (int)Math.Clamp((now - (session.CurrentAskedAt ?? now)).TotalMilliseconds, 0, int.MaxValue),
            AnsweredAt = now,
            PressId = pressId,
        };
        // The answer and the step forward are one transaction: a crash leaves both or neither.
        // A choice is scored at once; a free-text answer waits for its judges (nothing typed in time scores 0).
        (answer.Score, answer.ScoredBy) = question.Type != QuestionType.Text ? (answer.IsCorrect ? 1 : 0, "auto")
            : timedOut ? (0, "auto")
            : ((double?)null, (string?)null);
        var finishes = session.CurrentIndex + 1 >= session.QuestionIds.Length;
        var after = !finishes ? AttemptStatus.Active
            : round is { Prediction: not PredictionKind.None } ? AttemptStatus.AwaitingPrediction
            : AttemptStatus.Finished;
        // Practice answers reschedule the question for the person (FSRS); a contest's answers do not.
        Rating? rating = session.IsPractice
            ? AnswerRating.From(answer.IsCorrect, TimeSpan.FromMilliseconds(answer.ElapsedMs), TimeSpan.FromSeconds(session.SecondsPerQuestion))
            : null;
        if (!await answers.RecordAsync(answer, question.Key, rating, after, ct))
        {
            log.LogInformation("Second answer to question {QuestionId} in session {AttemptId} ignored", question.Id, session.Id);
            return false;
        }
        // What the log wrote, in memory too, as the stored state.
        session.CurrentIndex++;
        session.CurrentSelection = [];
        (session.CurrentMessageId, session.CurrentAskedAt, session.CurrentDeadline) = (null, null, null);
        if (finishes) (session.Status, session.FinishedAt) = (after, now);
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
    /// when Telegram has it, which its limits may delay; until then the timer cannot close it. A question shown
    /// again (resumed) keeps the clock it had.
    /// </summary>
    private async Task AskAsync(Attempt session, Participant participant, Func<OutgoingMessage, CancellationToken, Task<QueuedMessage>> send, CancellationToken ct)
    {
        var question = await FindQuestionAsync(session.QuestionIds[session.CurrentIndex], ct);
        var running = session.CurrentDeadline is not null;
        var queued = await send(Render.Question(session, question, participant.Language, catalog, SecondsLeft(session)), ct);
        if (running)
        {
            if (await queued.Shown is { } shownId)
            {
                session.CurrentMessageId = shownId;
                await db.SaveChangesAsync(ct);
            }
        }
        else if (queued.Shown.IsCompletedSuccessfully)
        {
            session.CurrentMessageId = queued.Shown.Result;
            session.CurrentAskedAt = clock.UtcNow;
            session.CurrentDeadline = session.CurrentAskedAt.Value.AddSeconds(session.SecondsPerQuestion);
            await db.SaveChangesAsync(ct);
        }
        else
        {
            questionClock.StartWhenShown(session.Id, session.CurrentIndex, session.SecondsPerQuestion, queued.Shown);
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
        var session = await SessionOf.For(db)(db, sessionId, context.Participant.Id, ct);
        if (session is { IsPractice: false } && await RoundOfAsync(session, ct) is var round && (round is null || !IsTakingAnswers(round)))
        {
            // Whatever else the press got wrong, the reason that matters to a contestant is the close.
            await context.ToastAsync(RoundTexts.For(context.Participant.Language).RoundClosedToast, ct);
            return (null, null);
        }
        if (session is not null && session.CurrentIndex == position + 1 && context.Update.Callback?.Id is { } pressId
            && await db.Answers.AsNoTracking().SingleOrDefaultAsync(a => a.AttemptId == session.Id && a.Position == position && a.PressId == pressId, ct) is { } recorded)
        {
            await ReplyToRecordedAsync(context, session, recorded, ct);
            return (null, null);
        }
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
        db.Attempts.Where(s => s.ParticipantId == participantId && (s.Status == AttemptStatus.Active || s.Status == AttemptStatus.AwaitingPrediction))
            .OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);

    private int SecondsLeft(Attempt session) =>
        session.CurrentDeadline is { } d ? Math.Max(0, (int)Math.Ceiling((d - clock.UtcNow).TotalSeconds)) : session.SecondsPerQuestion;
}
