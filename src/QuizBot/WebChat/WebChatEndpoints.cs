using System.Security.Cryptography;
using System.Text;
using QuizBot.Conversation;
using QuizBot.Data;

namespace QuizBot.WebChat;

/// <summary>The built-in web chat: one page, and three small JSON endpoints feeding the same router as Telegram.</summary>
public static class WebChatEndpoints
{
    public sealed record SendRequest(long ChatId, string? Text, string? Data, int? MessageId);

    public sealed record SendResponse(string? Toast);

    public sealed record ButtonDto(string Text, string Data);

    public sealed record MessageDto(int Id, bool FromUser, string Html, IReadOnlyList<IReadOnlyList<ButtonDto>> Buttons);

    public sealed record FeedResponse(string Instance, long Version, IReadOnlyList<MessageDto> Messages);

    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = typeof(WebChatEndpoints).Assembly.GetManifestResourceStream("QuizBot.WebChat.chat.html")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static WebApplicationBuilder AddWebChat(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebChatStore>();
        builder.Services.AddSingleton<IChatOutput, WebChatOutput>();
        return builder;
    }

    public static IEndpointRouteBuilder MapWebChat(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/chat"));
        app.MapGet("/chat", () => Results.Bytes(Page.Value, "text/html; charset=utf-8"));

        var api = app.MapGroup("/chat/api");
        api.MapPost("/session", () => Results.Ok(new { chatId = NewChatId() }));
        api.MapPost("/send", SendAsync);
        api.MapGet("/messages", FeedAsync);
        return app;
    }

    private static async Task<IResult> SendAsync(SendRequest request, UpdateRouter router, WebChatStore store, CancellationToken ct)
    {
        if (request.ChatId <= 0) return Problem("chatId must be the number the session endpoint gave");
        if (request.Text is null == request.Data is null) return Problem("send either text or data");
        if (request.Text is { } text)
        {
            if (string.IsNullOrWhiteSpace(text)) return Problem("text is empty");
            if (text.Length > UpdateRouter.MaxTextLength) return Problem($"text is longer than {UpdateRouter.MaxTextLength} characters");
            store.Add(request.ChatId, fromUser: true, new OutgoingMessage(Html.Escape(text)));
            await router.HandleAsync(Incoming(request.ChatId, text, null), ct);
            return Results.Ok(new SendResponse(null));
        }
        if (Encoding.UTF8.GetByteCount(request.Data!) > CallbackCodec.MaxBytes) return Problem($"data is longer than {CallbackCodec.MaxBytes} bytes");
        var callbackId = Guid.NewGuid().ToString("N");
        await router.HandleAsync(Incoming(request.ChatId, null, new CallbackRef(callbackId, request.Data!, request.MessageId)), ct);
        return Results.Ok(new SendResponse(store.TakeToast(callbackId)));
    }

    private static async Task<IResult> FeedAsync(long chatId, long? after, string? instance, int? wait, WebChatStore store, CancellationToken ct)
    {
        if (chatId <= 0) return Problem("chatId must be the number the session endpoint gave");
        // A page from before a restart holds versions of the old process: it gets the whole transcript again.
        var since = instance == store.Instance ? after ?? 0 : 0;
        var (version, messages) = await store.SinceAsync(chatId, since, TimeSpan.FromSeconds(Math.Clamp(wait ?? 20, 0, 25)), ct);
        return Results.Ok(new FeedResponse(store.Instance, version, messages.Select(m => new MessageDto(m.Id, m.FromUser, m.Html,
            (m.Buttons ?? []).Select(row => (IReadOnlyList<ButtonDto>)row.Select(b => new ButtonDto(b.Text, b.Data)).ToList()).ToList())).ToList()));
    }

    private static IncomingUpdate Incoming(long chatId, string? text, CallbackRef? callback) =>
        new(new ChatRef(Transport.Web, chatId), new Sender(chatId, ""), text, callback);

    /// <summary>A random id below 2^53, so JavaScript holds it exactly; guessing another's is hopeless.</summary>
    private static long NewChatId() => RandomNumberGenerator.GetInt32(1, 1 << 21) * (1L << 32) + (uint)RandomNumberGenerator.GetInt32(int.MaxValue);

    private static IResult Problem(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
}
