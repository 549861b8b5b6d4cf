namespace QuizBot.EndToEnd.Support;

/// <summary>A row of the service's Answers table.</summary>
internal sealed record AnswerRow(long AttemptId, int Position, bool IsCorrect);

/// <summary>Reads what the service recorded, straight from its database (also after a kill -9).</summary>
internal static class AnswerRows
{
    public static Task<IReadOnlyList<AnswerRow>> ReadAsync(TestDatabase database) =>
        database.QueryAsync("""SELECT "AttemptId", "Position", "IsCorrect" FROM "Answers" ORDER BY "AttemptId", "Position", "Id" """,
            r => new AnswerRow(r.GetInt64(0), r.GetInt32(1), r.GetBoolean(2)));
}
