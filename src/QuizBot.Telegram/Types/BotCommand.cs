namespace QuizBot.Telegram.Types;

public class BotCommand
{
    /// <summary>Without the slash: 1-32 characters of a-z, 0-9 and _.</summary>
    public string Command { get; init; } = null!;

    public string Description { get; init; } = null!;
}

/// <summary>Which chats a command list applies to.</summary>
public class BotCommandScope
{
    public string Type { get; init; } = null!;

    /// <summary>Only for the "chat" scope.</summary>
    public long? ChatId { get; init; }

    public static BotCommandScope Default() => new() { Type = "default" };

    public static BotCommandScope AllPrivateChats() => new() { Type = "all_private_chats" };

    public static BotCommandScope AllGroupChats() => new() { Type = "all_group_chats" };

    public static BotCommandScope Chat(long chatId) => new() { Type = "chat", ChatId = chatId };
}
