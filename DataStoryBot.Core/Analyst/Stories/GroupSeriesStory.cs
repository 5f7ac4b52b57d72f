using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>One group's series and what was measured on it.</summary>
public sealed record GroupSeriesLine(string Label, TimeSeries Series, double Start, double End, double Ratio, MannKendallResult Trend, TheilSenResult Slope, double? SeasonalSwing);

/// <summary>The gap between two groups over their shared time points (leader minus runner-up).</summary>
public sealed record GroupGap(double[] T, double[] Difference, double Start, double End, int? CrossedAt, MannKendallResult Trend);

/// <param name="Kind"><c>growth</c> (who grew fastest), <c>divergence</c> (groups moving in opposite directions), <c>gap</c> (a gap that widened, closed or reversed), <c>breadth</c> (how many groups moved one way), <c>mix</c> (a total's share in the upper ordered groups moved: a population that aged; the lines are the upper and lower shares) or <c>seasonal-swing</c> (whose yearly cycle is wider).</param>
/// <param name="Groups">For <c>mix</c>, how many ordered groups the total was split over.</param>
public sealed record GroupSeriesDetail(string Kind, string TimeColumn, string Measure, string Dimension, IReadOnlyList<GroupSeriesLine> Lines, GroupSeriesLine Leader, GroupSeriesLine RunnerUp, KruskalWallisResult? SeasonTest, GroupGap? Gap = null, int Groups = 0);

/// <summary>
/// Long-format stories: when a time axis, a group column (city, ticker, source, country) and a measure come together,
/// the groups' series are compared instead of averaged — who grew fastest (start-to-end ratio, Mann-Kendall on the
/// leader), groups that moved in opposite directions, and whose yearly swing is wider (month-of-year effect per group).
/// </summary>
public sealed class GroupSeriesStory : StoryKind<GroupSeriesDetail>
{
    public override string Name => "group_series";

    public override double Weight => 1.0;

    public override IReadOnlyList<string> SteeringWords { get; } = ["compare", "fastest", "each", "per", "versus", "vs", "between"];

    public override bool IsAboutTime => true;

    protected override void Write(StoryDraft s, GroupSeriesDetail d) => GroupSeries(s.Text, s.Charts, d);

    public override string? Caveat => "Start and end are the averages of each series' first and last few points; a different window, or groups that report differently over time, could change the ranking.";

