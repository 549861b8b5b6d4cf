using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.QuestionBank;
using QuizBot.Roles;

namespace QuizBot.Contests;

/// <summary>A button of the /newround dialogue: the value chosen for one field, or "stop".</summary>
public sealed record NewRoundChoice(string Field, string Value) : CallbackPayload, ICallbackPayload<NewRoundChoice>
{
    public static string Prefix => "nr";
    public override string ToData() => $"nr:{Field}:{Value}";
    public static NewRoundChoice? Parse(CallbackFields f) => f is { Count: 2 } && f.Word(0) is { } field && f.Word(1) is { } value ? new(field, value) : null;
}

/// <summary>
/// /newround as a short guided dialogue: one question per field, with buttons where the answer is a choice and
/// typed text where it is not. Each answer is checked by the same rules as the form before the next question;
/// the answers so far are kept in the database (so a restart does not lose them), and the last step builds the
/// form and shows the same draft, with the same create and cancel buttons.
/// </summary>
public sealed class NewRoundDialogue(QuizBotDb db, RoleBook roles, QuestionCatalog catalog, QuizClock clock)
{
    private static readonly string[] Steps = ["code", "title", "unit", "mode", "questions", "seconds", "opens", "closes", "attempts", "prediction", "prizes"];

    private static string KeyOf(Participant p) => $"newround:{p.Id}";

    public async Task<Dictionary<string, string>?> StateAsync(Participant participant, CancellationToken ct) =>
        await db.TransportStates.AsNoTracking().Where(s => s.Key == KeyOf(participant)).Select(s => s.Value).SingleOrDefaultAsync(ct) is { } json
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(json)
            : null;

    public async Task StartAsync(ConversationContext context, CancellationToken ct)
    {
        await SaveAsync(context.Participant, [], ct);
        await AskAsync(context, [], ct);
    }

    public async Task StopAsync(ConversationContext context, CancellationToken ct)
    {
        await db.TransportStates.Where(s => s.Key == KeyOf(context.Participant)).ExecuteDeleteAsync(ct);
        await context.ReplyAsync(RoundTexts.For(context.Participant.Language).Cancelled, ct);
    }

    /// <returns>The filled-in form once every field has an answer; null while the dialogue goes on.</returns>
    public async Task<string?> AnswerAsync(ConversationContext context, Dictionary<string, string> answers, string value, CancellationToken ct)
    {
        var t = RoundTexts.For(context.Participant.Language);
        var field = Steps.First(s => !answers.ContainsKey(s));
        value = value.Trim();
        if (field == "opens" && value == "now") value = clock.ToLocal(clock.UtcNow).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        if (field == "closes" && answers.TryGetValue("opens", out var opens) && Relative(opens, value) is { } closes) value = closes;
        if (field == "prizes") value = value.Replace('-', ',');
        if ((Problem(answers, field, value) ?? await CheckAsync(context.Participant, field, value, ct)) is { } problem)
        {
            await context.ReplyAsync(t.StepProblem(Html.Escape(problem)), ct);
            await AskAsync(context, answers, ct);
            return null;
        }
        answers[field] = value;
        if (Steps.All(answers.ContainsKey))
        {
            await db.TransportStates.Where(s => s.Key == KeyOf(context.Participant)).ExecuteDeleteAsync(ct);
            return string.Join('\n', Steps.Select(s => $"{s}: {answers[s]}"));
        }
        await SaveAsync(context.Participant, answers, ct);
        await AskAsync(context, answers, ct);
        return null;
    }

    /// <summary>"+1h", "+1d", "+7d" after the opening, as the buttons offer.</summary>
    private static string? Relative(string opens, string value)
    {
        if (!DateTime.TryParseExact(opens, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var start)) return null;
        DateTime? end = value switch { "1h" => start.AddHours(1), "1d" => start.AddDays(1), "7d" => start.AddDays(7), _ => null };
        return end?.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>What the form alone cannot know: the unit exists and is the organizer's; the topics exist.</summary>
    private async Task<string?> CheckAsync(Participant participant, string field, string value, CancellationToken ct)
    {
        if (field == "unit")
        {
            var code = value.ToUpperInvariant();
            var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == code, ct);
            if (unit is null) return $"unit: there is no unit with code {code}";
            if (!await roles.HoldsForAsync(participant, Role.Organizer, unit.Id, ct)) return $"unit: {code} is not in a unit you organize";
        }
        if (field == "questions" && Blueprint.TryParse(value, out var blueprint, out _))
        {
            var unknown = blueprint.Topics.Select(t => t.Topic).FirstOrDefault(t => catalog.FindTopic(t) is null);
            if (unknown is not null) return $"questions: there is no topic {unknown}";
        }
        return null;
    }

    /// <summary>This field's problem by the form's own rules: the answers so far, placeholders for the rest.</summary>
    private static string? Problem(Dictionary<string, string> answers, string field, string value)
    {
        if (value.Length == 0 || value.Contains('\n')) return $"{field}: one line, please";
        var trial = new Dictionary<string, string>
        {
            ["code"] = "TRIAL", ["title"] = "trial", ["unit"] = "X", ["questions"] = "x:1", ["opens"] = "2000-01-01 00:00", ["closes"] = "2100-01-01 00:00",
        };
        foreach (var (k, v) in answers) trial[k] = v;
        trial[field] = value;
        RoundForm.TryParse(string.Join('\n', trial.Select(p => $"{p.Key}: {p.Value}")), out _, out var problems);
        return problems.FirstOrDefault(p => p.StartsWith(field, StringComparison.Ordinal) || p.Contains($"'{field}'", StringComparison.Ordinal));
    }

