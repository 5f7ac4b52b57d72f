namespace DataStoryBot.Core.Analyst.Data;

/// <summary>
/// Measures computed as a product of others (an order's total = quantity × unit price, or × (1 − discount %/100)):
/// a total rises with its price by arithmetic, so the pair is never told as a relationship (issue 21: structure is not
/// a story). Read on the screening rows, with an early exit, over at most <see cref="MaxMeasures"/> measures; a total
/// that is always one of a few multiples of a price is one too, when the count it multiplies is not a measure.
/// </summary>
public static class Products
{
    public const int MaxMeasures = 12;

    /// <summary>Rows a product must hold on (share of the rows where all its columns are filled), within 1% of the total.</summary>
    public const double MinShare = 0.95;

    /// <summary>Pairs (product, factor) for every measure that is the product of two others, optionally less a percentage of a third.</summary>
    public static IEnumerable<(string, string)> Of(IReadOnlyList<NumericColumn> measures, IReadOnlyList<double[]> values) =>
        Exact(measures, values).Concat(Multiples(measures, values));

    private static IEnumerable<(string, string)> Exact(IReadOnlyList<NumericColumn> measures, IReadOnlyList<double[]> values)
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

    /// <summary>Most distinct multiples (rounded to 0.01) a total may be of its price: quantities times a few discounts.</summary>
    public const int MaxMultiples = 40;

    /// <summary>
    /// Pairs (total, price) where the total is nearly always one of a few multiples of the price, at least one apart
    /// (an order total of 1, 2, 1.7 or 3.4 times its unit price: a quantity, less a discount): a price times a count
    /// whose count column is not a measure of the table.
    /// </summary>
    public static IEnumerable<(string, string)> Multiples(IReadOnlyList<NumericColumn> measures, IReadOnlyList<double[]> values)
    {
        var m = Math.Min(measures.Count, MaxMeasures);
        var n = values.Count == 0 ? 0 : Math.Min(values[0].Length, 2000);
        for (var c = 0; c < m; c++)
        {
            for (var a = 0; a < m; a++)
            {
                if (a == c) continue;
                var keys = new Dictionary<long, int>();
                var rows = 0;
                for (var i = 0; i < n; i++)
                {
                    var (x, y) = (values[c][i], values[a][i]);
                    if (!double.IsFinite(x) || !double.IsFinite(y) || !(x > 0) || !(y > 0)) continue;
                    rows++;
                    var key = (long)Math.Round(x / y * 100);
                    keys[key] = keys.GetValueOrDefault(key) + 1;
                }
                if (rows < 100) continue;
                var top = keys.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(MaxMultiples).ToList();
                if (top.Sum(kv => kv.Value) < MinShare * rows || top.Min(kv => kv.Key) < 50 || top.Max(kv => kv.Key) - top.Min(kv => kv.Key) < 100) continue;
                yield return (measures[c].Name, measures[a].Name);
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
