using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>
/// The calendar-month test on the days (or finer rows) behind a monthly series.
/// </summary>
/// <param name="Days">Rows tested: each one's value minus its month's centred 12-month moving average.</param>
/// <param name="H">Kruskal-Wallis H over the rows grouped by calendar month.</param>
/// <param name="Rho">Lag-1 autocorrelation of the rows' residuals (value minus its calendar month's mean), in time order.</param>
/// <param name="EffectiveDays">Days × (1 − ρ) / (1 + ρ): how many independent rows the correlated rows are worth.</param>
/// <param name="HEffective">H scaled to the effective number of rows.</param>
/// <param name="PValue">Chi-square p-value of <paramref name="HEffective"/>, Bonferroni-corrected over <paramref name="Tests"/> measures.</param>
/// <param name="PeakMean">Mean of the monthly values in the peak calendar month (not de-trended), or NaN.</param>
/// <param name="TroughMean">Mean of the monthly values in the trough calendar month (not de-trended), or NaN.</param>
public sealed record DailyMonthTest(int Days, double H, double Rho, double EffectiveDays, double HEffective, double PValue, int Tests, double PeakMean, double TroughMean)
{
    /// <summary>Peak-month mean over trough-month mean, told only for a quantity whose zero means none of it.</summary>
    public double Ratio => double.IsFinite(PeakMean) && double.IsFinite(TroughMean) && TroughMean > 0 ? PeakMean / TroughMean : double.NaN;
}

public sealed partial class SeasonalityStory
{
    /// <summary>A month must hold at least this many rows on average for its days to be tested.</summary>
    public const int MinRowsPerMonth = 4;

    /// <summary>
    /// A yearly cycle in daily (or finer) data over only a few years. The test on the monthly values (three or four per
    /// calendar month) cannot reach <see cref="MaxP"/> however strong the cycle, so the calendar month is tested on the
    /// rows themselves: each row's value minus its month's centred 12-month moving average (the trend out, as for the
    /// months), grouped by calendar month (Kruskal-Wallis). Consecutive days are not independent, so H is scaled to the
    /// effective number of rows, n(1 − ρ)/(1 + ρ) with ρ the lag-1 autocorrelation of the rows' residuals (a wandering
    /// series such as a price is worth almost nothing), and the p-value is Bonferroni-corrected over the measures tried.
    /// The effect size stays the months' own: the calendar month must explain at least <see cref="MinEpsilon"/> of the
    /// monthly deviations.
    /// </summary>
    public static Insight? EvaluateDaily(AnalysisTable table, DateColumn time, NumericColumn measure, TimeSeries monthly, int tests)
    {
        // Only a series (about one row per time point): a table of events averaged per month is no daily series.
        if (!table.Time.IsSeries || table.Time.IsPanel || monthly.Aggregation != "mean" || monthly.Granularity != "month") return null;
        if (monthly.RowsUsed < MinRowsPerMonth * monthly.Y.Length) return null;
        var d = Analyze(monthly);
        if (d is null || !(d.Test.EpsilonSquared >= MinEpsilon)) return null;
        var average = MovingAverages(monthly);
        var rows = new List<(double T, int Month, double Deviation)>();
        var seen = new HashSet<double>();
        for (var r = 0; r < table.RowCount; r++)
        {
            var t = TimeSeriesBuilder.TimeValue(time, r);
            var v = measure.Values[r];
            if (!double.IsFinite(t) || !double.IsFinite(v)) continue;
            // One row per moment: rows sharing a time point (events, parallel series) are no daily series.
            if (!seen.Add(t)) return null;
            var date = DateColumn.ToDateTime(t);
            if (average.TryGetValue(date.Year * 12 + date.Month - 1, out var level)) rows.Add((t, date.Month, v - level));
        }
        rows.Sort((a, b) => a.T.CompareTo(b.T));
        var groups = Enumerable.Range(1, 12).Select(m => rows.Where(x => x.Month == m).Select(x => x.Deviation).ToArray()).ToList();
        if (groups.Any(g => g.Length < MinRowsPerMonth)) return null;
        var kw = StatTests.KruskalWallis(groups);
        if (!double.IsFinite(kw.H)) return null;
        var monthMean = groups.Select(g => g.Average()).ToArray();
        var residuals = rows.Select(x => x.Deviation - monthMean[x.Month - 1]).ToArray();
        var rho = StatTests.Autocorrelation(residuals, 1);
        if (!double.IsFinite(rho)) return null;
        var effective = rho > 0 ? rows.Count * (1 - rho) / (1 + rho) : rows.Count;
        var h = kw.H * effective / rows.Count;
        var p = Math.Min(1, SpecialFunctions.ChiSquareSurvival(h, kw.Df) * Math.Max(1, tests));
        if (!(p < MaxP)) return null;
        var (peakMean, troughMean) = RawMeans(monthly, measure.Name, d.PeakMonth, d.TroughMonth);
        return ToInsight(d with { Daily = new DailyMonthTest(rows.Count, kw.H, rho, effective, h, p, Math.Max(1, tests), peakMean, troughMean) });
    }

