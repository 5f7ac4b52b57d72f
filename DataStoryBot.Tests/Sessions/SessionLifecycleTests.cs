using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Sessions;

namespace DataStoryBot.Tests.Sessions;

/// <summary>The transition function as a table: every from-state × event → result and the status it leaves.</summary>
public sealed class SessionLifecycleTests
{
    static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    static readonly JobProblem Problem = new("urn:problem", "Failed", 502, "detail");
    const string Story = "st1";

    static StoredDiscovery Discovery(string jobId) => new(jobId,
        [new StoredStory(Story, new StoryCandidate("Title", "Summary", ["bar"], new StoryEvidence("t", null, null, null, 1, ["a"])))],
        new EngineProvenance("test", "1", null, [], SamplingInfo.None(1), At, At), "x");

    /// <summary>A session in <paramref name="status"/> whose analyze marker is held by job-a and whose story's refine marker by job-r; stories only once analyzed.</summary>
    static SessionRecord In(SessionStatus status) => new()
    {
        SessionId = "s1", TokenHash = "h", FileName = "f.csv", OriginalBlob = "u/o", DataBlob = "u/d", ProfileBlob = "a/p",
        SizeBytes = 1, RowCount = 1, ColumnCount = 1, Sha256 = "x", CreatedAt = At, LastActivityAt = At,
        Status = status,
        Discovery = status is SessionStatus.Analyzed or SessionStatus.Deleting ? Discovery("job-0") : null,
        ActiveJobs = new Dictionary<string, string> { [JobIds.AnalyzeKey] = "job-a", [JobIds.RefineKey(Story)] = "job-r" },
    };

    static SessionEvent Event(string name) => name switch
    {
        "start analyze" => new SessionEvent.JobStarted(JobIds.AnalyzeKey, "job-b", Replacing: "job-a"),
        "start while another runs" => new SessionEvent.JobStarted(JobIds.AnalyzeKey, "job-b", Replacing: null),
        "analysis completed" => new SessionEvent.AnalysisCompleted("job-a", Discovery("job-a")),
        "late analysis completed" => new SessionEvent.AnalysisCompleted("job-old", Discovery("job-old")),
        "refinement completed" => new SessionEvent.RefinementCompleted("job-r",
            new StoredRefinement(Story, "Title", "job-r", "n", [], null, "f", new EngineProvenance("test", "1", null, [], SamplingInfo.None(1), At, At), "x", At)),
        "analysis failed" => new SessionEvent.JobFailed(JobIds.AnalyzeKey, "job-a", Problem),
        "refine failed" => new SessionEvent.JobFailed(JobIds.RefineKey(Story), "job-r", Problem),
        "abandoned" => new SessionEvent.JobAbandoned(JobIds.AnalyzeKey, "job-a"),
        "container recorded" => new SessionEvent.ContainerRecorded(new SessionContainer("c1", new EngineFile("f1", "data.csv", 1), At), null),
        "deletion marked" => new SessionEvent.DeletionMarked(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static TheoryData<SessionStatus, string, TransitionResult, SessionStatus?> Table()
    {
        var data = new TheoryData<SessionStatus, string, TransitionResult, SessionStatus?>();
        foreach (var from in new[] { SessionStatus.Uploaded, SessionStatus.Analyzing, SessionStatus.AnalysisFailed })
        {
            data.Add(from, "start analyze", TransitionResult.Applied, SessionStatus.Analyzing);
            data.Add(from, "start while another runs", TransitionResult.NotOwner, null);
            data.Add(from, "analysis completed", TransitionResult.Applied, SessionStatus.Analyzed);
            data.Add(from, "late analysis completed", TransitionResult.NotOwner, null);
            data.Add(from, "refinement completed", TransitionResult.StoryGone, null);
            data.Add(from, "analysis failed", TransitionResult.Applied, SessionStatus.AnalysisFailed);
            data.Add(from, "refine failed", TransitionResult.Applied, from);
            data.Add(from, "abandoned", TransitionResult.Applied, from);
            data.Add(from, "container recorded", TransitionResult.Applied, from);
            data.Add(from, "deletion marked", TransitionResult.Applied, SessionStatus.Deleting);
        }

        data.Add(SessionStatus.Analyzed, "start analyze", TransitionResult.Applied, SessionStatus.Analyzed);
        data.Add(SessionStatus.Analyzed, "start while another runs", TransitionResult.NotOwner, null);
        data.Add(SessionStatus.Analyzed, "analysis completed", TransitionResult.Applied, SessionStatus.Analyzed);
        data.Add(SessionStatus.Analyzed, "late analysis completed", TransitionResult.NotOwner, null);
        data.Add(SessionStatus.Analyzed, "refinement completed", TransitionResult.Applied, SessionStatus.Analyzed);
        data.Add(SessionStatus.Analyzed, "analysis failed", TransitionResult.Applied, SessionStatus.Analyzed);
        data.Add(SessionStatus.Analyzed, "refine failed", TransitionResult.Applied, SessionStatus.Analyzed);
        data.Add(SessionStatus.Analyzed, "abandoned", TransitionResult.Applied, SessionStatus.Analyzed);
        data.Add(SessionStatus.Analyzed, "container recorded", TransitionResult.Applied, SessionStatus.Analyzed);
        data.Add(SessionStatus.Analyzed, "deletion marked", TransitionResult.Applied, SessionStatus.Deleting);

        // Nothing undoes a delete: every event after the mark is a no-op that reports "deleted".
        foreach (var e in new[] { "start analyze", "start while another runs", "analysis completed", "late analysis completed", "refinement completed",
                     "analysis failed", "refine failed", "abandoned", "container recorded", "deletion marked" })
        {
            data.Add(SessionStatus.Deleting, e, TransitionResult.Deleted, null);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Apply_FromStateAndEvent_GivesTheResultAndStatusOfTheTable(SessionStatus from, string e, TransitionResult result, SessionStatus? to)
    {
        var transition = SessionLifecycle.Apply(In(from), Event(e));

        Assert.Equal(result, transition.Result);
        Assert.Equal(to, transition.Next?.Status);
    }

    [Fact]
    public void Apply_CompletionAfterTheMark_WritesNothingAndKeepsTheMarker()
    {
        var marked = SessionLifecycle.Apply(In(SessionStatus.Analyzing), Event("deletion marked")).Next!;

        var late = SessionLifecycle.Apply(marked, Event("analysis completed"));

        Assert.Equal(TransitionResult.Deleted, late.Result);
        Assert.Null(late.Next);
        Assert.True(SessionLifecycle.IsGone(marked));
    }

    [Theory]
    [InlineData(SessionStatus.Uploaded, "uploaded")]
    [InlineData(SessionStatus.Analyzing, "analyzing")]
    [InlineData(SessionStatus.Analyzed, "analyzed")]
    [InlineData(SessionStatus.AnalysisFailed, "analysis_failed")]
    [InlineData(SessionStatus.Deleting, "expiring")]
    public void StatusName_EveryStatus_RoundTripsThroughTheStoredSpellingOfToday(SessionStatus status, string stored)
    {
        Assert.Equal(stored, status.ToName());
        Assert.Equal(status, SessionStatusNames.Parse(stored));
    }
}
