using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// Under a steady whole, the checks that no move hides in its parts: the group most often late (failing, declined) kept
/// its share of the rows, and every group of the category that bears most on the measure or rate held on its own.
/// </summary>
public static partial class OwnRowsFacts
{
    /// <summary>The categories a steady story's rows may be read by for <see cref="HeldWithin"/> and the held share of a group.</summary>
    private static IEnumerable<CategoryColumn> SteadyStrata(AnalysisTable table, SteadySpan s)
    {
        var outcomeColumns = RateStory.Outcomes(table).Select(o => o.Column).ToHashSet(StringComparer.Ordinal);
        return table.Groupings.Where(c => c.Labels.Length is >= 2 and <= MaxStrata && c.Name != s.Subset && !s.Columns.Contains(c.Name)
            && !outcomeColumns.Contains(c.Name) && !ColumnMeaning.IsFreeText(c) && !ColumnMeaning.IsStateField(c.Name) && !FromSpan(table, s, c));
    }

    /// <summary>
    /// Whether a category is derived from the steady story's own columns (a band of its measure, the month of its time
    /// axis); a part of the day or the week of the time axis (the hour band, the weekday) is not the span, and its
    /// groups may be read.
    /// </summary>
    private static bool FromSpan(AnalysisTable table, SteadySpan s, CategoryColumn c) =>
        table.SourcesOf(c.Name).Any(s.Columns.Contains) && c.Derived is not { Kind: "hour" or "weekday" };

    /// <summary>A steady story's level on some rows: the median of its measure or the share of its outcome (NaN when none).</summary>
    private static double LevelOf(AnalysisTable table, SteadySpan s, bool[] rows)
    {
        if (s.Measure is { } m) return Median(m.Values, rows);
        var (n, h) = Hits(s.Y!, rows);
        return n == 0 ? double.NaN : h / (double)n;
    }

    /// <summary>How far (a share of the first third's level) a group's median may move and still be said to have held.</summary>
    public const double MaxHeldMove = 0.1;

    /// <summary>
    /// Whether a steady story's level held between <paramref name="a"/> and <paramref name="b"/>: a median within
    /// <see cref="MaxHeldMove"/> of the first, a rate within <see cref="RateStory.MinGroupDifference"/> points and
    /// <see cref="RateStory.MinGroupRatio"/> times (the least gap a rate story tells).
    /// </summary>
    private static bool Held(SteadySpan s, double a, double b) =>
        s.Measure is not null ? a > 0 && Math.Abs(b - a) <= MaxHeldMove * a : !RateStory.Material(Math.Max(a, b), Math.Min(a, b)) && Math.Abs(b - a) < RateStory.MinGroupDifference;

