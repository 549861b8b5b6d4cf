using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Roles;

namespace QuizBot.Dashboard.Organizer;

/// <summary>
/// The organizer's browser session after a login link: an ASP.NET Core authentication cookie (HttpOnly, SameSite=Lax,
/// eight hours, not renewed) that names the participant. The role is checked again on every request, so a revoked
/// organizer's session opens nothing.
/// </summary>
public static class OrganizerSession
{
    public const string Scheme = "QuizBotOrganizer";
    public const string CookieName = "quizbot.organizer";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static void Configure(CookieAuthenticationOptions cookie, CookieSecurePolicy secure)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.HttpOnly = true;
        // Lax: a link to the dashboard from the chat app still finds the session; every change is a POST with an anti-forgery token.
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.Cookie.SecurePolicy = secure;
        cookie.ExpireTimeSpan = Lifetime;
        cookie.SlidingExpiration = false;
        // The pages say themselves what is missing; no redirect to a login form that does not exist.
        cookie.Events.OnRedirectToLogin = context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        };
        cookie.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }

    public static Task SignInAsync(HttpContext http, int participantId)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, participantId.ToString(CultureInfo.InvariantCulture))], Scheme);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false, AllowRefresh = false });
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    public static int? ParticipantId(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: Scheme }
        && int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
}

/// <summary>Who is signed in, and the units they organize (null: all of them, an admin).</summary>
public sealed record OrganizerAccess(Participant Person, IReadOnlyList<int>? Units, OrganizerTexts T);

/// <summary>Lets a request through to an organizer page only with a session of someone who organizes now.</summary>
public sealed class OrganizerGate(QuizBotDb db, RoleBook roles)
{
    /// <summary>The organizer, or the page that refuses: 401 without a session, 403 when the role is gone.</summary>
    public Task<(OrganizerAccess? Access, IResult? Refusal)> AdmitAsync(HttpContext http, string? lang, CancellationToken ct) =>
        AdmitAsync(OrganizerSession.ParticipantId(http.User), lang, ct);

    public async Task<(OrganizerAccess? Access, IResult? Refusal)> AdmitAsync(int? id, string? lang, CancellationToken ct)
    {
        var person = id is { } pid ? await db.Participants.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pid, ct) : null;
        var t = OrganizerTexts.For(lang ?? person?.Language);
        if (person is null) return (null, OrganizerPage.Refusal(t, StatusCodes.Status401Unauthorized, t.NoSessionTitle, t.NoSession));
        if (!await roles.HoldsAsync(person, Role.Organizer, ct))
        {
            return (null, OrganizerPage.Refusal(t, StatusCodes.Status403Forbidden, t.NotOrganizerTitle, t.NotOrganizer));
        }
        var units = await roles.UnitsAsync(person, Role.Organizer, ct);
        return (new OrganizerAccess(person, units, t), null);
    }
}
