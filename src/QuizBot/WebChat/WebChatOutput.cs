using QuizBot.Conversation;
using QuizBot.Data;

namespace QuizBot.WebChat;

public sealed class WebChatOutput(WebChatStore store) : IChatOutput
{
    public Transport Transport => Transport.Web;

    public Task<QueuedMessage> SendAsync(long chatId, OutgoingMessage message, CancellationToken ct) =>
        Task.FromResult(new QueuedMessage(Task.FromResult<int?>(store.Add(chatId, fromUser: false, message))));

    public Task<QueuedMessage> EditAsync(long chatId, int messageId, OutgoingMessage message, CancellationToken ct)
    {
        // After a restart the page's old messages are gone from memory: show the edit as a new message.
        var id = store.Edit(chatId, messageId, message) ? messageId : store.Add(chatId, fromUser: false, message);
        return Task.FromResult(new QueuedMessage(Task.FromResult<int?>(id)));
    }

    /// <summary>The web chat shows text only; files go out over Telegram or <c>quizbot export</c>.</summary>
    public Task<bool> SendDocumentAsync(long chatId, string fileName, byte[] content, string captionHtml, CancellationToken ct) =>
        Task.FromResult(false);

    /// <summary>Nor images: the digest's chart goes to Telegram groups and organizers.</summary>
    public Task<bool> SendPhotoAsync(long chatId, byte[] png, string captionHtml, CancellationToken ct) => Task.FromResult(false);

    /// <summary>The web chat has no sending limits to share.</summary>
    public Task WaitBulkTurnAsync(CancellationToken ct) => Task.CompletedTask;

    public Task AnswerCallbackAsync(string callbackId, string? toast, CancellationToken ct)
    {
        store.SetToast(callbackId, toast);
        return Task.CompletedTask;
    }
}
