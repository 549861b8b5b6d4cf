using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QuizBot.EndToEnd.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace QuizBot.EndToEnd;

/// <summary>
/// The organizer pages in a real (headless) Chromium on a phone-sized screen: the organizer asks for a link on
/// Telegram (through the emulator), opens it, confirms by keyboard, and uses the pages as a person would; a browser
/// without the session is turned away, and so is the link opened a second time.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class OrganizerDashboardTests(TestDatabases databases, ITestOutputHelper output)
{
    private static readonly TelegramUser Admin = new(9100, "Quản", "Trị");
    private static readonly TelegramUser Organizer = new(9101, "Tổ", "Chức");

    [GeneratedRegex(@"http://\S+/dashboard/login\?token=[A-Za-z0-9_-]+")]
    private static partial Regex LoginLink();

    [Fact]
    public async Task An_organizer_logs_in_by_the_chat_link_creates_a_round_and_reads_participation_and_the_bank_and_nobody_else_gets_in()
    {
        await using var bot = await TelegramHarness.StartAsync(databases, extra: new Dictionary<string, string>
        {
            ["Admins__TelegramUserIds__0"] = Admin.Id.ToString(CultureInfo.InvariantCulture),
        });
        var client = bot.Client;
        await client.SendCommandAsync(Organizer, "/start");
        await client.WaitForMessageAsync(Organizer.ChatId, "the organizer's welcome", m => m.Text.Contains("Chào mừng", StringComparison.Ordinal));
        await client.SendCommandAsync(Admin, $"/grant {Organizer.Id} organizer {TestBank.CommuneCode}");
        await client.WaitForMessageAsync(Admin.ChatId, "'Đã giao quyền'", m => m.Text.Contains("Đã giao quyền", StringComparison.Ordinal));

        // The link comes through the chat, pointing at the service itself, with Telegram's link preview off.
        var last = await bot.Secretary(Organizer).LastMessageIdAsync();
        await client.SendCommandAsync(Organizer, "/dashboard");
        var message = await client.WaitForMessageAsync(Organizer.ChatId, "the login link", m => LoginLink().IsMatch(m.Text), last);
        var link = LoginLink().Match(message.Text).Value;
        Assert.StartsWith(new Uri(bot.PublicUrl, "dashboard/login?token=").ToString(), link);
        var sent = (await client.GetBotCallsAsync("sendMessage")).Last(c => c.Params["text"]?.ToString().Contains(link, StringComparison.Ordinal) == true);
        var preview = sent.Params["link_preview_options"];
        Assert.NotNull(preview);
        Assert.Contains("\"is_disabled\":true", (preview is System.Text.Json.Nodes.JsonValue v ? v.ToString() : preview.ToJsonString()).Replace(" ", ""));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = await SystemChromium.EnsureInstalledAsync(),
            Headless = true,
            Args = SystemChromium.Args,
        });
        var phone = new BrowserNewContextOptions { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "vi-VN" };
        await using var context = await browser.NewContextAsync(phone);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        SetDefaultExpectTimeout(20_000);
        try
        {
            // Opening the link asks first; the confirmation goes by keyboard.
            var opened = await page.GotoAsync(link);
            Assert.Equal(200, opened!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đăng nhập trang quản lý");
            await Expect(page.GetByText("với tên Tổ Chức")).ToBeVisibleAsync();
            for (var tabs = 0; tabs < 10 && await page.EvaluateAsync<string>("() => document.activeElement.textContent") != "Đăng nhập"; tabs++)
            {
                await page.Keyboard.PressAsync("Tab");
            }
            await Expect(page.Locator(":focus")).ToHaveTextAsync("Đăng nhập");
            Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
            await page.Keyboard.PressAsync("Enter");

            await Expect(page).ToHaveURLAsync(new Regex("/dashboard/organizer$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Các vòng thi");
            await Expect(page.GetByText("Chưa có vòng thi nào trong phạm vi bạn phụ trách.")).ToBeVisibleAsync();
            var session = Assert.Single(await context.CookiesAsync(), c => c.Name == "quizbot.organizer");
            Assert.True(session.HttpOnly);
            Assert.Equal(SameSiteAttribute.Lax, session.SameSite);

            // The round form: a bad code comes back with its message beside the field, then the fixed form creates the round.
            var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Trang quản lý" });
            await menu.GetByRole(AriaRole.Link, new() { Name = "Tạo vòng thi" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tạo vòng thi");
            await page.GetByLabel("Mã", new() { Exact = true }).FillAsync("x");
            await page.GetByLabel("Tên vòng thi", new() { Exact = true }).FillAsync("Vòng thi trên trang quản lý");
            await page.GetByLabel("Đơn vị tổ chức", new() { Exact = true }).SelectOptionAsync(TestBank.CommuneCode);
            await page.GetByLabel("Câu hỏi", new() { Exact = true }).FillAsync("e2e:3");
            await page.GetByRole(AriaRole.Button, new() { Name = "Tạo vòng thi" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("code: 2 to 16 letters A–Z and digits");
            await Expect(page.GetByLabel("Mã", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.GetByLabel("Tên vòng thi", new() { Exact = true })).ToHaveValueAsync("Vòng thi trên trang quản lý");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.ResultsFolder, "dashboard-organizer-form.png"), FullPage = true });
            await page.GetByLabel("Mã", new() { Exact = true }).FillAsync("WEB1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Tạo vòng thi" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Đã tạo vòng thi WEB1.");
            var rounds = page.GetByRole(AriaRole.Table, new() { Name = "Các vòng thi thuộc phạm vi bạn phụ trách, mới nhất trước" });
            await Expect(rounds.Locator("tbody tr")).ToHaveCountAsync(1);
            await Expect(rounds.Locator("tbody tr").First).ToContainTextAsync("WEB1");
            await Expect(rounds.Locator("tbody tr").First).ToContainTextAsync(TestBank.Commune);
            await Expect(rounds.Locator("tbody tr").First).ToContainTextAsync("Đang diễn ra");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
            var screenshot = Path.Combine(Repository.ResultsFolder, "dashboard-organizer.png");
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            output.WriteLine($"Organizer dashboard screenshot: {screenshot}");

            // Participation per cell of the commune, and the bank with its questions and problems.
            await menu.GetByRole(AriaRole.Link, new() { Name = "Tỷ lệ tham gia" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tỷ lệ tham gia theo đơn vị");
            var cells = page.GetByRole(AriaRole.Table, new() { Name = $"Tỷ lệ tham gia các đơn vị trực thuộc {TestBank.Commune}" });
            await Expect(cells.Locator("tbody th")).ToHaveTextAsync([TestBank.SecondCell, TestBank.FirstCell]);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "CSV" })).ToHaveAttributeAsync("href", new Regex("participation/export\\?period=week&format=csv$"));

            await menu.GetByRole(AriaRole.Link, new() { Name = "Ngân hàng câu hỏi" }).ClickAsync();
            var questions = page.GetByRole(AriaRole.Table, new() { Name = $"Câu hỏi đang dùng — {TestBank.TopicName} (5 câu)" });
            await Expect(questions.Locator("tbody tr")).ToHaveCountAsync(5);
            await Expect(questions.Locator("tbody tr").First).ToContainTextAsync(TestBank.Questions[0].Text);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lỗi và góp ý trong tệp ngân hàng câu hỏi" })).ToBeVisibleAsync();
            await Expect(page.GetByText("Không có lỗi.")).ToBeVisibleAsync();

            // The same page in English.
            await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Question bank");
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.ResultsFolder, "dashboard-organizer-failure.png"), FullPage = true });
            throw;
        }

        // Another browser has no session: the organizer pages are closed to it, and the link, already used, is refused.
        await using var stranger = await browser.NewContextAsync(phone);
        var other = await stranger.NewPageAsync();
        var closed = await other.GotoAsync(new Uri(bot.PublicUrl, "dashboard/organizer").ToString());
        Assert.Equal(401, closed!.Status);
        await Expect(other.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Cần đăng nhập");
        await Expect(other.GetByText("hãy gửi lệnh /dashboard cho bot")).ToBeVisibleAsync();
        var reused = await other.GotoAsync(link);
        Assert.Equal(410, reused!.Status);
        await Expect(other.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đường dẫn đã được dùng");
        Assert.DoesNotContain(await stranger.CookiesAsync(), c => c.Name == "quizbot.organizer");
    }
}
