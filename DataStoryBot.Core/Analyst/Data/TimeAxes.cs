namespace DataStoryBot.Core.Analyst.Data;

/// <summary>Time axes built from several columns.</summary>
public static class TimeAxes
{
    /// <summary>
    /// A date column (days only) with a clock-time column beside it (08:40, 17:05:30) is one time axis: the date column
    /// becomes timestamps, named as before, so a reading taken at 08:40 and one at 17:05 on the same day are two moments
    /// in order, not two rows of one day, and the clock times are never read as numbers or groups. Only for one date
    /// column without times and one clock column with a time on (nearly) every dated row.
    /// </summary>
    public static List<DataColumn> CombineDateAndClock(List<DataColumn> columns)
    {
        var dates = columns.OfType<DateColumn>().Where(d => !d.HasTime).ToList();
        var clocks = columns.OfType<CategoryColumn>().Where(ColumnMeaning.IsClockTime).ToList();
        if (dates.Count != 1 || clocks.Count != 1) return columns;
        var (date, clock) = (dates[0], clocks[0]);
        var fractions = clock.Labels.Select(DayFraction).ToArray();
        var days = new double[date.Length];
        var timed = 0;
        var dated = 0;
        for (var r = 0; r < days.Length; r++)
        {
            var day = date.Days[r];
            if (!double.IsFinite(day))
            {
                days[r] = double.NaN;
                continue;
            }
            dated++;
            var code = clock.Codes[r];
            if (code >= 0)
            {
                timed++;
                days[r] = Math.Floor(day) + fractions[code];
            }
            else
            {
                days[r] = day;
            }
        }
        if (dated == 0 || timed < 0.95 * dated) return columns;
        var combined = new DateColumn(date.Name, date.Index, days, true, date.Format + "+" + clock.Name);
        return columns.Select(c => c == date ? combined : c).ToList();
    }

    /// <summary>A clock time (08:40 or 08:40:15) as the fraction of a day it marks.</summary>
    public static double DayFraction(string clock)
    {
        var parts = clock.Trim().Split(':');
        var seconds = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * 3600
            + int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) * 60
            + (parts.Length > 2 ? int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) : 0);
        return seconds / 86_400.0;
    }

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
