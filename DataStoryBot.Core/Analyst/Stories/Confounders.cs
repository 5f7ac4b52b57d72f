using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>
/// A group's difference read within the levels of another category (issue 21): "Australia incidents take 2.2 times as
/// long" is Australia's hardware mix when, hardware against hardware and software against software, Australia is no
/// slower.
/// </summary>
/// <param name="By">The category the comparison was stratified by (the one that explains the gap most).</param>
/// <param name="Raw">The gap in all rows: the ratio of medians for a measure, the difference of rates for an outcome.</param>
/// <param name="Within">The same gap within the levels of <see cref="By"/>, weighted across them.</param>
/// <param name="Strata">How many levels of <see cref="By"/> held both the group and the rest.</param>
/// <param name="Rows">The group's rows in those levels.</param>
public sealed record ConfoundCheck(string By, double Raw, double Within, int Strata, int Rows)
{
    /// <summary>Whether at most <see cref="Confounders.MaxShareLeft"/> of the gap is left within the levels (or it reverses).</summary>
    public bool Explained { get; init; }
}

/// <summary>
/// Stratified comparisons, for the few stories that are candidates (never for every pair). Before a group's difference
/// is told, it is read again within each level of every other category associated with the group (Cramér's V ≥
/// <see cref="MinV"/> between being in the group and that category): for a measure, the weighted mean of the
/// within-level log ratios of medians (weights: the group's rows in the level); for a rate, the Mantel-Haenszel
/// weighted difference of rates. When at most a third of the gap is left (or it reverses), the other category's mix
/// makes the difference: the story is that category's, not the group's. Outcome columns never stratify (they are what
/// happens to the row, not what it is), nor do columns that are the measure or the outcome in another form.
/// </summary>
public static class Confounders
{
    /// <summary>How associated (Cramér's V) a category must be with the group to be read as its mix.</summary>
    public const double MinV = 0.2;

    /// <summary>At most this share of the gap left within the levels: the mix explains it.</summary>
    public const double MaxShareLeft = 1.0 / 3;

    /// <summary>Rows of the group and of the rest a level needs to be compared in.</summary>
    public const int MinStratumRows = 5;

    /// <summary>A category this associated with the outcome is the outcome in another form (reimbursed % beside declined).</summary>
    public const double MaxOutcomeV = 0.9;

    /// <summary>Rows read (evenly spaced) on a large table.</summary>
    public const int MaxRows = 200_000;

    /// <summary>The categories a group's difference may be the mix of: 2 to 30 levels, not free text, not the group.</summary>
    private static IEnumerable<CategoryColumn> Strata(AnalysisTable table, CategoryColumn group, IReadOnlyCollection<string> exclude) =>
        table.Categories.Where(c => c.Name != group.Name && !exclude.Contains(c.Name) && c.Labels.Length is >= 2 and <= 30 && !ColumnMeaning.IsFreeText(c)
            && !table.SourcesOf(c.Name).Intersect(table.SourcesOf(group.Name)).Any());

    /// <summary>
    /// The median of a measure in one level of <paramref name="group"/> against the rest, read within the levels of each
    /// associated category; the check that explains the gap most, or null when none could be read.
    /// </summary>
    public static ConfoundCheck? ForMedians(AnalysisTable table, CategoryColumn group, int code, NumericColumn measure)
    {
        var rows = Descriptive.EvenlySpaced(table.RowCount, MaxRows);
        var inGroup = new List<double>();
        var rest = new List<double>();
        foreach (var r in rows)
        {
            var c = group.Codes[r];
            var v = measure.Values[r];
            if (c < 0 || !double.IsFinite(v)) continue;
            (c == code ? inGroup : rest).Add(v);
        }
        if (inGroup.Count < MinStratumRows || rest.Count < MinStratumRows) return null;
        var (mg, mr) = (Descriptive.Median(inGroup.ToArray()), Descriptive.Median(rest.ToArray()));
        if (!(mg > 0) || !(mr > 0)) return null;
        var raw = Math.Log(mg / mr);
        var exclude = table.SourcesOf(measure.Name).Append(measure.Name).ToHashSet(StringComparer.Ordinal);
        ConfoundCheck? best = null;
        foreach (var h in Strata(table, group, exclude))
        {
            if (Association(rows, group, code, h) < MinV) continue;
            var a = new List<double>[h.Labels.Length];
            var b = new List<double>[h.Labels.Length];
            foreach (var r in rows)
            {
                var (c, s, v) = (group.Codes[r], h.Codes[r], measure.Values[r]);
                if (c < 0 || s < 0 || !double.IsFinite(v)) continue;
                if (c == code) (a[s] ??= []).Add(v);
                else (b[s] ??= []).Add(v);
            }
            double sum = 0, weight = 0;
            var strata = 0;
            for (var s = 0; s < h.Labels.Length; s++)
            {
                if (a[s] is not { Count: >= MinStratumRows } x || b[s] is not { Count: >= MinStratumRows } y) continue;
                var (ma, mb) = (Descriptive.Median(x.ToArray()), Descriptive.Median(y.ToArray()));
                if (!(ma > 0) || !(mb > 0)) continue;
                sum += x.Count * Math.Log(ma / mb);
                weight += x.Count;
                strata++;
            }
            // The group's rows must mostly sit in levels that also hold the rest: otherwise nothing is compared like with like.
            if (strata < 1 || weight < 0.5 * inGroup.Count) continue;
            var within = sum / weight;
            var check = new ConfoundCheck(h.Name, Math.Exp(raw), Math.Exp(within), strata, (int)weight) { Explained = Left(raw, within) };
            if (best is null || Math.Abs(within) < Math.Abs(Math.Log(best.Within))) best = check;
        }
        return best;
    }

