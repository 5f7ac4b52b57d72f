using ScottPlot;

namespace DataStoryBot.Core.Analyst.Charts;

/// <summary>One look for every chart: 1200×700, the bundled font, the Okabe-Ito colour-blind-safe palette, readable sizes.</summary>
public static class HouseStyle
{
    public const int Width = 1200;
    public const int Height = 700;
    public const int MaxLabelLength = 22;

    /// <summary>Okabe-Ito: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black.</summary>
    public static readonly Color[] Palette =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#E69F00"), Color.FromHex("#009E73"), Color.FromHex("#D55E00"),
        Color.FromHex("#CC79A7"), Color.FromHex("#56B4E9"), Color.FromHex("#F0E442"), Color.FromHex("#000000"),
    ];

    public static Color Primary => Palette[0];
    public static Color Accent => Palette[3];
    public static Color Secondary => Palette[1];
    public static Color Muted => Color.FromHex("#999999");

    public static Plot Create(string title, string xLabel, string yLabel)
    {
        EmbeddedFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(EmbeddedFonts.FamilyName);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Color.FromHex("#E5E5E5");
        plot.Axes.Title.Label.Text = Fmt(title, 90);
        plot.Axes.Title.Label.FontSize = 26;
        plot.Axes.Title.Label.Bold = true;
        plot.Axes.Title.Label.FontName = EmbeddedFonts.FamilyName;
        plot.XLabel(Fmt(xLabel, 80), 19);
        plot.YLabel(Fmt(yLabel, 60), 19);
        plot.Axes.Bottom.Label.FontName = EmbeddedFonts.FamilyName;
        plot.Axes.Left.Label.FontName = EmbeddedFonts.FamilyName;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 15;
        plot.Axes.Left.TickLabelStyle.FontSize = 15;
        plot.Axes.Bottom.TickLabelStyle.FontName = EmbeddedFonts.FamilyName;
        plot.Axes.Left.TickLabelStyle.FontName = EmbeddedFonts.FamilyName;
        plot.Legend.FontName = EmbeddedFonts.FamilyName;
        plot.Legend.FontSize = 15;
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
        lock (RenderGate)
        {
            return plot.GetImageBytes(Width, Height, ImageFormat.Png);
        }
    }

    private static readonly Lock RenderGate = new();

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
            plot.Axes.Bottom.MinimumSize = 40 + longest * 9;
        }
    }

    public static string Fmt(string s, int max) => Detectors.Fmt.Truncate(s, max);
}
