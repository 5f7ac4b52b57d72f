using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// What an analyst adds to the answer "no, it held steady" (issue 21, item 7): not the steadiness again in other numbers
/// (a second reader classed a steady series' range and its two ends as the story said again), but what did move under the
/// steady whole — a group whose own level moved between the first and the last third of the span, or another outcome
/// or duration of the same rows that moved while the one asked about held.
/// </summary>
public static partial class OwnRowsFacts
{
    /// <summary>Rows a group (or the whole) needs in each third of the span for its move to be read.</summary>
    public const int MinThirdRows = 30;

    /// <summary>A measure's median must move by at least this share of its first third's to count as moved.</summary>
    public const double MinMove = 0.2;

    /// <summary>The p-value a move between the two thirds must pass, after a Bonferroni correction over every group or outcome tried.</summary>
    public const double MaxMoveP = 0.01;

    /// <summary>At most this many values a category may have for its groups to be read for a move.</summary>
    public const int MaxMoverValues = 30;

    /// <summary>The facts of a steady measure's or rate's series: what moved under the steady whole, best first.</summary>
    public static IReadOnlyList<SupportingFact> SteadyFacts(AnalysisTable table, Insight story)
    {
        if (SteadyRows(table, story) is not { } s) return [];
        var facts = new List<SupportingFact>();
        var mover = Mover(table, story, s);
        if (mover is not null) facts.Add(mover);
        else if (SlowestHeld(table, story, s) is { } held) facts.Add(held);
        facts.AddRange(OtherMoves(table, story, s).Take(SupportingFacts.Max - facts.Count));
        // Every group held: only when no group moved, and by a category no fact before read the rows by.
        var told = facts.SelectMany(f => f.Facts).SelectMany(f => f.Columns).Where(c => !s.Columns.Contains(c)).ToHashSet(StringComparer.Ordinal);
        if (mover is null && facts.Count < SupportingFacts.Max && (HeldWithin(table, story, s, told) ?? NoDrift(table, story, s, told)) is { } within) facts.Add(within);
        if (facts.Count < SupportingFacts.Max && Load(table, story, s) is { } load) facts.Add(load);
        return facts;
    }

    /// <summary>A steady story's rows: the first and the last third of its span, the measure or the outcome it held on, in words.</summary>
    /// <param name="FirstAll">Every row that came in during the first third (the story's subset), measured or not (still open, undecided).</param>
    /// <param name="LastAll">Every row that came in during the last third, measured or not.</param>
    private sealed record SteadySpan(bool[] First, bool[] Last, NumericColumn? Measure, sbyte[]? Y, string What, List<string> Columns, string FirstWhen, string LastWhen, string? Subset, bool[] FirstAll, bool[] LastAll);

