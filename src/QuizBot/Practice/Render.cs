using System.Text;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.QuestionBank;

namespace QuizBot.Practice;

/// <summary>How a practice question looks on screen, before and after it is answered.</summary>
public static class Render
{
    public static OutgoingMessage Question(Attempt session, Question question, string language, QuestionCatalog catalog, int secondsLeft)
    {
        var t = Texts.For(language);
        var order = Scoring.OptionOrder(session.ShuffleSeed, session.CurrentIndex, question.Content.Options.Count);
        var text = Body(session, question, language, catalog, order);
        if (question.Type == QuestionType.Text)
        {
            // A situation to handle, answered in the person's own words (judged rounds).
            text.Append("\n\n").Append(Html.Italic(Contests.RoundTexts.For(language).TypeYourAnswer)).Append('\n')
                .Append(t.TimeLimit(t.Duration(TimeSpan.FromSeconds(secondsLeft))));
            return new OutgoingMessage(text.ToString());
        }
        var letters = new List<Button>();
        for (var shown = 0; shown < order.Length; shown++)
        {
            var ticked = session.CurrentSelection.Contains(shown) ? "☑ " : "";
            var label = question.Type == QuestionType.TrueFalse ? question.Content.Options[order[shown]].For(language) : Scoring.Letter(shown).ToString();
            letters.Add(new Button(ticked + label, CallbackCodec.Encode(new ChooseAnswer(session.Id, session.CurrentIndex, shown))));
        }
        var rows = new List<IReadOnlyList<Button>> { letters };
        if (question.Type == QuestionType.Multi)
        {
            text.Append('\n').Append(Html.Italic(t.MultiHint));
            rows.Add([new Button(t.Submit, CallbackCodec.Encode(new SubmitAnswer(session.Id, session.CurrentIndex)))]);
        }
        text.Append("\n\n").Append(t.TimeLimit(t.Duration(TimeSpan.FromSeconds(secondsLeft))));
        return new OutgoingMessage(text.ToString(), rows);
    }

    /// <param name="chosenOnScreen">The positions the person pressed, as shown to them.</param>
    /// <param name="position">The question's place in the session (the session itself has moved on by now).</param>
    public static OutgoingMessage Result(Attempt session, int position, Question question, string language, QuestionCatalog catalog,
        IReadOnlyCollection<int> chosenOnScreen, bool timedOut)
    {
        var t = Texts.For(language);
        var order = Scoring.OptionOrder(session.ShuffleSeed, position, question.Content.Options.Count);
        var text = Body(session, question, language, catalog, order, position);

        string Label(int shown) => question.Type == QuestionType.TrueFalse
            ? question.Content.Options[order[shown]].For(language)
            : Scoring.Letter(shown).ToString();
        var right = string.Join(", ", Enumerable.Range(0, order.Length).Where(shown => question.Content.Answer.Contains(order[shown])).Select(Label));
        var chosen = string.Join(", ", chosenOnScreen.Order().Select(Label));
        var correct = !timedOut && Scoring.IsCorrect(chosenOnScreen.Select(s => order[s]).ToArray(), question.Content.Answer);

        text.Append("\n\n").Append(timedOut ? t.ResultTimeout(right) : correct ? t.ResultCorrect(chosen) : t.ResultWrong(chosen, right));
        text.Append("\n💡 ").Append(Html.Escape(question.Content.Explanation.For(language)));
        text.Append('\n').Append(t.SourceLabel).Append(' ').Append(Html.Italic(question.Content.Source));
        return new OutgoingMessage(text.ToString());
    }

    private static StringBuilder Body(Attempt session, Question question, string language, QuestionCatalog catalog, int[] order, int? position = null)
    {
        var t = Texts.For(language);
        var topic = catalog.FindTopic(question.Topic)?.Name.For(language) ?? question.Topic;
        var text = new StringBuilder(t.QuestionHeader((position ?? session.CurrentIndex) + 1, session.QuestionIds.Length, Html.Escape(topic)));
        if (question.Status == QuestionStatus.Draft) text.Append(" · ").Append(t.DraftMark);
        text.Append("\n\n").Append(Html.Escape(question.Content.Text.For(language)));
        if (question.Type != QuestionType.TrueFalse)
        {
            text.Append('\n');
            for (var shown = 0; shown < order.Length; shown++)
            {
                text.Append('\n').Append(Html.Bold($"{Scoring.Letter(shown)}.")).Append(' ')
                    .Append(Html.Escape(question.Content.Options[order[shown]].For(language)));
            }
        }
        return text;
    }
}
