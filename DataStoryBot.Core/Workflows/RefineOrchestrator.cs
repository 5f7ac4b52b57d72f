using DataStoryBot.Core.Sessions;
using Microsoft.DurableTask;

namespace DataStoryBot.Core.Workflows;

/// <summary>
/// Refine (phase 2) for one discovered story: ensure a live container → refine → copy every artifact into Blob
/// storage and record it on the session, with the expiry recovery, deadline and failure handling of
/// <see cref="ContainerPhase"/>. Expiry at any step — also between the phases, while the user reads the candidates —
/// retries refine in a new container; discovery is never redone. A failure leaves the discovery results usable.
/// </summary>
public sealed class RefineOrchestrator : TaskOrchestrator<RefineJobInput, JobOutcome>
{
    public override Task<JobOutcome> RunAsync(TaskOrchestrationContext context, RefineJobInput input) =>
        ContainerPhase.RunAsync(context, context.CreateReplaySafeLogger<RefineOrchestrator>(),
            new PhaseJob(input.SessionId, input.JobId, JobPhases.Refine, JobIds.RefineKey(input.StoryId), input.StoryId, input.PhaseDeadline),
            JobStages.Refining,
            (container, options, deadline) => RefineAndSaveAsync(context, input, container, options, deadline));

    static async Task<RefineOutput> RefineAndSaveAsync(TaskOrchestrationContext context, RefineJobInput input, ContainerInfo container, TaskOptions options, PhaseDeadline deadline)
    {
        var refined = await context.CallActivityAsync<RefineOutput>(nameof(RefineActivity), new RefineInput(input.SessionId, input.JobId, container, input.StoryId, deadline), options);
        if (refined.Status != PhaseStatus.Completed)
        {
            return refined;
        }

        context.SetCustomStatus(JobStages.SavingArtifacts);
        var saved = await context.CallActivityAsync<SaveArtifactsOutput>(nameof(SaveArtifactsActivity),
            new SaveArtifactsInput(input.SessionId, input.JobId, input.StoryId, container.ContainerId, refined.Result!), PhaseRunner.StepRetry);
        return saved.Status == PhaseStatus.Completed ? refined : new RefineOutput(saved.Status, null, saved.Problem);
    }
}
