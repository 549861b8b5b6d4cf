using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QuizBot.Contests;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.QuestionBank;

namespace QuizBot.Live;

public enum PressOutcome { Recorded, AlreadyAnswered, Closed, NotInRound }

/// <summary>Asks the transport whether someone is an administrator of a group.</summary>
public interface IGroupAdmins
{
    Transport Transport { get; }

    Task<bool> IsAdminAsync(long chatId, long userId, CancellationToken ct);
}

/// <summary>What a new game is: where, by whom, which questions, how long each.</summary>
/// <param name="PrivateChats">A small live round without a group: the contestants' own chats, each shown every
/// question; <paramref name="ChatId"/> is then the organizer's, where the board is followed.</param>
public sealed record GameSpec(
    Transport Transport, long ChatId, long StartedBy, string Language, string Title, int[] QuestionIds, int SecondsPerQuestion,
    string? Topic = null, Round? Round = null, IReadOnlyList<long>? PrivateChats = null);

/// <summary>
/// Runs live games: each question is one message in the chat with answer buttons, everyone's presses are recorded
/// in groups (one write for many presses) and confirmed with a private toast, and when the time is up the message
/// is edited to reveal the answer, the counts, who was right and who was fastest; one more message, sent at the
/// start, is edited into the scoreboard after each question and the podium at the end. So a game costs its chat
/// one message per question and one for the board: a group's 20 a minute go a long way.
/// State lives in the database (game, questions asked, presses); a restart picks each running game up where it stood.
/// </summary>
public sealed class LiveGames : IAsyncDisposable
{
    public const int DefaultQuestions = 5;
    public const int MaxQuestions = 20;
    public const int DefaultSeconds = 20;

    /// <summary>
    /// The most contestants a live round reaches in their private chats: each question goes to all of them within a
    /// second of Telegram's 30 messages a second, and each reveal and board edit too. Beyond that, a group.
    /// </summary>
    public const int MaxPrivateContestants = 25;

    /// <summary>After the deadline, presses taken in before it still reach the game: they are waited for this long.</summary>
    public static readonly TimeSpan PressGrace = TimeSpan.FromMilliseconds(400);

    /// <summary>Between a reveal and the next question (or the podium), to read the answer.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(4);

    private readonly IServiceScopeFactory scopes;
    private readonly ChatOutputs outputs;
    private readonly WriteGate gate;
    private readonly TimeProvider clock;
    private readonly QuestionCatalog catalog;
    private readonly LiveFeed feed;
    private readonly RoundLifecycle lifecycle;
    private readonly ILogger<LiveGames> log;
    private readonly ServiceInstances instances;
    private readonly GroupCommit<LivePress> presses;
    private readonly ConcurrentDictionary<int, Game> running = new();
    private readonly CancellationTokenSource stopping = new();

    public LiveGames(IServiceScopeFactory scopes, ChatOutputs outputs, WriteGate gate, TimeProvider clock, QuestionCatalog catalog,
        LiveFeed feed, RoundLifecycle lifecycle, ServiceInstances instances, ILogger<LiveGames> log)
    {
        this.scopes = scopes;
        this.instances = instances;
        this.outputs = outputs;
        this.gate = gate;
        this.clock = clock;
        this.catalog = catalog;
        this.feed = feed;
        this.lifecycle = lifecycle;
        this.log = log;
        presses = new GroupCommit<LivePress>(WritePressesAsync, maxGroup: 2000, log);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Starts a game; null when the chat already has one running.</summary>
    public async Task<LiveGame?> StartAsync(GameSpec spec, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        if (await db.LiveGames.AnyAsync(g => g.Transport == spec.Transport && g.ChatId == spec.ChatId && g.Status == LiveGameStatus.Running, ct)) return null;
        var game = new LiveGame
        {
            Transport = spec.Transport,
            ChatId = spec.ChatId,
            RoundId = spec.Round?.Id,
            Topic = spec.Topic,
            QuestionIds = spec.QuestionIds,
            SecondsPerQuestion = spec.SecondsPerQuestion,
            StreakBonus = spec.Round?.StreakBonus ?? false,
            StartedBy = spec.StartedBy,
            Language = spec.Language,
            StartedAt = Now,
            IsPrivate = spec.PrivateChats is not null,
            Instance = instances.Id,
        };
        db.LiveGames.Add(game);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two starts racing in one chat: the unique index on running games lets one through.
            return null;
        }
        if (spec.PrivateChats is { } chats)
        {
            db.LiveScreens.AddRange(chats.Distinct().Select(chat => new LiveScreen { GameId = game.Id, ChatId = chat }));
            await db.SaveChangesAsync(ct);
        }
        log.LogInformation("Live game {GameId} started in chat {ChatId}: {Count} questions", game.Id, game.ChatId, game.QuestionIds.Length);
        if (game.Transport == Transport.Telegram) await instances.ServeAsync(game.ChatId, ct);
        await LaunchAsync(scope.ServiceProvider, game, spec.Title, ct);
        return game;
    }

