using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using QuizBot.Contests;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.Registration;
using QuizBot.Roles;
using static QuizBot.Dashboard.DashboardHtml;
using static QuizBot.Dashboard.Organizer.OrganizerPage;

namespace QuizBot.Dashboard.Organizer;

/// <summary>
/// /dashboard/organizer: the rounds whose scope lies at or below a unit the organizer holds (every round for an
/// admin), newest first, with their links; and a round's results as the files /export sends.
/// </summary>
public static class RoundsPage
{
    public const int Shown = 100;

    public static IEndpointRouteBuilder MapOrganizerRounds(this IEndpointRouteBuilder app)
    {
        app.MapGet(RoundsPath, ListAsync);
        app.MapGet(RoundsPath + "/rounds/{code}/export", ExportAsync);
        return app;
    }

    public static string ExportHref(string code, string format) => $"{RoundsPath}/rounds/{Uri.EscapeDataString(code)}/export?format={format}";

    private static async Task<IResult> ListAsync(string? lang, string? created, HttpContext http, OrganizerGate gate, QuizBotDb db, UnitTree tree,
        QuizClock clock, IAntiforgery antiforgery, CancellationToken ct)
    {
        var (access, refusal) = await gate.AdmitAsync(http, lang, ct);
        if (access is null) return refusal!;
        var t = access.T;

        var rounds = db.Rounds.AsNoTracking().Where(r => r.Status != RoundStatus.Draft);
        if (access.Units is { } units)
        {
            var scope = await SubtreesAsync(tree, units, ct);
            rounds = rounds.Where(r => scope.Contains(r.ScopeUnitId));
        }
        var rows = await rounds.OrderByDescending(r => r.OpensAt).ThenByDescending(r => r.Id).Take(Shown)
            .Select(r => new
            {
                Round = r, Unit = r.ScopeUnit!.Name,
                Participants = db.Attempts.Where(a => a.RoundId == r.Id).Select(a => a.ParticipantId).Distinct().Count(),
            })
            .ToListAsync(ct);

        var body = new StringBuilder();
        if (!string.IsNullOrEmpty(created) && rows.Any(r => r.Round.Code == created))
        {
            body.Append("<p class=\"notice\" role=\"status\">").Append(E(t.RoundCreated(created))).Append("</p>\n");
        }
        body.Append("<p><a href=\"").Append(E(Href(NewRoundPath, t.Language))).Append("\">").Append(E(t.MenuNewRound)).Append("</a></p>\n");
        if (rows.Count == 0) body.Append("<p>").Append(E(t.NoRoundsYet)).Append("</p>\n");
        else
        {
            body.Append("<div class=\"scroll\"><table><caption>").Append(E(t.RoundsCaption)).Append("</caption>\n<thead><tr>")
                .Append(Th(t.Code)).Append(Th(t.RoundTitle)).Append(Th(t.Scope)).Append(Th(t.Status)).Append(Th(t.Opens)).Append(Th(t.Closes))
                .Append(Th(t.Participants, numeric: true)).Append(Th(t.Results)).Append("</tr></thead>\n<tbody>\n");
            foreach (var (r, unit, participants) in rows.Select(x => (x.Round, x.Unit, x.Participants)))
            {
                var results = RoundResults.ArePublished(r)
                    ? $"<a href=\"{E(Href($"/dashboard/rounds/{Uri.EscapeDataString(r.Code)}", t.Language))}\">{E(t.ResultsPage)}</a>"
                      + $" · <a href=\"{E(ExportHref(r.Code, "csv"))}\" download>{E(t.Csv)}<span class=\"sr\"> {E(r.Code)}</span></a>"
                      + $" · <a href=\"{E(ExportHref(r.Code, "xlsx"))}\" download>{E(t.Excel)}<span class=\"sr\"> {E(r.Code)}</span></a>"
                    : E(t.ResultsLater);
                body.Append("<tr><th scope=\"row\"><code>").Append(E(r.Code)).Append("</code></th><td>").Append(E(r.Title)).Append("</td><td>")
                    .Append(E(unit)).Append("</td><td>").Append(E(t.Board.RoundStatusName(r.Status))).Append("</td>")
                    .Append("<td>").Append(E(clock.Show(r.OpensAt))).Append("</td><td>").Append(E(clock.Show(r.ClosesAt))).Append("</td>")
                    .Append(Td(N(participants))).Append("<td>").Append(results).Append("</td></tr>\n");
            }
            body.Append("</tbody></table></div>\n");
            if (rows.Count == Shown) body.Append("<p class=\"note\">").Append(E(t.NewestOnly(Shown))).Append("</p>\n");
        }
        return Show(access, http, antiforgery, Section.Rounds, t.RoundsTitle, RoundsPath, body.ToString());
    }

    /// <summary>The same files as /export CODE csv|xlsx, for a round of the organizer's whose results are out.</summary>
    private static async Task<IResult> ExportAsync(string code, string? format, string? lang, HttpContext http, OrganizerGate gate, RoundDesk desk,
        RoleBook roles, RoundResults results, QuizClock clock, CancellationToken ct)
    {
        var (access, refusal) = await gate.AdmitAsync(http, lang, ct);
        if (access is null) return refusal!;
        var t = access.T;
        if (format is not ("csv" or "xlsx")) return Refusal(t, StatusCodes.Status400BadRequest, t.BadFormatTitle, t.BadFormat);
        var round = await desk.FindAsync(code, ct);
        if (round is null) return Refusal(t, StatusCodes.Status404NotFound, t.NoSuchRoundTitle, t.NoSuchRound(RoundDesk.Short(code)));
        if (!await roles.HoldsForAsync(access.Person, Role.Organizer, round.ScopeUnitId, ct))
        {
            return Refusal(t, StatusCodes.Status403Forbidden, t.NotYourRoundTitle, t.NotYourRound(round.Code));
        }
        if (!RoundResults.ArePublished(round)) return Refusal(t, StatusCodes.Status409Conflict, t.ResultsLaterTitle, t.ResultsLater);
        var (name, bytes) = ResultFiles.Write(await results.ComputeAsync(round, ct), format, clock.Zone);
        return Results.File(bytes, ContentType(format), name);
    }

    public static string ContentType(string format) =>
        format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Every unit at or below the given ones.</summary>
    public static async Task<HashSet<int>> SubtreesAsync(UnitTree tree, IReadOnlyList<int> units, CancellationToken ct)
    {
        var all = new HashSet<int>();
        foreach (var unit in units) all.UnionWith(await tree.SubtreeIdsAsync(unit, ct));
        return all;
    }
}
