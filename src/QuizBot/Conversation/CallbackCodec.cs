using System.Globalization;
using System.Text;

namespace QuizBot.Conversation;

/// <summary>What a button press asks for. Each kind writes its own wire form behind a short prefix.</summary>
public abstract record CallbackPayload
{
    /// <summary>The callback_data, e.g. "a:42:3:1"; <see cref="CallbackCodec.Encode"/> checks it fits.</summary>
    public abstract string ToData();
}

/// <summary>
/// A payload kind a feature registers with <c>AddCallback</c>: its prefix and its strict parser, which accepts
/// exactly what <see cref="CallbackPayload.ToData"/> writes and nothing else.
/// </summary>
public interface ICallbackPayload<TSelf> where TSelf : CallbackPayload, ICallbackPayload<TSelf>
{
    static abstract string Prefix { get; }

    static abstract TSelf? Parse(CallbackFields fields);
}

/// <summary>The fields after the prefix, read in their canonical form only: no sign, no leading zeros, no spaces.</summary>
public readonly struct CallbackFields(string[] parts)
{
    public int Count => parts.Length - 1;

    public string this[int index] => parts[index + 1];

    public bool Is(int index, string literal) => index < Count && this[index] == literal;

    public long? Long(int index) => index < Count ? CallbackCodec.ParseLong(this[index]) : null;

    public int? Int(int index) => Long(index) is { } v && v <= int.MaxValue ? (int)v : null;

    /// <summary>A topic id or a round code: ASCII letters, digits and dashes.</summary>
    public string? Word(int index) => index < Count && CallbackCodec.IsWord(this[index]) ? this[index] : null;
}

public sealed record SetLanguage(string Language) : CallbackPayload, ICallbackPayload<SetLanguage>
{
    public static string Prefix => "l";
    public override string ToData() => $"l:{Language}";
    public static SetLanguage? Parse(CallbackFields f) => f is { Count: 1 } && f[0] is "vi" or "en" ? new(f[0]) : null;
}

/// <summary>
/// Checks callback data against Telegram's 64 bytes, and holds the canonical number and word rules every
/// payload's parser uses, so a forged button cannot reach a handler.
/// </summary>
public static class CallbackCodec
{
    public const int MaxBytes = 64;

    public static string Encode(CallbackPayload payload)
    {
        var data = payload.ToData();
        if (Encoding.UTF8.GetByteCount(data) > MaxBytes)
        {
            throw new ArgumentException($"callback data '{data}' is over {MaxBytes} bytes", nameof(payload));
        }
        return data;
    }

    /// <summary>"a", 42, 3 → "a:42:3", numbers in the invariant culture.</summary>
    public static string Join(string prefix, params ReadOnlySpan<long> numbers)
    {
        var data = new StringBuilder(prefix);
        foreach (var n in numbers) data.Append(':').Append(n.ToString(CultureInfo.InvariantCulture));
        return data.ToString();
    }

    internal static long? ParseLong(string s) =>
        s.Length is > 0 and <= 18 && s.All(char.IsAsciiDigit) && (s == "0" || s[0] != '0') ? long.Parse(s, CultureInfo.InvariantCulture) : null;

    internal static bool IsWord(string s) => s.Length is > 0 and <= 40 && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
