using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;

namespace QuizBot.Tests.Support;

/// <summary>A Bot API peer whose answers a test scripts call by call: failures, slowness, refusals.</summary>
public sealed class ScriptedBotClient : FakeBotClient
{
    /// <summary>Decides each call (with how many calls of its kind were made, this one included): null answers as Telegram would.</summary>
    public Func<IRequest, int, Exception?> Script { get; set; } = (_, _) => null;

    /// <summary>While set, sendMessage waits for it (to hold a chat's queue busy).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public List<SendMessageRequest> Delivered { get; } = [];

    protected override async Task BeforeAnswerAsync(IRequest request, CancellationToken ct)
    {
        if (request is SendMessageRequest && Gate is { } gate) await gate.Task.WaitAsync(ct);
        if (Script(request, Calls.Count(c => c.GetType() == request.GetType())) is { } failure) throw failure;
    }

    protected override Message Record(SendMessageRequest send)
    {
        lock (Delivered) Delivered.Add(send);
        return base.Record(send);
    }

    public static ApiRequestException TooManyRequests(int retryAfter) =>
        new($"Too Many Requests: retry after {retryAfter}", 429, new ResponseParameters { RetryAfter = retryAfter });

    public static ApiRequestException Refused(int code, string description, long? migrateTo = null) =>
        new(description, code, migrateTo is null ? null : new ResponseParameters { MigrateToChatId = migrateTo });

    public static RequestException ServerDown() => new("Bad Gateway", System.Net.HttpStatusCode.BadGateway);

    /// <summary>What Telegram.Bot throws when Telegram said 200 but the body is not the answer it expects.</summary>
    public static RequestException Unreadable() => new("Required properties not found in response", System.Net.HttpStatusCode.OK);
}