    public const int MinPoints = 8;
    public const double MaxP = 0.01;
    public const double MinGrowthEdge = 1.5;
    public const double MinSwingRatio = 1.3;
    private const int MaxLevels = 12;
    private const int MaxMeasures = 20;


    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        if (!table.Time.IsPanel || table.Time.Axis is not { } time) yield break;
        var dimension = table.Time.Dimensions[0];
        foreach (var measure in table.Numeric.Take(MaxMeasures))
        {
            var total = measure.IsInteger && !measure.Values.Any(v => v < 0) ? TimeSeriesBuilder.TotalLevel(time, dimension, measure) : null;
            var lines = new List<GroupSeriesLine>();
            var compared = MaxLevels + (total is null ? 0 : 1);
            var levels = TimeSeriesBuilder.RowsByLevel(dimension, compared + 1, MinPoints);
            // More groups than are compared (219 countries, the first twelve in file order): the lines are a sample of
            // the groups, so a gap between two of them is an arbitrary pair (issue 22, item 5).
            var sampled = levels.Count > compared;
            foreach (var (code, rows) in levels.Take(compared))
            {
                if (code == total) continue;
                var series = TimeSeriesBuilder.Build(time, measure, rows, dimension, code);
                if (series is null || series.Y.Length < MinPoints) continue;
                lines.Add(Line(dimension.Labels[code], series, time is DateColumn ? rows : null, time, measure, dimension, code));
            }
            if (lines.Count < 2) continue;
            if (Growth(time.Name, measure.Name, dimension.Name, lines) is { } growth) yield return growth;
            // Price levels of different things (shares of two companies) compare only in how they grew.
            if (ColumnMeaning.IsPriceLevel(measure.Name)) continue;
            if (Divergence(time.Name, measure.Name, dimension.Name, lines) is { } divergence) yield return divergence;
            if (Swing(time.Name, measure.Name, dimension.Name, lines) is { } swing) yield return swing;
            if (!sampled && Gap(time.Name, measure.Name, dimension.Name, lines) is { } gap) yield return gap;
            // Among many groups the story is how many moved one way, not a pair of them.
            if (sampled && Breadth(time, measure, dimension, total) is { } breadth) yield return breadth;
            if (Mix(time, measure, dimension, total) is { } mix) yield return mix;
        }
    }

    /// <summary>The least change of the upper groups' share, start to end, for a shift in the mix to be told (in share points).</summary>
    public const double MinMixChange = 0.05;

    /// <summary>The least Kendall's tau of the upper groups' share against time: the mix moved one way, not back and forth.</summary>
    public const double MinMixTau = 0.7;

    /// <summary>
    /// How a total split over ordered groups moved (issue 22: a population that aged): for a count or amount summed over a
    /// group column whose values are numbers (age bands, size classes), the share of the total held by the groups at or
    /// above each cut, per time point; the cut whose share moved most from the first time point to the last is told
    /// when that share moved one way (Mann-Kendall, p &lt; <see cref="MaxP"/>, tau at least <see cref="MinMixTau"/>) by at
    /// least <see cref="MinMixChange"/>. Linear in the rows.
    /// </summary>
    private static Insight? Mix(DataColumn time, NumericColumn measure, CategoryColumn dimension, int? total)
    {
        if (!measure.IsInteger || measure.Values.Any(v => v < 0) || !Words.NameAllowsSum(measure.Name)) return null;
        var values = dimension.Labels.Select(l => double.TryParse(l, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        var order = Enumerable.Range(0, values.Length).Where(c => c != total && double.IsFinite(values[c])).OrderBy(c => values[c]).ToArray();
        if (order.Length < 4 || order.Length < values.Length - (total is null ? 0 : 1)) return null;
        var rank = new int[values.Length];
        Array.Fill(rank, -1);
        for (var i = 0; i < order.Length; i++) rank[order[i]] = i;
        var byTime = new SortedDictionary<double, double[]>();
        for (var r = 0; r < measure.Length; r++)
        {
            var (t, v, c) = (TimeSeriesBuilder.TimeValue(time, r), measure.Values[r], dimension.Codes[r]);
            if (!double.IsFinite(t) || !double.IsFinite(v) || c < 0 || rank[c] < 0) continue;
            if (!byTime.TryGetValue(t, out var sums)) byTime[t] = sums = new double[order.Length];
            sums[rank[c]] += v;
        }
        // Only time points where every group has its part: a missing band would read as a shift.
        var points = byTime.Where(p => p.Value.All(v => v > 0)).ToList();
        if (points.Count < MinPoints) return null;
        double[] Shares(int cut) => points.Select(p => p.Value.Skip(cut).Sum() / p.Value.Sum()).ToArray();
        var best = Enumerable.Range(1, order.Length - 1).Select(cut => (Cut: cut, Share: Shares(cut)))
            .MaxBy(x => Math.Abs(x.Share[^1] - x.Share[0]));
        var share = best.Share;
        var trend = StatTests.MannKendall(share);
        var (start, end) = (share[0], share[^1]);
        if (Math.Abs(end - start) < MinMixChange || trend.PValue >= MaxP || Math.Abs(trend.Tau) < MinMixTau || Math.Sign(trend.Tau) != Math.Sign(end - start)) return null;
        var t0 = points.Select(p => p.Key).ToArray();
        var isYear = time is NumericColumn;
        TimeSeries Series(double[] y) => new(time.Name, isYear, measure.Name, dimension.Name, null, t0, y, isYear ? "year" : "day", measure.Length, "share");
        var cutLabel = dimension.Labels[order[best.Cut]];
        var (upperName, lowerName) = ($"{Words.Label(dimension.Name, cutLabel)} or over", $"under {Words.Label(dimension.Name, cutLabel)}");
        var lower = share.Select(v => 1 - v).ToArray();
        var upperLine = new GroupSeriesLine(upperName, Series(share), start, end, start > 0 ? end / start : double.NaN, trend, StatTests.TheilSen(Series(share).X, share), null);
        var lowerLine = new GroupSeriesLine(lowerName, Series(lower), 1 - start, 1 - end, start < 1 ? (1 - end) / (1 - start) : double.NaN, StatTests.MannKendall(lower), StatTests.TheilSen(Series(lower).X, lower), null);
        var m = Words.Human(measure.Name);
        var s = upperLine.Series;
        var (from, to) = (s.Describe(0), s.Describe(s.T.Length - 1));
        var rose = end > start;
        var title = $"The share of {m} at {upperName} {(rose ? "rose" : "fell")} from {Fmt.Pct(start)} in {from} to {Fmt.Pct(end)} in {to}";
        var summary =
            $"Of all {m} across the {Words.Members(dimension.Name, order.Length)}, those at {upperName} made up {Fmt.Pct(start)} in {from} and {Fmt.Pct(end)} in {to}: the mix moved towards the {(rose ? "upper" : "lower")} {Words.Plural(Words.Human(dimension.Name))}. " +
            $"The share moved one way across {Fmt.Int(share.Length)} time points (Mann-Kendall tau = {Fmt.Coef(trend.Tau)}, {Fmt.P(trend.PValue)}); the cut at {Words.Label(dimension.Name, cutLabel)} is the one whose share moved most.";
        var detail = new GroupSeriesDetail("mix", time.Name, measure.Name, dimension.Name, [upperLine, lowerLine], upperLine, lowerLine, null, Groups: order.Length);
        return new Insight(StoryKinds.Of<GroupSeriesStory>(), [time.Name, measure.Name, dimension.Name], title, summary, ["line", "bar"],
            "Share of the total in the upper groups per time point, Mann-Kendall trend test", trend.Z, trend.PValue, end - start,
            share.Length, Math.Clamp(0.8 * Math.Abs(trend.Tau), 0, 1), detail);
    }

    private static GroupSeriesLine Line(string label, TimeSeries series, IReadOnlyList<int>? rows, DataColumn time, NumericColumn measure, CategoryColumn dimension, int code)
    {
        var y = series.Y;
        var k = Math.Max(1, Math.Min(3, y.Length / 4));
        var start = y.Take(k).Average();
        var end = y.Skip(y.Length - k).Average();
        double? swing = null;
        if (rows is not null && TimeSeriesBuilder.Build(time, measure, rows, dimension, code, forceGranularity: "month") is { } monthly
            && SeasonalityStory.Analyze(monthly) is { } season && season.Test.PValue < 0.001)
        {
            swing = season.MonthMeans[season.PeakMonth - 1] - season.MonthMeans[season.TroughMonth - 1];
        }
        return new GroupSeriesLine(label, series, start, end, start > 0 && end > 0 ? end / start : double.NaN,
            StatTests.MannKendall(y), StatTests.TheilSen(series.X, y), swing);
    }

    private static Insight? Growth(string time, string measure, string dimension, List<GroupSeriesLine> lines)
    {
        var positive = lines.Where(l => double.IsFinite(l.Ratio)).OrderByDescending(l => l.Ratio).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();
        if (positive.Count < 2 || positive.Count < lines.Count) return null;
        var (leader, runner) = (positive[0], positive[1]);
        if (leader.Ratio <= 1.2 || leader.Ratio < MinGrowthEdge * Math.Max(runner.Ratio, 1e-9) || leader.Trend.PValue >= MaxP || leader.Trend.Tau <= 0) return null;
        var m = Words.Human(measure);
        var d = Words.Human(dimension);
        var s = leader.Series;
        var median = Descriptive.Median(positive.Skip(1).Select(l => l.Ratio).ToArray());
        var title = $"{leader.Label} grew fastest of the {Words.Members(dimension, lines.Count)}: {m} {Times(leader.Ratio)} from {s.Describe(0)} to {s.Describe(s.T.Length - 1)}";
        var summary =
            $"{Words.Cap(m)} for {leader.Label} went from about {Fmt.Num(leader.Start)} to about {Fmt.Num(leader.End)} ({Times(leader.Ratio)}), against {Times(runner.Ratio)} for the runner-up {runner.Label} and a median of {Times(median)} for the other {Words.Plural(d)}. " +
            $"Each {d} is compared on its own series, not on an average across them; {leader.Label}'s rise is consistent (Mann-Kendall tau = {Fmt.Coef(leader.Trend.Tau)}, {Fmt.P(leader.Trend.PValue)}, {s.Y.Length} points).";
        var detail = new GroupSeriesDetail("growth", time, measure, dimension, lines, leader, runner, null);
        return new Insight(StoryKinds.Of<GroupSeriesStory>(), [time, measure, dimension], title, summary, ["line", "bar"],
            "Start-to-end growth per group, Mann-Kendall test on the leader", leader.Trend.Z, leader.Trend.PValue, Math.Log(leader.Ratio / runner.Ratio),
            s.Y.Length, Math.Clamp(Math.Log(leader.Ratio / runner.Ratio) / Math.Log(4) + 0.3, 0, 1), detail);
    }

    private static Insight? Divergence(string time, string measure, string dimension, List<GroupSeriesLine> lines)
    {
        var up = lines.Where(l => l.Trend.PValue < MaxP && l.Trend.Tau >= 0.3).OrderByDescending(l => l.Trend.Tau).ToList();
        var down = lines.Where(l => l.Trend.PValue < MaxP && l.Trend.Tau <= -0.3).OrderBy(l => l.Trend.Tau).ToList();
        if (up.Count == 0 || down.Count == 0) return null;
        var (a, b) = (up[0], down[0]);
        var m = Words.Human(measure);
        var d = Words.Human(dimension);
        var title = $"{Words.Cap(m)} rose for {a.Label} but fell for {b.Label}";
        var summary =
            $"Over the same years, {m} for {a.Label} went from about {Fmt.Num(a.Start)} to {Fmt.Num(a.End)} while for {b.Label} it went from about {Fmt.Num(b.Start)} to {Fmt.Num(b.End)}; {up.Count} of {Words.Members(dimension, lines.Count)} rose and {down.Count} fell. " +
            $"Both directions are consistent (Mann-Kendall tau = {Fmt.Coef(a.Trend.Tau)}, {Fmt.P(a.Trend.PValue)} for {a.Label}; tau = {Fmt.Coef(b.Trend.Tau)}, {Fmt.P(b.Trend.PValue)} for {b.Label}).";
        var detail = new GroupSeriesDetail("divergence", time, measure, dimension, lines, a, b, null);
        var p = Math.Max(a.Trend.PValue, b.Trend.PValue);
        return new Insight(StoryKinds.Of<GroupSeriesStory>(), [time, measure, dimension], title, summary, ["line", "bar"],
            "Mann-Kendall trend test per group", a.Trend.Z, p, a.Trend.Tau - b.Trend.Tau, a.Series.Y.Length + b.Series.Y.Length,
            Math.Clamp((a.Trend.Tau - b.Trend.Tau) / 2, 0, 1), detail);
    }

    private static Insight? Swing(string time, string measure, string dimension, List<GroupSeriesLine> lines)
    {
        var seasonal = lines.Where(l => l.SeasonalSwing is > 0).OrderByDescending(l => l.SeasonalSwing).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();
        if (seasonal.Count < 2) return null;
        var (wide, narrow) = (seasonal[0], seasonal[^1]);
        var ratio = wide.SeasonalSwing!.Value / narrow.SeasonalSwing!.Value;
        if (ratio < MinSwingRatio) return null;
        var m = Words.Human(measure);
        var title = $"{Words.Cap(m)} {Words.Verb(m, "swings", "swing")} more through the year in {wide.Label} than in {narrow.Label}";
        var summary =
            $"Once each series' trend is taken out, {m} in {wide.Label} moves about {Fmt.Num(wide.SeasonalSwing.Value)} between its highest and lowest month, against {Fmt.Num(narrow.SeasonalSwing.Value)} in {narrow.Label} ({Fmt.Num(ratio)} times as wide). " +
            $"Both yearly cycles are clear (a Kruskal-Wallis test of the month-of-year effect per {Words.Human(dimension)}, p < 0.001 each); the {seasonal.Count} series are compared side by side, not averaged together.";
        var detail = new GroupSeriesDetail("seasonal-swing", time, measure, dimension, lines, wide, narrow, null);
        return new Insight(StoryKinds.Of<GroupSeriesStory>(), [time, measure, dimension], title, summary, ["line", "bar"],
            "Month-of-year effect per group (Kruskal-Wallis on deviations from a 12-month moving average), swing compared", ratio, 0.001, ratio,
            wide.Series.Y.Length + narrow.Series.Y.Length, Math.Clamp((ratio - 1) / 1.5 + 0.3, 0, 1), detail)
        { Significance = 0.7 };
    }

    /// <summary>
    /// The gap between two of the larger groups that changed most: one that overtook the other (the sign of the
    /// difference turned and stayed), or a gap that at least doubled or halved; Mann-Kendall on the difference series.
    /// Told only when every group is among the lines: among a few of many groups (the first twelve of 219 countries)
    /// any pair is arbitrary, not the largest or the extremes.
    /// </summary>
    private static Insight? Gap(string time, string measure, string dimension, List<GroupSeriesLine> lines)
    {
        var top = lines.OrderByDescending(l => Math.Abs(l.End)).ThenBy(l => l.Label, StringComparer.Ordinal).Take(4).ToList();
        (GroupSeriesLine A, GroupSeriesLine B, GroupGap G)? best = null;
        for (var i = 0; i < top.Count; i++)
        {
            for (var j = 0; j < top.Count; j++)
            {
                if (i == j) continue;
                var g = Between(top[i].Series, top[j].Series);
                // A is the group ahead at the end.
                if (g is null || g.End <= 0 || g.Trend.PValue >= MaxP) continue;
                var crossed = g.CrossedAt is not null;
                var changed = crossed || (g.Start > 0 && (g.End >= 2 * g.Start || g.End <= 0.5 * g.Start));
                if (!changed) continue;
                if (best is null || Math.Abs(g.Trend.Tau) > Math.Abs(best.Value.G.Trend.Tau)) best = (top[i], top[j], g);
            }
        }
        if (best is not { } b) return null;
        var m = Words.Human(measure);
        var gap = b.G;
        var s = b.A.Series;
        string title;
        if (gap.CrossedAt is { } at)
        {
            title = $"{b.A.Label} overtook {b.B.Label} in {m} around {Fmt.Time(gap.T[at], s.TimeIsYear, s.Granularity)}";
        }
        else
        {
            title = gap.End > gap.Start
                ? $"The gap in {m} between {b.A.Label} and {b.B.Label} widened from {Fmt.Num(gap.Start)} to {Fmt.Num(gap.End)}"
                : $"The gap in {m} between {b.A.Label} and {b.B.Label} narrowed from {Fmt.Num(gap.Start)} to {Fmt.Num(gap.End)}";
        }
        var summary =
            $"At the start {b.A.Label} stood {(gap.Start >= 0 ? $"{Fmt.Num(gap.Start)} above" : $"{Fmt.Num(-gap.Start)} below")} {b.B.Label} in {m}; by the end it stood {Fmt.Num(gap.End)} above (first and last few shared time points). " +
            $"The difference moved consistently over {gap.T.Length} shared time points (Mann-Kendall tau = {Fmt.Coef(gap.Trend.Tau)}, {Fmt.P(gap.Trend.PValue)}); each {Words.Human(dimension)} is its own series, not an average.";
        var detail = new GroupSeriesDetail("gap", time, measure, dimension, lines, b.A, b.B, null, gap);
        return new Insight(StoryKinds.Of<GroupSeriesStory>(), [time, measure, dimension], title, summary, ["line", "bar"],
            "Mann-Kendall trend test on the difference between two groups' series", gap.Trend.Z, gap.Trend.PValue, gap.Trend.Tau,
            gap.T.Length, Math.Clamp(Math.Abs(gap.Trend.Tau) * (gap.CrossedAt is null ? 0.8 : 1), 0, 1), detail);
    }

    /// <summary>The most groups whose series a breadth story reads (more: the groups are not all read, so none is told).</summary>
    public const int MaxBreadthGroups = 400;

    /// <summary>The least share of the groups that must move one way, each consistently, for "fell in most countries".</summary>
    public const double MinBreadthShare = 0.8;

    /// <summary>A group's own direction counts when its Mann-Kendall p-value is below this.</summary>
    public const double BreadthP = 0.05;

    /// <summary>
    /// How many of many groups moved the same way (fertility fell in 203 of 219 countries): each group's own series
    /// and Mann-Kendall test, told when at least <see cref="MinBreadthShare"/> of the groups moved one way consistently.
    /// A sign test on the rising against the falling groups gives the p-value.
    /// </summary>
    private static Insight? Breadth(DataColumn time, NumericColumn measure, CategoryColumn dimension, int? total)
    {
        var levels = TimeSeriesBuilder.RowsByLevel(dimension, MaxBreadthGroups + 2, MinPoints).Where(l => l.Code != total).ToList();
        if (levels.Count > MaxBreadthGroups) return null;
        var lines = new List<GroupSeriesLine>();
        foreach (var (code, rows) in levels)
        {
            var series = TimeSeriesBuilder.Build(time, measure, rows, dimension, code);
            if (series is null || series.Y.Length < MinPoints) continue;
            var y = series.Y;
            var k = Math.Max(1, Math.Min(3, y.Length / 4));
            var (start, end) = (y.Take(k).Average(), y.Skip(y.Length - k).Average());
            lines.Add(new GroupSeriesLine(dimension.Labels[code], series, start, end, start > 0 && end > 0 ? end / start : double.NaN,
                StatTests.MannKendall(y), new TheilSenResult(double.NaN, double.NaN), null));
        }
        if (lines.Count <= MaxLevels) return null;
        var up = lines.Where(l => l.Trend.PValue < BreadthP && l.Trend.Tau > 0).ToList();
        var down = lines.Where(l => l.Trend.PValue < BreadthP && l.Trend.Tau < 0).ToList();
        var rising = up.Count >= down.Count;
        var (most, other) = rising ? (up, down) : (down, up);
        var share = most.Count / (double)lines.Count;
        if (share < MinBreadthShare) return null;
        // The sign test: as many rising as falling groups if nothing moved them together.
        var moved = up.Count + down.Count;
        var z = (most.Count - moved / 2.0) / Math.Sqrt(moved / 4.0);
        var p = SpecialFunctions.NormalTwoSidedP(z);
        // The group that moved furthest the common way, and one against it (or the one that moved least).
        var leader = most.OrderByDescending(l => rising ? l.End - l.Start : l.Start - l.End).ThenBy(l => l.Label, StringComparer.Ordinal).First();
        var runner = other.OrderByDescending(l => Math.Abs(l.End - l.Start)).ThenBy(l => l.Label, StringComparer.Ordinal).FirstOrDefault()
            ?? most.OrderBy(l => Math.Abs(l.End - l.Start)).ThenBy(l => l.Label, StringComparer.Ordinal).First();
        var m = Words.Human(measure.Name);
        var d = Words.Human(dimension.Name);
        var first = lines.MinBy(l => l.Series.T[0])!.Series;
        var last = lines.MaxBy(l => l.Series.T[^1])!.Series;
        var span = $"from {first.Describe(0)} to {last.Describe(last.T.Length - 1)}";
        var title = $"{Words.Cap(m)} {(rising ? "rose" : "fell")} in {Fmt.Int(most.Count)} of {Words.Members(dimension.Name, lines.Count)} {span}";
        var summary =
            $"Read one {d} at a time, {m} {(rising ? "rose" : "fell")} consistently in {Fmt.Int(most.Count)} of the {Words.Members(dimension.Name, lines.Count)} ({Fmt.Pct(share)}) and {(rising ? "fell" : "rose")} in {Fmt.Int(other.Count)}; " +
            $"the {(rising ? "largest rise" : "steepest fall")} was in {leader.Label}, from about {Fmt.Num(leader.Start)} to {Fmt.Num(leader.End)}. " +
            $"Each {d}'s direction is its own Mann-Kendall test (p < {Fmt.Num(BreadthP)}); {Fmt.Int(most.Count)} against {Fmt.Int(other.Count)} is no coin toss (sign test, {Fmt.P(p)}).";
        var detail = new GroupSeriesDetail("breadth", time.Name, measure.Name, dimension.Name, lines, leader, runner, null);
        return new Insight(StoryKinds.Of<GroupSeriesStory>(), [time.Name, measure.Name, dimension.Name], title, summary, ["line", "bar"],
            "Mann-Kendall trend test per group, sign test on the directions", z, p, share, lines.Count, Math.Clamp(share, 0, 1) * 0.8, detail);
    }

    /// <summary>Least shared time points (and tenth of them) an overtaking must hold to the end to be told.</summary>
    public const int MinHeldPoints = 3;

    /// <summary>The difference a − b over the time points both series have, or null with fewer than <see cref="MinPoints"/>.</summary>
    internal static GroupGap? Between(TimeSeries a, TimeSeries b)
    {
        var index = new Dictionary<double, int>();
        for (var i = 0; i < b.T.Length; i++) index[b.T[i]] = i;
        var t = new List<double>();
        var d = new List<double>();
        for (var i = 0; i < a.T.Length; i++)
        {
            if (index.TryGetValue(a.T[i], out var j)) { t.Add(a.T[i]); d.Add(a.Y[i] - b.Y[j]); }
        }
        if (d.Count < MinPoints) return null;
        var k = Math.Max(1, Math.Min(3, d.Count / 4));
        var start = d.Take(k).Average();
        var end = d.Skip(d.Count - k).Average();
        int? crossed = null;
        if (Math.Sign(start) != Math.Sign(end) && start != 0)
        {
            // The first point from which the difference keeps its final sign.
            for (var i = d.Count - 1; i >= 0 && Math.Sign(d[i]) == Math.Sign(end); i--) crossed = i;
            // An overtaking holds for a while: one that only the last point or two show (two series that both fell to
            // almost nothing trading places at the end) is not one.
            if (crossed > d.Count - Math.Max(MinHeldPoints, d.Count / 10)) crossed = null;
        }
        return new GroupGap([.. t], [.. d], start, end, crossed, StatTests.MannKendall(d.ToArray()));
    }

    /// <summary>A start-to-end ratio as a change: "up 8.6-fold", "up 45%", "down 30%".</summary>
    internal static string Times(double ratio) => ratio >= 1.995 ? $"up {Fmt.Num(ratio)}-fold" : ratio >= 1 ? $"up {Fmt.Pct(ratio - 1)}" : $"down {Fmt.Pct(1 - ratio)}";

    private static void GroupSeries(NarrativeBuilder nb, List<ChartImage> charts, GroupSeriesDetail d)
    {
        string[] cols = [d.TimeColumn, d.Measure, d.Dimension];
        var rows = $"rows of each {d.Dimension} value, aggregated per time point";
        var (m, dim) = (H(d.Measure), H(d.Dimension));
        var (a, b) = (d.Leader, d.RunnerUp);
        switch (d.Kind)
        {
            case "growth":
                nb.Paragraph($"Of the {nb.Int(d.Lines.Count, $"number of {d.Dimension} values compared", cols, rows)} {dim} values, {a.Label} grew the most: {m} went from about {nb.N(a.Start, $"mean of the first points for {a.Label}", cols, rows)} to about {nb.N(a.End, $"mean of the last points for {a.Label}", cols, rows)}, {nb.N(a.Ratio, $"end-to-start ratio for {a.Label}, in words", cols, rows, EffectWords.Times)} its starting level. The runner-up, {b.Label}, ended at {nb.N(b.Ratio, $"end-to-start ratio for {b.Label}, in words", cols, rows, EffectWords.Times)} its start.");
                nb.Evidence($"End-to-start ratios: {nb.N(a.Ratio, $"end-to-start ratio for {a.Label}", cols, rows)} for {a.Label}, {nb.N(b.Ratio, $"end-to-start ratio for {b.Label}", cols, rows)} for {b.Label}.");
                break;
            case "divergence":
                nb.Paragraph($"{Cap(m)} did not move the same way everywhere: it rose for {a.Label} (from about {nb.N(a.Start, $"mean of the first points for {a.Label}", cols, rows)} to {nb.N(a.End, $"mean of the last points for {a.Label}", cols, rows)}) but fell for {b.Label} (from about {nb.N(b.Start, $"mean of the first points for {b.Label}", cols, rows)} to {nb.N(b.End, $"mean of the last points for {b.Label}", cols, rows)}).");
                break;
            case "gap":
                var g = d.Gap!;
                var when = g.CrossedAt is { } at ? nb.N(g.T[at], "first time point from which the leader stayed ahead", cols, rows, _ => Fmt.Time(g.T[at], a.Series.TimeIsYear, a.Series.Granularity)) : null;
                nb.Paragraph($"At the start {a.Label} stood {nb.N(Math.Abs(g.Start), $"absolute difference {a.Label} minus {b.Label}, mean of the first shared points", cols, rows)} {(g.Start >= 0 ? "above" : "below")} {b.Label} in {m}; by the end the gap was {nb.N(g.End, $"difference {a.Label} minus {b.Label}, mean of the last shared points", cols, rows)} in {a.Label}'s favour" +
                    (when is null ? "." : $", and {a.Label} has been ahead since {when}."));
                break;
            case "mix":
                var upFrom = nb.T(a.Series, 0, "first time point of the shares");
                var upTo = nb.T(a.Series, a.Series.T.Length - 1, "last time point of the shares");
                nb.Paragraph($"Of all {m} across the {nb.Int(d.Groups, $"number of {d.Dimension} values split", cols, rows)} {dim} values, those at {a.Label} made up {nb.Pct(a.Start, $"share of the total at {a.Label}, first time point", cols, rows)} in {upFrom} and {nb.Pct(a.End, $"share of the total at {a.Label}, last time point", cols, rows)} in {upTo}; those {b.Label} went from {nb.Pct(b.Start, $"share of the total {b.Label}, first time point", cols, rows)} to {nb.Pct(b.End, $"share of the total {b.Label}, last time point", cols, rows)}. The mix of {m} moved towards the {(a.End > a.Start ? "upper" : "lower")} {dim} values, whatever the total did.");
                nb.Evidence($"Each time point's total is split at every {dim} value in turn; the split told is the one whose upper share moved most from the first time point to the last. The Mann-Kendall test finds that share moved one way ({nb.Coef(a.Trend.Tau, $"Mann-Kendall tau of the share at {a.Label}", cols, rows)}, {nb.P(a.Trend.PValue, $"Mann-Kendall p-value of the share at {a.Label}", cols, rows)}).");
                charts.Add(ChartFactory.Lines($"Share of {m} at {a.Label} and {b.Label}", H(d.TimeColumn), "Share of the total", [(a.Label, a.Series.T, a.Series.Y), (b.Label, b.Series.T, b.Series.Y)], a.Series.TimeIsYear));
                charts.Add(ChartFactory.Line($"Share of {m} at {a.Label}", H(d.TimeColumn), "Share of the total", a.Series.T, a.Series.Y, a.Series.TimeIsYear));
                return;
            case "breadth":
                var most = d.Lines.Count(l => l.Trend.PValue < BreadthP && Math.Sign(l.Trend.Tau) == Math.Sign(a.Trend.Tau));
                var against = d.Lines.Count(l => l.Trend.PValue < BreadthP && Math.Sign(l.Trend.Tau) == -Math.Sign(a.Trend.Tau));
                var rose = a.Trend.Tau > 0;
                nb.Paragraph($"Read one {dim} at a time, {m} {(rose ? "rose" : "fell")} in {nb.Int(most, $"{d.Dimension} values whose series {(rose ? "rose" : "fell")} consistently", cols, rows)} of the {nb.Int(d.Lines.Count, $"{d.Dimension} values with a series", cols, rows)} {dim} values and {(rose ? "fell" : "rose")} in {nb.Int(against, $"{d.Dimension} values whose series moved the other way", cols, rows)}. The {(rose ? "largest rise" : "steepest fall")} was in {a.Label}, from about {nb.N(a.Start, $"mean of the first points for {a.Label}", cols, rows)} to {nb.N(a.End, $"mean of the last points for {a.Label}", cols, rows)}.");
                break;
            default:
                nb.Paragraph($"In {a.Label} the yearly cycle of {m} is {nb.N(a.SeasonalSwing!.Value / b.SeasonalSwing!.Value, "ratio of the two yearly swings, in words", cols, rows, v => EffectWords.Compare(v, "wide", "wider", "narrower"))} in {b.Label}: between its highest and lowest month, {m} moves about {nb.N(a.SeasonalSwing!.Value, $"peak-to-trough swing of the month-of-year means for {a.Label}", cols, rows)} in {a.Label} and {nb.N(b.SeasonalSwing!.Value, $"peak-to-trough swing of the month-of-year means for {b.Label}", cols, rows)} in {b.Label}.");
                break;
        }
        nb.Subheading($"{Cap(m)} by {dim}, first and last points");
        foreach (var l in d.Lines.OrderByDescending(l => l.End).ThenBy(l => l.Label, StringComparer.Ordinal).Take(8))
        {
            nb.Bullet($"{l.Label}: about {nb.N(l.Start, $"mean of the first points for {l.Label}", cols, rows)} at the start, {nb.N(l.End, $"mean of the last points for {l.Label}", cols, rows)} at the end{(l.SeasonalSwing is { } sw ? $" (yearly swing {nb.N(sw, $"peak-to-trough swing of the month-of-year means for {l.Label}", cols, rows)})" : "")}");
        }
        nb.EndList();
        nb.Paragraph($"The evidence: each {dim} is its own series (start and end are the means of its first and last few points), never an average across {dim} values. The Mann-Kendall test checks that each direction is consistent rather than a few lucky points ({a.Label}: {nb.P(a.Trend.PValue, $"Mann-Kendall p-value for {a.Label}", cols, rows)}; {b.Label}: {nb.P(b.Trend.PValue, $"Mann-Kendall p-value for {b.Label}", cols, rows)}).");
        var shown = d.Lines.OrderByDescending(l => l == a || l == b).ThenByDescending(l => l.End).Take(6).ToList();
        var first = shown[0].Series;
        charts.Add(ChartFactory.Lines($"{Cap(m)} by {dim}", H(d.TimeColumn), Cap(m), shown.Select(l => (l.Label, l.Series.T, l.Series.Y)).ToList(), first.TimeIsYear));
        var byEnd = d.Lines.OrderByDescending(l => double.IsFinite(l.Ratio) ? l.Ratio : l.End).ToList();
        if (d.Kind == "gap")
        {
            var gapSeries = d.Gap!;
            charts.Add(ChartFactory.Line($"{a.Label} minus {b.Label}: the gap in {m}", H(d.TimeColumn), $"Difference in {m}", gapSeries.T, gapSeries.Difference, first.TimeIsYear));
            return;
        }
        if (d.Kind == "breadth")
        {
            var directions = new[] { ("rose", 1), ("fell", -1) }.Select(x => (Label: x.Item1, Count: (double)d.Lines.Count(l => l.Trend.PValue < BreadthP && Math.Sign(l.Trend.Tau) == x.Item2))).ToList();
            directions.Add(("no clear direction", d.Lines.Count - directions.Sum(x => x.Count)));
            charts.Add(ChartFactory.Bars($"How many {dim} values rose and fell", "Direction", $"{Cap(dim)} values", directions.Select(x => x.Label).ToList(), directions.Select(x => x.Count).ToList(), highlight: 1));
            return;
        }
        charts.Add(d.Kind == "seasonal-swing"
            ? ChartFactory.Bars($"Yearly swing of {m} by {dim}", Cap(dim), "Highest minus lowest month", d.Lines.Where(l => l.SeasonalSwing is not null).OrderByDescending(l => l.SeasonalSwing).Select(l => l.Label).ToList(), d.Lines.Where(l => l.SeasonalSwing is not null).OrderByDescending(l => l.SeasonalSwing).Select(l => l.SeasonalSwing!.Value).ToList(), highlight: 1)
            : ChartFactory.Bars($"Growth of {m} by {dim}, end over start", Cap(dim), "Times the starting level", byEnd.Select(l => l.Label).ToList(), byEnd.Select(l => double.IsFinite(l.Ratio) ? l.Ratio : 0).ToList(), highlight: 1));
    }
}
