
using DataStoryBot.Core.Csv;

namespace DataStoryBot.Core.Engines;

public sealed record EngineContainer(string Id, DateTimeOffset CreatedAt, TimeSpan IdleTtl);

public sealed record EngineFile(string Id, string FileName, long Bytes);

/// <summary>How the data was sampled for an analysis.</summary>
public sealed record SamplingInfo(bool Sampled, long TotalRows, long RowsUsed, string? Method)
{
    public static SamplingInfo None(long rows) => new(false, rows, rows, null);
}

/// <summary>Where a result came from: engine, version, model and response ids, sampling, time.</summary>
public sealed record EngineProvenance(
    string Engine,
    string EngineVersion,
    string? Model,
    IReadOnlyList<string> ResponseIds,
    SamplingInfo Sampling,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt);

/// <summary>
/// The statistical (or model-stated) evidence behind a candidate. <see cref="Notes"/> says what was changed in it when it
/// was read, e.g. an out-of-range p-value the model stated that was dropped.
/// </summary>
/// <param name="Roles">Column roles the steering changed for this analysis (column → role, e.g. "dose" → "category"); null when none.</param>
public sealed record StoryEvidence(
    string Test,
    double? Statistic,
    double? PValue,
    double? EffectSize,
    long N,
    IReadOnlyList<string> Columns,
    string? InsightType = null,
    IReadOnlyList<string>? Notes = null,
    IReadOnlyDictionary<string, string>? Roles = null);

/// <summary>One story angle proposed by discovery.</summary>
public sealed record StoryCandidate(
    string Title,
    string Summary,
    IReadOnlyList<string> ChartTypes,
    StoryEvidence Evidence);

public sealed record DiscoveryRequest(
    string SessionId,
    string ContainerId,
    EngineFile DataFile,
    DatasetProfile Profile,
    string? Steering);

public sealed record DiscoveryResult(IReadOnlyList<StoryCandidate> Candidates, EngineProvenance Provenance);

/// <param name="Siblings">The session's other discovered stories (the reader has them already): an engine does not retell
/// them in this story's narrative. Empty when unknown.</param>
public sealed record RefineRequest(
    string SessionId,
    string ContainerId,
    EngineFile DataFile,
    DatasetProfile Profile,
    StoryCandidate Story,
    IReadOnlyList<StoryCandidate>? Siblings = null);

/// <summary>A file an engine produced in the container.</summary>
/// <param name="Description">For a chart: a short text description of what it plots (its alt text).</param>
/// <param name="DataFileId">For a chart: the container file with the plotted points as CSV, when the engine wrote one.</param>
/// <param name="SpecFileId">For a chart: the container file with a Vega-Lite v5 spec over those points, when the engine wrote one.</param>
/// <param name="Delimiter">For a CSV dataset: the delimiter the engine wrote it with (the built-in analyst keeps the upload's,
/// the OpenAI engine asks for a comma); formula-like cells are neutralised by it when the file is saved. A comma when null.</param>
public sealed record EngineArtifact(string FileId, string FileName, string ContentType, string? Title = null, string? Description = null,
    string? DataFileId = null, string? SpecFileId = null, char? Delimiter = null);

/// <summary>A number stated in the narrative with where it came from (columns, rows, computation).</summary>
public sealed record NarrativeFact(string Text, double Value, string Computation, IReadOnlyList<string> Columns, string Rows);

public sealed record RefineResult(
    EngineArtifact Narrative,
    IReadOnlyList<EngineArtifact> Charts,
    EngineArtifact? Dataset,
    IReadOnlyList<NarrativeFact> Facts,
    EngineProvenance Provenance);
