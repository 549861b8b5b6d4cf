using System.Threading.RateLimiting;

namespace QuizBot.Telegram;

/// <summary>
/// Telegram's sending limits as one chained limiter: a private chat gets a short burst then about one message a
/// second, a group twenty a minute, and every chat shares the overall thirty a second. Waiting requests queue
/// in arrival order, so nothing is refused: it is sent later.
/// </summary>
public static class TelegramLimits
{
    public static PartitionedRateLimiter<long> Create(TelegramOptions options)
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
        var ticksPerSecond = Math.Min(options.MessagesPerSecond, 100);
        var step = (int)Math.Ceiling((double)options.MessagesPerSecond / ticksPerSecond);
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
        var overall = PartitionedRateLimiter.Create<long, int>(_ => RateLimitPartition.Get(0, _ => Bucket()));
        return PartitionedRateLimiter.CreateChained(perChat, overall);
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
