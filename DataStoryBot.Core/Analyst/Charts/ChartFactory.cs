using System.Globalization;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;
using ScottPlot;

namespace DataStoryBot.Core.Analyst.Charts;

/// <summary>
/// A rendered chart: its kind, title, PNG bytes, a short text description computed from what it plots (its alt text)
/// and the plotted points.
/// </summary>
public sealed record ChartImage(string Kind, string Title, byte[] Png, string Description, ChartData Data);

/// <summary>The chart kinds of the house style, each a pure function of computed values.</summary>
public static partial class ChartFactory
{
    private const int MaxScatterPoints = 5000;
    private const int MaxBars = 15;

    /// <summary>Line over time (x in days or years), optionally with a fitted line and a marked split.</summary>
    /// <param name="span">A stretch of time to shade (for example a fall from its high to its low).</param>
    /// <param name="markers">Time points to mark on the line (peaks of a cycle, record values).</param>
    public static ChartImage Line(string title, string timeLabel, string yLabel, double[] t, double[] y, bool timeIsYear,
        (double Slope, double Intercept)? fitPerYear = null, double? splitAt = null, (double Before, double After)? levels = null,
        (double From, double To)? span = null, IReadOnlyList<double>? markers = null)
    {
        var plot = HouseStyle.Create(title, timeLabel, yLabel);
        var xs = timeIsYear ? t : t.Select(DateColumn.ToOADate).ToArray();
        if (span is { } sp)
        {
            var (a, b) = timeIsYear ? (sp.From, sp.To) : (DateColumn.ToOADate(sp.From), DateColumn.ToOADate(sp.To));
            var shade = plot.Add.HorizontalSpan(a, b, HouseStyle.Accent.WithAlpha(0.15));
            shade.LegendText = "the fall";
        }
        var line = plot.Add.ScatterLine(xs, y, HouseStyle.Primary);
        line.LineWidth = 2.5f;
        line.LegendText = yLabel;
        if (y.Length <= 120)
        {
            line.MarkerSize = 5;
        }
        if (fitPerYear is { } fit)
        {
            double X(double tv) => timeIsYear ? tv : tv / 365.2425;
            var fitted = plot.Add.ScatterLine(new[] { xs[0], xs[^1] }, new[] { fit.Intercept + fit.Slope * X(t[0]), fit.Intercept + fit.Slope * X(t[^1]) }, HouseStyle.Accent);
            fitted.LineWidth = 3;
            fitted.LinePattern = LinePattern.Dashed;
            fitted.LegendText = "Theil-Sen trend";
            plot.ShowLegend(Alignment.UpperLeft);
        }
        if (splitAt is { } split)
        {
            var sx = timeIsYear ? split : DateColumn.ToOADate(split);
            var v = plot.Add.VerticalLine(sx, 2, HouseStyle.Muted, LinePattern.Dotted);
            v.LegendText = "change point";
            if (levels is { } lv)
            {
                var a = plot.Add.ScatterLine(new[] { xs[0], sx }, new[] { lv.Before, lv.Before }, HouseStyle.Secondary);
                a.LineWidth = 3; a.LegendText = "mean before";
                var b = plot.Add.ScatterLine(new[] { sx, xs[^1] }, new[] { lv.After, lv.After }, HouseStyle.Accent);
                b.LineWidth = 3; b.LegendText = "mean after";
            }
            plot.ShowLegend(Alignment.UpperLeft);
        }
        if (markers is { Count: > 0 })
        {
            var mx = markers.Select(m => timeIsYear ? m : DateColumn.ToOADate(m)).ToArray();
            var my = markers.Select(m => y[Array.IndexOf(t, m)]).ToArray();
            var points = plot.Add.ScatterPoints(mx, my, HouseStyle.Accent);
            points.MarkerSize = 12;
            points.MarkerShape = MarkerShape.FilledDiamond;
            points.LegendText = "marked points";
            plot.ShowLegend(Alignment.UpperLeft);
        }
        if (span is not null) plot.ShowLegend(Alignment.UpperLeft);
        HouseStyle.TimeTicks(plot, xs, timeIsYear);
        var monthly = Monthly(t, timeIsYear);
        var data = new ChartData([new ChartField(timeLabel, TimeType(timeIsYear)), new ChartField(yLabel, ChartFieldType.Quantitative)],
            Enumerable.Range(0, t.Length).Select(i => (IReadOnlyList<string>)[TimeCell(t[i], timeIsYear), ChartData.Number(y[i])]).ToList());
        return new ChartImage("line", title, HouseStyle.Render(plot), DescribeLine(yLabel, t, y, timeIsYear, monthly), data);
    }

