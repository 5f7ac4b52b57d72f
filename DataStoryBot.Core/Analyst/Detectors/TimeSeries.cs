using DataStoryBot.Core.Analyst.Data;

namespace DataStoryBot.Core.Analyst.Detectors;

/// <summary>A measure aggregated (mean) per time point. T is days (dates) or the year number; X is T in years for slopes.</summary>
public sealed record TimeSeries(
    string TimeColumn,
    bool TimeIsYear,
    string Measure,
    string? SubsetColumn,
    string? SubsetValue,
    double[] T,
    double[] Y,
    string Granularity,
    int RowsUsed)
{
    public double[] X => TimeIsYear ? T : T.Select(t => t / 365.2425).ToArray();

    public string Describe(int i) => Fmt.Time(T[i], TimeIsYear, Granularity);
}

public static class TimeSeriesBuilder
{
    public const int MaxPoints = 1000;

    /// <summary>Columns usable as a time axis: dates first, then year-like numbers.</summary>
    public static IEnumerable<DataColumn> TimeAxes(AnalysisTable table) =>
        table.Dates.Where(d => d.Length - d.MissingCount >= 8).Cast<DataColumn>()
            .Concat(table.Numeric.Where(n => n.IsYear))
            .Take(2);

    public static double TimeValue(DataColumn time, int row) => time switch
    {
        DateColumn d => d.Days[row],
        NumericColumn n => n.Values[row],
        _ => double.NaN,
    };

    /// <summary>Groups rows by time point and averages the measure; buckets by month or year when there are too many points.</summary>
    public static TimeSeries? Build(DataColumn time, NumericColumn measure, IEnumerable<int> rows, CategoryColumn? subsetColumn = null, int subsetCode = -1, string? forceGranularity = null)
    {
        var isYear = time is NumericColumn;
        var groups = new Dictionary<double, (double Sum, int Count)>();
        var used = 0;
        foreach (var r in rows)
        {
            var t = TimeValue(time, r);
            var y = measure.Values[r];
            if (!double.IsFinite(t) || !double.IsFinite(y)) continue;
            used++;
            ref var g = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(groups, t, out _);
            g.Sum += y;
            g.Count++;
        }
        if (groups.Count < 3) return null;
        var granularity = isYear ? "year" : "day";
        if (!isYear && (forceGranularity is "month" or "year" || groups.Count > MaxPoints))
        {
            var monthly = Rebucket(groups, BucketMonth);
            granularity = "month";
            if (forceGranularity == "year" || (forceGranularity is null && monthly.Count > MaxPoints))
            {
                monthly = Rebucket(groups, BucketYear);
                granularity = "year";
            }
            groups = monthly;
        }
        var keys = groups.Keys.ToArray();
        Array.Sort(keys);
        var ys = keys.Select(k => groups[k].Sum / groups[k].Count).ToArray();
        if (keys.Length > MaxPoints)
        {
            // Still too many (e.g. a year column over millennia): keep evenly spaced points.
            var idx = Stats.Descriptive.EvenlySpaced(keys.Length, MaxPoints);
            keys = idx.Select(i => keys[i]).ToArray();
            ys = idx.Select(i => ys[i]).ToArray();
        }
        if (!isYear && granularity == "day")
        {
            // Dates that are all first-of-month (or first-of-year) read better as months (years).
            var dates = keys.Select(DateColumn.ToDateTime).ToList();
            if (dates.All(d => d.Day == 1 && d.TimeOfDay == TimeSpan.Zero))
            {
                granularity = dates.All(d => d.Month == 1) ? "year" : "month";
            }
        }
        return new TimeSeries(time.Name, isYear, measure.Name, subsetColumn?.Name, subsetCode >= 0 ? subsetColumn!.Labels[subsetCode] : null, keys, ys, granularity, used);
    }

    private static double BucketMonth(double days)
    {
        var d = DateColumn.ToDateTime(days);
        return DateColumn.FromDateTime(new DateTime(d.Year, d.Month, 1));
    }

    private static double BucketYear(double days) => DateColumn.FromDateTime(new DateTime(DateColumn.ToDateTime(days).Year, 1, 1));

    private static Dictionary<double, (double Sum, int Count)> Rebucket(Dictionary<double, (double Sum, int Count)> groups, Func<double, double> bucket)
    {
        var result = new Dictionary<double, (double Sum, int Count)>();
        foreach (var (k, v) in groups)
        {
            var b = bucket(k);
            result.TryGetValue(b, out var acc);
            result[b] = (acc.Sum + v.Sum, acc.Count + v.Count);
        }
        return result;
    }

    /// <summary>Row indices per category code (codes with at least <paramref name="minRows"/> rows), largest first, at most <paramref name="maxLevels"/>.</summary>
    public static List<(int Code, List<int> Rows)> RowsByLevel(CategoryColumn column, int maxLevels, int minRows)
    {
        var lists = new List<int>[column.Labels.Length];
        for (var r = 0; r < column.Codes.Length; r++)
        {
            var c = column.Codes[r];
            if (c < 0) continue;
            (lists[c] ??= []).Add(r);
        }
        return lists.Select((l, code) => (Code: code, Rows: l ?? []))
            .Where(x => x.Rows.Count >= minRows)
            .OrderByDescending(x => x.Rows.Count).ThenBy(x => x.Code)
            .Take(maxLevels)
            .ToList();
    }
}
