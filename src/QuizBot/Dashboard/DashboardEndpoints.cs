using System.Text;
using Microsoft.EntityFrameworkCore;
using QuizBot.Contests;
using QuizBot.Data;
using QuizBot.Leaderboards;
using QuizBot.QuestionBank;
using static QuizBot.Dashboard.DashboardHtml;

namespace QuizBot.Dashboard;

/// <summary>
/// The public dashboard, server-rendered: /dashboard (leaderboards of a chosen unit's sub-units and people, by
/// period, read from the kept totals like /leaderboard) and /dashboard/rounds/{code} (a closed round's results).
/// Query: unit (a unit id), period (week|month|all), lang (en; Vietnamese otherwise).
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>How many contestants a round page lists; the rest are in the organizers' export.</summary>
    public const int RankingRows = 200;

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard", BoardAsync);
        app.MapGet("/dashboard/rounds/{code}", RoundAsync);
        return app;
    }

    /// <summary>A dashboard address; the language stays as it is unless given.</summary>
    private static string BoardHref(int? unit, BoardPeriod period, string language)
    {
        var query = new List<string>();
        if (unit is { } u) query.Add($"unit={N(u)}");
        if (period != BoardPeriod.Week) query.Add($"period={PeriodWord(period)}");
        if (language == Languages.English) query.Add("lang=en");
        return "/dashboard" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }

    private static async Task<IResult> BoardAsync(string? unit, string? period, string? lang, Leaderboard boards, BoardUnits boardUnits,
        QuizBotDb db, CancellationToken ct)
    {
        var t = DashboardTexts.For(lang);
        int? unitId = null;
        if (!string.IsNullOrEmpty(unit))
        {
            if (!int.TryParse(unit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)) return NotFound(t);
            unitId = id;
        }
        var kind = BoardPeriod.Week;
        if (!string.IsNullOrEmpty(period) && !PeriodWords.TryGetValue(period, out kind)) return NotFound(t);
        if (await boards.ResolveUnitAsync(unitId, ct) is not { } scope) return NotFound(t);

        var key = boards.CurrentPeriod(kind);
        var units = await boardUnits.GetAsync(ct);
        var unitRows = await boards.UnitsAsync(scope, key, ct);
        var people = await boards.PeopleAsync(scope, key, ct);
        var rounds = await db.Rounds.AsNoTracking()
            .Where(r => r.Status == RoundStatus.Closed || r.Status == RoundStatus.Finalised)
            .OrderByDescending(r => r.ClosesAt).Take(10).Select(r => new { r.Code, r.Title }).ToListAsync(ct);

        var scopeName = scope.Roots is null && scope.Name == "" ? t.Everyone : scope.Name;
        var body = new StringBuilder();

        // Levels: the path from the top down to the chosen unit, each a link up.
        var path = new List<BoardUnit>();
        var shown = unitId ?? (units.Roots.Count == 1 ? units.Roots[0].Id : null);
        for (int? at = shown, depth = 0; at is { } a && units.ById.TryGetValue(a, out var u) && depth < 32; at = u.ParentId, depth++) path.Insert(0, u);
        body.Append("<nav class=\"crumbs\" aria-label=\"").Append(E(t.Levels)).Append("\"><ol>");
        if (units.Roots.Count > 1 || path.Count == 0) body.Append(Crumb(t.Everyone, BoardHref(null, kind, t.Language), path.Count == 0));
        for (var i = 0; i < path.Count; i++) body.Append(Crumb(path[i].Name, BoardHref(path[i].Id, kind, t.Language), i == path.Count - 1));
        body.Append("</ol></nav>\n");

        body.Append("<nav aria-label=\"").Append(E(t.PeriodsLabel)).Append("\"><ul>");
        foreach (var p in Enum.GetValues<BoardPeriod>())
        {
            body.Append("<li><a href=\"").Append(E(BoardHref(unitId, p, t.Language))).Append('"')
                .Append(p == kind ? " aria-current=\"page\"" : "").Append('>').Append(E(t.Period(p))).Append("</a></li>");
        }
        body.Append("</ul></nav>\n<p class=\"period\">").Append(E(t.PeriodLine(key))).Append("</p>\n");

        // Units: the table, then the participation chart drawn from the same rows.
        body.Append("<h2 id=\"units\">").Append(E(t.Units)).Append("</h2>\n<div class=\"scroll\"><table aria-describedby=\"units-legend\"><caption>")
            .Append(E(t.UnitsCaption(scopeName))).Append("</caption>\n<thead><tr>")
            .Append(Th(t.Rank, numeric: true)).Append(Th(t.Unit)).Append(Th(t.Participants, numeric: true)).Append(Th(t.Members, numeric: true))
            .Append(Th(t.Rate, numeric: true)).Append(Th(t.Mean, numeric: true)).Append(Th(t.Total, numeric: true)).Append("</tr></thead>\n<tbody>\n");
        foreach (var row in unitRows)
        {
            var name = units.Children.ContainsKey(row.UnitId) && row.UnitId != shown
                ? $"<a href=\"{E(BoardHref(row.UnitId, kind, t.Language))}\">{E(row.Name)}</a>"
                : E(row.Name);
            body.Append("<tr><td class=\"n\">").Append(N(row.Rank)).Append("</td><th scope=\"row\">").Append(name).Append("</th>")
                .Append(Td(N(row.Participants))).Append(Td(N(row.Members))).Append(Td(Percent(row.Rate)))
                .Append(Td(Decimal(row.Mean))).Append(Td(N(row.Correct))).Append("</tr>\n");
        }
        body.Append("</tbody></table></div>\n<p class=\"legend\" id=\"units-legend\">").Append(E(t.UnitLegend)).Append("</p>\n");

        body.Append("<figure class=\"chart\"><figcaption>").Append(E(t.ChartTitle)).Append("</figcaption>\n<ul class=\"bars\">\n");
        foreach (var row in unitRows.OrderBy(r => units.ById.TryGetValue(r.UnitId, out var u) ? u.SortOrder : 0))
        {
            var width = row.Rate is { } r ? Math.Clamp(Math.Round(r * 100), 0, 100) : 0;
            var value = row.Rate is null ? t.NoRate : Percent(row.Rate);
            body.Append("<li><span class=\"name\">").Append(E(row.Name)).Append("</span>")
                .Append("<span class=\"track\" aria-hidden=\"true\"><span class=\"fill\" style=\"width:")
                .Append(width.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("%\"></span></span>")
                .Append("<span class=\"v\">").Append(E(value)).Append("</span></li>\n");
        }
        body.Append("</ul></figure>\n");

        body.Append("<h2 id=\"people\">").Append(E(t.People)).Append("</h2>\n");
        if (people.Count == 0) body.Append("<p>").Append(E(t.NobodyYet)).Append("</p>\n");
        else
        {
            body.Append("<div class=\"scroll\"><table><caption>").Append(E(t.PeopleCaption(scopeName))).Append("</caption>\n<thead><tr>")
                .Append(Th(t.Rank, numeric: true)).Append(Th(t.Name)).Append(Th(t.Correct, numeric: true)).Append(Th(t.Answers, numeric: true))
                .Append("</tr></thead>\n<tbody>\n");
            foreach (var row in people)
            {
                body.Append("<tr><td class=\"n\">").Append(N(row.Rank)).Append("</td><th scope=\"row\">").Append(E(row.Name)).Append("</th>")
                    .Append(Td(N(row.Correct))).Append(Td(N(row.Answers))).Append("</tr>\n");
            }
            body.Append("</tbody></table></div>\n");
        }

        body.Append("<h2 id=\"rounds\">").Append(E(t.RoundsHeading)).Append("</h2>\n");
        if (rounds.Count == 0) body.Append("<p>").Append(E(t.NoRounds)).Append("</p>\n");
        else
        {
            body.Append("<ul>");
            foreach (var r in rounds)
            {
                body.Append("<li><a href=\"").Append(E(RoundHref(r.Code, t.Language))).Append("\">").Append(E(r.Title)).Append("</a></li>");
            }
            body.Append("</ul>\n");
        }

        var title = $"{t.BoardTitle} — {scopeName}";
        var other = DashboardTexts.For(t.OtherLanguage);
        return Html(Page(t, title, BoardHref(unitId, kind, other.Language), body.ToString()));
    }

    private static string RoundHref(string code, string language) =>
        $"/dashboard/rounds/{Uri.EscapeDataString(code)}" + (language == Languages.English ? "?lang=en" : "");

    private static async Task<IResult> RoundAsync(string code, string? lang, QuizBotDb db, RoundResults results, CancellationToken ct)
    {
        var t = DashboardTexts.For(lang);
        var wanted = code.ToUpperInvariant();
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Code == wanted, ct);
        if (round is null || round.Status == RoundStatus.Draft) return NotFound(t);

        var body = new StringBuilder();
        body.Append("<p><a href=\"").Append(E(BoardHref(null, BoardPeriod.Week, t.Language))).Append("\">").Append(E(t.BackToBoards)).Append("</a></p>\n")
            .Append("<p class=\"period\">").Append(E(t.RoundStatusName(round.Status))).Append("</p>\n");
        if (!RoundResults.ArePublished(round))
        {
            body.Append("<p>").Append(E(t.ResultsAfterClose)).Append("</p>\n");
        }
        else
        {
            var outcome = await results.ComputeAsync(round, ct);
            body.Append("<p>").Append(E(t.ContestantCount(outcome.Ranking.Count))).Append("</p>\n");
            body.Append("<div class=\"scroll\"><table><caption>").Append(E(t.RankingCaption)).Append("</caption>\n<thead><tr>")
                .Append(Th(t.Rank, numeric: true)).Append(Th(t.Name)).Append(Th(t.Unit)).Append(Th(t.Score, numeric: true)).Append(Th(t.Prize))
                .Append("</tr></thead>\n<tbody>\n");
            foreach (var row in outcome.Ranking.Take(RankingRows))
            {
                body.Append("<tr><td class=\"n\">").Append(N(row.Rank)).Append("</td><th scope=\"row\">").Append(E(row.Attempt.FullName)).Append("</th>")
                    .Append("<td>").Append(E(row.Attempt.UnitName)).Append("</td>")
                    .Append(Td($"{Score(row.Attempt.Score)}/{Score(row.Attempt.MaxScore)}"))
                    .Append("<td>").Append(E(t.Contest.PrizeName(row.Prize))).Append("</td></tr>\n");
            }
            body.Append("</tbody></table></div>\n");
            if (outcome.Ranking.Count > RankingRows) body.Append("<p class=\"note\">").Append(E(t.FirstOf(RankingRows, outcome.Ranking.Count))).Append("</p>\n");

            body.Append("<div class=\"scroll\"><table><caption>").Append(E(t.UnitsResultsCaption)).Append("</caption>\n<thead><tr>")
                .Append(Th(t.Unit)).Append(Th(t.Participants, numeric: true)).Append(Th(t.Members, numeric: true)).Append(Th(t.Rate, numeric: true))
                .Append(Th(t.Mean, numeric: true)).Append(Th(t.Best, numeric: true)).Append("</tr></thead>\n<tbody>\n");
            foreach (var row in outcome.Units)
            {
                body.Append("<tr><th scope=\"row\">").Append(E(row.UnitName)).Append("</th>").Append(Td(N(row.Participants))).Append(Td(N(row.Members)))
                    .Append(Td(Percent(row.ParticipationRate))).Append(Td(row.MeanScore is { } m ? Score(m) : "–"))
                    .Append(Td(row.BestScore is { } b ? Score(b) : "–")).Append("</tr>\n");
            }
            body.Append("</tbody></table></div>\n");
        }
        var other = DashboardTexts.For(t.OtherLanguage);
        return Html(Page(t, t.RoundTitle(round.Title), RoundHref(round.Code, other.Language), body.ToString()));
    }

    private static string Score(double score) => Math.Round(score, 2).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private static string Crumb(string name, string href, bool current) =>
        current ? $"<li><a href=\"{E(href)}\" aria-current=\"page\">{E(name)}</a></li>" : $"<li><a href=\"{E(href)}\">{E(name)}</a></li>";

    private static IResult NotFound(DashboardTexts t) =>
        Html(Page(t, t.NotFound, "/dashboard", $"<p><a href=\"/dashboard{(t.Language == Languages.English ? "?lang=en" : "")}\">{E(t.BackToBoards)}</a></p>"),
            StatusCodes.Status404NotFound);
}