    private async Task AskAsync(ConversationContext context, Dictionary<string, string> answers, CancellationToken ct)
    {
        var t = RoundTexts.For(context.Participant.Language);
        var field = Steps.First(s => !answers.ContainsKey(s));
        var step = Array.IndexOf(Steps, field) + 1;
        var rows = new List<IReadOnlyList<Button>>();
        Button Choice(string label, string value) => new(label, CallbackCodec.Encode(new NewRoundChoice(field, value)));
        var prompt = t.Step(field);
        switch (field)
        {
            case "unit":
                var units = await roles.UnitsAsync(context.Participant, Role.Organizer, ct);
                var offered = units is null
                    ? await db.Units.AsNoTracking().Where(u => u.ParentId == null).OrderBy(u => u.SortOrder).Take(8).ToListAsync(ct)
                    : await db.Units.AsNoTracking().Where(u => units.Contains(u.Id)).OrderBy(u => u.SortOrder).Take(8).ToListAsync(ct);
                rows.AddRange(offered.Select(u => (IReadOnlyList<Button>)[Choice(u.Name, u.Code)]));
                break;
            case "mode":
                rows.Add([Choice(t.ModeSelfPaced, "selfpaced"), Choice(t.ModeLive, "live")]);
                rows.Add([Choice(t.ModeJudged, "judged")]);
                break;
            case "questions":
                var mode = answers.GetValueOrDefault("mode") switch { "judged" => RoundMode.Judged, "live" => RoundMode.Live, _ => RoundMode.SelfPaced };
                var counts = catalog.Current.Where(q => q.Status == QuestionStatus.Reviewed && mode.Asks(q.Type))
                    .GroupBy(q => q.Topic).Select(g => $"<code>{Html.Escape(g.Key)}</code> ({g.Count()})");
                prompt += "\n" + string.Join(", ", counts);
                break;
            case "seconds":
                rows.Add(new[] { "20", "30", "45", "60", "90", "120" }.Select(s => Choice(s, s)).ToList());
                break;
            case "opens":
                rows.Add([Choice(t.Now, "now")]);
                break;
            case "closes":
                rows.Add([Choice(t.AfterHour, "1h"), Choice(t.AfterDay, "1d"), Choice(t.AfterWeek, "7d")]);
                break;
            case "attempts":
                rows.Add(new[] { "1", "2", "3" }.Select(s => Choice(s, s)).ToList());
                break;
            case "prediction":
                rows.Add([Choice(t.PredictionNone, "none")]);
                rows.Add([Choice(t.PredictionCount, "participants"), Choice(t.PredictionFull, "fullmarks")]);
                break;
            case "prizes":
                rows.Add([Choice("1,2,3,5", "1-2-3-5"), Choice("1,1,1,0", "1-1-1-0"), Choice("0,0,0,0", "0-0-0-0")]);
                break;
        }
        rows.Add([Choice(t.Cancel, "stop")]);
        await context.ReplyAsync(new OutgoingMessage($"<b>{step}/{Steps.Length}</b> {prompt}", rows), ct);
    }

    private async Task SaveAsync(Participant participant, Dictionary<string, string> answers, CancellationToken ct)
    {
        var key = KeyOf(participant);
        var json = JsonSerializer.Serialize(answers);
        var row = await db.TransportStates.SingleOrDefaultAsync(s => s.Key == key, ct);
        if (row is null) db.TransportStates.Add(new TransportState { Key = key, Value = json });
        else row.Value = json;
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>The dialogue's buttons and typed answers.</summary>
public sealed class NewRoundDialogueHandler(NewRoundDialogue dialogue, NewRoundHandler rounds, IRoleCheck roles) : ICallbackHandler, ITextHandler
{
    private Dictionary<string, string>? answers;

    public async Task<bool> AcceptsAsync(ConversationContext context, CancellationToken ct)
    {
        answers = await dialogue.StateAsync(context.Participant, ct);
        return answers is not null;
    }

    public async Task HandleAsync(ConversationContext context, string text, CancellationToken ct) => await GoOnAsync(context, text, ct);

    public async Task HandleAsync(ConversationContext context, CallbackPayload payload, CancellationToken ct)
    {
        answers = await dialogue.StateAsync(context.Participant, ct);
        if (payload is not NewRoundChoice choice || answers is null)
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        await context.ToastAsync(null, ct);
        if (choice.Value == "stop")
        {
            await dialogue.StopAsync(context, ct);
            return;
        }
        await GoOnAsync(context, choice.Value, ct);
    }

    private async Task GoOnAsync(ConversationContext context, string value, CancellationToken ct)
    {
        // A role revoked half-way ends the dialogue like any organizer command.
        if (!await roles.HoldsAsync(context.Participant, Role.Organizer, ct))
        {
            await dialogue.StopAsync(context, ct);
            return;
        }
        if (await dialogue.AnswerAsync(context, answers!, value, ct) is { } form) await rounds.DraftAsync(context, form, ct);
    }
}
