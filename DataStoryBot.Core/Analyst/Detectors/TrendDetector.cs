using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;

namespace DataStoryBot.Core.Analyst.Detectors;

public sealed record TrendDetail(TimeSeries Series, MannKendallResult MannKendall, TheilSenResult TheilSen, double FittedStart, double FittedEnd)
{
    /// <summary>A straight line through non-negative data can start below zero; then the observed endpoints are quoted instead.</summary>
    public bool UseObservedEndpoints => Series.Y.Min() >= 0 && (FittedStart < 0 || FittedEnd < 0);

    public double StartValue => UseObservedEndpoints ? Series.Y[0] : FittedStart;

    public double EndValue => UseObservedEndpoints ? Series.Y[^1] : FittedEnd;

    public string EndpointWord => UseObservedEndpoints ? "" : "a fitted ";

    public double RelativeChange => StartValue > 0 ? (EndValue - StartValue) / StartValue : double.NaN;
}

/// <summary>Monotonic trend over time: Mann-Kendall test, Theil-Sen slope; overall and within each level of a small category column.</summary>
public sealed class TrendDetector : IInsightDetector
{
    public const int MinPoints = 8;
    public const double MaxP = 0.01;
    public const double MinTau = 0.3;
    private const int MaxMeasures = 40;
    private const int MaxSplitColumns = 3;
    private const int MaxLevels = 12;

    public InsightType Type => InsightType.Trend;

    public IEnumerable<Insight> Detect(AnalysisTable table)
    {
        var allRows = Enumerable.Range(0, table.RowCount).ToArray();
        // In long format the series dimension splits the rows; otherwise small categories may hold a subset's trend.
        var splits = table.Time.IsPanel
            ? table.Time.Dimensions.Take(1).ToList()
            : table.Categories.Where(c => c.Labels.Length is >= 2 and <= MaxLevels).Take(MaxSplitColumns).ToList();
        foreach (var time in TimeSeriesBuilder.TimeAxes(table))
        {
            foreach (var measure in table.Numeric.Take(MaxMeasures))
            {
                var overall = TimeSeriesBuilder.Pooled(table, time, measure);
                if (overall is not null && Evaluate(overall) is { } insight)
                {
                    // An average across parallel series hides them: the per-group stories come first.
                    yield return TimeSeriesBuilder.AveragingOf(table, overall) == Averaging.FewSeries ? insight with { Impact = insight.Impact * 0.5 } : insight;
                }
                var whole = overall is null || table.Time.IsPanel || splits.Count == 0 ? double.NaN : RelativeSlope(overall);
                foreach (var split in splits)
                {
                    Insight? best = null;
                    var bestAgainst = false;
                    foreach (var (code, rows) in TimeSeriesBuilder.RowsByLevel(split, MaxLevels, MinPoints))
                    {
                        var series = TimeSeriesBuilder.Build(time, measure, rows, split, code);
                        if (series is null || Evaluate(series) is not { } candidate) continue;
                        // In long format each group is its own series and may be told; a subset of one series must stand
                        // out, and one that went against the whole is the bigger story than one that went with it faster.
                        var growth = table.Time.IsPanel ? double.NaN : RelativeSlope(series);
                        if (!table.Time.IsPanel && !StandsOut(growth, whole)) continue;
                        var against = double.IsFinite(whole) && whole != 0 && Math.Sign(growth) == -Math.Sign(whole);
                        if (best is null || (against && !bestAgainst) || (against == bestAgainst && Math.Abs(candidate.EffectSize) > Math.Abs(best.EffectSize)))
                        {
                            (best, bestAgainst) = (candidate, against);
                        }
                    }
                    if (best is not null) yield return best with { Impact = best.Impact * 0.9 };
                }
            }
        }
    }

    /// <summary>
    /// A group's trend is its own story only when it stands out from the whole: the opposite direction, or at least
    /// twice as steep relative to its level. A group that rose as everything rose ("miles for right", a column that
    /// only places chart labels) says nothing the whole does not.
    /// </summary>
    internal static bool StandsOut(double group, double whole) =>
        !double.IsFinite(whole) || whole == 0 || !double.IsFinite(group)
        || Math.Sign(group) != Math.Sign(whole) || Math.Abs(group) >= 2 * Math.Abs(whole);

