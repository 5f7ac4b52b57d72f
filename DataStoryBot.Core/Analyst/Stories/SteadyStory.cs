using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>A measure that did not move over time: no consistent trend, and a fitted change small against its level.</summary>
/// <param name="StillOpen">For a duration, the last months left out because many of their items have no end yet
/// (their durations would read short), with the share still open in each; empty otherwise.</param>
public sealed record SteadyDetail(TimeSeries Series, MannKendallResult MannKendall, TheilSenResult TheilSen, double Median, double Q1, double Q3, double RelativeChange)
{
    public IReadOnlyList<(double Start, double OpenShare)> StillOpen { get; init; } = [];
}

/// <summary>
/// An outcome's rate that did not move over time: per whole period (month, quarter or year) the rows with the outcome,
/// no trend in proportions (Cochran-Armitage) and the first and last period within the difference a rate story needs.
/// </summary>
/// <param name="Periods">Whole periods with at least <see cref="RateStory.MinGroupRows"/> decided rows, in time order.</param>
/// <param name="Starts">Each period's first day.</param>
public sealed record SteadyRateDetail(RateOutcome Outcome, string TimeColumn, string Granularity, IReadOnlyList<RateCount> Periods, IReadOnlyList<double> Starts,
    RateCount Overall, double TrendZ, double TrendP, int UndecidedRows);

/// <summary>
/// The answer "no" (issue 21, item 7): asked whether resolution times are growing, the analyst says they held steady
/// when they did, with the level and the test, rather than telling another story. Only told when asked.
/// </summary>
public sealed class SteadyStory : StoryKind
{
    /// <summary>No consistent movement: the Mann-Kendall p-value is at least this.</summary>
    public const double MinP = 0.05;

    /// <summary>And the robust trend line moves less than this share of the typical level over the whole period.</summary>
    public const double MaxRelativeChange = 0.2;

    public override string Name => "steady";

    public override double Weight => 0.3;

    public override bool OnlyWhenAsked => true;

    public override bool IsAboutTime => true;

    public override IReadOnlyList<string> SteeringWords { get; } =
        ["grow", "rise", "rising", "increas", "decreas", "declin", "fall", "falling", "drop", "trend", "over time", "getting", "worse", "better", "change", "stable", "steady", "longer", "shorter", "slower", "faster",
         "later and later", "more and more", "month by month", "year by year", "more delayed", "more late"];

    /// <summary>At least this many whole periods for a rate's answer (three months can answer "month by month").</summary>
    public const int MinRatePeriods = 3;

    public override void Write(StoryDraft draft)
    {
        switch (draft.Insight.Detail)
        {
            case SteadyDetail d:
                Write(draft, d);
                break;
            case SteadyRateDetail d:
                WriteRate(draft, d);
                break;
            default:
                throw new Engines.EngineException(Engines.EngineFailureKind.Unanalyzable, $"A {Name} story cannot carry a {draft.Insight.Detail.GetType().Name}.");
        }
    }

    public override string? Caveat => "No consistent trend is not proof of no change: a change smaller than the month-to-month noise, or one in a single group, could still hide in these data.";

    public override IEnumerable<Insight> Detect(AnalysisTable table) => Measures(table).Concat(Rates(table));

    private static IEnumerable<Insight> Measures(AnalysisTable table)
    {
        foreach (var time in TimeSeriesBuilder.TimeAxes(table).Take(1))
        {
            foreach (var measure in table.Numeric.Take(40))
            {
                var series = TimeSeriesBuilder.Pooled(table, time, measure);
                var open = measure.Duration is { } dur && time is DateColumn date && series is not null && !table.Time.IsPanel ? StillOpen(table, date, dur) : [];
                if (open.Count > 0)
                {
                    // The last months' durations read short while many of their items are still open: left out.
                    var cutoff = open[0].Start;
                    series = TimeSeriesBuilder.Build(time, measure, Enumerable.Range(0, table.RowCount).Where(r => TimeContext.TimeValue(time, r) < cutoff), forceGranularity: series!.Granularity == "month" ? "month" : null);
                }
                if (series is null || series.Y.Length < TrendStory.MinPoints) continue;
                var mk = StatTests.MannKendall(series.Y);
                if (!(mk.PValue >= MinP)) continue;
                var ts = StatTests.TheilSen(series.X, series.Y);
                var sorted = Descriptive.Sorted(series.Y);
                var median = Descriptive.QuantileSorted(sorted, 0.5);
                if (double.IsNaN(ts.Slope) || median == 0) continue;
                var change = ts.Slope * (series.X[^1] - series.X[0]);
                var relative = change / Math.Abs(median);
                if (Math.Abs(relative) > MaxRelativeChange) continue;
                var detail = new SteadyDetail(series, mk, ts, median, Descriptive.QuantileSorted(sorted, 0.25), Descriptive.QuantileSorted(sorted, 0.75), relative) { StillOpen = open };
                var subject = series.Subject;
                var title = $"{Words.Cap(subject)} held steady from {series.Describe(0)} to {series.Describe(series.T.Length - 1)}, at about {ColumnWords.Amount(table, series.Measure, Fmt.Num(median))}";
                var summary = $"Across {Fmt.Int(series.Y.Length)} {TrendStory.PointName(series)} points, {subject} neither rose nor fell consistently (Mann-Kendall {Fmt.P(mk.PValue)}); " +
                    $"half of the points lie between {Fmt.Num(detail.Q1)} and {Fmt.Num(detail.Q3)}, and the robust trend line moves {Fmt.Pct(Math.Abs(relative))} over the whole period." +
                    (open.Count == 0 ? "" : $" The last {(open.Count == 1 ? "month is" : $"{open.Count} months are")} left out: {string.Join(" and ", open.Select(o => Fmt.Pct(o.OpenShare)))} of their {table.Noun} have no {Words.Human(((NumericColumn)measure).Duration!.End)} yet.");
                yield return new Insight(StoryKinds.Of<SteadyStory>(), [series.TimeColumn, series.Measure], title, summary, ["line", "bar"],
                    "Mann-Kendall trend test (no trend) with Theil-Sen slope", mk.Z, mk.PValue, relative, series.Y.Length, 0.5, detail)
                { Significance = 0.5 };
            }
        }
    }

