using System.Net.Sockets;

namespace QuizBot.Telegram.Tests;

public class TransportFailureTests
{
    private static readonly TimeSpan Forever = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task NetworkFailure_ThrowsRequestExceptionWithoutStatus()
    {
        var refused = new HttpRequestException("Connection refused (api.telegram.test:443)", new SocketException((int)SocketError.ConnectionRefused));
        var client = TestClient.Create(FakeHttpHandler.Throwing(_ => refused));

        var e = await Assert.ThrowsAsync<RequestException>(() => client.SendMessage(1, "x"));

        Assert.Null(e.HttpStatusCode);
        Assert.Same(refused, e.InnerException);
        Assert.Contains("Connection refused", e.Message);
    }

    [Fact]
    public async Task HttpClientTimeout_ThrowsRequestExceptionRatherThanCancellation()
    {
        var handler = FakeHttpHandler.AnsweringAfter(Forever, Recorded.OkTrue);
        var client = TestClient.Create(handler, httpClientTimeout: TimeSpan.FromMilliseconds(100));

        var e = await Assert.ThrowsAsync<RequestException>(() => client.DeleteMessage(1, 2));

        Assert.Contains("timed out", e.Message);
        Assert.Null(e.HttpStatusCode);
    }

    [Fact]
    public async Task RequestTimeoutOption_BoundsACallEvenWhenHttpClientNeverTimesOut()
    {
        var handler = FakeHttpHandler.AnsweringAfter(Forever, Recorded.OkTrue);
        var client = TestClient.Create(handler, requestTimeout: TimeSpan.FromMilliseconds(100));

        var e = await Assert.ThrowsAsync<RequestException>(() => client.DeleteMessage(1, 2));

        Assert.Contains("timed out", e.Message);
    }

    [Fact]
    public async Task LongPoll_MayRunPastTheOrdinaryRequestTimeout()
    {
        // Telegram holds getUpdates open for `timeout` seconds; the call's deadline must grow with it.
        var handler = FakeHttpHandler.AnsweringAfter(TimeSpan.FromMilliseconds(400), """{"ok":true,"result":[]}""");
        var client = TestClient.Create(handler, requestTimeout: TimeSpan.FromMilliseconds(100));

        var updates = await client.GetUpdates(timeout: 1);

        Assert.Empty(updates);
    }

    [Fact]
    public async Task CancellationByTheCaller_PropagatesAsOperationCanceled()
    {
        var handler = FakeHttpHandler.AnsweringAfter(Forever, """{"ok":true,"result":[]}""");
        var client = TestClient.Create(handler);
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetUpdates(timeout: 50, ct: stopping.Token));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task AlreadyCancelledToken_PropagatesAsOperationCanceled()
    {
        var handler = FakeHttpHandler.Answering(Recorded.OkTrue);
        var client = TestClient.Create(handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.DeleteMessage(1, 2, new CancellationToken(canceled: true)));

        Assert.Empty(handler.Requests);
    }
}
