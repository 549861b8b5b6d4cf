using System.Globalization;
using System.Text;

namespace QuizBot.Conversation;

/// <summary>What a button press asks for. Each kind has a one-letter prefix on the wire.</summary>
public abstract record CallbackPayload;

public sealed record PickUnit(int UnitId) : CallbackPayload;

public sealed record ConfirmName : CallbackPayload;

public sealed record ChangeName : CallbackPayload;

public sealed record PickTopic(string Topic) : CallbackPayload;

public sealed record ChooseAnswer(long SessionId, int Position, int Option) : CallbackPayload;

public sealed record SubmitAnswer(long SessionId, int Position) : CallbackPayload;

public sealed record SetLanguage(string Language) : CallbackPayload;

/// <summary>A registered participant moving to another unit walks the tree with these (0: the top).</summary>
public sealed record MoveUnit(int UnitId) : CallbackPayload;

/// <summary>The daily reminder at this local minute of the day (0–1439); null turns reminders off.</summary>
public sealed record SetReminder(int? MinuteOfDay) : CallbackPayload;

/// <summary>
/// Turns callback payloads into Telegram's callback_data (at most 64 bytes) and back. Decoding is strict:
/// anything that is not exactly what Encode writes is refused, so a forged button cannot reach a handler.
/// </summary>
public static class CallbackCodec
{
    public const int MaxBytes = 64;

    public static string Encode(CallbackPayload payload)
    {
        var data = payload switch
        {
            PickUnit p => $"u:{N(p.UnitId)}",
            ConfirmName => "n:ok",
            ChangeName => "n:edit",
            PickTopic p => $"t:{p.Topic}",
            ChooseAnswer p => $"a:{N(p.SessionId)}:{N(p.Position)}:{N(p.Option)}",
            SubmitAnswer p => $"s:{N(p.SessionId)}:{N(p.Position)}",
            SetLanguage p => $"l:{p.Language}",
            MoveUnit p => $"m:{N(p.UnitId)}",
            SetReminder { MinuteOfDay: { } m } => $"r:{N(m)}",
            SetReminder => "r:off",
            _ => throw new ArgumentOutOfRangeException(nameof(payload), payload.GetType().Name, "no wire form"),
        };
        if (Encoding.UTF8.GetByteCount(data) > MaxBytes)
        {
            throw new ArgumentException($"callback data '{data}' is over {MaxBytes} bytes", nameof(payload));
        }
        return data;
    }

    public static CallbackPayload? Decode(string? data)
    {
        if (string.IsNullOrEmpty(data) || Encoding.UTF8.GetByteCount(data) > MaxBytes) return null;
        var parts = data.Split(':');
        return (parts[0], parts.Length) switch
        {
            ("u", 2) when Int(parts[1]) is { } unit => new PickUnit(unit),
            ("n", 2) when parts[1] == "ok" => new ConfirmName(),
            ("n", 2) when parts[1] == "edit" => new ChangeName(),
            ("t", 2) when IsWord(parts[1]) => new PickTopic(parts[1]),
            ("a", 4) when Long(parts[1]) is { } s && Int(parts[2]) is { } p && Int(parts[3]) is { } o => new ChooseAnswer(s, p, o),
            ("s", 3) when Long(parts[1]) is { } s && Int(parts[2]) is { } p => new SubmitAnswer(s, p),
            ("l", 2) when parts[1] is "vi" or "en" => new SetLanguage(parts[1]),
            ("m", 2) when Int(parts[1]) is { } unit => new MoveUnit(unit),
            ("r", 2) when parts[1] == "off" => new SetReminder(null),
            ("r", 2) when Int(parts[1]) is { } m && m < 24 * 60 => new SetReminder(m),
            _ => null,
        };
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    // Only the canonical form: no sign, no leading zeros, no spaces.
    private static long? Long(string s) =>
        s.Length is > 0 and <= 18 && s.All(char.IsAsciiDigit) && (s == "0" || s[0] != '0') ? long.Parse(s, CultureInfo.InvariantCulture) : null;

    private static int? Int(string s) => Long(s) is { } v && v <= int.MaxValue ? (int)v : null;

    private static bool IsWord(string s) => s.Length is > 0 and <= 40 && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
