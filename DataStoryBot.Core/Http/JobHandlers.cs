using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Serialization;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Http;

/// <summary>Analyze, refine and job status: start-and-poll over durable orchestrations.</summary>
public sealed class JobHandlers(SessionAuthenticator auth, JobStarter starter, IAnalysisAvailability availability, IOptions<DataStoryBotOptions> options,
    TimeProvider time)
{
    public const int MaxSteeringLength = 500;
    public const int PollSeconds = 2;

    public async Task<IResult> AnalyzeAsync(HttpRequest request, DurableTaskClient client, string sessionId, CancellationToken cancellationToken)
    {
        var session = await auth.AuthenticateAsync(request, sessionId, cancellationToken);
        if (session is null)
        {
            return Problems.SessionNotFound();
        }

        var body = await JsonBody.ReadAsync<AnalyzeRequest>(request, cancellationToken);
        var idempotency = IdempotencyKeyHeader.Read(request);
        if ((body.Error ?? idempotency.Error) is { } invalid)
        {
            return invalid;
        }

        var steering = body.Value?.Steering?.Trim();
        if (steering is { Length: > MaxSteeringLength })
        {
            return Problems.Create(400, "steering-too-long", "The steering text is too long",
                $"'steering' has {steering.Length} characters; at most {MaxSteeringLength} are allowed. Name the columns or theme to focus on in a sentence or two.");
        }

        var deadline = options.Value.PhaseDeadline;
        var start = await starter.StartAsync(client, new JobRequest(session, JobPhases.Analyze, JobIds.AnalyzeKey, idempotency.Key, "analyze\n" + steering,
            jobId => new AnalyzeJobInput(session.SessionId, jobId, string.IsNullOrEmpty(steering) ? null : steering, deadline), availability.RejectNewWork),
            cancellationToken);
        return Accepted(session.SessionId, start);
    }

    public async Task<IResult> RefineAsync(HttpRequest request, DurableTaskClient client, string sessionId, CancellationToken cancellationToken)
    {
        var session = await auth.AuthenticateAsync(request, sessionId, cancellationToken);
        if (session is null)
        {
            return Problems.SessionNotFound();
        }

        var body = await JsonBody.ReadAsync<RefineRequestBody>(request, cancellationToken);
        var idempotency = IdempotencyKeyHeader.Read(request);
        if ((body.Error ?? idempotency.Error) is { } invalid)
        {
            return invalid;
        }

        var title = body.Value?.Title?.Trim();
        var storyId = body.Value?.StoryId?.Trim();
        if (string.IsNullOrEmpty(title) && string.IsNullOrEmpty(storyId))
        {
            return Problems.Create(400, "missing-title", "No story chosen",
                "Send {\"title\": \"<one of the titles from this session's discovery>\"}. GET the session to see its stories.");
        }

        if (session.Discovery is null)
        {
            return Problems.Create(409, "no-discovery", "Nothing to refine yet",
                $"This session has no discovered stories yet. POST {ApiLinks.Analyze(session.SessionId)} first, poll the job, then refine one of its titles.");
        }

        var story = session.Discovery.Stories.FirstOrDefault(s =>
            (!string.IsNullOrEmpty(title) && string.Equals(s.Candidate.Title.Trim(), title, StringComparison.OrdinalIgnoreCase))
            || (!string.IsNullOrEmpty(storyId) && s.StoryId == storyId));
        if (story is null)
        {
            var titles = string.Join("; ", session.Discovery.Stories.Select(s => $"\"{s.Candidate.Title}\""));
            return Problems.Create(422, "unknown-story", "That story is not in this session's discovery",
                $"Refine takes one of the titles discovery returned for this session: {titles}.");
        }

        var deadline = options.Value.PhaseDeadline;
        var start = await starter.StartAsync(client, new JobRequest(session, JobPhases.Refine, JobIds.RefineKey(story.StoryId), idempotency.Key,
            "refine\n" + story.StoryId, jobId => new RefineJobInput(session.SessionId, jobId, story.StoryId, deadline), availability.RejectNewWork),
            cancellationToken);
        return Accepted(session.SessionId, start);
    }

    public async Task<IResult> GetJobAsync(HttpRequest request, DurableTaskClient client, string jobId, CancellationToken cancellationToken)
    {
        if (!JobIds.TryGetSessionId(jobId, out var sessionId))
        {
            return JobNotFound();
        }

        var session = await auth.AuthenticateAsync(request, sessionId, cancellationToken);
        if (session is null)
        {
            return JobNotFound();
        }

        var phase = JobIds.PhaseOf(jobId);
        var instance = await client.GetInstanceAsync(jobId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            if (!session.ActiveJobs.Values.Contains(jobId))
            {
                return JobNotFound();
            }

            // A marker whose orchestration never appeared (the process died between the two writes) is not queued for ever.
            return JobStarter.IsAbandonedMarker(session, time.GetUtcNow())
                ? new StatusOverride(Problems.From(JobProblems.NeverStarted(phase), JobExtensions(jobId, sessionId, phase, "failed")), 200)
                : Running(jobId, sessionId, phase, new JobProgress("queued", "Waiting to start"), null, null);
        }

        switch (instance.RuntimeStatus)
        {
            case OrchestrationRuntimeStatus.Pending:
            case OrchestrationRuntimeStatus.Running:
            case OrchestrationRuntimeStatus.Suspended:
                var progress = instance.SerializedCustomStatus is { Length: > 0 } ? instance.ReadCustomStatusAs<JobProgress>() : null;
                return Running(jobId, sessionId, phase, progress ?? new JobProgress("queued", "Waiting to start"), instance.CreatedAt, instance.LastUpdatedAt);
            case OrchestrationRuntimeStatus.Completed:
                var outcome = instance.ReadOutputAs<JobOutcome>()!;
                if (!outcome.Succeeded)
                {
                    return new StatusOverride(Problems.From(outcome.Problem!, JobExtensions(jobId, sessionId, phase, "failed")), 200);
                }

                return Results.Json(new JobStatusView(jobId, sessionId, phase, "succeeded", null, instance.CreatedAt, instance.LastUpdatedAt, outcome.StoryId,
                    outcome.ContainerRecoveries, Links(jobId, sessionId, outcome.StoryId), SessionViews.ResultOf(session, jobId, outcome.StoryId)), JsonDefaults.Web);
            default:
                var crashed = new Sessions.JobProblem(JobProblems.TypePrefix + "job-failed", "The job stopped unexpectedly", 500,
                    $"The {phase} job ended with status {instance.RuntimeStatus}. Your file and earlier results are safe; start the {phase} again.");
                return new StatusOverride(Problems.From(crashed, JobExtensions(jobId, sessionId, phase, "failed")), 200);
        }
    }

    static IResult Accepted(string sessionId, JobStart start)
    {
        if (start.Refusal is { } refused)
        {
            return Problems.Create(503, "service-degraded", "The analysis service is degraded", refused.Detail, retryAfter: refused.RetryAfter);
        }

        if (start.Kind == JobStartKind.KeyConflict)
        {
            return Problems.Create(422, "idempotency-key-reused", "Idempotency-Key reused for a different request",
                $"This Idempotency-Key was first used for a different request (job {start.JobId}). Use a new key for a new request.",
                new Dictionary<string, object?> { ["jobId"] = start.JobId, ["statusUrl"] = ApiLinks.Job(start.JobId) });
        }

        var url = ApiLinks.Job(start.JobId);
        var body = new JobAcceptedView(start.JobId, sessionId, JobIds.PhaseOf(start.JobId), url, start.Kind switch
        {
            JobStartKind.Started => "started",
            JobStartKind.Duplicate => "duplicate",
            _ => "already-running",
        });
        var result = Results.Json(body, JsonDefaults.Web, statusCode: 202);
        return new Problems.WithHeader(new Problems.WithHeader(result, "Location", url), "Retry-After", PollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    static IResult Running(string jobId, string sessionId, string phase, JobProgress progress, DateTimeOffset? created, DateTimeOffset? updated)
    {
        var result = Results.Json(new JobStatusView(jobId, sessionId, phase, "running", progress, created, updated, null, 0, Links(jobId, sessionId, null)),
            JsonDefaults.Web, statusCode: 202);
        return new Problems.WithHeader(result, "Retry-After", PollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    static Dictionary<string, string> Links(string jobId, string sessionId, string? storyId)
    {
        var links = new Dictionary<string, string> { ["self"] = ApiLinks.Job(jobId), ["session"] = ApiLinks.Session(sessionId) };
        if (storyId is not null)
        {
            links["story"] = ApiLinks.Story(sessionId, storyId);
        }

        return links;
    }

    static Dictionary<string, object?> JobExtensions(string jobId, string sessionId, string phase, string status) => new()
    {
        ["jobId"] = jobId,
        ["sessionId"] = sessionId,
        ["phase"] = phase,
        ["jobStatus"] = status,
        ["links"] = Links(jobId, sessionId, null),
    };

    static IResult JobNotFound() => Problems.Create(404, "job-not-found", "Job not found",
        "No job matches this id and session token. Use the statusUrl returned by analyze or refine, with the session's bearer token.");

    /// <summary>Runs a result with a different status code (failed jobs are reported with 200 and a problem body).</summary>
    sealed class StatusOverride(IResult inner, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.OnStarting(() =>
            {
                httpContext.Response.StatusCode = status;
                return Task.CompletedTask;
            });
            await inner.ExecuteAsync(httpContext);
        }
    }
}

public sealed record AnalyzeRequest(string? Steering);

public sealed record RefineRequestBody(string? Title, string? StoryId);

/// <summary>
/// What a succeeded job produced, as the session holds it now: the three stories of an analyze, or the refined story
/// of a refine. Null when a later job has replaced it on the session (GET the session for the current state).
/// </summary>
public sealed record JobResultView(IReadOnlyList<StoryView>? Stories, StoryDetailView? Story);

public sealed record JobAcceptedView(string JobId, string SessionId, string Phase, string StatusUrl, string Disposition);

public sealed record JobStatusView(string JobId, string SessionId, string Phase, string Status, JobProgress? Progress, DateTimeOffset? CreatedAt,
    DateTimeOffset? LastUpdatedAt, string? StoryId, int ContainerRecoveries, IReadOnlyDictionary<string, string> Links, JobResultView? Result = null)
{
    /// <summary>The same as <see cref="Status"/>; present on every job answer, including failures (whose <c>status</c> is the problem's HTTP status).</summary>
    public string JobStatus => Status;
}
