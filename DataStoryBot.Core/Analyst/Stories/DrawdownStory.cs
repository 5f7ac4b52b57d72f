using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>A fall from a high to the lowest point after it, and when (if ever) the high was regained.</summary>
public sealed record DrawdownEpisode(int Peak, int Trough, int? Recovery, double PeakValue, double TroughValue)
{
    public double Depth => PeakValue > 0 ? (PeakValue - TroughValue) / PeakValue : 0;
}

/// <param name="NoiseZ">The fall in units of the series' own step-to-step noise over the fall's length: how unlike a random wobble it is.</param>
/// <param name="RiseTau">Kendall's tau of the whole series when it otherwise rises steadily (at least <see cref="DrawdownStory.MinRiseTau"/>):
/// the fall breaks a long rise (a recession in a growing aggregate); null otherwise.</param>
/// <param name="Adjusted">The series is seasonally adjusted (a monthly series with a yearly cycle: each month divided by its usual
/// ratio to the centred 12-month average), so the fall is the one left once the season is taken out.</param>
/// <param name="Rise">The mirror of a fall: a surge (<see cref="DrawdownStory.Surge"/>), from the low at <see cref="DrawdownEpisode.Trough"/>
/// up to the high at <see cref="DrawdownEpisode.Peak"/>, which comes after it; <see cref="DrawdownEpisode.Depth"/> is the rise as a share of that high.</param>
public sealed record DrawdownDetail(TimeSeries Series, DrawdownEpisode Largest, DrawdownEpisode? Second, double NoiseZ, double? RiseTau = null, bool Adjusted = false, bool Rise = false);

/// <summary>
/// The largest peak-to-trough decline of a positive series (its maximum drawdown): when it started, how deep it went,
/// how long it lasted and when the series got back to its earlier high; also the next largest fall outside it. In long
/// format, per group (the deepest group's fall is the story).
/// </summary>
public sealed class DrawdownStory : StoryKind<DrawdownDetail>
{
    public override string Name => "drawdown";

    public override double Weight => 0.95;

    public override IReadOnlyList<string> SteeringWords { get; } = ["drop", "crash", "fall", "fell", "decline", "slump", "recession", "recover", "peak"];

    public override bool IsAboutTime => true;

    protected override void Write(StoryDraft s, DrawdownDetail d) => s.Subset(d.Rise ? Surge(s.Text, s.Charts, s.Table, d) : Drawdown(s.Text, s.Charts, s.Table, d));

    protected override string? Contradiction(Insight insight, DrawdownDetail d) => d.Rise
        // A rise is a fall of the negated series from the low to the high.
        ? ClaimChecks.Fall(d.Series.Y.Select(v => -v).ToArray(), d.Largest.Trough, d.Largest.Peak, -d.Largest.TroughValue, -d.Largest.PeakValue, d.NoiseZ)
        : ClaimChecks.Fall(d.Series.Y, d.Largest.Peak, d.Largest.Trough, d.Largest.PeakValue, d.Largest.TroughValue, d.NoiseZ);

    public override string? Caveat => "The fall is measured from the series' own earlier high; the data shows when and how far it fell, not why.";

    public const int MinPoints = 12;
    public const double MinDepth = 0.2;
    public const double MinDepthIfSmooth = 0.03;
    public const double MinNoiseZ = 4;
    public const double MinPersistence = 0.7;

    /// <summary>
    /// Kendall's tau of a whole series from which its deep fall counts as the break in a steady rise: in a quantity that
    /// grows decade after decade (output, investment, orders), a fall of a fifth or more runs against everything else the
    /// series does, and weighs more than a fall of the same depth in a series that wanders (issue 22: macrodata's
    /// 2008-09 investment fall).
    /// </summary>
    public const double MinRiseTau = 0.7;

    /// <summary>How much more a fall that breaks a steady rise weighs, per unit of depth, than the 1.5 of any other fall.</summary>
    public const double BrokenRiseWeight = 2.5;

