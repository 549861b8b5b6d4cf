using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuizBot.Data;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace QuizBot.Telegram;

/// <summary>
/// Long polling: fetches updates, has the pipeline store them (it hands them to the chats' workers), then confirms
/// them to Telegram and keeps the next offset, so a restart neither replays confirmed updates nor skips new ones.
/// </summary>
public sealed class TelegramPollingService(
    ITelegramBotClient client,
    TelegramUpdatePipeline pipeline,
    CommandMenu menu,
    IServiceScopeFactory scopes,
    IOptions<TelegramOptions> options,
    TimeProvider clock,
    ILogger<TelegramPollingService> log) : BackgroundService
{
    internal const string OffsetKey = "telegram:offset";
    internal static readonly UpdateType[] Wanted = [UpdateType.Message, UpdateType.CallbackQuery];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await PrepareAsync(stoppingToken);
        var offset = await LoadOffsetAsync(stoppingToken);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var updates = await client.GetUpdates(offset, limit: 100, timeout: options.Value.PollingTimeoutSeconds, allowedUpdates: Wanted, cancellationToken: stoppingToken);
                failures = 0;
                // Telegram holds the call open until news arrive or the timeout passes.
                if (updates.Length == 0) continue;
                // Stored first, handled by the chats' workers: the next fetch need not wait for slow chats.
                await pipeline.AcceptAsync(updates, stoppingToken);
                offset = updates.Max(u => u.Id) + 1;
                await SaveOffsetAsync(offset.Value, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                var delay = Backoff.After(failures, maxSeconds: 30);
                if (e is ApiRequestException { ErrorCode: 401 or 404 })
                {
                    log.LogCritical("Telegram refused the bot token (error {ErrorCode}); check Telegram:BotToken. Retrying in {Delay}", ((ApiRequestException)e).ErrorCode, delay);
                }
                else
                {
                    log.LogWarning("getUpdates failed ({Reason}); retrying in {Delay}", e.Message, delay);
                }
                await Task.Delay(delay, clock, stoppingToken);
            }
        }
    }

    /// <summary>getUpdates does not work while a webhook is set, so polling starts by removing any.</summary>
    private Task PrepareAsync(CancellationToken ct) => pipeline.ConnectAsync(async token =>
    {
        var me = await client.GetMe(token);
        await client.DeleteWebhook(dropPendingUpdates: false, cancellationToken: token);
        log.LogInformation("Telegram bot @{Username} is polling for updates", me.Username);
    }, menu, ct);

    private async Task<int?> LoadOffsetAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var stored = await db.TransportStates.AsNoTracking().Where(s => s.Key == OffsetKey).Select(s => s.Value).SingleOrDefaultAsync(ct);
        return int.TryParse(stored, NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset) ? offset : null;
    }

    private async Task SaveOffsetAsync(int offset, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var value = offset.ToString(CultureInfo.InvariantCulture);
        var row = await db.TransportStates.SingleOrDefaultAsync(s => s.Key == OffsetKey, ct);
        if (row is null) db.TransportStates.Add(new TransportState { Key = OffsetKey, Value = value });
        else row.Value = value;
        await db.SaveChangesAsync(ct);
    }
}
