using System.Net;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Health;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using DataStoryBot.Tests.Fakes;
using DataStoryBot.Tests.Infrastructure;
using DataStoryBot.Tests.Integration;

namespace DataStoryBot.Tests.Health;

/// <summary>The synthetic check with the engines users run: the built-in analyst, and the OpenAI engine against the fake server.</summary>
[Trait("Category", "Integration")]
public sealed class HealthCheckRealEngineTests
{
    [Fact]
    public async Task RunAsync_BuiltInAnalyst_SucceedsAndLeavesNothingBehind()
    {
        await using var host = await OpsHost.StartWithConfiguredEngineAsync(
            $"--BuiltIn:ContainerRoot={Path.Combine(Path.GetTempPath(), "dsb-health-" + Guid.NewGuid().ToString("N"))}");

        var result = await host.Get<SyntheticHealthCheck>().RunAsync(host.Client, CancellationToken.None);

        Assert.True(result.Outcome == HealthOutcomes.Succeeded, $"{result.Outcome}: {result.Detail}");
        Assert.Equal("builtin", result.Engine);
        var sessionId = result.JobId![..33];
        Assert.Null(await host.Get<SessionStore>().GetAsync(sessionId, CancellationToken.None));
        Assert.Empty(await host.Get<BlobStore>().ListSessionBlobsAsync(sessionId, CancellationToken.None));
        Assert.Null(await host.Client.GetInstanceAsync(result.JobId));
        var (status, details) = await host.GetHealthAsync(OpsHost.HealthKey);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("succeeded", details.GetProperty("check").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task RunAsync_OpenAIProviderAnswering500_DegradesAndRecoversWhenTheProviderDoes()
    {
        await using var fake = await FakeOpenAIServer.StartAsync();
        fake.DefaultBehaviour = FakeModel.ServerError();
        await using var host = await OpsHost.StartWithConfiguredEngineAsync(
            "--DataStoryBot:Engine=openai", $"--OpenAI:Endpoint={fake.OpenAIEndpoint}", "--OpenAI:ApiKey=sk-test", "--OpenAI:Model=gpt-test",
            "--OpenAI:RetryBaseDelay=00:00:00.050", "--OpenAI:BreakerBreakDuration=00:00:02");
        var user = await host.Http.UploadAsync(SampleCsv.Sales(20));
        var check = host.Get<SyntheticHealthCheck>();

        var failed = await check.RunAsync(host.Client, CancellationToken.None);

        Assert.Equal(HealthOutcomes.Failed, failed.Outcome);
        Assert.Equal("openai", failed.Engine);
        Assert.Equal(BreakerState.Open, host.Get<IProviderCircuitBreaker>().State);
        var (status, details) = await host.GetHealthAsync(OpsHost.HealthKey);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("open", details.GetProperty("breaker").GetProperty("state").GetString());
        var (analyze, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{user.SessionId}/analyze", user.Token, new { }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, analyze.StatusCode);
        Assert.NotNull(analyze.Headers.RetryAfter);

        // The provider recovers; after the break the next check goes through and health is back.
        fake.DefaultBehaviour = FakeModel.Auto();
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        var recovered = await check.RunAsync(host.Client, CancellationToken.None);

        Assert.True(recovered.Outcome == HealthOutcomes.Succeeded, $"{recovered.Outcome}: {recovered.Detail}");
        Assert.Equal(BreakerState.Closed, host.Get<IProviderCircuitBreaker>().State);
        Assert.Equal(HttpStatusCode.OK, (await host.GetHealthAsync(null)).Status);
    }
}
