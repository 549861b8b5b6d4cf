using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.AspNetCore.Antiforgery;
using QuizBot.Data;
using QuizBot.Digest;
using QuizBot.Leaderboards;
using static QuizBot.Dashboard.DashboardHtml;
using static QuizBot.Dashboard.Organizer.OrganizerPage;

namespace QuizBot.Dashboard.Organizer;

/// <summary>One unit the organizer holds and its sub-units' figures for a period, from the kept totals.</summary>
public sealed record ParticipationSection(BoardUnit Unit, IReadOnlyList<UnitRow> Rows);

/// <summary>
/// Participation per sub-unit of each unit the organizer holds (the top units for an admin), in a period: the
/// weekly digest's organizer figures, with units under 50 % flagged; and the same rows as CSV or Excel.
/// </summary>
public static class ParticipationPage
{
    public static IEndpointRouteBuilder MapParticipation(this IEndpointRouteBuilder app)
    {
        app.MapGet(ParticipationPath, ShowAsync);
        app.MapGet(ParticipationPath + "/export", ExportAsync);
        return app;
    }

    public static bool IsFlagged(UnitRow row) => row.Rate < WeeklyDigest.FlagBelow;

    private static async Task<IResult> ShowAsync(string? lang, string? period, HttpContext http, OrganizerGate gate, Leaderboard board,
        BoardUnits units, IAntiforgery antiforgery, CancellationToken ct)
    {
        var (access, refusal) = await gate.AdmitAsync(http, lang, ct);
        if (access is null) return refusal!;
        var t = access.T;
        var kind = BoardPeriod.Week;
        if (!string.IsNullOrEmpty(period) && !PeriodWords.TryGetValue(period, out kind)) return Refusal(t, StatusCodes.Status404NotFound, t.Board.NotFound, t.Board.NotFound);
        var key = board.CurrentPeriod(kind);
        var sections = await SectionsAsync(access, board, units, key, ct);

        var body = new StringBuilder("<nav aria-label=\"").Append(E(t.Board.PeriodsLabel)).Append("\"><ul>");
        foreach (var p in Enum.GetValues<BoardPeriod>())
        {
            body.Append("<li><a href=\"").Append(E(Href(ParticipationPath, t.Language, ("period", p == BoardPeriod.Week ? null : PeriodWord(p))))).Append('"')
                .Append(p == kind ? " aria-current=\"page\"" : "").Append('>').Append(E(t.Board.Period(p))).Append("</a></li>");
        }
        body.Append("</ul></nav>\n<p class=\"period\">").Append(E(t.Board.PeriodLine(key))).Append("</p>\n")
            .Append("<p>").Append(E(t.DownloadParticipation)).Append(' ')
            .Append("<a href=\"").Append(E(ExportHref(kind, "csv"))).Append("\" download>").Append(E(t.Csv)).Append("</a> · ")
            .Append("<a href=\"").Append(E(ExportHref(kind, "xlsx"))).Append("\" download>").Append(E(t.Excel)).Append("</a></p>\n");
        foreach (var section in sections)
        {
            var flagged = section.Rows.Count(IsFlagged);
            body.Append("<h2>").Append(E(section.Unit.Name)).Append("</h2>\n<p>").Append(E(t.FlaggedSummary(flagged, section.Rows.Count))).Append("</p>\n")
                .Append("<div class=\"scroll\"><table><caption>").Append(E(t.ParticipationCaption(section.Unit.Name))).Append("</caption>\n<thead><tr>")
                .Append(Th(t.Unit)).Append(Th(t.Participants, numeric: true)).Append(Th(t.Members, numeric: true)).Append(Th(t.Rate, numeric: true))
                .Append(Th(t.Flag)).Append("</tr></thead>\n<tbody>\n");
            foreach (var row in section.Rows.OrderBy(r => r.Rate ?? double.MaxValue).ThenBy(r => r.Name, StringComparer.Ordinal))
            {
                var flag = IsFlagged(row) ? $"<span class=\"flag\">⚠ {E(t.UnderHalf)}</span>" : row.Rate is null ? E(t.Board.NoRate) : E(t.AtLeastHalf);
                body.Append("<tr><th scope=\"row\">").Append(E(row.Name)).Append("</th>").Append(Td(N(row.Participants))).Append(Td(N(row.Members)))
                    .Append(Td(Percent(row.Rate))).Append("<td>").Append(flag).Append("</td></tr>\n");
            }
            body.Append("</tbody></table></div>\n");
        }
        if (sections.Count == 0) body.Append("<p>").Append(E(t.NoUnits)).Append("</p>\n");
        return Show(access, http, antiforgery, Section.Participation, t.ParticipationTitle, ParticipationPath, body.ToString(),
            query: ("period", kind == BoardPeriod.Week ? null : PeriodWord(kind)));
    }

    private static string ExportHref(BoardPeriod period, string format) => $"{ParticipationPath}/export?period={PeriodWord(period)}&format={format}";

