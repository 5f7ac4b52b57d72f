using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Jobs;
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
    public static async Task<EngineAttempt<T>> RunAsync<T>(string phaseName, IAnalysisEngine engine, DataStoryBotMetrics.PhaseScope phase, ILogger logger,
        Func<Task<T>> call)
        where T : class
    {
        try
        {
            return new EngineAttempt<T>(await call(), PhaseStatus.Completed, null);
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
