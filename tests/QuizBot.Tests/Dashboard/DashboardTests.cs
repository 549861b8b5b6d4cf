using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using QuizBot.Data;
using QuizBot.Leaderboards;
using QuizBot.Practice;
using QuizBot.Tests.Integration;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Dashboard;

/// <summary>
/// The public dashboard through the real host: what a person reads in its tables (rows, order, figures), that those
/// figures are the ones /leaderboard shows from the same queries, escaping, languages, and the round pages.
/// </summary>
public sealed class DashboardTests : IntegrationTest
{
    private const string Tree = """
        units:
          - code: P1
            name: Đảng bộ tỉnh Thử
            kind: province
            children:
              - code: P1-C1
                name: Đảng bộ xã Một
                kind: commune
                members: 90
                children:
                  - code: P1-C1-CB1
                    name: Chi bộ thôn Một
                    kind: cell
                    members: 30
                  - code: P1-C1-CB2
                    name: Chi bộ <i>thôn</i> Hai
                    kind: cell
              - code: P1-C2
                name: Đảng bộ xã Hai
                kind: commune
                children:
                  - code: P1-C2-CB1
                    name: Chi bộ thôn Ba
                    kind: cell
        """;

    private static int attempts;

    /// <summary>Twelve people in commune Một, person i with i right answers this week, alternating between its two cells.</summary>
    private async Task<(QuizBotHost Host, Dictionary<string, int> Units, List<int> People)> SeedAsync(string? firstName = null)
    {
        Bank.Write("org-units.yaml", Tree);
        var host = StartHost();
        var units = host.Scoped(db => db.Units.ToDictionary(u => u.Code, u => u.Id));
        var question = host.Scoped(db => db.Questions.First().Id);
        var now = Clock.GetUtcNow().UtcDateTime;
        var people = new List<int>();
        for (var i = 1; i <= 12; i++)
        {
            var person = host.RegisterMember(100 + i, units[i % 2 == 0 ? "P1-C1-CB1" : "P1-C1-CB2"], i == 1 && firstName is not null ? firstName : $"Đảng viên {i:00}");
            people.Add(person);
            for (var k = 0; k < i; k++) await RecordAsync(host, person, question, now.AddMinutes(-k), correct: true);
        }
        return (host, units, people);
    }

