namespace DataStoryBot.Core.Analyst.Stats;

public readonly record struct MannKendallResult(double S, double Z, double PValue, double Tau, int N);
public readonly record struct TheilSenResult(double Slope, double Intercept);
public readonly record struct PettittResult(int ChangeIndex, double K, double PValue);
public readonly record struct WelchResult(double T, double Df, double PValue, double CohensD, double MeanA, double MeanB);
public readonly record struct CorrelationResult(double R, double PValue, int N);
public readonly record struct KruskalWallisResult(double H, double Df, double PValue, double EpsilonSquared, int N);
public readonly record struct ChiSquareResult(double Statistic, double Df, double PValue, double CramersV, int N);
public readonly record struct JarqueBeraResult(double Statistic, double PValue, double Skewness, double ExcessKurtosis, double BimodalityCoefficient);

/// <summary>The hypothesis tests behind the detectors.</summary>
internal static class StatTests
{
    /// <summary>Mann-Kendall trend test with tie-corrected variance and continuity correction.</summary>
    public static MannKendallResult MannKendall(ReadOnlySpan<double> y)
    {
        var n = y.Length;
        if (n < 3) return new(0, 0, 1, 0, n);
        long s = 0;
        for (var i = 0; i < n - 1; i++)
        {
            var yi = y[i];
            for (var j = i + 1; j < n; j++)
            {
                var d = y[j] - yi;
                s += d > 0 ? 1 : d < 0 ? -1 : 0;
            }
        }
        var tieTerm = TieVarianceTerm(y);
        var variance = (n * (n - 1.0) * (2 * n + 5) - tieTerm) / 18.0;
        var z = variance <= 0 ? 0 : s > 0 ? (s - 1) / Math.Sqrt(variance) : s < 0 ? (s + 1) / Math.Sqrt(variance) : 0;
        var tau = s / (n * (n - 1) / 2.0);
        return new(s, z, SpecialFunctions.NormalTwoSidedP(z), tau, n);
    }

    private static double TieVarianceTerm(ReadOnlySpan<double> y)
    {
        var sorted = Descriptive.Sorted(y);
        double term = 0;
        var start = 0;
        while (start < sorted.Length)
        {
            var end = start + 1;
            while (end < sorted.Length && sorted[end] == sorted[start]) end++;
            double t = end - start;
            if (t > 1) term += t * (t - 1) * (2 * t + 5);
            start = end;
        }
        return term;
    }

