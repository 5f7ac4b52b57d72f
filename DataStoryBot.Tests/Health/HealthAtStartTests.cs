using System.Net;
using System.Reflection;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Health;
using DataStoryBot.Functions.Functions;
using DataStoryBot.Tests.Infrastructure;
using DataStoryBot.Tests.Integration;
using Microsoft.Azure.Functions.Worker;

namespace DataStoryBot.Tests.Health;

/// <summary>Health is right from the first minute: a check runs at start on both hosts, and a failed check gates only the engine it checked.</summary>
[Trait("Category", "Integration")]
public sealed class HealthAtStartTests
{
    [Fact]
    public async Task LocalHost_Start_RunsTheCheckAtOnceAndHealthSaysStartingUntilItEnds()
    {
        var release = new TaskCompletionSource();
        // A daily schedule: without the start-up run, no check would run during this test.
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops("--LocalHost:Background:HealthCheck=true", "--HealthCheck:Schedule=0 0 3 * * *")
            with { Engine = new TestAnalysisEngine { OnDiscover = _ => release.Task } });
        await Wait.UntilAsync(() => host.Engine.DiscoverCalls > 0, "the start-up check to reach discovery");

        var (during, duringBody) = await host.GetHealthAsync(null);
        release.SetResult();
        var result = await host.WaitForLatestAsync(r => true);
        var (after, afterBody) = await host.GetHealthAsync(null);

        Assert.Equal(HttpStatusCode.OK, during);
        Assert.Equal("starting", duringBody.GetProperty("status").GetString());
        Assert.Equal(HealthOutcomes.Succeeded, result.Outcome);
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Equal("healthy", afterBody.GetProperty("status").GetString());
    }

    [Fact]
    public void FunctionsHost_HealthTimer_RunsOnStartup()
    {
        var method = typeof(TimerFunctions).GetMethod(nameof(TimerFunctions.SyntheticHealthCheckTimer))!;
        var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).OfType<TimerTriggerAttribute>().Single();

        Assert.True(trigger.RunOnStartup);
        Assert.Equal("%HealthCheck:Schedule%", trigger.Schedule);
    }

    [Fact]
    public async Task RunAsync_FailedCheckOnTheBuiltInEngine_LeavesTheProviderBreakerClosedAndAnalysesAccepted()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops() with { Engine = new TestAnalysisEngine { Name = "builtin" } });
        var user = await host.Http.UploadAsync(SampleCsv.Sales(20));
        host.Engine.OnDiscover = _ => throw new EngineException(EngineFailureKind.Transient, "the analyst crashed");
        var check = host.Get<SyntheticHealthCheck>();

        // Threshold 2 (TestHostOptions.Ops): two failed checks would open the breaker of a provider-backed engine.
        var first = await check.RunAsync(host.Client, CancellationToken.None);
        var second = await check.RunAsync(host.Client, CancellationToken.None);
        host.Engine.OnDiscover = null;
        var (analyze, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{user.SessionId}/analyze", user.Token, new { }));
        var (health, body) = await host.GetHealthAsync(TestHost.HealthKey);

        Assert.Equal(HealthOutcomes.Failed, first.Outcome);
        Assert.Equal(HealthOutcomes.Failed, second.Outcome);
        Assert.Equal(BreakerState.Closed, host.Get<IProviderCircuitBreaker>().State);
        Assert.Equal(HttpStatusCode.Accepted, analyze.StatusCode);
        // Health still tells the truth about the failed check.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health);
        Assert.Equal("closed", body.GetProperty("breaker").GetProperty("state").GetString());
        Assert.Equal("failed", body.GetProperty("check").GetProperty("outcome").GetString());
    }
}
