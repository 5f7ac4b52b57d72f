using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <param name="MonthMeans">Mean deviation from the trend (monthly value minus its centred 12-month moving average) for January..December (NaN if absent).</param>
/// <param name="Daily">The test on the days themselves, when the monthly test alone was too weak (<see cref="SeasonalityStory.EvaluateDaily"/>).</param>
public sealed record SeasonalityDetail(TimeSeries Monthly, double[] MonthMeans, int PeakMonth, int TroughMonth, KruskalWallisResult Test, double Acf12, int Years, DailyMonthTest? Daily = null);

/// <summary>
/// Yearly cycle, tested only after the trend is taken out: each month's value minus its centred 12-month moving
/// average (so steady growth within a year is not read as a cycle), compared across calendar months (Kruskal-Wallis,
/// ε²), plus the lag-12 autocorrelation of those deviations.
/// </summary>
public sealed partial class SeasonalityStory : StoryKind<SeasonalityDetail>
{
    public override string Name => "seasonality";

    public override double Weight => 0.95;

    public override IReadOnlyList<string> SteeringWords { get; } = ["season", "seasonal", "monthly", "cycle", "cyclical", "month", "summer", "winter", "weather"];

    public override bool IsAboutTime => true;

    public override string? Caveat => "The monthly pattern is an average over the years in the data; individual years can deviate.";

    protected override void Write(StoryDraft s, SeasonalityDetail d) => Seasonality(s.Text, s.Charts, d);

    protected override string? Contradiction(Insight insight, SeasonalityDetail d) =>
        ClaimChecks.PeakMonth(d.Monthly.T, d.Monthly.Y, d.PeakMonth, d.TroughMonth);

