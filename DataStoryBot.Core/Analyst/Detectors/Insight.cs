using DataStoryBot.Core.Engines;

namespace DataStoryBot.Core.Analyst.Detectors;

public enum InsightType
{
    Trend,
    ChangePoint,
    Seasonality,
    Outliers,
    OutstandingCategory,
    Concentration,
    Correlation,
    SegmentDifference,
    Distribution,
    Descriptive,
    Drawdown,
    Cycle,
    GroupSeries,
    Record,
}

/// <summary>A finding with its statistic. <see cref="Detail"/> holds the computed values the narrative and charts use.</summary>
public sealed record Insight(
    InsightType Type,
    IReadOnlyList<string> Columns,
    string Title,
    string Summary,
    IReadOnlyList<string> ChartTypes,
    string Test,
    double? Statistic,
    double? PValue,
    double EffectSize,
    long N,
    double Impact,
    object Detail)
{
    /// <summary>How strongly the evidence speaks, 0..1: from the p-value (or, without a test, set by the detector).</summary>
    public double Significance { get; init; } = SignificanceFromP(PValue);

    public double Score => Impact * Significance * TypeWeight(Type);

    public static double SignificanceFromP(double? p) =>
        p is null || double.IsNaN(p.Value) ? 0.5 : Math.Clamp(-Math.Log10(Math.Max(p.Value, 1e-300)) / 6.0, 0, 1);

    /// <summary>What a reader usually finds most telling first: change over time and relationships before shape.</summary>
    public static double TypeWeight(InsightType type) => type switch
    {
        InsightType.Trend => 1.0,
        InsightType.GroupSeries => 1.0,
        InsightType.Drawdown => 0.95,
        InsightType.Cycle => 0.9,
        InsightType.Record => 0.75,
        InsightType.Seasonality => 0.95,
        InsightType.Correlation => 0.9,
        InsightType.ChangePoint => 0.85,
        InsightType.SegmentDifference => 0.8,
        InsightType.OutstandingCategory => 0.7,
        InsightType.Concentration => 0.65,
        InsightType.Outliers => 0.5,
        InsightType.Distribution => 0.4,
        _ => 0.1,
    };

    public static string TypeName(InsightType type) => type switch
    {
        InsightType.Trend => "trend",
        InsightType.ChangePoint => "change_point",
        InsightType.Seasonality => "seasonality",
        InsightType.Outliers => "outliers",
        InsightType.OutstandingCategory => "outstanding_category",
        InsightType.Concentration => "concentration",
        InsightType.Correlation => "correlation",
        InsightType.SegmentDifference => "segment_difference",
        InsightType.Distribution => "distribution",
        InsightType.Drawdown => "drawdown",
        InsightType.Cycle => "cycle",
        InsightType.GroupSeries => "group_series",
        InsightType.Record => "record",
        _ => "descriptive",
    };

    public static InsightType? ParseTypeName(string? name) =>
        Enum.GetValues<InsightType>().Cast<InsightType?>().FirstOrDefault(t => TypeName(t!.Value) == name);

    public StoryCandidate ToCandidate() => new(
        Title,
        Summary,
        ChartTypes,
        new StoryEvidence(Test, Round(Statistic), Round(PValue), Round(EffectSize), N, Columns, TypeName(Type)));

    private static double? Round(double? v) => v is null || !double.IsFinite(v.Value) ? null : Math.Round(v.Value, 6) == 0 && v.Value != 0 ? v : Math.Round(v.Value, 6);
}

/// <summary>A detector of one insight type over a table.</summary>
public interface IInsightDetector
{
    InsightType Type { get; }

    IEnumerable<Insight> Detect(Data.AnalysisTable table);
}
