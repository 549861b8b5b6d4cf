using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using QuizBot.Data;
using QuizBot.QuestionBank;
using static QuizBot.Dashboard.DashboardHtml;
using static QuizBot.Dashboard.Organizer.OrganizerPage;

namespace QuizBot.Dashboard.Organizer;

/// <summary>
/// /dashboard/login: GET shows who the link signs in and a button, and changes nothing (so a link preview or a
/// scanner that fetches the link cannot spend it); the button's POST, with its anti-forgery token, spends the
/// link and starts the session.
/// </summary>
public static class LoginEndpoints
{
    public const string LoginPath = "/dashboard/login";

    public static IEndpointRouteBuilder MapDashboardLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, ConfirmAsync);
        app.MapPost(LoginPath, LogInAsync);
        app.MapPost(LogoutPath, LogOutAsync);
        return app;
    }

    private static async Task<IResult> ConfirmAsync(string? token, string? lang, HttpContext http, LoginLinks links, QuizBotDb db, IAntiforgery antiforgery,
        CancellationToken ct)
    {
        KeepPrivate(http);
        var check = await links.CheckAsync(token, ct);
        var person = check.ParticipantId is { } id ? await db.Participants.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) : null;
        var t = OrganizerTexts.For(lang ?? person?.Language);
        if (check.State != LinkState.Valid || person is null) return Refused(t, check.State);

        var body = $"""
            <p>{E(t.ConfirmAs(person.DisplayName))}</p>
            <form method="post" action="{LoginPath}">
            {AntiforgeryField(http, antiforgery)}{Hidden("token", token)}{Hidden("lang", t.Language)}
            <p><button type="submit">{E(t.ConfirmButton)}</button></p>
            </form>
            <p class="note">{E(t.ConfirmNote)}</p>

            """;
        return Html(Page(t.Board, t.ConfirmTitle, Href(LoginPath, t.OtherLanguage, ("token", token)), body));
    }

    private static async Task<IResult> LogInAsync(HttpContext http, LoginLinks links, OrganizerGate gate, IAntiforgery antiforgery, CancellationToken ct)
    {
        KeepPrivate(http);
        if (!http.Request.HasFormContentType) return Refused(OrganizerTexts.For(null), LinkState.Malformed);
        var form = await http.Request.ReadFormAsync(ct);
        var t = OrganizerTexts.For(form["lang"]);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Refusal(t, StatusCodes.Status400BadRequest, t.FormExpiredTitle, t.FormExpired);
        }
        var spent = await links.SpendAsync(form["token"], ct);
        if (spent.State != LinkState.Valid) return Refused(t, spent.State);

        // A link is good for one confirmation: it stays spent even when its person no longer organizes.
        var (_, refusal) = await gate.AdmitAsync(spent.ParticipantId, form["lang"], ct);
        if (refusal is not null) return refusal;
        await OrganizerSession.SignInAsync(http, spent.ParticipantId!.Value);
        return Results.Redirect(Href(RoundsPath, t.Language), permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> LogOutAsync(HttpContext http, IAntiforgery antiforgery, CancellationToken ct)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
        var t = OrganizerTexts.For(form?["lang"]);
        if (form is null || !await antiforgery.IsRequestValidAsync(http))
        {
            return Refusal(t, StatusCodes.Status400BadRequest, t.FormExpiredTitle, t.FormExpired);
        }
        await OrganizerSession.SignOutAsync(http);
        return Html(Page(t.Board, t.SignedOutTitle, Href("/dashboard", t.OtherLanguage),
            $"<p>{E(t.SignedOut)}</p>\n<p><a href=\"{E(Href("/dashboard", t.Language))}\">{E(t.Board.BackToBoards)}</a></p>\n"));
    }

    /// <summary>
    /// Why a link does not sign anyone in: not a link the bot could have written (400), not one it wrote (403),
    /// or one that was good and is not any more (410).
    /// </summary>
    private static IResult Refused(OrganizerTexts t, LinkState state) => state switch
    {
        LinkState.Expired => Refusal(t, StatusCodes.Status410Gone, t.LinkExpiredTitle, t.LinkExpired),
        LinkState.Used => Refusal(t, StatusCodes.Status410Gone, t.LinkUsedTitle, t.LinkUsed),
        LinkState.Unknown or LinkState.Valid => Refusal(t, StatusCodes.Status403Forbidden, t.LinkUnknownTitle, t.LinkUnknown),
        _ => Refusal(t, StatusCodes.Status400BadRequest, t.LinkMalformedTitle, t.LinkMalformed),
    };

    /// <summary>The token is in the address: no cache keeps the page, and no other site is told the address.</summary>
    private static void KeepPrivate(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
