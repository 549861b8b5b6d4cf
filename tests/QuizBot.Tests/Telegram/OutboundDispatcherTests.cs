using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using QuizBot.Data;
using QuizBot.Telegram;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Telegram;

public sealed class OutboundDispatcherTests : IAsyncLifetime
{
    private readonly string databaseFile = Path.Combine(Path.GetTempPath(), $"quizbot-outbox-{Guid.NewGuid():N}.db");
    private readonly ObservedClock clock = new();
    private readonly ScriptedBotClient bot = new();
    private ServiceProvider services = null!;
    private OutboundDispatcher dispatcher = null!;

    public async Task InitializeAsync()
    {
        services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<QuizBotDb>(o => o.UseSqlite($"Data Source={databaseFile}"))
            .BuildServiceProvider();
        await services.MigrateDatabaseAsync();
        dispatcher = NewDispatcher();
    }

    private OutboundDispatcher NewDispatcher(TelegramOptions? limits = null)
    {
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var gate = new WriteGate();
        limits ??= new TelegramOptions { MessagesPerSecond = 1000, ChatBurst = 1000, MessagesPerSecondPerChat = 1000 };
        return new(
            bot,
            TelegramLimits.Create(limits),
            new OutboxWriter(scopes, gate, Instances(scopes), NullLogger<OutboxWriter>.Instance),
            new TelegramChatEvents(scopes, gate, NullLogger<TelegramChatEvents>.Instance),
            clock,
            Microsoft.Extensions.Options.Options.Create(limits),
            NullLogger<OutboundDispatcher>.Instance);
    }

