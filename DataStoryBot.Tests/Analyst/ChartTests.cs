using Xunit;
using DataStoryBot.Core.Analyst.Charts;
using SkiaSharp;

namespace DataStoryBot.Tests.Analyst;

public class ChartTests
{
    [Fact]
    public void EmbeddedFonts_HouseFont_ResolvesToBundledDejaVu()
    {
        var typeface = EmbeddedFonts.Resolve(EmbeddedFonts.FamilyName, bold: false);
        Assert.NotNull(typeface);
        Assert.Equal("DejaVu Sans", typeface!.FamilyName);
        Assert.True(typeface.GlyphCount > 1000);
        Assert.Equal(EmbeddedFonts.FamilyName, ScottPlot.Fonts.Default);
    }

    [Fact]
    public void Render_TitledChart_DrawsTitleTextInTitleRegion()
    {
        var xs = new double[] { 1, 2, 3, 4 };
        var ys = new double[] { 2, 4, 3, 5 };
        var titled = HouseStyle.Create("A title that must render", "x", "y");
        titled.Add.ScatterLine(xs, ys);
        var untitled = HouseStyle.CreateUntitled("x", "y");
        untitled.Add.ScatterLine(xs, ys);
        using var a = SKBitmap.Decode(HouseStyle.Render(titled));
        using var b = SKBitmap.Decode(HouseStyle.Render(untitled));
        // The title band: top 45 pixels, middle of the width. Text means dark anti-aliased pixels there.
        var dark = 0;
        for (var y = 0; y < 45; y++)
            for (var x = 300; x < 900; x++)
                if (a.GetPixel(x, y).Red < 128) dark++;
        Assert.True(dark > 200, $"title text missing: {dark} dark pixels");
        var differing = 0;
        for (var y = 0; y < 45; y++)
            for (var x = 300; x < 900; x++)
                if (a.GetPixel(x, y) != b.GetPixel(x, y)) differing++;
        Assert.True(differing > 200);
    }

    [Fact]
    public void Render_DifferentAxisLabels_DifferInLabelBand()
    {
        byte[] Make(string label)
        {
            var plot = HouseStyle.CreateUntitled(label, "y");
            plot.Add.ScatterLine(new double[] { 1, 2 }, new double[] { 1, 2 });
            return HouseStyle.Render(plot);
        }
        using var a = SKBitmap.Decode(Make("Long horizontal axis label"));
        using var b = SKBitmap.Decode(Make("Other words of equal size"));
        // Same layout, different words: without a working font both would be blank there and identical.
        var differing = 0;
        var dark = 0;
        for (var y = 665; y < 700; y++)
            for (var x = 400; x < 800; x++)
            {
                if (a.GetPixel(x, y) != b.GetPixel(x, y)) differing++;
                if (a.GetPixel(x, y).Red < 128) dark++;
            }
        Assert.True(differing > 200, $"axis label text missing: {differing} differing pixels");
        Assert.True(dark > 200, $"axis label text missing: {dark} dark pixels");
    }

    [Fact]
    public void Bars_LongCategoryNames_RenderAtHouseSize()
    {
        var labels = Enumerable.Range(0, 12).Select(i => $"A rather long category name number {i}").ToList();
        var chart = ChartFactory.Bars("Long names", "Category", "Value", labels, labels.Select((_, i) => (double)(12 - i)).ToList(), highlight: 1);
        using var bitmap = SKBitmap.Decode(chart.Png);
        Assert.Equal(HouseStyle.Width, bitmap.Width);
        Assert.Equal(HouseStyle.Height, bitmap.Height);
        Assert.True(RefineTests.DistinctColours(bitmap) > 20);
    }

    [Fact]
    public void Render_SameChartTwice_IdenticalBytes()
    {
        byte[] Make() => ChartFactory.Histogram("Same", "v", Enumerable.Range(0, 500).Select(i => Math.Sin(i) * i).ToArray()).Png;
        Assert.Equal(Make(), Make());
    }
}
