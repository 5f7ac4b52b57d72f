using System.Diagnostics;
using System.Text.Json;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Observability;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Workflows;

/// <summary>
/// Phase 1: runs discovery and stores the three stories on the session. Expiry and permanent failures are
/// returned; transient ones (provider errors, timeouts, unusable answers) are thrown so the retry policy retries once.
/// </summary>
public sealed class DiscoverActivity(IAnalysisEngine engine, SessionStore sessions, BlobStore blobs, ILogger<DiscoverActivity> logger)
    : TaskActivity<DiscoverInput, DiscoverOutput>
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override Task<DiscoverOutput> RunAsync(TaskActivityContext context, DiscoverInput input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<DiscoverOutput> ExecuteAsync(DiscoverInput input, CancellationToken cancellationToken)
    {
        using var scope = logger.Session(input.SessionId, input.Container.ContainerId, input.JobId);
        var session = await sessions.GetAsync(input.SessionId, cancellationToken) ?? throw new SessionNotFoundException(input.SessionId);
        var profile = await LoadProfileAsync(blobs, session, cancellationToken);
        logger.AnalysisStarted(JobPhases.Analyze, input.JobId);
        using var phase = DataStoryBotMetrics.StartPhase(JobPhases.Analyze, engine.Name, input.SessionId, input.Container.ContainerId, input.JobId);
        var stopwatch = Stopwatch.StartNew();
        DiscoveryResult result;
        try
        {
            result = await engine.DiscoverAsync(new DiscoveryRequest(input.SessionId, input.Container.ContainerId, input.Container.DataFile, profile, input.Steering), cancellationToken);
        }
        catch (ContainerExpiredException e)
        {
            logger.ContainerExpired(e.ContainerId, JobPhases.Analyze);
            phase.Failed("container_expired");
            DataStoryBotMetrics.ContainerExpired(engine.Name, JobPhases.Analyze);
            return new DiscoverOutput(PhaseStatus.ContainerExpired, 0, null);
        }
        catch (EngineException e) when (e.Kind is EngineFailureKind.Unavailable or EngineFailureKind.Unanalyzable)
        {
            logger.EngineFailure(JobPhases.Analyze, e.Kind.ToString(), e.Message);
            phase.Failed(e.Kind.ToString().ToLowerInvariant());
            return new DiscoverOutput(PhaseStatus.Failed, 0, JobProblems.FromEngineFailure(JobPhases.Analyze, e.Kind, e.Message));
        }
        catch (EngineException e)
        {
            logger.EngineFailure(JobPhases.Analyze, e.Kind.ToString(), e.Message);
            throw PhaseFailureException.From(e);
        }

        var stories = result.Candidates.Select(c => new StoredStory(JobIds.StoryIdFor(c.Title), c)).ToList();
        var discovery = new StoredDiscovery(input.JobId, stories, result.Provenance, session.Sha256);
        var owned = false;
        _ = await sessions.UpdateAsync(input.SessionId, s =>
        {
            // Only the job that owns the analyze marker may store its stories: a late result of a job whose deadline
            // passed, or that a newer analyze replaced, must not overwrite what the session shows now.
            owned = s.ActiveJobs.GetValueOrDefault(JobIds.AnalyzeKey) == input.JobId;
            return owned
                ? s with
                {
                    Discovery = discovery,
                    Status = SessionStatus.Analyzed,
                    ActiveJobs = Without(s.ActiveJobs, JobIds.AnalyzeKey, input.JobId),
                    Failures = s.Failures.Where(f => f.Key != JobIds.AnalyzeKey).ToDictionary(),
                }
                : null;
        }, cancellationToken) ?? throw new SessionNotFoundException(input.SessionId);

        if (!owned)
        {
            return new DiscoverOutput(PhaseStatus.Failed, 0, JobProblems.Superseded(JobPhases.Analyze));
        }

        logger.AnalysisCompleted(stories.Count, stopwatch.ElapsedMilliseconds);
        phase.Completed();
        return new DiscoverOutput(PhaseStatus.Completed, stories.Count, null);
    }

    internal static async Task<DatasetProfile> LoadProfileAsync(BlobStore blobs, SessionRecord session, CancellationToken cancellationToken)
    {
        var data = await blobs.DownloadAsync(session.ProfileBlob, cancellationToken)
            ?? throw new InvalidOperationException($"The session's profile blob {session.ProfileBlob} is missing.");
        return data.ToObjectFromJson<DatasetProfile>(Json)!;
    }

    internal static IReadOnlyDictionary<string, string> Without(IReadOnlyDictionary<string, string> jobs, string key, string jobId) =>
        jobs.Where(j => !(j.Key == key && j.Value == jobId)).ToDictionary();
}
