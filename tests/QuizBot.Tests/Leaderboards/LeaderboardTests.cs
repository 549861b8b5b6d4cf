using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Leaderboards;
using QuizBot.Practice;
using QuizBot.Tests.Integration;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Leaderboards;

/// <summary>
/// The leaderboards in the real service: totals kept by the answer log's group commit against a recomputation from
/// the answers, local week and month boundaries, and /leaderboard through the router with a recording Telegram output.
/// </summary>
public sealed class LeaderboardTests : IntegrationTest
{
    private static readonly TimeZoneInfo Vietnam = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
    private readonly RecordingTelegram telegram = new();
    private int updates;
    private static int roundAttempts;

    private QuizBotHost Start() => StartHost(web => web.ConfigureTestServices(services => services.AddSingleton<IChatOutput>(telegram)));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Totals_kept_as_answers_arrive_equal_a_recomputation_from_the_answers_also_after_unit_moves(int seed)
    {
        var random = new Random(seed);
        Bank.Write("org-units.yaml", RandomTree(random, out var cells));
        using var host = Start();
        var cellIds = host.Scoped(db => db.Units.Where(u => cells.Contains(u.Code)).Select(u => u.Id).ToList());
        var people = Enumerable.Range(1, 40).Select(i => host.RegisterMember(1000 + i, cellIds[random.Next(cellIds.Count)], $"Người {i}")).ToList();
        var roundId = AddRound(host, cellIds[0]);
        var questions = host.Scoped(db => db.Questions.Select(q => q.Id).ToList());

        // Answers over ten weeks across a month's end, in concurrent waves so that groups of the commit merge them.
        var from = new DateTime(2026, 10, 20, 0, 0, 0, DateTimeKind.Utc);
        async Task WaveAsync(int count)
        {
            var wave = Enumerable.Range(0, count).Select(_ =>
            {
                var participant = people[random.Next(people.Count)];
                var at = from.AddMinutes(random.Next(70 * 24 * 60));
                return (participant, at, correct: random.Next(3) > 0, practice: random.Next(6) > 0, question: questions[random.Next(questions.Count)]);
            }).ToList();
            await Task.WhenAll(wave.Select(a => RecordAsync(host, a.participant, a.question, a.at, a.correct, a.practice ? null : roundId)));
        }
        await WaveAsync(150);
        var boards = host.Services.GetRequiredService<BoardTotals>();
        foreach (var mover in people.OrderBy(_ => random.Next()).Take(8)) await boards.MoveAsync(mover, cellIds[random.Next(cellIds.Count)], CancellationToken.None);
        await WaveAsync(150);
        // A move while answers are being written waits its turn and loses none of them.
        var moving = people.OrderBy(_ => random.Next()).Take(5).Select(p => boards.MoveAsync(p, cellIds[random.Next(cellIds.Count)], CancellationToken.None));
        await Task.WhenAll([WaveAsync(150), .. moving]);

        var (expectedPeople, expectedUnits) = Recompute(host);
        var keptPeople = host.Scoped(db => db.ParticipantTotals.AsEnumerable()
            .Select(t => (t.ParticipantId, t.Period, t.Start, t.UnitId, t.Answers, t.Correct)).OrderBy(t => t).ToList());
        var keptUnits = host.Scoped(db => db.UnitTotals.AsEnumerable()
            .Select(t => (t.UnitId, t.Period, t.Start, t.Participants, t.Answers, t.Correct)).OrderBy(t => t).ToList());
        Assert.NotEmpty(expectedUnits);
        Assert.Equal(expectedPeople, keptPeople);
        Assert.Equal(expectedUnits, keptUnits);

        // Everyone's standings, kept in memory from the start as each group committed, place everyone where a full
        // sort of the totals does (all time; this week and month where the waves reached them). Kept on SQLite only.
        var standings = host.Services.GetRequiredService<Standings>();
        Assert.Equal(TestDatabases.PostgresServer is not null, !standings.Enabled);
        if (!standings.Enabled) return;
        foreach (var period in BoardPeriods.All(host.Services.GetRequiredService<QuizClock>().Today()))
        {
            var sorted = keptPeople.Where(t => t.Period == period.Period && t.Start == period.Start)
                .OrderByDescending(t => t.Correct).ThenBy(t => t.Answers).ThenBy(t => t.ParticipantId).Select(t => t.ParticipantId).ToList();
            var ladder = await standings.LadderAsync(period, CancellationToken.None);
            Assert.NotNull(ladder);
            foreach (var person in people)
            {
                var place = ladder.Place(person);
                Assert.Equal(sorted.IndexOf(person) is >= 0 and var i ? i : null, place?.Ahead);
            }
        }
    }

