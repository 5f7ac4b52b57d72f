using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Sessions;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Workflows;

/// <summary>
/// Refine (phase 2) for one discovered story: ensure a live container → refine → copy every artifact into Blob
/// storage and record it on the session. Expiry at any step (also between the phases, while the user reads the
/// candidates) re-uploads the original to a new container and retries refine once — discovery is never redone.
/// A failure leaves the discovery results usable.
/// </summary>
public sealed class RefineOrchestrator : TaskOrchestrator<RefineJobInput, JobOutcome>
{
    public override async Task<JobOutcome> RunAsync(TaskOrchestrationContext context, RefineJobInput input)
    {
        var logger = context.CreateReplaySafeLogger<RefineOrchestrator>();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["sessionId"] = input.SessionId, ["jobId"] = input.JobId });
        var recoveries = 0;
        try
        {
            context.SetCustomStatus(JobStages.CreatingContainer);
            var container = await context.CallActivityAsync<ContainerInfo>(nameof(EnsureContainerActivity), new EnsureContainerInput(input.SessionId, null), PhaseRunner.StepRetry);
            while (true)
            {
                context.SetCustomStatus(JobStages.Refining);
                var work = RefineAndSaveAsync(context, input, container);
                var status = await PhaseRunner.WithDeadline(context, work, input.PhaseDeadline);
                switch (status)
                {
                    case null:
                        return await FailAsync(context, input, JobProblems.Deadline(JobPhases.Refine, input.PhaseDeadline), recoveries);
                    case { Status: PhaseStatus.Completed }:
                        return new JobOutcome(JobPhases.Refine, true, input.StoryId, null, recoveries);
                    case { Status: PhaseStatus.Failed }:
                        return await FailAsync(context, input, status.Problem!, recoveries);
                    case { Status: PhaseStatus.ContainerExpired } when recoveries >= 1:
                        return await FailAsync(context, input, JobProblems.ExpiredTwice(JobPhases.Refine), recoveries);
                }

                recoveries++;
                using (logger.BeginScope(new Dictionary<string, object> { ["containerId"] = container.ContainerId }))
                {
                    logger.LogWarning("Container {ContainerId} expired during refine; recovering", container.ContainerId);
                }
                context.SetCustomStatus(JobStages.Recovering);
                container = await context.CallActivityAsync<ContainerInfo>(nameof(EnsureContainerActivity), new EnsureContainerInput(input.SessionId, container.ContainerId), PhaseRunner.StepRetry);
            }
        }
        catch (TaskFailedException e)
        {
            return await FailAsync(context, input, PhaseRunner.ProblemFor(JobPhases.Refine, e), recoveries);
        }
    }

    static async Task<RefineOutput> RefineAndSaveAsync(TaskOrchestrationContext context, RefineJobInput input, ContainerInfo container)
    {
        var refined = await context.CallActivityAsync<RefineOutput>(nameof(RefineActivity), new RefineInput(input.SessionId, input.JobId, container, input.StoryId), PhaseRunner.PhaseRetry);
        if (refined.Status != PhaseStatus.Completed)
        {
            return refined;
        }

        context.SetCustomStatus(JobStages.SavingArtifacts);
        var saved = await context.CallActivityAsync<SaveArtifactsOutput>(nameof(SaveArtifactsActivity),
            new SaveArtifactsInput(input.SessionId, input.JobId, input.StoryId, container.ContainerId, refined.Result!), PhaseRunner.StepRetry);
        return saved.Status == PhaseStatus.Completed ? refined : new RefineOutput(PhaseStatus.ContainerExpired, null, null);
    }

    static async Task<JobOutcome> FailAsync(TaskOrchestrationContext context, RefineJobInput input, JobProblem problem, int recoveries)
    {
        if (problem.Type != JobProblems.SessionGone().Type)
        {
            await context.CallActivityAsync<FinishJobOutput>(nameof(FinishJobActivity), new FinishJobInput(input.SessionId, JobIds.RefineKey(input.StoryId), input.JobId, problem), PhaseRunner.StepRetry);
        }

        return new JobOutcome(JobPhases.Refine, false, input.StoryId, problem, recoveries);
    }
}