    /// <summary>
    /// Centred 2×12 moving average of each month (year·12 + month − 1) with at least twelve of its thirteen months present:
    /// months −6 and +6 at half weight, the eleven between at full weight. The monthly test and the daily one both take it out.
    /// </summary>
    internal static Dictionary<int, double> MovingAverages(TimeSeries monthly)
    {
        var byMonth = new Dictionary<int, double>();
        for (var i = 0; i < monthly.T.Length; i++)
        {
            var date = DateColumn.ToDateTime(monthly.T[i]);
            byMonth[date.Year * 12 + date.Month - 1] = monthly.Y[i];
        }
        var result = new Dictionary<int, double>();
        foreach (var key in byMonth.Keys)
        {
            double sum = 0, weight = 0;
            var present = 0;
            for (var k = -6; k <= 6; k++)
            {
                if (!byMonth.TryGetValue(key + k, out var v)) continue;
                var w = Math.Abs(k) == 6 ? 0.5 : 1;
                sum += w * v; weight += w; present++;
            }
            if (present >= 12) result[key] = sum / weight;
        }
        return result;
    }

    /// <summary>
    /// The plain calendar-month means of a quantity whose zero means none of it (never negative, not a temperature),
    /// when their highest and lowest months are the ones the de-trended test names; otherwise NaN.
    /// </summary>
    private static (double Peak, double Trough) RawMeans(TimeSeries monthly, string measure, int peakMonth, int troughMonth)
    {
        if (monthly.Y.Any(v => v < 0) || TimeSeriesBuilder.IntervalScale(measure)) return (double.NaN, double.NaN);
        var sums = new double[12];
        var counts = new int[12];
        for (var i = 0; i < monthly.T.Length; i++)
        {
            var m = DateColumn.ToDateTime(monthly.T[i]).Month - 1;
            sums[m] += monthly.Y[i];
            counts[m]++;
        }
        if (counts.Any(c => c == 0)) return (double.NaN, double.NaN);
        var means = sums.Select((s, m) => s / counts[m]).ToArray();
        var max = Array.IndexOf(means, means.Max()) + 1;
        var min = Array.IndexOf(means, means.Min()) + 1;
        return max == peakMonth && min == troughMonth ? (means[peakMonth - 1], means[troughMonth - 1]) : (double.NaN, double.NaN);
    }