    /// <summary>At most this many evenly spaced points measure the rise (Kendall's tau is pairwise): linear in the series.</summary>
    private const int RiseSample = 200;
    private const int MaxMeasures = 40;
    private const int MaxLevels = 12;


    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        if (table.Time.Axis is not { } time) yield break;
        // Among a sample of the panel's groups the deepest fall is an arbitrary pick: only the total's is told. The
        // groups' rows are the same for every measure.
        var levels = !table.Time.IsPanel || TimeSeriesBuilder.ReadsSample(table.Time.Dimensions[0], MaxLevels, MinPoints) ? []
            : TimeSeriesBuilder.RowsByLevel(table.Time.Dimensions[0], MaxLevels, MinPoints);
        foreach (var measure in table.Numeric.Take(MaxMeasures))
        {
            if (table.Time.IsPanel)
            {
                var dimension = table.Time.Dimensions[0];
                Insight? best = null;
                foreach (var (code, rows) in levels)
                {
                    var series = TimeSeriesBuilder.Build(time, measure, rows, dimension, code);
                    if (series is not null && Evaluate(series) is { } candidate && (best is null || candidate.EffectSize > best.EffectSize)) best = candidate;
                }
                if (best is not null) yield return best;
                var pooled = TimeSeriesBuilder.Pooled(table, time, measure);
                if (pooled is { Aggregation: "sum" } && Larger(Evaluate(pooled), Surge(pooled)) is { } total) yield return total;
            }
            else if (TimeSeriesBuilder.Pooled(table, time, measure) is { } series
                // A rise from one day to the next in a table that is not one series is two different events.
                && Larger(Evaluate(series), series.Granularity != "day" || table.Time.IsSeries ? Surge(series) : null) is { } insight)
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
        var tau = largest.Depth >= MinDepth ? RiseTau(y) : 0;
        return new DrawdownDetail(series, largest, second is { Depth: >= 0.1 } ? second : null, Math.Min(z, 1e6), tau >= MinRiseTau ? tau : null);
    }

