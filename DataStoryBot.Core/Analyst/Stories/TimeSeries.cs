using DataStoryBot.Core.Analyst.Data;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>
/// A measure aggregated per time point: "mean", "sum" (a total across parallel series) or "count" (the rows per month
/// of a table of events, <see cref="EventCounts"/>). T is days (dates) or the year number; X is T in years for slopes.
/// </summary>
public sealed record TimeSeries(
    string TimeColumn,
    bool TimeIsYear,
    string Measure,
    string? SubsetColumn,
    string? SubsetValue,
    double[] T,
    double[] Y,
    string Granularity,
    int RowsUsed,
    string Aggregation = "mean",
    string? Across = null)
{
    /// <summary>What is plotted and told, in words: "net generation for Renewables", "total people across the 19 age groups", "average price across 5 symbols".</summary>
    public string Subject
    {
        get
        {
            // The name without its unit ("temperature", not "temperature (°C)"): the unit goes after the numbers.
            var measure = Refine.ColumnWords.Split(Measure).Name;
            // A decade's point is the average of its yearly totals (TrendStory.Decades).
            var yearly = Granularity == "decade" ? "the yearly average of " : "";
            if (SubsetValue is not null) return $"{yearly}{measure} for {Words.Label(SubsetColumn ?? "", SubsetValue)}";
            if (Across is null) return yearly + measure;
            return Aggregation == "sum" ? $"{yearly}total {measure} across the {Across}" : $"average {measure} across {Across}";
        }
    }

    public double[] X => TimeIsYear ? T : T.Select(t => t / 365.2425).ToArray();

    /// <summary>At most this many parallel series make an average across them "few" (two cities, five tickers).</summary>
    public const int FewSeries = 12;

    /// <summary>
    /// Whether this is an average across parallel series, and over how many — the one rule every time story applies:
    /// an average over a few series (two cities) blurs them, so the per-group comparison is the story (trends are
    /// discounted, records, cycles and seasons left out); over many (142 countries) it is a fair summary for a trend or a
    /// record, never for a cycle (it mixes the phases of the groups).
    /// </summary>
    public Averaging AveragedOver(int seriesCount) =>
        Across is null || Aggregation != "mean" ? Averaging.None : seriesCount <= FewSeries ? Averaging.FewSeries : Averaging.ManySeries;

    public string Describe(int i) => TimeIsYear && Granularity == "decade" ? $"the {Fmt.Time(T[i], true, Granularity)}s" : Fmt.Time(T[i], TimeIsYear, Granularity);
}

/// <summary>Whether a pooled series averages parallel series, and how many (see <see cref="TimeSeries.AveragedOver"/>).</summary>
public enum Averaging
{
    None,
    FewSeries,
    ManySeries,
}

public static class TimeSeriesBuilder
{
    /// <summary>How the pooled series of a table averages its parallel series.</summary>
    public static Averaging AveragingOf(AnalysisTable table, TimeSeries series) =>
        series.AveragedOver(table.Time.IsPanel ? table.Time.Dimensions[0].Labels.Length : 0);

    public const int MaxPoints = 1000;

    /// <summary>
    /// Whether a measure's changes are told as a percent of the earlier value: only where its zero means none of it (a
    /// ratio scale). Never for a measure that can be zero or negative, or a temperature (named so: an interval scale whose
    /// zero is a convention, so "up 14%" of a Celsius value means nothing): those are told in the measure's own units.
    /// </summary>
    /// <remarks>
    /// A level far from zero is not enough to call a scale interval: a volume between 600 and 1,000 that fell 40% is
    /// told best in percent. An unnamed temperature (a wide file's "value") therefore still moves in percent.
    /// </remarks>
    public static bool MovesInPercent(string measure, IReadOnlyList<double> y) =>
        y.Count > 0 && y.All(v => v > 0) && !IntervalScale(measure);

    /// <summary>
    /// Whether a measure's name says it is on an interval scale, whose zero is a convention and not "none of it": a
    /// temperature (°C, °F), an anomaly or deviation from a reference. Its changes are told in its own units, never as a
    /// percent of the earlier value (issue 22, item 6).
    /// </summary>
    public static bool IntervalScale(string measure) =>
        Data.ColumnMeaning.NameWords(measure).Any(IntervalWords.Contains) || measure.Contains('°', StringComparison.Ordinal);

    private static readonly HashSet<string> IntervalWords = new(StringComparer.Ordinal)
    {
        "temperature", "temperatures", "temp", "celsius", "fahrenheit", "degc", "degf", "sst", "anomaly", "anomalies", "anom",
    };

    /// <summary>The table's time axis (at most one: the finest), for the time-based detectors.</summary>
    public static IEnumerable<DataColumn> TimeAxes(AnalysisTable table) =>
        table.Time.Axis is { } axis ? [axis] : [];

