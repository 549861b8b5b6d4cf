using System.Threading.Channels;

namespace QuizBot.Conversation;

/// <summary>
/// One queue and one worker per key (a chat; in a group, a chat and a person): items of a key are handled one
/// after the other, in the order they were queued, while different keys run in parallel. A worker ends when its
/// key has nothing left, so idle chats cost nothing.
/// </summary>
public sealed class ChatQueues<TKey, T>(Func<TKey, T, CancellationToken, Task> handle) : IAsyncDisposable where TKey : notnull
{
    private readonly Dictionary<TKey, Channel<T>> chats = [];
    private readonly List<Task> workers = [];
    private readonly CancellationTokenSource stopping = new();

    public void Enqueue(TKey chatId, T item)
    {
        lock (chats)
        {
            if (!chats.TryGetValue(chatId, out var queue))
            {
                queue = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
                chats.Add(chatId, queue);
                workers.RemoveAll(t => t.IsCompleted);
                workers.Add(Task.Run(() => DrainAsync(chatId, queue), CancellationToken.None));
            }
            queue.Writer.TryWrite(item);
        }
    }

    /// <summary>The handler must not throw: it owns its errors (an item left unhandled is its business).</summary>
    private async Task DrainAsync(TKey chatId, Channel<T> queue)
    {
        while (!stopping.IsCancellationRequested)
        {
            T? item;
            lock (chats)
            {
                if (!queue.Reader.TryRead(out item))
                {
                    chats.Remove(chatId);
                    return;
                }
            }
            await handle(chatId, item, stopping.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        Task[] running;
        lock (chats) running = [.. workers];
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        stopping.Dispose();
    }
}
