using Microsoft.Playwright;
using QuizBot.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace QuizBot.EndToEnd;

/// <summary>Test D: the built-in web chat in a real (headless) Chromium, with the service running without a bot token.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class WebChatTests(TestDatabases databases)
{
    [Fact]
    public async Task Web_chat_user_registers_with_a_typed_name_practises_and_sees_the_score()
    {
        using var folder = new TempFolder();
        var bank = TestBank.WriteTo(folder.Combine("bank"));
        await using var service = await Deployment.StartAsync(new ServiceSettings(folder.Path, bank.Folder, await databases.CreateAsync(folder)), TestDatabases.Instances);
        Assert.All(service.Instances, instance => Assert.Contains(instance.Log.Lines, line => line.Contains("serving the web chat only", StringComparison.Ordinal)));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = await SystemChromium.EnsureInstalledAsync(),
            Headless = true,
            Args = SystemChromium.Args,
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 520, Height = 1500 }, Locale = "vi-VN" });
        page.SetDefaultTimeout(20_000);
        SetDefaultExpectTimeout(20_000);
        try
        {
            await page.GotoAsync(new Uri(service.PublicUrl, "chat").ToString());
            // The page asks the server for a chat id first; typing before it has one would be refused.
            await page.WaitForFunctionAsync("() => !!localStorage.getItem('quizbot.chatId')");

            await SayAsync(page, "/start");
            await Expect(BotBubble(page, "Chào mừng")).ToBeVisibleAsync();
            await Button(page, TestBank.Province).ClickAsync();
            await Button(page, TestBank.Commune).ClickAsync();
            await Button(page, TestBank.FirstCell).ClickAsync();

            // The web chat knows no name: it asks for one before the confirmation.
            await Expect(BotBubble(page, "Hãy gõ họ và tên")).ToBeVisibleAsync();
            await SayAsync(page, "Trần Thị Hoa");
            var confirmation = BotBubble(page, "Tên này đúng chưa?");
            await Expect(confirmation).ToContainTextAsync("Trần Thị Hoa");
            await Expect(confirmation).ToContainTextAsync($"{TestBank.Province} › {TestBank.Commune} › {TestBank.FirstCell}");
            await Button(confirmation, "✅ Đúng, dùng tên này").ClickAsync();
            await Expect(BotBubble(page, "Đăng ký xong")).ToContainTextAsync("Trần Thị Hoa");

            await SayAsync(page, "/practice 3");
            bool[] plan = [true, false, true];
            for (var i = 0; i < plan.Length; i++)
            {
                var header = $"Câu {i + 1}/3";
                var question = page.Locator(".msg.bot").Filter(new() { HasText = header, Has = page.Locator("button") });
                await Expect(question).ToHaveCountAsync(1);
                var label = TestBank.AnswerLabel(await question.InnerTextAsync(), plan[i]);
                await Button(question, label).ClickAsync();

                var result = BotBubble(page, header).Filter(new() { HasText = "Nguồn:" });
                await Expect(result).ToContainTextAsync(plan[i] ? "✅ Bạn chọn" : "❌ Bạn chọn");
                await Expect(result.Locator("button")).ToHaveCountAsync(0);
                await Expect(page.Locator("#toast")).ToHaveTextAsync(plan[i] ? "✅ Chính xác!" : "❌ Chưa đúng");
            }

            var summary = BotBubble(page, "Điểm:");
            await Expect(summary).ToBeVisibleAsync();
            var shownRight = await page.Locator(".msg.bot").Filter(new() { HasText = "✅ Bạn chọn" }).CountAsync();
            Assert.Equal(2, shownRight);
            Assert.Equal((shownRight, 3), Screens.Score(await summary.InnerTextAsync()));

            await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.ResultsFolder, "webchat-practice.png") });
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.ResultsFolder, "webchat-failure.png") });
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
