using DataStoryBot.Core.Sessions;
using Microsoft.DurableTask;

namespace DataStoryBot.Core.Workflows;

/// <summary>
/// Analyze (phase 1): ensure a live container → discovery (stories stored on the session), with the expiry recovery,
/// deadline and failure handling of <see cref="ContainerPhase"/>. A failure leaves the session usable.
/// </summary>
public sealed class AnalyzeOrchestrator : TaskOrchestrator<AnalyzeJobInput, JobOutcome>
{
    public override Task<JobOutcome> RunAsync(TaskOrchestrationContext context, AnalyzeJobInput input) =>
        ContainerPhase.RunAsync(context, context.CreateReplaySafeLogger<AnalyzeOrchestrator>(),
            new PhaseJob(input.SessionId, input.JobId, JobPhases.Analyze, JobIds.AnalyzeKey, null, input.PhaseDeadline),
            JobStages.Discovering,
            (container, options, deadline) => context.CallActivityAsync<DiscoverOutput>(nameof(DiscoverActivity),
                new DiscoverInput(input.SessionId, input.JobId, container, input.Steering, deadline), options));
}
