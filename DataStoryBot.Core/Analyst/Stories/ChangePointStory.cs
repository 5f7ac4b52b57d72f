using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

public sealed record ChangePointDetail(TimeSeries Series, PettittResult Pettitt, WelchResult Welch, double TauBefore, double TauAfter)
{
    public int SplitIndex => Pettitt.ChangeIndex;
}

/// <summary>Level shift: Pettitt's test locates the change, a Welch t-test compares the means before and after.</summary>
public sealed class ChangePointStory : StoryKind<ChangePointDetail>
{
    public override string Name => "change_point";

    public override double Weight => 0.85;

    public override IReadOnlyList<string> SteeringWords { get; } = ["change", "shift", "break", "jump", "step"];

    public override bool IsAboutTime => true;

    public override string? Caveat => "The test finds the single most likely break; there may be others, and the data cannot tell what caused the shift.";

    protected override void Write(StoryDraft s, ChangePointDetail d) => ChangePoint(s.Text, s.Charts, d);

    protected override string? Contradiction(Insight insight, ChangePointDetail d) =>
        ClaimChecks.Step(d.Series.Y, d.SplitIndex, d.Welch.MeanA, d.Welch.MeanB);

    public const int MinSegment = 5;
    public const double MaxP = 0.01;
    public const double MinCohensD = 1.0;
    private const int MaxMeasures = 40;

    /// <summary>The most the drifting side of a break may spread (its standard deviation) as a share of the step.</summary>
    public const double MaxDriftShare = 0.25;

