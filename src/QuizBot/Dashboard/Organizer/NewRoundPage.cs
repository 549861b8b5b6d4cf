using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using QuizBot.Contests;
using QuizBot.Data;
using QuizBot.Leaderboards;
using QuizBot.Practice;
using QuizBot.QuestionBank;
using static QuizBot.Dashboard.DashboardHtml;
using static QuizBot.Dashboard.Organizer.OrganizerPage;

namespace QuizBot.Dashboard.Organizer;

/// <summary>
/// The round creation form. Its fields become the lines of the chat's /newround form, which <see cref="RoundForm"/>
/// parses and <see cref="RoundDrafts"/> checks by the same rules as in chat; a form with problems comes back with
/// them beside the fields, and nothing is created.
/// </summary>
public static class NewRoundPage
{
    /// <summary>The form's fields, by the chat form's English keys, in order.</summary>
    private static readonly string[] Fields = ["code", "title", "unit", "mode", "questions", "seconds", "streak", "opens", "closes", "attempts", "prediction", "prizes", "tiebreaks"];

    /// <summary>How many units the scope list offers at most: enough for a province's communes and their cells.</summary>
    public const int MaxUnits = 500;

    public static IEndpointRouteBuilder MapNewRoundForm(this IEndpointRouteBuilder app)
    {
        app.MapGet(NewRoundPath, FormAsync);
        app.MapPost(NewRoundPath, CreateAsync);
        return app;
    }

