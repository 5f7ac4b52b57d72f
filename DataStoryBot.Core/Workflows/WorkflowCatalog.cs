namespace DataStoryBot.Core.Workflows;

/// <summary>
/// Every orchestrator and activity of the app, once. The local host's worker registers these; the Functions app wraps
/// each in a trigger function of the same name (<c>WorkflowFunctions</c>), and a test checks it wraps all of them.
/// </summary>
public static class WorkflowCatalog
{
    public static readonly IReadOnlyList<Type> Orchestrators =
    [
        typeof(AnalyzeOrchestrator),
        typeof(RefineOrchestrator),
    ];

    public static readonly IReadOnlyList<Type> Activities =
    [
        typeof(EnsureContainerActivity),
        typeof(DiscoverActivity),
        typeof(RefineActivity),
        typeof(SaveArtifactsActivity),
        typeof(FinishJobActivity),
    ];
}
