using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;

namespace DataStoryBot.Core.Analyst.Detectors;

/// <param name="High">True for record highs, false for record lows.</param>
/// <param name="Top">Indices of the k most extreme points, most extreme first.</param>
/// <param name="RecentWindow">How many final points count as recent.</param>
/// <param name="InWindow">How many of the k most extreme points fall in the recent window.</param>
public sealed record RecordDetail(TimeSeries Series, bool High, IReadOnlyList<int> Top, int RecentWindow, int InWindow, double PValue);

/// <summary>
/// Record highs (or lows) that crowd into the end of a series: of its k most extreme points, how many fall in the last
/// fifth, against a hypergeometric test of the same count landing there by chance.
/// </summary>
public sealed class RecordDetector : IInsightDetector
{
    public const int MinPoints = 20;
    public const double MaxP = 0.001;
    private const int MaxMeasures = 40;

    public InsightType Type => InsightType.Record;

    public IEnumerable<Insight> Detect(AnalysisTable table)
    {
        if (table.Time.Axis is not { } time) yield break;
        foreach (var measure in table.Numeric.Take(MaxMeasures))
        {
            var series = TimeSeriesBuilder.Pooled(table, time, measure);
            if (series is null || TimeSeriesBuilder.AveragingOf(table, series) == Averaging.FewSeries) continue;
            var best = new[] { Analyze(series, high: true), Analyze(series, high: false) }
                .Where(d => d is not null && d.PValue < MaxP).OrderBy(d => d!.PValue).FirstOrDefault();
            if (best is not null) yield return ToInsight(best);
        }
    }

    public static RecordDetail? Analyze(TimeSeries series, bool high)
    {
        var y = series.Y;
        var n = y.Length;
        if (n < MinPoints) return null;
        var k = Math.Clamp(n / 10, 5, 10);
        var window = (int)Math.Ceiling(n * 0.2);
        var top = Enumerable.Range(0, n).OrderBy(i => high ? -y[i] : y[i]).ThenByDescending(i => i).Take(k).ToList();
        var inWindow = top.Count(i => i >= n - window);
        if (inWindow * 2 < k) return null;
        return new RecordDetail(series, high, top, window, inWindow, HypergeometricUpperTail(n, window, k, inWindow));
    }

    /// <summary>P(X ≥ x) when k of n points are drawn without replacement and w of the n are "recent".</summary>
    public static double HypergeometricUpperTail(int n, int w, int k, int x)
    {
        double total = 0;
        for (var i = x; i <= Math.Min(k, w); i++)
        {
            total += Math.Exp(LogChoose(w, i) + LogChoose(n - w, k - i) - LogChoose(n, k));
        }
        return Math.Min(1, total);

        static double LogChoose(int a, int b) => b < 0 || b > a ? double.NegativeInfinity
            : SpecialFunctions.LogGamma(a + 1) - SpecialFunctions.LogGamma(b + 1) - SpecialFunctions.LogGamma(a - b + 1);
    }

    private static Insight ToInsight(RecordDetail d)
    {
        var s = d.Series;
        var subject = s.Subject;
        var best = d.Top[0];
        var word = d.High ? "highest" : "lowest";
        var first = s.Describe(s.T.Length - d.RecentWindow);
        var title = $"{Words.Cap(subject)} reached {Words.Verb(subject, "its", "their")} {word} level in {s.Describe(best)}: {d.InWindow} of the {d.Top.Count} {word} values came from {first} on";
        var summary =
            $"The {word} {subject} on record is {Fmt.Num(s.Y[best])} in {s.Describe(best)}, and {d.InWindow} of the {d.Top.Count} {word} values fall in the last {d.RecentWindow} of {s.Y.Length} {TrendDetector.PointName(s)} points (from {first} on). " +
            $"If the {word} values could have come at any time, that many landing so late would be very unlikely (hypergeometric test, {Fmt.P(d.PValue)}).";
        return new Insight(InsightType.Record, [s.TimeColumn, s.Measure], title, summary, ["line", "bar"],
            "Recency of the k most extreme values (hypergeometric test)", d.InWindow, d.PValue, d.InWindow / (double)d.Top.Count, s.Y.Length,
            Math.Clamp(0.8 * d.InWindow / d.Top.Count, 0, 1), d);
    }
}