    private static SteadySpan? SteadyRows(AnalysisTable table, Insight story)
    {
        string timeColumn;
        // The story's own span: rows beyond it (the open months after a steady series' last whole period) are not its rows.
        double from, to;
        NumericColumn? m = null;
        sbyte[]? y = null;
        string what;
        CategoryColumn? subset = null;
        var subsetCode = -1;
        switch (story.Detail)
        {
            case SteadyDetail d when table.Find(d.Series.Measure) is NumericColumn measure && d.Series.Across is null:
                timeColumn = d.Series.TimeColumn;
                (from, to) = (d.Series.T.Min(), PeriodEnd(d.Series.T.Max(), d.Series.Granularity));
                m = measure;
                what = $"the median {H(measure.Name)}";
                if (d.Series.SubsetColumn is not null)
                {
                    subset = table.Find(d.Series.SubsetColumn) as CategoryColumn;
                    subsetCode = subset is null ? -1 : Array.IndexOf(subset.Labels, d.Series.SubsetValue);
                    if (subsetCode < 0) return null;
                }
                break;
            case SteadyRateDetail d:
                timeColumn = d.TimeColumn;
                if (d.Starts.Count == 0) return null;
                (from, to) = (d.Starts[0], PeriodEnd(d.Starts[^1], d.Granularity));
                y = OutcomeOf(table, d.Outcome);
                what = $"the share {d.Outcome.Phrase}";
                break;
            default:
                return null;
        }
        if (table.Find(timeColumn) is not { } axis) return null;
        var times = new double[table.RowCount];
        var spanTimes = new double[table.RowCount];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var r = 0; r < times.Length; r++)
        {
            var t = TimeContext.TimeValue(axis, r);
            var inSpan = double.IsFinite(t) && t >= from && t < to && (subset is null || subset.Codes[r] == subsetCode);
            spanTimes[r] = inSpan ? t : double.NaN;
            var counted = inSpan && (m is null || !double.IsNaN(m.Values[r])) && (y is null || y[r] >= 0);
            times[r] = counted ? t : double.NaN;
            if (!counted) continue;
            min = Math.Min(min, t);
            max = Math.Max(max, t);
        }
        if (!(max > min) || axis is not DateColumn) return null;
        var third = (max - min) / 3;
        var first = new bool[times.Length];
        var last = new bool[times.Length];
        double firstEnd = double.NegativeInfinity, lastStart = double.PositiveInfinity;
        for (var r = 0; r < times.Length; r++)
        {
            if (double.IsNaN(times[r])) continue;
            if (times[r] < min + third) { first[r] = true; firstEnd = Math.Max(firstEnd, times[r]); }
            else if (times[r] >= max - third) { last[r] = true; lastStart = Math.Min(lastStart, times[r]); }
        }
        var grain = max - min > 120 ? "month" : "day";
        string When(double a, double b)
        {
            var (x, z) = (Fmt.Time(a, false, grain), Fmt.Time(b, false, grain));
            return x == z ? x : $"{x}–{z}";
        }
        var cols = new List<string> { timeColumn };
        if (m is not null) cols.AddRange(table.SourcesOf(m.Name));
        if (story.Detail is SteadyRateDetail rate) cols.Add(rate.Outcome.Column);
        if (subset is not null) cols.Add(subset.Name);
        var firstAll = new bool[times.Length];
        var lastAll = new bool[times.Length];
        for (var r = 0; r < times.Length; r++)
        {
            if (double.IsNaN(spanTimes[r])) continue;
            firstAll[r] = spanTimes[r] >= min && spanTimes[r] < min + third;
            lastAll[r] = spanTimes[r] >= max - third && spanTimes[r] <= max;
        }
        return new SteadySpan(first, last, m, y, what, cols.Distinct(StringComparer.Ordinal).ToList(), When(min, firstEnd), When(lastStart, max), subset?.Name, firstAll, lastAll);
    }

    /// <summary>
    /// The group (a value of a category of 2 to <see cref="MaxMoverValues"/> values, not the story's) whose own median or
    /// rate moved most between the first and the last third of the span while the whole held: at least
    /// <see cref="MinThirdRows"/> rows in each third, a move of <see cref="MinMove"/> (a measure) or
    /// <see cref="RateStory.Material"/> (a rate), and a rank or two-proportion test passing <see cref="MaxP"/> after a
    /// Bonferroni correction over every value tried.
    /// </summary>
    private static SupportingFact? Mover(AnalysisTable table, Insight story, SteadySpan s)
    {
        var outcomeColumns = RateStory.Outcomes(table).Select(o => o.Column).ToHashSet(StringComparer.Ordinal);
        var candidates = table.Categories.Where(c => c.Labels.Length is >= 2 and <= MaxMoverValues && c.Name != s.Subset && !s.Columns.Contains(c.Name)
            && !outcomeColumns.Contains(c.Name) && !ColumnMeaning.IsFreeText(c) && !ColumnMeaning.IsStateField(c.Name) && !table.SourcesOf(c.Name).Any(s.Columns.Contains)).ToList();
        var tests = Math.Max(1, candidates.Sum(c => c.Labels.Length));
        (CategoryColumn Column, int Code, double A, double B, double OthersA, double OthersB, int NA, int NB, double Strength)? best = null;
        foreach (var c in candidates)
        {
            // One pass per category: each value's rows (and hits, or values) in the first and the last third.
            var k = c.Labels.Length;
            var n = new int[k, 2];
            var h = new int[k, 2];
            var lists = s.Measure is null ? null : new List<double>[k, 2];
            for (var r = 0; r < table.RowCount; r++)
            {
                var code = c.Codes[r];
                if (code < 0 || !(s.First[r] || s.Last[r])) continue;
                var side = s.First[r] ? 0 : 1;
                n[code, side]++;
                if (s.Y is { } yy) h[code, side] += yy[r];
                else (lists![code, side] ??= []).Add(s.Measure!.Values[r]);
            }
            int all0 = 0, all1 = 0, hit0 = 0, hit1 = 0;
            for (var i = 0; i < k; i++) { all0 += n[i, 0]; all1 += n[i, 1]; hit0 += h[i, 0]; hit1 += h[i, 1]; }
            for (var code = 0; code < k; code++)
            {
                if (StandoutStory.IsPlaceholder(c.Labels[code]) || n[code, 0] < MinThirdRows || n[code, 1] < MinThirdRows
                    || all0 - n[code, 0] < MinThirdRows || all1 - n[code, 1] < MinThirdRows) continue;
                double a, b, p;
                if (s.Y is not null)
                {
                    (a, b) = (h[code, 0] / (double)n[code, 0], h[code, 1] / (double)n[code, 1]);
                    if (!RateStory.Material(Math.Max(a, b), Math.Min(a, b))) continue;
                    p = RateStory.TwoProportionP(new RateCount("first", n[code, 0], h[code, 0]), new RateCount("last", n[code, 1], h[code, 1]));
                }
                else
                {
                    (a, b) = (Descriptive.MedianInPlace([.. lists![code, 0]]), Descriptive.MedianInPlace([.. lists[code, 1]]));
                    if (!(a > 0) || Math.Abs(b - a) < MinMove * a) continue;
                    p = RankP(s.Measure!.Values, Mask(table, r => s.First[r] && c.Codes[r] == code), Mask(table, r => s.Last[r] && c.Codes[r] == code));
                }
                if (!(p * tests < MaxMoveP)) continue;
                double oa, ob;
                if (s.Y is not null) (oa, ob) = ((hit0 - h[code, 0]) / (double)(all0 - n[code, 0]), (hit1 - h[code, 1]) / (double)(all1 - n[code, 1]));
                else
                {
                    var cc = code;
                    double OthersMedian(int side) => Descriptive.MedianInPlace(Enumerable.Range(0, k).Where(i => i != cc && lists![i, side] is not null).SelectMany(i => lists![i, side]).ToArray());
                    (oa, ob) = (OthersMedian(0), OthersMedian(1));
                }
                // The others must have held (their move smaller than half the group's): a group that moved with everyone is the whole again.
                if (Math.Abs(ob - oa) > 0.5 * Math.Abs(b - a)) continue;
                var strength = Math.Abs(Math.Log(Math.Max(b, 1e-3) / Math.Max(a, 1e-3)));
                if (best is null || strength > best.Value.Strength) best = (c, code, a, b, oa, ob, n[code, 0], n[code, 1], strength);
            }
        }
        if (best is not { } x) return null;
        var nb = new NarrativeBuilder();
        var cols = s.Columns.Append(x.Column.Name).ToList();
        var noun = table.Noun;
        var who = GroupWho(x.Column, x.Code, noun);
        string V(double v, string desc) => s.Y is not null ? nb.Pct(v, desc, cols, AllRows(table)) : nb.N(v, desc, cols, AllRows(table), Fmt.Num) + UnitOf(s.Measure!);
        var way = x.B > x.A ? (s.Y is not null ? "rose" : "grew") : "fell";
        var sentence = $"Under the steady whole, {who} moved: {s.What} {way} from {V(x.A, $"{s.What} of {who} in the first third of the span ({s.FirstWhen})")} in {s.FirstWhen} to {V(x.B, $"{s.What} of {who} in the last third of the span ({s.LastWhen})")} in {s.LastWhen} " +
            $"({nb.Int(x.NA, $"{who} in the first third", cols, AllRows(table))} and {nb.Int(x.NB, $"{who} in the last third", cols, AllRows(table))} {noun}), while the other {noun} went from {V(x.OthersA, $"{s.What} of the other {noun} in the first third")} to {V(x.OthersB, $"{s.What} of the other {noun} in the last third")}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    /// <summary>
    /// The same rows' other outcomes (a rate, <see cref="RateStory.Material"/> apart) and durations (a median moving by
    /// <see cref="MinMove"/>, not to a planned date) that moved between the first and the last third of the span while
    /// the one asked about held, each passing <see cref="MaxP"/> after a Bonferroni correction over those tried.
    /// </summary>
    private static IEnumerable<SupportingFact> OtherMoves(AnalysisTable table, Insight story, SteadySpan s)
    {
        var outcomes = RateStory.Outcomes(table).Where(o => !s.Columns.Contains(o.Column)).ToList();
        var durations = table.Numeric.Where(m => m.Duration is { } d && !Planned().IsMatch(d.End) && m != s.Measure && !table.SourcesOf(m.Name).All(s.Columns.Contains)).ToList();
        var tests = Math.Max(1, outcomes.Count + durations.Count);
        var noun = table.Noun;
        var found = new List<(double Strength, SupportingFact Fact)>();
        foreach (var o in outcomes)
        {
            var y = OutcomeOf(table, o);
            if (s.Y is { } own && Agree(own, y) >= InsightRanker.RoutedV) continue;
            var (n1, h1) = Hits(y, s.First);
            var (n2, h2) = Hits(y, s.Last);
            if (n1 < MinThirdRows || n2 < MinThirdRows || h1 + h2 < MinContributorRows) continue;
            var (a, b) = (h1 / (double)n1, h2 / (double)n2);
            if (!RateStory.Material(Math.Max(a, b), Math.Min(a, b))) continue;
            if (!(RateStory.TwoProportionP(new RateCount("first", n1, h1), new RateCount("last", n2, h2)) * tests < MaxMoveP)) continue;
            var nb = new NarrativeBuilder();
            var cols = s.Columns.Append(o.Column).Distinct(StringComparer.Ordinal).ToList();
            var sentence = $"While {s.What} held, the share {o.Phrase} {(b > a ? "rose" : "fell")}: {nb.Pct(a, $"share {o.Phrase} in the first third of the span ({s.FirstWhen})", cols, AllRows(table))} of the {noun} of {s.FirstWhen} " +
                $"({nb.Int(h1, $"{noun} {o.Phrase} in the first third", cols, AllRows(table))} of {nb.Int(n1, $"{noun} with {o.Column} decided in the first third", cols, AllRows(table))}), {nb.Pct(b, $"share {o.Phrase} in the last third of the span ({s.LastWhen})", cols, AllRows(table))} of those of {s.LastWhen} " +
                $"({nb.Int(h2, $"{noun} {o.Phrase} in the last third", cols, AllRows(table))} of {nb.Int(n2, $"{noun} with {o.Column} decided in the last third", cols, AllRows(table))}).";
            found.Add((Math.Abs(Math.Log(Math.Max(b, 1e-3) / Math.Max(a, 1e-3))), new SupportingFact(story, sentence, nb.Facts.ToList())));
        }
        foreach (var m in durations)
        {
            var inA = Mask(table, r => s.First[r] && !double.IsNaN(m.Values[r]));
            var inB = Mask(table, r => s.Last[r] && !double.IsNaN(m.Values[r]));
            if (Count(inA) < MinThirdRows || Count(inB) < MinThirdRows) continue;
            var (a, b) = (Median(m.Values, inA), Median(m.Values, inB));
            if (!(a > 0) || Math.Abs(b - a) < MinMove * a || !(RankP(m.Values, inA, inB) * tests < MaxMoveP)) continue;
            var nb = new NarrativeBuilder();
            var cols = s.Columns.Concat(table.SourcesOf(m.Name)).Distinct(StringComparer.Ordinal).ToList();
            var sentence = $"While {s.What} held, the median {H(m.Name)} {(b > a ? "grew" : "fell")}: {nb.N(a, $"median {m.Name} in the first third of the span ({s.FirstWhen})", cols, AllRows(table), Fmt.Num)}{UnitOf(m)} in {s.FirstWhen}, {nb.N(b, $"median {m.Name} in the last third of the span ({s.LastWhen})", cols, AllRows(table), Fmt.Num)}{UnitOf(m)} in {s.LastWhen}.";
            found.Add((Math.Abs(Math.Log(b / a)), new SupportingFact(story, sentence, nb.Facts.ToList())));
        }
        return found.OrderByDescending(f => f.Strength).Select(f => f.Fact);
    }

    /// <summary>
    /// When no group moved: the group a steady measure is highest for (the value of a category or a derived band of 2 to
    /// <see cref="MaxStrata"/> values whose median is at least <see cref="MinMedianRatio"/> times the others', at least
    /// <see cref="MinThirdRows"/> rows in each third) held its share of the rows (within <see cref="MinMove"/> of the
    /// first third's), so no shift in the mix towards it hides under the steady whole; its own level is told with it.
    /// </summary>
    private static SupportingFact? SlowestHeld(AnalysisTable table, Insight story, SteadySpan s)
    {
        if (s.Measure is not { } m) return s.Y is null ? null : LatestHeld(table, story, s);
        var outcomeColumns = RateStory.Outcomes(table).Select(o => o.Column).ToHashSet(StringComparer.Ordinal);
        (CategoryColumn Column, int Code, double Ratio)? best = null;
        var both = Mask(table, r => s.First[r] || s.Last[r]);
        foreach (var c in table.Groupings.Where(c => c.Labels.Length is >= 2 and <= MaxStrata && c.Name != s.Subset && !s.Columns.Contains(c.Name)
            && !outcomeColumns.Contains(c.Name) && !ColumnMeaning.IsFreeText(c) && !ColumnMeaning.IsStateField(c.Name) && !FromSpan(table, s, c)))
        {
            for (var code = 0; code < c.Labels.Length; code++)
            {
                if (StandoutStory.IsPlaceholder(c.Labels[code])) continue;
                var cc = code;
                var inG = Mask(table, r => both[r] && c.Codes[r] == cc);
                var outG = Mask(table, r => both[r] && c.Codes[r] >= 0 && c.Codes[r] != cc);
                if (Count(inG) < 2 * MinThirdRows || Count(outG) < 2 * MinThirdRows) continue;
                var (mi, mo) = (Median(m.Values, inG), Median(m.Values, outG));
                if (!(mo > 0) || mi < MinMedianRatio * mo) continue;
                if (best is null || mi / mo > best.Value.Ratio) best = (c, code, mi / mo);
            }
        }
        if (best is not { } x) return null;
        var g = Mask(table, r => x.Column.Codes[r] == x.Code);
        int n1 = Count(s.First), n2 = Count(s.Last);
        var g1 = Mask(table, r => s.First[r] && g[r]);
        var g2 = Mask(table, r => s.Last[r] && g[r]);
        int k1 = Count(g1), k2 = Count(g2);
        if (k1 < MinThirdRows || k2 < MinThirdRows) return null;
        var (share1, share2) = (k1 / (double)n1, k2 / (double)n2);
        var (med1, med2) = (Median(m.Values, g1), Median(m.Values, g2));
        if (Math.Abs(share2 - share1) > MinMove * share1 || !(med1 > 0)) return null;
        var nb = new NarrativeBuilder();
        var cols = s.Columns.Append(x.Column.Name).ToList();
        var noun = table.Noun;
        var who = GroupWho(x.Column, x.Code, noun);
        var slowest = m.Duration is not null ? "slowest" : "highest";
        var sentence = $"No shift towards the {slowest} group hides under it: {who}, the {slowest}, were {nb.Pct(share1, $"share of the {noun} of the first third that are {who}", cols, AllRows(table))} of the {noun} of {s.FirstWhen} " +
            $"({nb.Int(k1, $"{who} in the first third", cols, AllRows(table))} of {nb.Int(n1, $"{noun} in the first third", cols, AllRows(table))}) and {nb.Pct(share2, $"share of the {noun} of the last third that are {who}", cols, AllRows(table))} of those of {s.LastWhen} ({nb.Int(k2, $"{who} in the last third", cols, AllRows(table))} of {nb.Int(n2, $"{noun} in the last third", cols, AllRows(table))}); " +
            $"their own median {H(m.Name)} went from {nb.N(med1, $"{s.What} of {who} in the first third of the span ({s.FirstWhen})", cols, AllRows(table), Fmt.Num)}{UnitOf(m)} to {nb.N(med2, $"{s.What} of {who} in the last third of the span ({s.LastWhen})", cols, AllRows(table), Fmt.Num)}{UnitOf(m)}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    /// <summary>How far (a share of the first third's count) the rows coming in may move and still be said to have held.</summary>
    public const double MaxLoadMove = 0.1;

    /// <summary>
    /// The load under a steady whole: how many rows came in (measured or not: the still-open and undecided count as
    /// work that arrived) in the first and the last third of the span, two stretches of equal length, each at least
    /// <see cref="MinThirdRows"/>. Said whichever way it went: a level that held while the load grew (or eased) is not
    /// the same news as one that held under the same load.
    /// </summary>
    private static SupportingFact? Load(AnalysisTable table, Insight story, SteadySpan s)
    {
        int a = Count(s.FirstAll), b = Count(s.LastAll);
        if (a < MinThirdRows || b < MinThirdRows) return null;
        var nb = new NarrativeBuilder();
        var noun = table.Noun;
        var cols = s.Columns.ToList();
        var first = nb.Int(a, $"{noun} in the first third of the span ({s.FirstWhen}), measured or not", cols, AllRows(table));
        var last = nb.Int(b, $"{noun} in the last third of the span ({s.LastWhen}), measured or not", cols, AllRows(table));
        var counts = $"{first} {noun} in {s.FirstWhen} and {last} in {s.LastWhen}, the first and the last third of the span";
        var sentence = b > (1 + MaxLoadMove) * a ? $"{Cap(s.What)} held while the load grew: {counts}."
            : b < (1 - MaxLoadMove) * a ? $"{Cap(s.What)} held while the load eased: {counts}."
            : $"{Cap(s.What)} held under the same load: {counts}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    /// <summary>The end (exclusive) of the period that starts at <paramref name="start"/> (days since the epoch of <see cref="DateColumn"/>).</summary>
    private static double PeriodEnd(double start, string granularity)
    {
        var t = DateColumn.ToDateTime(start);
        return granularity switch
        {
            "day" => start + 1,
            "week" => start + 7,
            "month" => DateColumn.FromDateTime(t.AddMonths(1)),
            "quarter" => DateColumn.FromDateTime(t.AddMonths(3)),
            "year" => DateColumn.FromDateTime(t.AddYears(1)),
            _ => double.PositiveInfinity,
        };
    }

    private static string UnitOf(NumericColumn m) => m.Duration is { } d ? $" {d.Unit}" : "";
}
