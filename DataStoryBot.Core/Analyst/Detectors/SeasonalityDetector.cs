using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;

namespace DataStoryBot.Core.Analyst.Detectors;

/// <param name="MonthMeans">Mean anomaly (monthly value minus its year's mean) for January..December (NaN if absent).</param>
public sealed record SeasonalityDetail(TimeSeries Monthly, double[] MonthMeans, int PeakMonth, int TroughMonth, KruskalWallisResult Test, double Acf12, int Years);

/// <summary>Yearly cycle: monthly means minus each year's mean, compared across calendar months (Kruskal-Wallis, ε²), plus lag-12 autocorrelation.</summary>
public sealed class SeasonalityDetector : IInsightDetector
{
    public const int MinMonths = 24;
    public const double MinEpsilon = 0.3;
    public const double MaxP = 0.001;
    private const int MaxMeasures = 40;

    public InsightType Type => InsightType.Seasonality;

    public IEnumerable<Insight> Detect(AnalysisTable table)
    {
        var allRows = Enumerable.Range(0, table.RowCount).ToArray();
        foreach (var time in table.Dates.Take(2))
        {
            foreach (var measure in table.Numeric.Where(m => !m.IsYear).Take(MaxMeasures))
            {
                var series = TimeSeriesBuilder.Build(time, measure, allRows, forceGranularity: "month");
                if (series is null) continue;
                var d = Analyze(series);
                if (d is null || d.Test.PValue >= MaxP || d.Test.EpsilonSquared < MinEpsilon) continue;
                yield return ToInsight(d);
            }
        }
    }

    public static SeasonalityDetail? Analyze(TimeSeries monthly)
    {
        if (monthly.Y.Length < MinMonths) return null;
        var dates = monthly.T.Select(DateColumn.ToDateTime).ToArray();
        var byYear = new Dictionary<int, List<double>>();
        for (var i = 0; i < dates.Length; i++)
        {
            if (!byYear.TryGetValue(dates[i].Year, out var list)) byYear[dates[i].Year] = list = [];
            list.Add(monthly.Y[i]);
        }
        var yearMean = byYear.Where(kv => kv.Value.Count >= 6).ToDictionary(kv => kv.Key, kv => kv.Value.Average());
        if (yearMean.Count < 2) return null;
        var groups = Enumerable.Range(0, 12).Select(_ => new List<double>()).ToArray();
        var anomalies = new List<double>();
        for (var i = 0; i < dates.Length; i++)
        {
            if (!yearMean.TryGetValue(dates[i].Year, out var m)) continue;
            var a = monthly.Y[i] - m;
            groups[dates[i].Month - 1].Add(a);
            anomalies.Add(a);
        }
        if (groups.Count(g => g.Count > 0) < 6) return null;
        var kw = StatTests.KruskalWallis(groups.Select(g => g.ToArray()).ToList());
        var means = groups.Select(g => g.Count > 0 ? g.Average() : double.NaN).ToArray();
        int peak = 0, trough = 0;
        for (var m = 1; m < 12; m++)
        {
            if (double.IsNaN(means[m])) continue;
            if (double.IsNaN(means[peak]) || means[m] > means[peak]) peak = m;
            if (double.IsNaN(means[trough]) || means[m] < means[trough]) trough = m;
        }
        return new SeasonalityDetail(monthly, means, peak + 1, trough + 1, kw, StatTests.Autocorrelation(anomalies.ToArray(), 12), yearMean.Count);
    }

    private static Insight ToInsight(SeasonalityDetail d)
    {
        var s = d.Monthly;
        var amplitude = d.MonthMeans[d.PeakMonth - 1] - d.MonthMeans[d.TroughMonth - 1];
        var title = $"{TrendDetector.Capitalize(s.Measure)} follows a yearly cycle, peaking in {Fmt.Month(d.PeakMonth)}";
        var summary =
            $"Compared with each year's average, {s.Measure} runs highest in {Fmt.Month(d.PeakMonth)} ({Fmt.Signed(d.MonthMeans[d.PeakMonth - 1])}) and lowest in {Fmt.Month(d.TroughMonth)} ({Fmt.Signed(d.MonthMeans[d.TroughMonth - 1])}), a typical swing of {Fmt.Num(amplitude)} within a year. " +
            $"The calendar month explains most of that variation across {s.Y.Length} months of data (Kruskal-Wallis H = {Fmt.Num(d.Test.H)}, {Fmt.P(d.Test.PValue)}, ε² = {Fmt.Coef(d.Test.EpsilonSquared)}).";
        return new Insight(InsightType.Seasonality, [s.TimeColumn, s.Measure], title, summary, ["line", "bar"],
            "Kruskal-Wallis test of month-of-year effect on de-trended monthly means", d.Test.H, d.Test.PValue, d.Test.EpsilonSquared,
            s.Y.Length, Math.Sqrt(d.Test.EpsilonSquared), d);
    }
}
