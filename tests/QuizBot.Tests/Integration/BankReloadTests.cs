using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuizBot.QuestionBank;
using QuizBot.Telegram;
using Telegram.Bot;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Integration;

public sealed class BankReloadTests : IntegrationTest
{
    private const long AdminId = 4242;

    private QuizBotHost StartTelegramHost(FakeBotClient bot, bool watch = false) => StartHost(web => web
        .UseSetting("Telegram:BotToken", "123456:TEST-not-a-real-token")
        .UseSetting("Admins:TelegramUserIds:0", AdminId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .UseSetting("QuestionBank:Watch", watch ? "true" : "false")
        .ConfigureTestServices(services =>
        {
            services.RemoveAll<ITelegramBotClient>();
            services.AddSingleton<ITelegramBotClient>(bot);
        }));

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 300 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition(), what);
    }

    [Fact]
    public async Task An_admin_reload_reports_a_broken_file_and_keeps_its_questions_in_service()
    {
        var bot = new FakeBotClient();
        using var host = StartTelegramHost(bot);
        Bank.Write("cells.yaml", TestBank.Cells.Replace("difficulty: 2", "difficulty: 7"));

        bot.Enqueue(FakeBotClient.Text(1, AdminId, "/bank reload"), FakeBotClient.Text(2, 99, "/bank reload"));
        await EventuallyAsync(() => bot.Sent.Count() == 2, "the two updates were not answered");

        var adminReply = bot.Sent.Single(s => s.ChatId == AdminId).Text;
        Assert.Contains("<code>cells.yaml:17: 'difficulty' must be a whole number from 1 to 3, not '7'</code>", adminReply);
        Assert.Equal("Lệnh này chỉ dành cho quản trị viên.", bot.Sent.Single(s => s.ChatId == 99).Text);
        Assert.Contains(host.Services.GetRequiredService<QuestionCatalog>().Current, q => q.Key == "cells-002");
    }

    [Fact]
    public async Task Saving_a_file_reloads_the_bank_and_a_broken_save_tells_the_admin()
    {
        var bot = new FakeBotClient();
        using var host = StartTelegramHost(bot, watch: true);
        bot.Enqueue(FakeBotClient.Text(1, AdminId, "/help"));
        await EventuallyAsync(() => bot.Sent.Any(), "the admin never got an answer");
        Assert.Contains("/bank", bot.Sent.Single().Text);
        var catalog = host.Services.GetRequiredService<QuestionCatalog>();

        Bank.Write("extra.yaml", TestBank.Cells.Replace("cells-001", "cells-101").Replace("cells-002", "cells-102"));
        await EventuallyAsync(() => catalog.Current.Any(q => q.Key == "cells-102"), "the new file was not loaded");

        Bank.Write("extra.yaml", "topic: cells\nquestions:\n  - id: [broken\n");
        await EventuallyAsync(() => bot.Sent.Count() >= 2, "the admin was not told about the broken file");
        Assert.Contains("extra.yaml:", bot.Sent.Last().Text);
        Assert.Contains(catalog.Current, q => q.Key == "cells-102");
    }
}
