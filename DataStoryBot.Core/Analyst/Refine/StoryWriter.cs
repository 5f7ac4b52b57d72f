using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Detectors;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>What refine produces for one insight before it is written to the container.</summary>
public sealed record StoryOutput(string Markdown, IReadOnlyList<ChartImage> Charts, IReadOnlyList<int>? SubsetRows, string? SubsetDescription, IReadOnlyList<NarrativeFact> Facts);

/// <summary>Turns a recomputed insight into a narrative (every number a fact), 2–4 charts and an optional subset.</summary>
public static partial class StoryWriter
{
    public static StoryOutput Write(AnalysisTable table, Insight insight)
    {
        var nb = new NarrativeBuilder();
        nb.Heading(insight.Title);
        var charts = new List<ChartImage>();
        IReadOnlyList<int>? subset = null;
        string? subsetText = null;
        switch (insight.Detail)
        {
            case TrendDetail d:
                (subset, subsetText) = Trend(nb, charts, table, d);
                break;
            case ChangePointDetail d:
                ChangePoint(nb, charts, d);
                break;
            case SeasonalityDetail d:
                Seasonality(nb, charts, d);
                break;
            case OutlierDetail d:
                (subset, subsetText) = Outliers(nb, charts, table, d);
                break;
            case ConcentrationDetail d:
                Concentration(nb, charts, table, d);
                break;
            case OutstandingDetail d:
                (subset, subsetText) = Outstanding(nb, charts, table, d);
                break;
            case CorrelationDetail d:
                Correlation(nb, charts, table, d);
                break;
            case SegmentDetail d:
                Segment(nb, charts, table, d);
                break;
            case AssociationDetail d:
                Association(nb, charts, d);
                break;
            case DistributionDetail d:
                Distribution(nb, charts, table, d, tested: true);
                break;
            case NumericSummaryDetail d:
                Distribution(nb, charts, table, d.Distribution, tested: false);
                break;
            case FrequencyDetail d:
                Frequency(nb, charts, d);
                break;
            case OverviewDetail d:
                Overview(nb, charts, table, d);
                break;
            case ExtremesDetail d:
                subset = Extremes(nb, charts, table, d);
                subsetText = subset is null ? null : $"the rows with the highest and lowest {d.Column}";
                break;
            case DrawdownDetail d:
                (subset, subsetText) = Drawdown(nb, charts, table, d);
                break;
            case CycleDetail d:
                Cycle(nb, charts, d);
                break;
            case GroupSeriesDetail d:
                GroupSeries(nb, charts, d);
                break;
            case RecordDetail d:
                Record(nb, charts, d);
                break;
            default:
                throw new EngineException(EngineFailureKind.Unanalyzable, $"No writer for insight {insight.Type}.");
        }
        Caveats(nb, table, insight);
        return new StoryOutput(nb.Build(), charts, subset, subsetText, nb.Facts);
    }

    private static string AllRows(AnalysisTable t) => t.Sampling.Sampled ? $"the evenly spaced sample of {t.RowCount:N0} rows" : "all rows";

