using System.Globalization;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Csv;

namespace DataStoryBot.Core.Analyst.Data;

/// <summary>How a derived grouping was made: from which of the file's columns, and why this one was kept.</summary>
/// <param name="Kind">"band" (a measure above or below a round cut), "notice" (days between two dates of a row, below or
/// above a round cut), "weekday", "hour" (three-hour bands of the time of day), "month" or "year" of a date.</param>
/// <param name="Sources">The file's columns the grouping is computed from.</param>
/// <param name="Phrases">Per level (same order as the column's labels), what the level says about a row, read after
/// the row's noun: "with amount over 2,000", "with start date on a Monday", "requested less than a week ahead of start date".</param>
/// <param name="Target">The outcome, duration or category whose change the grouping was kept for.</param>
/// <param name="Cut">For a band or a notice period, the cut (in the measure's unit, or days).</param>
/// <param name="Tried">How many groupings (cuts × targets) were tried for this column; the p-value is corrected for all tests in the table.</param>
/// <param name="P">The Bonferroni-corrected p-value of the strongest difference the grouping showed (over every test tried in the table).</param>
public sealed record DerivedGrouping(string Kind, IReadOnlyList<string> Sources, IReadOnlyList<string> Phrases, string Target, double? Cut, int Tried, double P)
{
    /// <summary>The rows a notice period leaves out, in words ("leave type other than Sick"), or null: every phrase ends with it in brackets.</summary>
    public string? Except { get; init; }

    /// <summary>The rows of one level in words: "claims with amount over 2,000".</summary>
    public string Who(string noun, string[] labels, string label)
    {
        var i = Array.IndexOf(labels, label);
        return i < 0 || i >= Phrases.Count ? $"{noun} {label}" : $"{noun} {Phrases[i]}";
    }
}

/// <summary>
/// Derived groupings (issue 21): a rate or a duration often changes with a measure's size ("claims over 2,000 take three
/// times longer"), the time of a date (December, Monday, the evening) or the notice between two dates of a row ("less
/// than a week ahead"). These become category columns the other kinds use like any other (a rate by group, a duration by
/// group, a within-category share), each mapped back to the file's columns it is computed from
/// (<see cref="AnalysisTable.SourcesOf(string)"/>).
/// <para>
/// A band's cut is data-driven, like one split of a decision tree: among round numbers (1, 2 or 5 × 10ᵏ steps between the
/// 1st and 99th percentile, at least <see cref="MinSide"/> rows each side), the one where an outcome's rate (chi-square) or
/// a duration (Mann-Whitney) differs most; the notice period tries the round spans of the calendar (a day, two days,
/// three, a week, two weeks, a month, …). Date parts are fixed (month, weekday, three-hour bands of the day, year).
/// A grouping is kept only when its strongest difference survives a Bonferroni correction over every cut, part and
/// target tried in the table (p &lt; 0.001) and is large enough to tell (1.5 times and 5 points for a rate, 1.5 times
/// the median for a duration, a share 1.75 times and 10 points above the rest for a category); at most one per kind and
/// <see cref="MaxDerived"/> per table, the strongest first. Ids are never banded; a measure that (nearly) decides the
/// outcome (a late flag from the delay minutes) or moves with the duration is not banded against it.
/// </para>
/// </summary>
public static class DerivedGroups
{
    /// <summary>At most this many derived groupings per table.</summary>
    public const int MaxDerived = 4;

    /// <summary>At most this many measure bands per table.</summary>
    public const int MaxBands = 2;

    /// <summary>Rows screened to choose the groupings (evenly spaced); the kept columns cover every row.</summary>
    public const int ScreenRows = 20_000;

    /// <summary>The least rows on each side of a cut, and in a level that shows the difference.</summary>
    public const int MinSide = 20;

    /// <summary>The largest corrected p-value a kept grouping's difference may have.</summary>
    public const double MaxP = 0.001;

    public const double MinRatio = 1.5;
    public const double MinDifference = 0.05;
    public const double MinLift = 1.75;
    public const double MinShareGap = 0.10;

    /// <summary>A measure whose rank order decides the outcome this well (AUC) defines it: a flag derived from it.</summary>
    public const double MaxAuc = 0.95;

    /// <summary>A band this associated with one of the table's categories (Cramér's V) stands for it.</summary>
    public const double MaxProxyV = 0.5;

    /// <summary>A measure this rank-correlated with a duration measures the same thing.</summary>
    public const double MaxRho = 0.9;

    private static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly string[] Hours = ["midnight–3 am", "3–6 am", "6–9 am", "9 am–noon", "noon–3 pm", "3–6 pm", "6–9 pm", "9 pm–midnight"];

