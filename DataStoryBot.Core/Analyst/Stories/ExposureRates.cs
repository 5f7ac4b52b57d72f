using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>One group's rate per unit of exposure, pooled: all its events over all its units.</summary>
/// <param name="Events">The group's events (deaths), summed over its rows.</param>
/// <param name="Units">The group's exposure (people), summed over the same rows.</param>
/// <param name="Rate">Events over units, on the rate's scale (per ten thousand people).</param>
/// <param name="Median">The median of the group's rows' own rates (what the rank test compares).</param>
public sealed record ExposureGroup(string Label, int Rows, double Events, double Units, double Rate, double Median);

/// <summary>
/// A rate per unit of exposure compared across the groups of a category, each group's rate pooled over its rows (the
/// South's murders over the South's people, not the average of its states' rates).
/// </summary>
/// <param name="Measure">The rate column the analyst derived (<see cref="RowModels.IsPerExposure"/>).</param>
/// <param name="Count">The file's count column behind the rate.</param>
/// <param name="Exposure">The file's exposure column behind the rate.</param>
/// <param name="Groups">Every group with <see cref="SegmentStory.MinGroupSize"/> rows or more, highest pooled rate first.</param>
/// <param name="Standout">With few groups, the one whose rate stands furthest from the rest pooled; with many, the highest.</param>
/// <param name="Other">With few groups, the other groups pooled; with many, the lowest group.</param>
/// <param name="Test">Kruskal-Wallis test of the rows' own rates across the groups (ranks: one extreme row cannot make it).</param>
/// <param name="ExactP">For few rows, the permutation p-value of the test.</param>
/// <param name="Pooled">
/// When the rows' ranks do not separate the groups (rows of very unequal exposure: a rate over 45 months of service is
/// as noisy as it is small), the test of the pooled counts against exposure that does (<see cref="ExposureRates.QuasiPoisson"/>).
/// </param>
public sealed record ExposureRateDetail(string Category, string Measure, string Count, string Exposure, double Scale, string ScaleWords,
    IReadOnlyList<ExposureGroup> Groups, ExposureGroup Standout, ExposureGroup Other, bool High, ExposureGroup Overall, KruskalWallisResult Test, double? ExactP,
    PooledCountTest? Pooled = null)
{
    public double PValue => Pooled?.PValue ?? ExactP ?? Test.PValue;

    /// <summary>Whether the highest group is set against the lowest (many groups: 48 states) rather than against the rest pooled.</summary>
    public bool HighestAgainstLowest => Groups.Count > ExposureRates.MaxStandoutGroups;

    /// <summary>How many times the higher of the two compared rates is the lower.</summary>
    public double Ratio => High ? Standout.Rate / Other.Rate : Other.Rate / Standout.Rate;
}

/// <summary>
/// A quasi-Poisson test that groups' pooled rates differ: the groups' counts against what the overall rate predicts for
/// their exposure (Pearson χ² on <paramref name="Df1"/> degrees of freedom), over the rows' own spread around their group's
/// rate (<paramref name="Dispersion"/>, the within-group Pearson χ² per degree of freedom, never below 1), read as F.
/// </summary>
public sealed record PooledCountTest(double ChiSquare, int Df1, int Df2, double Dispersion, double F, double PValue);

/// <summary>
/// Rates, not totals (issue 22: "a count with its exposure becomes a rate"): once table preparation has turned a count and
/// its exposure into a rate per unit (<see cref="RowModels.Exposures"/>), each group of a category is compared on its
/// pooled rate — the South's gun murders over the South's population, a state's traffic deaths over seven years of its
/// population — weighted by exposure, as a rate must be. The groups must differ by a rank test of their rows' own
/// rates (as a segment comparison would: a single extreme row cannot make the difference), and the pooled rates must
/// agree with the rows' medians on which group stands out. Told as a rate story: it is one.
/// </summary>
public static class ExposureRates
{
    /// <summary>Up to this many groups the standout is set against the others pooled; above, the highest against the lowest.</summary>
    public const int MaxStandoutGroups = 6;

    /// <summary>The least ratio of the compared rates (the standout against the rest, or the highest against the lowest).</summary>
    public const double MinRatio = 1.25;

