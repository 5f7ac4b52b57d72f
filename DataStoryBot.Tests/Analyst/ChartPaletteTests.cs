using DataStoryBot.Core.Analyst.Charts;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The house colours that one chart draws side by side stay apart for readers with the common colour-vision
/// deficiencies (Machado, Oliveira and Fernandes 2009 simulation at full severity, in linear sRGB, compared by CIE76 ΔE
/// in Lab), and the colours of data marks contrast 3:1 with the white background (WCAG 2.2, 1.4.11).
/// </summary>
public class ChartPaletteTests
{
    static readonly Dictionary<string, double[,]> Deficiencies = new()
    {
        ["protanopia"] = new[,] { { 0.152286, 1.052583, -0.204868 }, { 0.114503, 0.786281, 0.099216 }, { -0.003882, -0.048116, 1.051998 } },
        ["deuteranopia"] = new[,] { { 0.367322, 0.860646, -0.227968 }, { 0.280085, 0.672501, 0.047413 }, { -0.011820, 0.042940, 0.968881 } },
        ["tritanopia"] = new[,] { { 1.255528, -0.076749, -0.178779 }, { -0.078411, 0.930809, 0.147602 }, { 0.004733, 0.691367, 0.303900 } },
        ["typical"] = new[,] { { 1.0, 0, 0 }, { 0, 1.0, 0 }, { 0, 0, 1.0 } },
    };

    public static TheoryData<string> Names() => ["protanopia", "deuteranopia", "tritanopia", "typical"];

    [Theory]
    [MemberData(nameof(Names))]
    public void HousePalette_ColoursDrawnTogether_StayApartUnderColourBlindness(string deficiency)
    {
        // Primary with Accent (highlighted bars, a line and its trend), Primary with Secondary (Pareto bars and the
        // cumulative line), Secondary with Accent (the means before and after a change point).
        var pairs = new[] { (HouseStyle.Primary, HouseStyle.Accent), (HouseStyle.Primary, HouseStyle.Secondary), (HouseStyle.Secondary, HouseStyle.Accent) };
        foreach (var (a, b) in pairs)
        {
            var distance = DeltaE(Lab(Simulate(a, Deficiencies[deficiency])), Lab(Simulate(b, Deficiencies[deficiency])));
            Assert.True(distance >= 15, $"{a.ToHex()} and {b.ToHex()} under {deficiency}: ΔE {distance:0.0}");
        }
    }

    [Fact]
    public void HousePalette_PrimaryAndAccentMarks_Contrast3To1WithWhite()
    {
        Assert.True(Contrast(HouseStyle.Primary) >= 3, $"primary {Contrast(HouseStyle.Primary):0.00}:1");
        Assert.True(Contrast(HouseStyle.Accent) >= 3, $"accent {Contrast(HouseStyle.Accent):0.00}:1");
        Assert.True(Contrast(HouseStyle.Secondary) >= 3, $"secondary {Contrast(HouseStyle.Secondary):0.00}:1");
        Assert.True(Contrast(HouseStyle.Muted) >= 3, $"muted {Contrast(HouseStyle.Muted):0.00}:1");
        Assert.All(HouseStyle.SeriesColours, c => Assert.True(Contrast(c) >= 3, $"series colour {c} {Contrast(c):0.00}:1"));
    }

    static double Linear(byte c)
    {
        var v = c / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
    }

    static double[] Simulate(ScottPlot.Color c, double[,] m)
    {
        double[] rgb = [Linear(c.R), Linear(c.G), Linear(c.B)];
        return Enumerable.Range(0, 3).Select(i => Math.Clamp(m[i, 0] * rgb[0] + m[i, 1] * rgb[1] + m[i, 2] * rgb[2], 0, 1)).ToArray();
    }

    static double[] Lab(double[] rgb)
    {
        var x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
        var y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        var z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
        static double F(double t) => t > 0.008856 ? Math.Cbrt(t) : 7.787 * t + 16.0 / 116;
        return [116 * F(y) - 16, 500 * (F(x) - F(y)), 200 * (F(y) - F(z))];
    }

    static double DeltaE(double[] a, double[] b) => Math.Sqrt(Enumerable.Range(0, 3).Sum(i => (a[i] - b[i]) * (a[i] - b[i])));

    static double Contrast(ScottPlot.Color c) => 1.05 / (0.2126 * Linear(c.R) + 0.7152 * Linear(c.G) + 0.0722 * Linear(c.B) + 0.05);
}
