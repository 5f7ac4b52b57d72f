using DataStoryBot.Core.Engines;

namespace DataStoryBot.Core.Analyst.Data;

public enum ColumnKind
{
    Numeric,
    Date,
    Category,
    Text,
}

/// <summary>One loaded column. Values are aligned by row with the other columns of its table.</summary>
public abstract class DataColumn(string name, int index)
{
    public string Name { get; } = name;

    /// <summary>Position of the column in the file.</summary>
    public int Index { get; } = index;

    public abstract ColumnKind Kind { get; }

    public abstract int Length { get; }

    public abstract bool IsMissing(int row);

    private int _missingCount = -1;

    /// <summary>Rows without a value (counted once: a column's values never change).</summary>
    public int MissingCount
    {
        get
        {
            if (_missingCount >= 0) return _missingCount;
            var count = 0;
            for (var i = 0; i < Length; i++) if (IsMissing(i)) count++;
            return _missingCount = count;
        }
    }

    internal abstract DataColumn Take(int[] rows);
}

/// <param name="timeKind">Null for a measure; for a time column the profile's time format (<c>year</c>, <c>index</c>, <c>quarter</c>, <c>month</c>).</param>
/// <param name="duration">For a measure the analyst derived from two timestamps of each row, how (see <see cref="Durations"/>).</param>
/// <param name="weights">For a rate the analyst derived from a count and its exposure, each row's exposure: its weight in a pooled rate.</param>
public sealed class NumericColumn(string name, int index, double[] values, bool isInteger, string? timeKind = null, DurationOf? duration = null, double[]? weights = null) : DataColumn(name, index)
{
    /// <summary>For a rate per unit of exposure (deaths per ten thousand people), each row's exposure; null otherwise.</summary>
    public double[]? Weights { get; } = weights;

    /// <summary>Set when the column is the time between two timestamps of each row (derived, not in the file).</summary>
    public DurationOf? Duration { get; } = duration;

    /// <summary>Values, NaN where missing or unparseable.</summary>
    public double[] Values { get; } = values;

    public bool IsInteger { get; } = isInteger;

    /// <summary>Null for a measure; otherwise how the numbers stand for time.</summary>
    public string? TimeKind { get; } = timeKind;

    /// <summary>Years (the profile's role): usable as a time axis.</summary>
    public bool IsYear => TimeKind == "year";

    /// <summary>A time axis or calendar component: never summed, averaged or correlated.</summary>
    public bool IsTime => TimeKind is not null;

    public override ColumnKind Kind => ColumnKind.Numeric;
    public override int Length => Values.Length;
    public override bool IsMissing(int row) => double.IsNaN(Values[row]);
    internal override DataColumn Take(int[] rows) => new NumericColumn(Name, Index, rows.Select(r => Values[r]).ToArray(), IsInteger, TimeKind, Duration, Weights is { } w ? rows.Select(r => w[r]).ToArray() : null);
}

public sealed class DateColumn(string name, int index, double[] days, bool hasTime, string format) : DataColumn(name, index)
{
    /// <summary>Days since 0001-01-01 (DateTime ticks / ticks per day), NaN where missing.</summary>
    public double[] Days { get; } = days;

    public bool HasTime { get; } = hasTime;

    /// <summary>The format the column was read with (for the narrative's caveats).</summary>
    public string Format { get; } = format;

    public override ColumnKind Kind => ColumnKind.Date;
    public override int Length => Days.Length;
    public override bool IsMissing(int row) => double.IsNaN(Days[row]);
    internal override DataColumn Take(int[] rows) => new DateColumn(Name, Index, rows.Select(r => Days[r]).ToArray(), HasTime, Format);

    public static DateTime ToDateTime(double days) => new((long)Math.Round(days * TimeSpan.TicksPerDay), DateTimeKind.Unspecified);

    public static double FromDateTime(DateTime value) => value.Ticks / (double)TimeSpan.TicksPerDay;

