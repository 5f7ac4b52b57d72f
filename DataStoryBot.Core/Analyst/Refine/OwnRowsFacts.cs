using System.Globalization;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// The rows a story is about, read again for what an analyst adds (<see cref="OwnRowsFacts"/>): the subject's rows
/// (<see cref="In"/>) against the rest of its scope, the outcome or measure the story compares, and the rows that make
/// its excess (<see cref="Excess"/>) against those they are compared with (<see cref="Against"/>).
/// </summary>
/// <param name="Who">The subject's rows in words ("Travel expense claims", "incidents with caller Fred Luddy").</param>
/// <param name="Others">The rows it is compared with, in words ("the other expense claims").</param>
/// <param name="Columns">The file columns the subject and the story's comparison are defined on (every fact carries them).</param>
/// <param name="Scope">Rows in the comparison at all (the subject's category filled; one category value for a standout within it).</param>
/// <param name="High">Whether the story says the subject is above the others.</param>
/// <param name="ShareWithin">For a standout within a category value: the subject is one value (<paramref name="Group"/>) among the value's rows, so by period its share there is compared with its share elsewhere.</param>
/// <param name="Leader">For a standout over all rows: the person, item or place column whose leader the subject is.</param>
/// <param name="AboutTime">The story is already about time (a step, a share over the months): no by-period fact.</param>
/// <param name="ExcessWho">The excess rows in words ("declined Travel expense claims").</param>
/// <param name="AgainstWho">The rows the excess is compared with, in words.</param>
public sealed record StoryRows(
    string Who, string Others, IReadOnlyList<string> Columns, bool[] In, bool[] Scope, bool High,
    RateOutcome? Outcome, sbyte[]? Y, NumericColumn? Measure, CategoryColumn? Group,
    bool[] Excess, bool[] Against, string ExcessWho, string AgainstWho)
{
    public bool ShareWithin { get; init; }

    /// <summary>For a standout within a category value: the value and the category value in words ("Australia", "Hardware incidents").</summary>
    public (string Value, string Level)? Cell { get; init; }

    public CategoryColumn? Leader { get; init; }

    public bool AboutTime { get; init; }

    /// <summary>For a standout within a category value: that value's rows against the rest (Hardware incidents), whose own
    /// other outcomes and words support the story too.</summary>
    public StoryRows? Level { get; init; }

    /// <summary>For a standout within a category value: the standout value's own rows against the others (all of Morgan
    /// Lee's goals), whose other outcomes tell what the value's rows are like beyond the category value.</summary>
    public StoryRows? Value { get; init; }

    /// <summary>For a story about a change or a cell, its comparison as a rate or a measure between two sets of rows (the
    /// rows after the change against those before; the category value's rows against the others, with the value as the
    /// outcome), so it can be read within another category (<see cref="OwnRowsFacts.Within"/>).</summary>
    public StoryRows? Compared { get; init; }
}

/// <summary>
/// The two or three facts an analyst adds to a story, computed from the story's own rows (issue 21: "the same finding by
/// month, the top contributor"): whether the gap holds month by month (or week or quarter, whichever the span reads best
/// in), which person, item, place or sub-category accounts for the story's excess rows, and the same group's other
/// outcome or duration when it differs clearly. Each fact passes a stated test or threshold (the constants below), or
/// is not said; every number is a recorded fact carrying the story's columns and the column the fact adds.
/// </summary>
public static partial class OwnRowsFacts
{
    /// <summary>Periods with enough rows a by-period fact needs.</summary>
    public const int MinPeriods = 4;

    /// <summary>Rows (decided rows, for a rate) the subject and the others each need in a period for it to count.</summary>
    public const int MinPeriodRows = 10;

    /// <summary>Share of the periods in the story's direction for the gap to be called steady.</summary>
    public const double Steady = 0.75;

    /// <summary>Share of the periods at most in the story's direction for the gap to be called unsteady.</summary>
    public const double Unsteady = 0.6;

    /// <summary>Rows a top contributor needs among the excess rows.</summary>
    public const int MinContributorRows = 10;

    /// <summary>Share of the excess rows a top contributor needs.</summary>
    public const double MinContributorShare = 0.25;

    /// <summary>How many times the runner-up's rows a top contributor needs (not the biggest of many equal).</summary>
    public const double MinAboveNext = 1.5;

    /// <summary>How many times its share among the compared rows a top contributor's share of the excess needs.</summary>
    public const double MinLift = 1.5;

    /// <summary>The p-value a contributor's or another outcome's gap must pass, after a Bonferroni correction over the columns tried.</summary>
    public const double MaxP = 0.001;

    /// <summary>Rows on each side another outcome or duration needs.</summary>
    public const int MinSide = 30;

    /// <summary>How many times the others' median another duration must be (or a fraction thereof) to be told.</summary>
    public const double MinMedianRatio = 1.5;

