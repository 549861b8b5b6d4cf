using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuizBot.Telegram;
using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Types.Enums;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Integration;

public sealed class WebhookTests : IntegrationTest
{
    private const string Secret = "s3cret_Token-for-tests";
    private readonly FakeBotClient bot = new();

    private QuizBotHost StartWebhookHost() => StartHost(web => web
        .UseSetting("Telegram:BotToken", "123456:TEST-not-a-real-token")
        .UseSetting("Telegram:Mode", "Webhook")
        .UseSetting("Telegram:WebhookUrl", "https://bot.example.org/telegram/hook")
        .UseSetting("Telegram:WebhookSecret", Secret)
        .ConfigureTestServices(services =>
        {
            services.RemoveAll<ITelegramBotClient>();
            services.AddSingleton<ITelegramBotClient>(bot);
        }));

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string body, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/hook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null) request.Headers.Add(TelegramWebhook.SecretHeader, secret);
        return http.SendAsync(request);
    }

    private static string TextUpdate(int updateId, long chatId, string text) =>
        $$$"""{"update_id":{{{updateId}}},"message":{"message_id":{{{updateId}}},"from":{"id":{{{chatId}}},"is_bot":false,"first_name":"Hà"},"chat":{"id":{{{chatId}}},"type":"private"},"date":1763780000,"text":"{{{text}}}"}}""";

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 300 && !condition(); i++) await Task.Delay(20);
        Assert.True(condition(), what);
    }

    [Fact]
    public async Task The_webhook_is_registered_with_its_secret_and_the_commands_menu_published()
    {
        using var host = StartWebhookHost();

        await EventuallyAsync(() => bot.Calls.OfType<SetMyCommandsRequest>().Count() == 4, "the command menus were not published");

        var set = Assert.Single(bot.Calls.OfType<SetWebhookRequest>());
        Assert.Equal(("https://bot.example.org/telegram/hook", Secret), (set.Url, set.SecretToken));
        var menus = bot.Calls.OfType<SetMyCommandsRequest>().ToList();
        Assert.Equal([null, "en", null, "en"], menus.Select(m => m.LanguageCode));
        Assert.Equal([BotCommandScopeType.AllPrivateChats, BotCommandScopeType.AllPrivateChats, BotCommandScopeType.AllGroupChats, BotCommandScopeType.AllGroupChats], menus.Select(m => m.Scope!.Type));
        Assert.Contains(menus[0].Commands, c => c is { Command: "practice", Description: "Luyện tập: /practice [chủ đề] [số câu]" });
        Assert.DoesNotContain(menus[0].Commands, c => c.Command == "bank");
        Assert.Equal(["quiz", "lang", "help"], menus[3].Commands.Select(c => c.Command));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("s3cret_Token-for-test")]
    [InlineData("s3cret_Token-for-tests-and-more")]
    public async Task A_request_without_the_right_secret_is_refused_and_changes_nothing(string? secret)
    {
        using var host = StartWebhookHost();
        var http = host.CreateClient();

        var response = await PostAsync(http, TextUpdate(1, 31, "/start"), secret);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        // An update is stored before it is acknowledged, so a refused one is never in the inbox to be handled.
        Assert.Equal(0, host.Scoped(db => db.ProcessedUpdates.Count()));
        Assert.Empty(bot.Sent);
    }

    [Fact]
    public async Task The_same_update_delivered_three_times_counts_once()
    {
        using var host = StartWebhookHost();
        var http = host.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, TextUpdate(7, 31, "/start"), Secret)).StatusCode);
        }
        await EventuallyAsync(() => host.Scoped(db => db.ProcessedUpdates.Count(u => u.Done)) == 1, "the update was not handled");

        Assert.Single(bot.Sent, s => s.ChatId == 31);
        Assert.Equal(1, host.Scoped(db => db.ProcessedUpdates.Count()));
    }

    [Fact]
    public async Task Updates_arriving_out_of_order_are_all_handled()
    {
        using var host = StartWebhookHost();
        var http = host.CreateClient();

        await PostAsync(http, TextUpdate(11, 32, "/lang en"), Secret);
        await PostAsync(http, TextUpdate(10, 32, "/help"), Secret);
        await EventuallyAsync(() => bot.Sent.Count(s => s.ChatId == 32) == 2, "both updates should be answered");

        Assert.Equal(2, host.Scoped(db => db.ProcessedUpdates.Count()));
    }

    [Fact]
    public async Task An_acknowledged_update_is_already_stored_when_Telegram_hears_200()
    {
        using var host = StartWebhookHost();
        var http = host.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(100, 50).Select(id => PostAsync(http, TextUpdate(id, 1000 + id, "/help"), Secret)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(50, host.Scoped(db => db.ProcessedUpdates.Count(u => u.UpdateId >= 100 && u.Payload != null)));
        await EventuallyAsync(() => bot.Sent.Count() == 50, "every stored update should be answered");
    }

    [Fact]
    public async Task An_update_that_cannot_be_stored_is_not_acknowledged()
    {
        using var host = StartWebhookHost();
        var http = host.CreateClient();
        host.Scoped(db => db.Database.ExecuteSqlRaw("""ALTER TABLE "ProcessedUpdates" RENAME TO "ProcessedUpdatesAway" """));

        var response = await PostAsync(http, TextUpdate(21, 33, "/help"), Secret);

        // Not 200: Telegram keeps the update and delivers it again.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        host.Scoped(db => db.Database.ExecuteSqlRaw("""ALTER TABLE "ProcessedUpdatesAway" RENAME TO "ProcessedUpdates" """));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, TextUpdate(21, 33, "/help"), Secret)).StatusCode);
        await EventuallyAsync(() => bot.Sent.Any(s => s.ChatId == 33), "the redelivered update was not handled");
    }

    [Fact]
    public async Task A_body_that_is_not_an_update_is_a_bad_request()
    {
        using var host = StartWebhookHost();

        var response = await PostAsync(host.CreateClient(), "{not json", Secret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