    private static readonly (double Days, string Words)[] Spans =
    [
        (1, "a day"), (2, "two days"), (3, "three days"), (7, "a week"), (14, "two weeks"), (30, "a month"), (61, "two months"),
        (91, "three months"), (182, "six months"), (365, "a year"),
    ];

    /// <param name="LeftService">An item's having left service (Retired): read only by the year its start date fell, its age.</param>
    private sealed record Target(string Name, string Kind, sbyte[]? Outcome, double[]? Values, double[]? Ranks, int[]? Codes, int Levels, IReadOnlyList<string> DateSources, bool LeftService = false);

    private sealed class Counter
    {
        public int Tests;
    }

    private sealed record Candidate(string Kind, string Name, DerivedGrouping Grouping, Func<int, int> Code, string[] Labels, int Index, double Z, double RawP);

    /// <summary>The table with its strongest derived groupings added as category columns (none when nothing differs).</summary>
    public static AnalysisTable Add(AnalysisTable table)
    {
        if (table.RowCount < 3 * MinSide) return table;
        var rows = Descriptive.EvenlySpaced(table.RowCount, ScreenRows);
        var targets = Targets(table, rows);
        if (targets.Count == 0) return table;
        var found = new List<Candidate>();
        var tests = new Counter();
        foreach (var m in table.Numeric.Where(m => IsBandable(m, rows)))
        {
            if (Band(table, m, rows, targets, tests) is { } c) found.Add(c);
        }
        // The time a row's process begins (opened, requested, the table's own time axis) can say something about it; an
        // end's time follows from the duration and a plan's (a due date) from the rule that set it.
        var ends = table.Numeric.Where(n => n.Duration is not null).Select(n => n.Duration!.End).ToHashSet(StringComparer.Ordinal);
        var axis = table.Dates.FirstOrDefault(d => d.Length - d.MissingCount >= 8)?.Name;
        foreach (var d in table.Dates.Where(d => d.Length - d.MissingCount >= 3 * MinSide))
        {
            if ((TimestampNames.IsStartName(d.Name) || d.Name == axis) && !TimestampNames.IsPlanName(d.Name) && !ends.Contains(d.Name))
            {
                foreach (var c in DateParts(d, rows, targets, tests)) found.Add(c);
            }
            foreach (var b in table.Dates.Where(b => b != d && IsNoticePair(d, b)))
            {
                if (Notice(table, d, b, rows, targets, tests) is { } c) found.Add(c);
            }
        }
        var kept = new List<Candidate>();
        foreach (var c in found.Where(c => c.RawP * Math.Max(1, tests.Tests) < MaxP).OrderByDescending(c => c.Z).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            if (kept.Count >= MaxDerived) break;
            if (c.Kind == "band" ? kept.Count(k => k.Kind == "band") >= MaxBands : kept.Any(k => k.Kind == c.Kind)) continue;
            if (table.Find(c.Name) is not null || kept.Any(k => k.Name == c.Name)) continue;
            // Two bands of measures where one contains the other (housing costs within all debt payments) tell one finding: the stronger.
            if (c.Kind == "band" && kept.Any(k => k.Kind == "band" && Nested(table, k, c, rows))) continue;
            kept.Add(c);
        }
        if (kept.Count == 0) return table;
        var added = kept.Select(c =>
        {
            var codes = new int[table.RowCount];
            for (var r = 0; r < codes.Length; r++) codes[r] = c.Code(r);
            var g = c.Grouping with { P = Math.Min(1, c.RawP * Math.Max(1, tests.Tests)), Tried = tests.Tests };
            return (DataColumn)new CategoryColumn(c.Name, c.Index, codes, c.Labels, g);
        });
        return table.With([.. table.Columns, .. added]);
    }

    private static bool Nested(AnalysisTable table, Candidate a, Candidate b, int[] rows) =>
        table.Find(a.Grouping.Sources[0]) is NumericColumn x && table.Find(b.Grouping.Sources[0]) is NumericColumn y && ColumnMeaning.IsBound(x, y, rows);

    // ---------------------------------------------------------------- targets

