using System.Net;
using DataStoryBot.Core.Analyst.Containers;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Health;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using DataStoryBot.Tests.Fakes;
using DataStoryBot.Tests.Infrastructure;
using DataStoryBot.Tests.Integration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DataStoryBot.Tests.Health;

/// <summary>
/// The synthetic check with the real engines (not the <see cref="TestAnalysisEngine"/>): the built-in analyst, run by
/// the local host's own timer, and the OpenAI engine against the fake OpenAI server through an outage and recovery.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HealthCheckEngineTests
{
    /// <summary>Far longer than the test runs: the break ends only when the test advances the breaker's clock.</summary>
    static readonly TimeSpan BreakDuration = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ScheduledCheck_DefaultBuiltInEngine_SucceedsHealthAnswers200AndSyntheticSessionIsGone()
    {
        // No DataStoryBot:Engine: the default engine, the built-in analyst; the local host's timer runs the check.
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops(
            "--LocalHost:Background:HealthCheck=true",
            "--HealthCheck:Schedule=00:00:03") with { ConfiguredEngine = true });

        var result = await host.WaitForLatestAsync(r => true);

        Assert.Equal(HealthOutcomes.Succeeded, result.Outcome);
        Assert.Equal("builtin", result.Engine);
        Assert.Null(result.Detail);
        var (status, anonymous) = await host.GetHealthAsync(null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["status"], anonymous.EnumerateObject().Select(p => p.Name));
        Assert.Equal("healthy", anonymous.GetProperty("status").GetString());
        var (keyedStatus, details) = await host.GetHealthAsync(TestHost.HealthKey);
        Assert.Equal(HttpStatusCode.OK, keyedStatus);
        Assert.Empty(details.GetProperty("reasons").EnumerateArray());
        var check = details.GetProperty("check");
        Assert.Equal("succeeded", check.GetProperty("outcome").GetString());
        Assert.Equal("builtin", check.GetProperty("engine").GetString());
        Assert.False(check.GetProperty("stale").GetBoolean());
        Assert.True(check.GetProperty("latencyMs").GetInt64() > 0);
        Assert.Equal("closed", details.GetProperty("breaker").GetProperty("state").GetString());
        Assert.Equal("00:00:03", details.GetProperty("schedule").GetString());

        // The synthetic session left nothing behind: no row, no blobs, no durable history, no built-in container.
        Assert.NotNull(result.JobId);
        var sessionId = result.JobId![..33];
        Assert.Null(await host.Get<SessionStore>().GetAsync(sessionId, CancellationToken.None));
        Assert.Empty(await host.Get<BlobStore>().ListSessionBlobsAsync(sessionId, CancellationToken.None));
        Assert.Null(await host.Client.GetInstanceAsync(result.JobId));
        var instances = await Api.CollectAsync(host.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = sessionId }));
        Assert.Empty(instances);
        var root = host.Get<LocalContainerStore>().Root;
        Assert.True(Directory.Exists(root), "the built-in analyst created its container under the configured root");
        Assert.DoesNotContain(Directory.EnumerateFiles(root, "container.json", SearchOption.AllDirectories),
            f => File.ReadAllText(f).Contains(sessionId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_OpenAIProviderAnswers500ThenRecovers_DegradedWithBreakerOpenThenHealthyAfterTheBreak()
    {
        await using var fake = await FakeOpenAIServer.StartAsync();
        var clock = BreakerClock.New();
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops(
            OpenAIPipeline.HostArgs(fake.OpenAIEndpoint, "--OpenAI:BreakerFailureThreshold=2", $"--OpenAI:BreakerBreakDuration={BreakDuration}"))
            with { ConfiguredEngine = true, Configure = builder => builder.Services.UseBreakerClock(clock) });
        var user = await host.Http.UploadAsync(SampleCsv.Sales(10));
        var check = host.Get<SyntheticHealthCheck>();
        var breaker = host.Get<IProviderCircuitBreaker>();
        fake.DefaultBehaviour = FakeModel.ServerError();

        var failed = await check.RunAsync(host.Client, CancellationToken.None);

        Assert.Equal(HealthOutcomes.Failed, failed.Outcome);
        Assert.Equal("openai", failed.Engine);
        Assert.True(fake.Count("POST", "/responses") > 0, "the model was asked and answered 500");
        Assert.Equal(BreakerState.Open, breaker.State);
        var (status, anonymous) = await host.GetHealthAsync(null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("degraded", anonymous.GetProperty("status").GetString());
        var (_, details) = await host.GetHealthAsync(TestHost.HealthKey);
        Assert.Equal("degraded", details.GetProperty("status").GetString());
        Assert.Equal("failed", details.GetProperty("check").GetProperty("outcome").GetString());
        Assert.Equal("openai", details.GetProperty("check").GetProperty("engine").GetString());
        Assert.Equal("open", details.GetProperty("breaker").GetProperty("state").GetString());
        Assert.Equal((long)BreakDuration.TotalSeconds, details.GetProperty("breaker").GetProperty("retryAfterSeconds").GetInt64());
        Assert.Contains(details.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("circuit breaker is open", StringComparison.Ordinal));

        // New analyses fail fast, with Retry-After, and start nothing.
        var responsesBefore = fake.Count("POST", "/responses");
        var (analyze, problem) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{user.SessionId}/analyze", user.Token, new { }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, analyze.StatusCode);
        Assert.NotNull(analyze.Headers.RetryAfter?.Delta);
        Assert.Equal(BreakDuration, analyze.Headers.RetryAfter!.Delta!.Value);
        Assert.Equal("urn:datastorybot:problem:service-degraded", problem.GetProperty("type").GetString());
        Assert.Equal(responsesBefore, fake.Count("POST", "/responses"));

        // The provider recovers. A check during the break is refused by the breaker (not the provider): it fails but
        // must not extend the break, or checks running more often than the break would keep the breaker open forever.
        // The breaker's clock stands still until the test moves it, so the remaining break must be exactly what it was.
        var remaining = breaker.RetryAfter;
        fake.DefaultBehaviour = FakeModel.Auto();
        var refused = await check.RunAsync(host.Client, CancellationToken.None);
        Assert.Equal(HealthOutcomes.Failed, refused.Outcome);
        Assert.Contains("degraded", refused.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.True(breaker.RetryAfter == remaining,
            $"the break was extended by a check the breaker itself refused: it now ends {breaker.RetryAfter} from now, was {remaining}");

        // Once the break is over the next check succeeds and health is back to 200.
        clock.Advance(remaining);
        Assert.NotEqual(BreakerState.Open, breaker.State);
        var recovered = await check.RunAsync(host.Client, CancellationToken.None);

        Assert.Equal(HealthOutcomes.Succeeded, recovered.Outcome);
        Assert.Equal(BreakerState.Closed, breaker.State);
        var (after, body) = await host.GetHealthAsync(TestHost.HealthKey);
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("succeeded", body.GetProperty("check").GetProperty("outcome").GetString());
        Assert.Equal("closed", body.GetProperty("breaker").GetProperty("state").GetString());
        var (retried, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{user.SessionId}/analyze", user.Token, new { }));
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
    }
}
