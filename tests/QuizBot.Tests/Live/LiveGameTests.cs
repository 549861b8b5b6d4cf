using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuizBot.Contests;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Live;
using QuizBot.Practice;
using QuizBot.Tests.Integration;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Live;

/// <summary>
/// Live play in the real service, driven through the router as Telegram updates arrive in a group, on the test
/// clock: a group's /quiz, who may lead one, a hall pressing at once, and a live contest round to its results.
/// </summary>
public sealed partial class LiveGameTests : IntegrationTest
{
    private const long Group = -100_500;
    private const long GroupAdmin = 7_000_001;
    private const long Admin = 7_000_002;
    private const long Organizer = 7_000_003;

    private const string Tree = """
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

    public LiveGameTests() => Bank.Write("org-units.yaml", Tree);

    private QuizBotHost Start() => StartHost(web =>
    {
        web.UseSetting("Admins:TelegramUserIds:0", Admin.ToString(CultureInfo.InvariantCulture));
        web.UseSetting("Digest:GroupChats:0:ChatId", Group.ToString(CultureInfo.InvariantCulture));
        web.UseSetting("Digest:GroupChats:0:Unit", "P1-C1");
        web.ConfigureTestServices(services =>
        {
            services.AddSingleton<IChatOutput>(telegram);
            services.RemoveAll<IGroupAdmins>();
            services.AddSingleton<IGroupAdmins>(new GroupAdmins(Group, GroupAdmin));
        });
    });

    private sealed class GroupAdmins(long chat, long admin) : IGroupAdmins
    {
        public Transport Transport => Transport.Telegram;

        public Task<bool> IsAdminAsync(long chatId, long userId, CancellationToken ct) => Task.FromResult(chatId == chat && userId == admin);
    }

    private static Task RouteAsync(QuizBotHost host, IncomingUpdate update) =>
        host.Services.GetRequiredService<UpdateRouter>().HandleAsync(update, CancellationToken.None);

    private Task SayInGroupAsync(QuizBotHost host, long user, string text) =>
        RouteAsync(host, new IncomingUpdate(new ChatRef(Transport.Telegram, Group, IsPrivate: false), new Sender(user, $"Người {user}"), text));

    private Task SayAsync(QuizBotHost host, long user, string text) =>
        RouteAsync(host, new IncomingUpdate(new ChatRef(Transport.Telegram, user), new Sender(user, $"Người {user}", $"u{user}"), text));

    /// <summary>A member presses the option shown at <paramref name="shown"/>, received at <paramref name="at"/>; returns the toast.</summary>
    private async Task<string?> PressAsync(QuizBotHost host, long user, RecordingTelegram.Shown question, int shown, DateTime at)
    {
        var id = $"cb{Interlocked.Increment(ref updates)}";
        await RouteAsync(host, new IncomingUpdate(new ChatRef(Transport.Telegram, Group, IsPrivate: false), new Sender(user, $"Thành viên {user}"), null,
            new CallbackRef(id, question.Buttons![0][shown].Data, question.Id), at));
        return telegram.Toasts.TryGetValue(id, out var toast) ? toast : null;
    }

    /// <summary>Presses "create" on the draft the organizer's form produced.</summary>
    private async Task CreateDraftAsync(QuizBotHost host, long organizer)
    {
        var draft = telegram.LastTo(organizer);
        var create = draft.Buttons!.SelectMany(r => r).First(b => b.Text.StartsWith('✅'));
        await RouteAsync(host, new IncomingUpdate(new ChatRef(Transport.Telegram, organizer), new Sender(organizer, "BTC"), null,
            new CallbackRef($"create{organizer}", create.Data, draft.Id)));
    }

    /// <summary>Waits (in real time, briefly) for what the game does on its own.</summary>
    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(20);
        Assert.True(condition(), what);
    }

    /// <summary>Moves the test clock on in half seconds until the game has done what is awaited.</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(10);
        }
        Assert.True(condition(), what);
    }

    private List<RecordingTelegram.Shown> Questions() =>
        telegram.All(Group).Where(m => !m.Edit && m.Buttons is { Count: > 0 } && m.Buttons[0][0].Data.StartsWith("lv:", StringComparison.Ordinal)).ToList();

    private bool Revealed(RecordingTelegram.Shown question) =>
        telegram.All(Group).Any(m => m.Edit && m.Id == question.Id && m.Html.Contains("✅ Đáp án", StringComparison.Ordinal));

    private RecordingTelegram.Shown RevealOf(RecordingTelegram.Shown question) =>
        telegram.All(Group).Last(m => m.Edit && m.Id == question.Id);

    /// <summary>The screen positions of the right and a wrong option of a game's question, as everyone in the chat sees them.</summary>
    private static (int Right, int Wrong) Options(QuizBotHost host, int gameId, int index)
    {
        var question = host.Scoped(db =>
        {
            var id = db.LiveQuestions.Single(q => q.GameId == gameId && q.Index == index).QuestionId;
            return db.Questions.Single(q => q.Id == id);
        });
        var order = Scoring.OptionOrder(gameId, index, question.Content.Options.Count);
        var right = Array.FindIndex(order, o => question.Content.Answer.Contains(o));
        return (right, Array.FindIndex(order, o => !question.Content.Answer.Contains(o)));
    }

    private static DateTime ShownAt(QuizBotHost host, int gameId, int index) =>
        DateTime.SpecifyKind(host.Scoped(db => db.LiveQuestions.Single(q => q.GameId == gameId && q.Index == index).ShownAt!.Value), DateTimeKind.Utc);

    [Fact]
    public async Task Two_hundred_members_pressing_in_the_same_second_are_each_recorded_once_and_the_reveal_counts_exactly_them()
    {
        using var host = Start();
        await SayInGroupAsync(host, GroupAdmin, "/quiz 2");
        await EventuallyAsync(() => Questions().Count == 1, "the first question is posted");
        var gameId = host.Scoped(db => db.LiveGames.Single().Id);
        var question = Questions()[0];
        var shownAt = ShownAt(host, gameId, 0);
        var (right, wrong) = Options(host, gameId, 0);

        // Two hundred members within one second, all at once: every third one wrong, each 5 ms after the last.
        var members = Enumerable.Range(0, 200).Select(i => 8_000_000L + i).ToList();
        var toasts = await Task.WhenAll(members.Select((user, i) =>
            PressAsync(host, user, question, i % 3 == 0 ? wrong : right, shownAt.AddMilliseconds(5 * i))));
        Assert.All(toasts, toast => Assert.Equal("Đã ghi nhận câu trả lời", toast));

        // A second press, even on another option, changes nothing and says so.
        var again = await Task.WhenAll(members.Take(20).Select(user => PressAsync(host, user, question, wrong, shownAt.AddSeconds(2))));
        Assert.All(again, toast => Assert.Equal("Bạn đã trả lời câu này rồi: câu trả lời đầu tiên được giữ nguyên.", toast));

        var recorded = host.Scoped(db => db.LivePresses.Where(p => p.GameId == gameId && p.Index == 0).ToList());
        Assert.Equal(200, recorded.Count);
        Assert.Equal(members.ToHashSet(), recorded.Select(p => p.UserId).ToHashSet());
        Assert.All(recorded, p => Assert.Equal(5 * (int)(p.UserId - 8_000_000), p.ElapsedMs));
        Assert.Equal(133, recorded.Count(p => p.IsCorrect));

        await AdvanceUntilAsync(() => Revealed(question), "the first question is revealed when its time is up");
        var reveal = RevealOf(question).Html;
        Assert.Empty(RevealOf(question).Buttons ?? []);
        // The projector's view says the same: the answer, the counts in screen order, the board.
        var view = host.Services.GetRequiredService<LiveFeed>().Watch(gameId)!.Value.View;
        Assert.Equal((LiveView.Revealed, right), (view.Phase, view.Answer));
        var counts = CountPattern().Matches(reveal).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, question.Buttons![0].Count).Select(s => s == right ? 133 : s == wrong ? 67 : 0), counts);
        Assert.Contains("👥 133/200 người trả lời đúng", reveal);
        // The fastest right answers: member 1 (5 ms), 2 (10 ms), 4 (20 ms); member 0 was fastest but wrong.
        Assert.Contains("⚡ Nhanh nhất: Thành viên 8000001 (0,0 s) · Thành viên 8000002 (0,0 s) · Thành viên 8000004 (0,0 s)", reveal);

        // Points follow the formula from each press's own time; a late press is turned away.
        var scored = host.Scoped(db => db.LivePresses.Where(p => p.GameId == gameId && p.Index == 0).ToList());
        Assert.All(scored, p => Assert.Equal(LiveScoring.Points(p.IsCorrect, TimeSpan.FromMilliseconds(p.ElapsedMs), TimeSpan.FromSeconds(20)), p.Points));
        Assert.Equal("Câu hỏi này đã đóng.", await PressAsync(host, 9_000_000, question, right, shownAt.AddSeconds(30)));
        Assert.Equal(200, host.Scoped(db => db.LivePresses.Count(p => p.GameId == gameId)));

        await AdvanceUntilAsync(() => Questions().Count == 2, "the second question follows");
        await AdvanceUntilAsync(() => host.Scoped(db => db.LiveGames.Single().Status) == LiveGameStatus.Finished, "the game ends after the last question");
        var board = telegram.All(Group).Last(m => m.Edit && m.Html.Contains("bục vinh quang", StringComparison.Ordinal));
        Assert.Contains("🥇 Thành viên 8000001 — <b>1.000</b> điểm", board.Html);
        // One message for the board and one per question; reveals and boards are edits.
        Assert.Equal(3, telegram.MessagesTo(Group));
    }

    [Fact]
    public async Task Only_a_group_admin_or_an_organizer_starts_or_stops_a_quiz_and_help_in_a_group_says_what_the_bot_needs()
    {
        using var host = Start();
        await SayInGroupAsync(host, 123, "/quiz");
        Assert.Contains("Chỉ quản trị viên của nhóm hoặc ban tổ chức", telegram.LastTo(Group).Html);
        Assert.False(host.Scoped(db => db.LiveGames.Any()));

        await SayInGroupAsync(host, 123, "/help");
        Assert.Contains("quyền gửi tin nhắn", telegram.LastTo(Group).Html);
        Assert.Contains("sửa tin nhắn", telegram.LastTo(Group).Html);

        await SayInGroupAsync(host, GroupAdmin, "/quiz nonsense-topic");
        Assert.Contains("Cách dùng: /quiz", telegram.LastTo(Group).Html);
        await SayAsync(host, GroupAdmin, "/quiz");
        Assert.Contains("/quiz dùng trong nhóm", telegram.LastTo(GroupAdmin).Html);

        await SayInGroupAsync(host, GroupAdmin, "/quiz charter 2");
        await EventuallyAsync(() => Questions().Count == 1, "the quiz starts");
        await SayInGroupAsync(host, GroupAdmin, "/quiz");
        Assert.Contains("Nhóm đang có một phần thi", telegram.LastTo(Group).Html);
        await SayInGroupAsync(host, 123, "/quiz stop");
        Assert.Contains("Chỉ quản trị viên", telegram.LastTo(Group).Html);
        Assert.Equal(LiveGameStatus.Running, host.Scoped(db => db.LiveGames.Single().Status));

        // An admin of the bot (an organizer everywhere) may stop it: the question on screen is revealed, then the podium.
        await SayInGroupAsync(host, Admin, "/quiz stop");
        await EventuallyAsync(() => host.Scoped(db => db.LiveGames.Single().Status) == LiveGameStatus.Stopped, "the quiz stops");
        Assert.True(Revealed(Questions()[0]));
        Assert.Contains("Phần thi đã dừng", telegram.All(Group).Last(m => m.Edit).Html);
        Assert.Single(Questions());
    }

    [Fact]
    public async Task A_live_round_goes_to_its_group_scores_speed_and_streaks_and_ranks_like_any_round()
    {
        // 10:00 local on 2 November 2026; the round is open from then until noon.
        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero));
        using var host = Start();
        int Cell(string code) => host.Scoped(db => db.Units.Single(u => u.Code == code).Id);
        host.RegisterMember(Organizer, Cell("P1-C1-CB1"), "Ban tổ chức");
        host.RegisterMember(Admin, Cell("P1-C1-CB1"), "Quản trị");
        await SayAsync(host, Admin, $"/grant {Organizer} organizer P1-C1");
        const long an = 101, binh = 102, chi = 103, outsider = 104;
        host.RegisterMember(an, Cell("P1-C1-CB1"), "Nguyễn Văn An");
        host.RegisterMember(binh, Cell("P1-C1-CB1"), "Trần Thị Bình");
        host.RegisterMember(chi, Cell("P1-C1-CB1"), "Lê Minh Chi");
        host.RegisterMember(outsider, Cell("P1-C2-CB1"), "Phạm Ngoài");

        await SayAsync(host, Organizer, """
            /newround
            mã: TRUCTIEP
            tên: Vòng trực tiếp
            đơn vị: P1-C1
            hình thức: trực tiếp
            câu hỏi: charter:2, cells:1
            giây mỗi câu: 20
            mở: 2026-11-02 10:30
            đóng: 2026-11-02 12:00
            thưởng chuỗi: có
            """);
        await CreateDraftAsync(host, Organizer);
        await SayAsync(host, an, "/join TRUCTIEP");
        Assert.Contains("vòng thi trực tiếp", telegram.LastTo(an).Html);

        await SayAsync(host, Organizer, "/openround TRUCTIEP");
        Assert.Contains("đã bắt đầu trong nhóm", telegram.LastTo(Organizer).Html);
        var gameId = host.Scoped(db => db.LiveGames.Single().Id);

        // (question, person, right?, seconds after the question appeared)
        var plan = new (int Index, long User, bool Right, double Seconds)[]
        {
            (0, an, true, 2), (0, binh, false, 1), (0, chi, true, 10),
            (1, an, true, 4), (1, binh, true, 1),
            (2, an, true, 0), (2, chi, true, 20),
        };
        for (var index = 0; index < 3; index++)
        {
            await AdvanceUntilAsync(() => Questions().Count == index + 1, $"question {index + 1} is posted");
            var question = Questions()[index];
            var shownAt = ShownAt(host, gameId, index);
            var (right, wrong) = Options(host, gameId, index);
            foreach (var press in plan.Where(p => p.Index == index))
            {
                Assert.Equal("Đã ghi nhận câu trả lời", await PressAsync(host, press.User, question, press.Right ? right : wrong, shownAt.AddSeconds(press.Seconds)));
            }
            Assert.Equal("Bạn không thuộc phạm vi vòng thi này (hãy đăng ký với bot trong chat riêng).",
                await PressAsync(host, outsider, question, right, shownAt.AddSeconds(1)));
            Assert.Equal("Bạn không thuộc phạm vi vòng thi này (hãy đăng ký với bot trong chat riêng).",
                await PressAsync(host, 555, question, right, shownAt.AddSeconds(1)));
            await AdvanceUntilAsync(() => Revealed(question), $"question {index + 1} is revealed");
        }
        await AdvanceUntilAsync(() => host.Scoped(db => db.Rounds.Single(r => r.Code == "TRUCTIEP").Status) == RoundStatus.Closed,
            "the round closes when its game ends");

        // An: 950 + (900 + 100) + (1000 + 200); Bình: 0 + 975 (a new streak: no bonus); Chi: 750 + 0 → streak broken → 500.
        var expected = new Dictionary<long, double> { [an] = 3150, [binh] = 975, [chi] = 1250 };
        var round = host.Scoped(db => db.Rounds.Single(r => r.Code == "TRUCTIEP"));
        var outcome = await host.Services.CreateScope().ServiceProvider.GetRequiredService<RoundResults>().ComputeAsync(round, CancellationToken.None);
        Assert.Equal(["Nguyễn Văn An", "Lê Minh Chi", "Trần Thị Bình"], outcome.Ranking.Select(r => r.Attempt.FullName));
        Assert.All(outcome.Ranking, r => Assert.Equal(expected[host.Scoped(db => db.Participants.Single(p => p.Id == r.Attempt.ParticipantId).ExternalId)], r.Attempt.Score));
        Assert.Equal(LiveScoring.MaxScore(3, streakBonus: true), outcome.Ranking[0].Attempt.MaxScore);

        // The group gets the board, three questions and the round's results: far under 20 messages a minute.
        await EventuallyAsync(() => telegram.Texts(Group).Any(t => t.Contains("Nguyễn Văn An", StringComparison.Ordinal) && !t.Contains("🎮", StringComparison.Ordinal)),
            "the results are posted to the group");
        Assert.Equal(5, telegram.MessagesTo(Group));
        await SayAsync(host, Organizer, "/results TRUCTIEP");
        Assert.Contains("Nguyễn Văn An", telegram.LastTo(Organizer).Html);
    }

    [Fact]
    public async Task A_small_live_round_without_a_group_is_played_in_each_contestants_chat_with_their_own_clock()
    {
        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero));
        using var host = Start();
        var cell = host.Scoped(db => db.Units.Single(u => u.Code == "P1-C2-CB1").Id);
        host.RegisterMember(Admin, cell, "Quản trị");
        const long dung = 201, em = 202;
        host.RegisterMember(dung, cell, "Đỗ Văn Dũng");
        host.RegisterMember(em, cell, "Hoàng Thị Em");

        // Commune two has no group in Digest:GroupChats: its three registered members are asked one by one.
        await SayAsync(host, Admin, """
            /newround
            mã: RIENG
            tên: Vòng trực tiếp xã Hai
            đơn vị: P1-C2
            hình thức: trực tiếp
            câu hỏi: charter:1, cells:1
            giây mỗi câu: 20
            mở: 2026-11-02 10:00
            đóng: 2026-11-02 12:00
            """);
        await CreateDraftAsync(host, Admin);
        await SayAsync(host, Admin, "/openround RIENG");
        Assert.Contains("gửi riêng cho 3 người dự thi", telegram.LastTo(Admin).Html);
        var gameId = host.Scoped(db => db.LiveGames.Single().Id);

        RecordingTelegram.Shown QuestionIn(long chat, int n) =>
            telegram.All(chat).Single(m => !m.Edit && m.Html.StartsWith($"<b>Câu {n}/2</b>", StringComparison.Ordinal));
        async Task<string?> PressPrivatelyAsync(long user, RecordingTelegram.Shown question, int shown, DateTime at)
        {
            var id = $"cb{Interlocked.Increment(ref updates)}";
            await RouteAsync(host, new IncomingUpdate(new ChatRef(Transport.Telegram, user), new Sender(user, $"Người {user}"), null,
                new CallbackRef(id, question.Buttons![0][shown].Data, question.Id), at));
            return telegram.Toasts.TryGetValue(id, out var toast) ? toast : null;
        }
        DateTime OwnShownAt(long chat, int index) => DateTime.SpecifyKind(
            host.Scoped(db => db.LiveQuestionScreens.Single(s => s.GameId == gameId && s.Index == index && s.ChatId == chat).ShownAt), DateTimeKind.Utc);

        for (var index = 0; index < 2; index++)
        {
            await AdvanceUntilAsync(() => telegram.All(dung).Concat(telegram.All(em)).Count(m => !m.Edit && m.Html.StartsWith($"<b>Câu {index + 1}/2</b>", StringComparison.Ordinal)) == 2,
                $"question {index + 1} reaches both contestants");
            // Each chat's clock is stored once Telegram has confirmed the message there, just after it is on screen.
            var asked = index;
            await EventuallyAsync(() => host.Scoped(db => db.LiveQuestionScreens.Count(s => s.GameId == gameId && s.Index == asked && (s.ChatId == dung || s.ChatId == em))) == 2,
                $"question {index + 1}'s time is kept for both contestants");
            var (right, _) = Options(host, gameId, index);
            Assert.Equal("Đã ghi nhận câu trả lời", await PressPrivatelyAsync(dung, QuestionIn(dung, index + 1), right, OwnShownAt(dung, index).AddSeconds(4)));
            // Past one's own 20 seconds the press is too late, whatever the others' clocks say.
            Assert.Equal("Câu hỏi này đã đóng.", await PressPrivatelyAsync(em, QuestionIn(em, index + 1), right, OwnShownAt(em, index).AddSeconds(21)));
            var question = QuestionIn(dung, index + 1);
            await AdvanceUntilAsync(() => telegram.All(dung).Any(m => m.Edit && m.Id == question.Id && m.Html.Contains("✅ Đáp án", StringComparison.Ordinal)),
                $"question {index + 1} is revealed in the contestant's chat");
            Assert.Contains(telegram.All(em), m => m.Edit && m.Id == QuestionIn(em, index + 1).Id && m.Html.Contains("👥 1/1 người trả lời đúng", StringComparison.Ordinal));
        }
        await AdvanceUntilAsync(() => host.Scoped(db => db.Rounds.Single(r => r.Code == "RIENG").Status) == RoundStatus.Closed, "the round closes");

        var presses = host.Scoped(db => db.LivePresses.Where(p => p.GameId == gameId).ToList());
        Assert.All(presses, p => Assert.Equal((dung, 4000, 900), (p.UserId, p.ElapsedMs, p.Points)));
        // The board was kept in each contestant's chat and in the organizer's, as edits.
        foreach (var chat in new[] { dung, em, Admin })
        {
            Assert.Contains(telegram.All(chat), m => m.Edit && m.Html.Contains("bục vinh quang", StringComparison.Ordinal) && m.Html.Contains("Đỗ Văn Dũng", StringComparison.Ordinal));
        }
        var round = host.Scoped(db => db.Rounds.Single(r => r.Code == "RIENG"));
        var outcome = await host.Services.CreateScope().ServiceProvider.GetRequiredService<RoundResults>().ComputeAsync(round, CancellationToken.None);
        Assert.Equal((1, "Đỗ Văn Dũng", 1800.0), (outcome.Ranking.Count, outcome.Ranking[0].Attempt.FullName, outcome.Ranking[0].Attempt.Score));
    }

    [GeneratedRegex(@" — <b>([\d.]+)</b> \(")]
    private static partial Regex CountPattern();
}