    [Fact]
    public async Task Sunday_23_59_local_counts_in_its_week_and_Monday_00_00_local_in_the_next_as_do_months()
    {
        using var host = Start();
        var cell = host.Scoped(db => db.Units.Single(u => u.Code == "P1-C1-CB1").Id);
        var person = host.RegisterMember(77, cell, "Người Ranh Giới");
        var question = host.Scoped(db => db.Questions.First().Id);

        // Sunday 8 November 2026, 23:59 in Vietnam (UTC+7), then Monday 9 November 00:00.
        await RecordAsync(host, person, question, new DateTime(2026, 11, 8, 16, 59, 0, DateTimeKind.Utc), correct: true);
        await RecordAsync(host, person, question, new DateTime(2026, 11, 8, 17, 0, 0, DateTimeKind.Utc), correct: false);
        // Monday 30 November 23:59, then Tuesday 1 December 00:00: one week, two months.
        await RecordAsync(host, person, question, new DateTime(2026, 11, 30, 16, 59, 0, DateTimeKind.Utc), correct: true);
        await RecordAsync(host, person, question, new DateTime(2026, 11, 30, 17, 0, 0, DateTimeKind.Utc), correct: true);

        var rows = host.Scoped(db => db.ParticipantTotals.Where(t => t.ParticipantId == person).AsEnumerable()
            .Select(t => (t.Period, t.Start, t.Answers, t.Correct)).OrderBy(t => t).ToList());
        Assert.Equal(
        [
            (BoardPeriod.Week, new DateOnly(2026, 11, 2), 1, 1),
            (BoardPeriod.Week, new DateOnly(2026, 11, 9), 1, 0),
            (BoardPeriod.Week, new DateOnly(2026, 11, 30), 2, 2),
            (BoardPeriod.Month, new DateOnly(2026, 11, 1), 3, 2),
            (BoardPeriod.Month, new DateOnly(2026, 12, 1), 1, 1),
            (BoardPeriod.AllTime, DateOnly.MinValue, 4, 3),
        ], rows);
        var province = host.Scoped(db => db.Units.Single(u => u.Code == "P1").Id);
        Assert.Equal(1, host.Scoped(db => db.UnitTotals.Single(t => t.UnitId == province && t.Period == BoardPeriod.Week && t.Start == new DateOnly(2026, 11, 9)).Participants));
    }

