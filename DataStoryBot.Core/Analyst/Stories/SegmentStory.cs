using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

public sealed record SegmentGroup(string Label, int N, double Median, double Q1, double Q3, double Mean, double Min, double Max);

/// <summary>
/// A duration's slowest group against all the other rows pooled: "Database changes take about 3.1 times as long: median
/// 6.2 hours against 2".
/// </summary>
/// <param name="Unit">The duration's unit ("hours").</param>
/// <param name="What">What the duration measures, after its unit ("to resolve", "from actual start to actual end").</param>
public sealed record DurationGap(string Label, int N, double Median, int RestN, double RestMedian, string Unit, string What)
{
    public double Ratio => Median / RestMedian;
}

/// <param name="ExactP">For small samples, the permutation p-value of H (seeded, so reproducible); null when the chi-square approximation is used.</param>
/// <param name="Slowest">For a duration, its slowest group against the rest, when it takes at least <see cref="SegmentStory.MinDurationRatio"/> times as long.</param>
/// <param name="Confound">For a duration's slowest group, the same gap read within the levels of the category that explains it most (see <see cref="Confounders"/>).</param>
/// <param name="Entity">For rows that repeat an entity (a girl measured at several ages), the entity column: each group holds its entities' averages, one per entity.</param>
/// <param name="Levels">How many groups have enough values to compare; more than <see cref="Groups"/> when only the largest were compared (0: all were).</param>
public sealed record SegmentDetail(string Category, string Measure, IReadOnlyList<SegmentGroup> Groups, KruskalWallisResult Test, double? ExactP = null, DurationGap? Slowest = null, ConfoundCheck? Confound = null, string? Entity = null, int Levels = 0)
{
    /// <summary>When another grouping holds this one's differences on the measure (see <see cref="SegmentStory.MarkProxies"/>), the check that says so.</summary>
    public ProxyCheck? ProxyOf { get; init; }

    /// <summary>Whether only the largest groups were compared, so "highest" and "lowest" hold among those only.</summary>
    public bool Partial => Levels > Groups.Count;

    /// <summary>The p-value the story relies on: the permutation test's for small samples.</summary>
    public double PValue => ExactP ?? Test.PValue;
}

public sealed record AssociationDetail(string A, string B, ChiSquareResult Test, string[] LabelsA, string[] LabelsB, long[,] Table);

/// <summary>
/// Segment differences: Kruskal-Wallis with ε² for a numeric measure across the levels of a category
/// (all levels up to 60, else the 12 largest, said so), and chi-square with Cramér's V between two categories.
/// </summary>
public sealed partial class SegmentStory : StoryKind
{
    public override string Name => "segment_difference";

    public override double Weight => 0.8;

    public override IReadOnlyList<string> SteeringWords { get; } = ["segment", "group", "differ", "compare", "comparison", "between"];

    public override string? Caveat => "The groups may differ in other ways the data does not hold (size, mix, timing); the comparison describes them and does not show that the group itself makes the difference.";

    /// <summary>
    /// A slowest group whose gap mostly vanishes within the levels of another category (Australia's incidents are slow
    /// because most hardware incidents are Australian) is that category's story: dropped, and discovery logs why.
    /// </summary>
    public override string? Contradiction(Insight insight) => insight.Detail switch
    {
        SegmentDetail { Slowest: { } slow, Confound: { Explained: true } c } =>
            $"{slow.Label} takes {Fmt.Num(c.Raw)} times as long as the rest overall but {Fmt.Num(c.Within)} times within each {Words.Human(c.By)}: the gap is the {Words.Human(c.By)} mix",
        SegmentDetail { ProxyOf: { } p } d => ProxyReason(d, p),
        _ => null,
    };

    public override void Write(StoryDraft draft)
    {
        switch (draft.Insight.Detail)
        {
            case SegmentDetail d:
                Segment(draft.Text, draft.Charts, draft.Table, d);
                break;
            case AssociationDetail d:
                Association(draft.Text, draft.Charts, draft.Table, d);
                break;
            default:
                throw new EngineException(EngineFailureKind.Unanalyzable, $"A {Name} story cannot carry a {draft.Insight.Detail.GetType().Name}.");
        }
    }

    public const int MaxLevels = 12;

    /// <summary>
    /// Up to this many groups (each with <see cref="MinGroupSize"/> values) all are compared; over more, the
    /// <see cref="MaxLevels"/> largest, and the story says so. In a balanced panel (48 states, each once a year) "the
    /// largest twelve" are an arbitrary twelve, and a highest or lowest among them is no highest or lowest at all.
    /// </summary>
    public const int MaxWholeLevels = 60;
    public const int MinGroupSize = 5;
    public const double MaxP = 0.001;
    public const double MinEpsilon = 0.06;
    public const double MinCramersV = 0.2;
    public const int ScreenRows = 20_000;

