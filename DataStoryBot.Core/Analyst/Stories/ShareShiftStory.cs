using System.Globalization;
using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>How a category's share of the rows moved over time.</summary>
public enum ShareShape
{
    /// <summary>A steady rise or fall across the periods (chi-square test for trend in proportions).</summary>
    Trend,

    /// <summary>One level before a period and another from it on (the best split of the periods).</summary>
    Step,

    /// <summary>Higher (or lower) in a run of periods inside the data's span than before and after it.</summary>
    Bump,
}

/// <param name="Periods">Every period with at least <see cref="ShareShiftStory.MinPeriodRows"/> rows: N rows, Hits of them in the level.</param>
/// <param name="Starts">Each period's first day.</param>
/// <param name="Granularity">"month", "quarter", or "year" when every date is the first of January.</param>
/// <param name="Inside">The periods the story is about: the last third (trend), from the step on (step), the bump's run (bump).</param>
/// <param name="InsideFrom">Index of the first period of <paramref name="Inside"/>.</param>
/// <param name="InsideTo">Index after its last period.</param>
/// <param name="Outside">The periods it is compared with: the first third (trend), before the step, the other periods (bump).</param>
/// <param name="OutsideFrom">For a trend, the first third's start index (0); otherwise the periods not inside.</param>
/// <param name="Statistic">The chi-square statistic of the chosen shape (z² for a trend).</param>
/// <param name="P">The shape's p-value, corrected for the splits or runs tried (Bonferroni).</param>
/// <param name="Q">The p-value after the Bonferroni correction across every level tested in the table.</param>
/// <param name="Counter">The other level whose share moved most the opposite way, with its outside and inside shares.</param>
/// <param name="Shares">The largest levels' shares per period, for the chart (the level itself first).</param>
public sealed record ShareShiftDetail(
    string Category, string Level, string TimeColumn, string Granularity, ShareShape Shape,
    IReadOnlyList<RateCount> Periods, IReadOnlyList<double> Starts,
    RateCount Inside, int InsideFrom, int InsideTo, RateCount Outside, int OutsideFrom, int OutsideTo,
    double Statistic, double P, double Q, int Tested, MannKendallResult MannKendall,
    (string Level, double Outside, double Inside)? Counter,
    IReadOnlyList<(string Level, double[] Shares)> Shares)
{
    public bool Up => Inside.Rate > Outside.Rate;
}

/// <summary>
/// Change over time in a table of events (issue 21, item 5): the category whose share of the rows per month (per
/// quarter when months are thin) moved most — a steady trend (chi-square test for trend in proportions, Cochran-Armitage,
/// confirmed by a Mann-Kendall test on the period shares), a step (the best split of the periods, Bonferroni over the
/// splits tried) or a bump (a run of periods inside the span higher or lower than both sides, Bonferroni over the runs).
/// Only descriptive categories (not ids, free text, states, priorities or flags: those are outcomes or workflow), at
/// least <see cref="MinPeriodRows"/> rows per period, Bonferroni across every level tested, and a change that matters
/// (<see cref="MinDifference"/> and <see cref="MinRatio"/> between the compared periods).
/// </summary>
public sealed class ShareShiftStory : StoryKind<ShareShiftDetail>
{
    public override string Name => "share_shift";

    public override double Weight => 0.9;

    public override bool IsAboutTime => true;

    public override IReadOnlyList<string> SteeringWords { get; } =
        ["share", "mix", "proportion", "more", "fewer", "grow", "rise", "rising", "jump", "shift", "over time", "month", "season", "summer", "winter"];

    public override string? Caveat => "A share can grow because the category grew or because the others shrank; the counts per period, in the data behind the charts, tell which.";

    public const int MinPeriodRows = 20;
    public const int MinLevelRows = 30;
    public const int MinMonths = 6;
    public const int MinQuarters = 4;
    public const int MaxPeriods = 120;
    public const int MaxLevels = 12;
    public const int MaxColumns = 12;
    public const int MinSegment = 2;
    public const double MinDifference = 0.05;
    public const double MinRatio = 1.25;
    public const double MaxQ = 0.001;