    /// <summary>Theil-Sen slope (median of pairwise slopes) and intercept median(y − b·x).</summary>
    public static TheilSenResult TheilSen(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        if (n < 2) return new(double.NaN, double.NaN);
        var slopes = new List<double>(n * (n - 1) / 2);
        for (var i = 0; i < n - 1; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var dx = x[j] - x[i];
                if (dx != 0) slopes.Add((y[j] - y[i]) / dx);
            }
        }
        if (slopes.Count == 0) return new(double.NaN, double.NaN);
        var arr = slopes.ToArray();
        Array.Sort(arr);
        var slope = Descriptive.QuantileSorted(arr, 0.5);
        var resid = new double[n];
        for (var i = 0; i < n; i++) resid[i] = y[i] - slope * x[i];
        return new(slope, Descriptive.Median(resid));
    }

    /// <summary>Pettitt's change-point test. ChangeIndex is the last index of the first segment.</summary>
    public static PettittResult Pettitt(ReadOnlySpan<double> y)
    {
        var n = y.Length;
        if (n < 4) return new(-1, 0, 1);
        var ranks = Descriptive.Ranks(y, out _);
        double cumulative = 0, best = -1;
        var bestIndex = -1;
        for (var t = 0; t < n - 1; t++)
        {
            cumulative += ranks[t];
            var u = Math.Abs(2 * cumulative - (t + 1) * (n + 1.0));
            if (u > best) { best = u; bestIndex = t; }
        }
        var p = Math.Min(1, 2 * Math.Exp(-6 * best * best / ((double)n * n * n + (double)n * n)));
        return new(bestIndex, best, p);
    }

    public static WelchResult Welch(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double ma = Descriptive.Mean(a), mb = Descriptive.Mean(b);
        double va = Descriptive.Variance(a), vb = Descriptive.Variance(b);
        int na = a.Length, nb = b.Length;
        if (na < 2 || nb < 2) return new(double.NaN, double.NaN, double.NaN, double.NaN, ma, mb);
        var se2 = va / na + vb / nb;
        var t = se2 > 0 ? (mb - ma) / Math.Sqrt(se2) : (mb == ma ? 0 : double.PositiveInfinity * Math.Sign(mb - ma));
        var df = se2 > 0 ? se2 * se2 / (va * va / ((double)na * na * (na - 1)) + vb * vb / ((double)nb * nb * (nb - 1))) : na + nb - 2;
        var pooled = Math.Sqrt(((na - 1) * va + (nb - 1) * vb) / (na + nb - 2));
        var d = pooled > 0 ? (mb - ma) / pooled : 0;
        return new(t, df, SpecialFunctions.StudentTTwoSidedP(t, df), d, ma, mb);
    }

    /// <summary>Pearson r with a t-test p-value over pairs where both values are finite.</summary>
    public static CorrelationResult Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        var n = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double a = x[i], b = y[i];
            if (!double.IsFinite(a) || !double.IsFinite(b)) continue;
            n++; sx += a; sy += b;
        }
        if (n < 3) return new(double.NaN, double.NaN, n);
        double mx = sx / n, my = sy / n;
        for (var i = 0; i < x.Length; i++)
        {
            double a = x[i], b = y[i];
            if (!double.IsFinite(a) || !double.IsFinite(b)) continue;
            var dx = a - mx; var dy = b - my;
            sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
        }
        if (sxx <= 0 || syy <= 0) return new(double.NaN, double.NaN, n);
        var r = Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
        return new(r, CorrelationP(r, n), n);
    }

    public static double CorrelationP(double r, int n)
    {
        if (n < 3 || double.IsNaN(r)) return double.NaN;
        if (Math.Abs(r) >= 1) return 0;
        var t = r * Math.Sqrt((n - 2) / (1 - r * r));
        return SpecialFunctions.StudentTTwoSidedP(t, n - 2);
    }

    /// <summary>Spearman rho (Pearson on average ranks) over pairs where both values are finite.</summary>
    public static CorrelationResult Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = 0;
        for (var i = 0; i < x.Length; i++) if (double.IsFinite(x[i]) && double.IsFinite(y[i])) n++;
        var a = new double[n];
        var b = new double[n];
        var k = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            a[k] = x[i]; b[k] = y[i]; k++;
        }
        var ra = Descriptive.Ranks(a, out _);
        var rb = Descriptive.Ranks(b, out _);
        return Pearson(ra, rb);
    }

    /// <summary>Two-sided Poisson p-value of <paramref name="k"/> events where <paramref name="expected"/> were expected.</summary>
    public static double PoissonTwoSidedP(double k, double expected)
    {
        if (!(expected > 0)) return k > 0 ? 0 : 1;
        if (expected >= 5) return SpecialFunctions.NormalTwoSidedP(Math.Max(0, Math.Abs(k - expected) - 0.5) / Math.Sqrt(expected));
        // P(X >= k) = P(k, λ) (lower regularized gamma), P(X <= k) = Q(k + 1, λ).
        var upper = k <= 0 ? 1 : 1 - SpecialFunctions.UpperIncompleteGamma(k, expected);
        var lower = SpecialFunctions.UpperIncompleteGamma(k + 1, expected);
        return Math.Min(1, 2 * Math.Min(upper, lower));
    }

    /// <summary>Benjamini-Hochberg adjusted p-values (same order as input).</summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => double.IsNaN(pValues[i]) ? 1.0 : pValues[i]).ThenBy(i => i).ToArray();
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var i = order[rank - 1];
            var p = double.IsNaN(pValues[i]) ? 1.0 : pValues[i];
            running = Math.Min(running, p * m / rank);
            adjusted[i] = Math.Min(1, running);
        }
        return adjusted;
    }

    /// <summary>Kruskal-Wallis H with tie correction over groups; epsilon² = H·(n+1)/(n²−1).</summary>
    public static KruskalWallisResult KruskalWallis(IReadOnlyList<double[]> groups)
    {
        var used = groups.Where(g => g.Length > 0).ToList();
        var n = used.Sum(g => g.Length);
        if (used.Count < 2 || n < 3) return new(double.NaN, double.NaN, double.NaN, double.NaN, n);
        var all = new double[n];
        var offset = 0;
        foreach (var g in used) { g.CopyTo(all, offset); offset += g.Length; }
        var ranks = Descriptive.Ranks(all, out var tieSum);
        double h = 0;
        offset = 0;
        foreach (var g in used)
        {
            double r = 0;
            for (var i = 0; i < g.Length; i++) r += ranks[offset + i];
            h += r * r / g.Length;
            offset += g.Length;
        }
        h = 12.0 / (n * (n + 1.0)) * h - 3 * (n + 1.0);
        var correction = 1 - tieSum / ((double)n * n * n - n);
        if (correction <= 0) return new(0, used.Count - 1, 1, 0, n);
        h /= correction;
        var df = used.Count - 1;
        var eps = h * (n + 1.0) / ((double)n * n - 1);
        return new(h, df, SpecialFunctions.ChiSquareSurvival(h, df), Math.Clamp(eps, 0, 1), n);
    }

    /// <summary>Chi-square test of independence on a contingency table, with Cramér's V.</summary>
    public static ChiSquareResult ChiSquare(long[,] table)
    {
        int rows = table.GetLength(0), cols = table.GetLength(1);
        var rowSum = new double[rows];
        var colSum = new double[cols];
        double total = 0;
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++) { rowSum[i] += table[i, j]; colSum[j] += table[i, j]; total += table[i, j]; }
        var activeRows = rowSum.Count(v => v > 0);
        var activeCols = colSum.Count(v => v > 0);
        if (activeRows < 2 || activeCols < 2) return new(double.NaN, double.NaN, double.NaN, double.NaN, (int)total);
        double chi = 0;
        for (var i = 0; i < rows; i++)
        {
            if (rowSum[i] == 0) continue;
            for (var j = 0; j < cols; j++)
            {
                if (colSum[j] == 0) continue;
                var expected = rowSum[i] * colSum[j] / total;
                var d = table[i, j] - expected;
                chi += d * d / expected;
            }
        }
        var df = (activeRows - 1) * (activeCols - 1);
        var v = Math.Sqrt(chi / (total * (Math.Min(activeRows, activeCols) - 1)));
        return new(chi, df, SpecialFunctions.ChiSquareSurvival(chi, df), Math.Clamp(v, 0, 1), (int)total);
    }

    /// <summary>Jarque-Bera normality test plus Sarle's bimodality coefficient.</summary>
    public static JarqueBeraResult JarqueBera(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        var (g1, g2) = Descriptive.Shape(x);
        if (n < 4 || double.IsNaN(g1)) return new(double.NaN, double.NaN, g1, g2, double.NaN);
        var jb = n / 6.0 * (g1 * g1 + g2 * g2 / 4);
        var bc = (g1 * g1 + 1) / (g2 + 3.0 * (n - 1) * (n - 1) / ((n - 2.0) * (n - 3.0)));
        return new(jb, SpecialFunctions.ChiSquareSurvival(jb, 2), g1, g2, bc);
    }

    /// <summary>Sample autocorrelation at a lag.</summary>
    public static double Autocorrelation(ReadOnlySpan<double> y, int lag)
    {
        var n = y.Length;
        if (lag <= 0 || lag >= n - 1) return double.NaN;
        var m = Descriptive.Mean(y);
        double num = 0, den = 0;
        for (var i = 0; i < n; i++) den += (y[i] - m) * (y[i] - m);
        for (var i = 0; i < n - lag; i++) num += (y[i] - m) * (y[i + lag] - m);
        return den > 0 ? num / den : double.NaN;
    }
}
