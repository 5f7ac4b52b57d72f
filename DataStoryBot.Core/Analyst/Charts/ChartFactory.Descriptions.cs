using System.Globalization;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using ScottPlot;

namespace DataStoryBot.Core.Analyst.Charts;

/// <summary>
/// Alt text for each chart kind, computed from the plotted arrays: the kind, what is plotted against what, the range,
/// and the highlight (highest and lowest point, largest bar, fullest bin).
/// </summary>
public static partial class ChartFactory
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private static ChartFieldType TimeType(bool timeIsYear) => timeIsYear ? ChartFieldType.Quantitative : ChartFieldType.Temporal;

    /// <summary>A year as an integer, a day number as an ISO date (with the time when it has one).</summary>
    private static string TimeCell(double t, bool timeIsYear)
    {
        if (timeIsYear) return Math.Round(t) == t ? ((long)t).ToString(C) : ChartData.Number(t);
        var d = DateColumn.ToDateTime(t);
        return d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", C) : d.ToString("yyyy-MM-ddTHH:mm:ss", C);
    }

    /// <summary>Whether every time point is the first of a month (a monthly or coarser series), so points read as "Aug 2015".</summary>
    private static bool Monthly(double[] t, bool timeIsYear) => !timeIsYear && t.Length > 0 && t.All(v => DateColumn.ToDateTime(v) is { Day: 1, TimeOfDay.Ticks: 0 });

    private static string When(double t, bool timeIsYear, bool monthly) =>
        timeIsYear ? ((int)Math.Round(t)).ToString(C) : monthly ? DateColumn.ToDateTime(t).ToString("MMM yyyy", C) : Fmt.Date(t);

    private static string DescribeLine(string yLabel, double[] t, double[] y, bool timeIsYear, bool monthly)
    {
        var idx = Enumerable.Range(0, Math.Min(t.Length, y.Length)).Where(i => double.IsFinite(y[i])).ToList();
        if (idx.Count == 0) return $"Line chart of {yLabel}: no values to plot.";
        var hi = idx.MaxBy(i => y[i]);
        var lo = idx.MinBy(i => y[i]);
        return $"Line chart of {yLabel}, {When(t[idx[0]], timeIsYear, monthly)}–{When(t[idx[^1]], timeIsYear, monthly)}, {idx.Count:N0} points; "
            + $"highest near {Fmt.Num(y[hi])} in {When(t[hi], timeIsYear, monthly)}, lowest near {Fmt.Num(y[lo])} in {When(t[lo], timeIsYear, monthly)}.";
    }

    private static string DescribeLines(string yLabel, IReadOnlyList<(string Label, double[] T, double[] Y)> series, bool timeIsYear)
    {
        var points = series.SelectMany(s => Enumerable.Range(0, Math.Min(s.T.Length, s.Y.Length)).Where(i => double.IsFinite(s.Y[i])).Select(i => (s.Label, T: s.T[i], Y: s.Y[i]))).ToList();
        if (points.Count == 0) return $"Line chart of {yLabel}: no values to plot.";
        var monthly = Monthly(points.Select(p => p.T).ToArray(), timeIsYear);
        var hi = points.MaxBy(p => p.Y);
        var lo = points.MinBy(p => p.Y);
        var names = string.Join(", ", series.Take(5).Select(s => s.Label)) + (series.Count > 5 ? $" and {series.Count - 5} more" : "");
        return $"Line chart of {yLabel} for {series.Count} series ({names}), {When(points.Min(p => p.T), timeIsYear, monthly)}–{When(points.Max(p => p.T), timeIsYear, monthly)}; "
            + $"highest near {Fmt.Num(hi.Y)} ({hi.Label}, {When(hi.T, timeIsYear, monthly)}), lowest near {Fmt.Num(lo.Y)} ({lo.Label}, {When(lo.T, timeIsYear, monthly)}).";
    }

    private static string DescribeBars(string categoryLabel, string valueLabel, IReadOnlyList<string> labels, IReadOnlyList<double> values, int total)
    {
        var idx = Enumerable.Range(0, labels.Count).Where(i => double.IsFinite(values[i])).ToList();
        var by = categoryLabel.Length > 0 ? $" by {categoryLabel}" : "";
        if (idx.Count == 0) return $"Bar chart of {valueLabel}{by}: no values to plot.";
        var hi = idx.MaxBy(i => values[i]);
        var lo = idx.MinBy(i => values[i]);
        var shown = total > labels.Count ? $"{labels.Count} of {total} bars" : $"{labels.Count} bars";
        return $"Bar chart of {valueLabel}{by}, {shown}; highest {labels[hi]} at {Fmt.Num(values[hi])}, lowest {labels[lo]} at {Fmt.Num(values[lo])}.";
    }

    private static string DescribePareto(string categoryLabel, IReadOnlyList<string> labels, IReadOnlyList<double> shares, double[] cumulative)
    {
        if (labels.Count == 0) return $"Pareto chart of the share by {categoryLabel}: no values to plot.";
        var top = Math.Min(3, labels.Count);
        return $"Pareto chart of the share by {categoryLabel}, {labels.Count} bars with the cumulative share; the largest, {labels[0]}, holds {Fmt.Num(shares[0] * 100)}%, "
            + $"the first {top} together {Fmt.Num(cumulative[top - 1])}%.";
    }

    private static string DescribeScatter(string xLabel, string yLabel, double[] xs, double[] ys, int pairs, (double Slope, double Intercept)? fit)
    {
        if (xs.Length == 0) return $"Scatter plot of {yLabel} against {xLabel}: no values to plot.";
        var count = xs.Length < pairs ? $"{xs.Length:N0} of {pairs:N0} rows" : $"{xs.Length:N0} rows";
        var line = fit is { } f && xs.Length > 1
            ? f.Slope > 0 ? "; the least-squares line rises" : f.Slope < 0 ? "; the least-squares line falls" : "; the least-squares line is flat"
            : "";
        return $"Scatter plot of {yLabel} against {xLabel}, {count}; {xLabel} from {Fmt.Num(xs.Min())} to {Fmt.Num(xs.Max())}, {yLabel} from {Fmt.Num(ys.Min())} to {Fmt.Num(ys.Max())}{line}.";
    }

    private static string DescribeHistogram(string valueLabel, int n, double min, double max, double width, double[] counts, IReadOnlyList<double>? marks)
    {
        var top = Array.IndexOf(counts, counts.Max());
        var marked = marks is { Count: > 0 } ? $"; {Math.Min(10, marks.Count)} flagged value{(marks.Count == 1 ? "" : "s")} marked" : "";
        return $"Histogram of {valueLabel} over {n:N0} rows, from {Fmt.Num(min)} to {Fmt.Num(max)} in {counts.Length} bins; "
            + $"most rows ({Fmt.Int(counts[top])}) between {Fmt.Num(min + top * width)} and {Fmt.Num(min + (top + 1) * width)}{marked}.";
    }

    private static string DescribeBoxes(string groupLabel, string valueLabel, List<(string Label, double Median)> medians, List<Box> boxes)
    {
        if (medians.Count == 0) return $"Box plot of {valueLabel}: no values to plot.";
        if (medians.Count == 1)
        {
            var b = boxes[0];
            return $"Box plot of {valueLabel}: median {Fmt.Num(medians[0].Median)}, middle half from {Fmt.Num(b.BoxMin)} to {Fmt.Num(b.BoxMax)}, whiskers from {Fmt.Num(b.WhiskerMin ?? double.NaN)} to {Fmt.Num(b.WhiskerMax ?? double.NaN)}.";
        }
        var hi = medians.MaxBy(m => m.Median);
        var lo = medians.MinBy(m => m.Median);
        var by = groupLabel.Length > 0 ? $" by {groupLabel}" : "";
        return $"Box plot of {valueLabel}{by}, {medians.Count} groups; highest median {hi.Label} at {Fmt.Num(hi.Median)}, lowest median {lo.Label} at {Fmt.Num(lo.Median)}.";
    }

    private static string DescribeMarked(string valueLabel, double[] values, int[] marked)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return $"Scatter plot of {valueLabel} by row number: no values to plot.";
        var median = Median(finite);
        return $"Scatter plot of {valueLabel} by row number, {finite.Length:N0} rows from {Fmt.Num(finite.Min())} to {Fmt.Num(finite.Max())}; "
            + $"{marked.Length} flagged value{(marked.Length == 1 ? "" : "s")} marked" + (marked.Length > 0 ? $", the most extreme {Fmt.Num(values[marked.MaxBy(i => Math.Abs(values[i] - median))])}." : ".");
    }

    private static double Median(double[] v)
    {
        var s = v.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