    /// <summary>This process alone on SQLite, as the service has it.</summary>
    private ServiceInstances Instances(IServiceScopeFactory scopes) =>
        new(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={databaseFile}"), scopes, clock, NullLogger<ServiceInstances>.Instance);

    public async Task DisposeAsync()
    {
        await dispatcher.DisposeAsync();
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(databaseFile);
    }

    private T Db<T>(Func<QuizBotDb, T> query)
    {
        using var scope = services.CreateScope();
        return query(scope.ServiceProvider.GetRequiredService<QuizBotDb>());
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), what);
    }

    private int SendCalls => bot.Calls.Count(c => c is SendMessageRequest);

    [Fact]
    public async Task A_429_waits_exactly_retry_after_then_sends_again()
    {
        bot.Script = (request, n) => request is SendMessageRequest && n == 1 ? ScriptedBotClient.TooManyRequests(35) : null;

        var sending = dispatcher.SendAsync(7, "xin chào", null, CancellationToken.None);
        await EventuallyAsync(() => clock.TimersStarted == 1, "the dispatcher did not start waiting");
        clock.Advance(TimeSpan.FromSeconds(34));
        await Task.Delay(50);
        Assert.Equal(1, SendCalls);

        clock.Advance(TimeSpan.FromSeconds(1));
        var message = await sending.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(message);
        Assert.Equal(2, SendCalls);
        await EventuallyAsync(() => Db(db => db.Outbox.Single().Status) == OutboxStatus.Sent, "the delivery was not recorded");
        Assert.Equal(2, Db(db => db.Outbox.Single().Attempts));
    }

    [Fact]
    public async Task Server_errors_are_retried_with_back_off_until_they_pass()
    {
        bot.Script = (request, n) => request is SendMessageRequest && n <= 3 ? ScriptedBotClient.ServerDown() : null;

        var sending = dispatcher.SendAsync(7, "xin chào", null, CancellationToken.None);
        for (var failures = 1; failures <= 3; failures++)
        {
            await EventuallyAsync(() => clock.TimersStarted == failures, $"no back-off after failure {failures}");
            clock.Advance(TimeSpan.FromSeconds(61));
        }

        Assert.NotNull(await sending.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(4, SendCalls);
        Assert.Single(bot.Delivered);
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_is_marked_inactive_and_not_retried()
    {
        Db(db =>
        {
            db.Participants.Add(new Participant { Transport = Transport.Telegram, ExternalId = 9, ChatId = 9, DisplayName = "An" });
            return db.SaveChanges();
        });
        bot.Script = (request, _) => request is SendMessageRequest ? ScriptedBotClient.Refused(403, "Forbidden: bot was blocked by the user") : null;

        var message = await dispatcher.SendAsync(9, "nhắc nhở", null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Null(message);
        Assert.Equal(1, SendCalls);
        Assert.False(Db(db => db.Participants.Single().IsActive));
        await EventuallyAsync(() => Db(db => db.Outbox.Single().Status) == OutboxStatus.Failed, "the refusal was not recorded");
    }

    [Fact]
    public async Task A_bad_request_is_not_retried()
    {
        bot.Script = (request, _) => request is SendMessageRequest ? ScriptedBotClient.Refused(400, "Bad Request: can't parse entities") : null;

        await dispatcher.SendAsync(7, "<b>", null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        await EventuallyAsync(() => Db(db => db.Outbox.Single().Error) is not null, "the refusal was not recorded");

        Assert.Equal(1, SendCalls);
        Assert.Equal("400 Bad Request: can't parse entities", Db(db => db.Outbox.Single().Error));
    }

    [Fact]
    public async Task A_group_that_became_a_supergroup_gets_the_message_at_its_new_id()
    {
        const long oldId = -100, newId = -1001234567890123;
        Db(db =>
        {
            db.Participants.Add(new Participant { Transport = Transport.Telegram, ExternalId = 5, ChatId = oldId, DisplayName = "Nhóm" });
            return db.SaveChanges();
        });
        bot.Script = (request, _) => request is SendMessageRequest { ChatId.Identifier: oldId } ? ScriptedBotClient.Refused(400, "Bad Request: group chat was upgraded to a supergroup chat", newId) : null;

        await dispatcher.SendAsync(oldId, "bảng điểm", null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(newId, Assert.Single(bot.Delivered).ChatId!.Identifier);
        Assert.Equal(newId, Db(db => db.Participants.Single().ChatId));
    }

    [Fact]
    public async Task Messages_to_one_chat_arrive_in_the_order_they_were_queued()
    {
        var sends = Enumerable.Range(1, 6).Select(i => dispatcher.SendAsync(i % 2 == 0 ? 1 : 2, $"m{i}", null, CancellationToken.None)).ToList();
        await dispatcher.EditAsync(1, 101, "m7 (edit)", null, CancellationToken.None);
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(5));
        await EventuallyAsync(() => bot.Calls.OfType<EditMessageTextRequest>().Any(), "the edit was not sent");

        var chat1 = bot.Calls.Select(c => c switch
        {
            SendMessageRequest { ChatId.Identifier: 1 } s => s.Text,
            EditMessageTextRequest { ChatId.Identifier: 1 } e => e.Text,
            _ => null,
        }).OfType<string>();
        Assert.Equal(["m2", "m4", "m6", "m7 (edit)"], chat1);
        Assert.Equal(["m1", "m3", "m5"], bot.Delivered.Where(d => d.ChatId!.Identifier == 2).Select(d => d.Text));
    }

    /// <summary>
    /// A press's result and the next question: a stop between storing the two (here the second row's insert fails,
    /// as a kill there would leave it) must leave neither, so that the press is handled again rather than counted
    /// as answered with the next question missing.
    /// </summary>
    [Fact]
    public async Task An_edit_and_the_message_after_it_are_stored_together_or_not_at_all()
    {
        Db(db => db.Database.ExecuteSqlRaw("""
            CREATE TRIGGER "stop_before_the_next" BEFORE INSERT ON "Outbox" WHEN NEW."Text" = 'Câu 2'
            BEGIN SELECT RAISE(ABORT, 'stopped before the next question was stored'); END
            """));
        var (failed, _) = dispatcher.EditThenSend(1, 101, "Kết quả câu 1", null, "Câu 2", null, CancellationToken.None);
        await Assert.ThrowsAsync<SqliteException>(() => failed);
        Assert.Equal(0, Db(db => db.Outbox.Count()));

        Db(db => db.Database.ExecuteSqlRaw("""DROP TRIGGER "stop_before_the_next" """));
        var (stored, sent) = dispatcher.EditThenSend(1, 101, "Kết quả câu 1", null, "Câu 2", null, CancellationToken.None);
        await stored;
        Assert.Equal([(OutboxKind.Edit, "Kết quả câu 1"), (OutboxKind.Send, "Câu 2")], Db(db => db.Outbox.OrderBy(o => o.Id).Select(o => new { o.Kind, o.Text }).ToList()).Select(o => (o.Kind, o.Text)));
        Assert.NotNull(await sent.WaitAsync(TimeSpan.FromSeconds(5)));
        var calls = bot.Calls.Select(c => c switch
        {
            SendMessageRequest s => s.Text,
            EditMessageTextRequest e => e.Text,
            _ => null,
        }).OfType<string>();
        Assert.Equal(["Kết quả câu 1", "Câu 2"], calls);
    }

    [Fact]
    public async Task A_success_the_client_cannot_read_is_given_up_after_a_few_tries_and_the_chat_goes_on()
    {
        bot.Script = (request, _) => request is EditMessageTextRequest { MessageId: 5 } ? ScriptedBotClient.Unreadable() : null;

        await dispatcher.EditAsync(3, 5, "kết quả", null, CancellationToken.None);
        var next = dispatcher.SendAsync(3, "câu tiếp theo", null, CancellationToken.None);
        for (var tries = 1; tries < OutboundDispatcher.MaxUnreadableAnswers; tries++)
        {
            await EventuallyAsync(() => clock.TimersStarted == tries, $"no pause after unreadable answer {tries}");
            clock.Advance(TimeSpan.FromSeconds(6));
        }

        Assert.NotNull(await next.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(OutboundDispatcher.MaxUnreadableAnswers, bot.Calls.OfType<EditMessageTextRequest>().Count());
        Assert.Equal("câu tiếp theo", Assert.Single(bot.Delivered).Text);
        await EventuallyAsync(() => Db(db => db.Outbox.Count(o => o.Status == OutboxStatus.Failed)) == 1, "the given-up edit was not recorded");
        Assert.StartsWith("unreadable answer", Db(db => db.Outbox.Single(o => o.Status == OutboxStatus.Failed).Error));
    }

    [Fact]
    public async Task A_stale_edit_is_shown_as_a_new_message_and_an_unchanged_one_is_fine()
    {
        bot.Script = (request, _) => request switch
        {
            EditMessageTextRequest { MessageId: 1 } => ScriptedBotClient.Refused(400, "Bad Request: message to edit not found"),
            EditMessageTextRequest { MessageId: 2 } => ScriptedBotClient.Refused(400, "Bad Request: message is not modified"),
            _ => null,
        };

        await dispatcher.EditAsync(3, 1, "kết quả", null, CancellationToken.None);
        await dispatcher.EditAsync(3, 2, "như cũ", null, CancellationToken.None);
        await EventuallyAsync(() => Db(db => db.Outbox.All(o => o.Status == OutboxStatus.Sent)), "the edits were not settled");

        Assert.Equal("kết quả", Assert.Single(bot.Delivered).Text);
    }

    [Fact]
    public async Task A_document_is_kept_in_the_outbox_and_sent_with_its_name_and_bytes()
    {
        byte[] content = [0xEF, 0xBB, 0xBF, (byte)'H', 0, 13, 10, 255];
        var read = new TaskCompletionSource<(string? Name, byte[] Bytes, string? Caption)>();
        bot.Script = (request, _) =>
        {
            if (request is SendDocumentRequest { Document: InputFileStream file } document)
            {
                using var copy = new MemoryStream();
                file.Content.CopyTo(copy);
                read.TrySetResult((file.FileName, copy.ToArray(), document.Caption));
            }
            return null;
        };

        await dispatcher.DocumentAsync(5, "kết-quả-XA01.xlsx", content, "Kết quả <b>XA01</b>", CancellationToken.None);
        var sent = await read.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await EventuallyAsync(() => Db(db => db.Outbox.Single().Status == OutboxStatus.Sent), "the document was not marked sent");

        Assert.Equal(("kết-quả-XA01.xlsx", "Kết quả <b>XA01</b>"), (sent.Name, sent.Caption));
        Assert.Equal(content, sent.Bytes);
        var row = Db(db => db.Outbox.Single());
        Assert.Equal((OutboxKind.Document, "kết-quả-XA01.xlsx"), (row.Kind, row.AttachmentName));
        Assert.Equal(content, row.Attachment);
    }

    [Fact]
    public async Task A_photo_is_kept_in_the_outbox_and_sent_as_a_photo_with_its_bytes_and_caption()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 13];
        var read = new TaskCompletionSource<(byte[] Bytes, string? Caption)>();
        bot.Script = (request, _) =>
        {
            if (request is SendPhotoRequest { Photo: InputFileStream file } photo)
            {
                using var copy = new MemoryStream();
                file.Content.CopyTo(copy);
                read.TrySetResult((copy.ToArray(), photo.Caption));
            }
            return null;
        };

        await dispatcher.PhotoAsync(6, png, "Tỷ lệ tham gia <b>tuần</b>", CancellationToken.None);
        var sent = await read.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await EventuallyAsync(() => Db(db => db.Outbox.Single().Status == OutboxStatus.Sent), "the photo was not marked sent");

        Assert.Equal(png, sent.Bytes);
        Assert.Equal("Tỷ lệ tham gia <b>tuần</b>", sent.Caption);
        Assert.DoesNotContain(bot.Calls, c => c is SendDocumentRequest or SendMessageRequest);
        var row = Db(db => db.Outbox.Single());
        Assert.Equal(OutboxKind.Photo, row.Kind);
        Assert.Equal(png, row.Attachment);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Allow_paid_broadcast_is_passed_only_where_the_board_turned_it_on(bool allowed)
    {
        await using var paying = NewDispatcher(new TelegramOptions
        {
            MessagesPerSecond = 1000, ChatBurst = 1000, MessagesPerSecondPerChat = 1000, AllowPaidBroadcast = allowed,
        });
        await paying.SendAsync(6, "mời dự thi", null, CancellationToken.None);

        Assert.Equal(allowed, bot.Calls.OfType<SendMessageRequest>().Single().AllowPaidBroadcast);
    }

    [Fact]
    public async Task A_message_not_kept_writes_no_outbox_row_yet_keeps_its_place_in_the_chat_and_waits_out_a_429()
    {
        bot.Script = (request, n) => request is SendMessageRequest { Text: "bảng" } && n == 2 ? ScriptedBotClient.TooManyRequests(2) : null;

        var kept = dispatcher.Send(3, "trước", null, CancellationToken.None);
        var board = dispatcher.Send(3, "bảng", null, CancellationToken.None, kept: false);
        var after = dispatcher.Send(3, "sau", null, CancellationToken.None);
        await board.Stored.WaitAsync(TimeSpan.FromSeconds(5));
        await EventuallyAsync(() => clock.TimersStarted == 1, "the 429 was not waited out");
        Assert.False(board.Sent.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(kept.Sent, board.Sent, after.Sent).WaitAsync(TimeSpan.FromSeconds(5));
        await EventuallyAsync(() => Db(db => db.Outbox.Count(o => o.Status == OutboxStatus.Sent)) == 2, "the kept messages were not marked");

        Assert.Equal(["trước", "bảng", "sau"], bot.Delivered.Where(d => d.ChatId!.Identifier == 3).Select(d => d.Text));
        Assert.Equal(["trước", "sau"], Db(db => db.Outbox.OrderBy(o => o.Id).Select(o => o.Text).ToList()));
    }

    [Fact]
    public async Task What_was_queued_before_a_crash_is_sent_after_the_restart_once()
    {
        Db(db =>
        {
            db.Outbox.Add(new OutboxMessage { ChatId = 4, Kind = OutboxKind.Send, Text = "đã gửi", Status = OutboxStatus.Sent });
            db.Outbox.Add(new OutboxMessage { ChatId = 4, Kind = OutboxKind.Send, Text = "chờ 1" });
            db.Outbox.Add(new OutboxMessage { ChatId = 4, Kind = OutboxKind.Send, Text = "chờ 2" });
            return db.SaveChanges();
        });

        await dispatcher.ResumeAsync(CancellationToken.None);
        await EventuallyAsync(() => bot.Delivered.Count == 2, "the queued messages were not sent");
        await EventuallyAsync(() => Db(db => db.Outbox.All(o => o.Status == OutboxStatus.Sent)), "the outbox was not marked");
        await using var afterSecondRestart = NewDispatcher();
        await afterSecondRestart.ResumeAsync(CancellationToken.None);
        await Task.Delay(100);

        Assert.Equal(["chờ 1", "chờ 2"], bot.Delivered.Select(d => d.Text));
    }

    [Fact]
    public void A_private_chat_gets_a_short_burst_and_a_group_twenty_a_minute()
    {
        var limits = new TelegramOptions { MessagesPerSecond = 100_000 };
        using var limiter = TelegramLimits.Create(limits);

        int Granted(long chatId, int tries) => Enumerable.Range(0, tries).Count(_ => limiter.AttemptAcquire(chatId).IsAcquired);

        Assert.Equal(limits.ChatBurst, Granted(chatId: 1, tries: 10));
        Assert.Equal(limits.MessagesPerMinutePerGroup, Granted(chatId: -5, tries: 40));
        Assert.Equal(1, Granted(chatId: 2, tries: 1));
    }

    [Fact]
    public void All_chats_together_get_one_message_at_a_time_at_30_per_second()
    {
        var limits = new TelegramOptions();
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var limiter = TelegramLimits.Create(limits);

        var granted = Enumerable.Range(100, 40).Count(chat => limiter.AttemptAcquire(chat).IsAcquired);

        // The overall bucket holds one message and refills one every 34 ms; on a slow machine refills may fall inside this test.
        Assert.InRange(granted, 1, 1 + (int)(started.ElapsedMilliseconds / 34));
    }
}
