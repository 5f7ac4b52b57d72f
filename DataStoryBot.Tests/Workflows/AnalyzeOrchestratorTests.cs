using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Workflows;

namespace DataStoryBot.Tests.Workflows;

public sealed class AnalyzeOrchestratorTests
{
    static readonly AnalyzeJobInput Input = new("s00000000000000000000000000000001", "job-1", "focus on sales", TimeSpan.FromMinutes(10));
    static ContainerInfo Container(string id) => new(id, new EngineFile("file-" + id, "data.csv", 10), true);
    static readonly DiscoverOutput Done = new(PhaseStatus.Completed, 3, null);
    static readonly DiscoverOutput Expired = new(PhaseStatus.ContainerExpired, 0, null);

    [Fact]
    public async Task RunAsync_HappyPath_CreatesContainerDiscoversAndSucceeds()
    {
        var ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("c1"))
            .On(nameof(DiscoverActivity), Done);

        var outcome = await new AnalyzeOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.True(outcome.Succeeded);
        Assert.Equal(0, outcome.ContainerRecoveries);
        var discover = (DiscoverInput)ctx.CallsTo(nameof(DiscoverActivity)).Single().Input!;
        Assert.Equal("c1", discover.Container.ContainerId);
        Assert.Equal("focus on sales", discover.Steering);
        Assert.Empty(ctx.CallsTo(nameof(FinishJobActivity)));
        Assert.Equal([JobStages.CreatingContainer, JobStages.Discovering], ctx.Statuses);
        Assert.Equal(ctx.Now + Input.PhaseDeadline, ctx.TimersRequested.Single());
    }

    [Fact]
    public async Task RunAsync_ContainerExpiredBeforeDiscovery_ReuploadsToNewContainerAndRetriesOnce()
    {
        var ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("old"))
            .On(nameof(DiscoverActivity), Expired)
            .On(nameof(EnsureContainerActivity), Container("new"))
            .On(nameof(DiscoverActivity), Done);

        var outcome = await new AnalyzeOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.True(outcome.Succeeded);
        Assert.Equal(1, outcome.ContainerRecoveries);
        var ensures = ctx.CallsTo(nameof(EnsureContainerActivity)).Select(c => (EnsureContainerInput)c.Input!).ToList();
        Assert.Null(ensures[0].ExpiredContainerId);
        Assert.Equal("old", ensures[1].ExpiredContainerId);
        Assert.Equal("new", ((DiscoverInput)ctx.CallsTo(nameof(DiscoverActivity)).Last().Input!).Container.ContainerId);
        Assert.Contains(JobStages.Recovering, ctx.Statuses);
    }

    [Fact]
    public async Task RunAsync_ContainerExpiresTwice_FailsWithExpiryProblemAndRecordsIt()
    {
        var ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("c1"))
            .On(nameof(DiscoverActivity), Expired)
            .On(nameof(EnsureContainerActivity), Container("c2"))
            .On(nameof(DiscoverActivity), Expired)
            .On(nameof(FinishJobActivity), new FinishJobOutput(true));

        var outcome = await new AnalyzeOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.False(outcome.Succeeded);
        Assert.Equal(JobProblems.TypePrefix + "container-expired", outcome.Problem!.Type);
        Assert.Equal(2, ctx.CallsTo(nameof(DiscoverActivity)).Count());
        var finish = (FinishJobInput)ctx.CallsTo(nameof(FinishJobActivity)).Single().Input!;
        Assert.Equal(JobIds.AnalyzeKey, finish.JobKey);
        Assert.Equal(outcome.Problem, finish.Problem);
    }

    [Fact]
    public async Task RunAsync_DeadlineExceeded_FailsWithTimeoutProblem()
    {
        var ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("c1"))
            .Hang(nameof(DiscoverActivity))
            .On(nameof(FinishJobActivity), new FinishJobOutput(true));
        ctx.DeadlineTimer.SetResult();

        var outcome = await new AnalyzeOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.False(outcome.Succeeded);
        Assert.Equal(JobProblems.TypePrefix + "analysis-timeout", outcome.Problem!.Type);
        Assert.Equal(504, outcome.Problem.Status);
        Assert.Contains("10 minutes", outcome.Problem.Detail);
        Assert.Single(ctx.CallsTo(nameof(FinishJobActivity)));
    }

    [Fact]
    public async Task RunAsync_ContainerExpiredAndRecovered_DiscoveryInTheNewContainerHasNoFurtherRetry()
    {
        var ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("old"))
            .On(nameof(DiscoverActivity), Expired)
            .On(nameof(EnsureContainerActivity), Container("new"))
            .On(nameof(DiscoverActivity), Done);

        var outcome = await new AnalyzeOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.True(outcome.Succeeded);
        var calls = ctx.CallsTo(nameof(DiscoverActivity)).ToList();
        Assert.Equal(2, calls[0].Options!.Retry!.Policy!.MaxNumberOfAttempts);
        Assert.Null(calls[1].Options?.Retry);
    }

    [Fact]
    public async Task RunAsync_ExpiryAfterMinutesOfWork_RecoveredAttemptKeepsTheOriginalDeadline()
    {
        var started = new OrchestrationContextMock().Now;
        OrchestrationContextMock ctx = null!;
        ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("old"))
            .On<DiscoverOutput>(nameof(DiscoverActivity), _ =>
            {
                ctx.Advance(TimeSpan.FromMinutes(7));
                return Expired;
            })
            .On(nameof(EnsureContainerActivity), Container("new"))
            .On(nameof(DiscoverActivity), Done);

        var outcome = await new AnalyzeOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.True(outcome.Succeeded);
        Assert.Equal([started + Input.PhaseDeadline, started + Input.PhaseDeadline], ctx.TimersRequested);
    }

    [Fact]
    public async Task RunAsync_DiscoveryFailsAfterItsRetry_FailsWithActionableProblem()
    {
        var ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("c1"))
            .On<DiscoverOutput>(nameof(DiscoverActivity), _ => throw OrchestrationContextMock.Failure(nameof(DiscoverActivity), new EngineException(EngineFailureKind.Transient, "HTTP 500 from the provider")))
            .On(nameof(FinishJobActivity), new FinishJobOutput(true));

        var outcome = await new AnalyzeOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.False(outcome.Succeeded);
        Assert.Equal(JobProblems.TypePrefix + "analysis-failed", outcome.Problem!.Type);
        Assert.Contains("HTTP 500 from the provider", outcome.Problem.Detail);
        var discoverOptions = ctx.CallsTo(nameof(DiscoverActivity)).Single().Options!;
        Assert.Equal(2, discoverOptions.Retry!.Policy!.MaxNumberOfAttempts);
    }

    [Fact]
    public async Task RunAsync_EngineReportsPermanentFailure_DoesNotRetryAndReportsIt()
    {
        var problem = JobProblems.FromEngineFailure(JobPhases.Analyze, EngineFailureKind.Unavailable, "breaker open");
        var ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("c1"))
            .On(nameof(DiscoverActivity), new DiscoverOutput(PhaseStatus.Failed, 0, problem))
            .On(nameof(FinishJobActivity), new FinishJobOutput(true));

        var outcome = await new AnalyzeOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.False(outcome.Succeeded);
        Assert.Equal(problem, outcome.Problem);
        Assert.Single(ctx.CallsTo(nameof(DiscoverActivity)));
    }

    [Theory]
    [InlineData(EngineFailureKind.Timeout, "model-timeout", 504)]
    [InlineData(EngineFailureKind.InvalidResult, "invalid-model-answer", 502)]
    [InlineData(EngineFailureKind.Transient, "analysis-failed", 502)]
    public async Task RunAsync_EngineFailureAfterRetry_ReportsADistinctProblemPerKind(EngineFailureKind kind, string slug, int status)
    {
        var cause = PhaseFailureException.From(new EngineException(kind, "the provider said no"));
        var ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("c1"))
            .On<DiscoverOutput>(nameof(DiscoverActivity), _ => throw OrchestrationContextMock.Failure(nameof(DiscoverActivity), cause))
            .On(nameof(FinishJobActivity), new FinishJobOutput(true));

        var outcome = await new AnalyzeOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.Equal(JobProblems.TypePrefix + slug, outcome.Problem!.Type);
        Assert.Equal(status, outcome.Problem.Status);
        Assert.Contains("the provider said no", outcome.Problem.Detail);
    }
}
