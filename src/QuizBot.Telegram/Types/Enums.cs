using System.Text.Json.Serialization;

namespace QuizBot.Telegram.Types;

[JsonConverter(typeof(TelegramEnumConverter<ChatType>))]
public enum ChatType
{
    Unknown,
    Private,
    Group,
    Supergroup,
    Channel,
    Sender,
}

[JsonConverter(typeof(TelegramEnumConverter<ParseMode>))]
public enum ParseMode
{
    [JsonStringEnumMemberName("HTML")]
    Html,

    [JsonStringEnumMemberName("MarkdownV2")]
    MarkdownV2,
}

[JsonConverter(typeof(TelegramEnumConverter<UpdateType>))]
public enum UpdateType
{
    Unknown,
    Message,
    EditedMessage,
    CallbackQuery,
    PollAnswer,
    MyChatMember,
    ChatMember,
}