    /// <summary>Kendall's tau of the series against time, on at most <see cref="RiseSample"/> evenly spaced points.</summary>
    private static double RiseTau(double[] y)
    {
        var step = Math.Max(1, (y.Length + RiseSample - 1) / RiseSample);
        var sample = new double[(y.Length + step - 1) / step];
        for (var i = 0; i < sample.Length; i++) sample[i] = y[i * step];
        return StatTests.MannKendall(sample).Tau;
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

    /// <summary>
    /// In a series with a yearly cycle the largest fall (or rise) of the raw values is the season (summer to winter), not
    /// an event: a monthly series is read seasonally adjusted instead (a collapse of orders under their August dips); a
    /// daily one is left out (null).
    /// </summary>
    private static (TimeSeries Series, bool Adjusted)? Deseasoned(TimeSeries series)
    {
        if (!series.TimeIsYear && series.Granularity is "day" or "month" && SeasonalityStory.Analyze(series with { }) is { } season
            && season.Test.PValue < SeasonalityStory.MaxP && season.Test.EpsilonSquared >= SeasonalityStory.MinEpsilon)
        {
            return SeasonallyAdjusted(series) is { } adjustedSeries ? (adjustedSeries, true) : null;
        }
        return (series, false);
    }

    /// <summary>How many times deeper (as a share of its high) a surge must reach than the same series' fall to be told instead of it.</summary>
    public const double SurgeOverFall = 1.5;

    /// <summary>
    /// One series, one move told: its fall, unless its surge is at least <see cref="SurgeOverFall"/> times as large (the
    /// rise as a share of the high it reached, against the fall's share of its high). Most tracked quantities grow, so a
    /// fall is the news by default; a rise takes its place where it dwarfs the fall (unemployment that more than doubled
    /// after a slow decline).
    /// </summary>
    internal static Insight? Larger(Insight? fall, Insight? surge) =>
        fall is null ? surge
        : surge is null ? fall
        : ((DrawdownDetail)surge.Detail).Largest.Depth >= SurgeOverFall * ((DrawdownDetail)fall.Detail).Largest.Depth ? surge : fall;

    /// <summary>The least share of its later high that a rise must make up for the zigzag to count it as a turn (<see cref="RiseLegs"/>).</summary>
    public const double MinTurn = 0.1;

    /// <summary>
    /// How much steeper than the whole series (slope of the logarithm per step) a surge must climb to be one: a rise that
    /// only keeps the series' own pace is its trend, told by the trend story.
    /// </summary>
    public const double MinSurgePace = 2;

    /// <summary>
    /// The least a surge must multiply the series by (its high over its low): most tracked quantities grow, so a rise
    /// needs to be larger than a fall (<see cref="MinDepth"/>) to be news.
    /// </summary>
    public const double MinSurgeRatio = 1.5;

    /// <summary>A surge starts at the last point within this share of the rise above its low.</summary>
    public const double SurgeStartBand = 0.1;

    /// <summary>
    /// The mirror of the largest fall, for a quantity where a rise is the news (unemployment that more than doubled in a
    /// recession), told in place of the series' fall when it dwarfs it (<see cref="Larger"/>): the series is cut into alternating rises and falls, each turn a move of at least <see cref="MinTurn"/>
    /// against the one before (a zigzag), and the largest rise, as a share of the high it reached, is the surge, when the
    /// high is at least <see cref="MinSurgeRatio"/> times the low. Told like
    /// a fall: deep in a persistent series or far beyond the step-to-step noise, and only when it climbs at least
    /// <see cref="MinSurgePace"/> times as steeply as the whole series and does not run from the first point to the last
    /// (then it is the trend), and only when it held: the points after its high stay, at the median, above half the rise.
    /// Read seasonally adjusted as the fall is. Linear in the series.
    /// </summary>
    public static Insight? Surge(TimeSeries series)
    {
        if (Deseasoned(series) is not { } read) return null;
        var (y0, adjusted) = read;
        var y = y0.Y;
        if (y.Length < MinPoints || y.Any(v => !(v > 0))) return null;
        var legs = RiseLegs(y, MinTurn);
        if (legs.Count == 0) return null;
        var (low, high) = legs.MaxBy(l => (y[l.High] - y[l.Low]) / y[l.High]);
        if (low == 0 && high == y.Length - 1) return null;
        // The climb starts where the series last stood near its low (after a long flat spell its lowest wobble may lie
        // years before the rise) and its pace is read up to where it first came near its high.
        var band = SurgeStartBand * (y[high] - y[low]);
        for (var i = high - 1; i > low; i--)
        {
            if (y[i] <= y[low] + band) { low = i; break; }
        }
        var reached = high;
        for (var i = low + 1; i < high; i++)
        {
            if (y[i] >= y[high] - band) { reached = i; break; }
        }
        var pace = (Math.Log(y[reached]) - Math.Log(y[low])) / (reached - low);
        var whole = LeastSquares.Slope(Enumerable.Range(0, y.Length).Select(i => (double)i).ToArray(), y.Select(v => Math.Log(v)).ToArray());
        if (double.IsFinite(whole) && whole > 0 && pace < MinSurgePace * whole) return null;
        // A rise given back (a warm spell, a peak of a cycle) is the fall's story or the cycle's: the surge holds, its
        // high is the last point or the points after it stay mostly above half the rise.
        if (high < y.Length - 1 && Descriptive.Median(y[(high + 1)..]) < y[low] + 0.5 * (y[high] - y[low])) return null;
        var steps = new double[y.Length - 1];
        for (var i = 1; i < y.Length; i++) steps[i - 1] = y[i] - y[i - 1];
        var noise = Descriptive.StdDev(steps);
        var z = Math.Min(1e6, noise > 0 ? (y[high] - y[low]) / (noise * Math.Sqrt(high - low)) : double.PositiveInfinity);
        var e = new DrawdownEpisode(high, low, null, y[high], y[low]);
        if (e.PeakValue < MinSurgeRatio * e.TroughValue) return null;
        var persistent = StatTests.Autocorrelation(y, 1) >= MinPersistence;
        if (!((e.Depth >= MinDepth && persistent) || (e.Depth >= MinDepthIfSmooth && z >= MinNoiseZ))) return null;
        var d = new DrawdownDetail(y0, e, null, z, Adjusted: adjusted, Rise: true);
        var subject = y0.Subject;
        var (from, to) = (y0.Describe(low), y0.Describe(high));
        var ratio = e.PeakValue / e.TroughValue;
        var size = TimeSeriesBuilder.IntervalScale(y0.Measure) ? InUnits(y0, e) : ratio >= 1.995 ? $"{Fmt.Num(ratio)}-fold" : $"{Fmt.Pct(ratio - 1)}";
        var title = $"{Words.Cap(subject)} rose {size} from {from} to {to}";
        if (adjusted) title = $"Seasonally adjusted, {title[..1].ToLowerInvariant()}{title[1..]}";
        var after = high == y.Length - 1 ? "It was still at that high at the end of the data." : $"By the end of the data ({y0.Describe(y.Length - 1)}) it stood at {Fmt.Num(y[^1])}.";
        var summary =
            $"{(adjusted ? "With the season taken out, " + subject : Words.Cap(subject))} climbed from {Fmt.Num(e.TroughValue)} in {from} to {Fmt.Num(e.PeakValue)} in {to}, its largest rise. {after} " +
            $"The rise is {Fmt.Num(z)} times the size of the series' usual ups and downs over that many {TrendStory.PointName(y0)} steps.";
        var columns = new List<string> { y0.TimeColumn, y0.Measure };
        if (y0.SubsetColumn is not null) columns.Add(y0.SubsetColumn);
        var impact = Math.Clamp(Math.Max(e.Depth * 1.5, Math.Min(1, z / 8)), 0, 1);
        return new Insight(StoryKinds.Of<DrawdownStory>(), columns, title, summary, ["line", "bar"],
            "Largest rise between turns of the series (the mirror of its maximum drawdown), against step-to-step noise", z, null, e.Depth, y.Length, impact, d)
        { Significance = Math.Clamp(0.3 + z / 10, 0, 1) };
    }

    /// <summary>
    /// The rises of a zigzag through the series: a rise ends at its high once the series falls <paramref name="turn"/> of
    /// that high below it, a fall ends at its low once the series climbs <paramref name="turn"/> of the low above it.
    /// Each rise as (low, high) indices; positive values. Linear.
    /// </summary>
    internal static List<(int Low, int High)> RiseLegs(IReadOnlyList<double> y, double turn)
    {
        var legs = new List<(int, int)>();
        int lo = 0, hi = 0, pivot = 0;
        int? rising = null;
        for (var i = 1; i < y.Count; i++)
        {
            switch (rising)
            {
                case null:
                    if (y[i] > y[hi]) hi = i;
                    if (y[i] < y[lo]) lo = i;
                    if (hi > lo && y[hi] >= (1 + turn) * y[lo]) (rising, pivot) = (1, lo);
                    else if (lo > hi && y[lo] <= (1 - turn) * y[hi]) rising = 0;
                    break;
                case 1:
                    if (y[i] > y[hi]) hi = i;
                    else if (y[i] <= (1 - turn) * y[hi]) { legs.Add((pivot, hi)); (rising, lo) = (0, i); }
                    break;
                default:
                    if (y[i] < y[lo]) lo = i;
                    else if (y[i] >= (1 + turn) * y[lo]) (rising, pivot, hi) = (1, lo, i);
                    break;
            }
        }
        if (rising == 1) legs.Add((pivot, hi));
        return legs;
    }

    private static Insight? Evaluate(TimeSeries series)
    {
        if (Deseasoned(series) is not { } read) return null;
        (series, var adjusted) = read;
        var d = Analyze(series);
        if (d is null) return null;
        d = d with { Adjusted = adjusted };
        var e = d.Largest;
        // A deep fall in a persistent series (prices, levels: each point close to the last), or any fall far beyond
        // the step-to-step noise. In a noisy series that wanders around one level, a large peak-to-trough gap is chance.
        var persistent = StatTests.Autocorrelation(series.Y, 1) >= MinPersistence;
        if (!((e.Depth >= MinDepth && persistent) || (e.Depth >= MinDepthIfSmooth && d.NoiseZ >= MinNoiseZ))) return null;
        // A fall that never turns is a downward trend, which the trend test tells better.
        if (e.Recovery is null && e.Trough == series.Y.Length - 1 && e.Peak == 0) return null;
        var subject = series.Subject;
        var (peak, trough) = (series.Describe(e.Peak), series.Describe(e.Trough));
        var depthText = FallSize(series, e);
        var title = d.Second is { } other && other.Depth >= 0.2 && other.Depth >= 0.6 * e.Depth
            ? $"{Words.Cap(subject)} fell {depthText} from {peak} to {trough}, {(other.Peak < e.Peak ? "after" : "before")} a {FallSize(series, other)} fall from {series.Describe(other.Peak)} to {series.Describe(other.Trough)}"
            : $"{Words.Cap(subject)} fell {depthText} from {peak} to {trough}";
        if (adjusted) title = $"Seasonally adjusted, {title[..1].ToLowerInvariant()}{title[1..]}";
        var recovery = e.Recovery is { } r
            ? $"It took until {series.Describe(r)} to get back to that high."
            : $"By the end of the data ({series.Describe(series.Y.Length - 1)}) it had not regained that high.";
        var second = d.Second is { } s2
            ? $" A second fall of {FallSize(series, s2)} ran from {series.Describe(s2.Peak)} to {series.Describe(s2.Trough)}."
            : "";
        var broke = d.RiseTau is { } tau
            ? $" It broke a long rise: over the whole span it otherwise climbed steadily (Kendall's tau = {Fmt.Num(tau)})."
            : "";
        var summary =
            $"{(adjusted ? "With the season taken out, " + subject : Words.Cap(subject))} dropped from {Fmt.Num(e.PeakValue)} in {peak} to {Fmt.Num(e.TroughValue)} in {trough}, its largest peak-to-trough fall. {recovery}{second}{broke} " +
            $"The fall is {Fmt.Num(d.NoiseZ)} times the size of the series' usual ups and downs over that many {TrendStory.PointName(series)} steps.";
        var columns = new List<string> { series.TimeColumn, series.Measure };
        if (series.SubsetColumn is not null) columns.Add(series.SubsetColumn);
        // A fall that breaks a steady rise is news in proportion to its depth, whatever the noise: a fifth lost in a
        // series that otherwise only grows weighs as much as a third lost in one that wanders.
        var impact = Math.Clamp(Math.Max(e.Depth * (d.RiseTau is null ? 1.5 : BrokenRiseWeight), Math.Min(1, d.NoiseZ / 8)), 0, 1);
        return new Insight(StoryKinds.Of<DrawdownStory>(), columns, title, summary, ["line", "bar"],
            "Largest peak-to-trough decline (maximum drawdown), against step-to-step noise", d.NoiseZ, null, e.Depth, series.Y.Length, impact, d)
        { Significance = Math.Clamp(0.3 + d.NoiseZ / 10, 0, 1) };
    }

    /// <summary>The least number of years of a monthly series for its season to be taken out before its falls are read.</summary>
    public const int MinAdjustYears = 3;

    /// <summary>
    /// A monthly series with its yearly cycle taken out (classical multiplicative adjustment): each value divided by its
    /// calendar month's factor, the median ratio of that month's values to the centred 12-month average (the factors
    /// scaled to average 1). Null when the series is not whole consecutive months over at least
    /// <see cref="MinAdjustYears"/> years, or not positive. Linear in the series.
    /// </summary>
    public static TimeSeries? SeasonallyAdjusted(TimeSeries series)
    {
        var (y, n) = (series.Y, series.Y.Length);
        if (series.Granularity != "month" || series.TimeIsYear || n < 12 * MinAdjustYears || y.Any(v => !(v > 0))) return null;
        var months = series.T.Select(t => DateColumn.ToDateTime(t)).Select(t => t.Year * 12 + t.Month - 1).ToArray();
        for (var i = 1; i < n; i++)
        {
            if (months[i] != months[i - 1] + 1) return null;
        }
        var ratios = Enumerable.Range(0, 12).Select(_ => new List<double>()).ToArray();
        var window = 0.0;
        for (var i = 0; i < 12; i++) window += y[i];
        // The centred 2x12 average at i: half of y[i-6] and y[i+6], all of y[i-5..i+5], over 12 (a running sum of 12).
        for (var i = 6; i + 6 < n; i++)
        {
            var centred = (window + y[i + 6] - 0.5 * (y[i - 6] + y[i + 6])) / 12;
            window += y[i + 6] - y[i - 6];
            ratios[months[i] % 12].Add(y[i] / centred);
        }
        if (ratios.Any(r => r.Count < MinAdjustYears - 1)) return null;
        var factors = ratios.Select(r => Descriptive.Median(r.ToArray())).ToArray();
        var mean = factors.Average();
        return series with { Y = y.Select((v, i) => v / (factors[months[i] % 12] / mean)).ToArray() };
    }

    private static (IReadOnlyList<int>?, string?) Surge(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, DrawdownDetail d)
    {
        var s = d.Series;
        var cols = SeriesColumns(s);
        var rows = SeriesRows(s);
        var e = d.Largest;
        var subject = Subject(nb, s);
        var low = nb.T(s, e.Trough, "time point of the low before the rise");
        var high = nb.T(s, e.Peak, "time point of the high after the low");
        var ratio = e.PeakValue / e.TroughValue;
        var size = TimeSeriesBuilder.IntervalScale(s.Measure) ? ColumnWords.AmountByName(s.Measure, nb.N(e.PeakValue - e.TroughValue, "rise from the low to the high, in the measure's units", cols, rows))
            : ratio >= 1.995 ? $"{nb.N(ratio, "value at the high divided by the value at the low", cols, rows)}-fold" : nb.Pct(ratio - 1, "rise from the low to the high, as a share of the low", cols, rows);
        nb.Paragraph($"{Cap(subject)} rose {size}: from {nb.N(e.TroughValue, "value at the low", cols, rows)} in {low} to {nb.N(e.PeakValue, "value at the high", cols, rows)} in {high}, over {nb.Int(e.Peak - e.Trough, "time steps from the low to the high", cols, rows)} {TrendStory.PointName(s)} steps. " +
            (e.Peak == s.Y.Length - 1
                ? "The data ends at that high."
                : $"By the last time point ({nb.T(s, s.Y.Length - 1, "last time point of the series")}) it stood at {nb.N(s.Y[^1], "value at the last time point", cols, rows)}."));
        if (d.Adjusted)
        {
            nb.Paragraph($"{Cap(H(s.Measure))} rises and falls with the calendar every year, so these are seasonally adjusted values: each month's value divided by how far that month usually runs above or below the average of the year around it. The rise is what is left once the season is taken out.");
        }
        nb.Paragraph($"The evidence: read as alternating rises and falls (each turn a move of at least {nb.Pct(MinTurn, "least move against the one before that counts as a turn", cols, rows)}), this is the largest rise in the {nb.Int(s.Y.Length, "number of time points", cols, rows)} points of the series, climbing much faster than the series as a whole. Its size is {nb.N(d.NoiseZ, "rise divided by the standard deviation of step-to-step changes times the square root of the rise's length", cols, rows)} times what the series' usual step-to-step ups and downs would add up to over that many steps, so it is not a wobble.");
        var adjusted = d.Adjusted ? " (seasonally adjusted)" : "";
        charts.Add(ChartFactory.Line($"{Cap(subject)}{adjusted}: the rise from {s.Describe(e.Trough)} to {s.Describe(e.Peak)}", H(s.TimeColumn), Cap(H(s.Measure)) + adjusted, s.T, s.Y, s.TimeIsYear, span: (s.T[e.Trough], s.T[e.Peak])));
        var (labels, values) = TrendStory.PeriodMeans(s);
        charts.Add(ChartFactory.Bars($"Average {H(s.Measure)}{adjusted} by period", "Period", $"Mean {H(s.Measure)}", labels, values));
        if (table.Time.Axis is { } axis)
        {
            var (from, to) = (s.T[e.Trough], s.T[e.Peak]);
            var inRise = Enumerable.Range(0, table.RowCount).Where(r => TimeSeriesBuilder.TimeValue(axis, r) is var t && t >= from && t <= to).ToList();
            if (inRise.Count > 0) return (inRise, $"rows from {s.Describe(e.Trough)} to {s.Describe(e.Peak)}");
        }
        return (null, null);
    }

    /// <summary>
    /// The size of a fall as a reader can use it: a percent of the high on a ratio scale ("fell 32%"), the drop in the
    /// measure's own units on an interval scale, where zero is not "none" ("fell 5.2 °C": a temperature, an anomaly).
    /// </summary>
    internal static string FallSize(TimeSeries s, DrawdownEpisode e) =>
        TimeSeriesBuilder.IntervalScale(s.Measure) ? InUnits(s, e) : Fmt.Pct(e.Depth);

    private static string InUnits(TimeSeries s, DrawdownEpisode e) => ColumnWords.AmountByName(s.Measure, Fmt.Num(Math.Abs(e.PeakValue - e.TroughValue)));

    private static (IReadOnlyList<int>?, string?) Drawdown(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, DrawdownDetail d)
    {
        var s = d.Series;
        var cols = SeriesColumns(s);
        var rows = SeriesRows(s);
        var e = d.Largest;
        var subject = Subject(nb, s);
        var peak = nb.T(s, e.Peak, "time point of the high before the fall");
        var trough = nb.T(s, e.Trough, "time point of the low after the high");
        var lost = TimeSeriesBuilder.IntervalScale(s.Measure)
            ? $"fell {ColumnWords.AmountByName(s.Measure, nb.N(e.PeakValue - e.TroughValue, "fall from the high to the low, in the measure's units", cols, rows))}"
            : $"lost {nb.N(e.Depth, "fall from the high to the low, as a share of the high, in words", cols, rows, EffectWords.Fraction)} of {Words.Verb(subject, "its", "their")} value ({nb.Pct(e.Depth, "fall from the high to the low, as a share of the high", cols, rows)})";
        nb.Paragraph($"{Cap(subject)} {lost}: from {nb.N(e.PeakValue, "value at the high", cols, rows)} in {peak} to {nb.N(e.TroughValue, "value at the low", cols, rows)} in {trough}, over {nb.Int(e.Trough - e.Peak, "time steps from the high to the low", cols, rows)} {TrendStory.PointName(s)} steps. " +
            (e.Recovery is { } r
                ? $"It regained the earlier high in {nb.T(s, r, "first time point back at or above the earlier high")}, {nb.Int(r - e.Trough, "time steps from the low back to the high", cols, rows)} steps after the low."
                : $"By the last time point ({nb.T(s, s.Y.Length - 1, "last time point of the series")}) it stood at {nb.N(s.Y[^1], "value at the last time point", cols, rows)}, still below the earlier high."));
        if (d.Adjusted)
        {
            nb.Paragraph($"{Cap(H(s.Measure))} rises and falls with the calendar every year, so these are seasonally adjusted values: each month's value divided by how far that month usually runs above or below the average of the year around it. The fall is what is left once the season is taken out, not a run from a seasonal high to a seasonal low.");
        }
        if (d.Second is { } o)
        {
            nb.Paragraph($"It was not the only fall: {subject} also dropped {(TimeSeriesBuilder.IntervalScale(s.Measure) ? ColumnWords.AmountByName(s.Measure, nb.N(o.PeakValue - o.TroughValue, "second-largest fall, in the measure's units", cols, rows)) : nb.Pct(o.Depth, "second-largest fall, as a share of its high", cols, rows))} from {nb.T(s, o.Peak, "time point of the high before the second fall")} to {nb.T(s, o.Trough, "time point of the low of the second fall")}.");
        }
        if (d.RiseTau is { } tau)
        {
            nb.Paragraph($"The fall broke a long rise: over the whole span {subject} otherwise climbed steadily (Kendall's tau against time = {nb.N(tau, "Kendall's tau of the whole series against time, on at most 200 evenly spaced points", cols, rows)}), so a fall this deep runs against everything else the series does.");
        }
        nb.Paragraph($"The evidence: this is the largest peak-to-trough fall in the {nb.Int(s.Y.Length, "number of time points", cols, rows)} points of the series (its maximum drawdown). Its size is {nb.N(d.NoiseZ, "fall divided by the standard deviation of step-to-step changes times the square root of the fall's length", cols, rows)} times what the series' usual step-to-step ups and downs would add up to over that many steps, so it is not a wobble.");
        var marks = new List<(double T, string Label)> { (s.T[e.Peak], "high"), (s.T[e.Trough], "low") };
        var adjusted = d.Adjusted ? " (seasonally adjusted)" : "";
        charts.Add(ChartFactory.Line($"{Cap(subject)}{adjusted}: the fall from {s.Describe(e.Peak)} to {s.Describe(e.Trough)}", H(s.TimeColumn), Cap(H(s.Measure)) + adjusted, s.T, s.Y, s.TimeIsYear, span: (s.T[e.Peak], s.T[e.Trough])));
        var running = new double[s.Y.Length];
        var high = double.MinValue;
        for (var i = 0; i < s.Y.Length; i++) { high = Math.Max(high, s.Y[i]); running[i] = 100 * (s.Y[i] / high - 1); }
        charts.Add(ChartFactory.Line($"{Cap(subject)}{adjusted}: distance below the previous high (%)", H(s.TimeColumn), "% below the previous high", s.T, running, s.TimeIsYear));
        if (table.Time.Axis is { } axis)
        {
            var (from, to) = (s.T[e.Peak], s.T[e.Trough]);
            var inFall = Enumerable.Range(0, table.RowCount).Where(r =>
            {
                var t = TimeSeriesBuilder.TimeValue(axis, r);
                if (!(t >= from && t <= to)) return false;
                return s.SubsetColumn is null || table.Find(s.SubsetColumn) is not CategoryColumn c || (c.Codes[r] >= 0 && c.Labels[c.Codes[r]] == s.SubsetValue);
            }).ToList();
            if (inFall.Count > 0) return (inFall, $"rows from {s.Describe(e.Peak)} to {s.Describe(e.Trough)}{(s.SubsetValue is null ? "" : $" where {s.SubsetColumn} = {s.SubsetValue}")}");
        }
        return (null, null);
    }
}