    private static (IReadOnlyList<int>?, string?) Trend(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, TrendDetail d)
    {
        var s = d.Series;
        var cols = new List<string> { s.TimeColumn, s.Measure };
        var rows = AllRows(table);
        if (s.SubsetColumn is not null) { cols.Add(s.SubsetColumn); rows = $"rows where {s.SubsetColumn} = {s.SubsetValue} ({rows})"; }
        var subject = Subject(nb, s);
        var up = d.TheilSen.Slope > 0;
        var start = nb.T(s, 0, "first time point of the series");
        var end = nb.T(s, s.T.Length - 1, "last time point of the series");
        var (rate, unit) = Fmt.Rate(d.TheilSen.Slope);
        var slope = nb.N(Math.Abs(rate), $"Theil-Sen slope (median of pairwise slopes) per {unit}", cols, rows);
        var endpoint = d.UseObservedEndpoints ? "observed mean" : "Theil-Sen fitted value";
        var fs = nb.N(d.StartValue, $"{endpoint} at the first time point", cols, rows);
        var fe = nb.N(d.EndValue, $"{endpoint} at the last time point", cols, rows);
        var first = nb.N(s.Y[0], $"mean {H(s.Measure)} at the first time point", cols, rows);
        var last = nb.N(s.Y[^1], $"mean {H(s.Measure)} at the last time point", cols, rows);
        var pts = nb.Int(s.Y.Length, "number of time points in the series", cols, rows);
        var rel = d.RelativeChange;
        nb.Paragraph($"{TrendDetector.Capitalize(subject)} {(up ? "rose" : "fell")} from {start} to {end}. The robust Theil-Sen trend line {(up ? "climbs" : "drops")} by about {slope} per {unit}; {(d.UseObservedEndpoints ? "the observed level went" : "the fitted line goes")} from {fs} at the start to {fe} at the end" +
            (double.IsFinite(rel) && Math.Abs(rel) < 100 ? $", a change of {nb.N(rel * 100, $"relative change of the {endpoint}s, in percent", cols, rows, Fmt.Signed)}%." : "."));
        nb.Paragraph($"The evidence: across {pts} {TrendDetector.PointName(s)} points ({(s.Aggregation == "count" ? $"each the number of rows dated in that {(s.Measure == EventCounts.PerYear ? "year" : "month")}" : "each the mean of the rows at that time")}), the Mann-Kendall test finds a consistent {(up ? "upward" : "downward")} movement (Kendall's tau = {nb.Coef(d.MannKendall.Tau, "Mann-Kendall tau", cols, rows)}, z = {nb.Coef(d.MannKendall.Z, "Mann-Kendall z statistic", cols, rows)}, {nb.P(d.MannKendall.PValue, "Mann-Kendall two-sided p-value", cols, rows)}). Tau runs from −1 to 1; values near ±1 mean almost every later point is {(up ? "above" : "below")} every earlier one.");
        var ys = Descriptive.Sorted(s.Y);
        nb.Paragraph($"For context, the series started at {first} and ended at {last}; over the whole period it ranged from {nb.N(ys[0], $"minimum of the series of mean {H(s.Measure)}", cols, rows)} to {nb.N(ys[^1], $"maximum of the series of mean {H(s.Measure)}", cols, rows)}.");
        charts.Add(ChartFactory.Line($"{Cap(subject)} over time with its trend", H(s.TimeColumn), Cap(H(s.Measure)), s.T, s.Y, s.TimeIsYear, (d.TheilSen.Slope, d.TheilSen.Intercept)));
        var (labels, values) = PeriodMeans(s);
        charts.Add(s.Aggregation == "count" && s.TimeIsYear && labels.Count == s.T.Length
            ? ChartFactory.Bars($"{Cap(H(s.Measure))}, year by year", "Year", Cap(H(s.Measure)), labels, values)
            : ChartFactory.Bars($"Average {H(s.Measure)} by {(s.TimeIsYear || s.Granularity != "day" ? "period" : "year")}", "Period", $"Mean {H(s.Measure)}", labels, values));
        if (s.SubsetColumn is not null && table.Find(s.SubsetColumn) is CategoryColumn cat)
        {
            var code = Array.IndexOf(cat.Labels, s.SubsetValue);
            var subsetRows = Enumerable.Range(0, table.RowCount).Where(r => cat.Codes[r] == code).ToList();
            return (subsetRows, $"rows where {s.SubsetColumn} = {s.SubsetValue}");
        }
        return (null, null);
    }

