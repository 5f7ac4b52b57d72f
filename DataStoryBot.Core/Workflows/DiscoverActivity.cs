using System.Diagnostics;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Observability;
using DataStoryBot.Core.Serialization;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Workflows;

/// <summary>
/// Phase 1: runs discovery and stores the three stories on the session. Expiry and permanent failures are
/// returned; transient ones (provider errors, timeouts, unusable answers) are thrown so the retry policy retries once.
/// </summary>
public sealed class DiscoverActivity(IAnalysisEngine engine, SessionStore sessions, BlobStore blobs, ILogger<DiscoverActivity> logger, HostStopping stopping)
    : WorkflowActivity<DiscoverInput, DiscoverOutput>(stopping)
{
    public override async Task<DiscoverOutput> ExecuteAsync(DiscoverInput input, CancellationToken cancellationToken)
    {
        using var scope = logger.Session(input.SessionId, input.Container.ContainerId, input.JobId);
        var session = await sessions.GetAsync(input.SessionId, cancellationToken) ?? throw new SessionNotFoundException(input.SessionId);
        var profile = await LoadProfileAsync(blobs, session, cancellationToken);
        logger.AnalysisStarted(JobPhases.Analyze, input.JobId);
        using var phase = DataStoryBotMetrics.StartPhase(JobPhases.Analyze, engine.Name, input.SessionId, input.Container.ContainerId, input.JobId);
        var stopwatch = Stopwatch.StartNew();
        var attempt = await EnginePhase.RunAsync(JobPhases.Analyze, engine, phase, logger, input.Deadline, token =>
            engine.DiscoverAsync(new DiscoveryRequest(input.SessionId, input.Container.ContainerId, input.Container.DataFile, profile, input.Steering), token), cancellationToken);
        if (attempt.Result is not { } result)
        {
            return new DiscoverOutput(attempt.Status, 0, attempt.Problem);
        }

        var stories = result.Candidates.Select(c => new StoredStory(JobIds.StoryIdFor(c.Title), c)).ToList();
        var discovery = new StoredDiscovery(input.JobId, stories, result.Provenance, session.Sha256);
        // A discovery that lands after a DELETE marked the session is void: the store refuses the write.
        var (recorded, _) = await sessions.ApplyAsync(input.SessionId, new SessionEvent.AnalysisCompleted(input.JobId, discovery), cancellationToken);
        switch (recorded)
        {
            case TransitionResult.Deleted:
                throw new SessionNotFoundException(input.SessionId);
            case not TransitionResult.Applied:
                return new DiscoverOutput(PhaseStatus.Failed, 0, JobProblems.Superseded(JobPhases.Analyze));
        }

        var dropped = SessionLifecycle.DroppedStories(session, discovery);

        // The stories this analysis replaced take their charts, datasets and narratives with them (bounded state).
        // Best effort: the stories are already stored, and a leftover blob goes with the session's own deletion.
        try
        {
            foreach (var storyId in dropped)
            {
                await blobs.DeleteUnderAsync(SaveArtifactsActivity.StoryPrefix(blobs.ArtifactsContainer, input.SessionId, storyId), cancellationToken);
            }
        }
        catch (Azure.RequestFailedException)
        {
        }

        logger.AnalysisCompleted(stories.Count, stopwatch.ElapsedMilliseconds);
        phase.Completed();
        return new DiscoverOutput(PhaseStatus.Completed, stories.Count, null);
    }

    internal static async Task<DatasetProfile> LoadProfileAsync(BlobStore blobs, SessionRecord session, CancellationToken cancellationToken)
    {
        var data = await blobs.DownloadAsync(session.ProfileBlob, cancellationToken)
            ?? throw new InvalidOperationException($"The session's profile blob {session.ProfileBlob} is missing.");
        return ProfileReader.Read(data);
    }
}
