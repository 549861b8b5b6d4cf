using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Telegram.Types;

namespace QuizBot.Telegram;

/// <summary>The conversation core's output, as Bot API calls.</summary>
public sealed class TelegramChatOutput(ITelegramBotClient client, ILogger<TelegramChatOutput> log) : IChatOutput
{
    public Transport Transport => Transport.Telegram;

    public async Task<int?> SendAsync(long chatId, OutgoingMessage message, CancellationToken ct)
    {
        var sent = await client.SendMessage(chatId, Fit(message.Html), ParseMode.Html, Keyboard(message), ct);
        return sent?.MessageId;
    }

    public async Task EditAsync(long chatId, int messageId, OutgoingMessage message, CancellationToken ct)
    {
        try
        {
            await client.EditMessageText(chatId, messageId, Fit(message.Html), ParseMode.Html, Keyboard(message), ct);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400 && e.Message.Contains("not modified", StringComparison.OrdinalIgnoreCase))
        {
            // The same press twice: the message already shows this.
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400)
        {
            // Too old to edit, or deleted by the user: show it as a new message instead.
            log.LogInformation("Edit of message {MessageId} in chat {ChatId} refused ({Reason}); sending anew", messageId, chatId, e.Message);
            await SendAsync(chatId, message, ct);
        }
    }

    public async Task AnswerCallbackAsync(string callbackId, string? toast, CancellationToken ct)
    {
        try
        {
            await client.AnswerCallbackQuery(callbackId, toast, showAlert: false, ct);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400)
        {
            // "query is too old": the press is still handled, only its spinner went unanswered.
            log.LogInformation("Callback {CallbackId} could not be answered: {Reason}", callbackId, e.Message);
        }
    }

    private static InlineKeyboardMarkup? Keyboard(OutgoingMessage message) =>
        message.Buttons is { Count: > 0 } rows
            ? new InlineKeyboardMarkup(rows.Select(row => row.Select(b => InlineKeyboardButton.WithCallbackData(b.Text, b.Data))))
            : null;

    /// <summary>Telegram refuses texts over 4096 characters; ours stay under it, this is the last guard.</summary>
    private static string Fit(string html) => html.Length <= 4096 ? html : Html.Escape(Html.ToPlain(html))[..4000] + "…";
}