    /// <summary>
    /// The story's own rows, or null for a story without a group, an outcome or a measure of rows (a series' trend, a
    /// distribution, a steady answer).
    /// </summary>
    public static StoryRows? RowsOf(AnalysisTable table, Insight story)
    {
        var noun = table.Noun;
        switch (story.Detail)
        {
            case RateGroupDetail d when table.Find(d.Group) is CategoryColumn g && Array.IndexOf(g.Labels, d.Standout.Label) is var code and >= 0:
            {
                var y = OutcomeOf(table, d.Outcome);
                var inG = Mask(table, r => g.Codes[r] == code);
                var scope = Mask(table, r => g.Codes[r] >= 0);
                var who = GroupWho(g, code, noun);
                var excess = Mask(table, r => inG[r] && y[r] == (d.High ? 1 : 0));
                var against = Mask(table, r => inG[r] && y[r] == (d.High ? 0 : 1));
                var hitWho = $"{who} {(d.High ? "" : "not ")}{d.Outcome.Phrase}";
                return new StoryRows(who, $"the other {noun}", [d.Group, d.Outcome.Column], inG, scope, d.High, d.Outcome, y, null, g,
                    excess, against, hitWho, $"the other {who}");
            }
            case SegmentDetail d when table.Find(d.Category) is CategoryColumn g && table.Find(d.Measure) is NumericColumn m:
            {
                // Of the groups the title names ("highest for Project, lowest for Compliance"), the one farthest from the
                // median of the others' medians: the gap the story's news is.
                var named = d.Groups.Where(x => Names(story.Title, x.Label)).ToList();
                double Apart(SegmentGroup x)
                {
                    var rest = d.Groups.Where(o => o != x).Select(o => o.Median).Where(v => v > 0).ToArray();
                    return rest.Length == 0 || !(x.Median > 0) ? 0 : Math.Abs(Math.Log(x.Median / Descriptive.MedianInPlace(rest)));
                }
                var label = d.Slowest?.Label ?? named.OrderByDescending(Apart).ThenBy(x => story.Title.IndexOf(x.Label, StringComparison.OrdinalIgnoreCase)).FirstOrDefault()?.Label;
                if (label is null || Array.IndexOf(g.Labels, label) is not (var code and >= 0)) return null;
                var inG = Mask(table, r => g.Codes[r] == code && !double.IsNaN(m.Values[r]));
                var scope = Mask(table, r => g.Codes[r] >= 0 && !double.IsNaN(m.Values[r]));
                var rest = Median(m.Values, Mask(table, r => scope[r] && !inG[r]));
                var high = Median(m.Values, inG) >= rest;
                var who = GroupWho(g, code, noun);
                return new StoryRows(who, $"the other {noun}", [d.Category, .. table.SourcesOf(d.Measure)], inG, scope, high, null, null, m, g,
                    inG, Mask(table, r => scope[r] && !inG[r]), who, $"the other {noun}");
            }
            case StandoutDetail d when table.Find(d.Column) is CategoryColumn c && Array.IndexOf(c.Labels, d.Label) is var code and >= 0:
            {
                if (d.Within is { } w && table.Find(w.Category) is CategoryColumn cat && Array.IndexOf(cat.Labels, w.Level) is var level and >= 0)
                {
                    var inCell = Mask(table, r => cat.Codes[r] == level && c.Codes[r] == code);
                    var inLevel = Mask(table, r => cat.Codes[r] == level && c.Codes[r] >= 0);
                    var who = $"{Words.Label(w.Category, w.Level)} {noun} with {H(d.Column)} {Words.Label(d.Column, d.Label)}";
                    return new StoryRows(who, $"the other {Words.Label(w.Category, w.Level)} {noun}", [w.Category, d.Column], inCell, inLevel, true, null, null, null, c,
                        inCell, Mask(table, r => inLevel[r] && !inCell[r]), who, $"the other {Words.Label(w.Category, w.Level)} {noun}")
                    {
                        ShareWithin = true,
                        Cell = (Words.Label(d.Column, d.Label), $"{Words.Label(w.Category, w.Level)} {noun}"),
                        Level = LevelRows(table, cat, level, noun),
                        Value = ValueRows(table, c, code, d.Column, w.Category, noun),
                        Compared = CellRows(table, cat, level, c, code, d.Column, w.Category, noun),
                    };
                }
                var inC = Mask(table, r => c.Codes[r] == code);
                var filled = Mask(table, r => c.Codes[r] >= 0);
                var whoC = $"{noun} with {H(d.Column)} {Words.Label(d.Column, d.Label)}";
                return new StoryRows(whoC, $"the other {noun}", [d.Column], inC, filled, true, null, null, null, c,
                    inC, Mask(table, r => filled[r] && !inC[r]), whoC, $"the other {noun}")
                { Leader = c };
            }
            case TextTermsDetail d when d.Top.Count > 0 && d.LeadRows.Count > 0:
            {
                var inT = new bool[table.RowCount];
                foreach (var r in d.LeadRows) if (r >= 0 && r < inT.Length) inT[r] = true;
                var text = table.Find(d.TextColumn);
                var scope = Mask(table, r => text is not null && !text.IsMissing(r));
                var group = d.Category is not null && d.Group is not null ? $"{Words.Label(d.Category, d.Group)} " : "";
                var who = $"{group}{noun} whose {H(d.TextColumn)} mentions '{d.Top[0].Term}'";
                var cols = new List<string> { d.TextColumn };
                if (d.Category is not null) cols.Add(d.Category);
                return new StoryRows(who, $"the other {noun}", cols, inT, scope, true, null, null, null, null,
                    inT, Mask(table, r => scope[r] && !inT[r]), who, $"the other {noun}");
            }
            case ShareShiftDetail d when table.Find(d.Category) is CategoryColumn g && Array.IndexOf(g.Labels, d.Level) is var code and >= 0
                && table.Find(d.TimeColumn) is { } axis && d.InsideFrom < d.Starts.Count:
            {
                var from = d.Starts[d.InsideFrom];
                var to = d.InsideTo < d.Starts.Count ? d.Starts[d.InsideTo] : double.PositiveInfinity;
                var inG = Mask(table, r => g.Codes[r] == code);
                var inside = Mask(table, r => inG[r] && TimeContext.TimeValue(axis, r) is var t && t >= from && t < to);
                var outside = Mask(table, r => inG[r] && TimeContext.TimeValue(axis, r) is var t && double.IsFinite(t) && !(t >= from && t < to));
                var who = GroupWho(g, code, noun);
                var period = d.InsideTo >= d.Periods.Count ? $"from {d.Periods[d.InsideFrom].Label} on" : $"in {d.Periods[d.InsideFrom].Label}–{d.Periods[d.InsideTo - 1].Label}";
                var others = d.Granularity == "quarter" ? "quarters" : "months";
                var dated = Mask(table, r => g.Codes[r] >= 0 && double.IsFinite(TimeContext.TimeValue(axis, r)));
                var window = Mask(table, r => dated[r] && TimeContext.TimeValue(axis, r) is var t && t >= from && t < to);
                var isLevel = new sbyte[table.RowCount];
                for (var r = 0; r < isLevel.Length; r++) isLevel[r] = dated[r] ? (sbyte)(g.Codes[r] == code ? 1 : 0) : (sbyte)-1;
                var asShare = new RateOutcome(d.Category, d.Level, false, $"that are {who}", []);
                return new StoryRows(who, $"the other {noun}", [d.Category, d.TimeColumn], inG, Mask(table, r => g.Codes[r] >= 0), d.Up, null, null, null, g,
                    inside, outside, $"{who} {period}", $"the {who} of the other {others}")
                {
                    AboutTime = true,
                    Compared = new StoryRows($"the {noun} {period}", $"those of the other {others}", [d.Category, d.TimeColumn], window, dated, d.Up, asShare, isLevel, null, g,
                        window, Mask(table, r => dated[r] && !window[r]), $"the {noun} {period}", $"those of the other {others}"),
                };
            }
            case GroupDriftDetail d when table.Find(d.TimeColumn) is { } axis && d.Split < d.Starts.Count:
            {
                var g = d.Group is null ? null : table.Find(d.Group) as CategoryColumn;
                var code = g is null || d.Level is null ? -1 : Array.IndexOf(g.Labels, d.Level);
                if (d.Group is not null && code < 0) return null;
                var y = d.Outcome is null ? null : OutcomeOf(table, d.Outcome);
                var m = d.Outcome is null ? table.Find(d.Measure) as NumericColumn : null;
                if (y is null && m is null) return null;
                bool Counted(int r) => y is not null ? y[r] >= 0 : !double.IsNaN(m!.Values[r]);
                var inG = Mask(table, r => (g is null || g.Codes[r] == code) && Counted(r));
                var split = d.Starts[d.Split];
                var after = Mask(table, r => inG[r] && TimeContext.TimeValue(axis, r) >= split && (y is null || y[r] == 1));
                var before = Mask(table, r => inG[r] && TimeContext.TimeValue(axis, r) < split && (y is null || y[r] == 1));
                var who = g is null ? noun : GroupWho(g, code, noun);
                var what = y is not null ? $"{who} {d.Outcome!.Phrase}" : who;
                var cols = new List<string> { d.TimeColumn };
                if (d.Group is not null) cols.Add(d.Group);
                if (d.Outcome is not null) cols.Add(d.Outcome.Column);
                else cols.AddRange(table.SourcesOf(d.Measure));
                var later = Mask(table, r => inG[r] && TimeContext.TimeValue(axis, r) >= split);
                var earlier = Mask(table, r => inG[r] && TimeContext.TimeValue(axis, r) < split);
                var columns = cols.Distinct(StringComparer.Ordinal).ToList();
                return new StoryRows(who, $"the other {noun}", columns, inG, Mask(table, Counted), d.Up, d.Outcome, y, m, g,
                    after, before, $"{what} from {d.Labels[d.Split]} on", $"those before")
                {
                    AboutTime = true,
                    Compared = new StoryRows($"{who} from {d.Labels[d.Split]} on", "those before", columns, later, Mask(table, r => later[r] || earlier[r]), d.Up, d.Outcome, y, m, g,
                        later, earlier, $"{who} from {d.Labels[d.Split]} on", "those before"),
                };
            }
            case OutstandingDetail { Breakdown: { Measure: { } measure } b } when table.Find(b.Category) is CategoryColumn g && table.Find(measure) is NumericColumn m
                && b.Totals.Count > 0 && Array.IndexOf(g.Labels, b.Totals[0].Label) is var code and >= 0:
            {
                var inG = Mask(table, r => g.Codes[r] == code && !double.IsNaN(m.Values[r]));
                var scope = Mask(table, r => g.Codes[r] >= 0 && !double.IsNaN(m.Values[r]));
                var who = GroupWho(g, code, noun);
                return new StoryRows(who, $"the other {noun}", [b.Category, .. table.SourcesOf(measure)], inG, scope, true, null, null, m, g,
                    inG, Mask(table, r => scope[r] && !inG[r]), who, $"the other {noun}");
            }
            case TrendDetail { Series: { Across: null, Aggregation: not "count" } series } when table.Find(series.TimeColumn) is { } axis && table.Find(series.Measure) is NumericColumn m:
                return TrendRows(table, series, axis, m, story.Detail is TrendDetail t && t.FittedEnd >= t.FittedStart);
            case AssociationDetail d when table.Find(d.A) is CategoryColumn a && table.Find(d.B) is CategoryColumn { Derived: { } part } b:
                return PartRows(table, d, a, b, part);
            default:
                return null;
        }
    }

