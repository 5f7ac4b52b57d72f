using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <param name="Period">The cycle length in the series' steps (years for a yearly series).</param>
/// <param name="Autocorrelation">Autocorrelation of the detrended series at that lag.</param>
/// <param name="Peaks">Indices of the series' peaks (one per cycle), for the narrative and the chart.</param>
public sealed record CycleDetail(TimeSeries Series, int Period, double Autocorrelation, double Trough, double Z, double PValue, IReadOnlyList<int> Peaks);

/// <summary>
/// A cycle that is not the calendar's (sunspots every 11 years, lynx every 10): in a yearly (or coarser) series, the
/// detrended autocorrelation has its first clear peak at lag L ≥ 3 after dipping below zero; the peak is tested against
/// Bartlett's standard error for white noise.
/// </summary>
public sealed class CycleStory : StoryKind<CycleDetail>
{
    public override string Name => "cycle";

    public override double Weight => 0.9;

    public override IReadOnlyList<string> SteeringWords { get; } = ["cycle", "cyclical", "periodic", "oscillat", "every"];

    public override bool IsAboutTime => true;

    protected override void Write(StoryDraft s, CycleDetail d) => Cycle(s.Text, s.Charts, d);

    public override string? Caveat => "A cycle in the past is not a forecast: its length and height vary from one cycle to the next.";

