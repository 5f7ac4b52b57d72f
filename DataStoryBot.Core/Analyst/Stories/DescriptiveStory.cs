using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

public sealed record NumericSummaryDetail(DistributionDetail Distribution);

/// <param name="Rarest">Told from the other end: the least common values first (a last resort when a table offers fewer than three descriptions).</param>
public sealed record FrequencyDetail(CategoryBreakdown Breakdown, int Missing, bool Rarest = false);

/// <summary>The rows with the highest and lowest values of a measure (row numbers into the table), with their labels if the table has them.</summary>
public sealed record ExtremesDetail(string Column, IReadOnlyList<(int Row, double Value, string? Label)> Highest, IReadOnlyList<(int Row, double Value, string? Label)> Lowest, int N);

public sealed record OverviewDetail(int Rows, long TotalRows, IReadOnlyList<(string Column, string Kind, int Missing)> Columns);

/// <summary>
/// Honest descriptive stories for when the data holds fewer than three tested findings: the spread of the most
/// informative numeric columns, the frequencies of categories, and an overview of completeness. No test claimed.
/// </summary>
public sealed class DescriptiveStory : StoryKind
{
    public override string Name => "descriptive";

    public override double Weight => 0.1;

    public override bool IsFallback => true;

    public override string? Caveat => "This is a description, not a tested finding: the data did not show enough tested patterns to fill three stories.";

    public override IEnumerable<Insight> Detect(AnalysisTable table) => Build(table);

    public override void Write(StoryDraft draft)
    {
        var (nb, charts, table) = (draft.Text, draft.Charts, draft.Table);
        switch (draft.Insight.Detail)
        {
            case NumericSummaryDetail d:
                DistributionStory.Distribution(nb, charts, table, d.Distribution, tested: false);
                break;
            case FrequencyDetail d:
                Frequency(nb, charts, d);
                break;
            case OverviewDetail d:
                Overview(nb, charts, table, d);
                break;
            case ExtremesDetail d:
                var rows = Extremes(nb, charts, table, d);
                draft.Subset(rows, $"the rows with the highest and lowest {d.Column}");
                break;
            default:
                throw new EngineException(EngineFailureKind.Unanalyzable, $"A {Name} story cannot carry a {draft.Insight.Detail.GetType().Name}.");
        }
    }

    /// <summary>The fewest descriptions a table offers: the product promises three candidates.</summary>
    public const int MinDescriptions = 3;

    /// <summary>The most values a whole-number column beside a count may have to be read as a grouping of the counts.</summary>
    public const int MaxCodedLevels = 12;

    public static IEnumerable<Insight> Build(AnalysisTable table)
    {
        var all = Describe(table).ToList();
        var overview = all[^1];
        var found = all.Take(all.Count - 1).ToList();
        // A small table of a coded category and its count (grades and how many had each) holds one description per
        // column at most, and its count column none: its split is also told from the rare end, so three candidates stay.
        if (found.Count + 1 < MinDescriptions)
        {
            found.AddRange(found.Where(f => f.Detail is FrequencyDetail { Rarest: false } d && d.Breakdown.Totals.Count >= 2).ToList()
                .Select(f => Rarest(((FrequencyDetail)f.Detail))).Take(MinDescriptions - 1 - found.Count));
        }
        found.Add(overview);
        return found;
    }

    private static Insight Rarest(FrequencyDetail d)
    {
        var b = d.Breakdown;
        var low = b.Totals[^1];
        var name = Words.Human(b.Category);
        var unit = b.Measure is null ? "rows" : $"counted in {Words.Human(b.Measure)}";
        var title = $"The least common {name} values";
        var summary = $"The least common {name} value is {low.Label} with {Fmt.Int(low.Value)} of {Fmt.Int(b.Total)} {unit} ({Fmt.Pct(low.Value / b.Total)}); " +
            $"the most common, {b.Totals[0].Label}, has {Fmt.Int(b.Totals[0].Value)}.";
        return new Insight(StoryKinds.Of<DescriptiveStory>(), [b.Category], title, summary, ["bar"], "Frequency table",
            null, null, low.Value / b.Total, b.N, 0.2, d with { Rarest = true }) { Significance = 0.2 };
    }