    /// <summary>Whether <paramref name="measure"/> is a rate per unit of exposure whose rows carry their exposure, so groups can be pooled.</summary>
    public static bool IsPooledRate(AnalysisTable table, NumericColumn measure) =>
        measure.Weights is not null && RowModels.ScaleOf(table, measure.Name) is not null;

    public static IEnumerable<Insight> Detect(AnalysisTable table)
    {
        var measures = table.Numeric.Where(m => IsPooledRate(table, m)).ToList();
        if (measures.Count == 0) yield break;
        var categories = table.Categories.Where(c => c.Derived is null && c.Labels.Length is >= 2 and <= SegmentStory.MaxWholeLevels && !ColumnMeaning.IsFreeText(c)).ToList();
        foreach (var measure in measures)
        {
            foreach (var category in categories)
            {
                if (Analyze(table, category, measure) is { } d) yield return ToInsight(d);
            }
        }
    }

    /// <summary>The pooled comparison of <paramref name="measure"/> across <paramref name="category"/>, or null when it is not a finding.</summary>
    public static ExposureRateDetail? Analyze(AnalysisTable table, CategoryColumn category, NumericColumn measure)
    {
        if (measure.Weights is not { } weights || RowModels.ScaleOf(table, measure.Name) is not { } scale) return null;
        var segment = SegmentStory.Analyze(category, measure, Enumerable.Range(0, table.RowCount).ToArray());
        if (segment is null || segment.Partial) return null;
        var small = segment.Test.N <= SegmentStory.SmallSample;
        var maxP = small ? SegmentStory.SmallSampleMaxP : SegmentStory.MaxP;
        var ranked = segment.PValue < maxP && segment.Test.EpsilonSquared >= (small ? SegmentStory.SmallSampleMinEpsilon : SegmentStory.MinEpsilon);
        var k = category.Labels.Length;
        var (events, units, rows) = (new double[k], new double[k], new int[k]);
        for (var r = 0; r < table.RowCount; r++)
        {
            var (c, v, w) = (category.Codes[r], measure.Values[r], weights[r]);
            if (c < 0 || !double.IsFinite(v) || !(w > 0)) continue;
            events[c] += v * w / scale.Scale;
            units[c] += w;
            rows[c]++;
        }
        ExposureGroup Group(string label, double e, double u, int n, double median) => new(label, n, e, u, scale.Scale * e / u, median);
        var groups = segment.Groups
            .Select(g => Array.IndexOf(category.Labels, g.Label))
            .Where(c => units[c] > 0)
            .Select(c => Group(category.Labels[c], events[c], units[c], rows[c], segment.Groups.First(g => g.Label == category.Labels[c]).Median))
            .OrderByDescending(g => g.Rate).ThenBy(g => g.Label, StringComparer.Ordinal).ToList();
        if (groups.Count < 2) return null;
        PooledCountTest? pooled = null;
        if (!ranked)
        {
            // The rows' ranks weigh a row over 45 months like one over 44,882; the pooled counts weigh each by its
            // exposure, and the rows' spread around their group's rate stands in for chance (never less than Poisson's).
            // Not over time: there the rows of a group differ by when they were counted (cases before and after a
            // vaccine), which neither test should pool away.
            if (table.Time.Axis is not null) return null;
            var codes = groups.Select(g => Array.IndexOf(category.Labels, g.Label)).ToHashSet();
            pooled = QuasiPoisson(table, category, measure, weights, scale.Scale, codes);
            if (pooled is null || !(pooled.PValue < maxP)) return null;
        }
        var overall = Group("all", groups.Sum(g => g.Events), groups.Sum(g => g.Units), groups.Sum(g => g.Rows), Descriptive.Median(groups.Select(g => g.Median).ToArray()));
        ExposureGroup RestOf(ExposureGroup x) => Group("rest", overall.Events - x.Events, overall.Units - x.Units, overall.Rows - x.Rows, double.NaN);
        var (top, bottom) = (groups[0], groups[^1]);
        ExposureGroup standout, other;
        bool high;
        if (groups.Count > MaxStandoutGroups)
        {
            (standout, other, high) = (top, bottom, true);
        }
        else
        {
            var (restTop, restBottom) = (RestOf(top), RestOf(bottom));
            high = restBottom.Rate <= 0 || top.Rate / restTop.Rate >= restBottom.Rate / bottom.Rate;
            (standout, other) = high ? (top, restTop) : (bottom, restBottom);
        }
        if (!(other.Rate > 0) || !(standout.Rate > 0)) return null;
        var d = new ExposureRateDetail(category.Name, measure.Name, table.Derived[measure.Name][0], table.Derived[measure.Name][1], scale.Scale, scale.Words,
            groups, standout, other, high, overall, segment.Test, segment.ExactP, pooled);
        if (d.Ratio < MinRatio) return null;
        // The pooled rates must tell what the rows tell: the standout's own rows sit on its side of the others' (a group
        // that leads only through one populous member, or whose typical member is ordinary, is not the rate's story).
        var medians = groups.Select(g => g.Median).Order().ToArray();
        return high ? (standout.Median >= Descriptive.QuantileSorted(medians, 0.75) ? d : null)
            : (standout.Median <= Descriptive.QuantileSorted(medians, 0.25) ? d : null);
    }