    public const int MinPoints = 30;
    public const double MinAutocorrelation = 0.25;
    public const double MaxP = 0.001;
    private const int MaxMeasures = 40;


    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        if (table.Time.Axis is not { } time) yield break;
        foreach (var measure in table.Numeric.Take(MaxMeasures))
        {
            var series = TimeSeriesBuilder.Pooled(table, time, measure);
            if (series is null || TimeSeriesBuilder.AveragingOf(table, series) != Averaging.None) continue;
            // Monthly and finer series: a 12-step cycle is the calendar's (the seasonality test tells it).
            if (series.Granularity is not ("year" or "day") || (series.Granularity == "day" && !series.TimeIsYear && series.T.Length > 0 && !Yearly(series))) continue;
            if (Analyze(series) is { } d && d.PValue < MaxP) yield return ToInsight(d);
        }
    }

    private static bool Yearly(TimeSeries s)
    {
        if (s.T.Length < 2) return false;
        var steps = new double[s.T.Length - 1];
        for (var i = 1; i < s.T.Length; i++) steps[i - 1] = s.T[i] - s.T[i - 1];
        return Descriptive.Median(steps) >= 360;
    }

    public static CycleDetail? Analyze(TimeSeries series)
    {
        var y = series.Y;
        var n = y.Length;
        if (n < MinPoints) return null;
        var fit = StatTests.TheilSen(series.X, y);
        if (double.IsNaN(fit.Slope)) return null;
        var x = series.X;
        var detrended = new double[n];
        for (var i = 0; i < n; i++) detrended[i] = y[i] - (fit.Intercept + fit.Slope * x[i]);
        var maxLag = n / 3;
        var acf = new double[maxLag + 1];
        for (var k = 1; k <= maxLag; k++) acf[k] = StatTests.Autocorrelation(detrended, k);
        // The first lag at which the autocorrelation has dipped below zero and climbs back to a local peak.
        var dipped = double.PositiveInfinity;
        for (var k = 2; k < maxLag; k++)
        {
            dipped = Math.Min(dipped, acf[k - 1]);
            if (k < 3 || !(dipped < -0.1) || !(acf[k] >= acf[k - 1] && acf[k] >= acf[k + 1]) || acf[k] < MinAutocorrelation) continue;
            double sumSquares = 0;
            for (var j = 1; j < k; j++) sumSquares += acf[j] * acf[j];
            var se = Math.Sqrt((1 + 2 * sumSquares) / n);
            var z = acf[k] / se;
            var p = SpecialFunctions.NormalTwoSidedP(z);
            return new CycleDetail(series, k, acf[k], dipped, z, p, Peaks(detrended, k));
        }
        return null;
    }

    /// <summary>One peak per cycle: the highest point of each window of the period's length.</summary>
    private static List<int> Peaks(double[] y, int period)
    {
        var peaks = new List<int>();
        for (var start = 0; start < y.Length; start += period)
        {
            var end = Math.Min(y.Length, start + period);
            if (end - start < Math.Max(2, period / 2)) break;
            var best = start;
            for (var i = start; i < end; i++) if (y[i] > y[best]) best = i;
            peaks.Add(best);
        }
        return peaks;
    }

    private static Insight ToInsight(CycleDetail d)
    {
        var s = d.Series;
        var subject = s.Subject;
        var unit = s.TimeIsYear || s.Granularity == "year" || Yearly(s) ? "years" : "periods";
        var title = $"{Words.Cap(subject)} {Words.Verb(subject, "rises", "rise")} and {Words.Verb(subject, "falls", "fall")} in a cycle of about {d.Period} {unit}";
        var peaks = d.Peaks.Take(6).Select(s.Describe).ToList();
        var summary =
            $"Once the long-run trend is taken out, {subject} {Words.Verb(subject, "repeats", "repeat")} a rise and fall about every {d.Period} {unit}: high points came around {string.Join(", ", peaks)}{(d.Peaks.Count > 6 ? " and on" : "")}. " +
            $"Values {d.Period} {unit} apart are correlated (autocorrelation {Fmt.Coef(d.Autocorrelation)} across {s.Y.Length} {TrendStory.PointName(s)} points, {Fmt.P(d.PValue)}), while values half a cycle apart are not (as low as {Fmt.Coef(d.Trough)}).";
        return new Insight(StoryKinds.Of<CycleStory>(), [s.TimeColumn, s.Measure], title, summary, ["line", "bar"],
            "Autocorrelation of the detrended series at the cycle's lag, against Bartlett's standard error", d.Z, d.PValue, d.Autocorrelation,
            s.Y.Length, Math.Clamp(d.Autocorrelation * 1.3, 0, 1), d);
    }

    private static void Cycle(NarrativeBuilder nb, List<ChartImage> charts, CycleDetail d)
    {
        var s = d.Series;
        var cols = SeriesColumns(s);
        var rows = SeriesRows(s);
        var subject = Subject(nb, s);
        var peaks = d.Peaks.Select((p, i) => nb.T(s, p, $"time point of the highest value in cycle window {i + 1}")).ToList();
        nb.Paragraph($"{Cap(subject)} {Words.Verb(subject, "goes", "go")} up and down in a regular rhythm of about {nb.Int(d.Period, "lag of the autocorrelation peak (cycle length in time steps)", cols, rows)} {TrendStory.PointName(s)} steps. The high points came around {string.Join(", ", peaks.Take(12))}{(peaks.Count > 12 ? " and later" : "")}.");
        nb.Paragraph($"The evidence: after removing the long-run trend (a Theil-Sen line), values {d.Period} steps apart are correlated (autocorrelation {nb.Coef(d.Autocorrelation, "autocorrelation of the detrended series at the cycle lag", cols, rows)}, {nb.P(d.PValue, "two-sided p-value against Bartlett's standard error", cols, rows)}), while values half a cycle apart move in opposite directions (autocorrelation as low as {nb.Coef(d.Trough, "lowest autocorrelation before the cycle lag", cols, rows)}). ");
        charts.Add(ChartFactory.Line($"{Cap(subject)} and its {d.Period}-step cycle", H(s.TimeColumn), Cap(H(s.Measure)), s.T, s.Y, s.TimeIsYear, markers: d.Peaks.Select(p => s.T[p]).ToList()));
        var lags = Enumerable.Range(1, Math.Min(s.Y.Length / 3, 3 * d.Period)).ToList();
        var fit = Stats.StatTests.TheilSen(s.X, s.Y);
        var detrended = s.Y.Select((v, i) => v - (fit.Intercept + fit.Slope * s.X[i])).ToArray();
        charts.Add(ChartFactory.Bars($"How alike values are, by distance in {TrendStory.PointName(s)} steps", "Steps apart", "Autocorrelation",
            lags.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), lags.Select(l => Stats.StatTests.Autocorrelation(detrended, l)).ToList(), highlightIndex: d.Period - 1));
    }
}
