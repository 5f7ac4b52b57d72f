using DataStoryBot.Core.Engines;

namespace DataStoryBot.Core.Sessions;

/// <summary>A story found by discovery, with the id its URLs use.</summary>
public sealed record StoredStory(string StoryId, StoryCandidate Candidate);

/// <summary>The discovery result kept on a session.</summary>
public sealed record StoredDiscovery(string JobId, IReadOnlyList<StoredStory> Stories, EngineProvenance Provenance, string DataSha256);

/// <param name="Alt">A short text description of what the chart plots (its alt text); null for charts saved before there was one.</param>
/// <param name="DataBlob">The plotted points as CSV, when the engine wrote them.</param>
/// <param name="SpecBlob">A Vega-Lite v5 spec over those points, when the engine wrote one.</param>
public sealed record StoredChart(string ChartId, string FileName, string? Title, string BlobPath, long Bytes, string Sha256, string? Alt = null,
    string? DataBlob = null, string? SpecBlob = null);

/// <summary>A refined story: its artifacts in Blob storage and where they came from.</summary>
public sealed record StoredRefinement(
    string StoryId,
    string Title,
    string JobId,
    string NarrativeBlob,
    IReadOnlyList<StoredChart> Charts,
    string? DatasetBlob,
    string FactsBlob,
    EngineProvenance Provenance,
    string DataSha256,
    DateTimeOffset CompletedAt);

/// <summary>The container currently holding the session's data, if any.</summary>
public sealed record SessionContainer(string ContainerId, EngineFile DataFile, DateTimeOffset CreatedAt);

/// <summary>A session as stored in Table storage (one row, partition = session id).</summary>
public sealed record SessionRecord
{
    public required string SessionId { get; init; }
    public required string TokenHash { get; init; }
    public required string FileName { get; init; }
    /// <summary>Blob path of the original bytes as uploaded.</summary>
    public required string OriginalBlob { get; init; }
    /// <summary>
    /// Blob path of the UTF-8 normalized copy the engines read. The same path as <see cref="OriginalBlob"/> when the
    /// original already is UTF-8 without a BOM (one blob serves both); <c>uploads/{id}/data.csv</c> otherwise.
    /// </summary>
    public required string DataBlob { get; init; }
    public required string ProfileBlob { get; init; }
    public required long SizeBytes { get; init; }
    public required long RowCount { get; init; }
    public required int ColumnCount { get; init; }
    public required string Sha256 { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset LastActivityAt { get; init; }
    public required SessionStatus Status { get; init; }
    public SessionContainer? Container { get; init; }
    public StoredDiscovery? Discovery { get; init; }
    public IReadOnlyList<StoredRefinement> Refinements { get; init; } = [];
    /// <summary>Running jobs by key: "analyze" or "refine:{storyId}".</summary>
    public IReadOnlyDictionary<string, string> ActiveJobs { get; init; } = new Dictionary<string, string>();
    /// <summary>The last failure of each job key, as a problem detail, cleared by the next success.</summary>
    public IReadOnlyDictionary<string, JobProblem> Failures { get; init; } = new Dictionary<string, JobProblem>();
    public string? ETag { get; init; }
}
