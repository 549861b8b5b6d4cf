using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using QuizBot.EndToEnd.Support;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace QuizBot.EndToEnd;

/// <summary>
/// The emulator's own additions (files, chat members, group presses, the call log), driven as the product drives
/// Telegram: with Telegram.Bot's client pointed at emulator/server.js. No service runs here.
/// </summary>
public sealed class EmulatorMethodsTests : IAsyncLifetime
{
    private const string BotToken = "654321:EMULATOR-methods";

    private TelegramEmulator emulator = null!;
    private EmulatorClient users = null!;
    private TelegramBotClient bot = null!;

    public async Task InitializeAsync()
    {
        emulator = await TelegramEmulator.StartAsync();
        users = new EmulatorClient(emulator.BaseUrl, BotToken, () => $"--- the emulator's output:\n{emulator.Log.Tail(20)}");
        // As the product builds it: no retries of its own.
        bot = new TelegramBotClient(new TelegramBotClientOptions(BotToken, emulator.BaseUrl.ToString()) { RetryThreshold = 0 });
    }

    public Task DisposeAsync()
    {
        users.Dispose();
        emulator.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_document_upload_comes_through_byte_for_byte_with_its_Vietnamese_name_and_caption()
    {
        var user = new TelegramUser(8101, "Hoa", "Lê Thị");
        // CRLFs, a line that starts like a multipart boundary, NUL, and every byte value (invalid UTF-8 included).
        var payload = Encoding.UTF8.GetBytes("họ tên,điểm\r\nLê Thị Hoa,9\r\n\r\n--boundary\r\n")
            .Concat(new byte[] { 0, 0, 0xff, 0xfe, 0x0d, 0x0a, 0x2d, 0x2d })
            .Concat(Enumerable.Range(0, 256).Select(b => (byte)b))
            .Concat("\r\n"u8.ToArray())
            .ToArray();
        var keyboard = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Xem lại", "r:1"));

        using var stream = new MemoryStream(payload);
        var sent = await bot.SendDocument(user.ChatId, InputFile.FromStream(stream, "kết-quả.csv"),
            caption: "<b>Kết quả</b> vòng 1", parseMode: ParseMode.Html, replyMarkup: keyboard);

        Assert.Equal(user.ChatId, sent.Chat.Id);
        Assert.Equal(ChatType.Private, sent.Chat.Type);
        Assert.Equal("kết-quả.csv", sent.Document?.FileName);
        Assert.Equal("text/csv", sent.Document?.MimeType);
        Assert.Equal(payload.Length, sent.Document?.FileSize);
        Assert.Equal("Kết quả vòng 1", sent.Caption);
        Assert.Null(sent.Text);
        Assert.Equal("r:1", sent.ReplyMarkup?.InlineKeyboard.Single().Single().CallbackData);

        var file = Assert.Single(await users.GetFilesAsync(user.ChatId));
        Assert.Equal(payload, file.Bytes);
        Assert.Equal(("sendDocument", "kết-quả.csv", "<b>Kết quả</b> vòng 1"), (file.Method, file.FileName, file.Caption));
        Assert.Equal((sent.MessageId, sent.Document!.FileId), (file.MessageId, file.FileId));

        // The document is one of the bot's messages to the chat, with its caption and buttons.
        var shown = await users.WaitForMessageAsync(user.ChatId, "the document's message", m => m.MessageId == sent.MessageId);
        Assert.Equal("<b>Kết quả</b> vòng 1", shown.Text);
        Assert.Equal("r:1", shown.Button("Xem lại").CallbackData);

        // Sent again by file_id: the same file, no upload.
        var again = await bot.SendDocument(user.ChatId, InputFile.FromFileId(sent.Document.FileId));
        Assert.Equal(sent.Document.FileUniqueId, again.Document?.FileUniqueId);
        Assert.True(again.MessageId > sent.MessageId);
        Assert.Null(again.Caption);
        var files = await users.GetFilesAsync(user.ChatId);
        Assert.Equal(2, files.Count);
        Assert.Equal(payload, files[1].Bytes);

        var wrong = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendDocument(user.ChatId, InputFile.FromFileId("no-such-file")));
        Assert.Equal(400, wrong.ErrorCode);
        Assert.Contains("wrong file identifier", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_is_answered_with_its_sizes_largest_last_and_a_file_that_is_no_image_is_refused()
    {
        var user = new TelegramUser(8102, "Minh");
        var png = PngHeader(640, 480);

        using var stream = new MemoryStream(png);
        var sent = await bot.SendPhoto(user.ChatId, InputFile.FromStream(stream, "bảng-xếp-hạng.png"), caption: "Bảng xếp hạng");

        Assert.NotNull(sent.Photo);
        var largest = sent.Photo[^1];
        Assert.Equal((640, 480), (largest.Width, largest.Height));
        Assert.Equal(png.Length, largest.FileSize);
        Assert.True(sent.Photo[0].Width <= 90, $"the smallest size is {sent.Photo[0].Width} wide");
        Assert.Equal(sent.Photo.Length, sent.Photo.Select(p => p.FileUniqueId).Distinct().Count());
        Assert.Equal("Bảng xếp hạng", sent.Caption);

        var file = Assert.Single(await users.GetFilesAsync(user.ChatId));
        Assert.Equal(("sendPhoto", "image/png", "bảng-xếp-hạng.png"), (file.Method, file.MimeType, file.FileName));
        Assert.Equal(png, file.Bytes);

        using var text = new MemoryStream("không phải ảnh"u8.ToArray());
        var refused = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendPhoto(user.ChatId, InputFile.FromStream(text, "note.png")));
        Assert.Equal(400, refused.ErrorCode);
        Assert.Contains("IMAGE_PROCESS_FAILED", refused.Message, StringComparison.Ordinal);
        Assert.Single(await users.GetFilesAsync(user.ChatId));
    }

    [Fact]
    public async Task GetChatMember_answers_the_declared_status_a_member_for_who_spoke_in_the_group_and_left_for_a_stranger()
    {
        var group = new TelegramGroup(-1001234567890, "Chi bộ Khu phố 3");
        var secretary = new TelegramUser(8201, "Lan", "Trần");
        var founder = new TelegramUser(8202, "Bình");
        var speaker = new TelegramUser(8203, "Cường");
        var presser = new TelegramUser(8204, "Dung");
        var stranger = new TelegramUser(8205, "Em");
        await users.SetChatMemberAsync(new ChatMemberSetting(group.Id, secretary, MemberStatus.Administrator,
            new Dictionary<string, bool> { ["can_edit_messages"] = true }, CustomTitle: "Bí thư"));
        await users.SetChatMemberAsync(new ChatMemberSetting(group.Id, founder, MemberStatus.Creator));
        await users.SendGroupMessageAsync(speaker, group, "Chào cả chi bộ");
        await users.SendGroupCallbackAsync(presser, group, 1, "x");

        var admin = Assert.IsType<ChatMemberAdministrator>(await bot.GetChatMember(group.Id, secretary.Id));
        Assert.True(admin.CanEditMessages);
        Assert.False(admin.CanDeleteMessages);
        Assert.Equal(("Lan", "Bí thư"), (admin.User.FirstName, admin.CustomTitle));
        Assert.IsType<ChatMemberOwner>(await bot.GetChatMember(group.Id, founder.Id));
        Assert.IsType<ChatMemberMember>(await bot.GetChatMember(group.Id, speaker.Id));
        Assert.IsType<ChatMemberMember>(await bot.GetChatMember(group.Id, presser.Id));
        Assert.IsType<ChatMemberLeft>(await bot.GetChatMember(group.Id, stranger.Id));
        // The same people are strangers to another group.
        Assert.IsType<ChatMemberLeft>(await bot.GetChatMember(-4242, secretary.Id));

        var admins = await bot.GetChatAdministrators(group.Id);
        Assert.Equal([secretary.Id, founder.Id], admins.Select(a => a.User.Id).Order());

        var invalid = await Assert.ThrowsAsync<ApiRequestException>(() => bot.GetChatMember(group.Id, 0));
        Assert.Contains("invalid user_id", invalid.Message, StringComparison.Ordinal);

        // The group message reaches the bot from a supergroup with its title.
        var updates = await bot.GetUpdates(timeout: 1);
        var message = Assert.Single(updates, u => u.Message is not null).Message!;
        Assert.Equal((group.Id, ChatType.Supergroup, group.Title), (message.Chat.Id, message.Chat.Type, message.Chat.Title));
        Assert.Equal(speaker.Id, message.From?.Id);
    }

    [Fact]
    public async Task Two_hundred_members_pressing_at_once_reach_getUpdates_as_two_hundred_distinct_callback_queries()
    {
        var group = new TelegramGroup(-7001, "Cuộc thi tháng 12");
        var question = await bot.SendMessage(group.Id, "Câu 1/1: …", replyMarkup: new InlineKeyboardMarkup(
            new[] { "A", "B", "C", "D" }.Select((label, i) => InlineKeyboardButton.WithCallbackData(label, $"a:1:1:{i}"))));
        var members = Enumerable.Range(0, 200).Select(i => new TelegramUser(9000 + i, $"Đảng viên {i}")).ToList();
        var presses = members.Select((m, i) => new GroupPress(group, m, question.MessageId, $"a:1:1:{i % 4}")).ToList();

        var ids = await users.SendGroupPressesAsync(presses);

        Assert.Equal(200, ids.Distinct().Count());
        var received = new List<Update>();
        var offset = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (received.Count < 200 && DateTime.UtcNow < deadline)
        {
            var batch = await bot.GetUpdates(offset, limit: 100, timeout: 1);
            Assert.True(batch.Length <= 100, $"getUpdates answered {batch.Length} updates for limit 100");
            received.AddRange(batch);
            if (batch.Length > 0) offset = batch[^1].Id + 1;
        }

        Assert.Equal(200, received.Count);
        Assert.Equal(200, received.Select(u => u.Id).Distinct().Count());
        Assert.Equal(received.Select(u => u.Id).Order(), received.Select(u => u.Id));
        var queries = received.Select(u => u.CallbackQuery ?? throw new InvalidOperationException($"update {u.Id} is a {u.Type}")).ToList();
        Assert.Equal(ids, queries.Select(q => q.Id));
        Assert.All(queries.Select((q, i) => (q, i)), x =>
        {
            Assert.Equal(members[x.i].Id, x.q.From.Id);
            Assert.Equal(presses[x.i].Data, x.q.Data);
            Assert.Equal((group.Id, question.MessageId), (x.q.Message?.Chat.Id ?? 0, x.q.Message?.MessageId ?? 0));
        });
        // Each press's message is the bot's own, accessible: it carries the question's buttons.
        Assert.Equal(4, queries[0].Message?.ReplyMarkup?.InlineKeyboard.Single().Count());

        // Confirmed: nothing is handed out twice.
        Assert.Empty(await bot.GetUpdates(offset, timeout: 0));
    }

    [Fact]
    public async Task Allow_paid_broadcast_is_recorded_where_the_bot_passed_it_and_absent_where_it_did_not()
    {
        const long chatId = 8301;
        var paid = await bot.SendMessage(chatId, "Vòng thi bắt đầu", allowPaidBroadcast: true);
        await bot.SendMessage(chatId, "Nhắc nhở");
        using (var stream = new MemoryStream("a,b\r\n"u8.ToArray()))
        {
            await bot.SendDocument(chatId, InputFile.FromStream(stream, "bảng.csv"), allowPaidBroadcast: true);
        }
        // Telegram.Bot has no allow_paid_broadcast on editMessageText; a bot could still pass it.
        using (var http = new HttpClient())
        {
            // Absolute: relative to a base address, "bot654321:…" would read as a URI scheme.
            using var edit = await http.PostAsJsonAsync(new Uri($"{emulator.BaseUrl}bot{BotToken}/editMessageText"),
                new JsonObject { ["chat_id"] = chatId, ["message_id"] = paid.MessageId, ["text"] = "Vòng thi đã bắt đầu", ["allow_paid_broadcast"] = true });
            Assert.True(edit.IsSuccessStatusCode, await edit.Content.ReadAsStringAsync());
        }

        var sends = await users.GetBotCallsAsync("sendMessage");
        Assert.Equal(2, sends.Count);
        Assert.True(sends[0].AllowPaidBroadcast);
        Assert.Null(sends[1].AllowPaidBroadcast);
        Assert.Equal("Nhắc nhở", sends[1].Params["text"]?.GetValue<string>());
        Assert.True(Assert.Single(await users.GetBotCallsAsync("senddocument")).AllowPaidBroadcast);
        Assert.True(Assert.Single(await users.GetBotCallsAsync("editMessageText")).AllowPaidBroadcast);
        // Telegram.Bot names the upload's part and passes document=attach://<part>; the log keeps its name and size, not its bytes.
        var form = (await users.GetBotCallsAsync("sendDocument")).Single().Params;
        var part = form["document"]?.GetValue<string>() ?? "";
        Assert.StartsWith("attach://", part, StringComparison.Ordinal);
        var upload = form[part["attach://".Length..]];
        Assert.Equal(("bảng.csv", 5), (upload?["file_name"]?.GetValue<string>(), upload?["size"]?.GetValue<int>() ?? 0));
        Assert.Equal(["sendMessage", "sendMessage", "sendDocument", "editMessageText"], (await users.GetBotCallsAsync()).Select(c => c.Method));
    }

    /// <summary>The start of a PNG of the given size: signature and IHDR (the emulator reads no pixels).</summary>
    private static byte[] PngHeader(int width, int height)
    {
        var png = new byte[8 + 25 + 12];
        new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a }.CopyTo(png, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(8), 13);
        "IHDR"u8.CopyTo(png.AsSpan(12));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        png[24] = 8; // bit depth
        png[25] = 2; // truecolour
        "IEND"u8.CopyTo(png.AsSpan(37));
        return png;
    }
}
