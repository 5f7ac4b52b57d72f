using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <param name="High">True for record highs, false for record lows.</param>
/// <param name="Top">Indices of the k most extreme points, most extreme first.</param>
/// <param name="RecentWindow">How many final points count as recent.</param>
/// <param name="InWindow">How many of the k most extreme points fall in the recent window.</param>
public sealed record RecordDetail(TimeSeries Series, bool High, IReadOnlyList<int> Top, int RecentWindow, int InWindow, double PValue);

/// <summary>
/// Record highs (or lows) that crowd into the end of a series: of its k most extreme points, how many fall in the last
/// fifth, against a hypergeometric test of the same count landing there by chance.
/// </summary>
public sealed class RecordStory : StoryKind<RecordDetail>
{
    public override string Name => "record";

    public override double Weight => 0.75;

    public override IReadOnlyList<string> SteeringWords { get; } = ["record", "highest", "lowest", "ever", "hottest", "warmest"];

    public override bool IsAboutTime => true;

    protected override void Write(StoryDraft s, RecordDetail d) => Record(s.Text, s.Charts, d);

    protected override string? Contradiction(Insight insight, RecordDetail d) => ClaimChecks.Record(d.Series.Y, d.High, d.Top);

    public override string? Caveat => "Recent records usually mean a trend; whether it continues, the data cannot say.";

    public const int MinPoints = 20;
    public const double MaxP = 0.001;
    private const int MaxMeasures = 40;


    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        if (table.Time.Axis is not { } time) yield break;
        foreach (var measure in table.Numeric.Take(MaxMeasures))
        {
            var series = TimeSeriesBuilder.Pooled(table, time, measure);
            if (series is null || TimeSeriesBuilder.AveragingOf(table, series) == Averaging.FewSeries) continue;
            var best = new[] { Analyze(series, high: true), Analyze(series, high: false) }
                .Where(d => d is not null && d.PValue < MaxP).OrderBy(d => d!.PValue).FirstOrDefault();
            if (best is not null) yield return ToInsight(best);
        }
    }

    public static RecordDetail? Analyze(TimeSeries series, bool high)
    {
        var y = series.Y;
        var n = y.Length;
        if (n < MinPoints) return null;
        var k = Math.Clamp(n / 10, 5, 10);
        var window = (int)Math.Ceiling(n * 0.2);
        var top = Enumerable.Range(0, n).OrderBy(i => high ? -y[i] : y[i]).ThenByDescending(i => i).Take(k).ToList();
        var inWindow = top.Count(i => i >= n - window);
        if (inWindow * 2 < k) return null;
        return new RecordDetail(series, high, top, window, inWindow, HypergeometricUpperTail(n, window, k, inWindow));
    }

    /// <summary>P(X ≥ x) when k of n points are drawn without replacement and w of the n are "recent".</summary>
    public static double HypergeometricUpperTail(int n, int w, int k, int x)
    {
        double total = 0;
        for (var i = x; i <= Math.Min(k, w); i++)
        {
            total += Math.Exp(LogChoose(w, i) + LogChoose(n - w, k - i) - LogChoose(n, k));
        }
        return Math.Min(1, total);

        static double LogChoose(int a, int b) => b < 0 || b > a ? double.NegativeInfinity
            : SpecialFunctions.LogGamma(a + 1) - SpecialFunctions.LogGamma(b + 1) - SpecialFunctions.LogGamma(a - b + 1);
    }

    private static Insight ToInsight(RecordDetail d)
    {
        var s = d.Series;
        var subject = s.Subject;
        var best = d.Top[0];
        var word = d.High ? "highest" : "lowest";
        var first = s.Describe(s.T.Length - d.RecentWindow);
        var title = $"{Words.Cap(subject)} reached {Words.Verb(subject, "its", "their")} {word} level in {s.Describe(best)}: {d.InWindow} of the {d.Top.Count} {word} values came from {first} on";
        var summary =
            $"The {word} {subject} on record is {Fmt.Num(s.Y[best])} in {s.Describe(best)}, and {d.InWindow} of the {d.Top.Count} {word} values fall in the last {d.RecentWindow} of {s.Y.Length} {TrendStory.PointName(s)} points (from {first} on). " +
            $"If the {word} values could have come at any time, that many landing so late would be very unlikely (hypergeometric test, {Fmt.P(d.PValue)}).";
        return new Insight(StoryKinds.Of<RecordStory>(), [s.TimeColumn, s.Measure], title, summary, ["line", "bar"],
            "Recency of the k most extreme values (hypergeometric test)", d.InWindow, d.PValue, d.InWindow / (double)d.Top.Count, s.Y.Length,
            Math.Clamp(0.8 * d.InWindow / d.Top.Count, 0, 1), d);
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
        nb.Paragraph($"The evidence: if the {word} values could have fallen anywhere in the series, {d.InWindow} or more of {d.Top.Count} landing in the last fifth would be very unlikely (hypergeometric test, {nb.P(d.PValue, "hypergeometric upper-tail p-value", cols, rows)}).");
        charts.Add(ChartFactory.Line($"{Cap(subject)}, with its {d.Top.Count} {word} values marked", H(s.TimeColumn), Cap(H(s.Measure)), s.T, s.Y, s.TimeIsYear, markers: d.Top.Select(i => s.T[i]).ToList()));
        var ordered = d.Top.OrderBy(i => d.High ? -s.Y[i] : s.Y[i]).ToList();
        charts.Add(ChartFactory.Bars($"The {d.Top.Count} {word} values of {subject}", H(s.TimeColumn), Cap(H(s.Measure)), ordered.Select(s.Describe).ToList(), ordered.Select(i => s.Y[i]).ToList(),
            highlight: 0, highlightWhere: ordered.Select(i => i >= s.Y.Length - d.RecentWindow).ToList()));
    }
}
