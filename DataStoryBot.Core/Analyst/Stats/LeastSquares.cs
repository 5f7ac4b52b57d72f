namespace DataStoryBot.Core.Analyst.Stats;

/// <summary>The least-squares line of y on x over the pairs where both are finite.</summary>
/// <param name="Slope">NaN when x does not vary (or fewer than two pairs).</param>
public readonly record struct LineFit(double Intercept, double Slope, int N);

/// <summary>
/// Ordinary least squares of one variable on another, written once for every kind that needs a straight line: the
/// scatter's fitted line, a series' growth, the line a step must beat. Centred sums (two passes), so large values
/// such as dates in days do not cancel.
/// </summary>
public static class LeastSquares
{
    public static LineFit Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double sx = 0, sy = 0;
        var n = 0;
        var count = Math.Min(x.Count, y.Count);
        for (var i = 0; i < count; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            sx += x[i]; sy += y[i]; n++;
        }
        if (n == 0) return new LineFit(double.NaN, double.NaN, 0);
        double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
        for (var i = 0; i < count; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        var slope = sxx > 0 ? sxy / sxx : double.NaN;
        return new LineFit(double.IsNaN(slope) ? my : my - slope * mx, slope, n);
    }

    /// <summary>The line through a series over its point index (0, 1, 2, …).</summary>
    public static LineFit OverIndex(IReadOnlyList<double> y) => Fit(Enumerable.Range(0, y.Count).Select(i => (double)i).ToArray(), y);

    /// <summary>The slope alone.</summary>
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y) => Fit(x, y).Slope;
}
