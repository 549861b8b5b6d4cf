using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.QuestionBank;
using static QuizBot.Dashboard.DashboardHtml;
using static QuizBot.Dashboard.Organizer.OrganizerPage;

namespace QuizBot.Dashboard.Organizer;

/// <summary>
/// The question bank as organizers see it: one topic's questions in service with their status, validity and item
/// analysis (facility and discrimination over the practice answers), and what the bank files say is wrong, read
/// from the files as they are now.
/// </summary>
public static class BankBrowserPage
{
    /// <summary>Questions a page lists; a larger topic is the bank files' business (bank export).</summary>
    public const int MaxQuestions = 500;

    /// <summary>Findings listed per kind; the rest are in <c>quizbot bank validate</c>.</summary>
    public const int MaxFindings = 200;

    public static IEndpointRouteBuilder MapBankBrowser(this IEndpointRouteBuilder app)
    {
        app.MapGet(BankPath, ShowAsync);
        return app;
    }

    private static async Task<IResult> ShowAsync(string? lang, string? topic, HttpContext http, OrganizerGate gate, QuestionCatalog catalog, QuizBotDb db,
        BankSync bank, QuizClock clock, IAntiforgery antiforgery, CancellationToken ct)
    {
        var (access, refusal) = await gate.AdmitAsync(http, lang, ct);
        if (access is null) return refusal!;
        var t = access.T;
        var counts = catalog.Current.GroupBy(q => q.Topic).ToDictionary(g => g.Key, g => g.Count());
        var chosen = catalog.Topics.FirstOrDefault(x => x.Id == topic) ?? catalog.Topics.FirstOrDefault(x => counts.ContainsKey(x.Id)) ?? catalog.Topics.FirstOrDefault();
        if (!string.IsNullOrEmpty(topic) && chosen?.Id != topic) return Refusal(t, StatusCodes.Status404NotFound, t.Board.NotFound, t.NoSuchTopic);

        var body = new StringBuilder("<nav aria-label=\"").Append(E(t.TopicsLabel)).Append("\"><ul>");
        foreach (var x in catalog.Topics)
        {
            body.Append("<li><a href=\"").Append(E(Href(BankPath, t.Language, ("topic", x.Id)))).Append('"').Append(x == chosen ? " aria-current=\"page\"" : "")
                .Append('>').Append(E($"{x.Name.For(t.Language)} ({counts.GetValueOrDefault(x.Id)})")).Append("</a></li>");
        }
        body.Append("</ul></nav>\n");

        if (chosen is not null)
        {
            var questions = catalog.Current.Where(q => q.Topic == chosen.Id).OrderBy(q => q.Key, StringComparer.Ordinal).ToList();
            var shown = questions.Take(MaxQuestions).Select(q => q.Key).ToList();
            var stats = (await new ItemStatistics(db).ComputeAsync(1, ct, shown)).Rows.ToDictionary(r => r.Key, r => r.Result, StringComparer.Ordinal);
            body.Append("<h2 id=\"questions\">").Append(E(chosen.Name.For(t.Language))).Append("</h2>\n")
                .Append("<p class=\"legend\" id=\"analysis-legend\">").Append(E(t.AnalysisLegend(ItemStatistics.DefaultMinAttempts))).Append("</p>\n")
                .Append("<div class=\"scroll\"><table aria-describedby=\"analysis-legend\"><caption>").Append(E(t.QuestionsCaption(chosen.Name.For(t.Language), questions.Count)))
                .Append("</caption>\n<thead><tr>").Append(Th(t.QuestionId)).Append(Th(t.QuestionText)).Append(Th(t.TypeColumn)).Append(Th(t.Difficulty, numeric: true))
                .Append(Th(t.StatusColumn)).Append(Th(t.Validity)).Append(Th(t.AttemptsCount, numeric: true)).Append(Th(t.Facility, numeric: true))
                .Append(Th(t.Discrimination, numeric: true)).Append(Th(t.Analysis)).Append("</tr></thead>\n<tbody>\n");
            foreach (var q in questions.Take(MaxQuestions))
            {
                var result = stats.GetValueOrDefault(q.Key);
                var enough = result is not null && result.Attempts >= ItemStatistics.DefaultMinAttempts;
                var verdict = result is null ? t.NoAnswers
                    : !enough ? t.TooFewAttempts
                    : result.Flags == ItemFlags.None ? t.ItemFine : t.FlagNames(result.Flags);
                body.Append("<tr><th scope=\"row\"><code>").Append(E(q.Key)).Append("</code></th><td>").Append(E(Short(q.Content.Text.For(t.Language))))
                    .Append("</td><td>").Append(E(t.TypeName(q.Type))).Append("</td>").Append(Td(N(q.Difficulty)))
                    .Append("<td>").Append(E(t.StatusName(q.Status))).Append("</td><td>").Append(E(Validity(q, t))).Append("</td>")
                    .Append(Td(result is null ? "0" : N(result.Attempts))).Append(Td(result is null ? "–" : Decimal(result.Facility)))
                    .Append(Td(result?.Discrimination is { } d ? Decimal(d) : "–"))
                    .Append("<td").Append(enough && result!.Flags != ItemFlags.None ? " class=\"flag\"" : "").Append('>').Append(E(verdict)).Append("</td></tr>\n");
            }
            body.Append("</tbody></table></div>\n");
            if (questions.Count > MaxQuestions) body.Append("<p class=\"note\">").Append(E(t.Board.FirstOf(MaxQuestions, questions.Count))).Append("</p>\n");
        }

        body.Append("<h2 id=\"problems\">").Append(E(t.BankProblems)).Append("</h2>\n");
        var (errors, warnings, lint) = await ProblemsAsync(bank.Folder, clock.Today(), ct);
        Findings(body, t.BankErrors, t.NoBankErrors, errors);
        Findings(body, t.BankWarnings, t.NoBankWarnings, warnings);
        Findings(body, t.BankLint, t.NoBankLint, lint);
        return Show(access, http, antiforgery, Section.Bank, t.BankTitle, BankPath, body.ToString(), query: ("topic", chosen?.Id));
    }

