using QuizBot.Conversation;
using QuizBot.Data;

namespace QuizBot.WebChat;

public sealed class WebChatOutput(WebChatStore store) : IChatOutput
{
    public Transport Transport => Transport.Web;

    public Task<QueuedMessage> SendAsync(long chatId, OutgoingMessage message, CancellationToken ct) =>
        Task.FromResult(new QueuedMessage(Task.FromResult<int?>(store.Add(chatId, fromUser: false, message))));

    public Task EditAsync(long chatId, int messageId, OutgoingMessage message, CancellationToken ct)
    {
        // After a restart the page's old messages are gone from memory: show the edit as a new message.
        if (!store.Edit(chatId, messageId, message)) store.Add(chatId, fromUser: false, message);
        return Task.CompletedTask;
    }

    /// <summary>The web chat has no sending limits to share.</summary>
    public Task WaitBulkTurnAsync(CancellationToken ct) => Task.CompletedTask;

    public Task AnswerCallbackAsync(string callbackId, string? toast, CancellationToken ct)
    {
        store.SetToast(callbackId, toast);
        return Task.CompletedTask;
    }
}
