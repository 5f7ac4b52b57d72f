using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;

namespace DataStoryBot.Core.Analyst.Stories;

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
        // Free text whose values repeat (templated descriptions) is not a grouping.
        foreach (var category in table.Categories.Where(c => c.Labels.Length is >= 2 and <= MaxLevels && !ColumnMeaning.IsFreeText(c)).Take(20))
        {
            if (Build(category, null) is { } counts) yield return counts;
            foreach (var measure in table.Numeric.Take(maxMeasures))
            {
                if (Build(category, measure) is { } b) yield return b;
            }
        }
    }
}