    /// <summary>
    /// The months at the end of the data whose items are still open far more often than usual (more than 10% and
    /// twice the median month's share): their durations are only those already ended, the short ones. Empty when none.
    /// </summary>
    private static List<(double Start, double OpenShare)> StillOpen(AnalysisTable table, DateColumn time, DurationOf duration)
    {
        if (table.Find(duration.Start) is not DateColumn start || table.Find(duration.End) is not DateColumn end) return [];
        var perMonth = new SortedDictionary<double, (int N, int Open)>();
        for (var r = 0; r < table.RowCount; r++)
        {
            var t = time.Days[r];
            if (!double.IsFinite(t) || !double.IsFinite(start.Days[r])) continue;
            var d = DateColumn.ToDateTime(t);
            var key = DateColumn.FromDateTime(new DateTime(d.Year, d.Month, 1));
            var cur = perMonth.GetValueOrDefault(key);
            perMonth[key] = (cur.N + 1, cur.Open + (double.IsFinite(end.Days[r]) ? 0 : 1));
        }
        var shares = perMonth.Select(kv => (Start: kv.Key, Share: kv.Value.Open / (double)kv.Value.N)).ToList();
        if (shares.Count < TrendStory.MinPoints) return [];
        var typical = Descriptive.QuantileSorted(Descriptive.Sorted(shares.Select(x => x.Share).ToArray()), 0.5);
        var open = new List<(double, double)>();
        for (var i = shares.Count - 1; i >= 0 && shares[i].Share > Math.Max(0.1, 2 * typical); i--) open.Insert(0, (shares[i].Start, shares[i].Share));
        return open;
    }

    /// <summary>
    /// The rates of the table's outcomes (a late flag, a declined state) per whole period that did not move: no trend
    /// in proportions across the periods (p ≥ <see cref="MinP"/>) and the last period within
    /// <see cref="RateStory.MinDifference"/> and <see cref="RateStory.MinRatio"/> of the first — "is it getting worse
    /// month by month?" answered with the months' rates, even when there are only three of them.
    /// </summary>
    private static IEnumerable<Insight> Rates(AnalysisTable table)
    {
        if (table.Time.Axis is not DateColumn axis || table.Time.IsSeries) yield break;
        foreach (var outcome in RateStory.Outcomes(table).ToList())
        {
            var column = (CategoryColumn)table.Find(outcome.Column)!;
            var hit = Array.IndexOf(column.Labels, outcome.Level);
            var skip = column.Labels.Select(l => outcome.Undecided.Contains(l)).ToArray();
            var (periods, starts, granularity, undecided) = RatePeriods(axis, column, hit, skip);
            if (periods.Count < MinRatePeriods) continue;
            var z = ShareShiftStory.TrendZ(periods);
            if (!double.IsFinite(z)) continue;
            var p = SpecialFunctions.NormalTwoSidedP(z);
            var (first, last) = (periods[0].Rate, periods[^1].Rate);
            var (lo, hi) = (Math.Min(first, last), Math.Max(first, last));
            if (!(p >= MinP) || hi - lo >= RateStory.MinDifference || hi >= RateStory.MinRatio * lo) continue;
            var overall = new RateCount("all", periods.Sum(x => x.N), periods.Sum(x => x.Hits));
            var d = new SteadyRateDetail(outcome, axis.Name, granularity, periods, starts, overall, z, p, undecided);
            var share = $"the share {outcome.Phrase}";
            var list = periods.Count <= 4
                ? string.Join(", ", periods.Take(periods.Count - 1).Select(x => Fmt.Pct(x.Rate))) + " and " + Fmt.Pct(periods[^1].Rate)
                : $"{Fmt.Pct(first)} in {periods[0].Label}, {Fmt.Pct(last)} in {periods[^1].Label}";
            var title = $"{Words.Cap(share)} held steady from {periods[0].Label} to {periods[^1].Label}: {list}";
            var summary = $"Over {periods.Count} whole {granularity}s ({Fmt.Int(overall.N)} {table.Noun}), {share} did not rise or fall: {Fmt.Pct(overall.Rate)} overall, between {Fmt.Pct(periods.Min(x => x.Rate))} and {Fmt.Pct(periods.Max(x => x.Rate))} per {granularity}. " +
                $"A chi-square test for trend in proportions (Cochran-Armitage) finds no trend (z = {Fmt.Num(z)}, {Fmt.P(p)}).";
            yield return new Insight(StoryKinds.Of<SteadyStory>(), [axis.Name, outcome.Column], title, summary, ["line", "bar"],
                "Chi-square test for trend in proportions (Cochran-Armitage), no trend", z, p, last - first, overall.N, 0.5, d)
            { Significance = 0.5 };
        }
    }

