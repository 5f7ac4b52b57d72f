using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// Four facts for stories that had little else to add: an experiment's gap read within another factor the experimenter
/// crossed its groups with (the names within each résumé quality), the number of rows behind a rising or falling level
/// per row (more tweets, or fewer, while each drew more favourites), a word nearly only the story's rows carry (a
/// morning show's name in the morning tweets), and, under a steady whole, that no group of the category that bears most
/// on it drifted beyond chance.
/// </summary>
public static partial class OwnRowsFacts
{
    // ---------------------------------------------------------------- an experiment's other factor

    /// <summary>
    /// For a rate by a factor an experimenter assigned (the names on the résumés): the gap read within another factor of
    /// the design (<see cref="RowModel.Assignments"/>) whose every value holds the group's values in equal numbers (the
    /// names were assigned within each résumé quality and each city): the factorial reading an experiment is built for,
    /// needing neither a bearing on the outcome nor a difference in the group's mix (there is none, by design). Of
    /// several, the one with the fewest values read (each of them holding the most of the group's rows: the surest
    /// reading, where more values would spread apart by chance alone), then the one across whose values the gap differs
    /// most (the interaction). Not a category a fact before read.
    /// </summary>
    public static SupportingFact? DesignCross(AnalysisTable table, Insight story, StoryRows rows, IReadOnlyCollection<string> used)
    {
        if (story.Detail is not RateGroupDetail { Designed: true } || rows.Group is not { } g || rows.Y is not { } y || table.Model.Assigned is not { Count: > 1 } assigned) return null;
        (CategoryColumn Column, int Values, double Spread)? best = null;
        foreach (var f in assigned.Select(table.Find).OfType<CategoryColumn>())
        {
            if (f == g || rows.Columns.Contains(f.Name) || used.Contains(f.Name) || f.Labels.Length is < 2 or > MaxStrata || !CrossedEvenly(g, f)) continue;
            // The gap per value of the factor, as a log ratio of the group's share to the others'.
            var k = f.Labels.Length;
            var (sn, sh, on, oh) = (new int[k], new int[k], new int[k], new int[k]);
            for (var r = 0; r < table.RowCount; r++)
            {
                var code = f.Codes[r];
                if (code < 0 || !rows.Scope[r] || y[r] < 0) continue;
                if (rows.In[r]) { sn[code]++; sh[code] += y[r]; }
                else { on[code]++; oh[code] += y[r]; }
            }
            var gaps = Enumerable.Range(0, k).Where(i => !StandoutStory.IsPlaceholder(f.Labels[i]) && sn[i] >= MinStratumRows && on[i] >= MinStratumRows && sh[i] + oh[i] > 0)
                .Select(i => Math.Log(Math.Max(sh[i] / (double)sn[i], 1e-3) / Math.Max(oh[i] / (double)on[i], 1e-3))).ToList();
            if (gaps.Count < 2) continue;
            var spread = gaps.Max() - gaps.Min();
            if (best is null || gaps.Count < best.Value.Values || (gaps.Count == best.Value.Values && spread > best.Value.Spread)) best = (f, gaps.Count, spread);
        }
        if (best is not { } x) return null;
        // The reading itself is the gap within a category's values (Within), here by the design's factor alone.
        var others = table.Groupings.Select(c => c.Name).Where(n => n != x.Column.Name).ToHashSet(StringComparer.Ordinal);
        return Within(table, story, rows, others);
    }

    /// <summary>Whether every value of <paramref name="block"/> holds each value of <paramref name="factor"/> equally often (at least twice): the factor was assigned within the block.</summary>
    private static bool CrossedEvenly(CategoryColumn factor, CategoryColumn block)
    {
        var cross = new int[block.Labels.Length, factor.Labels.Length];
        for (var r = 0; r < factor.Codes.Length; r++)
        {
            if (block.Codes[r] >= 0 && factor.Codes[r] >= 0) cross[block.Codes[r], factor.Codes[r]]++;
        }
        var filled = 0;
        for (var i = 0; i < block.Labels.Length; i++)
        {
            if (cross[i, 0] == 0 && Enumerable.Range(1, factor.Labels.Length - 1).All(j => cross[i, j] == 0)) continue;
            if (cross[i, 0] < 2 || Enumerable.Range(1, factor.Labels.Length - 1).Any(j => cross[i, j] != cross[i, 0])) return false;
            filled++;
        }
        return filled >= 2;
    }