    /// <summary>
    /// Growth comparable across series of different size: the least-squares slope of the logarithm (a yearly growth
    /// rate) when every value is positive, else the slope over the mean absolute level. Least squares (linear time) is
    /// enough to tell "twice as steep"; the robust slope the story quotes is computed only for what is told.
    /// </summary>
    private static double RelativeSlope(TimeSeries series)
    {
        if (series.Y.Length < MinPoints) return double.NaN;
        var x = series.X;
        if (series.Y.All(y => y > 0)) return LeastSquaresSlope(x, series.Y.Select(y => Math.Log(y)).ToArray());
        var level = series.Y.Average(Math.Abs);
        var slope = LeastSquaresSlope(x, series.Y);
        return level > 0 && double.IsFinite(slope) ? slope / level : double.NaN;
    }

    private static double LeastSquaresSlope(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx > 0 ? sxy / sxx : double.NaN;
    }

    public static TrendDetail? Analyze(TimeSeries series)
    {
        if (series.Y.Length < MinPoints) return null;
        var mk = StatTests.MannKendall(series.Y);
        var x = series.X;
        var ts = StatTests.TheilSen(x, series.Y);
        if (double.IsNaN(ts.Slope)) return null;
        return new TrendDetail(series, mk, ts, ts.Intercept + ts.Slope * x[0], ts.Intercept + ts.Slope * x[^1]);
    }

    private static Insight? Evaluate(TimeSeries series)
    {
        if (series.Y.Length < MinPoints) return null;
        var mk = StatTests.MannKendall(series.Y);
        if (mk.PValue >= MaxP || Math.Abs(mk.Tau) < MinTau) return null;
        var detail = Analyze(series);
        if (detail is null || detail.TheilSen.Slope == 0) return null;
        var up = detail.TheilSen.Slope > 0;
        var subject = series.Subject;
        var start = series.Describe(0);
        var end = series.Describe(series.T.Length - 1);
        var pace = Math.Abs(mk.Tau) >= 0.7 ? "steadily" : "overall";
        var title = $"{Words.Cap(subject)} {(up ? "rose" : "fell")} {pace} from {start} to {end}";
        var rel = detail.RelativeChange;
        var relText = double.IsFinite(rel) && Math.Abs(rel) < 100 ? $" ({Fmt.Signed(rel * 100)}% over the period)" : "";
        var (rate, unit) = Fmt.Rate(detail.TheilSen.Slope);
        var summary =
            $"{Words.Cap(subject)} went from {detail.EndpointWord}{Fmt.Num(detail.StartValue)} in {start} to {Fmt.Num(detail.EndValue)} in {end}{relText}, {(up ? "up" : "down")} by about {Fmt.Num(Math.Abs(rate))} a {unit}. " +
            $"The Mann-Kendall test finds a consistent {(up ? "upward" : "downward")} trend across {series.Y.Length} {PointName(series)} points (Kendall's tau = {Fmt.Coef(mk.Tau)}, {Fmt.P(mk.PValue)}).";
        var columns = new List<string> { series.TimeColumn, series.Measure };
        if (series.SubsetColumn is not null) columns.Add(series.SubsetColumn);
        var impact = Math.Clamp(0.6 * Math.Abs(mk.Tau) + 0.4 * Math.Min(1, double.IsFinite(rel) ? Math.Abs(rel) : 1), 0, 1);
        return new Insight(InsightType.Trend, columns, title, summary, ["line", "bar"], "Mann-Kendall trend test with Theil-Sen slope",
            mk.Z, mk.PValue, mk.Tau, series.Y.Length, impact, detail);
    }

    internal static string PointName(TimeSeries s) => s.Granularity switch
    {
        "year" => "yearly",
        "month" => "monthly",
        "quarter" => "quarterly",
        _ => "time",
    };

    /// <summary>Capitalizes a sentence start.</summary>
    internal static string Capitalize(string s) => Words.Cap(s);
}
