using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>A second measure whose trend is told with the lead's (<see cref="TrendStory.WithCompanions"/>), and how closely their step-to-step changes move together.</summary>
public sealed record TrendCompanion(TrendDetail Trend, double ChangesR);

/// <param name="Adjusted">The series is a quarterly or monthly one read as whole-year averages (<see cref="TimeSeriesBuilder.WholeYears"/>): its raw values hide the trend under a within-year cycle.</param>
/// <param name="Companion">A measure that moved the same way and with the lead step by step (output and jobs), told in the same story.</param>
public sealed record TrendDetail(TimeSeries Series, MannKendallResult MannKendall, TheilSenResult TheilSen, double FittedStart, double FittedEnd, bool Adjusted = false, TrendCompanion? Companion = null)
{
    /// <summary>
    /// A straight line through non-negative data can start below zero, and through a quantity that grew several times
    /// over (a population over 150 years) it can miss an end by far (a fitted 0.7 million where the first count was 20
    /// million): then the observed endpoints are quoted instead. A fitted end misses when it lies outside half the lowest
    /// to twice the highest of the three observed values at that end.
    /// </summary>
    public bool UseObservedEndpoints => Series.Y.Min() >= 0 && (FittedStart < 0 || FittedEnd < 0
        || (Series.Y.Min() > 0 && (Misses(FittedStart, Series.Y.Take(3)) || Misses(FittedEnd, Series.Y.TakeLast(3)))));

    private static bool Misses(double fitted, IEnumerable<double> observed)
    {
        var end = observed.ToList();
        return fitted < 0.5 * end.Min() || fitted > 2 * end.Max();
    }

    public double StartValue => UseObservedEndpoints ? Series.Y[0] : FittedStart;

    public double EndValue => UseObservedEndpoints ? Series.Y[^1] : FittedEnd;

    public string EndpointWord => UseObservedEndpoints ? "" : "a fitted ";

    public double RelativeChange => StartValue > 0 ? (EndValue - StartValue) / StartValue : double.NaN;
}

/// <summary>Monotonic trend over time: Mann-Kendall test, Theil-Sen slope; overall and within each level of a small category column.</summary>
public sealed class TrendStory : StoryKind<TrendDetail>
{
    public override string Name => "trend";

    public override double Weight => 1.0;

    public override IReadOnlyList<string> SteeringWords { get; } = ["trend", "over time", "growth", "grow", "increase", "decrease", "decline", "rising", "rise", "fall", "history", "years"];

    public override bool IsAboutTime => true;

    public override string? Caveat => "A past trend is not a forecast; the trend test says the direction was consistent, not why, or that it will continue.";

    protected override void Write(StoryDraft s, TrendDetail d) => s.Subset(Trend(s.Text, s.Charts, s.Table, d));

    protected override string? Contradiction(Insight insight, TrendDetail d) =>
        ClaimChecks.Direction(d.TheilSen.Slope > 0, d.Series.Y, d.StartValue, d.EndValue);

    public const int MinPoints = 8;

    /// <summary>The impact kept by a rising general price index (CPI, a deflator): its rise is inflation, expected over a long span.</summary>
    public const double InflationDiscount = 0.5;

    public const double MaxP = 0.01;
    public const double MinTau = 0.3;
    private const int MaxMeasures = 40;
    private const int MaxSplitColumns = 3;
    private const int MaxLevels = 12;


    public override IEnumerable<Insight> Detect(AnalysisTable table) => table.Time.IsSeries ? WithCompanions(Trends(table).ToList()) : Trends(table);

    /// <summary>
    /// The fewest points two trends need for their step-to-step changes to make them one story: over ten years two
    /// unrelated series (a state's divorce rate and margarine eaten) can share most of their yearly wiggles by chance.
    /// </summary>
    public const int MinCompanionPoints = 15;