    /// <summary>
    /// A break with one flat side and one side that drifts only a little next to the step (standard deviation under
    /// <see cref="MaxDriftShare"/> of the jump between the means), where a step fits better than a straight line
    /// (<see cref="TrendStory.MaxStepShare"/>): a level that collapsed and then faded, not a gradual trend.
    /// </summary>
    internal static bool StepWithDrift(TimeSeries series, ChangePointDetail d)
    {
        var flatBefore = Math.Abs(d.TauBefore) < 0.5;
        if (flatBefore == Math.Abs(d.TauAfter) < 0.5) return false;
        var k = d.SplitIndex;
        var drifting = flatBefore ? series.Y[(k + 1)..] : series.Y[..(k + 1)];
        var jump = Math.Abs(d.Welch.MeanB - d.Welch.MeanA);
        return jump > 0 && Descriptive.StdDev(drifting) < MaxDriftShare * jump
            && TrendStory.StepShare(series.X, series.Y) < TrendStory.MaxStepShare;
    }


    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        foreach (var time in TimeSeriesBuilder.TimeAxes(table))
        {
            foreach (var measure in table.Numeric.Take(MaxMeasures))
            {
                var series = TimeSeriesBuilder.Pooled(table, time, measure);
                if (series is not null && Evaluate(series) is { } insight) yield return insight;
            }
        }
    }

    public static ChangePointDetail? Analyze(TimeSeries series)
    {
        var y = series.Y;
        if (y.Length < 2 * MinSegment) return null;
        var pettitt = StatTests.Pettitt(y);
        var k = pettitt.ChangeIndex;
        if (k + 1 < MinSegment || y.Length - k - 1 < MinSegment) return null;
        var before = y.AsSpan(0, k + 1);
        var after = y.AsSpan(k + 1);
        var welch = StatTests.Welch(before, after);
        return new ChangePointDetail(series, pettitt, welch, StatTests.MannKendall(before).Tau, StatTests.MannKendall(after).Tau);
    }

    private static Insight? Evaluate(TimeSeries series)
    {
        var d = Analyze(series);
        if (d is null || d.Pettitt.PValue >= MaxP || !(d.Welch.PValue < MaxP) || Math.Abs(d.Welch.CohensD) < MinCohensD) return null;
        // A smooth trend also "splits" in the middle; a level shift has flat-ish segments. One side may still drift (a
        // collapse that fades out towards zero: cases after a vaccine) when the other side is flat, the drift is small
        // next to the step, and a step describes the series better than a straight line does.
        if (!(Math.Abs(d.TauBefore) < 0.5 && Math.Abs(d.TauAfter) < 0.5) && !StepWithDrift(series, d)) return null;
        var up = d.Welch.MeanB > d.Welch.MeanA;
        var when = series.Describe(d.SplitIndex + 1);
        var subject = series.Subject;
        var title = $"{Words.Cap(subject)} {Words.Verb(subject, "stepped", "stepped")} {(up ? "up" : "down")} around {when}";
        var summary =
            $"Before {when}, {subject} averaged {Fmt.Num(d.Welch.MeanA)}; from then on {Words.Verb(subject, "it", "they")} averaged {Fmt.Num(d.Welch.MeanB)} ({Fmt.Signed(d.Welch.MeanB - d.Welch.MeanA)}, a lasting shift in level rather than a gradual trend). " +
            $"Pettitt's test places the break at {when} ({Fmt.P(d.Pettitt.PValue)}) and a Welch t-test confirms the difference in level (t = {Fmt.Coef(d.Welch.T)}, {Fmt.P(d.Welch.PValue)}, Cohen's d = {Fmt.Coef(d.Welch.CohensD)}).";
        return new Insight(StoryKinds.Of<ChangePointStory>(), [series.TimeColumn, series.Measure], title, summary, ["line", "box"],
            "Pettitt change-point test with Welch t-test", d.Welch.T, Math.Max(d.Pettitt.PValue, d.Welch.PValue), d.Welch.CohensD,
            series.Y.Length, Math.Min(1, Math.Abs(d.Welch.CohensD) / 3), d);
    }

    private static void ChangePoint(NarrativeBuilder nb, List<ChartImage> charts, ChangePointDetail d)
    {
        var s = d.Series;
        string[] cols = [s.TimeColumn, s.Measure];
        const string rows = "time points of the aggregated series";
        var k = d.SplitIndex;
        var when = nb.T(s, k + 1, "first time point after the change (Pettitt's test)");
        var up = d.Welch.MeanB > d.Welch.MeanA;
        var words = d.Welch.MeanA > 0 && d.Welch.MeanB > 0
            ? $", {nb.N(d.Welch.MeanB / d.Welch.MeanA - 1, "relative change of the mean level, in words", cols, rows, EffectWords.Change)}"
            : "";
        nb.Paragraph($"{Cap(H(s.Measure))} moved to a {(up ? "higher" : "lower")} level around {when}. Before that it averaged {nb.N(d.Welch.MeanA, "mean before the change point", cols, rows)}; from then on it averaged {nb.N(d.Welch.MeanB, "mean from the change point on", cols, rows)}, a difference of {nb.N(d.Welch.MeanB - d.Welch.MeanA, "difference of the two means", cols, rows, Fmt.Signed)}{words}.");
        nb.Paragraph($"The evidence: Pettitt's rank-based test locates the most likely single break at {when} (K = {nb.N(d.Pettitt.K, "Pettitt K statistic", cols, rows)}, {nb.P(d.Pettitt.PValue, "Pettitt approximate p-value", cols, rows)}). A Welch t-test comparing the {nb.Int(k + 1, "points before the change", cols, rows)} points before with the {nb.Int(s.Y.Length - k - 1, "points from the change on", cols, rows)} points after gives t = {nb.Coef(d.Welch.T, "Welch t statistic", cols, rows)} ({nb.P(d.Welch.PValue, "Welch two-sided p-value", cols, rows)}), and Cohen's d = {nb.Coef(d.Welch.CohensD, "Cohen's d (pooled standard deviation)", cols, rows)}, a large effect.");
        nb.Evidence($"Within each side of the break the series is comparatively flat (Kendall's tau {nb.Coef(d.TauBefore, "Mann-Kendall tau before the change", cols, rows)} before and {nb.Coef(d.TauAfter, "Mann-Kendall tau after the change", cols, rows)} after), which is what distinguishes a level shift from a gradual trend.");
        charts.Add(ChartFactory.Line($"{Cap(H(s.Measure))}: level before and after the change", s.TimeColumn, s.Measure, s.T, s.Y, s.TimeIsYear,
            splitAt: (s.T[k] + s.T[k + 1]) / 2, levels: (d.Welch.MeanA, d.Welch.MeanB)));
        charts.Add(ChartFactory.Boxes($"{Cap(H(s.Measure))} before and after {s.Describe(k + 1)}", "Period", s.Measure,
            [("before", s.Y[..(k + 1)]), ("after", s.Y[(k + 1)..])]));
    }
}