    /// <summary>Several series over time in the house palette, one line each, with a legend.</summary>
    public static ChartImage Lines(string title, string timeLabel, string yLabel, IReadOnlyList<(string Label, double[] T, double[] Y)> series, bool timeIsYear)
    {
        var plot = HouseStyle.Create(title, timeLabel, yLabel);
        var all = new List<double>();
        for (var i = 0; i < series.Count; i++)
        {
            var (label, t, y) = series[i];
            var xs = timeIsYear ? t : t.Select(DateColumn.ToOADate).ToArray();
            all.AddRange(xs);
            var line = plot.Add.ScatterLine(xs, y, HouseStyle.SeriesColours[i % HouseStyle.SeriesColours.Length]);
            line.LineWidth = i == 0 ? 3.5f : 2.5f;
            line.LegendText = HouseStyle.Fmt(label, HouseStyle.MaxLabelLength);
            if (i % 2 == 1) line.LinePattern = LinePattern.Dashed;
        }
        plot.ShowLegend(Alignment.UpperLeft);
        HouseStyle.TimeTicks(plot, all.ToArray(), timeIsYear);
        var rows = series.SelectMany(se => Enumerable.Range(0, se.T.Length).Select(i => (IReadOnlyList<string>)[TimeCell(se.T[i], timeIsYear), se.Label, ChartData.Number(se.Y[i])])).ToList();
        var data = new ChartData([new ChartField(timeLabel, TimeType(timeIsYear)), new ChartField("series", ChartFieldType.Nominal), new ChartField(yLabel, ChartFieldType.Quantitative)], rows);
        return new ChartImage("line", title, HouseStyle.Render(plot), DescribeLines(yLabel, series, timeIsYear), data);
    }

    /// <summary>Vertical bars (horizontal when labels are long), the first <paramref name="highlight"/> bars in the accent colour.</summary>
    /// <param name="highlightIndex">One more bar (by index) in the accent colour.</param>
    /// <param name="highlightWhere">Per bar, whether it is in the accent colour (overrides the others when given).</param>
    public static ChartImage Bars(string title, string categoryLabel, string valueLabel, IReadOnlyList<string> labels, IReadOnlyList<double> values, int highlight = 0,
        int highlightIndex = -1, IReadOnlyList<bool>? highlightWhere = null)
    {
        var n = Math.Min(labels.Count, MaxBars);
        var horizontal = labels.Take(n).Any(l => l.Length > 12) && n > 3;
        var plot = horizontal ? HouseStyle.Create(title, valueLabel, categoryLabel) : HouseStyle.Create(title, categoryLabel, valueLabel);
        var bars = new List<Bar>();
        for (var i = 0; i < n; i++)
        {
            bars.Add(new Bar
            {
                Position = horizontal ? n - 1 - i : i,
                Value = values[i],
                FillColor = (highlightWhere is not null ? highlightWhere[i] : i < highlight || i == highlightIndex) ? HouseStyle.Accent : HouseStyle.Primary,
                LineWidth = 0,
                Size = 0.7,
                Orientation = horizontal ? Orientation.Horizontal : Orientation.Vertical,
            });
        }
        plot.Add.Bars(bars);
        var ordered = horizontal ? labels.Take(n).Reverse().ToList() : labels.Take(n).ToList();
        HouseStyle.CategoryTicks(plot, ordered, horizontal);
        if (horizontal) plot.Axes.Margins(left: 0, right: 0.1, bottom: 0.03, top: 0.03);
        else plot.Axes.Margins(bottom: 0, top: 0.1);
        var highlighted = Enumerable.Range(0, n).Select(i => highlightWhere is not null ? highlightWhere[i] : i < highlight || i == highlightIndex).ToList();
        var data = new ChartData([new ChartField(categoryLabel.Length > 0 ? categoryLabel : "category", ChartFieldType.Nominal), new ChartField(valueLabel, ChartFieldType.Quantitative),
            new ChartField("highlighted", ChartFieldType.Nominal)],
            Enumerable.Range(0, n).Select(i => (IReadOnlyList<string>)[labels[i], ChartData.Number(values[i]), highlighted[i] ? "yes" : "no"]).ToList());
        return new ChartImage("bar", title, HouseStyle.Render(plot), DescribeBars(categoryLabel, valueLabel, labels.Take(n).ToList(), values.Take(n).ToList(), labels.Count), data);
    }

