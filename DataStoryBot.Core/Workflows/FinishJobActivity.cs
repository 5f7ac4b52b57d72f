using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Workflows;

/// <summary>Records a failed job on the session: clears its running marker and keeps the problem. Earlier results stay.</summary>
public sealed class FinishJobActivity(SessionStore sessions, ILogger<FinishJobActivity> logger, HostStopping stopping) : WorkflowActivity<FinishJobInput, FinishJobOutput>(stopping)
{
    public override async Task<FinishJobOutput> ExecuteAsync(FinishJobInput input, CancellationToken cancellationToken)
    {
        // The container (if any) goes on the line too: every line after the container is known carries it.
        var current = await sessions.GetAsync(input.SessionId, cancellationToken);
        using var scope = logger.Session(input.SessionId, current?.Container?.ContainerId, input.JobId);
        logger.JobFailed(input.JobId, input.Problem.Type, input.Problem.Detail);
        // A failure that lands after a DELETE marked the session is not recorded: the session stays deleting.
        var (result, _) = await sessions.ApplyAsync(input.SessionId, new SessionEvent.JobFailed(input.JobKey, input.JobId, input.Problem), cancellationToken);
        return new FinishJobOutput(result == TransitionResult.Applied);
    }
}
