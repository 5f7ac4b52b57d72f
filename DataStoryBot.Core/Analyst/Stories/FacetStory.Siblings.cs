using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>
/// Beside a series story of one count among sibling counts of the same rows (deaths by disease, by wounds and by other
/// causes, month by month): the counts' totals, the largest against the next (disease killed 8.2 times as many as
/// wounds). Told only where the largest is the story's own measure and at least <see cref="MinSiblingRatio"/> times the
/// next; a size or exposure column (army size) is never a sibling.
/// </summary>
public sealed partial class FacetStory
{
    /// <summary>How many times the next sibling's total the largest needs for the totals to be told.</summary>
    public const double MinSiblingRatio = 2;

    /// <summary>The fewest sibling counts (the story's own measure included) a breakdown needs.</summary>
    public const int MinSiblings = 3;

    /// <summary>
    /// The count columns of the table that are siblings of <paramref name="measure"/> (itself included), largest total
    /// first, or null: whole, never-negative columns whose names allow a sum, in the same unit as the measure, that are
    /// neither a size or exposure, nor time, nor an id, nor a total of the others (at least their sum in every row).
    /// </summary>
    public static IReadOnlyList<(NumericColumn Column, double Total)>? SiblingCounts(AnalysisTable table, string measure)
    {
        if (table.Find(measure) is not NumericColumn m || !IsCount(table, m)) return null;
        var unit = Refine.ColumnWords.Split(m.Name).Unit;
        var counts = table.Numeric.Where(c => IsCount(table, c) && Equals(Refine.ColumnWords.Split(c.Name).Unit, unit)).ToList();
        // A total of the parts (every row at least the others' sum) is their whole, not one of them.
        counts = counts.Where(c => !Enumerable.Range(0, table.RowCount).All(r => c.Values[r] >= counts.Where(o => o != c).Sum(o => o.Values[r]))).ToList();
        if (counts.Count < MinSiblings || !counts.Contains(m)) return null;
        return counts.Select(c => (c, c.Values.Where(double.IsFinite).Sum())).OrderByDescending(x => x.Item2).ThenBy(x => x.c.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>What a row of a series table is: its period ("months") where every row is one point of the series, else the table's noun.</summary>
    private static string PeriodNoun(AnalysisTable table, TimeSeries s) =>
        s.Y.Length == table.RowCount && s.Granularity is "day" or "week" or "month" or "quarter" or "year" ? s.Granularity + "s" : table.Noun;

    private static string AndList(IReadOnlyList<string> parts) =>
        parts.Count <= 1 ? string.Concat(parts) : $"{string.Join(", ", parts.Take(parts.Count - 1))} and {parts[^1]}";

    private static bool IsCount(AnalysisTable table, NumericColumn c) =>
        c.IsInteger && c.Duration is null && c.TimeKind is null && c.Name != table.Time.Axis?.Name && Words.NameAllowsSum(c.Name)
        && !StoryDiscovery.IsSize(table, c.Name) && !ColumnMeaning.IsEntityName(c.Name)
        && c.Values.All(v => !double.IsFinite(v) || v >= 0) && c.Values.Any(v => v > 0);

    /// <summary>The series a lead tells of one measure over the whole table (no subset, no average across series).</summary>
    private static TimeSeries? OwnSeries(Insight lead) => lead.Detail switch
    {
        TrendDetail t => t.Series,
        DrawdownDetail d => d.Series,
        ChangePointDetail c => c.Series,
        _ => null,
    } is { Across: null, SubsetValue: null } s ? s : null;

    /// <summary>The totals of the lead's measure and its sibling counts, when the measure's is at least <see cref="MinSiblingRatio"/> times the next.</summary>
    private static Insight? SiblingTotals(AnalysisTable table, Insight lead)
    {
        if (!table.Time.IsSeries || OwnSeries(lead) is not { } s || SiblingCounts(table, s.Measure) is not { } counts) return null;
        var (top, next) = (counts[0], counts[1]);
        if (top.Column.Name != s.Measure || next.Total <= 0 || top.Total < MinSiblingRatio * next.Total) return null;
        var all = counts.Sum(c => c.Total);
        var ratio = top.Total / next.Total;
        var idx = Enumerable.Range(0, s.Y.Length).Where(i => double.IsFinite(s.Y[i])).ToArray();
        if (idx.Length < 2) return null;
        var (from, to) = (s.Describe(idx[0]), s.Describe(idx[^1]));
        var name = Refine.ColumnWords.Split(top.Column.Name).Name;
        var nextName = Refine.ColumnWords.Split(next.Column.Name).Name;
        var title = $"{Words.Cap(name)} adds up to {Fmt.Int(top.Total)} from {from} to {to}, {Fmt.Num(Math.Round(ratio, 1))} times {nextName} ({Fmt.Int(next.Total)})";
        var rest = string.Join(" and ", counts.Skip(2).Select(c => $"{Refine.ColumnWords.Split(c.Column.Name).Name} to {Fmt.Int(c.Total)}"));
        var summary = $"Summed over all {Fmt.Int(table.RowCount)} {PeriodNoun(table, s)}, {name} comes to {Fmt.Int(top.Total)} of the {Fmt.Int(all)} that {AndList(counts.Select(c => Refine.ColumnWords.Split(c.Column.Name).Name).ToList())} add up to ({Fmt.Pct(top.Total / all)}); {nextName}, the next largest, comes to {Fmt.Int(next.Total)}{(rest.Length > 0 ? $" and {rest}" : "")}.";
        var groups = counts.Select(c => new FacetGroup(c.Column.Name, c.Column.Values.Count(double.IsFinite), c.Total)).ToList();
        return new Insight(StoryKinds.Of<FacetStory>(), [s.TimeColumn, .. counts.Select(c => c.Column.Name)], title, summary, ["bar", "line"], "Column totals compared",
            null, null, ratio, table.RowCount, lead.Impact * 0.6, new FacetDetail(FacetAspect.SiblingTotals, lead.Title, s.TimeColumn, s.Measure, null, groups, all, table.RowCount, Series: s))
        { Significance = 0.5 };
    }

    /// <summary>
    /// The picked stories with the totals of a lead's sibling counts in the place of a series story of a smaller sibling
    /// (the largest cause's totals against the others say what the breakdown is about; a lesser cause's own fall is a
    /// detail of it). Unchanged where no picked lead has such totals or no smaller sibling's story is picked.
    /// </summary>
    public static List<Insight> WithSiblingTotals(AnalysisTable table, List<Insight> picked)
    {
        foreach (var lead in picked.ToList())
        {
            if (SiblingTotals(table, lead) is not { Detail: FacetDetail d } totals || picked.Any(p => p.Title == totals.Title)) continue;
            var smaller = d.Groups.Skip(1).Select(g => g.Label).ToHashSet(StringComparer.Ordinal);
            var at = picked.FindLastIndex(p => p != lead && OwnSeries(p) is { } ps && smaller.Contains(ps.Measure));
            if (at < 0) continue;
            picked[at] = totals;
            return picked;
        }
        return picked;
    }

    private static void WriteSiblingTotals(StoryDraft draft, FacetDetail d)
    {
        var (nb, charts, table) = (draft.Text, draft.Charts, draft.Table);
        var rows = AllRows(table);
        var cols = d.Groups.Select(g => g.Label).Prepend(d.X).ToList();
        var (top, next) = (d.Groups[0], d.Groups[1]);
        string Name(FacetGroup g) => Refine.ColumnWords.Split(g.Label).Name;
        var topTotal = nb.Int(top.Value, $"sum of {top.Label} over all rows", cols, rows);
        var nextTotal = nb.Int(next.Value, $"sum of {next.Label} over all rows", cols, rows);
        var ratio = nb.N(Math.Round(top.Value / next.Value, 1), $"sum of {top.Label} divided by sum of {next.Label}", cols, rows);
        var share = nb.Pct(top.Value / d.Slope, $"sum of {top.Label} as a share of the sum of all {d.Groups.Count} counts", cols, rows);
        var names = AndList(d.Groups.Select(Name).ToList());
        nb.Lead($"Over the whole table, {Name(top)} comes to {topTotal}, {ratio} times {Name(next)} ({nextTotal}): {share} of the {nb.Int(d.Slope, "sum of the sibling counts over all rows", cols, rows)} that {names} add up to.");
        var others = d.Groups.Skip(2).Select(g => $"{Name(g)} to {nb.Int(g.Value, $"sum of {g.Label} over all rows", cols, rows)}").ToList();
        nb.Paragraph($"{(others.Count > 0 ? $"Beside them, {string.Join(" and ", others)}. " : "")}The series story beside this one tells when {Name(top)} rose and fell; this says how it weighs against the counts beside it.");
        nb.Evidence($"Each count summed over {nb.Int(d.N, "rows summed", cols, rows)} {(d.Series is { } ser ? PeriodNoun(table, ser) : table.Noun)}; size columns and totals of the others are left out of the comparison.");
        charts.Add(ChartFactory.Bars($"Total by count", "Count", "Total", d.Groups.Select(g => Cap(Name(g))).ToList(), d.Groups.Select(g => g.Value).ToList(), highlight: 1));
        if (table.Time.Axis is { } axis && d.Series is { } s)
        {
            var order = Enumerable.Range(0, table.RowCount).Select(r => (Row: r, T: TimeSeriesBuilder.TimeValue(axis, r))).Where(x => double.IsFinite(x.T)).OrderBy(x => x.T).ToList();
            var lines = d.Groups.Select(g => table.Find(g.Label) is NumericColumn c ? (Cap(Name(g)), order.Select(x => x.T).ToArray(), order.Select(x => c.Values[x.Row]).ToArray()) : default)
                .Where(l => l.Item1 is not null).ToList();
            charts.Add(ChartFactory.Lines($"{string.Join(", ", d.Groups.Select(g => Cap(Name(g))))} over time", H(d.X), "Count", lines, s.TimeIsYear));
        }
    }
}
