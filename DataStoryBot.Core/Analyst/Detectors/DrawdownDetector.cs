using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;

namespace DataStoryBot.Core.Analyst.Detectors;

/// <summary>A fall from a high to the lowest point after it, and when (if ever) the high was regained.</summary>
public sealed record DrawdownEpisode(int Peak, int Trough, int? Recovery, double PeakValue, double TroughValue)
{
    public double Depth => PeakValue > 0 ? (PeakValue - TroughValue) / PeakValue : 0;
}

/// <param name="NoiseZ">The fall in units of the series' own step-to-step noise over the fall's length: how unlike a random wobble it is.</param>
public sealed record DrawdownDetail(TimeSeries Series, DrawdownEpisode Largest, DrawdownEpisode? Second, double NoiseZ);

/// <summary>
/// The largest peak-to-trough decline of a positive series (its maximum drawdown): when it started, how deep it went,
/// how long it lasted and when the series got back to its earlier high; also the next largest fall outside it. In long
/// format, per group (the deepest group's fall is the story).
/// </summary>
public sealed class DrawdownDetector : IInsightDetector
{
    public const int MinPoints = 12;
    public const double MinDepth = 0.2;
    public const double MinDepthIfSmooth = 0.03;
    public const double MinNoiseZ = 4;
    public const double MinPersistence = 0.7;
    private const int MaxMeasures = 40;
    private const int MaxLevels = 12;

    public InsightType Type => InsightType.Drawdown;

    public IEnumerable<Insight> Detect(AnalysisTable table)
    {
        if (table.Time.Axis is not { } time) yield break;
        foreach (var measure in table.Numeric.Take(MaxMeasures))
        {
            if (table.Time.IsPanel)
            {
                var dimension = table.Time.Dimensions[0];
                Insight? best = null;
                foreach (var (code, rows) in TimeSeriesBuilder.RowsByLevel(dimension, MaxLevels, MinPoints))
                {
                    var series = TimeSeriesBuilder.Build(time, measure, rows, dimension, code);
                    if (series is not null && Evaluate(series) is { } candidate && (best is null || candidate.EffectSize > best.EffectSize)) best = candidate;
                }
                if (best is not null) yield return best;
                var pooled = TimeSeriesBuilder.Pooled(table, time, measure);
                if (pooled is { Aggregation: "sum" } && Evaluate(pooled) is { } total) yield return total;
            }
            else if (TimeSeriesBuilder.Pooled(table, time, measure) is { } series && Evaluate(series) is { } insight)
            {
                yield return insight;
            }
        }
    }

    public static DrawdownDetail? Analyze(TimeSeries series)
    {
        var y = series.Y;
        if (y.Length < MinPoints || y.Any(v => !(v > 0))) return null;
        var largest = Largest(y, 0, y.Length);
        if (largest is null) return null;
        // The next largest fall outside the first one (before its high, or after its recovery).
        var before = largest.Peak >= 2 ? Largest(y, 0, largest.Peak + 1) : null;
        var after = largest.Recovery is { } rec && y.Length - rec >= 3 ? Largest(y, rec, y.Length) : null;
        var second = new[] { before, after }.Where(e => e is not null).OrderByDescending(e => e!.Depth).FirstOrDefault();
        var steps = new double[y.Length - 1];
        for (var i = 1; i < y.Length; i++) steps[i - 1] = y[i] - y[i - 1];
        var noise = Descriptive.StdDev(steps);
        var length = Math.Max(1, largest.Trough - largest.Peak);
        var z = noise > 0 ? (largest.PeakValue - largest.TroughValue) / (noise * Math.Sqrt(length)) : double.PositiveInfinity;
        return new DrawdownDetail(series, largest, second is { Depth: >= 0.1 } ? second : null, Math.Min(z, 1e6));
    }

