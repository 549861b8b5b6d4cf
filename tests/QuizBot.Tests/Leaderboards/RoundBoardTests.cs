using System.Globalization;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuizBot.Contests;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Leaderboards;
using QuizBot.Practice;
using QuizBot.Tests.Integration;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Leaderboards;

/// <summary>
/// Rounds on the boards: a round's answers count in the period totals once its results are published (the close,
/// or /finalise for a judged round), never before and never twice; /leaderboard CODE shows what RoundResults computes.
/// </summary>
public sealed class RoundBoardTests : IntegrationTest
{
    private readonly RecordingTelegram telegram = new();
    private int updates;

    /// <summary>Twelve more questions, so that a round can ask twelve different ones.</summary>
    public RoundBoardTests() => Bank.Write("charter.yaml", TestBank.Charter + string.Concat(Enumerable.Range(4, 12).Select(i => $$"""

          - id: charter-{{i:000}}
            type: truefalse
            difficulty: 1
            status: reviewed
            text: { vi: Câu {{i}} đúng hay sai?, en: Is statement {{i}} true? }
            answer: true
            explanation: { vi: Điều lệ Đảng., en: The Charter. }
            source: Điều lệ Đảng (2011)
        """)));

    private QuizBotHost Start() => StartHost(web => web.ConfigureTestServices(services => services.AddSingleton<IChatOutput>(telegram)));

    private sealed record Contestant(int Id, long User, bool[] Answers);

