using System.Threading.Channels;

namespace QuizBot.Conversation;

/// <summary>
/// One queue and one worker per chat: items of a chat are handled one after the other, in the order they were
/// queued, while different chats run in parallel. A worker ends when its chat has nothing left, so idle chats
/// cost nothing.
/// </summary>
public sealed class ChatQueues<T>(Func<long, T, CancellationToken, Task> handle) : IAsyncDisposable
{
    private readonly Dictionary<long, Channel<T>> chats = [];
    private readonly List<Task> workers = [];
    private readonly CancellationTokenSource stopping = new();

    public void Enqueue(long chatId, T item)
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
    private async Task DrainAsync(long chatId, Channel<T> queue)
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
