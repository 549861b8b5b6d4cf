using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using QuizBot.EndToEnd.Support;

namespace QuizBot.EndToEnd;

/// <summary>
/// Test B: a commune's contest round on Telegram, end to end: an admin grants the organizer role, the organizer
/// creates the round with the /newround form, 30 secretaries join (by command, deep link and invitation button),
/// answer and predict, forged presses change nothing, the organizer closes the round, and results, /results and
/// both exports agree on one ranking.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class ContestRoundTests(TestDatabases databases)
{
    private const string Code = "E2E30";
    private const string Title = "Vòng sơ khảo xã Kiểm Tra";
    private const int Questions = 5;
    private const int Contestants = 30;
    private const string Recorded = "Đã ghi nhận câu trả lời";
    private const string ButtonClosed = "Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.";
    private const string RoundClosed = "Vòng thi đã đóng: câu trả lời không được ghi nhận.";

    private static readonly TelegramUser Admin = new(9000, "Quản", "Trị");
    private static readonly TelegramUser Organizer = new(9001, "Tổ", "Chức");
    private static readonly TelegramUser Outsider = new(8001, "Người", "Xã Khác");

    private enum Entry { Command, DeepLink, Invitation }

    /// <summary>One contestant's plan: which answers are right, the prediction (null: never got that far), how they join.</summary>
    private sealed record Plan(TelegramUser User, string Cell, bool[] Right, int? Prediction, Entry Entry)
    {
        public int Score => Right.Count(r => r);
    }

    private sealed record RankRow(int Rank, string Name, int Score);

    [Fact]
    public async Task A_commune_round_ranks_thirty_contestants_by_score_then_prediction_and_the_results_and_exports_agree()
    {
        await using var bot = await TelegramHarness.StartAsync(databases, secondCommune: true, extra: new Dictionary<string, string>
        {
            ["Admins__TelegramUserIds__0"] = Admin.Id.ToString(CultureInfo.InvariantCulture),
            // 31 people registering and playing at once: Telegram's 1/s per chat would make this test take minutes.
            ["Telegram__MessagesPerSecond"] = "300",
            ["Telegram__MessagesPerSecondPerChat"] = "20",
        });
        var client = bot.Client;
        var plans = MakePlans();
        var late = plans[^1];

        // Everyone registers first: the invitation goes to the members on record when the round opens.
        await ForEachAsync(plans, 6, p => bot.Secretary(p.User).RegisterAsync(p.Cell));
        await bot.Secretary(Outsider).RegisterAsync(TestBank.OtherCell, TestBank.OtherCommune);

        // The organizer has written to the bot once; then the admin can grant them the commune.
        await client.SendCommandAsync(Organizer, "/start");
        await client.WaitForMessageAsync(Organizer.ChatId, "the organizer's welcome", m => m.Text.Contains("Chào mừng", StringComparison.Ordinal));
        await client.SendCommandAsync(Admin, $"/grant {Organizer.Id} organizer {TestBank.CommuneCode}");
        var granted = await client.WaitForMessageAsync(Admin.ChatId, "'Đã giao quyền'", m => m.Text.Contains("Đã giao quyền", StringComparison.Ordinal));
        Assert.Contains(TestBank.Commune, granted.Text);

        // The form, in Vietnam time: open since this minute, closing well after the test is done.
        var form = NewRoundForm.Of(Code, Title, Questions, prediction: "participants");
        var organizerLast = await bot.Secretary(Organizer).LastMessageIdAsync();
        await client.SendCommandAsync(Organizer, form);
        var draft = await client.WaitForMessageAsync(Organizer.ChatId, "the draft with '✅ Tạo vòng thi'",
            m => m.Buttons.Any(b => b.Text == "✅ Tạo vòng thi"), organizerLast);
        var shownDraft = Screens.Plain(draft.Text);
        Assert.True(shownDraft.Contains($"Vòng thi {Code}", StringComparison.Ordinal) && shownDraft.Contains($"({Questions} câu, 60 giây mỗi câu)", StringComparison.Ordinal),
            "The draft is:\n" + shownDraft);
        await client.PressAsync(Organizer, draft, draft.Button("✅ Tạo vòng thi"));
        var created = await client.WaitForEditAsync(Organizer.ChatId, draft.MessageId, "'Đã tạo vòng thi'",
            m => m.Text.Contains("Đã tạo vòng thi", StringComparison.Ordinal));
        Assert.Contains($"/join {Code}", Screens.Plain(created.Text));
        Assert.Contains($"r_{Code}", created.Text);

        // The invitation reaches every member of the commune, and nobody else.
        await bot.WaitForLogAsync($"Round {Code}: {Contestants} Invitation messages queued", TimeSpan.FromSeconds(20));
        var invitations = new Dictionary<long, BotMessage>();
        foreach (var plan in plans)
        {
            invitations[plan.User.Id] = await client.WaitForMessageAsync(plan.User.ChatId, "the invitation with '▶️ Vào thi'",
                m => m.Text.Contains("📣", StringComparison.Ordinal) && m.Buttons.Any(b => b.Text == "▶️ Vào thi"));
        }
        var history = await client.GetHistoryAsync();
        Assert.DoesNotContain(history.To(Outsider.ChatId), m => m.Text.Contains("📣", StringComparison.Ordinal));
        Assert.DoesNotContain(history.To(Organizer.ChatId), m => m.Text.Contains("📣", StringComparison.Ordinal));

        // Someone of another commune is turned away and gets no attempt.
        var outsiderLast = await bot.Secretary(Outsider).LastMessageIdAsync();
        await client.SendCommandAsync(Outsider, $"/join {Code}");
        await client.WaitForMessageAsync(Outsider.ChatId, "the outside-scope refusal",
            m => m.Text.Contains("chỉ dành cho đảng viên của đơn vị tổ chức", StringComparison.Ordinal), outsiderLast);
        Assert.Equal(0, await AttemptCountAsync(bot.Database, Outsider.Id));

        // The first two contestants play alone, so the forged presses below hit a known state.
        var attempts = new Dictionary<long, long>();
        var first = await JoinAsync(bot, plans[0], invitations);
        var second = await JoinAsync(bot, plans[1], invitations);
        attempts[plans[0].User.Id] = TelegramSecretary.SessionOf(first);
        attempts[plans[1].User.Id] = TelegramSecretary.SessionOf(second);
        var firstNext = await AnswerAsync(bot, plans[0], first, 0);

        var before = await AnswerRows.ReadAsync(bot.Database);
        var self = attempts[plans[0].User.Id];
        var other = attempts[plans[1].User.Id];
        string[] forged =
        [
            $"a:{other}:0:0", // another contestant's attempt, at the question it is on
            $"a:{self}:0:0", // a question already answered
            $"a:{self}:1:9", // an option the question does not have
        ];
        foreach (var data in forged)
        {
            var id = await client.SendCallbackAsync(plans[0].User, firstNext.MessageId, data);
            var toast = await client.WaitForCallbackAnswerAsync(id);
            Assert.True(toast.Text == ButtonClosed, $"the forged press '{data}' got the toast '{toast.Text}'");
        }
        Assert.Equal(before, await AnswerRows.ReadAsync(bot.Database));
        Assert.Single(before, r => r.AttemptId == self);
        Assert.DoesNotContain(before, r => r.AttemptId == other);

        // Then they finish, and everyone else but the last joins and plays, a few at a time.
        await FinishAsync(bot, plans[0], firstNext, 1);
        await FinishAsync(bot, plans[1], second, 0);
        await ForEachAsync(plans.Skip(2).SkipLast(1).ToList(), 6, async p =>
        {
            var question = await JoinAsync(bot, p, invitations);
            lock (attempts) attempts[p.User.Id] = TelegramSecretary.SessionOf(question);
            await FinishAsync(bot, p, question, 0);
        });

        // The last one answers two questions and is still on the third when the organizer closes the round.
        var lateQuestion = await JoinAsync(bot, late, invitations);
        attempts[late.User.Id] = TelegramSecretary.SessionOf(lateQuestion);
        for (var position = 0; position < 2; position++) lateQuestion = await AnswerAsync(bot, late, lateQuestion, position);
        Assert.Equal((3, Questions), TelegramSecretary.Position(lateQuestion));

        var answers = await AnswerRows.ReadAsync(bot.Database);
        foreach (var plan in plans)
        {
            var rows = answers.Where(r => r.AttemptId == attempts[plan.User.Id]).ToList();
            Assert.Equal(Enumerable.Range(0, plan.Right.Length), rows.Select(r => r.Position));
            Assert.Equal(plan.Right, rows.Select(r => r.IsCorrect));
        }

        organizerLast = await bot.Secretary(Organizer).LastMessageIdAsync();
        await client.SendCommandAsync(Organizer, $"/closeround {Code}");
        await client.WaitForMessageAsync(Organizer.ChatId, "'đã đóng: 30 người dự thi'",
            m => m.Text.Contains($"đã đóng: {Contestants} người dự thi", StringComparison.Ordinal), organizerLast);
        var posted = await client.WaitForMessageAsync(Organizer.ChatId, "the results message", m => m.Text.Contains("🏆", StringComparison.Ordinal), organizerLast);

        // A press after the close is refused as such, and records nothing.
        var latePress = await client.PressAsync(late.User, lateQuestion, lateQuestion.Button(TestBank.AnswerLabel(lateQuestion.Text, right: true)));
        Assert.Equal(RoundClosed, (await client.WaitForCallbackAnswerAsync(latePress)).Text);
        var afterClose = await AnswerRows.ReadAsync(bot.Database);
        Assert.Equal(2, afterClose.Count(r => r.AttemptId == attempts[late.User.Id]));
        Assert.Equal(answers, afterClose);

        // The ranking the plans call for: score, then |prediction − 30| (no prediction last); every key distinct.
        var expected = Expected(plans);
        Assert.Equal(plans[1].User.FullName, expected[0].Name);
        Assert.Equal(plans[0].User.FullName, expected[1].Name);

        // Each contestant hears their own score and place.
        foreach (var plan in plans)
        {
            var rank = expected.Single(r => r.Name == plan.User.FullName).Rank;
            var result = await client.WaitForMessageAsync(plan.User.ChatId, "the contestant's result", m => m.Text.Contains("🏁 Vòng thi", StringComparison.Ordinal));
            var shown = Screens.Plain(result.Text);
            Assert.Contains($"Bạn đúng {plan.Score}/{Questions} câu", shown);
            Assert.Contains($"xếp hạng {rank}/{Contestants}", shown);
        }

        var ranked = RankLines(posted.Text);
        Assert.Equal(expected.Take(20), ranked);
        Assert.Contains($"{Contestants} người dự thi", posted.Text);
        Assert.Contains("🥇 Giải Nhất: <b>" + plans[1].User.FullName + "</b>", posted.Text);
        Assert.Contains("🥈 Giải Nhì: <b>" + plans[0].User.FullName + "</b>", posted.Text);

        organizerLast = await bot.Secretary(Organizer).LastMessageIdAsync();
        await client.SendCommandAsync(Organizer, $"/results {Code}");
        var results = await client.WaitForMessageAsync(Organizer.ChatId, "the /results message", m => m.Text.Contains("🏆", StringComparison.Ordinal), organizerLast);
        Assert.Equal(posted.Text, results.Text);

        await client.SendCommandAsync(Organizer, $"/export {Code}");
        var xlsx = await client.WaitForFileAsync(Organizer.ChatId, "the .xlsx export", f => f.FileName == $"ket-qua-{Code}.xlsx");
        Assert.Equal("sendDocument", xlsx.Method);
        Assert.Equal(expected, SheetRows(xlsx.Bytes));

        await client.SendCommandAsync(Organizer, $"/export {Code} csv");
        var csv = await client.WaitForFileAsync(Organizer.ChatId, "the .csv export", f => f.FileName == $"ket-qua-{Code}.csv");
        Assert.Equal(expected, CsvRows(csv.Bytes));

        // The admin verb writes the very same file from the database, as an organizer on the server would.
        var exported = bot.Folder.Combine("export.csv");
        Assert.Equal(0, await ExportVerbAsync(bot, exported));
        Assert.Equal(csv.Bytes, await File.ReadAllBytesAsync(exported));

        history = await client.GetHistoryAsync();
        TelegramLimits.AssertRespected(client.SeenBotMessages.Concat(history.BotMessages));
    }

    /// <summary>
    /// 30 in the commune's two cells. Contestants 1 and 2 both get everything right; 1 answers first but predicts
    /// 45, 2 predicts the actual 30, so the prediction puts 2 first. The others' scores cycle through 0–5 and their
    /// predictions are far off and all different, so the ranking is the same on every run. The last answers two.
    /// </summary>
    private static List<Plan> MakePlans()
    {
        var plans = new List<Plan>();
        for (var i = 1; i <= Contestants; i++)
        {
            var user = new TelegramUser(7000 + i, $"Thí sinh {i:00}", "Nguyễn");
            var cell = i % 2 == 0 ? TestBank.SecondCell : TestBank.FirstCell;
            var entry = (Entry)(i % 3);
            var score = i <= 2 ? Questions : i % (Questions + 1);
            var right = Enumerable.Range(0, Questions).Select(k => (k + i) % Questions < score).ToArray();
            int? prediction = i switch { 1 => 45, 2 => Contestants, _ => Contestants + 100 + i };
            if (i == Contestants) (right, prediction) = ([true, true], null);
            plans.Add(new Plan(user, cell, right, prediction, entry));
        }
        return plans;
    }

    private static List<RankRow> Expected(IReadOnlyList<Plan> plans) =>
        plans.OrderByDescending(p => p.Score)
            .ThenBy(p => p.Prediction is { } n ? Math.Abs(n - Contestants) : int.MaxValue)
            .Select((p, i) => new RankRow(i + 1, p.User.FullName, p.Score))
            .ToList();

    /// <summary>The contestant joins their way and gets question 1.</summary>
    private static async Task<BotMessage> JoinAsync(TelegramHarness bot, Plan plan, IReadOnlyDictionary<long, BotMessage> invitations)
    {
        var client = bot.Client;
        var last = await bot.Secretary(plan.User).LastMessageIdAsync();
        switch (plan.Entry)
        {
            case Entry.Command: await client.SendCommandAsync(plan.User, $"/join {Code}"); break;
            case Entry.DeepLink: await client.SendCommandAsync(plan.User, $"/start r_{Code}"); break;
            case Entry.Invitation:
                var invitation = invitations[plan.User.Id];
                await client.PressAsync(plan.User, invitation, invitation.Button("▶️ Vào thi"));
                break;
        }
        await client.WaitForMessageAsync(plan.User.ChatId, "the round's opening line", m => m.Text.Contains("🏁", StringComparison.Ordinal), last);
        return await client.WaitForMessageAsync(plan.User.ChatId, $"question 1/{Questions}",
            m => m.Text.Contains($"Câu 1/{Questions}", StringComparison.Ordinal) && TelegramSecretary.IsAnswerable(m), last);
    }

    /// <summary>Answers the question at <paramref name="position"/> as planned; the same message becomes what comes next.</summary>
    private static async Task<BotMessage> AnswerAsync(TelegramHarness bot, Plan plan, BotMessage question, int position)
    {
        var client = bot.Client;
        Assert.Equal((position + 1, Questions), TelegramSecretary.Position(question));
        var press = await client.PressAsync(plan.User, question, question.Button(TestBank.AnswerLabel(question.Text, plan.Right[position])));
        var next = position + 1 < Questions
            ? await client.WaitForEditAsync(plan.User.ChatId, question.MessageId, $"question {position + 2}/{Questions}",
                m => m.Text.Contains($"Câu {position + 2}/{Questions}", StringComparison.Ordinal) && TelegramSecretary.IsAnswerable(m))
            : await client.WaitForEditAsync(plan.User.ChatId, question.MessageId, "the prediction question",
                m => m.Text.Contains("Câu dự đoán", StringComparison.Ordinal));
        Assert.Equal(Recorded, (await client.WaitForCallbackAnswerAsync(press)).Text);
        // Nothing of right or wrong shows before the close.
        Assert.DoesNotContain('✅', next.Text);
        Assert.DoesNotContain('❌', next.Text);
        return next;
    }

    /// <summary>Answers from <paramref name="position"/> to the end, then types the prediction.</summary>
    private static async Task FinishAsync(TelegramHarness bot, Plan plan, BotMessage question, int position)
    {
        for (; position < Questions; position++) question = await AnswerAsync(bot, plan, question, position);
        // The question message became the prediction prompt, and becomes the confirmation: no new message.
        await bot.Client.SendMessageAsync(plan.User, plan.Prediction!.Value.ToString(CultureInfo.InvariantCulture));
        await bot.Client.WaitForEditAsync(plan.User.ChatId, question.MessageId, "the prediction confirmed",
            m => m.Text.Contains($"Đã ghi nhận dự đoán {plan.Prediction}.", StringComparison.Ordinal));
    }

    /// <summary><c>quizbot export --round CODE --format csv --output FILE</c> against the service's database.</summary>
    private static async Task<int> ExportVerbAsync(TelegramHarness bot, string output)
    {
        var info = new System.Diagnostics.ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            WorkingDirectory = bot.Folder.Path,
        };
        foreach (var argument in new[] { Repository.ServiceAssembly, "export", "--round", Code, "--format", "csv", "--output", output }) info.ArgumentList.Add(argument);
        foreach (var (key, value) in bot.Database.Settings) info.Environment[key] = value;
        var log = new OutputLog();
        using var verb = ChildProcess.Start("quizbot export", info, log);
        var code = await verb.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(code == 0, log.Tail());
        return code;
    }

    private static async Task ForEachAsync<T>(IReadOnlyList<T> items, int parallel, Func<T, Task> action)
    {
        using var gate = new SemaphoreSlim(parallel);
        await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                await action(item);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static List<RankRow> RankLines(string html) =>
        RankLine().Matches(html)
            .Select(m => new RankRow(int.Parse(m.Groups["rank"].Value, CultureInfo.InvariantCulture), m.Groups["name"].Value,
                int.Parse(m.Groups["score"].Value, CultureInfo.InvariantCulture)))
            .ToList();

    private static List<RankRow> SheetRows(byte[] bytes)
    {
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet("Kết quả");
        Assert.Equal("Hạng", sheet.Cell(1, 1).GetString());
        Assert.Equal("Họ và tên", sheet.Cell(1, 2).GetString());
        Assert.Equal("Điểm", sheet.Cell(1, 4).GetString());
        return sheet.RowsUsed().Skip(1)
            .Select(r => new RankRow(r.Cell(1).GetValue<int>(), r.Cell(2).GetString(), r.Cell(4).GetValue<int>()))
            .ToList();
    }

    private static List<RankRow> CsvRows(byte[] bytes)
    {
        var text = new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF');
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("Hạng,Họ và tên,Đơn vị,Điểm", lines[0]);
        return lines.Skip(1).Select(line => line.Split(','))
            .Select(f => new RankRow(int.Parse(f[0], CultureInfo.InvariantCulture), f[1], (int)double.Parse(f[3], CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static async Task<long> AttemptCountAsync(TestDatabase database, long telegramUserId)
    {
        var (participants, attempts) = (await database.QueryAsync("""
            SELECT (SELECT COUNT(*) FROM "Participants" WHERE "ExternalId" = @id),
                   (SELECT COUNT(*) FROM "Attempts" a JOIN "Participants" p ON p."Id" = a."ParticipantId" WHERE p."ExternalId" = @id)
            """, r => (r.GetInt64(0), r.GetInt64(1)), ("@id", telegramUserId))).Single();
        // The participant must be on record, or "no attempt" would prove nothing.
        Assert.Equal(1, participants);
        return attempts;
    }

    [GeneratedRegex(@"^(?<rank>\d+)\. <b>(?<name>[^<]+)</b> — [^·]+ · (?<score>\d+)/5 · ", RegexOptions.Multiline)]
    private static partial Regex RankLine();
}