    /// <summary>
    /// An outcome's rate in one level of <paramref name="group"/> against the rest, read within the levels of each
    /// associated category (Mantel-Haenszel weighted difference); the check that explains the gap most, or null.
    /// </summary>
    /// <param name="y">Per row 1 (outcome), 0 (decided without it) or −1 (left out).</param>
    /// <param name="outcomes">The table's outcome columns: never a stratum.</param>
    public static ConfoundCheck? ForRates(AnalysisTable table, CategoryColumn group, int code, sbyte[] y, IReadOnlyCollection<string> outcomes)
    {
        var rows = Descriptive.EvenlySpaced(table.RowCount, MaxRows);
        long na = 0, ka = 0, nb = 0, kb = 0;
        foreach (var r in rows)
        {
            var c = group.Codes[r];
            if (c < 0 || y[r] < 0) continue;
            if (c == code) { na++; ka += y[r]; }
            else { nb++; kb += y[r]; }
        }
        if (na < MinStratumRows || nb < MinStratumRows) return null;
        var raw = ka / (double)na - kb / (double)nb;
        ConfoundCheck? best = null;
        foreach (var h in Strata(table, group, outcomes))
        {
            if (Association(rows, group, code, h) < MinV || OutcomeV(rows, y, h) >= MaxOutcomeV) continue;
            var n1 = new long[h.Labels.Length];
            var k1 = new long[h.Labels.Length];
            var n0 = new long[h.Labels.Length];
            var k0 = new long[h.Labels.Length];
            foreach (var r in rows)
            {
                var (c, s) = (group.Codes[r], h.Codes[r]);
                if (c < 0 || s < 0 || y[r] < 0) continue;
                if (c == code) { n1[s]++; k1[s] += y[r]; }
                else { n0[s]++; k0[s] += y[r]; }
            }
            double sum = 0, weight = 0;
            long covered = 0;
            var strata = 0;
            for (var s = 0; s < h.Labels.Length; s++)
            {
                if (n1[s] < MinStratumRows || n0[s] < MinStratumRows) continue;
                var w = n1[s] * (double)n0[s] / (n1[s] + n0[s]);
                sum += w * (k1[s] / (double)n1[s] - k0[s] / (double)n0[s]);
                weight += w;
                covered += n1[s];
                strata++;
            }
            if (strata < 1 || covered < 0.5 * na) continue;
            var within = sum / weight;
            var check = new ConfoundCheck(h.Name, raw, within, strata, (int)covered) { Explained = Left(raw, within) };
            if (best is null || Math.Abs(within) < Math.Abs(best.Within)) best = check;
        }
        return best;
    }

    /// <summary>Whether at most <see cref="MaxShareLeft"/> of the gap is left within the levels, or it turns the other way.</summary>
    private static bool Left(double raw, double within) => raw != 0 && within * Math.Sign(raw) <= MaxShareLeft * Math.Abs(raw);

    /// <summary>Cramér's V between being in the group's level and the category.</summary>
    private static double Association(int[] rows, CategoryColumn group, int code, CategoryColumn h)
    {
        var t = new long[2, h.Labels.Length];
        foreach (var r in rows)
        {
            var (c, s) = (group.Codes[r], h.Codes[r]);
            if (c < 0 || s < 0) continue;
            t[c == code ? 1 : 0, s]++;
        }
        var v = StatTests.ChiSquare(t).CramersV;
        return double.IsFinite(v) ? v : 0;
    }

    /// <summary>Cramér's V between the outcome and the category: near 1, the category is the outcome in another form.</summary>
    private static double OutcomeV(int[] rows, sbyte[] y, CategoryColumn h)
    {
        var t = new long[2, h.Labels.Length];
        foreach (var r in rows)
        {
            var s = h.Codes[r];
            if (s < 0 || y[r] < 0) continue;
            t[y[r], s]++;
        }
        var v = StatTests.ChiSquare(t).CramersV;
        return double.IsFinite(v) ? v : 0;
    }
}