    /// <summary>
    /// The quasi-Poisson test of <see cref="PooledCountTest"/> over the rows of the groups in <paramref name="codes"/>
    /// (each row's count is its rate times its exposure over the scale), or null with fewer than two degrees of freedom
    /// within the groups.
    /// </summary>
    public static PooledCountTest? QuasiPoisson(AnalysisTable table, CategoryColumn category, NumericColumn measure, double[] weights, double scale, IReadOnlySet<int> codes)
    {
        var (events, units) = (new Dictionary<int, double>(), new Dictionary<int, double>());
        var rows = new List<(int Code, double Events, double Units)>();
        for (var r = 0; r < table.RowCount; r++)
        {
            var (c, v, w) = (category.Codes[r], measure.Values[r], weights[r]);
            if (!codes.Contains(c) || !double.IsFinite(v) || !(w > 0)) continue;
            var e = v * w / scale;
            rows.Add((c, e, w));
            events[c] = events.GetValueOrDefault(c) + e;
            units[c] = units.GetValueOrDefault(c) + w;
        }
        var (k, n) = (events.Count, rows.Count);
        if (k < 2 || n - k < 2) return null;
        var rate = events.Values.Sum() / units.Values.Sum();
        if (!(rate > 0)) return null;
        var between = events.Keys.Sum(c => Math.Pow(events[c] - rate * units[c], 2) / (rate * units[c]));
        var within = rows.Where(x => events[x.Code] > 0).Sum(x =>
        {
            var expected = events[x.Code] / units[x.Code] * x.Units;
            return Math.Pow(x.Events - expected, 2) / expected;
        });
        var (df1, df2) = (k - 1, n - k);
        var dispersion = Math.Max(1, within / df2);
        var f = between / df1 / dispersion;
        var p = SpecialFunctions.IncompleteBeta(df2 / 2.0, df1 / 2.0, df2 / (df2 + df1 * f));
        return new PooledCountTest(between, df1, df2, dispersion, f, p);
    }