    private sealed record Found(ShareShiftDetail Detail, double Score);

    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        if (!table.Time.IsEvents || table.Time.Axis is not DateColumn axis) yield break;
        var columns = table.Categories.Where(c => IsDescriptive(table, c)).Take(MaxColumns).ToList();
        if (columns.Count == 0) yield break;
        var (keys, granularity) = PeriodKeys(axis);
        if (keys is null) yield break;
        var candidates = new List<(CategoryColumn Column, Found Found)>();
        var tested = 0;
        foreach (var c in columns)
        {
            var counts = Count(c, keys, out var periodKeys);
            if (counts is null) continue;
            var levels = Enumerable.Range(0, c.Labels.Length).Where(l => counts.Sum(p => p[l]) >= MinLevelRows).ToList();
            if (levels.Count < 2) continue;
            // A two-level column has one share: its two levels mirror each other.
            tested += levels.Count == 2 ? 1 : levels.Count;
            var found = levels.Select(l => Best(table, c, axis, l, counts, periodKeys, granularity)).Where(f => f is not null).Select(f => f!)
                .OrderByDescending(f => f.Score).ThenBy(f => f.Detail.Level, StringComparer.Ordinal).FirstOrDefault();
            if (found is not null) candidates.Add((c, found));
        }
        foreach (var (c, found) in Unrouted(table, candidates))
        {
            var q = Math.Min(1, found.Detail.P * Math.Max(1, tested));
            if (!(q < MaxQ)) continue;
            yield return Build(table, found.Detail with { Q = q, Tested = tested });
        }
    }

    /// <summary>Cramér's V at or above this between two columns: one routes to the other (category → assignment group), one story tells both.</summary>
    public const double RoutingV = 0.9;

    /// <summary>
    /// Of two columns where one (nearly) decides the other (a category and the group it is routed to), the share story
    /// of one: the earlier in the file, unless it is named as the routing's target (a group, team or queue) and the other is not.
    /// </summary>
    private static IEnumerable<(CategoryColumn Column, Found Found)> Unrouted(AnalysisTable table, List<(CategoryColumn Column, Found Found)> candidates)
    {
        var kept = new List<(CategoryColumn Column, Found Found)>();
        foreach (var cand in candidates.OrderBy(x => RoutingTarget(x.Column.Name) ? 1 : 0).ThenBy(x => x.Column.Index))
        {
            if (kept.Any(k => Linked(table, k.Column, cand.Column))) continue;
            kept.Add(cand);
        }
        return kept.OrderBy(k => k.Column.Index);
    }

    private static bool RoutingTarget(string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "(?i)(group|team|queue|assign|owner|agent|handler)");

    private static bool Linked(AnalysisTable table, CategoryColumn a, CategoryColumn b)
    {
        var t = new long[a.Labels.Length, b.Labels.Length];
        for (var r = 0; r < table.RowCount; r++)
        {
            if (a.Codes[r] >= 0 && b.Codes[r] >= 0) t[a.Codes[r], b.Codes[r]]++;
        }
        var v = StatTests.ChiSquare(t).CramersV;
        return double.IsFinite(v) && v >= RoutingV;
    }

    /// <summary>A category a reader would follow over time: a handful of named groups, not an id, text, a workflow field or a flag.</summary>
    private static bool IsDescriptive(AnalysisTable table, CategoryColumn c) =>
        c.Labels.Length is >= 2 and <= MaxLevels && c.Labels.Length <= 0.05 * table.RowCount
        && !ColumnMeaning.IsFreeText(c) && !ColumnMeaning.IsWorkflowField(c.Name) && !ColumnMeaning.IsStateField(c.Name) && !ColumnMeaning.IsFlag(c);

    /// <summary>Per row its period (months, or quarters when months are thin or too many); null when neither gives enough periods.</summary>
    private static (int[]? Keys, string Granularity) PeriodKeys(DateColumn axis)
    {
        // Dates that are all the first of January (a model year read as a date) are years, told as 1980, never "Jan 1980".
        var yearly = axis.Days.Where(double.IsFinite).All(v => DateColumn.ToDateTime(v) is { Month: 1, Day: 1, TimeOfDay.Ticks: 0 });
        foreach (var (granularity, min) in yearly ? new[] { ("year", MinQuarters) } : new[] { ("month", MinMonths), ("quarter", MinQuarters) })
        {
            var keys = new int[axis.Length];
            var perKey = new Dictionary<int, int>();
            var present = 0;
            for (var r = 0; r < keys.Length; r++)
            {
                var days = axis.Days[r];
                if (!double.IsFinite(days)) { keys[r] = -1; continue; }
                var d = DateColumn.ToDateTime(days);
                keys[r] = granularity switch { "month" => d.Year * 12 + d.Month - 1, "quarter" => d.Year * 4 + (d.Month - 1) / 3, _ => d.Year };
                perKey[keys[r]] = perKey.GetValueOrDefault(keys[r]) + 1;
                present++;
            }
            var kept = perKey.Where(kv => kv.Value >= MinPeriodRows).ToList();
            if (kept.Count >= min && kept.Count <= MaxPeriods && kept.Sum(kv => kv.Value) >= 0.8 * present) return (keys, granularity);
        }
        return (null, "");
    }

    /// <summary>Rows per period and level, periods with at least <see cref="MinPeriodRows"/> rows with the column filled, in time order.</summary>
    private static List<int[]>? Count(CategoryColumn c, int[] keys, out List<int> periodKeys)
    {
        var map = new SortedDictionary<int, int[]>();
        for (var r = 0; r < keys.Length; r++)
        {
            var code = c.Codes[r];
            if (keys[r] < 0 || code < 0) continue;
            if (!map.TryGetValue(keys[r], out var row)) map[keys[r]] = row = new int[c.Labels.Length];
            row[code]++;
        }
        var kept = map.Where(kv => kv.Value.Sum() >= MinPeriodRows).ToList();
        periodKeys = kept.Select(kv => kv.Key).ToList();
        return kept.Count < MinQuarters ? null : kept.Select(kv => kv.Value).ToList();
    }

    private static double Start(int key, string granularity) => granularity switch
    {
        "month" => DateColumn.FromDateTime(new DateTime(key / 12, key % 12 + 1, 1)),
        "quarter" => DateColumn.FromDateTime(new DateTime(key / 4, key % 4 * 3 + 1, 1)),
        _ => DateColumn.FromDateTime(new DateTime(key, 1, 1)),
    };

    private static string PeriodLabel(int key, string granularity) => granularity switch
    {
        "month" => new DateTime(key / 12, key % 12 + 1, 1).ToString("MMM yyyy", CultureInfo.InvariantCulture),
        "quarter" => $"Q{key % 4 + 1} {key / 4}",
        _ => key.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The best-supported shape of one level's share, or null when none is significant and large enough.</summary>
    private static Found? Best(AnalysisTable table, CategoryColumn c, DateColumn axis, int level, List<int[]> counts, List<int> periodKeys, string granularity)
    {
        var periods = counts.Select((p, i) => new RateCount(PeriodLabel(periodKeys[i], granularity), p.Sum(), p[level])).ToList();
        var m = periods.Count;
        var options = new List<(ShareShape Shape, double Stat, double P, int InFrom, int InTo, int OutFrom, int OutTo)>();

        // Trend: Cochran-Armitage over the period index, the first third against the last third.
        var z = TrendZ(periods);
        var mk = StatTests.MannKendall(periods.Select(p => p.Rate).ToArray());
        var third = Math.Max(1, m / 3);
        if (double.IsFinite(z) && mk.PValue < 0.05 && Math.Sign(mk.S) == Math.Sign(z))
        {
            options.Add((ShareShape.Trend, z * z, SpecialFunctions.ChiSquareSurvival(z * z, 1), m - third, m, 0, third));
        }

        // Step: every split leaving at least MinSegment periods on each side.
        var splits = 0;
        (double Stat, int K) step = (0, -1);
        for (var k = MinSegment; k <= m - MinSegment; k++)
        {
            splits++;
            var chi = TwoByTwo(Pool(periods, 0, k), Pool(periods, k, m));
            if (chi > step.Stat) step = (chi, k);
        }
        if (step.K > 0) options.Add((ShareShape.Step, step.Stat, Math.Min(1, splits * SpecialFunctions.ChiSquareSurvival(step.Stat, 1)), step.K, m, 0, step.K));

        // Bump: a run inside the span, at most half the periods, that both sides differ from the same way.
        var runs = 0;
        (double Stat, int A, int B) bump = (0, -1, -1);
        for (var a = 1; a < m - 1; a++)
        {
            for (var b = a + MinSegment; b <= Math.Min(m - 1, a + m / 2); b++)
            {
                runs++;
                var inside = Pool(periods, a, b);
                var (left, right) = (Pool(periods, 0, a), Pool(periods, b, m));
                var dl = inside.Rate - left.Rate;
                var dr = inside.Rate - right.Rate;
                if (Math.Sign(dl) != Math.Sign(dr) || Math.Min(Math.Abs(dl), Math.Abs(dr)) < MinDifference) continue;
                var outside = new RateCount("rest", left.N + right.N, left.Hits + right.Hits);
                var chi = TwoByTwo(outside, inside);
                if (chi > bump.Stat) bump = (chi, a, b);
            }
        }
        if (bump.A > 0) options.Add((ShareShape.Bump, bump.Stat, Math.Min(1, runs * SpecialFunctions.ChiSquareSurvival(bump.Stat, 1)), bump.A, bump.B, -1, -1));

        // The shape that explains most, each paying for the splits or runs it tried (a straight rise also splits well).
        var best = options
            .Select(o => (o, Penalised: o.Stat - 2 * Math.Log(o.Shape == ShareShape.Trend ? 1 : o.Shape == ShareShape.Step ? splits : runs)))
            .Where(x => Matters(Outside(periods, x.o.Shape, x.o.InFrom, x.o.InTo, x.o.OutFrom, x.o.OutTo), Pool(periods, x.o.InFrom, x.o.InTo)))
            .OrderByDescending(x => x.Penalised).Select(x => x.o).Cast<(ShareShape Shape, double Stat, double P, int InFrom, int InTo, int OutFrom, int OutTo)?>().FirstOrDefault();
        if (best is not { } chosen) return null;
        var insideCount = Pool(periods, chosen.InFrom, chosen.InTo);
        var outsideCount = Outside(periods, chosen.Shape, chosen.InFrom, chosen.InTo, chosen.OutFrom, chosen.OutTo);
        var starts = periodKeys.Select(k => Start(k, granularity)).ToList();

        // The other level that moved most the other way, and the largest levels' lines for the chart.
        (string, double, double)? counter = null;
        var shares = new List<(string, double[])>();
        var order = Enumerable.Range(0, c.Labels.Length).Where(l => l != level).OrderByDescending(l => counts.Sum(p => p[l])).ThenBy(l => l).ToList();
        var up = insideCount.Rate > outsideCount.Rate;
        double counterMove = 0;
        foreach (var l in order)
        {
            var lp = counts.Select((p, i) => new RateCount(periods[i].Label, p.Sum(), p[l])).ToList();
            var lin = Pool(lp, chosen.InFrom, chosen.InTo);
            var lout = Outside(lp, chosen.Shape, chosen.InFrom, chosen.InTo, chosen.OutFrom, chosen.OutTo);
            var move = lin.Rate - lout.Rate;
            if ((up ? -move : move) > counterMove) (counterMove, counter) = (up ? -move : move, (c.Labels[l], lout.Rate, lin.Rate));
        }
        shares.Add((c.Labels[level], periods.Select(p => p.Rate).ToArray()));
        foreach (var l in order.Take(4)) shares.Add((c.Labels[l], counts.Select(p => p[l] / (double)p.Sum()).ToArray()));
        var detail = new ShareShiftDetail(c.Name, c.Labels[level], axis.Name, granularity, chosen.Shape, periods, starts,
            insideCount, chosen.InFrom, chosen.InTo, outsideCount, chosen.OutFrom, chosen.OutTo, chosen.Stat, chosen.P, chosen.P, 1, mk, counter, shares);
        return new Found(detail, chosen.Stat * Math.Abs(insideCount.Rate - outsideCount.Rate));
    }

    private static RateCount Outside(List<RateCount> periods, ShareShape shape, int inFrom, int inTo, int outFrom, int outTo)
    {
        if (shape != ShareShape.Bump) return Pool(periods, outFrom, outTo);
        var (left, right) = (Pool(periods, 0, inFrom), Pool(periods, inTo, periods.Count));
        return new RateCount("rest", left.N + right.N, left.Hits + right.Hits);
    }

    private static bool Matters(RateCount a, RateCount b)
    {
        var (lo, hi) = (Math.Min(a.Rate, b.Rate), Math.Max(a.Rate, b.Rate));
        return hi - lo >= MinDifference && hi >= MinRatio * lo;
    }

    private static RateCount Pool(IReadOnlyList<RateCount> periods, int from, int to)
    {
        int n = 0, hits = 0;
        for (var i = from; i < to; i++) { n += periods[i].N; hits += periods[i].Hits; }
        return new RateCount(RangeLabel(periods[from].Label, periods[to - 1].Label), n, hits);
    }

    /// <summary>"Jan–Apr 2024" for two periods of one year, "Nov 2023–Feb 2024" across years, one label for one period.</summary>
    private static string RangeLabel(string first, string last)
    {
        if (first == last) return first;
        var (a, b) = (first.Split(' '), last.Split(' '));
        return a.Length == 2 && b.Length == 2 && a[1] == b[1] ? $"{a[0]}–{b[0]} {a[1]}" : $"{first}–{last}";
    }

    /// <summary>Chi-square statistic (1 df, no continuity correction) of two groups' shares.</summary>
    private static double TwoByTwo(RateCount a, RateCount b)
    {
        var t = new long[2, 2] { { a.Hits, a.N - a.Hits }, { b.Hits, b.N - b.Hits } };
        var chi = StatTests.ChiSquare(t).Statistic;
        return double.IsFinite(chi) ? chi : 0;
    }

    /// <summary>Cochran-Armitage z of the share over the period index.</summary>
    public static double TrendZ(IReadOnlyList<RateCount> periods)
    {
        double total = periods.Sum(p => p.N), hits = periods.Sum(p => p.Hits);
        if (total == 0) return double.NaN;
        var pBar = hits / total;
        double t = 0, sNt = 0, sNt2 = 0;
        for (var i = 0; i < periods.Count; i++)
        {
            t += i * (periods[i].Hits - periods[i].N * pBar);
            sNt += periods[i].N * (double)i;
            sNt2 += periods[i].N * (double)i * i;
        }
        var variance = pBar * (1 - pBar) * (sNt2 - sNt * sNt / total);
        return variance > 0 ? t / Math.Sqrt(variance) : double.NaN;
    }

    private static string Possessive(string label) => label.EndsWith('s') ? label + "'" : label + "'s";

    private static string Change(ShareShiftDetail d)
    {
        var (lo, hi) = (Math.Min(d.Inside.Rate, d.Outside.Rate), Math.Max(d.Inside.Rate, d.Outside.Rate));
        var ratio = hi / Math.Max(lo, 1e-9);
        return d.Up ? ratio >= 2.8 ? "tripled" : ratio >= 1.8 ? "doubled" : "grew" : ratio >= 1.8 ? "halved" : "fell";
    }

    private static Insight Build(AnalysisTable table, ShareShiftDetail d)
    {
        var who = Possessive(Words.Label(d.Category, d.Level));
        var noun = table.Noun;
        var (inside, outside) = (d.Inside, d.Outside);
        var unit = d.Granularity;
        string title, how;
        switch (d.Shape)
        {
            case ShareShape.Trend:
                title = $"{Words.Cap(who)} share of {noun} {Change(d)}: {Fmt.Pct(outside.Rate)} in {outside.Label} to {Fmt.Pct(inside.Rate)} in {inside.Label}";
                how = $"A chi-square test for trend in proportions (Cochran-Armitage) finds a steady {(d.Up ? "rise" : "fall")} across the {d.Periods.Count} {unit}s (χ² = {Fmt.Num(d.Statistic)}), and a Mann-Kendall test on the {unit}ly shares agrees (tau = {Fmt.Coef(d.MannKendall.Tau)})";
                break;
            case ShareShape.Step:
                title = $"{Words.Cap(who)} share of {noun} {(d.Up ? "jumped" : "dropped")} from {Fmt.Pct(outside.Rate)} to {Fmt.Pct(inside.Rate)} from {d.Periods[d.InsideFrom].Label} on";
                how = $"Split at {d.Periods[d.InsideFrom].Label}, the shares before and after differ (χ² = {Fmt.Num(d.Statistic)}, Bonferroni-corrected over the splits tried)";
                break;
            default:
                title = $"{Words.Cap(who)} share of {noun} {(d.Up ? "peaks" : "dips")} in {inside.Label}: {Fmt.Pct(inside.Rate)} against {Fmt.Pct(outside.Rate)} in the other {unit}s";
                how = $"The run of {d.InsideTo - d.InsideFrom} {unit}s differs from the {unit}s before and after it alike (χ² = {Fmt.Num(d.Statistic)}, Bonferroni-corrected over the runs tried)";
                break;
        }
        var counter = d.Counter is { } cn ? $"; {Words.Label(d.Category, cn.Level)} moved most the other way ({Fmt.Pct(cn.Outside)} to {Fmt.Pct(cn.Inside)})" : "";
        var outsideText = d.Shape == ShareShape.Bump ? $"the other {unit}s" : outside.Label;
        var summary = $"{Words.Cap(Words.Label(d.Category, d.Level))} was {Fmt.Int(outside.Hits)} of {Fmt.Int(outside.N)} {noun} in {outsideText} ({Fmt.Pct(outside.Rate)}) and {Fmt.Int(inside.Hits)} of {Fmt.Int(inside.N)} in {inside.Label} ({Fmt.Pct(inside.Rate)}){counter}. " +
            $"{how}; {Fmt.P(d.Q)} after a Bonferroni correction across {d.Tested} {(d.Tested == 1 ? "category" : "categories")} tested.";
        // A share that doubles matters whether it goes from 8% to 16% or from 30% to 60%: the impact follows the ratio.
        var ratio = Math.Max(inside.Rate, outside.Rate) / Math.Max(1e-9, Math.Min(inside.Rate, outside.Rate));
        var impact = Math.Min(1, 0.45 + 0.5 * Math.Log2(ratio));
        return new Insight(StoryKinds.Of<ShareShiftStory>(), [d.TimeColumn, d.Category], title, summary, ["line", "bar"],
            d.Shape switch
            {
                ShareShape.Trend => "Chi-square test for trend in proportions (Cochran-Armitage) with Mann-Kendall on the period shares, Bonferroni across categories",
                ShareShape.Step => "Chi-square test of the share before and after the best split, Bonferroni over splits and categories",
                _ => "Chi-square test of the share inside and outside the best run of periods, Bonferroni over runs and categories",
            },
            d.Statistic, d.Q, inside.Rate - outside.Rate, d.Periods.Sum(p => p.N), impact, d);
    }

    protected override void Write(StoryDraft draft, ShareShiftDetail d)
    {
        var nb = draft.Text;
        var table = draft.Table;
        string[] cols = [d.Category, d.TimeColumn];
        var rows = $"{AllRows(table)} in {d.Granularity}s with at least {MinPeriodRows} rows";
        var level = Label(nb, d.Category, d.Level);
        var unit = d.Granularity;
        string Share(RateCount c, string what) =>
            $"{nb.Pct(c.Rate, $"share of {d.Level} {what}", cols, rows)} ({nb.Int(c.Hits, $"rows of {d.Level} {what}", cols, rows)} of {nb.Int(c.N, $"rows {what}", cols, rows)})";
        var inText = Span(nb, d, d.InsideFrom, d.InsideTo, cols);
        var outText = d.Shape == ShareShape.Bump ? $"the other {unit}s" : Span(nb, d, d.OutsideFrom, d.OutsideTo, cols);
        var lead = d.Shape switch
        {
            ShareShape.Trend => $"{Cap(level)} took a {(d.Up ? "growing" : "shrinking")} share of the {table.Noun}: {Share(d.Outside, $"in {d.Outside.Label}")} in {outText}, {Share(d.Inside, $"in {d.Inside.Label}")} in {inText}.",
            ShareShape.Step => $"{Cap(level)}'s share of the {table.Noun} {(d.Up ? "jumped" : "dropped")} from {inText} on: {Share(d.Outside, "before the step")} before, {Share(d.Inside, "from the step on")} from then on.",
            _ => $"{Cap(level)}'s share of the {table.Noun} {(d.Up ? "rises" : "dips")} in {inText}: {Share(d.Inside, $"in {d.Inside.Label}")}, against {Share(d.Outside, "in the other periods")} in {outText}.",
        };
        nb.Paragraph(lead);
        if (d.Counter is { } cn)
        {
            nb.Paragraph($"The other side of the change: {Label(nb, d.Category, cn.Level)} moved most the opposite way, from {nb.Pct(cn.Outside, $"share of {cn.Level} in the compared periods", cols, rows)} to {nb.Pct(cn.Inside, $"share of {cn.Level} in the story's periods", cols, rows)}.");
        }
        var test = d.Shape == ShareShape.Trend
            ? $"a chi-square test for trend in proportions (Cochran-Armitage) gives χ² = {nb.N(d.Statistic, "Cochran-Armitage chi-square (z squared)", cols, rows)}, and a Mann-Kendall test on the {unit}ly shares agrees (Kendall's tau = {nb.Coef(d.MannKendall.Tau, "Mann-Kendall tau of the period shares", cols, rows)})"
            : $"the best {(d.Shape == ShareShape.Step ? "split of the periods" : "run of periods")} gives χ² = {nb.N(d.Statistic, "chi-square of the two-by-two table", cols, rows)} ({nb.P(d.P, "p-value corrected for the splits or runs tried", cols, rows)} after a Bonferroni correction for the {(d.Shape == ShareShape.Step ? "splits" : "runs")} tried)";
        nb.Paragraph($"The evidence: over {nb.Int(d.Periods.Count, $"{unit}s compared", cols, rows)} {unit}s ({nb.Int(d.Periods.Sum(p => p.N), "rows compared", cols, rows)} {table.Noun}), {test}; " +
            $"across the {nb.Int(d.Tested, "categories tested in the table", cols, rows)} categories tested it stays at {nb.P(d.Q, "Bonferroni-adjusted p-value", cols, rows)}.");
        var hi = d.Periods.Select((p, i) => (p, i)).OrderByDescending(x => x.p.Rate).ThenBy(x => x.i).First();
        var lo = d.Periods.Select((p, i) => (p, i)).OrderBy(x => x.p.Rate).ThenBy(x => x.i).First();
        nb.Paragraph($"Its highest {unit} was {Span(nb, d, hi.i, hi.i + 1, cols)} at {Share(hi.p, $"in {hi.p.Label}")}; its lowest {Span(nb, d, lo.i, lo.i + 1, cols)} at {Share(lo.p, $"in {lo.p.Label}")}.");

        var t = d.Starts.ToArray();
        draft.Charts.Add(ChartFactory.Lines($"Share of {table.Noun} per {unit} by {H(d.Category)}", H(d.TimeColumn), "Share (%)",
            d.Shares.Select(s => (s.Level, t, s.Shares.Select(v => 100 * v).ToArray())).ToList(), false));
        draft.Charts.Add(ChartFactory.Bars($"{Cap(d.Level)}: share of {table.Noun} per {unit}", H(d.TimeColumn), "Share (%)",
            d.Periods.Select(p => p.Label).ToList(), d.Periods.Select(p => 100 * p.Rate).ToList(),
            highlightWhere: d.Periods.Select((_, i) => i >= d.InsideFrom && i < d.InsideTo).ToList()));
        var column = (CategoryColumn)table.Find(d.Category)!;
        var axis = table.Find(d.TimeColumn)!;
        var code = Array.IndexOf(column.Labels, d.Level);
        var (from, to) = (d.Starts[d.InsideFrom], d.InsideTo < d.Starts.Count ? d.Starts[d.InsideTo] : double.PositiveInfinity);
        var subset = Enumerable.Range(0, table.RowCount).Where(r => column.Codes[r] == code && TimeContext.TimeValue(axis, r) is var v && v >= from && v < to).ToList();
        draft.Subset(subset, $"Rows where {d.Category} = {d.Level} in {d.Inside.Label}");
    }

    /// <summary>A span of periods in the narrative ("Jan 2024–Apr 2024"); the years in it go in as facts.</summary>
    private static string Span(NarrativeBuilder nb, ShareShiftDetail d, int from, int to, IReadOnlyList<string> cols)
    {
        var text = RangeLabel(d.Periods[from].Label, d.Periods[to - 1].Label);
        nb.N(d.Starts[from], $"start of the {d.Granularity}s", [cols[1]], "time points", _ => text);
        return text;
    }
}
