using System.Net;
using System.Text;

namespace QuizBot.Telegram.Tests;

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? ContentType, string Body);

/// <summary>Stands in for the network: records what the client sends and plays back a canned answer.</summary>
internal sealed class FakeHttpHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond)
    : HttpMessageHandler
{
    public List<RecordedRequest> Requests { get; } = [];

    public RecordedRequest LastRequest => Assert.Single(Requests);

    public static FakeHttpHandler Answering(string body, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json") =>
        new((_, _) => Task.FromResult(Response(status, body, mediaType)));

    public static FakeHttpHandler AnsweringAfter(TimeSpan delay, string body) =>
        new(async (_, ct) =>
        {
            await Task.Delay(delay, ct);
            return Response(HttpStatusCode.OK, body, "application/json");
        });

    public static FakeHttpHandler Throwing(Func<HttpRequestMessage, Exception> failure) =>
        new((request, _) => Task.FromException<HttpResponseMessage>(failure(request)));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, request.Content?.Headers.ContentType?.MediaType, body));
        return await respond(request, cancellationToken);
    }

    private static HttpResponseMessage Response(HttpStatusCode status, string body, string mediaType) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
}
