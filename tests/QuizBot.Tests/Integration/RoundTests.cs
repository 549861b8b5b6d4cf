using System.Collections.Concurrent;
using ClosedXML.Excel;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuizBot.Contests;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Integration;

/// <summary>
/// Contest rounds in the real service, through the router as Telegram updates arrive, with a recording Telegram
/// output: who may touch a round, who may join, late answers, a restart past the close, and the export.
/// </summary>
public sealed class RoundTests : IntegrationTest
{
    private const long Admin = 9_000_001;
    private const long OrganizerA = 9_000_002;
    private const long OrganizerB = 9_000_003;

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
                  - code: P1-C1-CB2
                    name: Chi bộ thôn Hai
                    kind: cell
              - code: P1-C2
                name: Đảng bộ xã Hai
                kind: commune
                children:
                  - code: P1-C2-CB1
                    name: Chi bộ thôn Ba
                    kind: cell
        """;

    private readonly RecordingTelegram telegram = new();
    private int updates;

    private const string Situations = """
        topic: situations
        questions:
          - id: situations-001
            type: text
            difficulty: 2
            status: reviewed
            text: { vi: Đảng viên H. ba tháng không dự sinh hoạt chi bộ. Đồng chí xử lý thế nào?, en: Member H. missed three meetings. What do you do? }
            model_answer: { vi: Gặp riêng H. tìm hiểu nguyên nhân; nhắc chi bộ họp mỗi tháng một lần., en: Meet H. in private; remind that the cell meets monthly. }
            guidance: { vi: Tìm hiểu nguyên nhân 5 điểm; nêu đúng quy định 5 điểm., en: Cause 5 points; rule 5 points. }
            explanation: { vi: Điều 24 Điều lệ Đảng., en: Charter article 24. }
            source: Điều lệ Đảng (2011), Điều 24
        """;

    public RoundTests()
    {
        Bank.Write("org-units.yaml", TwoCommunes);
        Bank.Write("topics.yaml", TestBank.Topics + """