    /// <summary>
    /// Picks up the games a previous run (with several instances: a dead instance) left running, taking them in one
    /// statement so that two instances never both run one.
    /// </summary>
    public async Task ResumeAsync(CancellationToken ct)
    {
        var taken = await gate.TransactionAsync(scopes, async sql =>
        {
            var take = sql($"""
                UPDATE "LiveGames" SET "Instance" = @me
                WHERE "Status" = @running AND ("Instance" IS NULL OR ("Instance" <> @me AND "Instance" NOT IN ({ServiceInstances.AliveIds})))
                RETURNING "Id"
                """);
            take.Bind("@me", instances.Id);
            take.Bind("@running", (int)LiveGameStatus.Running);
            take.Bind("@alive", instances.AliveSince);
            return await take.ColumnAsync<int>(ct);
        }, ct);
        if (taken.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        foreach (var game in await db.LiveGames.AsNoTracking().Where(g => taken.Contains(g.Id)).OrderBy(g => g.Id).ToListAsync(ct))
        {
            var title = await TitleAsync(db, game, ct);
            log.LogInformation("Resuming live game {GameId} at question {Index}", game.Id, game.CurrentIndex + 1);
            if (game.Transport == Transport.Telegram) await instances.ServeAsync(game.ChatId, ct);
            await LaunchAsync(scope.ServiceProvider, game, title, ct);
        }
    }

    /// <summary>Stops a chat's game after revealing the question on screen; false when none is running.</summary>
    public bool Stop(Transport transport, long chatId)
    {
        var game = running.Values.FirstOrDefault(g => g.Record.Transport == transport && g.Record.ChatId == chatId);
        if (game is null) return false;
        game.RequestStop();
        return true;
    }

    /// <summary>Stops the game a round is played in; false when none is running.</summary>
    public bool StopRound(int roundId)
    {
        var game = running.Values.FirstOrDefault(g => g.Record.RoundId == roundId);
        game?.RequestStop();
        return game is not null;
    }

    /// <summary>The game a round is played in, running or last played, for the projector.</summary>
    public async Task<int?> GameOfRoundAsync(int roundId, CancellationToken ct)
    {
        if (running.Values.FirstOrDefault(g => g.Record.RoundId == roundId) is { } game) return game.Record.Id;
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<QuizBotDb>().LiveGames.Where(g => g.RoundId == roundId)
            .OrderByDescending(g => g.Id).Select(g => (int?)g.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// A game's view from the database, for a game not running here: while it runs on another instance, the view that
    /// instance last published (<see cref="LiveViewPublisher"/>); once finished (a projector opened after the end), its
    /// final view, rebuilt.
    /// </summary>
    public async Task<LiveView?> StoredViewAsync(int gameId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var game = await db.LiveGames.AsNoTracking().SingleOrDefaultAsync(g => g.Id == gameId, ct);
        if (game is null) return null;
        if (game.Status == LiveGameStatus.Running && game.View is { } published)
        {
            return JsonSerializer.Deserialize<LiveView>(published, ProjectorEndpoints.Json);
        }
        var title = await TitleAsync(db, game, ct);
        var board = await BoardAsync(db, gameId, 10, ct);
        var phase = game.Status == LiveGameStatus.Running ? LiveView.Waiting : LiveView.Finished;
        return new LiveView(gameId, title, phase, game.CurrentIndex, game.QuestionIds.Length, null, [], null, game.SecondsPerQuestion, [], null, [], board);
    }

    /// <summary>
    /// One person's press, at the moment it was received. Recorded once per person and question, only while the
    /// question takes answers; the caller toasts the outcome, which never says whether the answer was right.
    /// </summary>
    public async Task<PressOutcome> PressAsync(LiveAnswer press, Participant participant, long chatId, DateTime receivedAt, CancellationToken ct)
    {
        if (!running.TryGetValue(press.GameId, out var game) || game.Current is not { } asked || asked.Index != press.Index) return PressOutcome.Closed;
        if (press.Shown < 0 || press.Shown >= asked.Order.Length) return PressOutcome.Closed;
        if (game.Scope is { } scope && (participant.Id == 0 || participant.Step != RegistrationStep.Registered
            || participant.UnitId is not { } unit || !scope.Contains(unit)))
        {
            return PressOutcome.NotInRound;
        }
        asked.Enter();
        try
        {
            if (asked.IsClosed) return PressOutcome.Closed;
            var shownAt = await asked.ShownAt.WaitAsync(TimeSpan.FromSeconds(30), ct);
            // Played privately, each contestant's time runs from the moment their own copy appeared.
            if (game.Screens is not null)
            {
                if (!asked.ShownIn.TryGetValue(chatId, out var own)) return PressOutcome.Closed;
                shownAt = own.ShownAt;
            }
            if (receivedAt > shownAt + asked.Limit || receivedAt > asked.Deadline) return PressOutcome.Closed;
            if (!asked.Pressed.TryAdd(participant.ExternalId, 0)) return PressOutcome.AlreadyAnswered;
            var option = asked.Order[press.Shown];
            var record = new LivePress
            {
                GameId = game.Record.Id,
                Index = asked.Index,
                UserId = participant.ExternalId,
                ParticipantId = participant.Id == 0 ? null : participant.Id,
                Name = participant.DisplayName.Length > 0 ? participant.DisplayName : "#" + participant.ExternalId,
                Option = option,
                PressedAt = receivedAt,
                ElapsedMs = (int)Math.Clamp((receivedAt - shownAt).TotalMilliseconds, 0, int.MaxValue),
                IsCorrect = asked.Question.Content.Answer.Contains(option),
            };
            try
            {
                await presses.AddAsync(record, ct);
            }
            catch
            {
                asked.Pressed.TryRemove(participant.ExternalId, out _);
                throw;
            }
            asked.Count(press.Shown);
            feed.Touch(game.Record.Id);
            return PressOutcome.Recorded;
        }
        finally
        {
            asked.Leave();
        }
    }

    private async Task WritePressesAsync(IReadOnlyList<LivePress> group)
    {
        await gate.TransactionAsync(scopes, async command =>
        {
            var insert = command("""
                INSERT INTO "LivePresses" ("GameId", "Index", "UserId", "ParticipantId", "Name", "Option", "PressedAt", "ElapsedMs", "IsCorrect", "Points", "Bonus")
                VALUES (@game, @index, @user, @participant, @name, @option, @at, @elapsed, @correct, 0, 0)
                ON CONFLICT ("GameId", "Index", "UserId") DO NOTHING
                """);
            var game = insert.Parameter("@game");
            var index = insert.Parameter("@index");
            var user = insert.Parameter("@user");
            var participant = insert.Parameter("@participant");
            var name = insert.Parameter("@name");
            var option = insert.Parameter("@option");
            var at = insert.Parameter("@at");
            var elapsed = insert.Parameter("@elapsed");
            var correct = insert.Parameter("@correct");
            foreach (var press in group)
            {
                game.Set(press.GameId);
                index.Set(press.Index);
                user.Set(press.UserId);
                participant.Set(press.ParticipantId);
                name.Set(press.Name);
                option.Set(press.Option);
                at.Set(press.PressedAt);
                elapsed.Set(press.ElapsedMs);
                correct.Set(press.IsCorrect);
                await insert.ExecuteNonQueryAsync();
            }
            return group.Count;
        }, CancellationToken.None);
    }

    private async Task LaunchAsync(IServiceProvider services, LiveGame record, string title, CancellationToken ct)
    {
        IReadOnlySet<int>? scope = null;
        var db = services.GetRequiredService<QuizBotDb>();
        if (record.RoundId is { } roundId)
        {
            var scopeUnit = await db.Rounds.Where(r => r.Id == roundId).Select(r => r.ScopeUnitId).SingleAsync(ct);
            scope = (await services.GetRequiredService<Registration.UnitTree>().SubtreeIdsAsync(scopeUnit, ct)).ToHashSet();
        }
        var game = new Game(record, title, scope, stopping.Token);
        if (record.IsPrivate) game.Screens = await db.LiveScreens.Where(s => s.GameId == record.Id).ToListAsync(ct);
        await game.ReplayStreaksAsync(db, ct);
        if (!running.TryAdd(record.Id, game)) return;
        feed.Register(record.Id, game.View);
        game.Loop = Task.Run(() => PlayAsync(game), CancellationToken.None);
    }

    private async Task PlayAsync(Game game)
    {
        var record = game.Record;
        var output = outputs.For(record.Transport);
        var t = LiveTexts.For(record.Language);
        try
        {
            if (record.BoardMessageId is null)
            {
                var board = await output.SendAsync(record.ChatId,
                    new OutgoingMessage(t.Starting(Html.Escape(game.Title), record.QuestionIds.Length, record.SecondsPerQuestion)), game.Token);
                record.BoardMessageId = await board.Shown ?? throw new InvalidOperationException("the transport reported no message id");
                await SaveAsync(db => db.LiveGames.Where(g => g.Id == record.Id)
                    .ExecuteUpdateAsync(g => g.SetProperty(x => x.BoardMessageId, record.BoardMessageId), CancellationToken.None));
            }
            await SendPrivateBoardsAsync(game, output, t);
            try
            {
                await PlayQuestionsAsync(game, output);
            }
            catch (OperationCanceledException) when (game.StopRequested && !stopping.IsCancellationRequested)
            {
                // Stopped while a question was going out: the podium follows at once.
            }
            await FinishAsync(game, output);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: the game stays running in the database and is picked up after the restart.
        }
        catch (Exception e)
        {
            log.LogError(e, "Live game {GameId} failed; it is ended as it stands", record.Id);
            await SaveAsync(db => db.LiveGames.Where(g => g.Id == record.Id && g.Status == LiveGameStatus.Running)
                .ExecuteUpdateAsync(g => g.SetProperty(x => x.Status, LiveGameStatus.Stopped).SetProperty(x => x.FinishedAt, Now), CancellationToken.None));
        }
        finally
        {
            running.TryRemove(record.Id, out _);
            feed.Touch(record.Id);
        }
    }

    /// <summary>Played privately: each contestant's board message, all sent before any is waited for.</summary>
    private async Task SendPrivateBoardsAsync(Game game, IChatOutput output, LiveTexts t)
    {
        var record = game.Record;
        var starting = new OutgoingMessage(t.Starting(Html.Escape(game.Title), record.QuestionIds.Length, record.SecondsPerQuestion));
        var queued = new List<(LiveScreen Screen, QueuedMessage Message)>();
        foreach (var screen in game.Screens?.Where(s => s.BoardMessageId is null) ?? []) queued.Add((screen, await output.SendAsync(screen.ChatId, starting, game.Token)));
        foreach (var (screen, message) in queued)
        {
            screen.BoardMessageId = await message.Shown;
            await SaveAsync(db => db.LiveScreens.Where(s => s.GameId == record.Id && s.ChatId == screen.ChatId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.BoardMessageId, screen.BoardMessageId), CancellationToken.None));
        }
    }

    /// <summary>Each question in turn: asked, answered until its time is up (or the game is stopped), revealed.</summary>
    private async Task PlayQuestionsAsync(Game game, IChatOutput output)
    {
        var record = game.Record;
        for (var index = record.CurrentIndex; index < record.QuestionIds.Length && !game.StopRequested; index++)
        {
            if (record.RoundId is { } roundId && !await RoundTakesAnswersAsync(roundId)) break;
            var asked = await AskAsync(game, output, index);
            // Stopped while it takes answers: what was answered so far is revealed.
            await UnlessStoppedAsync(game, Max(asked.Deadline - Now, TimeSpan.Zero) + PressGrace);
            await asked.CloseAsync();
            await RevealAsync(game, output, asked);
            // Time to read the answer, the last one's too: the podium follows it rather than replacing it at once.
            if (!game.StopRequested) await UnlessStoppedAsync(game, Pause);
        }
    }

    /// <summary>Waits, unless the game is stopped first; a shutdown still ends the wait with an exception.</summary>
    private async Task UnlessStoppedAsync(Game game, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, clock, game.Token);
        }
        catch (OperationCanceledException) when (game.StopRequested && !stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> RoundTakesAnswersAsync(int roundId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var round = await scope.ServiceProvider.GetRequiredService<QuizBotDb>().Rounds.AsNoTracking().SingleAsync(r => r.Id == roundId);
        return round.Status == RoundStatus.Open && Now < round.ClosesAt;
    }

    /// <summary>Sends question <paramref name="index"/> (or, after a restart, takes up the one already on screen).</summary>
    private async Task<Asked> AskAsync(Game game, IChatOutput output, int index)
    {
        var record = game.Record;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var row = await db.LiveQuestions.SingleOrDefaultAsync(q => q.GameId == record.Id && q.Index == index);
        if (row is null)
        {
            row = new LiveQuestion { GameId = record.Id, Index = index, QuestionId = record.QuestionIds[index] };
            db.LiveQuestions.Add(row);
            await db.SaveChangesAsync();
        }
        var question = catalog.Find(row.QuestionId) ?? await db.Questions.AsNoTracking().SingleAsync(q => q.Id == row.QuestionId);
        var asked = new Asked(index, question, Scoring.OptionOrder(record.Id, index, question.Content.Options.Count), TimeSpan.FromSeconds(record.SecondsPerQuestion));
        if (game.Screens is not null)
        {
            foreach (var screen in await db.LiveQuestionScreens.AsNoTracking().Where(s => s.GameId == record.Id && s.Index == index).ToListAsync())
            {
                asked.ShownIn[screen.ChatId] = (screen.MessageId, DateTime.SpecifyKind(screen.ShownAt, DateTimeKind.Utc));
            }
        }
        if (row.ShownAt is { } shownAt && row.Deadline is { } deadline)
        {
            foreach (var press in await db.LivePresses.AsNoTracking().Where(p => p.GameId == record.Id && p.Index == index).Select(p => new { p.UserId, p.Option }).ToListAsync())
            {
                asked.Pressed.TryAdd(press.UserId, 0);
                asked.Count(Array.IndexOf(asked.Order, press.Option));
            }
            asked.Show(row.MessageId, DateTime.SpecifyKind(shownAt, DateTimeKind.Utc), DateTime.SpecifyKind(deadline, DateTimeKind.Utc));
            game.Current = asked;
            return asked;
        }
        // On screen before its time is known: a press that comes in first waits for it.
        game.Current = asked;
        if (game.Screens is { } screens)
        {
            await ShowPrivatelyAsync(db, game, output, asked, screens);
            row.ShownAt = asked.ShownIn.Values.Min(s => s.ShownAt);
            row.Deadline = asked.ShownIn.Values.Max(s => s.ShownAt) + asked.Limit;
            asked.Show(null, row.ShownAt.Value, row.Deadline.Value);
        }
        else
        {
            var sent = await output.SendAsync(record.ChatId, LiveRender.Question(record, asked), game.Token);
            var messageId = await sent.Shown ?? throw new InvalidOperationException("the transport reported no message id");
            var now = Now;
            asked.Show(messageId, now, now + asked.Limit);
            row.MessageId = messageId;
            row.ShownAt = now;
            row.Deadline = asked.Deadline;
        }
        await db.SaveChangesAsync();
        feed.Touch(record.Id);
        return asked;
    }

    /// <summary>Sends the question to every contestant's chat at once; each copy's time is when Telegram confirmed it there.</summary>
    private async Task ShowPrivatelyAsync(QuizBotDb db, Game game, IChatOutput output, Asked asked, IReadOnlyList<LiveScreen> screens)
    {
        var message = LiveRender.Question(game.Record, asked);
        var queued = new List<(long ChatId, QueuedMessage Message)>();
        foreach (var screen in screens.Where(s => !asked.ShownIn.ContainsKey(s.ChatId)))
        {
            queued.Add((screen.ChatId, await output.SendAsync(screen.ChatId, message, game.Token)));
        }
        await Task.WhenAll(queued.Select(async q =>
        {
            if (await q.Message.Shown is { } id) asked.ShownIn[q.ChatId] = (id, Now);
        }));
        foreach (var (chatId, (messageId, shownAt)) in asked.ShownIn)
        {
            if (!await db.LiveQuestionScreens.AnyAsync(s => s.GameId == game.Record.Id && s.Index == asked.Index && s.ChatId == chatId))
            {
                db.LiveQuestionScreens.Add(new LiveQuestionScreen { GameId = game.Record.Id, Index = asked.Index, ChatId = chatId, MessageId = messageId, ShownAt = shownAt });
            }
        }
        if (asked.ShownIn.IsEmpty) throw new InvalidOperationException("no contestant's chat took the question");
    }

    /// <summary>
    /// Scores the question's presses (speed points, streak bonus) from the database, records them in the round where
    /// the game plays one, then edits the question into its reveal and the board message into the scoreboard.
    /// </summary>
    private async Task RevealAsync(Game game, IChatOutput output, Asked asked)
    {
        var record = game.Record;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var rows = await db.LivePresses.Where(p => p.GameId == record.Id && p.Index == asked.Index).ToListAsync();
        var streaks = new Dictionary<long, int>();
        foreach (var press in rows)
        {
            var streak = press.IsCorrect ? game.Streaks.GetValueOrDefault(press.UserId) + 1 : 0;
            streaks[press.UserId] = streak;
            press.Points = LiveScoring.Points(press.IsCorrect, TimeSpan.FromMilliseconds(press.ElapsedMs), asked.Limit);
            press.Bonus = record.StreakBonus ? LiveScoring.Bonus(streak) : 0;
        }
        await gate.WriteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.SaveChangesAsync();
            if (record.RoundId is { } roundId) await LiveRoundAnswers.RecordAsync(db, roundId, record, asked, rows, Now);
            await db.LiveQuestions.Where(q => q.GameId == record.Id && q.Index == asked.Index).ExecuteUpdateAsync(q => q.SetProperty(x => x.RevealedAt, Now));
            await db.LiveGames.Where(g => g.Id == record.Id).ExecuteUpdateAsync(g => g.SetProperty(x => x.CurrentIndex, asked.Index + 1));
            await transaction.CommitAsync();
            return rows.Count;
        }, CancellationToken.None);
        // Whoever did not answer this one has lost their streak.
        game.Streaks = streaks;
        record.CurrentIndex = asked.Index + 1;

        var counts = new int[asked.Order.Length];
        foreach (var press in rows) counts[Array.IndexOf(asked.Order, press.Option)]++;
        var fastest = rows.Where(p => p.IsCorrect).OrderBy(p => p.ElapsedMs).ThenBy(p => p.PressedAt).Take(3)
            .Select((p, i) => new LiveRow(i + 1, p.Name, p.Points + p.Bonus, p.ElapsedMs)).ToList();
        var board = await BoardAsync(db, record.Id, 10, CancellationToken.None);
        var reveal = new Reveal(counts, rows.Count, rows.Count(p => p.IsCorrect), fastest, board);
        game.Revealed(asked, reveal);
        feed.Touch(record.Id);

        var revealed = LiveRender.Reveal(record, asked, reveal);
        if (asked.MessageId is { } messageId) await output.EditAsync(record.ChatId, messageId, revealed, CancellationToken.None);
        foreach (var (chatId, (ownMessage, _)) in asked.ShownIn) await output.EditAsync(chatId, ownMessage, revealed, CancellationToken.None);
        await EditBoardsAsync(game, output, LiveRender.Board(record, game.Title, board, asked.Index + 1, final: false));
    }

