
namespace DataStoryBot.Core.Sessions;

/// <summary>Something that happens to a session; <see cref="SessionLifecycle.Apply"/> decides what it does to the row.</summary>
public abstract record SessionEvent
{
    /// <summary>A job takes the marker of <paramref name="JobKey"/>, unless a job other than <paramref name="Replacing"/> (a stale marker the caller saw) holds it.</summary>
    public sealed record JobStarted(string JobKey, string JobId, string? Replacing = null) : SessionEvent;

    /// <summary>A marker whose orchestration never started is taken back.</summary>
    public sealed record JobAbandoned(string JobKey, string JobId) : SessionEvent;

    public sealed record AnalysisCompleted(string JobId, StoredDiscovery Discovery) : SessionEvent;

    public sealed record RefinementCompleted(string JobId, StoredRefinement Refinement) : SessionEvent;

    public sealed record JobFailed(string JobKey, string JobId, JobProblem Problem) : SessionEvent;

    /// <summary>A container was made for the session: recorded when the session has none, or when it replaces <paramref name="Expired"/>.</summary>
    public sealed record ContainerRecorded(SessionContainer Container, string? Expired) : SessionEvent;

    /// <summary>A DELETE or the retention sweep marks the session: from now on it is <see cref="SessionStatus.Deleting"/>.</summary>
    public sealed record DeletionMarked : SessionEvent;
}

/// <summary>What an event came to.</summary>
public enum TransitionResult
{
    /// <summary>The row changes to <see cref="Transition.Next"/>.</summary>
    Applied,

    /// <summary>The session is being deleted (or gone): nothing is written, the caller's work is void.</summary>
    Deleted,

    /// <summary>Another job holds the marker (the job timed out or was replaced): its result is not recorded.</summary>
    NotOwner,

    /// <summary>The refined story is no longer in the session's discovery.</summary>
    StoryGone,

    /// <summary>Nothing to change (e.g. another container is already on record).</summary>
    Unchanged,
}

/// <summary>The outcome of <see cref="SessionLifecycle.Apply"/>: the result and, when <see cref="TransitionResult.Applied"/>, the new row.</summary>
public readonly record struct Transition(TransitionResult Result, SessionRecord? Next)
{
    public static Transition To(SessionRecord next) => new(TransitionResult.Applied, next);

    public static readonly Transition Deleted = new(TransitionResult.Deleted, null);
}

