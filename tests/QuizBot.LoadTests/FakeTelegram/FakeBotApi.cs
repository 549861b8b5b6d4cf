using System.Buffers;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace QuizBot.LoadTests.FakeTelegram;

public sealed record BotButton(string Text, string? Data);

/// <summary>A message the bot sent or edited, as a user's client would show it.</summary>
/// <param name="At">When the fake had answered the request (the message is on screen).</param>
/// <param name="ReceivedAt">When the request had arrived at the fake.</param>
public sealed record BotMessage(long ChatId, int MessageId, bool IsEdit, string Text, IReadOnlyList<IReadOnlyList<BotButton>> Buttons, long At, long ReceivedAt);

/// <summary>Whoever plays the users: told of every message the bot shows and every press it answers.</summary>
public interface IBotApiListener
{
    void OnBotMessage(BotMessage message);

    void OnCallbackAnswered(string callbackQueryId, string? text, long at);
}

public sealed class FakeBotApiOptions
{
    public required string Token { get; init; }

    /// <summary>Refuse sends past Telegram's flood limits with 429 + retry_after.</summary>
    public bool EnforceLimits { get; init; }

    public int PerChatPerSecond { get; init; } = 1;

    /// <summary>Messages one chat may receive at once before the per-second pace applies.</summary>
    public int PerChatBurst { get; init; } = 3;

    public int OverallPerSecond { get; init; } = 30;

    /// <summary>Count edits against the same limits as sends (Telegram does; the older scenarios kept edits free so
    /// that their figures stay comparable).</summary>
    public bool LimitEdits { get; init; }

    /// <summary>Share of getUpdates, sends, edits and button answers that fail at random with a 502 HTML page.</summary>
    public double FailRate { get; init; }

    /// <summary>The longest a getUpdates on an empty queue is held open, whatever timeout the bot asks for.</summary>
    public TimeSpan MaxLongPoll { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Who getChatMember calls an administrator (of any group); everyone else is a member.</summary>
    public IReadOnlySet<long> GroupAdmins { get; init; } = new HashSet<long>();
}

/// <summary>
/// A Bot API server of the harness's own on loopback (Kestrel): the methods QuizBot calls, an update queue fed
/// by the simulated users and served through getUpdates or pushed to a webhook, optional flood limits, and a log
/// of every request.
/// </summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    private readonly FakeBotApiOptions options;
    private readonly WebApplication app;
    private readonly FloodControl? flood;
    private readonly CancellationTokenSource stopping = new();
    private int nextMessageId = 1_000_000;
    private int redeliveries;
    private TaskCompletionSource<long> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebhookPusher? pusher;

    private FakeBotApi(FakeBotApiOptions options, WebApplication app)
    {
        this.options = options;
        this.app = app;
        flood = options.EnforceLimits ? new FloodControl(options.PerChatPerSecond, options.PerChatBurst, options.OverallPerSecond) : null;
    }

    public UpdateQueue Updates { get; } = new();

    public RequestLog Log { get; } = new();

    public IBotApiListener? Listener { get; set; }

    /// <summary>The ApiBaseUrl to give the bot.</summary>
    public string BaseUrl { get; private set; } = "";

    public string Token => options.Token;

    public int FloodRefusals => flood?.Refused ?? 0;

    private int injectedFailures;

    public int InjectedFailures => Volatile.Read(ref injectedFailures);

    public int WebhookFailures => pusher?.Failures ?? 0;

    public IReadOnlyList<string> WebhookFailureReasons => pusher?.FailureReasons ?? [];

    /// <summary>Updates handed out by getUpdates again: the bot asked without confirming them.</summary>
    public int Redeliveries => Volatile.Read(ref redeliveries);

    public string? WebhookUrl => pusher?.Url;

    /// <summary>The webhook's deliveries at once (setWebhook's max_connections); null without a webhook.</summary>
    public int? WebhookConnections => pusher?.Connections;

    /// <summary>POST → 2xx of each accepted webhook delivery, in ms; empty without a webhook.</summary>
    public IReadOnlyCollection<double> WebhookRoundTripsMs => pusher?.RoundTripsMs ?? [];

    /// <summary>update_id → the instance that accepted its webhook delivery (its place in the list given to
    /// <see cref="BalanceWebhook"/>, else 0); empty without a webhook.</summary>
    public IReadOnlyDictionary<int, int> WebhookAcceptedBy => pusher?.AcceptedBy ?? new Dictionary<int, int>();

    private (Uri Url, IReadOnlyList<Uri> Instances)? balancer;

    /// <summary>
    /// The harness as the load balancer in front of several instances: a webhook set to <paramref name="url"/> (every
    /// instance sets the same one) is delivered to <paramref name="instances"/> in turn.
    /// </summary>
    public void BalanceWebhook(Uri url, IReadOnlyList<Uri> instances) => balancer = (url, instances);

