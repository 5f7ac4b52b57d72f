using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>Which side of a finding a facet looks at.</summary>
public enum FacetAspect
{
    /// <summary>A relation's size in context: the outcome in the top quarter of the driver against the bottom quarter.</summary>
    Quarters,

    /// <summary>The same relation or gap within each group of another category: does it hold everywhere?</summary>
    WithinGroups,

    /// <summary>A series' level by decade (or year): where the trend, step or fall put it, in the series' own units.</summary>
    Periods,

    /// <summary>A relation's strength in words: the share of the outcome's spread the driver's straight line accounts for.</summary>
    Explained,

    /// <summary>A gap's size in context: the share of the leading group above the trailing group's median.</summary>
    Overlap,
}

/// <summary>One group of a facet: its label, its rows, the value told and, where two sides are compared, the other side.</summary>
public sealed record FacetGroup(string Label, int N, double Value, double Other = double.NaN);

/// <summary>
/// A facet of a lead finding. <paramref name="X"/> is the driver (a relation), the lead's category (a gap) or the time
/// axis (periods); <paramref name="Y"/> the outcome; <paramref name="By"/> the grouping of a within-groups facet;
/// <paramref name="Slope"/> the least-squares slope of Y on X over all rows (relations only); <paramref name="High"/>
/// and <paramref name="Low"/> the lead's top and bottom group (a gap).
/// </summary>
public sealed record FacetDetail(FacetAspect Aspect, string Lead, string X, string Y, string? By, IReadOnlyList<FacetGroup> Groups, double Slope, int N,
    string? High = null, string? Low = null);

/// <summary>
/// When a table holds fewer real findings than there are slots, the other slots hold facets of a real one (issue 22,
/// item 5) rather than descriptions: a relation's size in context (the outcome in the top against the bottom quarter
/// of its driver, with the slope in units), the same relation or gap within each group of another category (does it
/// hold in each?), or a series' level by decade. Built from picked leads in <see cref="StoryDiscovery"/>, never as a
/// detector of its own (it fills, after the tested findings and before any description).
/// </summary>
public sealed class FacetStory : StoryKind<FacetDetail>
{
    public override string Name => "facet";

    public override double Weight => 0.2;

    public override bool IsFallback => true;

    public override string? Caveat => "This looks at a finding told in another story from a second side; it is not a separate discovery, and it shares that finding's limits.";

    /// <summary>The fewest rows a group needs for its own relation or gap to be told.</summary>
    public const int MinGroupRows = 15;

    /// <summary>The fewest periods a series needs for its levels by period to be told.</summary>
    public const int MinPeriods = 3;

    private static readonly Type[] LeadKinds = [typeof(CorrelationStory), typeof(SegmentStory), typeof(TrendStory), typeof(ChangePointStory), typeof(DrawdownStory), typeof(RecordStory), typeof(SeasonalityStory), typeof(CycleStory)];

    /// <summary>The facets of the leads this table's own detectors find (what refine recomputes a facet from).</summary>
    public override IEnumerable<Insight> Detect(AnalysisTable table) =>
        Of(table, StoryDiscovery.DetectAll(table, StoryKinds.All.Where(k => LeadKinds.Contains(k.GetType()))).OrderByDescending(i => i.Score).ThenBy(i => i.Title, StringComparer.Ordinal));

