using QuizBot.EndToEnd.Support;

namespace QuizBot.EndToEnd;

/// <summary>The Telegram transport end to end: webhook delivery, and the outbox across a kill -9.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DeliveryTests(TestDatabases databases)
{
    [Fact]
    public async Task In_webhook_mode_a_secretary_registers_and_finishes_a_quiz()
    {
        await using var bot = await TelegramHarness.StartAsync(databases, webhookSecret: "e2e_webhook-Secret");
        var secretary = bot.Secretary(new TelegramUser(5101, "Dũng", "Phạm Văn"));

        await secretary.RegisterAsync();
        var question = await secretary.StartPracticeAsync(2);
        var first = await secretary.AnswerAsync(question, right: true);
        var second = await secretary.AnswerAsync(first.Next, right: false);

        Assert.Contains("Điểm: <b>1/2</b>", second.Next.Text);
        Assert.Contains("Telegram webhook set to http://127.0.0.1:", bot.LogTail());
    }

    [Fact]
    public async Task Messages_queued_when_the_service_is_killed_are_delivered_after_the_restart_and_none_twice()
    {
        // Two messages a second in all: ten replies at once must wait in the outbox.
        await using var bot = await TelegramHarness.StartAsync(databases, extra: new Dictionary<string, string> { ["Telegram__MessagesPerSecond"] = "2" });
        var users = Enumerable.Range(0, 10).Select(i => new TelegramUser(5200 + i, $"Người {i}")).ToList();

        foreach (var user in users) await bot.Client.SendCommandAsync(user, "/help");
        await bot.Client.WaitForAsync(users[0].ChatId, "the first replies", _ =>
        {
            var history = bot.Client.GetHistoryAsync().GetAwaiter().GetResult();
            return users.Count(u => history.To(u.ChatId).Count > 0) >= 2 ? "ok" : null;
        });
        // Between two sends (they leave every 500 ms): a kill in the instant a send is on the wire could repeat
        // that one message, as Telegram offers no way to make a send idempotent.
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        bot.Kill();
        var beforeRestart = await bot.Client.GetHistoryAsync();
        Assert.True(users.Count(u => beforeRestart.To(u.ChatId).Count > 0) < users.Count, "every reply was already out before the kill");

        await bot.RestartAsync();
        foreach (var user in users)
        {
            await bot.Client.WaitForMessageAsync(user.ChatId, "the /help reply", m => m.Text.Contains("/practice", StringComparison.Ordinal));
        }
        await Task.Delay(TimeSpan.FromSeconds(1));

        var history = await bot.Client.GetHistoryAsync();
        Assert.All(users, user => Assert.Single(history.To(user.ChatId)));
    }
}
