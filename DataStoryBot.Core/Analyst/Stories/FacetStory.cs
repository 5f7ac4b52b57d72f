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

    /// <summary>
    /// A series' level by decade (or year) beside its seasons or its cycle: where the years put it. Never beside a
    /// trend, step, fall or record of the same measure, whose dates and levels it would only repeat.
    /// </summary>
    Periods,

    /// <summary>A rate's standout group against the rest within each group of another category: does the gap hold in each?</summary>
    RateWithin,

    /// <summary>
    /// A second factor beside a gap: another column's (2–6 values) high level against its low one within each of the
    /// lead's groups, where it holds and where it breaks (yield higher in 1931 than in 1932 at every site but Morris).
    /// </summary>
    Factor,

    /// <summary>A fall's weight: the share of the time a series stood well below its earlier high.</summary>
    Underwater,

    /// <summary>Beside the group that grew fastest: the few groups that ended lower than they began (the exception).</summary>
    Laggard,

    /// <summary>
    /// Why a rate's gap is a mix: the standout group's rows and the rest's across the levels of the category that
    /// explains the gap (women applied mostly to the departments that reject most).
    /// </summary>
    Mix,

    /// <summary>A step's extremes: the series' highest and lowest value, each on its side of the step.</summary>
    Extremes,

    /// <summary>A second factor beside a relation: a category's high level against its low one in every quarter of the driver.</summary>
    Bands,

    /// <summary>A trend's pace: its slope in the first and in the last third of its span, when one is clearly faster or they run opposite ways.</summary>
    Pace,

    /// <summary>
    /// Beside a count per exposure (deaths per population): the rows whose count lies clearly above or below what the
    /// pooled rate predicts for their size (a Poisson test per row, Benjamini-Hochberg across rows).
    /// </summary>
    Excess,

    /// <summary>
    /// A cross-table's standout share (74% of blonds have blue eyes, against 26% of the others) within each group of a
    /// third category (men and women): does it hold in each, and how large is it there?
    /// </summary>
    ShareWithin,

    /// <summary>
    /// Beside a cross-table's standout share, the next cell that stands out in another group and another outcome (the
    /// other end of the same association: black hair with brown eyes beside blond hair with blue).
    /// </summary>
    OtherCell,

    /// <summary>
    /// Beside a rate per unit of exposure: the member with the largest total (the most murders) whose own rate sits in
    /// the middle half of the members' rates, so its total is a finding of size, not of risk.
    /// </summary>
    SizeNotRate,

    /// <summary>
    /// Beside a rate per unit of exposure compared across a few groups: the group with the largest total that also has
    /// the largest exposure and a clearly lower rate than the others pooled (ship type B has the most incidents only
    /// because it has most of the service), so its total is a finding of size, against its risk.
    /// </summary>
    SizeAgainstRest,

    /// <summary>
    /// Beside a count split at a cut of its driver (all 4 flights below 65 had a failure): the row furthest out on the
    /// side where the events come (the coldest flight), when it holds the one highest value of the count or of another
    /// measure of the same incident (the damage index): the finding at its extreme.
    /// </summary>
    SplitExtreme,

    /// <summary>
    /// Beside a series story of the largest of several sibling counts (deaths by cause, month by month): its total
    /// against the next count's (disease 8.2 times wounds). <see cref="FacetDetail.Slope"/> holds the counts' sum.
    /// </summary>
    SiblingTotals,
}

/// <summary>One group of a facet: its label, its rows, the value told and, where two sides are compared, the other side.</summary>
public sealed record FacetGroup(string Label, int N, double Value, double Other = double.NaN);

/// <summary>
/// A facet of a lead finding. <paramref name="X"/> is the driver (a relation), the lead's category (a gap) or the time
/// axis (periods); <paramref name="Y"/> the outcome; <paramref name="By"/> the grouping of a within-groups facet;
/// <paramref name="Slope"/> the least-squares slope of Y on X over all rows (relations only); <paramref name="High"/>
/// and <paramref name="Low"/> the lead's top and bottom group (a gap), or the standout group and the outcome's phrase (a rate);
/// <paramref name="Series"/> the series a pace is read from. For a mix, <paramref name="Slope"/> is the overall rate, each
/// group's <see cref="FacetGroup.N"/> the standout's rows in it and <see cref="FacetGroup.Other"/> the rest's.
/// </summary>
public sealed record FacetDetail(FacetAspect Aspect, string Lead, string X, string Y, string? By, IReadOnlyList<FacetGroup> Groups, double Slope, int N,
    string? High = null, string? Low = null, TimeSeries? Series = null);

/// <summary>
/// When a table holds fewer real findings than there are slots, the other slots hold facets of a real one (issue 22,
/// item 5) rather than descriptions: a relation's size in context (the outcome in the top against the bottom quarter
/// of its driver, with the slope in units), the same relation or gap within each group of another category (does it
/// hold in each?), or a series' level by decade. Built from picked leads in <see cref="StoryDiscovery"/>, never as a
/// detector of its own (it fills, after the tested findings and before any description).
/// </summary>
public sealed partial class FacetStory : StoryKind<FacetDetail>
{
    public override string Name => "facet";

    public override double Weight => 0.2;

    public override bool IsFallback => true;

    public override string? Caveat => "This looks at a finding told in another story from a second side; it is not a separate discovery, and it shares that finding's limits.";

    /// <summary>The fewest rows a group needs for its own relation or gap to be told.</summary>
    public const int MinGroupRows = 15;

    /// <summary>The p-value under which a group where a lead's rate gap runs the other way is told as an exception.</summary>
    public const double MaxBreakP = 0.05;

    /// <summary>The fewest periods a series needs for its levels by period to be told.</summary>
    public const int MinPeriods = 3;

    private static readonly Type[] LeadKinds = [typeof(CorrelationStory), typeof(SegmentStory), typeof(RateStory), typeof(TrendStory), typeof(DrawdownStory), typeof(ChangePointStory), typeof(RecordStory), typeof(SeasonalityStory), typeof(CycleStory), typeof(GroupSeriesStory), typeof(ShareStory)];

