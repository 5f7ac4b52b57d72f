using ScottPlot;

namespace DataStoryBot.Core.Analyst.Charts;

/// <summary>One look for every chart: 1200×700, the bundled font, the Okabe-Ito colour-blind-safe palette, readable sizes.</summary>
public static class HouseStyle
{
    public const int Width = 1200;
    public const int Height = 700;
    public const int MaxLabelLength = 22;

    /// <summary>
    /// Text sizes in pixels of the 1200-pixel-wide PNG. The page shows a chart about 550 pixels wide beside the
    /// narrative (scale 0.46), so the smallest text (ticks, legend) stays at 12 pixels or more there, and larger when
    /// the chart is opened or shown full width.
    /// </summary>
    public const float TickSize = 28;
    public const float LegendSize = 27;
    public const float AxisLabelSize = 30;
    public const float TitleSize = 34;

    /// <summary>Okabe-Ito: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black.</summary>
    public static readonly Color[] Palette =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#E69F00"), Color.FromHex("#009E73"), Color.FromHex("#D55E00"),
        Color.FromHex("#CC79A7"), Color.FromHex("#56B4E9"), Color.FromHex("#F0E442"), Color.FromHex("#000000"),
    ];

    public static Color Primary => Palette[0];
    public static Color Accent => Palette[3];
    /// <summary>
    /// Okabe-Ito's bluish green (3.4:1 on white). The orange #E69F00 was 2.25:1, below WCAG's 3:1 for marks, and a
    /// darkened orange is not told apart from the vermillion accent under protanopia (ChartPaletteTests).
    /// </summary>
    public static Color Secondary => Palette[2];

    /// <summary>Grey for reference lines, 4.5:1 on white.</summary>
    public static Color Muted => Color.FromHex("#767676");

    /// <summary>
    /// Line colours for several series, each at least 3:1 on white: blue, vermillion (dashed), bluish green, reddish
    /// purple (dashed), a darkened orange, black (dashed) — neighbours differ in hue and every other line in pattern.
    /// </summary>
    public static readonly Color[] SeriesColours =
    [
        Palette[0], Palette[3], Palette[2], Palette[4], Color.FromHex("#A66F00"), Palette[7],
    ];

    public static Plot Create(string title, string xLabel, string yLabel)
    {
        EmbeddedFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(EmbeddedFonts.FamilyName);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Color.FromHex("#E5E5E5");
        plot.Axes.Title.Label.Text = Fmt(title, 90);
        plot.Axes.Title.Label.FontSize = TitleSize;
        plot.Axes.Title.Label.Bold = true;
        plot.Axes.Title.Label.FontName = EmbeddedFonts.FamilyName;
        plot.XLabel(Fmt(AxisText(xLabel), 70), AxisLabelSize);
        plot.YLabel(Fmt(AxisText(yLabel), 50), AxisLabelSize);
        plot.Axes.Bottom.Label.FontName = EmbeddedFonts.FamilyName;
        plot.Axes.Left.Label.FontName = EmbeddedFonts.FamilyName;
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Bottom.TickLabelStyle.FontName = EmbeddedFonts.FamilyName;
        plot.Axes.Left.TickLabelStyle.FontName = EmbeddedFonts.FamilyName;
        plot.Legend.FontName = EmbeddedFonts.FamilyName;
        plot.Legend.FontSize = LegendSize;
        return plot;
    }

    /// <summary>A chart without a title (used by the font test to compare against a titled one).</summary>
    public static Plot CreateUntitled(string xLabel, string yLabel)
    {
        var plot = Create("", xLabel, yLabel);
        plot.Axes.Title.IsVisible = false;
        return plot;
    }

    public static byte[] Render(Plot plot)
    {
        if (WithoutImagesScope.Value) return [];
        lock (RenderGate)
        {
            return plot.GetImageBytes(Width, Height, ImageFormat.Png);
        }
    }

    private static readonly Lock RenderGate = new();

    private static readonly AsyncLocal<bool> WithoutImagesScope = new();

    /// <summary>
    /// Until disposed, charts on this flow are built and described but not drawn (an empty PNG): for a story's text taken
    /// from its writer without its charts (the supporting facts of another story's narrative).
    /// </summary>
    public static IDisposable WithoutImages()
    {
        var previous = WithoutImagesScope.Value;
        WithoutImagesScope.Value = true;
        return new Restore(() => WithoutImagesScope.Value = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>Category tick labels: truncated, rotated when long or many, with room reserved below the axis.</summary>
    public static void CategoryTicks(Plot plot, IReadOnlyList<string> labels, bool horizontalBars = false)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < labels.Count; i++) ticks.AddMajor(i, Fmt(labels[i], MaxLabelLength));
        if (horizontalBars)
        {
            plot.Axes.Left.TickGenerator = ticks;
            plot.Axes.Left.MinimumSize = 60;
            return;
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        var longest = labels.Count == 0 ? 0 : labels.Max(l => Math.Min(l.Length, MaxLabelLength));
        if (labels.Count > 8 || longest * labels.Count > 90)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 50 + longest * 16;
        }
    }

    public static string Fmt(string s, int max) => Stories.Fmt.Truncate(s, max);

    /// <summary>A raw column name on an axis reads as words ("Weight_in_lbs" → "Weight in lbs"); other labels stay as written.</summary>
    public static string AxisText(string label) => label.Contains('_') ? Stories.Words.Cap(Stories.Words.Human(label)) : label;

    /// <summary>
    /// Time axis ticks a reader takes in at a glance: whole years (every 1, 2, 5, 10… years) for spans over three
    /// years, otherwise months ("Mar 2020"), never full dates; for year-number axes, whole years only.
    /// </summary>
    public static void TimeTicks(Plot plot, double[] xs, bool isYear)
    {
        var finite = xs.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return;
        double min = finite.Min(), max = finite.Max();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (isYear)
        {
            var step = NiceStep((max - min) / 7);
            for (var y = Math.Ceiling(min / step) * step; y <= max + 1e-9; y += step) ticks.AddMajor(y, Math.Round(y).ToString(c));
            plot.Axes.Bottom.TickGenerator = ticks;
            return;
        }
        DateTime from = DateTime.FromOADate(min), to = DateTime.FromOADate(max);
        var years = (to - from).TotalDays / 365.25;
        if (years >= 3)
        {
            var step = (int)Math.Max(1, NiceStep(years / 7));
            for (var y = (from.Year + step - 1) / step * step; y <= to.Year; y += step)
            {
                var at = new DateTime(y, 1, 1).ToOADate();
                if (at >= min - 1 && at <= max + 1) ticks.AddMajor(at, y.ToString(c));
            }
        }
        else
        {
            var months = Math.Max(1, (int)Math.Round(years * 12));
            var step = months <= 8 ? 1 : months <= 16 ? 2 : months <= 30 ? 3 : 6;
            var m = new DateTime(from.Year, from.Month, 1);
            if (m.ToOADate() < min) m = m.AddMonths(1);
            for (; m.ToOADate() <= max; m = m.AddMonths(step)) ticks.AddMajor(m.ToOADate(), m.ToString("MMM yyyy", c));
        }
        plot.Axes.Bottom.TickGenerator = ticks;
    }

    private static double NiceStep(double raw)
    {
        if (!(raw > 0)) return 1;
        var p = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }
}
