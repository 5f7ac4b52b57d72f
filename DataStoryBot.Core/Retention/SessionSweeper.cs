using System.Diagnostics;
using DataStoryBot.Core.Analyst.Containers;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Observability;
using DataStoryBot.Core.Sessions;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Retention;

/// <summary>What one sweep did.</summary>
public sealed record SweepResult(int Candidates, int Deleted, int SkippedLive, int Failed, int LocalContainersRemoved, TimeSpan Elapsed);

/// <summary>
/// Removes sessions idle longer than <c>DataStoryBot:SessionRetention</c> with <see cref="SessionDeleter"/> (durable
/// history, container, blobs, idempotency keys, and the row last). Safe to repeat and to interrupt: a session whose
/// deletion stopped half-way (a sweep's or a user's DELETE) keeps its row, marked, so the next sweep finishes it
/// whatever its age. Never removes a
/// live session: right before deleting, each candidate is re-read and then marked with an ETag-conditional write,
/// so any activity since the query (a refine starting, an artifact being recorded) makes the sweep leave it alone.
/// Also removes the built-in engine's expired local containers when that engine is in use.
/// </summary>
public sealed partial class SessionSweeper(
    SessionStore sessions,
    SessionDeleter deleter,
    IOptions<DataStoryBotOptions> options,
    TimeProvider time,
    ILogger<SessionSweeper> logger,
    LocalContainerStore? localContainers = null)
{
    /// <summary>Sessions deleted at once.</summary>
    public int Parallelism { get; init; } = 8;

    public async Task<SweepResult> SweepAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        using var activity = DataStoryBotMetrics.ActivitySource.StartActivity("retention sweep");
        var started = Stopwatch.GetTimestamp();
        var cutoff = time.GetUtcNow() - options.Value.SessionRetention;
        LogStarted(logger, cutoff);

        var candidates = new List<SessionRecord>();
        await foreach (var session in sessions.ListToSweepAsync(cutoff, cancellationToken))
        {
            candidates.Add(session);
        }

        int deleted = 0, live = 0, failed = 0;
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (candidate, ct) =>
            {
                switch (await TryDeleteAsync(client, candidate.SessionId, cutoff, ct))
                {
                    case Outcome.Deleted:
                        Interlocked.Increment(ref deleted);
                        break;
                    case Outcome.Live:
                        Interlocked.Increment(ref live);
                        break;
                    case Outcome.Failed:
                        Interlocked.Increment(ref failed);
                        break;
                }
            });

        var containers = localContainers is null ? 0 : await Task.Run(localContainers.Sweep, cancellationToken);
        var result = new SweepResult(candidates.Count, deleted, live, failed, containers, Stopwatch.GetElapsedTime(started));
        DataStoryBotMetrics.SessionsDeleted(deleted);
        activity?.SetTag("datastorybot.sessions_deleted", deleted);
        LogCompleted(logger, result.Candidates, deleted, live, failed, containers, (long)result.Elapsed.TotalMilliseconds);
        return result;
    }

    enum Outcome
    {
        Deleted,
        Gone,
        Live,
        Failed,
    }

    async Task<Outcome> TryDeleteAsync(DurableTaskClient client, string sessionId, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        using var scope = logger.Session(sessionId);
        try
        {
            // Re-read: the query's copy may be minutes old by now.
            var current = await sessions.GetAsync(sessionId, cancellationToken);
            if (current is null)
            {
                return Outcome.Gone;
            }

            // Already marked: a deletion that stopped half-way; it is gone for every caller, so finish it.
            var marked = current.Status == SessionStatus.Deleting;
            if (!marked && (current.LastActivityAt >= cutoff || !await sessions.TryMarkDeletingAsync(current, cancellationToken)))
            {
                LogSkippedLive(logger, sessionId);
                return Outcome.Live;
            }

            using var containerScope = logger.Session(sessionId, current.Container?.ContainerId);
            LogExpiring(logger, sessionId, current.LastActivityAt);
            await deleter.DeleteAsync(client, current, cancellationToken);
            return Outcome.Deleted;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, sessionId, e.Message);
            return Outcome.Failed;
        }
    }

    [LoggerMessage(EventId = 1501, EventName = "retention.sweep_started", Level = LogLevel.Information,
        Message = "retention.sweep_started: removing sessions idle since before {Cutoff:o}")]
    static partial void LogStarted(ILogger logger, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 1502, EventName = "retention.session_expired", Level = LogLevel.Information,
        Message = "retention.session_expired: {SessionId} idle since {LastActivityAt:o}; deleting")]
    static partial void LogExpiring(ILogger logger, string sessionId, DateTimeOffset lastActivityAt);

    [LoggerMessage(EventId = 1503, EventName = "retention.session_live", Level = LogLevel.Information,
        Message = "retention.session_live: {SessionId} was active again; kept")]
    static partial void LogSkippedLive(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 1504, EventName = "retention.session_failed", Level = LogLevel.Warning,
        Message = "retention.session_failed: {SessionId} not fully deleted ({Error}); the next sweep retries")]
    static partial void LogFailed(ILogger logger, string sessionId, string error);

    [LoggerMessage(EventId = 1505, EventName = "retention.sweep_completed", Level = LogLevel.Information,
        Message = "retention.sweep_completed: {Candidates} candidates, {Deleted} deleted, {Live} live, {Failed} failed, {LocalContainers} local containers removed, in {ElapsedMs} ms")]
    static partial void LogCompleted(ILogger logger, int candidates, int deleted, int live, int failed, int localContainers, long elapsedMs);
}
