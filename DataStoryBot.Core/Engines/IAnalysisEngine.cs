namespace DataStoryBot.Core.Engines;

/// <summary>
/// One analysis engine, shaped by what the OpenAI Code Interpreter does: a container with an idle TTL holds
/// the data file; discovery and refine run against it and leave their outputs as files in the container.
/// Every method throws <see cref="ContainerExpiredException"/> when the container has expired or is unknown.
/// </summary>
public interface IAnalysisEngine
{
    /// <summary>Short engine name recorded in provenance: <c>builtin</c> or <c>openai</c>.</summary>
    string Name { get; }

    /// <summary>Engine version recorded in provenance.</summary>
    string Version { get; }

    Task<EngineContainer> CreateContainerAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Uploads a file (the session's UTF-8 CSV) into the container.</summary>
    Task<EngineFile> UploadFileAsync(string containerId, string fileName, Stream content, CancellationToken cancellationToken);

    /// <summary>Phase 1: exactly three story candidates.</summary>
    Task<DiscoveryResult> DiscoverAsync(DiscoveryRequest request, CancellationToken cancellationToken);

    /// <summary>Phase 2: narrative, 2–4 charts and an optional filtered dataset, as files in the container.</summary>
    Task<RefineResult> RefineAsync(RefineRequest request, CancellationToken cancellationToken);

    /// <summary>Opens a container file for reading.</summary>
    Task<Stream> DownloadFileAsync(string containerId, string fileId, CancellationToken cancellationToken);

    /// <summary>Deletes a container; deleting a missing or expired container succeeds.</summary>
    Task DeleteContainerAsync(string containerId, CancellationToken cancellationToken);
}
