namespace DataStoryBot.Core.Analyst.Data;

/// <summary>
/// How a table relates to time, decided once per table: its time axis (the finest date column, else years, else a time
/// index), whether it is one series (about one row per time point), and its series dimensions — categories such as a
/// city, a ticker or a country that split the rows into several series over the same time points (long format).
/// </summary>
public sealed class TimeContext
{
    private TimeContext(DataColumn? axis, bool isSeries, IReadOnlyList<CategoryColumn> dimensions, double rowsPerTime)
    {
        Axis = axis;
        IsSeries = isSeries;
        Dimensions = dimensions;
        RowsPerTimePoint = rowsPerTime;
    }

    public DataColumn? Axis { get; }

    /// <summary>About one row per time point, in a table with a time axis: rows are the points of one series.</summary>
    public bool IsSeries { get; }

    /// <summary>Categories that split the rows into parallel series (about one row per group per time point).</summary>
    public IReadOnlyList<CategoryColumn> Dimensions { get; }

    public double RowsPerTimePoint { get; }

    /// <summary>
    /// A table of events: a time axis with several rows on some time points and not split into parallel series (bird
    /// strikes, sales transactions, cars by model year). A measure averaged per period mixes whichever events fell in it.
    /// </summary>
    public bool IsEvents => Axis is not null && !IsSeries && !IsPanel;

    /// <summary>Whether averaging a measure over each time point would mix several series.</summary>
    public bool IsPanel => Dimensions.Count > 0;

    /// <summary>The least share of (time point, group) cells that parallel series fill.</summary>
    public const double MinPanelCoverage = 0.85;

    public static TimeContext Of(AnalysisTable table)
    {
        var axis = Axes(table).FirstOrDefault();
        if (axis is null) return new TimeContext(null, false, [], 0);
        var keys = new Dictionary<double, int>();
        var present = 0;
        // Timestamps with a time of day count per day: an export of tickets stamped to the second is a table of events
        // (several a day), not a series with one row per moment.
        var byDay = axis is DateColumn { HasTime: true };
        for (var r = 0; r < table.RowCount; r++)
        {
            var t = byDay ? Math.Floor(TimeValue(axis, r)) : TimeValue(axis, r);
            if (!double.IsFinite(t)) continue;
            present++;
            keys[t] = keys.GetValueOrDefault(t) + 1;
        }
        if (keys.Count < 3) return new TimeContext(null, false, [], 0);
        var rowsPerTime = present / (double)keys.Count;
        var isSeries = rowsPerTime <= 1.1;
        var dimensions = new List<CategoryColumn>();
        if (!isSeries)
        {
            // A group splits each time point's rows into cells of at most 2.5 rows, so it needs at least
            // rows-per-time-point / 2.5 levels: coarser categories (regions under daily sales) are skipped unscanned.
            foreach (var c in table.Categories.Where(c => c.Labels.Length is >= 2 and <= 400 && c.Labels.Length * 2.5 >= rowsPerTime))
            {
                // A series dimension: most time points carry several of its groups, about once each.
                var cells = new HashSet<(double, int)>();
                var perTime = new Dictionary<double, int>();
                var rows = 0;
                for (var r = 0; r < table.RowCount; r++)
                {
                    var t = byDay ? Math.Floor(TimeValue(axis, r)) : TimeValue(axis, r);
                    var code = c.Codes[r];
                    if (!double.IsFinite(t) || code < 0) continue;
                    rows++;
                    if (cells.Add((t, code))) perTime[t] = perTime.GetValueOrDefault(t) + 1;
                }
                if (cells.Count == 0) continue;
                var rowsPerCell = rows / (double)cells.Count;
                var multi = perTime.Values.Count(v => v >= 2) / (double)perTime.Count;
                // Parallel series cover (nearly) every time point with (nearly) every group; events of a few groups
                // (requests by department, orders by region) fall on a random part of the days.
                var groupsSeen = cells.Select(cell => cell.Item2).Distinct().Count();
                var coverage = cells.Count / ((double)perTime.Count * Math.Max(1, groupsSeen));
                if (rowsPerCell <= 2.5 && multi >= 0.7 && coverage >= MinPanelCoverage) dimensions.Add(c);
            }
        }
        return new TimeContext(axis, isSeries, dimensions.OrderBy(d => d.Labels.Length).ToList(), rowsPerTime);
    }

    /// <summary>Columns usable as a time axis, best first: dates, then years, then a time index.</summary>
    public static IEnumerable<DataColumn> Axes(AnalysisTable table) =>
        table.Dates.Where(d => d.Length - d.MissingCount >= 8).Cast<DataColumn>()
            .Concat(table.TimeNumbers.Where(n => n.IsYear))
            .Concat(table.TimeNumbers.Where(n => n.TimeKind == "index"));

    public static double TimeValue(DataColumn time, int row) => time switch
    {
        DateColumn d => d.Days[row],
        NumericColumn n => n.Values[row],
        _ => double.NaN,
    };
}
