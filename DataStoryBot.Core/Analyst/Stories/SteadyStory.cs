using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>A measure that did not move over time: no consistent trend, and a fitted change small against its level.</summary>
public sealed record SteadyDetail(TimeSeries Series, MannKendallResult MannKendall, TheilSenResult TheilSen, double Median, double Q1, double Q3, double RelativeChange);

/// <summary>
/// The answer "no" (issue 21, item 7): asked whether resolution times are growing, the analyst says they held steady
/// when they did, with the level and the test, rather than telling another story. Only told when asked.
/// </summary>
public sealed class SteadyStory : StoryKind<SteadyDetail>
{
    /// <summary>No consistent movement: the Mann-Kendall p-value is at least this.</summary>
    public const double MinP = 0.05;

    /// <summary>And the robust trend line moves less than this share of the typical level over the whole period.</summary>
    public const double MaxRelativeChange = 0.2;

    public override string Name => "steady";

    public override double Weight => 0.3;

    public override bool OnlyWhenAsked => true;

    public override bool IsAboutTime => true;

    public override IReadOnlyList<string> SteeringWords { get; } =
        ["grow", "rise", "rising", "increas", "decreas", "declin", "fall", "falling", "drop", "trend", "over time", "getting", "worse", "better", "change", "stable", "steady", "longer", "shorter", "slower", "faster"];

    public override string? Caveat => "No consistent trend is not proof of no change: a change smaller than the month-to-month noise, or one in a single group, could still hide in these data.";

    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        foreach (var time in TimeSeriesBuilder.TimeAxes(table).Take(1))
        {
            foreach (var measure in table.Numeric.Take(40))
            {
                var series = TimeSeriesBuilder.Pooled(table, time, measure);
                if (series is null || series.Y.Length < TrendStory.MinPoints) continue;
                var mk = StatTests.MannKendall(series.Y);
                if (!(mk.PValue >= MinP)) continue;
                var ts = StatTests.TheilSen(series.X, series.Y);
                var sorted = Descriptive.Sorted(series.Y);
                var median = Descriptive.QuantileSorted(sorted, 0.5);
                if (double.IsNaN(ts.Slope) || median == 0) continue;
                var change = ts.Slope * (series.X[^1] - series.X[0]);
                var relative = change / Math.Abs(median);
                if (Math.Abs(relative) > MaxRelativeChange) continue;
                var detail = new SteadyDetail(series, mk, ts, median, Descriptive.QuantileSorted(sorted, 0.25), Descriptive.QuantileSorted(sorted, 0.75), relative);
                var subject = series.Subject;
                var title = $"{Words.Cap(subject)} held steady from {series.Describe(0)} to {series.Describe(series.T.Length - 1)}, at about {Fmt.Num(median)}";
                var summary = $"Across {Fmt.Int(series.Y.Length)} {TrendStory.PointName(series)} points, {subject} neither rose nor fell consistently (Mann-Kendall {Fmt.P(mk.PValue)}); " +
                    $"half of the points lie between {Fmt.Num(detail.Q1)} and {Fmt.Num(detail.Q3)}, and the robust trend line moves {Fmt.Pct(Math.Abs(relative))} over the whole period.";
                yield return new Insight(StoryKinds.Of<SteadyStory>(), [series.TimeColumn, series.Measure], title, summary, ["line", "bar"],
                    "Mann-Kendall trend test (no trend) with Theil-Sen slope", mk.Z, mk.PValue, relative, series.Y.Length, 0.5, detail)
                { Significance = 0.5 };
            }
        }
    }

    protected override void Write(StoryDraft s, SteadyDetail d)
    {
        var nb = s.Text;
        var series = d.Series;
        var cols = new List<string> { series.TimeColumn, series.Measure };
        const string rows = "time points of the aggregated series";
        var start = nb.T(series, 0, "first time point of the series");
        var end = nb.T(series, series.T.Length - 1, "last time point of the series");
        var subject = series.Subject;
        nb.Paragraph($"No: {subject} did not rise or fall between {start} and {end}. {TrendStory.Capitalize(TrendStory.PointName(series))} by {TrendStory.PointName(series)} it stayed around {nb.N(d.Median, "median of the series", cols, rows)}, with half of the points between {nb.N(d.Q1, "first quartile of the series", cols, rows)} and {nb.N(d.Q3, "third quartile of the series", cols, rows)}.");
        nb.Paragraph($"The evidence: over {nb.Int(series.Y.Length, "number of time points in the series", cols, rows)} points ({(series.Aggregation == "count" ? "each a count of rows" : "each the mean of the rows at that time")}), the Mann-Kendall test finds no consistent movement (Kendall's tau = {nb.Coef(d.MannKendall.Tau, "Mann-Kendall tau", cols, rows)}, {nb.P(d.MannKendall.PValue, "Mann-Kendall two-sided p-value", cols, rows)}), and the robust Theil-Sen line changes by {nb.Pct(Math.Abs(d.RelativeChange), "Theil-Sen change over the whole period relative to the median", cols, rows)} of the typical level over the whole period.");
        s.Charts.Add(ChartFactory.Line($"{Cap(subject)} over time", H(series.TimeColumn), Cap(H(series.Measure)), series.T, series.Y, series.TimeIsYear, (d.TheilSen.Slope, d.TheilSen.Intercept)));
        var (labels, values) = TrendStory.PeriodMeans(series);
        s.Charts.Add(ChartFactory.Bars($"Average {H(series.Measure)} by period", "Period", $"Mean {H(series.Measure)}", labels, values));
    }
}
