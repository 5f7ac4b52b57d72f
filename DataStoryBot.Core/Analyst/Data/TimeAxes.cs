namespace DataStoryBot.Core.Analyst.Data;

/// <summary>Time axes built from several columns.</summary>
public static class TimeAxes
{
    /// <summary>
    /// A year column with a quarter (1–4) or month (1–12) column beside it is one time axis: the year column becomes
    /// dates (the first day of each quarter or month), named as before, so stories cite the columns of the file. Only
    /// when the table has no date column of its own.
    /// </summary>
    public static List<DataColumn> CombineCalendarParts(List<DataColumn> columns)
    {
        if (columns.OfType<DateColumn>().Any()) return columns;
        var year = columns.OfType<NumericColumn>().FirstOrDefault(c => c.IsYear);
        var part = columns.OfType<NumericColumn>().FirstOrDefault(c => c.TimeKind is "quarter" or "month");
        if (year is null || part is null) return columns;
        var monthsPerStep = part.TimeKind == "quarter" ? 3 : 1;
        var days = new double[year.Length];
        for (var r = 0; r < days.Length; r++)
        {
            double y = year.Values[r], p = part.Values[r];
            days[r] = double.IsFinite(y) && double.IsFinite(p) && y is >= 1 and <= 9999 && p >= 1 && (p - 1) * monthsPerStep < 12 && p == Math.Floor(p)
                ? DateColumn.FromDateTime(new DateTime((int)y, (int)(p - 1) * monthsPerStep + 1, 1))
                : double.NaN;
        }
        var combined = new DateColumn(year.Name, year.Index, days, false, "year+" + part.TimeKind);
        return columns.Select(c => c == year ? combined : c).ToList();
    }
}
