using QuizBot.EndToEnd.Support;

namespace QuizBot.EndToEnd;

/// <summary>
/// Webhook mode across a kill -9, with the test in Telegram's place: an update the service acknowledged is one
/// Telegram will never send again, so the service must have stored it before it said 200. The test posts to the
/// (first) instance itself; with several, the others take over what the killed one left.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class WebhookCrashTests(TestDatabases databases)
{
    private const string Secret = "e2e_webhook-Crash";
    private const int Chats = 1000;
    private const string HelpReply = "Các lệnh:";
    private const string Barrier = "/barrier";
    private const string BarrierReply = "Không có lệnh /barrier";

    [Fact]
    public async Task Every_update_acknowledged_before_or_after_a_kill_9_is_handled_once()
    {
        // Telegram's own limit would make 2,000 replies take a minute; the emulator does not mind more.
        await using var bot = await TelegramHarness.StartAsync(databases, webhookSecret: Secret,
            extra: new Dictionary<string, string> { ["Telegram__MessagesPerSecond"] = "300" });
        using var telegram = new TelegramWebhookSender(() => new Uri(bot.Service.BaseUrl, "telegram/webhook"), Secret);
        var users = Enumerable.Range(0, Chats).Select(i => new TelegramUser(70_000 + i, $"Người {i}")).ToList();
        var helps = users.Select((u, i) => TelegramWebhookSender.PrivateText(500_000 + i, u, "/help")).ToList();

        var delivering = telegram.DeliverAsync(helps, TimeSpan.FromSeconds(90));
        await telegram.WhenAcknowledgedAsync(Chats / 10).WaitAsync(TimeSpan.FromSeconds(30));
        bot.Kill();
        var acknowledgedBeforeKill = telegram.Acknowledged;
        await bot.RestartAsync();
        await delivering;
        Assert.True(acknowledgedBeforeKill < Chats, "every update was acknowledged before the kill: it came too late to test anything");
        Assert.True(telegram.RefusedPosts > 0, "no post failed around the kill, so nothing was delivered again");

        // A barrier per chat: the bot handles a chat's updates in order, so once it has answered the barrier, a
        // second answer to /help (a redelivery handled twice) would have come before it.
        var barriers = users.Select((u, i) => TelegramWebhookSender.PrivateText(600_000 + i, u, Barrier)).ToList();
        await telegram.DeliverAsync(barriers, TimeSpan.FromSeconds(30));
        var history = await bot.Client.WaitForHistoryAsync("a /help reply and a barrier reply in every chat", h =>
        {
            var lost = users.Where(u => !h.To(u.ChatId).Any(m => m.Text.Contains(HelpReply, StringComparison.Ordinal))).ToList();
            var unanswered = users.Count(u => !h.To(u.ChatId).Any(m => m.Text.Contains(BarrierReply, StringComparison.Ordinal)));
            if (lost.Count == 0 && unanswered == 0) return null;
            return $"{lost.Count} of {Chats} acknowledged /help updates were never answered " +
                $"({acknowledgedBeforeKill} were acknowledged before the kill; e.g. chats {string.Join(", ", lost.Take(10).Select(u => u.ChatId))}), " +
                $"{unanswered} barriers unanswered";
        }, TimeSpan.FromSeconds(45));

        // Handled once: one stored reply per /help update (the outbox names the update whose handling stored it).
        var stored = await OutboxRows.ReadAsync(bot.Database);
        var handledTwice = helps.Select(h => (int)h["update_id"]!)
            .Select(id => (Id: id, Replies: stored.Count(r => r.UpdateId == id))).Where(h => h.Replies != 1).ToList();
        Assert.True(handledTwice.Count == 0,
            $"/help updates with other than one stored reply: {string.Join(", ", handledTwice.Select(h => $"{h.Id} ({h.Replies})"))}");
        // A kill just after a send left the service, before it noted that Telegram had it, sends that reply again
        // after the restart: Telegram offers no way to make a send idempotent, and many chats send at once. So a
        // chat may see its one stored reply twice, never more.
        var helpReplies = users.ToDictionary(u => u.ChatId,
            u => history.To(u.ChatId).Count(m => m.Text.Contains(HelpReply, StringComparison.Ordinal)));
        Assert.All(helpReplies, c => Assert.True(c.Value <= 2, $"chat {c.Key} got {c.Value} replies to its one /help"));
        Assert.All(users, u => Assert.Single(history.To(u.ChatId), m => m.Text.Contains(BarrierReply, StringComparison.Ordinal)));
    }
}
