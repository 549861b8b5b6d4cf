using ScottPlot;
using SkiaSharp;

namespace QuizBot.Digest;

/// <summary>One bar of the chart: a sub-unit's name and its participation rate (0–1; null where it has no members).</summary>
public sealed record ChartBar(string Name, double? Rate);

/// <summary>
/// The digest's chart: participation per sub-unit as horizontal bars (long Vietnamese unit names read better down
/// the side than slanted under the bars), with the 50 % line, as a PNG.
/// </summary>
public static class ParticipationChart
{
    public const int Width = 900;

    /// <summary>
    /// Fonts with Vietnamese glyphs, by preference: ScottPlot's default resolves to whatever SkiaSharp finds first,
    /// which on a bare Linux machine may lack the stacked diacritics (ộ, ữ) and draw boxes in their place.
    /// </summary>
    private static readonly string[] Preferred = ["DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial"];

    private const string Sample = "Đảng bộ Chi bộ Xã Phường ấp ộ ữ ướ Ỹ ỵ";

    private static readonly Lazy<string> Family = new(() =>
    {
        foreach (var name in Preferred)
        {
            using var face = SKTypeface.FromFamilyName(name);
            if (face is not null && string.Equals(face.FamilyName, name, StringComparison.OrdinalIgnoreCase) && face.ContainsGlyphs(Sample)) return name;
        }
        return Fonts.Detect(Sample);
    });

    /// <summary>The font family the chart draws its text with.</summary>
    public static string FontFamily => Family.Value;

    public static byte[] Render(string title, string axisLabel, IReadOnlyList<ChartBar> bars)
    {
        var plot = new Plot();
        try
        {
            plot.Font.Set(FontFamily);
            plot.Title(title, size: 18);
            // Top to bottom in the order given: the first bar at the top.
            var count = bars.Count;
            var drawn = new List<Bar>();
            for (var i = 0; i < count; i++)
            {
                var percent = (bars[i].Rate ?? 0) * 100;
                drawn.Add(new Bar
                {
                    Position = count - 1 - i,
                    Value = Math.Min(percent, 100),
                    FillColor = bars[i].Rate is { } rate && rate < 0.5 ? Color.FromHex("#d9534f") : Color.FromHex("#2e7d32"),
                    Label = bars[i].Rate is null ? "—" : $"{percent:0} %",
                    Orientation = ScottPlot.Orientation.Horizontal,
                });
            }
            var series = plot.Add.Bars(drawn);
            series.Horizontal = true;
            series.ValueLabelStyle.FontName = FontFamily;
            series.ValueLabelStyle.FontSize = 13;
            var half = plot.Add.VerticalLine(50, width: 1, color: Colors.Gray, pattern: LinePattern.Dashed);
            half.Text = "50 %";
            half.LabelFontName = FontFamily;

            plot.Axes.Left.SetTicks(
                Enumerable.Range(0, count).Select(i => (double)(count - 1 - i)).ToArray(),
                bars.Select(b => b.Name.Length > 40 ? b.Name[..39] + "…" : b.Name).ToArray());
            plot.Axes.Left.MajorTickStyle.Length = 0;
            plot.Axes.Left.TickLabelStyle.FontName = FontFamily;
            plot.Axes.Left.TickLabelStyle.FontSize = 13;
            plot.Axes.Bottom.TickLabelStyle.FontName = FontFamily;
            plot.Axes.Bottom.Label.Text = axisLabel;
            plot.Axes.Bottom.Label.FontName = FontFamily;
            plot.Axes.SetLimitsX(0, 110);
            plot.Axes.SetLimitsY(-0.6, Math.Max(count, 1) - 0.4);
            plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;

            var height = Math.Clamp(120 + 34 * count, 260, 2400);
            return plot.GetImageBytes(Width, height, ImageFormat.Png);
        }
        finally
        {
            plot.Dispose();
        }
    }
}