    /// <summary>
    /// For a steady rate: the group most often in the outcome (a value of a category of 2 to <see cref="MaxStrata"/> values
    /// whose share is <see cref="RateStory.Material"/> above the others', at least 2 × <see cref="MinThirdRows"/> rows) kept
    /// its share of the rows (within <see cref="MinMove"/> of the first third's), so no shift in the mix towards it hides
    /// under the steady whole; its own share is told with it. The rate's counterpart of <see cref="SlowestHeld"/>.
    /// </summary>
    private static SupportingFact? LatestHeld(AnalysisTable table, Insight story, SteadySpan s)
    {
        var both = Mask(table, r => s.First[r] || s.Last[r]);
        (CategoryColumn Column, int Code, double Ratio)? best = null;
        foreach (var c in SteadyStrata(table, s))
        {
            var n = new int[c.Labels.Length];
            var h = new int[c.Labels.Length];
            for (var r = 0; r < table.RowCount; r++)
            {
                if (!both[r] || c.Codes[r] < 0 || s.Y![r] < 0) continue;
                n[c.Codes[r]]++;
                h[c.Codes[r]] += s.Y[r];
            }
            int all = n.Sum(), hits = h.Sum();
            for (var code = 0; code < n.Length; code++)
            {
                if (StandoutStory.IsPlaceholder(c.Labels[code]) || n[code] < 2 * MinThirdRows || all - n[code] < 2 * MinThirdRows) continue;
                double mine = h[code] / (double)n[code], rest = (hits - h[code]) / (double)(all - n[code]);
                if (!RateStory.Material(mine, rest) || !(rest > 0)) continue;
                if (best is null || mine / rest > best.Value.Ratio) best = (c, code, mine / rest);
            }
        }
        if (best is not { } x) return null;
        var g1 = Mask(table, r => s.First[r] && x.Column.Codes[r] == x.Code && s.Y![r] >= 0);
        var g2 = Mask(table, r => s.Last[r] && x.Column.Codes[r] == x.Code && s.Y![r] >= 0);
        int n1 = Hits(s.Y!, s.First).N, n2 = Hits(s.Y!, s.Last).N;
        int k1 = Count(g1), k2 = Count(g2);
        if (k1 < MinThirdRows || k2 < MinThirdRows) return null;
        var (share1, share2) = (k1 / (double)n1, k2 / (double)n2);
        if (Math.Abs(share2 - share1) > MinMove * share1) return null;
        var (rate1, rate2) = (LevelOf(table, s, g1), LevelOf(table, s, g2));
        var nb = new NarrativeBuilder();
        var cols = s.Columns.Append(x.Column.Name).ToList();
        var noun = table.Noun;
        var who = GroupWho(x.Column, x.Code, noun);
        var sentence = $"No shift towards the group with the highest share hides under it: {who}, the group with the highest {s.What[4..]}, were {nb.Pct(share1, $"share of the {noun} of the first third that are {who}", cols, AllRows(table))} of the {noun} of {s.FirstWhen} " +
            $"({nb.Int(k1, $"{who} in the first third", cols, AllRows(table))} of {nb.Int(n1, $"{noun} in the first third", cols, AllRows(table))}) and {nb.Pct(share2, $"share of the {noun} of the last third that are {who}", cols, AllRows(table))} of those of {s.LastWhen} ({nb.Int(k2, $"{who} in the last third", cols, AllRows(table))} of {nb.Int(n2, $"{noun} in the last third", cols, AllRows(table))}); " +
            $"their own {s.What[4..]} went from {nb.Pct(rate1, $"{s.What} of {who} in the first third of the span ({s.FirstWhen})", cols, AllRows(table))} to {nb.Pct(rate2, $"{s.What} of {who} in the last third of the span ({s.LastWhen})", cols, AllRows(table))}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    /// <summary>
    /// Under a steady whole, every group held on its own: of the categories of 2 to <see cref="MaxStrata"/> values whose
    /// groups differ in the measure (<see cref="MinMedianRatio"/> times) or the rate (<see cref="RateStory.Material"/>),
    /// the one that differs most, each of its values with at least <see cref="MinThirdRows"/> rows in both thirds (at
    /// least two, holding <see cref="MinStrataCoverage"/> of the rows) having <see cref="Held"/>: no rise in one group offset by a fall in another.
    /// </summary>
    private static SupportingFact? HeldWithin(AnalysisTable table, Insight story, SteadySpan s, IReadOnlyCollection<string> told)
    {
        // Not a category a fact before already read the rows by (the group that kept its share): its level again.
        if (BearingStrata(table, s, told, MinThirdRows, withP: false) is not { } x || x.Values.Any(v => !Held(s, v.A, v.B))) return null;
        var nb = new NarrativeBuilder();
        var cols = s.Columns.Append(x.Column.Name).ToList();
        string V(double v, string desc) => s.Y is not null ? nb.Pct(v, desc, cols, AllRows(table)) : nb.N(v, desc, cols, AllRows(table), Fmt.Num) + UnitOf(s.Measure!);
        var listed = x.Values.OrderByDescending(v => v.N1 + v.N2).Take(ListedStrata).Select(v =>
        {
            var label = LabelOf(nb, x.Column, x.Column.Labels[v.Code], cols, table);
            return $"{label} {V(v.A, $"{s.What} of the {table.Noun} with {x.Column.Name} {x.Column.Labels[v.Code]} in the first third ({s.FirstWhen})")} to {V(v.B, $"{s.What} of the {table.Noun} with {x.Column.Name} {x.Column.Labels[v.Code]} in the last third ({s.LastWhen})")}";
        });
        var column = x.Column.Name;
        var count = x.Values.Count == 2 ? "both" : $"each of the {nb.Int(x.Values.Count, $"values of {x.Column.Name} with at least {MinThirdRows} rows in both thirds", cols, AllRows(table))}";
        var largest = x.Values.Count > ListedStrata ? $" (the largest {nb.Int(ListedStrata, "values listed", cols, AllRows(table))})" : "";
        var sentence = $"No group's move hides under it: {s.What} held in {count} {Words.Plural(H(column))} from {s.FirstWhen} to {s.LastWhen}{largest}: {string.Join("; ", listed)}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    /// <summary>One value of a category in the first and the last third of a steady span: its rows and level in each, and
    /// (when asked) the p-value of its move between them.</summary>
    private readonly record struct Stratum(int Code, int N1, int N2, double A, double B, double P);

    /// <summary>
    /// Of the categories a steady story's rows may be read by (<see cref="SteadyStrata"/>, not one already read), the one
    /// whose groups differ most in the measure (<see cref="MinMedianRatio"/> times) or the rate (<see cref="RateStory.Material"/>),
    /// each of its values with at least <paramref name="minRows"/> rows in both thirds (at least two, holding
    /// <see cref="MinStrataCoverage"/> of the rows); with <paramref name="withP"/>, each value's move between the thirds
    /// tested (two-proportion or rank-sum test).
    /// </summary>
    private static (CategoryColumn Column, List<Stratum> Values)? BearingStrata(AnalysisTable table, SteadySpan s, IReadOnlyCollection<string> told, int minRows, bool withP)
    {
        (CategoryColumn Column, List<Stratum> Values, double Spread)? best = null;
        var total = Count(Mask(table, r => (s.First[r] || s.Last[r]) && (s.Y is null || s.Y[r] >= 0)));
        foreach (var c in SteadyStrata(table, s).Where(c => !told.Contains(c.Name)))
        {
            var values = new List<Stratum>();
            var levels = new List<double>();
            var covered = 0;
            for (var code = 0; code < c.Labels.Length; code++)
            {
                if (StandoutStory.IsPlaceholder(c.Labels[code])) continue;
                var cc = code;
                var g1 = Mask(table, r => s.First[r] && c.Codes[r] == cc && (s.Y is null || s.Y[r] >= 0));
                var g2 = Mask(table, r => s.Last[r] && c.Codes[r] == cc && (s.Y is null || s.Y[r] >= 0));
                int n1 = Count(g1), n2 = Count(g2);
                if (n1 < minRows || n2 < minRows) continue;
                var (a, b) = (LevelOf(table, s, g1), LevelOf(table, s, g2));
                if (double.IsNaN(a) || double.IsNaN(b)) continue;
                var p = !withP ? double.NaN
                    : s.Y is { } y ? RateStory.TwoProportionP(new RateCount("first", n1, Hits(y, g1).Hits), new RateCount("last", n2, Hits(y, g2).Hits))
                    : RankP(s.Measure!.Values, g1, g2);
                values.Add(new Stratum(code, n1, n2, a, b, p));
                levels.Add(LevelOf(table, s, Mask(table, r => g1[r] || g2[r])));
                covered += n1 + n2;
            }
            if (values.Count < 2 || covered < MinStrataCoverage * total) continue;
            double hi = levels.Max(), lo = levels.Min();
            var bears = s.Measure is not null ? lo > 0 && hi >= MinMedianRatio * lo : RateStory.Material(hi, lo);
            if (!bears) continue;
            var spread = lo > 0 ? hi / lo : double.PositiveInfinity;
            if (best is null || spread > best.Value.Spread) best = (c, values, spread);
        }
        return best is { } x ? (x.Column, x.Values) : null;
    }
}