    [Theory]
    [InlineData("2026-11-02", "2026-11-02")]
    [InlineData("2026-11-04", "2026-11-02")]
    [InlineData("2026-11-08", "2026-11-02")]
    [InlineData("2026-11-09", "2026-11-09")]
    [InlineData("2027-01-03", "2026-12-28")]
    public void A_week_starts_on_its_Monday(string day, string monday) =>
        Assert.Equal(DateOnly.Parse(monday, CultureInfo.InvariantCulture), BoardPeriods.WeekStart(DateOnly.Parse(day, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("", BoardKind.People, BoardScope.Commune, BoardPeriod.Week)]
    [InlineData("tinh thang", BoardKind.People, BoardScope.Province, BoardPeriod.Month)]
    [InlineData("xã tuần", BoardKind.People, BoardScope.Commune, BoardPeriod.Week)]
    [InlineData("all", BoardKind.People, BoardScope.All, BoardPeriod.Week)]
    [InlineData("week all", BoardKind.People, BoardScope.All, BoardPeriod.Week)]
    [InlineData("cell all", BoardKind.People, BoardScope.Cell, BoardPeriod.AllTime)]
    [InlineData("tat-ca tat-ca don-vi", BoardKind.Units, BoardScope.All, BoardPeriod.AllTime)]
    [InlineData("Huyen Month", BoardKind.People, BoardScope.District, BoardPeriod.Month)]
    public void Arguments_name_scope_and_period_in_either_language(string arguments, BoardKind kind, BoardScope scope, BoardPeriod period) =>
        Assert.Equal(new BoardRequest(kind, scope, period), LeaderboardHandler.ParseArguments(arguments));

    [Theory]
    [InlineData("weekly")]
    [InlineData("cell cell")]
    [InlineData("week month")]
    [InlineData("a b c d")]
    public void Other_arguments_are_refused(string arguments) => Assert.Null(LeaderboardHandler.ParseArguments(arguments));

    private const string BoardUnits = """
        units:
          - code: P1
            name: Đảng bộ tỉnh Thử
            kind: province
            children:
              - code: P1-C1
                name: Đảng bộ xã Một
                kind: commune
                former_district: Huyện Cũ
                members: 90
                children:
                  - code: P1-C1-CB1
                    name: Chi bộ thôn Một
                    kind: cell
                    members: 30
                  - code: P1-C1-CB2
                    name: Chi bộ thôn Hai
                    kind: cell
              - code: P1-C2
                name: Đảng bộ xã Hai
                kind: commune
                former_district: Huyện Cũ
                children:
                  - code: P1-C2-CB1
                    name: Chi bộ thôn Ba
                    kind: cell
        """;

    [Fact]
    public async Task The_board_shows_the_top_ten_and_the_askers_own_row_and_buttons_edit_the_same_message()
    {
        Bank.Write("org-units.yaml", BoardUnits);
        using var host = Start();
        var cb1 = host.Scoped(db => db.Units.Single(u => u.Code == "P1-C1-CB1").Id);
        var cb2 = host.Scoped(db => db.Units.Single(u => u.Code == "P1-C1-CB2").Id);
        var question = host.Scoped(db => db.Questions.First().Id);
        var now = Clock.GetUtcNow().UtcDateTime;
        // Twelve people in commune Một: person i gets i right answers this week; the asker, person 1, is last.
        for (var i = 1; i <= 12; i++)
        {
            var person = host.RegisterMember(100 + i, i % 2 == 0 ? cb1 : cb2, $"Đảng viên {i:00}");
            for (var k = 0; k < i; k++) await RecordAsync(host, person, question, now.AddMinutes(-k), correct: true);
        }
        const long asker = 101;

        await SayAsync(host, asker, "/leaderboard xa tuan");
        var board = telegram.LastTo(asker);
        Assert.False(board.Edit);
        Assert.Contains("<pre>", board.Html);
        Assert.Contains("xã Một", board.Html);
        for (var i = 3; i <= 12; i++) Assert.Contains($"Đảng viên {i:00}", board.Html);
        Assert.DoesNotContain("Đảng viên 02", board.Html);
        var own = board.Html.Split('\n').Single(line => line.Contains("Đảng viên 01"));
        Assert.StartsWith("› 12", own);
        Assert.Equal(3, board.Buttons!.Count);

        var units = board.Buttons.SelectMany(r => r).Single(b => b.Text == "Đơn vị");
        var messages = telegram.MessagesTo(asker);
        Assert.Null(await PressAsync(host, asker, units.Data, board.Id));
        var edited = telegram.LastTo(asker);
        Assert.True(edited.Edit);
        Assert.Equal(board.Id, edited.Id);
        Assert.Equal(messages, telegram.MessagesTo(asker));
        // Thôn Một (even people: 2+4+…+12 = 42 right, 6 taking part of its 30 members) leads thôn Hai (36, 6 of 6 registered).
        var lines = edited.Html.Split('\n');
        var first = lines.Single(l => l.Contains("thôn Một"));
        var second = lines.Single(l => l.Contains("thôn Hai"));
        Assert.Matches(@"^\s+1 thôn Một\s+6/30\s+20\s+7\.0\s+42$", first);
        Assert.Matches(@"^›\s+2 thôn Hai\s+6/6\s+100\s+6\.0\s+36(</pre>)?$", second);

        // The province's unit board lists its communes, with the commune's own member count.
        var province = edited.Buttons!.SelectMany(r => r).Single(b => b.Text == "Tỉnh");
        await PressAsync(host, asker, province.Data, board.Id);
        Assert.Matches(@"›\s+1 xã Một\s+12/90\s+13\s+6\.5\s+78", telegram.LastTo(asker).Html);
        Assert.Equal(board.Id, telegram.LastTo(asker).Id);

        // The former district is the communes that carry its label.
        await SayAsync(host, asker, "/leaderboard huyen");
        Assert.Contains("huyện (cũ) Huyện Cũ", telegram.LastTo(asker).Html);
    }

    /// <summary>
    /// An own rank is the place in a full sort, both from the standings kept in memory (SQLite, one writer) and
    /// counted in the database from either end of the scope's mean (as on PostgreSQL).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Everyones_own_rank_is_their_place_in_the_whole_ranking(bool inMemory)
    {
        var random = new Random(11);
        using var host = Start();
        var cells = host.Scoped(db => db.Units.Where(u => u.Code.StartsWith("P1-C1-CB")).Select(u => u.Id).ToList());
        var question = host.Scoped(db => db.Questions.First().Id);
        var now = Clock.GetUtcNow().UtcDateTime;
        var people = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            var person = host.RegisterMember(300 + i, cells[i % cells.Count], $"Người {i:00}");
            people.Add(person);
            // Few distinct scores, so that ties on correct answers are broken by answers and then by id.
            var answers = random.Next(1, 5);
            for (var k = 0; k < answers; k++) await RecordAsync(host, person, question, now.AddMinutes(-k), correct: random.Next(2) == 0);
        }
        var expected = host.Scoped(db => db.ParticipantTotals.Where(t => t.Period == BoardPeriod.Week).AsEnumerable()
            .OrderByDescending(t => t.Correct).ThenBy(t => t.Answers).ThenBy(t => t.ParticipantId).Select(t => t.ParticipantId).ToList());
        Assert.Equal(40, expected.Count);

        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        var boards = inMemory
            ? services.GetRequiredService<Leaderboard>()
            : new Leaderboard(services.GetRequiredService<QuizBotDb>(), services.GetRequiredService<BoardUnits>(),
                new Standings(new WriteGate(serialized: false), host.Services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<QuizClock>(),
                    NullLogger<Standings>.Instance),
                services.GetRequiredService<QuizClock>());
        foreach (var person in people)
        {
            var asker = scope.ServiceProvider.GetRequiredService<QuizBotDb>().Participants.AsNoTracking().Single(p => p.Id == person);
            var view = await boards.PeopleAsync(asker, new BoardRequest(BoardKind.People, BoardScope.All, BoardPeriod.Week), CancellationToken.None);
            Assert.Equal(expected.Take(10), view.Top.Select(r => r.ParticipantId));
            var rank = view.Own?.Rank ?? view.Top.Single(r => r.ParticipantId == person).Rank;
            Assert.Equal(expected.IndexOf(person) + 1, rank);
        }
    }

    [Theory]
    [InlineData("lb:x:m:w")]
    [InlineData("lb:p:m:W")]
    [InlineData("lb:p:m")]
    [InlineData("lb:p:m:w:1")]
    [InlineData("lb:u:q:a")]
    [InlineData("lb:p:m:w ")]
    [InlineData("lb")]
    public async Task Forged_board_buttons_change_nothing(string data)
    {
        using var host = Start();
        var cell = host.Scoped(db => db.Units.Single(u => u.Code == "P1-C1-CB1").Id);
        const long user = 55;
        var person = host.RegisterMember(user, cell, "Người Thử");
        await RecordAsync(host, person, host.Scoped(db => db.Questions.First().Id), Clock.GetUtcNow().UtcDateTime, correct: true);
        await SayAsync(host, user, "/leaderboard");
        var board = telegram.LastTo(user);
        var before = telegram.All(user).Count;

        Assert.Equal(Texts.Vi.ButtonClosed, await PressAsync(host, user, data, board.Id));
        Assert.Equal(before, telegram.All(user).Count);
    }

    [Fact]
    public async Task Someone_not_registered_is_asked_to_register()
    {
        using var host = Start();
        await SayAsync(host, 66, "/leaderboard");
        Assert.Contains("/start", telegram.LastTo(66).Html);
    }

    /// <summary>From scratch: every practice answer counted for its participant and their current unit's whole path.</summary>
    [Fact]
    public async Task A_database_with_answers_from_before_the_boards_gets_its_totals_on_start_once()
    {
        var random = new Random(7);
        Bank.Write("org-units.yaml", RandomTree(random, out var cells));
        var host = Start();
        var cellIds = host.Scoped(db => db.Units.Where(u => cells.Contains(u.Code)).Select(u => u.Id).ToList());
        var people = Enumerable.Range(1, 12).Select(i => host.RegisterMember(2000 + i, cellIds[random.Next(cellIds.Count)], $"Người {i}")).ToList();
        var roundId = AddRound(host, cellIds[0]);
        var question = host.Scoped(db => db.Questions.Select(q => q.Id).First());
        var from = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 80; i++)
        {
            await RecordAsync(host, people[random.Next(people.Count)], question, from.AddHours(random.Next(40 * 24)), random.Next(2) == 0, random.Next(5) == 0 ? roundId : null);
        }
        var expected = Recompute(host);
        // As an upgraded database stands: the answers, no totals.
        host.Scoped(db => db.ParticipantTotals.ExecuteDelete() + db.UnitTotals.ExecuteDelete());
        host.Dispose();

        for (var restart = 0; restart < 2; restart++)
        {
            using var again = Start();
            Assert.Equal(expected.People, again.Scoped(db => db.ParticipantTotals.AsEnumerable()
                .Select(t => (t.ParticipantId, t.Period, t.Start, t.UnitId, t.Answers, t.Correct)).OrderBy(t => t).ToList()));
            Assert.Equal(expected.Units, again.Scoped(db => db.UnitTotals.AsEnumerable()
                .Select(t => (t.UnitId, t.Period, t.Start, t.Participants, t.Answers, t.Correct)).OrderBy(t => t).ToList()));
        }
    }

