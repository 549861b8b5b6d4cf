using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace QuizBot.EndToEnd.Support;

/// <summary>
/// Telegram's side of a webhook, played by the test: each update is posted to the service's webhook with the
/// secret header, over at most <see cref="MaxConnections"/> connections at once, and posted again until the
/// service answers 2xx. (telegram-test-api's own deliveries never retry and may share an update_id.)
/// </summary>
internal sealed class TelegramWebhookSender : IDisposable
{
    /// <summary>The max_connections QuizBot asks setWebhook for.</summary>
    public const int MaxConnections = 40;

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly SemaphoreSlim connections = new(MaxConnections);
    private readonly Func<Uri> webhookUrl;
    private readonly string secret;
    private readonly List<(int Count, TaskCompletionSource Reached)> waiters = [];
    private int acknowledged;
    private int refusedPosts;

    /// <param name="webhookUrl">Asked at every post: a restarted service listens on a new port.</param>
    public TelegramWebhookSender(Func<Uri> webhookUrl, string secret)
    {
        this.webhookUrl = webhookUrl;
        this.secret = secret;
    }

    /// <summary>Updates the service has answered 2xx to, so far.</summary>
    public int Acknowledged => Volatile.Read(ref acknowledged);

    /// <summary>Posts that got no 2xx (an error status, a refused or broken connection) and were made again.</summary>
    public int RefusedPosts => Volatile.Read(ref refusedPosts);

    /// <summary>Delivers every update, all at once, each until it is acknowledged.</summary>
    public Task DeliverAsync(IEnumerable<JsonObject> updates, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        return Task.WhenAll(updates.Select(u => DeliverAsync(u, deadline)));
    }

    /// <summary>Completes once <paramref name="count"/> updates have been acknowledged.</summary>
    public Task WhenAcknowledgedAsync(int count)
    {
        lock (waiters)
        {
            if (Acknowledged >= count) return Task.CompletedTask;
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((count, reached));
            return reached.Task;
        }
    }

    /// <summary>A private-chat text message from the chat's user, as Telegram sends it (a command gets its entity).</summary>
    public static JsonObject PrivateText(int updateId, TelegramUser user, string text)
    {
        var message = new JsonObject
        {
            ["message_id"] = updateId,
            ["from"] = new JsonObject { ["id"] = user.Id, ["is_bot"] = false, ["first_name"] = user.FirstName },
            ["chat"] = new JsonObject { ["id"] = user.ChatId, ["type"] = "private", ["first_name"] = user.FirstName },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["text"] = text,
        };
        if (text.StartsWith('/'))
        {
            var end = text.IndexOf(' ', StringComparison.Ordinal);
            message["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = end < 0 ? text.Length : end, ["type"] = "bot_command" });
        }
        return new JsonObject { ["update_id"] = updateId, ["message"] = message };
    }

    private async Task DeliverAsync(JsonObject update, DateTime deadline)
    {
        var body = update.ToJsonString();
        while (true)
        {
            string failure;
            await connections.WaitAsync();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, webhookUrl())
                {
                    Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
                };
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
                using var response = await http.SendAsync(request);
                if (response.IsSuccessStatusCode)
                {
                    Acknowledge();
                    return;
                }
                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failure = e.Message;
            }
            finally
            {
                connections.Release();
            }
            Interlocked.Increment(ref refusedPosts);
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"Update {update["update_id"]} was still not acknowledged by the webhook ({failure})"));
            }
            await Task.Delay(RetryPause);
        }
    }

    private void Acknowledge()
    {
        var count = Interlocked.Increment(ref acknowledged);
        lock (waiters)
        {
            foreach (var waiter in waiters.Where(w => w.Count <= count).ToList())
            {
                waiter.Reached.TrySetResult();
                waiters.Remove(waiter);
            }
        }
    }

    public void Dispose()
    {
        http.Dispose();
        connections.Dispose();
    }
}