    /// <summary>
    /// The facts of <paramref name="story"/> from its own rows, best first (the gap by period, the top contributor, the
    /// group's other outcomes and durations), at most <see cref="SupportingFacts.Max"/>; never one that retells a sibling
    /// story (<paramref name="siblings"/>: its columns within the fact's and its named value in its title).
    /// </summary>
    public static IReadOnlyList<SupportingFact> For(AnalysisTable table, Insight story, IReadOnlyCollection<(string Title, IReadOnlyList<string> Columns)> siblings, CancellationToken cancellationToken = default)
    {
        var told = new List<SupportingFact>();
        var steady = story.Detail is SteadyDetail or SteadyRateDetail;
        var rows = steady ? null : RowsOf(table, story);
        var subjects = Subjects(table, story, rows);
        var lead = story.Title + "\n" + story.Summary;
        void Add(SupportingFact? fact, bool byName = true)
        {
            if (fact is null || told.Count >= SupportingFacts.Max || told.Any(t => t.Sentence == fact.Sentence) || Retells(fact, story.Title, siblings, byName)) return;
            // Never the lead again in its own figures (REPEAT), never a fact that names nothing of the lead (UNRELATED).
            if (SupportingFacts.Restates(fact, lead) || !SupportingFacts.Concerns(fact, subjects)) return;
            told.Add(fact);
        }
        if (steady)
        {
            foreach (var fact in SteadyFacts(table, story)) Add(fact);
            return told;
        }
        if (rows is null || Count(rows.In) < MinContributorRows) return [];
        cancellationToken.ThrowIfCancellationRequested();
        if (!rows.AboutTime) Add(ByPeriod(table, story, rows) ?? WhenOf(table, story, rows));
        Add(BuildUp(table, story, rows));
        Add(LegOf(table, story, rows));
        cancellationToken.ThrowIfCancellationRequested();
        // A trend's later rows differ from its earlier ones in every mix that drifts: not a contributor to the trend.
        if (story.Detail is not TrendDetail) Add(TopContributor(table, story, rows));
        cancellationToken.ThrowIfCancellationRequested();
        // Not for a trend of a measure: the words of its later rows tell what else changed, nothing ties them to the
        // measure (a second reader classed them unrelated).
        if (story.Detail is not TrendDetail) Add(ChangeWordsOf(table, story, rows));
        // Not for a rate that stepped: the words of the group in both halves, of successes and failures alike, are not
        // about the step.
        if (story.Detail is not GroupDriftDetail { Outcome: not null }) Add(WordsOf(table, story, rows) ?? (rows.Level is { } level ? WordsOf(table, story, level) : null) ?? ExclusiveWordsOf(table, story, rows));
        cancellationToken.ThrowIfCancellationRequested();
        // A trend's later rows against its earlier ones differ in every measure that drifts with time: not the trend's support.
        if (story.Detail is not TrendDetail)
        {
            // The category value's own amounts (IT's requests are larger) are not the standout's: its share of that
            // value's total is told instead (<see cref="CellSpend"/>).
            foreach (var other in OtherOutcomes(table, story, rows).Concat(rows.Level is { } l ? OtherOutcomes(table, story, l, amounts: false) : [])) Add(other);
        }
        Add(CellSpend(table, story, rows));
        Add(PastDue(table, story, rows));
        // Against the standout's peers in a sibling's group, naming that group is no retelling (see ValueOutcomes).
        foreach (var other in ValueOutcomes(table, story, rows, siblings)) Add(other, byName: false);
        foreach (var alike in LeaderAlike(table, story, rows)) Add(alike);
        cancellationToken.ThrowIfCancellationRequested();
        // Not a category a fact before already read the rows by (the top contributor's, another outcome's).
        var used = told.SelectMany(t => t.Facts).SelectMany(f => f.Columns).Where(c => !rows.Columns.Contains(c)).ToHashSet(StringComparer.Ordinal);
        // A category whose reading retells a sibling (its value named in the sibling's title) gives way to the next one.
        // A leader's lead read within another category is the standout again per group (a second reader classed every
        // one of them so): not told. A second reading within is told only for a category that bears on the outcome.
        var withins = 0;
        var siblingColumns = siblings.SelectMany(x => x.Columns).ToHashSet(StringComparer.Ordinal);
        for (var tries = 0; tries < 4 && told.Count < SupportingFacts.Max && withins < 2; tries++)
        {
            // In a designed experiment the outcome's other factors are randomised and bear on little; a second reading is
            // also told by a category the group's rows differ in (not randomised against it: the jobs a city's
            // applications went to), a rival by its mix.
            var within = Within(table, story, rows.Compared ?? rows, used, bearingOnly: withins > 0, mixRival: story.Detail is RateGroupDetail { Designed: true }, rivalOnly: rows.ShareWithin, siblingColumns: siblingColumns);
            if (within is null) break;
            // The gap read within a sibling's category names the sibling's values as the places it is read in (Boston and
            // Chicago for a callback gap by ethnicity), with the story's own figures: not the sibling's finding; its
            // figures said again still are.
            if (!Retells(within, story.Title, siblings, byName: false))
            {
                Add(within, byName: false);
                withins++;
            }
            used.UnionWith(within.Facts.SelectMany(f => f.Columns).Where(c => !rows.Columns.Contains(c)));
        }
        // An experiment with no second reading: its gap within another factor the design crossed its groups with.
        if (withins < 2) Add(DesignCross(table, story, rows, used), byName: false);
        if (told.Count < SupportingFacts.Max) Add(MixOf(table, story, rows.Compared ?? rows, used));
        Add(SiblingRival(table, story, rows, siblings), byName: false);
        Add(WeightOf(table, story, rows));
        Add(CountsBehind(table, story));
        Add(StepLoad(table, story));
        Add(TrendLoad(table, story, rows));
        // The rows' extent (SEA flights fly farther) last: a fact of its own kind, never in place of one told before.
        if (story.Detail is not TrendDetail) foreach (var other in OtherOutcomes(table, story, rows, extentsOnly: true)) Add(other);
        Add(PartLoad(table, story, rows));
        Add(SizeAlike(table, story, rows, used));
        Add(CellAlike(table, story, rows));
        return told;
    }

