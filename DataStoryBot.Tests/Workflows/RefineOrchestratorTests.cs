using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Workflows;

namespace DataStoryBot.Tests.Workflows;

public sealed class RefineOrchestratorTests
{
    static readonly RefineJobInput Input = new("s00000000000000000000000000000001", "job-2", "st0123456789ab", TimeSpan.FromMinutes(10));
    static ContainerInfo Container(string id) => new(id, new EngineFile("file-" + id, "data.csv", 10), false);

    static readonly RefineResult Result = new(new EngineArtifact("f-n", "narrative.md", "text/markdown"),
        [new EngineArtifact("f-1", "a.png", "image/png"), new EngineArtifact("f-2", "b.png", "image/png")], null, [],
        new EngineProvenance("test", "1", null, [], SamplingInfo.None(10), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));

    static readonly RefineOutput Refined = new(PhaseStatus.Completed, Result, null);
    static readonly RefineOutput Expired = new(PhaseStatus.ContainerExpired, null, null);

    [Fact]
    public async Task RunAsync_HappyPath_RefinesThenSavesArtifactsFromTheSameContainer()
    {
        var ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("c1"))
            .On(nameof(RefineActivity), Refined)
            .On(nameof(SaveArtifactsActivity), new SaveArtifactsOutput(PhaseStatus.Completed, 2));

        var outcome = await new RefineOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.True(outcome.Succeeded);
        Assert.Equal(Input.StoryId, outcome.StoryId);
        var save = (SaveArtifactsInput)ctx.CallsTo(nameof(SaveArtifactsActivity)).Single().Input!;
        Assert.Equal("c1", save.ContainerId);
        Assert.Same(Result, save.Result);
        Assert.Empty(ctx.CallsTo(nameof(DiscoverActivity)));
        Assert.Equal([JobStages.CreatingContainer, JobStages.Refining, JobStages.SavingArtifacts], ctx.Statuses);
    }

    [Fact]
    public async Task RunAsync_ContainerDiesInTheMiddleOfRefine_RecoversWithoutRedoingDiscovery()
    {
        var ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("c1"))
            .On(nameof(RefineActivity), Expired)
            .On(nameof(EnsureContainerActivity), Container("c2"))
            .On(nameof(RefineActivity), Refined)
            .On(nameof(SaveArtifactsActivity), new SaveArtifactsOutput(PhaseStatus.Completed, 2));

        var outcome = await new RefineOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.True(outcome.Succeeded);
        Assert.Equal(1, outcome.ContainerRecoveries);
        Assert.Equal("c1", ((EnsureContainerInput)ctx.CallsTo(nameof(EnsureContainerActivity)).Last().Input!).ExpiredContainerId);
        Assert.Equal("c2", ((SaveArtifactsInput)ctx.CallsTo(nameof(SaveArtifactsActivity)).Single().Input!).ContainerId);
        Assert.Empty(ctx.CallsTo(nameof(DiscoverActivity)));
    }

    [Fact]
    public async Task RunAsync_ContainerExpiresWhileSavingArtifacts_RefinesAgainInANewContainer()
    {
        var ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("c1"))
            .On(nameof(RefineActivity), Refined)
            .On(nameof(SaveArtifactsActivity), new SaveArtifactsOutput(PhaseStatus.ContainerExpired, 0))
            .On(nameof(EnsureContainerActivity), Container("c2"))
            .On(nameof(RefineActivity), Refined)
            .On(nameof(SaveArtifactsActivity), new SaveArtifactsOutput(PhaseStatus.Completed, 2));

        var outcome = await new RefineOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.True(outcome.Succeeded);
        Assert.Equal(2, ctx.CallsTo(nameof(RefineActivity)).Count());
        Assert.Equal("c2", ((RefineInput)ctx.CallsTo(nameof(RefineActivity)).Last().Input!).Container.ContainerId);
    }

    [Fact]
    public async Task RunAsync_ContainerExpiresTwice_FailsAndKeepsTheStoryKey()
    {
        var ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("c1"))
            .On(nameof(RefineActivity), Expired)
            .On(nameof(EnsureContainerActivity), Container("c2"))
            .On(nameof(RefineActivity), Expired)
            .On(nameof(FinishJobActivity), new FinishJobOutput(true));

        var outcome = await new RefineOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.False(outcome.Succeeded);
        Assert.Equal(JobProblems.TypePrefix + "container-expired", outcome.Problem!.Type);
        Assert.Equal(JobIds.RefineKey(Input.StoryId), ((FinishJobInput)ctx.CallsTo(nameof(FinishJobActivity)).Single().Input!).JobKey);
        Assert.Empty(ctx.CallsTo(nameof(SaveArtifactsActivity)));
    }

    [Fact]
    public async Task RunAsync_DeadlineExceeded_FailsWithTimeoutProblem()
    {
        var ctx = new OrchestrationContextMock()
            .On(nameof(EnsureContainerActivity), Container("c1"))
            .Hang(nameof(RefineActivity))
            .On(nameof(FinishJobActivity), new FinishJobOutput(true));
        ctx.DeadlineTimer.SetResult();

        var outcome = await new RefineOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.False(outcome.Succeeded);
        Assert.Equal(JobProblems.TypePrefix + "analysis-timeout", outcome.Problem!.Type);
    }

    [Fact]
    public async Task RunAsync_SessionDeletedMeanwhile_EndsWithoutRecordingOnTheSession()
    {
        var ctx = new OrchestrationContextMock()
            .On<ContainerInfo>(nameof(EnsureContainerActivity), _ => throw OrchestrationContextMock.Failure(nameof(EnsureContainerActivity), new SessionNotFoundException(Input.SessionId)));

        var outcome = await new RefineOrchestrator().RunAsync(ctx.Mock.Object, Input);

        Assert.False(outcome.Succeeded);
        Assert.Equal(JobProblems.SessionGone().Type, outcome.Problem!.Type);
        Assert.Empty(ctx.CallsTo(nameof(FinishJobActivity)));
    }
}