    [Fact]
    public async Task A_rounds_answers_count_on_the_boards_at_the_close_not_before_and_once_however_often_the_close_fires()
    {
        using var host = Start();
        var (roundId, question) = AddRound(host, RoundMode.SelfPaced);
        var people = await TakeRoundAsync(host, roundId, question, [[true, true], [true, false], [false, false]]);
        // Practice of the same people counts at once, as before.
        await RecordAsync(host, people[0].Id, question[0], Clock.GetUtcNow().UtcDateTime, correct: true, roundId: null);

        Assert.Equal(Practice(1, 1), AllTime(host));
        Assert.Equal((1, 1, 1), UnitAllTime(host, "P1-C1-CB1"));

        var lifecycle = host.Services.GetRequiredService<RoundLifecycle>();
        Assert.True(await lifecycle.CloseAsync(roundId, actor: 0, CancellationToken.None));
        var counted = new Dictionary<int, (int Answers, int Correct)>
        {
            [people[0].Id] = (3, 3), [people[1].Id] = (2, 1), [people[2].Id] = (2, 0),
        };
        Assert.Equal(counted, AllTime(host));
        // Each period of the close's day: the week's and month's rows too.
        Assert.Equal(3 * 3, host.Scoped(db => db.ParticipantTotals.Count()));
        Assert.Equal((3, 7, 4), UnitAllTime(host, "P1-C1-CB1"));

        // The close again (a second Quartz fire, /closeround after the job), and the catch-up of a restart: no change.
        Assert.False(await lifecycle.CloseAsync(roundId, actor: 0, CancellationToken.None));
        await lifecycle.CatchUpAsync(CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => host.Services.GetRequiredService<BoardTotals>()
            .ResultsPublishedAsync(host.Scoped(db => db.Rounds.Single()), Outcome(host), CancellationToken.None)));
        Assert.Equal(counted, AllTime(host));
        Assert.Equal((3, 7, 4), UnitAllTime(host, "P1-C1-CB1"));
        var mark = host.Scoped(db => db.BoardRounds.Single());
        Assert.Equal((roundId, 6, 3), (mark.RoundId, mark.Answers, mark.Participants));
    }

    [Fact]
    public async Task A_crash_between_counting_and_posting_the_results_posts_them_on_start_and_counts_nothing_twice()
    {
        var host = Start();
        var (roundId, question) = AddRound(host, RoundMode.SelfPaced);
        var people = await TakeRoundAsync(host, roundId, question, [[true, true], [false, true]]);
        await host.Services.GetRequiredService<RoundLifecycle>().CloseAsync(roundId, actor: 0, CancellationToken.None);
        var after = AllTime(host);
        Assert.Equal((2, 1), after[people[1].Id]);
        // As a crash right after the count leaves it: counted, but nobody told.
        host.Scoped(db => db.Rounds.ExecuteUpdate(r => r.SetProperty(x => x.ResultsPostedAt, (DateTime?)null)) + db.RoundNotices.ExecuteDelete());
        host.Dispose();
        telegram.Clear();

        using var restarted = Start();
        await EventuallyAsync(() => restarted.Scoped(db => db.RoundNotices.Count(n => n.Kind == RoundNoticeKind.Result)) == 2);
        Assert.Contains(telegram.All(people[0].User), m => m.Html.Contains("xếp hạng <b>"));
        Assert.Equal(after, AllTime(restarted));
        Assert.Equal((2, 4, 3), UnitAllTime(restarted, "P1-C1-CB1"));
    }

    [Fact]
    public async Task A_published_round_the_boards_have_not_counted_is_counted_on_start()
    {
        var host = Start();
        var (roundId, question) = AddRound(host, RoundMode.SelfPaced);
        var people = await TakeRoundAsync(host, roundId, question, [[true, false]]);
        await host.Services.GetRequiredService<RoundLifecycle>().CloseAsync(roundId, actor: 0, CancellationToken.None);
        // As a database from before round boards stands: the round published, its answers on no board.
        host.Scoped(db => db.BoardRounds.ExecuteDelete() + db.ParticipantTotals.ExecuteDelete() + db.UnitTotals.ExecuteDelete());
        host.Dispose();

        for (var restart = 0; restart < 2; restart++)
        {
            using var again = Start();
            Assert.Equal(new Dictionary<int, (int, int)> { [people[0].Id] = (2, 1) }, AllTime(again));
        }
    }

    [Fact]
    public async Task A_judged_round_counts_only_once_finalised_an_answer_correct_from_half_marks()
    {
        using var host = Start();
        var (roundId, question) = AddRound(host, RoundMode.Judged);
        var people = await TakeRoundAsync(host, roundId, question, [[false], [false], [false]]);
        var lifecycle = host.Services.GetRequiredService<RoundLifecycle>();
        await lifecycle.CloseAsync(roundId, actor: 0, CancellationToken.None);
        Assert.Empty(AllTime(host));
        Assert.False(host.Scoped(db => db.BoardRounds.Any()));

        // Two judges: means 7, 5 and 4.5 of 10.
        var cell = host.Scoped(db => db.Units.Single(u => u.Code == "P1-C1-CB2").Id);
        var judges = new[] { host.RegisterMember(900, cell, "Giám khảo A"), host.RegisterMember(901, cell, "Giám khảo B") };
        var answers = host.Scoped(db => db.Answers.OrderBy(a => a.ParticipantId).Select(a => a.Id).ToList());
        int[][] scores = [[8, 6], [5, 5], [4, 5]];
        host.Scoped(db =>
        {
            for (var i = 0; i < answers.Count; i++)
            {
                for (var j = 0; j < judges.Length; j++) db.JudgeScores.Add(new JudgeScore { AnswerId = answers[i], JudgeId = judges[j], Score = scores[i][j], ScoredAt = DateTime.UtcNow });
            }
            return db.SaveChanges();
        });
        await lifecycle.FinaliseAsync(roundId, actor: 0, CancellationToken.None);
        Assert.Equal(new Dictionary<int, (int, int)> { [people[0].Id] = (1, 1), [people[1].Id] = (1, 1), [people[2].Id] = (1, 0) }, AllTime(host));
        await lifecycle.FinaliseAsync(roundId, actor: 0, CancellationToken.None);
        Assert.Equal((3, 3, 2), UnitAllTime(host, "P1-C1-CB1"));
    }

    [Fact]
    public async Task Leaderboard_CODE_shows_the_rounds_ranking_and_units_as_the_results_compute_them()
    {
        using var host = Start();
        var (roundId, question) = AddRound(host, RoundMode.SelfPaced, questions: 12);
        // Contestant i gets i − 1 of 12 right: the asker, the first, comes last of twelve.
        var people = await TakeRoundAsync(host, roundId, question,
            Enumerable.Range(1, 12).Select(i => Enumerable.Range(0, 12).Select(k => k < i - 1).ToArray()).ToArray(), cellOf: i => i % 3 == 0 ? "P1-C1-CB2" : "P1-C1-CB1");
        var asker = people[0].User;

        await SayAsync(host, asker, "/leaderboard VONGBXH");
        Assert.Contains("chưa công bố", telegram.LastTo(asker).Html);
        await SayAsync(host, asker, "/leaderboard");
        Assert.Equal(3, telegram.LastTo(asker).Buttons!.Count);

        await host.Services.GetRequiredService<RoundLifecycle>().CloseAsync(roundId, actor: 0, CancellationToken.None);
        var outcome = Outcome(host);
        await SayAsync(host, asker, "/leaderboard vongbxh");
        var board = telegram.LastTo(asker);
        Assert.False(board.Edit);
        Assert.Contains("VONGBXH", board.Html);
        var rows = Rows(board.Html);
        Assert.Equal(outcome.Ranking.Take(10).Select(r => (r.Rank.ToString(CultureInfo.InvariantCulture), r.Attempt.FullName, r.Attempt.Score.ToString(CultureInfo.InvariantCulture))),
            rows.Take(10).Select(r => (r.Rank, r.Name, r.Score)));
        var own = outcome.Ranking.Single(r => r.Attempt.ParticipantId == people[0].Id);
        Assert.Equal(12, own.Rank);
        Assert.Equal(("12", own.Attempt.FullName, "0"), (rows[^1].Rank, rows[^1].Name, rows[^1].Score));
        Assert.StartsWith("›", rows[^1].Line);
        Assert.Equal(11, rows.Count);

        // Units, by the button: the same message, the results' own order and figures.
        var units = board.Buttons!.SelectMany(r => r).Single(b => b.Text == "Đơn vị");
        var messages = telegram.MessagesTo(asker);
        Assert.Null(await PressAsync(host, asker, units.Data, board.Id));
        var edited = telegram.LastTo(asker);
        Assert.True(edited.Edit);
        Assert.Equal(board.Id, edited.Id);
        Assert.Equal(messages, telegram.MessagesTo(asker));
        var unitLines = edited.Html.Split('\n').Where(l => l.Contains("thôn")).ToList();
        Assert.Equal(outcome.Units.Count, unitLines.Count);
        for (var i = 0; i < outcome.Units.Count; i++)
        {
            var u = outcome.Units[i];
            Assert.Matches($@"^.\s+{i + 1} {LeaderboardMessage.ShortName(u.UnitName)}\s+{u.Participants}/{u.Members}\s+\S+\s+{u.MeanScore!.Value.ToString("0.0", CultureInfo.InvariantCulture)}", unitLines[i]);
        }

        // Under the period boards, a button leads whoever took part to the round's board.
        await SayAsync(host, asker, "/leaderboard");
        var periodBoard = telegram.LastTo(asker);
        var toRound = Assert.Single(periodBoard.Buttons![3]);
        Assert.Equal("🏁 Vòng VONGBXH", toRound.Text);
        await PressAsync(host, asker, toRound.Data, periodBoard.Id);
        Assert.Equal(rows.Select(r => r.Line), Rows(telegram.LastTo(asker).Html).Select(r => r.Line));

        await SayAsync(host, asker, "/leaderboard KHONGCO");
        Assert.Contains("Không có vòng thi mã <b>KHONGCO</b>", telegram.LastTo(asker).Html);
    }

    [Theory]
    [InlineData("lb:r:1:p")]
    [InlineData("lb:r:0:p")]
    [InlineData("lb:r:999:p")]
    [InlineData("lb:r:1:x")]
    [InlineData("lb:r:01:p")]
    [InlineData("lb:r:1")]
    public async Task Forged_or_unpublished_round_buttons_change_nothing(string data)
    {
        using var host = Start();
        var (roundId, question) = AddRound(host, RoundMode.SelfPaced);
        Assert.Equal(1, roundId);
        var people = await TakeRoundAsync(host, roundId, question, [[true]]);
        await SayAsync(host, people[0].User, "/leaderboard");
        var before = telegram.All(people[0].User).Count;
        // Round 1 is open: its board is not out yet; no round 999; the others are not what a board writes.
        Assert.Equal(Texts.Vi.ButtonClosed, await PressAsync(host, people[0].User, data, telegram.LastTo(people[0].User).Id));
        Assert.Equal(before, telegram.All(people[0].User).Count);
    }

    [Theory]
    [InlineData("VONG1", "VONG1", BoardKind.People)]
    [InlineData("vong1 don-vi", "VONG1", BoardKind.Units)]
    [InlineData("R2 people", "R2", BoardKind.People)]
    public void A_round_code_may_follow_leaderboard(string arguments, string code, BoardKind kind) =>
        Assert.Equal((code, kind), LeaderboardHandler.ParseRoundArguments(arguments));

    [Theory]
    [InlineData("V")]
    [InlineData("VONG-1")]
    [InlineData("VONG1 tuan")]
    [InlineData("VONG1 units people")]
    [InlineData("ABCDEFGHIJKLMNOPQ")]
    public void Other_round_arguments_are_refused(string arguments) => Assert.Null(LeaderboardHandler.ParseRoundArguments(arguments));

    private static Dictionary<int, (int Answers, int Correct)> Practice(int participant, int correct) => new() { [participant] = (1, correct) };

    private static Dictionary<int, (int Answers, int Correct)> AllTime(QuizBotHost host) =>
        host.Scoped(db => db.ParticipantTotals.Where(t => t.Period == BoardPeriod.AllTime).ToDictionary(t => t.ParticipantId, t => (t.Answers, t.Correct)));

    private static (int Participants, int Answers, int Correct) UnitAllTime(QuizBotHost host, string code) =>
        host.Scoped(db => db.UnitTotals.Where(t => t.Period == BoardPeriod.AllTime && t.UnitId == db.Units.Single(u => u.Code == code).Id)
            .Select(t => new { t.Participants, t.Answers, t.Correct }).AsEnumerable().Select(t => (t.Participants, t.Answers, t.Correct)).SingleOrDefault());

    private static RoundOutcome Outcome(QuizBotHost host)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        return scope.ServiceProvider.GetRequiredService<RoundResults>().ComputeAsync(db.Rounds.AsNoTracking().Single(), CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>The table's rows under its heading: rank, name and score as the monospace columns show them.</summary>
    private static List<(string Line, string Rank, string Name, string Score)> Rows(string html)
    {
        var table = html[(html.IndexOf("<pre>", StringComparison.Ordinal) + 5)..html.IndexOf("</pre>", StringComparison.Ordinal)];
        return table.Split('\n').Skip(1).Where(l => l.Trim() != "…")
            .Select(l => (Line: l, Rank: l[1..4].Trim(), Name: l[5..21].Trim(), Score: l[22..27].Trim())).ToList();
    }

    /// <summary>A round of the province, open now, of <paramref name="questions"/> questions.</summary>
    private (int RoundId, int[] Questions) AddRound(QuizBotHost host, RoundMode mode, int questions = 2)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var ids = db.Questions.OrderBy(q => q.Id).Select(q => q.Id).Take(questions).ToArray();
        Assert.Equal(questions, ids.Length);
        var now = Clock.GetUtcNow().UtcDateTime;
        var round = new Round
        {
            Code = "VONGBXH", Title = "Vòng xếp hạng", ScopeUnitId = db.Units.Single(u => u.Code == "P1").Id, Mode = mode, Blueprint = "charter:1",
            QuestionIds = ids, TieBreaks = "score,time", PrizeTiers = "1,0,0,0", Status = RoundStatus.Open,
            CreatedAt = now, OpensAt = now.AddHours(-1), ClosesAt = now.AddHours(1), SecondsPerQuestion = 60, OrganizerChatId = 42,
        };
        db.Rounds.Add(round);
        db.SaveChanges();
        return (round.Id, ids);
    }

    /// <summary>Each contestant takes the round through the real answer log: one attempt, one answer per entry (right or wrong).</summary>
    private async Task<List<Contestant>> TakeRoundAsync(QuizBotHost host, int roundId, int[] questions, bool[][] answers, Func<int, string>? cellOf = null)
    {
        var judged = host.Scoped(db => db.Rounds.Single(r => r.Id == roundId).Mode == RoundMode.Judged);
        var people = new List<Contestant>();
        for (var i = 1; i <= answers.Length; i++)
        {
            var code = cellOf?.Invoke(i) ?? "P1-C1-CB1";
            var cell = host.Scoped(db => db.Units.Single(u => u.Code == code).Id);
            var user = 7000L + i;
            var id = host.RegisterMember(user, cell, $"Thí sinh {i:00}");
            var attempt = new Attempt
            {
                ParticipantId = id, Transport = Transport.Telegram, ChatId = user, QuestionIds = questions[..answers[i - 1].Length],
                Status = AttemptStatus.Active, StartedAt = Clock.GetUtcNow().UtcDateTime, SecondsPerQuestion = 60, RoundId = roundId, Number = 1,
            };
            host.Scoped(db => db.Attempts.Add(attempt).Context.SaveChanges());
            var log = host.Services.GetRequiredService<AnswerLog>();
            for (var k = 0; k < answers[i - 1].Length; k++)
            {
                var last = k == answers[i - 1].Length - 1;
                var answer = new Answer
                {
                    ParticipantId = id, AttemptId = attempt.Id, QuestionId = questions[k], Position = k, Chosen = [0], IsCorrect = answers[i - 1][k],
                    Score = judged ? null : answers[i - 1][k] ? 1 : 0, ScoredBy = judged ? null : "auto", FreeText = judged ? $"Bài làm {i}" : null,
                    AnsweredAt = Clock.GetUtcNow().UtcDateTime, ElapsedMs = 1000 * (k + 1),
                };
                Assert.True(await log.RecordAsync(answer, "q", rating: null, last ? AttemptStatus.Finished : AttemptStatus.Active, CancellationToken.None));
            }
            people.Add(new Contestant(id, user, answers[i - 1]));
        }
        return people;
    }

    private static async Task RecordAsync(QuizBotHost host, int participant, int question, DateTime at, bool correct, int? roundId)
    {
        var attempt = new Attempt
        {
            ParticipantId = participant, Transport = Transport.Telegram, ChatId = 1, QuestionIds = [question], Status = AttemptStatus.Active,
            StartedAt = at, SecondsPerQuestion = 60, RoundId = roundId, Number = 1,
        };
        host.Scoped(db => db.Attempts.Add(attempt).Context.SaveChanges());
        var answer = new Answer
        {
            ParticipantId = participant, AttemptId = attempt.Id, QuestionId = question, Position = 0, Chosen = [0], IsCorrect = correct,
            Score = correct ? 1 : 0, ScoredBy = "auto", AnsweredAt = at,
        };
        Assert.True(await host.Services.GetRequiredService<AnswerLog>().RecordAsync(answer, "q", QuizBot.Learning.Rating.Good, AttemptStatus.Finished, CancellationToken.None));
    }

    private static Task SayAsync(QuizBotHost host, long user, string text) =>
        host.Services.GetRequiredService<UpdateRouter>().HandleAsync(
            new IncomingUpdate(new ChatRef(Transport.Telegram, user), new Sender(user, $"Người {user}"), text), CancellationToken.None);

    private async Task<string?> PressAsync(QuizBotHost host, long user, string data, int messageId)
    {
        var id = $"cb{Interlocked.Increment(ref updates)}";
        await host.Services.GetRequiredService<UpdateRouter>().HandleAsync(
            new IncomingUpdate(new ChatRef(Transport.Telegram, user), new Sender(user, $"Người {user}"), null, new CallbackRef(id, data, messageId)),
            CancellationToken.None);
        Assert.True(telegram.Toasts.TryGetValue(id, out var toast), "the press was not answered");
        return toast;
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }
}
