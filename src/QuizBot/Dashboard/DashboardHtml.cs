using System.Globalization;
using System.Text;
using QuizBot.Data;

namespace QuizBot.Dashboard;

/// <summary>The pages' frame: one small embedded style sheet, no script; every piece of text passes <see cref="E"/>.</summary>
public static class DashboardHtml
{
    /// <summary>Escapes text for an element or a quoted attribute; names are user input.</summary>
    public static string E(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\'' => "&#39;", _ => c.ToString() });
        }
        return sb.ToString();
    }

    public static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A page as the answer to a request.</summary>
    public static IResult Html(string page, int status = StatusCodes.Status200OK) =>
        Results.Content(page, "text/html; charset=utf-8", Encoding.UTF8, status);

    public static string Th(string text, bool numeric = false) => $"<th scope=\"col\"{(numeric ? " class=\"n\"" : "")}>{E(text)}</th>";

    public static string Td(string text) => $"<td class=\"n\">{E(text)}</td>";

    /// <summary>A board period as the pages' addresses name it (<c>?period=month</c>); the week needs no parameter.</summary>
    public static readonly IReadOnlyDictionary<string, BoardPeriod> PeriodWords = new Dictionary<string, BoardPeriod>(StringComparer.OrdinalIgnoreCase)
    {
        ["week"] = BoardPeriod.Week, ["month"] = BoardPeriod.Month, ["all"] = BoardPeriod.AllTime,
    };

    public static string PeriodWord(BoardPeriod p) => p switch
    {
        BoardPeriod.Week => "week", BoardPeriod.Month => "month", _ => "all",
    };

    /// <summary>A participation rate as the chat shows it: whole percent, or a dash without members.</summary>
    public static string Percent(double? rate) => rate is { } r ? Math.Round(r * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "–";

    public static string Decimal(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Page(DashboardTexts t, string title, string otherLanguageHref, string body)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html lang=\"").Append(t.Language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<a class=\"skip\" href=\"#main\">").Append(E(t.SkipToContent)).Append("</a>\n")
            .Append("<header><p class=\"site\">").Append(E(t.SiteTitle)).Append("</p>")
            .Append("<a class=\"lang\" lang=\"").Append(t.OtherLanguage).Append("\" hreflang=\"").Append(t.OtherLanguage)
            .Append("\" href=\"").Append(E(otherLanguageHref)).Append("\">").Append(E(t.OtherLanguageName)).Append("</a></header>\n")
            .Append("<main id=\"main\">\n<h1>").Append(E(title)).Append("</h1>\n").Append(body).Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    // Colours chosen for at least 4.5:1 contrast on their backgrounds; focus is always drawn, never removed.
    private const string Style = """
        :root{--ink:#1b1b1b;--muted:#4a4a4a;--accent:#9b1111;--link:#0a4d99;--line:#c9c9c9;--bar:#9b1111;--soft:#f4f1ea}
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:#fff}
        header{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.6rem 1rem;background:var(--accent);color:#fff}
        header .site{margin:0;font-weight:600}
        header a{color:#fff}
        main{max-width:60rem;margin:0 auto;padding:1rem}
        h1{font-size:1.5rem;margin:.5rem 0 1rem}
        h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
        a{color:var(--link)}
        a:focus-visible,summary:focus-visible{outline:3px solid #1f6feb;outline-offset:2px;border-radius:2px}
        .skip{position:absolute;left:-999px;top:0;background:#fff;color:var(--link);padding:.5rem}
        .skip:focus{left:.5rem;top:.5rem;z-index:1}
        nav ul{list-style:none;margin:0 0 .75rem;padding:0;display:flex;flex-wrap:wrap;gap:.4rem}
        nav a{display:inline-block;padding:.35rem .7rem;border:1px solid var(--line);border-radius:999px;text-decoration:none;min-height:44px;line-height:2}
        nav a[aria-current]{background:var(--accent);border-color:var(--accent);color:#fff;font-weight:600}
        .crumbs ol{list-style:none;padding:0;margin:0 0 .75rem;display:flex;flex-wrap:wrap;gap:.3rem}
        .crumbs li+li::before{content:"›";margin-right:.3rem;color:var(--muted)}
        .period{color:var(--muted);margin:.25rem 0 1rem}
        .scroll{overflow-x:auto;margin-bottom:1rem}
        table{border-collapse:collapse;width:100%}
        caption{text-align:left;font-weight:600;padding:.4rem 0}
        th,td{padding:.45rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        thead th{background:var(--soft)}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        td.n{white-space:nowrap}
        tbody th{min-width:8rem}
        .legend,.note{color:var(--muted);font-size:.9rem}
        figure{margin:1rem 0}
        figcaption{font-weight:600;margin-bottom:.4rem}
        .bars{list-style:none;margin:0;padding:0}
        .bars li{display:grid;grid-template-columns:minmax(6rem,12rem) 1fr minmax(4.5rem,auto);gap:.5rem;align-items:center;margin:.25rem 0}
        .bars .track{background:var(--soft);border:1px solid var(--line);height:1.1rem}
        .bars .fill{display:block;height:100%;background:var(--bar)}
        .bars .v{text-align:right;font-variant-numeric:tabular-nums}
        .field{margin:0 0 1rem}
        label{display:block;font-weight:600;margin-bottom:.25rem}
        input,select{font:inherit;width:100%;max-width:34rem;min-height:44px;padding:.45rem .6rem;border:1px solid #6b6b6b;border-radius:4px;background:#fff;color:var(--ink)}
        input[aria-invalid],select[aria-invalid]{border:2px solid var(--accent)}
        button{font:inherit;min-height:44px;padding:.5rem 1.2rem;border:0;border-radius:4px;background:var(--accent);color:#fff;font-weight:600;cursor:pointer}
        button.link{min-height:0;padding:0;background:none;color:var(--link);text-decoration:underline;font-weight:400}
        input:focus-visible,select:focus-visible,button:focus-visible{outline:3px solid #1f6feb;outline-offset:2px}
        .hint{color:var(--muted);font-size:.9rem;margin:.2rem 0 0}
        .error{color:var(--accent);font-weight:600;margin:.2rem 0 0}
        .problems{border:2px solid var(--accent);border-radius:4px;padding:.25rem 1rem;margin:0 0 1rem;background:#fdf2f2}
        .problems h2{margin:.5rem 0}
        .notice{border-left:4px solid #1d6b2f;padding:.4rem .8rem;background:#eef7f0}
        .flag{color:var(--accent);font-weight:600}
        .who{color:var(--muted);margin:0 0 1rem}
        .findings code{white-space:pre-wrap;word-break:break-word}
        .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        @media (max-width:30rem){th,td{padding:.35rem .3rem;font-size:.95rem}.bars li{grid-template-columns:1fr auto}.bars .track{grid-column:1/-1;grid-row:2}}
        """;
}