    public static double TimeValue(DataColumn time, int row) => TimeContext.TimeValue(time, row);

    /// <summary>
    /// The whole table's series of a measure. In long format (several series over the same time points) the points are
    /// added up when the measure is a count or amount (whole, non-negative numbers: the total), and otherwise averaged,
    /// and the series says which — never a silent average across groups. A level that is the sum of the others (a
    /// "total" row, such as "All natural disasters") is left out of the sum.
    /// </summary>
    public static TimeSeries? Pooled(AnalysisTable table, DataColumn time, NumericColumn measure, string? forceGranularity = null)
    {
        forceGranularity ??= EventGranularity(table, time);
        return table.Cached(("pooled", time.Name, measure.Name, forceGranularity ?? ""), () => BuildPooled(table, time, measure, forceGranularity));
    }

    /// <summary>
    /// Events stamped to the second (tickets, claims) are averaged per month: a mean per moment or per day mixes a
    /// handful of events and hides any drift in noise.
    /// </summary>
    public static string? EventGranularity(AnalysisTable table, DataColumn time) =>
        table.Time.IsEvents && time is DateColumn { HasTime: true } ? "month" : null;

    private static TimeSeries? BuildPooled(AnalysisTable table, DataColumn time, NumericColumn measure, string? forceGranularity)
    {
        var rows = Enumerable.Range(0, table.RowCount);
        if (!table.Time.IsPanel) return Build(time, measure, rows, forceGranularity: forceGranularity, aggregation: EventCounts.IsCount(measure.Name) ? "count" : "mean");
        var dimension = table.Time.Dimensions[0];
        var additive = measure.IsInteger && !measure.Values.Any(v => v < 0) && Words.NameAllowsSum(measure.Name);
        var total = additive ? TotalLevel(time, dimension, measure) : null;
        if (total is { } code)
        {
            rows = rows.Where(r => dimension.Codes[r] != code);
        }
        var levels = dimension.Labels.Length - (total is null ? 0 : 1);
        var across = Words.Members(dimension.Name, levels);
        var series = Build(time, measure, rows, forceGranularity: forceGranularity, aggregation: additive ? "sum" : "mean");
        return series is null ? null : series with { Across = across, SubsetColumn = null };
    }

    /// <summary>The code of a level whose value is the sum of the other levels' at (nearly) every time point, if any.</summary>
    public static int? TotalLevel(DataColumn time, CategoryColumn dimension, NumericColumn measure)
    {
        var byTime = new Dictionary<double, (double Sum, Dictionary<int, double> Levels)>();
        for (var r = 0; r < measure.Length; r++)
        {
            var t = TimeValue(time, r);
            var v = measure.Values[r];
            var c = dimension.Codes[r];
            if (!double.IsFinite(t) || !double.IsFinite(v) || c < 0) continue;
            if (!byTime.TryGetValue(t, out var entry)) byTime[t] = entry = (0, new Dictionary<int, double>());
            entry.Levels[c] = entry.Levels.GetValueOrDefault(c) + v;
            byTime[t] = (entry.Sum + v, entry.Levels);
        }
        if (byTime.Count < 3) return null;
        for (var code = 0; code < dimension.Labels.Length; code++)
        {
            int checkedPoints = 0, matches = 0;
            foreach (var (_, (sum, levels)) in byTime)
            {
                if (!levels.TryGetValue(code, out var v) || levels.Count < 3 || v <= 0) continue;
                checkedPoints++;
                if (Math.Abs(v - (sum - v)) <= 0.02 * v) matches++;
            }
            if (checkedPoints >= 3 && matches >= 0.8 * checkedPoints) return code;
        }
        return null;
    }