    private static List<Target> Targets(AnalysisTable table, int[] rows)
    {
        var list = new List<Target>();
        foreach (var o in RateStory.Outcomes(table))
        {
            var c = (CategoryColumn)table.Find(o.Column)!;
            var hit = Array.IndexOf(c.Labels, o.Level);
            var skip = c.Labels.Select(l => o.Undecided.Contains(l)).ToArray();
            var y = new sbyte[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                var code = c.Codes[rows[i]];
                y[i] = code < 0 || skip[code] ? (sbyte)-1 : (sbyte)(code == hit ? 1 : 0);
            }
            list.Add(new Target(o.Column, "outcome", y, null, null, null, 0, []));
        }
        foreach (var o in RateStory.LeftServiceOutcomes(table))
        {
            var all = RateStory.OutcomeOf(table, o, out _);
            list.Add(new Target(o.Column, "outcome", rows.Select(r => all[r]).ToArray(), null, null, null, 0, [], LeftService: true));
        }
        var measures = table.Numeric.Where(n => n.Duration is null).ToList();
        foreach (var d in table.Numeric.Where(n => n.Duration is not null))
        {
            var v = rows.Select(r => d.Values[r]).ToArray();
            // A file's measure that is the same duration (processing hours beside submitted and processed stamps) is the
            // one discovery keeps (the first of near-identical measures): the grouping is chosen against it.
            var twin = measures.FirstOrDefault(m => StatTests.Pearson(v, rows.Select(r => m.Values[r]).ToArray()) is var r && r.N >= CorrelationStory.MinN && Math.Abs(r.R) >= CorrelationStory.DuplicateR);
            list.Add(twin is null
                ? new Target(d.Name, "duration", null, v, null, null, 0, [d.Duration!.Start, d.Duration.End])
                : new Target(twin.Name, "duration", null, rows.Select(r => twin.Values[r]).ToArray(), null, null, 0, [d.Duration!.Start, d.Duration.End]));
        }
        var outcomes = list.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        // (A state column with a left-service level is an outcome target only for the year of a start date.)
        foreach (var c in table.Categories.Where(c => c.Derived is null && c.Labels.Length is >= 2 and <= 12 && !outcomes.Contains(c.Name)
            && !ColumnMeaning.IsFreeText(c) && !ColumnMeaning.IsFlag(c)))
        {
            list.Add(new Target(c.Name, "category", null, null, null, rows.Select(r => c.Codes[r]).ToArray(), c.Labels.Length, []));
        }
        return list;
    }

    // ---------------------------------------------------------------- measure bands

    /// <summary>A measure that can be banded: not a time number, not an id (whole numbers nearly all distinct), several
    /// values. Read on the screening rows (an evenly spaced sample): a million distinct prices need not be hashed to see
    /// that they are not an id.</summary>
    private static bool IsBandable(NumericColumn m, int[] rows)
    {
        if (m.IsTime || m.Duration is not null) return false;
        if (m.Length - m.MissingCount < 3 * MinSide) return false;
        var distinct = new HashSet<double>();
        var filled = 0;
        foreach (var r in rows)
        {
            var v = m.Values[r];
            if (!double.IsFinite(v)) continue;
            filled++;
            distinct.Add(v);
        }
        if (distinct.Count < 8) return false;
        return !(m.IsInteger && distinct.Count >= 0.9 * filled);
    }

    private static Candidate? Band(AnalysisTable table, NumericColumn m, int[] rows, List<Target> targets, Counter tests)
    {
        var x = rows.Select(r => m.Values[r]).ToArray();
        var finite = Descriptive.Sorted(x.Where(double.IsFinite).ToArray());
        if (finite.Length < 3 * MinSide) return null;
        var (lo, hi) = (Descriptive.QuantileSorted(finite, 0.01), Descriptive.QuantileSorted(finite, 0.99));
        if (!(hi > lo)) return null;
        var step = Nice((hi - lo) / 25);
        var cuts = new List<double>();
        for (var k = Math.Ceiling(lo / step); k * step < hi && cuts.Count < 60; k++) cuts.Add(Math.Round(k * step, 10));
        if (cuts.Count == 0) return null;
        Best? best = null;
        foreach (var t in targets.Where(t => t.Kind is "outcome" or "duration" && !t.LeftService))
        {
            var b = BestCut(x, cuts, t, guard: true, tests);
            if (b is not null && (best is null || b.Z > best.Z)) best = b;
        }
        if (best is null) return null;
        var cut = best.Cut;
        // A band that mostly stands for a category (the prices of a product line) is that category's story, told by it.
        foreach (var t in targets.Where(t => t.Kind == "category"))
        {
            var cross = new long[2, t.Levels];
            for (var i = 0; i < x.Length; i++)
            {
                if (double.IsFinite(x[i]) && t.Codes![i] >= 0) cross[x[i] > cut ? 1 : 0, t.Codes[i]]++;
            }
            if (StatTests.ChiSquare(cross).CramersV >= MaxProxyV) return null;
        }
        // "payments to income over 40%", "amount over $2,000": the unit the name carries goes with the number.
        var (h, text) = (Refine.ColumnWords.Split(m.Name).Name, Refine.ColumnWords.AmountByName(m.Name, Fmt.Num(cut)));
        string[] labels = [$"{h} up to {text}", $"{h} over {text}"];
        var g = new DerivedGrouping("band", [m.Name], [$"with {labels[0]}", $"with {labels[1]}"], best.Target, cut, 0, 1);
        var values = m.Values;
        return new Candidate("band", $"{m.Name} band", g, r => double.IsFinite(values[r]) ? values[r] > cut ? 1 : 0 : -1, labels, m.Index, best.Z, best.P);
    }