    [Fact]
    public async Task The_board_lists_a_units_sub_units_and_top_ten_people_with_the_figures_of_the_chat_board()
    {
        var (host, units, people) = await SeedAsync();
        var response = await host.CreateClient().GetAsync($"/dashboard?unit={units["P1-C1"]}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"vi\">", html);
        Assert.Contains("<h1>Bảng xếp hạng — Đảng bộ xã Một</h1>", html);
        Assert.Contains("Tuần 02/11–08/11/2026", html);
        // Thôn Một: even people, 2+4+…+12 = 42 right, 6 of its 30 members; thôn Hai: 36, 6 of the 6 registered.
        var unitRows = Rows(Table(html, "Xếp hạng các đơn vị trực thuộc Đảng bộ xã Một"));
        Assert.Equal(
        [
            ["1", "Chi bộ thôn Một", "6", "30", "20 %", "7.0", "42"],
            ["2", "Chi bộ &lt;i&gt;thôn&lt;/i&gt; Hai", "6", "6", "100 %", "6.0", "36"],
        ], unitRows);
        var people10 = Rows(Table(html, "Xếp hạng cá nhân — Đảng bộ xã Một (10 người dẫn đầu)"));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => new[] { $"{i + 1}", $"Đảng viên {12 - i:00}", $"{12 - i}", $"{12 - i}" }).ToList(), people10);

        // The same queries the chat's /leaderboard uses, as an asker from thôn Hai sees them.
        using var scope = host.Services.CreateScope();
        var boards = scope.ServiceProvider.GetRequiredService<Leaderboard>();
        var asker = host.Scoped(db => db.Participants.Single(p => p.Id == people[0]));
        var chatUnits = await boards.UnitsAsync(asker, new BoardRequest(BoardKind.Units, BoardScope.Commune, BoardPeriod.Week), CancellationToken.None);
        Assert.Equal(chatUnits.Top.Select(r => new[] { $"{r.Rank}", $"{r.Participants}", $"{r.Members}", $"{r.Correct}" }),
            unitRows.Select(r => new[] { r[0], r[2], r[3], r[6] }));
        var chatPeople = await boards.PeopleAsync(asker, new BoardRequest(BoardKind.People, BoardScope.Commune, BoardPeriod.Week), CancellationToken.None);
        Assert.Equal(chatPeople.Top.Select(r => new[] { $"{r.Rank}", r.Name, $"{r.Correct}", $"{r.Answers}" }), people10);

        // The chart: one bar per unit, its value in text.
        Assert.Matches(@"<span class=""name"">Chi bộ thôn Một</span><span class=""track"" aria-hidden=""true""><span class=""fill"" style=""width:20%""></span></span><span class=""v"">20 %</span>", html);
        Assert.Contains("style=\"width:100%\"></span></span><span class=\"v\">100 %</span>", html);
    }

    [Fact]
    public async Task The_top_of_the_tree_lists_its_communes_and_a_unit_with_sub_units_links_down()
    {
        var (host, units, _) = await SeedAsync();
        var html = await host.CreateClient().GetStringAsync("/dashboard");
        Assert.Contains("<h1>Bảng xếp hạng — Đảng bộ tỉnh Thử</h1>", html);
        var rows = Rows(Table(html, "Xếp hạng các đơn vị trực thuộc Đảng bộ tỉnh Thử"));
        Assert.Equal(["1", "Đảng bộ xã Một", "12", "90", "13 %", "6.5", "78"], rows[0]);
        Assert.Equal(["2", "Đảng bộ xã Hai", "0", "0", "–", "0.0", "0"], rows[1]);
        Assert.Contains($"<a href=\"/dashboard?unit={units["P1-C1"]}\">Đảng bộ xã Một</a>", html);
        Assert.Matches(@"<span class=""name"">Đảng bộ xã Hai</span><span class=""track"" aria-hidden=""true""><span class=""fill"" style=""width:0%""></span></span><span class=""v"">không có số đảng viên</span>", html);
    }

    [Fact]
    public async Task A_name_with_markup_is_shown_as_text()
    {
        var (host, units, _) = await SeedAsync(firstName: "<b>An</b> & \"Bình\"");
        var html = await host.CreateClient().GetStringAsync($"/dashboard?unit={units["P1-C1-CB2"]}&period=all");
        Assert.Contains("&lt;b&gt;An&lt;/b&gt; &amp; &quot;Bình&quot;", html);
        Assert.DoesNotContain("<b>An", html);
        Assert.DoesNotContain("<i>thôn", html);
    }

    [Fact]
    public async Task Periods_count_their_own_answers_and_English_is_asked_for_with_lang_en()
    {
        Bank.Write("org-units.yaml", Tree);
        using var host = StartHost();
        var cell = host.Scoped(db => db.Units.Single(u => u.Code == "P1-C2-CB1").Id);
        var question = host.Scoped(db => db.Questions.First().Id);
        var person = host.RegisterMember(9, cell, "Lê Văn Cũ");
        // 20 October: last month, so only the all-time board has it.
        await RecordAsync(host, person, question, new DateTime(2026, 10, 20, 3, 0, 0, DateTimeKind.Utc), correct: true);
        var http = host.CreateClient();

        var week = await http.GetStringAsync($"/dashboard?unit={cell}&lang=en");
        Assert.Contains("<html lang=\"en\">", week);
        Assert.Contains("Nobody has answered a question in this period yet.", week);
        Assert.Contains("aria-current=\"page\">This week</a>", week);
        var month = await http.GetStringAsync($"/dashboard?unit={cell}&period=month");
        Assert.Contains("Chưa có ai trả lời câu hỏi trong kỳ này.", month);
        var all = await http.GetStringAsync($"/dashboard?unit={cell}&period=all&lang=en");
        Assert.Equal([["1", "Lê Văn Cũ", "1", "1"]], Rows(Table(all, "People — Chi bộ thôn Ba (top 10)")));
        Assert.Contains("aria-current=\"page\">All time</a>", all);
        Assert.Contains($"href=\"/dashboard?unit={cell}&amp;period=all\">Tiếng Việt</a>", all);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/dashboard?period=year")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/dashboard?unit=99999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/dashboard?unit=abc")).StatusCode);
    }

    [Fact]
    public async Task A_closed_rounds_page_shows_its_ranking_and_units_an_open_one_only_waits_and_a_draft_is_not_there()
    {
        Bank.Write("org-units.yaml", Tree);
        using var host = StartHost();
        var units = host.Scoped(db => db.Units.ToDictionary(u => u.Code, u => u.Id));
        var questions = host.Scoped(db => db.Questions.Select(q => q.Id).Take(3).ToArray());
        var closed = AddRound(host, "XONG", "Vòng <1>", units["P1"], RoundStatus.Closed, questions);
        var open = AddRound(host, "DANGMO", "Vòng mở", units["P1"], RoundStatus.Open, questions);
        AddRound(host, "NHAP", "Vòng nháp", units["P1"], RoundStatus.Draft, questions);
        var a = host.RegisterMember(1, units["P1-C1-CB1"], "Người <Một>");
        var b = host.RegisterMember(2, units["P1-C1-CB1"], "Người Hai");
        var c = host.RegisterMember(3, units["P1-C2-CB1"], "Người Ba");
        var at = Clock.GetUtcNow().UtcDateTime;
        await RoundAttemptAsync(host, closed, a, questions, [true, true, false], at);
        await RoundAttemptAsync(host, closed, b, questions, [true, true, true], at);
        await RoundAttemptAsync(host, closed, c, questions, [false, false, true], at);
        await RoundAttemptAsync(host, open, a, questions, [true, true, true], at);
        var http = host.CreateClient();

        var html = await http.GetStringAsync("/dashboard/rounds/xong");
        Assert.Contains("<h1>Kết quả Vòng &lt;1&gt;</h1>", html);
        Assert.Contains("3 người dự thi", html);
        Assert.Equal(
        [
            ["1", "Người Hai", "Chi bộ thôn Một", "3/3", "Giải Nhất"],
            ["2", "Người &lt;Một&gt;", "Chi bộ thôn Một", "2/3", ""],
            ["3", "Người Ba", "Chi bộ thôn Ba", "1/3", ""],
        ], Rows(Table(html, "Bảng xếp hạng cá nhân")));
        Assert.Equal(
        [
            ["Chi bộ thôn Một", "2", "2", "100 %", "2.5", "3"],
            ["Chi bộ thôn Ba", "1", "1", "100 %", "1", "1"],
        ], Rows(Table(html, "Kết quả theo đơn vị")));
        // Listed on the board page too.
        Assert.Contains("<a href=\"/dashboard/rounds/XONG\">Vòng &lt;1&gt;</a>", await http.GetStringAsync("/dashboard"));

        var waiting = await http.GetStringAsync("/dashboard/rounds/DANGMO?lang=en");
        Assert.Contains("Results are published after the round closes.", waiting);
        Assert.DoesNotContain("Người", waiting);
        Assert.DoesNotContain("<table", waiting);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/dashboard/rounds/NHAP")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/dashboard/rounds/KHONGCO")).StatusCode);
    }

    /// <summary>The table whose caption is given, from its caption to its end.</summary>
    private static string Table(string html, string caption)
    {
        var start = html.IndexOf($"<caption>{caption}</caption>", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table captioned {caption}");
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    /// <summary>The body rows' cells as the page has them (escaped), links taken off.</summary>
    private static List<string[]> Rows(string table)
    {
        var body = table[table.IndexOf("<tbody>", StringComparison.Ordinal)..];
        return Regex.Matches(body, "<tr>(.*?)</tr>").Select(row => Regex.Matches(row.Groups[1].Value, "<t[hd][^>]*>(.*?)</t[hd]>")
            .Select(cell => Regex.Replace(cell.Groups[1].Value, "<a [^>]*>|</a>", "")).ToArray()).ToList();
    }


    private int AddRound(QuizBotHost host, string code, string title, int unitId, RoundStatus status, int[] questions)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var now = Clock.GetUtcNow().UtcDateTime;
        var round = new Round
        {
            Code = code, Title = title, ScopeUnitId = unitId, Mode = RoundMode.SelfPaced, Blueprint = "charter:3", QuestionIds = questions,
            TieBreaks = "score", PrizeTiers = "1,0,0,0", Status = status, CreatedAt = now, OpensAt = now.AddDays(-1), ClosesAt = now.AddHours(-1),
        };
        db.Rounds.Add(round);
        db.SaveChanges();
        return round.Id;
    }

    /// <summary>A finished round attempt with one answer per question, written directly: the round page only reads them.</summary>
    private static async Task RoundAttemptAsync(QuizBotHost host, int roundId, int participant, int[] questions, bool[] right, DateTime at)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var attempt = new Attempt
        {
            ParticipantId = participant, Transport = Transport.Telegram, ChatId = 1, QuestionIds = questions, Status = AttemptStatus.Finished,
            StartedAt = at, FinishedAt = at.AddMinutes(1), SecondsPerQuestion = 60, RoundId = roundId, Number = Interlocked.Increment(ref attempts),
        };
        db.Attempts.Add(attempt);
        await db.SaveChangesAsync();
        for (var i = 0; i < questions.Length; i++)
        {
            db.Answers.Add(new Answer
            {
                ParticipantId = participant, AttemptId = attempt.Id, QuestionId = questions[i], Position = i, Chosen = [0], IsCorrect = right[i],
                Score = right[i] ? 1 : 0, ScoredBy = "auto", AnsweredAt = at.AddSeconds(i), ElapsedMs = 1000,
            });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>One practice answer through the real answer log, which keeps the boards' totals.</summary>
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