    /// <summary>Up to this many rows the Kruskal-Wallis p-value comes from a permutation test, and a smaller p suffices.</summary>
    public const int SmallSample = 80;
    public const double SmallSampleMaxP = 0.01;
    public const double SmallSampleMinEpsilon = 0.2;
    private const int Permutations = 10_000;


    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        var categories = table.Categories.Where(c => c.Labels.Length is >= 2 and <= 200 && !ColumnMeaning.IsFreeText(c)).Take(15)
            .Concat(table.Groupings.Where(c => c.Derived is not null)).ToList();
        var measures = table.Numeric.Take(30).ToList();
        // A self-report or an estimate of a measure the table also holds (repht beside height) compares the groups on
        // the same quantity again: the measured column tells it.
        var names = measures.Select(m => m.Name).ToList();
        measures.RemoveAll(m => ColumnMeaning.IsStandInOfAny(m.Name, names));
        var screenRows = Descriptive.EvenlySpaced(table.RowCount, ScreenRows);
        // In an experiment (a factor assigned in equal numbers within blocks) how the attributes are spread over the units
        // is the design or the sample, never a finding: only what happened to the units (the outcome's rates) is.
        var experiment = RowModels.IsExperiment(table);
        var entity = EntityKeys(table);
        var found = new List<Insight>();
        foreach (var category in categories)
        {
            foreach (var measure in measures)
            {
                if (experiment && !table.Model.Assigned!.Contains(category.Name) && !RateStory.IsOutcomeName(category.Name) && !RateStory.IsOutcomeName(measure.Name)) continue;
                // A derived grouping (a band, a weekday) is compared on durations only: how long things take by it.
                if (category.Derived is not null)
                {
                    if ((measure.Duration is not null || measure.Name == category.Derived.Target) && DerivedDuration(table, category, measure) is { } derived) found.Add(derived);
                    continue;
                }
                if (DefinedInSomeGroupsOnly(category, measure) || ColumnMeaning.IsPromotionRule(category.Name, measure.Name) || ColumnMeaning.IsIncomparableLevel(table, category.Name, measure.Name)) continue;
                // Rows that repeat an entity (a girl measured at several ages) are not independent: a group the entity
                // belongs to for good (patient or control) is compared on the entities' averages, one per entity.
                if (entity is not null && category.Name != entity.Value.Name && PerEntity(category, measure, entity.Value.Keys, entity.Value.Name) is { } per)
                {
                    var few = per.Test.N <= SmallSample;
                    if (per.PValue < (few ? SmallSampleMaxP : MaxP) && per.Test.EpsilonSquared >= (few ? SmallSampleMinEpsilon : MinEpsilon) && !IsStructure(per))
                    {
                        found.Add(ToInsight(per, table.Noun));
                    }
                    continue;
                }
                var screen = Analyze(category, measure, screenRows);
                if (screen is null) continue;
                var small = screen.Test.N <= SmallSample;
                if (!(screen.PValue < (small ? SmallSampleMaxP : MaxP * 10)) || screen.Test.EpsilonSquared < (small ? SmallSampleMinEpsilon : MinEpsilon * 0.7)) continue;
                var d = screenRows.Length == table.RowCount ? screen : Analyze(category, measure, Enumerable.Range(0, table.RowCount).ToArray());
                if (d is null || !(d.PValue < (small ? SmallSampleMaxP : MaxP)) || d.Test.EpsilonSquared < (small ? SmallSampleMinEpsilon : MinEpsilon)) continue;
                if (IsStructure(d, IsLastingRate(table, category, measure)) || IsFlagOfTheDuration(category, measure) || SetsTheAllowance(table, category, measure)) continue;
                // A rate per unit of exposure whose groups' pooled rates differ is told as that rate (all the group's
                // deaths over all its people), not as the median of its rows' rates.
                if (ExposureRates.IsPooledRate(table, measure) && ExposureRates.Analyze(table, category, measure) is not null) continue;
                if (measure.Duration is not null) d = d with { Slowest = Slowest(category, measure, d) };
                // Only a story that would be told is read within the other categories (a few per table, not every pair).
                if (d.Slowest is { } slow) d = d with { Confound = Confounders.ForMedians(table, category, Array.IndexOf(category.Labels, slow.Label), measure) };
                // Over a column of many values (people, sites) only the largest twelve are compared: a partial view,
                // told after a comparison over a category that is whole.
                var insight = ToInsight(d, table.Noun);
                found.Add(category.Labels.Length > MaxLevels ? insight with { Impact = insight.Impact * 0.6 } : insight);
            }
        }
        // A grouping whose differences on a measure another grouping holds (island, where species decides it) is that
        // grouping's story: marked, and dropped by discovery with why.
        foreach (var insight in MarkProxies(table, found)) yield return insight;
        for (var i = 0; i < categories.Count; i++)
        {
            for (var j = i + 1; j < categories.Count; j++)
            {
                if (categories[i].Labels.Length > 30 || categories[j].Labels.Length > 30) continue;
                if (experiment && !RateStory.IsOutcomeName(categories[i].Name) && !RateStory.IsOutcomeName(categories[j].Name)) continue;
                var part = categories[i].Derived is not null ? categories[i] : categories[j].Derived is not null ? categories[j] : null;
                if (part is not null)
                {
                    // A date's part (weekday, hour, year) within a category's rows: "59% of sick leave starts on a Monday".
                    if (categories[i].Derived is null || categories[j].Derived is null)
                    {
                        if (PartWithin(table, part, part == categories[i] ? categories[j] : categories[i]) is { } within) yield return within;
                    }
                    continue;
                }
                var d = Associate(categories[i], categories[j]);
                // V ≥ 0.9: one column (nearly) decides the other — a routing rule or a code and its label, not a finding.
                if (d is null || !(d.Test.PValue < MaxP) || d.Test.CramersV < MinCramersV || d.Test.CramersV >= MaxCramersV) continue;
                var (a, b) = (Words.Human(d.A), Words.Human(d.B));
                var title = $"{Words.Cap(a)} and {b} are linked";
                var summary =
                    $"The mix of {b} values differs clearly between {a} values across {Fmt.Int(d.Test.N)} rows. " +
                    $"A chi-square test of independence rejects that the two are unrelated (χ² = {Fmt.Num(d.Test.Statistic)}, {Fmt.Int(d.Test.Df)} degrees of freedom, {Fmt.P(d.Test.PValue)}, Cramér's V = {Fmt.Coef(d.Test.CramersV)}).";
                yield return new Insight(StoryKinds.Of<SegmentStory>(), [d.A, d.B], title, summary, ["bar"],
                    "Chi-square test of independence with Cramér's V", d.Test.Statistic, d.Test.PValue, d.Test.CramersV, d.Test.N,
                    d.Test.CramersV * 0.8, d);
            }
        }
    }

    /// <summary>A duration's slowest group is told in words ("about 3 times as long") from this ratio to the rest's median.</summary>
    public const double MinDurationRatio = 1.5;

    /// <summary>
    /// A yes/no flag named for a time limit (made SLA, late, on time, overdue, breached) against a duration: the flag is
    /// computed from the time, so the time differing between its two values is its definition, not a finding.
    /// </summary>
    public static bool IsFlagOfTheDuration(CategoryColumn category, NumericColumn measure) =>
        category.Labels.Length == 2 && IsTimeLimitName(category.Name)
        && (measure.Duration is not null || DurationLike().IsMatch(measure.Name));

    /// <summary>A name for whether a row kept its time limit (made SLA, late, on time, overdue, breached).</summary>
    public static bool IsTimeLimitName(string column) => TimeLimitFlag().IsMatch(column);

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)(sla|late|on_?time|in_?time|overdue|breach|deadline|delay|(^|_)met($|_)|within)")]
    private static partial System.Text.RegularExpressions.Regex TimeLimitFlag();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)(minute|hour|day|delay|wait|duration|time_to|lead_?time)")]
    private static partial System.Text.RegularExpressions.Regex DurationLike();

    /// <summary>The slowest group (highest median) against every other row of the duration pooled, or null when it does not take <see cref="MinDurationRatio"/> times as long.</summary>
    public static DurationGap? Slowest(CategoryColumn category, NumericColumn measure, SegmentDetail d)
    {
        if (measure.Duration is not { } info) return null;
        var top = d.Groups[0];
        var code = Array.IndexOf(category.Labels, top.Label);
        var rest = new List<double>();
        for (var r = 0; r < category.Length; r++)
        {
            var c = category.Codes[r];
            var v = measure.Values[r];
            if (c >= 0 && c != code && double.IsFinite(v)) rest.Add(v);
        }
        if (rest.Count < MinGroupSize) return null;
        var restMedian = Descriptive.QuantileSorted(Descriptive.Sorted(rest.ToArray()), 0.5);
        if (!(restMedian > 0) || top.Median < MinDurationRatio * restMedian) return null;
        var what = measure.Name.StartsWith(info.Unit + " ", StringComparison.Ordinal) ? measure.Name[(info.Unit.Length + 1)..] : measure.Name;
        return new DurationGap(top.Label, top.N, top.Median, rest.Count, restMedian, info.Unit, what);
    }

    /// <summary>A span's name without its unit, as a time: "processing time", "resolution time", "delay".</summary>
    private static string SpanName(string measure)
    {
        var name = ColumnWords.Split(measure).Name;
        return name.Split(' ').Any(w => w is "time" or "duration" or "delay" or "wait" or "lag" or "stay" or "tenure" or "age") ? name : name + " time";
    }

    /// <summary>
    /// A duration by a derived grouping (issue 21): "claims with amount over 2,000 take about 3x longer to process". Told
    /// when the groups differ by a Kruskal-Wallis test and the longest group's median is at least 1.5 times the shortest's
    /// (a band on a few rows moves little of the variance, so the ratio, not ε², says whether it matters).
    /// </summary>
    private static Insight? DerivedDuration(AnalysisTable table, CategoryColumn category, NumericColumn measure)
    {
        var g = category.Derived!;
        if (g.Sources.Intersect(table.SourcesOf(measure.Name)).Any()) return null;
        var d = Analyze(category, measure, Enumerable.Range(0, table.RowCount).ToArray());
        if (d is null || !(d.PValue < MaxP) || d.Groups.Any(x => x.N < DerivedGroups.MinSide)) return null;
        var (top, bottom) = (d.Groups[0], d.Groups[^1]);
        if (!(bottom.Median > 0) || top.Median < DerivedGroups.MinRatio * bottom.Median) return null;
        var ratio = top.Median / bottom.Median;
        var human = Words.Human(d.Measure);
        var words = human.Split(' ', 3);
        var (unit, verb) = words.Length == 3 && words[1] == "to" ? (words[0], words[2]) : (human, null);
        // "Those with amount over 2,000 take …" when the table has no noun for its rows, never "Rows with …".
        var who = g.Who(table.Noun == TableNoun.Default ? "those" : table.Noun, category.Labels, top.Label);
        var title = verb is null
            ? $"{Words.Cap(SpanName(d.Measure))} is {EffectWords.Times(ratio)} as long for {who}: median {ColumnWords.Amount(table, d.Measure, Fmt.Num(top.Median))} vs {Fmt.Num(bottom.Median)}"
            : $"{Words.Cap(who)} take {EffectWords.Times(ratio)} as long to {verb}: median {Fmt.Num(top.Median)} {unit} vs {Fmt.Num(bottom.Median)}";
        var summary =
            $"The median {human} is {Fmt.Num(top.Median)} for {Words.Label(d.Category, top.Label)} ({Fmt.Int(top.N)} rows) against {Fmt.Num(bottom.Median)} for {Words.Label(d.Category, bottom.Label)} ({Fmt.Int(bottom.N)} rows), across {d.Groups.Count} groups. " +
            $"A Kruskal-Wallis test finds the groups differ (H = {Fmt.Num(d.Test.H)}, {Fmt.P(d.PValue)}, ε² = {Fmt.Coef(d.Test.EpsilonSquared)}, n = {Fmt.Int(d.Test.N)}).";
        var impact = Math.Min(1, 0.4 + 0.2 * (ratio - 1));
        return new Insight(StoryKinds.Of<SegmentStory>(), [d.Category, d.Measure], title, summary, ["box", "bar"],
            "Kruskal-Wallis test with epsilon squared", d.Test.H, d.PValue, d.Test.EpsilonSquared, d.Test.N, impact, d);
    }

    /// <summary>
    /// One part of a date (a weekday, a time of day, a year) concentrated in one level of a category: "59% of sick leave
    /// requests have start date on a Monday, against 20% of the other leave requests". The cell with the widest gap
    /// between its share within the level and among the other rows, at least 1.75 times and 10 points above it.
    /// </summary>
    private static Insight? PartWithin(AnalysisTable table, CategoryColumn part, CategoryColumn category)
    {
        if (part.Derived is not { Kind: "weekday" or "hour" or "year" } g || ColumnMeaning.IsFreeText(category) || ColumnMeaning.IsFlag(category)) return null;
        // The year items began against a state of having left service (Retired) is their age: the rate kind tells it
        // ("assets purchased in 2019: retired 80%"), with the weight of a lifecycle, not this share read the other way.
        if (g.Kind == "year" && category.Labels.Any(RateStory.IsLeftService)) return null;
        var d = Associate(category, part);
        if (d is null || !(d.Test.PValue < MaxP) || d.Test.CramersV >= MaxCramersV) return null;
        var total = (double)d.Test.N;
        var levelSum = new double[d.LabelsA.Length];
        var partSum = new double[d.LabelsB.Length];
        for (var a = 0; a < levelSum.Length; a++) for (var b = 0; b < partSum.Length; b++) { levelSum[a] += d.Table[a, b]; partSum[b] += d.Table[a, b]; }
        (int A, int B, double Inside, double Outside)? best = null;
        for (var a = 0; a < levelSum.Length; a++)
        {
            if (levelSum[a] < DerivedGroups.MinSide || total - levelSum[a] < DerivedGroups.MinSide) continue;
            for (var b = 0; b < partSum.Length; b++)
            {
                if (d.Table[a, b] < 10) continue;
                var inside = d.Table[a, b] / levelSum[a];
                var outside = (partSum[b] - d.Table[a, b]) / (total - levelSum[a]);
                if (inside - outside < DerivedGroups.MinShareGap || inside < DerivedGroups.MinLift * outside) continue;
                if (best is null || inside - outside > best.Value.Inside - best.Value.Outside) best = (a, b, inside, outside);
            }
        }
        if (best is not { } x) return null;
        var phrase = g.Phrases[x.B];
        var verb = phrase.StartsWith("with ", StringComparison.Ordinal) ? "have " + phrase[5..] : "were " + phrase;
        var level = Words.Label(category.Name, d.LabelsA[x.A]);
        var title = $"{Fmt.Pct(x.Inside)} of {level} {table.Noun} {verb}, against {Fmt.Pct(x.Outside)} of the other {table.Noun}";
        var summary =
            $"{Fmt.Int(d.Table[x.A, x.B])} of the {Fmt.Int(levelSum[x.A])} rows with {Words.Human(category.Name)} {level} fall in {d.LabelsB[x.B]} ({Words.Human(part.Name)}), against {Fmt.Pct(x.Outside)} of the other {Fmt.Int(total - levelSum[x.A])} rows. " +
            $"A chi-square test of independence rejects that the two are unrelated (χ² = {Fmt.Num(d.Test.Statistic)}, {Fmt.Int(d.Test.Df)} degrees of freedom, {Fmt.P(d.Test.PValue)}; Cramér's V = {Fmt.Coef(d.Test.CramersV)}).";
        // The year a thing was bought against its state is its age: expected (old things retire), so it weighs less.
        var impact = Math.Min(1, 0.4 + 1.5 * (x.Inside - x.Outside)) * (g.Kind == "year" ? 0.6 : 1);
        return new Insight(StoryKinds.Of<SegmentStory>(), [category.Name, part.Name], title, summary, ["bar"],
            "Chi-square test of independence with Cramér's V", d.Test.Statistic, d.Test.PValue, d.Test.CramersV, d.Test.N, impact, d);
    }

    /// <summary>A price measure that varies this much between the groups of a category (ε²) is that category's price list.</summary>
    public const double MinPriceListEpsilon = 0.6;

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)(price|msrp|list_?cost|unit_?cost|tariff)")]
    private static partial System.Text.RegularExpressions.Regex PriceName();

    /// <summary>
    /// A duration by the category that sets the time allowed (payment terms set the due date, a service level the promised
    /// date): the row's planned date (due, promised, planned) lies a fixed span after the duration's start in nearly every
    /// row of each group, a different span per group. Taking longer where more time is allowed is the rule, not a finding.
    /// </summary>
    public static bool SetsTheAllowance(AnalysisTable table, CategoryColumn category, NumericColumn measure)
    {
        if (measure.Duration is not { } info || table.Find(info.Start) is not DateColumn start) return false;
        foreach (var plan in table.Dates.Where(p => p.Name != info.End && p.Name != info.Start && Csv.TimestampNames.IsPlanName(p.Name)))
        {
            var spans = new Dictionary<int, Dictionary<long, int>>();
            for (var r = 0; r < category.Length; r++)
            {
                var c = category.Codes[r];
                var s = plan.Days[r] - start.Days[r];
                if (c < 0 || !double.IsFinite(s)) continue;
                if (!spans.TryGetValue(c, out var counts)) spans[c] = counts = [];
                var key = (long)Math.Round(s * 100);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
            var sizeable = spans.Values.Where(v => v.Values.Sum() >= MinGroupSize).ToList();
            if (sizeable.Count < 2) continue;
            var modes = sizeable.Select(v => v.MaxBy(kv => kv.Value)).ToList();
            if (sizeable.Select((v, i) => modes[i].Value >= 0.8 * v.Values.Sum()).All(x => x) && modes.Select(m => m.Key).Distinct().Count() >= 2) return true;
        }
        return false;
    }

    /// <summary>Above this Cramér's V two categories are one rule of the system (category routes to group), not a story.</summary>
    public const double MaxCramersV = 0.9;

    /// <summary>
    /// A measure the system fills in only in some groups (a processing time only for processed claims): comparing it
    /// across the groups tells the rule, not a finding. True when some sizeable group has (nearly) no nonzero value
    /// while another has mostly values.
    /// </summary>
    public static bool DefinedInSomeGroupsOnly(CategoryColumn category, NumericColumn measure)
    {
        var rows = new int[category.Labels.Length];
        var valued = new int[category.Labels.Length];
        for (var r = 0; r < category.Length; r++)
        {
            var c = category.Codes[r];
            if (c < 0) continue;
            rows[c]++;
            var v = measure.Values[r];
            if (double.IsFinite(v) && v != 0) valued[c]++;
        }
        var sizeable = Enumerable.Range(0, rows.Length).Where(c => rows[c] >= MinGroupSize).ToList();
        return sizeable.Any(c => valued[c] <= 0.05 * rows[c]) && sizeable.Any(c => valued[c] >= 0.5 * rows[c]);
    }

    /// <summary>
    /// A difference that the data's own definitions make: a two-valued flag whose groups do not overlap at all is a
    /// threshold on the measure (pass/fail computed from a score), and a state that decides its measure almost entirely
    /// (percent complete by status) is the state machine.
    /// </summary>
    /// <summary>The fewest groups at which most of them sharing one median makes a comparison a common setting (<see cref="IsStructure"/>).</summary>
    public const int MinGroupsForCommonSetting = 6;

    /// <summary>
    /// Whether the comparison is a panel's entities (states, each once a year) on a rate per exposure the analyst
    /// derived (deaths per ten thousand people): each entity's lasting level of a rate is what the panel is for, not a
    /// price list, even when the entities explain nearly all of its variation. Totals that follow the size are not rates.
    /// </summary>
    public static bool IsLastingRate(AnalysisTable table, CategoryColumn category, NumericColumn measure) =>
        table.Time.IsPanel && table.Time.Dimensions[0].Name == category.Name && RowModels.IsPerExposure(table, measure.Name);

    /// <param name="d">The comparison.</param>
    /// <param name="lastingRate">The panel's entities on a rate per exposure (<see cref="IsLastingRate"/>): the price-list rules do not apply.</param>
    public static bool IsStructure(SegmentDetail d, bool lastingRate = false)
    {
        // A category whose groups do not overlap on the measure is a threshold or a banding of it (pass/fail from a score, age groups from age).
        if (d.Test.N >= 20 && ColumnMeaning.IsBanding(d.Groups.Select(g => (g.Min, g.Max)).ToList())) return true;
        // A price list: the category sets the measure (each model its cost), so nearly all the variation is between groups.
        if ((d.Test.EpsilonSquared >= 0.9 && !lastingRate) || d.Groups.Count(g => g.Q1 == g.Q3) >= 0.8 * d.Groups.Count) return true;
        // A common setting: most of many groups share one median (30 of 48 states at a drinking age of 21), so the
        // groups do not "differ sharply"; a few set apart from one rule is a setting, not a spread of outcomes.
        if (d.Groups.Count >= MinGroupsForCommonSetting && d.Groups.GroupBy(g => g.Median).Max(g => g.Count()) * 2 > d.Groups.Count) return true;
        // A price by the product line it lists (unit price by product category): the catalogue, most of the variation between lines.
        if (d.Test.EpsilonSquared >= MinPriceListEpsilon && PriceName().IsMatch(d.Measure)) return true;
        return !lastingRate && d.Test.EpsilonSquared >= 0.85 && ColumnMeaning.IsStateField(d.Category);
    }

    /// <summary>For rows that repeat an entity (<see cref="RowKind.Repeated"/>, or a label column named for one whose values repeat), the entity column's name and each row's entity number (−1 where missing).</summary>
    internal static (string Name, int[] Keys)? EntityKeys(AnalysisTable table)
    {
        var column = table.Model is { Kind: RowKind.Repeated, Entity: { } entity } ? table.Find(entity) : RowModels.RepeatedEntity(table);
        if (column is null) return null;
        var name = column.Name;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new int[table.RowCount];
        for (var r = 0; r < keys.Length; r++)
        {
            var label = column switch
            {
                TextColumn t => t.Values[r],
                CategoryColumn c => c.Codes[r] < 0 ? null : c.Labels[c.Codes[r]],
                NumericColumn n => double.IsFinite(n.Values[r]) ? n.Values[r].ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                _ => null,
            };
            keys[r] = label is null ? -1 : ids.TryGetValue(label, out var k) ? k : ids[label] = ids.Count;
        }
        return (name, keys);
    }

    /// <summary>
    /// Each entity's average <paramref name="measure"/> with the group it belongs to, when every entity keeps one group
    /// (patient or control); null when some entity's rows fall in two groups (an age band) or too few entities remain.
    /// </summary>
    internal static (int[] Codes, double[] Means)? EntityMeans(CategoryColumn category, NumericColumn measure, int[] keys)
    {
        var entities = keys.Length == 0 ? 0 : keys.Max() + 1;
        var codes = Enumerable.Repeat(-1, entities).ToArray();
        var sums = new double[entities];
        var counts = new int[entities];
        for (var r = 0; r < keys.Length; r++)
        {
            var (k, c, v) = (keys[r], category.Codes[r], measure.Values[r]);
            if (k < 0 || c < 0) continue;
            if (codes[k] >= 0 && codes[k] != c) return null;
            codes[k] = c;
            if (!double.IsFinite(v)) continue;
            sums[k] += v;
            counts[k]++;
        }
        var kept = Enumerable.Range(0, entities).Where(k => counts[k] > 0 && codes[k] >= 0).ToArray();
        if (kept.Length < 2 * MinGroupSize) return null;
        return (kept.Select(k => codes[k]).ToArray(), kept.Select(k => sums[k] / counts[k]).ToArray());
    }

    private static SegmentDetail? PerEntity(CategoryColumn category, NumericColumn measure, int[] keys, string entity)
    {
        if (EntityMeans(category, measure, keys) is not { } e) return null;
        var d = Analyze(new CategoryColumn(category.Name, category.Index, e.Codes, category.Labels), new NumericColumn(measure.Name, measure.Index, e.Means, false), Enumerable.Range(0, e.Codes.Length).ToArray());
        return d is null ? null : d with { Entity = entity };
    }

    public static SegmentDetail? Analyze(CategoryColumn category, NumericColumn measure, int[] rows)
    {
        var byCode = new Dictionary<int, List<double>>();
        foreach (var r in rows)
        {
            var c = category.Codes[r];
            var v = measure.Values[r];
            if (c < 0 || !double.IsFinite(v)) continue;
            if (!byCode.TryGetValue(c, out var list)) byCode[c] = list = [];
            list.Add(v);
        }
        var eligible = byCode.Count(kv => kv.Value.Count >= MinGroupSize);
        var groups = byCode.Where(kv => kv.Value.Count >= MinGroupSize)
            .OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Key).Take(eligible <= MaxWholeLevels ? eligible : MaxLevels)
            .Select(kv => (Label: category.Labels[kv.Key], Values: kv.Value.ToArray())).ToList();
        if (groups.Count < 2) return null;
        var kw = StatTests.KruskalWallis(groups.Select(g => g.Values).ToList());
        var summaries = groups.Select(g =>
        {
            var s = Descriptive.Sorted(g.Values);
            return new SegmentGroup(g.Label, s.Length, Descriptive.QuantileSorted(s, 0.5), Descriptive.QuantileSorted(s, 0.25),
                Descriptive.QuantileSorted(s, 0.75), Descriptive.Mean(s), s[0], s[^1]);
        }).OrderByDescending(g => g.Median).ThenBy(g => g.Label, StringComparer.Ordinal).ToList();
        // The permutation test only where it can matter: small samples that the approximation already calls promising.
        double? exact = kw.N <= SmallSample && kw.PValue < 0.05 && kw.EpsilonSquared >= SmallSampleMinEpsilon
            ? PermutationP(groups.Select(g => g.Values).ToList(), kw.H) : null;
        return new SegmentDetail(category.Name, measure.Name, summaries, kw, exact, Levels: groups.Count < eligible ? eligible : 0);
    }

    /// <summary>
    /// The share of random relabellings of the pooled values (10,000, from a fixed seed) whose H is at least the one
    /// observed: a permutation test that needs no large-sample approximation.
    /// </summary>
    public static double PermutationP(IReadOnlyList<double[]> groups, double observed)
    {
        var pooled = groups.SelectMany(g => g).ToArray();
        var sizes = groups.Select(g => g.Length).ToArray();
        var rng = new Random(20261204);
        var atLeast = 0;
        var shuffled = (double[])pooled.Clone();
        var buffer = new List<double[]>(sizes.Length);
        for (var p = 0; p < Permutations; p++)
        {
            for (var i = shuffled.Length - 1; i > 0; i--)
            {
                var j = rng.Next(i + 1);
                (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
            }
            buffer.Clear();
            var at = 0;
            foreach (var size in sizes) { buffer.Add(shuffled.AsSpan(at, size).ToArray()); at += size; }
            if (StatTests.KruskalWallis(buffer).H >= observed - 1e-9) atLeast++;
        }
        return (atLeast + 1.0) / (Permutations + 1.0);
    }

    public static AssociationDetail? Associate(CategoryColumn a, CategoryColumn b)
    {
        var table = new long[a.Labels.Length, b.Labels.Length];
        for (var r = 0; r < a.Codes.Length; r++)
        {
            if (a.Codes[r] >= 0 && b.Codes[r] >= 0) table[a.Codes[r], b.Codes[r]]++;
        }
        var test = StatTests.ChiSquare(table);
        if (double.IsNaN(test.Statistic) || test.N < 20) return null;
        return new AssociationDetail(a.Name, b.Name, test, a.Labels, b.Labels, table);
    }

    private static Insight ToInsight(SegmentDetail d, string noun)
    {
        if (d.Slowest is { } slow) return DurationInsight(d, slow, noun);
        var top = d.Groups[0];
        var bottom = d.Groups[^1];
        // The measure by its name without the unit (which goes after its numbers: "38.8 mm"), the groups as words: sexes
        // as people ("men"), codes read ("New Mexico"), the sides of a yes/no column as what they say ("those married").
        var (measure, category) = (ColumnWords.Split(d.Measure).Name, Words.Human(d.Category));
        var (topLabel, bottomLabel) = (GroupWords(d.Category, top.Label), GroupWords(d.Category, bottom.Label));
        string Amount(double median) => ColumnWords.AmountByName(d.Measure, Fmt.Num(median));
        // Two groups: the size in words ("nearly five times as high") or, for a small ratio, the two medians with the unit the name carries.
        var title = d.Groups.Count == 2
            ? bottom.Median > 0 && top.Median / bottom.Median >= 2
                ? $"{Words.Cap(measure)} {Words.Verb(measure, "is", "are")} {EffectWords.Times(top.Median / bottom.Median)} as high for {topLabel} as for {bottomLabel}"
                : $"{Words.Cap(measure)} {Words.Verb(measure, "is", "are")} higher for {topLabel} than for {bottomLabel}: a median of {Amount(top.Median)} against {Amount(bottom.Median)}"
            : $"{Words.Cap(measure)} {Words.Verb(measure, "differs", "differ")} sharply by {category}: highest for {topLabel}, lowest for {bottomLabel}{(d.Partial ? $" among the {Fmt.Int(d.Groups.Count)} largest {category} groups" : "")}";
        var test = d.ExactP is { } exact
            ? $"With only {Fmt.Int(d.Test.N)} rows, a permutation test of the Kruskal-Wallis statistic finds the groups differ (H = {Fmt.Num(d.Test.H)}, {Fmt.P(exact)})"
            : $"A Kruskal-Wallis test finds the groups differ (H = {Fmt.Num(d.Test.H)}, {Fmt.P(d.Test.PValue)})";
        var each = d.Entity is { } entity ? $"of each {Words.Human(entity)}'s average {measure}" : measure;
        var summary =
            $"The median {each} ranges from {Amount(top.Median)} for {topLabel} down to {Amount(bottom.Median)} for {bottomLabel}, across {(d.Partial ? $"the {Fmt.Int(d.Groups.Count)} largest of {Fmt.Int(d.Levels)}" : Fmt.Int(d.Groups.Count))} {category} groups{(d.Entity is { } e ? $" ({Fmt.Int(d.Test.N)} {Words.Human(e)} values, each measured several times)" : "")}. " +
            $"{test}, and {category} accounts for a {EffectWord(d.Test.EpsilonSquared)} share of the variation in {measure} (ε² = {Fmt.Coef(d.Test.EpsilonSquared)}, n = {Fmt.Int(d.Test.N)}).";
        return new Insight(StoryKinds.Of<SegmentStory>(), [d.Category, d.Measure], title, summary, ["box", "bar"],
            d.ExactP is null ? "Kruskal-Wallis test with epsilon squared" : "Kruskal-Wallis statistic with a permutation p-value (10,000 permutations), epsilon squared",
            d.Test.H, d.PValue, d.Test.EpsilonSquared, d.Test.N, Math.Sqrt(d.Test.EpsilonSquared), d);
    }

    /// <summary>"Database changes take about 3.1 times as long from actual start to actual end as the others: median 6.2 hours against 2".</summary>
    private static Insight DurationInsight(SegmentDetail d, DurationGap slow, string noun)
    {
        var category = Words.Human(d.Category);
        var who = noun == TableNoun.Default ? $"{slow.Label} ({category}) rows" : $"{Words.Label(d.Category, slow.Label)} {noun}";
        var title = $"{Words.Cap(who)} take about {Fmt.Num(Math.Round(slow.Ratio, 1))} times as long {slow.What} as the others: median {Fmt.Num(slow.Median)} {slow.Unit} against {Fmt.Num(slow.RestMedian)}";
        var test = d.ExactP is { } exact
            ? $"a permutation test of the Kruskal-Wallis statistic ({Fmt.P(exact)})"
            : $"a Kruskal-Wallis test (H = {Fmt.Num(d.Test.H)}, {Fmt.P(d.Test.PValue)})";
        var summary =
            $"The median {Words.Human(d.Measure)} is {Fmt.Num(slow.Median)} for {Fmt.Int(slow.N)} {Words.Label(d.Category, slow.Label)} rows against {Fmt.Num(slow.RestMedian)} for the other {Fmt.Int(slow.RestN)}. " +
            $"Across {d.Groups.Count} {category} groups the difference holds by {test}; {category} accounts for a {EffectWord(d.Test.EpsilonSquared)} share of the variation (ε² = {Fmt.Coef(d.Test.EpsilonSquared)}, n = {Fmt.Int(d.Test.N)}).";
        // A group taking several times as long as the rest is a lead in itself, whatever share of the variation it explains.
        var impact = Math.Max(Math.Sqrt(d.Test.EpsilonSquared), Math.Min(1, 0.5 + 0.15 * Math.Log2(slow.Ratio)));
        return new Insight(StoryKinds.Of<SegmentStory>(), [d.Category, d.Measure], title, summary, ["box", "bar"],
            d.ExactP is null ? "Kruskal-Wallis test with epsilon squared; medians of the slowest group and the rest" : "Kruskal-Wallis statistic with a permutation p-value (10,000 permutations), epsilon squared",
            d.Test.H, d.PValue, d.Test.EpsilonSquared, d.Test.N, impact, d);
    }

    /// <summary>A group in a sentence after "for": "men" for a sex, "those married" / "those with honors" for a yes/no side, else its label as words.</summary>
    internal static string GroupWords(string category, string label) =>
        ColumnVocabulary.People(category, label)
        ?? (ColumnVocabulary.FlagSide(category, label) is { } side ? "those " + side : Words.Label(category, label));

    internal static string EffectWord(double eps) => eps >= 0.26 ? "large" : eps >= 0.08 ? "moderate" : "small";

    private static void Segment(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, SegmentDetail d)
    {
        string[] cols = d.Entity is { } who ? [d.Category, d.Measure, who] : [d.Category, d.Measure];
        var rows = d.Entity is { } ent
            ? $"{AllRows(table)}, averaged per {ent} (one value per {ent}); {Compared(d)}"
            : $"{AllRows(table)}; {Compared(d)}";
        var units = d.Entity is { } e ? $"{H(e)} values" : "rows";
        var top = d.Groups[0];
        var bottom = d.Groups[^1];
        if (d.Slowest is { } slow)
        {
            nb.Paragraph($"{Cap(Label(nb, d.Category, slow.Label))} takes about {nb.N(slow.Ratio, $"median {H(d.Measure)} for {slow.Label} divided by the median of the other rows", cols, AllRows(table), v => Fmt.Num(Math.Round(v, 1)))} times as long {slow.What} as the rest: " +
                $"a median of {nb.N(slow.Median, $"median {H(d.Measure)} for {slow.Label}", cols, AllRows(table))} {slow.Unit} over {nb.Int(slow.N, $"rows for {slow.Label}", cols, AllRows(table))} rows, against {nb.N(slow.RestMedian, $"median {H(d.Measure)} of the rows outside {slow.Label}", cols, AllRows(table))} over the other {nb.Int(slow.RestN, $"rows outside {slow.Label} with a {H(d.Measure)}", cols, AllRows(table))}.");
        }
        var topMedian = nb.N(top.Median, $"median {H(d.Measure)} for {top.Label}", cols, rows);
        var bottomMedian = nb.N(bottom.Median, $"median {H(d.Measure)} for {bottom.Label}", cols, rows);
        var (measure, unit) = ColumnWords.Split(d.Measure);
        // A large ratio reads as a multiple ("nearly five times as high as"); a small one (heights, scores far from
        // zero) as the difference in the measure's own unit ("4 inches higher than").
        var ratio = top.Median > 0 && bottom.Median > 0 ? top.Median / bottom.Median : double.NaN;
        var gap = nb.N(top.Median - bottom.Median, $"difference of the median {H(d.Measure)} for {top.Label} and for {bottom.Label}", cols, rows);
        var compare = ratio >= 1.25
            ? nb.N(ratio, $"ratio of the median {H(d.Measure)} for {top.Label} to that for {bottom.Label}, in words", cols, rows, v => EffectWords.Compare(v))
            : $"{unit?.Amount(gap) ?? gap} higher than";
        if (d.Entity is { } repeated) nb.Paragraph($"Each {H(repeated)} is measured several times, so each counts once here, with the average of its own {measure} values.");
        nb.Paragraph($"{Cap(measure)} {Words.Verb(measure, "differs", "differ")} sharply by {H(d.Category)}: the typical (median) {measure} for {Label(nb, d.Category, top.Label)} is {unit?.Amount(topMedian) ?? topMedian}, {compare} the {unit?.Amount(bottomMedian) ?? bottomMedian} for {Label(nb, d.Category, bottom.Label)}.");
        nb.Paragraph($"The evidence: a Kruskal-Wallis test across {nb.Int(d.Groups.Count, "groups compared", cols, rows)} groups ({nb.Int(d.Test.N, $"{units} compared", cols, rows)} {units}) gives H = {nb.N(d.Test.H, "Kruskal-Wallis H", cols, rows)} ({nb.P(d.Test.PValue, "Kruskal-Wallis p-value", cols, rows)}){(d.ExactP is { } exact ? $"; with so few rows the p-value comes from {nb.Int(Permutations, "random relabellings in the permutation test", cols, rows)} random relabellings of the groups ({nb.P(exact, "permutation p-value of the Kruskal-Wallis statistic", cols, rows)})" : "")}. The effect size ε² = {nb.Coef(d.Test.EpsilonSquared, "epsilon squared", cols, rows)} means {H(d.Category)} accounts for a {SegmentStory.EffectWord(d.Test.EpsilonSquared)} share of the variation in {H(d.Measure)}. The test compares ranks, so a few extreme values cannot drive it." +
            (top.Median > 0 && bottom.Median > 0 ? $" The ratio of the two medians is {nb.N(top.Median / bottom.Median, $"ratio of the median {H(d.Measure)} for {top.Label} to that for {bottom.Label}", cols, rows)}." : ""));
        nb.Subheading($"{Cap(H(d.Measure))} by {H(d.Category)}");
        foreach (var g in d.Groups.Take(6))
        {
            nb.Bullet($"{Label(nb, d.Category, g.Label)}: median {nb.N(g.Median, $"median {H(d.Measure)} for {g.Label}", cols, rows)}, middle half {nb.N(g.Q1, $"first quartile for {g.Label}", cols, rows)} to {nb.N(g.Q3, $"third quartile for {g.Label}", cols, rows)} ({nb.Int(g.N, $"{units} for {g.Label}", cols, rows)} {units})");
        }
        nb.EndList();
        var cat = (CategoryColumn)table.Find(d.Category)!;
        var m = (NumericColumn)table.Find(d.Measure)!;
        var perEntity = d.Entity is not null && SegmentStory.EntityKeys(table) is { } keys ? SegmentStory.EntityMeans(cat, m, keys.Keys) : null;
        var groups = d.Groups.Select(g =>
        {
            var code = Array.IndexOf(cat.Labels, g.Label);
            return perEntity is { } pe
                ? (g.Label, pe.Means.Where((_, k) => pe.Codes[k] == code).ToArray())
                : (g.Label, Enumerable.Range(0, table.RowCount).Where(r => cat.Codes[r] == code).Select(r => m.Values[r]).ToArray());
        }).ToList();
        charts.Add(ChartFactory.Boxes($"{Cap(H(d.Measure))} by {H(d.Category)}", d.Category, d.Measure, groups));
        charts.Add(ChartFactory.Bars($"Median {H(d.Measure)} by {H(d.Category)}", d.Category, $"Median {H(d.Measure)}", d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Median).ToList(), highlight: 1));
    }

    /// <summary>Which groups a comparison covers: all of them, or the largest of how many.</summary>
    private static string Compared(SegmentDetail d) =>
        d.Partial ? $"the {d.Groups.Count} largest of {d.Levels} {H(d.Category)} groups" : $"all {d.Groups.Count} {H(d.Category)} groups with {MinGroupSize} values or more";

    private static void Association(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, AssociationDetail d)
    {
        string[] cols = [d.A, d.B];
        const string rows = "rows with both values present";
        // The news is the cell that departs most from the overall mix: the share of one B value within one A value
        // against its share of all rows (among cells with a few rows at least).
        var n = (double)d.Test.N;
        var best = (I: -1, J: -1, Gap: 0.0);
        var aTotals = Enumerable.Range(0, d.LabelsA.Length).Select(i => Enumerable.Range(0, d.LabelsB.Length).Sum(j => (double)d.Table[i, j])).ToArray();
        var bTotals = Enumerable.Range(0, d.LabelsB.Length).Select(j => Enumerable.Range(0, d.LabelsA.Length).Sum(i => (double)d.Table[i, j])).ToArray();
        for (var i = 0; i < d.LabelsA.Length; i++)
            for (var j = 0; j < d.LabelsB.Length; j++)
            {
                if (d.Table[i, j] < 5 || aTotals[i] < 10) continue;
                var gap = d.Table[i, j] / aTotals[i] - bTotals[j] / n;
                if (gap > best.Gap) best = (i, j, gap);
            }
        if (best.I >= 0)
        {
            var (a, b) = (d.LabelsA[best.I], d.LabelsB[best.J]);
            var inside = d.Table[best.I, best.J] / aTotals[best.I];
            var overall = bTotals[best.J] / n;
            nb.Paragraph($"{Cap(H(d.A))} and {H(d.B)} are linked: among {table.Noun} with {H(d.A)} {Label(nb, d.A, a)}, {nb.Pct(inside, $"share of rows with {d.A} = {a} that have {d.B} = {b}", cols, rows)} ({nb.N(inside, $"share of rows with {d.A} = {a} that have {d.B} = {b}, in words", cols, rows, EffectWords.Share)}) have {H(d.B)} {Label(nb, d.B, b)}, against {nb.Pct(overall, $"share of all rows with {d.B} = {b}", cols, rows)} of all {table.Noun}.");
        }
        else
        {
            nb.Paragraph($"{Cap(H(d.A))} and {H(d.B)} are linked: the mix of {H(d.B)} values changes with {H(d.A)}.");
        }
        nb.Evidence($"A chi-square test of independence over {nb.Int(d.Test.N, "rows in the contingency table", cols, rows)} rows gives χ² = {nb.N(d.Test.Statistic, "chi-square statistic", cols, rows)} with {nb.Int(d.Test.Df, "degrees of freedom", cols, rows)} degrees of freedom ({nb.P(d.Test.PValue, "chi-square p-value", cols, rows)}); the strength of the association is Cramér's V = {nb.Coef(d.Test.CramersV, "Cramér's V", cols, rows)} (0 none, 1 one column decides the other).");
        var rowTotals = Enumerable.Range(0, d.LabelsA.Length).Select(i => Enumerable.Range(0, d.LabelsB.Length).Sum(j => (double)d.Table[i, j])).ToArray();
        var order = Enumerable.Range(0, d.LabelsA.Length).OrderByDescending(i => rowTotals[i]).ThenBy(i => i).Where(i => rowTotals[i] > 0).ToList();
        var colTotals = Enumerable.Range(0, d.LabelsB.Length).Select(j => Enumerable.Range(0, d.LabelsA.Length).Sum(i => (double)d.Table[i, j])).ToArray();
        var topB = best.J >= 0 ? best.J : Enumerable.Range(0, d.LabelsB.Length).OrderByDescending(j => colTotals[j]).First();
        charts.Add(ChartFactory.Bars($"Rows by {H(d.A)}", d.A, "Rows", order.Select(i => d.LabelsA[i]).ToList(), order.Select(i => rowTotals[i]).ToList()));
        charts.Add(ChartFactory.Bars($"Share of {H(d.B)} = {d.LabelsB[topB]} within each {H(d.A)}", d.A, "Share (%)", order.Select(i => d.LabelsA[i]).ToList(), order.Select(i => 100.0 * d.Table[i, topB] / rowTotals[i]).ToList()));
    }
}
