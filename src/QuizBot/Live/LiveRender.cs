using System.Globalization;
using System.Text;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.QuestionBank;
using QuizBot.Practice;

namespace QuizBot.Live;

/// <summary>How a live game looks in the chat (the question, its reveal, the board) and on the projector.</summary>
public static class LiveRender
{
    public static OutgoingMessage Question(LiveGame game, Asked asked)
    {
        var t = LiveTexts.For(game.Language);
        var text = Body(game, asked, counts: null);
        text.Append("\n\n").Append(t.AnswerWithin(game.SecondsPerQuestion));
        var buttons = Enumerable.Range(0, asked.Order.Length)
            .Select(shown => new Button(Label(game, asked, shown), CallbackCodec.Encode(new LiveAnswer(game.Id, asked.Index, shown))))
            .ToList();
        return new OutgoingMessage(text.ToString(), [buttons]);
    }

    /// <summary>The question's message once the time is up: counts per option, the answer, who was right and fastest; no buttons.</summary>
    public static OutgoingMessage Reveal(LiveGame game, Asked asked, Reveal reveal)
    {
        var t = LiveTexts.For(game.Language);
        var text = Body(game, asked, reveal);
        var right = string.Join(", ", Enumerable.Range(0, asked.Order.Length).Where(s => IsRight(asked, s)).Select(s => Label(game, asked, s)));
        text.Append("\n\n").Append(t.RightAnswer(Html.Escape(right)))
            .Append('\n').Append(t.RightCount(reveal.Right, reveal.Answered));
        if (reveal.Fastest.Count > 0)
        {
            text.Append('\n').Append(t.Fastest).Append(' ')
                .Append(string.Join(" · ", reveal.Fastest.Select(f => $"{Html.Escape(f.Name)} ({LiveTexts.Seconds(f.ElapsedMs, game.Language)})")));
        }
        var question = asked.Question.Content;
        text.Append("\n💡 ").Append(Html.Escape(question.Explanation.For(game.Language)))
            .Append('\n').Append(Texts.For(game.Language).SourceLabel).Append(' ').Append(Html.Italic(question.Source));
        return new OutgoingMessage(text.ToString());
    }

    /// <summary>The board message: the scoreboard after question <paramref name="after"/>, or the podium at the end.</summary>
    public static OutgoingMessage Board(LiveGame game, string title, IReadOnlyList<LiveRow> board, int after, bool final)
    {
        var t = LiveTexts.For(game.Language);
        var text = new StringBuilder("🎮 ").Append(Html.Bold(title)).Append('\n');
        text.Append(final ? t.Podium : $"{t.Board} — {t.BoardAfter(after, game.QuestionIds.Length)}");
        if (final && game.Status == LiveGameStatus.Stopped) text.Append('\n').Append(t.Stopped);
        text.Append('\n');
        if (board.Count == 0) text.Append('\n').Append(t.NobodyAnswered);
        foreach (var row in board)
        {
            var place = row.Rank switch { 1 => "🥇", 2 => "🥈", 3 => "🥉", _ => $"{row.Rank}." };
            text.Append('\n').Append(place).Append(' ').Append(Html.Escape(row.Name)).Append(" — ")
                .Append(Html.Bold(Number(row.Points, game.Language))).Append(' ').Append(t.Points);
        }
        return new OutgoingMessage(text.ToString());
    }

    public static LiveView View(LiveGame game, string title, Asked asked, Reveal? reveal)
    {
        var question = asked.Question.Content;
        var options = asked.Order.Select(o => question.Options[o].For(game.Language)).ToList();
        var deadline = asked.Deadline == DateTime.MaxValue ? (long?)null : new DateTimeOffset(asked.Deadline, TimeSpan.Zero).ToUnixTimeMilliseconds();
        int? answer = reveal is null ? null : Enumerable.Range(0, asked.Order.Length).First(s => IsRight(asked, s));
        return new LiveView(game.Id, title, reveal is null ? LiveView.Asking : LiveView.Revealed, asked.Index + 1, game.QuestionIds.Length,
            question.Text.For(game.Language), options, deadline, game.SecondsPerQuestion, reveal?.Counts ?? asked.Counts, answer,
            reveal?.Fastest ?? [], reveal?.Board ?? []);
    }

    private static StringBuilder Body(LiveGame game, Asked asked, Reveal? counts)
    {
        var t = LiveTexts.For(game.Language);
        var question = asked.Question.Content;
        var text = new StringBuilder(t.QuestionHeader(asked.Index + 1, game.QuestionIds.Length, game.SecondsPerQuestion));
        text.Append("\n\n").Append(Html.Escape(question.Text.For(game.Language))).Append('\n');
        for (var shown = 0; shown < asked.Order.Length; shown++)
        {
            text.Append('\n');
            if (counts is not null) text.Append(IsRight(asked, shown) ? "✅ " : "▫️ ");
            text.Append(Html.Bold(asked.Question.Type == QuestionType.TrueFalse ? "•" : $"{Scoring.Letter(shown)}.")).Append(' ')
                .Append(Html.Escape(question.Options[asked.Order[shown]].For(game.Language)));
            if (counts is not null)
            {
                var n = counts.Counts[shown];
                text.Append(" — ").Append(Html.Bold(Number(n, game.Language)))
                    .Append($" ({Scoring.Percent(n, counts.Answered)} %)");
            }
        }
        return text;
    }

    private static bool IsRight(Asked asked, int shown) => asked.Question.Content.Answer.Contains(asked.Order[shown]);

    private static string Label(LiveGame game, Asked asked, int shown) =>
        asked.Question.Type == QuestionType.TrueFalse
            ? asked.Question.Content.Options[asked.Order[shown]].For(game.Language)
            : Scoring.Letter(shown).ToString();

    private static string Number(int n, string language) =>
        n.ToString("#,0", CultureInfo.GetCultureInfo(language == Languages.English ? "en-US" : "vi-VN"));
}