    private static Insight ToInsight(ExposureRateDetail d)
    {
        var rate = Words.Human(d.Measure);
        var category = Words.Human(d.Category);
        var who = Words.Label(d.Category, d.Standout.Label);
        var other = d.HighestAgainstLowest
            ? $"{EffectWords.Times(d.Ratio)} the {Fmt.Num(d.Other.Rate)} of {Words.Label(d.Category, d.Other.Label)}, the lowest of {Fmt.Int(d.Groups.Count)} {Words.Plural(category)}"
            : $"against {Fmt.Num(d.Other.Rate)} for the other {(d.Groups.Count == 2 ? Words.Label(d.Category, d.Groups.First(g => g != d.Standout).Label) : Words.Plural(category))}";
        var title = $"{Words.Cap(who)} has the {(d.High ? "highest" : "lowest")} {rate}: {Fmt.Num(d.Standout.Rate)}, {other}";
        var test = d.Pooled is { } q
            ? $"the rows' own rates, over very unequal {Words.Human(d.Exposure)}, do not separate the {Words.Plural(category)} by rank, but a test of the pooled {Words.Human(d.Count)} against {Words.Human(d.Exposure)}, allowing for the rows' extra spread, does (quasi-Poisson F = {Fmt.Num(q.F)}, {Fmt.P(q.PValue)})"
            : d.ExactP is { } exact
            ? $"with only {Fmt.Int(d.Test.N)} rows, a permutation test of the Kruskal-Wallis statistic on the rows' own rates finds the {Words.Plural(category)} differ ({Fmt.P(exact)})"
            : $"a Kruskal-Wallis test on the rows' own rates finds the {Words.Plural(category)} differ (H = {Fmt.Num(d.Test.H)}, {Fmt.P(d.Test.PValue)})";
        var summary =
            $"{Words.Cap(who)}: {Fmt.Num(d.Standout.Events)} {Words.Human(d.Count)} over {Fmt.Num(d.Standout.Units)} {Words.Human(d.Exposure)}, {Fmt.Num(d.Standout.Rate)} per {d.ScaleWords}{Words.Human(d.Exposure)}; over all {Fmt.Int(d.Groups.Count)} {Words.Plural(category)}, {Fmt.Num(d.Overall.Rate)}. " +
            $"Each rate is all the group's {Words.Human(d.Count)} over all its {Words.Human(d.Exposure)}, so a large member weighs as much as it holds; {test}{(d.Pooled is null ? $", ε² = {Fmt.Coef(d.Test.EpsilonSquared)}" : "")}.";
        // How far apart the rates are is the story's weight: a third higher is worth telling, three times is a lead.
        var impact = Math.Min(1, 0.4 + 0.2 * (d.Ratio - 1));
        return new Insight(StoryKinds.Of<RateStory>(), [d.Category, d.Measure], title, summary, ["bar", "box"],
            d.Pooled is not null ? "Pooled rates per unit of exposure; quasi-Poisson F test of the pooled counts against exposure"
                : d.ExactP is null ? "Pooled rates per unit of exposure; Kruskal-Wallis test of the rows' rates" : "Pooled rates per unit of exposure; Kruskal-Wallis statistic of the rows' rates with a permutation p-value",
            d.Pooled?.F ?? d.Test.H, d.PValue, d.Ratio, d.Test.N, impact, d);
    }

