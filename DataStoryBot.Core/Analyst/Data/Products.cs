namespace DataStoryBot.Core.Analyst.Data;

/// <summary>
/// Measures computed as a product of others (an order's total = quantity × unit price, or × (1 − discount %/100)):
/// a total rises with its price by arithmetic, so the pair is never told as a relationship (issue 21: structure is not
/// a story). Read on the screening rows, with an early exit, over at most <see cref="MaxMeasures"/> measures.
/// </summary>
public static class Products
{
    public const int MaxMeasures = 12;

    /// <summary>Rows a product must hold on (share of the rows where all its columns are filled), within 1% of the total.</summary>
    public const double MinShare = 0.95;

    /// <summary>Pairs (product, factor) for every measure that is the product of two others, optionally less a percentage of a third.</summary>
    public static IEnumerable<(string, string)> Of(IReadOnlyList<NumericColumn> measures, IReadOnlyList<double[]> values)
    {
        var m = Math.Min(measures.Count, MaxMeasures);
        var n = values.Count == 0 ? 0 : Math.Min(values[0].Length, 2000);
        var percents = Enumerable.Range(0, m).Where(i => values[i].Take(n).Where(double.IsFinite).All(v => v is >= 0 and <= 100)).ToList();
        for (var c = 0; c < m; c++)
        {
            for (var a = 0; a < m; a++)
            {
                for (var b = a + 1; b < m; b++)
                {
                    if (a == c || b == c) continue;
                    if (Holds(values[c], values[a], values[b], null, n))
                    {
                        yield return (measures[c].Name, measures[a].Name);
                        yield return (measures[c].Name, measures[b].Name);
                        continue;
                    }
                    foreach (var d in percents.Where(d => d != a && d != b && d != c))
                    {
                        if (!Holds(values[c], values[a], values[b], values[d], n)) continue;
                        yield return (measures[c].Name, measures[a].Name);
                        yield return (measures[c].Name, measures[b].Name);
                        yield return (measures[c].Name, measures[d].Name);
                        break;
                    }
                }
            }
        }
    }

    private static bool Holds(double[] c, double[] a, double[] b, double[]? percent, int n)
    {
        int checkedRows = 0, close = 0, nonzero = 0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(c[i]) || !double.IsFinite(a[i]) || !double.IsFinite(b[i]) || (percent is not null && !double.IsFinite(percent[i]))) continue;
            checkedRows++;
            var product = a[i] * b[i] * (percent is null ? 1 : 1 - percent[i] / 100);
            if (c[i] != 0) nonzero++;
            if (Math.Abs(c[i] - product) <= 0.01 * Math.Max(Math.Abs(c[i]), 1e-9) + 0.005) close++;
            else if (checkedRows - close > (1 - MinShare) * n + 1) return false;
        }
        return checkedRows >= 10 && nonzero >= 10 && close >= MinShare * checkedRows;
    }
}
