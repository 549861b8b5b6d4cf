using System.Threading.RateLimiting;
using QuizBot.Data;

namespace QuizBot.Telegram;

/// <summary>
/// Telegram's sending limits as one chained limiter: a private chat gets a short burst then about one message a
/// second, a group twenty a minute, and every chat shares the overall thirty a second. Waiting requests queue
/// in arrival order, so nothing is refused: it is sent later. The limits are the bot's: with several instances
/// each takes its share of the overall rate (a chat's own limit is kept by the instance whose turn the chat is).
/// </summary>
public static class TelegramLimits
{
    public static PartitionedRateLimiter<long> Create(TelegramOptions options) => Create(options, instances: null);

    public static PartitionedRateLimiter<long> Create(TelegramOptions options, ServiceInstances? instances)
    {
        var perChat = PartitionedRateLimiter.Create<long, long>(chatId => chatId < 0
            ? RateLimitPartition.GetSlidingWindowLimiter(chatId, _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = options.MessagesPerMinutePerGroup,
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 6,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })
            : RateLimitPartition.GetTokenBucketLimiter(chatId, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.ChatBurst,
                TokensPerPeriod = options.MessagesPerSecondPerChat,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
        // Refilled one message at a time (at 30/s, one every 34 ms; above 100/s in 10 ms steps), so the pace is smooth
        // rather than thirty at the top of each second, with a bucket of one step: Telegram counts any second, so a
        // full bucket on top of the refill would overrun it. 2 % slower than the limit, so timer jitter cannot
        // put a thirty-first message into a second.
        if (instances is not { Shared: true }) return PartitionedRateLimiter.CreateChained(perChat, Overall(options.MessagesPerSecond));
        var share = new SharedRate(options.MessagesPerSecond, instances);
        return PartitionedRateLimiter.CreateChained(perChat, PartitionedRateLimiter.Create<long, int>(_ => RateLimitPartition.Get(0, _ => share)));
    }

    /// <summary>The overall rate, <paramref name="perSecond"/> messages a second.</summary>
    private static PartitionedRateLimiter<long> Overall(double perSecond)
    {
        var ticksPerSecond = Math.Min(perSecond, 100);
        var step = Math.Max(1, (int)Math.Ceiling(perSecond / ticksPerSecond));
        // A factory, not one instance: the partitioned limiter disposes a partition idle for a while and asks anew.
        TokenBucketRateLimiter Bucket() => new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = step,
            TokensPerPeriod = step,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1.02 / ticksPerSecond),
            // Its own timer: a partition's bucket is refilled by the partitioned limiter's 100 ms tick, which skips
            // a refill whenever it comes a hair early, and the broadcast lost a tenth of its rate that way.
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        return PartitionedRateLimiter.Create<long, int>(_ => RateLimitPartition.Get(0, _ => Bucket()));
    }

    /// <summary>
    /// This instance's share of the overall rate: the rate ÷ the instances alive, made anew when that number changes.
    /// Each request waits at the share current when it asks: those queued at the old share are served by it.
    /// </summary>
    private sealed class SharedRate : RateLimiter
    {
        private readonly double perSecond;
        private PartitionedRateLimiter<long> current;

        public SharedRate(double perSecond, ServiceInstances instances)
        {
            this.perSecond = perSecond;
            current = Overall(perSecond / instances.Alive);
            instances.AliveChanged += alive => Volatile.Write(ref current, Overall(this.perSecond / alive));
        }

        private PartitionedRateLimiter<long> Current => Volatile.Read(ref current);

        /// <summary>Never idle: the partitioned limiter must not dispose the one share it has.</summary>
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => Current.GetStatistics(0);

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => Current.AttemptAcquire(0, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken ct) => Current.AcquireAsync(0, permitCount, ct);
    }
}

/// <summary>
/// The lower-priority lane for bulk sends (reminders): a wave takes at most <see cref="TelegramOptions.BulkShare"/>
/// of the overall rate, one message at a time, and waits for its turn before its messages join any chat's queue, so
/// the rest of the rate is always there for people in a conversation.
/// </summary>
public sealed class BulkLane : IDisposable
{
    private readonly TokenBucketRateLimiter bucket;

    public BulkLane(TelegramOptions options)
    {
        var perSecond = Math.Max(1, options.MessagesPerSecond * options.BulkShare);
        bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / perSecond),
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public async Task WaitTurnAsync(CancellationToken ct)
    {
        using var lease = await bucket.AcquireAsync(1, ct);
        if (!lease.IsAcquired) throw new OperationCanceledException(ct);
    }

    public void Dispose() => bucket.Dispose();
}
