using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace QuizBot.EndToEnd.Support;

/// <summary>Reading what the bot shows, on Telegram (HTML) or on the web page (rendered text) alike.</summary>
internal static partial class Screens
{
    /// <summary>HTML to what a person reads.</summary>
    public static string Plain(string html) => WebUtility.HtmlDecode(Tag().Replace(html, ""));

    /// <summary>The summary's "Điểm: <b>2/3</b>" → (2, 3).</summary>
    public static (int Correct, int Total) Score(string summary)
    {
        var match = ScoreLine().Match(Plain(summary));
        if (!match.Success) throw new InvalidOperationException($"No 'Điểm: k/n' in the summary:\n{summary}");
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"Điểm: (\d+)/(\d+)")]
    private static partial Regex ScoreLine();
}
