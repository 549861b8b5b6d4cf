using System.Globalization;
using System.Text.RegularExpressions;

namespace QuizBot.EndToEnd.Support;

/// <summary>The messages registration went through, level by level (each one the same message, edited).</summary>
internal sealed record RegistrationTrail(BotMessage Welcome, BotMessage Communes, BotMessage Cells, BotMessage Confirmation, BotMessage Registered);

/// <param name="Question">The question message as it was asked, with its buttons.</param>
/// <param name="Result">The same message after the answer: ✅ or ❌, the right answer, explanation and source.</param>
/// <param name="Next">The next question, or the summary after the last one.</param>
internal sealed record AnswerOutcome(BotMessage Question, BotMessage Result, bool Correct, CallbackAnswer Toast, BotMessage Next);

/// <summary>
/// A cell secretary using QuizBot on Telegram: each step presses the buttons the bot actually sent and waits for
/// the bot's reaction, so a test reads like the conversation.
/// </summary>
internal sealed partial class TelegramSecretary(EmulatorClient emulator, TelegramUser user)
{
    public TelegramUser User => user;

    public long ChatId => user.ChatId;

    public EmulatorClient Emulator => emulator;

    /// <summary>The newest message id in this chat so far (0 when none), to wait for what comes after it.</summary>
    public async Task<int> LastMessageIdAsync() =>
        (await emulator.GetHistoryAsync()).To(ChatId).Select(m => m.MessageId).DefaultIfEmpty(0).Max();

    /// <summary>/start, then down the unit tree to <paramref name="cell"/>, then the name Telegram gave is confirmed.</summary>
    public async Task<RegistrationTrail> RegisterAsync(string cell = TestBank.FirstCell, string commune = TestBank.Commune)
    {
        var after = await LastMessageIdAsync();
        await emulator.SendCommandAsync(user, "/start");
        var welcome = await emulator.WaitForMessageAsync(ChatId, "the welcome with the province buttons",
            m => m.Text.Contains("Chào mừng", StringComparison.Ordinal) && m.Buttons.Any(b => b.CallbackData.StartsWith("u:", StringComparison.Ordinal)), after);

        await emulator.PressAsync(user, welcome, welcome.Button(TestBank.Province));
        var communes = await emulator.WaitForEditAsync(ChatId, welcome.MessageId, "the communes of the province",
            m => m.Buttons.Any(b => b.Text == commune));

        await emulator.PressAsync(user, communes, communes.Button(commune));
        var cells = await emulator.WaitForEditAsync(ChatId, welcome.MessageId, "the cells of the commune",
            m => m.Buttons.Any(b => b.Text == cell));

        await emulator.PressAsync(user, cells, cells.Button(cell));
        var confirmation = await emulator.WaitForEditAsync(ChatId, welcome.MessageId, "the name confirmation (n:ok)",
            m => m.Buttons.Any(b => b.CallbackData == "n:ok"));

        await emulator.PressAsync(user, confirmation, confirmation.Buttons.Single(b => b.CallbackData == "n:ok"));
        var registered = await emulator.WaitForEditAsync(ChatId, welcome.MessageId, "'Đăng ký xong'",
            m => m.Text.Contains("Đăng ký xong", StringComparison.Ordinal));
        return new RegistrationTrail(welcome, communes, cells, confirmation, registered);
    }

    /// <summary>/practice n; returns the first question.</summary>
    public async Task<BotMessage> StartPracticeAsync(int count)
    {
        var after = await LastMessageIdAsync();
        await emulator.SendCommandAsync(user, $"/practice {count}");
        var start = await emulator.WaitForMessageAsync(ChatId, "the practice start message", m => m.Text.Contains("Bắt đầu luyện tập", StringComparison.Ordinal), after);
        return await WaitForQuestionAsync(1, count, start.MessageId);
    }

    /// <summary>The message asking question <paramref name="number"/> of <paramref name="count"/>, with its answer buttons.</summary>
    public Task<BotMessage> WaitForQuestionAsync(int number, int count, int afterMessageId) =>
        emulator.WaitForMessageAsync(ChatId, $"question {number}/{count} with answer buttons",
            m => m.Text.Contains($"Câu {number}/{count}", StringComparison.Ordinal) && IsAnswerable(m), afterMessageId);

    /// <summary>Presses the right (or a wrong) answer of a question and waits for the result and what follows it.</summary>
    public async Task<AnswerOutcome> AnswerAsync(BotMessage question, bool right)
    {
        var (number, count) = Position(question);
        var button = question.Button(TestBank.AnswerLabel(question.Text, right));
        var callbackId = await emulator.PressAsync(user, question, button);
        var result = await emulator.WaitForEditAsync(ChatId, question.MessageId, "the result of the answer (✅ or ❌)",
            m => m.Text.Contains('✅') || m.Text.Contains('❌'));
        var next = number < count
            ? await WaitForQuestionAsync(number + 1, count, question.MessageId)
            : await emulator.WaitForMessageAsync(ChatId, "the summary with 'Điểm:'", m => m.Text.Contains("Điểm:", StringComparison.Ordinal), question.MessageId);
        var toast = await emulator.WaitForCallbackAnswerAsync(callbackId);
        return new AnswerOutcome(question, result, result.Text.Contains('✅'), toast, next);
    }

    public static bool IsAnswerable(BotMessage message) => message.Buttons.Any(b => b.CallbackData.StartsWith("a:", StringComparison.Ordinal));

    /// <summary>A question message, asked or already answered ("Câu i/n" heads both).</summary>
    public static bool IsQuestion(BotMessage message) => QuestionHeader().IsMatch(message.Text);

    /// <summary>"Câu 2/3" → (2, 3).</summary>
    public static (int Number, int Count) Position(BotMessage question)
    {
        var match = QuestionHeader().Match(question.Text);
        if (!match.Success) throw new InvalidOperationException($"Not a question message:\n{question.Describe()}");
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The session id in a question's answer buttons ("a:session:position:option").</summary>
    public static long SessionOf(BotMessage question) =>
        long.Parse(question.Buttons.First(b => b.CallbackData.StartsWith("a:", StringComparison.Ordinal)).CallbackData.Split(':')[1], CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Câu (\d+)/(\d+)")]
    private static partial Regex QuestionHeader();
}
