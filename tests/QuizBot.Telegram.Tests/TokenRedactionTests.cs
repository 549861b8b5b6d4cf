using System.Net;
using QuizBot.Telegram.Requests;

namespace QuizBot.Telegram.Tests;

public class TokenRedactionTests
{
    private static FakeHttpHandler FailingServer(string failure) => failure switch
    {
        "api error" => FakeHttpHandler.Answering(Recorded.TooManyRequests, HttpStatusCode.TooManyRequests),
        "html error page" => FakeHttpHandler.Answering(Recorded.BadGatewayHtml, HttpStatusCode.BadGateway, "text/html"),
        "emulator error" => FakeHttpHandler.Answering(Recorded.EmulatorUnsupportedMethod, HttpStatusCode.InternalServerError),
        "malformed json" => FakeHttpHandler.Answering("""{"ok":true,"result":"""),
        "wrong result shape" => FakeHttpHandler.Answering("""{"ok":true,"result":[1]}"""),

        // Express and many proxies quote the request path back.
        "error page quoting the path" => new FakeHttpHandler((request, _) => Task.FromResult(
            new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = new StringContent($"<pre>Cannot POST {request.RequestUri!.AbsolutePath}</pre>"),
            })),
        "api description quoting the token" => FakeHttpHandler.Answering(
            $$"""{"ok":false,"error_code":401,"description":"Unauthorized: {{TestClient.Token}}"}"""),

        // A handler further down the pipeline (logging, retries) may put the URL into its exception.
        "network error quoting the url" => FakeHttpHandler.Throwing(
            request => new HttpRequestException($"Connection reset while sending to {request.RequestUri}")),
        "timeout" => FakeHttpHandler.AnsweringAfter(TimeSpan.FromMinutes(5), Recorded.OkTrue),
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
    };

    [Theory]
    [InlineData("api error")]
    [InlineData("html error page")]
    [InlineData("emulator error")]
    [InlineData("malformed json")]
    [InlineData("wrong result shape")]
    [InlineData("error page quoting the path")]
    [InlineData("api description quoting the token")]
    [InlineData("network error quoting the url")]
    [InlineData("timeout")]
    public async Task Exceptions_NeverContainTheToken(string failure)
    {
        var client = TestClient.Create(FailingServer(failure), requestTimeout: TimeSpan.FromMilliseconds(100));

        var e = await Assert.ThrowsAnyAsync<RequestException>(() => client.SendMessage(1, "x"));

        Assert.False(e.ToString().Contains(TestClient.Token, StringComparison.Ordinal), $"{failure}: {e}");
        Assert.False(e.InnerException?.ToString().Contains(TestClient.Token, StringComparison.Ordinal) ?? false, failure);
    }

    [Fact]
    public async Task NetworkErrorQuotingTheUrl_IsReportedWithTheTokenMasked()
    {
        var client = TestClient.Create(
            FakeHttpHandler.Throwing(request => new HttpRequestException($"Connection reset while sending to {request.RequestUri}")));

        var e = await Assert.ThrowsAsync<RequestException>(() => client.GetMe());

        Assert.Contains("/bot***/getMe", e.Message);
        Assert.Null(e.InnerException);
    }

    [Fact]
    public async Task LongErrorPage_IsRedactedBeforeItIsCut()
    {
        // Padded so that the 120-character excerpt would end in the middle of the token.
        var handler = new FakeHttpHandler((request, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = new StringContent(new string('x', 85) + $" Cannot POST {request.RequestUri!.AbsolutePath}"),
        }));

        var e = await Assert.ThrowsAsync<RequestException>(() => TestClient.Create(handler).GetMe());

        Assert.Contains("/bot***/getMe", e.Message);
        Assert.DoesNotContain(TestClient.Token[..16], e.Message);
    }

    [Fact]
    public async Task ErrorPageQuotingThePathWithAnEscapedColon_HidesTheTokenSecret()
    {
        var escaped = TestClient.Token.Replace(":", "%3A");
        var handler = FakeHttpHandler.Answering($"Cannot POST /bot{escaped}/getMe", HttpStatusCode.NotFound, "text/plain");

        var e = await Assert.ThrowsAsync<RequestException>(() => TestClient.Create(handler).GetMe());

        Assert.DoesNotContain(TestClient.Token.Split(':')[1], e.ToString());
    }

    [Fact]
    public void SetWebhookRequest_ToStringMasksTheSecretToken()
    {
        var request = new SetWebhookRequest("https://quiz.example.org/hook") { SecretToken = "s3cret_Value-1" };

        var text = request.ToString();

        Assert.DoesNotContain("s3cret_Value-1", text);
        Assert.Contains("https://quiz.example.org/hook", text);
    }

    [Fact]
    public void Options_ToStringMasksTheToken()
    {
        var options = new TelegramBotClientOptions(TestClient.Token, TestClient.BaseUrl);

        var text = options.ToString();

        Assert.DoesNotContain(TestClient.Token, text);
        Assert.Contains(TestClient.BaseUrl, text);
    }
}
