using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuizBot.Conversation;
using QuizBot.Dashboard.Organizer;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.Tests.Integration;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Dashboard;

/// <summary>
/// The organizer pages through the real host: the one-time login link (sent without a preview, spent only by the
/// person's confirmation, refused when expired, reused or forged), the session and who it lets in, the round form
/// on the chat form's rules, the exports, participation and the bank browser.
/// </summary>
public sealed partial class OrganizerDashboardTests : IntegrationTest
{
    private const long Admin = 9_100_001;
    private const long OrganizerA = 9_100_002;
    private const long OrganizerB = 9_100_003;
    private const long Contestant = 9_100_010;
    private const string PublicUrl = "http://quiz.example.org/";

    private const string TwoCommunes = """
        units:
          - code: P1
            name: Đảng bộ tỉnh Thử
            kind: province
            children:
              - code: P1-C1
                name: Đảng bộ xã Một
                kind: commune
                children:
                  - code: P1-C1-CB1
                    name: Chi bộ thôn Một
                    kind: cell
                    members: 2
                  - code: P1-C1-CB2
                    name: Chi bộ thôn Hai
                    kind: cell
                    members: 4
              - code: P1-C2
                name: Đảng bộ xã Hai
                kind: commune
                children:
                  - code: P1-C2-CB1
                    name: Chi bộ thôn Ba
                    kind: cell
        """;

    private readonly RecordingTelegram telegram = new();
    private int presses;

    public OrganizerDashboardTests() => Bank.Write("org-units.yaml", TwoCommunes);

    /// <summary>10:00 in Vietnam on 2 November 2026; organizer A holds commune Một, B commune Hai.</summary>
    private QuizBotHost Start(string publicUrl = PublicUrl)
    {
        var host = Restart(publicUrl);
        var units = Units(host);
        host.RegisterMember(Admin, units["P1-C1-CB1"], "Quản Trị");
        host.RegisterMember(OrganizerA, units["P1-C1-CB1"], "Tổ Chức Một");
        host.RegisterMember(OrganizerB, units["P1-C2-CB1"], "Tổ Chức Hai");
        Grant(host, OrganizerA, units["P1-C1"]);
        Grant(host, OrganizerB, units["P1-C2"]);
        return host;
    }

    /// <summary>The service on this test's database, as it was left.</summary>
    private QuizBotHost Restart(string publicUrl = PublicUrl) => StartHost(web =>
    {
        web.UseSetting("Admins:TelegramUserIds:0", Admin.ToString(System.Globalization.CultureInfo.InvariantCulture));
        web.UseSetting("Dashboard:PublicUrl", publicUrl);
        web.ConfigureTestServices(services => services.AddSingleton<IChatOutput>(telegram));
    });

    private static Dictionary<string, int> Units(QuizBotHost host) => host.Scoped(db => db.Units.ToDictionary(u => u.Code, u => u.Id));

    private void Grant(QuizBotHost host, long user, int unitId) => host.Scoped(db =>
    {
        db.RoleGrants.Add(new RoleGrant { TelegramUserId = user, Role = GrantedRole.Organizer, UnitId = unitId, GrantedBy = Admin, GrantedAt = Clock.GetUtcNow().UtcDateTime });
        return db.SaveChanges();
    });

    private static async Task SayAsync(QuizBotHost host, long user, string text) =>
        await host.Services.GetRequiredService<UpdateRouter>().HandleAsync(
            new IncomingUpdate(new ChatRef(Transport.Telegram, user), new Sender(user, $"Người {user}", $"u{user}"), text), CancellationToken.None);

    private async Task<string?> PressAsync(QuizBotHost host, long user, string data, int messageId)
    {
        var id = $"cb{Interlocked.Increment(ref presses)}";
        await host.Services.GetRequiredService<UpdateRouter>().HandleAsync(
            new IncomingUpdate(new ChatRef(Transport.Telegram, user), new Sender(user, $"Người {user}"), null, new CallbackRef(id, data, messageId)),
            CancellationToken.None);
        return telegram.Toasts.TryGetValue(id, out var toast) ? toast : null;
    }