    /// <summary>
    /// Two whole-table trends in the same direction whose step-to-step changes also move together (|r| of the changes at
    /// least <see cref="StoryDiscovery.TwinR"/>: output and jobs both dip in the same recession years) are one story,
    /// "GNP and total employment rose steadily", not two slots: the weaker is told as the stronger's companion. Two
    /// series that only share a direction (a population that grows smoothly beside output) stay two stories. Each lead
    /// takes at most one companion. Only in a table that is one series (one row per time point, each measure its own
    /// quantity), over at least <see cref="MinCompanionPoints"/> points; in a table of many rows per time point two
    /// counts of one thing (retweets and favourites) are twins, left out by the ranking.
    /// </summary>
    internal static List<Insight> WithCompanions(List<Insight> trends)
    {
        var whole = trends.Where(i => i.Detail is TrendDetail { Series.SubsetValue: null, Adjusted: false }).OrderByDescending(i => i.Impact).ThenBy(i => i.Title, StringComparer.Ordinal).ToList();
        var merged = new Dictionary<Insight, Insight>();
        var taken = new HashSet<Insight>();
        foreach (var lead in whole)
        {
            if (taken.Contains(lead)) continue;
            var a = (TrendDetail)lead.Detail;
            foreach (var other in whole)
            {
                if (other == lead || taken.Contains(other) || merged.ContainsKey(other)) continue;
                var b = (TrendDetail)other.Detail;
                if ((a.TheilSen.Slope > 0) != (b.TheilSen.Slope > 0) || a.Series.T.Length < MinCompanionPoints || !a.Series.T.SequenceEqual(b.Series.T) || a.Series.Granularity != b.Series.Granularity) continue;
                var r = StatTests.Pearson(Steps(a.Series.Y), Steps(b.Series.Y));
                if (r.N < MinPoints - 1 || !(r.R >= StoryDiscovery.TwinR)) continue;
                taken.Add(other);
                taken.Add(lead);
                merged[lead] = Together(lead, other, r.R);
                break;
            }
        }
        return trends.Where(i => !taken.Contains(i) || merged.ContainsKey(i)).Select(i => merged.TryGetValue(i, out var m) ? m : i).ToList();

        static double[] Steps(double[] y) => y.Skip(1).Select((v, i) => v - y[i]).ToArray();
    }

    /// <summary>The lead's trend told with its companion's: both names in the title, both series' endpoints in the summary.</summary>
    private static Insight Together(Insight lead, Insight other, double changesR)
    {
        var (a, b) = ((TrendDetail)lead.Detail, (TrendDetail)other.Detail);
        var s = a.Series;
        var up = a.TheilSen.Slope > 0;
        var steady = lead.Title.Contains(" steadily ", StringComparison.Ordinal) && other.Title.Contains(" steadily ", StringComparison.Ordinal);
        var (start, end) = (s.Describe(0), s.Describe(s.T.Length - 1));
        var title = $"{Words.Cap(s.Subject)} and {b.Series.Subject} {(up ? "rose" : "fell")} {(steady ? "steadily" : "together")} from {start} to {end}";
        var rel = TimeSeriesBuilder.IntervalScale(b.Series.Measure) ? double.NaN : b.RelativeChange;
        var summary = lead.Summary + $" {Words.Cap(b.Series.Subject)} moved with it, from {b.EndpointWord}{Fmt.Num(b.StartValue)} to {Fmt.Num(b.EndValue)}" +
            (double.IsFinite(rel) && Math.Abs(rel) < 100 ? $" ({Fmt.Signed(rel * 100)}%)" : "") +
            $" (Kendall's tau = {Fmt.Coef(b.MannKendall.Tau)}), and their {TrendStory.PointName(s)} changes went up and down together (r = {Fmt.Coef(changesR)}).";
        var columns = lead.Columns.Append(b.Series.Measure).ToList();
        return lead with { Title = title, Summary = summary, Columns = columns, Impact = Math.Max(lead.Impact, other.Impact), Detail = a with { Companion = new TrendCompanion(b, changesR) } };
    }

