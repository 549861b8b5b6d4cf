using QuizBot.Telegram.Requests;
using QuizBot.Telegram.Types;

namespace QuizBot.Telegram;

/// <summary>The Bot API methods QuizBot uses, named as in Telegram.Bot.</summary>
public static class TelegramBotClientExtensions
{
    public static async Task<User> GetMe(this ITelegramBotClient c, CancellationToken ct = default) =>
        await c.SendRequest(new GetMeRequest(), ct).ConfigureAwait(false)
        ?? throw new RequestException("Bot API call getMe answered ok without a user.");

    /// <param name="timeout">Long-poll seconds. The call's own deadline becomes timeout + 15 s, but the
    /// HttpClient's Timeout must be longer still (best: infinite).</param>
    public static async Task<Update[]> GetUpdates(
        this ITelegramBotClient c,
        int? offset = null,
        int? limit = null,
        int? timeout = null,
        IEnumerable<UpdateType>? allowedUpdates = null,
        CancellationToken ct = default)
    {
        var request = new GetUpdatesRequest
        {
            Offset = offset,
            Limit = limit,
            Timeout = timeout,
            AllowedUpdates = allowedUpdates?.ToArray(),
        };
        return await c.SendRequest(request, ct).ConfigureAwait(false) ?? [];
    }

    /// <exception cref="ArgumentException"><paramref name="text"/> is empty or over 4096 characters.</exception>
    public static Task<Message?> SendMessage(
        this ITelegramBotClient c,
        long chatId,
        string text,
        ParseMode? parseMode = null,
        InlineKeyboardMarkup? replyMarkup = null,
        CancellationToken ct = default) =>
        c.SendRequest(new SendMessageRequest(chatId, text) { ParseMode = parseMode, ReplyMarkup = replyMarkup }, ct);

    /// <exception cref="ArgumentException"><paramref name="text"/> is empty or over 4096 characters.</exception>
    public static Task<Message?> EditMessageText(
        this ITelegramBotClient c,
        long chatId,
        int messageId,
        string text,
        ParseMode? parseMode = null,
        InlineKeyboardMarkup? replyMarkup = null,
        CancellationToken ct = default) =>
        c.SendRequest(
            new EditMessageTextRequest(chatId, messageId, text) { ParseMode = parseMode, ReplyMarkup = replyMarkup },
            ct);

    public static Task<Message?> EditMessageReplyMarkup(
        this ITelegramBotClient c,
        long chatId,
        int messageId,
        InlineKeyboardMarkup? replyMarkup = null,
        CancellationToken ct = default) =>
        c.SendRequest(new EditMessageReplyMarkupRequest(chatId, messageId) { ReplyMarkup = replyMarkup }, ct);

    /// <exception cref="ArgumentException"><paramref name="text"/> is over 200 characters.</exception>
    public static Task<bool> AnswerCallbackQuery(
        this ITelegramBotClient c,
        string callbackQueryId,
        string? text = null,
        bool showAlert = false,
        CancellationToken ct = default) =>
        c.SendRequest(new AnswerCallbackQueryRequest(callbackQueryId) { Text = text, ShowAlert = showAlert }, ct);

    public static Task<bool> DeleteMessage(
        this ITelegramBotClient c,
        long chatId,
        int messageId,
        CancellationToken ct = default) =>
        c.SendRequest(new DeleteMessageRequest(chatId, messageId), ct);

    public static Task<bool> SetMyCommands(
        this ITelegramBotClient c,
        IEnumerable<BotCommand> commands,
        BotCommandScope? scope = null,
        string? languageCode = null,
        CancellationToken ct = default) =>
        c.SendRequest(new SetMyCommandsRequest(commands) { Scope = scope, LanguageCode = languageCode }, ct);

    public static Task<bool> SetWebhook(
        this ITelegramBotClient c,
        string url,
        string? secretToken = null,
        int? maxConnections = null,
        IEnumerable<UpdateType>? allowedUpdates = null,
        bool dropPendingUpdates = false,
        CancellationToken ct = default) =>
        c.SendRequest(
            new SetWebhookRequest(url)
            {
                SecretToken = secretToken,
                MaxConnections = maxConnections,
                AllowedUpdates = allowedUpdates?.ToArray(),
                DropPendingUpdates = dropPendingUpdates,
            },
            ct);

    public static Task<bool> DeleteWebhook(
        this ITelegramBotClient c,
        bool dropPendingUpdates = false,
        CancellationToken ct = default) =>
        c.SendRequest(new DeleteWebhookRequest { DropPendingUpdates = dropPendingUpdates }, ct);
}