    /// <summary>Share bars with the cumulative share line (a Pareto chart), in percent.</summary>
    public static ChartImage Pareto(string title, string categoryLabel, IReadOnlyList<string> labels, IReadOnlyList<double> shares)
    {
        var n = Math.Min(labels.Count, MaxBars);
        var plot = HouseStyle.Create(title, categoryLabel, "Share (%)");
        var bars = Enumerable.Range(0, n).Select(i => new Bar { Position = i, Value = shares[i] * 100, FillColor = HouseStyle.Primary, LineWidth = 0, Size = 0.7 }).ToList();
        var barPlot = plot.Add.Bars(bars);
        barPlot.LegendText = "share";
        var cumulative = new double[n];
        double run = 0;
        for (var i = 0; i < n; i++) { run += shares[i] * 100; cumulative[i] = run; }
        var line = plot.Add.ScatterLine(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), cumulative, HouseStyle.Secondary);
        line.LineWidth = 3; line.MarkerSize = 7; line.LegendText = "cumulative share";
        HouseStyle.CategoryTicks(plot, labels.Take(n).ToList());
        plot.Axes.SetLimitsY(0, 105);
        plot.ShowLegend(Alignment.MiddleRight);
        var data = new ChartData([new ChartField(categoryLabel, ChartFieldType.Nominal), new ChartField("share (%)", ChartFieldType.Quantitative),
            new ChartField("cumulative share (%)", ChartFieldType.Quantitative)],
            Enumerable.Range(0, n).Select(i => (IReadOnlyList<string>)[labels[i], ChartData.Number(shares[i] * 100), ChartData.Number(cumulative[i])]).ToList());
        return new ChartImage("pareto", title, HouseStyle.Render(plot), DescribePareto(categoryLabel, labels.Take(n).ToList(), shares.Take(n).ToList(), cumulative), data);
    }

    /// <summary>Scatter of two columns (evenly thinned to 5,000 points) with the least-squares line.</summary>
    public static ChartImage Scatter(string title, string xLabel, string yLabel, double[] x, double[] y, (double Slope, double Intercept)? fit)
    {
        var plot = HouseStyle.Create(title, xLabel, yLabel);
        var pairs = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();
        var keep = Descriptive.EvenlySpaced(pairs.Length, MaxScatterPoints).Select(i => pairs[i]).ToArray();
        var xs = keep.Select(i => x[i]).ToArray();
        var ys = keep.Select(i => y[i]).ToArray();
        var points = plot.Add.ScatterPoints(xs, ys, HouseStyle.Primary.WithAlpha(keep.Length > 1000 ? 0.35 : 0.75));
        points.MarkerSize = keep.Length > 1000 ? 4 : 7;
        points.LegendText = keep.Length < pairs.Length ? $"{keep.Length:N0} of {pairs.Length:N0} rows (evenly spaced)" : "rows";
        if (fit is { } f && xs.Length > 1)
        {
            var lo = xs.Min();
            var hi = xs.Max();
            var line = plot.Add.ScatterLine(new[] { lo, hi }, new[] { f.Intercept + f.Slope * lo, f.Intercept + f.Slope * hi }, HouseStyle.Accent);
            line.LineWidth = 3;
            line.LegendText = "least-squares fit";
        }
        plot.ShowLegend(Alignment.UpperLeft);
        var data = new ChartData([new ChartField(xLabel, ChartFieldType.Quantitative), new ChartField(yLabel, ChartFieldType.Quantitative)],
            Enumerable.Range(0, xs.Length).Select(i => (IReadOnlyList<string>)[ChartData.Number(xs[i]), ChartData.Number(ys[i])]).ToList());
        return new ChartImage("scatter", title, HouseStyle.Render(plot), DescribeScatter(xLabel, yLabel, xs, ys, pairs.Length, fit), data);
    }

    /// <summary>Histogram with optional marked values (e.g. outliers) as vertical lines.</summary>
    public static ChartImage Histogram(string title, string valueLabel, double[] values, IReadOnlyList<double>? marks = null)
    {
        var plot = HouseStyle.Create(title, valueLabel, "Number of rows");
        var finite = Descriptive.Finite(values);
        var rows = new List<IReadOnlyList<string>>();
        var description = $"Histogram of {valueLabel}: no values to plot.";
        if (finite.Length > 0)
        {
            var min = finite.Min();
            var max = finite.Max();
            var bins = (int)Math.Clamp(Math.Ceiling(Math.Sqrt(finite.Length)), 5, 40);
            var width = max > min ? (max - min) / bins : 1;
            var counts = new double[bins];
            foreach (var v in finite) counts[Math.Min(bins - 1, (int)((v - min) / width))]++;
            var bars = Enumerable.Range(0, bins).Select(i => new Bar
            {
                Position = min + (i + 0.5) * width,
                Value = counts[i],
                Size = width * 0.95,
                FillColor = HouseStyle.Primary,
                LineWidth = 0,
            }).ToList();
            plot.Add.Bars(bars);
            if (marks is { Count: > 0 })
            {
                foreach (var m in marks.Take(10))
                {
                    var line = plot.Add.VerticalLine(m, 2, HouseStyle.Accent, LinePattern.Dashed);
                    line.LegendText = "flagged value";
                }
            }
            for (var i = 0; i < bins; i++) rows.Add([ChartData.Number(min + i * width), ChartData.Number(min + (i + 1) * width), ChartData.Number(counts[i])]);
            description = DescribeHistogram(valueLabel, finite.Length, min, max, width, counts, marks);
        }
        plot.Axes.Margins(bottom: 0, top: 0.1);
        var data = new ChartData([new ChartField("bin start", ChartFieldType.Quantitative), new ChartField("bin end", ChartFieldType.Quantitative),
            new ChartField("rows", ChartFieldType.Quantitative)], rows);
        return new ChartImage("histogram", title, HouseStyle.Render(plot), description, data);
    }

    /// <summary>Box plots (quartiles, whiskers at min/max within 1.5 IQR) per group.</summary>
    public static ChartImage Boxes(string title, string groupLabel, string valueLabel, IReadOnlyList<(string Label, double[] Values)> groups)
    {
        var plot = HouseStyle.Create(title, groupLabel, valueLabel);
        var boxes = new List<Box>();
        var rows = new List<IReadOnlyList<string>>();
        var medians = new List<(string Label, double Median)>();
        var shown = groups.Take(MaxBars).ToList();
        for (var i = 0; i < shown.Count; i++)
        {
            var s = Descriptive.Sorted(Descriptive.Finite(shown[i].Values));
            if (s.Length == 0) continue;
            var q1 = Descriptive.QuantileSorted(s, 0.25);
            var q3 = Descriptive.QuantileSorted(s, 0.75);
            var iqr = q3 - q1;
            var lowFence = q1 - 1.5 * iqr;
            var highFence = q3 + 1.5 * iqr;
            boxes.Add(new Box
            {
                Position = i,
                BoxMin = q1,
                BoxMax = q3,
                BoxMiddle = Descriptive.QuantileSorted(s, 0.5),
                WhiskerMin = s.First(v => v >= lowFence),
                WhiskerMax = s.Last(v => v <= highFence),
                FillColor = HouseStyle.Palette[i % 2 == 0 ? 5 : 0].WithAlpha(0.6),
                LineColor = Colors.Black,
                Width = 0.6,
            });
            var box = boxes[^1];
            rows.Add([shown[i].Label, ChartData.Number(box.WhiskerMin ?? double.NaN), ChartData.Number(box.BoxMin), ChartData.Number(box.BoxMiddle ?? double.NaN), ChartData.Number(box.BoxMax),
                ChartData.Number(box.WhiskerMax ?? double.NaN), ChartData.Number(s.Length)]);
            medians.Add((shown[i].Label, box.BoxMiddle ?? double.NaN));
        }
        plot.Add.Boxes(boxes);
        HouseStyle.CategoryTicks(plot, shown.Select(g => g.Label).ToList());
        var data = new ChartData([new ChartField(groupLabel.Length > 0 ? groupLabel : "group", ChartFieldType.Nominal), new ChartField("lower whisker", ChartFieldType.Quantitative),
            new ChartField("q1", ChartFieldType.Quantitative), new ChartField("median", ChartFieldType.Quantitative), new ChartField("q3", ChartFieldType.Quantitative),
            new ChartField("upper whisker", ChartFieldType.Quantitative), new ChartField("rows", ChartFieldType.Quantitative)], rows);
        return new ChartImage("box", title, HouseStyle.Render(plot), DescribeBoxes(groupLabel, valueLabel, medians, boxes), data);
    }

    /// <summary>Values in row order with flagged points in the accent colour.</summary>
    public static ChartImage MarkedPoints(string title, string valueLabel, double[] values, IReadOnlyCollection<int> flaggedRows)
    {
        var plot = HouseStyle.Create(title, "Row number", valueLabel);
        var flagged = flaggedRows.ToHashSet();
        var normal = Enumerable.Range(0, values.Length).Where(i => double.IsFinite(values[i]) && !flagged.Contains(i)).ToArray();
        var keep = Descriptive.EvenlySpaced(normal.Length, MaxScatterPoints).Select(i => normal[i]).ToArray();
        var a = plot.Add.ScatterPoints(keep.Select(i => (double)i).ToArray(), keep.Select(i => values[i]).ToArray(), HouseStyle.Primary.WithAlpha(0.4));
        a.MarkerSize = 4; a.LegendText = "typical values";
        var marked = flagged.Where(i => i < values.Length).OrderBy(i => i).ToArray();
        var b = plot.Add.ScatterPoints(marked.Select(i => (double)i).ToArray(), marked.Select(i => values[i]).ToArray(), HouseStyle.Accent);
        b.MarkerSize = 10; b.MarkerShape = MarkerShape.FilledDiamond; b.LegendText = "flagged (|robust z| > 3.5)";
        plot.ShowLegend(Alignment.UpperLeft);
        var rows = keep.Concat(marked).Order().Select(i => (IReadOnlyList<string>)[i.ToString(CultureInfo.InvariantCulture), ChartData.Number(values[i]), flagged.Contains(i) ? "yes" : "no"]).ToList();
        var data = new ChartData([new ChartField("row", ChartFieldType.Quantitative), new ChartField(valueLabel, ChartFieldType.Quantitative), new ChartField("flagged", ChartFieldType.Nominal)], rows);
        return new ChartImage("scatter", title, HouseStyle.Render(plot), DescribeMarked(valueLabel, values, marked), data);
    }
}
