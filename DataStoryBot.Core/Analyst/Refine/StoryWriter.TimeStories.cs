using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using System.Text.RegularExpressions;
using DataStoryBot.Core.Analyst.Detectors;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>Narratives and charts for the time stories beyond a monotonic trend: falls, cycles, records and group comparisons.</summary>
public static partial class StoryWriter
{
    /// <summary>
    /// The series' subject as the narrative states it: the number of groups an aggregate spans, or a numeric group
    /// label ("age 40"), goes in as a fact like every other number.
    /// </summary>
    private static string Subject(NarrativeBuilder nb, TimeSeries s)
    {
        var text = s.Subject;
        var cols = SeriesColumns(s);
        if (s.Across is not null && Regex.Match(s.Across, @"^\d+") is { Success: true } count)
        {
            var stated = nb.Int(double.Parse(count.Value, System.Globalization.CultureInfo.InvariantCulture), "number of groups the series adds up or averages", cols, "all rows");
            return text.Replace(s.Across, stated + s.Across[count.Length..], StringComparison.Ordinal);
        }
        if (s.SubsetValue is not null && double.TryParse(s.SubsetValue, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            nb.N(code, $"the {s.SubsetColumn} value of the rows in the series (a group label)", cols, "all rows", _ => s.SubsetValue);
        }
        return text;
    }

    /// <summary>A group label in the narrative; a numeric label (a code such as an age band) is recorded as a fact.</summary>
    private static string Label(NarrativeBuilder nb, string column, string label)
    {
        if (double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            nb.N(v, $"a value of {column} (a group label)", [column], "all rows", _ => label);
        }
        return Words.Label(column, label);
    }

    private static string SeriesRows(TimeSeries s) =>
        s.SubsetValue is not null ? $"rows where {s.SubsetColumn} = {s.SubsetValue}, aggregated per time point"
        : s.Across is not null ? $"all rows, {(s.Aggregation == "sum" ? "added up" : "averaged")} per time point across {s.Across}"
        : "all rows, aggregated per time point";

    private static List<string> SeriesColumns(TimeSeries s)
    {
        var cols = new List<string> { s.TimeColumn, s.Measure };
        if (s.SubsetColumn is not null) cols.Add(s.SubsetColumn);
        return cols;
    }

    private static (IReadOnlyList<int>?, string?) Drawdown(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, DrawdownDetail d)
    {
        var s = d.Series;
        var cols = SeriesColumns(s);
        var rows = SeriesRows(s);
        var e = d.Largest;
        var subject = Subject(nb, s);
        var peak = nb.T(s, e.Peak, "time point of the high before the fall");
        var trough = nb.T(s, e.Trough, "time point of the low after the high");
        nb.Paragraph($"{Cap(subject)} fell by {nb.Pct(e.Depth, "fall from the high to the low, as a share of the high", cols, rows)}: from {nb.N(e.PeakValue, "value at the high", cols, rows)} in {peak} to {nb.N(e.TroughValue, "value at the low", cols, rows)} in {trough}, over {nb.Int(e.Trough - e.Peak, "time steps from the high to the low", cols, rows)} {TrendDetector.PointName(s)} steps. " +
            (e.Recovery is { } r
                ? $"It regained the earlier high in {nb.T(s, r, "first time point back at or above the earlier high")}, {nb.Int(r - e.Trough, "time steps from the low back to the high", cols, rows)} steps after the low."
                : $"By the last time point ({nb.T(s, s.Y.Length - 1, "last time point of the series")}) it stood at {nb.N(s.Y[^1], "value at the last time point", cols, rows)}, still below the earlier high."));
        if (d.Second is { } o)
        {
            nb.Paragraph($"It was not the only fall: {subject} also dropped {nb.Pct(o.Depth, "second-largest fall, as a share of its high", cols, rows)} from {nb.T(s, o.Peak, "time point of the high before the second fall")} to {nb.T(s, o.Trough, "time point of the low of the second fall")}.");
        }
        nb.Paragraph($"The evidence: this is the largest peak-to-trough fall in the {nb.Int(s.Y.Length, "number of time points", cols, rows)} points of the series (its maximum drawdown). Its size is {nb.N(d.NoiseZ, "fall divided by the standard deviation of step-to-step changes times the square root of the fall's length", cols, rows)} times what the series' usual step-to-step ups and downs would add up to over that many steps, so it is not a wobble.");
        var marks = new List<(double T, string Label)> { (s.T[e.Peak], "high"), (s.T[e.Trough], "low") };
        charts.Add(ChartFactory.Line($"{Cap(subject)}: the fall from {s.Describe(e.Peak)} to {s.Describe(e.Trough)}", H(s.TimeColumn), Cap(H(s.Measure)), s.T, s.Y, s.TimeIsYear, span: (s.T[e.Peak], s.T[e.Trough])));
        var running = new double[s.Y.Length];
        var high = double.MinValue;
        for (var i = 0; i < s.Y.Length; i++) { high = Math.Max(high, s.Y[i]); running[i] = 100 * (s.Y[i] / high - 1); }
        charts.Add(ChartFactory.Line($"{Cap(subject)}: distance below the previous high (%)", H(s.TimeColumn), "% below the previous high", s.T, running, s.TimeIsYear));
        if (table.Time.Axis is { } axis)
        {
            var (from, to) = (s.T[e.Peak], s.T[e.Trough]);
            var inFall = Enumerable.Range(0, table.RowCount).Where(r =>
            {
                var t = TimeSeriesBuilder.TimeValue(axis, r);
                if (!(t >= from && t <= to)) return false;
                return s.SubsetColumn is null || table.Find(s.SubsetColumn) is not CategoryColumn c || (c.Codes[r] >= 0 && c.Labels[c.Codes[r]] == s.SubsetValue);
            }).ToList();
            if (inFall.Count > 0) return (inFall, $"rows from {s.Describe(e.Peak)} to {s.Describe(e.Trough)}{(s.SubsetValue is null ? "" : $" where {s.SubsetColumn} = {s.SubsetValue}")}");
        }
        return (null, null);
    }

    private static void Cycle(NarrativeBuilder nb, List<ChartImage> charts, CycleDetail d)
    {
        var s = d.Series;
        var cols = SeriesColumns(s);
        var rows = SeriesRows(s);
        var subject = Subject(nb, s);
        var peaks = d.Peaks.Select((p, i) => nb.T(s, p, $"time point of the highest value in cycle window {i + 1}")).ToList();
        nb.Paragraph($"{Cap(subject)} {Words.Verb(subject, "goes", "go")} up and down in a regular rhythm of about {nb.Int(d.Period, "lag of the autocorrelation peak (cycle length in time steps)", cols, rows)} {TrendDetector.PointName(s)} steps. The high points came around {string.Join(", ", peaks.Take(12))}{(peaks.Count > 12 ? " and later" : "")}.");
        nb.Paragraph($"The evidence: after removing the long-run trend (a Theil-Sen line), values {d.Period} steps apart are correlated (autocorrelation {nb.Coef(d.Autocorrelation, "autocorrelation of the detrended series at the cycle lag", cols, rows)}, {nb.P(d.PValue, "two-sided p-value against Bartlett's standard error", cols, rows)}), while values half a cycle apart move in opposite directions (autocorrelation as low as {nb.Coef(d.Trough, "lowest autocorrelation before the cycle lag", cols, rows)}). A cycle in the past is not a forecast: its length and height vary from one cycle to the next.");
        charts.Add(ChartFactory.Line($"{Cap(subject)} and its {d.Period}-step cycle", H(s.TimeColumn), Cap(H(s.Measure)), s.T, s.Y, s.TimeIsYear, markers: d.Peaks.Select(p => s.T[p]).ToList()));
        var lags = Enumerable.Range(1, Math.Min(s.Y.Length / 3, 3 * d.Period)).ToList();
        var fit = Stats.StatTests.TheilSen(s.X, s.Y);
        var detrended = s.Y.Select((v, i) => v - (fit.Intercept + fit.Slope * s.X[i])).ToArray();
        charts.Add(ChartFactory.Bars($"How alike values are, by distance in {TrendDetector.PointName(s)} steps", "Steps apart", "Autocorrelation",
            lags.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), lags.Select(l => Stats.StatTests.Autocorrelation(detrended, l)).ToList(), highlightIndex: d.Period - 1));
    }

    private static void Record(NarrativeBuilder nb, List<ChartImage> charts, RecordDetail d)
    {
        var s = d.Series;
        var cols = SeriesColumns(s);
        var rows = SeriesRows(s);
        var subject = Subject(nb, s);
        var word = d.High ? "highest" : "lowest";
        var best = d.Top[0];
        var from = nb.T(s, s.Y.Length - d.RecentWindow, "first time point of the recent window (last fifth of the series)");
        nb.Paragraph($"The {word} {subject} in the data is {nb.N(s.Y[best], $"{word} value of the series", cols, rows)}, in {nb.T(s, best, $"time point of the {word} value")}. It is not alone: {nb.Int(d.InWindow, $"{word} values that fall in the recent window", cols, rows)} of the {nb.Int(d.Top.Count, $"number of {word} values considered", cols, rows)} {word} values came from {from} on, the last {nb.Int(d.RecentWindow, "time points in the recent window", cols, rows)} of {nb.Int(s.Y.Length, "time points in the series", cols, rows)} points.");
        nb.Subheading($"The {d.Top.Count} {word} values");
        foreach (var i in d.Top.OrderBy(i => i))
        {
            nb.Bullet($"{nb.T(s, i, $"time point of one of the {word} values")}: {nb.N(s.Y[i], $"{word}-ranked value", cols, rows)}");
        }
        nb.EndList();
        nb.Paragraph($"The evidence: if the {word} values could have fallen anywhere in the series, {d.InWindow} or more of {d.Top.Count} landing in the last fifth would be very unlikely (hypergeometric test, {nb.P(d.PValue, "hypergeometric upper-tail p-value", cols, rows)}). Recent records usually mean a trend; whether it continues the data cannot say.");
        charts.Add(ChartFactory.Line($"{Cap(subject)}, with its {d.Top.Count} {word} values marked", H(s.TimeColumn), Cap(H(s.Measure)), s.T, s.Y, s.TimeIsYear, markers: d.Top.Select(i => s.T[i]).ToList()));
        var ordered = d.Top.OrderBy(i => d.High ? -s.Y[i] : s.Y[i]).ToList();
        charts.Add(ChartFactory.Bars($"The {d.Top.Count} {word} values of {subject}", H(s.TimeColumn), Cap(H(s.Measure)), ordered.Select(s.Describe).ToList(), ordered.Select(i => s.Y[i]).ToList(),
            highlight: 0, highlightWhere: ordered.Select(i => i >= s.Y.Length - d.RecentWindow).ToList()));
    }

    private static void GroupSeries(NarrativeBuilder nb, List<ChartImage> charts, GroupSeriesDetail d)
    {
        string[] cols = [d.TimeColumn, d.Measure, d.Dimension];
        var rows = $"rows of each {d.Dimension} value, aggregated per time point";
        var (m, dim) = (H(d.Measure), H(d.Dimension));
        var (a, b) = (d.Leader, d.RunnerUp);
        switch (d.Kind)
        {
            case "growth":
                nb.Paragraph($"Of the {nb.Int(d.Lines.Count, $"number of {d.Dimension} values compared", cols, rows)} {dim} values, {a.Label} grew the most: {m} went from about {nb.N(a.Start, $"mean of the first points for {a.Label}", cols, rows)} to about {nb.N(a.End, $"mean of the last points for {a.Label}", cols, rows)} ({nb.N(a.Ratio, $"end-to-start ratio for {a.Label}", cols, rows)} times). The runner-up, {b.Label}, grew {nb.N(b.Ratio, $"end-to-start ratio for {b.Label}", cols, rows)} times.");
                break;
            case "divergence":
                nb.Paragraph($"{Cap(m)} did not move the same way everywhere: it rose for {a.Label} (from about {nb.N(a.Start, $"mean of the first points for {a.Label}", cols, rows)} to {nb.N(a.End, $"mean of the last points for {a.Label}", cols, rows)}) but fell for {b.Label} (from about {nb.N(b.Start, $"mean of the first points for {b.Label}", cols, rows)} to {nb.N(b.End, $"mean of the last points for {b.Label}", cols, rows)}).");
                break;
            case "gap":
                var g = d.Gap!;
                var when = g.CrossedAt is { } at ? nb.N(g.T[at], "first time point from which the leader stayed ahead", cols, rows, _ => Fmt.Time(g.T[at], a.Series.TimeIsYear, a.Series.Granularity)) : null;
                nb.Paragraph($"At the start {a.Label} stood {nb.N(Math.Abs(g.Start), $"absolute difference {a.Label} minus {b.Label}, mean of the first shared points", cols, rows)} {(g.Start >= 0 ? "above" : "below")} {b.Label} in {m}; by the end the gap was {nb.N(g.End, $"difference {a.Label} minus {b.Label}, mean of the last shared points", cols, rows)} in {a.Label}'s favour" +
                    (when is null ? "." : $", and {a.Label} has been ahead since {when}."));
                break;
            default:
                nb.Paragraph($"The yearly cycle of {m} is {nb.N(a.SeasonalSwing!.Value / b.SeasonalSwing!.Value, "ratio of the two yearly swings", cols, rows)} times as wide in {a.Label} as in {b.Label}: between its highest and lowest month, {m} moves about {nb.N(a.SeasonalSwing!.Value, $"peak-to-trough swing of the month-of-year means for {a.Label}", cols, rows)} in {a.Label} and {nb.N(b.SeasonalSwing!.Value, $"peak-to-trough swing of the month-of-year means for {b.Label}", cols, rows)} in {b.Label}.");
                break;
        }
        nb.Subheading($"{Cap(m)} by {dim}, first and last points");
        foreach (var l in d.Lines.OrderByDescending(l => l.End).ThenBy(l => l.Label, StringComparer.Ordinal).Take(8))
        {
            nb.Bullet($"{l.Label}: about {nb.N(l.Start, $"mean of the first points for {l.Label}", cols, rows)} at the start, {nb.N(l.End, $"mean of the last points for {l.Label}", cols, rows)} at the end (Kendall's tau {nb.Coef(l.Trend.Tau, $"Mann-Kendall tau for {l.Label}", cols, rows)}{(l.SeasonalSwing is { } sw ? $", yearly swing {nb.N(sw, $"peak-to-trough swing of the month-of-year means for {l.Label}", cols, rows)}" : "")})");
        }
        nb.EndList();
        nb.Paragraph($"The evidence: each {dim} is its own series (start and end are the means of its first and last few points), never an average across {dim} values. The Mann-Kendall test checks that each direction is consistent rather than a few lucky points ({a.Label}: {nb.P(a.Trend.PValue, $"Mann-Kendall p-value for {a.Label}", cols, rows)}; {b.Label}: {nb.P(b.Trend.PValue, $"Mann-Kendall p-value for {b.Label}", cols, rows)}).");
        var shown = d.Lines.OrderByDescending(l => l == a || l == b).ThenByDescending(l => l.End).Take(6).ToList();
        var first = shown[0].Series;
        charts.Add(ChartFactory.Lines($"{Cap(m)} by {dim}", H(d.TimeColumn), Cap(m), shown.Select(l => (l.Label, l.Series.T, l.Series.Y)).ToList(), first.TimeIsYear));
        var byEnd = d.Lines.OrderByDescending(l => double.IsFinite(l.Ratio) ? l.Ratio : l.End).ToList();
        if (d.Kind == "gap")
        {
            var gapSeries = d.Gap!;
            charts.Add(ChartFactory.Line($"{a.Label} minus {b.Label}: the gap in {m}", H(d.TimeColumn), $"Difference in {m}", gapSeries.T, gapSeries.Difference, first.TimeIsYear));
            return;
        }
        charts.Add(d.Kind == "seasonal-swing"
            ? ChartFactory.Bars($"Yearly swing of {m} by {dim}", Cap(dim), "Highest minus lowest month", d.Lines.Where(l => l.SeasonalSwing is not null).OrderByDescending(l => l.SeasonalSwing).Select(l => l.Label).ToList(), d.Lines.Where(l => l.SeasonalSwing is not null).OrderByDescending(l => l.SeasonalSwing).Select(l => l.SeasonalSwing!.Value).ToList(), highlight: 1)
            : ChartFactory.Bars($"Growth of {m} by {dim}, end over start", Cap(dim), "Times the starting level", byEnd.Select(l => l.Label).ToList(), byEnd.Select(l => double.IsFinite(l.Ratio) ? l.Ratio : 0).ToList(), highlight: 1));
    }
}
