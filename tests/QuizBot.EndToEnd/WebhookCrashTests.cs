using QuizBot.EndToEnd.Support;

namespace QuizBot.EndToEnd;

/// <summary>
/// Webhook mode across a kill -9, with the test in Telegram's place: an update the service acknowledged is one
/// Telegram will never send again, so the service must have stored it before it said 200.
/// </summary>
public sealed class WebhookCrashTests
{
    private const string Secret = "e2e_webhook-Crash";
    private const int Chats = 300;
    private const string HelpReply = "Các lệnh:";
    private const string Barrier = "/barrier";
    private const string BarrierReply = "Không có lệnh /barrier";

    [Fact]
    public async Task Every_update_acknowledged_before_or_after_a_kill_9_is_handled_once()
    {
        // Telegram's own limit would make 600 replies take 20 s; the emulator does not mind more.
        await using var bot = await TelegramHarness.StartAsync(webhookSecret: Secret,
            extra: new Dictionary<string, string> { ["Telegram__MessagesPerSecond"] = "100" });
        using var telegram = new TelegramWebhookSender(() => new Uri(bot.Service.BaseUrl, "telegram/webhook"), Secret);
        var users = Enumerable.Range(0, Chats).Select(i => new TelegramUser(7000 + i, $"Người {i}")).ToList();
        var helps = users.Select((u, i) => TelegramWebhookSender.PrivateText(500_000 + i, u, "/help")).ToList();

        var delivering = telegram.DeliverAsync(helps, TimeSpan.FromSeconds(90));
        await telegram.WhenAcknowledgedAsync(Chats / 3).WaitAsync(TimeSpan.FromSeconds(30));
        bot.Service.Kill();
        var acknowledgedBeforeKill = telegram.Acknowledged;
        await bot.Service.RestartAsync();
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
        }, TimeSpan.FromSeconds(30));

        // A kill in the instant a send is on the wire can repeat that one message: Telegram offers no way to make a
        // send idempotent. Anything more is an update handled twice.
        var helpReplies = users.ToDictionary(u => u.ChatId,
            u => history.To(u.ChatId).Count(m => m.Text.Contains(HelpReply, StringComparison.Ordinal)));
        var repeated = helpReplies.Where(c => c.Value > 1).ToList();
        Assert.True(repeated.Count <= 1 && repeated.All(c => c.Value == 2),
            $"/help was answered more than once in chats {string.Join(", ", repeated.Select(c => $"{c.Key} ({c.Value}×)"))}");
        Assert.All(users, u => Assert.Single(history.To(u.ChatId), m => m.Text.Contains(BarrierReply, StringComparison.Ordinal)));
    }
}
