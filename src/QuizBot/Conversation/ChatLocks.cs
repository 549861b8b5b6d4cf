using System.Collections.Concurrent;
using QuizBot.Data;

namespace QuizBot.Conversation;

/// <summary>
/// Serialises work per chat (per <see cref="UpdateOrder"/>): two quick taps, or a tap racing the question's timer,
/// are handled one after the other, while different chats, and different members pressing in a group, run in parallel.
/// </summary>
public sealed class ChatLocks
{
    private readonly ConcurrentDictionary<(Transport, UpdateOrder), Gate> gates = new();

    public Task<IDisposable> AcquireAsync(Transport transport, long chatId, CancellationToken ct) =>
        AcquireAsync(transport, new UpdateOrder(chatId, 0), ct);

    public async Task<IDisposable> AcquireAsync(Transport transport, UpdateOrder order, CancellationToken ct)
    {
        var key = (transport, order);
        while (true)
        {
            var gate = gates.GetOrAdd(key, _ => new Gate());
            lock (gate)
            {
                if (gate.Retired) continue;
                gate.Users++;
            }
            try
            {
                await gate.Semaphore.WaitAsync(ct);
            }
            catch
            {
                Release(key, gate, held: false);
                throw;
            }
            return new Lease(() => Release(key, gate, held: true));
        }
    }

    private void Release((Transport, UpdateOrder) key, Gate gate, bool held)
    {
        if (held) gate.Semaphore.Release();
        lock (gate)
        {
            // The last user removes the gate so the dictionary does not grow with every chat ever seen.
            if (--gate.Users == 0)
            {
                gate.Retired = true;
                gates.TryRemove(new KeyValuePair<(Transport, UpdateOrder), Gate>(key, gate));
            }
        }
    }

    private sealed class Gate
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
        public bool Retired;
    }

    private sealed class Lease(Action release) : IDisposable
    {
        private Action? onDispose = release;

        public void Dispose() => Interlocked.Exchange(ref onDispose, null)?.Invoke();
    }
}
