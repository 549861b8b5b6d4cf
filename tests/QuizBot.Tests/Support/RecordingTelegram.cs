using System.Collections.Concurrent;
using QuizBot.Conversation;
using QuizBot.Data;

namespace QuizBot.Tests.Support;

/// <summary>
/// Telegram as the conversation core sees it, recorded: messages with their ids, edits, toasts, documents and
/// photos, per chat. Registered as the Telegram output of an in-process host, in place of the real dispatcher.
/// </summary>
public sealed class RecordingTelegram : IChatOutput
{
    private readonly object gate = new();
    private readonly List<Shown> shown = [];
    private readonly ConcurrentQueue<(long ChatId, byte[] Png, string Caption)> photos = new();
    private int nextId = 100;

    public sealed record Shown(long ChatId, int Id, string Html, IReadOnlyList<IReadOnlyList<Button>>? Buttons, bool Edit, bool NoLinkPreview = false);

    public ConcurrentDictionary<string, string?> Toasts { get; } = new();

    public ConcurrentQueue<(string Name, byte[] Bytes)> Documents { get; } = new();

    private CancellationTokenSource? stopping;

    public Transport Transport => Transport.Telegram;

    /// <summary>
    /// Stops the handling under way at its next message, as the instance stopping there would: what it wrote stays,
    /// that message and everything after it is never queued, and the handling ends cancelled by <paramref name="stop"/>
    /// (what the inbox leaves unfinished, to be handled again).
    /// </summary>
    public void StopAtNextMessage(CancellationTokenSource stop) => stopping = stop;

    private void StopHere()
    {
        if (Interlocked.Exchange(ref stopping, null) is not { } stop) return;
        stop.Cancel();
        stop.Token.ThrowIfCancellationRequested();
    }

    public Task<QueuedMessage> SendAsync(long chatId, OutgoingMessage message, CancellationToken ct)
    {
        StopHere();
        lock (gate)
        {
            var id = nextId++;
            shown.Add(new Shown(chatId, id, message.Html, message.Buttons, Edit: false, message.NoLinkPreview));
            return Task.FromResult(new QueuedMessage(Task.FromResult<int?>(id)));
        }
    }

    public Task<QueuedMessage> EditAsync(long chatId, int messageId, OutgoingMessage message, CancellationToken ct)
    {
        StopHere();
        lock (gate) shown.Add(new Shown(chatId, messageId, message.Html, message.Buttons, Edit: true, message.NoLinkPreview));
        return Task.FromResult(new QueuedMessage(Task.FromResult<int?>(messageId)));
    }

    /// <summary>Every edit and new message queued as one (<see cref="EditThenSendAsync"/>): the chat, the edited message, the new one.</summary>
    public ConcurrentQueue<(long ChatId, int Edited, int Sent)> Together { get; } = new();

    /// <summary>Both at once, as the dispatcher stores them: a stop here leaves neither.</summary>
    public Task<QueuedMessage> EditThenSendAsync(long chatId, int messageId, OutgoingMessage edit, OutgoingMessage message, CancellationToken ct)
    {
        StopHere();
        lock (gate)
        {
            shown.Add(new Shown(chatId, messageId, edit.Html, edit.Buttons, Edit: true, edit.NoLinkPreview));
            var id = nextId++;
            shown.Add(new Shown(chatId, id, message.Html, message.Buttons, Edit: false, message.NoLinkPreview));
            Together.Enqueue((chatId, messageId, id));
            return Task.FromResult(new QueuedMessage(Task.FromResult<int?>(id)));
        }
    }

    public Task<bool> SendDocumentAsync(long chatId, string fileName, byte[] content, string captionHtml, CancellationToken ct)
    {
        Documents.Enqueue((fileName, content));
        return Task.FromResult(true);
    }

    public Task<bool> SendPhotoAsync(long chatId, byte[] png, string captionHtml, CancellationToken ct)
    {
        photos.Enqueue((chatId, png, captionHtml));
        return Task.FromResult(true);
    }

    public Task AnswerCallbackAsync(string callbackId, string? toast, CancellationToken ct)
    {
        Toasts[callbackId] = toast;
        return Task.CompletedTask;
    }

    public Task WaitBulkTurnAsync(CancellationToken ct) => Task.CompletedTask;

    public Shown LastTo(long chatId)
    {
        lock (gate) return shown.Last(m => m.ChatId == chatId);
    }

    public List<Shown> All(long chatId)
    {
        lock (gate) return shown.Where(m => m.ChatId == chatId).ToList();
    }

    /// <summary>The texts of the new messages sent to the chat (not the edits).</summary>
    public List<string> Texts(long chatId)
    {
        lock (gate) return shown.Where(m => m.ChatId == chatId && !m.Edit).Select(m => m.Html).ToList();
    }

    public List<(byte[] Png, string Caption)> Photos(long chatId) => photos.Where(p => p.ChatId == chatId).Select(p => (p.Png, p.Caption)).ToList();

    public int MessagesTo(long chatId)
    {
        lock (gate) return shown.Count(m => m.ChatId == chatId && !m.Edit);
    }

    public int EditsTo(long chatId)
    {
        lock (gate) return shown.Count(m => m.ChatId == chatId && m.Edit);
    }

    public void Clear()
    {
        lock (gate) shown.Clear();
    }
}
