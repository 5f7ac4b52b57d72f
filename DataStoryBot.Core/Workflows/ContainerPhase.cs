using DataStoryBot.Core.Sessions;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Workflows;

/// <summary>What a phase activity (or a chain of them) reports when it did not throw.</summary>
public interface IPhaseOutput
{
    PhaseStatus Status { get; }
    JobProblem? Problem { get; }
}

/// <summary>Which job a <see cref="ContainerPhase"/> runs for.</summary>
public sealed record PhaseJob(string SessionId, string JobId, string Phase, string JobKey, string? StoryId, TimeSpan Deadline);

/// <summary>
/// The shape both orchestrators share, deterministic: ensure a live container → run the phase against it, raced
/// against the phase deadline (one deadline for the whole phase). An expired container is replaced (the original
/// re-uploaded from Blob storage) and the phase retried once there, without a further transient retry; a second expiry, the deadline, a reported failure or an activity that failed after its retry
/// ends the job with a problem recorded on the session (unless the session itself is gone).
/// </summary>
public static partial class ContainerPhase
{
    /// <param name="phase">
    /// Runs the phase against a container with the given activity options: <see cref="PhaseRunner.PhaseRetry"/> (one
    /// retry of a thrown failure) in the first container, <see cref="PhaseRunner.NoRetry"/> in a recovered one, so a job
    /// makes at most one transient retry and one expiry recovery.
    /// </param>
    public static async Task<JobOutcome> RunAsync<T>(TaskOrchestrationContext context, ILogger logger, PhaseJob job, JobProgress stage,
        Func<ContainerInfo, TaskOptions, PhaseDeadline, Task<T>> phase)
        where T : class, IPhaseOutput
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["sessionId"] = job.SessionId, ["jobId"] = job.JobId });
        var recoveries = 0;
        // One deadline for the whole phase, recoveries included.
        var deadlineAt = context.CurrentUtcDateTime.Add(job.Deadline);
        try
        {
            context.SetCustomStatus(JobStages.CreatingContainer);
            var container = await context.CallActivityAsync<ContainerInfo>(nameof(EnsureContainerActivity), new EnsureContainerInput(job.SessionId, null), PhaseRunner.StepRetry);
            while (true)
            {
                context.SetCustomStatus(stage);
                var output = context.CurrentUtcDateTime >= deadlineAt
                    ? null
                    : await PhaseRunner.WithDeadline(context, phase(container, recoveries == 0 ? PhaseRunner.PhaseRetry : PhaseRunner.NoRetry, new PhaseDeadline(deadlineAt, job.Deadline)), deadlineAt);
                switch (output)
                {
                    case null:
                        return await FailAsync(context, job, JobProblems.Deadline(job.Phase, job.Deadline), recoveries);
                    case { Status: PhaseStatus.Completed }:
                        return new JobOutcome(job.Phase, true, job.StoryId, null, recoveries);
                    case { Status: PhaseStatus.Failed }:
                        return await FailAsync(context, job, output.Problem!, recoveries);
                    case { Status: PhaseStatus.ContainerExpired } when recoveries >= 1:
                        return await FailAsync(context, job, JobProblems.ExpiredTwice(job.Phase), recoveries);
                }

                recoveries++;
                using (logger.BeginScope(new Dictionary<string, object> { ["containerId"] = container.ContainerId }))
                {
                    logger.LogWarning("Container {ContainerId} expired during {Phase}; recovering", container.ContainerId, job.Phase);
                }

                context.SetCustomStatus(JobStages.Recovering);
                container = await context.CallActivityAsync<ContainerInfo>(nameof(EnsureContainerActivity), new EnsureContainerInput(job.SessionId, container.ContainerId), PhaseRunner.StepRetry);
            }
        }
        catch (TaskFailedException e)
        {
            LogStepFailed(logger, job.Phase, e.TaskName, e.FailureDetails.ErrorType, e.FailureDetails.ErrorMessage);
            return await FailAsync(context, job, PhaseRunner.ProblemFor(job.Phase, e), recoveries);
        }
    }

    [LoggerMessage(EventId = 1209, EventName = "job.step_failed", Level = LogLevel.Error,
        Message = "job.step_failed: {Phase} {Step} {ErrorType}: {ErrorMessage}")]
    static partial void LogStepFailed(ILogger logger, string phase, string step, string errorType, string errorMessage);

    static async Task<JobOutcome> FailAsync(TaskOrchestrationContext context, PhaseJob job, JobProblem problem, int recoveries)
    {
        if (problem.Type != JobProblems.SessionGone().Type)
        {
            await context.CallActivityAsync<FinishJobOutput>(nameof(FinishJobActivity), new FinishJobInput(job.SessionId, job.JobKey, job.JobId, problem), PhaseRunner.StepRetry);
        }

        return new JobOutcome(job.Phase, false, job.StoryId, problem, recoveries);
    }
}