    /// <summary>OLE automation date, which ScottPlot's date axes use.</summary>
    public static double ToOADate(double days) => days - 693593.0;
}

/// <param name="derived">For a grouping the analyst derived from other columns (a measure's band, a date's weekday), how (see <see cref="DerivedGroups"/>).</param>
public sealed class CategoryColumn(string name, int index, int[] codes, string[] labels, DerivedGrouping? derived = null) : DataColumn(name, index)
{
    /// <summary>Set when the column is a grouping derived from other columns (not in the file).</summary>
    public DerivedGrouping? Derived { get; } = derived;

    /// <summary>Index into <see cref="Labels"/>, −1 where missing.</summary>
    public int[] Codes { get; } = codes;

    public string[] Labels { get; } = labels;

    public override ColumnKind Kind => ColumnKind.Category;
    public override int Length => Codes.Length;
    public override bool IsMissing(int row) => Codes[row] < 0;

    public int[] CountByCode()
    {
        var counts = new int[Labels.Length];
        foreach (var c in Codes) if (c >= 0) counts[c]++;
        return counts;
    }

    internal override DataColumn Take(int[] rows) => new CategoryColumn(Name, Index, rows.Select(r => Codes[r]).ToArray(), Labels, Derived);
}

/// <summary>Free text or identifiers: too many distinct values to analyze; kept to label rows (e.g. outliers).</summary>
public sealed class TextColumn(string name, int index, string?[] values, int distinctSeen) : DataColumn(name, index)
{
    /// <summary>The values (null where missing or not kept).</summary>
    public string?[] Values { get; } = values;

    public int DistinctSeen { get; } = distinctSeen;
    public override ColumnKind Kind => ColumnKind.Text;
    public override int Length => Values.Length;
    public override bool IsMissing(int row) => Values[row] is null;
    internal override DataColumn Take(int[] rows) => new TextColumn(Name, Index, rows.Select(r => Values[r]).ToArray(), DistinctSeen);
}

/// <summary>A loaded (possibly sampled) table.</summary>
public sealed class AnalysisTable(IReadOnlyList<DataColumn> columns, int rowCount, int[] sourceRows, SamplingInfo sampling)
{
    private System.Collections.Concurrent.ConcurrentDictionary<NumericColumn, Lazy<double[]>> _sorted = new();
    private System.Collections.Concurrent.ConcurrentDictionary<NumericColumn, Lazy<double[]>> _ranks = new();

    /// <summary>
    /// This table, sharing what <paramref name="source"/> already computed that depends only on the columns: sorted
    /// values and ranks (kept per column object, so any view over the same columns may share them), and the time
    /// reading when the columns and rows are the same (a new noun, row model or unrelated pairs do not change it).
    /// </summary>
    private AnalysisTable Sharing(AnalysisTable source)
    {
        (_sorted, _ranks) = (source._sorted, source._ranks);
        if (ReferenceEquals(Columns, source.Columns) && RowCount == source.RowCount) _time = source._time;
        return this;
    }

    /// <summary>The column's finite values, sorted (computed once per table; detectors share it).</summary>
    public double[] SortedFinite(NumericColumn column) =>
        _sorted.GetOrAdd(column, c => new Lazy<double[]>(() => Stats.Descriptive.Sorted(Stats.Descriptive.Finite(c.Values)))).Value;

    /// <summary>Average ranks of a column without missing values (computed once per table).</summary>
    public double[] Ranks(NumericColumn column) =>
        _ranks.GetOrAdd(column, c => new Lazy<double[]>(() => Stats.Descriptive.Ranks(c.Values, out _))).Value;

    public IReadOnlyList<DataColumn> Columns { get; } = columns;

    public int RowCount { get; } = rowCount;

    /// <summary>0-based data-row number in the file of each loaded row.</summary>
    public int[] SourceRows { get; } = sourceRows;

