using System.Text.Json;
using QuizBot.Data;

namespace QuizBot.Practice;

/// <summary>
/// Records answers with group commit: an answer and its session's step forward are written together, and the
/// answers that arrive while a write is under way share the next transaction. The step is taken only where the
/// session still stands at the answered question, so a repeated press or a race with the timer records nothing.
/// </summary>
public sealed class AnswerLog : IAsyncDisposable
{
    private readonly IServiceScopeFactory scopes;
    private readonly SqliteWriteGate gate;
    private readonly GroupCommit<Pending> pending;

    public AnswerLog(IServiceScopeFactory scopes, SqliteWriteGate gate, ILogger<AnswerLog> log)
    {
        this.scopes = scopes;
        this.gate = gate;
        pending = new GroupCommit<Pending>(WriteAsync, maxGroup: 500, log);
    }

    /// <returns>false when the session had already moved past this question (nothing was written).</returns>
    public async Task<bool> RecordAsync(Answer answer, bool finishesSession, CancellationToken ct)
    {
        var item = new Pending(answer, finishesSession);
        // A group that fails writes nothing and throws here: the handler apologises, and the press can be repeated.
        await pending.AddAsync(item, ct);
        return item.Written;
    }

    private Task WriteAsync(IReadOnlyList<Pending> group) => gate.TransactionAsync(scopes, async sql =>
    {
        var step = sql("""
            UPDATE PracticeSessions SET CurrentIndex = $position + 1, CurrentSelection = '[]', CurrentMessageId = NULL,
                CurrentAskedAt = NULL, CurrentDeadline = NULL, Status = $status, FinishedAt = $finished
            WHERE Id = $session AND ParticipantId = $participant AND CurrentIndex = $position AND Status = $active
            """);
        var insert = sql("""
            INSERT INTO Answers (ParticipantId, SessionId, QuestionId, Position, Chosen, IsCorrect, TimedOut, ElapsedMs, AnsweredAt)
            VALUES ($participant, $session, $question, $position, $chosen, $correct, $timedOut, $elapsed, $at)
            RETURNING Id
            """);
        foreach (var item in group)
        {
            var answer = item.Answer;
            step.Parameters.Clear();
            step.Parameters.AddWithValue("$session", answer.SessionId);
            step.Parameters.AddWithValue("$participant", answer.ParticipantId);
            step.Parameters.AddWithValue("$position", answer.Position);
            step.Parameters.AddWithValue("$status", (int)(item.FinishesSession ? SessionStatus.Finished : SessionStatus.Active));
            step.Parameters.AddWithValue("$finished", item.FinishesSession ? answer.AnsweredAt : DBNull.Value);
            step.Parameters.AddWithValue("$active", (int)SessionStatus.Active);
            if (await step.ExecuteNonQueryAsync() == 0) continue;

            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$participant", answer.ParticipantId);
            insert.Parameters.AddWithValue("$session", answer.SessionId);
            insert.Parameters.AddWithValue("$question", answer.QuestionId);
            insert.Parameters.AddWithValue("$position", answer.Position);
            insert.Parameters.AddWithValue("$chosen", JsonSerializer.Serialize(answer.Chosen));
            insert.Parameters.AddWithValue("$correct", answer.IsCorrect);
            insert.Parameters.AddWithValue("$timedOut", answer.TimedOut);
            insert.Parameters.AddWithValue("$elapsed", answer.ElapsedMs);
            insert.Parameters.AddWithValue("$at", answer.AnsweredAt);
            answer.Id = (long)(await insert.ExecuteScalarAsync())!;
            item.Written = true;
        }
        return group.Count;
    }, CancellationToken.None);

    public ValueTask DisposeAsync() => pending.DisposeAsync();

    private sealed record Pending(Answer Answer, bool FinishesSession)
    {
        /// <summary>Set by the write when the step was taken and the answer stored.</summary>
        public bool Written { get; set; }
    }
}
