using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuizBot.Telegram;

/// <summary>
/// Unix time. Telegram sends seconds; telegram-test-api sends JavaScript milliseconds, which no real date in
/// seconds reaches before the year 5138.
/// </summary>
internal sealed class UnixDateTimeConverter : JsonConverter<DateTime>
{
    internal const long MillisecondsThreshold = 100_000_000_000;

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"Expected a Unix time number, got {reader.TokenType}.");
        }

        var value = reader.TryGetInt64(out var whole) ? whole : (long)reader.GetDouble();
        try
        {
            var instant = value > MillisecondsThreshold
                ? DateTimeOffset.FromUnixTimeMilliseconds(value)
                : DateTimeOffset.FromUnixTimeSeconds(value);
            return instant.UtcDateTime;
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new JsonException($"Unix time {value} is out of range.");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        // Unspecified is taken as UTC: the service stores UTC everywhere.
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        writer.WriteNumberValue(new DateTimeOffset(utc).ToUnixTimeSeconds());
    }
}

/// <summary>
/// Enum members as Bot API strings: <see cref="JsonStringEnumMemberNameAttribute"/> if present, else snake_case.
/// Telegram adds values over time, so an unknown string reads as the member named Unknown instead of failing
/// the whole update.
/// </summary>
internal sealed class TelegramEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> WireNames = typeof(TEnum)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(
            field => (TEnum)field.GetValue(null)!,
            field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(field.Name));

    private static readonly Dictionary<string, TEnum> Values =
        WireNames.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.OrdinalIgnoreCase);

    private static readonly TEnum? Unknown = Enum.TryParse<TEnum>("Unknown", out var unknown) ? unknown : null;

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var wire = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (wire is not null && Values.TryGetValue(wire, out var value))
        {
            return value;
        }

        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
        {
            throw new JsonException($"Expected a {typeof(TEnum).Name} string, got {reader.TokenType}.");
        }

        return Unknown ?? throw new JsonException($"Unknown {typeof(TEnum).Name} value.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        if (!WireNames.TryGetValue(value, out var wire))
        {
            throw new JsonException($"{typeof(TEnum).Name} {value} has no Bot API name.");
        }

        writer.WriteStringValue(wire);
    }
}
