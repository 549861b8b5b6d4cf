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

/// <summary>A group chat on the emulator's user side: a negative id (from -10¹² down, a supergroup's).</summary>
internal sealed record TelegramGroup(long Id, string Title)
{
    public string Type => Id <= -1_000_000_000_000 ? "supergroup" : "group";
}

/// <summary>One member's press of a button on one of the bot's messages in a group.</summary>
internal sealed record GroupPress(TelegramGroup Group, TelegramUser User, int MessageId, string Data);

/// <summary>What getChatMember answers for a user, by its <c>status</c>.</summary>
internal enum MemberStatus
{
    Creator,
    Administrator,
    Member,
    Restricted,
    Left,
    Kicked,
}

/// <summary>A user's standing in a chat, for the bot's getChatMember and getChatAdministrators.</summary>
/// <param name="Rights">can_… flags by their Bot API names (can_edit_messages, can_delete_messages, …); the rest are false.</param>
internal sealed record ChatMemberSetting(long ChatId, TelegramUser User, MemberStatus Status,
    IReadOnlyDictionary<string, bool>? Rights = null, string? CustomTitle = null);

/// <summary>A file the bot sent (sendDocument or sendPhoto), as emulator/server.js recorded it.</summary>
/// <param name="Method">sendDocument or sendPhoto.</param>
/// <param name="FileId">The document's file_id, or the file_id of the photo's largest size.</param>
/// <param name="Caption">As the bot sent it (HTML tags and all, like <see cref="BotMessage.Text"/>); null without one.</param>
/// <param name="Bytes">What the bot uploaded, byte for byte.</param>
internal sealed record SentFile(long ChatId, string Method, string FileId, string FileUniqueId, string? FileName, string MimeType,
    string? Caption, byte[] Bytes, int MessageId, DateTimeOffset Date);

/// <summary>One Bot API call the bot made (getUpdates aside), as emulator/server.js recorded it.</summary>
/// <param name="Method">As the bot spelt it (sendMessage).</param>
/// <param name="Params">As they arrived: strings from a form, typed values from JSON; an upload as {file_name, size}.</param>
internal sealed record BotCall(string Method, System.Text.Json.Nodes.JsonObject Params, DateTimeOffset Time)
{
    /// <summary>allow_paid_broadcast as the bot passed it; null when it left it out.</summary>
    public bool? AllowPaidBroadcast => Params["allow_paid_broadcast"] switch
    {
        null => null,
        System.Text.Json.Nodes.JsonValue v when v.TryGetValue<bool>(out var flag) => flag,
        var v => string.Equals(v.ToString(), "true", StringComparison.OrdinalIgnoreCase),
    };
}
