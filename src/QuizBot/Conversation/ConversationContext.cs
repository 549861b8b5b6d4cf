using QuizBot.Data;

namespace QuizBot.Conversation;

/// <summary>One update being handled: who sent it, in which chat, and how to answer there.</summary>
public sealed class ConversationContext(IncomingUpdate update, Participant participant, IChatOutput output)
{
    private bool callbackAnswered;

    public IncomingUpdate Update => update;

    public Participant Participant => participant;

    public Texts T => Texts.For(participant.Language);

    public long ChatId => update.Chat.ChatId;

    public Task<QueuedMessage> ReplyAsync(OutgoingMessage message, CancellationToken ct) => output.SendAsync(ChatId, message, ct);

    public Task<QueuedMessage> ReplyAsync(string html, CancellationToken ct) => output.SendAsync(ChatId, new OutgoingMessage(html), ct);

    /// <summary>Edits the message whose button was pressed, or sends a new one where that is not known.</summary>
    public Task<QueuedMessage> EditOrReplyAsync(int? messageId, OutgoingMessage message, CancellationToken ct) =>
        messageId is { } id ? output.EditAsync(ChatId, id, message, ct) : output.SendAsync(ChatId, message, ct);

    /// <summary>
    /// The outcome of a press in place of its message (or a new one where that is not known), then the next message,
    /// queued as one (<see cref="IChatOutput.EditThenSendAsync"/>); returns the next message.
    /// </summary>
    public Task<QueuedMessage> EditOrReplyThenReplyAsync(int? messageId, OutgoingMessage outcome, OutgoingMessage next, CancellationToken ct) =>
        messageId is { } id
            ? output.EditThenSendAsync(ChatId, id, outcome, next, ct)
            : QueuedMessage.BothAsync(output.SendAsync(ChatId, outcome, ct), output.SendAsync(ChatId, next, ct));

    public Task<bool> SendDocumentAsync(string fileName, byte[] content, string captionHtml, CancellationToken ct) =>
        output.SendDocumentAsync(ChatId, fileName, content, captionHtml, ct);

    /// <summary>Answers the button press, once; later calls do nothing.</summary>
    public async Task ToastAsync(string? text, CancellationToken ct)
    {
        if (update.Callback is not { } callback || callbackAnswered) return;
        callbackAnswered = true;
        await output.AnswerCallbackAsync(callback.Id, text, ct);
    }
}