    /// <summary>
    /// What a supporting fact must name to concern its story (<see cref="SupportingFacts.Concerns"/>): the story's columns
    /// and measure in words, its outcome, and — when the story is about a group, not only a stretch of time (a trend's
    /// later rows) — the group's rows in words and the group's value (for a standout within a category value, that
    /// value's rows too).
    /// </summary>
    public static IReadOnlyList<string> Subjects(AnalysisTable table, Insight story, StoryRows? rows)
    {
        var words = story.Columns.Concat(rows?.Columns ?? []).Select(H).ToList();
        if (rows is null) return words.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (rows.Measure is { } m) words.Add(H(m.Name));
        if (rows.Outcome is { } o) words.Add(o.Phrase);
        if (rows.Group is not null || !rows.AboutTime)
        {
            words.Add(rows.Who);
            // A standout within a category value: that value's rows (Hardware incidents) are the story's too.
            if (rows.Cell is { } cell) words.AddRange([cell.Value, cell.Level]);
            if (rows.Level is { } level) words.Add(level.Who);
            if (rows.Group is { } g && FirstIndex(rows.In) is var first and >= 0 && g.Codes[first] >= 0) words.Add(Words.Label(g.Name, g.Labels[g.Codes[first]]));
        }
        return words.Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// A fact retells a sibling story when the sibling's columns are all among the fact's and the fact names a value the
    /// sibling's title names and the story's own title does not (a capitalised word: "Dana Whitfield", "Sydney"; not
    /// checked when <paramref name="byName"/> is false), or states one of the sibling title's figures.
    /// </summary>
    private static bool Retells(SupportingFact fact, string storyTitle, IReadOnlyCollection<(string Title, IReadOnlyList<string> Columns)> siblings, bool byName = true)
    {
        var columns = fact.Facts.SelectMany(f => f.Columns).ToHashSet(StringComparer.Ordinal);
        var own = TitleWords(storyTitle).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (title, sibling) in siblings)
        {
            if (sibling.Count == 0 || !sibling.All(columns.Contains)) continue;
            // Case-sensitive: a named value keeps its capital ("Sydney"); a title's first word ("Days to approve …") is not a name.
            if (byName && TitleWords(title).Where(w => !own.Contains(w)).Any(w => Names(fact.Sentence, w, StringComparison.Ordinal))) return true;
            // The sibling's own figure ("rejected only 0.9%") said again on the sibling's columns is the sibling's story.
            if (TitleFigures(title).Any(f => SupportingFacts.States(fact.Sentence, f))) return true;
        }
        return false;

        static IEnumerable<string> TitleFigures(string title) =>
            System.Text.RegularExpressions.Regex.Matches(title, @"\d[\d,.]*%?").Select(m => m.Value.TrimEnd('.', ',')).Where(f => f.Length >= 3 && !(f.Length == 4 && int.TryParse(f, System.Globalization.CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2100));

        static IEnumerable<string> TitleWords(string title) =>
            title.Split([' ', ',', ':', ';', '(', ')', '\''], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 3 && w.Any(char.IsUpper) && w.All(char.IsLetterOrDigit));
    }

    // ---------------------------------------------------------------- the same finding by period

    /// <summary>
    /// The story's gap per month (week, quarter), subject against the others: steady (in the story's direction in at
    /// least <see cref="Steady"/> of at least <see cref="MinPeriods"/> periods), opened in one period (in every period
    /// from it on, at most a third before), or unsteady (in at most <see cref="Unsteady"/> of them).
    /// </summary>
    public static SupportingFact? ByPeriod(AnalysisTable table, Insight story, StoryRows rows)
    {
        // A duration is read by its start; otherwise by the table's time axis. Not for a group that is itself a part of the
        // calendar (December, a quarter, a year): month by month it is the story again. A part of the day or the week
        // (after midnight, Monday) is no period: month by month it tells whether the gap persists, like any group's.
        var axis = rows.Measure?.Duration is { } started && table.Find(started.Start) is DateColumn start ? start : table.Time.Axis as DateColumn;
        // The start of the story's own duration is no reason not to: it is what the duration is read by.
        var storyTime = rows.Columns.Except(rows.Measure is { Duration: not null } measured ? table.SourcesOf(measured.Name) : [], StringComparer.Ordinal).Contains(axis?.Name ?? "", StringComparer.Ordinal);
        if (axis is null || (storyTime && !OnlyAsPartOfDay(table, rows, axis)) || rows.Group?.Derived is { Kind: not ("band" or "notice" or "hour" or "weekday") }) return null;
        if (PeriodsOf(axis) is not { } p) return null;
        // A state an item is in today ("In repair") read by the date the item began (purchased, hired): the periods are
        // cohorts, not time, and the older items have more often left service (Retired), so their share in any other
        // state is low by survivorship. Read among the items still in service, and only as steadiness by cohort (a gap
        // "opened" in a purchase quarter would read a snapshot as a history); never for the leaving state itself.
        string? inService = null;
        if (ExitLevels(table, rows, axis) is { } exits)
        {
            if (exits.Outcome) return null;
            var all = rows;
            rows = rows with { In = Mask(table, r => all.In[r] && !exits.Codes.Contains(exits.State.Codes[r])), Scope = Mask(table, r => all.Scope[r] && !exits.Codes.Contains(exits.State.Codes[r])) };
            inService = $"among the {table.Noun} not {exits.Words}, by {H(axis.Name)}";
        }
        var (keys, labels, unit) = p;
        (double Subject, double Others)? Value(bool[] inP)
        {
            var s = Mask(table, r => inP[r] && rows.In[r]);
            var o = Mask(table, r => inP[r] && rows.Scope[r] && !rows.In[r]);
            if (rows.Y is { } y)
            {
                var (sn, sh) = Hits(y, s);
                var (on, oh) = Hits(y, o);
                return sn >= MinPeriodRows && on >= MinPeriodRows ? (sh / (double)sn, oh / (double)on) : null;
            }
            if (rows.Measure is { } m)
            {
                return Count(s) >= MinPeriodRows && Count(o) >= MinPeriodRows ? (Median(m.Values, s), Median(m.Values, o)) : null;
            }
            if (rows.ShareWithin)
            {
                // The value's share of the category value's rows against its share of the other rows of the period.
                var own = rows.Group!.Codes[FirstIndex(rows.In)];
                var cell = Count(s);
                var level = Count(Mask(table, r => inP[r] && rows.Scope[r]));
                var valueAll = Count(Mask(table, r => inP[r] && rows.Group.Codes[r] == own));
                var elsewhere = Count(Mask(table, r => inP[r] && !rows.Scope[r] && rows.Group.Codes[r] >= 0));
                return level >= MinPeriodRows && elsewhere >= MinPeriodRows ? (cell / (double)level, (valueAll - cell) / (double)elsewhere) : null;
            }
            if (rows.Leader is { } leader)
            {
                // The leader's rows against the next value's.
                var counts = new int[leader.Labels.Length];
                for (var r = 0; r < table.RowCount; r++) if (inP[r] && leader.Codes[r] >= 0) counts[leader.Codes[r]]++;
                var own = leader.Codes[FirstIndex(rows.In)];
                var next = counts.Where((_, i) => i != own && !StandoutStory.IsPlaceholder(leader.Labels[i])).DefaultIfEmpty(0).Max();
                return counts[own] + next >= MinPeriodRows ? (counts[own], next) : null;
            }
            return null;
        }
        if (Value(Mask(table, r => keys[r] >= 0)) is not { } overall) return null;
        // A period counts when the gap holds there at least half its size over the whole span (a leader: when it leads).
        var margin = rows.Leader is not null && !rows.ShareWithin && rows.Y is null && rows.Measure is null ? 0 : Math.Abs(overall.Subject - overall.Others) / 2;
        var values = new List<(int Period, double Subject, double Others)>();
        // Too few periods with enough rows on each side (a small group month by month): read by the next coarser period
        // (months by quarter, quarters by year), once.
        // A rate whose typical period holds too few of the group's rows for its sampling error to stay under the margin
        // cannot show the gap period by period: read by the next coarser period from the start (chosen by the rows, not
        // by how the gap comes out).
        var from = rows.Y is { } yy && TypicalPeriodRows(keys, labels.Count, rows.In, yy) is var typical && typical > 0
            && Math.Sqrt(overall.Subject * (1 - overall.Subject) / typical) > margin ? 1 : 0;
        for (var coarser = from; coarser <= 1 && (coarser == from || values.Count < MinPeriods); coarser++)
        {
            if (coarser > 0)
            {
                if (PeriodsOf(axis, coarser) is not { } wider) break;
                (keys, labels, unit) = wider;
            }
            values.Clear();
            for (var k = 0; k < labels.Count; k++)
            {
                if (Value(Mask(table, r => keys[r] == k)) is { } v) values.Add((k, v.Subject, v.Others));
            }
        }
        bool Ahead((int Period, double Subject, double Others) v) => margin == 0 ? (rows.High ? v.Subject > v.Others : v.Subject < v.Others) : (rows.High ? v.Subject - v.Others : v.Others - v.Subject) >= margin;
        // Three periods (a quarter's months) count only when the gap holds in every one of them.
        if (values.Count < MinPeriods && !(values.Count == MinPeriods - 1 && values.All(Ahead))) return null;
        var ahead = values.Count(Ahead);
        var cols = rows.Columns.Append(axis.Name).Distinct(StringComparer.Ordinal).ToList();
        var nb = new NarrativeBuilder();
        var (up, down) = rows.Measure?.Duration is not null ? ("longer", "shorter") : ("higher", "lower");
        var than = margin == 0 ? (rows.High ? up : down) : rows.High ? $"clearly {up}" : $"clearly {down}";
        var units = unit + "s";
        var claim = rows.Y is not null ? $"the share {rows.Outcome!.Phrase} was {than} for {rows.Who} than for {rows.Others}"
            : rows.Measure is { } meas ? $"the median {H(meas.Name)} was {than} for {rows.Who} than for {rows.Others}"
            : rows.Cell is { } cell ? $"{cell.Value}'s share of {cell.Level} was {than} than its share of the other {table.Noun}"
            : rows.Leader is { } leader ? $"{Words.Label(leader.Name, leader.Labels[leader.Codes[FirstIndex(rows.In)]])} had more {table.Noun} than any other {H(leader.Name)}"
            : null;
        if (claim is null) return null;
        var computation = $"{units} in which {claim}{(margin == 0 ? "" : " (by at least half the gap over the whole span)")}, of those with at least {MinPeriodRows} rows on each side";
        var periods = $"{units} with at least {MinPeriodRows} rows on each side";
        string sentence;
        if (ahead >= Steady * values.Count)
        {
            var of = ahead == values.Count
                ? $"in every one of the {nb.Int(values.Count, periods, cols, AllRows(table))} {units}"
                : $"in {nb.Int(ahead, computation, cols, AllRows(table))} of the {nb.Int(values.Count, periods, cols, AllRows(table))} {units}";
            sentence = inService is null ? $"It is steady: {claim} {of}." : $"It is steady {inService}: {claim} {of}.";
            return new SupportingFact(story, sentence, nb.Facts.ToList());
        }
        if (inService is not null) return null;
        // The gap opened: ahead in every period from one on, in at most a third of those before.
        for (var s = 2; s <= values.Count - 2; s++)
        {
            var after = values.Skip(s).ToList();
            var before = values.Take(s).ToList();
            if (!after.All(Ahead) || before.Count(Ahead) * 3 > before.Count) continue;
            var opened = labels[values[s].Period];
            var day = Start(axis, keys, values[s].Period);
            sentence = $"The gap is recent: {claim} in every {unit} from {nb.N(day, $"first {unit} from which: {claim}", cols, AllRows(table), _ => opened)} on, but in only {nb.Int(before.Count(Ahead), computation + ", before it", cols, AllRows(table))} of the {nb.Int(before.Count, periods + ", before it", cols, AllRows(table))} {units} before.";
            return new SupportingFact(story, sentence, nb.Facts.ToList());
        }
        if (ahead <= Unsteady * values.Count && rows.Leader is null)
        {
            sentence = $"It is not steady: {claim} in only {nb.Int(ahead, computation, cols, AllRows(table))} of the {nb.Int(values.Count, periods, cols, AllRows(table))} {units}.";
            return new SupportingFact(story, sentence, nb.Facts.ToList());
        }
        return null;
    }

    /// <summary>
    /// Whether the time axis enters the story only through a part of the day or week derived from it (the hour band of a
    /// tweet, the weekday of a leave's start): the story is about the hour, not about when in the span, so the span's
    /// months may still be read.
    /// </summary>
    public static bool OnlyAsPartOfDay(AnalysisTable table, StoryRows rows, DataColumn axis) =>
        rows.Columns.Select(table.Find).OfType<CategoryColumn>().Any(c => c.Derived is { Kind: "hour" or "weekday" } && table.SourcesOf(c.Name).Contains(axis.Name))
        && rows.Columns.Select(table.Find).OfType<CategoryColumn>().All(c => c.Derived is not { Kind: not ("hour" or "weekday" or "band" or "notice") } || !table.SourcesOf(c.Name).Contains(axis.Name));

    /// <summary>
    /// Stems of a state that means an item or a person has left (retired, disposed of, terminated): an item's
    /// <see cref="RateStory.LeftServiceStems"/> and a person's or an account's.
    /// </summary>
    private static readonly string[] ExitStems = [.. RateStory.LeftServiceStems, "terminat", "inactiv", "deceased", "resign", "offboard", "deactivat"];

    /// <summary>
    /// For a rate whose outcome is a level of a state column that also holds states of having left service (Retired),
    /// read by a date named as the item's start (purchased, hired, created): that column, the leaving levels' codes, whether
    /// the outcome is itself one of them, and their labels in words ("Retired or Disposed"); null otherwise.
    /// </summary>
    private static (CategoryColumn State, HashSet<int> Codes, bool Outcome, string Words)? ExitLevels(AnalysisTable table, StoryRows rows, DateColumn axis)
    {
        if (rows.Outcome is not { IsFlag: false } outcome || table.Find(outcome.Column) is not CategoryColumn state || !Csv.TimestampNames.IsStartName(axis.Name)) return null;
        var codes = new HashSet<int>();
        for (var i = 0; i < state.Labels.Length; i++)
        {
            var squashed = new string(state.Labels[i].ToLowerInvariant().Where(char.IsLetter).ToArray());
            if (ExitStems.Any(x => squashed.Contains(x, StringComparison.Ordinal))) codes.Add(i);
        }
        if (codes.Count == 0) return null;
        var isOutcome = outcome.Levels.Any(l => Array.IndexOf(state.Labels, l) is var c && codes.Contains(c));
        return (state, codes, isOutcome, string.Join(" or ", codes.Order().Select(c => state.Labels[c])));
    }

    private static double Start(DateColumn axis, int[] keys, int period)
    {
        var min = double.PositiveInfinity;
        for (var r = 0; r < keys.Length; r++) if (keys[r] == period && axis.Days[r] < min) min = axis.Days[r];
        return min;
    }

    /// <summary>Each row's period (−1 when undated): months for a span of 6–36 months, quarters beyond, weeks below (at least 6 weeks); <paramref name="coarser"/> steps up that many (weeks to months, months to quarters, quarters to years).</summary>
    /// <summary>The median number of the group's decided rows in the periods that hold any.</summary>
    private static double TypicalPeriodRows(int[] keys, int periods, bool[] inGroup, sbyte[] y)
    {
        var counts = new int[periods];
        for (var r = 0; r < keys.Length; r++) if (keys[r] >= 0 && inGroup[r] && y[r] >= 0) counts[keys[r]]++;
        var held = counts.Where(c => c > 0).Select(c => (double)c).ToArray();
        return held.Length == 0 ? 0 : Descriptive.QuantileSorted(Descriptive.Sorted(held), 0.5);
    }

    private static (int[] Keys, List<string> Labels, string Unit)? PeriodsOf(DateColumn axis, int coarser = 0)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var d in axis.Days) if (double.IsFinite(d)) { min = Math.Min(min, d); max = Math.Max(max, d); }
        if (!double.IsFinite(min)) return null;
        var span = max - min;
        // 0 weeks, 1 months, 2 quarters, 3 years; coarser moves up from the span's own period.
        var level = span >= 6 * 30.4 && span <= 36 * 30.4 ? 1 : span > 36 * 30.4 ? 2 : span >= 6 * 7 ? 0 : -1;
        if (level < 0 || level + coarser > 3) return null;
        level += coarser;
        Func<DateTime, (long Key, string Label)> bucket;
        string unit;
        switch (level)
        {
            case 0:
                unit = "week";
                bucket = t =>
                {
                    var monday = t.Date.AddDays(-(((int)t.DayOfWeek + 6) % 7));
                    return (monday.Ticks / TimeSpan.TicksPerDay, "the week of " + monday.ToString("d MMM yyyy", CultureInfo.InvariantCulture));
                };
                break;
            case 1:
                unit = "month";
                bucket = t => (t.Year * 12L + t.Month, t.ToString("MMM yyyy", CultureInfo.InvariantCulture));
                break;
            case 2:
                unit = "quarter";
                bucket = t => (t.Year * 4L + (t.Month - 1) / 3, $"Q{(t.Month - 1) / 3 + 1} {t.Year.ToString(CultureInfo.InvariantCulture)}");
                break;
            default:
                unit = "year";
                bucket = t => (t.Year, t.Year.ToString(CultureInfo.InvariantCulture));
                break;
        }
        var keyOf = new SortedDictionary<long, string>();
        var raw = new long[axis.Days.Length];
        for (var r = 0; r < raw.Length; r++)
        {
            if (!double.IsFinite(axis.Days[r])) { raw[r] = long.MinValue; continue; }
            var (key, label) = bucket(DateColumn.ToDateTime(axis.Days[r]));
            raw[r] = key;
            keyOf.TryAdd(key, label);
        }
        var index = keyOf.Keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        return (raw.Select(k => k == long.MinValue ? -1 : index[k]).ToArray(), keyOf.Values.ToList(), unit);
    }

    // ---------------------------------------------------------------- the top contributor

    /// <summary>
    /// The person, item, place or sub-category that accounts for most of the story's excess rows: the value of another
    /// category column (not the story's, not routed with them, not free text, not an id) with at least
    /// <see cref="MinContributorRows"/> rows and <see cref="MinContributorShare"/> of the excess, <see cref="MinAboveNext"/>
    /// times the runner-up, <see cref="MinLift"/> times its share among the compared rows, and a two-proportion test
    /// passing <see cref="MaxP"/> after a Bonferroni correction over the columns tried.
    /// </summary>
    public static SupportingFact? TopContributor(AnalysisTable table, Insight story, StoryRows rows)
    {
        var excessN = Count(rows.Excess);
        var againstN = Count(rows.Against);
        if (excessN < MinContributorRows || againstN < MinContributorRows) return null;
        var storyCategories = rows.Columns.Select(table.Find).OfType<CategoryColumn>().ToList();
        if (rows.Group is not null && !storyCategories.Contains(rows.Group)) storyCategories.Add(rows.Group);
        var outcomeColumns = RateStory.Outcomes(table).Select(o => o.Column).ToHashSet(StringComparer.Ordinal);
        var candidates = table.Groupings
            .Where(c => !rows.Columns.Contains(c.Name) && c != rows.Group && !outcomeColumns.Contains(c.Name) && c.Labels.Length is >= 3 and <= 5000
                && c.Labels.Length < 0.5 * table.RowCount && !ColumnMeaning.IsFreeText(c) && !ColumnMeaning.IsFlag(c)
                && !table.SourcesOf(c.Name).Any(rows.Columns.Contains))
            .ToList();
        (CategoryColumn Column, int Code, int Count, double Share, double Elsewhere, double P)? best = null;
        foreach (var c in candidates)
        {
            var inExcess = new int[c.Labels.Length];
            var inAgainst = new int[c.Labels.Length];
            int ne = 0, na = 0;
            for (var r = 0; r < table.RowCount; r++)
            {
                var code = c.Codes[r];
                if (code < 0) continue;
                if (rows.Excess[r]) { inExcess[code]++; ne++; }
                else if (rows.Against[r]) { inAgainst[code]++; na++; }
            }
            if (ne < MinContributorRows || na < MinContributorRows) continue;
            var order = Enumerable.Range(0, c.Labels.Length).Where(i => !StandoutStory.IsPlaceholder(c.Labels[i])).OrderByDescending(i => inExcess[i]).ToList();
            if (order.Count < 2) continue;
            var top = order[0];
            var a = inExcess[top];
            var share = a / (double)ne;
            var elsewhere = inAgainst[top] / (double)na;
            if (a < MinContributorRows || share < MinContributorShare || a < MinAboveNext * inExcess[order[1]] || share < MinLift * elsewhere) continue;
            var p = RateStory.TwoProportionP(new RateCount("excess", ne, a), new RateCount("against", na, inAgainst[top])) * candidates.Count;
            if (!(p < MaxP)) continue;
            // Decided by the story's group (a category and the team it is routed to, an employee and their department): an
            // attribute of the subject, not a contributor.
            if (storyCategories.Any(s => Determines(s, c))) continue;
            if (best is null || share > best.Value.Share) best = (c, top, a, share, elsewhere, p);
        }
        if (best is not { } x) return null;
        var nb = new NarrativeBuilder();
        var cols = rows.Columns.Append(x.Column.Name).Distinct(StringComparer.Ordinal).ToList();
        var value = Words.Label(x.Column.Name, x.Column.Labels[x.Code]);
        var named = value == x.Column.Labels[x.Code] && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? $"{H(x.Column.Name)} {value}" : value;
        if (double.TryParse(x.Column.Labels[x.Code], NumberStyles.Float, CultureInfo.InvariantCulture, out var numeric))
        {
            nb.N(numeric, $"a value of {x.Column.Name} (a group label)", cols, AllRows(table), _ => x.Column.Labels[x.Code]);
        }
        var sentence = $"Of the {nb.Int(Count(rows.Excess), $"{rows.ExcessWho}", cols, AllRows(table))} {rows.ExcessWho}, {nb.Int(x.Count, $"{rows.ExcessWho} with {x.Column.Name} {x.Column.Labels[x.Code]}", cols, AllRows(table))} ({nb.Pct(x.Share, $"share of {rows.ExcessWho} with {x.Column.Name} {x.Column.Labels[x.Code]}", cols, AllRows(table))}) have {named}, against {nb.Pct(x.Elsewhere, $"share of {rows.AgainstWho} with {x.Column.Name} {x.Column.Labels[x.Code]}", cols, AllRows(table))} of {rows.AgainstWho}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    /// <summary>The share of rows a value of <paramref name="b"/> needs to be decided by <paramref name="a"/>'s value.</summary>
    public const double Decided = 0.95;

    /// <summary>
    /// Whether <paramref name="a"/>'s value decides <paramref name="b"/>'s (in at least <see cref="Decided"/> of the rows
    /// with both, <paramref name="b"/> is its most common value for that value of <paramref name="a"/>): a routing rule
    /// or a reporting line. A value of <paramref name="b"/> that decides <paramref name="a"/> (a model within its
    /// category) is a sub-category, and may contribute.
    /// </summary>
    public static bool Determines(CategoryColumn a, CategoryColumn b)
    {
        var cells = new Dictionary<(int, int), int>();
        var total = 0;
        for (var r = 0; r < a.Codes.Length; r++)
        {
            if (a.Codes[r] < 0 || b.Codes[r] < 0) continue;
            total++;
            var key = (a.Codes[r], b.Codes[r]);
            cells[key] = cells.GetValueOrDefault(key) + 1;
        }
        if (total == 0) return false;
        var modal = cells.GroupBy(kv => kv.Key.Item1).Sum(g => g.Max(kv => kv.Value));
        return modal >= Decided * total;
    }

    // ---------------------------------------------------------------- the words of the story's rows

    /// <summary>How many times the compared rows' share a word needs in the story's rows.</summary>
    public const double MinWordLift = 3;

    /// <summary>
    /// The word, phrase or id of a short-text column (not the story's) that the story's rows carry far more often than
    /// the rows they are compared with (the outcome's rows against the group's others for a rate; the subject against
    /// the rest otherwise): at least <see cref="MinContributorRows"/> rows and <see cref="MinContributorShare"/> of them,
    /// <see cref="MinWordLift"/> times the others' share, a two-proportion test passing <see cref="MaxP"/> after a
    /// Bonferroni correction over every term tested.
    /// </summary>
    public static SupportingFact? WordsOf(AnalysisTable table, Insight story, StoryRows rows)
    {
        var (mine, theirs, mineWho, theirsWho) = rows.Y is not null && !rows.AboutTime
            ? (rows.Excess, rows.Against, rows.ExcessWho, rows.AgainstWho)
            : (rows.In, Mask(table, r => rows.Scope[r] && !rows.In[r]), rows.Who, rows.Others);
        return TermsOf(table, story, rows, mine, theirs, mineWho, theirsWho);
    }

    /// <summary>
    /// For a story about a change (a share that grew, a step): the word, phrase or id the group's rows after the change
    /// carry far more often than its rows before (what is new in them), by the tests of <see cref="WordsOf"/>.
    /// </summary>
    public static SupportingFact? ChangeWordsOf(AnalysisTable table, Insight story, StoryRows rows) =>
        rows.AboutTime ? TermsOf(table, story, rows, rows.Excess, rows.Against, rows.ExcessWho, rows.AgainstWho) : null;

    private static SupportingFact? TermsOf(AnalysisTable table, Insight story, StoryRows rows, bool[] mine, bool[] theirs, string mineWho, string theirsWho, double minShare = MinContributorShare, double minLift = MinWordLift)
    {
        (DataColumn Column, string Term, int A, int N, double Share, double Elsewhere)? best = null;
        foreach (var (column, texts) in TextTermsStory.TextSources(table))
        {
            if (rows.Columns.Contains(column.Name)) continue;
            var masked = new string?[texts.Length];
            for (var r = 0; r < texts.Length; r++) masked[r] = mine[r] || theirs[r] ? texts[r] : null;
            var index = TermIndex.Build(masked);
            var inMine = new int[index.Terms.Count];
            var inTheirs = new int[index.Terms.Count];
            int n1 = 0, n2 = 0;
            for (var r = 0; r < texts.Length; r++)
            {
                if (!index.HasText(r)) continue;
                var counts = mine[r] ? inMine : inTheirs;
                if (mine[r]) n1++;
                else n2++;
                foreach (var t in index.TermsOf(r)) counts[t]++;
            }
            if (n1 < MinContributorRows || n2 < MinContributorRows) continue;
            var tests = Math.Max(1, index.Terms.Count);
            for (var t = 0; t < index.Terms.Count; t++)
            {
                var a = inMine[t];
                // The subject's own name in its text ("network" in Network incidents) says nothing new.
                if (a < MinContributorRows || Names(mineWho, index.Terms[t]) || Names(theirsWho, index.Terms[t])) continue;
                var share = a / (double)n1;
                var elsewhere = inTheirs[t] / (double)n2;
                if (share < minShare || share < minLift * elsewhere) continue;
                if (!(RateStory.TwoProportionP(new RateCount("mine", n1, a), new RateCount("theirs", n2, inTheirs[t])) * tests < MaxP)) continue;
                if (best is null || share - elsewhere > best.Value.Share - best.Value.Elsewhere) best = (column, index.Terms[t], a, n1, share, elsewhere);
            }
        }
        if (best is not { } x) return null;
        var nb = new NarrativeBuilder();
        var cols = rows.Columns.Append(x.Column.Name).Distinct(StringComparer.Ordinal).ToList();
        var sentence = $"'{x.Term}' is in the {H(x.Column.Name)} of {nb.Int(x.A, $"{mineWho} whose {x.Column.Name} contains '{x.Term}'", cols, AllRows(table))} of the {nb.Int(x.N, $"{mineWho} with {x.Column.Name}", cols, AllRows(table))} {mineWho} ({nb.Pct(x.Share, $"share of {mineWho} whose {x.Column.Name} contains '{x.Term}'", cols, AllRows(table))}), against {nb.Pct(x.Elsewhere, $"share of {theirsWho} whose {x.Column.Name} contains '{x.Term}'", cols, AllRows(table))} of {theirsWho}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    // ---------------------------------------------------------------- the same group's other outcomes and durations

    /// <summary>
    /// The subject's other outcomes (a rate of another outcome column, <see cref="RateStory.Material"/> apart and passing
    /// <see cref="MaxP"/> after a Bonferroni correction) and durations (medians at least <see cref="MinMedianRatio"/> times
    /// apart, a rank test passing <see cref="MaxP"/> after the correction), each side at least <see cref="MinSide"/> rows;
    /// never the story's own outcome in another form (the two outcomes agreeing, Cramér's V ≥ <see cref="InsightRanker.RoutedV"/>),
    /// never a duration to a planned date (a due date is a rule).
    /// </summary>
    /// <param name="amounts">Whether amounts are compared too (not for a category value's rows under a standout within it: its amounts are not the standout's).</param>
    /// <param name="durations">Whether durations and amounts are compared at all (not for a standout's rows beyond the category value: rates only).</param>
    /// <param name="extentsOnly">Only the rows' extents (a distance, a weight: <see cref="IsExtent"/>), told after every other fact: never in place of one.</param>
    public static IEnumerable<SupportingFact> OtherOutcomes(AnalysisTable table, Insight story, StoryRows rows, bool amounts = true, bool durations = true, bool extentsOnly = false)
    {
        var outcomes = extentsOnly ? [] : RateStory.Outcomes(table).Where(o => !rows.Columns.Contains(o.Column) && o.Column != rows.Group?.Name).ToList();
        // Durations (not to a planned date: a due date is a rule) and amounts filled on both sides (not a measure that
        // exists only in one state, nor a price, which a price list sets).
        var storySources = rows.Columns.SelectMany(table.SourcesOf).Concat(rows.Group is { } g ? table.SourcesOf(g.Name) : []).ToHashSet(StringComparer.Ordinal);
        List<NumericColumn> measures = !durations ? [] : table.Numeric.Where(m => m != rows.Measure && !table.SourcesOf(m.Name).All(rows.Columns.Contains) && !storySources.Contains(m.Name)
            && (m.Duration is { } d ? !Planned().IsMatch(d.End) : amounts && IsAmount(table, m, rows, extents: extentsOnly))).ToList();
        // The extents are tested together with the outcomes and amounts read before them.
        var tests = Math.Max(1, (extentsOnly ? RateStory.Outcomes(table).Count(o => !rows.Columns.Contains(o.Column) && o.Column != rows.Group?.Name) : outcomes.Count) + measures.Count);
        if (extentsOnly) measures = measures.Where(m => m.Duration is null && !Words.NameAllowsSum(m.Name)).ToList();
        var found = new List<(double Strength, SupportingFact Fact)>();
        foreach (var o in outcomes)
        {
            var y = OutcomeOf(table, o);
            if (rows.Y is { } storyY && Agree(storyY, y) >= InsightRanker.RoutedV) continue;
            var (sn, sh) = Hits(y, rows.In);
            var (on, oh) = Hits(y, Mask(table, r => rows.Scope[r] && !rows.In[r]));
            // A small group (the few chats of a word) is read when its gap passes the test: at least MinContributorRows rows.
            if (sn < MinContributorRows || on < MinSide || sh + oh < MinContributorRows) continue;
            var (s, ot) = (new RateCount("subject", sn, sh), new RateCount("others", on, oh));
            var high = s.Rate > ot.Rate;
            // A yes/no outcome is as material as its other side (on time 93% against 78% is late 7.5% against 22%); not
            // for a story about a change, whose group's other outcome over all its rows says nothing about the change.
            if (!RateStory.Material(Math.Max(s.Rate, ot.Rate), Math.Min(s.Rate, ot.Rate), binary: o.IsFlag && !rows.AboutTime, primary: false)) continue;
            if (!(RateStory.TwoProportionP(s, ot) * tests < MaxP)) continue;
            var nb = new NarrativeBuilder();
            var cols = rows.Columns.Append(o.Column).Distinct(StringComparer.Ordinal).ToList();
            var sentence = $"{Cap(rows.Who)} are also {o.Phrase} {(high ? "more" : "less")} often: {nb.Pct(s.Rate, $"share of {rows.Who} {o.Phrase} (decided rows)", cols, AllRows(table))} of the time ({nb.Int(sh, $"{rows.Who} {o.Phrase}", cols, AllRows(table))} of {nb.Int(sn, $"{rows.Who} with {o.Column} decided", cols, AllRows(table))}), against {nb.Pct(ot.Rate, $"share of {rows.Others} {o.Phrase} (decided rows)", cols, AllRows(table))} for {rows.Others}.";
            found.Add((Math.Abs(Math.Log(Math.Max(s.Rate, 1e-3) / Math.Max(ot.Rate, 1e-3))), new SupportingFact(story, sentence, nb.Facts.ToList())));
        }
        foreach (var m in measures)
        {
            var sIn = Mask(table, r => rows.In[r] && !double.IsNaN(m.Values[r]));
            var sOut = Mask(table, r => rows.Scope[r] && !rows.In[r] && !double.IsNaN(m.Values[r]));
            if (Count(sIn) < MinSide || Count(sOut) < MinSide) continue;
            var (ms, mo) = (Median(m.Values, sIn), Median(m.Values, sOut));
            if (!(ms > 0 && mo > 0)) continue;
            var ratio = ms / mo;
            if (ratio < MinMedianRatio && ratio > 1 / MinMedianRatio) continue;
            if (!(RankP(m.Values, sIn, sOut) * tests < MaxP)) continue;
            if (extentsOnly && !ExtentBears(table, m, rows, sOut, ms, tests)) continue;
            var nb = new NarrativeBuilder();
            var cols = rows.Columns.Concat(table.SourcesOf(m.Name)).Distinct(StringComparer.Ordinal).ToList();
            if (m.Duration is not { } d)
            {
                var amount = $"{Cap(rows.Who)} also have {(ratio >= 1 ? "higher" : "lower")} {H(m.Name)}: median {nb.N(ms, $"median {m.Name} of {rows.Who}", cols, AllRows(table), Fmt.Num)} against {nb.N(mo, $"median {m.Name} of {rows.Others}", cols, AllRows(table), Fmt.Num)} for {rows.Others}.";
                found.Add((Math.Abs(Math.Log(ratio)), new SupportingFact(story, amount, nb.Facts.ToList())));
                continue;
            }
            var sentence = ratio >= 1
                ? $"{Cap(rows.Who)} also take longer from {H(d.Start)} to {H(d.End)}: median {nb.N(ms, $"median {m.Name} of {rows.Who}", cols, AllRows(table), Fmt.Num)} {d.Unit} against {nb.N(mo, $"median {m.Name} of {rows.Others}", cols, AllRows(table), Fmt.Num)} for {rows.Others}."
                : $"{Cap(rows.Who)} are also quicker from {H(d.Start)} to {H(d.End)}: median {nb.N(ms, $"median {m.Name} of {rows.Who}", cols, AllRows(table), Fmt.Num)} {d.Unit} against {nb.N(mo, $"median {m.Name} of {rows.Others}", cols, AllRows(table), Fmt.Num)} for {rows.Others}.";
            found.Add((Math.Abs(Math.Log(ratio)), new SupportingFact(story, sentence, nb.Facts.ToList())));
        }
        return found.OrderByDescending(f => f.Strength).Select(f => f.Fact);
    }

    /// <summary>
    /// A measure of the row's size (an amount, a count) filled in at least 90% of the subject's and the
    /// others' rows, not a price, a percent, a score or an id-like number: what the same group's amount can be compared on.
    /// With <paramref name="extents"/>, also the row's own extent (a distance, a length, a weight: how far a flight goes,
    /// how heavy a parcel is), which is not summed but whose medians compare like an amount's.
    /// </summary>
    private static bool IsAmount(AnalysisTable table, NumericColumn m, StoryRows rows, bool extents = false)
    {
        if (m.IsTime || ColumnMeaning.IsPriceLevel(m.Name) || PriceName().IsMatch(m.Name) || ColumnMeaning.IsPercentOf(m) || !(Words.NameAllowsSum(m.Name) || (extents && IsExtent(m.Name)))) return false;
        int inN = 0, inFilled = 0, outN = 0, outFilled = 0;
        for (var r = 0; r < table.RowCount; r++)
        {
            if (!rows.Scope[r]) continue;
            var filled = !double.IsNaN(m.Values[r]);
            if (rows.In[r]) { inN++; if (filled) inFilled++; }
            else { outN++; if (filled) outFilled++; }
        }
        return inN > 0 && outN > 0 && inFilled >= 0.9 * inN && outFilled >= 0.9 * outN;
    }

    /// <summary>
    /// Whether a measure's name says it is the row's own extent (a distance, a length, a weight, a mileage), not a level
    /// of it (no "per", average, ratio, speed or rate: miles per gallon, average weight).
    /// </summary>
    internal static bool IsExtent(string column)
    {
        var words = Words.Human(column).ToLowerInvariant().Split([' ', '(', ')', '/', '$', '%', '_'], StringSplitOptions.RemoveEmptyEntries);
        return words.Any(w => w is "distance" or "length" or "weight" or "mileage")
            && !words.Any(w => w is "per" or "avg" or "average" or "mean" or "median" or "ratio" or "rate" or "speed" or "index" or "share");
    }

    /// <summary>What a price list or arithmetic sets (a cost by model, a fee, a total of quantity × price): never an amount to compare.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)(price|cost|fee|tariff|rate|total|unit|value|freight)")]
    private static partial System.Text.RegularExpressions.Regex PriceName();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)(due|promis|plann|expect|deadline|warrant|target|schedul)")]
    private static partial System.Text.RegularExpressions.Regex Planned();

    /// <summary>Cramér's V (|φ|) of two outcomes over the rows where both are decided.</summary>
    private static double Agree(sbyte[] a, sbyte[] b)
    {
        double n11 = 0, n10 = 0, n01 = 0, n00 = 0;
        for (var r = 0; r < a.Length; r++)
        {
            if (a[r] < 0 || b[r] < 0) continue;
            if (a[r] == 1) { if (b[r] == 1) n11++; else n10++; }
            else if (b[r] == 1) n01++;
            else n00++;
        }
        var den = Math.Sqrt((n11 + n10) * (n01 + n00) * (n11 + n01) * (n10 + n00));
        return den == 0 ? 0 : Math.Abs(n11 * n00 - n10 * n01) / den;
    }

    /// <summary>
    /// Whether a rows' extent (a flight's distance) bears on the story's outcome, read among the other rows so the group's
    /// own gap does not make it: the others as far as the group's typical row (at or beyond its median extent) have the
    /// outcome materially more or less often than the nearer others (<see cref="RateStory.Material(double, double, bool, bool)"/>,
    /// the two-proportion test after the same correction); for a measure story, the extent goes with the measure
    /// (Spearman |ρ| ≥ <see cref="MinExtentRho"/>, the same bar). SEA flights flying farther says nothing of their lateness
    /// where the long flights of the other origins are late about as often as the short ones.
    /// </summary>
    private static bool ExtentBears(AnalysisTable table, NumericColumn extent, StoryRows rows, bool[] others, double groupMedian, int tests)
    {
        if (rows.Y is { } y)
        {
            int farN = 0, farHits = 0, nearN = 0, nearHits = 0;
            for (var r = 0; r < table.RowCount; r++)
            {
                if (!others[r] || y[r] < 0) continue;
                if (extent.Values[r] >= groupMedian) { farN++; farHits += y[r]; }
                else { nearN++; nearHits += y[r]; }
            }
            if (farN < MinSide || nearN < MinSide) return false;
            var (far, near) = (new RateCount("as far", farN, farHits), new RateCount("nearer", nearN, nearHits));
            return RateStory.Material(Math.Max(far.Rate, near.Rate), Math.Min(far.Rate, near.Rate), binary: rows.Outcome?.IsFlag == true, primary: false)
                && RateStory.TwoProportionP(far, near) * tests < MaxP;
        }
        if (rows.Measure is { } measure)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (var r = 0; r < table.RowCount; r++)
            {
                if (!others[r] || double.IsNaN(measure.Values[r])) continue;
                xs.Add(extent.Values[r]);
                ys.Add(measure.Values[r]);
            }
            var rho = StatTests.Spearman(xs.ToArray(), ys.ToArray());
            return xs.Count >= MinSide && Math.Abs(rho.R) >= MinExtentRho && rho.PValue * tests < MaxP;
        }
        return false;
    }

    /// <summary>How closely an extent must go with a measure story's measure (Spearman) to bear on it.</summary>
    public const double MinExtentRho = 0.2;

    /// <summary>Two-sided p-value of the Mann-Whitney rank-sum test (normal approximation, ties averaged).</summary>
    private static double RankP(double[] values, bool[] a, bool[] b)
    {
        var all = new List<(double V, bool A)>();
        for (var r = 0; r < values.Length; r++)
        {
            if (a[r]) all.Add((values[r], true));
            else if (b[r]) all.Add((values[r], false));
        }
        all.Sort((x, y) => x.V.CompareTo(y.V));
        double rankSumA = 0, ties = 0;
        for (var i = 0; i < all.Count;)
        {
            var j = i;
            while (j < all.Count && all[j].V == all[i].V) j++;
            var rank = (i + j + 1) / 2.0;
            var t = j - i;
            ties += (double)t * t * t - t;
            for (var k = i; k < j; k++) if (all[k].A) rankSumA += rank;
            i = j;
        }
        double na = all.Count(x => x.A), nb = all.Count - na, n = all.Count;
        var u = rankSumA - na * (na + 1) / 2;
        var sd = Math.Sqrt(na * nb / 12.0 * (n + 1 - ties / (n * (n - 1))));
        if (sd == 0) return 1;
        var z = Math.Abs(u - na * nb / 2) / sd;
        return SpecialFunctions.NormalTwoSidedP(z);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>A group's rows in words: "Travel expense claims", "applications with public bad record", "expense claims with amount over 2,000".</summary>
    private static string GroupWho(CategoryColumn g, int code, string noun)
    {
        var label = g.Labels[code];
        if (RateStory.FlagYes(g) is var yes and >= 0) return $"{noun} {(yes == code ? "with" : "without")} {H(g.Name).ToLowerInvariant()}";
        if (g.Derived is { Kind: "band" or "notice" }) return $"{noun} with {label}";
        if (g.Derived is not null || double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return $"{noun} with {H(g.Name)} {label}";
        return $"{Words.Label(g.Name, label)} {noun}";
    }

    /// <summary>Per row: 1 when the outcome, 0 when decided without it, −1 when missing or undecided.</summary>
    private static sbyte[] OutcomeOf(AnalysisTable table, RateOutcome o)
    {
        var y = new sbyte[table.RowCount];
        if (table.Find(o.Column) is not CategoryColumn c)
        {
            Array.Fill(y, (sbyte)-1);
            return y;
        }
        var hit = c.Labels.Select(l => o.Levels.Contains(l)).ToArray();
        var skip = c.Labels.Select(l => o.Undecided.Contains(l)).ToArray();
        for (var r = 0; r < y.Length; r++)
        {
            var code = c.Codes[r];
            y[r] = code < 0 || skip[code] ? (sbyte)-1 : (sbyte)(hit[code] ? 1 : 0);
        }
        return y;
    }

    private static (int N, int Hits) Hits(sbyte[] y, bool[] rows)
    {
        int n = 0, h = 0;
        for (var r = 0; r < y.Length; r++)
        {
            if (!rows[r] || y[r] < 0) continue;
            n++;
            h += y[r];
        }
        return (n, h);
    }

    private static bool[] Mask(AnalysisTable table, Func<int, bool> keep)
    {
        var m = new bool[table.RowCount];
        for (var r = 0; r < m.Length; r++) m[r] = keep(r);
        return m;
    }

    private static int Count(bool[] rows) => rows.Count(x => x);

    private static int FirstIndex(bool[] rows) => Array.IndexOf(rows, true);

    private static double Median(double[] values, bool[] rows)
    {
        var list = new List<double>();
        for (var r = 0; r < values.Length; r++) if (rows[r] && !double.IsNaN(values[r])) list.Add(values[r]);
        return list.Count == 0 ? double.NaN : Descriptive.MedianInPlace([.. list]);
    }

    /// <summary>Whether <paramref name="text"/> holds <paramref name="label"/> as whole words (not inside a longer word).</summary>
    internal static bool Names(string text, string label, StringComparison comparison = StringComparison.OrdinalIgnoreCase)
    {
        for (var at = text.IndexOf(label, comparison); at >= 0; at = text.IndexOf(label, at + 1, comparison))
        {
            var end = at + label.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end]))) return true;
        }
        return false;
    }
}