    private static Insight DailyInsight(SeasonalityDetail d)
    {
        var s = d.Monthly;
        var daily = d.Daily!;
        var subject = s.Subject;
        string peak = Fmt.Month(d.PeakMonth), trough = Fmt.Month(d.TroughMonth);
        var ratio = daily.Ratio;
        var title = double.IsFinite(ratio)
            ? $"{Words.Cap(subject)} {Words.Verb(subject, "is", "are")} highest in {peak} and lowest in {trough}: {Fmt.Num(ratio)} times as much on average"
            : $"{Words.Cap(subject)} {Words.Verb(subject, "peaks", "peak")} every {peak} and {Words.Verb(subject, "dips", "dip")} every {trough}";
        var lead = double.IsFinite(ratio)
            ? $"Over {d.Years} years, {subject} {Words.Verb(subject, "averages", "average")} {Fmt.Num(daily.PeakMean)} in {peak} against {Fmt.Num(daily.TroughMean)} in {trough}, {Fmt.Num(ratio)} times as much. "
            : $"Once the long-run trend is taken out, {subject} {Words.Verb(subject, "runs", "run")} highest in {peak} ({Fmt.Signed(d.MonthMeans[d.PeakMonth - 1])}) and lowest in {trough} ({Fmt.Signed(d.MonthMeans[d.TroughMonth - 1])}). ";
        var summary = lead +
            $"The calendar month explains a large share of the month-to-month variation (ε² = {Fmt.Coef(d.Test.EpsilonSquared)}), and the {Fmt.Int(daily.Days)} days themselves rule out chance: consecutive days are correlated (ρ = {Fmt.Coef(daily.Rho)}), so they count as {Fmt.Int(daily.EffectiveDays)} independent days (Kruskal-Wallis H = {Fmt.Num(daily.HEffective)}, {Fmt.P(daily.PValue)} after a Bonferroni correction over {Fmt.Int(daily.Tests)} measures).";
        return new Insight(StoryKinds.Of<SeasonalityStory>(), [s.TimeColumn, s.Measure], title, summary, ["line", "bar"],
            "Kruskal-Wallis test of month-of-year effect on daily deviations from a centred 12-month moving average, scaled to the effective number of days (lag-1 autocorrelation), Bonferroni-corrected over measures",
            daily.HEffective, daily.PValue, d.Test.EpsilonSquared, daily.Days, Math.Sqrt(d.Test.EpsilonSquared), d);
    }

    /// <summary>The plain month means of a non-negative quantity, before the de-trended rhythm.</summary>
    private static void DailyLead(NarrativeBuilder nb, SeasonalityDetail d, DailyMonthTest daily, string[] cols)
    {
        var m = H(d.Monthly.Measure);
        if (double.IsFinite(daily.Ratio))
            nb.Paragraph($"Over the years in the data, {m} {Words.Verb(m, "averages", "average")} {nb.N(daily.PeakMean, $"mean of the monthly values in {Fmt.Month(d.PeakMonth)}", cols, "monthly means")} in {Fmt.Month(d.PeakMonth)} against {nb.N(daily.TroughMean, $"mean of the monthly values in {Fmt.Month(d.TroughMonth)}", cols, "monthly means")} in {Fmt.Month(d.TroughMonth)}: {nb.N(daily.Ratio, "peak-month mean over trough-month mean", cols, "monthly means")} times as much.");
    }

    /// <summary>The test on the days, after the months' own evidence.</summary>
    private static void DailyEvidence(NarrativeBuilder nb, DailyMonthTest daily, string[] cols)
    {
        const string rows = "daily rows, each minus its month's centred 12-month moving average";
        nb.Paragraph($"With only a few values per calendar month, the months alone cannot rule out chance, so the {nb.Int(daily.Days, "days tested (with a moving average)", cols, rows)} days are compared by calendar month. Consecutive days are correlated (lag-1 autocorrelation {nb.Coef(daily.Rho, "lag-1 autocorrelation of the days' residuals from their calendar month's mean", cols, rows)}), so they are counted as {nb.N(daily.EffectiveDays, "effective number of independent days, n(1 − ρ)/(1 + ρ)", cols, rows, Fmt.Int)} independent days: the Kruskal-Wallis test gives H = {nb.N(daily.HEffective, "Kruskal-Wallis H over calendar months, scaled to the effective number of days", cols, rows)} ({nb.P(daily.PValue, "Kruskal-Wallis p-value on the days, Bonferroni-corrected over the measures tried", cols, rows)} after a Bonferroni correction over the {nb.Int(daily.Tests, "measures tried for a yearly cycle (Bonferroni factor)", cols, rows)} measures tried).");
    }
}
