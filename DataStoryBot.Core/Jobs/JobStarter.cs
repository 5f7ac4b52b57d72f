using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Observability;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Workflows;
using Microsoft.AspNetCore.Http;
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
    /// <param name="refuseNew">
    /// Asked only when a new orchestration would start (after the idempotency key and the running job were checked, so
    /// a retried request still gets its job): a non-null answer refuses the start and is returned as <see cref="JobStart.Refusal"/>.
    /// </param>
    public async Task<JobStart> StartAsync(DurableTaskClient client, SessionRecord session, string phase, string jobKey, string? idempotencyKey, string fingerprint,
        Func<string, object> inputFor, CancellationToken cancellationToken, Func<IResult?>? refuseNew = null)
    {
        using var scope = logger.Session(session.SessionId, session.Container?.ContainerId);
        // A request while the same job runs is answered with that job, so its idempotency key must name that job too.
        var running = session.ActiveJobs.TryGetValue(jobKey, out var marked) && await IsRunningAsync(client, marked, session.LastActivityAt, cancellationToken)
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
            var updated = await sessions.UpdateAsync(session.SessionId, s =>
            {
                if (s.Status == SessionStore.ExpiringStatus)
                {
                    return null; // the retention sweep got there first: the session is being deleted
                }

                var current = s.ActiveJobs.GetValueOrDefault(jobKey);
                if (current != stale && current != null)
                {
                    return null; // another request started a job first
                }

                var jobs = s.ActiveJobs.ToDictionary();
                jobs[jobKey] = jobId;
                return s with { ActiveJobs = jobs, Status = phase == JobPhases.Analyze && s.Discovery is null ? SessionStatus.Analyzing : s.Status };
            }, cancellationToken) ?? throw new SessionNotFoundException(session.SessionId);
            if (updated.Status == SessionStore.ExpiringStatus)
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

            await sessions.UpdateAsync(session.SessionId, s => running is null && s.ActiveJobs.GetValueOrDefault(jobKey) == jobId
                ? s with { ActiveJobs = s.ActiveJobs.Where(j => j.Key != jobKey).ToDictionary() }
                : null, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// A marked job is running while its orchestration is; a marker with no orchestration yet is a job being
    /// scheduled right now — unless the session has been idle for a minute, when it is left over from a crash.
    /// </summary>
    async Task<bool> IsRunningAsync(DurableTaskClient client, string jobId, DateTimeOffset sessionLastActivity, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(jobId, getInputsAndOutputs: false, cancellationToken);
        return instance is null
            ? time.GetUtcNow() - sessionLastActivity < TimeSpan.FromMinutes(1)
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

public sealed record JobStart(string JobId, JobStartKind Kind, IResult? Refusal = null);
