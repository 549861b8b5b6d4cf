using QuizBot.Data;

namespace QuizBot.Conversation;

/// <summary>Where an update came from: a chat on one transport.</summary>
public sealed record ChatRef(Transport Transport, long ChatId, bool IsPrivate = true);

/// <summary>Who sent it. DisplayName is empty where the transport knows no name (the web chat).</summary>
public sealed record Sender(long Id, string DisplayName, string? Username = null);

public sealed record CallbackRef(string Id, string Data, int? MessageId);

/// <summary>One update in transport-neutral form: a text message or a button press.</summary>
/// <param name="ReceivedAt">When the transport took it in (UTC); null: when it is handled.</param>
public sealed record IncomingUpdate(ChatRef Chat, Sender From, string? Text, CallbackRef? Callback = null, DateTime? ReceivedAt = null)
{
    /// <summary>The sequence this update is handled in, one after another; see <see cref="UpdateOrder"/>.</summary>
    public UpdateOrder Order => UpdateOrder.Of(Chat.ChatId, Chat.IsPrivate, Callback is not null, From.Id);
}

/// <summary>
/// Updates of one order key are handled one by one, in order; different keys in parallel. A key is the chat,
/// except for a button press in a group: there it is the chat and the person, so that hundreds of members
/// answering the same question are handled together while each person's own presses keep their order.
/// </summary>
public readonly record struct UpdateOrder(long ChatId, long UserId)
{
    public static UpdateOrder Of(long chatId, bool isPrivate, bool isPress, long userId) =>
        new(chatId, !isPrivate && isPress ? userId : 0);
}

public sealed record Button(string Text, string Data);

/// <summary>A message to show: HTML limited to b, i, code and escaped text, and rows of buttons.</summary>
/// <param name="NoLinkPreview">
/// Show no preview of a link in the text: where the transport would fetch the link to draw one (Telegram does), and
/// the link must not be fetched by anyone but the person (a one-time login link).
/// </param>
/// <param name="Regenerable">
/// Made again from the database should it be lost (a board): it is sent without being kept in the outbox, and
/// queuing it completes only once it is on screen. The update it answers stays unfinished until then, so a crash
/// before Telegram has it answers the update again. Saves the reply a write turn.
/// </param>
public sealed record OutgoingMessage(string Html, IReadOnlyList<IReadOnlyList<Button>>? Buttons = null, bool NoLinkPreview = false, bool Regenerable = false);

/// <summary>A message queued for a chat. <see cref="Shown"/> completes once it is on screen, with its id where the transport reports one.</summary>
public sealed record QueuedMessage(Task<int?> Shown)
{
    /// <summary>Waits for two messages queued one after the other (both already under way); returns the second.</summary>
    public static async Task<QueuedMessage> BothAsync(Task<QueuedMessage> first, Task<QueuedMessage> second)
    {
        await Task.WhenAll(first, second);
        return await second;
    }
}

/// <summary>What a transport must do for the conversation core.</summary>
public interface IChatOutput
{
    Transport Transport { get; }

    /// <summary>
    /// Queues a message and completes once it is safely queued (it will be shown, also after a crash), without
    /// waiting for it to be shown: a handler does not hold its chat while Telegram's limits pace the sending.
    /// A <see cref="OutgoingMessage.Regenerable"/> message is not kept: this completes once it is shown.
    /// </summary>
    Task<QueuedMessage> SendAsync(long chatId, OutgoingMessage message, CancellationToken ct);

    /// <summary>Queues an edit, like <see cref="SendAsync"/>; <c>Shown</c> gives the message's id (a new one where the edit had to become a new message).</summary>
    Task<QueuedMessage> EditAsync(long chatId, int messageId, OutgoingMessage message, CancellationToken ct);

    /// <summary>
    /// Queues an edit and then a new message, as <see cref="EditAsync"/> and <see cref="SendAsync"/> would, but as one:
    /// where messages are stored before they are sent, both are stored together, so that a stop between the two
    /// cannot leave the edit queued without the message after it (an update that queued a message counts as handled,
    /// and is not handled again). Returns the new message.
    /// </summary>
    Task<QueuedMessage> EditThenSendAsync(long chatId, int messageId, OutgoingMessage edit, OutgoingMessage message, CancellationToken ct) =>
        QueuedMessage.BothAsync(EditAsync(chatId, messageId, edit, ct), SendAsync(chatId, message, ct));

    /// <summary>Queues a file with a caption; false where the transport cannot deliver files.</summary>
    Task<bool> SendDocumentAsync(long chatId, string fileName, byte[] content, string captionHtml, CancellationToken ct);

    /// <summary>Queues an image shown in the chat with a caption; false where the transport cannot show images.</summary>
    Task<bool> SendPhotoAsync(long chatId, byte[] png, string captionHtml, CancellationToken ct);

    Task AnswerCallbackAsync(string callbackId, string? toast, CancellationToken ct);

    /// <summary>
    /// Waits for a turn in the lower-priority lane, before a bulk message (a reminder) is queued: bulk sends take
    /// only part of the transport's capacity, so a person in a conversation is never queued behind a wave.
    /// </summary>
    Task WaitBulkTurnAsync(CancellationToken ct);
}

public sealed class ChatOutputs(IEnumerable<IChatOutput> outputs)
{
    private readonly Dictionary<Transport, IChatOutput> byTransport = outputs.ToDictionary(o => o.Transport);

    public IChatOutput For(Transport transport) =>
        byTransport.TryGetValue(transport, out var output)
            ? output
            : throw new InvalidOperationException($"No chat output is registered for {transport}");
}

/// <summary>The bot's own Telegram @username once Telegram has told it (null: web chat only, or not yet).</summary>
public sealed class BotIdentity
{
    public string? Username { get; set; }
}
