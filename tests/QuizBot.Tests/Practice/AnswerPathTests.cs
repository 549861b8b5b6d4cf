using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.QuestionBank;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Practice;

/// <summary>The answer log and the question clock, against a real SQLite file.</summary>
public sealed class AnswerPathTests : IAsyncLifetime
{
    private readonly string databaseFile = Path.Combine(Path.GetTempPath(), $"quizbot-answers-{Guid.NewGuid():N}.db");
    private readonly WriteGate gate = new();
    private readonly ObservedClock clock = new();
    private ServiceProvider services = null!;
    private AnswerLog answers = null!;
    private QuestionClock questionClock = null!;
    private Attempt session = null!;

    public async Task InitializeAsync()
    {
        services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<QuizBotDb>(o => o.UseSqlite($"Data Source={databaseFile}").AddInterceptors(gate))
            .BuildServiceProvider();
        await services.MigrateDatabaseAsync();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var options = Options.Create(new QuizOptions { SecondsPerQuestion = 30 });
        answers = new AnswerLog(scopes, gate, new QuizBot.Learning.Fsrs(), [], NullLogger<AnswerLog>.Instance);
        questionClock = new QuestionClock(scopes, gate, new QuizClock(clock, options), NullLogger<QuestionClock>.Instance);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var participant = new Participant { DisplayName = "Lò Văn Thử", ExternalId = 7, ChatId = 7 };
        LocalizedText Text(string vi) => new(vi, vi);
        var questions = Enumerable.Range(1, 2).Select(i => new Question
        {
            Key = $"q-{i}", ContentHash = $"h{i}", Topic = "charter", SourceFile = "charter.yaml",
            Content = new QuestionContent(Text($"Câu {i}"), [Text("Có"), Text("Không")], [0], Text("Vì thế."), "Điều lệ Đảng"),
        }).ToList();
        db.AddRange(questions);
        db.Participants.Add(participant);
        await db.SaveChangesAsync();
        session = new Attempt { ParticipantId = participant.Id, ChatId = 7, QuestionIds = [.. questions.Select(q => q.Id)], Status = AttemptStatus.Active };
        db.Attempts.Add(session);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await answers.DisposeAsync();
        await questionClock.DisposeAsync();
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(databaseFile);
    }

    private Answer AnswerTo(int position, bool timedOut = false) => new()
    {
        ParticipantId = session.ParticipantId,
        AttemptId = session.Id,
        QuestionId = session.QuestionIds[position],
        Position = position,
        Chosen = timedOut ? [] : [0],
        IsCorrect = !timedOut,
        TimedOut = timedOut,
        AnsweredAt = clock.GetUtcNow().UtcDateTime,
    };

    private T Db<T>(Func<QuizBotDb, T> query)
    {
        using var scope = services.CreateScope();
        return query(scope.ServiceProvider.GetRequiredService<QuizBotDb>());
    }

    [Fact]
    public async Task A_press_and_the_timer_answering_the_same_question_record_one_answer_and_one_step()
    {
        var results = await Task.WhenAll(
            answers.RecordAsync(AnswerTo(0), "q-key", QuizBot.Learning.Rating.Good, AttemptStatus.Active, CancellationToken.None),
            answers.RecordAsync(AnswerTo(0, timedOut: true), "q-key", QuizBot.Learning.Rating.Good, AttemptStatus.Active, CancellationToken.None));

        Assert.Equal(1, results.Count(written => written));
        var stored = Db(db => db.Answers.AsNoTracking().ToList());
        Assert.Equal(results[0], !Assert.Single(stored).TimedOut);
        Assert.Equal(1, Db(db => db.Attempts.AsNoTracking().Single()).CurrentIndex);
    }

    [Fact]
    public async Task The_last_answer_finishes_the_session_and_nothing_is_recorded_after_it()
    {
        Assert.True(await answers.RecordAsync(AnswerTo(0), "q-key", QuizBot.Learning.Rating.Good, AttemptStatus.Active, CancellationToken.None));
        Assert.True(await answers.RecordAsync(AnswerTo(1), "q-key", QuizBot.Learning.Rating.Good, AttemptStatus.Finished, CancellationToken.None));
        Assert.False(await answers.RecordAsync(AnswerTo(1), "q-key", QuizBot.Learning.Rating.Good, AttemptStatus.Finished, CancellationToken.None));

        var stored = Db(db => db.Attempts.AsNoTracking().Single());
        Assert.Equal((AttemptStatus.Finished, 2), (stored.Status, stored.CurrentIndex));
        Assert.NotNull(stored.FinishedAt);
        Assert.Equal([0, 1], Db(db => db.Answers.OrderBy(a => a.Position).Select(a => a.Position).ToList()));
    }

    [Fact]
    public async Task A_question_gets_its_deadline_only_once_it_is_on_screen()
    {
        var onScreen = new TaskCompletionSource<int?>();
        questionClock.StartWhenShown(session.Id, 0, 30, onScreen.Task);
        await Task.Delay(100);
        Assert.Null(Db(db => db.Attempts.AsNoTracking().Single()).CurrentDeadline);

        clock.Advance(TimeSpan.FromSeconds(5));
        onScreen.SetResult(4242);
        var shownAt = clock.GetUtcNow().UtcDateTime;
        Attempt? stored = null;
        for (var i = 0; i < 500 && stored?.CurrentDeadline is null; i++, await Task.Delay(10))
        {
            stored = Db(db => db.Attempts.AsNoTracking().Single());
        }

        Assert.Equal(4242, stored!.CurrentMessageId);
        Assert.Equal(shownAt, stored.CurrentAskedAt);
        Assert.Equal(shownAt.AddSeconds(30), stored.CurrentDeadline);
    }

    [Fact]
    public async Task A_question_answered_before_Telegram_confirmed_it_gets_no_deadline()
    {
        var onScreen = new TaskCompletionSource<int?>();
        questionClock.StartWhenShown(session.Id, 0, 30, onScreen.Task);
        Assert.True(await answers.RecordAsync(AnswerTo(0), "q-key", QuizBot.Learning.Rating.Good, AttemptStatus.Active, CancellationToken.None));

        onScreen.SetResult(4242);
        await questionClock.DisposeAsync(); // writes what is queued

        var stored = Db(db => db.Attempts.AsNoTracking().Single());
        Assert.Equal(1, stored.CurrentIndex);
        Assert.Null(stored.CurrentMessageId);
        Assert.Null(stored.CurrentDeadline);
    }
}
