using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuizBot.Data;

namespace QuizBot.Practice;

/// <summary>
/// Starts a question's clock once the question is on screen, which on Telegram can be a while after it was
/// queued. Until then the question has no deadline, so the timer cannot close it early. The handler that asked
/// does not wait for this: the moments questions appear are written in groups.
/// </summary>
public sealed class QuestionClock : IAsyncDisposable
{
    private readonly IServiceScopeFactory scopes;
    private readonly WriteGate gate;
    private readonly QuizClock clock;
    private readonly GroupCommit<Shown> shown;

    public QuestionClock(IServiceScopeFactory scopes, WriteGate gate, QuizClock clock, ILogger<QuestionClock> log)
    {
        this.scopes = scopes;
        this.gate = gate;
        this.clock = clock;
        shown = new GroupCommit<Shown>(WriteAsync, maxGroup: 1000, log);
    }

    /// <summary>Starts the clock of the question at <paramref name="position"/> once <paramref name="onScreen"/> completes.</summary>
    public void StartWhenShown(long attemptId, int position, int seconds, Task<int?> onScreen) =>
        onScreen.ContinueWith(t => shown.Add(new Shown(attemptId, position, t.Result, clock.UtcNow, seconds)), CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Only where the session still stands at that question: an answer may already have moved it on.</summary>
    private Task WriteAsync(IReadOnlyList<Shown> group) => gate.TransactionAsync(scopes, async sql =>
    {
        var command = sql("""
            UPDATE "Attempts" SET "CurrentMessageId" = @message, "CurrentAskedAt" = @at, "CurrentDeadline" = @deadline
            WHERE "Id" = @id AND "CurrentIndex" = @position AND "Status" = @active
            """);
        var id = command.Parameter("@id");
        var position = command.Parameter("@position");
        var message = command.Parameter("@message");
        var at = command.Parameter("@at");
        var deadline = command.Parameter("@deadline");
        command.Bind("@active", (int)AttemptStatus.Active);
        // In attempt order, as the answer log writes them: on PostgreSQL concurrent groups then never lock crosswise.
        foreach (var question in group.OrderBy(q => q.AttemptId))
        {
            id.Set(question.AttemptId);
            position.Set(question.Position);
            message.Set(question.MessageId);
            at.Set(question.At);
            deadline.Set(question.At.AddSeconds(question.Seconds));
            await command.ExecuteNonQueryAsync();
        }
        return group.Count;
    }, CancellationToken.None);

    public ValueTask DisposeAsync() => shown.DisposeAsync();

    private sealed record Shown(long AttemptId, int Position, int? MessageId, DateTime At, int Seconds);
}