    private static async Task<IResult> FormAsync(string? lang, HttpContext http, OrganizerGate gate, BoardUnits units, QuizBotDb db, QuestionCatalog catalog,
        QuizClock clock, IAntiforgery antiforgery, CancellationToken ct)
    {
        var (access, refusal) = await gate.AdmitAsync(http, lang, ct);
        if (access is null) return refusal!;
        var now = clock.ToLocal(clock.UtcNow);
        var values = new Dictionary<string, string>
        {
            ["mode"] = "selfpaced", ["seconds"] = "60", ["streak"] = "no", ["attempts"] = "1", ["prediction"] = "none", ["prizes"] = "1,2,3,5",
            ["opens"] = Local(now), ["closes"] = Local(now.AddDays(7)),
        };
        return await ShowAsync(access, http, antiforgery, units, db, catalog, values, [], StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, OrganizerGate gate, RoundDrafts drafts, BoardUnits units, QuizBotDb db, QuestionCatalog catalog,
        IAntiforgery antiforgery, CancellationToken ct)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
        var (access, refusal) = await gate.AdmitAsync(http, form?["lang"], ct);
        if (access is null) return refusal!;
        var t = access.T;
        if (form is null || !await antiforgery.IsRequestValidAsync(http))
        {
            return Refusal(t, StatusCodes.Status400BadRequest, t.FormExpiredTitle, t.FormExpired);
        }
        // One line per field: a line break typed into a field must not become a key of its own.
        var values = Fields.ToDictionary(f => f, f => string.Join(' ', form[f].ToString().Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim());
        var text = string.Join('\n', Fields.Where(f => values[f].Length > 0).Select(f => $"{f}: {FormTime(f, values[f])}"));

        if (!RoundForm.TryParse(text, out var spec, out var problems))
        {
            return await ShowAsync(access, http, antiforgery, units, db, catalog, values, problems, StatusCodes.Status400BadRequest, ct);
        }
        var check = await drafts.CheckAsync(access.Person, spec!, ct);
        if (check.Error is { } error) return await ShowAsync(access, http, antiforgery, units, db, catalog, values, [error], StatusCodes.Status400BadRequest, ct);

        var round = await drafts.SaveDraftAsync(spec!, check, access.Person.ExternalId, access.Person.ChatId, ct);
        if (!await drafts.CreateAsync(round, access.Person.ExternalId, ct))
        {
            return await ShowAsync(access, http, antiforgery, units, db, catalog, values, [$"code: {round.Code} is taken"], StatusCodes.Status400BadRequest, ct);
        }
        await drafts.OpenIfDueAsync(round, access.Person.ExternalId, ct);
        return Results.Redirect(Href(RoundsPath, t.Language, ("created", round.Code)));
    }

    /// <summary>A browser's date-time field sends 2026-12-05T08:00; the form reads 2026-12-05 08:00.</summary>
    private static string FormTime(string field, string value) => field is "opens" or "closes" ? value.Replace('T', ' ') : value;

    private static string Local(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static async Task<IResult> ShowAsync(OrganizerAccess access, HttpContext http, IAntiforgery antiforgery, BoardUnits boardUnits, QuizBotDb db,
        QuestionCatalog catalog, Dictionary<string, string> values, IReadOnlyList<string> problems, int status, CancellationToken ct)
    {
        var t = access.T;
        var body = new StringBuilder();
        if (problems.Count > 0)
        {
            body.Append("<div class=\"problems\" role=\"alert\" id=\"problems\"><h2>").Append(E(t.FormProblems)).Append("</h2><ul>");
            foreach (var p in problems) body.Append("<li>").Append(E(p)).Append("</li>");
            body.Append("</ul><p>").Append(E(t.NothingCreated)).Append("</p></div>\n");
        }
        string Value(string field) => values.GetValueOrDefault(field) ?? "";
        string Problem(string field) => string.Join(" ", problems.Where(p => p.StartsWith(field + ":", StringComparison.Ordinal) || p.Contains($"'{field}'", StringComparison.Ordinal)));

        // A control gets its id, name and descriptions from the field it stands in.
        string Field(string field, string label, string hint, Func<string, string> control)
        {
            var problem = Problem(field);
            var described = "hint-" + field + (problem.Length > 0 ? " error-" + field : "");
            var html = new StringBuilder("<div class=\"field\"><label for=\"f-").Append(field).Append("\">").Append(E(label)).Append("</label>")
                .Append(control($"id=\"f-{field}\" name=\"{field}\" aria-describedby=\"{described}\"" + (problem.Length > 0 ? " aria-invalid=\"true\"" : "")))
                .Append("<p class=\"hint\" id=\"hint-").Append(field).Append("\">").Append(E(hint)).Append("</p>");
            if (problem.Length > 0) html.Append("<p class=\"error\" id=\"error-").Append(field).Append("\">").Append(E(problem)).Append("</p>");
            return html.Append("</div>\n").ToString();
        }
        Func<string, string> Input(string field, string type = "text", string extra = "") =>
            attrs => $"<input type=\"{type}\" {attrs} value=\"{E(Value(field))}\"{extra}>";
        Func<string, string> Select(string field, IEnumerable<(string Value, string Label)> options) =>
            attrs => $"<select {attrs}>" + string.Concat(options.Select(o => $"<option value=\"{E(o.Value)}\"{(o.Value == Value(field) ? " selected" : "")}>{E(o.Label)}</option>")) + "</select>";

        var choices = await ScopeChoicesAsync(access, boardUnits, db, ct);
        var topics = catalog.Current.Where(q => q.Status == QuestionStatus.Reviewed).GroupBy(q => (q.Topic, Text: q.Type == QuestionType.Text))
            .OrderBy(g => g.Key.Topic, StringComparer.Ordinal).Select(g => t.TopicCount(g.Key.Topic, g.Count(), g.Key.Text));

        body.Append("<form method=\"post\" action=\"").Append(NewRoundPath).Append("\" class=\"round\" novalidate>\n")
            .Append(AntiforgeryField(http, antiforgery)).Append(Hidden("lang", t.Language)).Append('\n')
            .Append(Field("code", t.Code, t.CodeHint, Input("code", extra: " autocomplete=\"off\" autocapitalize=\"characters\" maxlength=\"16\"")))
            .Append(Field("title", t.RoundTitle, t.TitleHint, Input("title", extra: " maxlength=\"120\"")))
            .Append(Field("unit", t.Scope, t.ScopeHint, Select("unit", choices)))
            .Append(Field("mode", t.Mode, t.ModeHint, Select("mode", [("selfpaced", t.ModeSelfPaced), ("live", t.ModeLive), ("judged", t.ModeJudged)])))
            .Append(Field("questions", t.Questions, t.QuestionsHint(string.Join(", ", topics)), Input("questions")))
            .Append(Field("seconds", t.Seconds, t.SecondsHint, Input("seconds", "number", " min=\"10\" max=\"600\" inputmode=\"numeric\"")))
            .Append(Field("streak", t.Streak, t.StreakHint, Select("streak", [("no", t.StreakNo), ("yes", t.StreakYes)])))
            .Append(Field("opens", t.Opens, t.TimeHint, Input("opens", "datetime-local")))
            .Append(Field("closes", t.Closes, t.TimeHint, Input("closes", "datetime-local")))
            .Append(Field("attempts", t.Attempts, t.AttemptsHint, Input("attempts", "number", " min=\"1\" max=\"10\" inputmode=\"numeric\"")))
            .Append(Field("prediction", t.Prediction, t.PredictionHint,
                Select("prediction", [("none", t.PredictionNone), ("participants", t.PredictionParticipants), ("fullmarks", t.PredictionFullMarks)])))
            .Append(Field("prizes", t.Prizes, t.PrizesHint, Input("prizes")))
            .Append(Field("tiebreaks", t.TieBreaks, t.TieBreaksHint, Input("tiebreaks")))
            .Append("<p><button type=\"submit\">").Append(E(t.CreateRound)).Append("</button></p>\n</form>\n");
        return Show(access, http, antiforgery, Section.NewRound, t.NewRoundTitle, NewRoundPath, body.ToString(), status);
    }

    /// <summary>The units a round may be for: the organizer's own and everything below them, as an indented tree.</summary>
    private static async Task<List<(string Value, string Label)>> ScopeChoicesAsync(OrganizerAccess access, BoardUnits boardUnits, QuizBotDb db,
        CancellationToken ct)
    {
        var units = await boardUnits.GetAsync(ct);
        var codes = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Code, ct);
        var tops = access.Units is { } mine
            ? units.ById.Values.Where(u => mine.Contains(u.Id) && !HasAncestorIn(units, u, mine)).OrderBy(u => u.SortOrder).ToList()
            : units.Roots.ToList();
        var choices = new List<(string, string)>();
        void Walk(BoardUnit unit, int depth)
        {
            if (choices.Count >= MaxUnits || depth > 32) return;
            if (!codes.TryGetValue(unit.Id, out var code)) return;
            choices.Add((code, new string('\u00a0', depth * 3) + unit.Name));
            foreach (var child in units.Children.GetValueOrDefault(unit.Id) ?? []) Walk(child, depth + 1);
        }
        foreach (var top in tops) Walk(top, 0);
        return choices;
    }

    private static bool HasAncestorIn(BoardUnits.Snapshot units, BoardUnit unit, IReadOnlyList<int> ids)
    {
        for (int? at = unit.ParentId, depth = 0; at is { } a && units.ById.TryGetValue(a, out var up) && depth < 32; at = up.ParentId, depth++)
        {
            if (ids.Contains(a)) return true;
        }
        return false;
    }
}
