using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QuizBot.EndToEnd.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace QuizBot.EndToEnd;

/// <summary>
/// Live play through the Bot API emulator: a group's /quiz pressed by hundreds of members, and a live contest round
/// followed on the projector page in a real (headless) Chromium to its podium.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class LivePlayTests(TestDatabases databases, ITestOutputHelper output)
{
    private const string Recorded = "Đã ghi nhận câu trả lời";
    private const string Again = "Bạn đã trả lời câu này rồi: câu trả lời đầu tiên được giữ nguyên.";

    private static readonly TelegramGroup Hall = new(-1_000_000_000_321, "Hội trường xã Kiểm Tra");
    private static readonly TelegramUser Chair = new(9100, "Chủ", "Tọa");

    private static bool IsLiveQuestion(BotMessage m) => m.Buttons.Any(b => b.CallbackData.StartsWith("lv:", StringComparison.Ordinal));

    [Fact]
    public async Task Three_hundred_members_press_at_once_each_is_answered_and_counted_once_and_the_reveal_shows_the_database_counts()
    {
        await using var bot = await TelegramHarness.StartAsync(databases);
        var client = bot.Client;
        await client.SetChatMemberAsync(new ChatMemberSetting(Hall.Id, Chair, MemberStatus.Administrator));
        var someone = new TelegramUser(9101, "Người", "Thường");

        // Only an admin of the group starts a quiz: Telegram is asked through getChatMember.
        await client.SendGroupCommandAsync(someone, Hall, "/quiz 1");
        await client.WaitForMessageAsync(Hall.Id, "the refusal", m => m.Text.Contains("Chỉ quản trị viên", StringComparison.Ordinal));
        await client.SendGroupCommandAsync(Chair, Hall, "/quiz 1");
        var question = await client.WaitForMessageAsync(Hall.Id, "the question with answer buttons", IsLiveQuestion);
        var buttons = question.Buttons.ToList();

        // 300 members, each on an option of their own choosing; then the first 30 press once more.
        var members = Enumerable.Range(0, 300).Select(i => new TelegramUser(7_000_000 + i, "Đảng viên", i.ToString(CultureInfo.InvariantCulture))).ToList();
        var presses = members.Select((m, i) => new GroupPress(Hall, m, question.MessageId, buttons[i % buttons.Count].CallbackData))
            .Concat(members.Take(30).Select(m => new GroupPress(Hall, m, question.MessageId, buttons[0].CallbackData)))
            .ToList();
        var ids = await client.SendGroupPressesAsync(presses);
        var answers = await WaitForAnswersAsync(client, ids);
        Assert.All(ids.Take(300), id => Assert.Equal(Recorded, answers[id].Single()));
        Assert.All(ids.Skip(300), id => Assert.Equal(Again, answers[id].Single()));

        var reveal = await client.WaitForAsync(Hall.Id, "the reveal edited into the question",
            ms => ms.FirstOrDefault(m => m.MessageId == question.MessageId && m.Text.Contains("Đáp án", StringComparison.Ordinal)), TimeSpan.FromSeconds(60));
        Assert.Empty(reveal.Buttons);

        // The database: each member once, with the time their press was received, counted per option.
        var db = bot.Database;
        var recorded = await db.QueryAsync("""SELECT "UserId", "Option", "ElapsedMs" FROM "LivePresses" """,
            r => (User: r.GetInt64(0), Option: r.GetInt32(1), ElapsedMs: r.GetInt32(2)));
        Assert.Equal(300, recorded.Count);
        Assert.Equal(members.Select(m => m.Id).ToHashSet(), recorded.Select(r => r.User).ToHashSet());
        Assert.All(recorded, r => Assert.InRange(r.ElapsedMs, 0, 20_000));
        // The scores follow the formula, from each press's own time.
        var scored = await db.QueryAsync("""SELECT "IsCorrect", "ElapsedMs", "Points" FROM "LivePresses" """,
            r => (Right: r.GetBoolean(0), ElapsedMs: r.GetInt32(1), Points: r.GetInt32(2)));
        Assert.All(scored, r => Assert.Equal(QuizBot.Live.LiveScoring.Points(r.Right, TimeSpan.FromMilliseconds(r.ElapsedMs), TimeSpan.FromSeconds(20)), r.Points));
        Assert.Contains(scored, r => r.Points > 0);
        // The reveal lists the options as everyone saw them; the database keeps each as its place in the bank question.
        var shown = RevealLine().Matches(reveal.Text).Select(m => int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(buttons.Count, shown.Count);
        Assert.Equal(300, shown.Sum());
        var gameId = (await db.QueryAsync("""SELECT "Id" FROM "LiveGames" """, r => r.GetInt32(0))).Single();
        var order = QuizBot.Practice.Scoring.OptionOrder(gameId, 0, shown.Count);
        Assert.Equal(shown, order.Select(option => recorded.Count(r => r.Option == option)));

        // The group got the board and the question as messages; the reveal and the board are edits.
        var board = await client.WaitForAsync(Hall.Id, "the podium", ms => ms.FirstOrDefault(m => m.Text.Contains("bục vinh quang", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30));
        Assert.Contains("🥇", board.Text);
        var sends = (await client.GetBotCallsAsync("sendMessage")).Where(c => c.Params["chat_id"]?.ToString() == Hall.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, sends.Count); // the refusal, the board, the question
        Assert.True((await client.GetBotCallsAsync("editMessageText")).Count(c => c.Params["chat_id"]?.ToString() == Hall.Id.ToString(CultureInfo.InvariantCulture)) >= 3);
    }

    [Fact]
    public async Task The_projector_follows_a_live_round_from_waiting_through_counts_and_reveals_to_its_podium()
    {
        const string code = "TRUCTIEP";
        var admin = new TelegramUser(9200, "Quản", "Trị");
        var organizer = new TelegramUser(9201, "Ban", "Tổ Chức");
        var fast = new TelegramUser(9210, "Nguyễn", "Nhanh");
        var slow = new TelegramUser(9211, "Trần", "Chậm");
        await using var bot = await TelegramHarness.StartAsync(databases, extra: new Dictionary<string, string>
        {
            ["Admins__TelegramUserIds__0"] = admin.Id.ToString(CultureInfo.InvariantCulture),
            ["Digest__GroupChats__0__ChatId"] = Hall.Id.ToString(CultureInfo.InvariantCulture),
            ["Digest__GroupChats__0__Unit"] = TestBank.CommuneCode,
            ["Telegram__MessagesPerSecondPerChat"] = "20",
        });
        var client = bot.Client;
        await bot.Secretary(fast).RegisterAsync();
        await bot.Secretary(slow).RegisterAsync(TestBank.SecondCell);
        await client.SendCommandAsync(organizer, "/start");
        await client.WaitForMessageAsync(organizer.ChatId, "the organizer's welcome", m => m.Text.Contains("Chào mừng", StringComparison.Ordinal));
        await client.SendCommandAsync(admin, $"/grant {organizer.Id} organizer {TestBank.CommuneCode}");
        await client.WaitForMessageAsync(admin.ChatId, "'Đã giao quyền'", m => m.Text.Contains("Đã giao quyền", StringComparison.Ordinal));

        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone);
        await client.SendCommandAsync(organizer, $"""
            /newround
            mã: {code}
            tên: Hội thi trực tiếp
            đơn vị: {TestBank.CommuneCode}
            hình thức: trực tiếp
            câu hỏi: ids: e2e-001, e2e-002
            giây mỗi câu: 10
            mở: {local:yyyy-MM-dd HH:mm}
            đóng: {local.AddMinutes(30):yyyy-MM-dd HH:mm}
            thưởng chuỗi: có
            """);
        var draft = await client.WaitForMessageAsync(organizer.ChatId, "the draft", m => m.Buttons.Any(b => b.Text == "✅ Tạo vòng thi"));
        await client.PressAsync(organizer, draft, draft.Button("✅ Tạo vòng thi"));
        await client.WaitForEditAsync(organizer.ChatId, draft.MessageId, "'Đã tạo vòng thi'", m => m.Text.Contains("Đã tạo vòng thi", StringComparison.Ordinal));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = await SystemChromium.EnsureInstalledAsync(),
            Headless = true,
            Args = SystemChromium.Args,
        });
        var projector = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, Locale = "vi-VN" });
        var phone = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "vi-VN" });
        SetDefaultExpectTimeout(30_000);
        var url = new Uri(bot.PublicUrl, $"dashboard/live/{code}").ToString();
        IPage[] screens = [projector, phone];
        try
        {
            await projector.GotoAsync(url);
            await phone.GotoAsync(url);
            await Expect(projector.Locator("h1")).ToHaveTextAsync("Chờ ban tổ chức bắt đầu…");

            await client.SendCommandAsync(organizer, $"/openround {code}");
            for (var n = 1; n <= 2; n++)
            {
                // Telegram shows a message as last edited: a revealed question has lost its buttons.
                var question = await client.WaitForAsync(Hall.Id, $"question {n}",
                    ms => ms.FirstOrDefault(m => IsLiveQuestion(m) && m.Text.StartsWith($"<b>Câu {n}/2</b>", StringComparison.Ordinal)), TimeSpan.FromSeconds(40));
                var bank = TestBank.Questions.Single(q => question.Text.Contains(q.Text, StringComparison.Ordinal));
                foreach (var screen in screens)
                {
                    await Expect(screen.Locator("h1")).ToHaveTextAsync(bank.Text);
                    await Expect(screen.Locator("#progress")).ToHaveTextAsync($"Câu {n}/2");
                    await Expect(screen.Locator("#options li")).ToHaveCountAsync(bank.Options.Count);
                    await Expect(screen.Locator("#clock")).ToHaveTextAsync(new Regex(@"^\d+ giây$"));
                }

                // The counts fill in as the presses arrive; the right answer stays hidden until the reveal.
                var right = question.Buttons.First(b => question.Text.Contains($"<b>{b.Text}.</b> {bank.Right}", StringComparison.Ordinal));
                await client.SendGroupCallbackAsync(fast, Hall, question.MessageId, right.CallbackData);
                foreach (var screen in screens) await Expect(screen.Locator("#answered")).ToHaveTextAsync("1 người đã trả lời");
                await client.SendGroupCallbackAsync(slow, Hall, question.MessageId, right.CallbackData);
                foreach (var screen in screens)
                {
                    await Expect(screen.Locator("#answered")).ToHaveTextAsync("2 người đã trả lời");
                    await Expect(screen.Locator("#options li.right")).ToHaveCountAsync(0);
                }

                foreach (var screen in screens)
                {
                    await Expect(screen.Locator("#options li.right")).ToHaveCountAsync(1);
                    await Expect(screen.Locator("#options li.right")).ToContainTextAsync(bank.Right);
                    await Expect(screen.Locator("#board")).ToBeVisibleAsync();
                    await Expect(screen.Locator("#rows li").First).ToContainTextAsync(fast.FullName);
                }
            }

            await Expect(projector.Locator("h1")).ToHaveTextAsync("Bục vinh quang", new() { Timeout = 40_000 });
            await Expect(projector.Locator("#rows li")).ToHaveCountAsync(2);
            await Expect(projector.Locator("#rows li.gold")).ToContainTextAsync(fast.FullName);
            await Expect(projector.Locator("#rows li").First).ToContainTextAsync($"1. {fast.FullName}");
            await Expect(phone.Locator("h1")).ToHaveTextAsync("Bục vinh quang");
            if (bot.Proxy is { } proxy)
            {
                // Behind one address, the two screens' event streams came from both instances: one of them follows a
                // game that another instance runs.
                var streams = proxy.Served.Where(r => r.Path.EndsWith("/events", StringComparison.Ordinal)).Select(r => r.Instance).ToList();
                Assert.Equal(bot.Instances, streams.Distinct().Count());
            }
            Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the phone view scrolls sideways");
            // The projector showed the same standing as the round's results.
            await client.WaitForMessageAsync(organizer.ChatId, "the results", m => m.Text.Contains("🏆", StringComparison.Ordinal) && m.Text.Contains(fast.FullName, StringComparison.Ordinal));
        }
        finally
        {
            await projector.ScreenshotAsync(new() { Path = Path.Combine(Repository.ResultsFolder, "projector-podium.png") });
            output.WriteLine(bot.LogTail(80));
        }
    }

    private static async Task<Dictionary<string, List<string?>>> WaitForAnswersAsync(EmulatorClient client, IReadOnlyList<string> ids)
    {
        var wanted = ids.ToHashSet();
        for (var i = 0; i < 300; i++)
        {
            var answers = (await client.GetCallbackAnswersAsync()).Where(a => wanted.Contains(a.CallbackQueryId)).ToList();
            if (answers.Select(a => a.CallbackQueryId).Distinct().Count() == wanted.Count)
            {
                return answers.GroupBy(a => a.CallbackQueryId).ToDictionary(g => g.Key, g => g.Select(a => a.Text).ToList());
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("not every press was answered within 30 s");
    }

    [GeneratedRegex(@"<b>[A-Z•]\.?</b> [^\n]+? — <b>(?<n>[\d.]+)</b> \(")]
    private static partial Regex RevealLine();
}
