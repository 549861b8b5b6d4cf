using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using QuizBot.QuestionBank;
using static QuizBot.Dashboard.DashboardHtml;

namespace QuizBot.Dashboard.Organizer;

/// <summary>The organizer pages' frame: the public pages' frame with the organizer's menu on top, and the forms' pieces.</summary>
public static class OrganizerPage
{
    public enum Section { Rounds, NewRound, Participation, Bank }

    public const string RoundsPath = "/dashboard/organizer";
    public const string NewRoundPath = "/dashboard/organizer/rounds/new";
    public const string ParticipationPath = "/dashboard/organizer/participation";
    public const string BankPath = "/dashboard/organizer/bank";
    public const string LogoutPath = "/dashboard/logout";

    /// <summary>An address with the page's language kept (Vietnamese needs no parameter) and more query parts.</summary>
    public static string Href(string path, string language, params (string Name, string? Value)[] query)
    {
        var parts = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!)}").ToList();
        if (language == Languages.English) parts.Add("lang=en");
        return parts.Count == 0 ? path : $"{path}?{string.Join("&", parts)}";
    }

    public static IResult Show(OrganizerAccess access, HttpContext http, IAntiforgery antiforgery, Section current, string title, string path,
        string body, int status = StatusCodes.Status200OK, params (string Name, string? Value)[] query)
    {
        var t = access.T;
        var menu = new StringBuilder("<nav aria-label=\"").Append(E(t.MenuLabel)).Append("\"><ul>");
        foreach (var (section, label, href) in new[]
        {
            (Section.Rounds, t.MenuRounds, RoundsPath), (Section.NewRound, t.MenuNewRound, NewRoundPath),
            (Section.Participation, t.MenuParticipation, ParticipationPath), (Section.Bank, t.MenuBank, BankPath),
        })
        {
            menu.Append("<li><a href=\"").Append(E(Href(href, t.Language))).Append('"').Append(section == current ? " aria-current=\"page\"" : "")
                .Append('>').Append(E(label)).Append("</a></li>");
        }
        menu.Append("</ul></nav>\n<form class=\"signout\" method=\"post\" action=\"").Append(LogoutPath).Append("\">")
            .Append(AntiforgeryField(http, antiforgery)).Append(Hidden("lang", t.Language))
            .Append("<p class=\"who\">").Append(E(t.SignedInAs(access.Person.DisplayName))).Append(" <button type=\"submit\" class=\"link\">")
            .Append(E(t.SignOut)).Append("</button></p></form>\n");
        var other = OrganizerTexts.For(t.OtherLanguage);
        return Html(Page(t.Board, title, Href(path, other.Language, query), menu.Append(body).ToString()), status);
    }

    /// <summary>A page that turns someone away, with what to do instead.</summary>
    public static IResult Refusal(OrganizerTexts t, int status, string title, string explanation) =>
        Html(Page(t.Board, title, Href(RoundsPath, t.OtherLanguage),
            $"<p role=\"alert\">{E(explanation)}</p>\n<p>{E(t.HowToLogIn)}</p>\n<p><a href=\"{E(Href("/dashboard", t.Language))}\">{E(t.Board.BackToBoards)}</a></p>\n"),
            status);

    public static string AntiforgeryField(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Hidden(tokens.FormFieldName, tokens.RequestToken);
    }

    public static string Hidden(string name, string? value) => $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">";
}
