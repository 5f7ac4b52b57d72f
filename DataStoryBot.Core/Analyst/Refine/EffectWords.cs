using System.Globalization;
using DataStoryBot.Core.Analyst.Stories;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// Effect sizes in the words a reporter uses: a ratio as "nearly five times as high as" or "about a third higher than",
/// a share as "about one in four" or "nearly half", a correlation as "strong" or "weak". Each phrase is a rounding of a
/// computed number; writers pass it through <see cref="NarrativeBuilder.N"/> with one of these as the format, so the
/// phrase is recorded as a fact with the exact value behind it (and the number itself stays in the evidence paragraph).
/// </summary>
public static class EffectWords
{
    private static readonly string[] Small = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    private static readonly (double Value, string Words)[] Fractions =
        [(0.1, "a tenth"), (0.2, "a fifth"), (0.25, "a quarter"), (1 / 3.0, "a third"), (0.4, "two fifths"), (0.5, "half"), (0.6, "three fifths"), (2 / 3.0, "two thirds"), (0.75, "three quarters")];

    private static readonly (double Value, string Words)[] Shares =
    [
        (0.01, "one in a hundred"), (0.02, "one in fifty"), (0.05, "one in twenty"), (0.1, "one in ten"), (1 / 6.0, "one in six"),
        (0.2, "one in five"), (0.25, "one in four"), (0.3, "three in ten"), (1 / 3.0, "one in three"), (0.4, "two in five"),
        (0.5, "half"), (0.6, "three in five"), (2 / 3.0, "two in three"), (0.7, "seven in ten"), (0.75, "three in four"),
        (0.8, "four in five"), (0.9, "nine in ten"), (0.95, "nineteen in twenty"),
    ];

    /// <summary>A whole number as a reader writes it in a sentence: words up to ten, digits above.</summary>
    public static string Count(long n) => n >= 0 && n <= 10 ? Small[n] : n.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>
    /// How many times one positive quantity is another, as a multiple: "about twice", "nearly five times", "more than
    /// three times", "about 12 times". Meant for ratios of at least 1.5; smaller ones read better as
    /// <see cref="Compare"/>'s "a third higher".
    /// </summary>
    public static string Times(double ratio)
    {
        if (!double.IsFinite(ratio) || ratio <= 0) return "an unknown multiple of";
        if (ratio < 1.45) return $"about {Fmt.Num(ratio)} times";
        if (ratio < 1.6) return "about one and a half times";
        if (ratio < 1.85) return "nearly twice";
        if (ratio <= 2.15) return "about twice";
        if (ratio < 2.4) return "more than twice";
        if (ratio < 2.6) return "about two and a half times";
        if (ratio >= 10.5)
        {
            // Two significant digits: 12, 45, 1,200.
            var digits = Math.Pow(10, Math.Floor(Math.Log10(ratio)) - 1);
            var rounded = Math.Round(ratio / digits) * digits;
            var q = ratio < rounded * 0.97 ? "nearly" : ratio > rounded * 1.03 ? "more than" : "about";
            return $"{q} {rounded.ToString("#,0", CultureInfo.InvariantCulture)} times";
        }
        var n = (long)Math.Round(ratio);
        var diff = ratio - n;
        var qualifier = Math.Abs(diff) <= Math.Max(0.1, 0.02 * n) + 1e-9 ? "about" : diff < 0 ? "nearly" : "more than";
        return $"{qualifier} {Count(n)} times";
    }

    /// <summary>
    /// One positive quantity against another in a comparison that reads in a sentence: "nearly five times as high as",
    /// "about a third higher than", "about as high as", "about a quarter lower than", "about half as high as".
    /// <paramref name="adjective"/> is the base form ("high", "often", "long"), <paramref name="more"/> and
    /// <paramref name="less"/> its comparatives ("higher", "lower").
    /// </summary>
    public static string Compare(double ratio, string adjective = "high", string more = "higher", string less = "lower")
    {
        if (!double.IsFinite(ratio) || ratio <= 0) return $"not comparable with";
        if (ratio >= 1.45) return $"{Times(ratio)} as {adjective} as";
        if (ratio >= 1.05) return $"{Fraction(ratio - 1)} {more} than";
        if (ratio > 0.95) return $"about as {adjective} as";
        if (ratio > 0.6) return $"{Fraction(1 - ratio)} {less} than";
        if (ratio >= 0.09) return $"{Fraction(ratio)} as {adjective} as";
        return $"less than a tenth as {adjective} as";
    }

