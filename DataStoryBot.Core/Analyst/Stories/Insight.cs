using DataStoryBot.Core.Engines;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>A finding with its statistic. <see cref="Detail"/> holds the computed values the narrative and charts use.</summary>
public sealed record Insight(
    StoryKind Kind,
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

    public double Score => Impact * Significance * Kind.Weight;

    /// <summary>The file's columns the evidence names: <see cref="Columns"/>, with a derived measure (a duration)
    /// replaced by the columns it is computed from, so refine loads them and a reader can find them in the file.</summary>
    public IReadOnlyList<string> EvidenceColumns { get; init; } = Columns;

    public static double SignificanceFromP(double? p) =>
        p is null || double.IsNaN(p.Value) ? 0.5 : Math.Clamp(-Math.Log10(Math.Max(p.Value, 1e-300)) / 6.0, 0, 1);

    public StoryCandidate ToCandidate() => new(
        Title,
        Summary,
        ChartTypes,
        new StoryEvidence(Test, Round(Statistic), Round(PValue), Round(EffectSize), N, EvidenceColumns, Kind.Name));

    private static double? Round(double? v) => v is null || !double.IsFinite(v.Value) ? null : Math.Round(v.Value, 6) == 0 && v.Value != 0 ? v : Math.Round(v.Value, 6);
}
