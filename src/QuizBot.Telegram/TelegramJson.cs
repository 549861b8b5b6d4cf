using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using QuizBot.Telegram.Requests;
using QuizBot.Telegram.Types;

namespace QuizBot.Telegram;

/// <summary>
/// The Bot API's JSON conventions: snake_case names, nulls left out, enums as their wire strings (unknown ones
/// read as <c>Unknown</c>), dates as Unix seconds. Use it for webhook bodies too.
/// </summary>
public static class TelegramJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(TelegramJsonContext.Default.Options)
        {
            // Source-generated metadata for the known types; reflection for a request type added elsewhere.
            TypeInfoResolver = JsonTypeInfoResolver.Combine(TelegramJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.MakeReadOnly();
        return options;
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UnixDateTimeConverter)])]
[JsonSerializable(typeof(ApiResponse))]
[JsonSerializable(typeof(Update))]
[JsonSerializable(typeof(Update[]))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(GetMeRequest))]
[JsonSerializable(typeof(GetUpdatesRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(EditMessageTextRequest))]
[JsonSerializable(typeof(EditMessageReplyMarkupRequest))]
[JsonSerializable(typeof(AnswerCallbackQueryRequest))]
[JsonSerializable(typeof(DeleteMessageRequest))]
[JsonSerializable(typeof(SetMyCommandsRequest))]
[JsonSerializable(typeof(SetWebhookRequest))]
[JsonSerializable(typeof(DeleteWebhookRequest))]
internal sealed partial class TelegramJsonContext : JsonSerializerContext;