    /// <summary>Whole months (quarters beyond three years of months, years beyond ten years of quarters) with enough decided rows.</summary>
    private static (List<RateCount> Periods, List<double> Starts, string Granularity, int Undecided) RatePeriods(DateColumn axis, CategoryColumn column, int hit, bool[] skip)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in axis.Days) if (double.IsFinite(v)) (min, max) = (Math.Min(min, v), Math.Max(max, v));
        if (!double.IsFinite(min)) return ([], [], "month", 0);
        var (a, b) = (DateColumn.ToDateTime(min), DateColumn.ToDateTime(max));
        var months = (b.Year - a.Year) * 12 + b.Month - a.Month + 1;
        var (granularity, step) = months <= 36 ? ("month", 1) : months <= 120 ? ("quarter", 3) : ("year", 12);
        DateTime Start(DateTime d) => granularity == "month" ? new DateTime(d.Year, d.Month, 1) : granularity == "quarter" ? new DateTime(d.Year, (d.Month - 1) / 3 * 3 + 1, 1) : new DateTime(d.Year, 1, 1);
        var counts = new SortedDictionary<DateTime, (int N, int Hits)>();
        var undecided = 0;
        for (var r = 0; r < axis.Length; r++)
        {
            var code = column.Codes[r];
            if (!double.IsFinite(axis.Days[r]) || code < 0) continue;
            if (skip[code]) { undecided++; continue; }
            var key = Start(DateColumn.ToDateTime(axis.Days[r]));
            var cur = counts.GetValueOrDefault(key);
            counts[key] = (cur.N + 1, cur.Hits + (code == hit ? 1 : 0));
        }
        // Only periods the data covers from their first to their last day, with enough rows for a rate.
        var whole = counts.Where(kv => DateColumn.FromDateTime(kv.Key) >= min - 2 && DateColumn.FromDateTime(kv.Key.AddMonths(step)) <= max + 3 && kv.Value.N >= RateStory.MinGroupRows).ToList();
        string Label(DateTime d) => granularity == "month" ? d.ToString("MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)
            : granularity == "quarter" ? $"Q{(d.Month - 1) / 3 + 1} {d.Year}" : d.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (whole.Select(kv => new RateCount(Label(kv.Key), kv.Value.N, kv.Value.Hits)).ToList(), whole.Select(kv => DateColumn.FromDateTime(kv.Key)).ToList(), granularity, undecided);
    }

    private static void WriteRate(StoryDraft s, SteadyRateDetail d)
    {
        var nb = s.Text;
        string[] cols = [d.TimeColumn, d.Outcome.Column];
        var rows = $"{AllRows(s.Table)} in whole {d.Granularity}s with a decided {d.Outcome.Column}";
        // A number in the outcome's name ("late 15") is part of a name, recorded as such.
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(d.Outcome.Phrase, @"\d+(\.\d+)?"))
        {
            nb.N(double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture), $"a number in the name of {d.Outcome.Column}", [d.Outcome.Column], "all rows", _ => m.Value);
        }
        string Period(int i)
        {
            var label = d.Periods[i].Label;
            nb.N(d.Starts[i], $"start of the {d.Granularity}", [d.TimeColumn], "time points", _ => label);
            return label;
        }
        string Rate(RateCount c, string what) =>
            $"{nb.Pct(c.Rate, $"share {d.Outcome.Phrase} {what}", cols, rows)} ({nb.Int(c.Hits, $"rows {d.Outcome.Phrase} {what}", cols, rows)} of {nb.Int(c.N, $"rows {what}", cols, rows)})";
        nb.Paragraph($"No: the share {d.Outcome.Phrase} did not rise or fall from {Period(0)} to {Period(d.Periods.Count - 1)}. Over the whole span it was {Rate(d.Overall, "over all periods")}.");
        nb.Subheading($"Share {d.Outcome.Phrase} per {d.Granularity}");
        for (var i = 0; i < d.Periods.Count; i++)
        {
            nb.Bullet($"{Period(i)}: {Rate(d.Periods[i], $"in {d.Periods[i].Label}")}");
        }
        nb.EndList();
        nb.Paragraph($"The evidence: a chi-square test for trend in proportions (Cochran-Armitage) across the {nb.Int(d.Periods.Count, $"whole {d.Granularity}s compared", cols, rows)} {d.Granularity}s finds no trend (z = {nb.N(d.TrendZ, "Cochran-Armitage z", cols, rows)}, {nb.P(d.TrendP, "trend test p-value", cols, rows)}), and the last {d.Granularity} is within {nb.Pct(RateStory.MinDifference, "least difference a rate story needs", cols, rows)} points of the first.");
        if (d.UndecidedRows > 0)
        {
            nb.Paragraph($"{nb.Int(d.UndecidedRows, "rows without a decided outcome", cols, AllRows(s.Table))} rows still {string.Join(" or ", d.Outcome.Undecided)} are left out: they have no outcome yet.");
        }
        s.Charts.Add(ChartFactory.Line($"Share {d.Outcome.Phrase} per {d.Granularity}", H(d.TimeColumn), $"Share {d.Outcome.Phrase} (%)", d.Starts.ToArray(), d.Periods.Select(p => 100 * p.Rate).ToArray(), false));
        s.Charts.Add(ChartFactory.Bars($"Rows {d.Outcome.Phrase} per {d.Granularity} (counts)", H(d.TimeColumn), $"Rows {d.Outcome.Phrase}", d.Periods.Select(p => p.Label).ToList(), d.Periods.Select(p => (double)p.Hits).ToList()));
    }

    private static void Write(StoryDraft s, SteadyDetail d)
    {
        var nb = s.Text;
        var series = d.Series;
        var cols = new List<string> { series.TimeColumn, series.Measure };
        const string rows = "time points of the aggregated series";
        var start = nb.T(series, 0, "first time point of the series");
        var end = nb.T(series, series.T.Length - 1, "last time point of the series");
        var subject = series.Subject;
        nb.Paragraph($"No: {subject} did not rise or fall between {start} and {end}. {TrendStory.Capitalize(TrendStory.PointName(series))} by {TrendStory.PointName(series)} it stayed around {ColumnWords.Amount(s.Table, series.Measure, nb.N(d.Median, "median of the series", cols, rows))}, with half of the points between {nb.N(d.Q1, "first quartile of the series", cols, rows)} and {ColumnWords.Amount(s.Table, series.Measure, nb.N(d.Q3, "third quartile of the series", cols, rows))}.");
        nb.Paragraph($"The evidence: over {nb.Int(series.Y.Length, "number of time points in the series", cols, rows)} points ({(series.Aggregation == "count" ? "each a count of rows" : "each the mean of the rows at that time")}), the Mann-Kendall test finds no consistent movement (Kendall's tau = {nb.Coef(d.MannKendall.Tau, "Mann-Kendall tau", cols, rows)}, {nb.P(d.MannKendall.PValue, "Mann-Kendall two-sided p-value", cols, rows)}), and the robust Theil-Sen line changes by {nb.Pct(Math.Abs(d.RelativeChange), "Theil-Sen change over the whole period relative to the median", cols, rows)} of the typical level over the whole period.");
        if (d.StillOpen.Count > 0)
        {
            var months = string.Join(" and ", d.StillOpen.Select(o => $"{nb.N(o.Start, "a month left out", [series.TimeColumn], "time points", v => Fmt.Time(v, false, "month"))} ({nb.Pct(o.OpenShare, "share of the month's items with no end yet", cols, "rows of the month")} still open)"));
            nb.Paragraph($"Left out: {months}. Only the items that already ended are measured there, the quick ones, so their durations would read short.");
        }
        s.Charts.Add(ChartFactory.Line($"{Cap(subject)} over time", H(series.TimeColumn), Cap(H(series.Measure)), series.T, series.Y, series.TimeIsYear, (d.TheilSen.Slope, d.TheilSen.Intercept)));
        var (labels, values) = TrendStory.PeriodMeans(series);
        s.Charts.Add(ChartFactory.Bars($"Average {H(series.Measure)} by period", "Period", $"Mean {H(series.Measure)}", labels, values));
    }
}
