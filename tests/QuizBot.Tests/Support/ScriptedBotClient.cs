using System.Collections.Concurrent;
using System.Net;
using QuizBot.Telegram;
using QuizBot.Telegram.Requests;
using QuizBot.Telegram.Types;

namespace QuizBot.Tests.Support;

/// <summary>A Bot API peer whose answers a test scripts call by call: failures, slowness, refusals.</summary>
public sealed class ScriptedBotClient : ITelegramBotClient
{
    private int nextMessageId = 100;

    /// <summary>Decides each call: return normally, or throw. Null means "answer as Telegram would".</summary>
    public Func<object, int, Exception?> Script { get; set; } = (_, _) => null;

    /// <summary>While set, sendMessage waits for it (to hold a chat's queue busy).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public ConcurrentQueue<object> Calls { get; } = new();

    public List<SendMessageRequest> Delivered { get; } = [];

    public async Task<TResult> SendRequest<TResult>(IRequest<TResult> request, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(request);
        if (request is SendMessageRequest && Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        if (Script(request, Calls.Count(c => c.GetType() == request.GetType())) is { } failure) throw failure;
        object? result = request switch
        {
            SendMessageRequest send => Deliver(send),
            EditMessageTextRequest => null,
            _ => true,
        };
        return (TResult)result!;
    }

    private Message Deliver(SendMessageRequest send)
    {
        lock (Delivered) Delivered.Add(send);
        return new Message { MessageId = Interlocked.Increment(ref nextMessageId), Chat = new Chat { Id = send.ChatId }, Text = send.Text };
    }

    public static ApiRequestException TooManyRequests(int retryAfter) =>
        new($"Too Many Requests: retry after {retryAfter}", 429, new ResponseParameters { RetryAfter = retryAfter }, HttpStatusCode.TooManyRequests);

    public static ApiRequestException Refused(int code, string description, long? migrateTo = null) =>
        new(description, code, migrateTo is null ? null : new ResponseParameters { MigrateToChatId = migrateTo }, (HttpStatusCode)code);

    public static RequestException ServerDown() => new("Bad Gateway", HttpStatusCode.BadGateway, null);
}
