using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

public sealed record OutlierPoint(int Row, double Value, double RobustZ, string? Label);

public sealed record OutlierDetail(string Column, int N, double Median, double Mad, double Threshold, IReadOnlyList<OutlierPoint> Outliers, int TotalFlagged);

/// <summary>Extreme values by robust z-score: z = 0.6745·(x − median) / MAD; flagged above 3.5.</summary>
public sealed class OutlierStory : StoryKind<OutlierDetail>
{
    public override string Name => "outliers";

    public override double Weight => 0.5;

    public override IReadOnlyList<string> SteeringWords { get; } = ["outlier", "anomal", "unusual", "extreme", "odd", "strange"];

    public override string? Caveat => "Outliers can be data-entry errors, unit mix-ups or genuinely exceptional cases; check the flagged rows (in the attached dataset) before excluding or acting on them.";

    protected override void Write(StoryDraft s, OutlierDetail d) => s.Subset(Outliers(s.Text, s.Charts, s.Table, d));

    public const double FlagZ = 3.5;
    public const double MinMaxZ = 6;
    public const int MinN = 20;
    public const double MaxShare = 0.02;


    public override IEnumerable<Insight> Detect(AnalysisTable table)
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
            yield return new Insight(StoryKinds.Of<OutlierStory>(), [column.Name], title, summary, ["scatter", "histogram"],
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

    private static (IReadOnlyList<int>?, string?) Outliers(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, OutlierDetail d)
    {
        string[] cols = [d.Column];
        var rows = AllRows(table);
        var top = d.Outliers[0];
        var label = top.Label is null ? "" : $" ({top.Label})";
        nb.Paragraph($"{Cap(H(d.Column))} is mostly unremarkable (median {nb.N(d.Median, "median", cols, rows)}), but {nb.Int(d.TotalFlagged, "rows with |robust z| above 3.5", cols, rows)} of {nb.Int(d.N, "rows with a value", cols, rows)} values lie far outside the usual range. The most extreme is {nb.N(top.Value, "value of the most extreme row", cols, $"data row {table.SourceRows[top.Row] + 1}")}{label}.");
        nb.Paragraph($"The evidence: a robust z-score measures distance from the median in units of the median absolute deviation (MAD = {nb.N(d.Mad, "median absolute deviation", cols, rows)}), so the outliers themselves cannot hide by inflating the spread. Values beyond {nb.N(d.Threshold, "robust z threshold (Iglewicz and Hoaglin)", cols, "rule")} are flagged; the most extreme has z = {nb.N(top.RobustZ, "robust z of the most extreme row", cols, $"data row {table.SourceRows[top.Row] + 1}")}.");
        nb.Subheading("The most extreme rows");
        foreach (var p in d.Outliers.Take(5))
        {
            var at = $"data row {table.SourceRows[p.Row] + 1}";
            var stated = $"data row {nb.Int(table.SourceRows[p.Row] + 1, "data row number in the file", cols, at)}";
            nb.Bullet($"{(p.Label is null ? Cap(stated) : $"{p.Label} ({stated})")}: {nb.N(p.Value, "flagged value", cols, at)} (robust z {nb.N(p.RobustZ, "robust z", cols, at)})");
        }
        nb.EndList();
        var column = (NumericColumn)table.Find(d.Column)!;
        var flaggedRows = Enumerable.Range(0, column.Length).Where(r => double.IsFinite(column.Values[r]) && Math.Abs(0.6745 * (column.Values[r] - d.Median) / d.Mad) > d.Threshold).ToList();
        charts.Add(ChartFactory.MarkedPoints($"{Cap(H(d.Column))}: flagged values", d.Column, column.Values, flaggedRows));
        charts.Add(ChartFactory.Histogram($"Distribution of {H(d.Column)}", d.Column, column.Values, d.Outliers.Take(10).Select(o => o.Value).ToList()));
        return (flaggedRows, $"rows whose {H(d.Column)} has |robust z| > 3.5");
    }
}