    /// <summary>The nice step (1, 2 or 5 × 10ᵏ) at least <paramref name="raw"/>.</summary>
    public static double Nice(double raw)
    {
        var p = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var f in new[] { 1.0, 2, 5, 10 })
        {
            if (f * p >= raw * (1 - 1e-9)) return f * p;
        }
        return 10 * p;
    }

    private sealed record Best(double Cut, string Target, double Z, double P);

    /// <summary>
    /// The cut where the target differs most between the rows at or below it and above it (the largest chi-square for an
    /// outcome, the largest Mann-Whitney |z| for a duration), when that difference is large enough to tell.
    /// </summary>
    private static Best? BestCut(double[] x, List<double> cuts, Target t, bool guard, Counter tests)
    {
        var idx = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(x[i]) && (t.Outcome is { } y ? y[i] >= 0 : double.IsFinite(t.Values![i]))).ToArray();
        if (idx.Length < 3 * MinSide) return null;
        Array.Sort(idx, (a, b) => x[a].CompareTo(x[b]));
        var n = idx.Length;
        if (t.Outcome is { } outcome)
        {
            long hits = idx.Sum(i => (long)outcome[i]);
            if (hits < MinSide / 2 || n - hits < MinSide / 2) return null;
            // A measure that (nearly) decides the outcome defines it (a late flag from the delay): structure, not a band.
            if (guard && Auc(idx, x, i => outcome[i] == 1) is var auc && (auc >= MaxAuc || auc <= 1 - MaxAuc)) return null;
            Best? best = null;
            int at = 0;
            long below = 0;
            foreach (var cut in cuts)
            {
                while (at < n && x[idx[at]] <= cut) below += outcome[idx[at++]];
                if (at < MinSide || n - at < MinSide) continue;
                tests.Tests++;
                var (nb, na, ha) = (at, n - at, hits - below);
                var (rb, ra) = (below / (double)nb, ha / (double)na);
                var pooled = hits / (double)n;
                var chi = n * Math.Pow(rb - ra, 2) * nb * (double)na / (n * (double)n * pooled * (1 - pooled));
                var z = Math.Sqrt(chi);
                var (big, small) = (Math.Max(rb, ra), Math.Min(rb, ra));
                if (big - small < MinDifference || big < MinRatio * small || small == 0) continue;
                if (best is null || z > best.Z) best = new Best(cut, t.Name, z, SpecialFunctions.NormalTwoSidedP(z));
            }
            return best;
        }
        var v = t.Values!;
        var yv = idx.Select(i => v[i]).ToArray();
        var ranks = Descriptive.Ranks(yv, out _);
        if (guard && Math.Abs(Spearman(Descriptive.Ranks(idx.Select(i => x[i]).ToArray(), out _), ranks)) >= MaxRho) return null;
        Best? bestD = null;
        int pos = 0;
        double rankBelow = 0;
        foreach (var cut in cuts)
        {
            while (pos < n && x[idx[pos]] <= cut) rankBelow += ranks[pos++];
            if (pos < MinSide || n - pos < MinSide) continue;
            tests.Tests++;
            var (nb, na) = ((double)pos, (double)(n - pos));
            var z = (rankBelow - nb * (n + 1) / 2) / Math.Sqrt(nb * na * (n + 1) / 12);
            if (!(Math.Abs(z) > (bestD?.Z ?? 0))) continue;
            var (mb, ma) = (Descriptive.Median(yv.AsSpan(0, pos)), Descriptive.Median(yv.AsSpan(pos)));
            var (big, small) = (Math.Max(mb, ma), Math.Min(mb, ma));
            if (!(small > 0) || big < MinRatio * small) continue;
            bestD = new Best(cut, t.Name, Math.Abs(z), SpecialFunctions.NormalTwoSidedP(z));
        }
        return bestD;
    }

    private static double Auc(int[] idx, double[] x, Func<int, bool> positive)
    {
        var ranks = Descriptive.Ranks(idx.Select(i => x[i]).ToArray(), out _);
        double r1 = 0;
        long n1 = 0;
        for (var k = 0; k < idx.Length; k++)
        {
            if (!positive(idx[k])) continue;
            r1 += ranks[k];
            n1++;
        }
        var n0 = idx.Length - n1;
        return n1 == 0 || n0 == 0 ? 0.5 : (r1 - n1 * (n1 + 1) / 2.0) / (n1 * (double)n0);
    }

    private static double Spearman(double[] a, double[] b)
    {
        var n = a.Length;
        if (n < 3) return 0;
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < n; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.Sqrt(saa * sbb);
    }

    // ---------------------------------------------------------------- notice periods

    /// <summary>
    /// Two dates of a row where the first is when something was asked for (requested, submitted, created) and the second
    /// is not its end (a start date, a planned date): the time between them is notice given, not how long work took.
    /// </summary>
    private static bool IsNoticePair(DateColumn a, DateColumn b) =>
        TimestampNames.IsStartName(a.Name) && !TimestampNames.IsStartEndPair(a.Name, b.Name) && !TimestampNames.IsStartEndPair(b.Name, a.Name);

    private static Candidate? Notice(AnalysisTable table, DateColumn a, DateColumn b, int[] rows, List<Target> targets, Counter tests)
    {
        var after = AfterTheFact(table, a, b, rows);
        bool Left(int r) => after is { } x && x.Column.Codes[r] is var code && code >= 0 && x.Levels[code];
        var gap = new double[rows.Length];
        int both = 0, ahead = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            if (Left(rows[i]))
            {
                gap[i] = double.NaN;
                continue;
            }
            var span = b.Days[rows[i]] - a.Days[rows[i]];
            gap[i] = double.IsFinite(span) && span >= 0 ? span : double.NaN;
            if (!double.IsFinite(span)) continue;
            both++;
            if (span >= 0) ahead++;
        }
        if (both < 3 * MinSide || ahead < 0.9 * both) return null;
        var sorted = Descriptive.Sorted(gap.Where(double.IsFinite).ToArray());
        if (Descriptive.QuantileSorted(sorted, 0.5) < 1) return null;
        // A span that mostly stands for the time of year (requests made three months ahead are for Christmas) is the
        // month's story, told by the month: such cuts are not tried.
        var month = rows.Select(r => double.IsFinite(b.Days[r]) ? DateColumn.ToDateTime(b.Days[r]).Month - 1 : -1).ToArray();
        var cuts = Spans.Select(s => s.Days - 1e-9).Where(cut => !StandsForMonth(gap, month, cut)).ToList();
        Best? best = null;
        // Not against a duration that shares a date: the later stamp would contain the span.
        foreach (var t in targets.Where(t => (t.Kind == "outcome" && !t.LeftService) || (t.Kind == "duration" && !t.DateSources.Contains(a.Name) && !t.DateSources.Contains(b.Name))))
        {
            var c = BestCut(gap, cuts, t, guard: false, tests);
            if (c is not null && (best is null || c.Z > best.Z)) best = c;
        }
        if (best is null) return null;
        var chosen = Spans.First(s => Math.Abs(s.Days - 1e-9 - best.Cut) < 1e-6);
        var verb = Participle(a.Name);
        var (hb, ha) = (Words.Human(b.Name), Words.Human(a.Name));
        string[] labels = [$"less than {chosen.Words} ahead", $"{chosen.Words} or more ahead"];
        // The rows left out are named in every phrase: "requested less than a week ahead of start date (leave type other than Sick)".
        var left = after is { } ex ? $"{Words.Human(ex.Column.Name).ToLowerInvariant()} other than {string.Join(" or ", ex.Column.Labels.Where((_, k) => ex.Levels[k]))}" : null;
        var except = left is null ? "" : $" ({left})";
        string[] phrases = verb is null
            ? [$"with less than {chosen.Words} from {ha} to {hb}{except}", $"with {chosen.Words} or more from {ha} to {hb}{except}"]
            : [$"{verb} less than {chosen.Words} ahead of {hb}{except}", $"{verb} {chosen.Words} or more ahead of {hb}{except}"];
        var g = new DerivedGrouping("notice", after is null ? [a.Name, b.Name] : [a.Name, b.Name, after.Value.Column.Name], phrases, best.Target, chosen.Days, 0, 1) { Except = left };
        var (da, db) = (a.Days, b.Days);
        return new Candidate("notice", $"notice from {a.Name} to {b.Name}", g, r =>
        {
            if (Left(r)) return -1;
            var d = db[r] - da[r];
            return double.IsFinite(d) && d >= 0 ? d < chosen.Days ? 0 : 1 : -1;
        }, labels, b.Index, best.Z, best.P);
    }

    /// <summary>Whether the two sides of a notice cut are (mostly) different months of the later date (Cramér's V at least <see cref="MaxProxyV"/>).</summary>
    private static bool StandsForMonth(double[] gap, int[] month, double cut)
    {
        var cross = new long[2, 12];
        for (var i = 0; i < gap.Length; i++)
        {
            if (double.IsFinite(gap[i]) && month[i] >= 0) cross[gap[i] < cut ? 0 : 1, month[i]]++;
        }
        return StatTests.ChiSquare(cross).CramersV >= MaxProxyV;
    }

    /// <summary>A category value's rows mostly recorded after the fact: this share of them has the second date before the first.</summary>
    public const double MinAfterShare = 0.5;

    /// <summary>
    /// The values of a category whose requests are mostly recorded after the fact (sick leave entered once the day has
    /// begun, an emergency change logged after it started): at least <see cref="MinAfterShare"/> of their rows (and
    /// <see cref="MinSide"/> rows) have the second date before the first. Notice is not a choice for them, so they are
    /// left out of the notice comparison (they would all sit on the short side and carry their own rate there); the
    /// category that explains most of the table's after-the-fact rows, when it explains at least half of them and other
    /// values keep at least <see cref="MinSide"/> rows. Null when no category does.
    /// </summary>
    internal static (CategoryColumn Column, bool[] Levels)? AfterTheFact(AnalysisTable table, DateColumn a, DateColumn b, int[] rows)
    {
        var negative = rows.Count(r => b.Days[r] - a.Days[r] < 0);
        if (negative < MinSide) return null;
        (CategoryColumn Column, bool[] Levels)? best = null;
        var bestCovered = 0;
        foreach (var c in table.Categories.Where(c => c.Derived is null && c.Labels.Length is >= 2 and <= 30 && !ColumnMeaning.IsFreeText(c) && !ColumnMeaning.IsFlag(c)))
        {
            var (n, neg) = (new int[c.Labels.Length], new int[c.Labels.Length]);
            foreach (var r in rows)
            {
                var span = b.Days[r] - a.Days[r];
                if (c.Codes[r] < 0 || !double.IsFinite(span)) continue;
                n[c.Codes[r]]++;
                if (span < 0) neg[c.Codes[r]]++;
            }
            var levels = Enumerable.Range(0, n.Length).Select(k => n[k] >= MinSide && neg[k] >= MinAfterShare * n[k]).ToArray();
            var covered = Enumerable.Range(0, n.Length).Where(k => levels[k]).Sum(k => neg[k]);
            var kept = Enumerable.Range(0, n.Length).Where(k => !levels[k]).Sum(k => n[k]);
            if (covered < 0.5 * negative || kept < 3 * MinSide || covered <= bestCovered) continue;
            (best, bestCovered) = ((c, levels), covered);
        }
        return best;
    }

    /// <summary>"requested" from requested_at or request date's "requested"; null when the name holds no past participle.</summary>
    private static string? Participle(string name)
    {
        var words = Words.Human(name).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && words[^1] is "at" or "on" or "date" or "time" or "ts" or "dt" or "timestamp") words.RemoveAt(words.Count - 1);
        return words.Count == 1 && words[0].EndsWith("ed", StringComparison.Ordinal) ? words[0] : null;
    }

    // ---------------------------------------------------------------- date parts

    private static IEnumerable<Candidate> DateParts(DateColumn d, int[] rows, List<Target> targets, Counter tests)
    {
        var found = new List<Candidate?>();
        var days = d.Days;
        var (min, max) = (double.PositiveInfinity, double.NegativeInfinity);
        var midnight = 0;
        var filled = 0;
        var dayOfMonth = 0;
        var daysVary = false;
        foreach (var r in rows)
        {
            var v = days[r];
            if (!double.IsFinite(v)) continue;
            filled++;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            if (v - Math.Floor(v) < 1e-9) midnight++;
            var day = DateColumn.ToDateTime(v).Day;
            if (dayOfMonth == 0) dayOfMonth = day;
            else if (day != dayOfMonth) daysVary = true;
        }
        if (filled < 3 * MinSide) return [];
        var verb = Participle(d.Name);
        var who = verb ?? $"with {Words.Human(d.Name)}";
        int Weekday(double v) => ((int)Math.Floor(v) % 7 + 7) % 7; // day 0 (0001-01-01) was a Monday
        int Hour(double v) => Math.Clamp((int)Math.Floor((v - Math.Floor(v)) * 24 + 1e-9) / 3, 0, 7);
        int Month(double v) => DateColumn.ToDateTime(v).Month - 1;
        // A date whose day of the month never varies is a month or a year written as a day (1970-01-01 for the model
        // year 1970): it has no weekday, only a weekday of its calendar's first days.
        if (max - min >= 28 && daysVary)
        {
            found.Add(Part("weekday", $"{d.Name} weekday", Weekdays, Weekdays.Select(w => $"{who} on a {w}").ToArray(), Weekday, true));
        }
        if (d.HasTime && midnight < 0.9 * filled)
        {
            found.Add(Part("hour", $"{d.Name} hour", Hours, Hours.Select(h => $"{who} at {h}").ToArray(), Hour, true));
        }
        var months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames.Take(12).ToArray();
        found.Add(Part("month", $"{d.Name} month", months, months.Select(m => $"{who} in {m}").ToArray(), Month, false));
        var firstYear = DateColumn.ToDateTime(min).Year;
        var years = DateColumn.ToDateTime(max).Year - firstYear + 1;
        if (years is >= 3 and <= 30)
        {
            var labels = Enumerable.Range(firstYear, years).Select(y => y.ToString(CultureInfo.InvariantCulture)).ToArray();
            found.Add(Part("year", $"{d.Name} year", labels, labels.Select(y => $"{who} in {y}").ToArray(), v => DateColumn.ToDateTime(v).Year - firstYear, false));
        }
        return found.Where(c => c is not null).Select(c => c!);

        Candidate? Part(string kind, string name, string[] labels, string[] phrases, Func<double, int> part, bool categories)
        {
            var codes = rows.Select(r => double.IsFinite(days[r]) ? part(days[r]) : -1).ToArray();
            var levels = labels.Length;
            var sizes = new int[levels];
            foreach (var c in codes) if (c >= 0) sizes[c]++;
            if (sizes.Count(s => s >= MinSide) < 2) return null;
            // A month of the year needs most of a year; a year of a date needs at least three years of rows.
            if (kind == "month" && sizes.Count(s => s >= MinSide) < 6) return null;
            Best? best = null;
            foreach (var t in targets)
            {
                if (t.Kind == "category" && (!categories && !(kind == "year" && ColumnMeaning.IsStateField(t.Name)))) continue;
                // Having left service (Retired) is read by age: the year the item began, nothing else of its dates.
                if (t.LeftService && kind != "year") continue;
                // A duration by the time its own start fell (opened in the evening); a later stamp's time follows from it.
                if (t.Kind == "duration" && t.DateSources[0] != d.Name) continue;
                var b = Levels(codes, levels, t, tests);
                if (b is not null && (best is null || b.Z > best.Z)) best = b;
            }
            if (best is null) return null;
            var g = new DerivedGrouping(kind, [d.Name], phrases, best.Target, null, 0, 1);
            return new Candidate(kind, name, g, r => double.IsFinite(days[r]) ? part(days[r]) : -1, labels, d.Index, best.Z, best.P);
        }
    }

    /// <summary>
    /// How strongly a target differs across the levels of a grouping (chi-square for an outcome or a category,
    /// Kruskal-Wallis for a duration), as a normal z, when some level differs enough from the rest to tell.
    /// </summary>
    private static Best? Levels(int[] codes, int levels, Target t, Counter tests)
    {
        var n = new int[levels];
        if (t.Outcome is { } y)
        {
            var k = new int[levels];
            for (var i = 0; i < codes.Length; i++)
            {
                if (codes[i] < 0 || y[i] < 0) continue;
                n[codes[i]]++;
                k[codes[i]] += y[i];
            }
            var used = Enumerable.Range(0, levels).Where(l => n[l] >= MinSide).ToList();
            if (used.Count < 2) return null;
            tests.Tests++;
            var (N, K) = (used.Sum(l => n[l]), used.Sum(l => k[l]));
            var ok = used.Any(l =>
            {
                var (r, rest) = (k[l] / (double)n[l], (K - k[l]) / (double)(N - n[l]));
                var (big, small) = (Math.Max(r, rest), Math.Min(r, rest));
                return big - small >= MinDifference && big >= MinRatio * small && small > 0;
            }) || SpreadApart(used, n, k);
            if (!ok) return null;
            var table = new long[used.Count, 2];
            for (var i = 0; i < used.Count; i++) { table[i, 0] = k[used[i]]; table[i, 1] = n[used[i]] - k[used[i]]; }
            return FromChi(StatTests.ChiSquare(table), t.Name);
        }
        if (t.Codes is { } tc)
        {
            var cross = new long[levels, t.Levels];
            for (var i = 0; i < codes.Length; i++)
            {
                if (codes[i] < 0 || tc[i] < 0) continue;
                cross[codes[i], tc[i]]++;
            }
            tests.Tests++;
            var test = StatTests.ChiSquare(cross);
            if (double.IsNaN(test.Statistic) || test.CramersV >= 0.9) return null;
            var total = (double)test.N;
            var partSum = new double[levels];
            var targetSum = new double[t.Levels];
            for (var a = 0; a < levels; a++) for (var b = 0; b < t.Levels; b++) { partSum[a] += cross[a, b]; targetSum[b] += cross[a, b]; }
            // Some target level (sick leave) has a share of one part (Monday) well above the other rows'.
            var ok = false;
            for (var b = 0; b < t.Levels && !ok; b++)
            {
                if (targetSum[b] < MinSide || total - targetSum[b] < MinSide) continue;
                for (var a = 0; a < levels && !ok; a++)
                {
                    if (cross[a, b] < 10) continue;
                    var inside = cross[a, b] / targetSum[b];
                    var outside = (partSum[a] - cross[a, b]) / (total - targetSum[b]);
                    ok = inside - outside >= MinShareGap && inside >= MinLift * outside;
                }
            }
            return ok ? FromChi(test, t.Name) : null;
        }
        var v = t.Values!;
        var groups = new List<double>[levels];
        for (var l = 0; l < levels; l++) groups[l] = [];
        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i] < 0 || !double.IsFinite(v[i])) continue;
            groups[codes[i]].Add(v[i]);
        }
        var kept = Enumerable.Range(0, levels).Where(l => groups[l].Count >= MinSide).ToList();
        if (kept.Count < 2) return null;
        tests.Tests++;
        var medians = kept.ToDictionary(l => l, l => Descriptive.Median(groups[l].ToArray()));
        var differs = kept.Any(l =>
        {
            var rest = Descriptive.Median(kept.Where(o => o != l).SelectMany(o => groups[o]).ToArray());
            var (big, small) = (Math.Max(medians[l], rest), Math.Min(medians[l], rest));
            return small > 0 && big >= MinRatio * small;
        });
        if (!differs) return null;
        var kw = StatTests.KruskalWallis(kept.Select(l => groups[l].ToArray()).ToList());
        if (double.IsNaN(kw.H)) return null;
        return new Best(double.NaN, t.Name, ChiZ(kw.H, kw.Df), kw.PValue);
    }

    /// <summary>
    /// Whether the highest and the lowest level's rates of a part with several levels (Friday against Saturday) are far
    /// enough apart to tell (<see cref="MinRatio"/> times and <see cref="MinDifference"/> apart) and differ by a
    /// two-proportion test at <see cref="MaxP"/>, Bonferroni-corrected over the pairs of levels: a day that is worse and
    /// one that is better can each sit within the effect of the rest while the two are the finding.
    /// </summary>
    internal static bool SpreadApart(IReadOnlyList<int> used, IReadOnlyList<int> n, IReadOnlyList<int> k)
    {
        if (used.Count < 3) return false;
        var hi = used.MaxBy(l => k[l] / (double)n[l]);
        var lo = used.MinBy(l => k[l] / (double)n[l]);
        var (rh, rl) = (k[hi] / (double)n[hi], k[lo] / (double)n[lo]);
        if (!(rl > 0) || rh - rl < MinDifference || rh < MinRatio * rl) return false;
        var pooled = (k[hi] + k[lo]) / (double)(n[hi] + n[lo]);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / n[hi] + 1.0 / n[lo]));
        if (!(se > 0)) return false;
        var pairs = used.Count * (used.Count - 1) / 2;
        return SpecialFunctions.NormalTwoSidedP((rh - rl) / se) * pairs < MaxP;
    }

    private static Best? FromChi(ChiSquareResult test, string target) =>
        double.IsNaN(test.Statistic) ? null : new Best(double.NaN, target, ChiZ(test.Statistic, test.Df), test.PValue);

    /// <summary>A chi-square statistic as a normal z (Wilson-Hilferty), so tests with different degrees of freedom rank together.</summary>
    private static double ChiZ(double chi, double df)
    {
        if (!(df > 0)) return 0;
        var c = 2 / (9 * df);
        return (Math.Cbrt(chi / df) - (1 - c)) / Math.Sqrt(c);
    }
}