    public const int MinMonths = 24;
    public const double MinEpsilon = 0.3;
    public const double MaxP = 0.001;
    private const int MaxMeasures = 40;


    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        if (table.Time.Axis is not DateColumn time) yield break;
        var tried = table.Numeric.Take(MaxMeasures).Count();
        foreach (var measure in table.Numeric.Take(MaxMeasures))
        {
            var series = TimeSeriesBuilder.Pooled(table, time, measure, forceGranularity: "month");
            // An average over parallel series (two cities) would blur them: the group comparison tells that story.
            if (series is null || TimeSeriesBuilder.AveragingOf(table, series) != Averaging.None) continue;
            if ((Evaluate(series) ?? EvaluateDaily(table, time, measure, series, tried)) is { } insight) yield return insight;
        }
    }

    public static Insight? Evaluate(TimeSeries monthly)
    {
        var d = Analyze(monthly);
        if (d is null || d.Test.PValue >= MaxP || d.Test.EpsilonSquared < MinEpsilon) return null;
        return ToInsight(d);
    }

    public static SeasonalityDetail? Analyze(TimeSeries monthly)
    {
        if (monthly.Y.Length < MinMonths) return null;
        var dates = monthly.T.Select(DateColumn.ToDateTime).ToArray();
        var average = MovingAverages(monthly);
        var groups = Enumerable.Range(0, 12).Select(_ => new List<double>()).ToArray();
        var deviations = new List<double>();
        var years = new HashSet<int>();
        for (var i = 0; i < dates.Length; i++)
        {
            if (!average.TryGetValue(dates[i].Year * 12 + dates[i].Month - 1, out var level)) continue;
            var deviation = monthly.Y[i] - level;
            groups[dates[i].Month - 1].Add(deviation);
            deviations.Add(deviation);
            years.Add(dates[i].Year);
        }
        if (groups.Count(g => g.Count >= 2) < 10 || years.Count < 2) return null;
        var kw = StatTests.KruskalWallis(groups.Where(g => g.Count > 0).Select(g => g.ToArray()).ToList());
        var means = groups.Select(g => g.Count > 0 ? g.Average() : double.NaN).ToArray();
        int peak = 0, trough = 0;
        for (var m = 1; m < 12; m++)
        {
            if (double.IsNaN(means[m])) continue;
            if (double.IsNaN(means[peak]) || means[m] > means[peak]) peak = m;
            if (double.IsNaN(means[trough]) || means[m] < means[trough]) trough = m;
        }
        return new SeasonalityDetail(monthly, means, peak + 1, trough + 1, kw, StatTests.Autocorrelation(deviations.ToArray(), 12), years.Count);
    }

    private static Insight ToInsight(SeasonalityDetail d)
    {
        if (d.Daily is not null) return DailyInsight(d);
        var s = d.Monthly;
        var amplitude = d.MonthMeans[d.PeakMonth - 1] - d.MonthMeans[d.TroughMonth - 1];
        var subject = s.Subject;
        var title = $"{Words.Cap(subject)} {Words.Verb(subject, "peaks", "peak")} every {Fmt.Month(d.PeakMonth)} and {Words.Verb(subject, "dips", "dip")} every {Fmt.Month(d.TroughMonth)}";
        var summary =
            $"Once the long-run trend is taken out, {subject} {Words.Verb(subject, "runs", "run")} highest in {Fmt.Month(d.PeakMonth)} ({Fmt.Signed(d.MonthMeans[d.PeakMonth - 1])}) and lowest in {Fmt.Month(d.TroughMonth)} ({Fmt.Signed(d.MonthMeans[d.TroughMonth - 1])}), a typical swing of {Fmt.Num(amplitude)} within a year. " +
            $"The calendar month explains most of that variation across {s.Y.Length} months of data (Kruskal-Wallis H = {Fmt.Num(d.Test.H)}, {Fmt.P(d.Test.PValue)}, ε² = {Fmt.Coef(d.Test.EpsilonSquared)}).";
        return new Insight(StoryKinds.Of<SeasonalityStory>(), [s.TimeColumn, s.Measure], title, summary, ["line", "bar"],
            "Kruskal-Wallis test of month-of-year effect on deviations from a centred 12-month moving average", d.Test.H, d.Test.PValue, d.Test.EpsilonSquared,
            s.Y.Length, Math.Sqrt(d.Test.EpsilonSquared), d);
    }

    private static void Seasonality(NarrativeBuilder nb, List<ChartImage> charts, SeasonalityDetail d)
    {
        var s = d.Monthly;
        string[] cols = [s.TimeColumn, s.Measure];
        const string rows = "monthly means, each minus its centred 12-month moving average";
        var peak = d.MonthMeans[d.PeakMonth - 1];
        var trough = d.MonthMeans[d.TroughMonth - 1];
        var m = H(s.Measure);
        if (d.Daily is { } daily) DailyLead(nb, d, daily, cols);
        nb.Paragraph($"{Cap(m)} {Words.Verb(m, "follows", "follow")} a yearly rhythm. Relative to {Words.Verb(m, "its", "their")} own moving yearly average, {Words.Verb(m, "it runs", "they run")} highest in {Fmt.Month(d.PeakMonth)} ({nb.N(peak, $"mean {Fmt.Month(d.PeakMonth)} deviation from the moving average", cols, rows, Fmt.Signed)}) and lowest in {Fmt.Month(d.TroughMonth)} ({nb.N(trough, $"mean {Fmt.Month(d.TroughMonth)} deviation from the moving average", cols, rows, Fmt.Signed)}): a typical swing of {nb.N(peak - trough, "peak minus trough of the month-of-year means", cols, rows)} within a year.");
        nb.Paragraph($"The evidence: the data covers {nb.Int(s.Y.Length, "number of months with data", cols, rows)} months in {nb.Int(d.Years, "number of calendar years with a moving average", cols, rows)} calendar years. Comparing the twelve calendar months with a Kruskal-Wallis test gives H = {nb.N(d.Test.H, "Kruskal-Wallis H over months of the year", cols, rows)} ({nb.P(d.Test.PValue, "Kruskal-Wallis p-value", cols, rows)}); the month explains a {SegmentStory.EffectWord(d.Test.EpsilonSquared)} share of the variation (ε² = {nb.Coef(d.Test.EpsilonSquared, "epsilon squared effect size", cols, rows)}). " +
            (double.IsFinite(d.Acf12) ? $"The same pattern repeats a year later: the autocorrelation at a lag of twelve months is {nb.Coef(d.Acf12, "autocorrelation of the de-trended monthly series at lag 12", cols, rows)}." : ""));
        if (d.Daily is { } days) DailyEvidence(nb, days, cols);
        nb.Evidence("Taking out a centred twelve-month moving average first means that a long-term rise or fall (even steady growth within each year) does not masquerade as seasonality: what remains is the within-year pattern.");
        var counted = s.Aggregation == "count";
        charts.Add(ChartFactory.Line(counted ? Cap(H(s.Measure)) : $"Monthly {H(s.Measure)}", s.TimeColumn, counted ? Cap(H(s.Measure)) : $"Mean {H(s.Measure)}", s.T, s.Y, false));
        var labels = Enumerable.Range(1, 12).Select(m => Fmt.Month(m)[..3]).ToList();
        charts.Add(ChartFactory.Bars($"{Cap(H(s.Measure))} by calendar month, relative to the moving average", "Month", $"Deviation of {H(s.Measure)}", labels,
            d.MonthMeans.Select(v => double.IsNaN(v) ? 0 : v).ToList()));
    }
}
