using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QuizBot.Data;
using QuizBot.QuestionBank;

namespace QuizBot.Tests.Integration;

/// <summary>
/// A database the previous release created and filled (hand-written migrations only, no snapshot) is upgraded by
/// the same step the service and <c>quizbot migrate</c> run, in place, and every row reads back as it was written.
/// </summary>
public sealed class MigrationUpgradeTests : IDisposable
{
    private readonly string databaseFile = Path.Combine(Path.GetTempPath(), $"quizbot-test-{Guid.NewGuid():N}.db");

    // The moment the dump's rows were written at (UTC; SQLite gives DateTime back unspecified, Equals ignores that).
    private static readonly DateTime At = new(2026, 11, 20, 8, 15, 30, 250);

    [Fact]
    public async Task A_database_of_the_previous_release_upgrades_in_place_with_every_row_kept()
    {
        await PreviousReleaseDatabase.CreateAsync(databaseFile);

        await MigrateAsTheServiceDoesAsync();

        await using var db = Open();
        Assert.Equal(
            ["20261122000000_Initial", "20261122010000_TelegramDelivery", "20261122020000_UpdateInbox"],
            (await db.Database.GetAppliedMigrationsAsync()).Take(3));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());

        var units = await db.Units.AsNoTracking().OrderBy(u => u.Id).ToListAsync();
        Assert.Equal(2, units.Count);
        Assert.Equal((1, "HN", "Hà Nội", UnitKind.Province, (int?)null, (string?)null, (DateOnly?)null, (DateOnly?)null, 1),
            (units[0].Id, units[0].Code, units[0].Name, units[0].Kind, units[0].ParentId, units[0].FormerDistrict, units[0].ValidFrom, units[0].ValidUntil, units[0].SortOrder));
        Assert.Equal((2, "HN-BD-01", "Chi bộ 1", UnitKind.Cell, (int?)1, "Ba Đình", (DateOnly?)new DateOnly(2025, 7, 1), (DateOnly?)new DateOnly(2030, 6, 30), 2),
            (units[1].Id, units[1].Code, units[1].Name, units[1].Kind, units[1].ParentId, units[1].FormerDistrict, units[1].ValidFrom, units[1].ValidUntil, units[1].SortOrder));

        var participant = await db.Participants.AsNoTracking().SingleAsync();
        Assert.Equal((1, Transport.Telegram, 5_000_000_001L, -1_001_234_567_890L, "Nguyễn Văn A", "en", RegistrationStep.Registered, (int?)2, false),
            (participant.Id, participant.Transport, participant.ExternalId, participant.ChatId, participant.DisplayName, participant.Language, participant.Step, participant.UnitId, participant.IsActive));
        Assert.Equal((At, (DateTime?)At.AddMinutes(2)), (participant.CreatedAt, participant.RegisteredAt));

        var question = await db.Questions.AsNoTracking().SingleAsync();
        Assert.Equal((1, "charter-01", 2, "sha256:abc", "charter", QuestionType.Multi, 3, QuestionStatus.Reviewed),
            (question.Id, question.Key, question.Version, question.ContentHash, question.Topic, question.Type, question.Difficulty, question.Status));
        Assert.Equal(((DateOnly?)new DateOnly(2026, 1, 1), (DateOnly?)null, At, "charter.yaml", (DateTime?)At.AddDays(1)),
            (question.ValidFrom, question.ValidUntil, question.CreatedAt, question.SourceFile, question.RetiredAt));
        Assert.Equal(new LocalizedText("Câu hỏi?", "Question?"), question.Content.Text);
        Assert.Equal([new("Một", "One"), new("Hai", "Two"), new("Ba", "Three")], question.Content.Options);
        Assert.Equal([0, 2], question.Content.Answer);
        Assert.Equal((new LocalizedText("Vì", "Because"), "Điều lệ", (LocalizedText?)null, (LocalizedText?)null),
            (question.Content.Explanation, question.Content.Source, question.Content.ModelAnswer, question.Content.Guidance));

