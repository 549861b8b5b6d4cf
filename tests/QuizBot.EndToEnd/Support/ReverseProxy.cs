using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QuizBot.EndToEnd.Support;

/// <summary>One update as the proxy passed it on, once an instance acknowledged it.</summary>
/// <param name="CallbackQueryId">A press's callback query id.</param>
/// <param name="Text">A message's text (a command).</param>
/// <param name="Instance">The index of the instance that answered 2xx.</param>
/// <param name="Refused">Instances tried before it that refused the connection, broke it, or answered 5xx.</param>
internal sealed record Delivery(int UpdateId, long ChatId, string? CallbackQueryId, string? CallbackData, string? Text, int Instance, int Refused, DateTime At)
{
    /// <summary>A press of an answer button, in practice or a round ("a:attempt:position:option").</summary>
    public bool IsAnswer => CallbackData?.StartsWith("a:", StringComparison.Ordinal) == true;
}

/// <summary>A press delivered once more, to another instance, after one had acknowledged it.</summary>
/// <param name="Status">That instance's HTTP status; null when it could not be reached.</param>
internal sealed record Redelivery(int UpdateId, long ChatId, int Instance, int? Status);

/// <summary>
/// The one public address in front of the instances, a minimal reverse proxy (Kestrel in the test process), as an
/// operator would put one in front of several instances.
/// <para>
/// Telegram's webhook (<see cref="Path"/>): a chat's deliveries alternate between the instances (round-robin per chat,
/// so every chat is served by all of them), and a delivery an instance does not acknowledge (its port closed, the
/// connection broken by a kill, a 5xx) goes to the next one, round after round, until one does. That retry also stands
/// in for Telegram, which delivers an unacknowledged update again, while telegram-test-api posts each update once and
/// drops it on a failure.
/// </para>
/// <para>
/// Everything else people open (the dashboard, its login link, the projector's event stream): each request to a path
/// goes to the instance after the one that took the last request to it, so a page opened twice (two projectors, a login
/// link and its confirmation) is served by both; a request an instance cannot take goes to the next. The web chat (<see cref="WebChatPath"/>) keeps each browser's screen in the memory of the
/// instance that serves it, so those requests stick to one instance by a cookie the proxy sets, as a load balancer's
/// session affinity does.
/// </para>
/// </summary>
internal sealed class ReverseProxy : IAsyncDisposable
{
    public const string Path = "/telegram/webhook";

    /// <summary>The web chat's page and API: sticky to one instance.</summary>
    public const string WebChatPath = "/chat";

    private const string AffinityCookie = "proxy-instance";
    private const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RoundPause = TimeSpan.FromMilliseconds(200);

    private readonly WebApplication app;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    // Pages pass through as they are: no redirect followed, no cookie kept here, no time limit (an event stream lasts).
    private readonly HttpClient pages = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Dictionary<string, int> pageTurns = [];
    private readonly List<(string Path, int Instance)> served = [];
    private readonly Dictionary<long, int> deliveriesPerChat = [];
    private readonly List<Delivery> acknowledged = [];
    private readonly List<(Func<IReadOnlyList<Delivery>, bool> Condition, TaskCompletionSource Met)> waiters = [];
    private readonly List<Redelivery> redelivered = [];
    private IReadOnlyList<Uri> instances = [];
    private IReadOnlyList<Uri> instanceBases = [];

    private ReverseProxy(WebApplication app)
    {
        this.app = app;
    }

    /// <summary>The webhook URL the instances register with Telegram.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The address people open: the dashboard, the web chat.</summary>
    public Uri BaseUrl => new(Url, "/");

    /// <summary>Every request but Telegram's, by path, with the index of the instance that answered it.</summary>
    public IReadOnlyList<(string Path, int Instance)> Served
    {
        get
        {
            lock (served) return served.ToList();
        }
    }

    /// <summary>Every update acknowledged so far, in the order of the acknowledgements.</summary>
    public IReadOnlyList<Delivery> Acknowledged
    {
        get
        {
            lock (acknowledged) return acknowledged.ToList();
        }
    }

    /// <summary>
    /// Every press, once acknowledged, is delivered again to the next instance, as Telegram delivers an update again
    /// when the acknowledgement is lost on its way back: the instances must store and handle it once between them.
    /// </summary>
    public bool RepeatPresses { get; init; }

    /// <summary>The repeated presses (<see cref="RepeatPresses"/>) so far.</summary>
    public IReadOnlyList<Redelivery> Redelivered
    {
        get
        {
            lock (redelivered) return redelivered.ToList();
        }
    }

    public static async Task<ReverseProxy> StartAsync(bool repeatPresses = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var proxy = new ReverseProxy(builder.Build()) { RepeatPresses = repeatPresses };
        proxy.app.MapPost(Path, proxy.ForwardAsync);
        proxy.app.Map("{**path}", proxy.ForwardPageAsync);
        await proxy.app.StartAsync();
        var address = proxy.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        proxy.Url = new Uri(new Uri(address), Path);
        return proxy;
    }

    /// <summary>
    /// The instances' own addresses (again after one restarted on a new port); until they are set every delivery is
    /// refused, as by a dead instance.
    /// </summary>
    public void RouteTo(IReadOnlyList<Uri> baseUrls)
    {
        instanceBases = baseUrls.ToList();
        instances = baseUrls.Select(u => new Uri(u, Path.TrimStart('/'))).ToList();
    }

