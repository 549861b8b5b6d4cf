using System.Globalization;
using System.Text;
using QuizBot.Conversation;

namespace QuizBot.Contests;

/// <summary>A round's results as one chat message in Telegram's HTML parse mode.</summary>
public static class ResultsMessage
{
    /// <summary>Telegram's limit for a message's text.</summary>
    public const int MaxLength = 4096;

    private const int MaxTitle = 200;

    /// <summary>
    /// The title, the first <paramref name="topN"/> places (rank, name, unit, score/max, time), one line per unit
    /// and the prize winners. When that is longer than <see cref="MaxLength"/> the longest of the three lists
    /// loses lines, one at a time, each list ending with "… và N người nữa" for what it left out. The limit is
    /// checked on the HTML itself, which is never shorter than the text Telegram counts.
    /// </summary>
    public static string Render(
        string roundTitle,
        IReadOnlyList<ContestantResult> ranking,
        IReadOnlyList<UnitResult> unitRows,
        int topN,
        string language)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topN);
        var t = ContestTexts.For(language);
        // A bounded title keeps the head far below the limit, so only the lists ever need cutting.
        var title = roundTitle.Length > MaxTitle ? roundTitle[..MaxTitle] + "…" : roundTitle;
        var head = new StringBuilder()
            .Append(t.ResultsTitle(Html.Escape(title))).Append('\n')
            .Append(ranking.Count == 0 ? t.NoContestants : t.ContestantCount(ranking.Count))
            .ToString();

        var list = new Section(
            t.RankingHeader,
            ranking.Take(topN).Select(r => RankLine(r, t)).ToList(),
            ranking.Count,
            t.MoreContestants);
        var units = new Section(t.UnitsHeader, unitRows.Select(u => UnitLine(u, t)).ToList(), unitRows.Count, t.MoreUnits);
        var winners = ranking.Where(r => r.Prize != Prize.None).ToList();
        var prizes = new Section(t.PrizesHeader, winners.Select(r => PrizeLine(r, t)).ToList(), winners.Count, t.MoreContestants);
        Section[] sections = [list, units, prizes];

        while (head.Length + sections.Sum(s => s.Length) > MaxLength)
        {
            var longest = sections.Where(s => s.Shown > 0).MaxBy(s => s.LinesLength);
            if (longest is null) break;
            longest.DropLast();
        }

        var message = new StringBuilder(head);
        foreach (var section in sections) section.AppendTo(message);
        return message.ToString();
    }

    private static string RankLine(ContestantResult r, ContestTexts t) =>
        $"{r.Rank}. <b>{Html.Escape(r.Attempt.FullName)}</b> — {Html.Escape(r.Attempt.UnitName)} · " +
        $"{Number(r.Attempt.Score, t)}/{Number(r.Attempt.MaxScore, t)} · {Clock(r.Attempt.TotalTimeMs)}";

    private static string UnitLine(UnitResult u, ContestTexts t) =>
        t.UnitLine(
            Html.Escape(u.UnitName),
            u.Participants,
            u.Members > 0 ? u.Members : null,
            u.ParticipationRate is { } rate ? rate.ToString("0%", t.Culture) : null,
            u.MeanScore is { } mean ? Number(mean, t) : null,
            u.BestScore is { } best ? Number(best, t) : null);

    private static string PrizeLine(ContestantResult r, ContestTexts t)
    {
        var medal = r.Prize switch
        {
            Prize.First => "🥇",
            Prize.Second => "🥈",
            Prize.Third => "🥉",
            _ => "🎖",
        };
        return $"{medal} {t.PrizeName(r.Prize)}: <b>{Html.Escape(r.Attempt.FullName)}</b> — {Html.Escape(r.Attempt.UnitName)}";
    }

    /// <summary>Up to two decimals, in the reader's culture: "7,5" / "7.5".</summary>
    private static string Number(double value, ContestTexts t) => value.ToString("0.##", t.Culture);

    /// <summary>"1:23", or "1:02:03" past an hour.</summary>
    internal static string Clock(long milliseconds)
    {
        var span = TimeSpan.FromMilliseconds(Math.Max(0, milliseconds));
        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}:{span.Seconds:00}");
    }

    /// <summary>A header, some of its lines, and a tail for the ones not shown; absent when it has no line at all.</summary>
    private sealed class Section(string header, IReadOnlyList<string> lines, int total, Func<int, string> more)
    {
        public int Shown { get; private set; } = lines.Count;

        /// <summary>The shown lines' characters, each with its line break.</summary>
        public int LinesLength { get; private set; } = lines.Sum(l => l.Length + 1);

        public void DropLast()
        {
            Shown--;
            LinesLength -= lines[Shown].Length + 1;
        }

        private string? Tail => total > Shown ? more(total - Shown) : null;

        /// <summary>Characters this section adds: a blank line, the header, the lines and the tail, each on its own line.</summary>
        public int Length => total == 0 ? 0 : 2 + header.Length + LinesLength + (Tail is { } tail ? tail.Length + 1 : 0);

        public void AppendTo(StringBuilder message)
        {
            if (total == 0) return;
            message.Append("\n\n").Append(header);
            foreach (var line in lines.Take(Shown)) message.Append('\n').Append(line);
            if (Tail is { } tail) message.Append('\n').Append(tail);
        }
    }
}
