using System.Globalization;
using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <param name="Measure">The duration (a derived measure) or the outcome column.</param>
/// <param name="Outcome">For a rate, the outcome; null for a duration.</param>
/// <param name="Group">The category column of the group, or null when the step is in all rows.</param>
/// <param name="Level">The group's label, or null.</param>
/// <param name="Labels">Month labels ("Jul 2024"), in time order.</param>
/// <param name="Starts">Each month's first day.</param>
/// <param name="Values">Per month: the median duration, or the rate (share with the outcome).</param>
/// <param name="RestValues">The same for the other groups' rows (NaN where too few), or null for all rows.</param>
/// <param name="Split">Index of the first month of the new level.</param>
/// <param name="Before">Median (or rate) of the rows before the split.</param>
/// <param name="After">From the split on.</param>
/// <param name="RestBefore">The other groups' before the split (NaN for all rows).</param>
/// <param name="RestAfter">The other groups' from the split on.</param>
/// <param name="NBefore">Rows before the split (decided rows for a rate).</param>
/// <param name="NAfter">Rows from the split on.</param>
/// <param name="HitsBefore">For a rate, rows with the outcome before the split.</param>
/// <param name="HitsAfter">For a rate, from the split on.</param>
/// <param name="Statistic">Kruskal-Wallis H of the rows before and after (duration) or the 2×2 chi-square (rate).</param>
/// <param name="Q">The p-value, Bonferroni-corrected over the splits tried and every group and measure tested.</param>
/// <param name="MonthsBefore">The months whose rows <paramref name="NBefore"/> counts: the whole months before the split and the
/// data's partial first month (one more than the labels before the split).</param>
/// <param name="MonthsAfter">The months whose rows <paramref name="NAfter"/> counts, the data's partial last month included.</param>
public sealed record GroupDriftDetail(
    string TimeColumn, string Measure, RateOutcome? Outcome, string? Group, string? Level, string Unit,
    IReadOnlyList<string> Labels, IReadOnlyList<double> Starts, IReadOnlyList<double> Values, IReadOnlyList<double>? RestValues,
    int Split, double Before, double After, double RestBefore, double RestAfter, int NBefore, int NAfter, int HitsBefore, int HitsAfter,
    double Statistic, double Q, int Tested, int MonthsBefore, int MonthsAfter)
{
    public bool Up => After > Before;

    public bool IsRate => Outcome is not null;
}

/// <summary>
/// A duration or an outcome's rate that stepped to a new level from one month on (issue 21, item 5: "a step; a duration
/// that drifts"), in all rows or in one group only while the other groups stayed where they were. Per month the median
/// duration (or the rate); the split that best separates two flat stretches (at least <see cref="MinSide"/> months
/// each side, no Mann-Kendall trend within either, and two levels fitting better than a straight line); confirmed on the rows themselves (Kruskal-Wallis, or the
/// chi-square of the 2×2 table for a rate) with a Bonferroni correction over the splits tried and every group and
/// measure tested; a change that matters (<see cref="MinRelative"/> for a duration, 5 points and 1.5 times for a rate)
/// and, for a group, other groups that moved less than a third as much.
/// </summary>
public sealed class GroupDriftStory : StoryKind<GroupDriftDetail>
{
    public override string Name => "group_drift";

    public override double Weight => 0.9;

    public override bool IsAboutTime => true;

    public override IReadOnlyList<string> SteeringWords { get; } = ["step", "jump", "since", "started", "suddenly", "longer", "slower", "fail", "change", "worse"];

    public override string? Caveat => "A step says when the level changed, not why: a new process, a system, a supplier or a change in what was recorded can all move a level from one month on.";

    public const int MinSide = 3;
    public const int MinMonths = 8;
    public const int MaxMonths = 60;
    public const int MinMonthRows = 8;
    public const int MinGroupRows = 100;
    public const int MaxLevels = 8;
    public const int MaxGroupColumns = 6;
    public const double MinRelative = 0.25;
    public const double MaxQ = 0.001;
    public const int MaxRows = 200_000;