    private static IEnumerable<Insight> Describe(AnalysisTable table)
    {
        // A count column (Freq, n, count) not already read as the cells' weights says how many each row holds: it is
        // never described as a quantity, it weights the groupings beside it (issue 22, item 5).
        var weights = table.Model.Count is null ? CountOfRows(table) : null;
        // Numeric columns with the most spread relative to their level first.
        // A design factor or a grid's axis (RowModel) is set by whoever made the table: not a quantity to describe.
        // Nor is a time axis, an id or a size (population, students): a filler never describes them (issue 22, item 5).
        var numeric = table.Numeric.Where(c => c != weights && !(weights is not null && Coded(c)) && !table.Model.Factors.Contains(c.Name) && Describable(table, c) && !RowModels.IsRateOfGroups(table, c))
            .Select(c => (Column: c, Values: Descriptive.Finite(c.Values)))
            .Where(x => x.Values.Length >= 1)
            .OrderByDescending(x => x.Values.Length >= 2 ? CoefficientOfVariation(x.Values) : 0).ThenBy(x => x.Column.Index)
            .ToList();
        foreach (var (column, values) in numeric)
        {
            var s = Descriptive.Sorted(values);
            var d = new DistributionDetail(column.Name, s.Length, column.Values.Length - s.Length, Descriptive.Mean(s), Descriptive.QuantileSorted(s, 0.5),
                s.Length >= 2 ? Descriptive.StdDev(s) : 0, Descriptive.QuantileSorted(s, 0.25), Descriptive.QuantileSorted(s, 0.75), s[0], s[^1],
                s.Length >= 4 ? StatTests.JarqueBera(s) : new JarqueBeraResult(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN));
            var name = Words.Human(column.Name);
            var title = name.EndsWith("value", StringComparison.OrdinalIgnoreCase) ? $"What a typical {name} looks like" : $"What a typical {name} value looks like";
            var summary =
                $"Across {Fmt.Int(d.N)} rows, {name} {Words.Verb(name, "has", "have")} a median of {Fmt.Num(d.Median)} and ranges from {Fmt.Num(d.Min)} to {Fmt.Num(d.Max)}. " +
                $"The middle half of the values lies between {Fmt.Num(d.Q1)} and {Fmt.Num(d.Q3)}{(d.Missing > 0 ? $", and {Fmt.Int(d.Missing)} values are missing" : "")}.";
            yield return new Insight(StoryKinds.Of<DescriptiveStory>(), [column.Name], title, summary, ["histogram", "box"], "Descriptive statistics",
                null, null, d.StdDev, d.N, 0.3, new NumericSummaryDetail(d)) { Significance = 0.2 };
        }
        foreach (var (column, values) in numeric.Where(x => x.Values.Length >= 6))
        {
            var name = Words.Human(column.Name);
            // One pass keeping the five highest and five lowest rows (ties: the earlier row first), not a sort.
            var v = column.Values;
            var top = new List<int>(6);
            var bottom = new List<int>(6);
            var count = 0;
            for (var r = 0; r < table.RowCount; r++)
            {
                if (!double.IsFinite(v[r])) continue;
                count++;
                Keep(top, r, (a, b) => v[a] > v[b]);
                Keep(bottom, r, (a, b) => v[a] < v[b]);
            }
            var highest = top.Select(r => (r, v[r], table.RowLabel(r))).ToList();
            var lowest = bottom.Select(r => (r, v[r], table.RowLabel(r))).ToList();
            // Rows are named by their label, else by their time (a series), else by their row number in the file.
            string Name((int Row, double Value, string? Label) x) => x.Label
                ?? (table.Time.Axis is { } axis && double.IsFinite(TimeSeriesBuilder.TimeValue(axis, x.Row))
                    ? Fmt.TimeOfRow(axis, TimeSeriesBuilder.TimeValue(axis, x.Row))
                    : $"row {table.SourceRows[x.Row] + 1}");
            var title = $"The highest and lowest {name} values";
            var summary =
                $"The highest {name} is {Fmt.Num(highest[0].Item2)} ({Name(highest[0])}) and the lowest {Fmt.Num(lowest[0].Item2)} ({Name(lowest[0])}), across {Fmt.Int(count)} rows. " +
                "This is a description of where the extremes lie, not a tested finding.";
            yield return new Insight(StoryKinds.Of<DescriptiveStory>(), [column.Name], title, summary, ["bar"], "Ranking of rows",
                null, null, highest[0].Item2 - lowest[0].Item2, count, 0.28, new ExtremesDetail(column.Name, highest, lowest, count)) { Significance = 0.2 };
        }
        // Rows that are the cells of a grid of categories (ship type × build period × service period, each combination
        // once): how many rows a category value has is the grid's layout, not things counted (issue 22).
        var grid = weights is null && IsGrid(table);
        foreach (var category in table.Categories.Where(c => Describable(table, c, weighted: weights is not null)).OrderBy(c => Math.Abs(c.Labels.Length - 6)).ThenBy(c => c.Index))
        {
            // A layout's counts (every site 20 rows, every sex 120) say nothing.
            if (ColumnMeaning.IsBalanced(category) && weights is null) continue;
            if (grid && category.Derived is null) continue;
            var b = CategoryBreakdowns.Build(category, weights);
            if (b is null)
            {
                if (category.Labels.Length == 1)
                {
                    b = new CategoryBreakdown(category.Name, null, "count", [new CategoryTotal(category.Labels[0], category.Length - category.MissingCount, category.Length - category.MissingCount)], category.Length - category.MissingCount);
                }
                else
                {
                    continue;
                }
            }
            yield return Frequency(b, category.MissingCount);
        }
        // A whole-number column of a few values beside a count (class 1, 2, 3 and how many in each) is a grouping of the
        // counts, told with its name ("class 1"), never a quantity to describe.
        if (weights is not null)
        {
            foreach (var coded in table.Numeric.Where(c => c != weights && Coded(c)))
            {
                if (Counted(coded, weights, r => $"{Words.Human(coded.Name)} {Fmt.Num(coded.Values[r])}") is { } b) yield return Frequency(b, coded.MissingCount);
            }
            // Row names beside their counts (each code on its own row): the counts by name.
            foreach (var names in table.Columns.OfType<TextColumn>())
            {
                if (Counted(names, weights, r => names.Values[r]) is { } b) yield return Frequency(b, names.Length - names.Values.Count(v => v is not null));
            }
        }
        var columns = table.Columns.Select(c => (c.Name, c.Kind.ToString().ToLowerInvariant(), c.MissingCount)).ToList();
        var missingCells = columns.Sum(c => c.MissingCount);
        var cells = (double)table.RowCount * Math.Max(1, columns.Count);
        var overview = new OverviewDetail(table.RowCount, table.Sampling.TotalRows, columns);
        yield return new Insight(StoryKinds.Of<DescriptiveStory>(), table.Columns.Select(c => c.Name).Take(20).ToList(), "The dataset at a glance: its columns and completeness",
            $"The file has {Fmt.Int(table.Sampling.TotalRows)} rows and {Fmt.Int(columns.Count)} columns: {Fmt.Int(table.Numeric.Count())} numeric, {Fmt.Int(table.Dates.Count())} dates and {Fmt.Int(table.Categories.Count())} categorical. " +
            $"{Fmt.Int(missingCells)} of {Fmt.Int(cells)} cells are missing ({Fmt.Pct(missingCells / cells)}).",
            ["bar"], "Column profile", null, null, missingCells / cells, table.RowCount, 0.1, overview) { Significance = 0.2 };
    }

