using System.Text;
using QuizBot.Telegram.Types;

namespace QuizBot.Telegram.Tests;

public class GuardTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(4097)]
    public async Task SendMessage_TextOutside1To4096Characters_ThrowsBeforeSending(int length)
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkNull);

        await Assert.ThrowsAsync<ArgumentException>(() => TestClient.Create(handler).SendMessage(1, new string('a', length)));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task SendMessage_TextOfExactly4096Characters_IsSent()
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkNull);

        await TestClient.Create(handler).SendMessage(1, new string('ă', 4096));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task EditMessageText_TextOver4096Characters_ThrowsBeforeSending()
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkNull);

        await Assert.ThrowsAsync<ArgumentException>(
            () => TestClient.Create(handler).EditMessageText(1, 2, new string('a', 4097)));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task AnswerCallbackQuery_TextOver200Characters_ThrowsBeforeSending()
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkTrue);

        await Assert.ThrowsAsync<ArgumentException>(
            () => TestClient.Create(handler).AnswerCallbackQuery("1", new string('a', 201)));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task AnswerCallbackQuery_TextOfExactly200Characters_IsSent()
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkTrue);

        Assert.True(await TestClient.Create(handler).AnswerCallbackQuery("1", new string('a', 200)));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public void CallbackData_Over64Utf8Bytes_IsRejectedEvenUnder64Characters()
    {
        const string data = "Đáp án đúng: Thủ đô Hà Nội, thành phố nghìn năm văn hiến";
        Assert.True(data.Length <= 64);
        Assert.True(Encoding.UTF8.GetByteCount(data) > 64);

        var e = Assert.Throws<ArgumentException>(() => InlineKeyboardButton.WithCallbackData("Chọn", data));

        Assert.Equal("data", e.ParamName);
    }

    [Fact]
    public void CallbackData_Empty_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => InlineKeyboardButton.WithCallbackData("Chọn", ""));
    }

    [Fact]
    public void CallbackData_OfExactly64Bytes_IsAccepted()
    {
        var data = "Đáp án " + new string('x', 64 - Encoding.UTF8.GetByteCount("Đáp án "));

        var button = InlineKeyboardButton.WithCallbackData("Chọn", data);

        Assert.Equal(data, button.CallbackData);
        Assert.Equal(64, Encoding.UTF8.GetByteCount(button.CallbackData!));
    }

    [Theory]
    [InlineData("Start")]
    [InlineData("/start")]
    [InlineData("")]
    [InlineData("a_command_name_that_is_far_too_long")]
    public async Task SetMyCommands_InvalidCommandName_ThrowsBeforeSending(string name)
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkTrue);

        await Assert.ThrowsAsync<ArgumentException>(
            () => TestClient.Create(handler).SetMyCommands([new BotCommand { Command = name, Description = "x" }]));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task SetWebhook_InvalidSecretToken_ThrowsWithoutEchoingIt()
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkTrue);
        const string secret = "not allowed: spaces";

        var e = await Assert.ThrowsAsync<ArgumentException>(
            () => TestClient.Create(handler).SetWebhook("https://quiz.example.org/hook", secretToken: secret));

        Assert.DoesNotContain(secret, e.ToString());
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Client_WithoutToken_IsRejected(string token)
    {
        Assert.Throws<ArgumentException>(
            () => new TelegramBotClient(new TelegramBotClientOptions(token), new HttpClient()));
    }

    [Fact]
    public void Client_WithRelativeBaseUrl_IsRejected()
    {
        Assert.Throws<ArgumentException>(
            () => new TelegramBotClient(new TelegramBotClientOptions(TestClient.Token, "api.telegram.org"), new HttpClient()));
    }
}