    /// <summary>The board in the game's chat, and in every contestant's when played privately.</summary>
    private static async Task EditBoardsAsync(Game game, IChatOutput output, OutgoingMessage board)
    {
        await output.EditAsync(game.Record.ChatId, game.Record.BoardMessageId!.Value, board, CancellationToken.None);
        foreach (var screen in game.Screens ?? [])
        {
            if (screen.BoardMessageId is { } id) await output.EditAsync(screen.ChatId, id, board, CancellationToken.None);
        }
    }

    private async Task FinishAsync(Game game, IChatOutput output)
    {
        var record = game.Record;
        var status = game.StopRequested ? LiveGameStatus.Stopped : LiveGameStatus.Finished;
        await SaveAsync(db => db.LiveGames.Where(g => g.Id == record.Id && g.Status == LiveGameStatus.Running)
            .ExecuteUpdateAsync(g => g.SetProperty(x => x.Status, status).SetProperty(x => x.FinishedAt, Now), CancellationToken.None));
        record.Status = status;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var board = await BoardAsync(scope.ServiceProvider.GetRequiredService<QuizBotDb>(), record.Id, 10, CancellationToken.None);
            game.Finished(board);
            feed.Touch(record.Id);
            await EditBoardsAsync(game, output, LiveRender.Board(record, game.Title, board, record.CurrentIndex, final: true));
        }
        log.LogInformation("Live game {GameId} {Status} after {Count} questions", record.Id, status, record.CurrentIndex);
        if (record.RoundId is { } roundId) await lifecycle.CloseAsync(roundId, actor: 0, CancellationToken.None);
    }

    /// <summary>The game's top <paramref name="count"/>: points (speed and bonus) ↓, then total time ↑.</summary>
    private static async Task<IReadOnlyList<LiveRow>> BoardAsync(QuizBotDb db, int gameId, int count, CancellationToken ct)
    {
        var rows = await db.LivePresses.AsNoTracking().Where(p => p.GameId == gameId)
            .GroupBy(p => p.UserId)
            .Select(g => new { Name = g.Max(p => p.Name), Points = g.Sum(p => p.Points + p.Bonus), Time = g.Sum(p => p.ElapsedMs) })
            .OrderByDescending(r => r.Points).ThenBy(r => r.Time).Take(count).ToListAsync(ct);
        return rows.Select((r, i) => new LiveRow(i + 1, r.Name!, r.Points, r.Time)).ToList();
    }

    private async Task SaveAsync(Func<QuizBotDb, Task<int>> write)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        await gate.WriteAsync(() => write(db), CancellationToken.None);
    }

    /// <summary>A round's title, or a group quiz's (named after its topic, as /quiz named it).</summary>
    private async Task<string> TitleAsync(QuizBotDb db, LiveGame game, CancellationToken ct) =>
        game.RoundId is { } roundId
            ? await db.Rounds.Where(r => r.Id == roundId).Select(r => r.Title).SingleAsync(ct)
            : LiveTexts.For(game.Language).GroupQuizTitle(game.Topic is { } topic ? catalog.FindTopic(topic)?.Name.For(game.Language) ?? topic : null);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(running.Values.Select(g => g.Loop ?? Task.CompletedTask)).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        await presses.DisposeAsync();
        stopping.Dispose();
    }

    /// <summary>A game in play: its record, the question on screen, the streaks so far, and how it looks now.</summary>
    private sealed class Game(LiveGame record, string title, IReadOnlySet<int>? scope, CancellationToken stopping)
    {
        private readonly CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        private LiveView? after;

        public LiveGame Record => record;
        public string Title => title;

        /// <summary>The units whose members may answer (a round's scope); null: anyone in the chat.</summary>
        public IReadOnlySet<int>? Scope => scope;

        public Task? Loop { get; set; }

        /// <summary>Played privately: the contestants' chats and their board messages; null in a group.</summary>
        public List<LiveScreen>? Screens { get; set; }
        public volatile Asked? Current;

        /// <summary>Right answers in a row per person, up to the last revealed question.</summary>
        public Dictionary<long, int> Streaks { get; set; } = [];

        public CancellationToken Token => stop.Token;
        public bool StopRequested { get; private set; }

        public void RequestStop()
        {
            StopRequested = true;
            stop.Cancel();
        }

        /// <summary>After a restart: the streaks as the revealed questions left them.</summary>
        public async Task ReplayStreaksAsync(QuizBotDb db, CancellationToken ct)
        {
            var revealed = await db.LivePresses.AsNoTracking().Where(p => p.GameId == record.Id && p.Index < record.CurrentIndex)
                .Select(p => new { p.Index, p.UserId, p.IsCorrect }).ToListAsync(ct);
            foreach (var question in revealed.GroupBy(p => p.Index).OrderBy(g => g.Key))
            {
                Streaks = question.ToDictionary(p => p.UserId, p => p.IsCorrect ? Streaks.GetValueOrDefault(p.UserId) + 1 : 0);
            }
        }

        public void Revealed(Asked asked, Reveal reveal) => after = LiveRender.View(record, title, asked, reveal);

        public void Finished(IReadOnlyList<LiveRow> board) =>
            after = new LiveView(record.Id, title, LiveView.Finished, record.CurrentIndex, record.QuestionIds.Length, null, [], null,
                record.SecondsPerQuestion, [], null, [], board);

        public LiveView View()
        {
            if (record.Status != LiveGameStatus.Running && after is { } done) return done;
            var asked = Current;
            if (asked is { IsRevealed: false, ShownAt.IsCompleted: true }) return LiveRender.View(record, title, asked, null);
            return after ?? new LiveView(record.Id, title, LiveView.Waiting, record.CurrentIndex, record.QuestionIds.Length, null, [], null,
                record.SecondsPerQuestion, [], null, [], []);
        }
    }
}