    public static void Write(StoryDraft draft, ExposureRateDetail d)
    {
        var nb = draft.Text;
        var table = draft.Table;
        string[] cols = [d.Category, d.Count, d.Exposure];
        var rows = $"{AllRows(table)} with {d.Count}, {d.Exposure} above zero and a {d.Category} group of {SegmentStory.MinGroupSize} rows or more";
        var rate = H(d.Measure);
        var per = $"per {d.ScaleWords}{H(d.Exposure)}";
        var s = d.Standout;
        string Pooled(ExposureGroup g, string of) => nb.N(g.Rate, $"{d.Count} over {d.Exposure} {of}, pooled over its rows, times {d.Scale.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)}", cols, rows);
        var top = Pooled(s, $"for {s.Label}");
        var other = d.HighestAgainstLowest ? Pooled(d.Other, $"for {d.Other.Label}") : Pooled(d.Other, $"for the {d.Category} groups other than {s.Label}");
        var times = nb.N(d.High ? d.Ratio : 1 / d.Ratio, d.HighestAgainstLowest ? $"pooled rate for {s.Label} divided by that for {d.Other.Label}, in words" : $"pooled rate for {s.Label} divided by that of the other groups, in words", cols, rows, v => EffectWords.Compare(v));
        var against = d.HighestAgainstLowest
            ? $"{times} the {other} of {Label(nb, d.Category, d.Other.Label)}, the lowest"
            : $"{times} the {other} of the other {(d.Groups.Count == 2 ? Label(nb, d.Category, d.Other.Label) : Words.Plural(H(d.Category)))} together";
        nb.Paragraph($"{Cap(Label(nb, d.Category, s.Label))} has the {(d.High ? "highest" : "lowest")} {rate}: {top} {per}, {against}. " +
            $"Over all {nb.Int(d.Groups.Count, $"{d.Category} groups compared", cols, rows)} {Words.Plural(H(d.Category))} it is {Pooled(d.Overall, "over all groups compared")}.");
        nb.Paragraph($"Each rate is the group's {H(d.Count)} over its {H(d.Exposure)} ({nb.N(s.Events, $"sum of {d.Count} for {s.Label}", cols, rows)} over {nb.N(s.Units, $"sum of {d.Exposure} for {s.Label}", cols, rows)} for {Label(nb, d.Category, s.Label)}), " +
            "so each member counts as much as it holds; an average of the members' rates would weigh the smallest like the largest.");
        var test = d.ExactP is { } exact
            ? $"with so few rows the p-value comes from random relabellings ({nb.P(exact, "permutation p-value of the Kruskal-Wallis statistic", cols, rows)})"
            : $"H = {nb.N(d.Test.H, "Kruskal-Wallis H", cols, rows)} ({nb.P(d.Test.PValue, "Kruskal-Wallis p-value", cols, rows)})";
        if (d.Pooled is { } q)
        {
            nb.Evidence($"The rows' own rates do not separate the {Words.Plural(H(d.Category))} by rank (Kruskal-Wallis {nb.P(d.Test.PValue, "Kruskal-Wallis p-value", cols, rows)}): a rate over little {H(d.Exposure)} is as noisy as it is small. " +
                $"The pooled {H(d.Count)} against what the overall rate predicts for each group's {H(d.Exposure)} (χ² = {nb.N(q.ChiSquare, "Pearson chi-square of the groups' counts against the overall rate", cols, rows)}, {nb.Int(q.Df1, "degrees of freedom between groups", cols, rows)} degrees of freedom), " +
                $"over the rows' own spread around their group's rate ({nb.N(q.Dispersion, "dispersion: within-group Pearson chi-square per degree of freedom, at least 1", cols, rows)} times what chance alone gives), " +
                $"differ beyond chance: quasi-Poisson F = {nb.N(q.F, "quasi-Poisson F", cols, rows)} ({nb.P(q.PValue, "quasi-Poisson F test p-value", cols, rows)}); the median row of {Label(nb, d.Category, s.Label)} ({nb.N(s.Median, $"median {d.Measure} of the rows for {s.Label}", cols, rows)}) sits on the same side.");
        }
        else nb.Evidence($"A Kruskal-Wallis test of the rows' own rates across the {Words.Plural(H(d.Category))} ({nb.Int(d.Test.N, "rows compared", cols, rows)} rows) finds they differ: {test}; ε² = {nb.Coef(d.Test.EpsilonSquared, "epsilon squared", cols, rows)}. " +
            $"The test compares ranks, so no single extreme row makes the difference, and the median row of {Label(nb, d.Category, s.Label)} ({nb.N(s.Median, $"median {d.Measure} of the rows for {s.Label}", cols, rows)}) sits on the same side.");
        nb.Subheading($"{Cap(rate)} by {H(d.Category)}");
        foreach (var g in d.Groups.Take(8))
        {
            nb.Bullet($"{Label(nb, d.Category, g.Label)}: {Pooled(g, $"for {g.Label}")} ({nb.Int(g.Rows, $"rows for {g.Label}", cols, rows)} rows)");
        }
        if (d.Groups.Count > 8) nb.Bullet($"and {nb.Int(d.Groups.Count - 8, "groups not listed", cols, rows)} more, shown in the chart");
        nb.EndList();
        var marks = d.Groups.Select(g => g == d.Standout || (d.HighestAgainstLowest && g == d.Other)).ToList();
        draft.Charts.Add(ChartFactory.Bars($"{Cap(rate)} by {H(d.Category)}, pooled", d.Category, Cap(rate), d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Rate).ToList(), highlightWhere: marks));
        if (table.Find(d.Category) is CategoryColumn cat && table.Find(d.Measure) is NumericColumn m)
        {
            var boxes = d.Groups.Take(12).Select(g =>
            {
                var code = Array.IndexOf(cat.Labels, g.Label);
                return (g.Label, Enumerable.Range(0, table.RowCount).Where(r => cat.Codes[r] == code).Select(r => m.Values[r]).ToArray());
            }).ToList();
            draft.Charts.Add(ChartFactory.Boxes($"{Cap(rate)} of each row, by {H(d.Category)}", d.Category, d.Measure, boxes));
        }
    }
}
