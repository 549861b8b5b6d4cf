using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuizBot.Data;
using QuizBot.Telegram;
using QuizBot.Tests.Support;
using Telegram.Bot;

namespace QuizBot.Tests.Integration;

/// <summary>
/// Two instances of the service on one PostgreSQL database, each taking webhook deliveries as a reverse proxy would
/// spread them: an update is stored and handled once whichever instance gets it, a chat's updates are handled in
/// order across both, and the work of an instance that died is taken over.
/// </summary>
[Collection(PostgresFixture.Collection)]
public sealed class ScaleOutTests(PostgresFixture postgres) : IntegrationTest
{
    private const string Secret = "s3cret_Token-for-scale-out";
    private readonly FakeBotClient bot = new();

    private QuizBotHost StartInstance(string database) => StartHost(web => web
        .UseSetting("Database:Provider", "Postgres")
        .UseSetting("ConnectionStrings:QuizBot", database)
        .UseSetting("Telegram:BotToken", "123456:TEST-not-a-real-token")
        .UseSetting("Telegram:Mode", "Webhook")
        .UseSetting("Telegram:WebhookUrl", "https://bot.example.org/telegram/hook")
        .UseSetting("Telegram:WebhookSecret", Secret)
        // The fake Telegram answers at once: what is tested is order, not pacing.
        .UseSetting("Telegram:MessagesPerSecondPerChat", "1000")
        .UseSetting("Telegram:ChatBurst", "1000")
        .ConfigureTestServices(services =>
        {
            // Both instances talk to the same (fake) Telegram, as two real ones talk to the same bot.
            services.RemoveAll<ITelegramBotClient>();
            services.AddSingleton<ITelegramBotClient>(bot);
        }));

