using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace QuizBot.LoadTests.FakeTelegram;

/// <summary>
/// Bot API JSON written by hand, field by field as Telegram sends it, so the harness does not share (and hide a
/// bug in) the service's own serialiser.
/// </summary>
public static class UpdateJson
{
    public const long BotId = 7_000_000_001;
    public const string BotUsername = "quizbot_load_bot";

    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Relaxed)) write(json);
        return buffer.WrittenSpan.ToArray();
    }

    public static long UnixNow => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A private message from a user; a leading /command gets its bot_command entity.</summary>
    public static byte[] TextMessage(int updateId, long userId, int messageId, string text) => TextMessage(updateId, userId, userId, messageId, text);

    /// <summary>A message from a user in chat <paramref name="chatId"/>: their private chat, or a group (a negative id).</summary>
    public static byte[] TextMessage(int updateId, long userId, long chatId, int messageId, string text) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("update_id", updateId);
        json.WritePropertyName("message");
        json.WriteStartObject();
        json.WriteNumber("message_id", messageId);
        json.WritePropertyName("from");
        WriteUser(json, userId);
        json.WritePropertyName("chat");
        WriteChat(json, chatId);
        json.WriteNumber("date", UnixNow);
        json.WriteString("text", text);
        if (text.StartsWith('/'))
        {
            var end = text.IndexOfAny([' ', '\n']);
            json.WriteStartArray("entities");
            json.WriteStartObject();
            json.WriteString("type", "bot_command");
            json.WriteNumber("offset", 0);
            json.WriteNumber("length", end < 0 ? text.Length : end);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    });

    /// <summary>A press on a button of the bot's message <paramref name="messageId"/> in the user's private chat.</summary>
    public static byte[] CallbackQuery(int updateId, string callbackId, long userId, int messageId, string data) =>
        CallbackQuery(updateId, callbackId, userId, userId, messageId, data);

    /// <summary>A press on a button of the bot's message <paramref name="messageId"/> in chat <paramref name="chatId"/>
    /// (a group's, when negative: every member presses the same message).</summary>
    public static byte[] CallbackQuery(int updateId, string callbackId, long userId, long chatId, int messageId, string data) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("update_id", updateId);
        json.WritePropertyName("callback_query");
        json.WriteStartObject();
        json.WriteString("id", callbackId);
        json.WritePropertyName("from");
        WriteUser(json, userId);
        json.WritePropertyName("message");
        json.WriteStartObject();
        json.WriteNumber("message_id", messageId);
        json.WritePropertyName("from");
        WriteBot(json);
        json.WritePropertyName("chat");
        WriteChat(json, chatId);
        json.WriteNumber("date", UnixNow);
        json.WriteEndObject();
        json.WriteString("chat_instance", $"ci{chatId}");
        json.WriteString("data", data);
        json.WriteEndObject();
        json.WriteEndObject();
    });

    /// <summary>The Message that sendMessage and editMessageText return.</summary>
    public static byte[] MessageResult(long chatId, int messageId, string text) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteBoolean("ok", true);
        json.WritePropertyName("result");
        json.WriteStartObject();
        json.WriteNumber("message_id", messageId);
        json.WritePropertyName("from");
        WriteBot(json);
        json.WritePropertyName("chat");
        WriteChat(json, chatId);
        json.WriteNumber("date", UnixNow);
        json.WriteString("text", text);
        json.WriteEndObject();
        json.WriteEndObject();
    });

    /// <summary>getChatMember's answer: an administrator (with no rights beyond that) or a plain member.</summary>
    public static byte[] ChatMember(long userId, bool administrator) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteBoolean("ok", true);
        json.WritePropertyName("result");
        json.WriteStartObject();
        json.WriteString("status", administrator ? "administrator" : "member");
        json.WritePropertyName("user");
        WriteUser(json, userId);
        if (administrator)
        {
            foreach (var right in AdministratorRights) json.WriteBoolean(right, false);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    });

    /// <summary>The rights every ChatMemberAdministrator carries.</summary>
    private static readonly string[] AdministratorRights =
    [
        "can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
        "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories",
    ];

    public static byte[] Me() => Write(json =>
    {
        json.WriteStartObject();
        json.WriteBoolean("ok", true);
        json.WritePropertyName("result");
        WriteBot(json);
        json.WriteEndObject();
    });

    public static readonly byte[] True = "{\"ok\":true,\"result\":true}"u8.ToArray();

    public static byte[] Error(int code, string description, int? retryAfter = null) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteBoolean("ok", false);
        json.WriteNumber("error_code", code);
        json.WriteString("description", description);
        if (retryAfter is { } seconds)
        {
            json.WritePropertyName("parameters");
            json.WriteStartObject();
            json.WriteNumber("retry_after", seconds);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    });

    private static void WriteUser(Utf8JsonWriter json, long userId)
    {
        json.WriteStartObject();
        json.WriteNumber("id", userId);
        json.WriteBoolean("is_bot", false);
        json.WriteString("first_name", "Bí thư");
        json.WriteString("last_name", userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("language_code", "vi");
        json.WriteEndObject();
    }

    private static void WriteBot(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("id", BotId);
        json.WriteBoolean("is_bot", true);
        json.WriteString("first_name", "QuizBot");
        json.WriteString("username", BotUsername);
        json.WriteEndObject();
    }

    /// <summary>A private chat, or for a negative id a supergroup.</summary>
    private static void WriteChat(Utf8JsonWriter json, long chatId)
    {
        if (chatId > 0)
        {
            WritePrivateChat(json, chatId);
            return;
        }
        json.WriteStartObject();
        json.WriteNumber("id", chatId);
        json.WriteString("type", "supergroup");
        json.WriteString("title", "Chi bộ thi tải");
        json.WriteEndObject();
    }

    private static void WritePrivateChat(Utf8JsonWriter json, long userId)
    {
        json.WriteStartObject();
        json.WriteNumber("id", userId);
        json.WriteString("type", "private");
        json.WriteString("first_name", "Bí thư");
        json.WriteEndObject();
    }
}
