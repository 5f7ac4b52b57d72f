using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;

namespace DataStoryBot.Core.Analyst.Detectors;

public sealed record ChangePointDetail(TimeSeries Series, PettittResult Pettitt, WelchResult Welch, double TauBefore, double TauAfter)
{
    public int SplitIndex => Pettitt.ChangeIndex;
}

/// <summary>Level shift: Pettitt's test locates the change, a Welch t-test compares the means before and after.</summary>
public sealed class ChangePointDetector : IInsightDetector
{
    public const int MinSegment = 5;
    public const double MaxP = 0.01;
    public const double MinCohensD = 1.0;
    private const int MaxMeasures = 40;

    public InsightType Type => InsightType.ChangePoint;

    public IEnumerable<Insight> Detect(AnalysisTable table)
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
        // A smooth trend also "splits" in the middle; a level shift has flat-ish segments.
        if (Math.Abs(d.TauBefore) >= 0.5 || Math.Abs(d.TauAfter) >= 0.5) return null;
        var up = d.Welch.MeanB > d.Welch.MeanA;
        var when = series.Describe(d.SplitIndex + 1);
        var subject = series.Subject;
        var title = $"{Words.Cap(subject)} {Words.Verb(subject, "stepped", "stepped")} {(up ? "up" : "down")} around {when}";
        var summary =
            $"Before {when}, {subject} averaged {Fmt.Num(d.Welch.MeanA)}; from then on {Words.Verb(subject, "it", "they")} averaged {Fmt.Num(d.Welch.MeanB)} ({Fmt.Signed(d.Welch.MeanB - d.Welch.MeanA)}, a lasting shift in level rather than a gradual trend). " +
            $"Pettitt's test places the break at {when} ({Fmt.P(d.Pettitt.PValue)}) and a Welch t-test confirms the difference in level (t = {Fmt.Coef(d.Welch.T)}, {Fmt.P(d.Welch.PValue)}, Cohen's d = {Fmt.Coef(d.Welch.CohensD)}).";
        return new Insight(InsightType.ChangePoint, [series.TimeColumn, series.Measure], title, summary, ["line", "box"],
            "Pettitt change-point test with Welch t-test", d.Welch.T, Math.Max(d.Pettitt.PValue, d.Welch.PValue), d.Welch.CohensD,
            series.Y.Length, Math.Min(1, Math.Abs(d.Welch.CohensD) / 3), d);
    }
}
