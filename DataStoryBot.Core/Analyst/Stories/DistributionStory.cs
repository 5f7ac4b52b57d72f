using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

public sealed record DistributionDetail(string Column, int N, int Missing, double Mean, double Median, double StdDev, double Q1, double Q3, double Min, double Max, JarqueBeraResult Test);

/// <summary>Distribution shape: skewness, excess kurtosis, Jarque-Bera test and Sarle's bimodality coefficient.</summary>
public sealed class DistributionStory : StoryKind<DistributionDetail>
{
    public override string Name => "distribution";

    public override double Weight => 0.4;

    public override IReadOnlyList<string> SteeringWords { get; } = ["distribut", "skew", "spread", "shape", "typical"];

    public override string? Caveat => "The shape is that of these rows; for a lopsided measure the average says little about a typical case, so the median is the better guide.";

    protected override void Write(StoryDraft s, DistributionDetail d) => Distribution(s.Text, s.Charts, s.Table, d, tested: true);

    public const int MinN = 30;
    public const double MinSkew = 1;
    public const double BimodalThreshold = 0.555;


    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        if (NotASample(table)) yield break;
        // Waiting times are always skewed (a few very long waits): that is their nature, not a finding.
        foreach (var column in table.Numeric.Where(c => c.Duration is null))
        {
            var name = Words.Human(column.Name);
            var d = Analyze(table, column);
            if (d is null || !(d.Test.PValue < 0.001)) continue;
            var skew = d.Test.Skewness;
            var bimodal = Math.Abs(skew) < 0.5 && d.Test.ExcessKurtosis < -0.8 && d.Test.BimodalityCoefficient > BimodalThreshold;
            if (Math.Abs(skew) < MinSkew && !bimodal) continue;
            if (!bimodal && Expected(table, column, d)) continue;
            string title, first;
            if (bimodal)
            {
                title = $"{Words.Cap(name)} {Words.Verb(name, "splits", "split")} into two groups";
                first = $"{Words.Cap(name)} {Words.Verb(name, "does", "do")} not cluster around one typical value (median {Fmt.Num(d.Median)}). Its bimodality coefficient of {Fmt.Coef(d.Test.BimodalityCoefficient)} is above the {Fmt.Num(BimodalThreshold)} that suggests two peaks.";
            }
            else
            {
                var right = skew > 0;
                title = right
                    ? $"{Words.Cap(name)}: most values are small, but a few very large ones pull the average up"
                    : $"{Words.Cap(name)}: most values are large, but a few very small ones pull the average down";
                first = $"The mean {name} is {Fmt.Num(d.Mean)} but the median only {Fmt.Num(d.Median)}, because a long tail of {(right ? "large" : "small")} values pulls the average {(right ? "up" : "down")}.";
            }
            var summary = first + $" A Jarque-Bera test rejects a normal shape across {Fmt.Int(d.N)} values ({(bimodal ? "" : $"skewness {Fmt.Coef(skew)}, ")}JB = {Fmt.Num(d.Test.Statistic)}, {Fmt.P(d.Test.PValue)}).";
            yield return new Insight(StoryKinds.Of<DistributionStory>(), [column.Name], title, summary, ["histogram", "box"],
                "Skewness, kurtosis, Jarque-Bera test and bimodality coefficient", d.Test.Statistic, d.Test.PValue,
                bimodal ? d.Test.BimodalityCoefficient : skew, d.N, bimodal ? 0.6 : Math.Clamp(Math.Abs(skew) / 5, 0, 1), d);
        }
    }

    /// <summary>The share of zeros at or above which a measure is "mostly none, a few many" (rain, affairs, hurricanes).</summary>
    public const double MostlyZero = 0.25;

    /// <summary>The least gap between mean and median, as a share of the middle half's width, for a tail to "pull the average".</summary>
    public const double MinPull = 0.1;

    /// <summary>
    /// Whether a lopsided shape is expected, not news (issue 22, item 5): the time axis; any measure of a table whose
    /// rows are a design's cells or repeated measurements of the same subjects; any measure of a table that is
    /// one series over time (its values are its path); a size or exposure column
    /// (population, students, policies) or a measure that grows with one (deaths with population); a count of events
    /// that is mostly zero (a right skew there is how counts are); or a tail too thin to move the mean off the median.
    /// </summary>
    public static bool Expected(AnalysisTable table, NumericColumn column, DistributionDetail d)
    {
        if (table.Time.Axis?.Name == column.Name || table.Model.Factors.Contains(column.Name)) return true;
        if (NotASample(table)) return true;
        // The values of one series over time are its path, not a sample: a rising price is "skewed" by its late years.
        if (table.Time.IsSeries && table.Time.Axis is not null) return true;
        if (!(Math.Abs(d.Mean - d.Median) >= MinPull * (d.Q3 - d.Q1))) return true;
        if (d.Test.Skewness <= 0) return false;
        if (StoryDiscovery.IsSize(table, column.Name)) return true;
        var values = column.Values;
        int finite = 0, zeros = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            finite++;
            if (v == 0) zeros++;
        }
        if (d.Min >= 0 && finite > 0 && zeros >= MostlyZero * finite) return true;
        // A count that follows the size of what a row covers (cancer deaths and county population).
        var sizes = table.Numeric.Where(c => c.Name != column.Name && StoryDiscovery.IsSize(table, c.Name)).ToList();
        if (sizes.Count == 0) return false;
        var rows = Descriptive.EvenlySpaced(table.RowCount, CorrelationStory.ScreenRows);
        var x = rows.Select(r => values[r]).ToArray();
        return sizes.Any(s => StatTests.Pearson(x, rows.Select(r => s.Values[r]).ToArray()) is { N: >= CorrelationStory.MinN } r && r.R >= 0.5);
    }

    /// <summary>
    /// Rows that are the cells of a design (a life table by age, yields by site and variety) or repeated measurements of
    /// the same subjects are not a sample of anything: their pooled shape, lopsided or two-humped, is the grid's spacing
    /// or a few subjects counted many times, not how the quantity is spread (issue 22, item 5).
    /// </summary>
    public static bool NotASample(AnalysisTable table) => table.Model.Factors.Count > 0 || table.Model.Kind == RowKind.Repeated;

    public static DistributionDetail? Analyze(AnalysisTable table, NumericColumn column)
    {
        var s = table.SortedFinite(column);
        if (s.Length < MinN) return null;
        return new DistributionDetail(column.Name, s.Length, column.Values.Length - s.Length, Descriptive.Mean(s),
            Descriptive.QuantileSorted(s, 0.5), Descriptive.StdDev(s), Descriptive.QuantileSorted(s, 0.25), Descriptive.QuantileSorted(s, 0.75),
            s[0], s[^1], StatTests.JarqueBera(s));
    }

    internal static void Distribution(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, DistributionDetail d, bool tested)
    {
        string[] cols = [d.Column];
        var rows = $"{AllRows(table)} with a value";
        var (name, unit) = ColumnWords.Split(d.Column);
        if (tested && double.IsFinite(d.Test.Skewness) && Math.Abs(d.Test.Skewness) >= 1)
        {
            var right = d.Test.Skewness > 0;
            var median = nb.N(d.Median, "median", cols, rows);
            var mean = nb.N(d.Mean, "mean", cols, rows);
            nb.Lead($"{Cap(name)} is lopsided: half of the {table.Noun} have {(right ? "less" : "more")} than {unit?.Amount(median) ?? median}, but a few very {(right ? "large" : "small")} values pull the average {(right ? "up" : "down")} to {unit?.Amount(mean) ?? mean}.");
        }
        else if (tested && double.IsFinite(d.Test.Skewness))
        {
            nb.Lead($"{Cap(name)} does not bunch around one typical value: the values are spread flat or in two humps rather than a bell shape, so an average describes few of the {table.Noun}.");
        }
        nb.Paragraph($"Across {nb.Int(d.N, "rows with a value", cols, rows)} rows, {H(d.Column)} has a median of {nb.N(d.Median, "median", cols, rows)} and a mean of {nb.N(d.Mean, "mean", cols, rows)}. The middle half of the values lies between {nb.N(d.Q1, "first quartile", cols, rows)} and {nb.N(d.Q3, "third quartile", cols, rows)}, and the full range runs from {nb.N(d.Min, "minimum", cols, rows)} to {nb.N(d.Max, "maximum", cols, rows)}.");
        if (tested && double.IsFinite(d.Test.Skewness))
        {
            var right = d.Test.Skewness > 0;
            nb.Evidence($"The shape: skewness is {nb.Coef(d.Test.Skewness, "sample skewness", cols, rows)} and excess kurtosis {nb.Coef(d.Test.ExcessKurtosis, "sample excess kurtosis", cols, rows)}; " +
                (Math.Abs(d.Test.Skewness) >= 1 ? $"a long tail of {(right ? "large" : "small")} values pulls the mean {(right ? "above" : "below")} the median, so the median is the better 'typical' value. " : $"the bimodality coefficient of {nb.Coef(d.Test.BimodalityCoefficient, "Sarle's bimodality coefficient", cols, rows)} suggests a flat or two-humped shape rather than one peak. ") +
                $"A Jarque-Bera test rejects a normal shape (JB = {nb.N(d.Test.Statistic, "Jarque-Bera statistic", cols, rows)}, {nb.P(d.Test.PValue, "Jarque-Bera p-value", cols, rows)}).");
        }
        else
        {
            nb.Evidence($"These are plain quantiles of the {nb.Int(d.N, "rows with a value", cols, rows)} values; the standard deviation is {nb.N(d.StdDev, "sample standard deviation", cols, rows)}. No test was run: the data did not show a trend, relationship or difference strong enough to pass the engine's significance and effect-size thresholds.");
        }
        var values = ((NumericColumn)table.Find(d.Column)!).Values;
        charts.Add(ChartFactory.Histogram($"Distribution of {H(d.Column)}", d.Column, values));
        charts.Add(ChartFactory.Boxes($"Spread of {H(d.Column)}", "", d.Column, [(d.Column, values)]));
    }
}
