using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;

namespace DataStoryBot.Core.Analyst.Detectors;

public sealed record CategoryTotal(string Label, double Value, int Rows);

/// <param name="Measure">Null when rows are counted.</param>
/// <param name="Aggregation">"count", "sum" or "mean".</param>
public sealed record CategoryBreakdown(string Category, string? Measure, string Aggregation, IReadOnlyList<CategoryTotal> Totals, int N)
{
    public double Total => Totals.Sum(t => t.Value);
    public string MeasureText => Measure is null ? "rows" : Aggregation switch
    {
        "mean" => $"average {Words.Human(Measure)}",
        "value" => Words.Human(Measure),
        _ => $"total {Words.Human(Measure)}",
    };
}

public sealed record ConcentrationDetail(CategoryBreakdown Breakdown, double TopShare, double Top3Share, double Gini, ChiSquareResult? Uniformity);

public sealed record OutstandingDetail(CategoryBreakdown Breakdown, double RatioToSecond, double ZScore);

public static class CategoryBreakdowns
{
    public const int MaxLevels = 1000;

    /// <summary>Aggregates a measure (or counts rows) by category: sum for whole non-negative measures, else mean.</summary>
    public static CategoryBreakdown? Build(CategoryColumn category, NumericColumn? measure)
    {
        var levels = category.Labels.Length;
        if (levels < 2 || levels > MaxLevels) return null;
        var sums = new double[levels];
        var counts = new int[levels];
        var nonNegative = true;
        var integral = true;
        var n = 0;
        for (var r = 0; r < category.Codes.Length; r++)
        {
            var c = category.Codes[r];
            if (c < 0) continue;
            if (measure is null)
            {
                counts[c]++; sums[c]++; n++;
                continue;
            }
            var v = measure.Values[r];
            if (!double.IsFinite(v)) continue;
            if (v < 0) nonNegative = false;
            if (v != Math.Floor(v)) integral = false;
            sums[c] += v; counts[c]++; n++;
        }
        // Whole non-negative numbers (counts, amounts) add up, unless the name says level or rate; anything else (prices,
        // rates, speeds) is averaged.
        var aggregation = measure is null ? "count" : nonNegative && integral && Words.NameAllowsSum(measure.Name) ? "sum" : "mean";
        var totals = Enumerable.Range(0, levels)
            .Where(c => counts[c] > 0 && (aggregation != "mean" || counts[c] >= 3))
            .Select(c => new CategoryTotal(category.Labels[c], aggregation == "mean" ? sums[c] / counts[c] : sums[c], counts[c]))
            .OrderByDescending(t => t.Value).ThenBy(t => t.Label, StringComparer.Ordinal)
            .ToList();
        if (totals.Count < 2) return null;
        return new CategoryBreakdown(category.Name, measure?.Name, aggregation, totals, n);
    }

    /// <summary>
    /// One row per entity (a state, a country: a label column with a different value in every row): each measure as
    /// the entities' values, so the leader can be told ("Florida has the most hurricanes").
    /// </summary>
    public static IEnumerable<CategoryBreakdown> PerEntity(AnalysisTable table, int maxMeasures = 20)
    {
        if (table.RowCount is < 4 or > MaxLevels) yield break;
        var label = table.Columns.FirstOrDefault(c => c is TextColumn t && t.DistinctSeen == table.RowCount && t.MissingCount == 0
            || c is CategoryColumn k && k.Labels.Length == table.RowCount && k.MissingCount == 0);
        if (label is null) yield break;
        string Label(int r) => label is TextColumn t ? t.Values[r]! : ((CategoryColumn)label).Labels[((CategoryColumn)label).Codes[r]];
        foreach (var measure in table.Numeric.Take(maxMeasures))
        {
            var totals = Enumerable.Range(0, table.RowCount).Where(r => double.IsFinite(measure.Values[r]))
                .Select(r => new CategoryTotal(Label(r), measure.Values[r], 1))
                .OrderByDescending(t => t.Value).ThenBy(t => t.Label, StringComparer.Ordinal).ToList();
            if (totals.Count >= 4) yield return new CategoryBreakdown(label.Name, measure.Name, "value", totals, totals.Count);
        }
    }

    public static IEnumerable<CategoryBreakdown> All(AnalysisTable table, int maxMeasures = 20)
    {
        foreach (var category in table.Categories.Where(c => c.Labels.Length is >= 2 and <= MaxLevels).Take(20))
        {
            if (Build(category, null) is { } counts) yield return counts;
            foreach (var measure in table.Numeric.Take(maxMeasures))
            {
                if (Build(category, measure) is { } b) yield return b;
            }
        }
    }
}

/// <summary>Majority and concentration: the top category's share, the top three's share and the Gini coefficient over categories.</summary>
public sealed class ConcentrationDetector : IInsightDetector
{
    public InsightType Type => InsightType.Concentration;

    /// <summary>The least share of a summed measure that one group must hold to be "most of it".</summary>
    public const double MinMajorityOfTotal = 0.6;

