using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Observability;
using DataStoryBot.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Workflows;

/// <summary>What one engine call of a phase came to: its result, or the status and problem to return instead.</summary>
public readonly record struct EngineAttempt<T>(T? Result, PhaseStatus Status, JobProblem? Problem)
    where T : class
{
    public bool Succeeded => Result is not null;
}

/// <summary>
/// The one failure ladder of the analysis phases (discovery and refine): an expired container is returned (the
/// orchestrator recovers it), a permanent failure (provider unavailable, data that cannot be analyzed) is returned as a
/// problem, and any other engine failure is thrown as a <see cref="PhaseFailureException"/> so the retry policy retries once.
/// </summary>
public static class EnginePhase
{
    /// <param name="deadline">
    /// The phase deadline: the engine call's token is cancelled when it passes (on both hosts, whatever the durable
    /// backend does with the orchestrator's timer while an activity runs), and the attempt ends with the timeout problem.
    /// </param>
    public static async Task<EngineAttempt<T>> RunAsync<T>(string phaseName, IAnalysisEngine engine, DataStoryBotMetrics.PhaseScope phase, ILogger logger,
        PhaseDeadline? deadline, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (deadline is { } d)
        {
            cut.CancelAfter(d.Remaining(DateTime.UtcNow));
        }

        try
        {
            return new EngineAttempt<T>(await call(cut.Token), PhaseStatus.Completed, null);
        }
        catch (Exception) when (cut.IsCancellationRequested && !cancellationToken.IsCancellationRequested && deadline is { } passed)
        {
            logger.EngineFailure(phaseName, "Deadline", $"cut off at the phase deadline of {passed.Length}");
            phase.Failed("deadline");
            return new EngineAttempt<T>(null, PhaseStatus.Failed, JobProblems.Deadline(phaseName, passed.Length));
        }
        catch (ContainerExpiredException e)
        {
            logger.ContainerExpired(e.ContainerId, phaseName);
            phase.Failed("container_expired");
            DataStoryBotMetrics.ContainerExpired(engine.Name, phaseName);
            return new EngineAttempt<T>(null, PhaseStatus.ContainerExpired, null);
        }
        catch (EngineException e) when (e.Kind is EngineFailureKind.Unavailable or EngineFailureKind.Unanalyzable)
        {
            logger.EngineFailure(phaseName, e.Kind.ToString(), e.Message);
            phase.Failed(e.Kind.ToString().ToLowerInvariant());
            return new EngineAttempt<T>(null, PhaseStatus.Failed, JobProblems.FromEngineFailure(phaseName, e.Kind, e.Message));
        }
        catch (EngineException e)
        {
            logger.EngineFailure(phaseName, e.Kind.ToString(), e.Message);
            throw PhaseFailureException.From(e);
        }
    }
}