    private static async Task<HttpStatusCode> DeliverAsync(HttpClient instance, int updateId, long chatId, string text)
    {
        var body = $$$"""{"update_id":{{{updateId}}},"message":{"message_id":{{{updateId}}},"from":{"id":{{{chatId}}},"is_bot":false,"first_name":"Hà"},"chat":{"id":{{{chatId}}},"type":"private"},"date":1763780000,"text":"{{{text}}}"}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/hook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(TelegramWebhook.SecretHeader, Secret);
        return (await instance.SendAsync(request)).StatusCode;
    }

    private static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(condition, () => what);

    /// <summary>Waits up to 30 s (a loaded machine runs the whole suite at once) for the condition.</summary>
    private static async Task EventuallyAsync(Func<bool> condition, Func<string> what)
    {
        for (var i = 0; i < 1500 && !condition(); i++) await Task.Delay(20);
        Assert.True(condition(), what());
    }

    private List<string> RepliesTo(long chatId) => bot.Sent.Where(s => s.ChatId == chatId).Select(s => s.Text).ToList();

    [Fact]
    public async Task An_update_delivered_to_both_instances_is_stored_once_and_answered_once()
    {
        var database = await postgres.CreateDatabaseAsync();
        using var a = StartInstance(database);
        using var b = StartInstance(database);
        var (toA, toB) = (a.CreateClient(), b.CreateClient());

        // Telegram delivers again when it heard no 200 in time: the second copy may reach the other instance.
        Assert.Equal(HttpStatusCode.OK, await DeliverAsync(toA, 501, 41, "/help"));
        Assert.Equal(HttpStatusCode.OK, await DeliverAsync(toB, 501, 41, "/help"));
        Assert.Equal(HttpStatusCode.OK, await DeliverAsync(toA, 501, 41, "/help"));
        await EventuallyAsync(() => a.Scoped(db => db.ProcessedUpdates.Count(u => u.Done)) == 1, "the update was not handled");

        Assert.Single(RepliesTo(41));
        Assert.Equal(1, a.Scoped(db => db.ProcessedUpdates.Count()));
        Assert.Single(a.Scoped(db => db.Outbox.Where(o => o.UpdateId == 501).ToList()));
    }

    /// <summary>
    /// Each chat's updates reach the two instances in turn, the next one as soon as the last is stored (as a proxy
    /// spreads Telegram's deliveries): whichever instance serves a chat handles them all, one after the other, so
    /// every reply comes once and in the order of the updates.
    /// </summary>
    [Fact]
    public async Task A_chats_updates_spread_over_both_instances_are_answered_once_each_in_their_order()
    {
        var database = await postgres.CreateDatabaseAsync();
        using var a = StartInstance(database);
        using var b = StartInstance(database);
        HttpClient[] instances = [a.CreateClient(), b.CreateClient()];
        long[] chats = [61, 62, 63, 64];
        const int steps = 12;
        static string Language(int step) => step % 2 == 0 ? "en" : "vi";

        var updateId = 7000;
        await Task.WhenAll(chats.Select(async (chat, c) =>
        {
            for (var step = 0; step < steps; step++)
            {
                var id = Interlocked.Increment(ref updateId);
                Assert.Equal(HttpStatusCode.OK, await DeliverAsync(instances[(step + c) % 2], id, chat, $"/lang {Language(step)}"));
            }
        }));
        var total = chats.Length * steps;
        var english = "Language set to English.";
        var vietnamese = "Đã chuyển sang tiếng Việt.";
        await EventuallyAsync(() => a.Scoped(db => db.ProcessedUpdates.Count(u => u.Done)) == total
            && chats.All(chat => RepliesTo(chat).Count(t => t == english || t == vietnamese) >= steps),
            () => $"not every update was answered: {a.Scoped(db => db.ProcessedUpdates.Count(u => u.Done))} of {total} handled; replies per chat " +
                string.Join(", ", chats.Select(chat => RepliesTo(chat).Count(t => t == english || t == vietnamese))) + "; first chat's replies: " +
                string.Join(" | ", RepliesTo(chats[0]).Take(3)) + "; unfinished: " +
                string.Join(", ", a.Scoped(db => db.ProcessedUpdates.Where(u => !u.Done).Select(u => $"{u.UpdateId}@{u.Instance}").ToList())));
        foreach (var chat in chats)
        {
            var said = RepliesTo(chat).Where(t => t == english || t == vietnamese).ToList();
            Assert.Equal(Enumerable.Range(0, steps).Select(step => Language(step) == "en" ? english : vietnamese), said);
        }
        // One server per chat, whichever instance each update reached.
        Assert.Equal(chats.Length, a.Scoped(db => db.ChatClaims.Count()));
    }

    /// <summary>
    /// A chat whose server died with work left: the next update of the chat, at another instance, takes the chat
    /// over with that work, and the chat reads in order: the message the dead server had not sent, its reply to the
    /// update it had not finished, then the reply to the new one.
    /// </summary>
    [Fact]
    public async Task Taking_over_a_dead_servers_chat_sends_what_it_left_first_then_answers_in_order()
    {
        var database = await postgres.CreateDatabaseAsync();
        using var survivor = StartInstance(database);
        const long chat = 71;
        var payload = System.Text.Json.JsonSerializer.Serialize(FakeBotClient.Text(801, chat, "/lang vi"), JsonBotAPI.Options);
        var longAgo = Clock.GetUtcNow().UtcDateTime - ServiceInstances.DeadAfter * 2;
        survivor.Scoped(db =>
        {
            db.Instances.Add(new ServiceInstance { Id = "dead-server", StartedAt = longAgo, SeenAt = longAgo });
            db.ChatClaims.Add(new ChatClaim { Key = $"{chat}", Instance = "dead-server", ClaimedAt = longAgo });
            db.ProcessedUpdates.Add(new ProcessedUpdate { UpdateId = 801, Instance = "dead-server", ReceivedAt = longAgo, Payload = payload, OrderKey = $"{chat}" });
            db.Outbox.Add(new OutboxMessage { Instance = "dead-server", ChatId = chat, Kind = OutboxKind.Send, Text = "left unsent by the dead server", CreatedAt = longAgo });
            return db.SaveChanges();
        });

        Assert.Equal(HttpStatusCode.OK, await DeliverAsync(survivor.CreateClient(), 802, chat, "/lang en"));
        await EventuallyAsync(() => RepliesTo(chat).Count >= 3, () => $"replies: {string.Join(" | ", RepliesTo(chat))}");

        Assert.Equal(["left unsent by the dead server", "Đã chuyển sang tiếng Việt.", "Language set to English."], RepliesTo(chat));
        var me = survivor.Services.GetRequiredService<ServiceInstances>().Id;
        Assert.Equal(me, survivor.Scoped(db => db.ChatClaims.Single().Instance));
        await EventuallyAsync(() => survivor.Scoped(db => db.ProcessedUpdates.All(u => u.Done)), "not every update was marked handled");
    }

    /// <summary>
    /// An instance of this machine that was killed leaves its row as alive; the next instance started on the machine
    /// finds its process gone and signs it off, so its work is taken over at once rather than after
    /// <see cref="ServiceInstances.DeadAfter"/>. One whose process runs, and one of another machine, stay.
    /// </summary>
    [Fact]
    public async Task An_instance_whose_process_on_this_machine_is_gone_is_signed_off_by_the_next_one_started()
    {
        var database = await postgres.CreateDatabaseAsync();
        using var first = StartInstance(database);
        var now = Clock.GetUtcNow().UtcDateTime;
        using (var exited = System.Diagnostics.Process.Start("true")!)
        {
            await exited.WaitForExitAsync();
            first.Scoped(db =>
            {
                db.Instances.Add(new ServiceInstance { Id = "killed-here", StartedAt = now, SeenAt = now, Host = Environment.MachineName, ProcessId = exited.Id });
                db.Instances.Add(new ServiceInstance { Id = "running-here", StartedAt = now, SeenAt = now, Host = Environment.MachineName, ProcessId = Environment.ProcessId });
                db.Instances.Add(new ServiceInstance { Id = "elsewhere", StartedAt = now, SeenAt = now, Host = "another-machine", ProcessId = exited.Id });
                return db.SaveChanges();
            });
        }

        using var second = StartInstance(database);

        var ids = second.Scoped(db => db.Instances.Select(i => i.Id).ToList());
        Assert.DoesNotContain("killed-here", ids);
        Assert.Contains("running-here", ids);
        Assert.Contains("elsewhere", ids);
        Assert.Contains(second.Services.GetRequiredService<ServiceInstances>().Id, ids);
        Assert.Equal((Environment.MachineName, Environment.ProcessId),
            second.Scoped(db => db.Instances.Where(i => i.Id == first.Services.GetRequiredService<ServiceInstances>().Id).Select(i => new { i.Host, i.ProcessId }).AsEnumerable().Select(i => (i.Host, i.ProcessId!.Value)).Single()));
    }

    [Fact]
    public async Task Instances_count_each_other_alive_and_a_stopped_one_signs_off()
    {
        var database = await postgres.CreateDatabaseAsync();
        using var a = StartInstance(database);
        var b = StartInstance(database);
        var (first, second) = (a.Services.GetRequiredService<ServiceInstances>(), b.Services.GetRequiredService<ServiceInstances>());

        Clock.Advance(ServiceInstances.Heartbeat);
        await EventuallyAsync(() => first.Alive == 2 && second.Alive == 2, $"alive: {first.Alive} and {second.Alive}, not 2 and 2");
        Assert.NotEqual(first.Id, second.Id);

        b.Dispose();
        Assert.Equal([first.Id], a.Scoped(db => db.Instances.Select(i => i.Id).ToList()));
        Clock.Advance(ServiceInstances.Heartbeat);
        await EventuallyAsync(() => first.Alive == 1, $"alive: {first.Alive}, not 1");
    }
}