/// <summary>What a reveal shows: how many chose each option (in screen order), who was right and fastest, and the board.</summary>
public sealed record Reveal(int[] Counts, int Answered, int Right, IReadOnlyList<LiveRow> Fastest, IReadOnlyList<LiveRow> Board);

/// <summary>
/// A question on screen. Presses enter and leave; closing it turns new presses away and waits for those already
/// inside to be written, so the reveal counts exactly what was recorded.
/// </summary>
public sealed class Asked(int index, Question question, int[] order, TimeSpan limit)
{
    private readonly TaskCompletionSource<DateTime> shown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int[] counts = new int[order.Length];
    private int inside;
    private volatile bool closed;

    public int Index => index;
    public Question Question => question;

    /// <summary>Screen position → option index in the bank question; the same for everyone in the chat.</summary>
    public int[] Order => order;

    public TimeSpan Limit => limit;
    public int? MessageId { get; private set; }
    public DateTime Deadline { get; private set; } = DateTime.MaxValue;
    public Task<DateTime> ShownAt => shown.Task;
    public bool IsClosed => closed;
    public bool IsRevealed { get; set; }

    /// <summary>Played privately: each contestant's copy of the question and when it appeared.</summary>
    public ConcurrentDictionary<long, (int MessageId, DateTime ShownAt)> ShownIn { get; } = new();

    /// <summary>Who has answered, by their transport id.</summary>
    public ConcurrentDictionary<long, byte> Pressed { get; } = new();

    public int[] Counts => [.. counts];

    public void Show(int? messageId, DateTime shownAt, DateTime deadline)
    {
        MessageId = messageId;
        Deadline = deadline;
        shown.TrySetResult(shownAt);
    }

    public void Count(int shownPosition)
    {
        if (shownPosition >= 0 && shownPosition < counts.Length) Interlocked.Increment(ref counts[shownPosition]);
    }

    public void Enter() => Interlocked.Increment(ref inside);

    public void Leave()
    {
        if (Interlocked.Decrement(ref inside) == 0 && closed) drained.TrySetResult();
    }

    public async Task CloseAsync()
    {
        closed = true;
        if (Volatile.Read(ref inside) == 0) drained.TrySetResult();
        // A write in flight finishes within its group; the bound only guards against a stuck one.
        await drained.Task.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        IsRevealed = true;
    }
}