    private sealed record Series(string Measure, RateOutcome? Outcome, string Unit, double[] Row, sbyte[]? Y);

    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        if (!table.Time.IsEvents || table.Time.Axis is not DateColumn axis) yield break;
        var month = MonthIndex(axis, out var first, out var months);
        if (months is < MinMonths or > MaxMonths) yield break;
        var series = new List<Series>();
        foreach (var m in table.Numeric.Where(m => m.Duration is not null)) series.Add(new Series(m.Name, null, m.Duration!.Unit, m.Values, null));
        foreach (var o in RateStory.Outcomes(table).ToList()) series.Add(new Series(o.Column, o, "", [], OutcomeOf(table, o)));
        if (series.Count == 0) yield break;
        var groups = table.Categories.Where(c => c.Labels.Length is >= 2 and <= MaxLevels && !ColumnMeaning.IsFreeText(c) && !ColumnMeaning.IsFlag(c)
            && !ColumnMeaning.IsWorkflowField(c.Name) && !ColumnMeaning.IsStateField(c.Name)).Take(MaxGroupColumns).ToList();
        // Months need a few hundred rows each, not a million: a large file is read through an evenly spaced sample.
        var sample = Descriptive.EvenlySpaced(table.RowCount, MaxRows).ToArray();
        var found = new List<GroupDriftDetail>();
        var tested = 0;
        foreach (var s in series)
        {
            tested++;
            var pooled = Step(axis, month, first, months, s, sample, _ => true, null, null, null);
            // One group that stepped while the others stayed is the story, also when it moves the total; otherwise all rows.
            GroupDriftDetail? best = null;
            foreach (var g in groups.Where(g => g.Name != s.Measure))
            {
                var counts = g.CountByCode();
                for (var code = 0; code < g.Labels.Length; code++)
                {
                    if (counts[code] < MinGroupRows) continue;
                    tested++;
                    var codes = g.Codes;
                    var level = code;
                    var d = Step(axis, month, first, months, s, sample, r => codes[r] == level, r => codes[r] >= 0 && codes[r] != level, g.Name, g.Labels[level]);
                    if (d is not null && (best is null || d.Statistic > best.Statistic)) best = d;
                }
            }
            if ((best ?? pooled) is { } story) found.Add(story);
        }
        foreach (var d in found)
        {
            var q = Math.Min(1, d.Q * tested);
            if (q < MaxQ) yield return Build(table, d with { Q = q, Tested = tested });
        }
    }

    private static sbyte[] OutcomeOf(AnalysisTable table, RateOutcome o)
    {
        var c = (CategoryColumn)table.Find(o.Column)!;
        // Every level of the outcome counts (a change "unsuccessful" or "backed out" failed either way).
        var hit = c.Labels.Select(l => o.Levels.Contains(l)).ToArray();
        return c.Codes.Select(code => code < 0 || o.Undecided.Contains(c.Labels[code]) ? (sbyte)-1 : (sbyte)(hit[code] ? 1 : 0)).ToArray();
    }

    /// <summary>Per row its month counted from the data's first month; months = how many months the data spans.</summary>
    private static int[] MonthIndex(DateColumn axis, out DateTime first, out int months)
    {
        var min = axis.Days.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();
        var max = axis.Days.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
        first = double.IsNaN(min) ? default : DateColumn.ToDateTime(min);
        first = new DateTime(first.Year, first.Month, 1);
        var f = first;
        months = double.IsNaN(min) ? 0 : (DateColumn.ToDateTime(max).Year - f.Year) * 12 + DateColumn.ToDateTime(max).Month - f.Month + 1;
        return axis.Days.Select(d => double.IsFinite(d) ? (DateColumn.ToDateTime(d).Year - f.Year) * 12 + DateColumn.ToDateTime(d).Month - f.Month : -1).ToArray();
    }

    /// <summary>The value per month of the rows <paramref name="take"/> picks (median duration or rate), NaN for thin months.</summary>
    private static (double[] Values, List<double>[] Rows, int[] N, int[] Hits) PerMonth(int[] month, int months, Series s, int[] sample, Func<int, bool> take)
    {
        var rows = new List<double>[months];
        var n = new int[months];
        var hits = new int[months];
        foreach (var r in sample)
        {
            if (month[r] < 0 || !take(r)) continue;
            if (s.Y is { } y)
            {
                if (y[r] < 0) continue;
                n[month[r]]++;
                hits[month[r]] += y[r];
            }
            else if (double.IsFinite(s.Row[r]))
            {
                (rows[month[r]] ??= []).Add(s.Row[r]);
                n[month[r]]++;
            }
        }
        var values = new double[months];
        for (var i = 0; i < months; i++)
        {
            values[i] = n[i] < MinMonthRows ? double.NaN
                : s.Y is not null ? hits[i] / (double)n[i]
                : Descriptive.QuantileSorted(Descriptive.Sorted(rows[i].ToArray()), 0.5);
        }
        return (values, rows, n, hits);
    }

    private static GroupDriftDetail? Step(DateColumn axis, int[] month, DateTime first, int months, Series s, int[] sample, Func<int, bool> take, Func<int, bool>? rest, string? group, string? level)
    {
        var (values, rows, n, hits) = PerMonth(month, months, s, sample, take);
        // The data's first and last months are often partial; whole months with enough rows only.
        var idx = Enumerable.Range(1, Math.Max(0, months - 2)).Where(i => double.IsFinite(values[i])).ToList();
        if (idx.Count < MinMonths) return null;
        var v = idx.Select(i => values[i]).ToArray();
        // The split between two stretches that leaves the least spread around their two means (binary segmentation).
        (double Between, int K) best = (0, -1);
        var splits = 0;
        var total = v.Sum();
        double left = 0;
        for (var k = 1; k < v.Length; k++)
        {
            left += v[k - 1];
            if (k < MinSide || k > v.Length - MinSide) continue;
            splits++;
            var (ma, mb) = (left / k, (total - left) / (v.Length - k));
            var between = k * (v.Length - k) / (double)v.Length * (ma - mb) * (ma - mb);
            if (between > best.Between) best = (between, k);
        }
        if (best.K < 0) return null;
        var k0 = best.K;
        // A step, not a drift: neither stretch trends on its own, and two levels fit the months better than a straight line.
        if (StatTests.MannKendall(v.AsSpan(0, k0)).PValue < 0.05 || StatTests.MannKendall(v.AsSpan(k0)).PValue < 0.05) return null;
        if (!(StepSse(v, k0) < LineSse(v))) return null;
        // The step is chosen on whole months; it is confirmed on every row, the data's partial first and last months too
        // (their rows are as real as the others', only their monthly value is thin).
        var beforeMonths = idx.Take(k0).Prepend(0).Distinct().ToList();
        var afterMonths = idx.Skip(k0).Append(months - 1).Distinct().Where(i => i > idx[k0 - 1]).ToList();
        double before, after, stat, p;
        int nb = beforeMonths.Sum(i => n[i]), na = afterMonths.Sum(i => n[i]), hb = 0, ha = 0;
        if (s.Y is null)
        {
            var a = beforeMonths.SelectMany(i => rows[i] ?? []).ToArray();
            var b = afterMonths.SelectMany(i => rows[i] ?? []).ToArray();
            before = Descriptive.QuantileSorted(Descriptive.Sorted(a), 0.5);
            after = Descriptive.QuantileSorted(Descriptive.Sorted(b), 0.5);
            if (!(Math.Abs(after - before) >= MinRelative * Math.Max(Math.Abs(before), 1e-9))) return null;
            var kw = StatTests.KruskalWallis([a, b]);
            (stat, p) = (kw.H, kw.PValue);
        }
        else
        {
            hb = beforeMonths.Sum(i => hits[i]);
            ha = afterMonths.Sum(i => hits[i]);
            before = hb / (double)nb;
            after = ha / (double)na;
            var (lo, hi) = (Math.Min(before, after), Math.Max(before, after));
            if (hi - lo < RateStory.MinDifference || hi < RateStory.MinRatio * lo) return null;
            var chi = StatTests.ChiSquare(new long[2, 2] { { hb, nb - hb }, { ha, na - ha } });
            (stat, p) = (chi.Statistic, chi.PValue);
        }
        if (!double.IsFinite(p)) return null;
        double restBefore = double.NaN, restAfter = double.NaN;
        double[]? restValues = null;
        if (rest is not null)
        {
            // The other groups did not share the step: they moved less than a third as much at the same month.
            var (rv, rrows, rn, rhits) = PerMonth(month, months, s, sample, rest);
            restValues = rv;
            if (s.Y is null)
            {
                restBefore = Descriptive.QuantileSorted(Descriptive.Sorted(beforeMonths.Where(i => rrows[i] is not null).SelectMany(i => rrows[i]).ToArray()), 0.5);
                restAfter = Descriptive.QuantileSorted(Descriptive.Sorted(afterMonths.Where(i => rrows[i] is not null).SelectMany(i => rrows[i]).ToArray()), 0.5);
            }
            else
            {
                restBefore = beforeMonths.Sum(i => rhits[i]) / (double)Math.Max(1, beforeMonths.Sum(i => rn[i]));
                restAfter = afterMonths.Sum(i => rhits[i]) / (double)Math.Max(1, afterMonths.Sum(i => rn[i]));
            }
            if (!(Math.Abs(restAfter - restBefore) < Math.Abs(after - before) / 3)) return null;
        }
        var labels = idx.Select(i => first.AddMonths(i).ToString("MMM yyyy", CultureInfo.InvariantCulture)).ToList();
        var starts = idx.Select(i => DateColumn.FromDateTime(first.AddMonths(i))).ToList();
        return new GroupDriftDetail(axis.Name, s.Measure, s.Outcome, group, level, s.Unit, labels, starts, v,
            restValues is null ? null : idx.Select(i => restValues[i]).ToArray(), k0, before, after, restBefore, restAfter, nb, na, hb, ha,
            stat, Math.Min(1, p * splits), 1, beforeMonths.Count, afterMonths.Count);
    }

    private static double StepSse(double[] v, int k)
    {
        var (ma, mb) = (v.Take(k).Average(), v.Skip(k).Average());
        return v.Select((x, i) => (x - (i < k ? ma : mb)) * (x - (i < k ? ma : mb))).Sum();
    }

    private static double LineSse(double[] v)
    {
        var line = LeastSquares.OverIndex(v);
        return v.Select((y, i) => (y - (line.Intercept + line.Slope * i)) * (y - (line.Intercept + line.Slope * i))).Sum();
    }

    private static string Value(GroupDriftDetail d, double v) => d.IsRate ? Fmt.Pct(v) : $"{Fmt.Num(v)} {d.Unit}";

    private static Insight Build(AnalysisTable table, GroupDriftDetail d)
    {
        var when = d.Labels[d.Split];
        var up = d.Up;
        var who = d.Level is null ? "" : Words.Label(d.Group!, d.Level);
        string title;
        if (d.IsRate)
        {
            var subject = d.Level is null ? Words.Cap(table.Noun) : $"{Words.Cap(who)} {table.Noun}";
            title = $"{subject}: {d.Outcome!.Phrase} {Fmt.Pct(d.After)} of the time from {when} on, {Fmt.Pct(d.Before)} before" +
                (d.Level is null ? "" : $"; the other {Words.Plural(Words.Human(d.Group!))} stayed near {Fmt.Pct(d.RestAfter)}");
        }
        else
        {
            var subject = Words.Cap(Words.Human(d.Measure)) + (d.Level is null ? "" : $" for {who}");
            title = $"{subject} stepped {(up ? "up" : "down")} from {when}: median {Value(d, d.Before)} before, {Value(d, d.After)} from then on" +
                (d.Level is null ? "" : $"; the other {Words.Plural(Words.Human(d.Group!))} stayed near {Value(d, d.RestAfter)}");
        }
        var testText = d.IsRate
            ? $"{Fmt.Int(d.HitsBefore)} of {Fmt.Int(d.NBefore)} before against {Fmt.Int(d.HitsAfter)} of {Fmt.Int(d.NAfter)} from then on (χ² = {Fmt.Num(d.Statistic)})"
            : $"{Fmt.Int(d.NBefore)} {table.Noun} before against {Fmt.Int(d.NAfter)} from then on (Kruskal-Wallis H = {Fmt.Num(d.Statistic)})";
        var summary = $"Month by month the {(d.IsRate ? "rate" : "median")} held one level until {d.Labels[d.Split - 1]} and another from {when} (no trend within either stretch, two levels fit better than a straight line): {testText}; " +
            $"{Fmt.P(d.Q)} after a Bonferroni correction over the splits tried and the {d.Tested} series tested.";
        var change = d.IsRate ? Math.Abs(d.After - d.Before) * 1.5 : Math.Abs(Math.Log2(Math.Max(d.After, 1e-9) / Math.Max(d.Before, 1e-9)));
        var impact = Math.Min(1, 0.45 + change);
        var columns = new List<string> { d.TimeColumn, d.Measure };
        if (d.Group is not null) columns.Add(d.Group);
        return new Insight(StoryKinds.Of<GroupDriftStory>(), columns, title, summary, ["line", "bar"],
            d.IsRate ? "Chi-square test of the rate before and after the best split, Bonferroni over splits and series"
                : "Kruskal-Wallis test of the durations before and after the best split, Bonferroni over splits and series",
            d.Statistic, d.Q, d.After - d.Before, d.NBefore + d.NAfter, impact, d);
    }

    protected override void Write(StoryDraft draft, GroupDriftDetail d)
    {
        var nb = draft.Text;
        var table = draft.Table;
        var cols = new List<string> { d.TimeColumn, d.Measure };
        if (d.Group is not null) cols.Add(d.Group);
        var rows = d.Level is null ? $"{AllRows(table)} in whole months" : $"{AllRows(table)} where {d.Group} = {d.Level}, in whole months";
        string Month(int i)
        {
            var label = d.Labels[i];
            nb.N(d.Starts[i], "start of the month", [d.TimeColumn], "time points", _ => label);
            return label;
        }
        string V(double v, string what, string r) => d.IsRate ? nb.Pct(v, what, cols, r) : $"{nb.N(v, what, cols, r)} {d.Unit}";
        var subject = d.IsRate ? $"the share {d.Outcome!.Phrase}" : $"the median {H(d.Measure)}";
        var scope = d.Level is null ? "" : $" for {Label(nb, d.Group!, d.Level)}";
        var when = Month(d.Split);
        nb.Paragraph($"{Cap(subject)}{scope} moved to a {(d.Up ? "higher" : "lower")} level from {when} on: {V(d.Before, "value before the split", rows)} in the {nb.Int(d.MonthsBefore, "months before the split", cols, rows)} months before, {V(d.After, "value from the split on", rows)} in the {nb.Int(d.MonthsAfter, "months from the split on", cols, rows)} months from then on.");
        if (d.Level is not null)
        {
            var restRows = $"{AllRows(table)} where {d.Group} is another value";
            nb.Paragraph($"The other {H(d.Group!)} values did not share the step: {V(d.RestBefore, "the other groups' value before the split", restRows)} before and {V(d.RestAfter, "the other groups' value from the split on", restRows)} after.");
        }
        var test = d.IsRate
            ? $"the chi-square test of the 2×2 table ({nb.Int(d.HitsBefore, "rows with the outcome before", cols, rows)} of {nb.Int(d.NBefore, "rows before", cols, rows)} before, {nb.Int(d.HitsAfter, "rows with the outcome after", cols, rows)} of {nb.Int(d.NAfter, "rows after", cols, rows)} after) gives χ² = {nb.N(d.Statistic, "chi-square statistic", cols, rows)}"
            : $"a Kruskal-Wallis test of the {nb.Int(d.NBefore, "rows before", cols, rows)} rows before against the {nb.Int(d.NAfter, "rows after", cols, rows)} from then on gives H = {nb.N(d.Statistic, "Kruskal-Wallis H", cols, rows)}";
        nb.Paragraph($"The evidence: {test}, {nb.P(d.Q, "p-value Bonferroni-corrected over splits and series", cols, rows)} after a Bonferroni correction over the splits tried and the {nb.Int(d.Tested, "series tested", cols, rows)} series tested. Neither stretch trends on its own (Mann-Kendall), and two levels fit the months better than a straight line: a step, not a gradual drift.");
        var t = d.Starts.ToArray();
        var label = d.IsRate ? $"Share {d.Outcome!.Phrase} (%)" : $"Median {H(d.Measure)}";
        var scale = d.IsRate ? 100.0 : 1.0;
        var lines = new List<(string, double[], double[])> { (d.Level ?? "all", t, d.Values.Select(v => scale * v).ToArray()) };
        if (d.RestValues is { } rv)
        {
            var keep = Enumerable.Range(0, rv.Count).Where(i => double.IsFinite(rv[i])).ToArray();
            lines.Add(("the others", keep.Select(i => t[i]).ToArray(), keep.Select(i => scale * rv[i]).ToArray()));
        }
        draft.Charts.Add(ChartFactory.Lines($"{label} per month", H(d.TimeColumn), label, lines, false));
        draft.Charts.Add(ChartFactory.Bars($"{label}: before and from {d.Labels[d.Split]}", "Period", label, ["before", "from then on"], [scale * d.Before, scale * d.After], highlightIndex: 1));
    }
}
