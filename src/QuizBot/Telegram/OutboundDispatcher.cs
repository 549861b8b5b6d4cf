using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuizBot.Conversation;
using QuizBot.Data;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace QuizBot.Telegram;

/// <summary>
/// Every send and edit to Telegram goes through here. Each message is written to the outbox first, then sent by
/// its chat's worker in order, within Telegram's limits; 429s wait as told, server and network failures are
/// retried with back-off, and what was still queued at a crash is sent after the restart.
/// </summary>
public sealed class OutboundDispatcher(
    ITelegramBotClient client,
    PartitionedRateLimiter<long> limiter,
    OutboxWriter outbox,
    TelegramChatEvents events,
    TimeProvider clock,
    IOptions<TelegramOptions> options,
    ILogger<OutboundDispatcher> log) : IAsyncDisposable
{
    /// <summary>
    /// Calls answered with a success the client cannot read, after which a message is given up: Telegram most
    /// likely has it, and trying it again and again would hold up everything queued behind it in its chat.
    /// </summary>
    public const int MaxUnreadableAnswers = 3;

    private ChatQueues<long, Work>? queues;

    private ChatQueues<long, Work> Queues => LazyInitializer.EnsureInitialized(ref queues, () => new ChatQueues<long, Work>(DeliverOrGiveUpAsync));

    /// <summary>Queues a new message and completes when Telegram has it (with the message, where it says).</summary>
    public async Task<Message?> SendAsync(long chatId, string text, InlineKeyboardMarkup? keyboard, CancellationToken ct)
    {
        var (stored, sent) = Send(chatId, text, keyboard, ct);
        await stored;
        return await sent.WaitAsync(ct);
    }

    /// <summary>Queues a new message: <c>Stored</c> completes once it is in the outbox, <c>Sent</c> when Telegram has it.</summary>
    /// <param name="kept">False for a message that can be made again (see <see cref="OutgoingMessage.Regenerable"/>): not written to the outbox.</param>
    public (Task Stored, Task<Message?> Sent) Send(long chatId, string text, InlineKeyboardMarkup? keyboard, CancellationToken ct,
        bool noLinkPreview = false, bool kept = true)
    {
        var work = Queue(new OutboxMessage { ChatId = chatId, Kind = OutboxKind.Send, Text = text, ReplyMarkup = Json(keyboard), NoLinkPreview = noLinkPreview }, kept, ct);
        return (work.Stored, work.Done.Task);
    }

    /// <summary>Queues an edit; it is applied in order after everything queued before it for the chat.</summary>
    public Task EditAsync(long chatId, int messageId, string text, InlineKeyboardMarkup? keyboard, CancellationToken ct) =>
        Edit(chatId, messageId, text, keyboard, ct).Stored;

    /// <summary>Queues an edit: <c>Stored</c> as for <see cref="Send"/>, <c>Sent</c> with the edited message (or the new one it became).</summary>
    public (Task Stored, Task<Message?> Sent) Edit(long chatId, int messageId, string text, InlineKeyboardMarkup? keyboard, CancellationToken ct,
        bool noLinkPreview = false, bool kept = true)
    {
        var work = Queue(new OutboxMessage
        {
            ChatId = chatId, Kind = OutboxKind.Edit, MessageId = messageId, Text = text, ReplyMarkup = Json(keyboard), NoLinkPreview = noLinkPreview,
        }, kept, ct);
        return (work.Stored, work.Done.Task);
    }

    /// <summary>
    /// Queues an edit and then a new message of one chat, stored in one write: a stop cannot leave the edit stored
    /// without the message after it. <c>Stored</c> completes once both are; <c>Sent</c> with the new message.
    /// </summary>
    public (Task Stored, Task<Message?> Sent) EditThenSend(long chatId, int messageId, string editText, InlineKeyboardMarkup? editKeyboard,
        string text, InlineKeyboardMarkup? keyboard, CancellationToken ct, bool noLinkPreview = false)
    {
        OutboxMessage[] rows =
        [
            new() { ChatId = chatId, Kind = OutboxKind.Edit, MessageId = messageId, Text = editText, ReplyMarkup = Json(editKeyboard), NoLinkPreview = noLinkPreview },
            new() { ChatId = chatId, Kind = OutboxKind.Send, Text = text, ReplyMarkup = Json(keyboard), NoLinkPreview = noLinkPreview },
        ];
        foreach (var row in rows)
        {
            row.CreatedAt = clock.GetUtcNow().UtcDateTime;
            row.UpdateId = TelegramUpdatePipeline.CurrentUpdateId;
        }
        var stored = outbox.AddAllAsync(rows, ct);
        var works = rows.Select(row => new Work(row, stored, kept: true)).ToList();
        foreach (var work in works) Enqueue(work);
        return (stored, works[^1].Done.Task);
    }

    /// <summary>Queues a file with its caption, kept in the outbox like any message until Telegram has it.</summary>
    public Task DocumentAsync(long chatId, string fileName, byte[] content, string caption, CancellationToken ct) =>
        Queue(new OutboxMessage { ChatId = chatId, Kind = OutboxKind.Document, Text = caption, Attachment = content, AttachmentName = fileName }, kept: true, ct).Stored;

    /// <summary>Queues an image (PNG or JPEG) shown in the chat with its caption, kept in the outbox like a document.</summary>
    public Task PhotoAsync(long chatId, byte[] image, string caption, CancellationToken ct) =>
        Queue(new OutboxMessage { ChatId = chatId, Kind = OutboxKind.Photo, Text = caption, Attachment = image, AttachmentName = "chart.png" }, kept: true, ct).Stored;

    /// <summary>
    /// Takes the message's place in its chat's queue at once, so concurrent callers keep their order, and stores it;
    /// the chat's worker sends it only once it is stored (a message not kept, at once).
    /// </summary>
    private Work Queue(OutboxMessage row, bool kept, CancellationToken ct)
    {
        row.CreatedAt = clock.GetUtcNow().UtcDateTime;
        row.UpdateId = TelegramUpdatePipeline.CurrentUpdateId;
        var work = new Work(row, kept ? outbox.AddAsync(row, ct) : Task.CompletedTask, kept);
        Enqueue(work);
        return work;
    }

    /// <summary>Queues what a previous run (or a stopped instance) left unsent, oldest first.</summary>
    public async Task ResumeAsync(CancellationToken ct)
    {
        var pending = await outbox.TakeOverAsync(ct);
        foreach (var row in pending) Enqueue(new Work(row, Task.CompletedTask, kept: true));
        if (pending.Count > 0) log.LogInformation("Resuming {Count} queued Telegram messages", pending.Count);
    }

    /// <summary>Queues the unsent messages taken over with a stopped instance's chats (already this instance's in the outbox), oldest first.</summary>
    public async Task TakeOverAsync(IReadOnlyList<long> outboxIds, CancellationToken ct)
    {
        if (outboxIds.Count == 0) return;
        var taken = await outbox.ReadAsync(outboxIds, ct);
        foreach (var row in taken) Enqueue(new Work(row, Task.CompletedTask, kept: true));
        log.LogInformation("Sending {Count} messages a stopped instance left unsent in the chats taken over", taken.Count);
    }

    private void Enqueue(Work work) => Queues.Enqueue(work.Row.ChatId, work);

    private async Task DeliverOrGiveUpAsync(long chatId, Work work, CancellationToken ct)
    {
        try
        {
            await DeliverAsync(work, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the row stays pending in the outbox and is sent after the restart.
            work.Done.TrySetCanceled(ct);
        }
        catch (Exception e)
        {
            log.LogError(e, "Outbox message {OutboxId} could not be handled", work.Row.Id);
            work.Done.TrySetResult(null);
        }
    }

    private async Task DeliverAsync(Work work, CancellationToken ct)
    {
        var row = work.Row;
        try
        {
            await work.Stored.WaitAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not stored, so not promised to anyone: the caller has the error already.
            work.Done.TrySetResult(null);
            return;
        }
        for (int failures = 0, unreadable = 0; ; row.Attempts++)
        {
            using (var lease = await limiter.AcquireAsync(row.ChatId, 1, ct))
            {
                // Queue limits are unbounded, so a lease is only ever refused when the limiter is disposed at shutdown.
                if (!lease.IsAcquired) throw new OperationCanceledException(ct);
            }
            try
            {
                var message = await CallAsync(row, ct);
                Finish(work, OutboxStatus.Sent, error: null);
                work.Done.TrySetResult(message);
                return;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 429)
            {
                var wait = TimeSpan.FromSeconds(Math.Max(1, e.Parameters?.RetryAfter ?? 1));
                // Only this chat's queue waits: a flood wait in one chat must not hold up every other chat.
                log.LogWarning("Telegram asked to slow down for chat {ChatId}: waiting {Wait}", row.ChatId, wait);
                await Task.Delay(wait, clock, ct);
            }
            catch (ApiRequestException e) when (e.Parameters?.MigrateToChatId is { } newChatId)
            {
                log.LogInformation("Group {ChatId} became supergroup {NewChatId}; resending there", row.ChatId, newChatId);
                await events.ChatMigratedAsync(row.ChatId, newChatId, ct);
                row.ChatId = newChatId;
            }
            catch (ApiRequestException e) when (row.Kind == OutboxKind.Edit && e.ErrorCode == 400)
            {
                if (e.Message.Contains("not modified", StringComparison.OrdinalIgnoreCase))
                {
                    Finish(work, OutboxStatus.Sent, error: null);
                    work.Done.TrySetResult(null);
                    return;
                }
                // Too old to edit, or deleted by the user: show it as a new message instead.
                log.LogInformation("Edit of message {MessageId} in chat {ChatId} refused ({Reason}); sending anew", row.MessageId, row.ChatId, e.Message);
                row.Kind = OutboxKind.Send;
                row.MessageId = null;
            }
            catch (ApiRequestException e) when (e.ErrorCode is 400 or 403)
            {
                // Retrying cannot help: the request is wrong, or the user blocked the bot.
                log.LogWarning("Telegram refused a message to chat {ChatId}: {Error} {Reason}", row.ChatId, e.ErrorCode, e.Message);
                if (e.ErrorCode == 403) await events.ChatBlockedAsync(row.ChatId, ct);
                Finish(work, OutboxStatus.Failed, $"{e.ErrorCode} {e.Message}");
                work.Done.TrySetResult(null);
                return;
            }
            catch (RequestException e) when (e is not ApiRequestException && e.HttpStatusCode == HttpStatusCode.OK)
            {
                if (++unreadable < MaxUnreadableAnswers)
                {
                    log.LogDebug("Telegram's answer for outbox message {OutboxId} could not be read ({Reason}); trying again", row.Id, e.Message);
                    await Task.Delay(Backoff.After(unreadable, maxSeconds: 5), clock, ct);
                    continue;
                }
                log.LogError("Outbox message {OutboxId} to chat {ChatId} given up after {Attempts} answers that could not be read: {Reason}",
                    row.Id, row.ChatId, unreadable, e.Message);
                Finish(work, OutboxStatus.Failed, $"unreadable answer: {e.Message}");
                work.Done.TrySetResult(null);
                return;
            }
            catch (RequestException e)
            {
                var delay = Backoff.After(++failures, maxSeconds: 60);
                log.LogWarning("Sending to chat {ChatId} failed ({Reason}); retry in {Delay}", row.ChatId, e.Message, delay);
                await Task.Delay(delay, clock, ct);
            }
        }
    }

    private async Task<Message?> CallAsync(OutboxMessage row, CancellationToken ct)
    {
        var keyboard = row.ReplyMarkup is null ? null : JsonSerializer.Deserialize<InlineKeyboardMarkup>(row.ReplyMarkup, JsonBotAPI.Options);
        var paid = options.Value.AllowPaidBroadcast;
        var preview = row.NoLinkPreview ? new LinkPreviewOptions { IsDisabled = true } : null;
        switch (row.Kind)
        {
            case OutboxKind.Edit:
                return await client.EditMessageText(row.ChatId, row.MessageId!.Value, row.Text, ParseMode.Html, linkPreviewOptions: preview,
                    replyMarkup: keyboard, cancellationToken: ct);
            case OutboxKind.Document:
                await using (var file = new MemoryStream(row.Attachment ?? []))
                {
                    return await client.SendDocument(row.ChatId, InputFile.FromStream(file, row.AttachmentName ?? "file"), row.Text, ParseMode.Html,
                        allowPaidBroadcast: paid, cancellationToken: ct);
                }
            case OutboxKind.Photo:
                await using (var file = new MemoryStream(row.Attachment ?? []))
                {
                    return await client.SendPhoto(row.ChatId, InputFile.FromStream(file, row.AttachmentName ?? "photo.png"), row.Text, ParseMode.Html,
                        allowPaidBroadcast: paid, cancellationToken: ct);
                }
            default:
                return await client.SendMessage(row.ChatId, row.Text, ParseMode.Html, replyMarkup: keyboard, linkPreviewOptions: preview,
                    allowPaidBroadcast: paid, cancellationToken: ct);
        }
    }

    /// <summary>Written with the next outbox group: a crash in between re-sends at most those few messages.</summary>
    private void Finish(Work work, OutboxStatus status, string? error)
    {
        if (!work.Kept) return;
        var row = work.Row;
        row.Status = status;
        row.DoneAt = clock.GetUtcNow().UtcDateTime;
        row.Attempts++;
        row.Error = error;
        outbox.Finish(row);
    }

    private static string? Json(InlineKeyboardMarkup? keyboard) =>
        keyboard is null ? null : JsonSerializer.Serialize(keyboard, JsonBotAPI.Options);

    /// <summary>Ends the chats' workers; a second call (the host's stop, then the container) does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref queues, null) is { } running) await running.DisposeAsync();
    }

    private sealed class Work(OutboxMessage row, Task stored, bool kept)
    {
        /// <summary>Written to the outbox; false for a message that can be made again, whose fate is not recorded.</summary>
        public bool Kept { get; } = kept;

        public OutboxMessage Row { get; } = row;

        public Task Stored { get; } = stored;

        public TaskCompletionSource<Message?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
