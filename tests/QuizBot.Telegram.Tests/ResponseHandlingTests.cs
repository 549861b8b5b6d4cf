using System.Net;
using QuizBot.Telegram.Types;

namespace QuizBot.Telegram.Tests;

public class ResponseHandlingTests
{
    [Fact]
    public async Task SendMessage_OkResult_ReturnsTheSentMessage()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(Recorded.SentMessage));

        var message = await client.SendMessage(42, "Câu 1: 2 + 2 = ?");

        Assert.NotNull(message);
        Assert.Equal(77, message.MessageId);
        Assert.Equal(42, message.Chat.Id);
        Assert.Equal(ChatType.Private, message.Chat.Type);
        Assert.Equal("an_nguyen", message.Chat.Username);
        Assert.True(message.From!.IsBot);
        Assert.Equal(7340012345, message.From.Id);
        Assert.Equal("Câu 1: 2 + 2 = ?", message.Text);
        Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc), message.Date);
        Assert.Equal(["a:1:0", "a:1:1"], message.ReplyMarkup!.InlineKeyboard.Single().Select(b => b.CallbackData));
    }

    [Fact]
    public async Task GetMe_ReturnsTheBotUser_EvenWithoutIsBot()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(Recorded.EmulatorGetMe));

        var me = await client.GetMe();

        Assert.Equal(666, me.Id);
        Assert.Equal("Test Name", me.Username);
        Assert.Equal("Test First name", me.FirstName);
    }

    [Fact]
    public async Task MessageMethods_OkWithNullResult_ReturnNull()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(Recorded.OkNull));

        Assert.Null(await client.SendMessage(1, "hi"));
        Assert.Null(await client.EditMessageText(1, 2, "hi"));
        Assert.Null(await client.EditMessageReplyMarkup(1, 2));
    }

    [Fact]
    public async Task BoolMethods_OkWithNullResult_ReturnTrue()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(Recorded.OkNull));

        Assert.True(await client.AnswerCallbackQuery("1"));
        Assert.True(await client.DeleteMessage(1, 2));
        Assert.True(await client.SetMyCommands([new BotCommand { Command = "start", Description = "Start" }]));
        Assert.True(await client.SetWebhook("https://quiz.example.org/hook"));
        Assert.True(await client.DeleteWebhook());
    }

    [Fact]
    public async Task BoolMethod_OkWithFalseResult_ReturnsFalse()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(Recorded.OkFalse));

        Assert.False(await client.DeleteMessage(1, 2));
    }

    [Fact]
    public async Task GetUpdates_OkWithNullResult_ReturnsNoUpdates()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(Recorded.OkNull));

        Assert.Empty(await client.GetUpdates());
    }

    [Fact]
    public async Task OkBody_WinsOverAnErrorHttpStatus()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(Recorded.OkTrue, HttpStatusCode.InternalServerError));

        Assert.True(await client.DeleteMessage(1, 2));
    }

    [Fact]
    public async Task BadRequest_ThrowsApiRequestExceptionWithCodeAndDescription()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(Recorded.BadRequest, HttpStatusCode.BadRequest));

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(1, "x"));

        Assert.Equal(400, e.ErrorCode);
        Assert.Equal("Bad Request: message text is empty", e.Message);
        Assert.Equal(HttpStatusCode.BadRequest, e.HttpStatusCode);
        Assert.Null(e.Parameters);
    }

    [Fact]
    public async Task BlockedByUser_ThrowsApiRequestExceptionWith403()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(Recorded.Blocked, HttpStatusCode.Forbidden));

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(1, "x"));

        Assert.Equal(403, e.ErrorCode);
        Assert.Equal("Forbidden: bot was blocked by the user", e.Message);
    }

    [Fact]
    public async Task TooManyRequests_ExposesRetryAfter()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(Recorded.TooManyRequests, HttpStatusCode.TooManyRequests));

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(1, "x"));

        Assert.Equal(429, e.ErrorCode);
        Assert.Equal(35, e.Parameters?.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, e.HttpStatusCode);
    }

    [Fact]
    public async Task GroupUpgradedToSupergroup_ExposesMigrateToChatIdBeyond32Bits()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(Recorded.MigratedToSupergroup, HttpStatusCode.BadRequest));

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(-4242, "x"));

        Assert.Equal(-1001987654321, e.Parameters?.MigrateToChatId);
        Assert.True(Math.Abs(e.Parameters!.MigrateToChatId!.Value) > uint.MaxValue);
    }

    [Fact]
    public async Task OkFalseWithHttp200_AsTheEmulatorSends_StillThrowsApiRequestException()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(Recorded.Blocked, HttpStatusCode.OK));

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(1, "x"));

        Assert.Equal(403, e.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, e.HttpStatusCode);
    }

    [Fact]
    public async Task OkFalseWithoutErrorCode_FallsBackToTheHttpStatus()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering("""{"ok":false}""", HttpStatusCode.Unauthorized));

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => client.GetMe());

        Assert.Equal(401, e.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, Recorded.BadGatewayHtml, "text/html", "502 Bad Gateway")]
    [InlineData(HttpStatusCode.InternalServerError, Recorded.EmulatorUnsupportedMethod, "application/json", "is not supported")]
    [InlineData(HttpStatusCode.OK, """{"ok":true,"result":{"message_id":""", "application/json", "message_id")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "Service Unavailable", "text/plain", "Service Unavailable")]
    [InlineData(HttpStatusCode.OK, "", "application/json", "(empty)")]
    [InlineData(HttpStatusCode.OK, "null", "application/json", "null")]
    [InlineData(HttpStatusCode.OK, "[1,2]", "application/json", "[1,2]")]
    [InlineData(HttpStatusCode.OK, """{"ok":"yes","result":true}""", "application/json", "yes")]
    public async Task BodyThatIsNotABotApiAnswer_ThrowsRequestExceptionWithStatusAndExcerpt(
        HttpStatusCode status, string body, string mediaType, string expectedInMessage)
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(body, status, mediaType));

        var e = await Assert.ThrowsAsync<RequestException>(() => client.SetMyCommands([new BotCommand { Command = "start", Description = "Start" }]));

        Assert.Equal(status, e.HttpStatusCode);
        Assert.Contains(expectedInMessage, e.Message);
        Assert.Contains($"HTTP {(int)status}", e.Message);
        Assert.True(e.Message.Length < 400, "The description should stay short.");
    }

    [Fact]
    public async Task ResultOfTheWrongShape_ThrowsRequestExceptionNotJsonException()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering("""{"ok":true,"result":"sent"}"""));

        var e = await Assert.ThrowsAsync<RequestException>(() => client.SendMessage(1, "x"));

        Assert.Equal(HttpStatusCode.OK, e.HttpStatusCode);
        Assert.Null(e.InnerException);
    }
}
