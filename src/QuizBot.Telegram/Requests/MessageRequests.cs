using System.Text.Json.Serialization;
using QuizBot.Telegram.Types;

namespace QuizBot.Telegram.Requests;

/// <summary>Answers the sent Message; the emulator answers null.</summary>
public sealed record SendMessageRequest : IRequest<Message?>
{
    public SendMessageRequest(long chatId, string text)
    {
        ChatId = chatId;
        Text = text;
    }

    [JsonIgnore]
    public string MethodName => "sendMessage";

    public long ChatId { get; init; }

    /// <summary>1-4096 characters.</summary>
    public string Text { get; init => field = Guard.MessageText(value, nameof(Text)); }

    public ParseMode? ParseMode { get; init; }

    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

/// <summary>Answers the edited Message; the emulator answers null.</summary>
public sealed record EditMessageTextRequest : IRequest<Message?>
{
    public EditMessageTextRequest(long chatId, int messageId, string text)
    {
        ChatId = chatId;
        MessageId = messageId;
        Text = text;
    }

    [JsonIgnore]
    public string MethodName => "editMessageText";

    public long ChatId { get; init; }

    public int MessageId { get; init; }

    /// <summary>1-4096 characters.</summary>
    public string Text { get; init => field = Guard.MessageText(value, nameof(Text)); }

    public ParseMode? ParseMode { get; init; }

    /// <summary>Left out, the keyboard is removed.</summary>
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

/// <summary>Answers the edited Message; the emulator answers null.</summary>
public sealed record EditMessageReplyMarkupRequest(long ChatId, int MessageId) : IRequest<Message?>
{
    [JsonIgnore]
    public string MethodName => "editMessageReplyMarkup";

    /// <summary>Left out, the keyboard is removed.</summary>
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

public sealed record DeleteMessageRequest(long ChatId, int MessageId) : IRequest<bool>
{
    [JsonIgnore]
    public string MethodName => "deleteMessage";
}

/// <summary>Must be sent for every callback query, even without text, or the user's button keeps spinning.</summary>
public sealed record AnswerCallbackQueryRequest : IRequest<bool>
{
    public AnswerCallbackQueryRequest(string callbackQueryId)
    {
        CallbackQueryId = callbackQueryId;
    }

    [JsonIgnore]
    public string MethodName => "answerCallbackQuery";

    public string CallbackQueryId { get; init => field = value ?? throw new ArgumentNullException(nameof(CallbackQueryId)); }

    /// <summary>0-200 characters.</summary>
    public string? Text { get; init => field = Guard.CallbackAnswerText(value, nameof(Text)); }

    public bool ShowAlert { get; init; }
}

public sealed record SetMyCommandsRequest : IRequest<bool>
{
    public SetMyCommandsRequest(IEnumerable<BotCommand> commands)
    {
        Commands = commands;
    }

    [JsonIgnore]
    public string MethodName => "setMyCommands";

    /// <summary>At most 100; names 1-32 characters of a-z, 0-9 and _; descriptions 1-256 characters.</summary>
    public IEnumerable<BotCommand> Commands { get; init => field = Guard.Commands(value, nameof(Commands)); }

    public BotCommandScope? Scope { get; init; }

    public string? LanguageCode { get; init; }
}