    /// <summary>The facets of the leads this table's own detectors find (what refine recomputes a facet from).</summary>
    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        var leads = StoryDiscovery.DetectAll(table, StoryKinds.All.Where(k => LeadKinds.Contains(k.GetType()))).OrderByDescending(i => i.Score).ThenBy(i => i.Title, StringComparer.Ordinal).ToList();
        var records = leads.Where(l => l.Detail is RecordDetail).ToList();
        // Also each facet as discovery may retell it beside a record (the other end of the levels by period).
        return Of(table, leads).SelectMany(f => OtherEnd(f, records) is { } other ? [f, other] : new[] { f });
    }

    /// <summary>The facets of <paramref name="leads"/>, in the leads' order.</summary>
    public static IEnumerable<Insight> Of(AnalysisTable table, IEnumerable<Insight> leads)
    {
        foreach (var lead in leads)
        {
            if (SiblingTotals(table, lead) is { } siblingTotals) yield return siblingTotals;
            // A count split reads its count as numbers even where the table holds it as a few groups (0, 1, 2 failures).
            if (lead.Detail is CorrelationDetail { Split: { } split } && SplitExtreme(table, lead, split) is { } extreme) yield return extreme;
            switch (lead.Detail)
            {
                case CorrelationDetail { Differenced: false } c when table.Find(c.X) is NumericColumn && table.Find(c.Y) is NumericColumn:
                    if (c.Rate is { } rate && Excess(table, lead, rate) is { } excess) yield return excess;
                    var (driver, outcome) = ColumnWords.Driver(table, c.X, c.Y) ?? (c.X, c.Y);
                    // A relation with a time axis is a trend; one with a size (deaths and population) is the size's scale.
                    if (table.Time.Axis?.Name == driver || StoryDiscovery.IsSize(table, driver) || StoryDiscovery.IsSize(table, outcome)) break;
                    // Told from the side where the outcome moves enough to read as "times as high" (strikes last
                    // longer where production is low, not production is lower where strikes last long).
                    if ((Quarters(table, lead, driver, outcome) ?? Quarters(table, lead, outcome, driver)) is { } q) yield return q;
                    if (RelationWithin(table, lead, driver, outcome) is { } w) yield return w;
                    if (BandFactor(table, lead, driver, outcome) is { } bf) yield return bf;
                    break;
                case RateGroupDetail r when table.Find(r.Group) is CategoryColumn && table.Find(r.Outcome.Column) is CategoryColumn:
                    // Where the gap breaks, or else every grouping it holds in (age and sex in a drug trial).
                    foreach (var rw in RateWithin(table, lead, r)) yield return rw;
                    if (Mix(table, lead, r) is { } mx) yield return mx;
                    break;
                case ExposureRateDetail er:
                    if (SizeNotRate(table, lead, er) is { } sz) yield return sz;
                    break;
                case SegmentDetail s when s.Groups.Count >= 2 && table.Find(s.Category) is CategoryColumn && table.Find(s.Measure) is NumericColumn:
                    // Never the same groups ranked again by the same measure (the lead's order spelled out): a second
                    // factor within them, or the lead's gap where it breaks.
                    // Every second factor that moves the measure within the lead's groups, the clearest first (a
                    // worsted yarn's amplitude and its load within each length).
                    foreach (var fa in Factors(table, lead, s)) yield return fa;
                    if (GapWithin(table, lead, s) is { } g) yield return g;
                    break;
                case DrawdownDetail { Rise: false } fall:
                    if (Underwater(lead, fall) is { } u) yield return u;
                    // A rise before the fall, which the fall's story does not tell.
                    if (Pace(lead, fall.Series, double.NaN) is { Detail: FacetDetail { Groups: [{ Value: > 0 }, { Value: < 0 }] } } rise) yield return rise;
                    break;
                case ChangePointDetail c:
                    if (Extremes(lead, c) is { } x) yield return x;
                    break;
                case ShareDetail { Standout: not null, Level: not null } sh when table.Find(sh.Group) is CategoryColumn shareGroup && table.Find(sh.Outcome) is CategoryColumn shareOutcome:
                    if (OtherCell(table, lead, sh, shareGroup, shareOutcome) is { } oc) yield return oc;
                    if (ShareWithin(table, lead, sh, shareGroup, shareOutcome) is { } sw) yield return sw;
                    break;
                case GroupSeriesDetail { Kind: "growth" } gs:
                    if (Laggard(lead, gs) is { } lg) yield return lg;
                    break;
                case TrendDetail t:
                    if (Pace(lead, t.Series, t.TheilSen.Slope) is { } p) yield return p;
                    break;
                // Levels by period add to a rhythm (which years ran high), never to a trend, step, fall or record,
                // whose dates and levels they would only repeat.
                case SeasonalityDetail t:
                    // Never the high and the low month's averages: the rhythm's story names both and gives the swing.
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

    /// <summary>Each row's expected count (pooled rate × exposure) and observed count.</summary>
    private static (double[] Expected, double[] Observed) AllPairs(AnalysisTable table, string exposure, string count, double pooled)
    {
        var (x, y) = Pairs(table, exposure, count);
        var keep = Enumerable.Range(0, x.Length).Where(i => x[i] > 0 && y[i] >= 0).ToList();
        return (keep.Select(i => pooled * x[i]).ToArray(), keep.Select(i => y[i]).ToArray());
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
        var slope = LeastSquares.Slope(x, y);
        var (o, d) = (ColumnWords.Split(outcome).Name, ColumnWords.Split(driver).Name);
        // Told as a ratio of two positive amounts, or not at all (-0.04 against 0.065 reads as nothing).
        if (Ratio(highMedian, lowMedian) is null) return null;
        // The size in words, never "N times as low": "about a quarter as high", "nearly two and a half times as high".
        var title = $"{Words.Cap(o)} is {EffectWords.Scale(highMedian / lowMedian)} where {d} is highest: {Fmt.Num(highMedian)} against {Fmt.Num(lowMedian)}";
        var summary = $"In the quarter of {table.Noun} with the highest {d} (from {Fmt.Num(q3)}), the median {o} is {Fmt.Num(highMedian)}; in the quarter with the lowest (up to {Fmt.Num(q1)}), {Fmt.Num(lowMedian)}. " +
            $"Across all {Fmt.Int(x.Length)} {table.Noun}, {o} changes by about {Fmt.Num(slope)} {ColumnWords.PerStep(driver)}.";
        var groups = new[] { new FacetGroup($"lowest quarter of {d}", low.Length, lowMedian, q1), new FacetGroup($"highest quarter of {d}", high.Length, highMedian, q3) };
        return new Insight(StoryKinds.Of<FacetStory>(), [driver, outcome], title, summary, ["bar", "scatter"], "Medians by quarter of the driver and a least-squares slope",
            null, null, highMedian - lowMedian, x.Length, lead.Impact * 0.8, new FacetDetail(FacetAspect.Quarters, lead.Title, driver, outcome, null, groups, slope, x.Length))
        { Significance = 0.5 };
    }

    /// <summary>The fewest rows, and the smallest share of rows, clearly off the pooled rate for an excess facet to be told.</summary>
    public const int MinOffRate = 3;

    /// <inheritdoc cref="MinOffRate"/>
    public const double MinOffRateShare = 0.02;

    /// <summary>The Benjamini-Hochberg adjusted p-value under which a row's count is clearly off the pooled rate.</summary>
    public const double MaxOffRateP = 0.05;

    /// <summary>
    /// The rows whose count lies clearly off what the pooled rate predicts for their exposure: expected = pooled rate ×
    /// exposure, a two-sided Poisson test per row (normal with continuity correction from 5 expected, exact below),
    /// Benjamini-Hochberg across rows. Each flagged row is a group (label, row index, observed, expected).
    /// </summary>
    private static Insight? Excess(AnalysisTable table, Insight lead, ExposureRate rate)
    {
        if (table.Find(rate.Count) is not NumericColumn count || table.Find(rate.Exposure) is not NumericColumn exposure) return null;
        var kept = new List<int>();
        double events = 0, units = 0;
        for (var r = 0; r < table.RowCount; r++)
        {
            double c = count.Values[r], e = exposure.Values[r];
            if (!double.IsFinite(c) || !double.IsFinite(e) || e <= 0 || c < 0) continue;
            kept.Add(r);
            events += c;
            units += e;
        }
        if (kept.Count < 20 || !(events > 0)) return null;
        var pooled = events / units;
        var p = kept.Select(r => StatTests.PoissonTwoSidedP(Math.Round(count.Values[r]), pooled * exposure.Values[r])).ToList();
        var adjusted = StatTests.BenjaminiHochberg(p);
        var flagged = kept.Where((_, i) => adjusted[i] < MaxOffRateP)
            .Select(r => new FacetGroup(table.RowLabel(r) ?? $"{Words.Human(rate.Exposure)} {Fmt.Num(exposure.Values[r])}", r, count.Values[r], pooled * exposure.Values[r]))
            .OrderByDescending(g => g.Value - g.Other).ToList();
        if (flagged.Count < Math.Max(MinOffRate, MinOffRateShare * kept.Count)) return null;
        var above = flagged.Count(g => g.Value > g.Other);
        var (o, e2) = (Words.Human(rate.Count), Words.Human(rate.Exposure));
        var title = $"{Fmt.Int(above)} of {Fmt.Int(kept.Count)} {table.Noun} have clearly more {o} than their {e2} predicts, {Fmt.Int(flagged.Count - above)} clearly fewer";
        var summary = $"At the pooled rate each row's {o} is expected to be the rate times its {e2}; a Poisson test per row with a Benjamini-Hochberg correction flags {Fmt.Int(flagged.Count)} of {Fmt.Int(kept.Count)} {table.Noun} as clearly off it.";
        return new Insight(StoryKinds.Of<FacetStory>(), [rate.Count, rate.Exposure], title, summary, ["scatter", "bar"], "Poisson test of each row's count against the pooled rate times its exposure, Benjamini-Hochberg across rows",
            null, null, flagged.Count / (double)kept.Count, kept.Count, lead.Impact * 0.8, new FacetDetail(FacetAspect.Excess, lead.Title, rate.Exposure, rate.Count, null, flagged, pooled, kept.Count))
        { Significance = 0.5 };
    }

    /// <summary>The fewest members (states, rows) a size-not-rate facet compares.</summary>
    public const int MinSizeMembers = 8;

    /// <summary>
    /// The member with the largest total of a count that has an exposure (the state with the most murders), when that
    /// total comes from its size: its exposure is the largest or among the largest tenth, and its own rate lies strictly
    /// within the middle half of the members' rates. Members are the lead's groups when they are many (states over
    /// years), else the table's named rows (a state a row). Groups: the member (N its exposure rank, Value its total,
    /// Other its rate), the middle half (Value and Other the rates' quartiles), the median (Value the median rate, Other
    /// the member's exposure), then the members with the largest totals (Value the total, Other the rate).
    /// </summary>
    private static Insight? SizeNotRate(AnalysisTable table, Insight lead, ExposureRateDetail d)
    {
        List<ExposureGroup> members;
        var by = d.Category;
        if (d.HighestAgainstLowest)
        {
            members = d.Groups.ToList();
        }
        else
        {
            if (table.Find(d.Measure) is not NumericColumn m || m.Weights is not { } w || table.RowLabelColumn() is not { } names) return SizeAgainstRest(lead, d);
            by = names.Name;
            members = [];
            for (var r = 0; r < table.RowCount; r++)
            {
                var v = m.Values[r];
                if (!double.IsFinite(v) || !(w[r] > 0) || table.RowLabel(r) is not { } label) continue;
                members.Add(new ExposureGroup(label, 1, v * w[r] / d.Scale, w[r], v, v));
            }
        }
        if (members.Count < MinSizeMembers) return null;
        var top = members.MaxBy(g => g.Events)!;
        var rates = members.Select(g => g.Rate).Order().ToArray();
        var (q1, median, q3) = (Descriptive.QuantileSorted(rates, 0.25), Descriptive.QuantileSorted(rates, 0.5), Descriptive.QuantileSorted(rates, 0.75));
        if (!(top.Rate > q1 && top.Rate < q3)) return null;
        var sizeRank = 1 + members.Count(g => g.Units > top.Units);
        if (sizeRank > Math.Max(1, members.Count / 10)) return null;
        var largest = members.OrderByDescending(g => g.Events).ThenBy(g => g.Label, StringComparer.Ordinal).Take(10)
            .Select(g => new FacetGroup(g.Label, 0, g.Events, g.Rate));
        var higher = members.Count(g => g.Rate > top.Rate);
        FacetGroup[] groups = [new(top.Label, sizeRank, top.Events, top.Rate), new("middle half", higher, q1, q3), new("median", members.Count, median, top.Units), .. largest];
        var (count, exposure) = (Words.Human(d.Count), Words.Human(d.Exposure));
        var noun = SizeMembers(by);
        var title = $"{Words.Cap(top.Label)} has the highest {count}, {Fmt.Num(top.Events)}, only because its {exposure} is {(sizeRank == 1 ? "the largest" : "among the largest")}: " +
            $"its rate, {Fmt.Num(top.Rate)} per {d.ScaleWords}{exposure}, is in the middle half of the {Fmt.Int(members.Count)} {noun} (median {Fmt.Num(median)}; {Fmt.Int(higher)} higher)";
        var summary = $"Of {Fmt.Int(members.Count)} {noun}, {Words.Cap(top.Label)} has the largest {count} and {(sizeRank == 1 ? "the largest" : "one of the largest")} {exposure}; " +
            $"its {count} per {d.ScaleWords}{exposure} lies in the middle half of their rates ({Fmt.Num(q1)} to {Fmt.Num(q3)}), so its total is a matter of size, not of a higher rate.";
        string[] columns = d.HighestAgainstLowest ? [d.Category, d.Measure] : [d.Measure];
        return new Insight(StoryKinds.Of<FacetStory>(), columns, title, summary, ["bar", "bar"], "Each member's total and its rate per unit of exposure, against the quartiles of the members' rates",
            null, null, top.Rate / median, members.Count, lead.Impact * 0.8,
            new FacetDetail(FacetAspect.SizeNotRate, lead.Title, d.Exposure, d.Count, by, groups, d.Scale, members.Count, d.ScaleWords, d.Measure))
        { Significance = 0.5 };
    }

    /// <summary>
    /// The few-groups side of <see cref="SizeNotRate"/> (too few members for quartiles): among the lead's groups (3 to
    /// <see cref="ExposureRates.MaxStandoutGroups"/>), the one with the largest total when it also has the largest
    /// exposure and a rate at least <see cref="ExposureRates.MinRatio"/> times lower than the other groups pooled. Groups:
    /// the member (N the groups' count, Value its total, Other its rate), the rest pooled (N their count, Value their
    /// total, Other their rate), the member's shares (Value of the total, Other of the exposure), then every group (Value
    /// the total, Other the rate).
    /// </summary>
    private static Insight? SizeAgainstRest(Insight lead, ExposureRateDetail d)
    {
        if (d.HighestAgainstLowest || d.Groups.Count < 3) return null;
        var top = d.Groups.MaxBy(g => g.Events)!;
        if (d.Groups.Any(g => g != top && (g.Events >= top.Events || g.Units >= top.Units))) return null;
        var (restEvents, restUnits) = (d.Overall.Events - top.Events, d.Overall.Units - top.Units);
        if (!(restUnits > 0)) return null;
        var restRate = d.Scale * restEvents / restUnits;
        if (!(restRate >= ExposureRates.MinRatio * top.Rate)) return null;
        var (eventShare, unitShare) = (top.Events / d.Overall.Events, top.Units / d.Overall.Units);
        FacetGroup[] groups = [new(top.Label, d.Groups.Count, top.Events, top.Rate), new("rest", d.Groups.Count - 1, restEvents, restRate), new("shares", d.Groups.Count, eventShare, unitShare),
            .. d.Groups.OrderByDescending(g => g.Events).ThenBy(g => g.Label, StringComparer.Ordinal).Select(g => new FacetGroup(g.Label, g.Rows, g.Events, g.Rate))];
        var (count, exposure, category) = (Words.Human(d.Count), Words.Human(d.Exposure), Words.Human(d.Category));
        var who = Words.Cap(Words.Label(d.Category, top.Label));
        var title = $"{who} has the most {count}, {Fmt.Num(top.Events)} of {Fmt.Num(d.Overall.Events)}, only because it has the most {exposure} ({Fmt.Pct(unitShare)} of it): " +
            $"its rate, {Fmt.Num(top.Rate)} per {d.ScaleWords}{exposure}, is below the {Fmt.Num(restRate)} of the other {Words.Plural(category)}";
        var summary = $"{who} holds {Fmt.Pct(eventShare)} of the {count} and {Fmt.Pct(unitShare)} of the {exposure}; per {d.ScaleWords}{exposure} it has {Fmt.Num(top.Rate)}, against {Fmt.Num(restRate)} for the other {Fmt.Int(d.Groups.Count - 1)} {Words.Plural(category)} pooled, so its total is a matter of size, not of a higher rate.";
        return new Insight(StoryKinds.Of<FacetStory>(), [d.Category, d.Measure], title, summary, ["bar", "bar"], "Each group's total and its pooled rate per unit of exposure, against the other groups pooled",
            null, null, restRate / top.Rate, d.Groups.Count, lead.Impact * 0.8,
            new FacetDetail(FacetAspect.SizeAgainstRest, lead.Title, d.Exposure, d.Count, d.Category, groups, d.Scale, d.Overall.Rows, d.ScaleWords, d.Measure))
        { Significance = 0.5 };
    }

    /// <summary>
    /// <see cref="FacetAspect.SplitExtreme"/>: the one row with the most extreme driver on the split's event side, when
    /// it holds the single highest value of the count or of a measure of the same incident (<see cref="AnalysisTable.Unrelated"/>
    /// pairs with the count), above zero. Groups: the row (N its index, Value its driver, Other the measure's value), then
    /// the highest value among the other rows (N its index, Value its driver, Other the value).
    /// </summary>
    private static Insight? SplitExtreme(AnalysisTable table, Insight lead, CountSplit split)
    {
        if (table.Find(split.Driver) is not { } dc || ColumnMeaning.AsNumbers(dc) is not { } driver) return null;
        var rows = Enumerable.Range(0, table.RowCount).Where(r => double.IsFinite(driver[r])).ToList();
        if (rows.Count < 2) return null;
        var end = split.Low ? rows.Min(r => driver[r]) : rows.Max(r => driver[r]);
        if (rows.Count(r => driver[r] == end) != 1) return null;
        var extreme = rows.First(r => driver[r] == end);
        var measures = new[] { split.Count }
            .Concat(table.Unrelated.Where(p => p.Item1 == split.Count || p.Item2 == split.Count).Select(p => p.Item1 == split.Count ? p.Item2 : p.Item1).Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal).Select(table.Find).OfType<DataColumn>().Select(c => (c.Name, Values: ColumnMeaning.AsNumbers(c)));
        foreach (var (measure, values) in measures)
        {
            if (values is null) continue;
            var v = values[extreme];
            var others = rows.Where(r => r != extreme && double.IsFinite(values[r])).ToList();
            if (!(v > 0) || others.Count == 0) continue;
            var next = others.MaxBy(r => values[r]);
            if (!(v > values[next])) continue;
            var (x, y) = (Words.Human(split.Driver), Words.Human(measure));
            // The row named by its label column ("flight number 51C"), so a bare code does not read as a second value.
            var name = table.RowLabel(extreme) is { } label && table.RowLabelColumn() is { } lc ? $" ({Words.Human(lc.Name)} {label})" : "";
            var title = $"At the {(split.Low ? "lowest" : "highest")} {x}, {Fmt.Num(end)}{name}, {y} was the highest of all: {Fmt.Num(v)}, against at most {Fmt.Num(values[next])} among the other {table.Noun}";
            var summary = $"Of {Fmt.Int(rows.Count)} {table.Noun} with a {x}, the one furthest {(split.Low ? "below" : "above")} the cut of {Fmt.Num(split.Cut)} has the highest {y}, {Fmt.Num(v)}; no other has more than {Fmt.Num(values[next])}.";
            FacetGroup[] groups = [new("extreme", extreme, end, v), new("next", next, driver[next], values[next])];
            return new Insight(StoryKinds.Of<FacetStory>(), [split.Driver, measure], title, summary, ["scatter"], "The row at the driver's extreme on the side the events come, against the highest value of the other rows",
                null, null, v / values[next], rows.Count, lead.Impact * 0.8,
                new FacetDetail(FacetAspect.SplitExtreme, lead.Title, split.Driver, measure, null, groups, split.Cut, rows.Count, split.Low ? "lowest" : "highest"))
            { Significance = 0.5 };
        }
        return null;
    }

    /// <summary>What the members of a size-not-rate facet are called, by the column that names them ("states").</summary>
    private static string SizeMembers(string column) => Words.Plural(Words.Human(column));

    /// <summary>"3.2" when both values are positive and one is at least 1.2 times the other, else null.</summary>
    private static double? Ratio(double a, double b)
    {
        if (!(a > 0 && b > 0)) return null;
        var r = Math.Max(a, b) / Math.Min(a, b);
        return r >= 1.2 ? r : null;
    }

    /// <summary>
    /// How a facet that finds the lead in every group of another column ranks against the lead: below a facet that shows
    /// where the lead breaks (0.9), as the lead split adds less; above any description (issue 22, item 5: the same
    /// finding by group before a template).
    /// </summary>
    public const double EverywhereWeight = 0.6;

    /// <summary>
    /// Whether a facet finds its lead in every group of another column (the lead split, <see cref="EverywhereWeight"/>):
    /// it fills a slot only after every facet that shows another side of a finding, still before the make-up and any
    /// description.
    /// </summary>
    public static bool HoldsEverywhere(Insight facet) =>
        facet.Detail is FacetDetail { Aspect: FacetAspect.WithinGroups or FacetAspect.RateWithin or FacetAspect.ShareWithin } && facet.EffectSize >= 1;

    /// <summary>"for men and women alike" (two groups) or "in all 4 region groups".</summary>
    private static string Alike(string column, string b, IReadOnlyList<FacetGroup> groups) =>
        groups.Count == 2 ? $"for {Words.Label(column, groups[0].Label)} and {Words.Label(column, groups[1].Label)} alike" : $"in all {groups.Count} {b} groups";

    /// <summary>The categories a finding can be checked within: 2–6 values, each real groups (not ids, free text, derived bands or the finding's own columns).</summary>
    private static IEnumerable<CategoryColumn> Groupings(AnalysisTable table, Insight lead) =>
        table.Categories.Where(c => c.Derived is null && c.Labels.Length is >= 2 and <= 6 && !lead.Columns.Contains(c.Name)
            && !ColumnMeaning.IsFreeText(c))
            .OrderBy(c => c.Index);

    /// <summary>
    /// What a finding can be checked within: the categories of <see cref="Groupings"/>, then each other measure of more
    /// than six values cut at its median into two halves ("age up to 57", "age over 57"): does the finding hold for the
    /// younger and the older alike? Never a size, a time or one of the finding's own columns.
    /// </summary>
    private static IEnumerable<CategoryColumn> Splits(AnalysisTable table, Insight lead)
    {
        foreach (var c in Groupings(table, lead)) yield return c;
        // A number of two to six values reads as its levels (year 1931, year 1932).
        foreach (var n in table.Columns.OfType<NumericColumn>().Where(n => !lead.Columns.Contains(n.Name) && !StoryDiscovery.IsSize(table, n.Name)
                     && !table.SourcesOf(lead.Columns).Contains(n.Name) && n.Name != table.Time.Axis?.Name).OrderBy(n => n.Index))
        {
            if (Levels(n, 1) is { } l) yield return new CategoryColumn(n.Name, n.Index, l.Codes, l.Labels);
        }
        foreach (var n in table.Numeric.Where(n => !lead.Columns.Contains(n.Name) && !StoryDiscovery.IsSize(table, n.Name)
                     && !table.SourcesOf(lead.Columns).Contains(n.Name)).OrderBy(n => n.Index))
        {
            if (Halves(n) is { } h) yield return h;
        }
    }

    /// <summary>A measure cut at its median into two halves, or null when it has six values or fewer (levels, not a scale) or a half is empty.</summary>
    internal static CategoryColumn? Halves(NumericColumn n)
    {
        // The cut is read on up to MaxFactorRows evenly spaced rows, so a large table stays fast.
        var step = Math.Max(1, n.Values.Length / MaxFactorRows);
        var finite = Enumerable.Range(0, (n.Values.Length + step - 1) / step).Select(i => n.Values[i * step]).Where(double.IsFinite).ToArray();
        if (finite.Distinct().Take(7).Count() <= 6) return null;
        var median = Descriptive.Median(finite);
        var codes = n.Values.Select(v => !double.IsFinite(v) ? -1 : v <= median ? 0 : 1).ToArray();
        if (!codes.Contains(0) || !codes.Contains(1)) return null;
        var name = ColumnWords.Split(n.Name).Name;
        return new CategoryColumn(n.Name, n.Index, codes, [$"{name} up to {Fmt.Num(median)}", $"{name} over {Fmt.Num(median)}"]);
    }

    private static IReadOnlyList<int>[] RowsByCode(CategoryColumn c)
    {
        var rows = Enumerable.Range(0, c.Labels.Length).Select(_ => new List<int>()).ToArray();
        for (var r = 0; r < c.Codes.Length; r++) if (c.Codes[r] >= 0) rows[c.Codes[r]].Add(r);
        return rows;
    }

    private static Insight? RelationWithin(AnalysisTable table, Insight lead, string driver, string outcome)
    {
        var (x, y) = Pairs(table, driver, outcome);
        var overall = LeastSquares.Slope(x, y);
        if (!double.IsFinite(overall) || overall == 0) return null;
        Insight? everywhere = null;
        foreach (var by in Splits(table, lead))
        {
            var groups = new List<FacetGroup>();
            foreach (var (rows, code) in RowsByCode(by).Select((r, i) => (r, i)))
            {
                var (gx, gy) = Pairs(table, driver, outcome, rows);
                if (gx.Length < MinGroupRows) continue;
                var s = LeastSquares.Slope(gx, gy);
                if (!double.IsFinite(s)) continue;
                groups.Add(new FacetGroup(by.Labels[code], gx.Length, s, StatTests.Pearson(gx, gy).R));
            }
            if (groups.Count < 2) continue;
            var holds = groups.Count(g => Math.Sign(g.Value) == Math.Sign(overall) && Math.Abs(g.Other) >= 0.2);
            // A link that holds in every group is the lead split: told only when no grouping shows where it breaks.
            var all = holds == groups.Count;
            var (o, d, b) = (ColumnWords.Split(outcome).Name, ColumnWords.Split(driver).Name, Words.Human(by.Name));
            var direction = overall > 0 ? "rises" : "falls";
            var title = all ? $"{Words.Cap(o)} {direction} with {d} {Alike(by.Name, b, groups)}"
                : holds == 0
                    ? $"Within {b} groups the link between {d} and {o} does not hold: it comes from differences between {b} groups"
                    : $"{Words.Cap(o)} {direction} with {d} for {string.Join(" and ", groups.Where(g => Math.Sign(g.Value) == Math.Sign(overall) && Math.Abs(g.Other) >= 0.2).Take(3).Select(g => g.Label))}, not for {string.Join(" and ", groups.Where(g => !(Math.Sign(g.Value) == Math.Sign(overall) && Math.Abs(g.Other) >= 0.2)).Take(3).Select(g => g.Label))}";
            var summary = $"Taken {b} by {b}, the slope of {o} on {d} is {string.Join("; ", groups.Select(g => $"{Fmt.Num(g.Value)} for {g.Label} ({Fmt.Int(g.N)} {table.Noun})"))}, against {Fmt.Num(overall)} across all {table.Noun}.";
            var facet = new Insight(StoryKinds.Of<FacetStory>(), [driver, outcome, by.Name], title, summary, ["bar", "scatter"], "Least-squares slope within each group",
                null, null, holds / (double)groups.Count, x.Length, lead.Impact * (all ? EverywhereWeight : 0.9), new FacetDetail(FacetAspect.WithinGroups, lead.Title, driver, outcome, by.Name, groups, overall, x.Length))
            { Significance = 0.5 };
            if (!all) return facet;
            everywhere ??= facet;
        }
        return everywhere;
    }

    private static Insight? GapWithin(AnalysisTable table, Insight lead, SegmentDetail s)
    {
        var category = (CategoryColumn)table.Find(s.Category)!;
        var measure = ((NumericColumn)table.Find(s.Measure)!).Values;
        var (high, low) = (Array.IndexOf(category.Labels, s.Groups[0].Label), Array.IndexOf(category.Labels, s.Groups[^1].Label));
        if (high < 0 || low < 0) return null;
        Insight? everywhere = null;
        foreach (var by in Splits(table, lead))
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
            // The gap in every group is the lead split: told only when no grouping shows where it breaks.
            var all = holds == groups.Count;
            var (m, b) = (ColumnWords.Split(s.Measure).Name, Words.Human(by.Name));
            var (h, l) = (Words.Label(s.Category, s.Groups[0].Label), Words.Label(s.Category, s.Groups[^1].Label));
            var title = all ? $"{Words.Cap(h)} leads {l} on {m} {Alike(by.Name, b, groups)}"
                : holds == 0
                    ? $"Within each {b}, {h} does not lead {l} on {m}: the overall gap comes from the mix of {b}"
                    : $"{Words.Cap(h)} leads {l} on {m} in {holds} of {groups.Count} {b} groups, not in {string.Join(" and ", groups.Where(g => !(g.Value > g.Other)).Take(3).Select(g => g.Label))}";
            var summary = $"Comparing the median {m} of {h} and {l} within each {b}: {string.Join("; ", groups.Select(g => $"{g.Label} {Fmt.Num(g.Value)} against {Fmt.Num(g.Other)}"))}.";
            var facet = new Insight(StoryKinds.Of<FacetStory>(), [s.Category, s.Measure, by.Name], title, summary, ["bar"], "Medians of the two groups within each group of another category",
                null, null, holds / (double)groups.Count, groups.Sum(g => g.N), lead.Impact * (all ? EverywhereWeight : 0.9),
                new FacetDetail(FacetAspect.WithinGroups, lead.Title, s.Category, s.Measure, by.Name, groups, double.NaN, groups.Sum(g => g.N), s.Groups[0].Label, s.Groups[^1].Label))
            { Significance = 0.5 };
            if (!all) return facet;
            everywhere ??= facet;
        }
        return everywhere;
    }

    /// <summary>
    /// A rate's standout group (a department that rejects 94%) against the rest within each group of another category
    /// (men, women): the gap holds in each, in some, or in none (then it is the mix of that category). Never by the
    /// category whose mix the lead already reads (its confounder).
    /// </summary>
    /// <summary>How much each later grouping a lead's rate gap holds in weighs against the one before it (the file's order).</summary>
    public const double LaterSplitWeight = 0.99;

    /// <summary>The fewest rows a side of a group needs to confirm a lead's rate gap in it (never to show where it breaks: <see cref="MinGroupRows"/>).</summary>
    public const int MinAlikeRows = 10;

    private static IEnumerable<Insight> RateWithin(AnalysisTable table, Insight lead, RateGroupDetail r)
    {
        var group = (CategoryColumn)table.Find(r.Group)!;
        var standout = Array.IndexOf(group.Labels, r.Standout.Label);
        if (standout < 0) return [];
        var y = RateStory.OutcomeOf(table, r.Outcome, out _);
        var everywhere = new List<Insight>();
        foreach (var by in Splits(table, lead).Where(c => c.Name != r.Group && c.Name != r.Outcome.Column && c.Name != r.Confound?.By))
        {
            var groups = new List<FacetGroup>();
            var counts = new Dictionary<string, (int N, int K, int RestN, int RestK)>(StringComparer.Ordinal);
            foreach (var (rows, code) in RowsByCode(by).Select((rows, i) => (rows, i)))
            {
                int n = 0, k = 0, restN = 0, restK = 0;
                foreach (var row in rows)
                {
                    if (y[row] < 0 || group.Codes[row] < 0) continue;
                    if (group.Codes[row] == standout) { n++; k += y[row]; }
                    else { restN++; restK += y[row]; }
                }
                if (n < MinAlikeRows || restN < MinAlikeRows) continue;
                groups.Add(new FacetGroup(by.Labels[code], n, k / (double)n, restK / (double)restN));
                counts[by.Labels[code]] = (n, k, restN, restK);
            }
            bool Holds(FacetGroup g) => r.High ? g.Value > g.Other : g.Value < g.Other;
            // A group of 10 to 14 a side may confirm the lead's direction (the treatment helps the 25 men too), never
            // show where it breaks.
            if (!groups.All(Holds)) groups.RemoveAll(g => counts[g.Label].N < MinGroupRows || counts[g.Label].RestN < MinGroupRows);
            if (groups.Count < 2) continue;
            var holds = groups.Count(Holds);
            // The standout in every group is the lead split (department F rejects 94% of men and 93% of women): told
            // only when no grouping shows where it breaks.
            var all = holds == groups.Count;
            // A break is told only where the group's own gap runs the other way beyond chance (Fisher's exact test): 2 of
            // 21 against 3 of 18 is noise, not an exception.
            bool Breaks(FacetGroup g)
            {
                var c = counts[g.Label];
                return RateStory.FisherExact(c.K, c.N - c.K, c.RestK, c.RestN - c.RestK) < MaxBreakP;
            }
            if (!all && holds > 0 && !groups.Where(g => !Holds(g)).Any(Breaks)) continue;
            var (who, b, phrase) = (RateStory.Who(group, table.Noun, r.Standout.Label), Words.Human(by.Name), r.Outcome.Phrase);
            var more = r.High ? "more" : "less";
            // A participle outcome reads "is rejected more often"; a noun outcome ("arrest", "callback") as its rate.
            var (verb, higher) = RateStory.IsParticiple(phrase)
                ? ($"{Words.Verb(who, "is", "are")} {phrase} {more} often than", $"{Words.Verb(who, "is not", "are not")} {phrase} {more} often than")
                : ($"{Words.Verb(who, "has", "have")} a {(r.High ? "higher" : "lower")} {phrase} rate than", $"{Words.Verb(who, "has", "have")} no {(r.High ? "higher" : "lower")} {phrase} rate than");
            string Named(IEnumerable<FacetGroup> gs) => string.Join(" and ", gs.Take(3).Select(g => Words.Label(by.Name, g.Label)));
            var title = all ? $"{Words.Cap(who)} {verb} the rest {Alike(by.Name, b, groups)}"
                : holds == 0
                    ? $"Within each {b}, {who} {higher} the rest: the overall gap comes from the mix of {b}"
                    : $"{Words.Cap(who)} {verb} the rest for {Named(groups.Where(Holds))}, not for {Named(groups.Where(g => !Holds(g) && Breaks(g)))}";
            var summary = $"Within each {b}, the share {phrase} for {who} against the other {table.Noun}: {string.Join("; ", groups.Select(g => $"{g.Label} {Fmt.Pct(g.Value)} against {Fmt.Pct(g.Other)}"))}.";
            var facet = new Insight(StoryKinds.Of<FacetStory>(), [r.Outcome.Column, r.Group, by.Name], title, summary, ["bar"], "Rates of the standout group and the rest within each group of another category",
                null, null, holds / (double)groups.Count, groups.Sum(g => g.N), lead.Impact * (all ? EverywhereWeight : 0.9),
                new FacetDetail(FacetAspect.RateWithin, lead.Title, r.Group, r.Outcome.Column, by.Name, groups, double.NaN, groups.Sum(g => g.N), r.Standout.Label, r.Outcome.Phrase))
            { Significance = 0.5 };
            if (!all) return [facet];
            // In the order of the groupings, each a little behind the one before (sex before an age band).
            everywhere.Add(facet with { Impact = facet.Impact * Math.Pow(LaterSplitWeight, everywhere.Count) });
        }
        return everywhere;
    }

    /// <summary>
    /// The next cell of the lead's cross-table that stands out (by <see cref="ShareStory.StandoutCell"/>'s bars) in
    /// another group and for another outcome than the lead's: the association's other end, counted by the cells' weights.
    /// </summary>
    private static Insight? OtherCell(AnalysisTable table, Insight lead, ShareDetail sh, CategoryColumn group, CategoryColumn outcome)
    {
        var (si, sj) = (Array.IndexOf(group.Labels, sh.Standout!.Group), Array.IndexOf(outcome.Labels, sh.Level));
        if (si < 0 || sj < 0) return null;
        var t = ShareStory.Cross(group, outcome, Enumerable.Range(0, table.RowCount).ToArray());
        if (ShareStory.StandoutCell(t, (i, j) => i != si && j != sj) is not { } b) return null;
        var (cell, rest) = ShareStory.CellAndRest(group, outcome, t, b.I, b.J);
        var level = outcome.Labels[b.J];
        var title = $"{Words.Cap(ShareStory.CellName(sh.Outcome, level))} for {Fmt.Pct(cell.Share)} of {ColumnVocabulary.People(cell.Group) ?? ShareStory.CellName(sh.Group, cell.Group)}, against {Fmt.Pct(rest.Share)} for the others";
        var summary = $"Of {Fmt.Int(cell.Cases)} {table.Noun} with {Words.Human(sh.Group)} {Words.Label(sh.Group, cell.Group)}, {Fmt.Int(cell.Hits)} ({Fmt.Pct(cell.Share)}) have {Words.Human(sh.Outcome)} {Words.Label(sh.Outcome, level)}, against {Fmt.Int(rest.Hits)} of the other {Fmt.Int(rest.Cases)} ({Fmt.Pct(rest.Share)}): the other end of the link told in its sibling story.";
        var groups = new[] { new FacetGroup(cell.Group, (int)cell.Cases, cell.Share, rest.Share), new FacetGroup(rest.Group, (int)rest.Cases, rest.Share, double.NaN) };
        return new Insight(StoryKinds.Of<FacetStory>(), lead.Columns, title, summary, ["bar"], "The next standout cell of the cross-table the sibling story tests",
            null, null, cell.Share - rest.Share, cell.Cases + rest.Cases, Math.Clamp(cell.Share - rest.Share, 0, 1) * 0.8,
            new FacetDetail(FacetAspect.OtherCell, lead.Title, sh.Group, sh.Outcome, null, groups, double.NaN, (int)(cell.Cases + rest.Cases), cell.Group, level))
        { Significance = 0.5 };
    }

    /// <summary>
    /// The lead's standout share against the other groups' within each group of another category of 2–6 values, each
    /// side with at least <see cref="MinGroupRows"/> cases (weighted): told when it holds in every group, or where it
    /// breaks beyond chance (Fisher's exact test).
    /// </summary>
    private static Insight? ShareWithin(AnalysisTable table, Insight lead, ShareDetail sh, CategoryColumn group, CategoryColumn outcome)
    {
        var (si, sj) = (Array.IndexOf(group.Labels, sh.Standout!.Group), Array.IndexOf(outcome.Labels, sh.Level));
        if (si < 0 || sj < 0) return null;
        foreach (var by in Groupings(table, lead).Where(c => c.Name != sh.Group && c.Name != sh.Outcome))
        {
            var groups = new List<FacetGroup>();
            var counts = new Dictionary<string, (int N, int K, int RestN, int RestK)>(StringComparer.Ordinal);
            foreach (var (rows, code) in RowsByCode(by).Select((rows, i) => (rows, i)))
            {
                int n = 0, k = 0, restN = 0, restK = 0;
                foreach (var row in rows)
                {
                    if (group.Codes[row] < 0 || outcome.Codes[row] < 0) continue;
                    var hit = outcome.Codes[row] == sj ? 1 : 0;
                    if (group.Codes[row] == si) { n++; k += hit; }
                    else { restN++; restK += hit; }
                }
                if (n < MinGroupRows || restN < MinGroupRows) continue;
                groups.Add(new FacetGroup(by.Labels[code], n, k / (double)n, restK / (double)restN));
                counts[by.Labels[code]] = (n, k, restN, restK);
            }
            if (groups.Count < 2) continue;
            var holds = groups.Count(g => g.Value > g.Other);
            bool Breaks(FacetGroup g)
            {
                var c = counts[g.Label];
                return g.Value <= g.Other && RateStory.FisherExact(c.K, c.N - c.K, c.RestK, c.RestN - c.RestK) < MaxBreakP;
            }
            if (holds < groups.Count && !groups.Any(Breaks)) continue;
            var cell = Words.Cap(ShareStory.CellName(sh.Outcome, sh.Level!));
            var who = ColumnVocabulary.People(sh.Standout.Group) ?? ShareStory.CellName(sh.Group, sh.Standout.Group);
            string Among(FacetGroup g) => ColumnVocabulary.People(g.Label) ?? Words.Label(by.Name, g.Label);
            string title;
            if (holds == groups.Count && groups.Count <= 3)
            {
                var shares = string.Join(" and ", groups.Select((g, i) => i == 0 ? $"{Fmt.Pct(g.Value)} of {who} among {Among(g)}" : $"{Fmt.Pct(g.Value)} among {Among(g)}"));
                title = $"{cell} for {shares}, against {string.Join(" and ", groups.Select(g => Fmt.Pct(g.Other)))} of the others";
            }
            else if (holds == groups.Count)
            {
                title = $"{cell} for more of {who} than of the others in all {groups.Count} {Words.Human(by.Name)} groups";
            }
            else
            {
                title = $"{cell} for more of {who} than of the others among {string.Join(" and ", groups.Where(g => g.Value > g.Other).Take(3).Select(Among))}, not among {string.Join(" and ", groups.Where(Breaks).Take(3).Select(Among))}";
            }
            var summary = $"Within each {Words.Human(by.Name)}, the share with {Words.Human(sh.Outcome)} {Words.Label(sh.Outcome, sh.Level!)} among {who} against the other {table.Noun}: {string.Join("; ", groups.Select(g => $"{g.Label} {Fmt.Pct(g.Value)} against {Fmt.Pct(g.Other)}"))}.";
            var all = holds == groups.Count;
            return new Insight(StoryKinds.Of<FacetStory>(), [.. lead.Columns, by.Name], title, summary, ["bar"], "Shares of the standout cell and the rest within each group of another category",
                null, null, holds / (double)groups.Count, groups.Sum(g => g.N), lead.Impact * (all ? EverywhereWeight : 0.9),
                new FacetDetail(FacetAspect.ShareWithin, lead.Title, sh.Group, sh.Outcome, by.Name, groups, double.NaN, groups.Sum(g => g.N), sh.Standout.Group, sh.Level))
            { Significance = 0.5 };
        }
        return null;
    }

    /// <summary>The p-value below which a second factor's effect within the lead's groups is told.</summary>
    public const double MaxFactorP = 0.01;

    /// <summary>The fewest rows each side of a second factor needs within one of the lead's groups.</summary>
    public const int MinFactorRows = 3;

    /// <summary>Rows a second factor's test reads at most (evenly spaced), so a large table stays fast.</summary>
    public const int MaxFactorRows = 50_000;

    /// <summary>
    /// A column with 2–6 values as codes per row (-1 where missing) and its labels: a category, or a number with as few
    /// values (a year of a two-year trial, the load of a designed test).
    /// </summary>
    private static (int[] Codes, string[] Labels)? Levels(DataColumn column, int step)
    {
        switch (column)
        {
            case CategoryColumn c when c.Labels.Length is >= 2 and <= 6:
                return (c.Codes, c.Labels);
            case NumericColumn n:
                var values = new List<double>();
                for (var r = 0; r < n.Values.Length; r += step)
                {
                    var v = n.Values[r];
                    if (!double.IsFinite(v) || values.Contains(v)) continue;
                    values.Add(v);
                    if (values.Count > 6) return null;
                }
                if (values.Count < 2) return null;
                values.Sort();
                var codes = n.Values.Select(v => double.IsFinite(v) ? values.IndexOf(v) : -1).ToArray();
                // A level reads as its value, never with a thousands separator (year 1931, load 40).
                return (codes, values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            default:
                return null;
        }
    }

    /// <summary>
    /// A second factor of a gap: of the other columns with 2–6 values (not sizes, ids or free text), the one whose high
    /// level beats its low one most clearly once each row is read against its own group of the lead (a Kruskal-Wallis
    /// test on the measure less its group's median), told where it holds in every group or in all but a few (the
    /// exception is the news). What a reader asks next after "yield differs by site": what else moves it, and where not.
    /// </summary>
    private static IEnumerable<Insight> Factors(AnalysisTable table, Insight lead, SegmentDetail s)
    {
        var category = (CategoryColumn)table.Find(s.Category)!;
        var measure = ((NumericColumn)table.Find(s.Measure)!).Values;
        var lead3 = s.Groups.Select(g => Array.IndexOf(category.Labels, g.Label)).Where(i => i >= 0).ToList();
        if (lead3.Count < 3) return [];
        var step = Math.Max(1, table.RowCount / MaxFactorRows);
        var rows = Enumerable.Range(0, (table.RowCount + step - 1) / step).Select(i => i * step).Where(r => category.Codes[r] >= 0 && double.IsFinite(measure[r])).ToArray();
        // Each row's value less its lead group's median: what is left once the lead's gap is taken out.
        var medians = new Dictionary<int, double>();
        foreach (var g in rows.GroupBy(r => category.Codes[r])) medians[g.Key] = Descriptive.Median(g.Select(r => measure[r]).ToArray());
        var found = new List<Insight>();
        var factors = table.Columns.Where(c => c.Name != s.Category && c.Name != s.Measure && !lead.Columns.Contains(c.Name)
            && !(c is CategoryColumn cc && (cc.Derived is not null || ColumnMeaning.IsFreeText(cc))) && !StoryDiscovery.IsSize(table, c.Name))
            .Select(c => (Column: c, Levels: Levels(c, step))).Where(f => f.Levels is not null).Select(f => (f.Column, Levels: f.Levels!.Value)).ToList();
        // A designed experiment (every row one cell of the lead's groups crossed with the other factors): each row is
        // read against its own cell of every other factor, so a factor's effect is not lost in another's spread (a
        // yarn's load within each length and amplitude).
        var design = Design(rows, category, factors.Select(f => f.Levels).ToList());
        foreach (var (column, (codes, labels)) in factors)
        {
            var baseline = design ? CellMedians(rows, measure, category, factors.Where(f => f.Column != column).Select(f => f.Levels.Codes).ToList()) : null;
            var aligned = Enumerable.Range(0, labels.Length).Select(l => rows.Where(r => codes[r] == l).Select(r => measure[r] - (baseline?[r] ?? medians[category.Codes[r]])).ToArray()).ToList();
            var used = Enumerable.Range(0, labels.Length).Where(l => aligned[l].Length >= MinFactorRows).ToList();
            if (used.Count < 2) continue;
            var (hi, lo) = (used.MaxBy(l => Descriptive.Median(aligned[l])), used.MinBy(l => Descriptive.Median(aligned[l])));
            if (hi == lo) continue;
            var test = StatTests.KruskalWallis([aligned[hi], aligned[lo]]);
            if (!(test.PValue < MaxFactorP)) continue;
            var groups = new List<FacetGroup>();
            foreach (var code in lead3)
            {
                var top = rows.Where(r => category.Codes[r] == code && codes[r] == hi).Select(r => measure[r]).ToArray();
                var bottom = rows.Where(r => category.Codes[r] == code && codes[r] == lo).Select(r => measure[r]).ToArray();
                if (top.Length < MinFactorRows || bottom.Length < MinFactorRows) continue;
                groups.Add(new FacetGroup(category.Labels[code], top.Length + bottom.Length, Descriptive.Median(top), Descriptive.Median(bottom)));
            }
            if (groups.Count < 3) continue;
            var breaks = groups.Where(g => !(g.Value > g.Other)).ToList();
            // Everywhere, or everywhere but a few groups (at most a third): more exceptions than that is no pattern.
            if (breaks.Count > groups.Count / 3) continue;
            var (m, c) = (ColumnWords.Split(s.Measure).Name, Words.Human(s.Category));
            var (h, l) = (Level(column.Name, labels[hi]), Level(column.Name, labels[lo]));
            var be = Words.Verb(m, "is", "are");
            var title = breaks.Count == 0
                ? $"Within every {c}, {m} {be} higher for {h} than for {l}: {string.Join(", ", groups.Take(3).Select(g => $"{Fmt.Num(g.Value)} against {Fmt.Num(g.Other)} for {Words.Label(s.Category, g.Label)}"))}"
                : $"{Words.Cap(m)} {be} higher for {h} than for {l} in every {c} but {string.Join(" and ", breaks.Select(g => Words.Label(s.Category, g.Label)))}: {string.Join(", ", breaks.Select(g => $"{Fmt.Num(g.Value)} against {Fmt.Num(g.Other)} there"))}";
            var summary = $"Median {m} for {h} against {l}, {c} by {c}: {string.Join("; ", groups.Select(g => $"{g.Label} {Fmt.Num(g.Value)} against {Fmt.Num(g.Other)}"))}.";
            found.Add(new Insight(StoryKinds.Of<FacetStory>(), [s.Category, s.Measure, column.Name], title, summary, ["bar"], "Medians of a second factor's high and low level within each group of the lead",
                null, test.PValue, test.EpsilonSquared, groups.Sum(g => g.N), lead.Impact * 0.8,
                new FacetDetail(FacetAspect.Factor, lead.Title, s.Category, s.Measure, column.Name, groups, test.PValue, groups.Sum(g => g.N), labels[hi], labels[lo]))
            { Significance = 0.5 });
        }
        return found.OrderBy(f => ((FacetDetail)f.Detail).Slope).ThenBy(f => f.Columns[2], StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether the rows are the cells of a designed experiment: two or more factors besides the lead's category, no
    /// combination of the lead's group and the factors' levels repeated, and at least <see cref="DescriptiveStory.MinGridFill"/>
    /// of the combinations there could be present.
    /// </summary>
    private static bool Design(int[] rows, CategoryColumn category, IReadOnlyList<(int[] Codes, string[] Labels)> factors)
    {
        if (factors.Count < 2 || rows.Length < 8) return false;
        var possible = factors.Aggregate((double)category.Labels.Length, (p, f) => p * f.Labels.Length);
        if (possible > 2.0 * rows.Length) return false;
        // The rows hold the lead's group (Factors keeps only those), so only a factor's level can be missing.
        return DescriptiveStory.CountCells(rows, factors.Select(f => f.Codes).Prepend(category.Codes).ToList(), maxRepeats: 0, missingBreaks: true) is { } k
            && k.Cells >= DescriptiveStory.MinGridFill * possible;
    }

    /// <summary>Each row's cell of the lead's group and the given factors' levels, as a key.</summary>
    private static string Cell(int row, CategoryColumn category, IReadOnlyList<int[]> factors) =>
        string.Join(",", factors.Select(f => f[row]).Prepend(category.Codes[row]));

    /// <summary>Each row's median over its cell (the lead's group and the other factors' levels), by row index.</summary>
    private static Dictionary<int, double> CellMedians(int[] rows, double[] measure, CategoryColumn category, IReadOnlyList<int[]> others)
    {
        var result = new Dictionary<int, double>();
        foreach (var cell in rows.GroupBy(r => Cell(r, category, others), StringComparer.Ordinal))
        {
            var median = Descriptive.Median(cell.Select(r => measure[r]).ToArray());
            foreach (var r in cell) result[r] = median;
        }
        return result;
    }

    /// <summary>
    /// A second factor beside a relation: a category (2–6 values) whose high level beats its low one on the outcome in
    /// every quarter of the driver (men's risk of dying is higher than women's at every age), found by a Kruskal-Wallis
    /// test on each value less its quarter's median. The relation's groups are its driver's quarters.
    /// </summary>
    /// <summary>The most bands of a driver the sign test of <see cref="BandFactor"/> reads.</summary>
    public const int MaxSignBands = 10;

    private static Insight? BandFactor(AnalysisTable table, Insight lead, string driver, string outcome)
    {
        var (x, y) = (((NumericColumn)table.Find(driver)!).Values, ((NumericColumn)table.Find(outcome)!).Values);
        var step = Math.Max(1, table.RowCount / MaxFactorRows);
        var rows = Enumerable.Range(0, (table.RowCount + step - 1) / step).Select(i => i * step).Where(r => double.IsFinite(x[r]) && double.IsFinite(y[r])).ToArray();
        if (rows.Length < 4 * 2 * MinFactorRows) return null;
        var sorted = Descriptive.Sorted(rows.Select(r => x[r]).ToArray());
        var cuts = new[] { 0.25, 0.5, 0.75 }.Select(q => Descriptive.QuantileSorted(sorted, q)).ToArray();
        int Band(int r) => cuts.Count(c => x[r] > c);
        var medians = rows.GroupBy(Band).ToDictionary(g => g.Key, g => Descriptive.Median(g.Select(r => y[r]).ToArray()));
        if (medians.Count < 4) return null;
        Insight? best = null;
        var bestP = MaxFactorP;
        foreach (var by in Groupings(table, lead))
        {
            var aligned = Enumerable.Range(0, by.Labels.Length).Select(l => rows.Where(r => by.Codes[r] == l).Select(r => y[r] - medians[Band(r)]).ToArray()).ToList();
            var used = Enumerable.Range(0, by.Labels.Length).Where(l => aligned[l].Length >= 4 * MinFactorRows).ToList();
            if (used.Count < 2) continue;
            var (hi, lo) = (used.MaxBy(l => Descriptive.Median(aligned[l])), used.MinBy(l => Descriptive.Median(aligned[l])));
            if (hi == lo) continue;
            // A sign test over narrow bands of the driver (up to ten): the high level ahead in every one of them.
            var fine = Math.Min(MaxSignBands, rows.Length / (2 * MinFactorRows));
            var fineCuts = Enumerable.Range(1, fine - 1).Select(i => Descriptive.QuantileSorted(sorted, i / (double)fine)).ToArray();
            var ahead = 0;
            for (var band = 0; band < fine; band++)
            {
                var inBand = rows.Where(r => fineCuts.Count(c => x[r] > c) == band).ToList();
                var top = inBand.Where(r => by.Codes[r] == hi).Select(r => y[r]).ToArray();
                var bottom = inBand.Where(r => by.Codes[r] == lo).Select(r => y[r]).ToArray();
                if (top.Length < MinFactorRows || bottom.Length < MinFactorRows || !(Descriptive.Median(top) > Descriptive.Median(bottom))) break;
                ahead++;
            }
            if (ahead < fine) continue;
            var p = 2 * Math.Pow(0.5, fine);
            if (!(p < bestP)) continue;
            var groups = new List<FacetGroup>();
            for (var band = 0; band < 4; band++)
            {
                var top = rows.Where(r => Band(r) == band && by.Codes[r] == hi).Select(r => y[r]).ToArray();
                var bottom = rows.Where(r => Band(r) == band && by.Codes[r] == lo).Select(r => y[r]).ToArray();
                if (top.Length < MinFactorRows || bottom.Length < MinFactorRows) break;
                var label = new[] { "lowest", "second", "third", "highest" }[band] + " quarter";
                groups.Add(new FacetGroup(label, top.Length + bottom.Length, Descriptive.Median(top), Descriptive.Median(bottom)));
            }
            // Every quarter, or the story is not "at every level of the driver".
            if (groups.Count < 4 || groups.Any(g => !(g.Value > g.Other))) continue;
            var (o, d) = (ColumnWords.Split(outcome).Name, ColumnWords.Split(driver).Name);
            string Who(string label) => ColumnVocabulary.People(label) ?? Level(by.Name, label);
            var (h, l) = (Who(by.Labels[hi]), Who(by.Labels[lo]));
            var title = $"In every quarter of {d}, {o} is higher for {h} than for {l}: {Fmt.Num(groups[0].Value)} against {Fmt.Num(groups[0].Other)} in the lowest, {Fmt.Num(groups[^1].Value)} against {Fmt.Num(groups[^1].Other)} in the highest";
            var summary = $"Median {o} for {h} against {l}, quarter by quarter of {d}: {string.Join("; ", groups.Select(g => $"{g.Label} {Fmt.Num(g.Value)} against {Fmt.Num(g.Other)}"))}.";
            bestP = p;
            best = new Insight(StoryKinds.Of<FacetStory>(), [driver, outcome, by.Name], title, summary, ["bar"], "Medians of a second factor's two levels within each quarter of the driver; a sign test over narrower bands",
                null, p, groups.Average(g => g.Value > 0 && g.Other > 0 ? Math.Log(g.Value / g.Other) : 0), groups.Sum(g => g.N), lead.Impact * 0.8,
                new FacetDetail(FacetAspect.Bands, lead.Title, driver, outcome, by.Name, groups, p, groups.Sum(g => g.N), by.Labels[hi], by.Labels[lo]))
            { Significance = 0.5 };
        }
        return best;
    }

    /// <summary>A level of another column by name: with the column's name when the label alone says little (a number, a code of one to three characters).</summary>
    private static string Level(string column, string label) =>
        label.Length <= 3 && !double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? $"{Words.Human(column)} {label}" : Words.Label(column, label);

    /// <summary>How much more of the standout's rows than of the rest's must lie where the outcome is common for the mix to be told.</summary>
    public const double MinMixGap = 0.15;

    /// <summary>
    /// A rate gap that the mix of another category explains (its <see cref="ConfoundCheck"/>): where the standout group's
    /// rows and the rest's lie across that category's levels, split at the overall rate (women applied mostly to the
    /// departments that reject most). The why of the lead, which its own story only names.
    /// </summary>
    private static Insight? Mix(AnalysisTable table, Insight lead, RateGroupDetail r)
    {
        if (r.Confound is not { Explained: true } k || table.Find(k.By) is not CategoryColumn by || by.Labels.Length is < 2 or > 12) return null;
        var group = (CategoryColumn)table.Find(r.Group)!;
        var standout = Array.IndexOf(group.Labels, r.Standout.Label);
        if (standout < 0) return null;
        var y = RateStory.OutcomeOf(table, r.Outcome, out _);
        var (n, other, hits) = (new int[by.Labels.Length], new int[by.Labels.Length], new int[by.Labels.Length]);
        for (var row = 0; row < y.Length; row++)
        {
            if (y[row] < 0 || group.Codes[row] < 0 || by.Codes[row] < 0) continue;
            if (group.Codes[row] == standout) n[by.Codes[row]]++;
            else other[by.Codes[row]]++;
            hits[by.Codes[row]] += y[row];
        }
        var groups = Enumerable.Range(0, by.Labels.Length).Where(i => n[i] + other[i] > 0)
            .Select(i => new FacetGroup(by.Labels[i], n[i], hits[i] / (double)(n[i] + other[i]), other[i])).OrderByDescending(g => g.Value).ToList();
        var (standoutRows, restRows) = (groups.Sum(g => g.N), (int)groups.Sum(g => g.Other));
        if (groups.Count < 2 || standoutRows < MinGroupRows || restRows < MinGroupRows) return null;
        var overall = groups.Sum(g => g.Value * (g.N + g.Other)) / (standoutRows + restRows);
        // The levels where the outcome is common, on the side the standout leans to (more often: above the overall rate).
        var common = groups.Where(g => r.High ? g.Value > overall : g.Value < overall).ToList();
        if (common.Count == 0 || common.Count == groups.Count) return null;
        var (a, b) = (common.Sum(g => g.N) / (double)standoutRows, common.Sum(g => g.Other) / restRows);
        if (a - b < MinMixGap) return null;
        // "51% of women are in …": a sex's label reads as the people it names; any other group as the rate story names it.
        var who = ColumnVocabulary.People(r.Standout.Label) ?? RateStory.Who(group, table.Noun, r.Standout.Label);
        var (bn, phrase) = (Words.Human(by.Name), r.Outcome.Phrase);
        var named = string.Join(", ", common.Take(4).Select(g => g.Label)) + (common.Count > 4 ? " …" : "");
        var where = RateStory.IsParticiple(phrase) ? $"where more are {phrase}" : $"with the higher {phrase} rates";
        var title = $"{Fmt.Pct(a)} of {who} are in the {RateStory.Plural(bn.ToLowerInvariant())} {where} ({named}), against {Fmt.Pct(b)} of the others";
        var summary = $"The share {phrase} is above the overall {Fmt.Pct(overall)} in {named}; {Fmt.Pct(a)} of the {table.Noun} of {who} lie there, against {Fmt.Pct(b)} of the other {table.Noun}.";
        return new Insight(StoryKinds.Of<FacetStory>(), [r.Outcome.Column, r.Group, by.Name], title, summary, ["bar"], "Each group's rows across the levels of the category that explains the gap",
            null, null, a - b, standoutRows + restRows, lead.Impact * 0.9,
            new FacetDetail(FacetAspect.Mix, lead.Title, r.Group, r.Outcome.Column, by.Name, groups, overall, standoutRows + restRows, r.Standout.Label, phrase))
        { Significance = 0.5 };
    }

    /// <summary>How far below its start a group must end to count as having fallen.</summary>
    public const double MinLaggardFall = 0.1;

    /// <summary>
    /// Beside the group that grew fastest: the groups that ended at least <see cref="MinLaggardFall"/> below their start,
    /// told when they are the exception (at most a third of the groups): what the leader's rise hides.
    /// </summary>
    private static Insight? Laggard(Insight lead, GroupSeriesDetail g)
    {
        if (!(g.Leader.Ratio > 1) || g.Lines.Count < 3) return null;
        var fell = g.Lines.Where(l => l.Ratio < 1 - MinLaggardFall).OrderBy(l => l.Ratio).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();
        if (fell.Count == 0 || fell.Count > g.Lines.Count / 3) return null;
        var (m, dim) = (ColumnWords.Split(g.Measure).Name, Words.Human(g.Dimension));
        string Span(GroupSeriesLine l)
        {
            var idx = Enumerable.Range(0, l.Series.Y.Length).Where(i => double.IsFinite(l.Series.Y[i])).ToArray();
            return $"from {l.Series.Describe(idx[0])} to {l.Series.Describe(idx[^1])}";
        }
        var title = fell.Count == 1
            ? $"{fell[0].Label} is the only one of the {Fmt.Int(g.Lines.Count)} {Words.Plural(dim)} to end lower: {m} down {Fmt.Pct(1 - fell[0].Ratio)} {Span(fell[0])}"
            : $"{string.Join(" and ", fell.Select(l => l.Label))} ended lower while the other {Fmt.Int(g.Lines.Count - fell.Count)} {Words.Plural(dim)} rose: {m} down {string.Join(" and ", fell.Select(l => Fmt.Pct(1 - l.Ratio)))}";
        var summary = $"{string.Join("; ", fell.Select(l => $"{l.Label}: {m} from about {Fmt.Num(l.Start)} to about {Fmt.Num(l.End)} {Span(l)}"))}, while {g.Leader.Label} ended at {Fmt.Coef(g.Leader.Ratio)} times its start.";
        var groups = g.Lines.OrderBy(l => l.Ratio).Select(l => new FacetGroup(l.Label, l.Series.Y.Count(double.IsFinite), l.Ratio, l.Start)).ToList();
        var s = fell[0].Series;
        return new Insight(StoryKinds.Of<FacetStory>(), [g.TimeColumn, g.Measure, g.Dimension], title, summary, ["bar", "line"], "End-to-start ratios of each group's own series",
            null, null, 1 - fell[0].Ratio, groups.Sum(x => x.N), lead.Impact * 0.7,
            new FacetDetail(FacetAspect.Laggard, lead.Title, g.Dimension, g.Measure, null, groups, double.NaN, groups.Sum(x => x.N), g.Leader.Label, null, s))
        { Significance = 0.5 };
    }

    /// <summary>How far below its earlier high a series must stand to count as under water.</summary>
    public const double UnderwaterDepth = 0.2;

    /// <summary>
    /// After a fall: the share of the time the series stood more than <see cref="UnderwaterDepth"/> below its highest
    /// value so far, told when it is at least a quarter of the span (how long the falls weighed, which their dates do not say).
    /// Never when the fall's own story already says how long: it dates the way back to the high, or the fall runs to the
    /// last point (everything after the high lies below it).
    /// </summary>
    private static Insight? Underwater(Insight lead, DrawdownDetail fall)
    {
        var s = fall.Series;
        if (fall.Largest.Recovery is not null || fall.Largest.Trough >= LastPoint(s)) return null;
        var idx = Enumerable.Range(0, s.Y.Length).Where(i => double.IsFinite(s.Y[i])).ToArray();
        if (idx.Length < 12 || idx.Any(i => s.Y[i] <= 0)) return null;
        var high = double.NegativeInfinity;
        var below = 0;
        foreach (var i in idx)
        {
            high = Math.Max(high, s.Y[i]);
            if (s.Y[i] < (1 - UnderwaterDepth) * high) below++;
        }
        var share = below / (double)idx.Length;
        if (share < 0.25) return null;
        var (from, to) = (s.Describe(idx[0]), s.Describe(idx[^1]));
        var title = $"{Words.Cap(s.Subject)} stood more than {Fmt.Pct(UnderwaterDepth)} below its earlier high {Fmt.Pct(share)} of the time from {from} to {to}";
        var summary = $"Of {Fmt.Int(idx.Length)} points from {from} to {to}, {Fmt.Int(below)} ({Fmt.Pct(share)}) lie more than {Fmt.Pct(UnderwaterDepth)} below the highest value reached before them.";
        return new Insight(StoryKinds.Of<FacetStory>(), [s.TimeColumn, s.Measure], title, summary, ["line", "bar"], "Share of points more than 20% below the running maximum",
            null, null, share, idx.Length, lead.Impact * 0.6, new FacetDetail(FacetAspect.Underwater, lead.Title, s.TimeColumn, s.Measure, null, [new FacetGroup("below", below, share)], double.NaN, idx.Length, Series: s))
        { Significance = 0.5 };
    }

    /// <summary>
    /// After a step: the series' highest and lowest value, each on the side of the step its level puts it (the driest
    /// year after a fall in flow), with their dates, which the step's two averages do not give.
    /// </summary>
    private static Insight? Extremes(Insight lead, ChangePointDetail c)
    {
        var s = c.Series;
        var idx = Enumerable.Range(0, s.Y.Length).Where(i => double.IsFinite(s.Y[i])).ToArray();
        if (idx.Length < 8) return null;
        var (hi, lo) = (idx.MaxBy(i => s.Y[i]), idx.MinBy(i => s.Y[i]));
        // The first point of the new level (the step's date as its story tells it).
        var k = Math.Min(c.SplitIndex + 1, s.Y.Length - 1);
        var down = c.Welch.MeanB < c.Welch.MeanA;
        // Told only when each extreme lies on the side its level belongs to.
        if (down ? !(hi < k && lo >= k) : !(lo < k && hi >= k)) return null;
        var step = s.Describe(k);
        var (first, second) = down ? (lo, hi) : (hi, lo);
        var title = $"{Words.Cap(s.Subject)} was {(down ? "lowest" : "highest")} in {s.Describe(first)} ({Fmt.Num(s.Y[first])}), after the {step} step; {(down ? "highest" : "lowest")} in {s.Describe(second)} ({Fmt.Num(s.Y[second])}), before it";
        var summary = $"The series' highest value, {Fmt.Num(s.Y[hi])} in {s.Describe(hi)}, and its lowest, {Fmt.Num(s.Y[lo])} in {s.Describe(lo)}, lie on either side of the step in {step}.";
        var groups = new[] { new FacetGroup(s.Describe(hi), 1, s.Y[hi], s.T[hi]), new FacetGroup(s.Describe(lo), 1, s.Y[lo], s.T[lo]) };
        return new Insight(StoryKinds.Of<FacetStory>(), [s.TimeColumn, s.Measure], title, summary, ["line", "bar"], "The series' highest and lowest values and their sides of the step",
            null, null, s.Y[hi] - s.Y[lo], idx.Length, lead.Impact * 0.6, new FacetDetail(FacetAspect.Extremes, lead.Title, s.TimeColumn, s.Measure, null, groups, double.NaN, idx.Length, step, null, s))
        { Significance = 0.5 };
    }

    /// <summary>The index of a series' last finite point.</summary>
    private static int LastPoint(TimeSeries s)
    {
        var i = s.Y.Length - 1;
        while (i > 0 && !double.IsFinite(s.Y[i])) i--;
        return i;
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

    /// <summary>How many times faster one third of a trend must run than the other for its pace to be told.</summary>
    public const double MinPaceRatio = 1.5;

    /// <summary>A third of a trend moves on its own when its Mann-Kendall p-value is below this; otherwise it is told as level.</summary>
    public const double MaxPaceP = 0.05;

    /// <summary>The fewest points each third of a trend needs for its own slope.</summary>
    public const int MinPacePoints = 4;

    /// <summary>The first and the last third of a series' span: the points in each, and the years they run from and to.</summary>
    private static (int[] Early, int[] Late) Thirds(TimeSeries s)
    {
        var x = s.X;
        var idx = Enumerable.Range(0, s.Y.Length).Where(i => double.IsFinite(s.Y[i]) && double.IsFinite(x[i])).ToArray();
        if (idx.Length < 3 * MinPacePoints) return ([], []);
        var third = (x[idx[^1]] - x[idx[0]]) / 3;
        if (!(third > 0)) return ([], []);
        return (idx.Where(i => x[i] <= x[idx[0]] + third).ToArray(), idx.Where(i => x[i] >= x[idx[^1]] - third).ToArray());
    }

    private static string Years(TimeSeries s, int[] points) => $"{YearOf(s, s.T[points[0]]):0}–{YearOf(s, s.T[points[^1]]):0}";

    /// <summary>
    /// A trend's pace: the least-squares slope per year in its first and its last third, told when one is at least
    /// <see cref="MinPaceRatio"/> times the other or they run opposite ways ("rose 0.8 a year in 1958–1972, 1.6 a year
    /// in 1987–2001"). What the trend's one overall rate cannot say: whether the change is speeding up or dying out.
    /// </summary>
    private static Insight? Pace(Insight lead, TimeSeries s, double overall)
    {
        var (early, late) = Thirds(s);
        if (early.Length < MinPacePoints || late.Length < MinPacePoints) return null;
        var x = s.X;
        var (ey, ly) = (early.Select(i => s.Y[i]).ToArray(), late.Select(i => s.Y[i]).ToArray());
        var a = LeastSquares.Slope(early.Select(i => x[i]).ToArray(), ey);
        var b = LeastSquares.Slope(late.Select(i => x[i]).ToArray(), ly);
        if (!double.IsFinite(a) || !double.IsFinite(b) || a == 0 || b == 0) return null;
        // A third's slope is a pace only when that third moves consistently on its own (Mann-Kendall): a flat,
        // noisy third has a slope too, and "the fall slowed" over a stretch that never fell would be invented.
        var (pa, pb) = (StatTests.MannKendall(ey).PValue, StatTests.MannKendall(ly).PValue);
        var (levelA, levelB) = (!(pa < MaxPaceP), !(pb < MaxPaceP));
        if (levelA && levelB) return null;
        var opposite = Math.Sign(a) != Math.Sign(b);
        var ratio = Math.Max(Math.Abs(a), Math.Abs(b)) / Math.Min(Math.Abs(a), Math.Abs(b));
        // Two thirds running opposite ways are told as they are, a level third then a moving one (or the reverse) too;
        // the same way, only when one is clearly faster.
        if (!levelA && !levelB && !opposite && ratio < MinPaceRatio) return null;
        var (unit, scale) = PaceUnit(a, b);
        var (first, last) = (Years(s, early), Years(s, late));
        var subject = s.Subject;
        string Moved(double v) => v > 0 ? "rose" : "fell";
        string PerUnit(double v) => $"{Fmt.Num(Math.Abs(v * scale))} a {unit}";
        var title = levelA
            ? $"{Words.Cap(subject)} showed no consistent trend in {first}, then {Moved(b)} {PerUnit(b)} in {last}"
            : levelB
                ? $"{Words.Cap(subject)} {Moved(a)} {PerUnit(a)} in {first}, then showed no consistent trend in {last}"
                : opposite
                    ? $"{Words.Cap(subject)} {Moved(a)} {PerUnit(a)} in {first}, then {Moved(b)} {PerUnit(b)} in {last}"
                    : $"The {(b > 0 ? "rise" : "fall")} in {subject} {(Math.Abs(b) > Math.Abs(a) ? "sped up" : "slowed")}: {PerUnit(a)} in {first}, {PerUnit(b)} in {last}";
        var summary = levelA || levelB
            ? $"Over the first third of the series ({first}) {subject} {(levelA ? "showed no consistent trend" : $"{Moved(a)} about {PerUnit(a)}")} (Mann-Kendall {Fmt.P(pa)}); " +
              $"over the last third ({last}) it {(levelB ? "showed no consistent trend" : $"{Moved(b)} about {PerUnit(b)}")} (Mann-Kendall {Fmt.P(pb)})."
            : $"Over the first third of the series ({first}) {subject} {Moved(a)} about {PerUnit(a)}; over the last third ({last}), {(opposite ? Moved(b) + " " : "")}about {PerUnit(b)}" +
              (opposite ? "." : $": {(Math.Abs(b) > Math.Abs(a) ? Fmt.Coef(ratio) + " times as fast" : "less than " + (Math.Abs(a) >= 2 * Math.Abs(b) ? "half" : "two thirds") + " the pace")}.");
        // Other: the third's own Mann-Kendall p-value (a third at or above MaxPaceP is told as level).
        var groups = new[] { new FacetGroup(first, early.Length, a, pa), new FacetGroup(last, late.Length, b, pb) };
        return new Insight(StoryKinds.Of<FacetStory>(), [s.TimeColumn, s.Measure], title, summary, ["bar", "line"], "Least-squares slope per year in the first and the last third of the series",
            null, null, ratio, s.Y.Length, lead.Impact * 0.7, new FacetDetail(FacetAspect.Pace, lead.Title, s.TimeColumn, s.Measure, null, groups, overall, s.Y.Length, Series: s))
        { Significance = 0.5 };
    }

    /// <summary>The unit both paces read well in (a year, or a decade or century when the faster is tiny) and its factor per year.</summary>
    private static (string Unit, double Scale) PaceUnit(double a, double b)
    {
        var (scaled, unit) = Fmt.Rate(Math.Max(Math.Abs(a), Math.Abs(b)));
        return (unit, scaled / Math.Max(Math.Abs(a), Math.Abs(b)));
    }

    /// <summary>
    /// Whether a facet tells something the stories already picked do not: levels by period repeat a trend, step, fall,
    /// record or group comparison of the same measure over time (the highest decade is the end of the rise, the year
    /// before the crash), so they are kept only beside a rhythm.
    /// </summary>
    /// <summary>
    /// Levels by period beside a record high (or low) of the same measure, told from the other end: the record already
    /// names the highest years, the quietest decade is new. Null when anything else of the measure over time is told.
    /// </summary>
    public static Insight? OtherEnd(Insight facet, IReadOnlyList<Insight> picked)
    {
        if (facet.Detail is not FacetDetail { Aspect: FacetAspect.Periods } d) return null;
        var records = picked.Where(p => p.Detail is RecordDetail r && r.Series.Measure == d.Y).ToList();
        if (records.Count != 1 || !Adds(facet, picked.Except(records))) return null;
        var high = ((RecordDetail)records[0].Detail).High;
        var end = high ? d.Groups.MinBy(g => g.Value)! : d.Groups.MaxBy(g => g.Value)!;
        var unit = d.Groups[0].Label.EndsWith('s') ? "decade" : "year";
        var subject = ColumnWords.Split(d.Y).Name;
        return facet with { Title = $"{Words.Cap(subject)} was {(high ? "lowest" : "highest")} in the {end.Label}: {Fmt.Num(end.Value)} on average, the {(high ? "quietest" : "highest")} {unit} of {Fmt.Int(d.Groups.Count)}" };
    }

    public static bool Adds(Insight facet, IEnumerable<Insight> picked) => facet.Detail switch
    {
        // A second factor already told on its own (a gap by that column on the same measure) is not a facet of another.
        FacetDetail { Aspect: FacetAspect.Factor } f => !picked.Any(p => p.Columns.Contains(f.By!) && p.Columns.Contains(f.Y)),
        FacetDetail { Aspect: FacetAspect.Periods } d => !picked.Any(p => p.Detail switch
        {
            TrendDetail t => t.Series.Measure == d.Y,
            ChangePointDetail c => c.Series.Measure == d.Y,
            DrawdownDetail w => w.Series.Measure == d.Y,
            RecordDetail r => r.Series.Measure == d.Y,
            GroupSeriesDetail g => g.Measure == d.Y,
            _ => false,
        }),
        _ => true,
    };

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
                    return $"{Label(nb, d.By!, g.Label)}: {unit?.Amount(a) ?? a} against {unit?.Amount(b) ?? b}";
                }).ToList();
                nb.Lead($"{Cap(h)} leads {l} on {m} in {nb.Int(holds, "groups where the gap holds", cols, rows)} of {nb.Int(d.Groups.Count, "groups compared", cols, rows)} {H(d.By!)} groups ({string.Join("; ", parts)}).");
                nb.Paragraph($"This checks whether the gap told in its sibling story holds within each {H(d.By!)} or comes from a different mix of {H(d.By!)} in the two groups.");
                nb.Evidence($"Medians of {H(d.Y)} for the {H(d.X)} values {d.High} and {d.Low}, computed separately within each {H(d.By!)} value that has at least five {table.Noun} of each.");
                charts.Add(ChartFactory.Bars($"Median {H(d.Y)} of {d.High} by {H(d.By!)}", d.By!, Cap(H(d.Y)), d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Value).ToList()));
                charts.Add(ChartFactory.Bars($"Median {H(d.Y)} of {d.Low} by {H(d.By!)}", d.By!, Cap(H(d.Y)), d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Other).ToList()));
                break;
            }
            case FacetAspect.RateWithin:
            {
                string[] cols = [d.Y, d.X, d.By!];
                var who = Label(nb, d.X, d.High!);
                var phrase = d.Low!;
                var parts = d.Groups.Select(g =>
                {
                    var a = nb.Pct(g.Value, $"share {phrase} of {d.High} for {g.Label}", cols, $"rows with {d.By} {g.Label} and {d.X} {d.High}");
                    var b = nb.Pct(g.Other, $"share {phrase} of the other {d.X} values for {g.Label}", cols, $"rows with {d.By} {g.Label} and another {d.X}");
                    return $"{Label(nb, d.By!, g.Label)}: {a} against {b}";
                }).ToList();
                nb.Lead($"Taken {H(d.By!)} by {H(d.By!)}, {who} and the rest are {phrase} at these rates: {string.Join("; ", parts)}.");
                nb.Paragraph($"This checks whether the gap told in its sibling story holds within each {H(d.By!)} or comes from a different mix of {H(d.By!)}.");
                nb.Evidence($"Shares {phrase} among the {table.Noun} of {d.High} and of every other {H(d.X)}, counted separately within each {H(d.By!)} value that has at least {nb.Int(MinGroupRows, "fewest rows per group", cols, rows)} {table.Noun} of each.");
                charts.Add(ChartFactory.Bars($"Share {phrase}: {d.High} by {H(d.By!)}", d.By!, "Share", d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Value).ToList()));
                charts.Add(ChartFactory.Bars($"Share {phrase}: other {H(d.X)} values by {H(d.By!)}", d.By!, "Share", d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Other).ToList()));
                break;
            }
            case FacetAspect.ShareWithin:
            {
                string[] cols = [d.X, d.Y, d.By!];
                var who = Label(nb, d.X, d.High!);
                var level = Label(nb, d.Y, d.Low!);
                var parts = d.Groups.Select(g =>
                {
                    var a = nb.Pct(g.Value, $"share with {d.Y} = {d.Low} among {d.X} = {d.High} for {g.Label}", cols, $"cases with {d.By} {g.Label} and {d.X} {d.High}");
                    var b = nb.Pct(g.Other, $"share with {d.Y} = {d.Low} among the other {d.X} values for {g.Label}", cols, $"cases with {d.By} {g.Label} and another {d.X}");
                    return $"{Label(nb, d.By!, g.Label)}: {a} against {b}";
                }).ToList();
                nb.Lead($"Taken {H(d.By!)} by {H(d.By!)}, the share with {H(d.Y)} {level} among {H(d.X)} {who} and among the rest is: {string.Join("; ", parts)}.");
                nb.Paragraph($"This checks whether the link told in its sibling story holds within each {H(d.By!)} or comes from a different mix of {H(d.By!)}.");
                nb.Evidence($"Cases counted by the cross-table's weights, separately within each {H(d.By!)} value that has at least {nb.Int(MinGroupRows, "fewest cases per side", cols, rows)} {table.Noun} on each side.");
                charts.Add(ChartFactory.Bars($"Share with {H(d.Y)} {d.Low}: {d.High} by {H(d.By!)}", d.By!, "Share", d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Value).ToList()));
                charts.Add(ChartFactory.Bars($"Share with {H(d.Y)} {d.Low}: other {H(d.X)} values by {H(d.By!)}", d.By!, "Share", d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Other).ToList()));
                break;
            }
            case FacetAspect.OtherCell:
            {
                string[] cols = [d.X, d.Y];
                var (cell, rest) = (d.Groups[0], d.Groups[1]);
                var who = Label(nb, d.X, d.High!);
                var level = Label(nb, d.Y, d.Low!);
                var inRows = $"cases with {d.X} = {d.High}";
                nb.Lead($"Of the {nb.Int(cell.N, $"cases with {d.X} = {d.High}", cols, rows)} {table.Noun} with {H(d.X)} {who}, {nb.Pct(cell.Value, $"share of {d.Y} = {d.Low} within {d.X} = {d.High}", cols, inRows)} have {H(d.Y)} {level}, against {nb.Pct(cell.Other, $"share of {d.Y} = {d.Low} among the other {d.X} values", cols, $"cases with another {d.X}")} of the other {nb.Int(rest.N, $"cases with another {d.X} than {d.High}", cols, rows)}.");
                nb.Paragraph($"Its sibling story gives the cell that stands out most in the same cross-table; this is the next one, in another {H(d.X)} and another {H(d.Y)}: the same link seen from its other end.");
                nb.Evidence($"Cases counted by the cross-table's weights; the cell is the one whose share of its {H(d.X)} stands furthest above the other {H(d.X)} values' share, leaving out the sibling's {H(d.X)} and {H(d.Y)}.");
                charts.Add(ChartFactory.Bars($"Share with {H(d.Y)} {d.Low}", H(d.X), "Share", [d.High!, "the others"], [cell.Value, cell.Other], highlight: 1));
                if (table.Find(d.X) is CategoryColumn group && table.Find(d.Y) is CategoryColumn outcome && Array.IndexOf(outcome.Labels, d.Low) is var j and >= 0)
                {
                    var t = ShareStory.Cross(group, outcome, Enumerable.Range(0, table.RowCount).ToArray());
                    var shown = Enumerable.Range(0, group.Labels.Length).Select(i => (Label: group.Labels[i], N: Enumerable.Range(0, outcome.Labels.Length).Sum(k => t[i, k]), K: t[i, j]))
                        .Where(x => x.N > 0).OrderByDescending(x => x.K / (double)x.N).ToList();
                    charts.Add(ChartFactory.Bars($"Share with {H(d.Y)} {d.Low}, by {H(d.X)}", H(d.X), "Share", shown.Select(x => x.Label).ToList(), shown.Select(x => x.K / (double)x.N).ToList(),
                        highlightWhere: shown.Select(x => x.Label == d.High).ToList()));
                }
                break;
            }
            case FacetAspect.Factor:
            {
                string[] cols = [d.X, d.Y, d.By!];
                var (m, unit) = ColumnWords.Split(d.Y);
                var (h, l) = (Label(nb, d.By!, d.High!), Label(nb, d.By!, d.Low!));
                var holds = d.Groups.Count(g => g.Value > g.Other);
                var parts = d.Groups.Select(g =>
                {
                    var a = nb.N(g.Value, $"median {d.Y} for {d.By} {d.High} within {d.X} {g.Label}", cols, $"rows with {d.X} {g.Label} and {d.By} {d.High}");
                    var b = nb.N(g.Other, $"median {d.Y} for {d.By} {d.Low} within {d.X} {g.Label}", cols, $"rows with {d.X} {g.Label} and {d.By} {d.Low}");
                    return $"{Label(nb, d.X, g.Label)}: {unit?.Amount(a) ?? a} against {unit?.Amount(b) ?? b}";
                }).ToList();
                nb.Lead($"Beside the {H(d.X)} its sibling story compares, {H(d.By!)} moves {m} too: it is higher for {h} than for {l} in {nb.Int(holds, "groups where the second factor's gap holds", cols, rows)} of {nb.Int(d.Groups.Count, "groups compared", cols, rows)} {H(d.X)} groups ({string.Join("; ", parts)}).");
                nb.Paragraph(holds == d.Groups.Count
                    ? $"The gap holds in every {H(d.X)} group, so it is not the mix of {H(d.X)} groups."
                    : $"Where it breaks is the place to look first: a different response there, or a recording error.");
                nb.Evidence($"Medians of {H(d.Y)} for the two {H(d.By!)} levels within each {H(d.X)} group with at least {nb.Int(MinFactorRows, "fewest rows per side", cols, rows)} {table.Noun} a side; a Kruskal-Wallis test on each value less its {H(d.X)} group's median finds the two levels differ ({nb.P(d.Slope, "Kruskal-Wallis p-value of the second factor within the lead's groups", cols, rows)}).");
                charts.Add(ChartFactory.Bars($"Median {H(d.Y)} for {H(d.By!)} {d.High} by {H(d.X)}", d.X, Cap(H(d.Y)), d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Value).ToList()));
                charts.Add(ChartFactory.Bars($"Median {H(d.Y)} for {H(d.By!)} {d.Low} by {H(d.X)}", d.X, Cap(H(d.Y)), d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Other).ToList()));
                break;
            }
            case FacetAspect.Bands:
            {
                string[] cols = [d.X, d.Y, d.By!];
                var (o, unit) = ColumnWords.Split(d.Y);
                var dn = ColumnWords.Split(d.X).Name;
                var (h, l) = (Label(nb, d.By!, d.High!), Label(nb, d.By!, d.Low!));
                var parts = d.Groups.Select(g =>
                {
                    var a = nb.N(g.Value, $"median {d.Y} for {d.By} {d.High} in the {g.Label} of {d.X}", cols, $"rows in the {g.Label} of {d.X} with {d.By} {d.High}");
                    var b = nb.N(g.Other, $"median {d.Y} for {d.By} {d.Low} in the {g.Label} of {d.X}", cols, $"rows in the {g.Label} of {d.X} with {d.By} {d.Low}");
                    return $"the {g.Label}: {unit?.Amount(a) ?? a} against {unit?.Amount(b) ?? b}";
                }).ToList();
                nb.Lead($"Beside the link with {dn} its sibling story tells, {H(d.By!)} moves {o} too: at every level of {dn}, {o} is higher for {h} than for {l} ({string.Join("; ", parts)}).");
                nb.Paragraph($"The gap holds from the lowest quarter of {dn} to the highest, so it is not a different mix of {dn} in the two groups.");
                nb.Evidence($"Medians of {H(d.Y)} for the two {H(d.By!)} levels within each quarter of {H(d.X)}; the higher level is ahead in every one of up to {nb.Int(MaxSignBands, "bands of the driver the sign test reads", cols, rows)} narrower bands (sign test {nb.P(d.Slope, "sign-test p-value over the bands", cols, rows)}).");
                charts.Add(ChartFactory.Bars($"Median {H(d.Y)} for {H(d.By!)} {d.High} by quarter of {H(d.X)}", d.X, Cap(H(d.Y)), d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Value).ToList()));
                charts.Add(ChartFactory.Bars($"Median {H(d.Y)} for {H(d.By!)} {d.Low} by quarter of {H(d.X)}", d.X, Cap(H(d.Y)), d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Other).ToList()));
                break;
            }
            case FacetAspect.Laggard when d.Series is { } s:
            {
                string[] cols = [s.TimeColumn, d.Y, d.X];
                var seriesRows = $"rows of each {d.X} value, aggregated per time point";
                var m = H(d.Y);
                var fell = d.Groups.Where(g => g.Value < 1 - MinLaggardFall).ToList();
                var parts = fell.Select(g => $"{g.Label} ended at {nb.Pct(g.Value, $"end-to-start ratio for {g.Label}", cols, seriesRows)} of its start (about {nb.N(g.Other, $"mean of the first points for {g.Label}", cols, seriesRows)} at first)");
                var leader = d.Groups.Single(g => g.Label == d.High);
                nb.Lead($"Not every {H(d.X)} rose: {string.Join("; ", parts)}, while {d.High} ended at {nb.N(leader.Value, $"end-to-start ratio for {d.High}, in words", cols, seriesRows, EffectWords.Times)} its start.");
                nb.Paragraph($"Its sibling story names the fastest grower; this names the {H(d.X)} values that went the other way, {nb.Int(fell.Count, "groups that ended lower", cols, seriesRows)} of {nb.Int(d.Groups.Count, $"number of {d.X} values compared", cols, seriesRows)}.");
                nb.Evidence($"Each {H(d.X)}'s own series, its start and end the means of its first and last few points, never an average across {H(d.X)} values.");
                charts.Add(ChartFactory.Bars($"End against start by {H(d.X)}", d.X, "End / start", d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Value).ToList()));
                charts.Add(ChartFactory.Line($"{Cap(H(s.Subject))}", H(s.TimeColumn), Cap(m), s.T, s.Y, s.TimeIsYear));
                break;
            }
            case FacetAspect.Mix:
            {
                string[] cols = [d.Y, d.X, d.By!];
                var who = Label(nb, d.X, d.High!);
                var (standoutRows, restRows) = (d.Groups.Sum(g => g.N), d.Groups.Sum(g => g.Other));
                // The standout leans to the side of the overall rate (Slope) where more of its rows lie than of the rest's.
                var above = d.Groups.Where(g => g.Value > d.Slope).ToList();
                var high = above.Sum(g => g.N) / (double)standoutRows > above.Sum(g => g.Other) / restRows;
                var common = high ? above : d.Groups.Where(g => g.Value < d.Slope).ToList();
                var a = nb.Pct(common.Sum(g => g.N) / (double)standoutRows, $"share of the rows of {d.High} in the {d.By} values on the standout's side of the overall rate", cols, $"rows with {d.X} {d.High}");
                var b = nb.Pct(common.Sum(g => g.Other) / restRows, $"share of the other rows in the {d.By} values on the standout's side of the overall rate", cols, $"rows with another {d.X}");
                var levels = string.Join("; ", common.Select(g => $"{Label(nb, d.By!, g.Label)} {nb.Pct(g.Value, $"share of the rows with {d.By} {g.Label} that have the outcome", cols, $"rows with {d.By} {g.Label}")}"));
                nb.Lead($"{a} of the {table.Noun} of {who} lie in the {H(d.By!)} groups where {(high ? "more" : "fewer")} are {d.Low} than overall ({levels}), against {b} of the other {table.Noun}.");
                nb.Paragraph($"This is why the gap told in its sibling story shrinks within each {H(d.By!)}: {who} and the rest are spread differently across the {H(d.By!)} groups, not treated differently within them.");
                nb.Evidence($"Each group's {table.Noun} counted across the {nb.Int(d.Groups.Count, "groups of the explaining category", cols, rows)} {H(d.By!)} values, split at the overall rate of {nb.Pct(d.Slope, "overall rate of the outcome", cols, rows)} over {nb.Int(d.N, "rows compared", cols, rows)} {table.Noun}.");
                charts.Add(ChartFactory.Bars($"Rate by {H(d.By!)}", d.By!, "Share", d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Value).ToList()));
                charts.Add(ChartFactory.Bars($"Share of {d.High}'s {table.Noun} by {H(d.By!)}", d.By!, "Share", d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.N / (double)standoutRows).ToList()));
                break;
            }
            case FacetAspect.SiblingTotals:
                WriteSiblingTotals(draft, d);
                break;
            case FacetAspect.Underwater when d.Series is { } s:
            {
                string[] cols = [d.X, d.Y];
                var g = d.Groups[0];
                var high = new double[s.Y.Length];
                var top = double.NegativeInfinity;
                for (var i = 0; i < s.Y.Length; i++) high[i] = top = double.IsFinite(s.Y[i]) ? Math.Max(top, s.Y[i]) : top;
                nb.Lead($"For {nb.Pct(g.Value, $"share of points more than {Fmt.Pct(UnderwaterDepth)} below the highest value so far", cols, rows)} of the time ({nb.Int(g.N, "points well below the earlier high", cols, rows)} of {nb.Int(d.N, "points", cols, rows)} points), {H(s.Subject)} stood more than {nb.Pct(UnderwaterDepth, "depth counted as well below the earlier high", cols, rows)} below the highest value it had reached before.");
                nb.Paragraph($"Its sibling story dates the falls; this says how long they weighed.");
                nb.Evidence($"Each point compared with the running maximum of the series up to it.");
                charts.Add(ChartFactory.Lines($"{Cap(H(s.Subject))} and its highest value so far", H(s.TimeColumn), Cap(H(s.Measure)), [(H(s.Measure), s.T, s.Y), ("highest so far", s.T, high)], s.TimeIsYear));
                charts.Add(ChartFactory.Bars($"Share of the time well below the earlier high", "Part", "Share", ["well below", "near or at the high"], [g.Value, 1 - g.Value]));
                break;
            }
            case FacetAspect.Extremes when d.Series is { } s:
            {
                string[] cols = [d.X, d.Y];
                var (m, unit) = ColumnWords.Split(d.Y);
                var (hi, lo) = (d.Groups[0], d.Groups[1]);
                var hv = nb.N(hi.Value, $"highest {d.Y}", cols, rows);
                var lv = nb.N(lo.Value, $"lowest {d.Y}", cols, rows);
                string When(string label) => double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var year)
                    ? nb.N(year, $"the time point {label}", cols, rows, _ => label) : label;
                nb.Lead($"The highest {m}, {unit?.Amount(hv) ?? hv} in {When(hi.Label)}, and the lowest, {unit?.Amount(lv) ?? lv} in {When(lo.Label)}, lie on either side of the step in {When(d.High!)}.");
                nb.Paragraph($"Its sibling story gives the two levels; this names the extreme {H(s.TimeColumn)}s and puts each on its side of the step.");
                nb.Evidence($"The largest and smallest of the {nb.Int(d.N, "time points", cols, rows)} values of the series.");
                charts.Add(ChartFactory.Line($"{Cap(H(d.Y))} with its highest and lowest value", H(s.TimeColumn), Cap(H(s.Measure)), s.T, s.Y, s.TimeIsYear, markers: [hi.Other, lo.Other]));
                charts.Add(ChartFactory.Bars($"Highest and lowest {H(d.Y)}", d.X, Cap(H(d.Y)), [hi.Label, lo.Label], [hi.Value, lo.Value]));
                break;
            }
            case FacetAspect.Excess:
            {
                string[] cols = [d.Y, d.X];
                var (o, e) = (H(d.Y), H(d.X));
                var above = d.Groups.Where(g => g.Value > g.Other).ToList();
                var below = d.Groups.Where(g => g.Value < g.Other).ToList();
                var n = nb.Int(d.N, $"rows with {d.Y} and a positive {d.X}", cols, rows);
                nb.Lead($"{nb.Int(above.Count, $"rows with clearly more {d.Y} than the pooled rate predicts", cols, rows)} of {n} {table.Noun} have clearly more {o} than their {e} predicts, {nb.Int(below.Count, $"rows with clearly fewer {d.Y} than the pooled rate predicts", cols, rows)} clearly fewer.");
                var top = above.Count > 0 ? above[0] : below[^1];
                var at = $"row {top.N + 1}";
                var name = table.RowLabel(top.N) is { } label ? Label(nb, d.X, label) : $"the row with {e} {nb.N(((NumericColumn)table.Find(d.X)!).Values[top.N], $"{d.X} of the row furthest off the pooled rate", cols, at)}";
                nb.Paragraph($"The furthest off is {name}: {nb.N(top.Value, $"{d.Y} of the row furthest off the pooled rate", cols, at)} against {nb.N(top.Other, $"{d.Y} expected at the pooled rate for the row furthest off it", cols, at)} expected at the pooled rate. The rest sit within what chance allows around the rate told in its sibling story.");
                nb.Evidence($"Expected {o} = the pooled rate ({nb.N(d.Slope, $"pooled {d.Y} per unit of {d.X}", cols, rows)} per unit of {e}) × each row's {e}; a two-sided Poisson test per row (normal with continuity correction from five expected, exact below), Benjamini-Hochberg across rows, adjusted p below {nb.N(MaxOffRateP, "adjusted p-value cut", cols, rows)}.");
                var (x, y) = (d.Groups.Count > 0 ? AllPairs(table, d.X, d.Y, d.Slope) : ([], []));
                charts.Add(ChartFactory.Scatter($"{Cap(o)}: observed against expected at the pooled rate", $"Expected {o}", $"Observed {o}", x, y, (1, 0)));
                var shown = d.Groups.OrderByDescending(g => Math.Abs(g.Value - g.Other)).Take(12).ToList();
                charts.Add(ChartFactory.Bars($"{Cap(o)} above (+) or below (−) expected, rows clearly off the rate", e, $"Observed − expected {o}", shown.Select(g => g.Label).ToList(), shown.Select(g => g.Value - g.Other).ToList()));
                break;
            }
            case FacetAspect.SizeNotRate:
            {
                string[] cols = [d.Y, d.X];
                var (top, middle, median) = (d.Groups[0], d.Groups[1], d.Groups[2]);
                var largest = d.Groups.Skip(3).ToList();
                var (o, e) = (H(d.Y), H(d.X));
                var at = $"{AllRows(table)} for {top.Label}";
                var per = $"per {d.High}{e}";
                var scale = d.Slope.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);
                var members = SizeMembers(d.By!);
                var rank = top.N == 1 ? "the largest" : $"among the {nb.Int(Math.Max(1, median.N / 10), $"largest tenth of the {members} by {d.X}", cols, rows)} largest";
                nb.Lead($"{Cap(top.Label)} has the highest {o}, {nb.N(top.Value, $"sum of {d.Y} for {top.Label}", cols, at)}, only because its {e} is {rank}: " +
                    $"its rate, {nb.N(top.Other, $"{d.Y} over {d.X} for {top.Label}, times {scale}", cols, at)} {per}, is in the middle half of the {members}: {nb.Int(middle.N, $"{members} with a higher {d.Low} than {top.Label}", cols, rows)} have a higher rate, and the median is {nb.N(median.Value, $"median {d.Low} of the {members}", cols, rows)}.");
                nb.Paragraph($"Half of the {nb.Int(median.N, $"{members} with {d.Y} and a positive {d.X}", cols, rows)} {members} have a rate between {nb.N(middle.Value, $"first quartile of {d.Low} of the {members}", cols, rows)} and {nb.N(middle.Other, $"third quartile of {d.Low} of the {members}", cols, rows)} {per}, and {Cap(top.Label)}'s lies inside that range: " +
                    $"its {o} is large because its {e} ({nb.N(median.Other, $"sum of {d.X} for {top.Label}", cols, at)}) is, not because of a higher rate. The rates in its sibling story are the comparison that weighs each member by its size.");
                nb.Evidence($"A total grows with what it is counted over, so ranking members by their {o} ranks them mostly by {e}; each rate here is the member's {o} over its {e}, stated {per}, and the middle half is the range between the first and third quartile of the members' rates.");
                charts.Add(ChartFactory.Bars($"{Cap(o)}: the largest totals", members, Cap(o), largest.Select(g => g.Label).ToList(), largest.Select(g => g.Value).ToList()));
                charts.Add(ChartFactory.Bars($"{Cap(o)} {per}: the same members", members, Cap(H(d.Low!)), largest.Select(g => g.Label).ToList(), largest.Select(g => g.Other).ToList()));
                break;
            }
            case FacetAspect.SplitExtreme:
            {
                string[] cols = [d.X, d.Y];
                var (end, next) = (d.Groups[0], d.Groups[1]);
                var (x, y) = (H(d.X), H(d.Y));
                var at = $"row {end.N + 1}";
                var name = table.RowLabel(end.N) is { } label ? $" ({H(table.RowLabelColumn()!.Name)} {Label(nb, table.RowLabelColumn()!.Name, label)})" : "";
                nb.Lead($"At the {d.High} {x}, {nb.N(end.Value, $"{d.High} {d.X}", cols, rows)}{name}, {y} was the highest of all: {nb.N(end.Other, $"{d.Y} of the row with the {d.High} {d.X}", cols, at)}, " +
                    $"against at most {nb.N(next.Other, $"highest {d.Y} of the other rows", cols, rows)} among the other {table.Noun}.");
                nb.Paragraph($"None of the other {table.Noun} reaches it: the finding of its sibling story, the events on the side of the cut at {nb.N(d.Slope, $"cut of {d.X} in the sibling story", cols, rows)}, is at its worst where the {x} is furthest out.");
                nb.Evidence($"A single row, read from the data: the row with the {d.High} {x} against the highest {y} of every other row. It shows where the finding is strongest, not a separate test.");
                var (xv, yv) = (ColumnMeaning.AsNumbers(table.Find(d.X)!)!, ColumnMeaning.AsNumbers(table.Find(d.Y)!)!);
                var both = Enumerable.Range(0, table.RowCount).Where(r => double.IsFinite(xv[r]) && double.IsFinite(yv[r])).ToArray();
                var (xs, ys) = (both.Select(r => xv[r]).ToArray(), both.Select(r => yv[r]).ToArray());
                charts.Add(ChartFactory.Scatter($"{Cap(y)} against {x}", Cap(x), Cap(y), xs, ys, null));
                // The rows furthest out on the events' side first, as far as twelve.
                var order = (d.High == "lowest" ? both.OrderBy(r => xv[r]) : both.OrderByDescending(r => xv[r])).ThenBy(r => r).Take(12).ToList();
                charts.Add(ChartFactory.Bars($"{Cap(y)} of the {table.Noun} with the {d.High} {x}", x, Cap(y),
                    order.Select(r => table.RowLabel(r) is { } l ? $"{l} ({Fmt.Num(xv[r])})" : Fmt.Num(xv[r])).ToList(), order.Select(r => yv[r]).ToList()));
                break;
            }
            case FacetAspect.SizeAgainstRest:
            {
                string[] cols = [d.By!, d.Y, d.X];
                var (top, rest, shares) = (d.Groups[0], d.Groups[1], d.Groups[2]);
                var all = d.Groups.Skip(3).ToList();
                var (o, e) = (H(d.Y), H(d.X));
                var at = $"{AllRows(table)} for {top.Label}";
                var others = $"{AllRows(table)} for the {d.By} groups other than {top.Label}";
                var per = $"per {d.High}{e}";
                var scale = d.Slope.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);
                var groupsWord = Words.Plural(H(d.By!));
                nb.Lead($"{Cap(Label(nb, d.By!, top.Label))} has the most {o}, {nb.N(top.Value, $"sum of {d.Y} for {top.Label}", cols, at)}, only because it has the most {e}, {nb.Pct(shares.Other, $"sum of {d.X} for {top.Label} over the sum for all {d.By} groups", cols, rows)} of it: " +
                    $"its rate, {nb.N(top.Other, $"{d.Y} over {d.X} for {top.Label}, times {scale}", cols, at)} {per}, is below the {nb.N(rest.Other, $"{d.Y} over {d.X} for the other {d.By} groups pooled, times {scale}", cols, others)} of the other {nb.Int(rest.N, $"other {d.By} groups", cols, rows)} {groupsWord} together.");
                nb.Paragraph($"It holds {nb.Pct(shares.Value, $"sum of {d.Y} for {top.Label} over the sum for all {d.By} groups", cols, rows)} of the {o} with {nb.Pct(shares.Other, $"sum of {d.X} for {top.Label} over the sum for all {d.By} groups", cols, rows)} of the {e}: " +
                    $"its {o} is large because its {e} is, not because of a higher rate. The rates in its sibling story are the comparison that weighs each group by its size.");
                nb.Evidence($"A total grows with what it is counted over, so ranking groups by their {o} ranks them mostly by {e}; each rate here is the group's {o} over its {e}, stated {per}, and the other groups' rate is their {o} over their {e}, pooled.");
                charts.Add(ChartFactory.Bars($"{Cap(o)} by {H(d.By!)}", d.By!, Cap(o), all.Select(g => g.Label).ToList(), all.Select(g => g.Value).ToList()));
                charts.Add(ChartFactory.Bars($"{Cap(o)} {per} by {H(d.By!)}", d.By!, Cap(H(d.Low!)), all.Select(g => g.Label).ToList(), all.Select(g => g.Other).ToList()));
                break;
            }
            case FacetAspect.Pace:
            {
                string[] cols = [d.X, d.Y];
                var (m, unit) = ColumnWords.Split(d.Y);
                var (early, late) = (d.Groups[0], d.Groups[1]);
                var (per, scale) = PaceUnit(early.Value, late.Value);
                string Rate(FacetGroup g)
                {
                    var v = nb.N(Math.Abs(g.Value * scale), $"least-squares slope of {d.Y} per {per} in {g.Label}", cols, $"points in {g.Label}");
                    return $"{unit?.Amount(v) ?? v} a {per}";
                }
                string Moved(double v) => v > 0 ? "rose" : "fell";
                // A third is named by its first and last year, recorded facts ("1958–1972").
                string Span(FacetGroup g) => string.Join("–", g.Label.Split('–').Select(y => nb.N(double.Parse(y, System.Globalization.CultureInfo.InvariantCulture), $"a year bounding the period {g.Label}", cols, rows, _ => y)));
                bool Level(FacetGroup g) => !(g.Other < MaxPaceP);
                string Trend(FacetGroup g) => Level(g)
                    ? $"showed no consistent trend (Mann-Kendall {nb.P(g.Other, $"Mann-Kendall p-value of {d.Y} in {g.Label}", cols, $"points in {g.Label}")})"
                    : $"{Moved(g.Value)} by about {Rate(g)}";
                nb.Lead(Level(early) || Level(late)
                    ? $"From {Span(early)} {m} {Trend(early)}; from {Span(late)} it {Trend(late)}."
                    : $"From {Span(early)} {m} {Moved(early.Value)} by about {Rate(early)}; from {Span(late)} it {Moved(late.Value)} by about {Rate(late)}" +
                      (Math.Sign(early.Value) != Math.Sign(late.Value) ? "." : Math.Abs(late.Value) > Math.Abs(early.Value) ? ": the change is speeding up." : ": the change is slowing."));
                nb.Paragraph($"Its sibling story gives one rate for the whole span; this compares the first third of the span with the last.");
                nb.Evidence($"Least-squares lines fitted separately to the {nb.Int(early.N, $"points in {early.Label}", cols, rows)} points of the first third and the {nb.Int(late.N, $"points in {late.Label}", cols, rows)} points of the last third.");
                charts.Add(ChartFactory.Bars($"Change in {H(d.Y)} per {per}: first and last third", d.X, $"Change per {per}", d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Value * scale).ToList(), highlight: 1));
                if (d.Series is { } s) charts.Add(ChartFactory.Line($"{Cap(H(d.Y))} over time", H(s.TimeColumn), Cap(H(s.Measure)), s.T, s.Y, s.TimeIsYear));
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