    /// <summary>The facets of <paramref name="leads"/>, in the leads' order.</summary>
    public static IEnumerable<Insight> Of(AnalysisTable table, IEnumerable<Insight> leads)
    {
        foreach (var lead in leads)
        {
            switch (lead.Detail)
            {
                case CorrelationDetail { Differenced: false } c when table.Find(c.X) is NumericColumn && table.Find(c.Y) is NumericColumn:
                    var (driver, outcome) = ColumnWords.Driver(table, c.X, c.Y) ?? (c.X, c.Y);
                    // A relation with a time axis is a trend; one with a size (deaths and population) is the size's scale.
                    if (table.Time.Axis?.Name == driver || StoryDiscovery.IsSize(table, driver) || StoryDiscovery.IsSize(table, outcome)) break;
                    if (Quarters(table, lead, driver, outcome) is { } q) yield return q;
                    if (RelationWithin(table, lead, driver, outcome) is { } w) yield return w;
                    if (Explained(table, lead, driver, outcome) is { } e) yield return e;
                    break;
                case SegmentDetail s when s.Groups.Count >= 2 && table.Find(s.Category) is CategoryColumn && table.Find(s.Measure) is NumericColumn:
                    if (GapWithin(table, lead, s) is { } g) yield return g;
                    if (Overlap(table, lead, s) is { } v) yield return v;
                    break;
                case TrendDetail t:
                    if (Periods(lead, t.Series) is { } p) yield return p;
                    break;
                case ChangePointDetail t:
                    if (Periods(lead, t.Series) is { } p2) yield return p2;
                    break;
                case DrawdownDetail t:
                    if (Periods(lead, t.Series) is { } p3) yield return p3;
                    break;
                case RecordDetail t:
                    if (Periods(lead, t.Series) is { } p4) yield return p4;
                    break;
                case SeasonalityDetail t:
                    if (Periods(lead, t.Monthly) is { } p5) yield return p5;
                    break;
                case CycleDetail t:
                    if (Periods(lead, t.Series) is { } p6) yield return p6;
                    break;
            }
        }
    }

