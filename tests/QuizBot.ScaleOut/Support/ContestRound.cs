using System.Globalization;
using System.Text.RegularExpressions;
using QuizBot.EndToEnd.Support;

namespace QuizBot.ScaleOut.Support;

/// <summary>One line of a round's ranking as the results message shows it.</summary>
internal sealed record RankLine(int Rank, string Name, int Score);

/// <summary>
/// A self-paced round of the test bank's commune, run the way the end-to-end suite's contest round is: the admin
/// grants the organizer the commune, the organizer sends the /newround form and confirms the draft, and closes the
/// round early with /closeround, which posts the results.
/// </summary>
internal static partial class ContestRound
{
    public const string Code = "SCALE8";
    public const string Title = "Vòng thi hai máy chủ";
    public const string Recorded = "Đã ghi nhận câu trả lời";

    public static readonly TelegramUser Admin = new(9100, "Quản", "Trị");
    public static readonly TelegramUser Organizer = new(9101, "Tổ", "Chức");

    /// <summary>The settings that make <see cref="Admin"/> an admin from the start.</summary>
    public static Dictionary<string, string> Settings() => new()
    {
        ["Admins__TelegramUserIds__0"] = Admin.Id.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Creates the round, open from this minute (its invitations go out at once) or from <paramref name="opensAtUtc"/>
    /// (a whole minute: its opening is a Quartz trigger), and closing well after the test.
    /// </summary>
    public static async Task CreateAsync(ScaleOutCluster cluster, int questions, TimeSpan timeout, DateTime? opensAtUtc = null)
    {
        var client = cluster.Client;
        await client.SendCommandAsync(Organizer, "/start");
        await client.WaitForAsync(Organizer.ChatId, "the organizer's welcome", Find(m => m.Text.Contains("Chào mừng", StringComparison.Ordinal)), timeout);
        await client.SendCommandAsync(Admin, $"/grant {Organizer.Id} organizer {TestBank.CommuneCode}");
        await client.WaitForAsync(Admin.ChatId, "'Đã giao quyền'", Find(m => m.Text.Contains("Đã giao quyền", StringComparison.Ordinal)), timeout);

        await client.SendCommandAsync(Organizer, NewRoundForm.Of(Code, Title, questions, prediction: "none", opensAtUtc));
        var draft = await client.WaitForAsync(Organizer.ChatId, "the draft with '✅ Tạo vòng thi'", Find(m => m.Buttons.Any(b => b.Text == "✅ Tạo vòng thi")), timeout);
        await client.PressAsync(Organizer, draft, draft.Button("✅ Tạo vòng thi"));
        await client.WaitForAsync(Organizer.ChatId, "'Đã tạo vòng thi'",
            Find(m => m.MessageId == draft.MessageId && m.Text.Contains("Đã tạo vòng thi", StringComparison.Ordinal)), timeout);
    }

    /// <summary>/closeround; returns the ranking of the results message it posts to the organizer.</summary>
    public static async Task<IReadOnlyList<RankLine>> CloseAsync(ScaleOutCluster cluster, int contestants, TimeSpan timeout)
    {
        var client = cluster.Client;
        var last = await cluster.Secretary(Organizer).LastMessageIdAsync();
        await client.SendCommandAsync(Organizer, $"/closeround {Code}");
        await client.WaitForAsync(Organizer.ChatId, $"'đã đóng: {contestants} người dự thi'",
            Find(m => m.MessageId > last && m.Text.Contains($"đã đóng: {contestants} người dự thi", StringComparison.Ordinal)), timeout);
        var posted = await client.WaitForAsync(Organizer.ChatId, "the results message with 🏆",
            Find(m => m.MessageId > last && m.Text.Contains("🏆", StringComparison.Ordinal)), timeout);
        return RankLinePattern().Matches(posted.Text)
            .Select(m => new RankLine(int.Parse(m.Groups["rank"].Value, CultureInfo.InvariantCulture), m.Groups["name"].Value,
                int.Parse(m.Groups["score"].Value, CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static Func<IReadOnlyList<BotMessage>, BotMessage?> Find(Func<BotMessage, bool> match) => messages => messages.FirstOrDefault(match);

    [GeneratedRegex(@"^(?<rank>\d+)\. <b>(?<name>[^<]+)</b> — [^·]+ · (?<score>\d+)/\d+ · ", RegexOptions.Multiline)]
    private static partial Regex RankLinePattern();
}
