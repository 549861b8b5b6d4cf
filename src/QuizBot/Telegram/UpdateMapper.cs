using QuizBot.Conversation;
using QuizBot.Data;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuizBot.Telegram;

/// <summary>Telegram's update → the conversation core's neutral form. Updates the core does not use map to null.</summary>
public static class UpdateMapper
{
    public static IncomingUpdate? ToIncoming(Update update)
    {
        if (update.CallbackQuery is { From: { } from } callback)
        {
            // A press on a message too old for Telegram to include still comes from the presser's private chat.
            var chat = callback.Message?.Chat;
            return new IncomingUpdate(
                new ChatRef(Transport.Telegram, chat?.Id ?? from.Id, chat is null || chat.Type == ChatType.Private),
                ToSender(from),
                Text: null,
                new CallbackRef(callback.Id, callback.Data ?? "", callback.Message?.Id));
        }
        if (update.Message is { From: { } sender, Chat: { } messageChat } message)
        {
            return new IncomingUpdate(
                new ChatRef(Transport.Telegram, messageChat.Id, messageChat.Type == ChatType.Private),
                ToSender(sender),
                message.Text ?? "");
        }
        return null;
    }

    /// <summary>The chat whose updates must be handled in order; null when there is none.</summary>
    public static long? ChatOf(Update update) =>
        update.CallbackQuery is { } c ? c.Message?.Chat.Id ?? c.From.Id : update.Message?.Chat.Id ?? update.EditedMessage?.Chat.Id;

    /// <summary>The sequence an update is handled in: its chat, or in a group a press's chat and presser.</summary>
    public static UpdateOrder OrderOf(Update update) => ToIncoming(update)?.Order ?? new UpdateOrder(ChatOf(update) ?? 0, 0);

    private static Sender ToSender(User user) =>
        new(user.Id, string.Join(' ', new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))),
            string.IsNullOrWhiteSpace(user.Username) ? null : user.Username);
}
