using QuizBot.EndToEnd.Support;

namespace QuizBot.EndToEnd;

/// <summary>Test C: what a careless or malicious user sends gets a short reply or toast and changes nothing.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BadInputTests(TestDatabases databases)
{
    private const string ButtonClosed = "Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.";

    [Fact]
    public async Task Garbage_unknown_commands_forged_and_stale_buttons_change_nothing()
    {
        await using var bot = await TelegramHarness.StartAsync(databases);
        var user = new TelegramUser(5003, "Dung", "Phạm Thị");
        var secretary = bot.Secretary(user);
        await secretary.RegisterAsync();
        var first = await secretary.StartPracticeAsync(3);
        var session = TelegramSecretary.SessionOf(first);

        await ExpectOnlyReplyAsync(secretary, "garbage text", () => bot.Client.SendMessageAsync(user, "asdf qwerty 123 ???"),
            "Mình chỉ hiểu các lệnh");
        await ExpectOnlyReplyAsync(secretary, "an unknown command", () => bot.Client.SendCommandAsync(user, "/khongcolenh abc"),
            "Không có lệnh /khongcolenh");

        string[] forged = ["a:999:0:0", "zzz", $"a:{session}:2:0", $"a:{session}:0:9", $"a:{session}:00:0", "u:1:2"];
        foreach (var data in forged)
        {
            var toast = await ExpectOnlyToastAsync(secretary, $"the forged callback '{data}'",
                () => bot.Client.SendCallbackAsync(user, first.MessageId, data));
            Assert.Equal(ButtonClosed, toast);
        }

        // The forged presses left the question open.
        var one = await secretary.AnswerAsync(first, right: true);
        Assert.True(one.Correct);

        foreach (var button in first.Buttons)
        {
            var toast = await ExpectOnlyToastAsync(secretary, $"the stale button '{button.Text}' of question 1",
                () => bot.Client.PressAsync(user, first, button));
            Assert.Equal(ButtonClosed, toast);
        }

        // A double tap on question 2 (right, then wrong, before the bot reacts): the first press counts, the second bounces.
        var second = one.Next;
        var rightTap = await bot.Client.PressAsync(user, second, second.Button(TestBank.AnswerLabel(second.Text, right: true)));
        var wrongTap = await bot.Client.PressAsync(user, second, second.Button(TestBank.AnswerLabel(second.Text, right: false)));
        var secondResult = await bot.Client.WaitForEditAsync(user.ChatId, second.MessageId, "the result of question 2",
            m => m.Text.Contains('✅') || m.Text.Contains('❌'));
        Assert.Contains('✅', secondResult.Text);
        var third = await secretary.WaitForQuestionAsync(3, 3, second.MessageId);
        Assert.Equal("✅ Chính xác!", (await bot.Client.WaitForCallbackAnswerAsync(rightTap)).Text);
        Assert.Equal(ButtonClosed, (await bot.Client.WaitForCallbackAnswerAsync(wrongTap)).Text);

        var three = await secretary.AnswerAsync(third, right: false);
        Assert.False(three.Correct);
        Assert.Contains("Điểm: <b>2/3</b>", three.Next.Text);
        var messages = (await bot.Client.GetHistoryAsync()).To(user.ChatId);
        Assert.Equal([1, 2, 3], messages.Where(TelegramSecretary.IsQuestion).Select(m => TelegramSecretary.Position(m).Number));
        var answers = await bot.Client.GetCallbackAnswersAsync();
        Assert.All(answers, a => Assert.True((a.Text?.Length ?? 0) <= 200, $"toast over 200 characters: {a.Text}"));
        TelegramLimits.AssertRespected(bot.Client.SeenBotMessages.Concat(messages));
    }

    /// <summary>A text that must get exactly one short reply containing <paramref name="reply"/>, and change nothing else.</summary>
    private static Task ExpectOnlyReplyAsync(TelegramSecretary secretary, string what, Func<Task> send, string reply) =>
        ExpectOnlyAsync(secretary, what, send, reply);

    /// <summary>A button press that must get no message and change nothing; returns its toast.</summary>
    private static async Task<string?> ExpectOnlyToastAsync(TelegramSecretary secretary, string what, Func<Task<string>> press)
    {
        string? callbackId = null;
        await ExpectOnlyAsync(secretary, what, async () => callbackId = await press(), reply: null);
        return (await secretary.Emulator.WaitForCallbackAnswerAsync(callbackId!)).Text;
    }

    /// <summary>
    /// Does <paramref name="act"/>, then sends /help as a barrier: the bot handles a chat's updates in order, so
    /// once /help is answered the input before it has been handled. Between the two the bot may send only
    /// <paramref name="reply"/> (a short message containing it), and no earlier message may change.
    /// </summary>
    private static async Task ExpectOnlyAsync(TelegramSecretary secretary, string what, Func<Task> act, string? reply)
    {
        var emulator = secretary.Emulator;
        var before = (await emulator.GetHistoryAsync()).To(secretary.ChatId);
        var lastBefore = before.Max(m => m.MessageId);

        await act();
        await emulator.SendCommandAsync(secretary.User, "/help");
        var help = await emulator.WaitForMessageAsync(secretary.ChatId, $"the /help reply after {what}",
            m => m.Text.Contains("Các lệnh:", StringComparison.Ordinal), lastBefore);

        var after = (await emulator.GetHistoryAsync()).To(secretary.ChatId);
        var added = after.Where(m => m.MessageId > lastBefore && m.MessageId != help.MessageId).ToList();
        if (reply is null)
        {
            Assert.True(added.Count == 0, $"The bot answered {what} with messages:\n{string.Join('\n', added.Select(m => m.Describe()))}");
        }
        else
        {
            var answer = Assert.Single(added);
            Assert.Contains(reply, answer.Text);
            Assert.True(answer.Text.Length <= 200, $"The reply to {what} is not short:\n{answer.Describe()}");
            Assert.True(answer.MessageId < help.MessageId, $"The reply to {what} came after the /help sent later");
        }
        foreach (var old in before)
        {
            var now = after.Single(m => m.MessageId == old.MessageId);
            Assert.True(old.Fingerprint == now.Fingerprint, $"{what} changed message #{old.MessageId}:\nbefore {old.Describe()}\nafter  {now.Describe()}");
        }
    }
}
