using QuizBot.Digest;
using SkiaSharp;

namespace QuizBot.Tests.Digest;

public sealed class ParticipationChartTests
{
    private static readonly ChartBar[] Bars =
    [
        new("Chi bộ ấp Bình Thuận", 0.75),
        new("Chi bộ ấp Long Hữu", 0.25),
        new("Chi bộ ấp Đông Thạnh", 0.1),
        new("Đảng bộ phường Thủ Dầu Một", null),
    ];

    [Fact]
    public void The_chart_renders_a_PNG_of_its_width_with_a_row_per_unit()
    {
        var png = ParticipationChart.Render("Tỷ lệ tham gia tuần qua — Đảng bộ xã Phước Hưng", "Tỷ lệ tham gia (%)", Bars);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        using var image = SKBitmap.Decode(png);
        Assert.NotNull(image);
        Assert.Equal(ParticipationChart.Width, image.Width);
        Assert.InRange(image.Height, 260, 2400);
        // More units, a taller chart: the names stay legible.
        using var taller = SKBitmap.Decode(ParticipationChart.Render("t", "%", [.. Bars, .. Bars, .. Bars]));
        Assert.True(taller.Height > image.Height);
    }

    [Fact]
    public void The_chart_draws_with_a_font_that_has_every_Vietnamese_letter_of_its_labels()
    {
        var family = ParticipationChart.FontFamily;
        using var face = SKTypeface.FromFamilyName(family);

        Assert.Equal(family, face.FamilyName, ignoreCase: true);
        foreach (var text in Bars.Select(b => b.Name).Append("Tỷ lệ tham gia (%) ữ ỗ ặ ợ ự ỹ Ỵ"))
            Assert.True(face.ContainsGlyphs(text), $"{family} lacks a letter of \"{text}\"");
    }
}
