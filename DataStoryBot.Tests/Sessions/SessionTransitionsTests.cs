using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Workflows;

namespace DataStoryBot.Tests.Sessions;

public sealed class SessionTransitionsTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static SessionRecord Session(IReadOnlyDictionary<string, string> jobs, StoredDiscovery? discovery = null,
        IReadOnlyDictionary<string, JobProblem>? failures = null) => new()
    {
        SessionId = "s1", TokenHash = "h", FileName = "f.csv", OriginalBlob = "u/o", DataBlob = "u/d", ProfileBlob = "a/p",
        SizeBytes = 1, RowCount = 1, ColumnCount = 1, Sha256 = "x", CreatedAt = At, LastActivityAt = At,
        Status = discovery is null ? SessionStatus.Analyzing : SessionStatus.Analyzed,
        Discovery = discovery,
        ActiveJobs = jobs,
        Failures = failures ?? new Dictionary<string, JobProblem>(),
    };

    private static StoredDiscovery Discovery(string jobId, params string[] storyIds) => new(jobId,
        storyIds.Select(id => new StoredStory(id, new StoryCandidate("Title " + id, "Summary", ["bar"], new StoryEvidence("t", null, null, null, 1, ["a"])))).ToList(),
        new EngineProvenance("test", "1", null, [], SamplingInfo.None(1), At, At), "x");

    private static StoredRefinement Refinement(string storyId, string jobId) =>
        new(storyId, "Title " + storyId, jobId, "n", [], null, "f", new EngineProvenance("test", "1", null, [], SamplingInfo.None(1), At, At), "x", At);

    private static readonly JobProblem Problem = new("urn:problem", "Failed", 502, "detail");

    [Fact]
    public void CompleteAnalysis_JobOwnsTheMarker_StoresStoriesAndClearsMarkerAndFailure()
    {
        var session = Session(new Dictionary<string, string> { [JobIds.AnalyzeKey] = "job-a", ["refine:x"] = "job-r" },
            failures: new Dictionary<string, JobProblem> { [JobIds.AnalyzeKey] = Problem });

        var next = session.CompleteAnalysis("job-a", Discovery("job-a", "x"));

        Assert.NotNull(next);
        Assert.Equal(SessionStatus.Analyzed, next.Status);
        Assert.Equal("x", Assert.Single(next.Discovery!.Stories).StoryId);
        Assert.Equal(["refine:x"], next.ActiveJobs.Keys);
        Assert.Empty(next.Failures);
    }

    [Fact]
    public void CompleteAnalysis_ANewerJobOwnsTheMarker_LeavesTheSessionAlone()
    {
        var session = Session(new Dictionary<string, string> { [JobIds.AnalyzeKey] = "job-new" });

        Assert.Null(session.CompleteAnalysis("job-old", Discovery("job-old", "x")));
    }

    [Fact]
    public void CompleteRefinement_StoryReplacedByANewerAnalysis_LeavesTheSessionAlone()
    {
        var session = Session(new Dictionary<string, string> { [JobIds.RefineKey("x")] = "job-r" }, Discovery("job-a2", "y"));

        Assert.Null(session.CompleteRefinement("job-r", Refinement("x", "job-r")));
    }

    [Fact]
    public void CompleteRefinement_JobOwnsTheStory_ReplacesTheEarlierRefinementOfThatStoryOnly()
    {
        var session = Session(new Dictionary<string, string> { [JobIds.RefineKey("x")] = "job-r2" }, Discovery("job-a", "x", "y")) with
        {
            Refinements = [Refinement("x", "job-r1"), Refinement("y", "job-ry")],
        };

        var next = session.CompleteRefinement("job-r2", Refinement("x", "job-r2"));

        Assert.NotNull(next);
        Assert.Equal(["job-ry", "job-r2"], next.Refinements.Select(r => r.JobId));
        Assert.Empty(next.ActiveJobs);
    }

    [Fact]
    public void FailJob_FirstAnalysisFails_SessionIsAnalysisFailedAndKeepsTheProblem()
    {
        var session = Session(new Dictionary<string, string> { [JobIds.AnalyzeKey] = "job-a" });

        var next = session.FailJob(JobIds.AnalyzeKey, "job-a", Problem);

        Assert.NotNull(next);
        Assert.Equal(SessionStatus.AnalysisFailed, next.Status);
        Assert.Equal(Problem, next.Failures[JobIds.AnalyzeKey]);
        Assert.Empty(next.ActiveJobs);
    }

    [Fact]
    public void FailJob_RefineFailsAfterAnAnalysis_StatusAndStoriesStay()
    {
        var session = Session(new Dictionary<string, string> { [JobIds.RefineKey("x")] = "job-r" }, Discovery("job-a", "x"));

        var next = session.FailJob(JobIds.RefineKey("x"), "job-r", Problem);

        Assert.NotNull(next);
        Assert.Equal(SessionStatus.Analyzed, next.Status);
        Assert.NotNull(next.Discovery);
    }

    [Fact]
    public void FailJob_AnotherJobOwnsTheKey_LeavesTheSessionAlone()
    {
        var session = Session(new Dictionary<string, string> { [JobIds.AnalyzeKey] = "job-new" });

        Assert.Null(session.FailJob(JobIds.AnalyzeKey, "job-old", Problem));
    }

    [Fact]
    public void StartJob_FirstAnalyze_MarksTheJobAndMakesTheSessionAnalyzing()
    {
        var session = Session(new Dictionary<string, string>()) with { Status = SessionStatus.Uploaded };

        var next = session.StartJob(JobIds.AnalyzeKey, "job-a");

        Assert.Equal(SessionStatus.Analyzing, next.Status);
        Assert.True(next.IsOwnedBy(JobIds.AnalyzeKey, "job-a"));
    }

    [Fact]
    public void AbandonJob_AnotherJobTookTheKey_LeavesTheSessionAlone()
    {
        var session = Session(new Dictionary<string, string> { [JobIds.AnalyzeKey] = "job-other" });

        Assert.Null(session.AbandonJob(JobIds.AnalyzeKey, "job-mine"));
        Assert.Empty(Session(new Dictionary<string, string> { [JobIds.AnalyzeKey] = "job-mine" }).AbandonJob(JobIds.AnalyzeKey, "job-mine")!.ActiveJobs);
    }
}