    /// <summary>
    /// How big one quantity is beside another, with no "than" to follow: "nearly five times as high", "about a quarter as
    /// high", "about a third higher", "about a fifth lower", "about as high". Never "N times as low": a ratio below one
    /// is said as the fraction it is ("Duration is about a quarter as long where output is highest").
    /// </summary>
    public static string Scale(double ratio, string adjective = "high", string more = "higher", string less = "lower")
    {
        if (!double.IsFinite(ratio) || ratio <= 0) return "not comparable";
        if (ratio >= 1.45) return $"{Times(ratio)} as {adjective}";
        if (ratio >= 1.05) return $"{Fraction(ratio - 1)} {more}";
        if (ratio > 0.95) return $"about as {adjective}";
        if (ratio > 0.6) return $"{Fraction(1 - ratio)} {less}";
        if (ratio >= 0.09) return $"{Fraction(ratio)} as {adjective}";
        return $"less than a tenth as {adjective}";
    }

    /// <summary>A fraction with its qualifier: "about a third", "nearly a quarter", "just over half".</summary>
    public static string Fraction(double x)
    {
        if (!double.IsFinite(x) || x <= 0) return "none";
        if (x < 0.075) return "slightly";
        var (value, words) = Fractions.MinBy(f => Math.Abs(f.Value - x));
        return Qualify(x, value) + words;
    }

    /// <summary>A share of a whole as a reporter says it: "about one in four", "nearly half", "seven in ten", "almost all".</summary>
    public static string Share(double share)
    {
        if (!double.IsFinite(share) || share < 0) return "an unknown share";
        if (share == 0) return "none";
        if (share >= 0.995) return share >= 1 ? "all" : "virtually all";
        if (share >= 0.97) return "almost all";
        if (share < 0.008) return "fewer than one in a hundred";
        // Below one in ten the anchors are far apart in absolute terms: choose the nearest by ratio.
        var (value, words) = share < 0.1
            ? Shares.MinBy(s => Math.Abs(Math.Log(s.Value / share)))
            : Shares.MinBy(s => Math.Abs(s.Value - share));
        return Qualify(share, value) + words;
    }

    /// <summary>The strength of a correlation coefficient (either sign): "very strong", "strong", "moderate", "weak", "very weak".</summary>
    public static string Strength(double r)
    {
        var a = Math.Abs(r);
        return !double.IsFinite(a) ? "unknown" : a >= 0.9 ? "very strong" : a >= 0.7 ? "strong" : a >= 0.4 ? "moderate" : a >= 0.2 ? "weak" : "very weak";
    }

    /// <summary>A relative change (0.48 = +48%) in words: "up by about half", "nearly doubled", "down by about a third".</summary>
    public static string Change(double relative)
    {
        if (!double.IsFinite(relative)) return "changed";
        var ratio = 1 + relative;
        if (relative >= 0.45) return ratio >= 1.85 && ratio <= 2.15 ? "about doubled" : ratio < 1.85 && ratio >= 1.6 ? "nearly doubled" : $"grew to {Times(ratio)} its starting level";
        if (relative >= 0.05) return $"up by {Fraction(relative)}";
        if (relative > -0.05) return "about level";
        if (relative > -0.95) return $"down by {Fraction(-relative)}";
        return "down almost to nothing";
    }

    private static string Qualify(double actual, double anchor)
    {
        var gap = (actual - anchor) / anchor;
        return Math.Abs(gap) <= 0.04 ? "about " : gap < 0 ? "nearly " : "just over ";
    }
}
