using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Observability;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Workflows;

/// <summary>Phase 2: runs refine for one discovered story. Its files stay in the container until <see cref="SaveArtifactsActivity"/> copies them.</summary>
public sealed class RefineActivity(IAnalysisEngine engine, SessionStore sessions, BlobStore blobs, ILogger<RefineActivity> logger, HostStopping stopping)
    : WorkflowActivity<RefineInput, RefineOutput>(stopping)
{
    public override async Task<RefineOutput> ExecuteAsync(RefineInput input, CancellationToken cancellationToken)
    {
        using var scope = logger.Session(input.SessionId, input.Container.ContainerId, input.JobId);
        var session = await sessions.GetAsync(input.SessionId, cancellationToken) ?? throw new SessionNotFoundException(input.SessionId);
        var story = session.Discovery?.Stories.FirstOrDefault(s => s.StoryId == input.StoryId);
        if (story is null)
        {
            return new RefineOutput(PhaseStatus.Failed, null, JobProblems.StoryNotFound(input.StoryId));
        }

        var profile = await DiscoverActivity.LoadProfileAsync(blobs, session, cancellationToken);
        var siblings = session.Discovery!.Stories.Where(s => s.StoryId != input.StoryId).Select(s => s.Candidate).ToList();
        logger.AnalysisStarted(JobPhases.Refine, input.JobId);
        using var phase = DataStoryBotMetrics.StartPhase(JobPhases.Refine, engine.Name, input.SessionId, input.Container.ContainerId, input.JobId);
        var attempt = await EnginePhase.RunAsync(JobPhases.Refine, engine, phase, logger, input.Deadline, token =>
            engine.RefineAsync(new RefineRequest(input.SessionId, input.Container.ContainerId, input.Container.DataFile, profile, story.Candidate, siblings), token), cancellationToken);
        if (attempt.Succeeded)
        {
            phase.Completed();
        }

        return new RefineOutput(attempt.Status, attempt.Result, attempt.Problem);
    }
}