    /// <summary>Completes once the acknowledged updates meet <paramref name="condition"/> (checked after every one).</summary>
    public Task WhenAsync(Func<IReadOnlyList<Delivery>, bool> condition)
    {
        lock (acknowledged)
        {
            if (condition(acknowledged)) return Task.CompletedTask;
            var met = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((condition, met));
            return met.Task;
        }
    }

    /// <summary>The first acknowledged update that <paramref name="isIt"/>, once there is one.</summary>
    public async Task<Delivery> WhenAcknowledgedAsync(Func<Delivery, bool> isIt, TimeSpan timeout)
    {
        await WhenAsync(acknowledged => acknowledged.Any(isIt)).WaitAsync(timeout);
        return Acknowledged.First(isIt);
    }

    private async Task<IResult> ForwardAsync(HttpRequest request)
    {
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        var update = JsonNode.Parse(body) ?? throw new InvalidOperationException("an empty webhook delivery");
        var chatId = ChatOf(update);
        var pressId = update["callback_query"]?["id"]?.ToString();
        var secret = request.Headers[SecretHeader].ToString();
        var first = NextTurn(chatId);
        var giveUp = DateTime.UtcNow + GiveUpAfter;
        var refused = 0;
        while (true)
        {
            var targets = instances;
            for (var i = 0; i < targets.Count; i++)
            {
                var instance = (first + i) % targets.Count;
                var status = await PostAsync(targets[instance], body, secret);
                if (status is >= 200 and < 300)
                {
                    Record(new Delivery((int)update["update_id"]!, chatId, pressId,
                        update["callback_query"]?["data"]?.ToString(), update["message"]?["text"]?.ToString(), instance, refused, DateTime.UtcNow));
                if (RepeatPresses && pressId is not null && targets.Count > 1)
                {
                    var again = (instance + 1) % targets.Count;
                    var repeated = new Redelivery((int)update["update_id"]!, chatId, again, await PostAsync(targets[again], body, secret));
                    lock (redelivered) redelivered.Add(repeated);
                }
                    return Results.StatusCode(status.Value);
                }
                // A refusal of the update itself (403 for a wrong secret, 400 for a bad body) is no instance's failure.
                if (status is >= 400 and < 500) return Results.StatusCode(status.Value);
                refused++;
            }
            if (DateTime.UtcNow > giveUp) break;
            await Task.Delay(RoundPause);
        }
        return Results.StatusCode(StatusCodes.Status502BadGateway);
    }

    private async Task ForwardPageAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var targets = instanceBases;
        var sticky = request.Path.StartsWithSegments(WebChatPath);
        var first = sticky && int.TryParse(request.Cookies[AffinityCookie], CultureInfo.InvariantCulture, out var pinned) && pinned >= 0 && pinned < targets.Count
            ? pinned
            : NextPageTurn(request.Path);
        for (var i = 0; i < targets.Count; i++)
        {
            var instance = (first + i) % targets.Count;
            using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(targets[instance], $"{request.Path}{request.QueryString}".TrimStart('/')));
            if (body.Length > 0 || request.ContentLength is not null) forward.Content = new ByteArrayContent(body.ToArray());
            foreach (var (name, values) in request.Headers)
            {
                if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
                if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray())) forward.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
            forward.Headers.Host = request.Host.Value;
            HttpResponseMessage response;
            try
            {
                response = await pages.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            }
            catch (HttpRequestException)
            {
                continue;
            }
            using (response)
            {
                context.Response.StatusCode = (int)response.StatusCode;
                foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                {
                    if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
                    context.Response.Headers[name] = values.ToArray();
                }
                lock (served) served.Add((request.Path.Value ?? "", instance));
                if (sticky) context.Response.Cookies.Append(AffinityCookie, instance.ToString(CultureInfo.InvariantCulture), new CookieOptions { HttpOnly = true, Path = "/" });
                await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
                try
                {
                    await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
                }
                catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
                {
                    // The instance died mid-answer, or the browser went away: the connection ends, as a proxy's would.
                    context.Abort();
                }
            }
            return;
        }
        context.Response.StatusCode = StatusCodes.Status502BadGateway;
    }

    /// <summary>The HTTP status, or null when the instance could not be reached or broke the connection.</summary>
    private async Task<int?> PostAsync(Uri instance, string body, string secret)
    {
        using var forward = new HttpRequestMessage(HttpMethod.Post, instance)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        forward.Headers.Add(SecretHeader, secret);
        try
        {
            using var response = await http.SendAsync(forward);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private int NextTurn(long chatId)
    {
        lock (deliveriesPerChat)
        {
            var count = deliveriesPerChat.GetValueOrDefault(chatId);
            deliveriesPerChat[chatId] = count + 1;
            // Neighbouring chats start on different instances, so the instances share the load from the first update on.
            return count + (int)(Math.Abs(chatId) % 64);
        }
    }

    private int NextPageTurn(string path)
    {
        lock (pageTurns)
        {
            var count = pageTurns.GetValueOrDefault(path);
            pageTurns[path] = count + 1;
            return count;
        }
    }

    private void Record(Delivery delivery)
    {
        lock (acknowledged)
        {
            acknowledged.Add(delivery);
            foreach (var waiter in waiters.Where(w => w.Condition(acknowledged)).ToList())
            {
                waiters.Remove(waiter);
                waiter.Met.TrySetResult();
            }
        }
    }

    private static long ChatOf(JsonNode update)
    {
        var chat = update["message"]?["chat"] ?? update["callback_query"]?["message"]?["chat"]
            ?? throw new InvalidOperationException($"A webhook delivery without a chat: {update.ToJsonString()}");
        return long.Parse(chat["id"]!.ToString(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        http.Dispose();
        pages.Dispose();
    }
}