    private static (List<(int, BoardPeriod, DateOnly, int?, int, int)> People, List<(int, BoardPeriod, DateOnly, int, int, int)> Units) Recompute(QuizBotHost host)
    {
        var answers = host.Scoped(db => db.Answers.Join(db.Attempts, a => a.AttemptId, s => s.Id, (a, s) => new { a.ParticipantId, a.AnsweredAt, a.IsCorrect, s.RoundId })
            .Where(a => a.RoundId == null).ToList());
        var unitOf = host.Scoped(db => db.Participants.ToDictionary(p => p.Id, p => p.UnitId));
        var parentOf = host.Scoped(db => db.Units.ToDictionary(u => u.Id, u => u.ParentId));
        IEnumerable<(BoardPeriod, DateOnly)> Periods(DateTime utc)
        {
            var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Vietnam));
            var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(ISOWeek.GetYear(local.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetWeekOfYear(local.ToDateTime(TimeOnly.MinValue)), DayOfWeek.Monday));
            return [(BoardPeriod.Week, monday), (BoardPeriod.Month, new DateOnly(local.Year, local.Month, 1)), (BoardPeriod.AllTime, DateOnly.MinValue)];
        }
        var people = answers.SelectMany(a => Periods(a.AnsweredAt).Select(p => (a.ParticipantId, p.Item1, p.Item2, a.IsCorrect)))
            .GroupBy(x => (x.ParticipantId, x.Item2, x.Item3))
            .Select(g => (g.Key.ParticipantId, g.Key.Item2, g.Key.Item3, unitOf[g.Key.ParticipantId], g.Count(), g.Count(x => x.IsCorrect)))
            .OrderBy(t => t).ToList();
        IEnumerable<int> Path(int? unit)
        {
            for (var at = unit; at is { } id; at = parentOf[id]) yield return id;
        }
        var units = people.SelectMany(p => Path(p.Item4).Select(u => (Unit: u, Period: p.Item2, Start: p.Item3, Answers: p.Item5, Correct: p.Item6)))
            .GroupBy(x => (x.Unit, x.Period, x.Start))
            .Select(g => (g.Key.Unit, g.Key.Period, g.Key.Start, g.Count(), g.Sum(x => x.Answers), g.Sum(x => x.Correct)))
            .OrderBy(t => t).ToList();
        return (people, units);
    }

    /// <summary>Provinces, communes (some with a former-district label), sometimes a base organisation, and cells.</summary>
    private static string RandomTree(Random random, out List<string> cells)
    {
        cells = [];
        var yaml = new StringBuilder("units:\n");
        for (var p = 1; p <= 2; p++)
        {
            yaml.Append($"  - code: P{p}\n    name: Tỉnh {p}\n    kind: province\n    children:\n");
            for (var c = 1; c <= random.Next(2, 4); c++)
            {
                yaml.Append($"      - code: P{p}-C{c}\n        name: Xã {p}.{c}\n        kind: commune\n");
                if (random.Next(2) == 0) yaml.Append($"        former_district: Huyện {p}.{c % 2}\n");
                yaml.Append("        children:\n");
                var indent = "        ";
                if (random.Next(3) == 0)
                {
                    yaml.Append($"          - code: P{p}-C{c}-B\n            name: Đảng bộ cơ sở {p}.{c}\n            kind: base\n            children:\n");
                    indent = "            ";
                }
                for (var k = 1; k <= random.Next(1, 4); k++)
                {
                    var code = $"P{p}-C{c}-CB{k}";
                    cells.Add(code);
                    yaml.Append($"{indent}  - code: {code}\n{indent}    name: Chi bộ {code}\n{indent}    kind: cell\n");
                }
            }
        }
        return yaml.ToString();
    }


    private int AddRound(QuizBotHost host, int unitId)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var round = new Round
        {
            Code = "VONG1", Title = "Vòng 1", ScopeUnitId = unitId, Mode = RoundMode.SelfPaced, Blueprint = "charter:1", QuestionIds = [],
            TieBreaks = "score", PrizeTiers = "1,0,0,0", Status = RoundStatus.Open, CreatedAt = Clock.GetUtcNow().UtcDateTime,
            // Open through the test, restarts included (a round past its close is closed on start, and then counts).
            OpensAt = Clock.GetUtcNow().UtcDateTime, ClosesAt = Clock.GetUtcNow().UtcDateTime.AddDays(30),
        };
        db.Rounds.Add(round);
        db.SaveChanges();
        return round.Id;
    }

    /// <summary>One answer through the real answer log: a one-question attempt of its own, then the log's group commit.</summary>
    private static async Task RecordAsync(QuizBotHost host, int participant, int question, DateTime at, bool correct, int? roundId = null)
    {
        var attempt = new Attempt
        {
            ParticipantId = participant, Transport = Transport.Telegram, ChatId = 1, QuestionIds = [question], Status = AttemptStatus.Active,
            StartedAt = at, SecondsPerQuestion = 60, RoundId = roundId, Number = roundId is null ? 1 : Interlocked.Increment(ref roundAttempts),
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
        var rating = roundId is null ? QuizBot.Learning.Rating.Good : (QuizBot.Learning.Rating?)null;
        Assert.True(await host.Services.GetRequiredService<AnswerLog>().RecordAsync(answer, "q", rating, AttemptStatus.Finished, CancellationToken.None));
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
}
