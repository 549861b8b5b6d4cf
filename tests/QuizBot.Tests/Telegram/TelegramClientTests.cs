using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using QuizBot.Conversation;
using QuizBot.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace QuizBot.Tests.Telegram;

public sealed class TelegramClientTests
{
    private const string Token = "7012345678:TESTq3xSecretPartOfTheToken_0123456789";
    private const string SecretPart = "TESTq3xSecretPartOfTheToken_0123456789";

    private static RedactingBotClient Client(Func<HttpRequestMessage, HttpResponseMessage> answer) =>
        new(new TelegramBotClientOptions(Token, "http://127.0.0.1:9") { RetryThreshold = 0 }, new HttpClient(new Answering(answer)));

    private static void AssertTokenFree(Exception e)
    {
        var text = e.ToString();
        Assert.DoesNotContain(SecretPart, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(SecretPart), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_network_failure_that_quotes_the_url_leaves_no_token_in_the_exception()
    {
        var client = Client(request => throw new HttpRequestException($"Connection refused for {request.RequestUri}"));

        var e = await Assert.ThrowsAnyAsync<RequestException>(() => client.GetMe());

        AssertTokenFree(e);
        Assert.Contains("Connection refused", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_description_echoing_the_token_is_redacted_and_keeps_its_code_and_hints()
    {
        var client = Client(_ => Json(HttpStatusCode.TooManyRequests,
            $$$"""{"ok":false,"error_code":429,"description":"Too Many Requests for bot{{{Token}}}: retry after 7","parameters":{"retry_after":7}}"""));

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(5, "xin chào"));

        AssertTokenFree(e);
        Assert.Equal((429, 7), (e.ErrorCode, e.Parameters?.RetryAfter));
    }

    [Fact]
    public async Task A_429_is_not_retried_by_the_library_so_the_dispatcher_decides()
    {
        var calls = 0;
        var client = Client(_ =>
        {
            calls++;
            return Json(HttpStatusCode.TooManyRequests, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}""");
        });

        await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(5, "xin chào"));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_success_in_a_shape_the_client_cannot_read_is_a_request_exception_with_status_200()
    {
        // What telegram-test-api answers for an edit: ok, but no Message.
        var client = Client(_ => Json(HttpStatusCode.OK, """{"ok":true,"result":null}"""));

        var e = await Assert.ThrowsAsync<RequestException>(() => client.EditMessageText(5, 9, "kết quả"));

        Assert.Equal(HttpStatusCode.OK, e.HttpStatusCode);
    }

    [Theory]
    [InlineData("not-a-token-at-all")]
    [InlineData("123456789:has spaces in it")]
    [InlineData("abc:AAHq3xSecretPartOfTheToken")]
    public void A_token_of_the_wrong_shape_stops_start_up_with_one_line_naming_the_key_and_not_the_value(string token)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Telegram:BotToken"] = token;

        var e = Assert.Throws<StartupException>(() => builder.AddTelegram());

        Assert.StartsWith("Telegram:BotToken:", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("vi", 95 * 60, "1 giờ, 35 phút")]
    [InlineData("vi", 45, "45 giây")]
    [InlineData("en", 95 * 60, "1 hour, 35 minutes")]
    [InlineData("en", 61, "1 minute, 1 second")]
    public void Durations_are_Humanizers_in_either_language(string language, int seconds, string expected)
    {
        Assert.Equal(expected, Texts.For(language).Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void English_counts_take_a_plural_and_Vietnamese_ones_do_not()
    {
        Assert.Contains("<b>5 questions</b>", Texts.En.PracticeStarting(5, "charter", "1 minute"), StringComparison.Ordinal);
        Assert.Contains("<b>1 question</b>", Texts.En.PracticeStarting(1, "charter", "1 minute"), StringComparison.Ordinal);
        Assert.Contains("<b>5 câu</b>", Texts.Vi.PracticeStarting(5, "charter", "1 phút"), StringComparison.Ordinal);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class Answering(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
