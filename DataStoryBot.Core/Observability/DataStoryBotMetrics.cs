using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DataStoryBot.Core.Observability;

/// <summary>
/// The product's OpenTelemetry instruments (Meter <c>DataStoryBot</c>) and trace source (ActivitySource
/// <c>DataStoryBot</c>). Static, like the log events: call sites add one line next to their log call.
/// Exported by <see cref="TelemetryServiceCollectionExtensions.AddDataStoryBotTelemetry"/>; names are listed in docs/operations.md.
/// </summary>
public static class DataStoryBotMetrics
{
    public const string MeterName = "DataStoryBot";
    public const string ActivitySourceName = "DataStoryBot";

    static readonly Meter Meter = new(MeterName, "1.0.0");

    /// <summary>Spans for analysis phases, the health check and the retention sweep.</summary>
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName, "1.0.0");

    static readonly Counter<long> AnalysesStarted = Meter.CreateCounter<long>("datastorybot.analyses.started", "{analysis}", "Analysis phases started (tags: phase, engine).");
    static readonly Counter<long> AnalysesCompleted = Meter.CreateCounter<long>("datastorybot.analyses.completed", "{analysis}", "Analysis phases completed (tags: phase, engine).");
    static readonly Counter<long> AnalysesFailed = Meter.CreateCounter<long>("datastorybot.analyses.failed", "{analysis}", "Analysis phases failed (tags: phase, engine, reason).");
    static readonly Histogram<double> PhaseDuration = Meter.CreateHistogram<double>("datastorybot.phase.duration", "s", "Duration of one analysis phase attempt (tags: phase, engine, outcome).");
    static readonly Counter<long> ContainersCreated = Meter.CreateCounter<long>("datastorybot.containers.created", "{container}", "Analysis containers created (tag: engine).");
    static readonly Counter<long> ContainersExpired = Meter.CreateCounter<long>("datastorybot.containers.expired", "{container}", "Containers found expired (tags: engine, phase).");
    static readonly Counter<long> Reuploads = Meter.CreateCounter<long>("datastorybot.containers.reuploads", "{upload}", "Originals re-uploaded from Blob storage to a new container after expiry (tag: engine).");
    static readonly Counter<long> BreakerTransitions = Meter.CreateCounter<long>("datastorybot.breaker.transitions", "{transition}", "Circuit breaker state changes (tag: state).");
    static readonly Histogram<long> UploadSize = Meter.CreateHistogram<long>("datastorybot.upload.size", "By", "Size of accepted uploads.");
    static readonly Counter<long> UploadsRejected = Meter.CreateCounter<long>("datastorybot.uploads.rejected", "{upload}", "Uploads rejected before any model call (tag: status).");
    static readonly Counter<long> JobsStarted = Meter.CreateCounter<long>("datastorybot.jobs.requests", "{request}", "Analyze/refine requests by how they were answered (tags: phase, kind).");
    static readonly Counter<long> HealthChecks = Meter.CreateCounter<long>("datastorybot.health.checks", "{check}", "Synthetic health checks (tag: outcome).");
    static readonly Histogram<double> HealthCheckDuration = Meter.CreateHistogram<double>("datastorybot.health.duration", "s", "End-to-end latency of the synthetic health check (tag: outcome).");
    static readonly Counter<long> SessionsExpired = Meter.CreateCounter<long>("datastorybot.retention.sessions_deleted", "{session}", "Sessions removed by the retention sweep.");

    public static void ContainerCreated(string engine) => ContainersCreated.Add(1, new KeyValuePair<string, object?>("engine", engine));

    public static void ContainerExpired(string engine, string phase) =>
        ContainersExpired.Add(1, new KeyValuePair<string, object?>("engine", engine), new KeyValuePair<string, object?>("phase", phase));

    public static void ContainerReuploaded(string engine) => Reuploads.Add(1, new KeyValuePair<string, object?>("engine", engine));

    public static void BreakerStateChanged(string state) => BreakerTransitions.Add(1, new KeyValuePair<string, object?>("state", state));

    public static void UploadAccepted(long bytes) => UploadSize.Record(bytes);

    public static void UploadRejected(int status) => UploadsRejected.Add(1, new KeyValuePair<string, object?>("status", status));

    public static void JobRequest(string phase, string kind) =>
        JobsStarted.Add(1, new KeyValuePair<string, object?>("phase", phase), new KeyValuePair<string, object?>("kind", kind));

    public static void HealthCheck(string outcome, TimeSpan latency)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        HealthChecks.Add(1, tag);
        HealthCheckDuration.Record(latency.TotalSeconds, tag);
    }

    public static void SessionsDeleted(int count)
    {
        if (count > 0)
        {
            SessionsExpired.Add(count);
        }
    }

    /// <summary>
    /// Starts one phase attempt: counts it as started, opens a span, and on dispose records its duration and —
    /// unless <see cref="PhaseScope.Completed"/> was called — counts it as failed (reason <c>error</c> if none was given).
    /// </summary>
    public static PhaseScope StartPhase(string phase, string engine, string sessionId, string? containerId, string? jobId)
    {
        AnalysesStarted.Add(1, new KeyValuePair<string, object?>("phase", phase), new KeyValuePair<string, object?>("engine", engine));
        var activity = ActivitySource.StartActivity("phase " + phase);
        activity?.SetTag("datastorybot.phase", phase);
        activity?.SetTag("datastorybot.engine", engine);
        activity?.SetTag("datastorybot.session_id", sessionId);
        activity?.SetTag("datastorybot.container_id", containerId);
        activity?.SetTag("datastorybot.job_id", jobId);
        return new PhaseScope(phase, engine, activity);
    }

    /// <summary>One phase attempt in flight; see <see cref="StartPhase"/>.</summary>
    public sealed class PhaseScope : IDisposable
    {
        readonly string phase;
        readonly string engine;
        readonly Activity? activity;
        readonly long started = Stopwatch.GetTimestamp();
        string? outcome;

        internal PhaseScope(string phase, string engine, Activity? activity)
        {
            this.phase = phase;
            this.engine = engine;
            this.activity = activity;
        }

        public void Completed() => outcome ??= "completed";

        /// <summary>Marks the attempt failed, e.g. <c>container_expired</c>, <c>unavailable</c>, <c>unanalyzable</c>.</summary>
        public void Failed(string reason) => outcome ??= reason;

        public void Dispose()
        {
            var result = outcome ?? "error";
            var phaseTag = new KeyValuePair<string, object?>("phase", phase);
            var engineTag = new KeyValuePair<string, object?>("engine", engine);
            if (result == "completed")
            {
                AnalysesCompleted.Add(1, phaseTag, engineTag);
            }
            else
            {
                AnalysesFailed.Add(1, phaseTag, engineTag, new KeyValuePair<string, object?>("reason", result));
                activity?.SetStatus(ActivityStatusCode.Error, result);
            }

            PhaseDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, phaseTag, engineTag, new KeyValuePair<string, object?>("outcome", result));
            activity?.SetTag("datastorybot.outcome", result);
            activity?.Dispose();
        }
    }
}
