using System.Text.Json.Serialization;

namespace QuizBot.Telegram.Types;

// Non-nullable members default to null! like Telegram.Bot's: the Bot API promises them, and failing a whole
// update because an emulator left one out would help nobody.

/// <summary>One incoming update; exactly one of its optional members is set.</summary>
public class Update
{
    public int UpdateId { get; init; }

    public Message? Message { get; init; }

    public Message? EditedMessage { get; init; }

    public CallbackQuery? CallbackQuery { get; init; }

    /// <summary>Which member is set; <see cref="UpdateType.Unknown"/> for kinds this library does not model.</summary>
    [JsonIgnore]
    public UpdateType Type => this switch
    {
        { Message: not null } => UpdateType.Message,
        { EditedMessage: not null } => UpdateType.EditedMessage,
        { CallbackQuery: not null } => UpdateType.CallbackQuery,
        _ => UpdateType.Unknown,
    };
}

public class Message
{
    public int MessageId { get; init; }

    public User? From { get; init; }

    public Chat Chat { get; init; } = null!;

    /// <summary>UTC.</summary>
    public DateTime Date { get; init; }

    public string? Text { get; init; }

    public MessageEntity[]? Entities { get; init; }

    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

public class User
{
    public long Id { get; init; }

    public bool IsBot { get; init; }

    public string FirstName { get; init; } = null!;

    public string? LastName { get; init; }

    public string? Username { get; init; }

    public string? LanguageCode { get; init; }
}

public class Chat
{
    public long Id { get; init; }

    public ChatType Type { get; init; }

    public string? Title { get; init; }

    public string? Username { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }
}

public class CallbackQuery
{
    public string Id { get; init; } = null!;

    public User From { get; init; } = null!;

    /// <summary>The message whose button was pressed; the emulator sends only its message_id and chat.</summary>
    public Message? Message { get; init; }

    public string? Data { get; init; }

    public string? ChatInstance { get; init; }
}

public class MessageEntity
{
    /// <summary>A string rather than an enum: Telegram adds entity types often, and "bot_command" is all we read.</summary>
    public string Type { get; init; } = null!;

    /// <summary>In UTF-16 code units, like .NET string indices.</summary>
    public int Offset { get; init; }

    public int Length { get; init; }
}
