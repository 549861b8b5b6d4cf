using QuizBot.Conversation;
using QuizBot.Data;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace QuizBot.Telegram;

/// <summary>The conversation core's output on Telegram: messages through the dispatcher, toasts straight away.</summary>
public sealed class TelegramChatOutput(OutboundDispatcher dispatcher, BulkLane bulk, ITelegramBotClient client, ILogger<TelegramChatOutput> log) : IChatOutput
{
    public const int MaxTextLength = 4096;

    public const int MaxCaptionLength = 1024;

    public Transport Transport => Transport.Telegram;

    public async Task<QueuedMessage> SendAsync(long chatId, OutgoingMessage message, CancellationToken ct)
    {
        var (stored, sent) = dispatcher.Send(chatId, Fit(message.Html), Keyboard(message), ct, message.NoLinkPreview, kept: !message.Regenerable);
        await stored;
        if (message.Regenerable) await sent.WaitAsync(ct);
        return new QueuedMessage(IdOf(sent));

        static async Task<int?> IdOf(Task<Message?> sent) => (await sent)?.Id;
    }

    public async Task<QueuedMessage> EditAsync(long chatId, int messageId, OutgoingMessage message, CancellationToken ct)
    {
        var (stored, sent) = dispatcher.Edit(chatId, messageId, Fit(message.Html), Keyboard(message), ct, message.NoLinkPreview, kept: !message.Regenerable);
        await stored;
        if (message.Regenerable) await sent.WaitAsync(ct);
        return new QueuedMessage(IdOf(sent, messageId));

        // "Not modified" leaves the message as it was, still on screen.
        static async Task<int?> IdOf(Task<Message?> sent, int messageId) => (await sent)?.Id ?? messageId;
    }

    public async Task<QueuedMessage> EditThenSendAsync(long chatId, int messageId, OutgoingMessage edit, OutgoingMessage message, CancellationToken ct)
    {
        // Messages not kept in the outbox, or with settings of their own, are queued one after the other.
        if (edit.Regenerable || message.Regenerable || edit.NoLinkPreview != message.NoLinkPreview)
        {
            return await QueuedMessage.BothAsync(EditAsync(chatId, messageId, edit, ct), SendAsync(chatId, message, ct));
        }
        var (stored, sent) = dispatcher.EditThenSend(chatId, messageId, Fit(edit.Html), Keyboard(edit), Fit(message.Html), Keyboard(message), ct, message.NoLinkPreview);
        await stored;
        return new QueuedMessage(IdOf(sent));

        static async Task<int?> IdOf(Task<Message?> sent) => (await sent)?.Id;
    }

    public async Task<bool> SendDocumentAsync(long chatId, string fileName, byte[] content, string captionHtml, CancellationToken ct)
    {
        await dispatcher.DocumentAsync(chatId, fileName, content, Fit(captionHtml, MaxCaptionLength), ct);
        return true;
    }

    public async Task<bool> SendPhotoAsync(long chatId, byte[] png, string captionHtml, CancellationToken ct)
    {
        await dispatcher.PhotoAsync(chatId, png, Fit(captionHtml, MaxCaptionLength), ct);
        return true;
    }

    public Task WaitBulkTurnAsync(CancellationToken ct) => bulk.WaitTurnAsync(ct);

    /// <summary>Not queued behind messages: a button's spinner must stop at once, and a late answer is refused.</summary>
    public async Task AnswerCallbackAsync(string callbackId, string? toast, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.AnswerCallbackQuery(callbackId, toast, cancellationToken: ct);
                return;
            }
            catch (RequestException e) when (e is not ApiRequestException { ErrorCode: >= 400 and < 500 } && attempt < 5)
            {
                // A server or network hiccup: a press must be answered within seconds, so retry soon, not with back-off.
                log.LogInformation("Answering callback {CallbackId} failed ({Reason}); retrying", callbackId, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), ct);
            }
            catch (RequestException e)
            {
                // "query is too old", or still failing: the press is handled, only its spinner went unanswered.
                log.LogInformation("Callback {CallbackId} could not be answered: {Reason}", callbackId, e.Message);
                return;
            }
        }
    }

    private static InlineKeyboardMarkup? Keyboard(OutgoingMessage message) =>
        message.Buttons is { Count: > 0 } rows
            ? new InlineKeyboardMarkup(rows.Select(row => row.Select(b => InlineKeyboardButton.WithCallbackData(b.Text, b.Data))))
            : null;

    /// <summary>Telegram refuses texts over 4096 characters; ours stay under it, this is the last guard.</summary>
    internal static string Fit(string html, int max = MaxTextLength)
    {
        if (html.Length <= max) return html;
        // Cut the plain text, then escape: cutting HTML could split a tag or an entity.
        var plain = Html.ToPlain(html);
        for (var keep = max - 1; ; keep -= 100)
        {
            var text = Html.Escape(plain[..Math.Min(keep, plain.Length)]) + "…";
            if (text.Length <= max) return text;
        }
    }
}
