using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Observability;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Workflows;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Jobs;

/// <summary>
/// Starts analyze and refine orchestrations at most once per request: an <c>Idempotency-Key</c> duplicate (also a
/// concurrent one) gets the first request's job, and a request while the same kind of job runs for the session
/// gets the running job. The running marker is set on the session row with an ETag, so two racing requests agree.
/// </summary>
public sealed class JobStarter(SessionStore sessions, IdempotencyStore idempotency, TimeProvider time, ILogger<JobStarter> logger)
{
    public async Task<JobStart> StartAsync(DurableTaskClient client, JobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (session, phase, jobKey, idempotencyKey, fingerprint, inputFor, refuseNew) = request;
        using var scope = logger.Session(session.SessionId, session.Container?.ContainerId);
        // A request while the same job runs is answered with that job, so its idempotency key must name that job too.
        var running = session.ActiveJobs.TryGetValue(jobKey, out var marked) && await IsRunningAsync(client, marked, session, cancellationToken)
            ? marked
            : null;
        var jobId = running ?? JobIds.New(session.SessionId, phase);
        if (!string.IsNullOrEmpty(idempotencyKey))
        {
            var claim = await idempotency.ClaimAsync(session.SessionId, phase, idempotencyKey, fingerprint, jobId, cancellationToken);
            if (!claim.Owned)
            {
                logger.JobReused(phase, claim.JobId, "idempotency key");
                DataStoryBotMetrics.JobRequest(phase, "duplicate");
                return new JobStart(claim.JobId, claim.FingerprintMatches ? JobStartKind.Duplicate : JobStartKind.KeyConflict);
            }
        }

        try
        {
            if (running is not null)
            {
                logger.JobReused(phase, running, "already running");
                DataStoryBotMetrics.JobRequest(phase, "already_running");
                return new JobStart(running, JobStartKind.AlreadyRunning);
            }

            if (refuseNew?.Invoke() is { } refusal)
            {
                if (!string.IsNullOrEmpty(idempotencyKey))
                {
                    await idempotency.ReleaseAsync(session.SessionId, phase, idempotencyKey, CancellationToken.None);
                }

                DataStoryBotMetrics.JobRequest(phase, "refused");
                return new JobStart(jobId, JobStartKind.Refused, refusal);
            }

            var stale = session.ActiveJobs.GetValueOrDefault(jobKey);
            // Refused when the session is being deleted (a DELETE or the sweep got there first) or another request started a job first.
            var (_, updated) = await sessions.ApplyAsync(session.SessionId, new SessionEvent.JobStarted(jobKey, jobId, stale), cancellationToken);
            if (updated is null)
            {
                throw new SessionNotFoundException(session.SessionId);
            }

            if (updated.ActiveJobs.GetValueOrDefault(jobKey) is { } winner && winner != jobId)
            {
                if (!string.IsNullOrEmpty(idempotencyKey))
                {
                    await idempotency.RedirectAsync(session.SessionId, phase, idempotencyKey, winner, cancellationToken);
                }

                logger.JobReused(phase, winner, "started concurrently");
                DataStoryBotMetrics.JobRequest(phase, "already_running");
                return new JobStart(winner, JobStartKind.AlreadyRunning);
            }

            var orchestrator = phase == JobPhases.Analyze ? nameof(AnalyzeOrchestrator) : nameof(RefineOrchestrator);
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, inputFor(jobId), new StartOrchestrationOptions(jobId), cancellationToken);
            if (await SessionDeletion.StopJobIfGoingAsync(sessions, client, session.SessionId, jobId))
            {
                throw new SessionNotFoundException(session.SessionId); // a DELETE marked the session while this job was being scheduled
            }

            logger.JobStarted(phase, jobId);
            DataStoryBotMetrics.JobRequest(phase, "started");
            return new JobStart(jobId, JobStartKind.Started);
        }
        catch
        {
            if (!string.IsNullOrEmpty(idempotencyKey))
            {
                await idempotency.ReleaseAsync(session.SessionId, phase, idempotencyKey, CancellationToken.None);
            }

            await sessions.UpdateAsync(session.SessionId, s => running is null ? s.AbandonJob(jobKey, jobId) : null, CancellationToken.None);
            throw;
        }
    }

    /// <summary>How long a marker may wait for its orchestration: setting it and scheduling it are two writes.</summary>
    public static readonly TimeSpan SchedulingGrace = TimeSpan.FromMinutes(1);

    /// <summary>
    /// True when a marker whose orchestration does not exist is left over from a process that died between the two
    /// writes, rather than a job being scheduled right now: the session has been idle for <see cref="SchedulingGrace"/>.
    /// </summary>
    public static bool IsAbandonedMarker(SessionRecord session, DateTimeOffset now) => now - session.LastActivityAt >= SchedulingGrace;

    /// <summary>A marked job is running while its orchestration is, or while its orchestration may still be being scheduled.</summary>
    async Task<bool> IsRunningAsync(DurableTaskClient client, string jobId, SessionRecord session, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(jobId, getInputsAndOutputs: false, cancellationToken);
        return instance is null
            ? !IsAbandonedMarker(session, time.GetUtcNow())
            : instance.RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;
    }
}

public enum JobStartKind
{
    Started,
    Duplicate,
    AlreadyRunning,
    KeyConflict,

    /// <summary>No job was started (e.g. the provider's breaker is open); <see cref="JobStart.Refusal"/> says why.</summary>
    Refused,
}

/// <summary>What to start for a session.</summary>
/// <param name="Session">The session as the request read it.</param>
/// <param name="Phase">A <see cref="JobPhases"/> name.</param>
/// <param name="JobKey">The session's marker key: <see cref="JobIds.AnalyzeKey"/> or <see cref="JobIds.RefineKey"/>.</param>
/// <param name="IdempotencyKey">The client's <c>Idempotency-Key</c>, if any.</param>
/// <param name="Fingerprint">What the request asked for: the same key with a different fingerprint is a conflict.</param>
/// <param name="InputFor">The orchestration input for a new job id.</param>
/// <param name="RefuseNew">
/// Asked only when a new orchestration would start (after the idempotency key and the running job were checked, so a
/// retried request still gets its job): a non-null answer refuses the start and is returned as <see cref="JobStart.Refusal"/>.
/// </param>
public sealed record JobRequest(
    SessionRecord Session,
    string Phase,
    string JobKey,
    string? IdempotencyKey,
    string Fingerprint,
    Func<string, object> InputFor,
    Func<JobRefusal?>? RefuseNew = null);

/// <summary>Why no new job was started, and when to try again (e.g. the provider's circuit breaker is open).</summary>
public sealed record JobRefusal(string Detail, TimeSpan RetryAfter);

/// <summary>What a start request came to: the job that answers it and how (the HTTP layer maps it to 202, 422 or 503).</summary>
public sealed record JobStart(string JobId, JobStartKind Kind, JobRefusal? Refusal = null);
