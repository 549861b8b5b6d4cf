using QuizBot.EndToEnd.Support;

namespace QuizBot.EndToEnd;

/// <summary>Test B: the service is killed (-9) in the middle of a quiz and started again on the same database.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RestartTests(TestDatabases databases)
{
    [Fact]
    public async Task A_quiz_survives_a_kill_9_and_counts_each_answer_once()
    {
        await using var bot = await TelegramHarness.StartAsync(databases);
        var user = new TelegramUser(5002, "Cường", "Lê Văn");
        var secretary = bot.Secretary(user);
        await secretary.RegisterAsync();

        var first = await secretary.StartPracticeAsync(3);
        var session = TelegramSecretary.SessionOf(first);
        var one = await secretary.AnswerAsync(first, right: true);
        Assert.True(one.Correct);
        var second = one.Next;

        bot.Kill();
        Assert.Equal([new AnswerRow(session, 0, true)], await AnswerRows.ReadAsync(bot.Database));

        await bot.RestartAsync();
        // The buttons of a message sent before the restart.
        var two = await secretary.AnswerAsync(second, right: false);
        Assert.False(two.Correct);
        Assert.Equal(session, TelegramSecretary.SessionOf(two.Next));
        var three = await secretary.AnswerAsync(two.Next, right: true);
        Assert.True(three.Correct);

        Assert.Contains("Điểm: <b>2/3</b>", three.Next.Text);
        Assert.Equal(
            [new AnswerRow(session, 0, true), new AnswerRow(session, 1, false), new AnswerRow(session, 2, true)],
            await AnswerRows.ReadAsync(bot.Database));

        // Nothing was asked or summed up twice around the restart.
        var messages = (await bot.Client.GetHistoryAsync()).To(user.ChatId);
        var asked = messages.Where(TelegramSecretary.IsQuestion).Select(m => TelegramSecretary.Position(m).Number).ToList();
        Assert.Equal([1, 2, 3], asked);
        Assert.Single(messages, m => m.Text.Contains("Điểm:", StringComparison.Ordinal));
    }
}