    /// <summary>The least share of a grid's possible cells a table must fill to be read as that grid.</summary>
    public const double MinGridFill = 0.8;

    /// <summary>
    /// Whether the rows are the cells of a grid of two or more categories: no combination of their values repeats and
    /// the rows fill most of the combinations there could be.
    /// </summary>
    public static bool IsGrid(AnalysisTable table)
    {
        var categories = table.Categories.Where(c => c.Labels.Length >= 2).ToList();
        if (categories.Count < 2 || table.RowCount < 4) return false;
        var possible = categories.Aggregate(1.0, (p, c) => p * c.Labels.Length);
        if (possible > 4.0 * table.RowCount / MinGridFill) return false;
        // Fewer cells than rows, past the slips allowed: rows must repeat cells, so they are observations.
        if (possible < (1 - MaxGridRepeats) * table.RowCount) return false;
        // A grid may carry a slip or two (a cell keyed twice, as in AER's ShipAccidents); observations repeat often.
        return CountCells(Enumerable.Range(0, table.RowCount), categories.Select(c => c.Codes).ToList(), (int)Math.Floor(MaxGridRepeats * table.RowCount), missingBreaks: false) is { } k
            && k.Repeats <= MaxGridRepeats * k.Rows && k.Cells >= MinGridFill * possible;
    }