    [GeneratedRegex(@"http://quiz\.example\.org/dashboard/login\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex LoginLink();

    /// <summary>/dashboard in chat; the token of the link it answers with.</summary>
    private async Task<string> LinkAsync(QuizBotHost host, long user)
    {
        await SayAsync(host, user, "/dashboard");
        var message = telegram.LastTo(user);
        var link = LoginLink().Match(message.Html);
        Assert.True(link.Success, $"no login link in: {message.Html}");
        Assert.True(message.NoLinkPreview, "the login link went out with a link preview");
        return link.Groups[1].Value;
    }

    private static string LoginPath(string token) => $"/dashboard/login?token={token}";

    /// <summary>Opens the link and presses the button, as the person does.</summary>
    private static async Task<OrganizerBrowser.Page> ConfirmAsync(OrganizerBrowser browser, string token)
    {
        var confirmation = await browser.GetAsync(LoginPath(token));
        Assert.Equal(HttpStatusCode.OK, confirmation.Status);
        return await browser.PostAsync("/dashboard/login", new Dictionary<string, string> { ["token"] = token, ["lang"] = "vi" }, confirmation);
    }

    private static async Task<OrganizerBrowser> LoggedInAsync(QuizBotHost host, string token)
    {
        var browser = new OrganizerBrowser(host);
        var done = await ConfirmAsync(browser, token);
        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        return browser;
    }

    private static DashboardLogin TheLogin(QuizBotHost host) => host.Scoped(db => db.DashboardLogins.Single());

    [Fact]
    public async Task The_link_comes_without_a_preview_and_opening_it_spends_nothing_until_the_person_confirms()
    {
        using var host = Start();
        var token = await LinkAsync(host, OrganizerA);
        Assert.StartsWith($"🔐 Đường dẫn đăng nhập trang quản lý", telegram.LastTo(OrganizerA).Html);
        Assert.Contains("hết hạn lúc 10:10 02/11/2026", telegram.LastTo(OrganizerA).Html);
        // Only a hash is kept: the table does not give the link back.
        var stored = TheLogin(host);
        Assert.Matches("^[0-9a-f]{64}$", stored.TokenHash);
        Assert.DoesNotContain(token, stored.TokenHash, StringComparison.Ordinal);

        // A link preview, or a scanner, fetches the page twice: it shows the confirmation and spends nothing.
        using (var preview = new OrganizerBrowser(host))
        {
            for (var i = 0; i < 2; i++)
            {
                var page = await preview.GetAsync(LoginPath(token));
                Assert.Equal(HttpStatusCode.OK, page.Status);
                Assert.Contains("Bạn sắp đăng nhập trang quản lý của ban tổ chức với tên Tổ Chức Một.", page.Html);
                Assert.Contains("<button type=\"submit\">Đăng nhập</button>", page.Html);
                Assert.DoesNotContain(page.SetCookies, c => c.StartsWith("quizbot.organizer=", StringComparison.Ordinal));
            }
            Assert.Null(TheLogin(host).UsedAt);
            Assert.Equal(HttpStatusCode.Unauthorized, (await preview.GetAsync("/dashboard/organizer")).Status);
        }

        using var browser = new OrganizerBrowser(host);
        var done = await ConfirmAsync(browser, token);
        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        Assert.Equal("/dashboard/organizer", done.Location?.OriginalString);
        var session = Assert.Single(done.SetCookies, c => c.StartsWith("quizbot.organizer=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime, TheLogin(host).UsedAt);

        var rounds = await browser.GetAsync("/dashboard/organizer");
        Assert.Equal(HttpStatusCode.OK, rounds.Status);
        Assert.Contains("<h1>Các vòng thi</h1>", rounds.Html);
        Assert.Contains("Đăng nhập: Tổ Chức Một.", rounds.Html);
    }

    [Fact]
    public async Task A_used_link_is_refused_and_signs_nobody_in()
    {
        using var host = Start();
        var token = await LinkAsync(host, OrganizerA);
        using var first = await LoggedInAsync(host, token);
        var usedAt = TheLogin(host).UsedAt;

        using var second = new OrganizerBrowser(host);
        var again = await second.GetAsync(LoginPath(token));
        Assert.Equal(HttpStatusCode.Gone, again.Status);
        Assert.Contains("Đường dẫn đăng nhập này đã được dùng một lần", again.Html);
        Assert.Contains("/dashboard", again.Html);

        // Pressing the button of a page opened before the first use changes nothing either.
        using var late = new OrganizerBrowser(host);
        var other = await LinkAsync(host, OrganizerA);
        var form = await late.GetAsync(LoginPath(other));
        var refused = await late.PostAsync("/dashboard/login", new Dictionary<string, string> { ["token"] = token }, form);
        Assert.Equal(HttpStatusCode.Gone, refused.Status);
        Assert.DoesNotContain(refused.SetCookies, c => c.StartsWith("quizbot.organizer=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await late.GetAsync("/dashboard/organizer")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/dashboard/organizer")).Status);
        Assert.Equal(usedAt, host.Scoped(db => db.DashboardLogins.OrderBy(l => l.Id).First().UsedAt));
    }

    [Fact]
    public async Task A_link_works_for_ten_minutes_and_is_refused_after()
    {
        using var host = Start();
        var early = await LinkAsync(host, OrganizerA);
        var late = await LinkAsync(host, OrganizerA);

        Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        using var inTime = await LoggedInAsync(host, early);
        using var slow = new OrganizerBrowser(host);
        var opened = await slow.GetAsync(LoginPath(late));
        Assert.Equal(HttpStatusCode.OK, opened.Status);

        // The person waited on the page: at ten minutes the link is gone.
        Clock.Advance(TimeSpan.FromSeconds(1));
        var pressed = await slow.PostAsync("/dashboard/login", new Dictionary<string, string> { ["token"] = late }, opened);
        Assert.Equal(HttpStatusCode.Gone, pressed.Status);
        Assert.Contains("Đường dẫn đăng nhập này đã quá 10 phút", pressed.Html);
        Assert.Equal(HttpStatusCode.Gone, (await slow.GetAsync(LoginPath(late))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await slow.GetAsync("/dashboard/organizer")).Status);
        Assert.Equal(1, host.Scoped(db => db.DashboardLogins.Count(l => l.UsedAt != null)));

        // The next link clears the person's links of days past (the fake clock does not jump a day: the scheduler would wake).
        var daysPast = Clock.GetUtcNow().UtcDateTime - LoginLinks.KeptFor - TimeSpan.FromSeconds(1);
        host.Scoped(db => db.DashboardLogins.Where(l => l.UsedAt == null).ExecuteUpdate(l => l.SetProperty(x => x.ExpiresAt, daysPast)));
        await LinkAsync(host, OrganizerA);
        Assert.Equal(2, host.Scoped(db => db.DashboardLogins.Count()));
        Assert.Equal(HttpStatusCode.Forbidden, (await slow.GetAsync(LoginPath(late))).Status);
        Assert.Equal(HttpStatusCode.Gone, (await slow.GetAsync(LoginPath(early))).Status);
    }

    [Fact]
    public async Task A_forged_or_cut_token_is_refused_and_changes_nothing()
    {
        using var host = Start();
        var token = await LinkAsync(host, OrganizerA);
        using var browser = new OrganizerBrowser(host);

        // Well formed, but not one the bot wrote: one letter changed.
        var forged = (token[0] == 'A' ? 'B' : 'A') + token[1..];
        var page = await browser.GetAsync(LoginPath(forged));
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Đường dẫn đăng nhập này không phải do bot gửi, hoặc đã bị sửa.", page.Html);
        foreach (var cut in new[] { token[..20], "", token + "x", "<script>" })
        {
            var bad = await browser.GetAsync($"/dashboard/login?token={Uri.EscapeDataString(cut)}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            Assert.DoesNotContain("<script>", bad.Html);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("/dashboard/login")).Status);

        // Posting the forged token with a good anti-forgery field of a real confirmation page signs nobody in.
        var real = await browser.GetAsync(LoginPath(token));
        var posted = await browser.PostAsync("/dashboard/login", new Dictionary<string, string> { ["token"] = forged }, real);
        Assert.Equal(HttpStatusCode.Forbidden, posted.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/dashboard/organizer")).Status);
        Assert.Null(TheLogin(host).UsedAt);
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(browser, token)).Status);
    }

    [Fact]
    public async Task A_confirmation_without_its_anti_forgery_token_is_refused_and_the_link_stays_good()
    {
        using var host = Start();
        var token = await LinkAsync(host, OrganizerA);
        using var browser = new OrganizerBrowser(host);
        var page = await browser.GetAsync(LoginPath(token));

        var bare = await browser.PostAsync("/dashboard/login", new Dictionary<string, string> { ["token"] = token });
        Assert.Equal(HttpStatusCode.BadRequest, bare.Status);
        Assert.Contains("Biểu mẫu đã hết hạn hoặc không được gửi từ trang này", bare.Html);

        // Another site's page (another browser's cookie) cannot lend its token either.
        using var elsewhere = new OrganizerBrowser(host);
        var theirs = await elsewhere.GetAsync(LoginPath(token));
        var borrowed = await browser.PostAsync("/dashboard/login",
            new Dictionary<string, string> { ["token"] = token, [OrganizerBrowser.AntiforgeryField] = OrganizerBrowser.TokenOf(theirs.Html) });
        Assert.Equal(HttpStatusCode.BadRequest, borrowed.Status);
        Assert.Null(TheLogin(host).UsedAt);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/dashboard/organizer")).Status);

        var done = await browser.PostAsync("/dashboard/login", new Dictionary<string, string> { ["token"] = token }, page);
        Assert.Equal(HttpStatusCode.Redirect, done.Status);
    }

    [Fact]
    public async Task Organizer_pages_refuse_a_browser_without_a_session_a_contestant_and_an_organizer_whose_role_was_revoked()
    {
        using var host = Start();
        using var nobody = new OrganizerBrowser(host);
        foreach (var path in new[]
        {
            "/dashboard/organizer", "/dashboard/organizer/rounds/new", "/dashboard/organizer/participation", "/dashboard/organizer/bank",
            "/dashboard/organizer/participation/export?format=csv", "/dashboard/organizer/rounds/XAMOT/export?format=csv",
        })
        {
            var page = await nobody.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, page.Status);
            Assert.Contains("hãy gửi lệnh /dashboard cho bot", page.Html);
        }
        var post = await nobody.PostAsync("/dashboard/organizer/rounds/new", ValidForm("NOSESSION", "P1-C1"));
        Assert.Equal(HttpStatusCode.Unauthorized, post.Status);

        // A contestant gets no link at all.
        host.RegisterMember(Contestant, Units(host)["P1-C1-CB2"], "Người Dự Thi");
        await SayAsync(host, Contestant, "/dashboard");
        Assert.Contains("dành cho ban tổ chức", telegram.LastTo(Contestant).Html);
        Assert.Equal(0, host.Scoped(db => db.DashboardLogins.Count()));

        using var browser = await LoggedInAsync(host, await LinkAsync(host, OrganizerA));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/dashboard/organizer")).Status);
        var now = Clock.GetUtcNow().UtcDateTime;
        host.Scoped(db => db.RoleGrants.Where(g => g.TelegramUserId == OrganizerA).ExecuteUpdate(g => g.SetProperty(x => x.RevokedAt, now)));
        var revoked = await browser.GetAsync("/dashboard/organizer");
        Assert.Equal(HttpStatusCode.Forbidden, revoked.Status);
        Assert.Contains("Tài khoản này hiện không có quyền ban tổ chức", revoked.Html);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/dashboard/organizer/bank")).Status);
        Assert.Equal(0, host.Scoped(db => db.Rounds.Count()));
    }

    [Fact]
    public async Task A_link_is_never_posted_in_a_group()
    {
        using var host = Start();
        const long group = -1_000_000_123;
        await host.Services.GetRequiredService<UpdateRouter>().HandleAsync(
            new IncomingUpdate(new ChatRef(Transport.Telegram, group, IsPrivate: false), new Sender(OrganizerA, "Tổ Chức Một", $"u{OrganizerA}"), "/dashboard"),
            CancellationToken.None);

        var reply = telegram.LastTo(group).Html;
        Assert.Contains("chỉ được gửi trong cuộc trò chuyện riêng", reply);
        Assert.DoesNotContain("/dashboard/login", reply);
        Assert.Equal(0, host.Scoped(db => db.DashboardLogins.Count()));
    }

    [Fact]
    public async Task A_session_lasts_eight_hours_and_ends_at_log_out()
    {
        using var host = Start();
        using var browser = await LoggedInAsync(host, await LinkAsync(host, OrganizerA));
        Clock.Advance(TimeSpan.FromHours(8) - TimeSpan.FromMinutes(1));
        var page = await browser.GetAsync("/dashboard/organizer");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/dashboard/organizer")).Status);

        using var again = await LoggedInAsync(host, await LinkAsync(host, OrganizerA));
        var rounds = await again.GetAsync("/dashboard/organizer");
        // Logging out is a form too: without its token nothing happens.
        Assert.Equal(HttpStatusCode.BadRequest, (await again.PostAsync("/dashboard/logout", new Dictionary<string, string> { ["lang"] = "vi" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/dashboard/organizer")).Status);
        var done = await again.PostAsync("/dashboard/logout", new Dictionary<string, string> { ["lang"] = "vi" }, rounds);
        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Contains("Bạn đã đăng xuất khỏi trang quản lý.", done.Html);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/dashboard/organizer")).Status);
    }

    [Fact]
    public async Task A_session_outlives_a_restart_of_the_service()
    {
        var host = Start();
        using var browser = new OrganizerBrowser(host);
        var done = await ConfirmAsync(browser, await LinkAsync(host, OrganizerA));
        var cookie = Assert.Single(done.SetCookies, c => c.StartsWith("quizbot.organizer=", StringComparison.Ordinal)).Split(';')[0];
        host.Dispose();
        // The keys that seal it are kept beside the SQLite file (in the database itself on PostgreSQL, for every
        // instance), not in the service's memory or the user's home.
        using var restarted = Restart();
        if (TestDatabases.PostgresServer is null) Assert.NotEmpty(Directory.GetFiles(Path.ChangeExtension(DatabaseFile, null) + "-keys", "key-*.xml"));
        else Assert.NotEmpty(restarted.Scoped(db => db.DataProtectionKeys.ToList()));
        using var http = restarted.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/organizer") { Headers = { { "Cookie", cookie } } };
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Đăng nhập: Tổ Chức Một.", await response.Content.ReadAsStringAsync());
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/dashboard/organizer") { Headers = { { "Cookie", cookie[..^4] + "AAAA" } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task Behind_an_https_public_address_the_session_cookie_is_secure()
    {
        // The test server speaks plain HTTP, as the service does behind a TLS proxy; cookies go along by hand.
        using var host = Start("https://quiz.example.org/");
        await SayAsync(host, OrganizerA, "/dashboard");
        var token = Regex.Match(telegram.LastTo(OrganizerA).Html, @"https://quiz\.example\.org/dashboard/login\?token=([A-Za-z0-9_-]+)").Groups[1].Value;
        using var http = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var page = await http.GetAsync(LoginPath(token));
        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("quizbot.antiforgery=", StringComparison.Ordinal));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/dashboard/login")
        {
            Headers = { { "Cookie", antiforgery.Split(';')[0] } },
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = token, [OrganizerBrowser.AntiforgeryField] = OrganizerBrowser.TokenOf(await page.Content.ReadAsStringAsync()),
            }),
        };
        var done = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var session = Assert.Single(done.Headers.GetValues("Set-Cookie"), c => c.StartsWith("quizbot.organizer=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
    }

    private static Dictionary<string, string> ValidForm(string code, string unit, string title = "Vòng thi trên trang") => new()
    {
        ["code"] = code, ["title"] = title, ["unit"] = unit, ["mode"] = "selfpaced", ["questions"] = "charter:2, cells:2", ["seconds"] = "30",
        ["opens"] = "2026-11-02T10:00", ["closes"] = "2026-11-02T12:00", ["attempts"] = "1", ["prediction"] = "none", ["prizes"] = "1,0,0,1",
        ["tiebreaks"] = "", ["lang"] = "vi",
    };

    [Fact]
    public async Task The_round_form_creates_a_round_only_from_valid_input_within_the_organizers_units()
    {
        using var host = Start();
        using var browser = await LoggedInAsync(host, await LinkAsync(host, OrganizerA));
        var form = await browser.GetAsync("/dashboard/organizer/rounds/new");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        // The scope list offers commune Một and its cells, not commune Hai; every field has its label.
        Assert.Contains("<option value=\"P1-C1\"", form.Html);
        Assert.Contains("<option value=\"P1-C1-CB2\"", form.Html);
        Assert.DoesNotContain("<option value=\"P1-C2\"", form.Html);
        foreach (var field in new[] { "code", "title", "unit", "mode", "questions", "seconds", "opens", "closes", "attempts", "prediction", "prizes", "tiebreaks" })
        {
            Assert.Contains($"<label for=\"f-{field}\">", form.Html);
            Assert.Contains($"id=\"f-{field}\" name=\"{field}\"", form.Html);
        }

        // Bad input: the problems by field, the values kept, nothing created.
        var bad = ValidForm("x", "P1-C1");
        bad["closes"] = "2026-11-02T09:00";
        var refused = await browser.PostAsync("/dashboard/organizer/rounds/new", bad, form);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("code: 2 to 16 letters A–Z and digits", refused.Html);
        Assert.Contains("closes: must come after opens", refused.Html);
        Assert.Contains("Chưa tạo vòng thi nào.", refused.Html);
        Assert.Contains("id=\"f-code\" name=\"code\" aria-describedby=\"hint-code error-code\" aria-invalid=\"true\" value=\"x\"", refused.Html);

        // Commune Hai is not A's: a forged option is refused by the chat's rule.
        var outside = await browser.PostAsync("/dashboard/organizer/rounds/new", ValidForm("XAHAI", "P1-C2"), form);
        Assert.Equal(HttpStatusCode.BadRequest, outside.Status);
        Assert.Contains("unit: P1-C2 is not in a unit you organize", outside.Html);

        // A line break in a field cannot smuggle in a line of the form.
        var smuggled = ValidForm("SMUGGLE", "");
        smuggled["title"] = "Tên\nunit: P1-C2";
        var joined = await browser.PostAsync("/dashboard/organizer/rounds/new", smuggled, form);
        Assert.Equal(HttpStatusCode.BadRequest, joined.Status);
        Assert.Contains("&#39;unit&#39; is missing", joined.Html);

        var noToken = await browser.PostAsync("/dashboard/organizer/rounds/new", ValidForm("NOTOKEN", "P1-C1"));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.Status);
        Assert.Equal(0, host.Scoped(db => db.Rounds.Count()));

        var created = await browser.PostAsync("/dashboard/organizer/rounds/new", ValidForm("TRANG1", "P1-C1"), form);
        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        Assert.Equal("/dashboard/organizer?created=TRANG1", created.Location?.OriginalString);
        var round = host.Scoped(db => db.Rounds.Single());
        Assert.Equal(("TRANG1", "Vòng thi trên trang", Units(host)["P1-C1"], RoundStatus.Open, OrganizerA, 4),
            (round.Code, round.Title, round.ScopeUnitId, round.Status, round.CreatedBy, round.QuestionIds.Length));
        Assert.Equal(["round.create", "round.open"], host.Scoped(db => db.Audit.OrderBy(a => a.Id).Select(a => a.Action).ToList()));
        var list = await browser.GetAsync(created.Location!.OriginalString);
        Assert.Contains("Đã tạo vòng thi TRANG1.", list.Html);
        Assert.Contains("<code>TRANG1</code>", list.Html);

        // The same code again is taken.
        var again = await browser.PostAsync("/dashboard/organizer/rounds/new", ValidForm("TRANG1", "P1-C1"), form);
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Contains("code: TRANG1 is taken", again.Html);
        Assert.Equal(1, host.Scoped(db => db.Rounds.Count()));
    }

    [Fact]
    public async Task An_organizer_sees_and_exports_only_their_units_rounds_and_the_files_are_the_bytes_of_export_in_chat()
    {
        using var host = Start();
        using var a = await LoggedInAsync(host, await LinkAsync(host, OrganizerA));
        using var b = await LoggedInAsync(host, await LinkAsync(host, OrganizerB));
        var formA = await a.GetAsync("/dashboard/organizer/rounds/new");
        var formB = await b.GetAsync("/dashboard/organizer/rounds/new");
        Assert.Equal(HttpStatusCode.Redirect, (await a.PostAsync("/dashboard/organizer/rounds/new", ValidForm("XAMOT", "P1-C1"), formA)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await b.PostAsync("/dashboard/organizer/rounds/new", ValidForm("XAHAI", "P1-C2"), formB)).Status);

        // A contestant of commune Một takes A's round.
        host.RegisterMember(Contestant, Units(host)["P1-C1-CB2"], "Trần Thị Dự");
        await SayAsync(host, Contestant, "/join XAMOT");
        for (var i = 0; i < 4; i++)
        {
            var question = telegram.LastTo(Contestant);
            Assert.Equal("Đã ghi nhận câu trả lời", await PressAsync(host, Contestant, question.Buttons![0][0].Data, question.Id));
        }
        var listA = await a.GetAsync("/dashboard/organizer");
        Assert.Contains("<code>XAMOT</code>", listA.Html);
        Assert.DoesNotContain("XAHAI", listA.Html);
        Assert.Matches(@"<code>XAMOT</code>.*Đang diễn ra.*<td class=""n"">1</td>.*Có kết quả sau khi vòng thi kết thúc\.", listA.Html);
        Assert.Equal(HttpStatusCode.Conflict, (await a.GetAsync("/dashboard/organizer/rounds/XAMOT/export?format=csv")).Status);
        var notYours = await a.GetAsync("/dashboard/organizer/rounds/XAHAI/export?format=csv");
        Assert.Equal(HttpStatusCode.Forbidden, notYours.Status);
        Assert.Contains("Vòng thi XAHAI không thuộc đơn vị bạn phụ trách.", notYours.Html);

        await SayAsync(host, OrganizerA, "/closeround XAMOT");
        await SayAsync(host, OrganizerA, "/export XAMOT csv");
        await SayAsync(host, OrganizerA, "/export XAMOT xlsx");
        var sent = telegram.Documents.ToDictionary(d => d.Name, d => d.Bytes);
        listA = await a.GetAsync("/dashboard/organizer");
        Assert.Contains("/dashboard/organizer/rounds/XAMOT/export?format=xlsx", listA.Html);
        Assert.Contains("/dashboard/rounds/XAMOT", listA.Html);
        var csv = await a.GetAsync("/dashboard/organizer/rounds/XAMOT/export?format=csv");
        Assert.Equal((HttpStatusCode.OK, "text/csv"), (csv.Status, csv.ContentType));
        Assert.Equal(sent["ket-qua-XAMOT.csv"], csv.Bytes);
        // A workbook's package carries its write time and random part ids (OpenXml's): every part ClosedXML wrote is the same, byte for byte.
        var xlsx = await a.GetAsync("/dashboard/organizer/rounds/XAMOT/export?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.Status);
        var (web, chat) = (WorkbookParts(xlsx.Bytes), WorkbookParts(sent["ket-qua-XAMOT.xlsx"]));
        Assert.Equal(chat.Keys.Order(), web.Keys.Order());
        Assert.Contains("xl/worksheets/sheet1.xml", web.Keys);
        Assert.All(chat, part => Assert.Equal(part.Value, web[part.Key]));
        Assert.Contains("Trần Thị Dự", System.Text.Encoding.UTF8.GetString(sent["ket-qua-XAMOT.csv"]));
        Assert.Equal(HttpStatusCode.BadRequest, (await a.GetAsync("/dashboard/organizer/rounds/XAMOT/export?format=pdf")).Status);
    }

    [Fact]
    public async Task Participation_lists_each_sub_unit_flags_those_under_half_and_exports_the_same_rows()
    {
        using var host = Start();
        var units = Units(host);
        var question = host.Scoped(db => db.Questions.First(q => q.Key == "charter-001").Id);
        var now = Clock.GetUtcNow().UtcDateTime;
        // Thôn Một: organizer A and one more answer, 2 of its 2 members; thôn Hai: 1 of its 4.
        var one = host.Scoped(db => db.Participants.Single(p => p.ExternalId == OrganizerA).Id);
        await RecordAsync(host, one, question, now, correct: true);
        await RecordAsync(host, host.RegisterMember(201, units["P1-C1-CB1"], "Người Một"), question, now, correct: true);
        await RecordAsync(host, host.RegisterMember(202, units["P1-C1-CB2"], "Người Hai"), question, now, correct: false);

        using var browser = await LoggedInAsync(host, await LinkAsync(host, OrganizerA));
        var page = await browser.GetAsync("/dashboard/organizer/participation");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("1/2 đơn vị có tỷ lệ tham gia dưới 50 %.", page.Html);
        var table = page.Html[page.Html.IndexOf("<caption>Tỷ lệ tham gia các đơn vị trực thuộc Đảng bộ xã Một</caption>", StringComparison.Ordinal)..];
        var rows = Regex.Matches(table[..table.IndexOf("</table>", StringComparison.Ordinal)], "<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>")
            .Select(m => m.Groups[1].Value + " | " + Regex.Replace(m.Groups[2].Value, "<[^>]+>", " ").Trim()).ToList();
        Assert.Equal(
        [
            "Chi bộ thôn Hai | 1  4  25 %  ⚠ Dưới 50 %",
            "Chi bộ thôn Một | 2  2  100 %  Đạt",
        ], rows.Select(r => Regex.Replace(r, " {3,}", "  ")).ToList());
        Assert.DoesNotContain("Đảng bộ xã Hai", page.Html);

        var csv = await browser.GetAsync("/dashboard/organizer/participation/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.Status);
        Assert.Equal(
        [
            "Đơn vị cấp trên,Đơn vị,Số người tham gia,Số đảng viên,Tỷ lệ tham gia,Dưới 50 %",
            "Đảng bộ xã Một,Chi bộ thôn Hai,1,4,0.25,x",
            "Đảng bộ xã Một,Chi bộ thôn Một,2,2,1,",
        ], System.Text.Encoding.UTF8.GetString(csv.Bytes).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var xlsx = await browser.GetAsync("/dashboard/organizer/participation/export?format=xlsx&period=month");
        Assert.Equal(HttpStatusCode.OK, xlsx.Status);
        using var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(xlsx.Bytes));
        var sheet = workbook.Worksheet("Tham gia");
        Assert.Equal(("Chi bộ thôn Hai", 0.25, "x"), (sheet.Cell(2, 2).GetString(), sheet.Cell(2, 5).GetValue<double>(), sheet.Cell(2, 6).GetString()));
    }

    [Fact]
    public async Task The_bank_browser_shows_a_topics_questions_with_item_analysis_and_what_the_files_say_is_wrong()
    {
        using var host = Start();
        var question = host.Scoped(db => db.Questions.First(q => q.Key == "charter-001").Id);
        var person = host.RegisterMember(301, Units(host)["P1-C1-CB1"], "Người Luyện Tập");
        var now = Clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < 10; i++) await RecordAsync(host, person, question, now.AddMinutes(-i), correct: i == 0);
        Bank.Write("broken.yaml", "topic: charter\nquestions:\n  - id: broken-001\n    type: single\n");

        using var browser = await LoggedInAsync(host, await LinkAsync(host, OrganizerA));
        var page = await browser.GetAsync("/dashboard/organizer/bank?topic=charter");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<caption>Câu hỏi đang dùng — Điều lệ Đảng (3 câu)</caption>", page.Html);
        // One right in ten: facility 10 %, too hard; alone in each session, so no discrimination.
        Assert.Matches(@"<code>charter-001</code></th><td>Chi bộ họp thường lệ bao lâu một lần\?</td><td>Một đáp án</td><td class=""n"">1</td><td>Đã duyệt</td><td>Không thời hạn</td><td class=""n"">10</td><td class=""n"">10\.0</td><td class=""n"">–</td><td class=""flag"">quá khó</td>", page.Html);
        Assert.Matches(@"<code>charter-003</code></th>.*?<td>Bản nháp</td>.*?Chưa có ai trả lời", page.Html);
        Assert.Matches(@"<code>broken\.yaml:\d+: [^<]+</code>", page.Html);
        Assert.Contains("aria-current=\"page\">Điều lệ Đảng (3)</a>", page.Html);

        var english = await browser.GetAsync("/dashboard/organizer/bank?topic=cells&lang=en");
        Assert.Contains("<html lang=\"en\">", english.Html);
        Assert.Contains("<caption>Questions in service — Cell meetings (2)</caption>", english.Html);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/dashboard/organizer/bank?topic=nope")).Status);
    }

    /// <summary>The parts of an xlsx package but its relationships and core properties, which hold the write time and random ids.</summary>
    private static Dictionary<string, byte[]> WorkbookParts(byte[] xlsx)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx));
        return zip.Entries.Where(e => e.FullName != "_rels/.rels" && !e.FullName.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal))
            .ToDictionary(e => e.FullName, e =>
            {
                using var content = new MemoryStream();
                using (var stream = e.Open()) stream.CopyTo(content);
                return content.ToArray();
            });
    }

    private static async Task RecordAsync(QuizBotHost host, int participant, int question, DateTime at, bool correct)
    {
        var attempt = new Attempt
        {
            ParticipantId = participant, Transport = Transport.Telegram, ChatId = 1, QuestionIds = [question], Status = AttemptStatus.Active,
            StartedAt = at, SecondsPerQuestion = 60, Number = 1,
        };
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
            db.Attempts.Add(attempt);
            await db.SaveChangesAsync();
        }
        var answer = new Answer
        {
            ParticipantId = participant, AttemptId = attempt.Id, QuestionId = question, Position = 0, Chosen = [0], IsCorrect = correct,
            Score = correct ? 1 : 0, ScoredBy = "auto", AnsweredAt = at,
        };
        Assert.True(await host.Services.GetRequiredService<AnswerLog>().RecordAsync(answer, "q", QuizBot.Learning.Rating.Good, AttemptStatus.Finished, CancellationToken.None));
    }
}
