using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Workflows;

namespace DataStoryBot.Core.Sessions;

/// <summary>
/// Every change a job makes to a session, in one place. A job marks its key in <see cref="SessionRecord.ActiveJobs"/>
/// when it starts; only the job that owns the marker may record a result or a failure, so a late result of a job whose
/// deadline passed, or that a newer job replaced, never overwrites what the session shows now. Each transition returns
/// the new record, or null to leave the row as it is (the shape <see cref="SessionStore.UpdateAsync"/> takes).
/// </summary>
public static class SessionTransitions
{
    /// <summary>True when <paramref name="jobId"/> holds the marker of <paramref name="jobKey"/>.</summary>
    public static bool IsOwnedBy(this SessionRecord session, string jobKey, string jobId) =>
        session.ActiveJobs.GetValueOrDefault(jobKey) == jobId;

    /// <summary>Marks <paramref name="jobId"/> as running under <paramref name="jobKey"/>; an analyze of a session without stories makes it analyzing.</summary>
    public static SessionRecord StartJob(this SessionRecord session, string jobKey, string jobId, string phase)
    {
        var jobs = session.ActiveJobs.ToDictionary();
        jobs[jobKey] = jobId;
        return session with
        {
            ActiveJobs = jobs,
            Status = phase == JobPhases.Analyze && session.Discovery is null ? SessionStatus.Analyzing : session.Status,
        };
    }

    /// <summary>Takes back a marker whose orchestration never started; null when another job holds the key.</summary>
    public static SessionRecord? AbandonJob(this SessionRecord session, string jobKey, string jobId) =>
        session.IsOwnedBy(jobKey, jobId) ? session with { ActiveJobs = session.ActiveJobs.Where(j => j.Key != jobKey).ToDictionary() } : null;

    /// <summary>
    /// Stores the stories of the analyze job that owns the marker, clears its marker and last failure; null otherwise.
    /// Refinements of stories the new discovery no longer holds are dropped (their artifacts are removed by the caller,
    /// see <see cref="DroppedStories"/>), so the row holds at most one refinement per current story, however many
    /// analyses the session runs.
    /// </summary>
    public static SessionRecord? CompleteAnalysis(this SessionRecord session, string jobId, StoredDiscovery discovery) =>
        session.IsOwnedBy(JobIds.AnalyzeKey, jobId)
            ? session with
            {
                Discovery = discovery,
                Refinements = session.Refinements.Where(r => discovery.Stories.Any(st => st.StoryId == r.StoryId)).ToList(),
                Status = SessionStatus.Analyzed,
                ActiveJobs = Without(session.ActiveJobs, JobIds.AnalyzeKey, jobId),
                Failures = session.Failures.Where(f => f.Key != JobIds.AnalyzeKey).ToDictionary(),
            }
            : null;

    /// <summary>Story ids refined in <paramref name="before"/> that a new discovery does not hold.</summary>
    public static IReadOnlyList<string> DroppedStories(SessionRecord before, StoredDiscovery discovery) =>
        before.Refinements.Select(r => r.StoryId).Where(id => discovery.Stories.All(st => st.StoryId != id)).Distinct().ToList();

    /// <summary>
    /// Records the refinement of the refine job that owns the story's marker while the story is still in the discovery
    /// (replacing an earlier refinement of it), clears its marker and last failure; null otherwise.
    /// </summary>
    public static SessionRecord? CompleteRefinement(this SessionRecord session, string jobId, StoredRefinement refinement)
    {
        var key = JobIds.RefineKey(refinement.StoryId);
        return session.IsOwnedBy(key, jobId) && session.Discovery?.Stories.Any(st => st.StoryId == refinement.StoryId) == true
            ? session with
            {
                Refinements = [.. session.Refinements.Where(r => r.StoryId != refinement.StoryId), refinement],
                ActiveJobs = Without(session.ActiveJobs, key, jobId),
                Failures = session.Failures.Where(f => f.Key != key).ToDictionary(),
            }
            : null;
    }

    /// <summary>
    /// Records the failure of the job that owns the marker: clears the marker and keeps the problem; earlier results stay.
    /// A first analysis that fails leaves the session analysis_failed. Null when another job holds the key.
    /// </summary>
    public static SessionRecord? FailJob(this SessionRecord session, string jobKey, string jobId, JobProblem problem)
    {
        if (!session.IsOwnedBy(jobKey, jobId))
        {
            return null;
        }

        var failures = session.Failures.ToDictionary();
        failures[jobKey] = problem;
        return session with
        {
            ActiveJobs = Without(session.ActiveJobs, jobKey, jobId),
            Failures = failures,
            Status = jobKey == JobIds.AnalyzeKey && session.Discovery is null ? SessionStatus.AnalysisFailed : session.Status,
        };
    }

    private static Dictionary<string, string> Without(IReadOnlyDictionary<string, string> jobs, string key, string jobId) =>
        jobs.Where(j => !(j.Key == key && j.Value == jobId)).ToDictionary();
}