    // ---------------------------------------------------------------- the rows behind a trend of a level per row

    /// <summary>How far (a share of the first third's count) the rows may move and still be called about the same number.</summary>
    public const double MaxTrendLoadMove = 0.1;

    /// <summary>
    /// Under a trend of a level per row (the mean favourites of a tweet, not a total, which its rows' count makes up): how
    /// many rows came in during the first and the last third of the span, two stretches of equal length, each at least
    /// <see cref="MinThirdRows"/>; the table's rows must be events, not one row per period. Said whichever way it went:
    /// a level that rose while the rows grew fewer has a rival (each row drew more of a fixed attention), one that rose
    /// while they grew more numerous has not.
    /// </summary>
    public static SupportingFact? TrendLoad(AnalysisTable table, Insight story, StoryRows rows)
    {
        if (story.Detail is not TrendDetail { Series: { Across: null, Aggregation: "mean" or "median" } series } || table.Time.IsSeries || !rows.AboutTime) return null;
        if (table.Find(series.TimeColumn) is not DateColumn axis || table.Find(series.Measure) is not NumericColumn m) return null;
        var (late, early) = (rows.In, rows.Against);
        int a = Count(early), b = Count(late);
        if (a < MinThirdRows || b < MinThirdRows) return null;
        double Edge(bool[] mask, bool first)
        {
            var v = first ? double.PositiveInfinity : double.NegativeInfinity;
            for (var r = 0; r < mask.Length; r++) if (mask[r]) v = first ? Math.Min(v, axis.Days[r]) : Math.Max(v, axis.Days[r]);
            return v;
        }
        var (e0, e1, l0, l1) = (Edge(early, true), Edge(early, false), Edge(late, true), Edge(late, false));
        var grain = l1 - e0 > 120 ? "month" : "day";
        string When(double x, double z)
        {
            var (p, q) = (Fmt.Time(x, false, grain), Fmt.Time(z, false, grain));
            return p == q ? p : $"{p}–{q}";
        }
        var (firstWhen, lastWhen) = (When(e0, e1), When(l0, l1));
        var noun = table.Noun;
        var nb = new NarrativeBuilder();
        var cols = rows.Columns.ToList();
        var first = nb.Int(a, $"{noun} with {m.Name} in the first third of the span ({firstWhen})", cols, AllRows(table));
        var last = nb.Int(b, $"{noun} with {m.Name} in the last third of the span ({lastWhen})", cols, AllRows(table));
        var counts = $"{first} {noun} in {firstWhen} and {last} in {lastWhen}, the first and the last third of the span";
        var moved = rows.High ? "rose" : "fell";
        var what = Cap(H(m.Name));
        var sentence = b > (1 + MaxTrendLoadMove) * a ? $"{what} {moved} while the {noun} grew more numerous: {counts}."
            : b < (1 - MaxTrendLoadMove) * a ? $"{what} {moved} while the {noun} grew fewer: {counts}."
            : $"{what} {moved} while about as many {noun} came in: {counts}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    // ---------------------------------------------------------------- a word nearly only the story's rows carry

    /// <summary>The least share of the story's rows a word nearly only they carry needs (below <see cref="MinContributorShare"/>).</summary>
    public const double MinExclusiveShare = 0.05;

    /// <summary>How many times the compared rows' share a word nearly only the story's rows carry needs.</summary>
    public const double MinExclusiveLift = 10;

    /// <summary>
    /// When no word is in a quarter of the story's rows (<see cref="WordsOf"/>): a word, phrase or id in at least
    /// <see cref="MinExclusiveShare"/> of them and <see cref="MinExclusiveLift"/> times as often as in the rows they are
    /// compared with (a morning show's name in the morning tweets), by the same test and correction. Not for a story about a change (its later rows' words are <see cref="ChangeWordsOf"/>'s).
    /// </summary>
    public static SupportingFact? ExclusiveWordsOf(AnalysisTable table, Insight story, StoryRows rows)
    {
        if (rows.AboutTime) return null;
        var (mine, theirs, mineWho, theirsWho) = rows.Y is not null
            ? (rows.Excess, rows.Against, rows.ExcessWho, rows.AgainstWho)
            : (rows.In, Mask(table, r => rows.Scope[r] && !rows.In[r]), rows.Who, rows.Others);
        return TermsOf(table, story, rows, mine, theirs, mineWho, theirsWho, MinExclusiveShare, MinExclusiveLift);
    }

    // ---------------------------------------------------------------- no group drifted under a steady whole

    /// <summary>The p-value each group's move must stay above for none to be said to have drifted (uncorrected: strict towards "none").</summary>
    public const double MinDriftP = 0.05;

    /// <summary>At most this many groups are listed; beyond, the largest <see cref="ListedStrata"/>.</summary>
    public const int ListedDrift = 4;

    /// <summary>
    /// Under a steady whole where not every group held within <see cref="MaxHeldMove"/> (<see cref="HeldWithin"/>): the
    /// category that bears most on the measure or rate (its groups' medians <see cref="MinMedianRatio"/> times apart, or
    /// rates <see cref="RateStory.Material"/>), each value with at least <see cref="MinStratumRows"/> rows in both thirds
    /// (at least two, holding <see cref="MinStrataCoverage"/> of the rows), none of whose groups moved between the first
    /// and the last third beyond chance (a rank-sum or two-proportion test, each p at least <see cref="MinDriftP"/>): no
    /// rise in one group offset by a fall in another. Not said when one moved.
    /// </summary>
    private static SupportingFact? NoDrift(AnalysisTable table, Insight story, SteadySpan s, IReadOnlyCollection<string> told)
    {
        if (BearingStrata(table, s, told, MinStratumRows, withP: true) is not { } x || x.Values.Any(v => !(v.P >= MinDriftP))) return null;
        var nb = new NarrativeBuilder();
        var cols = s.Columns.Append(x.Column.Name).ToList();
        string V(double v, string desc) => s.Y is not null ? nb.Pct(v, desc, cols, AllRows(table)) : nb.N(v, desc, cols, AllRows(table), Fmt.Num) + UnitOf(s.Measure!);
        var shown = x.Values.Count <= ListedDrift ? x.Values.OrderByDescending(v => v.A) : x.Values.OrderByDescending(v => v.N1 + v.N2).Take(ListedStrata);
        var listed = shown.Select(v =>
        {
            var label = LabelOf(nb, x.Column, x.Column.Labels[v.Code], cols, table);
            return $"{label} {V(v.A, $"{s.What} of the {table.Noun} with {x.Column.Name} {x.Column.Labels[v.Code]} in the first third ({s.FirstWhen})")} to {V(v.B, $"{s.What} of the {table.Noun} with {x.Column.Name} {x.Column.Labels[v.Code]} in the last third ({s.LastWhen})")}";
        });
        var column = H(x.Column.Name);
        var count = x.Values.Count == 2 ? $"both {Words.Plural(column)}" : $"each of the {nb.Int(x.Values.Count, $"values of {x.Column.Name} with at least {MinStratumRows} rows in both thirds", cols, AllRows(table))} {Words.Plural(column)}";
        var largest = x.Values.Count > ListedDrift ? $" (the largest {nb.Int(ListedStrata, "values listed", cols, AllRows(table))})" : "";
        var test = s.Y is not null ? "a two-proportion test" : "a rank-sum test";
        var smallest = nb.P(x.Values.Min(v => v.P), $"smallest p-value of {test} per value of {x.Column.Name} between the first and the last third", cols, AllRows(table));
        var sentence = $"No group drifted under it: in {count}, {s.What} moved from {s.FirstWhen} to {s.LastWhen} by no more than chance ({test} per {column}, the smallest {smallest}){largest}: {string.Join("; ", listed)}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }
}
