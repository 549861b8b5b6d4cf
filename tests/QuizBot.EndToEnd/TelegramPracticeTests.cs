using QuizBot.EndToEnd.Support;

namespace QuizBot.EndToEnd;

/// <summary>Test A: a secretary on Telegram registers and practises, entirely through the Bot API emulator.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class TelegramPracticeTests(TestDatabases databases)
{
    [Fact]
    public async Task Secretary_registers_by_the_unit_buttons_and_the_summary_scores_the_answers_the_results_showed_right()
    {
        await using var bot = await TelegramHarness.StartAsync(databases);
        var user = new TelegramUser(5001, "Bình", "Trần Thị");
        var secretary = bot.Secretary(user);

        var trail = await secretary.RegisterAsync(TestBank.SecondCell);

        Assert.Equal([TestBank.Province], trail.Welcome.Buttons.Select(b => b.Text));
        Assert.Equal([TestBank.Commune, "⬅️ Quay lại"], trail.Communes.Buttons.Select(b => b.Text));
        Assert.Equal("u:0", trail.Communes.Button("⬅️ Quay lại").CallbackData);
        Assert.Equal([TestBank.FirstCell, TestBank.SecondCell, "⬅️ Quay lại"], trail.Cells.Buttons.Select(b => b.Text));
        Assert.Equal(trail.Welcome.Button(TestBank.Province).CallbackData, trail.Cells.Button("⬅️ Quay lại").CallbackData);
        Assert.Equal(["n:ok", "n:edit", "u:0"], trail.Confirmation.Buttons.Select(b => b.CallbackData));
        var confirmation = Screens.Plain(trail.Confirmation.Text);
        Assert.Contains(user.FullName, confirmation);
        Assert.Contains($"{TestBank.Province} › {TestBank.Commune} › {TestBank.SecondCell}", confirmation);
        Assert.Contains(user.FullName, Screens.Plain(trail.Registered.Text));

        var question = await secretary.StartPracticeAsync(3);
        var session = TelegramSecretary.SessionOf(question);
        bool[] plan = [true, false, true];
        var outcomes = new List<AnswerOutcome>();
        foreach (var right in plan)
        {
            var outcome = await secretary.AnswerAsync(question, right);
            outcomes.Add(outcome);
            question = outcome.Next;
        }

        for (var i = 0; i < plan.Length; i++)
        {
            var (asked, result) = (outcomes[i].Question, outcomes[i].Result);
            var bankQuestion = TestBank.Identify(asked.Text);
            var shown = Screens.Plain(result.Text);
            Assert.Equal((i + 1, 3), TelegramSecretary.Position(asked));
            Assert.Equal(session, TelegramSecretary.SessionOf(asked));
            Assert.Equal(plan[i], outcomes[i].Correct);
            Assert.Equal(plan[i] ? "✅ Chính xác!" : "❌ Chưa đúng", outcomes[i].Toast.Text);
            if (!plan[i]) Assert.Contains($"Đáp án đúng: {TestBank.AnswerLabel(asked.Text, right: true)}.", shown);
            Assert.Contains(bankQuestion.Explanation, shown);
            Assert.Contains($"📖 Nguồn: {bankQuestion.Source}", shown);
        }
        Assert.Equal(3, outcomes.Select(o => TestBank.Identify(o.Question.Text).Id).Distinct().Count());

        var summary = outcomes[^1].Next;
        var shownRight = outcomes.Count(o => o.Correct);
        Assert.Equal(2, shownRight);
        Assert.Contains($"Điểm: <b>{shownRight}/3</b>", summary.Text);
        Assert.Equal((shownRight, 3), Screens.Score(summary.Text));

        var history = await bot.Client.GetHistoryAsync();
        TelegramLimits.AssertRespected(bot.Client.SeenBotMessages.Concat(history.BotMessages));

        // Telegram shows a spinner on a pressed button until the bot answers the query: every press, exactly once.
        var presses = history.Callbacks.Where(c => c.FromId == user.Id).ToList();
        Assert.Equal(4 + plan.Length, presses.Count);
        foreach (var press in presses) await bot.Client.WaitForCallbackAnswerAsync(press.CallbackQueryId);
        var answers = await bot.Client.GetCallbackAnswersAsync();
        Assert.All(presses, press => Assert.Single(answers, a => a.CallbackQueryId == press.CallbackQueryId));
        Assert.All(answers, a => Assert.True((a.Text?.Length ?? 0) <= 200, $"toast over 200 characters: {a.Text}"));

        // The "/" menu went out through setMyCommands, which the emulator checks as Telegram does.
        var menus = await bot.Client.GetMyCommandsAsync();
        Assert.Contains(menus, m => m.Scope == "all_private_chats" && m.LanguageCode == "" && m.Commands.Contains("practice"));
        Assert.Contains(menus, m => m.Scope == "all_private_chats" && m.LanguageCode == "en" && m.Commands.Contains("practice"));
    }
}