              - id: situations
                name: { vi: Xử lý tình huống, en: Situations }
            """);
        Bank.Write("situations.yaml", Situations);
    }

    private QuizBotHost Start() => StartHost(web =>
    {
        web.UseSetting("Admins:TelegramUserIds:0", Admin.ToString(System.Globalization.CultureInfo.InvariantCulture));
        web.ConfigureTestServices(services => services.AddSingleton<IChatOutput>(telegram));
    });

    private async Task SayAsync(QuizBotHost host, long user, string text) =>
        await host.Services.GetRequiredService<UpdateRouter>().HandleAsync(
            new IncomingUpdate(new ChatRef(Transport.Telegram, user), new Sender(user, $"Người {user}", $"u{user}"), text), CancellationToken.None);

    private Task<string?> PressAsync(QuizBotHost host, long user, string data, int? messageId = null) =>
        PressAsync(host, user, $"cb{Interlocked.Increment(ref updates)}", data, messageId, CancellationToken.None);

    /// <summary>A press with its own callback id (the same one again is the same press handled again).</summary>
    private async Task<string?> PressAsync(QuizBotHost host, long user, string id, string data, int? messageId, CancellationToken ct)
    {
        await host.Services.GetRequiredService<UpdateRouter>().HandleAsync(
            new IncomingUpdate(new ChatRef(Transport.Telegram, user), new Sender(user, $"Người {user}"), null, new CallbackRef(id, data, messageId)), ct);
        return telegram.Toasts.TryGetValue(id, out var toast) ? toast : null;
    }

    /// <summary>Registered members straight in the database: registration itself is tested elsewhere.</summary>
    private static void Register(QuizBotHost host, long user, string cellCode, string name)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var unit = db.Units.Single(u => u.Code == cellCode);
        var participant = db.Participants.SingleOrDefault(p => p.Transport == Transport.Telegram && p.ExternalId == user);
        if (participant is null)
        {
            participant = new Participant { Transport = Transport.Telegram, ExternalId = user, ChatId = user, DisplayName = name, CreatedAt = DateTime.UtcNow };
            db.Participants.Add(participant);
        }
        (participant.DisplayName, participant.UnitId, participant.Step, participant.RegisteredAt) = (name, unit.Id, RegistrationStep.Registered, DateTime.UtcNow);
        db.SaveChanges();
    }

    private static string Form(string code, string unit, string closes = "2026-11-02 12:00", string prediction = "none") => $"""
        /newround
        mã: {code}
        tên: Vòng thi {code}
        đơn vị: {unit}
        câu hỏi: charter:2, cells:2
        giây mỗi câu: 30
        mở: 2026-11-02 10:00
        đóng: {closes}
        dự đoán: {prediction}
        giải: 1,0,0,1
        """;

    /// <summary>The organizer fills in the form and presses "create" (the clock stands at 10:00 local, so it opens at once).</summary>
    private async Task CreateRoundAsync(QuizBotHost host, long organizer, string code, string unit, string closes = "2026-11-02 12:00", string prediction = "none")
    {
        await SayAsync(host, organizer, Form(code, unit, closes, prediction));
        var create = telegram.LastTo(organizer).Buttons!.SelectMany(r => r).First(b => b.Text.StartsWith('✅'));
        await PressAsync(host, organizer, create.Data, telegram.LastTo(organizer).Id);
        Assert.Equal(RoundStatus.Open, host.Scoped(db => db.Rounds.Single(r => r.Code == code).Status));
    }

    private async Task<QuizBotHost> StartWithOrganizersAsync()
    {
        // 10:00 in Asia/Ho_Chi_Minh on 2 November 2026.
        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero));
        var host = Start();
        Register(host, OrganizerA, "P1-C1-CB1", "Ban tổ chức xã Một");
        Register(host, OrganizerB, "P1-C2-CB1", "Ban tổ chức xã Hai");
        Register(host, Admin, "P1-C1-CB1", "Quản trị");
        await SayAsync(host, Admin, $"/grant {OrganizerA} organizer P1-C1");
        Assert.Contains("Đã giao quyền", telegram.LastTo(Admin).Html);
        // By @username, as the bot last saw it.
        await SayAsync(host, OrganizerB, "/help");
        await SayAsync(host, Admin, "/grant @u9000003 organizer P1-C2");
        Assert.Contains("Đã giao quyền", telegram.LastTo(Admin).Html);
        return host;
    }

    /// <summary>Answers the question on screen with the option shown at <paramref name="option"/>.</summary>
    private async Task<string?> AnswerAsync(QuizBotHost host, long user, int option)
    {
        var question = telegram.LastTo(user);
        Assert.True(question.Buttons is { Count: > 0 }, $"no question on screen: {question.Html}");
        var button = question.Buttons![0][option];
        return await PressAsync(host, user, button.Data, question.Id);
    }

    [Fact]
    public async Task An_organizer_of_commune_A_cannot_touch_a_round_of_commune_B_and_a_contestant_cannot_organize()
    {
        using var host = await StartWithOrganizersAsync();
        await CreateRoundAsync(host, OrganizerB, "XAHAI", "P1-C2");

        foreach (var command in new[] { "/results XAHAI", "/export XAHAI", "/closeround XAHAI", "/openround XAHAI" })
        {
            await SayAsync(host, OrganizerA, command);
            Assert.Contains("không thuộc đơn vị bạn phụ trách", telegram.LastTo(OrganizerA).Html);
        }
        // Nor may they create one for commune B.
        await SayAsync(host, OrganizerA, Form("XAHAI2", "P1-C2"));
        Assert.Contains("not in a unit you organize", telegram.LastTo(OrganizerA).Html);

        const long contestant = 500;
        Register(host, contestant, "P1-C1-CB2", "Nguyễn Văn Dự");
        await SayAsync(host, contestant, Form("MINE", "P1-C1"));
        Assert.Contains("dành cho ban tổ chức", telegram.LastTo(contestant).Html);
        await SayAsync(host, contestant, $"/grant {contestant} organizer P1-C1");
        Assert.Contains("chỉ dành cho quản trị viên", telegram.LastTo(contestant).Html);

        var round = host.Scoped(db => db.Rounds.Single(r => r.Code == "XAHAI"));
        Assert.Equal((RoundStatus.Open, null), (round.Status, round.ClosedAt));
        Assert.False(host.Scoped(db => db.Rounds.Any(r => r.Code == "MINE" || r.Code == "XAHAI2")));
        Assert.Equal(["role.grant", "role.grant", "round.create", "round.open"], host.Scoped(db => db.Audit.OrderBy(a => a.Id).Select(a => a.Action).ToList()));
    }

    [Fact]
    public async Task Only_members_of_the_scope_join_and_a_contestant_gets_one_attempt()
    {
        using var host = await StartWithOrganizersAsync();
        await CreateRoundAsync(host, OrganizerA, "XAMOT", "P1-C1");
        const long inside = 501, outside = 502;
        Register(host, inside, "P1-C1-CB2", "Trần Thị Trong");
        Register(host, outside, "P1-C2-CB1", "Lê Văn Ngoài");

        await SayAsync(host, outside, "/join XAMOT");
        Assert.Contains("đơn vị của bạn không thuộc phạm vi này", telegram.LastTo(outside).Html);
        await SayAsync(host, outside, "/start r_XAMOT");
        Assert.Contains("đơn vị của bạn không thuộc phạm vi này", telegram.LastTo(outside).Html);
        var roundId = host.Scoped(db => db.Rounds.Single(r => r.Code == "XAMOT").Id);
        Assert.Equal("Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.", await PressAsync(host, outside, CallbackCodec.Encode(new JoinRound(roundId + 100))));

        await SayAsync(host, inside, "/start r_XAMOT");
        for (var i = 0; i < 4; i++) Assert.Equal("Đã ghi nhận câu trả lời", await AnswerAsync(host, inside, 0));
        Assert.Contains("Bạn đã hoàn thành bài thi", telegram.LastTo(inside).Html);
        await SayAsync(host, inside, "/join xamot");
        Assert.Contains("Bạn đã làm bài vòng này rồi", telegram.LastTo(inside).Html);

        Assert.Equal([inside], host.Scoped(db => db.Attempts.Where(a => a.RoundId == roundId).Select(a => a.Participant!.ExternalId).ToList()));
        Assert.Equal(4, host.Scoped(db => db.Answers.Count()));
    }

    [Fact]
    public async Task A_round_takes_one_message_per_answered_question_and_reveals_nothing_before_the_close()
    {
        using var host = await StartWithOrganizersAsync();
        await CreateRoundAsync(host, OrganizerA, "XAMOT", "P1-C1");
        const long contestant = 503;
        Register(host, contestant, "P1-C1-CB1", "Phạm Văn Một");
        await SayAsync(host, contestant, "/join XAMOT");
        var before = telegram.MessagesTo(contestant);

        var toasts = new List<string?>();
        for (var i = 0; i < 4; i++) toasts.Add(await AnswerAsync(host, contestant, 0));

        Assert.All(toasts, t => Assert.Equal("Đã ghi nhận câu trả lời", t));
        // Three edits into the next question and one into "done": nothing new in the chat, and no right or wrong shown.
        Assert.Equal(before, telegram.MessagesTo(contestant));
        Assert.Equal(4, telegram.EditsTo(contestant));
        Assert.DoesNotContain(telegram.All(contestant), m => m.Html.Contains("Đúng") || m.Html.Contains("Sai") || m.Html.Contains("Đáp án"));
        // No FSRS card for contest answers.
        Assert.Equal(0, host.Scoped(db => db.ReviewCards.Count()));
    }

    /// <summary>
    /// The instance handling a press stopped (killed) after the answer was recorded and before the edit into the next
    /// question was queued; the inbox hands the press, unfinished and unanswered, to the instance taking over. Handled
    /// again, it gives the next question the stop cut off; another press of the answered question is a repeat.
    /// </summary>
    [Fact]
    public async Task A_press_stopped_after_its_answer_was_recorded_gets_the_next_question_when_handled_again_and_a_repeat_does_not()
    {
        using var host = await StartWithOrganizersAsync();
        await CreateRoundAsync(host, OrganizerA, "XAMOT", "P1-C1");
        const long contestant = 506;
        Register(host, contestant, "P1-C1-CB1", "Đỗ Văn Dừng");
        await SayAsync(host, contestant, "/join XAMOT");
        await AnswerAsync(host, contestant, 0);
        var second = telegram.LastTo(contestant);
        Assert.Contains("Câu 2/4", second.Html);
        var press = second.Buttons![0][1].Data;

        using var stop = new CancellationTokenSource();
        telegram.StopAtNextMessage(stop);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PressAsync(host, contestant, "cb-stopped", press, second.Id, stop.Token));
        Assert.Equal(2, host.Scoped(db => db.Answers.Count()));
        Assert.Contains("Câu 2/4", telegram.LastTo(contestant).Html);

        Assert.Equal("Đã ghi nhận câu trả lời", await PressAsync(host, contestant, "cb-stopped", press, second.Id, CancellationToken.None));
        var third = telegram.LastTo(contestant);
        Assert.True(third.Edit && third.Id == second.Id && third.Html.Contains("Câu 3/4"), $"not question 3 in the same message: {third.Html}");
        var edits = telegram.EditsTo(contestant);

        Assert.Equal("Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.", await PressAsync(host, contestant, "cb-repeat", press, second.Id, CancellationToken.None));
        Assert.Equal(edits, telegram.EditsTo(contestant));
        Assert.Equal([0, 1], host.Scoped(db => db.Answers.OrderBy(a => a.Position).Select(a => a.Position).ToList()));
        Assert.Equal("cb-stopped", host.Scoped(db => db.Answers.Single(a => a.Position == 1).PressId));
    }

    /// <summary>
    /// A practice press stopped (killed) before its result and the next question went out: the two are queued as
    /// one, so a stop leaves neither, never the result alone (which would count the press as answered and lose the
    /// next question). Handled again, the press gives both; the answer is recorded once.
    /// </summary>
    [Fact]
    public async Task A_practice_press_stopped_before_its_replies_gets_the_result_and_the_next_question_as_one_when_handled_again()
    {
        using var host = await StartWithOrganizersAsync();
        const long secretary = 507;
        Register(host, secretary, "P1-C1-CB1", "Lê Thị Lan");
        await SayAsync(host, secretary, "/practice 2");
        var first = telegram.LastTo(secretary);
        Assert.Contains("Câu 1/2", first.Html);
        var press = first.Buttons![0][0].Data;
        var before = telegram.All(secretary).Count;

        using var stop = new CancellationTokenSource();
        telegram.StopAtNextMessage(stop);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PressAsync(host, secretary, "cb-practice", press, first.Id, stop.Token));
        Assert.Equal(1, host.Scoped(db => db.Answers.Count()));
        Assert.Equal(before, telegram.All(secretary).Count);

        await PressAsync(host, secretary, "cb-practice", press, first.Id, CancellationToken.None);
        var (chat, edited, sent) = Assert.Single(telegram.Together);
        Assert.Equal((secretary, first.Id), (chat, edited));
        var shown = telegram.All(secretary).Skip(before).ToList();
        Assert.Equal(2, shown.Count);
        Assert.True(shown[0].Edit && shown[0].Id == first.Id && (shown[0].Html.Contains('✅') || shown[0].Html.Contains('❌')), $"not the result in place of question 1: {shown[0].Html}");
        Assert.True(!shown[1].Edit && shown[1].Id == sent && shown[1].Html.Contains("Câu 2/2"), $"not question 2: {shown[1].Html}");
        Assert.Equal(1, host.Scoped(db => db.Answers.Count()));
    }

    [Fact]
    public async Task A_late_answer_is_refused_and_says_so()
    {
        using var host = await StartWithOrganizersAsync();
        await CreateRoundAsync(host, OrganizerA, "XAMOT", "P1-C1", closes: "2026-11-02 10:30");
        const long contestant = 504;
        Register(host, contestant, "P1-C1-CB1", "Hoàng Văn Muộn");
        await SayAsync(host, contestant, "/join XAMOT");
        Assert.Equal("Đã ghi nhận câu trả lời", await AnswerAsync(host, contestant, 0));

        var onScreen = telegram.LastTo(contestant);

        // Past the close (whether or not the scheduler's close has run yet): the press is refused and says why.
        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 3, 30, 1, TimeSpan.Zero));
        Assert.Equal("Vòng thi đã đóng: câu trả lời không được ghi nhận.", await PressAsync(host, contestant, onScreen.Buttons![0][1].Data, onScreen.Id));
        await SayAsync(host, contestant, "/join XAMOT");
        Assert.Contains("đã đóng", telegram.LastTo(contestant).Html);
        Assert.Equal(1, host.Scoped(db => db.Answers.Count()));
    }

    [Fact]
    public async Task A_round_that_closed_while_the_service_was_down_is_closed_on_start_with_its_results_posted()
    {
        var host = await StartWithOrganizersAsync();
        await CreateRoundAsync(host, OrganizerA, "XAMOT", "P1-C1", closes: "2026-11-02 10:30");
        const long first = 505, second = 506;
        Register(host, first, "P1-C1-CB1", "Một Người");
        Register(host, second, "P1-C1-CB2", "Hai Người");
        await SayAsync(host, first, "/join XAMOT");
        for (var i = 0; i < 4; i++) await AnswerAsync(host, first, 0);
        await SayAsync(host, second, "/join XAMOT");
        await AnswerAsync(host, second, 0);
        host.Dispose();

        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 4, 0, 0, TimeSpan.Zero));
        telegram.Clear();
        using var restarted = Start();
        await EventuallyAsync(() => restarted.Scoped(db => db.Rounds.Single()).ResultsPostedAt is not null);

        var round = restarted.Scoped(db => db.Rounds.Single());
        Assert.Equal(RoundStatus.Closed, round.Status);
        // Both attempts count: the unfinished one with the one answer it has.
        Assert.Equal([AttemptStatus.Finished, AttemptStatus.Finished], restarted.Scoped(db => db.Attempts.OrderBy(a => a.Id).Select(a => a.Status).ToList()));
        Assert.Equal(5, restarted.Scoped(db => db.Answers.Count()));
        Assert.Contains(telegram.All(first), m => m.Html.Contains("xếp hạng <b>"));
        Assert.Contains(telegram.All(second), m => m.Html.Contains("xếp hạng <b>"));
        Assert.Contains(telegram.All(OrganizerA), m => m.Html.Contains("Kết quả Vòng thi XAMOT"));

        // Everyone has theirs: a later catch-up (the next start) sends nobody anything again.
        var shown = telegram.All(first).Count + telegram.All(second).Count + telegram.All(OrganizerA).Count;
        await restarted.Services.GetRequiredService<RoundLifecycle>().CatchUpAsync(CancellationToken.None);
        Assert.Equal(shown, telegram.All(first).Count + telegram.All(second).Count + telegram.All(OrganizerA).Count);
        Assert.Equal(2, restarted.Scoped(db => db.RoundNotices.Count(n => n.Kind == RoundNoticeKind.Result)));
    }

    [Fact]
    public async Task The_export_holds_the_same_rows_as_the_results_in_chat()
    {
        using var host = await StartWithOrganizersAsync();
        await CreateRoundAsync(host, OrganizerA, "XAMOT", "P1-C1", prediction: "participants");
        var people = new[] { (507L, "An Văn Bốn"), (508L, "Bình Thị Năm"), (509L, "Chi Văn Sáu") };
        foreach (var (user, name) in people)
        {
            Register(host, user, "P1-C1-CB2", name);
            await SayAsync(host, user, "/join XAMOT");
            for (var i = 0; i < 4; i++) await AnswerAsync(host, user, 0);
            Assert.Contains("bao nhiêu người", telegram.LastTo(user).Html);
            await SayAsync(host, user, "mười");
            Assert.Contains("Hãy gõ một số", telegram.LastTo(user).Html);
            await SayAsync(host, user, (user - 504).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("Đã ghi nhận dự đoán", telegram.LastTo(user).Html);
        }
        await SayAsync(host, OrganizerA, "/closeround XAMOT");
        await SayAsync(host, OrganizerA, "/results XAMOT");
        var chat = telegram.LastTo(OrganizerA).Html;
        await SayAsync(host, OrganizerA, "/export XAMOT");

        var (file, bytes) = Assert.Single(telegram.Documents);
        Assert.Equal("ket-qua-XAMOT.xlsx", file);
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet("Kết quả");
        var rows = sheet.RowsUsed().Skip(1).Select(r => (Rank: r.Cell(1).GetValue<int>(), Name: r.Cell(2).GetString(), Score: r.Cell(4).GetValue<double>())).ToList();
        Assert.Equal(3, rows.Count);
        var outcome = await ResultsOfAsync(host, "XAMOT");
        Assert.Equal(outcome.Ranking.Select(r => (r.Rank, r.Attempt.FullName, r.Attempt.Score)), rows);
        // The chat lists them in the same order.
        var positions = rows.Select(r => chat.IndexOf(r.Name, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        // Actual participants 3: the prediction 3 (user 507) is closest.
        Assert.Equal(3, outcome.Actual);
    }

    [Fact]
    public async Task A_judged_round_is_scored_by_judges_of_other_base_organisations_and_final_only_when_the_organizer_says()
    {
        using var host = await StartWithOrganizersAsync();
        const long judgeOne = 600, judgeTwo = 601, judgeOwn = 602;
        Register(host, judgeOne, "P1-C2-CB1", "Giám khảo Một");
        Register(host, judgeTwo, "P1-C2-CB1", "Giám khảo Hai");
        Register(host, judgeOwn, "P1-C1-CB2", "Giám khảo Cùng xã");
        await SayAsync(host, Admin, $"/grant {judgeOne} judge P1");
        await SayAsync(host, Admin, $"/grant {judgeOwn} judge P1");

        await SayAsync(host, OrganizerA, Form("XATL", "P1-C1").Replace("câu hỏi: charter:2, cells:2", "hình thức: tự luận\ncâu hỏi: situations:1"));
        var create = telegram.LastTo(OrganizerA).Buttons!.SelectMany(r => r).First(b => b.Text.StartsWith('✅'));
        await PressAsync(host, OrganizerA, create.Data, telegram.LastTo(OrganizerA).Id);
        var people = new[] { (610L, "Cao Văn Bảy", "Gặp riêng, tìm hiểu nguyên nhân, nhắc họp mỗi tháng."), (611L, "Đỗ Thị Tám", "Nhắc nhở."), (612L, "Đinh Văn Chín", "Báo cáo cấp trên.") };
        foreach (var (user, name, answer) in people)
        {
            Register(host, user, "P1-C1-CB1", name);
            await SayAsync(host, user, "/join XATL");
            Assert.Contains("Gõ câu trả lời của bạn", telegram.LastTo(user).Html);
            await SayAsync(host, user, answer);
            Assert.Contains("Bạn đã hoàn thành bài thi", telegram.LastTo(user).Html);
        }
        // A contestant holds no judge role.
        await SayAsync(host, 610, "/judge XATL");
        Assert.Contains("dành cho giám khảo", telegram.LastTo(610).Html);
        await SayAsync(host, judgeOne, "/judge XATL");
        Assert.Contains("không ở giai đoạn chấm điểm", telegram.LastTo(judgeOne).Html);

        await SayAsync(host, OrganizerA, "/closeround XATL");
        // One judge outside commune one so far: every answer waits for a second, and the organizer is told.
        Assert.True(telegram.LastTo(OrganizerA).Html.Contains("3 bài chưa đủ 2 giám khảo"), telegram.LastTo(OrganizerA).Html);
        // Closed but not final: neither the chat nor the public page shows a ranking yet.
        await SayAsync(host, OrganizerA, "/results XATL");
        Assert.Contains("đang chấm", telegram.LastTo(OrganizerA).Html);
        Assert.DoesNotContain("Cao Văn Bảy", await host.CreateClient().GetStringAsync("/dashboard/rounds/XATL"));
        // A judge of commune two alone does not judge commune one's round; granted for the province, they do.
        await SayAsync(host, Admin, $"/grant {judgeTwo} judge P1-C2");
        await SayAsync(host, judgeTwo, "/judge XATL");
        Assert.Contains("không thuộc đơn vị bạn phụ trách", telegram.LastTo(judgeTwo).Html);
        await SayAsync(host, Admin, $"/grant {judgeTwo} judge P1");

        // The judge of commune one is offered nothing of commune one, and a forged score of theirs is refused.
        await SayAsync(host, judgeOwn, "/judge XATL");
        Assert.Contains("Không còn bài nào", telegram.LastTo(judgeOwn).Html);
        var firstAnswer = host.Scoped(db => db.Answers.OrderBy(a => a.Id).First().Id);
        Assert.Equal("Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.", await PressAsync(host, judgeOwn, CallbackCodec.Encode(new ScoreAnswer(firstAnswer, 10))));

        async Task ScoreAllAsync(long judge, int[] scores)
        {
            await SayAsync(host, judge, "/judge XATL");
            foreach (var score in scores)
            {
                var card = telegram.LastTo(judge);
                Assert.True(card.Html.Contains("Câu trả lời:"), $"judge {judge}, score {score}: {card.Html}");
                await PressAsync(host, judge, card.Buttons!.SelectMany(r => r).Single(b => b.Text == score.ToString(System.Globalization.CultureInfo.InvariantCulture)).Data, card.Id);
                var next = telegram.LastTo(judge).Buttons!.SelectMany(r => r).Single(b => b.Text.StartsWith('➡'));
                await PressAsync(host, judge, next.Data, telegram.LastTo(judge).Id);
            }
            Assert.Contains("Không còn bài nào", telegram.LastTo(judge).Html);
        }
        await ScoreAllAsync(judgeOne, [8, 6, 4]);
        await SayAsync(host, OrganizerA, "/finalise XATL");
        Assert.Contains("3 bài chưa đủ 2 giám khảo chấm", telegram.LastTo(OrganizerA).Html);
        await ScoreAllAsync(judgeTwo, [6, 6, 2]);
        // A score stays revisable until the results are final.
        var lastAnswer = host.Scoped(db => db.Answers.OrderBy(a => a.Id).Last().Id);
        Clock.Advance(TimeSpan.FromSeconds(5));
        await PressAsync(host, judgeTwo, CallbackCodec.Encode(new ScoreAnswer(lastAnswer, 4)));
        await SayAsync(host, judgeTwo, "/comment Chưa nêu quy định.");
        Assert.Contains("Đã ghi nhận xét", telegram.LastTo(judgeTwo).Html);

        await SayAsync(host, OrganizerA, "/finalise XATL");
        Assert.Contains("Đã chốt kết quả", telegram.LastTo(OrganizerA).Html);
        Assert.Equal([7.0, 6.0, 4.0], host.Scoped(db => db.Answers.OrderBy(a => a.Id).Select(a => a.Score!.Value).ToList()));
        Assert.Equal("Chưa nêu quy định.", host.Scoped(db => db.JudgeScores.Single(s => s.AnswerId == lastAnswer && s.Comment != null).Comment));
        Assert.Equal(RoundStatus.Finalised, host.Scoped(db => db.Rounds.Single(r => r.Code == "XATL").Status));
        var outcome = await ResultsOfAsync(host, "XATL");
        Assert.Equal(["Cao Văn Bảy", "Đỗ Thị Tám", "Đinh Văn Chín"], outcome.Ranking.Select(r => r.Attempt.FullName));
        Assert.Equal(10, outcome.Ranking[0].Attempt.MaxScore);
        Assert.Contains(telegram.All(610), m => m.Html.Contains("xếp hạng <b>1/3</b>"));
        // Scores after the close of judging are refused.
        Assert.Equal("Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.", await PressAsync(host, judgeOne, CallbackCodec.Encode(new ScoreAnswer(lastAnswer, 10))));
        Assert.Equal(6, host.Scoped(db => db.Audit.Count(a => a.Action == "score.set")));
        Assert.Equal(1, host.Scoped(db => db.Audit.Count(a => a.Action == "score.revise")));
    }

    [Fact]
    public async Task Members_of_the_scope_are_invited_once_and_only_those_who_have_not_started_are_reminded_an_hour_and_ten_minutes_before()
    {
        using var host = await StartWithOrganizersAsync();
        const long started = 520, idle = 521, outside = 522;
        Register(host, started, "P1-C1-CB1", "Đã Bắt Đầu");
        Register(host, idle, "P1-C1-CB2", "Chưa Bắt Đầu");
        Register(host, outside, "P1-C2-CB1", "Xã Khác");
        await CreateRoundAsync(host, OrganizerA, "XAMOT", "P1-C1");

        bool Has(long user, string text) => telegram.All(user).Any(m => m.Html.Contains(text, StringComparison.Ordinal));
        int Count(long user, string text) => telegram.All(user).Count(m => m.Html.Contains(text, StringComparison.Ordinal));
        // The invitations go out from the round's opening job (on PostgreSQL a clustered scheduler takes a moment more).
        await EventuallyAsync(() => Has(started, "📣") && Has(idle, "📣"));
        Assert.False(Has(outside, "📣"));
        var invitation = telegram.All(idle).Single(m => m.Html.Contains("📣"));
        Assert.Equal(CallbackCodec.Encode(new JoinRound(host.Scoped(db => db.Rounds.Single().Id))), invitation.Buttons![0][0].Data);
        await PressAsync(host, started, invitation.Buttons[0][0].Data);
        Assert.Contains("🏁", telegram.All(started).First(m => m.Html.Contains("🏁")).Html);

        // 11:00 local: an hour before the close.
        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 4, 0, 0, TimeSpan.Zero));
        await EventuallyAsync(() => Has(idle, "⏰"));
        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 4, 50, 0, TimeSpan.Zero));
        await EventuallyAsync(() => Count(idle, "⏰") == 2);
        await host.Services.GetRequiredService<RoundLifecycle>().RunAsync(host.Scoped(db => db.Rounds.Single().Id), RoundStep.TenMinutesLeft, CancellationToken.None);

        Assert.Equal(2, Count(idle, "⏰"));
        Assert.Contains("1 giờ", telegram.All(idle).First(m => m.Html.Contains("⏰")).Html);
        Assert.False(Has(started, "⏰"));
        Assert.False(Has(outside, "⏰"));
        Assert.Equal(1, Count(idle, "📣"));
        // The idle contestant, the organizer and the admin (members of commune one too, not started): two reminders each.
        Assert.Equal(6, host.Scoped(db => db.RoundNotices.Count(n => n.Kind != RoundNoticeKind.Invitation)));
    }

    [Fact]
    public async Task Newround_is_a_guided_dialogue_with_buttons_that_checks_each_answer()
    {
        using var host = await StartWithOrganizersAsync();
        async Task ChooseAsync(string label)
        {
            var step = telegram.LastTo(OrganizerA);
            await PressAsync(host, OrganizerA, step.Buttons!.SelectMany(r => r).Single(b => b.Text == label).Data, step.Id);
        }

        await SayAsync(host, OrganizerA, "/newround");
        Assert.Contains("<b>1/11</b> Mã vòng thi", telegram.LastTo(OrganizerA).Html);
        await SayAsync(host, OrganizerA, "X");
        Assert.Contains("Chưa đúng: code", telegram.All(OrganizerA)[^2].Html);
        await SayAsync(host, OrganizerA, "XA02");
        await SayAsync(host, OrganizerA, "Vòng thi thử <b>đậm</b>");
        Assert.Contains("3/11", telegram.LastTo(OrganizerA).Html);
        // Only the organizer's own unit is offered; another commune typed by code is refused.
        Assert.Equal(["Đảng bộ xã Một", "✖ Huỷ"], telegram.LastTo(OrganizerA).Buttons!.SelectMany(r => r).Select(b => b.Text));
        await SayAsync(host, OrganizerA, "P1-C2");
        Assert.Contains("not in a unit you organize", telegram.All(OrganizerA)[^2].Html);
        await ChooseAsync("Đảng bộ xã Một");
        await ChooseAsync("Trắc nghiệm");
        Assert.Contains("<code>charter</code> (2)", telegram.LastTo(OrganizerA).Html);
        await SayAsync(host, OrganizerA, "charter:2, cells:2");
        await SayAsync(host, OrganizerA, "5");
        Assert.Contains("seconds: a whole number from 10 to 600", telegram.All(OrganizerA)[^2].Html);
        await ChooseAsync("30");
        await ChooseAsync("Mở ngay");
        await ChooseAsync("Sau 1 ngày");
        await ChooseAsync("1");
        await ChooseAsync("Không có");
        await ChooseAsync("1,2,3,5");

        var draft = telegram.LastTo(OrganizerA);
        Assert.Contains("<b>Vòng thi XA02</b>: Vòng thi thử &lt;b&gt;đậm&lt;/b&gt;", draft.Html);
        Assert.Contains("Đóng: 10:00 03/11/2026", draft.Html);
        await ChooseAsync("✅ Tạo vòng thi");
        var round = host.Scoped(db => db.Rounds.Single(r => r.Code == "XA02"));
        Assert.Equal((RoundStatus.Open, 4, 30, "1,2,3,5", RoundMode.SelfPaced), (round.Status, round.QuestionIds.Length, round.SecondsPerQuestion, round.PrizeTiers, round.Mode));
        Assert.False(host.Scoped(db => db.TransportStates.Any(s => s.Key.StartsWith("newround:"))));
        // With the dialogue over, free text is just free text again.
        await SayAsync(host, OrganizerA, "xin chào");
        Assert.DoesNotContain("Chưa đúng", telegram.LastTo(OrganizerA).Html);
    }

    [Fact]
    public void Judges_scores_make_the_mean_and_the_trimmed_mean_from_four()
    {
        Assert.Null(JudgeScores.Aggregate([7]));
        Assert.Equal(6.5, JudgeScores.Aggregate([7, 6]));
        Assert.Equal(5.0, JudgeScores.Aggregate([10, 1, 5, 5]));
        Assert.Equal(6.0, JudgeScores.Aggregate([0, 6, 6, 6, 10]));
    }

    private static async Task<RoundOutcome> ResultsOfAsync(QuizBotHost host, string code)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var round = await db.Rounds.AsNoTracking().SingleAsync(r => r.Code == code);
        return await scope.ServiceProvider.GetRequiredService<RoundResults>().ComputeAsync(round, CancellationToken.None);
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }
}
