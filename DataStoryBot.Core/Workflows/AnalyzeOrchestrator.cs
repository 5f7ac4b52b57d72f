using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Sessions;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Workflows;

/// <summary>
/// Analyze (phase 1): ensure a live container → discovery (stories stored on the session). An expired container
/// is replaced (the original re-uploaded from Blob storage) and discovery retried once; a second expiry, a phase
/// deadline or repeated failures end the job with a problem and leave the session usable.
/// </summary>
public sealed class AnalyzeOrchestrator : TaskOrchestrator<AnalyzeJobInput, JobOutcome>
{
    public override async Task<JobOutcome> RunAsync(TaskOrchestrationContext context, AnalyzeJobInput input)
    {
        var logger = context.CreateReplaySafeLogger<AnalyzeOrchestrator>();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["sessionId"] = input.SessionId, ["jobId"] = input.JobId });
        var recoveries = 0;
        try
        {
            context.SetCustomStatus(JobStages.CreatingContainer);
            var container = await context.CallActivityAsync<ContainerInfo>(nameof(EnsureContainerActivity), new EnsureContainerInput(input.SessionId, null), PhaseRunner.StepRetry);
            while (true)
            {
                context.SetCustomStatus(JobStages.Discovering);
                var discovery = context.CallActivityAsync<DiscoverOutput>(nameof(DiscoverActivity), new DiscoverInput(input.SessionId, input.JobId, container, input.Steering), PhaseRunner.PhaseRetry);
                var output = await PhaseRunner.WithDeadline(context, discovery, input.PhaseDeadline);
                switch (output)
                {
                    case null:
                        return await FailAsync(context, input, JobProblems.Deadline(JobPhases.Analyze, input.PhaseDeadline), recoveries);
                    case { Status: PhaseStatus.Completed }:
                        return new JobOutcome(JobPhases.Analyze, true, null, null, recoveries);
                    case { Status: PhaseStatus.Failed }:
                        return await FailAsync(context, input, output.Problem!, recoveries);
                    case { Status: PhaseStatus.ContainerExpired } when recoveries >= 1:
                        return await FailAsync(context, input, JobProblems.ExpiredTwice(JobPhases.Analyze), recoveries);
                }

                recoveries++;
                using (logger.BeginScope(new Dictionary<string, object> { ["containerId"] = container.ContainerId }))
                {
                    logger.LogWarning("Container {ContainerId} expired during discovery; recovering", container.ContainerId);
                }
                context.SetCustomStatus(JobStages.Recovering);
                container = await context.CallActivityAsync<ContainerInfo>(nameof(EnsureContainerActivity), new EnsureContainerInput(input.SessionId, container.ContainerId), PhaseRunner.StepRetry);
            }
        }
        catch (TaskFailedException e)
        {
            return await FailAsync(context, input, PhaseRunner.ProblemFor(JobPhases.Analyze, e), recoveries);
        }
    }

    static async Task<JobOutcome> FailAsync(TaskOrchestrationContext context, AnalyzeJobInput input, JobProblem problem, int recoveries)
    {
        if (problem.Type != JobProblems.SessionGone().Type)
        {
            await context.CallActivityAsync<FinishJobOutput>(nameof(FinishJobActivity), new FinishJobInput(input.SessionId, JobIds.AnalyzeKey, input.JobId, problem), PhaseRunner.StepRetry);
        }

        return new JobOutcome(JobPhases.Analyze, false, null, problem, recoveries);
    }
}
