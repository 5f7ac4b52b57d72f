using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// What an analyst adds to the answer "no, it held steady" (issue 21, item 7): how far the series strayed (its lowest and
/// its highest point, against its typical level) and whether its two ends sit at the same level (the first third of the
/// points against the last third), so the reader sees the quiet month-to-month noise is not a drift.
/// </summary>
public static partial class OwnRowsFacts
{
    /// <summary>Points a steady series needs for its range and its ends to be told.</summary>
    public const int MinSteadyPoints = 6;

    /// <summary>The facts of a steady measure's series, or none when it has fewer than <see cref="MinSteadyPoints"/> points.</summary>
    public static IReadOnlyList<SupportingFact> SteadyFacts(Insight story, SteadyDetail d)
    {
        var series = d.Series;
        var n = series.Y.Length;
        if (n < MinSteadyPoints || !(Math.Abs(d.Median) > 0)) return [];
        var cols = new List<string> { series.TimeColumn, series.Measure };
        if (series.SubsetColumn is not null) cols.Add(series.SubsetColumn);
        const string rows = "time points of the aggregated series";
        var point = series.Granularity is "year" or "month" or "quarter" or "week" or "day" ? series.Granularity : "point";
        var facts = new List<SupportingFact>();

        // A daily series strays day by day: its range is read on its months' medians.
        if (point != "day") facts.Add(RangeOf(story, d, point, cols, rows));
        else if (MonthlyRange(story, d, cols) is { } monthly) facts.Add(monthly);

        var third = n / 3;
        var first = Descriptive.MedianInPlace(series.Y.Take(third).ToArray());
        var last = Descriptive.MedianInPlace(series.Y.Skip(n - third).ToArray());
        var ends = new NarrativeBuilder();
        var change = (last - first) / Math.Abs(first);
        var level = Math.Abs(change) < 0.5 * RelativeLevel ? "the two ends sit at the same level" : change > 0 ? "a little higher at the end, within the noise the test allows" : "a little lower at the end, within the noise the test allows";
        facts.Add(new SupportingFact(story,
            $"The first {ends.Int(third, "points in a third of the series", cols, rows)} {point}s had a median of {ends.N(first, "median of the first third of the points", cols, rows)}, the last {ends.Int(third, "points in a third of the series", cols, rows)} a median of {ends.N(last, "median of the last third of the points", cols, rows)} " +
            $"({ends.Pct(Math.Abs(change), "change from the first third's median to the last third's, relative to the first", cols, rows)} {(change >= 0 ? "up" : "down")}): {level}.",
            ends.Facts.ToList()));
        return facts;
    }

    /// <summary>The series' lowest and highest point, and how far the farther strays from its median.</summary>
    private static SupportingFact RangeOf(Insight story, SteadyDetail d, string point, List<string> cols, string rows)
    {
        var series = d.Series;
        var n = series.Y.Length;
        var low = 0;
        var high = 0;
        for (var i = 1; i < n; i++)
        {
            if (series.Y[i] < series.Y[low]) low = i;
            if (series.Y[i] > series.Y[high]) high = i;
        }
        var nb = new NarrativeBuilder();
        var apart = Math.Max(Math.Abs(series.Y[high] - d.Median), Math.Abs(series.Y[low] - d.Median)) / Math.Abs(d.Median);
        return new SupportingFact(story,
            $"Its lowest {point} was {nb.T(series, low, "time point with the lowest value")} ({nb.N(series.Y[low], "lowest value of the series", cols, rows)}) and its highest {nb.T(series, high, "time point with the highest value")} ({nb.N(series.Y[high], "highest value of the series", cols, rows)}): " +
            $"no {point} strayed more than {nb.Pct(apart, "largest distance of a point from the series' median, relative to the median", cols, rows)} from the typical {nb.N(d.Median, "median of the series", cols, rows)}.",
            nb.Facts.ToList());
    }

    /// <summary>A daily series' months: the median of each month's points, the lowest and the highest month.</summary>
    private static SupportingFact? MonthlyRange(Insight story, SteadyDetail d, List<string> cols)
    {
        var series = d.Series;
        var months = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < series.T.Length; i++)
        {
            var day = Data.DateColumn.ToDateTime(series.T[i]);
            var key = day.Year * 12 + day.Month;
            if (!months.TryGetValue(key, out var list)) months[key] = list = [];
            list.Add(i);
        }
        var medians = months.Values.Where(l => l.Count >= 7).Select(l => (Start: series.T[l[0]], Median: Descriptive.MedianInPlace(l.Select(i => series.Y[i]).ToArray()))).ToList();
        if (medians.Count < 3) return null;
        var low = medians.MinBy(m => m.Median);
        var high = medians.MaxBy(m => m.Median);
        const string rows = "days of the aggregated series, by month";
        var nb = new NarrativeBuilder();
        string Month(double t, string what) => nb.N(t, what, cols, rows, v => Fmt.Time(v, false, "month"));
        var apart = Math.Max(Math.Abs(high.Median - d.Median), Math.Abs(low.Median - d.Median)) / Math.Abs(d.Median);
        return new SupportingFact(story,
            $"Month by month (the median of its days) it ran from {nb.N(low.Median, "lowest monthly median of the daily points", cols, rows)} in {Month(low.Start, "month with the lowest median")} to {nb.N(high.Median, "highest monthly median of the daily points", cols, rows)} in {Month(high.Start, "month with the highest median")}: " +
            $"no month more than {nb.Pct(apart, "largest distance of a monthly median from the series' median, relative to the median", cols, rows)} from the typical {nb.N(d.Median, "median of the series", cols, rows)}.",
            nb.Facts.ToList());
    }

    /// <summary>A change between the ends below half of this (relative to the first third) reads as the same level.</summary>
    public const double RelativeLevel = 0.1;
}
