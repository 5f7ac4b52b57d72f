using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Observability;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Health;

/// <summary>
/// Runs a 3-row CSV through the same path as a real discovery: validated by <see cref="UploadValidator"/>, stored
/// in Blob storage with a session row (file name <see cref="FileName"/> marks it synthetic), analyzed by
/// <see cref="AnalyzeOrchestrator"/> started through <see cref="JobStarter"/> on the durable backend with the
/// configured engine, awaited up to <c>HealthCheck:Timeout</c>. The outcome, latency and time go to the
/// <c>health</c> table; the synthetic session is then deleted with <see cref="SessionDeleter"/>. A failed or timed-out
/// analysis counts against the model provider's circuit breaker, only for an engine that calls a provider: the built-in
/// analyst calls none, and its failure must not turn away work (or trip the breaker an OpenAI deployment shares).
/// </summary>
public sealed partial class SyntheticHealthCheck(
    UploadValidator validator,
    SessionOpener opener,
    SessionStore sessions,
    JobStarter starter,
    SessionDeleter deleter,
    HealthResultStore results,
    IProviderCircuitBreaker breaker,
    IAnalysisEngine engine,
    IOptions<HealthCheckOptions> options,
    IOptions<DataStoryBotOptions> product,
    TimeProvider time,
    ILogger<SyntheticHealthCheck> logger)
{
    /// <summary>The synthetic session's file name: how its log lines and rows are told apart from users'.</summary>
    public const string FileName = "health-check.csv";

    /// <summary>Three rows, three columns: a date, a number and a category — enough for discovery to find three stories.</summary>
    public const string Csv = "day,visits,region\n2026-01-01,120,north\n2026-01-02,135,south\n2026-01-03,128,north\n";

    public async Task<HealthCheckResult> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        using var activity = DataStoryBotMetrics.ActivitySource.StartActivity("health check");
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        // A check that starts during a break is refused by the breaker itself: its failure says nothing new about the provider.
        var openAtStart = breaker.State == BreakerState.Open;
        SessionRecord? session = null;
        IDisposable? sessionScope = null;
        string? jobId = null;
        string outcome;
        string? detail = null;
        using var timeout = new CancellationTokenSource(options.Value.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            session = await CreateSessionAsync(linked.Token);
            sessionScope = logger.Session(session.SessionId);
            var start = await starter.StartAsync(client, new JobRequest(session, JobPhases.Analyze, JobIds.AnalyzeKey, null, "health-check",
                id => new AnalyzeJobInput(session.SessionId, id, null, product.Value.PhaseDeadline)), linked.Token);
            jobId = start.JobId;
            var instance = await client.WaitForInstanceCompletionAsync(jobId, getInputsAndOutputs: true, linked.Token);
            (outcome, detail) = Judge(instance);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            outcome = HealthOutcomes.TimedOut;
            detail = $"The synthetic analysis did not finish within {options.Value.Timeout}.";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = jobId is null ? HealthOutcomes.Error : HealthOutcomes.Failed;
            detail = e.Message;
        }
        finally
        {
            if (session is not null)
            {
                await CleanUpAsync(client, session);
            }
        }

        var latency = time.GetElapsedTime(started);
        var result = new HealthCheckResult(outcome, startedAt, time.GetUtcNow(), (long)latency.TotalMilliseconds, engine.Name, jobId, detail);
        activity?.SetTag("datastorybot.outcome", outcome);
        DataStoryBotMetrics.HealthCheck(outcome, latency);
        if (result.Succeeded)
        {
            LogSucceeded(logger, result.LatencyMs, engine.Name);
        }
        else
        {
            LogFailed(logger, outcome, result.LatencyMs, engine.Name, detail ?? "");
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, outcome);
            if (!openAtStart && engine.Name != BuiltInAnalysisEngine.EngineName)
            {
                CountAgainstBreaker(outcome, detail);
            }
        }

        sessionScope?.Dispose();
        await results.SaveAsync(result, cancellationToken);
        return result;
    }

    /// <summary>
    /// A failed or timed-out analysis counts as one provider failure. A check that could not even set itself up
    /// (storage down: <see cref="HealthOutcomes.Error"/>) does not: that is not the provider, and the health
    /// endpoint reports storage on its own. Nor does a check that started while the breaker was open (see
    /// <see cref="RunAsync"/>): the breaker refused its provider calls, and tripping again would extend the break at every
    /// check, so a schedule shorter than the break would keep the breaker open after the provider recovered.
    /// </summary>
    void CountAgainstBreaker(string outcome, string? detail)
    {
        var kind = outcome switch
        {
            HealthOutcomes.TimedOut => EngineFailureKind.Timeout,
            HealthOutcomes.Failed => EngineFailureKind.Transient,
            _ => (EngineFailureKind?)null,
        };
        if (kind is { } k)
        {
            breaker.Trip(new EngineException(k, "Synthetic health check " + outcome + ": " + detail));
        }
    }

    static (string Outcome, string? Detail) Judge(OrchestrationMetadata instance)
    {
        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            return (HealthOutcomes.Failed, $"The analysis ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage}");
        }

        var job = instance.ReadOutputAs<JobOutcome>();
        return job switch
        {
            { Succeeded: true } => (HealthOutcomes.Succeeded, null),
            { Problem: { } p } => (HealthOutcomes.Failed, $"{p.Title}: {p.Detail}"),
            _ => (HealthOutcomes.Failed, "The analysis returned no outcome."),
        };
    }

    async Task<SessionRecord> CreateSessionAsync(CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(Csv);
        using var normalized = new MemoryStream();
        var validation = await validator.ValidateAsync(new MemoryStream(bytes, writable: false), FileName, normalized, cancellationToken);
        var profile = validation.Profile
            ?? throw new InvalidOperationException("The synthetic CSV was rejected: " + validation.Rejection?.Detail);

        var sessionId = SessionSecrets.NewSessionId();
        normalized.Position = 0;
        // Nobody holds a token for a synthetic session: the hash of fresh random bytes no one kept.
        var session = await opener.OpenAsync(sessionId, validation.FileName, new MemoryStream(bytes, writable: false), normalized, profile,
            SessionSecrets.Hash(SessionSecrets.NewToken()), cancellationToken);
        using var scope = logger.Session(sessionId);
        LogStarted(logger, sessionId);
        return session;
    }

    /// <summary>Deletes the synthetic session (its job, container, blobs and row). A failure here is logged, never thrown: the retention sweep removes leftovers.</summary>
    async Task CleanUpAsync(DurableTaskClient client, SessionRecord session)
    {
        try
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var current = await sessions.GetAsync(session.SessionId, cleanup.Token) ?? session;
            await deleter.DeleteAsync(client, current, cleanup.Token);
        }
        catch (Exception e)
        {
            LogCleanupFailed(logger, session.SessionId, e.Message);
        }
    }

    [LoggerMessage(EventId = 1401, EventName = "health.check_started", Level = LogLevel.Information,
        Message = "health.check_started: synthetic session {SessionId}")]
    static partial void LogStarted(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 1402, EventName = "health.check_succeeded", Level = LogLevel.Information,
        Message = "health.check_succeeded: synthetic analysis in {LatencyMs} ms with engine {Engine}")]
    static partial void LogSucceeded(ILogger logger, long latencyMs, string engine);

    [LoggerMessage(EventId = 1403, EventName = "health.check_failed", Level = LogLevel.Warning,
        Message = "health.check_failed: {Outcome} after {LatencyMs} ms with engine {Engine}: {Detail}")]
    static partial void LogFailed(ILogger logger, string outcome, long latencyMs, string engine, string detail);

    [LoggerMessage(EventId = 1404, EventName = "health.cleanup_failed", Level = LogLevel.Warning,
        Message = "health.cleanup_failed: synthetic session {SessionId} not deleted ({Error}); the retention sweep will remove it")]
    static partial void LogCleanupFailed(ILogger logger, string sessionId, string error);
}