    /// <summary>Groups rows by time point and averages the measure; buckets by month or year when there are too many points.</summary>
    public static TimeSeries? Build(DataColumn time, NumericColumn measure, IEnumerable<int> rows, CategoryColumn? subsetColumn = null, int subsetCode = -1, string? forceGranularity = null, string aggregation = "mean")
    {
        var isYear = time is NumericColumn;
        var groups = new Dictionary<double, (double Sum, int Count)>();
        var used = 0;
        // Rows in time order repeat a time point: its entry is looked up again only when the time changes.
        var last = double.NaN;
        ref var g = ref System.Runtime.CompilerServices.Unsafe.NullRef<(double Sum, int Count)>();
        foreach (var r in rows)
        {
            var t = TimeValue(time, r);
            var y = measure.Values[r];
            if (!double.IsFinite(t) || !double.IsFinite(y)) continue;
            used++;
            if (t != last)
            {
                g = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(groups, t, out _);
                last = t;
            }
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
        var ys = keys.Select(k => aggregation == "sum" ? groups[k].Sum : groups[k].Sum / groups[k].Count).ToArray();
        if (keys.Length > MaxPoints)
        {
            // Still too many (e.g. a year column over millennia): keep evenly spaced points.
            var idx = Stats.Descriptive.EvenlySpaced(keys.Length, MaxPoints);
            keys = idx.Select(i => keys[i]).ToArray();
            ys = idx.Select(i => ys[i]).ToArray();
        }
        if (!isYear && granularity == "day")
        {
            // Dates that are all first-of-month (or first-of-year) read better as months (years), also when each is
            // stamped at some hour (midnight in another time zone: 08:00 UTC, 07:00 in summer), one per month.
            var dates = keys.Select(DateColumn.ToDateTime).ToList();
            if (dates.All(d => d.Day == 1) && dates.Select(d => (d.Year, d.Month)).Distinct().Count() == dates.Count)
            {
                granularity = dates.All(d => d.Month == 1) ? "year"
                    : dates.All(d => d.Month is 1 or 4 or 7 or 10) && dates.Select(d => d.Year).Distinct().Count() < dates.Count ? "quarter"
                    : "month";
            }
        }
        return new TimeSeries(time.Name, isYear, measure.Name, subsetColumn?.Name, subsetCode >= 0 ? subsetColumn!.Labels[subsetCode] : null, keys, ys, granularity, used, aggregation);
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

    /// <summary>The most a season's usual deviation test may leave to chance for the season to be taken out (as the seasonality story).</summary>
    public const double SeasonP = 0.001;

    /// <summary>The least share of the deviations from the yearly average that the season must explain (ε², as the seasonality story).</summary>
    public const double SeasonEpsilon = 0.3;

    /// <summary>
    /// A quarterly or monthly series of whole consecutive periods with a clear within-year cycle, read as the average of
    /// each whole calendar year (the cycle and the period-to-period noise averaged out), so that a trend the cycle hides
    /// (inflation that jumps every fourth quarter, falling over the decades) can be tested. The cycle is clear when the
    /// quarter (month) explains at least <see cref="SeasonEpsilon"/> of the deviations from the centred yearly moving
    /// average (Kruskal-Wallis, p &lt; <see cref="SeasonP"/>). Null otherwise, or with fewer than three whole years.
    /// Linear in the series.
    /// </summary>
    public static TimeSeries? WholeYears(TimeSeries series)
    {
        var period = series.Granularity switch { "quarter" => 4, "month" => 12, _ => 0 };
        var (y, n) = (series.Y, series.Y.Length);
        if (period == 0 || series.TimeIsYear || n < 3 * period || y.Any(v => !double.IsFinite(v))) return null;
        var dates = series.T.Select(DateColumn.ToDateTime).ToArray();
        var index = dates.Select(d => period == 4 ? d.Year * 4 + (d.Month - 1) / 3 : d.Year * 12 + d.Month - 1).ToArray();
        for (var i = 1; i < n; i++)
        {
            if (index[i] != index[i - 1] + 1) return null;
        }
        var half = period / 2;
        var deviations = Enumerable.Range(0, period).Select(_ => new List<double>()).ToArray();
        var window = 0.0;
        for (var i = 0; i < period; i++) window += y[i];
        // The centred 2×period average at i: half of y[i−half] and y[i+half], all of those between, over the period.
        for (var i = half; i + half < n; i++)
        {
            var centred = (window + y[i + half] - 0.5 * (y[i - half] + y[i + half])) / period;
            window += y[i + half] - y[i - half];
            deviations[index[i] % period].Add(y[i] - centred);
        }
        if (deviations.Any(d => d.Count < 2)) return null;
        var test = Stats.StatTests.KruskalWallis(deviations.Select(d => d.ToArray()).ToList());
        if (!(test.PValue < SeasonP) || test.EpsilonSquared < SeasonEpsilon) return null;
        var years = Enumerable.Range(0, n).GroupBy(i => dates[i].Year).Where(g => g.Count() == period).OrderBy(g => g.Key).ToList();
        if (years.Count < 3) return null;
        return series with
        {
            T = years.Select(g => DateColumn.FromDateTime(new DateTime(g.Key, 1, 1))).ToArray(),
            Y = years.Select(g => g.Average(i => y[i])).ToArray(),
            Granularity = "year",
        };
    }

    /// <summary>
    /// Whether a group column holds more groups (each with at least <paramref name="minRows"/> rows) than a kind reads
    /// one by one (<paramref name="maxLevels"/>, the largest first, then in file order): the groups read are then a sample
    /// (the first twelve of 202 countries), and the one of them that fell furthest or rose most steadily is an arbitrary
    /// pick, not the group that stands out among all of them (issue 22: Albania beside "fell in 186 of 202 countries").
    /// </summary>
    public static bool ReadsSample(CategoryColumn column, int maxLevels, int minRows) => RowsByLevel(column, maxLevels + 1, minRows).Count > maxLevels;

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