    /// <summary>Means per period for a bar chart: per year for long series, otherwise per point (at most 15 bars, the latest).</summary>
    private static (List<string>, List<double>) PeriodMeans(TimeSeries s)
    {
        var groups = new SortedDictionary<int, List<double>>();
        for (var i = 0; i < s.T.Length; i++)
        {
            var year = s.TimeIsYear ? (int)Math.Round(s.T[i]) : DateColumn.ToDateTime(s.T[i]).Year;
            if (!groups.TryGetValue(year, out var l)) groups[year] = l = [];
            l.Add(s.Y[i]);
        }
        if (groups.Count >= 4)
        {
            // Group years into at most 15 equal spans.
            var years = groups.Keys.ToList();
            var span = (int)Math.Ceiling(years.Count / 15.0);
            var labels = new List<string>();
            var values = new List<double>();
            for (var i = 0; i < years.Count; i += span)
            {
                var chunk = years.Skip(i).Take(span).ToList();
                labels.Add(chunk.Count == 1 ? chunk[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{chunk[0]}–{chunk[^1]}");
                values.Add(chunk.SelectMany(y => groups[y]).Average());
            }
            return (labels, values);
        }
        var take = Math.Min(15, s.T.Length);
        return (Enumerable.Range(s.T.Length - take, take).Select(s.Describe).ToList(), s.Y.Skip(s.T.Length - take).ToList());
    }

    private static void ChangePoint(NarrativeBuilder nb, List<ChartImage> charts, ChangePointDetail d)
    {
        var s = d.Series;
        string[] cols = [s.TimeColumn, s.Measure];
        const string rows = "time points of the aggregated series";
        var k = d.SplitIndex;
        var when = nb.T(s, k + 1, "first time point after the change (Pettitt's test)");
        var up = d.Welch.MeanB > d.Welch.MeanA;
        nb.Paragraph($"{Cap(H(s.Measure))} moved to a {(up ? "higher" : "lower")} level around {when}. Before that it averaged {nb.N(d.Welch.MeanA, "mean before the change point", cols, rows)}; from then on it averaged {nb.N(d.Welch.MeanB, "mean from the change point on", cols, rows)}, a difference of {nb.N(d.Welch.MeanB - d.Welch.MeanA, "difference of the two means", cols, rows, Fmt.Signed)}.");
        nb.Paragraph($"The evidence: Pettitt's rank-based test locates the most likely single break at {when} (K = {nb.N(d.Pettitt.K, "Pettitt K statistic", cols, rows)}, {nb.P(d.Pettitt.PValue, "Pettitt approximate p-value", cols, rows)}). A Welch t-test comparing the {nb.Int(k + 1, "points before the change", cols, rows)} points before with the {nb.Int(s.Y.Length - k - 1, "points from the change on", cols, rows)} points after gives t = {nb.Coef(d.Welch.T, "Welch t statistic", cols, rows)} ({nb.P(d.Welch.PValue, "Welch two-sided p-value", cols, rows)}), and Cohen's d = {nb.Coef(d.Welch.CohensD, "Cohen's d (pooled standard deviation)", cols, rows)}, a large effect.");
        nb.Paragraph($"Within each side of the break the series is comparatively flat (Kendall's tau {nb.Coef(d.TauBefore, "Mann-Kendall tau before the change", cols, rows)} before and {nb.Coef(d.TauAfter, "Mann-Kendall tau after the change", cols, rows)} after), which is what distinguishes a level shift from a gradual trend.");
        charts.Add(ChartFactory.Line($"{Cap(H(s.Measure))}: level before and after the change", s.TimeColumn, s.Measure, s.T, s.Y, s.TimeIsYear,
            splitAt: (s.T[k] + s.T[k + 1]) / 2, levels: (d.Welch.MeanA, d.Welch.MeanB)));
        charts.Add(ChartFactory.Boxes($"{Cap(H(s.Measure))} before and after {s.Describe(k + 1)}", "Period", s.Measure,
            [("before", s.Y[..(k + 1)]), ("after", s.Y[(k + 1)..])]));
    }

    private static void Seasonality(NarrativeBuilder nb, List<ChartImage> charts, SeasonalityDetail d)
    {
        var s = d.Monthly;
        string[] cols = [s.TimeColumn, s.Measure];
        const string rows = "monthly means, each minus its centred 12-month moving average";
        var peak = d.MonthMeans[d.PeakMonth - 1];
        var trough = d.MonthMeans[d.TroughMonth - 1];
        var m = H(s.Measure);
        nb.Paragraph($"{Cap(m)} {Words.Verb(m, "follows", "follow")} a yearly rhythm. Relative to {Words.Verb(m, "its", "their")} own moving yearly average, {Words.Verb(m, "it runs", "they run")} highest in {Fmt.Month(d.PeakMonth)} ({nb.N(peak, $"mean {Fmt.Month(d.PeakMonth)} deviation from the moving average", cols, rows, Fmt.Signed)}) and lowest in {Fmt.Month(d.TroughMonth)} ({nb.N(trough, $"mean {Fmt.Month(d.TroughMonth)} deviation from the moving average", cols, rows, Fmt.Signed)}): a typical swing of {nb.N(peak - trough, "peak minus trough of the month-of-year means", cols, rows)} within a year.");
        nb.Paragraph($"The evidence: the data covers {nb.Int(s.Y.Length, "number of months with data", cols, rows)} months in {nb.Int(d.Years, "number of calendar years with a moving average", cols, rows)} calendar years. Comparing the twelve calendar months with a Kruskal-Wallis test gives H = {nb.N(d.Test.H, "Kruskal-Wallis H over months of the year", cols, rows)} ({nb.P(d.Test.PValue, "Kruskal-Wallis p-value", cols, rows)}); the month explains a {SegmentDetector.EffectWord(d.Test.EpsilonSquared)} share of the variation (ε² = {nb.Coef(d.Test.EpsilonSquared, "epsilon squared effect size", cols, rows)}). " +
            (double.IsFinite(d.Acf12) ? $"The same pattern repeats a year later: the autocorrelation at a lag of twelve months is {nb.Coef(d.Acf12, "autocorrelation of the de-trended monthly series at lag 12", cols, rows)}." : ""));
        nb.Paragraph("Taking out a centred twelve-month moving average first means that a long-term rise or fall (even steady growth within each year) does not masquerade as seasonality: what remains is the within-year pattern.");
        var counted = s.Aggregation == "count";
        charts.Add(ChartFactory.Line(counted ? Cap(H(s.Measure)) : $"Monthly {H(s.Measure)}", s.TimeColumn, counted ? Cap(H(s.Measure)) : $"Mean {H(s.Measure)}", s.T, s.Y, false));
        var labels = Enumerable.Range(1, 12).Select(m => Fmt.Month(m)[..3]).ToList();
        charts.Add(ChartFactory.Bars($"{Cap(H(s.Measure))} by calendar month, relative to the moving average", "Month", $"Deviation of {H(s.Measure)}", labels,
            d.MonthMeans.Select(v => double.IsNaN(v) ? 0 : v).ToList()));
    }

    private static (IReadOnlyList<int>?, string?) Outliers(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, OutlierDetail d)
    {
        string[] cols = [d.Column];
        var rows = AllRows(table);
        var top = d.Outliers[0];
        var label = top.Label is null ? "" : $" ({top.Label})";
        nb.Paragraph($"{Cap(H(d.Column))} is mostly unremarkable (median {nb.N(d.Median, "median", cols, rows)}), but {nb.Int(d.TotalFlagged, "rows with |robust z| above 3.5", cols, rows)} of {nb.Int(d.N, "rows with a value", cols, rows)} values lie far outside the usual range. The most extreme is {nb.N(top.Value, "value of the most extreme row", cols, $"data row {table.SourceRows[top.Row] + 1}")}{label}.");
        nb.Paragraph($"The evidence: a robust z-score measures distance from the median in units of the median absolute deviation (MAD = {nb.N(d.Mad, "median absolute deviation", cols, rows)}), so the outliers themselves cannot hide by inflating the spread. Values beyond {nb.N(d.Threshold, "robust z threshold (Iglewicz and Hoaglin)", cols, "rule")} are flagged; the most extreme has z = {nb.N(top.RobustZ, "robust z of the most extreme row", cols, $"data row {table.SourceRows[top.Row] + 1}")}.");
        nb.Subheading("The most extreme rows");
        foreach (var p in d.Outliers.Take(5))
        {
            var at = $"data row {table.SourceRows[p.Row] + 1}";
            nb.Bullet($"{(p.Label is null ? Cap(at) : $"{p.Label} ({at})")}: {nb.N(p.Value, "flagged value", cols, at)} (robust z {nb.N(p.RobustZ, "robust z", cols, at)})");
        }
        nb.EndList();
        nb.Paragraph("Outliers can be data-entry errors, unit mix-ups or genuinely exceptional cases; check the flagged rows (in the attached dataset) before excluding or acting on them.");
        var column = (NumericColumn)table.Find(d.Column)!;
        var flaggedRows = Enumerable.Range(0, column.Length).Where(r => double.IsFinite(column.Values[r]) && Math.Abs(0.6745 * (column.Values[r] - d.Median) / d.Mad) > d.Threshold).ToList();
        charts.Add(ChartFactory.MarkedPoints($"{Cap(H(d.Column))}: flagged values", d.Column, column.Values, flaggedRows));
        charts.Add(ChartFactory.Histogram($"Distribution of {H(d.Column)}", d.Column, column.Values, d.Outliers.Take(10).Select(o => o.Value).ToList()));
        return (flaggedRows, $"rows whose {H(d.Column)} has |robust z| > 3.5");
    }

    private static void Concentration(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, ConcentrationDetail d)
    {
        var b = d.Breakdown;
        var cols = b.Measure is null ? new[] { b.Category } : [b.Category, b.Measure];
        var rows = AllRows(table);
        var top = b.Totals[0];
        nb.Paragraph($"{top.Label} accounts for {nb.Pct(d.TopShare, $"share of {b.MeasureText} in the largest {H(b.Category)}", cols, rows)} of {b.MeasureText} across {nb.Int(b.Totals.Count, $"number of {H(b.Category)} values", cols, rows)} {H(b.Category)} values, and the top three together for {nb.Pct(d.Top3Share, "share of the three largest", cols, rows)}.");
        nb.Paragraph($"The evidence: the Gini coefficient of {b.MeasureText} across {H(b.Category)} values is {nb.Coef(d.Gini, "Gini coefficient over category totals", cols, rows)} (0 is an even split, 1 everything in one value)." +
            (d.Uniformity is { } u ? $" A chi-square goodness-of-fit test rejects an even split (χ² = {nb.N(u.Statistic, "chi-square statistic against a uniform split", cols, rows)}, {nb.P(u.PValue, "chi-square p-value", cols, rows)})." : ""));
        var lines = b.Totals.Take(3).Select((t, i) => $"{t.Label}: {nb.N(t.Value, $"{b.Aggregation} of {(b.Measure ?? "rows")} for {t.Label}", cols, rows)}");
        nb.Paragraph($"The largest values are {string.Join("; ", lines)}, out of a total of {nb.N(b.Total, $"{b.Aggregation} over all {H(b.Category)} values", cols, rows)}.");
        charts.Add(ChartFactory.Bars($"{Cap(b.MeasureText)} by {H(b.Category)}", b.Category, Cap(b.MeasureText), b.Totals.Select(t => t.Label).ToList(), b.Totals.Select(t => t.Value).ToList(), highlight: 1));
        charts.Add(ChartFactory.Pareto($"Share of {b.MeasureText} by {H(b.Category)}, with the cumulative share", b.Category, b.Totals.Select(t => t.Label).ToList(), b.Totals.Select(t => t.Value / b.Total).ToList()));
    }

    private static (IReadOnlyList<int>?, string?) Outstanding(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, OutstandingDetail d)
    {
        var b = d.Breakdown;
        string[] cols = [b.Category, b.Measure!];
        var rows = AllRows(table);
        var top = b.Totals[0];
        var second = b.Totals[1];
        nb.Paragraph($"{top.Label} stands apart: its {b.MeasureText} is {nb.N(top.Value, $"{b.Aggregation} of {H(b.Measure!)} for {top.Label}", cols, rows)}, {nb.N(d.RatioToSecond, "ratio of the leader to the runner-up", cols, rows)} times the runner-up {second.Label} ({nb.N(second.Value, $"{b.Aggregation} of {H(b.Measure!)} for {second.Label}", cols, rows)}).");
        nb.Paragraph($"The evidence: compared with the other {nb.Int(b.Totals.Count - 1, $"number of other {H(b.Category)} values", cols, rows)} {H(b.Category)} values, the leader lies {nb.N(d.ZScore, "z-score of the leader against the others' mean and standard deviation", cols, rows)} standard deviations above their mean. {Cap(b.MeasureText)} is the {b.Aggregation} over {nb.Int(top.Rows, $"rows of {top.Label}", cols, rows)} rows for {top.Label}.");
        charts.Add(ChartFactory.Bars($"{Cap(b.MeasureText)} by {H(b.Category)}", b.Category, Cap(b.MeasureText), b.Totals.Select(t => t.Label).ToList(), b.Totals.Select(t => t.Value).ToList(), highlight: 1));
        if (b.Aggregation == "value" && table.Find(b.Measure!) is NumericColumn each)
        {
            charts.Add(ChartFactory.Histogram($"{Cap(H(b.Measure!))} across all {H(b.Category)} values, {top.Label} marked", Cap(H(b.Measure!)), each.Values, [top.Value]));
            return (null, null);
        }
        if (table.Find(b.Category) is CategoryColumn cat && table.Find(b.Measure!) is NumericColumn m)
        {
            var groups = b.Totals.Take(8).Select(t =>
            {
                var code = Array.IndexOf(cat.Labels, t.Label);
                return (t.Label, Enumerable.Range(0, table.RowCount).Where(r => cat.Codes[r] == code).Select(r => m.Values[r]).ToArray());
            }).ToList();
            charts.Add(ChartFactory.Boxes($"Spread of {H(b.Measure!)} within the leading {H(b.Category)} values", b.Category, b.Measure!, groups));
            var topCode = Array.IndexOf(cat.Labels, top.Label);
            return (Enumerable.Range(0, table.RowCount).Where(r => cat.Codes[r] == topCode).ToList(), $"rows where {H(b.Category)} = {top.Label}");
        }
        return (null, null);
    }

    private static void Correlation(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, CorrelationDetail d)
    {
        string[] cols = [d.X, d.Y];
        var rows = $"{AllRows(table)} with both values present";
        var positive = (Math.Abs(d.Spearman.R) >= Math.Abs(d.Pearson.R) ? d.Spearman.R : d.Pearson.R) > 0;
        nb.Paragraph($"{(d.Differenced ? $"{Cap(d.Period ?? "period")}s in which {H(d.X)} rises tend to be {d.Period}s in which {H(d.Y)} {(positive ? "rises" : "falls")}." : $"Rows with higher {H(d.X)} tend to have {(positive ? "higher" : "lower")} {H(d.Y)}.")} Across {nb.Int(d.Pearson.N, "rows with both values", cols, rows)} rows the rank correlation is Spearman ρ = {nb.Coef(d.Spearman.R, "Spearman rank correlation", cols, rows)} and the linear correlation Pearson r = {nb.Coef(d.Pearson.R, "Pearson correlation", cols, rows)}.");
        nb.Paragraph($"The evidence: the correlation is far from what chance would give ({nb.P(d.Pearson.PValue, "Pearson t-test p-value", cols, rows)}). Discovery tested every pair of numeric columns and kept only pairs that survive a Benjamini-Hochberg false-discovery-rate correction, so this is not one lucky pair among many. " +
            (Math.Abs(d.Spearman.R) - Math.Abs(d.Pearson.R) > 0.1 ? "Spearman's ρ is clearly stronger than Pearson's r: the relationship is consistent in direction but not a straight line (or a few extreme values weaken the linear fit)." : "Pearson and Spearman agree, so the relationship is close to linear."));
        nb.Paragraph($"On average, each extra unit of {H(d.X)} goes with {nb.N(d.LeastSquaresSlope, "least-squares slope", cols, rows, Fmt.Signed)} units of {H(d.Y)} (least-squares line). Correlation is not causation: both columns may be driven by a third factor, and the direction of any influence cannot be read from these data.");
        var source = d.Differenced && table.Time.Axis is { } axis ? CorrelationDetector.Changes(table, axis).Table : table;
        var x = ((NumericColumn)source.Find(d.X)!).Values;
        var y = ((NumericColumn)source.Find(d.Y)!).Values;
        if (d.Differenced)
        {
            nb.Paragraph($"These figures compare changes, not levels: each point is how much {H(d.X)} and {H(d.Y)} moved from one {d.Period} to the next. Two series that both grow over time always look related in their levels; moving together step by step is the stronger evidence of a link.");
        }
        charts.Add(ChartFactory.Scatter(d.Differenced ? $"Change in {H(d.Y)} against change in {H(d.X)}, {d.Period} to {d.Period}" : $"{Cap(H(d.Y))} against {H(d.X)}", d.X, d.Y, x, y, (d.LeastSquaresSlope, d.LeastSquaresIntercept)));
        charts.Add(ChartFactory.Histogram($"Distribution of {H(d.X)}", d.X, x));
        charts.Add(ChartFactory.Histogram($"Distribution of {H(d.Y)}", d.Y, y));
    }

    private static void Segment(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, SegmentDetail d)
    {
        string[] cols = [d.Category, d.Measure];
        var rows = $"{AllRows(table)}; the {d.Groups.Count} largest {H(d.Category)} groups";
        var top = d.Groups[0];
        var bottom = d.Groups[^1];
        nb.Paragraph($"{Cap(H(d.Measure))} depends strongly on {H(d.Category)}. The median is {nb.N(top.Median, $"median {H(d.Measure)} for {top.Label}", cols, rows)} for {Label(nb, d.Category, top.Label)} but {nb.N(bottom.Median, $"median {H(d.Measure)} for {bottom.Label}", cols, rows)} for {Label(nb, d.Category, bottom.Label)}.");
        nb.Paragraph($"The evidence: a Kruskal-Wallis test across {nb.Int(d.Groups.Count, "groups compared", cols, rows)} groups ({nb.Int(d.Test.N, "rows compared", cols, rows)} rows) gives H = {nb.N(d.Test.H, "Kruskal-Wallis H", cols, rows)} ({nb.P(d.Test.PValue, "Kruskal-Wallis p-value", cols, rows)}). The effect size ε² = {nb.Coef(d.Test.EpsilonSquared, "epsilon squared", cols, rows)} means {H(d.Category)} accounts for a {SegmentDetector.EffectWord(d.Test.EpsilonSquared)} share of the variation in {H(d.Measure)}. The test compares ranks, so a few extreme values cannot drive it.");
        nb.Subheading($"{Cap(H(d.Measure))} by {H(d.Category)}");
        foreach (var g in d.Groups.Take(6))
        {
            nb.Bullet($"{Label(nb, d.Category, g.Label)}: median {nb.N(g.Median, $"median {H(d.Measure)} for {g.Label}", cols, rows)}, middle half {nb.N(g.Q1, $"first quartile for {g.Label}", cols, rows)} to {nb.N(g.Q3, $"third quartile for {g.Label}", cols, rows)} ({nb.Int(g.N, $"rows for {g.Label}", cols, rows)} rows)");
        }
        nb.EndList();
        var cat = (CategoryColumn)table.Find(d.Category)!;
        var m = (NumericColumn)table.Find(d.Measure)!;
        var groups = d.Groups.Select(g =>
        {
            var code = Array.IndexOf(cat.Labels, g.Label);
            return (g.Label, Enumerable.Range(0, table.RowCount).Where(r => cat.Codes[r] == code).Select(r => m.Values[r]).ToArray());
        }).ToList();
        charts.Add(ChartFactory.Boxes($"{Cap(H(d.Measure))} by {H(d.Category)}", d.Category, d.Measure, groups));
        charts.Add(ChartFactory.Bars($"Median {H(d.Measure)} by {H(d.Category)}", d.Category, $"Median {H(d.Measure)}", d.Groups.Select(g => g.Label).ToList(), d.Groups.Select(g => g.Median).ToList(), highlight: 1));
    }

    private static void Association(NarrativeBuilder nb, List<ChartImage> charts, AssociationDetail d)
    {
        string[] cols = [d.A, d.B];
        const string rows = "rows with both values present";
        nb.Paragraph($"{Cap(H(d.A))} and {H(d.B)} are not independent: the mix of {H(d.B)} values changes with {H(d.A)}. The association has Cramér's V = {nb.Coef(d.Test.CramersV, "Cramér's V", cols, rows)} (0 none, 1 perfect).");
        nb.Paragraph($"The evidence: a chi-square test of independence over {nb.Int(d.Test.N, "rows in the contingency table", cols, rows)} rows gives χ² = {nb.N(d.Test.Statistic, "chi-square statistic", cols, rows)} with {nb.Int(d.Test.Df, "degrees of freedom", cols, rows)} degrees of freedom ({nb.P(d.Test.PValue, "chi-square p-value", cols, rows)}).");
        var rowTotals = Enumerable.Range(0, d.LabelsA.Length).Select(i => Enumerable.Range(0, d.LabelsB.Length).Sum(j => (double)d.Table[i, j])).ToArray();
        var order = Enumerable.Range(0, d.LabelsA.Length).OrderByDescending(i => rowTotals[i]).ThenBy(i => i).Where(i => rowTotals[i] > 0).ToList();
        var colTotals = Enumerable.Range(0, d.LabelsB.Length).Select(j => Enumerable.Range(0, d.LabelsA.Length).Sum(i => (double)d.Table[i, j])).ToArray();
        var topB = Enumerable.Range(0, d.LabelsB.Length).OrderByDescending(j => colTotals[j]).First();
        charts.Add(ChartFactory.Bars($"Rows by {H(d.A)}", d.A, "Rows", order.Select(i => d.LabelsA[i]).ToList(), order.Select(i => rowTotals[i]).ToList()));
        charts.Add(ChartFactory.Bars($"Share of {H(d.B)} = {d.LabelsB[topB]} within each {H(d.A)}", d.A, "Share (%)", order.Select(i => d.LabelsA[i]).ToList(), order.Select(i => 100.0 * d.Table[i, topB] / rowTotals[i]).ToList()));
    }

    private static void Distribution(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, DistributionDetail d, bool tested)
    {
        string[] cols = [d.Column];
        var rows = $"{AllRows(table)} with a value";
        nb.Paragraph($"Across {nb.Int(d.N, "rows with a value", cols, rows)} rows, {H(d.Column)} has a median of {nb.N(d.Median, "median", cols, rows)} and a mean of {nb.N(d.Mean, "mean", cols, rows)}. The middle half of the values lies between {nb.N(d.Q1, "first quartile", cols, rows)} and {nb.N(d.Q3, "third quartile", cols, rows)}, and the full range runs from {nb.N(d.Min, "minimum", cols, rows)} to {nb.N(d.Max, "maximum", cols, rows)}.");
        if (tested && double.IsFinite(d.Test.Skewness))
        {
            var right = d.Test.Skewness > 0;
            nb.Paragraph($"The shape: skewness is {nb.Coef(d.Test.Skewness, "sample skewness", cols, rows)} and excess kurtosis {nb.Coef(d.Test.ExcessKurtosis, "sample excess kurtosis", cols, rows)}; " +
                (Math.Abs(d.Test.Skewness) >= 1 ? $"a long tail of {(right ? "large" : "small")} values pulls the mean {(right ? "above" : "below")} the median, so the median is the better 'typical' value. " : $"the bimodality coefficient of {nb.Coef(d.Test.BimodalityCoefficient, "Sarle's bimodality coefficient", cols, rows)} suggests two separate groups rather than one. ") +
                $"A Jarque-Bera test rejects a normal shape (JB = {nb.N(d.Test.Statistic, "Jarque-Bera statistic", cols, rows)}, {nb.P(d.Test.PValue, "Jarque-Bera p-value", cols, rows)}).");
        }
        else
        {
            nb.Paragraph($"The standard deviation is {nb.N(d.StdDev, "sample standard deviation", cols, rows)}. This is a description, not a tested finding: the data did not show a trend, relationship or difference strong enough to pass the engine's significance and effect-size thresholds.");
        }
        var values = ((NumericColumn)table.Find(d.Column)!).Values;
        charts.Add(ChartFactory.Histogram($"Distribution of {H(d.Column)}", d.Column, values));
        charts.Add(ChartFactory.Boxes($"Spread of {H(d.Column)}", "", d.Column, [(d.Column, values)]));
    }

    private static void Frequency(NarrativeBuilder nb, List<ChartImage> charts, FrequencyDetail d)
    {
        var b = d.Breakdown;
        string[] cols = [b.Category];
        const string rows = "rows with a value";
        var top = b.Totals[0];
        nb.Paragraph($"{Cap(H(b.Category))} takes {nb.Int(b.Totals.Count, "distinct values", cols, rows)} distinct values across {nb.Int(b.N, "rows with a value", cols, rows)} rows. The most common is {top.Label} with {nb.Int(top.Value, $"rows with {top.Label}", cols, rows)} rows ({nb.Pct(top.Value / b.Total, $"share of {top.Label}", cols, rows)}).");
        if (b.Totals.Count > 1)
        {
            nb.Paragraph($"Next come {string.Join(", ", b.Totals.Skip(1).Take(3).Select(t => $"{t.Label} ({nb.Int(t.Value, $"rows with {t.Label}", cols, rows)})"))}. {nb.Int(d.Missing, "rows without a value", cols, "all rows")} rows have no value. This is a description, not a tested finding.");
        }
        charts.Add(ChartFactory.Bars($"Most common {H(b.Category)} values", b.Category, "Rows", b.Totals.Select(t => t.Label).ToList(), b.Totals.Select(t => t.Value).ToList(), highlight: 1));
        charts.Add(ChartFactory.Pareto($"Share of rows by {H(b.Category)}", b.Category, b.Totals.Select(t => t.Label).ToList(), b.Totals.Select(t => t.Value / b.Total).ToList()));
    }

    private static IReadOnlyList<int>? Extremes(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, ExtremesDetail d)
    {
        string[] cols = [d.Column];
        string Name((int Row, double Value, string? Label) x) => x.Label
            ?? (table.Time.Axis is { } axis && double.IsFinite(TimeSeriesBuilder.TimeValue(axis, x.Row))
                ? $"in {nb.N(TimeSeriesBuilder.TimeValue(axis, x.Row), $"time of the row ({axis.Name})", [axis.Name], $"data row {table.SourceRows[x.Row] + 1}", v => Fmt.TimeOfRow(axis, v))}"
                : $"data row {nb.Int(table.SourceRows[x.Row] + 1, "data row number in the file", cols, "all rows")}");
        nb.Paragraph($"Across {nb.Int(d.N, "rows with a value", cols, AllRows(table))} rows, {H(d.Column)} runs from {nb.N(d.Lowest[0].Value, "lowest value", cols, AllRows(table))} ({Name(d.Lowest[0])}) to {nb.N(d.Highest[0].Value, "highest value", cols, AllRows(table))} ({Name(d.Highest[0])}).");
        nb.Subheading("Highest");
        foreach (var x in d.Highest) nb.Bullet($"{Name(x)}: {nb.N(x.Value, $"value of {Name(x)}", cols, $"data row {table.SourceRows[x.Row] + 1}")}");
        nb.EndList();
        nb.Subheading("Lowest");
        foreach (var x in d.Lowest) nb.Bullet($"{Name(x)}: {nb.N(x.Value, $"value of {Name(x)}", cols, $"data row {table.SourceRows[x.Row] + 1}")}");
        nb.EndList();
        nb.Paragraph("This is a description of where the extremes lie, not a tested finding: the data did not show enough tested patterns to fill three stories.");
        var shown = d.Highest.Concat(d.Lowest.AsEnumerable().Reverse()).DistinctBy(x => x.Row).ToList();
        charts.Add(ChartFactory.Bars($"The highest and lowest {H(d.Column)} values", "Row", Cap(H(d.Column)), shown.Select(Name).ToList(), shown.Select(x => x.Value).ToList(), highlight: d.Highest.Count));
        var values = ((NumericColumn)table.Find(d.Column)!).Values;
        charts.Add(ChartFactory.Histogram($"Distribution of {H(d.Column)}", Cap(H(d.Column)), values, [d.Highest[0].Value, d.Lowest[0].Value]));
        return shown.Select(x => x.Row).ToList();
    }

    private static void Overview(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, OverviewDetail d)
    {
        var cols = d.Columns.Select(c => c.Column).ToList();
        nb.Paragraph($"The file has {nb.Int(d.TotalRows, "rows in the file", cols, "all rows")} rows and {nb.Int(d.Columns.Count, "columns", cols, "header")} columns. {nb.Int(d.Columns.Count(c => c.Kind == "numeric"), "numeric columns", cols, "header")} are numeric, {nb.Int(d.Columns.Count(c => c.Kind == "date"), "date columns", cols, "header")} hold dates and {nb.Int(d.Columns.Count(c => c.Kind == "category"), "categorical columns", cols, "header")} are categorical.");
        var missing = d.Columns.Where(c => c.Missing > 0).OrderByDescending(c => c.Missing).ThenBy(c => c.Column, StringComparer.Ordinal).Take(5).ToList();
        nb.Paragraph(missing.Count == 0
            ? "No column has missing values."
            : $"The columns with the most missing values are {string.Join(", ", missing.Select(c => $"{c.Column} ({nb.Int(c.Missing, $"missing values in {c.Column}", [c.Column], AllRows(table))})"))}.");
        nb.Paragraph("This is a description of the data, not a tested finding: the data did not show enough tested patterns to fill three stories.");
        var shown = d.Columns.Take(15).ToList();
        charts.Add(ChartFactory.Bars("Values present per column", "Column", "Rows with a value", shown.Select(c => c.Column).ToList(), shown.Select(c => (double)(d.Rows - c.Missing)).ToList()));
        charts.Add(ChartFactory.Bars("Missing values per column", "Column", "Rows without a value", shown.Select(c => c.Column).ToList(), shown.Select(c => (double)c.Missing).ToList()));
    }

    private static void Caveats(NarrativeBuilder nb, AnalysisTable table, Insight insight)
    {
        nb.Subheading("Caveats");
        var cols = insight.Columns;
        if (table.Sampling.Sampled)
        {
            var step = table.Sampling.TotalRows / (double)Math.Max(1, table.Sampling.RowsUsed);
            nb.Bullet($"The file has {nb.Int(table.Sampling.TotalRows, "rows in the file", cols, "all rows")} rows; the analysis used an evenly spaced systematic sample of {nb.Int(table.Sampling.RowsUsed, "rows analysed", cols, "sample")} rows (one row in every {nb.N(step, "rows in the file per sampled row", cols, "sample")}, starting with the first). Every figure is computed on that sample.");
        }
        foreach (var name in cols)
        {
            var c = table.Find(name);
            if (c is null || c.Kind == ColumnKind.Text) continue;
            var missing = c.MissingCount;
            if (missing > 0)
            {
                nb.Bullet($"{Cap(name)} is missing or unreadable in {nb.Int(missing, $"rows with {name} missing", [name], AllRows(table))} rows ({nb.Pct(missing / (double)Math.Max(1, table.RowCount), $"share of rows with {name} missing", [name], AllRows(table))}); those rows are left out of the computations that need it.");
            }
        }
        if (insight.N < 30)
        {
            nb.Bullet($"The finding rests on only {nb.Int(insight.N, "observations behind the finding", cols, "see above")} observations, so it is fragile: a few new data points could change it.");
        }
        switch (insight.Type)
        {
            case InsightType.Trend:
                nb.Bullet("A past trend is not a forecast; the trend test says the direction was consistent, not why, or that it will continue.");
                break;
            case InsightType.Correlation:
            case InsightType.SegmentDifference:
                nb.Bullet("Correlation is not causation: the pattern shows association only. Other factors not in the data may explain it.");
                break;
            case InsightType.ChangePoint:
                nb.Bullet("The test finds the single most likely break; there may be others, and the data cannot tell what caused the shift.");
                break;
            case InsightType.Seasonality:
                nb.Bullet("The monthly pattern is an average over the years in the data; individual years can deviate.");
                break;
            case InsightType.Outliers:
            case InsightType.Distribution:
                nb.Bullet("Unusual values are flagged statistically; whether they are errors or real needs a look at the rows themselves.");
                break;
        }
        nb.Bullet("Every figure in this text was computed from the data by the built-in analyst; the facts list gives each one's computation, columns and rows.");
        nb.EndList();
    }

    private static string Cap(string s) => Words.Cap(s);

    private static string H(string column) => Words.Human(column);
}
