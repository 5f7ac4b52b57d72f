using DataStoryBot.Core.Storage;
using Microsoft.DurableTask.Client;

namespace DataStoryBot.Core.Sessions;

/// <summary>
/// Deletion wins over work in flight. <see cref="SessionDeleter"/> first marks the session
/// <see cref="SessionStatus.Deleting"/> (as the retention sweep does): from then on no request authenticates and
/// no job starts. What a job already in flight writes after the delete has cleaned up is undone by the job itself,
/// with these helpers: a writer checks the session after its write and, when the session is being deleted or gone,
/// removes what it wrote.
/// </summary>
public static class SessionDeletion
{
    /// <summary>True when the session no longer exists or is being deleted (read now).</summary>
    public static async Task<bool> IsGoneAsync(SessionStore sessions, string sessionId, CancellationToken cancellationToken) =>
        SessionLifecycle.IsGone(await sessions.GetAsync(sessionId, cancellationToken));

    /// <summary>Removes every blob of a session that is going (written by a job after the delete listed them); false when the session is alive.</summary>
    public static async Task<bool> RemoveBlobsIfGoingAsync(SessionStore sessions, BlobStore blobs, string sessionId)
    {
        if (!await IsGoneAsync(sessions, sessionId, CancellationToken.None))
        {
            return false;
        }

        await blobs.DeleteSessionAsync(sessionId, CancellationToken.None);
        return true;
    }

    /// <summary>
    /// After a job was scheduled: when its session is going, the delete may have listed the jobs before this one was
    /// scheduled, so the job is stopped and its history purged here. True when it was.
    /// </summary>
    public static async Task<bool> StopJobIfGoingAsync(SessionStore sessions, DurableTaskClient client, string sessionId, string jobId)
    {
        if (!await IsGoneAsync(sessions, sessionId, CancellationToken.None))
        {
            return false;
        }

        await StopAndPurgeAsync(client, jobId, running: true, CancellationToken.None);
        return true;
    }

    /// <summary>Terminates an orchestration (when <paramref name="running"/>), waits briefly for the termination to land, and purges its history.</summary>
    public static async Task StopAndPurgeAsync(DurableTaskClient client, string instanceId, bool running, CancellationToken cancellationToken)
    {
        if (running)
        {
            try
            {
                await client.TerminateInstanceAsync(instanceId, "session deleted", cancellationToken);
                // Purging needs a terminal state; give the termination a moment to land.
                await client.WaitForInstanceCompletionAsync(instanceId, cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            }
            catch (TimeoutException)
            {
                // Rare: the purge below may then leave this instance's history (ids, steering text; no file content) in the task hub.
            }
        }

        await client.PurgeInstanceAsync(instanceId, null, cancellationToken);
    }
}
