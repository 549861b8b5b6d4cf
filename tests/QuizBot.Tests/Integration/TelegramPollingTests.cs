using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuizBot.Data;
using QuizBot.Telegram;
using Telegram.Bot;
using Telegram.Bot.Requests;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Integration;

public sealed class TelegramPollingTests : IntegrationTest
{
    private QuizBotHost StartTelegramHost(FakeBotClient bot)
    {
        var host = StartHost(web => web
            .UseSetting("Telegram:BotToken", "123456:TEST-not-a-real-token")
            .ConfigureTestServices(services =>
            {
                services.RemoveAll<ITelegramBotClient>();
                services.AddSingleton<ITelegramBotClient>(bot);
            }));
        return host;
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition(), what);
    }

    [Fact]
    public async Task Updates_are_handled_in_order_and_confirmed_so_a_restart_neither_replays_nor_skips()
    {
        var bot = new FakeBotClient();
        bot.Enqueue(FakeBotClient.Text(1, 501, "/start"), FakeBotClient.Text(2, 501, "/help"));
        using (var first = StartTelegramHost(bot))
        {
            await EventuallyAsync(() => bot.Offsets.Contains(3), "the service never confirmed updates 1 and 2");
            await EventuallyAsync(() => bot.Sent.Count() == 2, "the two replies did not come");
            var texts = bot.Sent.Where(s => s.ChatId == 501).Select(s => s.Text).ToList();
            Assert.StartsWith("Chào mừng bạn đến với", texts[0]);
            Assert.Contains("/practice", texts[1]);
            Assert.Equal(2, texts.Count);
        }

        var afterRestart = new FakeBotClient();
        afterRestart.Enqueue(FakeBotClient.Text(1, 501, "/start"), FakeBotClient.Text(2, 501, "/help"), FakeBotClient.Text(3, 501, "/lang en"));
        using var second = StartTelegramHost(afterRestart);
        await EventuallyAsync(() => afterRestart.Offsets.Contains(4), "update 3 was never confirmed");
        await EventuallyAsync(() => afterRestart.Sent.Any(), "update 3 was not answered");
        await Task.Delay(300);

        Assert.Equal(3, afterRestart.Offsets.First());
        Assert.Equal(["Language set to English."], afterRestart.Sent.Select(s => s.Text));
    }

    [Fact]
    public async Task A_telegram_user_registers_with_the_name_telegram_gives_and_practises()
    {
        var bot = new FakeBotClient();
        using var host = StartTelegramHost(bot);
        var update = 1;
        bot.Enqueue(FakeBotClient.Text(update++, 777, "/start"));

        string? pressed = null;
        for (var step = 0; step < 6 && pressed != "n:ok"; step++)
        {
            await EventuallyAsync(() => bot.Offsets.Contains(update), $"update {update - 1} was not confirmed");
            // Edits leave through the outbox after the update is handled: wait for the screen to change.
            await EventuallyAsync(() => bot.FirstButtonOfLatestKeyboard() is { } b && b.Button.CallbackData != pressed,
                "the keyboard did not change after a press");
            var (messageId, button) = bot.FirstButtonOfLatestKeyboard()!.Value;
            pressed = button.CallbackData!;
            bot.Enqueue(FakeBotClient.Press(update++, 777, messageId, pressed));
        }
        await EventuallyAsync(() => host.Scoped(db => db.Participants.Any(p => p.Step == RegistrationStep.Registered)), "registration did not finish");
        bot.Enqueue(FakeBotClient.Text(update++, 777, "/practice cells 1"));
        await EventuallyAsync(() => bot.Offsets.Contains(update), "/practice was not confirmed");
        await EventuallyAsync(() => bot.FirstButtonOfLatestKeyboard()?.Button.CallbackData!.StartsWith("a:", StringComparison.Ordinal) == true, "no question was shown");
        var (questionId, answer) = bot.FirstButtonOfLatestKeyboard()!.Value;
        bot.Enqueue(FakeBotClient.Press(update++, 777, questionId, answer.CallbackData!));
        await EventuallyAsync(() => bot.Offsets.Contains(update), "the answer was not confirmed");
        await EventuallyAsync(() => bot.Sent.Any(s => s.Text.Contains("Điểm: <b>", StringComparison.Ordinal)), "no summary");
        await EventuallyAsync(() => bot.Screen.Single(m => m.MessageId == questionId).Text.Contains("📖 Nguồn:", StringComparison.Ordinal), "the question was not edited");

        var participant = host.Scoped(db => db.Participants.Single());
        Assert.Equal(("Lê Văn Cường", Transport.Telegram, 777L), (participant.DisplayName, participant.Transport, participant.ExternalId));
        var presses = bot.Calls.OfType<AnswerCallbackQueryRequest>().Select(a => a.CallbackQueryId).ToList();
        Assert.Equal(presses.Distinct().Count(), presses.Count);
        Assert.Equal(update - 3, presses.Count); // every press but none of the three texts
        Assert.Contains("Điểm: <b>", bot.Sent.Last().Text);
        Assert.Matches("📖 Nguồn:", bot.Screen.Single(m => m.MessageId == questionId).Text);
        Assert.Equal(1, host.Scoped(db => db.Answers.Count()));
    }

    [Fact]
    public async Task An_update_stored_but_not_handled_before_a_crash_is_handled_after_the_restart()
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(FakeBotClient.Text(41, 601, "/help"), JsonBotAPI.Options);
        using (var stopped = StartHost())
        {
            stopped.Scoped(db => db.Database.ExecuteSql($"""
                INSERT INTO "ProcessedUpdates" ("UpdateId", "Instance", "Done", "ReceivedAt", "Payload")
                VALUES (41, 'dead-process', FALSE, {new DateTime(2026, 11, 2, 2, 59, 0, DateTimeKind.Utc)}, {payload})
                """));
        }

        var bot = new FakeBotClient();
        using var host = StartTelegramHost(bot);
        await EventuallyAsync(() => bot.Sent.Any(), "the stored update was not handled");

        Assert.Contains("/practice", Assert.Single(bot.Sent).Text);
        await EventuallyAsync(() => host.Scoped(db => db.ProcessedUpdates.Single().Done), "it was not marked handled");
    }
}