/// <summary>
/// Every change a job, a DELETE or the sweep makes to a session, as one pure function of (row, event) that knows the
/// legal moves. A session that is <see cref="SessionStatus.Deleting"/> accepts no event: a result that lands after the
/// mark is a no-op that reports <see cref="TransitionResult.Deleted"/>, so nothing undoes a delete. A job marks its key in
/// <see cref="SessionRecord.ActiveJobs"/> when it starts; only the job that owns the marker may record a result or a
/// failure, so a late result of a job whose deadline passed, or that a newer job replaced, never overwrites what the
/// session shows now. <see cref="SessionStore"/> applies events with an ETag and refuses any write to a deleting row.
/// </summary>
public static class SessionLifecycle
{
    public static Transition Apply(SessionRecord session, SessionEvent e)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Status == SessionStatus.Deleting)
        {
            return Transition.Deleted;
        }

        return e switch
        {
            SessionEvent.DeletionMarked => Transition.To(session with { Status = SessionStatus.Deleting }),
            SessionEvent.JobStarted s => Start(session, s),
            SessionEvent.JobAbandoned a => session.IsOwnedBy(a.JobKey, a.JobId)
                ? Transition.To(session with { ActiveJobs = session.ActiveJobs.Where(j => j.Key != a.JobKey).ToDictionary() })
                : new(TransitionResult.NotOwner, null),
            SessionEvent.AnalysisCompleted c => CompleteAnalysis(session, c),
            SessionEvent.RefinementCompleted r => CompleteRefinement(session, r),
            SessionEvent.JobFailed f => Fail(session, f),
            SessionEvent.ContainerRecorded c => session.Container is null || session.Container.ContainerId == c.Expired
                ? Transition.To(session with { Container = c.Container })
                : new(TransitionResult.Unchanged, null),
            _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown session event."),
        };
    }

    /// <summary>True when the session no longer exists or is being deleted.</summary>
    public static bool IsGone(SessionRecord? session) => session is null || session.Status == SessionStatus.Deleting;

    /// <summary>True when <paramref name="jobId"/> holds the marker of <paramref name="jobKey"/>.</summary>
    public static bool IsOwnedBy(this SessionRecord session, string jobKey, string jobId) =>
        session.ActiveJobs.GetValueOrDefault(jobKey) == jobId;

    /// <summary>Story ids refined in <paramref name="before"/> that a new discovery does not hold.</summary>
    public static IReadOnlyList<string> DroppedStories(SessionRecord before, StoredDiscovery discovery) =>
        before.Refinements.Select(r => r.StoryId).Where(id => discovery.Stories.All(st => st.StoryId != id)).Distinct().ToList();

    /// <summary>An analyze of a session without stories makes it analyzing.</summary>
    static Transition Start(SessionRecord session, SessionEvent.JobStarted e)
    {
        var current = session.ActiveJobs.GetValueOrDefault(e.JobKey);
        if (current is not null && current != e.Replacing && current != e.JobId)
        {
            return new(TransitionResult.NotOwner, null); // another request started a job first
        }

        var jobs = session.ActiveJobs.ToDictionary();
        jobs[e.JobKey] = e.JobId;
        return Transition.To(session with
        {
            ActiveJobs = jobs,
            Status = e.JobKey == JobIds.AnalyzeKey && session.Discovery is null ? SessionStatus.Analyzing : session.Status,
        });
    }

    /// <summary>
    /// Stores the stories, clears the marker and last failure. Refinements of stories the new discovery no longer holds
    /// are dropped (their artifacts are removed by the caller, see <see cref="DroppedStories"/>), so the row holds at most
    /// one refinement per current story, however many analyses the session runs.
    /// </summary>
    static Transition CompleteAnalysis(SessionRecord session, SessionEvent.AnalysisCompleted e) =>
        session.IsOwnedBy(JobIds.AnalyzeKey, e.JobId)
            ? Transition.To(session with
            {
                Discovery = e.Discovery,
                Refinements = session.Refinements.Where(r => e.Discovery.Stories.Any(st => st.StoryId == r.StoryId)).ToList(),
                Status = SessionStatus.Analyzed,
                ActiveJobs = Without(session.ActiveJobs, JobIds.AnalyzeKey, e.JobId),
                Failures = session.Failures.Where(f => f.Key != JobIds.AnalyzeKey).ToDictionary(),
            })
            : new(TransitionResult.NotOwner, null);

    /// <summary>Records the refinement (replacing an earlier one of the story) while the story is still in the discovery.</summary>
    static Transition CompleteRefinement(SessionRecord session, SessionEvent.RefinementCompleted e)
    {
        var key = JobIds.RefineKey(e.Refinement.StoryId);
        if (!session.IsOwnedBy(key, e.JobId))
        {
            return new(TransitionResult.NotOwner, null);
        }

        if (session.Discovery?.Stories.Any(st => st.StoryId == e.Refinement.StoryId) != true)
        {
            return new(TransitionResult.StoryGone, null);
        }

        return Transition.To(session with
        {
            Refinements = [.. session.Refinements.Where(r => r.StoryId != e.Refinement.StoryId), e.Refinement],
            ActiveJobs = Without(session.ActiveJobs, key, e.JobId),
            Failures = session.Failures.Where(f => f.Key != key).ToDictionary(),
        });
    }

    /// <summary>Clears the marker and keeps the problem; earlier results stay. A first analysis that fails leaves the session analysis_failed.</summary>
    static Transition Fail(SessionRecord session, SessionEvent.JobFailed e)
    {
        if (!session.IsOwnedBy(e.JobKey, e.JobId))
        {
            return new(TransitionResult.NotOwner, null);
        }

        var failures = session.Failures.ToDictionary();
        failures[e.JobKey] = e.Problem;
        return Transition.To(session with
        {
            ActiveJobs = Without(session.ActiveJobs, e.JobKey, e.JobId),
            Failures = failures,
            Status = e.JobKey == JobIds.AnalyzeKey && session.Discovery is null ? SessionStatus.AnalysisFailed : session.Status,
        });
    }

    static Dictionary<string, string> Without(IReadOnlyDictionary<string, string> jobs, string key, string jobId) =>
        jobs.Where(j => !(j.Key == key && j.Value == jobId)).ToDictionary();
}

/// <summary>The events as row functions (null: leave the row as it is), for callers and tests that want only the next row.</summary>
public static class SessionTransitions
{
    public static SessionRecord StartJob(this SessionRecord session, string jobKey, string jobId) =>
        SessionLifecycle.Apply(session, new SessionEvent.JobStarted(jobKey, jobId, session.ActiveJobs.GetValueOrDefault(jobKey))).Next ?? session;

    public static SessionRecord? AbandonJob(this SessionRecord session, string jobKey, string jobId) =>
        SessionLifecycle.Apply(session, new SessionEvent.JobAbandoned(jobKey, jobId)).Next;

    public static SessionRecord? CompleteAnalysis(this SessionRecord session, string jobId, StoredDiscovery discovery) =>
        SessionLifecycle.Apply(session, new SessionEvent.AnalysisCompleted(jobId, discovery)).Next;

    public static SessionRecord? CompleteRefinement(this SessionRecord session, string jobId, StoredRefinement refinement) =>
        SessionLifecycle.Apply(session, new SessionEvent.RefinementCompleted(jobId, refinement)).Next;

    public static SessionRecord? FailJob(this SessionRecord session, string jobKey, string jobId, JobProblem problem) =>
        SessionLifecycle.Apply(session, new SessionEvent.JobFailed(jobKey, jobId, problem)).Next;
}