    private static (double[] X, double[] Y) Pairs(AnalysisTable table, string x, string y, IReadOnlyList<int>? rows = null)
    {
        var (a, b) = (((NumericColumn)table.Find(x)!).Values, ((NumericColumn)table.Find(y)!).Values);
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var r in rows ?? Enumerable.Range(0, table.RowCount).ToList())
        {
            if (!double.IsFinite(a[r]) || !double.IsFinite(b[r])) continue;
            xs.Add(a[r]);
            ys.Add(b[r]);
        }
        return (xs.ToArray(), ys.ToArray());
    }

    /// <summary>Least-squares slope of y on x.</summary>
    public static double Slope(double[] x, double[] y)
    {
        if (x.Length < 2) return double.NaN;
        var (mx, my) = (Descriptive.Mean(x), Descriptive.Mean(y));
        double sxy = 0, sxx = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx > 0 ? sxy / sxx : double.NaN;
    }

    private static Insight? Quarters(AnalysisTable table, Insight lead, string driver, string outcome)
    {
        var (x, y) = Pairs(table, driver, outcome);
        if (x.Length < 4 * 5) return null;
        var sorted = Descriptive.Sorted(x);
        var (q1, q3) = (Descriptive.QuantileSorted(sorted, 0.25), Descriptive.QuantileSorted(sorted, 0.75));
        if (!(q3 > q1)) return null;
        var low = y.Where((_, i) => x[i] <= q1).ToArray();
        var high = y.Where((_, i) => x[i] >= q3).ToArray();
        if (low.Length < 5 || high.Length < 5) return null;
        var (lowMedian, highMedian) = (Descriptive.Median(low), Descriptive.Median(high));
        if (lowMedian == highMedian) return null;
        var slope = Slope(x, y);
        var (o, d) = (ColumnWords.Split(outcome).Name, ColumnWords.Split(driver).Name);
        // Told as a ratio of two positive amounts, or not at all (-0.04 against 0.065 reads as nothing).
        if (Ratio(highMedian, lowMedian) is not { } r) return null;
        var title = $"{Words.Cap(o)} is {(r >= 10 ? Fmt.Num(r) : Fmt.Coef(r))} times as {(highMedian > lowMedian ? "high" : "low")} where {d} is highest: {Fmt.Num(highMedian)} against {Fmt.Num(lowMedian)}";
        var summary = $"In the quarter of {table.Noun} with the highest {d} (from {Fmt.Num(q3)}), the median {o} is {Fmt.Num(highMedian)}; in the quarter with the lowest (up to {Fmt.Num(q1)}), {Fmt.Num(lowMedian)}. " +
            $"Across all {Fmt.Int(x.Length)} {table.Noun}, {o} changes by about {Fmt.Num(slope)} {ColumnWords.PerStep(driver)}.";
        var groups = new[] { new FacetGroup($"lowest quarter of {d}", low.Length, lowMedian, q1), new FacetGroup($"highest quarter of {d}", high.Length, highMedian, q3) };
        return new Insight(StoryKinds.Of<FacetStory>(), [driver, outcome], title, summary, ["bar", "scatter"], "Medians by quarter of the driver and a least-squares slope",
            null, null, highMedian - lowMedian, x.Length, lead.Impact * 0.8, new FacetDetail(FacetAspect.Quarters, lead.Title, driver, outcome, null, groups, slope, x.Length))
        { Significance = 0.5 };
    }

    private static Insight? Explained(AnalysisTable table, Insight lead, string driver, string outcome)
    {
        var (x, y) = Pairs(table, driver, outcome);
        var r = StatTests.Pearson(x, y);
        if (r.N < CorrelationStory.MinN || !double.IsFinite(r.R)) return null;
        var share = r.R * r.R;
        if (share < 0.05) return null;
        var (o, d) = (ColumnWords.Split(outcome).Name, ColumnWords.Split(driver).Name);
        var title = $"{Words.Cap(d)} alone accounts for {Fmt.Pct(share)} of the differences in {o}: the rest lies elsewhere";
        var summary = $"A straight line on {d} accounts for {Fmt.Pct(share)} of the variation in {o} across {Fmt.Int(r.N)} {table.Noun} (r = {Fmt.Coef(r.R)}); {Fmt.Pct(1 - share)} is left to other causes and chance.";
        return new Insight(StoryKinds.Of<FacetStory>(), [driver, outcome], title, summary, ["scatter", "bar"], "Share of variance explained by a least-squares line (r²)",
            null, null, share, r.N, lead.Impact * 0.5, new FacetDetail(FacetAspect.Explained, lead.Title, driver, outcome, null, [new FacetGroup("explained", r.N, share, r.R)], Slope(x, y), r.N))
        { Significance = 0.5 };
    }

    private static Insight? Overlap(AnalysisTable table, Insight lead, SegmentDetail s)
    {
        var category = (CategoryColumn)table.Find(s.Category)!;
        var measure = ((NumericColumn)table.Find(s.Measure)!).Values;
        var (high, low) = (Array.IndexOf(category.Labels, s.Groups[0].Label), Array.IndexOf(category.Labels, s.Groups[^1].Label));
        if (high < 0 || low < 0) return null;
        var top = Enumerable.Range(0, table.RowCount).Where(r => category.Codes[r] == high && double.IsFinite(measure[r])).Select(r => measure[r]).ToArray();
        var bottom = Enumerable.Range(0, table.RowCount).Where(r => category.Codes[r] == low && double.IsFinite(measure[r])).Select(r => measure[r]).ToArray();
        if (top.Length < 5 || bottom.Length < 5) return null;
        var median = Descriptive.Median(bottom);
        var above = top.Count(v => v > median) / (double)top.Length;
        var (m, unit) = ColumnWords.Split(s.Measure);
        var (h, l) = (Words.Label(s.Category, s.Groups[0].Label), Words.Label(s.Category, s.Groups[^1].Label));
        var title = $"{Fmt.Pct(above)} of {h} have a higher {m} than the median for {l} ({Fmt.Num(median)}{(unit is null ? "" : " " + unit.Plural)})";
        var summary = $"The median {m} of {l} is {Fmt.Num(median)}; {Fmt.Pct(above)} of the {Fmt.Int(top.Length)} {h} {table.Noun} lie above it, where half would if the two did not differ.";
        return new Insight(StoryKinds.Of<FacetStory>(), [s.Category, s.Measure], title, summary, ["box", "bar"], "Share of one group above the other group's median",
            null, null, above, top.Length + bottom.Length, lead.Impact * 0.6,
            new FacetDetail(FacetAspect.Overlap, lead.Title, s.Category, s.Measure, null, [new FacetGroup(s.Groups[0].Label, top.Length, above, median), new FacetGroup(s.Groups[^1].Label, bottom.Length, 0.5, median)], double.NaN, top.Length + bottom.Length,
                s.Groups[0].Label, s.Groups[^1].Label))
        { Significance = 0.5 };
    }

    /// <summary>"3.2" when both values are positive and one is at least 1.2 times the other, else null.</summary>
    private static double? Ratio(double a, double b)
    {
        if (!(a > 0 && b > 0)) return null;
        var r = Math.Max(a, b) / Math.Min(a, b);
        return r >= 1.2 ? r : null;
    }

    /// <summary>The categories a finding can be checked within: 2–6 values, each real groups (not ids, free text, derived bands or the finding's own columns).</summary>
    private static IEnumerable<CategoryColumn> Groupings(AnalysisTable table, Insight lead) =>
        table.Categories.Where(c => c.Derived is null && c.Labels.Length is >= 2 and <= 6 && !lead.Columns.Contains(c.Name)
            && !ColumnMeaning.IsFreeText(c))
            .OrderBy(c => c.Index);

    private static IReadOnlyList<int>[] RowsByCode(CategoryColumn c)
    {
        var rows = Enumerable.Range(0, c.Labels.Length).Select(_ => new List<int>()).ToArray();
        for (var r = 0; r < c.Codes.Length; r++) if (c.Codes[r] >= 0) rows[c.Codes[r]].Add(r);
        return rows;
    }

    private static Insight? RelationWithin(AnalysisTable table, Insight lead, string driver, string outcome)
    {
        var (x, y) = Pairs(table, driver, outcome);
        var overall = Slope(x, y);
        if (!double.IsFinite(overall) || overall == 0) return null;
        foreach (var by in Groupings(table, lead))
        {
            var groups = new List<FacetGroup>();
            foreach (var (rows, code) in RowsByCode(by).Select((r, i) => (r, i)))
            {
                var (gx, gy) = Pairs(table, driver, outcome, rows);
                if (gx.Length < MinGroupRows) continue;
                var s = Slope(gx, gy);
                if (!double.IsFinite(s)) continue;
                groups.Add(new FacetGroup(by.Labels[code], gx.Length, s, StatTests.Pearson(gx, gy).R));
            }
            if (groups.Count < 2) continue;
            var holds = groups.Count(g => Math.Sign(g.Value) == Math.Sign(overall) && Math.Abs(g.Other) >= 0.2);
            var (o, d, b) = (ColumnWords.Split(outcome).Name, ColumnWords.Split(driver).Name, Words.Human(by.Name));
            var direction = overall > 0 ? "rises" : "falls";
            var title = holds == groups.Count
                ? $"{Words.Cap(o)} {direction} with {d} within each {b}: {string.Join(", ", groups.Take(3).Select(g => $"{Fmt.Num(Math.Abs(g.Value))} for {g.Label}"))} {ColumnWords.PerStep(driver)}"
                : holds == 0
                    ? $"Within {b} groups the link between {d} and {o} does not hold: it comes from differences between {b} groups"
                    : $"{Words.Cap(o)} {direction} with {d} for {string.Join(" and ", groups.Where(g => Math.Sign(g.Value) == Math.Sign(overall) && Math.Abs(g.Other) >= 0.2).Take(3).Select(g => g.Label))}, not for {string.Join(" and ", groups.Where(g => !(Math.Sign(g.Value) == Math.Sign(overall) && Math.Abs(g.Other) >= 0.2)).Take(3).Select(g => g.Label))}";
            var summary = $"Taken {b} by {b}, the slope of {o} on {d} is {string.Join("; ", groups.Select(g => $"{Fmt.Num(g.Value)} for {g.Label} ({Fmt.Int(g.N)} {table.Noun})"))}, against {Fmt.Num(overall)} across all {table.Noun}.";
            return new Insight(StoryKinds.Of<FacetStory>(), [driver, outcome, by.Name], title, summary, ["bar", "scatter"], "Least-squares slope within each group",
                null, null, holds / (double)groups.Count, x.Length, lead.Impact * (holds == groups.Count ? 0.7 : 0.9), new FacetDetail(FacetAspect.WithinGroups, lead.Title, driver, outcome, by.Name, groups, overall, x.Length))
            { Significance = 0.5 };
        }
        return null;
    }

    private static Insight? GapWithin(AnalysisTable table, Insight lead, SegmentDetail s)
    {
        var category = (CategoryColumn)table.Find(s.Category)!;
        var measure = ((NumericColumn)table.Find(s.Measure)!).Values;
        var (high, low) = (Array.IndexOf(category.Labels, s.Groups[0].Label), Array.IndexOf(category.Labels, s.Groups[^1].Label));
        if (high < 0 || low < 0) return null;
        foreach (var by in Groupings(table, lead))
        {
            var groups = new List<FacetGroup>();
            foreach (var (rows, code) in RowsByCode(by).Select((r, i) => (r, i)))
            {
                var top = rows.Where(r => category.Codes[r] == high && double.IsFinite(measure[r])).Select(r => measure[r]).ToArray();
                var bottom = rows.Where(r => category.Codes[r] == low && double.IsFinite(measure[r])).Select(r => measure[r]).ToArray();
                if (top.Length < 5 || bottom.Length < 5) continue;
                groups.Add(new FacetGroup(by.Labels[code], top.Length + bottom.Length, Descriptive.Median(top), Descriptive.Median(bottom)));
            }
            if (groups.Count < 2) continue;
            var holds = groups.Count(g => g.Value > g.Other);
            var (m, b) = (ColumnWords.Split(s.Measure).Name, Words.Human(by.Name));
            var (h, l) = (Words.Label(s.Category, s.Groups[0].Label), Words.Label(s.Category, s.Groups[^1].Label));
            var title = holds == groups.Count
                ? $"{Words.Cap(h)} leads {l} on {m} within every {b}: {string.Join(", ", groups.Take(3).Select(g => $"{Fmt.Num(g.Value)} against {Fmt.Num(g.Other)} for {g.Label}"))}"
                : holds == 0
                    ? $"Within each {b}, {h} does not lead {l} on {m}: the overall gap comes from the mix of {b}"
                    : $"{Words.Cap(h)} leads {l} on {m} in {holds} of {groups.Count} {b} groups, not in {string.Join(" and ", groups.Where(g => !(g.Value > g.Other)).Take(3).Select(g => g.Label))}";
            var summary = $"Comparing the median {m} of {h} and {l} within each {b}: {string.Join("; ", groups.Select(g => $"{g.Label} {Fmt.Num(g.Value)} against {Fmt.Num(g.Other)}"))}.";
            return new Insight(StoryKinds.Of<FacetStory>(), [s.Category, s.Measure, by.Name], title, summary, ["bar"], "Medians of the two groups within each group of another category",
                null, null, holds / (double)groups.Count, groups.Sum(g => g.N), lead.Impact * (holds == groups.Count ? 0.7 : 0.9),
                new FacetDetail(FacetAspect.WithinGroups, lead.Title, s.Category, s.Measure, by.Name, groups, double.NaN, groups.Sum(g => g.N), s.Groups[0].Label, s.Groups[^1].Label))
            { Significance = 0.5 };
        }
        return null;
    }

    /// <summary>The calendar year of a series' time point.</summary>
    private static double YearOf(TimeSeries s, double t) => s.TimeIsYear ? t : DateColumn.ToDateTime(t).Year;

    private static Insight? Periods(Insight lead, TimeSeries s)
    {
        if (s.Y.Length < 8) return null;
        var years = s.T.Select(t => YearOf(s, t)).ToArray();
        var span = years[^1] - years[0];
        // Decades for a long series, years for a short one; too few periods tell nothing a line does not.
        var width = span >= 10 * MinPeriods ? 10 : span >= MinPeriods - 1 && s.Granularity is not "year" ? 1 : 0;
        if (width == 0) return null;
        var groups = new List<FacetGroup>();
        foreach (var g in Enumerable.Range(0, s.Y.Length).Where(i => double.IsFinite(s.Y[i])).GroupBy(i => Math.Floor(years[i] / width) * width).OrderBy(g => g.Key))
        {
            // A period needs most of its points (a decade of yearly points: at least 5) to be compared.
            var points = g.Count();
            if (points < (width == 10 ? (s.Granularity == "year" ? 5 : 30) : s.Granularity == "month" ? 6 : s.Granularity == "quarter" ? 2 : 20)) continue;
            groups.Add(new FacetGroup(width == 10 ? $"{g.Key:0}s" : $"{g.Key:0}", points, g.Average(i => s.Y[i])));
        }
        if (groups.Count < MinPeriods) return null;
        var highest = groups.MaxBy(g => g.Value)!;
        var lowest = groups.MinBy(g => g.Value)!;
        var streak = Streak(groups);
        var subject = s.Subject;
        var unit = width == 10 ? "decade" : "year";
        var title = $"{Words.Cap(subject)} by {unit}: highest in {highest.Label} ({Fmt.Num(highest.Value)} on average), lowest in {lowest.Label} ({Fmt.Num(lowest.Value)})";
        var summary = $"Averaged {unit} by {unit} over {Fmt.Int(groups.Count)} {unit}s, {subject} was highest in {highest.Label} at {Fmt.Num(highest.Value)} and lowest in {lowest.Label} at {Fmt.Num(lowest.Value)}" +
            (Math.Abs(streak) >= MinPeriods ? $"; each of the last {Fmt.Int(Math.Abs(streak))} {unit}s was {(streak > 0 ? "higher" : "lower")} than the one before." : ".");
        return new Insight(StoryKinds.Of<FacetStory>(), [s.TimeColumn, s.Measure], title, summary, ["bar", "line"], $"Averages by {unit}",
            null, null, highest.Value - lowest.Value, s.Y.Length, lead.Impact * 0.6, new FacetDetail(FacetAspect.Periods, lead.Title, s.TimeColumn, s.Measure, null, groups, double.NaN, s.Y.Length))
        { Significance = 0.5 };
    }

    /// <summary>How many of the last periods each rose (positive) or fell (negative) from the one before.</summary>
    public static int Streak(IReadOnlyList<FacetGroup> groups)
    {
        if (groups.Count < 2) return 0;
        var sign = Math.Sign(groups[^1].Value - groups[^2].Value);
        if (sign == 0) return 0;
        var n = 0;
        for (var i = groups.Count - 1; i > 0 && Math.Sign(groups[i].Value - groups[i - 1].Value) == sign; i--) n++;
        return sign * n;
    }

    protected override void Write(StoryDraft draft, FacetDetail d)
    {
        var (nb, charts, table) = (draft.Text, draft.Charts, draft.Table);
        var rows = AllRows(table);
        switch (d.Aspect)
        {
            case FacetAspect.Quarters:
            {
                string[] cols = [d.X, d.Y];
                var (o, unit) = ColumnWords.Split(d.Y);
                var dn = ColumnWords.Split(d.X).Name;
                var (low, high) = (d.Groups[0], d.Groups[1]);
                var hv = nb.N(high.Value, $"median {d.Y} in the highest quarter of {d.X}", cols, rows);
                var lv = nb.N(low.Value, $"median {d.Y} in the lowest quarter of {d.X}", cols, rows);
                nb.Lead($"Where {dn} is highest (the top quarter of {table.Noun}, from {nb.N(high.Other, $"third quartile of {d.X}", cols, rows)}), the typical {o} is {unit?.Amount(hv) ?? hv}; where it is lowest (up to {nb.N(low.Other, $"first quartile of {d.X}", cols, rows)}), {unit?.Amount(lv) ?? lv}.");
                var slope = nb.N(d.Slope, $"least-squares slope of {d.Y} on {d.X}", cols, rows);
                nb.Paragraph($"Put as a rate, {o} changes by about {unit?.Amount(slope) ?? slope} {ColumnWords.PerStep(d.X)}. This is the size of the link told in its sibling story.");
                nb.Evidence($"Medians of {H(d.Y)} in the lowest and highest quarters of {H(d.X)} ({nb.Int(low.N, "rows in the lowest quarter", cols, rows)} and {nb.Int(high.N, "rows in the highest quarter", cols, rows)} {table.Noun}), and a least-squares line over all {nb.Int(d.N, "rows with both values", cols, rows)}.");
                charts.Add(ChartFactory.Bars($"Median {H(d.Y)} by quarter of {H(d.X)}", d.X, Cap(H(d.Y)), d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Value).ToList(), highlight: 1));
                var (x, y) = Pairs(table, d.X, d.Y);
                charts.Add(ChartFactory.Scatter($"{Cap(H(d.Y))} against {H(d.X)}", H(d.X), H(d.Y), x, y, (d.Slope, Descriptive.Mean(y) - d.Slope * Descriptive.Mean(x))));
                break;
            }
            case FacetAspect.WithinGroups when double.IsFinite(d.Slope):
            {
                string[] cols = [d.X, d.Y, d.By!];
                var (o, unit) = ColumnWords.Split(d.Y);
                var dn = ColumnWords.Split(d.X).Name;
                var parts = d.Groups.Select(g =>
                {
                    var v = nb.N(g.Value, $"slope of {d.Y} on {d.X} for {g.Label}", cols, $"rows with {d.By} {g.Label}");
                    return $"{unit?.Amount(v) ?? v} for {g.Label}";
                }).ToList();
                nb.Lead($"Taken {H(d.By!)} by {H(d.By!)}, {o} changes with {dn} by {string.Join(", ", parts)} {ColumnWords.PerStep(d.X)}.");
                nb.Paragraph($"Across all {table.Noun} the slope is {nb.N(d.Slope, $"slope of {d.Y} on {d.X} over all rows", cols, rows)}: this checks whether the link told in its sibling story holds within each group or comes from differences between them.");
                nb.Evidence($"A least-squares line of {H(d.Y)} on {H(d.X)} fitted separately within each {H(d.By!)} value with at least {nb.Int(MinGroupRows, "fewest rows per group", cols, rows)} {table.Noun}; correlations within groups: {string.Join(", ", d.Groups.Select(g => $"{g.Label} {nb.Coef(g.Other, $"Pearson r for {g.Label}", cols, $"rows with {d.By} {g.Label}")}"))}.");
                charts.Add(ChartFactory.Bars($"Slope of {H(d.Y)} on {H(d.X)} by {H(d.By!)}", d.By!, "Slope", d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Value).ToList()));
                var (x, y) = Pairs(table, d.X, d.Y);
                charts.Add(ChartFactory.Scatter($"{Cap(H(d.Y))} against {H(d.X)}", H(d.X), H(d.Y), x, y, (d.Slope, Descriptive.Mean(y) - d.Slope * Descriptive.Mean(x))));
                break;
            }
            case FacetAspect.WithinGroups:
            {
                string[] cols = [d.X, d.Y, d.By!];
                var (m, unit) = ColumnWords.Split(d.Y);
                var (h, l) = (Label(nb, d.X, d.High!), Label(nb, d.X, d.Low!));
                var holds = d.Groups.Count(g => g.Value > g.Other);
                var parts = d.Groups.Select(g =>
                {
                    var a = nb.N(g.Value, $"median {d.Y} of {d.High} for {g.Label}", cols, $"rows with {d.By} {g.Label}");
                    var b = nb.N(g.Other, $"median {d.Y} of {d.Low} for {g.Label}", cols, $"rows with {d.By} {g.Label}");
                    return $"{g.Label}: {unit?.Amount(a) ?? a} against {unit?.Amount(b) ?? b}";
                }).ToList();
                nb.Lead($"{Cap(h)} leads {l} on {m} in {nb.Int(holds, "groups where the gap holds", cols, rows)} of {nb.Int(d.Groups.Count, "groups compared", cols, rows)} {H(d.By!)} groups ({string.Join("; ", parts)}).");
                nb.Paragraph($"This checks whether the gap told in its sibling story holds within each {H(d.By!)} or comes from a different mix of {H(d.By!)} in the two groups.");
                nb.Evidence($"Medians of {H(d.Y)} for the {H(d.X)} values {d.High} and {d.Low}, computed separately within each {H(d.By!)} value that has at least five {table.Noun} of each.");
                charts.Add(ChartFactory.Bars($"Median {H(d.Y)} of {d.High} by {H(d.By!)}", d.By!, Cap(H(d.Y)), d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Value).ToList()));
                charts.Add(ChartFactory.Bars($"Median {H(d.Y)} of {d.Low} by {H(d.By!)}", d.By!, Cap(H(d.Y)), d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Other).ToList()));
                break;
            }
            case FacetAspect.Explained:
            {
                string[] cols = [d.X, d.Y];
                var (o, dn) = (ColumnWords.Split(d.Y).Name, ColumnWords.Split(d.X).Name);
                var share = d.Groups[0].Value;
                nb.Lead($"{Cap(dn)} alone accounts for {nb.Pct(share, $"share of the variance of {d.Y} explained by {d.X} (r squared)", cols, rows)} of the differences in {o} between {table.Noun}; {nb.Pct(1 - share, "share of the variance left unexplained", cols, rows)} lies with other causes and chance.");
                nb.Paragraph($"This sizes the link told in its sibling story: how much of the spread in {o} a straight line on {dn} takes up.");
                nb.Evidence($"The square of Pearson's r ({nb.Coef(d.Groups[0].Other, "Pearson r", cols, rows)}) over {nb.Int(d.N, "rows with both values", cols, rows)} {table.Noun}.");
                var (x, y) = Pairs(table, d.X, d.Y);
                charts.Add(ChartFactory.Scatter($"{Cap(H(d.Y))} against {H(d.X)}", H(d.X), H(d.Y), x, y, (d.Slope, Descriptive.Mean(y) - d.Slope * Descriptive.Mean(x))));
                charts.Add(ChartFactory.Bars($"Share of the differences in {H(d.Y)}", "Part", "Share", [$"explained by {H(d.X)}", "other"], [share, 1 - share]));
                break;
            }
            case FacetAspect.Overlap:
            {
                string[] cols = [d.X, d.Y];
                var (m, unit) = ColumnWords.Split(d.Y);
                var (h, l) = (Label(nb, d.X, d.High!), Label(nb, d.X, d.Low!));
                var median = nb.N(d.Groups[0].Other, $"median {d.Y} of {d.Low}", cols, $"rows with {d.X} {d.Low}");
                nb.Lead($"{nb.Pct(d.Groups[0].Value, $"share of {d.High} above the median of {d.Low}", cols, $"rows with {d.X} {d.High}")} of {h} have a higher {m} than the median for {l} ({unit?.Amount(median) ?? median}); were the two alike, about half would.");
                nb.Paragraph($"This sizes the gap told in its sibling story by how far the two groups overlap.");
                nb.Evidence($"The share of the {nb.Int(d.Groups[0].N, $"rows with {d.High}", cols, rows)} {d.High} {table.Noun} whose {H(d.Y)} lies above the median of the {nb.Int(d.Groups[1].N, $"rows with {d.Low}", cols, rows)} {d.Low} {table.Noun}.");
                var values = ((NumericColumn)table.Find(d.Y)!).Values;
                var category = (CategoryColumn)table.Find(d.X)!;
                var groups = new[] { d.High!, d.Low! }.Select(label => (label, Enumerable.Range(0, table.RowCount).Where(r => category.Codes[r] >= 0 && category.Labels[category.Codes[r]] == label).Select(r => values[r]).ToArray())).ToList();
                charts.Add(ChartFactory.Boxes($"{Cap(H(d.Y))}: {d.High} and {d.Low}", d.X, Cap(H(d.Y)), groups));
                charts.Add(ChartFactory.Bars($"Share above the typical {d.Low}", d.X, "Share", [d.High!, d.Low!], [d.Groups[0].Value, 0.5]));
                break;
            }
            default:
            {
                string[] cols = [d.X, d.Y];
                var (m, unit) = ColumnWords.Split(d.Y);
                var highest = d.Groups.MaxBy(g => g.Value)!;
                var lowest = d.Groups.MinBy(g => g.Value)!;
                var hv = nb.N(highest.Value, $"average {d.Y} in {highest.Label}", cols, $"points in {highest.Label}");
                var lv = nb.N(lowest.Value, $"average {d.Y} in {lowest.Label}", cols, $"points in {lowest.Label}");
                var streak = Streak(d.Groups);
                // A period is named by its first year, a recorded fact ("1870s", "2007").
                string Period(FacetGroup g) => nb.N(double.Parse(g.Label.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture), $"first year of the period {g.Label}", cols, rows, _ => g.Label);
                nb.Lead($"Period by period, {m} averaged most in {Period(highest)} ({unit?.Amount(hv) ?? hv}) and least in {Period(lowest)} ({unit?.Amount(lv) ?? lv})" +
                    (Math.Abs(streak) >= MinPeriods ? $", and each of the last {nb.Int(Math.Abs(streak), "periods in a row moving the same way", cols, rows)} periods was {(streak > 0 ? "higher" : "lower")} than the one before." : "."));
                nb.Paragraph($"This puts the change told in its sibling story in the series' own units.");
                nb.Evidence($"Plain averages of the {nb.Int(d.N, "time points", cols, rows)} points within each of {nb.Int(d.Groups.Count, "periods", cols, rows)} periods; a period with too few points is left out.");
                charts.Add(ChartFactory.Bars($"Average {H(d.Y)} by period", d.X, Cap(H(d.Y)), d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Value).ToList()));
                charts.Add(ChartFactory.Bars($"Points per period", d.X, "Points", d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => (double)g.N).ToList()));
                break;
            }
        }
    }
}
