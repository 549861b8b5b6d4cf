using Microsoft.EntityFrameworkCore;
using QuizBot.Data;

namespace QuizBot.Telegram;

/// <summary>What Telegram's refusals mean for our records: a blocked bot, a group that moved to a new id.</summary>
public sealed class TelegramChatEvents(IServiceScopeFactory scopes, WriteGate gate, ILogger<TelegramChatEvents> log)
{
    /// <summary>The user blocked the bot: no more reminders until they write again.</summary>
    public async Task ChatBlockedAsync(long chatId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var participants = scope.ServiceProvider.GetRequiredService<QuizBotDb>().Participants;
        var count = await gate.WriteAsync(() => participants
            .Where(p => p.Transport == Transport.Telegram && p.ChatId == chatId && p.IsActive)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.IsActive, false), ct), ct);
        if (count > 0) log.LogInformation("Chat {ChatId} blocked the bot; participant marked inactive", chatId);
    }

    public async Task ChatMigratedAsync(long oldChatId, long newChatId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        await gate.WriteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Participants.Where(p => p.Transport == Transport.Telegram && p.ChatId == oldChatId)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.ChatId, newChatId), ct);
        await db.Attempts.Where(s => s.Transport == Transport.Telegram && s.ChatId == oldChatId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ChatId, newChatId), ct);
            await db.Outbox.Where(o => o.ChatId == oldChatId && o.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(o => o.SetProperty(x => x.ChatId, newChatId), ct);
            await transaction.CommitAsync(ct);
            return true;
        }, ct);
    }
}
