using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>Outstanding top category: the leader against the others (ratio to the runner-up, z-score against the rest).</summary>
public sealed class OutstandingCategoryStory : StoryKind<OutstandingDetail>
{
    public override string Name => "outstanding_category";

    public override double Weight => 0.7;

    public override IReadOnlyList<string> SteeringWords { get; } = ["top", "largest", "biggest", "best", "worst", "leading", "leader", "highest"];

    protected override void Write(StoryDraft s, OutstandingDetail d) => s.Subset(Outstanding(s.Text, s.Charts, s.Table, d));

    public override string? Caveat => "A leader by total may simply be the largest group (more rows, more customers, more days); the table does not say how much of the lead is size.";

    public const double MinRatio = 1.5;
    public const double MinZ = 3;


    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        foreach (var b in CategoryBreakdowns.All(table).Concat(CategoryBreakdowns.PerEntity(table)))
        {
            if (b.Measure is null || b.Totals.Count < 4) continue;
            // "Approved leads total days": a total split over a workflow field is the workflow's shape.
            if (b.Aggregation == "sum" && Data.ColumnMeaning.IsWorkflowField(b.Category)) continue;
            if (b.Aggregation == "sum" && table.Find(b.Measure) is Data.NumericColumn { Duration: not null }) continue;
            // "Sam Ortiz leads total wait seconds" when his chats wait no longer than the others': the total is his number
            // of rows, which the standout kind tells as a count.
            if (IsWorkload(b)) continue;
            // The same rule as a concentration's: a total's leader that holds little more than its share of the rows
            // (education 3: 55% of the men, 65% of the prior convictions) leads by its size.
            if (b.Aggregation == "sum" && ConcentrationStory.FollowsRows(b)) continue;
            if (Data.ColumnMeaning.IsIncomparableLevel(table, b.Category, b.Measure)) continue;
            // A rate per unit of exposure averaged over groups of different sizes weighs a small state like a large one:
            // where the groups' pooled rates (all their events over all their units) differ, the rate kind tells that.
            if (b.Aggregation == "mean" && table.Find(b.Measure) is Data.NumericColumn rate && ExposureRates.IsPooledRate(table, rate)
                && table.Find(b.Category) is Data.CategoryColumn groups && ExposureRates.Analyze(table, groups, rate) is not null) continue;
            // An average over a handful of rows (a tiny airport's few flights) leads by chance.
            if (b.Aggregation == "mean" && b.Totals[0].Rows < MinRowsForAverage(table.RowCount)) continue;
            var d = Analyze(b);
            if (d is null || d.RatioToSecond < MinRatio || d.ZScore < MinZ) continue;
            var top = b.Totals[0];
            var second = b.Totals[1];
            var title = $"{Words.Label(b.Category, top.Label)} leads {b.MeasureText} by a wide margin";
            var summary =
                $"{Words.Label(b.Category, top.Label)} has {("aeiou".Contains(char.ToLowerInvariant(b.MeasureText[0])) ? "an" : "a")} {b.MeasureText} of {Fmt.Num(top.Value)}, {Fmt.Num(d.RatioToSecond)} times that of the runner-up {Words.Label(b.Category, second.Label)} ({Fmt.Num(second.Value)}). " +
                $"Against the other {b.Totals.Count - 1} {Words.Human(b.Category)} values it sits {Fmt.Num(d.ZScore)} standard deviations above their mean.";
            yield return new Insight(StoryKinds.Of<OutstandingCategoryStory>(), [b.Category, b.Measure], title, summary, ["bar"],
                "Leader vs rest: ratio to runner-up and z-score", d.ZScore, null, d.RatioToSecond, b.N,
                Math.Clamp((d.RatioToSecond - 1) / 3, 0, 1), d)
            { Significance = Math.Clamp(d.ZScore / 8, 0, 1) };
        }
    }

    /// <summary>The rows a group's average needs to lead: 1% of the table, between 5 and 30.</summary>
    public static int MinRowsForAverage(int tableRows) => Math.Clamp(tableRows / 100, 5, 30);

    /// <summary>A total's leader is not ahead per row by more than this factor: its lead is its number of rows.</summary>
    public const double MinPerRowLift = 1.25;

    /// <summary>
    /// Whether a summed measure's leader leads only by its workload: its total per row is less than
    /// <see cref="MinPerRowLift"/> times the other rows' (a share of the total about its share of the rows).
    /// </summary>
    public static bool IsWorkload(CategoryBreakdown b)
    {
        if (b.Aggregation != "sum" || b.Totals.Count < 2) return false;
        var top = b.Totals[0];
        var otherRows = b.Totals.Skip(1).Sum(t => t.Rows);
        var otherTotal = b.Totals.Skip(1).Sum(t => t.Value);
        if (top.Rows == 0 || otherRows == 0 || otherTotal <= 0) return false;
        return top.Value / top.Rows < MinPerRowLift * (otherTotal / otherRows);
    }

    public static OutstandingDetail? Analyze(CategoryBreakdown b)
    {
        if (b.Totals.Count < 3 || b.Totals[1].Value <= 0) return null;
        var others = b.Totals.Skip(1).Select(t => t.Value).ToArray();
        var sd = Descriptive.StdDev(others);
        var z = sd > 0 ? (b.Totals[0].Value - Descriptive.Mean(others)) / sd : double.PositiveInfinity;
        return new OutstandingDetail(b, b.Totals[0].Value / b.Totals[1].Value, Math.Min(z, 1e6));
    }

    private static (IReadOnlyList<int>?, string?) Outstanding(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, OutstandingDetail d)
    {
        var b = d.Breakdown;
        string[] cols = [b.Category, b.Measure!];
        var rows = AllRows(table);
        var top = b.Totals[0];
        var second = b.Totals[1];
        nb.Paragraph($"{Label(nb, b.Category, top.Label)} stands apart: its {b.MeasureText} is {nb.N(top.Value, $"{b.Aggregation} of {H(b.Measure!)} for {top.Label}", cols, rows)}, {nb.N(d.RatioToSecond, "ratio of the leader to the runner-up, in words", cols, rows, v => EffectWords.Compare(v))} the runner-up {Label(nb, b.Category, second.Label)} ({nb.N(second.Value, $"{b.Aggregation} of {H(b.Measure!)} for {second.Label}", cols, rows)}).");
        nb.Paragraph($"The evidence: the leader's {b.MeasureText} is {nb.N(d.RatioToSecond, "ratio of the leader to the runner-up", cols, rows)} times the runner-up's; compared with the other {nb.Int(b.Totals.Count - 1, $"number of other {H(b.Category)} values", cols, rows)} {H(b.Category)} values, the leader lies {nb.N(d.ZScore, "z-score of the leader against the others' mean and standard deviation", cols, rows)} standard deviations above their mean. {Cap(b.MeasureText)} is the {b.Aggregation} over {nb.Int(top.Rows, $"rows of {top.Label}", cols, rows)} rows for {top.Label}.");
        charts.Add(ChartFactory.Bars($"{Cap(b.MeasureText)} by {H(b.Category)}", b.Category, Cap(b.MeasureText), b.Totals.Select(t => t.Label).ToList(), b.Totals.Select(t => t.Value).ToList(), highlight: 1));
        if (b.Aggregation == "value" && table.Find(b.Measure!) is NumericColumn each)
        {
            charts.Add(ChartFactory.Histogram($"{Cap(H(b.Measure!))} across all {H(b.Category)} values, {top.Label} marked", Cap(H(b.Measure!)), each.Values, [top.Value]));
            return (null, null);
        }
        if (table.Find(b.Category) is CategoryColumn cat && table.Find(b.Measure!) is NumericColumn m)
        {
            var groups = b.Totals.Take(8).Select(t =>
            {
                var code = Array.IndexOf(cat.Labels, t.Label);
                return (t.Label, Enumerable.Range(0, table.RowCount).Where(r => cat.Codes[r] == code).Select(r => m.Values[r]).ToArray());
            }).ToList();
            charts.Add(ChartFactory.Boxes($"Spread of {H(b.Measure!)} within the leading {H(b.Category)} values", b.Category, b.Measure!, groups));
            var topCode = Array.IndexOf(cat.Labels, top.Label);
            return (Enumerable.Range(0, table.RowCount).Where(r => cat.Codes[r] == topCode).ToList(), $"rows where {H(b.Category)} = {top.Label}");
        }
        return (null, null);
    }
}