    private static IEnumerable<Insight> Trends(AnalysisTable table)
    {
        var allRows = Enumerable.Range(0, table.RowCount).ToArray();
        // In long format the series dimension splits the rows; otherwise small categories may hold a subset's trend.
        var splits = table.Time.IsPanel
            ? table.Time.Dimensions.Take(1).ToList()
            : table.Categories.Where(c => c.Labels.Length is >= 2 and <= MaxLevels).Take(MaxSplitColumns).ToList();
        // One entity of a panel read among a sample of its entities is told only when it went against the whole: the
        // steepest of the first few is an arbitrary pick.
        var sampled = splits.Select(split => table.Time.IsPanel && TimeSeriesBuilder.ReadsSample(split, MaxLevels, MinPoints)).ToList();
        foreach (var time in TimeSeriesBuilder.TimeAxes(table))
        {
            foreach (var measure in table.Numeric.Take(MaxMeasures))
            {
                var overall = TimeSeriesBuilder.Pooled(table, time, measure);
                if (overall is not null && (Evaluate(overall) ?? DecadeTrend(table, time, measure, overall, allRows) ?? AdjustedTrend(overall)) is { } insight)
                {
                    // An average across parallel series hides them: the per-group stories come first.
                    yield return TimeSeriesBuilder.AveragingOf(table, overall) == Averaging.FewSeries ? insight with { Impact = insight.Impact * 0.5 } : insight;
                }
                var whole = overall is null || splits.Count == 0 ? double.NaN : RelativeSlope(overall);
                for (var k = 0; k < splits.Count; k++)
                {
                    var (split, sample) = (splits[k], sampled[k]);
                    Insight? best = null;
                    var bestAgainst = false;
                    foreach (var (code, rows) in TimeSeriesBuilder.RowsByLevel(split, MaxLevels, MinPoints))
                    {
                        var series = TimeSeriesBuilder.Build(time, measure, rows, split, code, TimeSeriesBuilder.EventGranularity(table, time));
                        if (series is null || Evaluate(series) is not { } candidate) continue;
                        // A subset of one series, or one entity of a panel (one firm of ten, one country of sixty), must
                        // stand out: when every entity rose, "capital for Atlantic Refining rose" is an arbitrary pick and
                        // the whole's trend is the story. One that went against the whole is the bigger story than one
                        // that went with it faster.
                        var growth = RelativeSlope(series);
                        if (!StandsOut(growth, whole)) continue;
                        var against = double.IsFinite(whole) && whole != 0 && Math.Sign(growth) == -Math.Sign(whole);
                        if (sample && !against) continue;
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
        if (series.Y.All(y => y > 0)) return LeastSquares.Slope(x, series.Y.Select(y => Math.Log(y)).ToArray());
        var level = series.Y.Average(Math.Abs);
        var slope = LeastSquares.Slope(x, series.Y);
        return level > 0 && double.IsFinite(slope) ? slope / level : double.NaN;
    }

    /// <summary>The least share of a yearly total that its top tenth of years holds for the total to be read decade by decade.</summary>
    public const double MinSpikeShare = 0.5;

    /// <summary>The least years of a decade for its yearly average to be a point of the decade series.</summary>
    public const int MinDecadeYears = 5;

    /// <summary>
    /// A yearly total that comes in spikes (deaths in disasters: a few years hold most of them, most years little) hides
    /// a fall or rise of its level from a year-by-year trend test: read decade by decade instead, each decade's point the
    /// average of its yearly totals (decades with at least <see cref="MinDecadeYears"/> years). Null for other series:
    /// a year axis, a summed or counted never-negative measure whose top tenth of years hold at least
    /// <see cref="MinSpikeShare"/> of it, and at least <see cref="MinPoints"/> decades.
    /// </summary>
    public static TimeSeries? Decades(TimeSeries series)
    {
        var y = series.Y;
        if (!series.TimeIsYear || series.Aggregation is not ("sum" or "count") || y.Length < 10 * MinPoints / 2 || y.Any(v => v < 0)) return null;
        var sum = y.Sum();
        var top = y.OrderByDescending(v => v).Take(Math.Max(1, y.Length / 10)).Sum();
        if (!(sum > 0) || top / sum < MinSpikeShare) return null;
        var decades = series.T.Select((t, i) => (Decade: Math.Floor(t / 10) * 10, Y: y[i])).GroupBy(p => p.Decade)
            .Where(g => g.Count() >= MinDecadeYears).OrderBy(g => g.Key).ToList();
        if (decades.Count < MinPoints) return null;
        return series with { T = decades.Select(g => g.Key).ToArray(), Y = decades.Select(g => g.Average(p => p.Y)).ToArray(), Granularity = "decade" };
    }

    /// <summary>
    /// The trend of a spiky yearly total read decade by decade (<see cref="Decades"/>): in a table whose years hold
    /// several rows of a count (deaths by disaster type), the yearly total is their sum, not their mean.
    /// </summary>
    private static Insight? DecadeTrend(AnalysisTable table, DataColumn time, NumericColumn measure, TimeSeries overall, int[] allRows)
    {
        if (!overall.TimeIsYear || overall.Y.Length < 10 * MinPoints / 2) return null;
        var totals = overall.Aggregation == "mean" && !table.Time.IsSeries && measure.IsInteger && !measure.Values.Any(v => v < 0) && Words.NameAllowsSum(measure.Name)
            ? TimeSeriesBuilder.Build(time, measure, allRows, aggregation: "sum")
            : overall;
        return totals is not null && Decades(totals) is { } decades ? Evaluate(decades) : null;
    }

    /// <summary>
    /// The trend of a quarterly or monthly series whose within-year cycle hides it (inflation that jumps every fourth
    /// quarter, falling over the decades): tested on the averages of its whole years (<see cref="TimeSeriesBuilder.WholeYears"/>).
    /// </summary>
    internal static Insight? AdjustedTrend(TimeSeries overall) =>
        TimeSeriesBuilder.WholeYears(overall) is { } yearly && Evaluate(yearly, adjusted: true) is { } insight ? insight : null;

    public static TrendDetail? Analyze(TimeSeries series)
    {
        if (series.Y.Length < MinPoints) return null;
        var mk = StatTests.MannKendall(series.Y);
        var x = series.X;
        var ts = StatTests.TheilSen(x, series.Y);
        if (double.IsNaN(ts.Slope)) return null;
        return new TrendDetail(series, mk, ts, ts.Intercept + ts.Slope * x[0], ts.Intercept + ts.Slope * x[^1]);
    }

    private static Insight? Evaluate(TimeSeries series, bool adjusted = false)
    {
        if (series.Y.Length < MinPoints) return null;
        var mk = StatTests.MannKendall(series.Y);
        if (mk.PValue >= MaxP || Math.Abs(mk.Tau) < MinTau) return null;
        var detail = Analyze(series);
        if (detail is null || detail.TheilSen.Slope == 0) return null;
        detail = detail with { Adjusted = adjusted };
        var up = detail.TheilSen.Slope > 0;
        var subject = series.Subject;
        var start = series.Describe(0);
        var end = series.Describe(series.T.Length - 1);
        var pace = Math.Abs(mk.Tau) >= 0.7 && !StepFitsFarBetter(series.X, series.Y) ? "steadily" : "overall";
        var title = $"{(adjusted ? "Averaged over each year, " + subject : Words.Cap(subject))} {(up ? "rose" : "fell")} {pace} from {start} to {end}";
        var rel = detail.RelativeChange;
        // A change in percent only where zero means none (not for a temperature or an anomaly: its own units say it).
        var relText = double.IsFinite(rel) && Math.Abs(rel) < 100 && !TimeSeriesBuilder.IntervalScale(series.Measure) ? $" ({Fmt.Signed(rel * 100)}% over the period)" : "";
        var (rate, unit) = Fmt.Rate(detail.TheilSen.Slope);
        var summary =
            $"{(adjusted ? "Averaged over each whole year (its within-year cycle hides the trend otherwise), " + subject : Words.Cap(subject))} went from {detail.EndpointWord}{Fmt.Num(detail.StartValue)} in {start} to {Fmt.Num(detail.EndValue)} in {end}{relText}, {(up ? "up" : "down")} by about {Fmt.Num(Math.Abs(rate))} a {unit}. " +
            $"The Mann-Kendall test finds a consistent {(up ? "upward" : "downward")} trend across {series.Y.Length} {PointName(series)} points (Kendall's tau = {Fmt.Coef(mk.Tau)}, {Fmt.P(mk.PValue)}).";
        var columns = new List<string> { series.TimeColumn, series.Measure };
        if (series.SubsetColumn is not null) columns.Add(series.SubsetColumn);
        var impact = Math.Clamp(0.6 * Math.Abs(mk.Tau) + 0.4 * Math.Min(1, double.IsFinite(rel) ? Math.Abs(rel) : 1), 0, 1);
        // Prices rising over decades is inflation, expected: the real quantities beside them (real GDP) are the news; a
        // price index that fell (deflation) is not discounted.
        // The index is known by its name in words too ("GNPDEFL" is the GNP deflator).
        if (up && (ColumnMeaning.IsPriceIndex(series.Measure) || ColumnMeaning.IsPriceIndex(Words.Human(series.Measure)))) impact *= InflationDiscount;
        return new Insight(StoryKinds.Of<TrendStory>(), columns, title, summary, ["line", "bar"], "Mann-Kendall trend test with Theil-Sen slope",
            mk.Z, mk.PValue, mk.Tau, series.Y.Length, impact, detail);
    }

    /// <summary>
    /// A series that held one level and then dropped to another (a collapse after a vaccine) moves one way, so its trend
    /// test is strong, but "steadily" would misdescribe it: when the best single step leaves clearly less of the squared
    /// error of the straight line (<see cref="MaxStepShare"/>), the change was not steady.
    /// </summary>
    /// <summary>The share of the line's squared error below which one step describes a series better than "steadily".</summary>
    public const double MaxStepShare = 0.75;

    internal static bool StepFitsFarBetter(IReadOnlyList<double> x, IReadOnlyList<double> y) => StepShare(x, y) < MaxStepShare;

    /// <summary>
    /// The best single step's squared error as a share of the straight line's (NaN when there are too few points): under
    /// one, a step describes the series better than a line; near zero, the series is one level and then another.
    /// </summary>
    internal static double StepShare(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var idx = Enumerable.Range(0, Math.Min(x.Count, y.Count)).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();
        if (idx.Length < MinPoints) return double.NaN;
        var v = idx.Select(i => y[i]).ToArray();
        var line = LeastSquares.Fit(idx.Select(i => x[i]).ToArray(), v);
        if (double.IsNaN(line.Slope)) return double.NaN;
        var lineSse = idx.Select((i, j) => Math.Pow(v[j] - (line.Intercept + line.Slope * x[i]), 2)).Sum();
        double total = v.Sum(), totalSq = v.Sum(t => t * t), left = 0, leftSq = 0, best = double.PositiveInfinity;
        // Each side of the step keeps at least two points; the error of a side is its sum of squares about its mean.
        for (var k = 1; k < v.Length; k++)
        {
            left += v[k - 1];
            leftSq += v[k - 1] * v[k - 1];
            if (k < 2 || v.Length - k < 2) continue;
            var right = total - left;
            var sse = leftSq - left * left / k + (totalSq - leftSq) - right * right / (v.Length - k);
            best = Math.Min(best, sse);
        }
        return lineSse > 0 ? best / lineSse : double.NaN;
    }

    internal static string PointName(TimeSeries s) => s.Granularity switch
    {
        "year" => "yearly",
        "month" => "monthly",
        "quarter" => "quarterly",
        "decade" => "decade",
        _ => "time",
    };

    /// <summary>Capitalizes a sentence start.</summary>
    internal static string Capitalize(string s) => Words.Cap(s);

    private static (IReadOnlyList<int>?, string?) Trend(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, TrendDetail d)
    {
        var s = d.Series;
        var cols = new List<string> { s.TimeColumn, s.Measure };
        var rows = AllRows(table);
        if (s.SubsetColumn is not null) { cols.Add(s.SubsetColumn); rows = $"rows where {s.SubsetColumn} = {s.SubsetValue} ({rows})"; }
        var subject = Subject(nb, s);
        var up = d.TheilSen.Slope > 0;
        var start = nb.T(s, 0, "first time point of the series");
        var end = nb.T(s, s.T.Length - 1, "last time point of the series");
        var (rate, unit) = Fmt.Rate(d.TheilSen.Slope);
        var slope = nb.N(Math.Abs(rate), $"Theil-Sen slope (median of pairwise slopes) per {unit}", cols, rows);
        var endpoint = d.UseObservedEndpoints ? "observed mean" : "Theil-Sen fitted value";
        var fs = nb.N(d.StartValue, $"{endpoint} at the first time point", cols, rows);
        var fe = nb.N(d.EndValue, $"{endpoint} at the last time point", cols, rows);
        var mean = d.Adjusted ? "yearly average of the" : "mean";
        var first = nb.N(s.Y[0], $"{mean} {H(s.Measure)} at the first time point", cols, rows);
        var last = nb.N(s.Y[^1], $"{mean} {H(s.Measure)} at the last time point", cols, rows);
        var pts = nb.Int(s.Y.Length, "number of time points in the series", cols, rows);
        var rel = TimeSeriesBuilder.IntervalScale(s.Measure) ? double.NaN : d.RelativeChange;
        var words = double.IsFinite(rel) && Math.Abs(rel) < 100 && d.StartValue > 0 && d.EndValue > 0
            ? $" — {nb.N(rel, $"relative change of the {endpoint}s, in words", cols, rows, EffectWords.Change)}"
            : "";
        nb.Paragraph($"{TrendStory.Capitalize(subject)} {(up ? "rose" : "fell")} from {start} to {end}, by about {slope} a {unit}: {(d.UseObservedEndpoints ? "the level went" : "the trend went")} from {fs} at the start to {fe} at the end" +
            (double.IsFinite(rel) && Math.Abs(rel) < 100 ? $", a change of {nb.N(rel * 100, $"relative change of the {endpoint}s, in percent", cols, rows, Fmt.Signed)}%{words}." : "."));
        if (d.Adjusted)
        {
            nb.Paragraph($"{Cap(H(s.Measure))} rises and falls with the calendar every year, which hides the long-run movement in the raw values; so the series is read year by year: each point is the average of a whole calendar year, which takes out both the within-year cycle and most of the noise from one period to the next.");
        }
        nb.Paragraph($"The evidence: across {pts} {TrendStory.PointName(s)} points ({(s.Granularity == "decade" ? "each a decade's average yearly total, as the yearly totals come in spikes" : s.Aggregation == "count" ? $"each the number of rows dated in that {(s.Measure == EventCounts.PerYear ? "year" : "month")}" : "each the mean of the rows at that time")}), the Mann-Kendall test finds a consistent {(up ? "upward" : "downward")} movement (Kendall's tau = {nb.Coef(d.MannKendall.Tau, "Mann-Kendall tau", cols, rows)}, z = {nb.Coef(d.MannKendall.Z, "Mann-Kendall z statistic", cols, rows)}, {nb.P(d.MannKendall.PValue, "Mann-Kendall two-sided p-value", cols, rows)}). Tau runs from −1 to 1; values near ±1 mean almost every later point is {(up ? "above" : "below")} every earlier one.");
        nb.Evidence($"The rate is the slope of a robust Theil-Sen line (the median of the slopes between all pairs of points, so a few odd points cannot tilt it){(d.UseObservedEndpoints ? "; the start and end are observed means, because the straight line would start below zero or far from the data at an end" : ", and the start and end are read off that line")}.");
        var ys = Descriptive.Sorted(s.Y);
        nb.Paragraph($"For context, the series started at {first} and ended at {last}; over the whole period it ranged from {nb.N(ys[0], $"minimum of the series of mean {H(s.Measure)}", cols, rows)} to {nb.N(ys[^1], $"maximum of the series of mean {H(s.Measure)}", cols, rows)}.");
        var adjusted = d.Adjusted ? " (yearly average)" : "";
        charts.Add(ChartFactory.Line($"{Cap(subject)}{adjusted} over time with its trend", H(s.TimeColumn), Cap(H(s.Measure)) + adjusted, s.T, s.Y, s.TimeIsYear, (d.TheilSen.Slope, d.TheilSen.Intercept)));
        if (d.Companion is { } c)
        {
            var b = c.Trend;
            var bs = b.Series;
            string[] bcols = [bs.TimeColumn, bs.Measure];
            var brel = TimeSeriesBuilder.IntervalScale(bs.Measure) ? double.NaN : b.RelativeChange;
            nb.Paragraph($"{Cap(H(bs.Measure))} moved with it: {(b.TheilSen.Slope > 0 ? "up" : "down")} from {nb.N(b.StartValue, $"{(b.UseObservedEndpoints ? "observed mean" : "Theil-Sen fitted value")} of {H(bs.Measure)} at the first time point", bcols, rows)} to {nb.N(b.EndValue, $"{(b.UseObservedEndpoints ? "observed mean" : "Theil-Sen fitted value")} of {H(bs.Measure)} at the last time point", bcols, rows)}" +
                (double.IsFinite(brel) && Math.Abs(brel) < 100 ? $" ({nb.N(brel * 100, $"relative change of {H(bs.Measure)}, in percent", bcols, rows, Fmt.Signed)}%)" : "") +
                $", a consistent movement too (Kendall's tau = {nb.Coef(b.MannKendall.Tau, $"Mann-Kendall tau of {H(bs.Measure)}", bcols, rows)}, {nb.P(b.MannKendall.PValue, $"Mann-Kendall two-sided p-value of {H(bs.Measure)}", bcols, rows)}). " +
                $"The two are one story, not two: their changes from one {(s.Granularity == "year" ? "year" : "point")} to the next rose and fell together (Pearson r = {nb.Coef(c.ChangesR, $"correlation of the step-to-step changes of {H(s.Measure)} and {H(bs.Measure)}", [s.TimeColumn, s.Measure, bs.Measure], rows)}), not only their long-run direction.");
            charts.Add(ChartFactory.Line($"{Cap(H(bs.Measure))} over time with its trend", H(bs.TimeColumn), Cap(H(bs.Measure)), bs.T, bs.Y, bs.TimeIsYear, (b.TheilSen.Slope, b.TheilSen.Intercept)));
        }
        var (labels, values) = PeriodMeans(s);
        charts.Add(s.Aggregation == "count" && s.TimeIsYear && labels.Count == s.T.Length
            ? ChartFactory.Bars($"{Cap(H(s.Measure))}, year by year", "Year", Cap(H(s.Measure)), labels, values)
            : ChartFactory.Bars($"Average {H(s.Measure)} by {(s.TimeIsYear || s.Granularity != "day" ? "period" : "year")}", "Period", $"Mean {H(s.Measure)}", labels, values));
        if (s.SubsetColumn is not null && table.Find(s.SubsetColumn) is CategoryColumn cat)
        {
            var code = Array.IndexOf(cat.Labels, s.SubsetValue);
            var subsetRows = Enumerable.Range(0, table.RowCount).Where(r => cat.Codes[r] == code).ToList();
            return (subsetRows, $"rows where {s.SubsetColumn} = {s.SubsetValue}");
        }
        return (null, null);
    }

    /// <summary>Means per period for a bar chart: per year for long series, otherwise per point (at most 15 bars, the latest).</summary>
    internal static (List<string>, List<double>) PeriodMeans(TimeSeries s)
    {
        var groups = new SortedDictionary<int, List<double>>();
        for (var i = 0; i < s.T.Length; i++)
        {
            var year = s.TimeIsYear ? (int)Math.Round(s.T[i]) : DateColumn.ToDateTime(s.T[i]).Year;
            if (!groups.TryGetValue(year, out var l)) groups[year] = l = [];
            l.Add(s.Y[i]);
        }
        if (groups.Count >= 4)
        {
            // Group years into at most 15 equal spans.
            var years = groups.Keys.ToList();
            var span = (int)Math.Ceiling(years.Count / 15.0);
            var labels = new List<string>();
            var values = new List<double>();
            for (var i = 0; i < years.Count; i += span)
            {
                var chunk = years.Skip(i).Take(span).ToList();
                labels.Add(chunk.Count == 1 ? chunk[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{chunk[0]}–{chunk[^1]}");
                values.Add(chunk.SelectMany(y => groups[y]).Average());
            }
            return (labels, values);
        }
        var take = Math.Min(15, s.T.Length);
        return (Enumerable.Range(s.T.Length - take, take).Select(s.Describe).ToList(), s.Y.Skip(s.T.Length - take).ToList());
    }
}