        var session = await db.Attempts.AsNoTracking().SingleAsync();
        Assert.Equal(((int?)null, 1, 60, (int?)null, true), (session.RoundId, session.Number, session.SecondsPerQuestion, session.Prediction, session.IsPractice));
        Assert.Equal((1L, 1, Transport.Telegram, -1_001_234_567_890L, "charter", -12345, 1, (int?)42, AttemptStatus.Active),
            (session.Id, session.ParticipantId, session.Transport, session.ChatId, session.Topic, session.ShuffleSeed, session.CurrentIndex, session.CurrentMessageId, session.Status));
        Assert.Equal([1, 7, 3], session.QuestionIds);
        Assert.Equal([2], session.CurrentSelection);
        Assert.Equal(((DateTime?)At.AddSeconds(30), (DateTime?)At, At.AddMinutes(-1), (DateTime?)null),
            (session.CurrentDeadline, session.CurrentAskedAt, session.StartedAt, session.FinishedAt));

        var answer = await db.Answers.AsNoTracking().SingleAsync();
        Assert.Equal((1L, 1, 1L, 1, 0, true, false, 4321, At.AddSeconds(5)),
            (answer.Id, answer.ParticipantId, answer.AttemptId, answer.QuestionId, answer.Position, answer.IsCorrect, answer.TimedOut, answer.ElapsedMs, answer.AnsweredAt));
        Assert.Equal([0, 2], answer.Chosen);
        Assert.Equal(((string?)null, (double?)null, (string?)null), (answer.FreeText, answer.Score, answer.ScoredBy));

        var state = await db.TransportStates.AsNoTracking().SingleAsync();
        Assert.Equal(("telegram.offset", "123457"), (state.Key, state.Value));

        var outbox = await db.Outbox.AsNoTracking().SingleAsync();
        Assert.Equal((1L, -1_001_234_567_890L, OutboxKind.Edit, (int?)42, "Đúng rồi!", OutboxStatus.Failed, (int?)123456, 3),
            (outbox.Id, outbox.ChatId, outbox.Kind, outbox.MessageId, outbox.Text, outbox.Status, outbox.UpdateId, outbox.Attempts));
        Assert.Equal("""{"inline_keyboard":[[{"text":"Tiếp","callback_data":"n:1"}]]}""", outbox.ReplyMarkup);
        Assert.Equal((At, (DateTime?)At.AddSeconds(1), "Bad Request: message is not modified"), (outbox.CreatedAt, outbox.DoneAt, outbox.Error));

        var update = await db.ProcessedUpdates.AsNoTracking().SingleAsync();
        Assert.Equal((123456, "host-1:4242", true, At), (update.UpdateId, update.Instance, update.Done, update.ReceivedAt));
        Assert.Equal("""{"update_id":123456,"message":{"text":"/start"}}""", update.Payload);
    }

    [Fact]
    public async Task After_the_upgrade_new_rows_take_the_next_ids_and_the_unique_indexes_still_hold()
    {
        await PreviousReleaseDatabase.CreateAsync(databaseFile);
        await MigrateAsTheServiceDoesAsync();

        await using var db = Open();
        var unit = new Unit { Code = "HN-BD-02", Name = "Chi bộ 2", Kind = UnitKind.Cell, ParentId = 1 };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        Assert.Equal(3, unit.Id);

        db.Answers.Add(new Answer { ParticipantId = 1, AttemptId = 1, QuestionId = 1, Position = 0, Chosen = [1], AnsweredAt = At });
        var repeated = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Contains("UNIQUE", repeated.InnerException!.Message, StringComparison.Ordinal);
    }

    /// <summary>What <c>quizbot migrate</c> and the service's first start-up step do, on this test's file.</summary>
    private async Task MigrateAsTheServiceDoesAsync()
    {
        var builder = WebApplication.CreateBuilder([$"--ConnectionStrings:QuizBot=Data Source={databaseFile}"]);
        builder.AddQuizBotData();
        await using var app = builder.Build();
        await app.Services.MigrateDatabaseAsync();
    }

    private QuizBotDb Open() =>
        new(new DbContextOptionsBuilder<QuizBotDb>().UseSqlite($"Data Source={databaseFile}").Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(databaseFile + suffix);
    }
}
