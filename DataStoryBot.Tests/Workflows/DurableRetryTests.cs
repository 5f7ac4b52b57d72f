using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Workflows;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace DataStoryBot.Tests.Workflows;

/// <summary>The orchestrators on a real (in-memory) Durable Task runtime, where retry policies and timers really run.</summary>
public sealed class DurableRetryTests
{
    static readonly ContainerInfo Container = new("c1", new EngineFile("f1", "data.csv", 10), true);

    [Fact]
    public async Task Analyze_TransientFailureThenSuccess_RetriesTheActivityOnceAndSucceeds()
    {
        var attempts = 0;
        await using var host = await StartHostAsync(r =>
        {
            r.AddOrchestrator<AnalyzeOrchestrator>();
            r.AddActivityFunc<EnsureContainerInput, ContainerInfo>(nameof(EnsureContainerActivity), (_, _) => Container);
            r.AddActivityFunc<DiscoverInput, DiscoverOutput>(nameof(DiscoverActivity), (_, _) =>
                Interlocked.Increment(ref attempts) == 1
                    ? throw new EngineException(EngineFailureKind.Transient, "HTTP 503")
                    : new DiscoverOutput(PhaseStatus.Completed, 3, null));
        });

        var outcome = await RunAsync(host.Client, nameof(AnalyzeOrchestrator), new AnalyzeJobInput("s1", "j1", null, TimeSpan.FromMinutes(1)));

        Assert.True(outcome.Succeeded);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Analyze_PersistentFailure_TriesTwiceThenReportsTheError()
    {
        var attempts = 0;
        FinishJobInput? recorded = null;
        await using var host = await StartHostAsync(r =>
        {
            r.AddOrchestrator<AnalyzeOrchestrator>();
            r.AddActivityFunc<EnsureContainerInput, ContainerInfo>(nameof(EnsureContainerActivity), (_, _) => Container);
            r.AddActivityFunc(nameof(DiscoverActivity), (Func<TaskActivityContext, DiscoverInput, DiscoverOutput>)((_, _) =>
            {
                Interlocked.Increment(ref attempts);
                throw new EngineException(EngineFailureKind.Transient, "HTTP 500 server_error");
            }));
            r.AddActivityFunc<FinishJobInput, FinishJobOutput>(nameof(FinishJobActivity), (_, input) =>
            {
                recorded = input;
                return new FinishJobOutput(true);
            });
        });

        var outcome = await RunAsync(host.Client, nameof(AnalyzeOrchestrator), new AnalyzeJobInput("s1", "j1", null, TimeSpan.FromMinutes(1)));

        Assert.False(outcome.Succeeded);
        Assert.Equal(2, attempts);
        Assert.Contains("HTTP 500 server_error", outcome.Problem!.Detail);
        Assert.Equal(outcome.Problem, recorded!.Problem);
    }

    [Fact]
    public async Task Refine_SessionDeletedDuringTheJob_IsNotRetried()
    {
        var attempts = 0;
        await using var host = await StartHostAsync(r =>
        {
            r.AddOrchestrator<RefineOrchestrator>();
            r.AddActivityFunc(nameof(EnsureContainerActivity), (Func<TaskActivityContext, EnsureContainerInput, ContainerInfo>)((_, input) =>
            {
                Interlocked.Increment(ref attempts);
                throw new SessionNotFoundException(input.SessionId);
            }));
        });

        var outcome = await RunAsync(host.Client, nameof(RefineOrchestrator), new RefineJobInput("s1", "j1", "st1", TimeSpan.FromMinutes(1)));

        Assert.False(outcome.Succeeded);
        Assert.Equal(JobProblems.SessionGone().Type, outcome.Problem!.Type);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Analyze_TransientThenExpiryThenTransient_OneRetryAndOneRecoveryThenTheError()
    {
        var attempts = 0;
        FinishJobInput? recorded = null;
        await using var host = await StartHostAsync(r =>
        {
            r.AddOrchestrator<AnalyzeOrchestrator>();
            r.AddActivityFunc<EnsureContainerInput, ContainerInfo>(nameof(EnsureContainerActivity), (_, input) =>
                input.ExpiredContainerId is null ? Container : Container with { ContainerId = "c2" });
            r.AddActivityFunc(nameof(DiscoverActivity), (Func<TaskActivityContext, DiscoverInput, DiscoverOutput>)((_, _) =>
                Interlocked.Increment(ref attempts) switch
                {
                    2 => new DiscoverOutput(PhaseStatus.ContainerExpired, 0, null),
                    _ => throw new EngineException(EngineFailureKind.Transient, "HTTP 503"),
                }));
            r.AddActivityFunc<FinishJobInput, FinishJobOutput>(nameof(FinishJobActivity), (_, input) =>
            {
                recorded = input;
                return new FinishJobOutput(true);
            });
        });

        var outcome = await RunAsync(host.Client, nameof(AnalyzeOrchestrator), new AnalyzeJobInput("s1", "j1", null, TimeSpan.FromMinutes(1)));

        Assert.False(outcome.Succeeded);
        Assert.Equal(3, attempts);
        Assert.Equal(1, outcome.ContainerRecoveries);
        Assert.Contains("HTTP 503", recorded!.Problem.Detail);
    }

    [Fact]
    public async Task Analyze_BreakerRefusesTheContainer_FailsAtOnceAsServiceDegraded()
    {
        var attempts = 0;
        await using var host = await StartHostAsync(r =>
        {
            r.AddOrchestrator<AnalyzeOrchestrator>();
            r.AddActivityFunc(nameof(EnsureContainerActivity), (Func<TaskActivityContext, EnsureContainerInput, ContainerInfo>)((_, _) =>
            {
                Interlocked.Increment(ref attempts);
                throw PhaseFailureException.From(new EngineException(EngineFailureKind.Unavailable, "The analysis service is degraded (circuit open)."));
            }));
            r.AddActivityFunc<FinishJobInput, FinishJobOutput>(nameof(FinishJobActivity), (_, _) => new FinishJobOutput(true));
        });

        var outcome = await RunAsync(host.Client, nameof(AnalyzeOrchestrator), new AnalyzeJobInput("s1", "j1", null, TimeSpan.FromMinutes(1)));

        Assert.False(outcome.Succeeded);
        Assert.Equal(JobProblems.TypePrefix + "service-degraded", outcome.Problem!.Type);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Refine_PhaseSlowerThanItsDeadline_EndsWhenTheDurableTimerFires()
    {
        await using var host = await StartHostAsync(r =>
        {
            r.AddOrchestrator<RefineOrchestrator>();
            r.AddActivityFunc<EnsureContainerInput, ContainerInfo>(nameof(EnsureContainerActivity), (_, _) => Container);
            r.AddActivityFunc<RefineInput, RefineOutput>(nameof(RefineActivity), async (_, _) =>
            {
                // Had this answer won the race, the orchestrator would call SaveArtifactsActivity, which is not
                // registered here, and fail with "analysis-failed" instead of the timeout asserted below.
                await Task.Delay(TimeSpan.FromSeconds(6));
                return new RefineOutput(PhaseStatus.Completed, null, null);
            });
            r.AddActivityFunc<FinishJobInput, FinishJobOutput>(nameof(FinishJobActivity), (_, _) => new FinishJobOutput(true));
        });

        var outcome = await RunAsync(host.Client, nameof(RefineOrchestrator), new RefineJobInput("s1", "j1", "st1", TimeSpan.FromSeconds(2)));

        Assert.False(outcome.Succeeded);
        Assert.Equal(JobProblems.TypePrefix + "analysis-timeout", outcome.Problem!.Type);
    }

    static async Task<JobOutcome> RunAsync(DurableTaskClient client, string orchestrator, object input)
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        return result.ReadOutputAs<JobOutcome>()!;
    }

    /// <summary>
    /// The in-process test host on a port the OS says is free (left to itself it picks a random port in 30000–40000
    /// without looking, and once collided with another test's listener), tried again if the port was taken meanwhile.
    /// </summary>
    static async Task<DurableTaskTestHost> StartHostAsync(Action<DurableTaskRegistry> registry)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(registry, new DurableTaskTestHostOptions { Port = DataStoryBot.Tests.Infrastructure.AzuriteServer.FreePort() });
            }
            catch (IOException e) when (attempt < 3 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }
}
