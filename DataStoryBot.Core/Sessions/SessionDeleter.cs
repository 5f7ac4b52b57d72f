using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Sessions;

/// <summary>
/// Removes everything a session owns: running jobs and their durable history, the analysis container, blobs,
/// idempotency keys and the session row (last, so an interrupted delete can be repeated). Idempotent.
/// </summary>
public sealed class SessionDeleter(SessionStore sessions, BlobStore blobs, IdempotencyStore idempotency, IAnalysisEngine engine, ILogger<SessionDeleter> logger)
{
    public async Task DeleteAsync(DurableTaskClient client, SessionRecord session, CancellationToken cancellationToken)
    {
        using var scope = logger.Session(session.SessionId, session.Container?.ContainerId);
        await PurgeJobsAsync(client, session.SessionId, cancellationToken);
        if (session.Container is { } container)
        {
            await DeleteContainerAsync(container.ContainerId, cancellationToken);
        }

        var deleted = await blobs.DeleteSessionAsync(session.SessionId, cancellationToken);
        await idempotency.DeleteSessionAsync(session.SessionId, cancellationToken);
        await sessions.DeleteAsync(session.SessionId, cancellationToken);
        logger.SessionDeleted(deleted);
    }

    /// <summary>
    /// Best effort: the user's delete must not fail because the analysis provider is down (breaker open, 5xx) or
    /// slow. A container left behind holds only a copy of the file and expires on its own idle TTL (20 minutes).
    /// </summary>
    async Task DeleteContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(ContainerDeleteBudget);
        try
        {
            await engine.DeleteContainerAsync(containerId, budget.Token);
            logger.ContainerDeleted(containerId);
        }
        catch (ContainerExpiredException)
        {
        }
        catch (Exception e) when (e is EngineException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.ContainerDeleteFailed(containerId, e.Message);
        }
    }

    public static readonly TimeSpan ContainerDeleteBudget = TimeSpan.FromSeconds(15);

    async Task PurgeJobsAsync(DurableTaskClient client, string sessionId, CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery { InstanceIdPrefix = sessionId + "-", FetchInputsAndOutputs = false };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended)
            {
                await client.TerminateInstanceAsync(instance.InstanceId, "session deleted", cancellationToken);
                try
                {
                    // Purging needs a terminal state; give the termination a moment to land.
                    await client.WaitForInstanceCompletionAsync(instance.InstanceId, cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
                }
                catch (TimeoutException)
                {
                    // Rare: the purge below may then leave this instance's history (ids, steering text; no file content) in the task hub.
                }
            }

            await client.PurgeInstanceAsync(instance.InstanceId, null, cancellationToken);
        }
    }
}
