using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

public sealed record NumericSummaryDetail(DistributionDetail Distribution);

public sealed record FrequencyDetail(CategoryBreakdown Breakdown, int Missing);

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

    public static IEnumerable<Insight> Build(AnalysisTable table)
    {
        // Numeric columns with the most spread relative to their level first.
        // A design factor or a grid's axis (RowModel) is set by whoever made the table: not a quantity to describe.
        // Nor is a time axis, an id or a size (population, students): a filler never describes them (issue 22, item 5).
        var numeric = table.Numeric.Where(c => !table.Model.Factors.Contains(c.Name) && Describable(table, c) && !RowModels.IsRateOfGroups(table, c))
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
        foreach (var category in table.Categories.Where(c => Describable(table, c)).OrderBy(c => Math.Abs(c.Labels.Length - 6)).ThenBy(c => c.Index))
        {
            // A layout's counts (every site 20 rows, every sex 120) say nothing.
            if (ColumnMeaning.IsBalanced(category)) continue;
            var b = CategoryBreakdowns.Build(category, null);
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
            var top = b.Totals[0];
            var categoryName = Words.Human(category.Name);
            var title = $"The most common {categoryName} values";
            var summary =
                $"{Words.Cap(categoryName)} takes {Fmt.Int(b.Totals.Count)} distinct value{(b.Totals.Count == 1 ? "" : "s")} across {Fmt.Int(b.N)} rows; the most common is {top.Label} with {Fmt.Int(top.Value)} rows ({Fmt.Pct(top.Value / b.Total)}). " +
                $"{(b.Totals.Count > 1 ? $"The next is {b.Totals[1].Label} with {Fmt.Int(b.Totals[1].Value)} rows." : "It is the only value present.")}";
            yield return new Insight(StoryKinds.Of<DescriptiveStory>(), [category.Name], title, summary, ["bar"], "Frequency table",
                null, null, top.Value / b.Total, b.N, 0.25, new FrequencyDetail(b, category.MissingCount)) { Significance = 0.2 };
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
    public static bool Describable(AnalysisTable table, CategoryColumn category)
    {
        if (category.Derived is not null || table.Model.Factors.Contains(category.Name) || table.Time.Axis?.Name == category.Name) return false;
        if (ColumnMeaning.IsFreeText(category) || ColumnMeaning.IsEntityName(category.Name)) return false;
        var present = category.Length - category.MissingCount;
        // Nearly one value per row is an id or a row name (a handful of rows cannot tell).
        if (present >= 20 && category.Labels.Length >= 0.9 * present) return false;
        if (category.Labels.Length > 0 && category.Labels.All(l => double.TryParse(l, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))) return false;
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
        string[] cols = [b.Category];
        const string rows = "rows with a value";
        var top = b.Totals[0];
        nb.Paragraph($"{Cap(H(b.Category))} takes {nb.Int(b.Totals.Count, "distinct values", cols, rows)} distinct values across {nb.Int(b.N, "rows with a value", cols, rows)} rows. The most common is {top.Label} with {nb.Int(top.Value, $"rows with {top.Label}", cols, rows)} rows ({nb.Pct(top.Value / b.Total, $"share of {top.Label}", cols, rows)}).");
        if (b.Totals.Count > 1)
        {
            nb.Paragraph($"Next come {string.Join(", ", b.Totals.Skip(1).Take(3).Select(t => $"{t.Label} ({nb.Int(t.Value, $"rows with {t.Label}", cols, rows)})"))}.");
        }
        nb.Evidence($"A count of the rows per {H(b.Category)} value; {nb.Int(d.Missing, "rows without a value", cols, "all rows")} rows have no value and are not counted.");
        charts.Add(ChartFactory.Bars($"Most common {H(b.Category)} values", b.Category, "Rows", b.Totals.Select(t => t.Label).ToList(), b.Totals.Select(t => t.Value).ToList(), highlight: 1));
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