    public SamplingInfo Sampling { get; } = sampling;

    private TimeContext? _time;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string, string, string), Lazy<object?>> _cache = new();

    /// <summary>A value computed once per table and shared by the detectors (for example a measure's series over time).</summary>
    public T? Cached<T>((string, string, string, string) key, Func<T?> compute) where T : class =>
        (T?)_cache.GetOrAdd(key, _ => new Lazy<object?>(() => compute())).Value;

    /// <summary>The table's time axis, whether it is one series, and its series dimensions (computed once).</summary>
    public TimeContext Time => _time ??= TimeContext.Of(this);

    public DataColumn? Find(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>The measures: the only columns that are summed, averaged, correlated or described.</summary>
    public IEnumerable<NumericColumn> Numeric => Columns.OfType<NumericColumn>().Where(c => !c.IsTime);

    /// <summary>Numbers that stand for time (years, a time index, calendar components).</summary>
    public IEnumerable<NumericColumn> TimeNumbers => Columns.OfType<NumericColumn>().Where(c => c.IsTime);
    public IEnumerable<DateColumn> Dates => Columns.OfType<DateColumn>();
    /// <summary>The file's categories (and the time's groupings the loader made), without the analyst's derived groupings.</summary>
    public IEnumerable<CategoryColumn> Categories => Columns.OfType<CategoryColumn>().Where(c => c.Derived is null);

    /// <summary>
    /// Every column that groups rows: the categories and the derived groupings (a measure's band, a date's weekday; see
    /// <see cref="DerivedGroups"/>), which only the kinds that compare a rate or a duration by group look at.
    /// </summary>
    public IEnumerable<CategoryColumn> Groupings => Columns.OfType<CategoryColumn>();

    /// <summary>
    /// The file's columns a column stands for: the two timestamps of a derived duration, a count and its exposure for a
    /// derived rate (<see cref="Derived"/>), the columns a derived grouping is computed from, else the column itself.
    /// </summary>
    /// <remarks>A column the row model read from several of the file's (awards from awards_men and awards_women) stands
    /// for those (<see cref="RowModel.Origins"/>).</remarks>
    public IReadOnlyList<string> SourcesOf(string name)
    {
        IReadOnlyList<string> sources = Derived.TryGetValue(name, out var derived) ? derived
            : Find(name) switch
            {
                NumericColumn { Duration: { } d } => [d.Start, d.End],
                CategoryColumn { Derived: { } g } => g.Sources,
                _ => [name],
            };
        return Model.Origins is null ? sources : sources.SelectMany(Model.OriginsOf).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Columns the analyst computed from columns of the file (a rate from a count and its exposure), with those columns.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Derived { get; init; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>What a row of the table is (<see cref="RowModel"/>), found before any detector runs.</summary>
    public RowModel Model { get; init; } = RowModel.Observations;

    /// <summary>A table over other columns or rows that keeps this table's reading (focus, unrelated pairs, noun, row model, derived columns).</summary>
    public AnalysisTable With(IReadOnlyList<DataColumn> columns, int rowCount, int[] sourceRows, SamplingInfo sampling) =>
        new AnalysisTable(columns, rowCount, sourceRows, sampling) { Focus = Focus, Unrelated = Unrelated, Noun = Noun, Model = Model, Derived = Derived }.Sharing(this);

    /// <summary>The same table with another row model (and derived columns).</summary>
    public AnalysisTable With(RowModel model, IReadOnlyDictionary<string, IReadOnlyList<string>>? derived = null) =>
        new AnalysisTable(Columns, RowCount, SourceRows, Sampling) { Focus = Focus, Unrelated = Unrelated, Noun = Noun, Model = model, Derived = derived ?? Derived }.Sharing(this);

    /// <summary>The same rows with other columns.</summary>
    public AnalysisTable With(IReadOnlyList<DataColumn> columns) => With(columns, RowCount, SourceRows, Sampling);

    /// <summary>The file's columns behind a list of columns, in order, each once.</summary>
    public IReadOnlyList<string> SourcesOf(IEnumerable<string> names) => names.SelectMany(SourcesOf).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A name for a row: the first text column that is (nearly) unique per row, if any.</summary>
    public string? RowLabel(int row)
    {
        foreach (var c in Columns.Where(IsRowLabel))
        {
            if (c is TextColumn t) return t.Values[row];
            if (c is CategoryColumn k && k.Codes[row] >= 0) return k.Labels[k.Codes[row]];
        }
        return null;
    }

    /// <summary>The column that names rows (<see cref="RowLabel"/>), if any.</summary>
    public DataColumn? RowLabelColumn() => Columns.FirstOrDefault(IsRowLabel);

    private bool IsRowLabel(DataColumn c) =>
        (c is TextColumn t && t.DistinctSeen >= 0.9 * RowCount) || (c is CategoryColumn k && k.Labels.Length >= 0.9 * RowCount);

    /// <summary>What a row is called in stories ("incidents"); "rows" when nothing in the table says (<see cref="TableNoun"/>).</summary>
    public string Noun { get; init; } = TableNoun.Default;

    /// <summary>Columns the user's steering names; detectors test these first (they cap how many columns they test).</summary>
    public IReadOnlySet<string> Focus { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Pairs of measures that are not to be related to each other (one computed from the other, such as a total and
    /// its part, or two columns of one wide-format series). Both orders present.
    /// </summary>
    public IReadOnlySet<(string, string)> Unrelated { get; init; } = new HashSet<(string, string)>();

    /// <summary>
    /// A view with the columns <paramref name="isFocused"/> picks moved to the front (the rest in file order), so a
    /// column the user asked about is tested even in a file wider than the detectors' caps. Itself when none is picked.
    /// </summary>
    public AnalysisTable FocusOn(Func<string, bool> isFocused)
    {
        var focused = Columns.Where(c => isFocused(c.Name)).ToList();
        if (focused.Count == 0)
        {
            return this;
        }

        return new AnalysisTable([.. focused, .. Columns.Where(c => !focused.Contains(c))], RowCount, SourceRows, Sampling)
        {
            Focus = focused.Select(c => c.Name).ToHashSet(StringComparer.Ordinal),
            Unrelated = Unrelated,
            Noun = Noun,
            Model = Model,
            Derived = Derived,
        };
    }

    /// <summary>A view with only some columns (same rows).</summary>
    public AnalysisTable Select(IEnumerable<string> names)
    {
        var set = names.ToHashSet(StringComparer.Ordinal);
        return With(Columns.Where(c => set.Contains(c.Name)).ToList());
    }

    /// <summary>A view with only some rows (same columns).</summary>
    public AnalysisTable Rows(int[] rows) =>
        With(Columns.Select(c => c.Take(rows)).ToList(), rows.Length, rows.Select(r => SourceRows[r]).ToArray(), Sampling);

    /// <summary>The same table with its rows called <paramref name="noun"/>.</summary>
    public AnalysisTable WithNoun(string noun) => new AnalysisTable(Columns, RowCount, SourceRows, Sampling) { Focus = Focus, Unrelated = Unrelated, Noun = noun, Model = Model, Derived = Derived }.Sharing(this);

    /// <summary>The same table with more pairs marked unrelated.</summary>
    public AnalysisTable WithUnrelated(IEnumerable<(string, string)> pairs)
    {
        var set = new HashSet<(string, string)>(Unrelated);
        foreach (var (a, b) in pairs) { set.Add((a, b)); set.Add((b, a)); }
        return new AnalysisTable(Columns, RowCount, SourceRows, Sampling) { Focus = Focus, Unrelated = set, Noun = Noun, Model = Model, Derived = Derived }.Sharing(this);
    }
}