    public static async Task<FakeBotApi> StartAsync(FakeBotApiOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var api = new FakeBotApi(options, app);
        app.Run(api.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        api.BaseUrl = address.TrimEnd('/');
        return api;
    }

    /// <summary>Completes with the timestamp at which a (re)started bot is ready for updates: its first
    /// getUpdates, or its setWebhook.</summary>
    public Task<long> ExpectBotReady()
    {
        ready = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        return ready.Task;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var slash = path.Length > 4 && path.StartsWith("/bot", StringComparison.Ordinal) ? path.IndexOf('/', 4) : -1;
        if (slash < 0)
        {
            await ReplyAsync(context, 404, UpdateJson.Error(404, "Not Found"));
            return;
        }
        if (!path.AsSpan(4, slash - 4).SequenceEqual(options.Token))
        {
            await ReplyAsync(context, 401, UpdateJson.Error(401, "Unauthorized"));
            return;
        }
        var method = path[(slash + 1)..].ToLowerInvariant();
        JsonElement body;
        try
        {
            body = await ReadBodyAsync(context.Request);
        }
        catch (JsonException)
        {
            await ReplyAsync(context, 400, UpdateJson.Error(400, "Bad Request: can't parse JSON"));
            return;
        }
        var received = RunClock.Now;
        if (options.FailRate > 0 && method is "getupdates" or "sendmessage" or "editmessagetext" or "answercallbackquery"
            && Random.Shared.NextDouble() < options.FailRate)
        {
            // What a proxy in front of Telegram sends when it fails: not a Bot API answer at all.
            Interlocked.Increment(ref injectedFailures);
            context.Response.StatusCode = 502;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body><h1>502 Bad Gateway</h1></body></html>");
            Log.Add(new RequestRecord(received, RunClock.Now, method, 0, 502, 0));
            return;
        }
        var (status, chatId, items) = method switch
        {
            "getupdates" => await GetUpdatesAsync(context, body),
            "sendmessage" => await SendMessageAsync(context, body, received),
            "editmessagetext" => await EditMessageTextAsync(context, body, received),
            "answercallbackquery" => await AnswerCallbackQueryAsync(context, body),
            "getme" => (await ReplyAsync(context, 200, UpdateJson.Me()), 0L, 0),
            "getchatmember" => await GetChatMemberAsync(context, body),
            "deletewebhook" => (await DeleteWebhookAsync(context), 0L, 0),
            "setwebhook" => (await SetWebhookAsync(context, body), 0L, 0),
            "setmycommands" or "deletemycommands" or "sendchataction" or "deletemessage" => (await ReplyAsync(context, 200, UpdateJson.True), 0L, 0),
            _ => (await ReplyAsync(context, 404, UpdateJson.Error(404, "Not Found: method not found")), 0L, 0),
        };
        Log.Add(new RequestRecord(received, RunClock.Now, method, chatId, status, items));
    }

    private async Task<(int, long, int)> GetUpdatesAsync(HttpContext context, JsonElement body)
    {
        if (pusher is not null)
        {
            return (await ReplyAsync(context, 409, UpdateJson.Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")), 0, 0);
        }
        ready.TrySetResult(RunClock.Now);
        var offset = Int(body, "offset");
        var limit = Math.Clamp(Int(body, "limit") ?? 100, 1, 100);
        var hold = TimeSpan.FromSeconds(Math.Min(Int(body, "timeout") ?? 0, options.MaxLongPoll.TotalSeconds));
        IReadOnlyList<PendingUpdate> updates;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
            updates = await Updates.TakeAsync(offset, limit, hold, linked.Token);
        }
        catch (OperationCanceledException)
        {
            return (499, 0, 0);
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var output = context.Response.BodyWriter;
        output.Write("{\"ok\":true,\"result\":["u8);
        for (var i = 0; i < updates.Count; i++)
        {
            if (i > 0) output.Write(","u8);
            output.Write(updates[i].Json);
        }
        output.Write("]}"u8);
        await output.FlushAsync();
        var delivered = RunClock.Now;
        foreach (var update in updates)
        {
            update.MarkDelivered(delivered);
            if (update.Deliveries > 1) Interlocked.Increment(ref redeliveries);
        }
        return (200, 0, updates.Count);
    }

    private async Task<(int, long, int)> GetChatMemberAsync(HttpContext context, JsonElement body)
    {
        if (Long(body, "chat_id") is not { } chatId || Long(body, "user_id") is not { } userId)
        {
            return (await ReplyAsync(context, 400, UpdateJson.Error(400, "Bad Request: chat_id and user_id are required")), 0, 0);
        }
        return (await ReplyAsync(context, 200, UpdateJson.ChatMember(userId, options.GroupAdmins.Contains(userId))), chatId, 0);
    }

    private async Task<(int, long, int)> SendMessageAsync(HttpContext context, JsonElement body, long received)
    {
        var chatId = Long(body, "chat_id");
        if (chatId is null) return (await ReplyAsync(context, 400, UpdateJson.Error(400, "Bad Request: chat_id is empty")), 0, 0);
        if (flood?.TryAcquire(chatId.Value, RunClock.Now) is { } retryAfter)
        {
            return (await ReplyAsync(context, 429, UpdateJson.Error(429, $"Too Many Requests: retry after {retryAfter}", retryAfter)), chatId.Value, 0);
        }
        var messageId = Interlocked.Increment(ref nextMessageId);
        var text = Str(body, "text") ?? "";
        await ReplyAsync(context, 200, UpdateJson.MessageResult(chatId.Value, messageId, text));
        Listener?.OnBotMessage(new BotMessage(chatId.Value, messageId, IsEdit: false, text, Buttons(body), RunClock.Now, received));
        return (200, chatId.Value, 0);
    }

    private async Task<(int, long, int)> EditMessageTextAsync(HttpContext context, JsonElement body, long received)
    {
        var chatId = Long(body, "chat_id");
        var messageId = Int(body, "message_id");
        if (chatId is null || messageId is null) return (await ReplyAsync(context, 400, UpdateJson.Error(400, "Bad Request: message to edit not found")), 0, 0);
        if (options.LimitEdits && flood?.TryAcquire(chatId.Value, RunClock.Now) is { } retryAfter)
        {
            return (await ReplyAsync(context, 429, UpdateJson.Error(429, $"Too Many Requests: retry after {retryAfter}", retryAfter)), chatId.Value, 0);
        }
        var text = Str(body, "text") ?? "";
        await ReplyAsync(context, 200, UpdateJson.MessageResult(chatId.Value, messageId.Value, text));
        Listener?.OnBotMessage(new BotMessage(chatId.Value, messageId.Value, IsEdit: true, text, Buttons(body), RunClock.Now, received));
        return (200, chatId.Value, 0);
    }

    private async Task<(int, long, int)> AnswerCallbackQueryAsync(HttpContext context, JsonElement body)
    {
        var id = Str(body, "callback_query_id");
        if (id is null) return (await ReplyAsync(context, 400, UpdateJson.Error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")), 0, 0);
        var at = RunClock.Now;
        await ReplyAsync(context, 200, UpdateJson.True);
        Listener?.OnCallbackAnswered(id, Str(body, "text"), at);
        return (200, 0, 0);
    }

    private async Task<int> SetWebhookAsync(HttpContext context, JsonElement body)
    {
        var url = Str(body, "url");
        if (string.IsNullOrEmpty(url))
        {
            return await DeleteWebhookAsync(context);
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !IPAddress.TryParse(uri.Host, out var ip) || !IPAddress.IsLoopback(ip))
        {
            // The harness only ever sends traffic to this machine.
            return await ReplyAsync(context, 400, UpdateJson.Error(400, "Bad Request: the load harness delivers webhooks to loopback addresses only"));
        }
        var secret = Str(body, "secret_token");
        // Each instance behind one URL sets it as it starts: Telegram keeps the webhook (and what it is delivering) as it is.
        if (pusher?.Serves(uri, secret) != true)
        {
            if (pusher is not null) await pusher.DisposeAsync();
            var instances = balancer is { } b && b.Url == uri ? b.Instances : [uri];
            pusher = WebhookPusher.Start(uri, instances, secret, Int(body, "max_connections") ?? 40, Updates);
        }
        ready.TrySetResult(RunClock.Now);
        return await ReplyAsync(context, 200, UpdateJson.True);
    }

    private async Task<int> DeleteWebhookAsync(HttpContext context)
    {
        if (pusher is not null)
        {
            await pusher.DisposeAsync();
            pusher = null;
        }
        return await ReplyAsync(context, 200, UpdateJson.True);
    }

    private static async Task<int> ReplyAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json);
        return status;
    }

    private static async Task<JsonElement> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        if (buffer.Length == 0) return default;
        using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        return document.RootElement.Clone();
    }

    private static IReadOnlyList<IReadOnlyList<BotButton>> Buttons(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("reply_markup", out var markup) || markup.ValueKind != JsonValueKind.Object
            || !markup.TryGetProperty("inline_keyboard", out var rows) || rows.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        return rows.EnumerateArray()
            .Select(row => (IReadOnlyList<BotButton>)row.EnumerateArray()
                .Select(b => new BotButton(Str(b, "text") ?? "", Str(b, "callback_data")))
                .ToList())
            .ToList();
    }

    private static JsonElement? Property(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? Str(JsonElement body, string name) => Property(body, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private static long? Long(JsonElement body, string name) => Property(body, name) switch
    {
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var n) => n,
        { ValueKind: JsonValueKind.String } v when long.TryParse(v.GetString(), out var n) => n,
        _ => null,
    };

    private static int? Int(JsonElement body, string name) => Long(body, name) is { } n && n is >= int.MinValue and <= int.MaxValue ? (int)n : null;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (pusher is not null) await pusher.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }
}
