using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace QuizBot.LoadTests.FakeTelegram;

/// <summary>
/// Delivers the queue to the bot's webhook the way Telegram does: a POST per update with the secret header,
/// up to max_connections at once, and any non-2xx answer (or none) means "deliver it again". Behind a load
/// balancer, each POST goes to the next of the instances in turn (a retry too, as a balancer would send it).
/// </summary>
public sealed class WebhookPusher : IAsyncDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient http;
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] workers;
    private readonly ConcurrentQueue<double> roundTrips = new();
    private readonly ConcurrentQueue<string> failureReasons = new();
    private readonly IReadOnlyList<Uri> instances;
    private readonly string? secret;
    private readonly ConcurrentDictionary<int, int> acceptedBy = new();
    private int failures;
    private int turn = -1;

    private WebhookPusher(Uri url, IReadOnlyList<Uri> instances, string? secret, int connections, UpdateQueue queue)
    {
        Url = url.ToString();
        Connections = connections;
        this.instances = instances;
        this.secret = secret;
        http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { Timeout = TimeSpan.FromSeconds(60) };
        workers = Enumerable.Range(0, connections).Select(_ => Task.Run(() => DeliverAsync(queue, stop.Token))).ToArray();
    }

    /// <summary>The webhook URL the bot set.</summary>
    public string Url { get; }

    /// <summary>update_id → the instance (its place in the list) that accepted its delivery (2xx).</summary>
    public IReadOnlyDictionary<int, int> AcceptedBy => acceptedBy;

    public int Connections { get; }

    public int Failures => Volatile.Read(ref failures);

    /// <summary>Why the first few deliveries failed (a status code or an exception), for the report.</summary>
    public IReadOnlyList<string> FailureReasons => failureReasons.ToList();

    /// <summary>How long each accepted delivery took, POST to 2xx, in ms: with the connections, the webhook's intake.</summary>
    public IReadOnlyCollection<double> RoundTripsMs => roundTrips;

    /// <param name="instances">Where the POSTs go: the URL itself, or the instances behind it.</param>
    public static WebhookPusher Start(Uri url, IReadOnlyList<Uri> instances, string? secret, int maxConnections, UpdateQueue queue) =>
        new(url, instances, secret, Math.Clamp(maxConnections, 1, 100), queue);

    /// <summary>Whether a setWebhook with these settings changes nothing (Telegram: "Webhook is already set").</summary>
    public bool Serves(Uri url, string? secret) => Url == url.ToString() && this.secret == secret;

    private async Task DeliverAsync(UpdateQueue queue, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            PendingUpdate update;
            try
            {
                update = await queue.DequeueAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            for (var attempt = 0; !ct.IsCancellationRequested; attempt++)
            {
                var instance = (int)((uint)Interlocked.Increment(ref turn) % instances.Count);
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, instances[instance]) { Content = new ByteArrayContent(update.Json) };
                    request.Content.Headers.ContentType = Json;
                    if (secret is not null) request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
                    var sentAt = RunClock.Now;
                    using var response = await http.SendAsync(request, ct);
                    if (response.IsSuccessStatusCode)
                    {
                        roundTrips.Enqueue(RunClock.Ms(sentAt, RunClock.Now));
                        acceptedBy[update.Id] = instance;
                        update.MarkDelivered(sentAt);
                        break;
                    }
                    Failed($"HTTP {(int)response.StatusCode}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    Failed(e.GetType().Name + ": " + e.Message);
                }
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(attempt, 5))), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Failed(string reason)
    {
        if (Interlocked.Increment(ref failures) <= 5) failureReasons.Enqueue(reason);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException)
        {
        }
        http.Dispose();
        stop.Dispose();
    }
}