    private static DrawdownEpisode? Largest(double[] y, int from, int to)
    {
        var peak = from;
        DrawdownEpisode? best = null;
        for (var i = from; i < to; i++)
        {
            if (y[i] > y[peak]) peak = i;
            var depth = (y[peak] - y[i]) / y[peak];
            if (depth > 0 && (best is null || depth > best.Depth)) best = new DrawdownEpisode(peak, i, null, y[peak], y[i]);
        }
        if (best is null) return null;
        int? recovery = null;
        for (var j = best.Trough + 1; j < y.Length; j++)
        {
            if (y[j] >= best.PeakValue) { recovery = j; break; }
        }
        return best with { Recovery = recovery };
    }

    private static Insight? Evaluate(TimeSeries series)
    {
        var d = Analyze(series);
        if (d is null) return null;
        var e = d.Largest;
        // A deep fall in a persistent series (prices, levels: each point close to the last), or any fall far beyond
        // the step-to-step noise. In a noisy series that wanders around one level, a large peak-to-trough gap is chance.
        var persistent = StatTests.Autocorrelation(series.Y, 1) >= MinPersistence;
        if (!((e.Depth >= MinDepth && persistent) || (e.Depth >= MinDepthIfSmooth && d.NoiseZ >= MinNoiseZ))) return null;
        // A fall that never turns is a downward trend, which the trend test tells better.
        if (e.Recovery is null && e.Trough == series.Y.Length - 1 && e.Peak == 0) return null;
        // In a series with a yearly cycle the largest fall is the season (summer to winter), not an event.
        if (!series.TimeIsYear && series.Granularity is "day" or "month" && SeasonalityDetector.Analyze(series with { }) is { } season
            && season.Test.PValue < SeasonalityDetector.MaxP && season.Test.EpsilonSquared >= SeasonalityDetector.MinEpsilon) return null;
        var subject = series.Subject;
        var (peak, trough) = (series.Describe(e.Peak), series.Describe(e.Trough));
        var depthText = Fmt.Pct(e.Depth);
        var title = d.Second is { } other && other.Depth >= 0.2 && other.Depth >= 0.6 * e.Depth
            ? $"{Words.Cap(subject)} fell {depthText} from {peak} to {trough}, {(other.Peak < e.Peak ? "after" : "before")} a {Fmt.Pct(other.Depth)} fall from {series.Describe(other.Peak)} to {series.Describe(other.Trough)}"
            : $"{Words.Cap(subject)} fell {depthText} from {peak} to {trough}";
        var recovery = e.Recovery is { } r
            ? $"It took until {series.Describe(r)} to get back to that high."
            : $"By the end of the data ({series.Describe(series.Y.Length - 1)}) it had not regained that high.";
        var second = d.Second is { } s2
            ? $" A second fall of {Fmt.Pct(s2.Depth)} ran from {series.Describe(s2.Peak)} to {series.Describe(s2.Trough)}."
            : "";
        var summary =
            $"{Words.Cap(subject)} dropped from {Fmt.Num(e.PeakValue)} in {peak} to {Fmt.Num(e.TroughValue)} in {trough}, its largest peak-to-trough fall. {recovery}{second} " +
            $"The fall is {Fmt.Num(d.NoiseZ)} times the size of the series' usual ups and downs over that many {TrendDetector.PointName(series)} steps.";
        var columns = new List<string> { series.TimeColumn, series.Measure };
        if (series.SubsetColumn is not null) columns.Add(series.SubsetColumn);
        var impact = Math.Clamp(Math.Max(e.Depth * 1.5, Math.Min(1, d.NoiseZ / 8)), 0, 1);
        return new Insight(InsightType.Drawdown, columns, title, summary, ["line", "bar"],
            "Largest peak-to-trough decline (maximum drawdown), against step-to-step noise", d.NoiseZ, null, e.Depth, series.Y.Length, impact, d)
        { Significance = Math.Clamp(0.3 + d.NoiseZ / 10, 0, 1) };
    }
}