    private static async Task<IResult> ExportAsync(string? lang, string? period, string? format, HttpContext http, OrganizerGate gate, Leaderboard board,
        BoardUnits units, CancellationToken ct)
    {
        var (access, refusal) = await gate.AdmitAsync(http, lang, ct);
        if (access is null) return refusal!;
        var t = access.T;
        var kind = BoardPeriod.Week;
        if ((!string.IsNullOrEmpty(period) && !PeriodWords.TryGetValue(period, out kind)) || format is not ("csv" or "xlsx"))
        {
            return Refusal(t, StatusCodes.Status400BadRequest, t.BadFormatTitle, t.BadFormat);
        }
        var key = board.CurrentPeriod(kind);
        var sections = await SectionsAsync(access, board, units, key, ct);
        using var file = new MemoryStream();
        if (format == "csv") ParticipationExport.WriteCsv(file, sections);
        else ParticipationExport.WriteXlsx(file, sections, DashboardTexts.Vietnamese.PeriodLine(key));
        return Results.File(file.ToArray(), RoundsPage.ContentType(format), $"tham-gia-{PeriodWord(kind)}-{key.StartText}.{format}");
    }

    public static async Task<List<ParticipationSection>> SectionsAsync(OrganizerAccess access, Leaderboard board, BoardUnits boardUnits, PeriodKey period,
        CancellationToken ct)
    {
        var units = await boardUnits.GetAsync(ct);
        var tops = access.Units is { } mine ? mine.Distinct().Where(units.ById.ContainsKey).Select(id => units.ById[id]).ToList() : units.Roots.ToList();
        var sections = new List<ParticipationSection>();
        foreach (var unit in tops.OrderBy(u => u.SortOrder))
        {
            // A unit's sub-units that existed in the period; a cell, having none, stands for itself.
            var children = units.Children.GetValueOrDefault(unit.Id)?.Where(u => u.ValidUntil is null || u.ValidUntil >= period.Start).ToList();
            sections.Add(new(unit, await board.UnitRowsAsync(children is { Count: > 0 } ? children : [unit], period, ct)));
        }
        return sections;
    }
}

/// <summary>Participation per unit as files for the committee's records: Vietnamese headers, the rate as a fraction.</summary>
public static class ParticipationExport
{
    public static readonly IReadOnlyList<string> Columns = ["Đơn vị cấp trên", "Đơn vị", "Số người tham gia", "Số đảng viên", "Tỷ lệ tham gia", "Dưới 50 %"];

    public const string Sheet = "Tham gia";

    public static void WriteCsv(Stream output, IReadOnlyList<ParticipationSection> sections)
    {
        var options = new CsvWriterOptions { WriteByteOrderMark = true, FormatProvider = CultureInfo.InvariantCulture, Injection = CsvInjection.Escape };
        using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        csv.WriteHeader([.. Columns]);
        foreach (var (unit, row) in Rows(sections))
        {
            csv.WriteField(unit.Name);
            csv.WriteField(row.Name);
            csv.WriteField(row.Participants, []);
            csv.WriteField(row.Members, []);
            if (row.Rate is { } rate) csv.WriteField(Math.Round(rate, 4), []);
            else csv.WriteField("");
            csv.WriteField(ParticipationPage.IsFlagged(row) ? "x" : "");
            csv.EndRecord();
        }
    }

    public static void WriteXlsx(Stream output, IReadOnlyList<ParticipationSection> sections, string title)
    {
        using var workbook = new XLWorkbook();
        workbook.Properties.Title = title;
        var sheet = workbook.Worksheets.Add(Sheet);
        for (var c = 0; c < Columns.Count; c++) sheet.Cell(1, c + 1).SetValue(Columns[c]);
        sheet.Row(1).Style.Font.Bold = true;
        var r = 2;
        foreach (var (unit, row) in Rows(sections))
        {
            // SetValue keeps a name as text, whatever it looks like (the Value setter would guess at numbers and dates).
            sheet.Cell(r, 1).SetValue(unit.Name);
            sheet.Cell(r, 2).SetValue(row.Name);
            sheet.Cell(r, 3).SetValue(row.Participants);
            sheet.Cell(r, 4).SetValue(row.Members);
            if (row.Rate is { } rate)
            {
                sheet.Cell(r, 5).SetValue(rate);
                sheet.Cell(r, 5).Style.NumberFormat.Format = "0%";
            }
            sheet.Cell(r, 6).SetValue(ParticipationPage.IsFlagged(row) ? "x" : "");
            r++;
        }
        sheet.SheetView.FreezeRows(1);
        // Widths by hand: ClosedXML's AdjustToContents needs libgdiplus on Linux.
        sheet.Column(1).Width = sheet.Column(2).Width = 36;
        for (var c = 3; c <= Columns.Count; c++) sheet.Column(c).Width = 18;
        workbook.SaveAs(output);
    }

    private static IEnumerable<(BoardUnit Unit, UnitRow Row)> Rows(IReadOnlyList<ParticipationSection> sections) =>
        sections.SelectMany(s => s.Rows.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => (s.Unit, r)));
}