    /// <summary>The bank folder's problems now: errors (a file kept out of service), warnings, and the lint's advice.</summary>
    private static Task<(List<string> Errors, List<string> Warnings, List<string> Lint)> ProblemsAsync(string folder, DateOnly today, CancellationToken ct) =>
        Task.Run(() =>
        {
            try
            {
                var loaded = BankLoader.Load(folder);
                var lint = BankLint.Run(loaded.Questions, today).Findings.Select(f => $"{f.Location}: {f.Message}").ToList();
                return (loaded.Errors.Select(e => e.ToString()).ToList(), loaded.Warnings.Select(e => e.ToString()).ToList(), lint);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return ([$"{folder}: {e.Message}"], [], []);
            }
        }, ct);

    private static void Findings(StringBuilder body, string heading, string none, IReadOnlyList<string> findings)
    {
        body.Append("<h3>").Append(E(heading)).Append(" (").Append(N(findings.Count)).Append(")</h3>\n");
        if (findings.Count == 0)
        {
            body.Append("<p>").Append(E(none)).Append("</p>\n");
            return;
        }
        body.Append("<ul class=\"findings\">");
        foreach (var f in findings.Take(MaxFindings)) body.Append("<li><code>").Append(E(f)).Append("</code></li>");
        body.Append("</ul>\n");
    }

    private static string Validity(Question q, OrganizerTexts t) => (q.ValidFrom, q.ValidUntil) switch
    {
        (null, null) => t.AlwaysValid,
        (var from, var until) => $"{from?.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) ?? "…"} – {until?.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) ?? "…"}",
    };

    private static string Short(string text) => text.Length <= 140 ? text : text[..140] + "…";
}
