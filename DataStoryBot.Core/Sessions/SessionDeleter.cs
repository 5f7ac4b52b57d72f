using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Sessions;

/// <summary>
/// Removes everything a session owns. First the session is marked <see cref="SessionStatus.Deleting"/> (as the
/// retention sweep does), so from then on it is gone for every caller and no job can start; then running jobs and their
/// durable history, the analysis container (the one on record after the mark), blobs, idempotency keys and the
/// session row (last, so an interrupted delete can be repeated). A job already in flight undoes what it writes after
/// the mark (<see cref="SessionDeletion"/>). Idempotent.
/// </summary>
public sealed class SessionDeleter(SessionStore sessions, BlobStore blobs, IdempotencyStore idempotency, IAnalysisEngine engine, ILogger<SessionDeleter> logger)
{
    public async Task DeleteAsync(DurableTaskClient client, SessionRecord session, CancellationToken cancellationToken)
    {
        session = await MarkAsync(session, cancellationToken) ?? session;
        using var scope = logger.Session(session.SessionId, session.Container?.ContainerId);
        await PurgeJobsAsync(client, session.SessionId, cancellationToken);
        if (session.Container is { } container)
        {
            await DeleteContainerAsync(container.ContainerId, cancellationToken);
        }

        var deleted = await blobs.DeleteSessionAsync(session.SessionId, cancellationToken);
        await idempotency.DeleteSessionAsync(session.SessionId, cancellationToken);
        await sessions.DeleteAsync(session.SessionId, cancellationToken);
        // A second sweep: a job scheduled just before the mark may not have been listed by the first one (its instance
        // row lands after the listing) while its own check ran before the mark; by now it is listed, running or done.
        await PurgeJobsAsync(client, session.SessionId, cancellationToken);
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

    /// <summary>
    /// Marks the session as being deleted (its LastActivityAt untouched, so an interrupted delete is still swept on
    /// time) and returns the row as marked: the container and jobs a job in flight recorded before the mark are on it.
    /// Null when the row is already gone.
    /// </summary>
    async Task<SessionRecord?> MarkAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var current = await sessions.GetAsync(session.SessionId, cancellationToken);
            if (current is null || current.Status == SessionStatus.Deleting)
            {
                return current;
            }

            if (await sessions.TryMarkDeletingAsync(current, cancellationToken))
            {
                return current with { Status = SessionStatus.Deleting };
            }
        }

        throw new InvalidOperationException($"Could not mark session {session.SessionId} for deletion: it kept changing.");
    }

    async Task PurgeJobsAsync(DurableTaskClient client, string sessionId, CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery { InstanceIdPrefix = sessionId + "-", FetchInputsAndOutputs = false };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            await SessionDeletion.StopAndPurgeAsync(client, instance.InstanceId,
                instance.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended,
                cancellationToken);
        }
    }
}
