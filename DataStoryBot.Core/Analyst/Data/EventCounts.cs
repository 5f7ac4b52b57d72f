namespace DataStoryBot.Core.Analyst.Data;

/// <summary>
/// A table of events with a date (bird strikes, orders, incidents; see <see cref="TimeContext.IsEvents"/>): how many
/// rows fall in each month or year is a series of its own, and often the story ("strikes more than doubled", "most
/// strikes come in autumn"), where an attribute of the events averaged per month is not. Built as small tables of their
/// own (each period and its number of rows, periods without a row counted as zero) that the time detectors read like
/// any series. The first and the last period are left out: the file may start or end part-way through them, and a
/// half period would read as a fall.
/// </summary>
public static class EventCounts
{
    /// <summary>The monthly count's name, as stories and charts state it: its within-year rhythm and level shifts.</summary>
    public const string PerMonth = "rows per month";

    /// <summary>The yearly count's name: its trend (a monthly count's trend hides under the seasons).</summary>
    public const string PerYear = "rows per year";

    /// <summary>Whole months needed (two years, so a yearly rhythm can show twice).</summary>
    public const int MinMonths = 24;

    /// <summary>Whole years needed for a yearly count (the trend test's minimum number of points).</summary>
    public const int MinYears = 8;

    /// <summary>Fewer rows than this per month on average are too sparse to count as a series.</summary>
    public const double MinPerMonth = 3;

    /// <summary>Whether a measure is one of the counts.</summary>
    public static bool IsCount(string measure) => measure is PerMonth or PerYear;

    /// <summary>
    /// The table a story was found on: <paramref name="table"/> itself when the story's columns name no count (or the
    /// table already holds it), else the counts they name; null when the table does not give them.
    /// </summary>
    public static AnalysisTable? For(AnalysisTable table, IEnumerable<string> columns)
    {
        var named = columns.Where(IsCount).ToList();
        var measure = named.Contains(PerYear) ? PerYear : named.Count > 0 ? PerMonth : null;
        return measure is null || table.Find(measure) is not null ? table : Of(table, measure);
    }

    /// <summary>
    /// The counts per month (<see cref="PerMonth"/>) or per year (<see cref="PerYear"/>) of a table of dated events, or
    /// null when the table is not one, spans too few whole periods, is too sparse, or was sampled (counts of a sample
    /// would not be the file's).
    /// </summary>
    public static AnalysisTable? Of(AnalysisTable table, string measure)
    {
        if (!table.Time.IsEvents || table.Time.Axis is not DateColumn axis || table.Sampling.Sampled || table.Find(measure) is not null) return null;
        var yearly = measure == PerYear;
        var counts = new Dictionary<int, int>();
        int min = int.MaxValue, max = int.MinValue, total = 0;
        foreach (var days in axis.Days)
        {
            if (!double.IsFinite(days)) continue;
            var date = DateColumn.ToDateTime(days);
            var period = yearly ? date.Year : (date.Year * 12) + date.Month - 1;
            counts[period] = counts.GetValueOrDefault(period) + 1;
            (min, max) = (Math.Min(min, period), Math.Max(max, period));
        }
        var (first, last) = (min + 1, max - 1);
        var periods = last - first + 1;
        if (periods < (yearly ? MinYears : MinMonths)) return null;
        var starts = new double[periods];
        var values = new double[periods];
        for (var i = 0; i < periods; i++)
        {
            var p = first + i;
            starts[i] = yearly ? p : DateColumn.FromDateTime(new DateTime(p / 12, (p % 12) + 1, 1));
            values[i] = counts.GetValueOrDefault(p);
            total += counts.GetValueOrDefault(p);
        }
        if (total / (yearly ? 12.0 * periods : periods) < MinPerMonth) return null;
        // Years are a year axis (told and plotted as 1991, 1992, …), months dates on the first of each month.
        DataColumn time = yearly
            ? new NumericColumn(axis.Name, axis.Index, Enumerable.Range(first, periods).Select(y => (double)y).ToArray(), isInteger: true, timeKind: "year")
            : new DateColumn(axis.Name, axis.Index, starts, false, "month of " + axis.Format);
        DataColumn[] columns = [time, new NumericColumn(measure, -1, values, isInteger: true)];
        // No row of the file stands behind a period, so none can be exported as a story's rows.
        return new AnalysisTable(columns, periods, Enumerable.Repeat(-1, periods).ToArray(), table.Sampling);
    }
}
