using System.Text.Json;
using System.Data.Common;
using QuizBot.Data;
using QuizBot.Learning;

namespace QuizBot.Practice;

/// <summary>
/// Records answers with group commit: an answer and its session's step forward are written together, and the
/// answers that arrive while a write is under way share the next transaction. The step is taken only where the
/// session still stands at the answered question, so a repeated press or a race with the timer records nothing.
/// The same transaction reschedules the question for the participant (FSRS), so a recorded answer is never without
/// its review.
/// </summary>
public sealed class AnswerLog : IAsyncDisposable
{
    private readonly IServiceScopeFactory scopes;
    private readonly WriteGate gate;
    private readonly GroupCommit<Pending> pending;
    private readonly Fsrs scheduler;
    private readonly IAnswerFollower[] followers;

    public AnswerLog(IServiceScopeFactory scopes, WriteGate gate, Fsrs scheduler, IEnumerable<IAnswerFollower> followers, ILogger<AnswerLog> log)
    {
        this.scopes = scopes;
        this.gate = gate;
        this.scheduler = scheduler;
        this.followers = followers.ToArray();
        pending = new GroupCommit<Pending>(WriteAsync, maxGroup: 500, log);
    }

    /// <returns>false when the session had already moved past this question (nothing was written).</returns>
    /// <param name="questionKey">The question's stable id, under which its review schedule is kept.</param>
    public async Task<bool> RecordAsync(Answer answer, string questionKey, Rating? rating, AttemptStatus after, CancellationToken ct)
    {
        var item = new Pending(answer, questionKey, rating, after);
        // A group that fails writes nothing and throws here: the handler apologises, and the press can be repeated.
        await pending.AddAsync(item, ct);
        return item.Written;
    }

    private Task WriteAsync(IReadOnlyList<Pending> group) => gate.TransactionAsync(scopes, async sql =>
    {
        var step = sql("""
            UPDATE "Attempts" SET "CurrentIndex" = @position + 1, "CurrentSelection" = @none, "CurrentMessageId" = NULL,
                "CurrentAskedAt" = NULL, "CurrentDeadline" = NULL, "Status" = @status, "FinishedAt" = @finished
            WHERE "Id" = @session AND "ParticipantId" = @participant AND "CurrentIndex" = @position AND "Status" = @active
            """);
        var insert = sql("""
            INSERT INTO "Answers" ("ParticipantId", "AttemptId", "QuestionId", "Position", "Chosen", "IsCorrect", "TimedOut", "ElapsedMs", "AnsweredAt", "Score", "ScoredBy", "FreeText", "PressId")
            VALUES (@participant, @session, @question, @position, @chosen, @correct, @timedOut, @elapsed, @at, @score, @scoredBy, @freeText, @press)
            RETURNING "Id"
            """);
        var card = sql("""
            SELECT "Stage", "Stability", "Difficulty", "Due", "LastReview", "Reps", "Lapses" FROM "ReviewCards" WHERE "ParticipantId" = @participant AND "QuestionKey" = @key
            """);
        var schedule = sql("""
            INSERT INTO "ReviewCards" ("ParticipantId", "QuestionKey", "Stage", "Stability", "Difficulty", "Due", "LastReview", "Reps", "Lapses")
            VALUES (@participant, @key, @stage, @stability, @difficulty, @due, @last, @reps, @lapses)
            ON CONFLICT ("ParticipantId", "QuestionKey") DO UPDATE SET "Stage" = excluded."Stage", "Stability" = excluded."Stability",
                "Difficulty" = excluded."Difficulty", "Due" = excluded."Due", "LastReview" = excluded."LastReview", "Reps" = excluded."Reps", "Lapses" = excluded."Lapses"
            """);
        var written = new List<RecordedAnswer>(group.Count);
        // In attempt order (a session's answers keep theirs): on PostgreSQL, where groups and the question clock write
        // at once, they then lock the attempts' rows in the same order and cannot deadlock.
        foreach (var item in group.OrderBy(i => i.Answer.AttemptId))
        {
            var answer = item.Answer;
            step.Parameters.Clear();
            step.Bind("@session", answer.AttemptId);
            step.Bind("@participant", answer.ParticipantId);
            step.Bind("@position", answer.Position);
            step.Bind("@none", step.Ints([]));
            step.Bind("@status", (int)item.After);
            step.Bind("@finished", item.After != AttemptStatus.Active ? answer.AnsweredAt : null);
            step.Bind("@active", (int)AttemptStatus.Active);
            if (await step.ExecuteNonQueryAsync() == 0) continue;

            insert.Parameters.Clear();
            insert.Bind("@participant", answer.ParticipantId);
            insert.Bind("@session", answer.AttemptId);
            insert.Bind("@question", answer.QuestionId);
            insert.Bind("@position", answer.Position);
            insert.Bind("@chosen", insert.Ints(answer.Chosen));
            insert.Bind("@correct", answer.IsCorrect);
            insert.Bind("@timedOut", answer.TimedOut);
            insert.Bind("@elapsed", answer.ElapsedMs);
            insert.Bind("@at", answer.AnsweredAt);
            insert.Bind("@score", answer.Score);
            insert.Bind("@scoredBy", answer.ScoredBy);
            insert.Bind("@freeText", answer.FreeText);
            insert.Bind("@press", answer.PressId);
            answer.Id = (long)(await insert.ExecuteScalarAsync())!;
            // A contest answer is not practice: it leaves the person's review schedule alone.
            if (item.Rating is not null) await ScheduleAsync(card, schedule, item);
            item.Written = true;
            // Practice is what passes a rating (a contest answer leaves the review schedule alone).
            written.Add(new RecordedAnswer(answer, IsPractice: item.Rating is not null));
        }
        // What follows the answers (the leaderboards' totals) is kept in the same transaction: never ahead, never behind.
        foreach (var follower in followers)
        {
            if (written.Count > 0) await follower.AnswersWrittenAsync(sql, written);
        }
        return group.Count;
    }, CancellationToken.None);

