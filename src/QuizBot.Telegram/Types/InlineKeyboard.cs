using System.Text;
using System.Text.Json.Serialization;

namespace QuizBot.Telegram.Types;

public class InlineKeyboardMarkup
{
    [JsonConstructor]
    public InlineKeyboardMarkup()
    {
    }

    public InlineKeyboardMarkup(IEnumerable<IEnumerable<InlineKeyboardButton>> inlineKeyboard)
    {
        ArgumentNullException.ThrowIfNull(inlineKeyboard);
        InlineKeyboard = inlineKeyboard.Select(row => row.ToArray()).ToArray();
    }

    /// <summary>Rows of buttons.</summary>
    public InlineKeyboardButton[][] InlineKeyboard { get; init; } = [];
}

public class InlineKeyboardButton
{
    internal const int MaxCallbackDataBytes = 64;

    public string Text { get; init; } = null!;

    public string? CallbackData { get; init; }

    public string? Url { get; init; }

    /// <exception cref="ArgumentException"><paramref name="data"/> is empty or longer than 64 UTF-8 bytes.</exception>
    public static InlineKeyboardButton WithCallbackData(string text, string data)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(data);

        // Telegram counts bytes, not characters: 30 Vietnamese letters can already be too many.
        var bytes = Encoding.UTF8.GetByteCount(data);
        if (bytes is 0 or > MaxCallbackDataBytes)
        {
            throw new ArgumentException(
                $"callback_data must be 1-{MaxCallbackDataBytes} UTF-8 bytes; it is {bytes}.", nameof(data));
        }

        return new InlineKeyboardButton { Text = text, CallbackData = data };
    }

    public static InlineKeyboardButton WithUrl(string text, string url)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        return new InlineKeyboardButton { Text = text, Url = url };
    }
}
