using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Sessions;

namespace DataStoryBot.Core.Workflows;

/// <summary>Input of <see cref="AnalyzeOrchestrator"/>.</summary>
public sealed record AnalyzeJobInput(string SessionId, string JobId, string? Steering, TimeSpan PhaseDeadline);

/// <summary>Input of <see cref="RefineOrchestrator"/>.</summary>
public sealed record RefineJobInput(string SessionId, string JobId, string StoryId, TimeSpan PhaseDeadline);

/// <summary>What a job ends with: success, or a problem the client can act on.</summary>
public sealed record JobOutcome(string Phase, bool Succeeded, string? StoryId, JobProblem? Problem, int ContainerRecoveries);

/// <summary>Progress shown while a job runs (the orchestration's custom status).</summary>
public sealed record JobProgress(string Stage, string Message);

public static class JobStages
{
    public static readonly JobProgress CreatingContainer = new("creating-container", "Preparing an analysis container with your data");
    public static readonly JobProgress Discovering = new("discovering", "Discovering stories in your data");
    public static readonly JobProgress Refining = new("refining", "Writing the story and rendering charts");
    public static readonly JobProgress SavingArtifacts = new("saving-artifacts", "Saving charts, dataset and narrative");
    public static readonly JobProgress Recovering = new("recovering-container", "The analysis container expired; re-uploading your data to a new one");
}

public sealed record EnsureContainerInput(string SessionId, string? ExpiredContainerId);

public sealed record ContainerInfo(string ContainerId, EngineFile DataFile, bool Created);

/// <summary>How a phase activity ended, when it did not throw.</summary>
public enum PhaseStatus
{
    Completed,
    ContainerExpired,
    Failed,
}

/// <summary>When a phase must end (UTC, from the orchestrator's clock) and how long it was given (for the problem's text).</summary>
public sealed record PhaseDeadline(DateTime At, TimeSpan Length)
{
    public TimeSpan Remaining(DateTime now) => At > now ? At - now : TimeSpan.Zero;
}

/// <param name="Deadline">Null in inputs written before there was one.</param>
public sealed record DiscoverInput(string SessionId, string JobId, ContainerInfo Container, string? Steering, PhaseDeadline? Deadline = null);

public sealed record DiscoverOutput(PhaseStatus Status, int StoryCount, JobProblem? Problem) : IPhaseOutput;

public sealed record RefineInput(string SessionId, string JobId, ContainerInfo Container, string StoryId, PhaseDeadline? Deadline = null);

public sealed record RefineOutput(PhaseStatus Status, RefineResult? Result, JobProblem? Problem) : IPhaseOutput;

public sealed record SaveArtifactsInput(string SessionId, string JobId, string StoryId, string ContainerId, RefineResult Result);

public sealed record SaveArtifactsOutput(PhaseStatus Status, int ChartCount, JobProblem? Problem = null);

public sealed record FinishJobInput(string SessionId, string JobKey, string JobId, JobProblem Problem);

public sealed record FinishJobOutput(bool Recorded);
