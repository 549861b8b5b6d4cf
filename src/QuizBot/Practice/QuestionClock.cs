using Microsoft.Data.Sqlite;
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
    private readonly SqliteWriteGate gate;
    private readonly QuizClock clock;
    private readonly GroupCommit<Shown> shown;

    public QuestionClock(IServiceScopeFactory scopes, SqliteWriteGate gate, QuizClock clock, ILogger<QuestionClock> log)
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
            UPDATE Attempts SET CurrentMessageId = $message, CurrentAskedAt = $at, CurrentDeadline = $deadline
            WHERE Id = $id AND CurrentIndex = $position AND Status = $active
            """);
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var position = command.Parameters.Add("$position", SqliteType.Integer);
        var message = command.Parameters.Add("$message", SqliteType.Integer);
        var at = command.Parameters.Add("$at", SqliteType.Text);
        var deadline = command.Parameters.Add("$deadline", SqliteType.Text);
        command.Parameters.AddWithValue("$active", (int)AttemptStatus.Active);
        foreach (var question in group)
        {
            id.Value = question.AttemptId;
            position.Value = question.Position;
            message.Value = (object?)question.MessageId ?? DBNull.Value;
            at.Value = question.At;
            deadline.Value = question.At.AddSeconds(question.Seconds);
            await command.ExecuteNonQueryAsync();
        }
        return group.Count;
    }, CancellationToken.None);

    public ValueTask DisposeAsync() => shown.DisposeAsync();

    private sealed record Shown(long AttemptId, int Position, int? MessageId, DateTime At, int Seconds);
}
