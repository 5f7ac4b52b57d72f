using System.Net;
using System.Text.Json;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Health;
using DataStoryBot.Core.Http;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using DataStoryBot.Tests.Infrastructure;
using DataStoryBot.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DataStoryBot.Tests.Health;

/// <summary>The synthetic check through the local host's real workflow, and GET /api/health reading its result.</summary>
[Trait("Category", "Integration")]
public sealed class HealthCheckIntegrationTests
{
    [Fact]
    public async Task RunAsync_HealthyEngine_RecordsSuccessAndHealthAnswers200()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops());
        var discoverBefore = host.Engine.DiscoverCalls;

        var result = await host.Get<SyntheticHealthCheck>().RunAsync(host.Client, CancellationToken.None);

        Assert.Equal(HealthOutcomes.Succeeded, result.Outcome);
        Assert.Equal("test", result.Engine);
        Assert.Equal(1, host.Engine.DiscoverCalls - discoverBefore);
        Assert.Equal(result, await host.Get<HealthResultStore>().GetLatestAsync(CancellationToken.None));
        var (status, body) = await host.GetHealthAsync(null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        var (_, details) = await host.GetHealthAsync(TestHost.HealthKey);
        Assert.Equal("succeeded", details.GetProperty("check").GetProperty("outcome").GetString());
        Assert.Equal(result.LatencyMs, details.GetProperty("check").GetProperty("latencyMs").GetInt64());
        Assert.True(details.GetProperty("check").GetProperty("ageSeconds").GetInt64() < 60);
        Assert.Equal("closed", details.GetProperty("breaker").GetProperty("state").GetString());
        Assert.True(details.GetProperty("storage").GetProperty("blob").GetBoolean());
        Assert.True(details.GetProperty("storage").GetProperty("table").GetBoolean());
    }

    [Fact]
    public async Task RunAsync_AfterwardsTheSyntheticSession_IsDeletedWithItsBlobsContainerAndHistory()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops());

        var result = await host.Get<SyntheticHealthCheck>().RunAsync(host.Client, CancellationToken.None);

        Assert.NotNull(result.JobId);
        var sessionId = result.JobId![..33];
        Assert.Null(await host.Get<SessionStore>().GetAsync(sessionId, CancellationToken.None));
        Assert.Empty(await host.Get<BlobStore>().ListSessionBlobsAsync(sessionId, CancellationToken.None));
        Assert.Null(await host.Client.GetInstanceAsync(result.JobId));
        var created = host.Engine.ContainerIds.Single();
        Assert.False(host.Engine.IsLive(created));
    }

    [Fact]
    public async Task RunAsync_FailingEngine_RecordsFailureOpensBreakerAndHealthAnswers503()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops());
        var user = await host.Http.UploadAsync(SampleCsv.Sales(20));
        host.Engine.OnDiscover = _ => throw new EngineException(EngineFailureKind.Transient, "provider answered 500");
        var check = host.Get<SyntheticHealthCheck>();

        // Threshold 2 (TestHostOptions.Ops): two failed checks in the sampling window open the breaker.
        var first = await check.RunAsync(host.Client, CancellationToken.None);
        var second = await check.RunAsync(host.Client, CancellationToken.None);

        Assert.Equal(HealthOutcomes.Failed, first.Outcome);
        Assert.Equal(HealthOutcomes.Failed, second.Outcome);
        Assert.Contains("provider answered 500", second.Detail);
        Assert.Equal(BreakerState.Open, host.Get<IProviderCircuitBreaker>().State);
        var (status, body) = await host.GetHealthAsync(null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        var (_, details) = await host.GetHealthAsync(TestHost.HealthKey);
        Assert.Equal("open", details.GetProperty("breaker").GetProperty("state").GetString());
        Assert.Equal("failed", details.GetProperty("check").GetProperty("outcome").GetString());
        // New analyses fail fast while the breaker is open.
        var (analyze, problem) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{user.SessionId}/analyze", user.Token, new { }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, analyze.StatusCode);
        Assert.Equal("The analysis service is degraded", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task RunAsync_AnalysisSlowerThanTimeout_RecordsTimedOutAndOpensBreakerAtOnce()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops("--HealthCheck:Timeout=00:00:01"));
        var release = new TaskCompletionSource();
        host.Engine.OnDiscover = _ => release.Task;
        var check = host.Get<SyntheticHealthCheck>();

        Assert.Equal(BreakerState.Closed, host.Get<IProviderCircuitBreaker>().State);
        var first = await check.RunAsync(host.Client, CancellationToken.None);
        Assert.Equal(BreakerState.Open, host.Get<IProviderCircuitBreaker>().State); // one failed end-to-end check trips it
        var second = await check.RunAsync(host.Client, CancellationToken.None);
        release.SetResult();

        Assert.Equal(HealthOutcomes.TimedOut, first.Outcome);
        Assert.Equal(HealthOutcomes.TimedOut, second.Outcome);
        Assert.Equal(BreakerState.Open, host.Get<IProviderCircuitBreaker>().State);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.GetHealthAsync(null)).Status);
    }

    [Fact]
    public async Task GetHealth_AnonymousOrWrongKey_ShowsStatusOnly()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops());
        await host.Get<SyntheticHealthCheck>().RunAsync(host.Client, CancellationToken.None);

        var (_, anonymous) = await host.GetHealthAsync(null);
        var (_, wrong) = await host.GetHealthAsync("not-the-key");
        var (_, keyed) = await host.GetHealthAsync(TestHost.HealthKey);

        Assert.Equal(["status"], anonymous.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["status"], wrong.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["status", "reasons", "check", "breaker", "storage", "schedule"], keyed.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task GetHealth_StaleResultFromBeforeTheStart_IsStartingNot503UntilTheFirstCheckEnds()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops());
        var old = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(11);
        await host.Get<HealthResultStore>().SaveAsync(new HealthCheckResult(HealthOutcomes.Failed, old.AddSeconds(-1), old, 900, "test", null, "down then"), CancellationToken.None);

        var (status, body) = await host.GetHealthAsync(TestHost.HealthKey);
        await host.Get<SyntheticHealthCheck>().RunAsync(host.Client, CancellationToken.None);
        var (after, afterBody) = await host.GetHealthAsync(TestHost.HealthKey);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("starting", body.GetProperty("status").GetString());
        Assert.Equal("pending", body.GetProperty("check").GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Equal("healthy", afterBody.GetProperty("status").GetString());
    }

    [Fact]
    public async Task GetHealth_ResultOlderThanTwoPeriods_IsDegradedAndSaysStale()
    {
        // The handler reads the age of the result on a clock the test moves; the check itself runs on real time.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops("--HealthCheck:Schedule=00:00:01", "--HealthCheck:Timeout=00:00:20") with
        {
            Configure = builder => builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<HealthHandler>(sp, clock)),
        });
        var result = await host.Get<SyntheticHealthCheck>().RunAsync(host.Client, CancellationToken.None);

        clock.SetUtcNow(result.CompletedAt + TimeSpan.FromSeconds(2)); // two periods: one missed run is tolerated
        var (_, fresh) = await host.GetHealthAsync(TestHost.HealthKey);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        var (status, body) = await host.GetHealthAsync(TestHost.HealthKey);

        Assert.False(fresh.GetProperty("check").GetProperty("stale").GetBoolean());
        Assert.DoesNotContain(fresh.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("stale"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.True(body.GetProperty("check").GetProperty("stale").GetBoolean());
        Assert.Contains(body.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("stale"));
    }

    [Fact]
    public async Task GetHealth_BeforeTheFirstCheck_IsStartingWithCheckPending()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops());

        var (status, body) = await host.GetHealthAsync(TestHost.HealthKey);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("starting", body.GetProperty("status").GetString());
        Assert.Equal("pending", body.GetProperty("check").GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("check").GetProperty("latencyMs").ValueKind);
    }
}