    /// <summary>
    /// The distinct cells the rows fill of the given factors' levels, how many rows repeat a cell, and how many rows were
    /// counted; null once more than <paramref name="maxRepeats"/> rows repeat a cell, or at a row missing a level when
    /// <paramref name="missingBreaks"/> (else such rows are skipped).
    /// </summary>
    internal static (int Cells, int Repeats, int Rows)? CountCells(IEnumerable<int> rows, IReadOnlyList<int[]> codes, int maxRepeats, bool missingBreaks)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var (counted, repeats) = (0, 0);
        foreach (var r in rows)
        {
            if (codes.Any(c => c[r] < 0))
            {
                if (missingBreaks) return null;
                continue;
            }
            counted++;
            if (!seen.Add(string.Join(",", codes.Select(c => c[r]))) && ++repeats > maxRepeats) return null;
        }
        return (seen.Count, repeats, counted);
    }

    /// <summary>The largest share of a grid's rows whose combination of categories repeats an earlier row's (a keying slip).</summary>
    public const double MaxGridRepeats = 0.05;

    private static Insight Frequency(CategoryBreakdown b, int missing)
    {
        var top = b.Totals[0];
        var categoryName = Words.Human(b.Category);
        var unit = b.Measure is null ? "rows" : $"counted in {Words.Human(b.Measure)}";
        var title = $"The most common {categoryName} values";
        var summary =
            $"{Words.Cap(categoryName)} takes {Fmt.Int(b.Totals.Count)} distinct value{(b.Totals.Count == 1 ? "" : "s")} across {Fmt.Int(b.Total)} {unit}; the most common is {top.Label} with {Fmt.Int(top.Value)} ({Fmt.Pct(top.Value / b.Total)}). " +
            $"{(b.Totals.Count > 1 ? $"The next is {b.Totals[1].Label} with {Fmt.Int(b.Totals[1].Value)}." : "It is the only value present.")}";
        return new Insight(StoryKinds.Of<DescriptiveStory>(), [b.Category], title, summary, ["bar"], "Frequency table",
            null, null, top.Value / b.Total, b.N, 0.25, new FrequencyDetail(b, missing)) { Significance = 0.2 };
    }

    /// <summary>
    /// The column that says how many cases each row holds (named Freq, n, count; whole and never negative), when every
    /// other column groups them (a category, or a whole number with few values): a small table of counts the row model
    /// did not expand. Null otherwise.
    /// </summary>
    public static NumericColumn? CountOfRows(AnalysisTable table)
    {
        var counts = table.Numeric.Where(c => ColumnMeaning.IsCountName(c.Name) && c.IsInteger && c.Values.All(v => !(v < 0))).ToList();
        if (counts.Count != 1 || table.Dates.Any() || table.Time.Axis is not null) return null;
        var groupings = table.Columns.Where(c => c != counts[0]).ToList();
        return groupings.Count > 0 && groupings.All(c => c is CategoryColumn || c is TextColumn || (c is NumericColumn n && Coded(n))) ? counts[0] : null;
    }

    /// <summary>A whole-number column with a few values (a code: 1 and 2 for sex, 1 to 3 for class).</summary>
    private static bool Coded(NumericColumn column) => column.IsInteger && RowModels.DistinctUpTo(column.Values, MaxCodedLevels + 1) <= MaxCodedLevels;

    /// <summary>The count summed by each label of a grouping column (a coded number named with its column, "class 1"; a row's name).</summary>
    private static CategoryBreakdown? Counted(DataColumn grouping, NumericColumn count, Func<int, string?> label)
    {
        var sums = new Dictionary<string, (double Sum, int Rows)>(StringComparer.Ordinal);
        var n = 0;
        for (var r = 0; r < grouping.Length; r++)
        {
            var c = count.Values[r];
            if (grouping.IsMissing(r) || !double.IsFinite(c) || label(r) is not { } key) continue;
            n++;
            var (sum, rows) = sums.GetValueOrDefault(key);
            sums[key] = (sum + c, rows + 1);
        }
        if (sums.Count < 2 || sums.Count > CategoryBreakdowns.MaxLevels || sums.Values.Sum(x => x.Sum) <= 0) return null;
        var totals = sums.Select(x => new CategoryTotal(x.Key, x.Value.Sum, x.Value.Rows))
            .OrderByDescending(t => t.Value).ThenBy(t => t.Label, StringComparer.Ordinal).ToList();
        return new CategoryBreakdown(grouping.Name, count.Name, "sum", totals, n);
    }

    /// <summary>
    /// Whether a filler may describe a numeric column: not the time axis, not an id or entity number, not a size or
    /// exposure (how big a row is says nothing about what happened in it), not a two-valued code.
    /// </summary>
    public static bool Describable(AnalysisTable table, NumericColumn column) =>
        table.Time.Axis?.Name != column.Name && !table.Time.Dimensions.Any(d => d.Name == column.Name)
        && !RowModels.IsEntityCode(column) && !ColumnMeaning.IsEntityName(column.Name) && !StoryDiscovery.IsSize(table, column.Name)
        // A setting raised on a schedule (a test pressure of 50, then 100, then 200) is the procedure, not a quantity.
        && !ColumnMeaning.IsSchedule(column)
        // Two values (0 and 1) are a code or a flag, not a quantity.
        && RowModels.DistinctUpTo(column.Values, 3) > 2;

    /// <summary>
    /// Whether a filler may count a category's values: not a coded category (numbers as labels: 0 for 93% of rows), not
    /// an id or free text, not a band derived from another column, not the time axis, not a design's layout (every value
    /// with the same number of rows, fixed by whoever made the table).
    /// </summary>
    /// <param name="weighted">A count column weights the rows: how many rows each value has is the table's layout, not what is counted.</param>
    public static bool Describable(AnalysisTable table, CategoryColumn category, bool weighted = false)
    {
        if (category.Derived is not null || table.Model.Factors.Contains(category.Name) || table.Time.Axis?.Name == category.Name) return false;
        if (ColumnMeaning.IsFreeText(category) || ColumnMeaning.IsEntityName(category.Name)) return false;
        var present = category.Length - category.MissingCount;
        // Nearly one value per row is an id or a row name (a handful of rows cannot tell).
        if (present >= 20 && category.Labels.Length >= 0.9 * present) return false;
        if (category.Labels.Length > 0 && category.Labels.All(l => double.TryParse(l, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))) return false;
        if (weighted) return true;
        var counts = category.CountByCode();
        return !(counts.Length > 1 && counts[0] >= 2 && counts.All(c => c == counts[0]));
    }

    /// <summary>Inserts row <paramref name="r"/> into a list of at most five rows ordered by <paramref name="before"/>.</summary>
    private static void Keep(List<int> best, int r, Func<int, int, bool> before)
    {
        var at = best.Count;
        while (at > 0 && before(r, best[at - 1])) at--;
        if (at >= 5) return;
        best.Insert(at, r);
        if (best.Count > 5) best.RemoveAt(5);
    }

    private static double CoefficientOfVariation(double[] values)
    {
        var m = Descriptive.Mean(values);
        var sd = Descriptive.StdDev(values);
        return m == 0 || double.IsNaN(sd) ? sd : Math.Abs(sd / m);
    }

    private static void Frequency(NarrativeBuilder nb, List<ChartImage> charts, FrequencyDetail d)
    {
        var b = d.Breakdown;
        string[] cols = b.Measure is null ? [b.Category] : [b.Category, b.Measure];
        var rows = b.Measure is null ? "rows with a value" : $"{b.Measure} summed by {b.Category}";
        var unit = b.Measure is null ? "rows" : $"counted in {H(b.Measure)}";
        var totals = d.Rarest ? b.Totals.Reverse().ToList() : b.Totals.ToList();
        var first = totals[0];
        nb.Paragraph($"{Cap(H(b.Category))} takes {nb.Int(b.Totals.Count, "distinct values", cols, rows)} distinct values across {nb.Int(b.Total, $"total {unit}", cols, rows)} {unit}. The {(d.Rarest ? "least" : "most")} common is {first.Label} with {nb.Int(first.Value, $"{unit} with {first.Label}", cols, rows)} ({nb.Pct(first.Value / b.Total, $"share of {first.Label}", cols, rows)}).");
        if (totals.Count > 1)
        {
            nb.Paragraph($"Next come {string.Join(", ", totals.Skip(1).Take(3).Select(t => $"{t.Label} ({nb.Int(t.Value, $"{unit} with {t.Label}", cols, rows)})"))}.");
        }
        nb.Evidence(b.Measure is null
            ? $"A count of the rows per {H(b.Category)} value; {nb.Int(d.Missing, "rows without a value", cols, "all rows")} rows have no value and are not counted."
            : $"{Cap(H(b.Measure))} summed per {H(b.Category)} value: each row says how many it holds.");
        charts.Add(ChartFactory.Bars($"{(d.Rarest ? "Least" : "Most")} common {H(b.Category)} values", b.Category, b.Measure is null ? "Rows" : Cap(H(b.Measure)), totals.Select(t => t.Label).ToList(), totals.Select(t => t.Value).ToList(), highlight: 1));
        charts.Add(ChartFactory.Pareto($"Share of rows by {H(b.Category)}", b.Category, b.Totals.Select(t => t.Label).ToList(), b.Totals.Select(t => t.Value / b.Total).ToList()));
    }

    private static IReadOnlyList<int>? Extremes(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, ExtremesDetail d)
    {
        string[] cols = [d.Column];
        string Name((int Row, double Value, string? Label) x) => x.Label
            ?? (table.Time.Axis is { } axis && double.IsFinite(TimeSeriesBuilder.TimeValue(axis, x.Row))
                ? $"in {nb.N(TimeSeriesBuilder.TimeValue(axis, x.Row), $"time of the row ({axis.Name})", [axis.Name], $"data row {table.SourceRows[x.Row] + 1}", v => Fmt.TimeOfRow(axis, v))}"
                : $"data row {nb.Int(table.SourceRows[x.Row] + 1, "data row number in the file", cols, "all rows")}");
        nb.Paragraph($"Across {nb.Int(d.N, "rows with a value", cols, AllRows(table))} rows, {H(d.Column)} runs from {nb.N(d.Lowest[0].Value, "lowest value", cols, AllRows(table))} ({Name(d.Lowest[0])}) to {nb.N(d.Highest[0].Value, "highest value", cols, AllRows(table))} ({Name(d.Highest[0])}).");
        nb.Subheading("Highest");
        foreach (var x in d.Highest) nb.Bullet($"{Name(x)}: {nb.N(x.Value, $"value of {Name(x)}", cols, $"data row {table.SourceRows[x.Row] + 1}")}");
        nb.EndList();
        nb.Subheading("Lowest");
        foreach (var x in d.Lowest) nb.Bullet($"{Name(x)}: {nb.N(x.Value, $"value of {Name(x)}", cols, $"data row {table.SourceRows[x.Row] + 1}")}");
        nb.EndList();
        nb.Evidence($"A ranking of the {nb.Int(d.N, "rows with a value", cols, AllRows(table))} rows by {H(d.Column)}, highest and lowest five.");
        var shown = d.Highest.Concat(d.Lowest.AsEnumerable().Reverse()).DistinctBy(x => x.Row).ToList();
        charts.Add(ChartFactory.Bars($"The highest and lowest {H(d.Column)} values", "Row", Cap(H(d.Column)), shown.Select(Name).ToList(), shown.Select(x => x.Value).ToList(), highlight: d.Highest.Count));
        var values = ((NumericColumn)table.Find(d.Column)!).Values;
        charts.Add(ChartFactory.Histogram($"Distribution of {H(d.Column)}", Cap(H(d.Column)), values, [d.Highest[0].Value, d.Lowest[0].Value]));
        return shown.Select(x => x.Row).ToList();
    }

    private static void Overview(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, OverviewDetail d)
    {
        var cols = d.Columns.Select(c => c.Column).ToList();
        nb.Paragraph($"The file has {nb.Int(d.TotalRows, "rows in the file", cols, "all rows")} rows and {nb.Int(d.Columns.Count, "columns", cols, "header")} columns. {nb.Int(d.Columns.Count(c => c.Kind == "numeric"), "numeric columns", cols, "header")} are numeric, {nb.Int(d.Columns.Count(c => c.Kind == "date"), "date columns", cols, "header")} hold dates and {nb.Int(d.Columns.Count(c => c.Kind == "category"), "categorical columns", cols, "header")} are categorical.");
        var missing = d.Columns.Where(c => c.Missing > 0).OrderByDescending(c => c.Missing).ThenBy(c => c.Column, StringComparer.Ordinal).Take(5).ToList();
        nb.Paragraph(missing.Count == 0
            ? "No column has missing values."
            : $"The columns with the most missing values are {string.Join(", ", missing.Select(c => $"{c.Column} ({nb.Int(c.Missing, $"missing values in {c.Column}", [c.Column], AllRows(table))})"))}.");
        nb.Evidence("A count of the columns by type and of the empty cells in each column.");
        var shown = d.Columns.Take(15).ToList();
        charts.Add(ChartFactory.Bars("Values present per column", "Column", "Rows with a value", shown.Select(c => c.Column).ToList(), shown.Select(c => (double)(d.Rows - c.Missing)).ToList()));
        charts.Add(ChartFactory.Bars("Missing values per column", "Column", "Rows without a value", shown.Select(c => c.Column).ToList(), shown.Select(c => (double)c.Missing).ToList()));
    }
}
