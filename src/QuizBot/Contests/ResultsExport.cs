using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;

namespace QuizBot.Contests;

/// <summary>
/// A round's results as files for organisers, with Vietnamese headers whatever the organiser's chat language: the
/// files go to the party committee's records. Submission times are shown in the round's time zone.
/// </summary>
public static class ResultsExport
{
    public static readonly IReadOnlyList<string> ResultColumns =
        ["Hạng", "Họ và tên", "Đơn vị", "Điểm", "Điểm tối đa", "Dự đoán", "Thời gian (giây)", "Nộp lúc", "Giải"];

    public static readonly IReadOnlyList<string> UnitColumns =
        ["Đơn vị", "Số người dự thi", "Số người đăng ký", "Tỷ lệ tham gia", "Điểm trung bình", "Điểm cao nhất"];

    public const string ResultsSheet = "Kết quả";
    public const string UnitsSheet = "Đơn vị";

    /// <summary>Invariant, sortable as text: "2026-12-03 20:15:07".</summary>
    public const string CsvTimeFormat = "yyyy-MM-dd HH:mm:ss";

    private const string SheetTimeFormat = "dd/mm/yyyy hh:mm:ss";

    /// <summary>
    /// One row per contestant in ranking order, UTF-8 with a byte order mark (without it Excel shows Vietnamese as
    /// mojibake), numbers with '.' as the decimal point. Names that a spreadsheet would run as formulas are escaped.
    /// The stream is left open.
    /// </summary>
    public static void WriteCsv(Stream output, IReadOnlyList<ContestantResult> ranking, TimeZoneInfo timeZone)
    {
        var options = new CsvWriterOptions
        {
            WriteByteOrderMark = true,
            FormatProvider = CultureInfo.InvariantCulture,
            Injection = CsvInjection.Escape,
        };
        using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        csv.WriteHeader([.. ResultColumns]);
        foreach (var r in ranking)
        {
            var a = r.Attempt;
            csv.WriteField(r.Rank, []);
            csv.WriteField(a.FullName);
            csv.WriteField(a.UnitName);
            csv.WriteField(a.Score, []);
            csv.WriteField(a.MaxScore, []);
            if (a.Prediction is { } prediction) csv.WriteField(prediction, []);
            else csv.WriteField("");
            csv.WriteField(Seconds(a.TotalTimeMs), []);
            csv.WriteField(Local(a.SubmittedAt, timeZone), CsvTimeFormat);
            csv.WriteField(ContestTexts.Vi.PrizeName(r.Prize));
            csv.EndRecord();
        }
    }

    /// <summary>
    /// A workbook with the sheets "Kết quả" (one row per contestant) and "Đơn vị" (one row per unit): numbers as
    /// number cells, submission times as date cells, the header row bold and frozen. The title is the workbook's
    /// and the printed page header. The stream is left open.
    /// </summary>
    public static void WriteXlsx(
        Stream output,
        IReadOnlyList<ContestantResult> ranking,
        IReadOnlyList<UnitResult> unitRows,
        string title,
        TimeZoneInfo timeZone)
    {
        using var workbook = new XLWorkbook();
        workbook.Properties.Title = title;

        var results = Sheet(workbook, ResultsSheet, title, ResultColumns);
        var row = 2;
        foreach (var r in ranking)
        {
            var a = r.Attempt;
            results.Cell(row, 1).SetValue(r.Rank);
            Text(results.Cell(row, 2), a.FullName);
            Text(results.Cell(row, 3), a.UnitName);
            results.Cell(row, 4).SetValue(a.Score);
            results.Cell(row, 5).SetValue(a.MaxScore);
            if (a.Prediction is { } prediction) results.Cell(row, 6).SetValue(prediction);
            results.Cell(row, 7).SetValue(Seconds(a.TotalTimeMs));
            results.Cell(row, 8).SetValue(Local(a.SubmittedAt, timeZone));
            results.Cell(row, 8).Style.DateFormat.Format = SheetTimeFormat;
            Text(results.Cell(row, 9), ContestTexts.Vi.PrizeName(r.Prize));
            row++;
        }
        FitColumns(results, ResultColumns.Count, row - 1);

        var units = Sheet(workbook, UnitsSheet, title, UnitColumns);
        row = 2;
        foreach (var u in unitRows)
        {
            Text(units.Cell(row, 1), u.UnitName);
            units.Cell(row, 2).SetValue(u.Participants);
            units.Cell(row, 3).SetValue(u.Members);
            if (u.ParticipationRate is { } rate)
            {
                units.Cell(row, 4).SetValue(rate);
                units.Cell(row, 4).Style.NumberFormat.Format = "0.0%";
            }
            if (u.MeanScore is { } mean)
            {
                units.Cell(row, 5).SetValue(mean);
                units.Cell(row, 5).Style.NumberFormat.Format = "0.00";
            }
            if (u.BestScore is { } best) units.Cell(row, 6).SetValue(best);
            row++;
        }
        FitColumns(units, UnitColumns.Count, row - 1);

        workbook.SaveAs(output);
    }

    private static IXLWorksheet Sheet(XLWorkbook workbook, string name, string title, IReadOnlyList<string> columns)
    {
        var sheet = workbook.Worksheets.Add(name);
        for (var c = 0; c < columns.Count; c++) Text(sheet.Cell(1, c + 1), columns[c]);
        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
        sheet.PageSetup.Header.Center.AddText(title);
        return sheet;
    }

    /// <summary>
    /// A text cell whatever the text looks like. SetValue of a string stores it as text; the Value setter would
    /// guess, turning a unit "0123" into 123 and a name "1/2" into a date.
    /// </summary>
    private static void Text(IXLCell cell, string text) => cell.SetValue(text);

    /// <summary>
    /// Widths from the longest text in each column. ClosedXML's AdjustToContents measures with System.Drawing,
    /// which on Linux needs the native libgdiplus; the character count is close enough for names and numbers.
    /// </summary>
    private static void FitColumns(IXLWorksheet sheet, int columns, int lastRow)
    {
        for (var c = 1; c <= columns; c++)
        {
            var longest = 0;
            for (var r = 1; r <= lastRow; r++)
            {
                var cell = sheet.Cell(r, c);
                var length = cell.DataType == XLDataType.DateTime ? SheetTimeFormat.Length : cell.GetFormattedString().Length;
                longest = Math.Max(longest, length);
            }
            sheet.Column(c).Width = Math.Clamp(longest + 2, 6, 60);
        }
    }

    private static double Seconds(long milliseconds) => milliseconds / 1000.0;

    private static DateTime Local(DateTime utc, TimeZoneInfo timeZone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), timeZone);
}
