using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;

namespace DataStoryBot.Core.Analyst.Detectors;

public sealed record OutlierPoint(int Row, double Value, double RobustZ, string? Label);

public sealed record OutlierDetail(string Column, int N, double Median, double Mad, double Threshold, IReadOnlyList<OutlierPoint> Outliers, int TotalFlagged);

/// <summary>Extreme values by robust z-score: z = 0.6745·(x − median) / MAD; flagged above 3.5.</summary>
public sealed class OutlierDetector : IInsightDetector
{
    public const double FlagZ = 3.5;
    public const double MinMaxZ = 6;
    public const int MinN = 20;
    public const double MaxShare = 0.02;

    public InsightType Type => InsightType.Outliers;

    public IEnumerable<Insight> Detect(AnalysisTable table)
    {
        foreach (var column in table.Numeric)
        {
            var name = Words.Human(column.Name);
            var d = Analyze(table, column);
            if (d is null || d.TotalFlagged == 0 || d.TotalFlagged > MaxShare * d.N) continue;
            var maxZ = Math.Abs(d.Outliers[0].RobustZ);
            if (maxZ < MinMaxZ) continue;
            var top = d.Outliers[0];
            var label = top.Label is null ? "" : $" ({top.Label})";
            var title = d.TotalFlagged == 1
                ? $"One extreme {name} value stands out: {Fmt.Num(top.Value)}{label}"
                : $"{d.TotalFlagged} extreme {name} values stand out from the rest";
            var summary =
                $"Most {name} values sit near the median of {Fmt.Num(d.Median)}, but {Fmt.Int(d.TotalFlagged)} of {Fmt.Int(d.N)} rows lie more than {Fmt.Num(FlagZ)} robust standard deviations away, the most extreme at {Fmt.Num(top.Value)}{label}. " +
                $"Measured by the median absolute deviation ({Fmt.Num(d.Mad)}), that value has a robust z-score of {Fmt.Num(top.RobustZ)}.";
            yield return new Insight(InsightType.Outliers, [column.Name], title, summary, ["scatter", "histogram"],
                "Robust z-score (median and MAD), threshold 3.5", top.RobustZ, null, maxZ, d.N,
                Math.Clamp(Math.Log10(maxZ) / 2, 0, 1), d)
            { Significance = Math.Clamp(maxZ / 12, 0, 1) };
        }
    }

    public static OutlierDetail? Analyze(AnalysisTable table, NumericColumn column)
    {
        var sorted = table.SortedFinite(column);
        if (sorted.Length < MinN) return null;
        var median = Descriptive.QuantileSorted(sorted, 0.5);
        var mad = Descriptive.Mad(sorted, median);
        if (mad <= 0) return null;
        var flagged = new List<OutlierPoint>();
        var v = column.Values;
        for (var r = 0; r < v.Length; r++)
        {
            if (!double.IsFinite(v[r])) continue;
            var z = 0.6745 * (v[r] - median) / mad;
            if (Math.Abs(z) > FlagZ) flagged.Add(new OutlierPoint(r, v[r], z, null));
        }
        var ordered = flagged.OrderByDescending(p => Math.Abs(p.RobustZ)).ThenBy(p => p.Row).ToList();
        var kept = ordered.Take(50).Select(p => p with { Label = table.RowLabel(p.Row) }).ToList();
        return new OutlierDetail(column.Name, sorted.Length, median, mad, FlagZ, kept, flagged.Count);
    }
}
