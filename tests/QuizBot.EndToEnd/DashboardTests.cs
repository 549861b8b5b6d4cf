using Microsoft.Playwright;
using QuizBot.EndToEnd.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace QuizBot.EndToEnd;

/// <summary>The public dashboard in a real (headless) Chromium on a phone-sized screen, after someone practised in the web chat.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DashboardTests(TestDatabases databases, ITestOutputHelper output)
{
    [Fact]
    public async Task The_leaderboard_page_shows_the_practice_just_done_agrees_with_the_chat_and_is_used_by_keyboard()
    {
        using var folder = new TempFolder();
        var bank = TestBank.WriteTo(folder.Combine("bank"), secondCommune: true);
        await using var service = await Deployment.StartAsync(new ServiceSettings(folder.Path, bank.Folder, await databases.CreateAsync(folder)), TestDatabases.Instances);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = await SystemChromium.EnsureInstalledAsync(),
            Headless = true,
            Args = SystemChromium.Args,
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "vi-VN" });
        page.SetDefaultTimeout(20_000);
        SetDefaultExpectTimeout(20_000);
        var screenshot = Path.Combine(Repository.ResultsFolder, "dashboard-leaderboard.png");
        try
        {
            // Someone registers in the first cell and answers two questions right in the web chat.
            await page.GotoAsync(new Uri(service.PublicUrl, "chat").ToString());
            await page.WaitForFunctionAsync("() => !!localStorage.getItem('quizbot.chatId')");
            await SayAsync(page, "/start");
            await Button(page, TestBank.Province).ClickAsync();
            await Button(page, TestBank.Commune).ClickAsync();
            await Button(page, TestBank.FirstCell).ClickAsync();
            await Expect(BotBubble(page, "Hãy gõ họ và tên")).ToBeVisibleAsync();
            await SayAsync(page, "Trần Thị Hoa");
            await Button(BotBubble(page, "Tên này đúng chưa?"), "✅ Đúng, dùng tên này").ClickAsync();
            await Expect(BotBubble(page, "Đăng ký xong")).ToBeVisibleAsync();
            await SayAsync(page, "/practice 2");
            for (var i = 1; i <= 2; i++)
            {
                var question = page.Locator(".msg.bot").Filter(new() { HasText = $"Câu {i}/2", Has = page.Locator("button") });
                await Expect(question).ToHaveCountAsync(1);
                await Button(question, TestBank.AnswerLabel(await question.InnerTextAsync(), true)).ClickAsync();
                await Expect(page.Locator("#toast")).ToHaveTextAsync("✅ Chính xác!");
            }
            await Expect(BotBubble(page, "Điểm:")).ToBeVisibleAsync();
            await SayAsync(page, "/leaderboard tinh tuan don-vi");
            var chatBoard = BotBubble(page, "Bảng xếp hạng đơn vị");
            await Expect(chatBoard).ToContainTextAsync("xã Kiểm T");
            var chatRow = (await chatBoard.InnerTextAsync()).Split('\n').Single(l => l.Contains("xã Kiểm T", StringComparison.Ordinal));
            Assert.Matches(@"1 xã Kiểm T…\s+1/1\s+100\s+2\.0\s+2$", chatRow.TrimEnd());

            // The public board of the province: its communes, then the people; the same figures as the chat.
            await page.GotoAsync(new Uri(service.PublicUrl, "dashboard").ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Bảng xếp hạng — {TestBank.Province}");
            var units = page.GetByRole(AriaRole.Table, new() { Name = $"Xếp hạng các đơn vị trực thuộc {TestBank.Province}" });
            await Expect(units.Locator("tbody tr")).ToHaveCountAsync(2);
            await Expect(units.Locator("tbody tr").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($@"^1\s*{TestBank.Commune}\s*1\s*1\s*100 %\s*2\.0\s*2$"));
            await Expect(units.Locator("tbody tr").Nth(1)).ToContainTextAsync(TestBank.OtherCommune);
            var people = page.GetByRole(AriaRole.Table, new() { Name = $"Xếp hạng cá nhân — {TestBank.Province} (10 người dẫn đầu)" });
            await Expect(people.Locator("tbody tr")).ToHaveTextAsync([new System.Text.RegularExpressions.Regex(@"^1\s*Trần Thị Hoa\s*2\s*2$")]);
            await Expect(page.GetByRole(AriaRole.Figure)).ToContainTextAsync($"{TestBank.Commune}100 %");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Tuần này" })).ToHaveAttributeAsync("aria-current", "page");
            // Nothing wider than the phone's screen but the tables' own scrolling boxes.
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            output.WriteLine($"Leaderboard screenshot: {screenshot}");
            Console.WriteLine($"Leaderboard screenshot: {screenshot}");

            // By keyboard: the first Tab shows the skip link with a visible focus ring; Tab on to the commune and Enter opens it.
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.Locator(":focus")).ToHaveTextAsync("Đến nội dung chính");
            await Expect(page.Locator(":focus")).ToBeInViewportAsync();
            Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
            for (var tabs = 0; tabs < 20 && await page.EvaluateAsync<string>("() => document.activeElement.textContent") != TestBank.Commune; tabs++)
            {
                await page.Keyboard.PressAsync("Tab");
            }
            await Expect(page.Locator(":focus")).ToHaveTextAsync(TestBank.Commune);
            Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Bảng xếp hạng — {TestBank.Commune}");
            var cells = page.GetByRole(AriaRole.Table, new() { Name = $"Xếp hạng các đơn vị trực thuộc {TestBank.Commune}" });
            await Expect(cells.Locator("tbody tr").First).ToContainTextAsync(TestBank.FirstCell);

            // The same page in English.
            await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"People — {TestBank.Commune} (top 10)" })).ToContainTextAsync("Trần Thị Hoa");
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.ResultsFolder, "dashboard-failure.png"), FullPage = true });
            throw;
        }
    }

    private static async Task SayAsync(IPage page, string text)
    {
        await page.Locator("#text").FillAsync(text);
        await page.Locator("#text").PressAsync("Enter");
        await Expect(page.Locator(".msg.me").Last).ToHaveTextAsync(text);
    }

    private static ILocator BotBubble(IPage page, string text) => page.Locator(".msg.bot").Filter(new() { HasText = text });

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static ILocator Button(ILocator within, string name) => within.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
}
