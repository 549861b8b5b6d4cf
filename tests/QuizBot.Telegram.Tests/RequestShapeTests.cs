using System.Text.Json.Nodes;
using QuizBot.Telegram.Types;

namespace QuizBot.Telegram.Tests;

public class RequestShapeTests
{
    private static void AssertJsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {expected}\nActual   {actual}");

    [Fact]
    public async Task SendMessage_PostsJsonToMethodUrlUnderBotToken_WithBaseUrlSlashTrimmed()
    {
        var handler = FakeHttpHandler.Answering(Recorded.SentMessage);

        await TestClient.Create(handler).SendMessage(42, "Hi");

        var request = handler.LastRequest;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"https://api.telegram.test/bot{TestClient.Token}/sendMessage", request.Uri.ToString());
        Assert.Equal("application/json", request.ContentType);
    }

    [Fact]
    public async Task SendMessage_WithParseModeAndKeyboard_SendsSnakeCaseBodyWithNestedMarkupAndNoNulls()
    {
        var handler = FakeHttpHandler.Answering(Recorded.SentMessage);
        var keyboard = new InlineKeyboardMarkup(
        [
            [InlineKeyboardButton.WithCallbackData("4", "a:1:0"), InlineKeyboardButton.WithCallbackData("5", "a:1:1")],
            [InlineKeyboardButton.WithUrl("Rules", "https://example.org/rules")],
        ]);

        await TestClient.Create(handler).SendMessage(42, "<b>Câu 1</b>", ParseMode.Html, keyboard);

        AssertJsonEqual(
            """
            {"chat_id":42,"text":"<b>Câu 1</b>","parse_mode":"HTML",
             "reply_markup":{"inline_keyboard":[
               [{"text":"4","callback_data":"a:1:0"},{"text":"5","callback_data":"a:1:1"}],
               [{"text":"Rules","url":"https://example.org/rules"}]]}}
            """,
            handler.LastRequest.Body);
    }

    [Fact]
    public async Task SendMessage_WithoutOptions_SendsOnlyChatAndText()
    {
        var handler = FakeHttpHandler.Answering(Recorded.SentMessage);

        await TestClient.Create(handler).SendMessage(-1001987654321, "Hi");

        AssertJsonEqual("""{"chat_id":-1001987654321,"text":"Hi"}""", handler.LastRequest.Body);
    }

    [Theory]
    [InlineData(ParseMode.Html, "HTML")]
    [InlineData(ParseMode.MarkdownV2, "MarkdownV2")]
    public async Task EditMessageText_SendsParseModeAsItsBotApiName(ParseMode parseMode, string wireName)
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkNull);

        await TestClient.Create(handler).EditMessageText(42, 77, "Hết giờ!", parseMode);

        Assert.EndsWith("/editMessageText", handler.LastRequest.Uri.AbsolutePath);
        AssertJsonEqual(
            $$"""{"chat_id":42,"message_id":77,"text":"Hết giờ!","parse_mode":"{{wireName}}"}""",
            handler.LastRequest.Body);
    }

    [Fact]
    public async Task EditMessageReplyMarkup_WithoutMarkup_LeavesReplyMarkupOutToRemoveTheKeyboard()
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkNull);

        await TestClient.Create(handler).EditMessageReplyMarkup(42, 77);

        Assert.EndsWith("/editMessageReplyMarkup", handler.LastRequest.Uri.AbsolutePath);
        AssertJsonEqual("""{"chat_id":42,"message_id":77}""", handler.LastRequest.Body);
    }

    [Fact]
    public async Task GetUpdates_SendsOffsetTimeoutAndAllowedUpdatesInSnakeCase()
    {
        var handler = FakeHttpHandler.Answering("""{"ok":true,"result":[]}""");

        await TestClient.Create(handler).GetUpdates(
            offset: 10, limit: 100, timeout: 1, allowedUpdates: [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery]);

        Assert.EndsWith("/getUpdates", handler.LastRequest.Uri.AbsolutePath);
        AssertJsonEqual(
            """{"offset":10,"limit":100,"timeout":1,"allowed_updates":["message","edited_message","callback_query"]}""",
            handler.LastRequest.Body);
    }

    [Fact]
    public async Task GetMe_SendsAnEmptyObject()
    {
        var handler = FakeHttpHandler.Answering(Recorded.EmulatorGetMe);

        await TestClient.Create(handler).GetMe();

        Assert.EndsWith("/getMe", handler.LastRequest.Uri.AbsolutePath);
        AssertJsonEqual("{}", handler.LastRequest.Body);
    }

    [Fact]
    public async Task AnswerCallbackQuery_SendsIdTextAndShowAlert()
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkTrue);

        await TestClient.Create(handler).AnswerCallbackQuery("4382bfdwdsb323b2d9", "Đúng rồi!", showAlert: true);

        Assert.EndsWith("/answerCallbackQuery", handler.LastRequest.Uri.AbsolutePath);
        AssertJsonEqual(
            """{"callback_query_id":"4382bfdwdsb323b2d9","text":"Đúng rồi!","show_alert":true}""",
            handler.LastRequest.Body);
    }

    [Fact]
    public async Task DeleteMessage_SendsChatAndMessageId()
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkTrue);

        await TestClient.Create(handler).DeleteMessage(42, 77);

        Assert.EndsWith("/deleteMessage", handler.LastRequest.Uri.AbsolutePath);
        AssertJsonEqual("""{"chat_id":42,"message_id":77}""", handler.LastRequest.Body);
    }

    [Fact]
    public async Task SetMyCommands_SendsCommandsScopeAndLanguage()
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkTrue);
        BotCommand[] commands =
        [
            new() { Command = "start", Description = "Bắt đầu" },
            new() { Command = "top_10", Description = "Bảng xếp hạng" },
        ];

        await TestClient.Create(handler).SetMyCommands(commands, BotCommandScope.AllPrivateChats(), "vi");

        Assert.EndsWith("/setMyCommands", handler.LastRequest.Uri.AbsolutePath);
        AssertJsonEqual(
            """
            {"commands":[{"command":"start","description":"Bắt đầu"},{"command":"top_10","description":"Bảng xếp hạng"}],
             "scope":{"type":"all_private_chats"},"language_code":"vi"}
            """,
            handler.LastRequest.Body);
    }

    [Fact]
    public async Task SetMyCommands_ForOneChat_SendsChatScopeWithChatId()
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkTrue);

        await TestClient.Create(handler).SetMyCommands(
            [new BotCommand { Command = "start", Description = "Start" }], BotCommandScope.Chat(-1001987654321));

        AssertJsonEqual(
            """{"commands":[{"command":"start","description":"Start"}],"scope":{"type":"chat","chat_id":-1001987654321}}""",
            handler.LastRequest.Body);
    }

    [Fact]
    public async Task SetWebhook_SendsEveryOptionInSnakeCase()
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkTrue);

        await TestClient.Create(handler).SetWebhook(
            "https://quiz.example.org/telegram/webhook",
            secretToken: "s3cret_Value-1",
            maxConnections: 40,
            allowedUpdates: [UpdateType.Message, UpdateType.CallbackQuery, UpdateType.MyChatMember],
            dropPendingUpdates: true);

        Assert.EndsWith("/setWebhook", handler.LastRequest.Uri.AbsolutePath);
        AssertJsonEqual(
            """
            {"url":"https://quiz.example.org/telegram/webhook","secret_token":"s3cret_Value-1","max_connections":40,
             "allowed_updates":["message","callback_query","my_chat_member"],"drop_pending_updates":true}
            """,
            handler.LastRequest.Body);
    }

    [Fact]
    public async Task DeleteWebhook_SendsDropPendingUpdates()
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkTrue);

        await TestClient.Create(handler).DeleteWebhook(dropPendingUpdates: true);

        Assert.EndsWith("/deleteWebhook", handler.LastRequest.Uri.AbsolutePath);
        AssertJsonEqual("""{"drop_pending_updates":true}""", handler.LastRequest.Body);
    }
}
