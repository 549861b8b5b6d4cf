using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using QuizBot.Contests;
using static QuizBot.Tests.Contests.Contestants;

namespace QuizBot.Tests.Contests;

public sealed class ResultsExportTests
{
    /// <summary>Vietnam's offset, fixed, so the tests do not depend on the machine's time zone database.</summary>
    private static readonly TimeZoneInfo Vietnam = TimeZoneInfo.CreateCustomTimeZone("ICT", TimeSpan.FromHours(7), "ICT", "ICT");

    private static IReadOnlyList<ContestantResult> Results() =>
        PrizeTiers.Parse("1,1,0,1").Apply(Ranked(
            Attempt(1, "Nguyễn Thị Hồng Nhung", score: 9.5, prediction: 120, timeMs: 83_450, submittedMinute: 5, unitName: "Chi bộ Thôn Đồng Tâm"),
            Attempt(2, "Trần Đức Việt", score: 8, prediction: null, timeMs: 125_000, submittedMinute: 9, unitId: 2, unitName: "Chi bộ 0123"),
            Attempt(3, "Lê \"Bé\", Văn Ơn", score: 8, prediction: 101, timeMs: 200_000, submittedMinute: 7, unitName: "Chi bộ Thôn Đồng Tâm"),
            Attempt(4, "Phạm Quỳnh", score: 2.25, prediction: 100, timeMs: 600_000, submittedMinute: 59, unitId: 2, unitName: "Chi bộ 0123")));

    private static readonly string[][] ExpectedCsvRows =
    [
        ["1", "Nguyễn Thị Hồng Nhung", "Chi bộ Thôn Đồng Tâm", "9.5", "10", "120", "83.45", "2026-12-03 20:05:00", "Giải Nhất"],
        ["2", "Lê \"Bé\", Văn Ơn", "Chi bộ Thôn Đồng Tâm", "8", "10", "101", "200", "2026-12-03 20:07:00", "Giải Nhì"],
        ["3", "Trần Đức Việt", "Chi bộ 0123", "8", "10", "", "125", "2026-12-03 20:09:00", "Giải Khuyến khích"],
        ["4", "Phạm Quỳnh", "Chi bộ 0123", "2.25", "10", "100", "600", "2026-12-03 20:59:00", ""],
    ];

