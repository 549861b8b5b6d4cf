using System.Collections.Concurrent;
using QuizBot.Conversation;

namespace QuizBot.WebChat;

public sealed record WebMessage(int Id, bool FromUser, string Html, IReadOnlyList<IReadOnlyList<Button>>? Buttons, long Version);

/// <summary>
/// The web chat's screen contents, in memory: what the bot sent to each browser chat, with a version the page
/// polls against. Answers live in the database; this is only the transcript, and is rebuilt by /start after a restart.
/// </summary>
public sealed class WebChatStore
{
    public const int MaxMessagesPerChat = 300;

    /// <summary>Browser chats kept in memory; past this the longest idle tenth is forgotten (their answers are stored).</summary>
    public int MaxChats { get; init; } = 10_000;

    private readonly ConcurrentDictionary<long, ChatLog> chats = new();
    private readonly ConcurrentDictionary<string, string?> toasts = new();
    private long version;

    /// <summary>Changes at every start, so a page can tell that message ids started again.</summary>
    public string Instance { get; } = Guid.NewGuid().ToString("N")[..12];

    public int Add(long chatId, bool fromUser, OutgoingMessage message)
    {
        var log = chats.GetOrAdd(chatId, _ => new ChatLog());
        Volatile.Write(ref log.LastActive, Interlocked.Increment(ref version));
        if (chats.Count > MaxChats) ForgetIdleChats();
        lock (log)
        {
            var id = ++log.LastId;
            log.Messages.Add(new WebMessage(id, fromUser, message.Html, message.Buttons, Interlocked.Increment(ref version)));
            if (log.Messages.Count > MaxMessagesPerChat) log.Messages.RemoveAt(0);
            log.Notify();
            return id;
        }
    }

    public bool Edit(long chatId, int messageId, OutgoingMessage message)
    {
        if (!chats.TryGetValue(chatId, out var log)) return false;
        lock (log)
        {
            var index = log.Messages.FindIndex(m => m.Id == messageId);
            if (index < 0) return false;
            log.Messages[index] = log.Messages[index] with { Html = message.Html, Buttons = message.Buttons, Version = Interlocked.Increment(ref version) };
            log.Notify();
            return true;
        }
    }

    /// <summary>Messages added or edited after <paramref name="after"/>; waits up to <paramref name="wait"/> for one.</summary>
    public async Task<(long Version, IReadOnlyList<WebMessage> Messages)> SinceAsync(long chatId, long after, TimeSpan wait, CancellationToken ct)
    {
        var log = chats.GetOrAdd(chatId, _ => new ChatLog());
        Task changed;
        lock (log)
        {
            var fresh = log.Messages.Where(m => m.Version > after).ToList();
            if (fresh.Count > 0 || wait <= TimeSpan.Zero) return (log.Messages.Select(m => m.Version).DefaultIfEmpty(after).Max(), fresh);
            changed = log.Changed.Task;
        }
        try
        {
            await changed.WaitAsync(wait, ct);
        }
        catch (TimeoutException)
        {
        }
        return await SinceAsync(chatId, after, TimeSpan.Zero, ct);
    }

    public int ChatCount => chats.Count;

    private void ForgetIdleChats()
    {
        lock (chats)
        {
            if (chats.Count <= MaxChats) return;
            foreach (var idle in chats.OrderBy(c => Volatile.Read(ref c.Value.LastActive)).Take(chats.Count - MaxChats * 9 / 10).ToList())
            {
                chats.TryRemove(idle);
            }
        }
    }

    public void SetToast(string callbackId, string? text) => toasts[callbackId] = text;

    public string? TakeToast(string callbackId) => toasts.TryRemove(callbackId, out var text) ? text : null;

    private sealed class ChatLog
    {
        public readonly List<WebMessage> Messages = [];
        public int LastId;
        public long LastActive;
        public TaskCompletionSource Changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Notify()
        {
            Changed.TrySetResult();
            Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
