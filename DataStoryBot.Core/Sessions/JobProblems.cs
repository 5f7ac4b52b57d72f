using DataStoryBot.Core.Engines;

namespace DataStoryBot.Core.Sessions;

/// <summary>An RFC 9457 problem as stored and returned for a failed job.</summary>
public sealed record JobProblem(string Type, string Title, int Status, string Detail);

/// <summary>The problems a failed analysis job reports: what happened and what to do.</summary>
public static class JobProblems
{
    public const string TypePrefix = "urn:datastorybot:problem:";

    public static JobProblem Deadline(string phase, TimeSpan deadline) => new(
        TypePrefix + "analysis-timeout", "The analysis took too long", 504,
        $"The {phase} phase did not finish within {deadline.TotalMinutes:0.#} minutes and was stopped. Try again; if it keeps happening, try a smaller file or a narrower steering text.");

    public static JobProblem ExpiredTwice(string phase) => new(
        TypePrefix + "container-expired", "The analysis container expired twice", 503,
        $"The analysis container expired during the {phase} phase, and again after your data was re-uploaded to a new one. Your file and any stories already found are safe; start the {phase} again.");

    public static JobProblem FromEngineFailure(string phase, EngineFailureKind kind, string message) => kind switch
    {
        EngineFailureKind.Timeout => new(TypePrefix + "model-timeout", "The analysis model did not answer in time", 504,
            $"The {phase} phase timed out twice ({message}). Try again in a few minutes."),
        EngineFailureKind.InvalidResult => new(TypePrefix + "invalid-model-answer", "The analysis returned an unusable answer", 502,
            $"The {phase} phase produced an answer that could not be used, twice ({message}). Try again, or pick another story."),
        EngineFailureKind.Unavailable => new(TypePrefix + "service-degraded", "The analysis service is degraded", 503,
            "The analysis service is degraded; try again in a few minutes."),
        EngineFailureKind.Unanalyzable => new(TypePrefix + "data-not-analyzable", "The data cannot be analyzed", 422,
            $"{message}"),
        _ => new(TypePrefix + "analysis-failed", "The analysis service failed", 502,
            $"The {phase} phase failed twice ({message.TrimEnd('.')}). Try again in a few minutes."),
    };

    /// <summary>
    /// A step failed in a way that is not the engine's (storage, an SDK, a bug): the client is told what happened in its
    /// words; the exception, with any request id, stays in the server's log.
    /// </summary>
    public static JobProblem ActivityFailed(string phase) => new(
        TypePrefix + "analysis-failed", "The analysis failed", 502,
        $"The {phase} phase failed on our side, also after one retry (the details are in the server's log). Your file and any stories already found are safe; try again in a few minutes.");

    public static JobProblem SessionGone() => new(
        TypePrefix + "session-not-found", "The session no longer exists", 404,
        "The session was deleted or expired while the job ran. Upload the file again.");

    public static JobProblem Superseded(string phase) => new(
        TypePrefix + "job-superseded", "This job no longer owns its results", 409,
        $"The {phase} job was ended (its deadline passed) or replaced by a newer {phase} of the same session, so its late results were not saved. Use the newer job, or start the {phase} again.");

    public static JobProblem StoryNotFound(string storyId) => new(
        TypePrefix + "story-not-found", "The story is not part of this session's discovery", 404,
        $"Story '{storyId}' is not among the stories discovered for this session. Run analyze and pick one of its titles.");

    public static JobProblem NeverStarted(string phase) => new(
        TypePrefix + "job-not-started", "The job never started", 503,
        $"The {phase} job was accepted but its workflow was never scheduled (the server stopped in between). Nothing was lost; start the {phase} again.");
}
