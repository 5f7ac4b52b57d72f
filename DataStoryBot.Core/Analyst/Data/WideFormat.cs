namespace DataStoryBot.Core.Analyst.Data;

/// <summary>
/// A series laid out across a row (wide format: one column per year — 1960, 1961, … — or per month — JAN, FEB, …)
/// read as long format: one row per original row and column, with a time column, a <c>value</c> column and the row's
/// label as the group, so the series can be told over time instead of column by column.
/// </summary>
public static class WideFormat
{
    public const int MinColumns = 6;
    public const long MaxLongRows = 2_000_000;
    public const string ValueColumn = "value";
    public const string YearColumn = "year";

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>The measures whose names are years, or months; empty when fewer than <see cref="MinColumns"/>.</summary>
    public static List<(NumericColumn Column, int Year, int Month)> TimeNamedColumns(AnalysisTable table)
    {
        var years = new List<(NumericColumn, int, int)>();
        var months = new List<(NumericColumn, int, int)>();
        foreach (var c in table.Numeric)
        {
            var name = c.Name.Trim();
            if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) && y is >= 1000 and <= 2500) years.Add((c, y, 0));
            var m = Array.FindIndex(Months, x => name.Length >= 3 && name.StartsWith(x, StringComparison.OrdinalIgnoreCase) && name.Length <= 9);
            if (m >= 0) months.Add((c, 0, m + 1));
        }
        return years.Count >= MinColumns ? years : months.Count >= MinColumns ? months : [];
    }

    /// <summary>The long-format table, or null when the table is not wide.</summary>
    public static AnalysisTable? ToLong(AnalysisTable table)
    {
        var wide = TimeNamedColumns(table);
        // Bounded: a very tall and wide file stays as it is rather than becoming tens of millions of rows.
        if (wide.Count == 0 || (long)table.RowCount * wide.Count > MaxLongRows) return null;
        var byMonth = wide[0].Month > 0;
        var yearColumn = byMonth ? table.TimeNumbers.FirstOrDefault(c => c.IsYear) : null;
        if (byMonth && yearColumn is null) return null;
        var wideNames = wide.Select(w => w.Column.Name).ToHashSet(StringComparer.Ordinal);
        // The row's label: the first text or category column (country, station); rows are the groups.
        var label = table.Columns.FirstOrDefault(c => c is CategoryColumn or TextColumn && !wideNames.Contains(c.Name));
        var n = table.RowCount * wide.Count;
        var time = new double[n];
        var values = new double[n];
        var codes = new int[n];
        var sourceRows = new int[n];
        string[] labels = [];
        Dictionary<string, int>? codeOf = null;
        if (label is not null)
        {
            codeOf = new Dictionary<string, int>(StringComparer.Ordinal);
            var list = new List<string>();
            for (var r = 0; r < table.RowCount; r++)
            {
                var text = LabelOf(label, r);
                if (text is not null && !codeOf.ContainsKey(text)) { codeOf[text] = list.Count; list.Add(text); }
            }
            labels = [.. list];
        }
        var k = 0;
        for (var r = 0; r < table.RowCount; r++)
        {
            foreach (var (column, year, month) in wide)
            {
                time[k] = byMonth
                    ? (double.IsFinite(yearColumn!.Values[r]) && yearColumn.Values[r] is >= 1 and <= 9999 ? DateColumn.FromDateTime(new DateTime((int)yearColumn.Values[r], month, 1)) : double.NaN)
                    : year;
                values[k] = column.Values[r];
                codes[k] = label is not null && LabelOf(label, r) is { } text ? codeOf![text] : -1;
                sourceRows[k] = table.SourceRows[r];
                k++;
            }
        }
        var columns = new List<DataColumn>();
        if (byMonth) columns.Add(new DateColumn(yearColumn!.Name, yearColumn.Index, time, false, "year+month columns"));
        else columns.Add(new NumericColumn(YearColumn, -1, time, true, "year"));
        columns.Add(new NumericColumn(ValueColumn, -1, values, values.All(v => !double.IsFinite(v) || v == Math.Floor(v))));
        // With one row per label the label is the series; a single row (or none) is one series.
        if (label is not null && labels.Length >= 2) columns.Add(new CategoryColumn(label.Name, label.Index, codes, labels));
        return new AnalysisTable(columns, n, sourceRows, table.Sampling) { Focus = table.Focus };
    }

    private static string? LabelOf(DataColumn c, int r) => c switch
    {
        TextColumn t => t.Values[r],
        CategoryColumn k when k.Codes[r] >= 0 => k.Labels[k.Codes[r]],
        _ => null,
    };
}