    public IEnumerable<Insight> Detect(AnalysisTable table)
    {
        foreach (var b in CategoryBreakdowns.All(table))
        {
            if (b.Aggregation == "mean" || b.Total <= 0) continue;
            var d = Analyze(b);
            var levels = b.Totals.Count;
            var majority = d.TopShare > 0.5;
            var concentrated = levels >= 5 && d.Gini >= 0.6;
            if (!majority && !concentrated) continue;
            if (b.N < 10) continue;
            // Row counts that chance would explain (a balanced design, or too few rows to tell) are not a story: a
            // majority must beat a coin flip (binomial test against one half), a concentration an even split.
            // A total has no sampling test; a bare majority of it (50.4% of people are women) is a near-even split.
            if (b.Measure is not null && majority && !concentrated && d.TopShare < MinMajorityOfTotal) continue;
            if (b.Measure is null)
            {
                if (majority && !(MajorityP(b.Totals[0].Value, b.Total) < 0.001)) continue;
                if (!majority && d.Uniformity is { } even && !(even.PValue < 0.001)) continue;
            }
            var top = b.Totals[0];
            var category = Words.Human(b.Category);
            var title = majority
                ? $"{Words.Label(b.Category, top.Label)} accounts for {Fmt.Pct(d.TopShare)} of {b.MeasureText} by {category}"
                : $"A few {category} values dominate {b.MeasureText}: the top 3 hold {Fmt.Pct(d.Top3Share)}";
            var summary =
                $"Of {levels} {category} values, {top.Label} alone accounts for {Fmt.Pct(d.TopShare)} of {b.MeasureText} and the top three for {Fmt.Pct(d.Top3Share)}. " +
                $"The Gini coefficient across {category} values is {Fmt.Coef(d.Gini)} (0 would be an even split, 1 everything in one){(d.Uniformity is { } u ? $", and a chi-square test rejects an even split ({Fmt.P(u.PValue)})" : "")}.";
            var columns = b.Measure is null ? new[] { b.Category } : [b.Category, b.Measure];
            yield return new Insight(InsightType.Concentration, columns, title, summary, ["bar", "pareto"],
                d.Uniformity is null ? "Share and Gini coefficient" : "Share, Gini coefficient and chi-square goodness of fit",
                d.Uniformity?.Statistic ?? d.Gini, d.Uniformity?.PValue, d.Gini, b.N, Math.Max(d.TopShare, d.Gini) * (b.Measure is null ? 0.8 : 1), d)
            { Significance = d.Uniformity is null ? 0.6 : Insight.SignificanceFromP(d.Uniformity.Value.PValue) };
        }
    }

    /// <summary>One-sided p-value that <paramref name="top"/> of <paramref name="total"/> rows is more than half (normal approximation to the binomial, continuity-corrected).</summary>
    public static double MajorityP(double top, double total)
    {
        if (total <= 0) return 1;
        var z = (top - 0.5 - total / 2) / Math.Sqrt(total / 4);
        return 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2));
    }

    public static ConcentrationDetail Analyze(CategoryBreakdown b)
    {
        var total = b.Total;
        var values = b.Totals.Select(t => t.Value).ToArray();
        var topShare = values[0] / total;
        var top3 = values.Take(3).Sum() / total;
        var gini = Descriptive.Gini(values);
        ChiSquareResult? uniformity = null;
        if (b.Measure is null)
        {
            var expected = total / values.Length;
            var chi = values.Sum(v => (v - expected) * (v - expected) / expected);
            var df = values.Length - 1;
            uniformity = new ChiSquareResult(chi, df, SpecialFunctions.ChiSquareSurvival(chi, df), double.NaN, (int)total);
        }
        return new ConcentrationDetail(b, topShare, top3, gini, uniformity);
    }
}

/// <summary>Outstanding top category: the leader against the others (ratio to the runner-up, z-score against the rest).</summary>
public sealed class OutstandingCategoryDetector : IInsightDetector
{
    public const double MinRatio = 1.5;
    public const double MinZ = 3;

    public InsightType Type => InsightType.OutstandingCategory;

    public IEnumerable<Insight> Detect(AnalysisTable table)
    {
        foreach (var b in CategoryBreakdowns.All(table).Concat(CategoryBreakdowns.PerEntity(table)))
        {
            if (b.Measure is null || b.Totals.Count < 4) continue;
            var d = Analyze(b);
            if (d is null || d.RatioToSecond < MinRatio || d.ZScore < MinZ) continue;
            var top = b.Totals[0];
            var second = b.Totals[1];
            var title = $"{Words.Label(b.Category, top.Label)} leads {b.MeasureText} by a wide margin";
            var summary =
                $"{Words.Label(b.Category, top.Label)} has {(b.Aggregation == "mean" ? "an" : "a")} {b.MeasureText} of {Fmt.Num(top.Value)}, {Fmt.Num(d.RatioToSecond)} times that of the runner-up {Words.Label(b.Category, second.Label)} ({Fmt.Num(second.Value)}). " +
                $"Against the other {b.Totals.Count - 1} {Words.Human(b.Category)} values it sits {Fmt.Num(d.ZScore)} standard deviations above their mean.";
            yield return new Insight(InsightType.OutstandingCategory, [b.Category, b.Measure], title, summary, ["bar"],
                "Leader vs rest: ratio to runner-up and z-score", d.ZScore, null, d.RatioToSecond, b.N,
                Math.Clamp((d.RatioToSecond - 1) / 3, 0, 1), d)
            { Significance = Math.Clamp(d.ZScore / 8, 0, 1) };
        }
    }

    public static OutstandingDetail? Analyze(CategoryBreakdown b)
    {
        if (b.Totals.Count < 3 || b.Totals[1].Value <= 0) return null;
        var others = b.Totals.Skip(1).Select(t => t.Value).ToArray();
        var sd = Descriptive.StdDev(others);
        var z = sd > 0 ? (b.Totals[0].Value - Descriptive.Mean(others)) / sd : double.PositiveInfinity;
        return new OutstandingDetail(b, b.Totals[0].Value / b.Totals[1].Value, Math.Min(z, 1e6));
    }
}
