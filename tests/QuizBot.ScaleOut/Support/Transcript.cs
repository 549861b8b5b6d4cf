using System.Globalization;
using System.Text.RegularExpressions;
using QuizBot.EndToEnd.Support;

namespace QuizBot.ScaleOut.Support;

/// <summary>
/// What the bot did in each chat, call by call in the order the emulator received them (sends and edits; button
/// answers have no chat and are checked by their query ids), each call named by what it means in the conversation:
/// "question 2", "result 2", "reply to /mark1". Two calls with one name are one message sent twice.
/// </summary>
internal static partial class Transcript
{
    private static readonly HashSet<string> ChatMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "sendMessage", "editMessageText", "editMessageReplyMarkup", "deleteMessage", "sendDocument", "sendPhoto",
    };

    public static IReadOnlyList<string> Of(IEnumerable<BotCall> calls, long chatId) =>
        calls.Where(c => ChatMethods.Contains(c.Method) && ChatOf(c) == chatId)
            .Select(c => Name(c.Method, Screens.Plain(c.Params["text"]?.ToString() ?? ""), c.Params["message_id"]?.ToString()))
            .ToList();

    /// <summary>The name of the send that made <paramref name="sent"/>.</summary>
    public static string SentName(BotMessage sent) => Name("sendMessage", Screens.Plain(sent.Text), null);

    /// <summary>The name of the edit that turned a message into <paramref name="edited"/>.</summary>
    public static string EditName(BotMessage edited) => $"edit of message {edited.MessageId}: {FirstLine(Screens.Plain(edited.Text))}";

    /// <summary>A numbered list for a failure message.</summary>
    public static string Show(IReadOnlyList<string> transcript) =>
        transcript.Count == 0 ? "  (nothing)" : string.Join('\n', transcript.Select((n, i) => $"  {i + 1,2}. {n}"));

    private static string Name(string method, string text, string? editedMessageId)
    {
        var question = QuestionHeader().Match(text);
        var unknownCommand = UnknownCommand().Match(text);
        return method.ToLowerInvariant() switch
        {
            "sendmessage" when text.Contains("Chào mừng", StringComparison.Ordinal) => "welcome",
            "sendmessage" when text.Contains("Bắt đầu luyện tập", StringComparison.Ordinal) => "practice start",
            "sendmessage" when text.Contains("Điểm:", StringComparison.Ordinal) => "summary",
            "sendmessage" when question.Success => $"question {question.Groups[1].Value}",
            "sendmessage" when unknownCommand.Success => $"reply to /{unknownCommand.Groups[1].Value}",
            "editmessagetext" when question.Success && (text.Contains('✅') || text.Contains('❌')) => $"result {question.Groups[1].Value}",
            "editmessagetext" => $"edit of message {editedMessageId}: {FirstLine(text)}",
            _ => $"{method}: {FirstLine(text)}",
        };
    }

    private static long? ChatOf(BotCall call) =>
        long.TryParse(call.Params["chat_id"]?.ToString(), CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0];
        return line.Length <= 60 ? line : line[..60] + "…";
    }

    [GeneratedRegex(@"Câu (\d+)/\d+")]
    private static partial Regex QuestionHeader();

    [GeneratedRegex(@"Không có lệnh /(\w+)")]
    private static partial Regex UnknownCommand();
}