    private static List<string[]> ReadCsv(byte[] bytes, out IReadOnlyList<string> header)
    {
        using var csv = CsvReader.Create(new MemoryStream(bytes), new CsvReaderOptions(), leaveOpen: false);
        csv.ReadHeader();
        header = [.. csv.Headers];
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i) ?? "")]);
        return rows;
    }

    [Fact]
    public void The_csv_starts_with_a_byte_order_mark_and_reads_back_to_the_same_rows()
    {
        using var output = new MemoryStream();
        ResultsExport.WriteCsv(output, Results(), Vietnam);
        var bytes = output.ToArray();

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = ReadCsv(bytes, out var header);
        Assert.Equal(
            ["Hạng", "Họ và tên", "Đơn vị", "Điểm", "Điểm tối đa", "Dự đoán", "Thời gian (giây)", "Nộp lúc", "Giải"],
            header);
        Assert.Equal(ExpectedCsvRows, rows);
    }

    [Fact]
    public void The_csv_numbers_do_not_follow_the_current_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("vi-VN");
        try
        {
            using var output = new MemoryStream();
            ResultsExport.WriteCsv(output, Results(), Vietnam);

            Assert.Equal(ExpectedCsvRows, ReadCsv(output.ToArray(), out _));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void A_name_a_spreadsheet_would_run_as_a_formula_is_escaped_in_the_csv()
    {
        using var output = new MemoryStream();
        ResultsExport.WriteCsv(output, Ranked(Attempt(1, "=HYPERLINK(\"http://x\")")), Vietnam);

        var name = ReadCsv(output.ToArray(), out _)[0][1];

        Assert.False(name.StartsWith('='), name);
        Assert.EndsWith("=HYPERLINK(\"http://x\")", name);
    }

    [Fact]
    public void The_workbook_reads_back_with_numbers_dates_a_frozen_bold_header_and_vietnamese_intact()
    {
        var results = Results();
        var units = UnitResults.Compute(results, new Dictionary<int, (string, int)>
        {
            [1] = ("Chi bộ Thôn Đồng Tâm", 4),
            [2] = ("Chi bộ 0123", 8),
        });
        using var output = new MemoryStream();
        ResultsExport.WriteXlsx(output, results, units, "Vòng 1 — Hội thi Bí thư chi bộ giỏi", Vietnam);

        output.Position = 0;
        using var workbook = new XLWorkbook(output);
        Assert.Equal(["Kết quả", "Đơn vị"], workbook.Worksheets.Select(w => w.Name));
        Assert.Equal("Vòng 1 — Hội thi Bí thư chi bộ giỏi", workbook.Properties.Title);

        var sheet = workbook.Worksheet("Kết quả");
        Assert.Equal(ResultsExport.ResultColumns, Enumerable.Range(1, 9).Select(c => sheet.Cell(1, c).GetString()));
        Assert.True(sheet.Cell(1, 1).Style.Font.Bold);
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.Equal(5, sheet.LastRowUsed().RowNumber());
        for (var i = 0; i < results.Count; i++)
        {
            var row = sheet.Row(i + 2);
            var a = results[i].Attempt;
            Assert.Equal(XLDataType.Number, row.Cell(1).DataType);
            Assert.Equal(results[i].Rank, row.Cell(1).GetValue<int>());
            Assert.Equal(a.FullName, row.Cell(2).GetString());
            Assert.Equal(XLDataType.Text, row.Cell(3).DataType);
            Assert.Equal(a.UnitName, row.Cell(3).GetString());
            Assert.Equal(XLDataType.Number, row.Cell(4).DataType);
            Assert.Equal(a.Score, row.Cell(4).GetValue<double>());
            Assert.Equal(a.MaxScore, row.Cell(5).GetValue<double>());
            if (a.Prediction is { } prediction) Assert.Equal(prediction, row.Cell(6).GetValue<int>());
            else Assert.True(row.Cell(6).IsEmpty());
            Assert.Equal(XLDataType.Number, row.Cell(7).DataType);
            Assert.Equal(a.TotalTimeMs / 1000.0, row.Cell(7).GetValue<double>());
            Assert.Equal(XLDataType.DateTime, row.Cell(8).DataType);
            Assert.Equal(a.SubmittedAt.AddHours(7), row.Cell(8).GetDateTime());
        }
        Assert.Equal(["Giải Nhất", "Giải Nhì", "Giải Khuyến khích", ""], Enumerable.Range(2, 4).Select(r => sheet.Cell(r, 9).GetString()));
        Assert.All(Enumerable.Range(1, 9), c => Assert.InRange(sheet.Column(c).Width, 6, 60));
        Assert.True(sheet.Column(2).Width > sheet.Column(1).Width, "the name column is as wide as the names");

        var unitSheet = workbook.Worksheet("Đơn vị");
        Assert.Equal(ResultsExport.UnitColumns, Enumerable.Range(1, 6).Select(c => unitSheet.Cell(1, c).GetString()));
        Assert.True(unitSheet.Cell(1, 1).Style.Font.Bold);
        Assert.Equal(1, unitSheet.SheetView.SplitRow);
        Assert.Equal(3, unitSheet.LastRowUsed().RowNumber());
        for (var i = 0; i < units.Count; i++)
        {
            var row = unitSheet.Row(i + 2);
            Assert.Equal(units[i].UnitName, row.Cell(1).GetString());
            Assert.Equal(XLDataType.Number, row.Cell(2).DataType);
            Assert.Equal(units[i].Participants, row.Cell(2).GetValue<int>());
            Assert.Equal(units[i].Members, row.Cell(3).GetValue<int>());
            Assert.Equal(XLDataType.Number, row.Cell(4).DataType);
            Assert.Equal(units[i].ParticipationRate!.Value, row.Cell(4).GetValue<double>(), 9);
            Assert.Equal(units[i].MeanScore!.Value, row.Cell(5).GetValue<double>(), 9);
            Assert.Equal(units[i].BestScore!.Value, row.Cell(6).GetValue<double>());
        }
        Assert.Equal("Chi bộ Thôn Đồng Tâm", unitSheet.Cell(2, 1).GetString());
        Assert.Equal(0.5, unitSheet.Cell(2, 4).GetValue<double>());
        Assert.Equal(8.75, unitSheet.Cell(2, 5).GetValue<double>());
    }

    [Fact]
    public void In_the_workbook_a_name_that_looks_like_a_number_a_date_or_a_formula_stays_text()
    {
        var ranking = Ranked(
            Attempt(1, "=1+1", unitName: "0123"),
            Attempt(2, "1/2", score: 7, unitName: "TRUE"));
        using var output = new MemoryStream();
        ResultsExport.WriteXlsx(output, ranking, [], "Vòng 1", Vietnam);

        output.Position = 0;
        using var workbook = new XLWorkbook(output);
        var sheet = workbook.Worksheet("Kết quả");
        Assert.Equal(["=1+1", "0123", "1/2", "TRUE"], new[] { (2, 2), (2, 3), (3, 2), (3, 3) }.Select(p => sheet.Cell(p.Item1, p.Item2).GetString()));
        Assert.All(new[] { (2, 2), (2, 3), (3, 2), (3, 3) }, p =>
        {
            Assert.Equal(XLDataType.Text, sheet.Cell(p.Item1, p.Item2).DataType);
            Assert.False(sheet.Cell(p.Item1, p.Item2).HasFormula);
        });
    }
}