    private async Task ScheduleAsync(DbCommand read, DbCommand write, Pending item)
    {
        var answer = item.Answer;
        read.Parameters.Clear();
        read.Bind("@participant", answer.ParticipantId);
        read.Bind("@key", item.QuestionKey);
        CardState? before = null;
        await using (var row = await read.ExecuteReaderAsync())
        {
            if (await row.ReadAsync())
            {
                before = new CardState((CardStage)row.GetInt32(0), row.GetDouble(1), row.GetDouble(2), ReviewCards.Utc(row.GetDateTime(3)),
                    row.IsDBNull(4) ? null : ReviewCards.Utc(row.GetDateTime(4)), row.GetInt32(5), row.GetInt32(6));
            }
        }
        var after = scheduler.Review(before, item.Rating!.Value, ReviewCards.Utc(answer.AnsweredAt));
        write.Parameters.Clear();
        write.Bind("@participant", answer.ParticipantId);
        write.Bind("@key", item.QuestionKey);
        write.Bind("@stage", (int)after.Stage);
        write.Bind("@stability", after.Stability);
        write.Bind("@difficulty", after.Difficulty);
        write.Bind("@due", after.Due.UtcDateTime);
        write.Bind("@last", after.LastReview?.UtcDateTime);
        write.Bind("@reps", after.Reps);
        write.Bind("@lapses", after.Lapses);
        await write.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => pending.DisposeAsync();

    private sealed record Pending(Answer Answer, string QuestionKey, Rating? Rating, AttemptStatus After)
    {
        /// <summary>Set by the write when the step was taken and the answer stored.</summary>
        public bool Written { get; set; }
    }
}

/// <summary>An answer the log has just stored, as its followers see it.</summary>
public sealed record RecordedAnswer(Answer Answer, bool IsPractice);

/// <summary>
/// Something kept in step with the recorded answers, written inside the answer log's group transaction (a feature
/// registers it; the log names no feature's table). It gets the group's stored answers at once, so it can merge them.
/// </summary>
public interface IAnswerFollower
{
    /// <param name="sql">Commands in the answer log's transaction.</param>
    Task AnswersWrittenAsync(Func<string, DbCommand> sql, IReadOnlyList<RecordedAnswer> written);
}
