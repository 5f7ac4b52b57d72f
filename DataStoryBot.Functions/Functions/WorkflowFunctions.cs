using DataStoryBot.Core.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace DataStoryBot.Functions.Functions;

/// <summary>
/// Durable triggers wrapping the shared workflow classes (the source generator is not available, so by hand).
/// Names come from the classes, so the orchestrators' <c>nameof</c> calls resolve to these functions.
/// </summary>
public sealed class WorkflowFunctions(
    EnsureContainerActivity ensureContainer,
    DiscoverActivity discover,
    RefineActivity refine,
    SaveArtifactsActivity saveArtifacts,
    FinishJobActivity finishJob)
{
    [Function(nameof(AnalyzeOrchestrator))]
    public static Task<JobOutcome> Analyze([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new AnalyzeOrchestrator().RunAsync(context, context.GetInput<AnalyzeJobInput>()!);

    [Function(nameof(RefineOrchestrator))]
    public static Task<JobOutcome> Refine([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RefineOrchestrator().RunAsync(context, context.GetInput<RefineJobInput>()!);

    [Function(nameof(EnsureContainerActivity))]
    public Task<ContainerInfo> EnsureContainer([ActivityTrigger] EnsureContainerInput input, CancellationToken cancellationToken) =>
        ensureContainer.ExecuteAsync(input, cancellationToken);

    [Function(nameof(DiscoverActivity))]
    public Task<DiscoverOutput> Discover([ActivityTrigger] DiscoverInput input, CancellationToken cancellationToken) =>
        discover.ExecuteAsync(input, cancellationToken);

    [Function(nameof(RefineActivity))]
    public Task<RefineOutput> RefineStory([ActivityTrigger] RefineInput input, CancellationToken cancellationToken) =>
        refine.ExecuteAsync(input, cancellationToken);

    [Function(nameof(SaveArtifactsActivity))]
    public Task<SaveArtifactsOutput> SaveArtifacts([ActivityTrigger] SaveArtifactsInput input, CancellationToken cancellationToken) =>
        saveArtifacts.ExecuteAsync(input, cancellationToken);

    [Function(nameof(FinishJobActivity))]
    public Task<FinishJobOutput> FinishJob([ActivityTrigger] FinishJobInput input, CancellationToken cancellationToken) =>
        finishJob.ExecuteAsync(input, cancellationToken);
}
