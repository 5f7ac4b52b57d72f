using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;

namespace DataStoryBot.Core.Analyst.Detectors;

public sealed record DistributionDetail(string Column, int N, int Missing, double Mean, double Median, double StdDev, double Q1, double Q3, double Min, double Max, JarqueBeraResult Test);

/// <summary>Distribution shape: skewness, excess kurtosis, Jarque-Bera test and Sarle's bimodality coefficient.</summary>
public sealed class DistributionDetector : IInsightDetector
{
    public const int MinN = 30;
    public const double MinSkew = 1;
    public const double BimodalThreshold = 0.555;

    public InsightType Type => InsightType.Distribution;

    public IEnumerable<Insight> Detect(AnalysisTable table)
    {
        foreach (var column in table.Numeric)
        {
            var name = Words.Human(column.Name);
            var d = Analyze(table, column);
            if (d is null || !(d.Test.PValue < 0.001)) continue;
            var skew = d.Test.Skewness;
            var bimodal = Math.Abs(skew) < 0.5 && d.Test.ExcessKurtosis < -0.8 && d.Test.BimodalityCoefficient > BimodalThreshold;
            if (Math.Abs(skew) < MinSkew && !bimodal) continue;
            string title, first;
            if (bimodal)
            {
                title = $"{Words.Cap(name)} {Words.Verb(name, "splits", "split")} into two groups";
                first = $"{Words.Cap(name)} {Words.Verb(name, "does", "do")} not cluster around one typical value: its bimodality coefficient is {Fmt.Coef(d.Test.BimodalityCoefficient)}, above the {Fmt.Num(BimodalThreshold)} that suggests two peaks, with a median of {Fmt.Num(d.Median)}.";
            }
            else
            {
                var right = skew > 0;
                title = right
                    ? $"{Words.Cap(name)}: most values are small, but a few very large ones pull the average up"
                    : $"{Words.Cap(name)}: most values are large, but a few very small ones pull the average down";
                first = $"The mean {name} is {Fmt.Num(d.Mean)} but the median only {Fmt.Num(d.Median)}, because a long tail of {(right ? "large" : "small")} values (skewness {Fmt.Coef(skew)}) pulls the average {(right ? "up" : "down")}.";
            }
            var summary = first + $" A Jarque-Bera test rejects a normal shape across {Fmt.Int(d.N)} values (JB = {Fmt.Num(d.Test.Statistic)}, {Fmt.P(d.Test.PValue)}).";
            yield return new Insight(InsightType.Distribution, [column.Name], title, summary, ["histogram", "box"],
                "Skewness, kurtosis, Jarque-Bera test and bimodality coefficient", d.Test.Statistic, d.Test.PValue,
                bimodal ? d.Test.BimodalityCoefficient : skew, d.N, bimodal ? 0.6 : Math.Clamp(Math.Abs(skew) / 5, 0, 1), d);
        }
    }

    public static DistributionDetail? Analyze(AnalysisTable table, NumericColumn column)
    {
        var s = table.SortedFinite(column);
        if (s.Length < MinN) return null;
        return new DistributionDetail(column.Name, s.Length, column.Values.Length - s.Length, Descriptive.Mean(s),
            Descriptive.QuantileSorted(s, 0.5), Descriptive.StdDev(s), Descriptive.QuantileSorted(s, 0.25), Descriptive.QuantileSorted(s, 0.75),
            s[0], s[^1], StatTests.JarqueBera(s));
    }
}
