using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Sessions;
using Microsoft.DurableTask;

namespace DataStoryBot.Core.Workflows;

/// <summary>Deterministic helpers shared by the orchestrators: retry policies, the phase deadline, failure mapping.</summary>
public static class PhaseRunner
{
    /// <summary>An analysis phase is retried at most once, and only for failures the activity threw (never expiry, which is returned).</summary>
    public static readonly TaskOptions PhaseRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromSeconds(2))
    {
        HandleFailure = failure => !failure.IsCausedBy<SessionNotFoundException>() && !failure.IsCausedBy<ProviderUnavailableException>(),
    });

    /// <summary>The phase in a recovered container: the job has used its one retry on the expiry recovery.</summary>
    public static readonly TaskOptions NoRetry = new();

    /// <summary>Short retries for storage and container set-up blips.</summary>
    public static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(1), backoffCoefficient: 2)
    {
        HandleFailure = failure => !failure.IsCausedBy<SessionNotFoundException>() && !failure.IsCausedBy<ProviderUnavailableException>(),
    });

    /// <summary>Races <paramref name="work"/> against a durable timer firing at <paramref name="deadlineAt"/>. Returns default when the deadline wins.</summary>
    public static async Task<T?> WithDeadline<T>(TaskOrchestrationContext context, Task<T> work, DateTime deadlineAt)
        where T : class
    {
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(deadlineAt, cancel.Token);
        var winner = await Task.WhenAny(work, timer);
        if (winner == work)
        {
            cancel.Cancel();
            return await work;
        }

        return null;
    }

    public static JobProblem ProblemFor(string phase, TaskFailedException failure)
    {
        var details = failure.FailureDetails;
        return details switch
        {
            _ when details.IsCausedBy<SessionNotFoundException>() => JobProblems.SessionGone(),
            _ when details.IsCausedBy<ModelTimeoutException>() => JobProblems.FromEngineFailure(phase, EngineFailureKind.Timeout, details.ErrorMessage),
            _ when details.IsCausedBy<InvalidModelAnswerException>() => JobProblems.FromEngineFailure(phase, EngineFailureKind.InvalidResult, details.ErrorMessage),
            _ when details.IsCausedBy<ProviderUnavailableException>() => JobProblems.FromEngineFailure(phase, EngineFailureKind.Unavailable, details.ErrorMessage),
            _ when details.IsCausedBy<ProviderFailureException>() => JobProblems.FromEngineFailure(phase, EngineFailureKind.Transient, details.ErrorMessage),
            // The engine's own failures carry a message written for the user; anything else (storage, an SDK, a bug) does not.
            _ when details.IsCausedBy<EngineException>() => JobProblems.FromEngineFailure(phase, EngineFailureKind.Transient, details.ErrorMessage),
            _ => JobProblems.ActivityFailed(phase),
        };
    }
}
