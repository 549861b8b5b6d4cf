using System.Text;

namespace QuizBot.EndToEnd.Support;

/// <summary>A Telegram user on the emulator's user side; their private chat has their id.</summary>
internal sealed record TelegramUser(long Id, string FirstName, string? LastName = null)
{
    public long ChatId => Id;

    /// <summary>How QuizBot names a Telegram user: first and last name.</summary>
    public string FullName => LastName is null ? FirstName : $"{FirstName} {LastName}";
}

internal sealed record InlineButton(string Text, string CallbackData);

/// <summary>One message the bot sent, as the emulator holds it now (edits overwrite it in place).</summary>
internal sealed record BotMessage(int MessageId, long ChatId, string Text, IReadOnlyList<IReadOnlyList<InlineButton>> Keyboard)
{
    public IEnumerable<InlineButton> Buttons => Keyboard.SelectMany(row => row);

    /// <summary>Text and buttons, to tell whether a message changed.</summary>
    public string Fingerprint =>
        Text + "\u0001" + string.Join("\u0002", Keyboard.Select(row => string.Join("\u0003", row.Select(b => b.Text + "\u0004" + b.CallbackData))));

    public InlineButton Button(string text) =>
        Buttons.FirstOrDefault(b => b.Text == text)
        ?? throw new InvalidOperationException($"Message {MessageId} has no button '{text}'. It is:\n{Describe()}");

    public string Describe()
    {
        var text = new StringBuilder($"#{MessageId}: ").Append(Text.Replace("\n", " ⏎ ", StringComparison.Ordinal));
        if (text.Length > 400) text.Length = 400;
        foreach (var row in Keyboard)
        {
            text.Append("\n      [").Append(string.Join("] [", row.Select(b => $"{b.Text} → {b.CallbackData}"))).Append(']');
        }
        return text.ToString();
    }
}

/// <summary>A button press the user made, with the callback query id the emulator gave it.</summary>
internal sealed record UserCallback(string CallbackQueryId, long FromId, int MessageId, string Data);

/// <summary>The bot's answerCallbackQuery, as emulator/server.js recorded it. Text null: no toast.</summary>
internal sealed record CallbackAnswer(string CallbackQueryId, string? Text);

internal sealed record EmulatorHistory(IReadOnlyList<BotMessage> BotMessages, IReadOnlyList<UserCallback> Callbacks)
{
    public IReadOnlyList<BotMessage> To(long chatId) => BotMessages.Where(m => m.ChatId == chatId).ToList();
}

/// <summary>One setMyCommands call: the menu for a scope (all_private_chats, …) and a language ("" is the default).</summary>
internal sealed record MenuCall(string Scope, string LanguageCode, IReadOnlyList<string> Commands);
