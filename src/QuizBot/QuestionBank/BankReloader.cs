using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuizBot.Conversation;
using QuizBot.Data;

namespace QuizBot.QuestionBank;

public sealed class AdminOptions
{
    /// <summary>Telegram user ids that are admins from the start.</summary>
    public long[] TelegramUserIds { get; set; } = [];

    public bool IsAdmin(Participant participant) =>
        participant.Transport == Transport.Telegram && TelegramUserIds.Contains(participant.ExternalId);
}

/// <summary>
/// Reloads the bank, one reload at a time, whether an admin asked or a file changed; when the files have problems
/// it tells the admins, while the last good questions stay in service.
/// </summary>
public sealed class BankReloader(
    IServiceScopeFactory scopes, ChatOutputs outputs, IOptions<AdminOptions> admins, ILogger<BankReloader> log)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<SyncReport> ReloadAsync(bool notifyAdmins, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<BankSync>().SyncAsync(ct);
            if (notifyAdmins && report.Errors.Count > 0) await NotifyAdminsAsync(scope.ServiceProvider.GetRequiredService<QuizBotDb>(), report, ct);
            return report;
        }
        finally
        {
            gate.Release();
        }
    }

    public static string Describe(SyncReport report, Texts t)
    {
        var text = new StringBuilder(t.BankReloaded(report.Added, report.NewVersions, report.Retired));
        if (report.Errors.Count > 0)
        {
            text.Append("\n\n").Append(t.BankProblems(report.Errors.Count));
            foreach (var error in report.Errors.Take(15)) text.Append("\n<code>").Append(Html.Escape(error.ToString())).Append("</code>");
            if (report.Errors.Count > 15) text.Append("\n…");
        }
        return text.ToString();
    }

    private async Task NotifyAdminsAsync(QuizBotDb db, SyncReport report, CancellationToken ct)
    {
        var ids = admins.Value.TelegramUserIds;
        var chats = await db.Participants.AsNoTracking()
            .Where(p => p.Transport == Transport.Telegram && ids.Contains(p.ExternalId))
            .Select(p => new { p.ChatId, p.Language }).ToListAsync(ct);
        foreach (var chat in chats)
        {
            try
            {
                await outputs.For(Transport.Telegram).SendAsync(chat.ChatId, new OutgoingMessage(Describe(report, Texts.For(chat.Language))), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not tell admin chat {ChatId} about bank problems", chat.ChatId);
            }
        }
    }
}

/// <summary>Reloads the bank shortly after its files change, so organisers need not restart anything.</summary>
public sealed class BankWatcher(BankReloader reloader, IServiceScopeFactory scopes, IOptions<QuestionBankOptions> options, ILogger<BankWatcher> log)
    : BackgroundService
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Watch) return;
        string folder;
        await using (var scope = scopes.CreateAsyncScope()) folder = scope.ServiceProvider.GetRequiredService<BankSync>().Folder;
        var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        FileSystemEventHandler onChange = (_, e) =>
        {
            if (e.Name?.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) == true || e.Name?.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) == true) changed.Release();
        };
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Deleted += onChange;
        watcher.Renamed += (s, e) => onChange(s, e);
        watcher.EnableRaisingEvents = true;

        while (!stoppingToken.IsCancellationRequested)
        {
            await changed.WaitAsync(stoppingToken);
            // An editor saves in several writes: wait until the folder has been quiet for a moment.
            while (await changed.WaitAsync(Quiet, stoppingToken)) { }
            try
            {
                var report = await reloader.ReloadAsync(notifyAdmins: true, stoppingToken);
                log.LogInformation("Question bank reloaded after a file change ({Errors} problems)", report.Errors.Count);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "Reloading the question bank failed; the last good bank stays in service");
            }
        }
    }
}
