using System.Net;
using System.Text.Json;
using DataStoryBot.Core.Engines;
using DataStoryBot.Tests.Fakes;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DataStoryBot.Tests.Integration;

/// <summary>The local host configured with DataStoryBot:Engine=openai against the fake OpenAI server, over Azurite.</summary>
public class OpenAILocalHostFixture : TestHost
{
    public FakeOpenAIServer Fake { get; private set; } = null!;

    protected override async Task<TestHostOptions> OptionsAsync()
    {
        Fake = await FakeOpenAIServer.StartAsync();
        return new TestHostOptions
        {
            ConfiguredEngine = true,
            Args = OpenAIPipeline.HostArgs(Fake.OpenAIEndpoint, "--OpenAI:BreakerFailureThreshold=3", "--OpenAI:BreakerBreakDuration=00:00:03"),
            Configure = Configure,
        };
    }

    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Fake is not null)
        {
            await Fake.DisposeAsync();
        }
    }
}

[Trait("Category", "Integration")]
public sealed class OpenAIPipelineTests(OpenAILocalHostFixture host) : IClassFixture<OpenAILocalHostFixture>
{
    [Fact]
    public async Task AnalyzeThenRefine_WithOpenAIEngine_ChartsAreInBlobStorageWhenTheJobReportsDone()
    {
        host.Fake.DefaultBehaviour = FakeModel.Auto();
        var s = await host.Http.UploadAsync(SampleCsv.Sales());

        var analyzed = await StartAndWaitAsync(s, "analyze", null);
        Assert.Equal("succeeded", analyzed.GetProperty("status").GetString());
        var session = await GetSession(s);
        var stories = session.GetProperty("stories").EnumerateArray().ToList();
        Assert.Equal(3, stories.Count);
        Assert.All(stories, st => Assert.All(st.GetProperty("evidence").GetProperty("columns").EnumerateArray(),
            c => Assert.Contains(c.GetString(), new[] { "date", "region", "sales", "units" })));
        Assert.Equal("openai", session.GetProperty("discoveryProvenance").GetProperty("engine").GetString());
        Assert.NotEmpty(session.GetProperty("discoveryProvenance").GetProperty("responseIds").EnumerateArray());

        var refined = await StartAndWaitAsync(s, "refine", new { title = stories[0].GetProperty("title").GetString() });
        Assert.Equal("succeeded", refined.GetProperty("status").GetString());

        // The job said done: the fake's containers can disappear now, the charts must still be served (from Blob storage).
        foreach (var c in host.Fake.Containers)
        {
            host.Fake.DeleteContainer(c.Id);
        }

        var story = (await GetSession(s)).GetProperty("refined").EnumerateArray().Single();
        Assert.InRange(story.GetProperty("charts").GetArrayLength(), 2, 4);
        // The numbers the narrative states, with the computations the model ran, are served like the built-in engine's.
        var (factsResponse, facts) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, story.GetProperty("factsUrl").GetString()!, s.Token));
        Assert.Equal(HttpStatusCode.OK, factsResponse.StatusCode);
        Assert.NotEmpty(facts.EnumerateArray());
        Assert.All(facts.EnumerateArray(), f => Assert.False(string.IsNullOrEmpty(f.GetProperty("computation").GetString())));
        foreach (var chart in story.GetProperty("charts").EnumerateArray())
        {
            using var response = await host.Http.SendAsync(Api.Request(HttpMethod.Get, chart.GetProperty("url").GetString()!, s.Token));
            var png = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(png.Length > 1000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G');
        }
    }

    [Fact]
    public async Task Refine_OpenAIContainerExpiredBetweenPhases_ReuploadsAndSucceeds()
    {
        host.Fake.DefaultBehaviour = FakeModel.Auto();
        var s = await host.Http.UploadAsync(SampleCsv.Sales(40));
        await StartAndWaitAsync(s, "analyze", null);
        var containersBefore = host.Fake.Containers.Count;
        var filesUploadedBefore = host.Fake.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/files", StringComparison.Ordinal));
        foreach (var c in host.Fake.Containers.Where(c => !c.Expired))
        {
            host.Fake.ExpireContainer(c.Id);
        }

        var title = (await GetSession(s)).GetProperty("stories")[0].GetProperty("title").GetString();
        var refined = await StartAndWaitAsync(s, "refine", new { title });

        Assert.Equal("succeeded", refined.GetProperty("status").GetString());
        Assert.Equal(1, refined.GetProperty("containerRecoveries").GetInt32());
        Assert.Equal(containersBefore + 1, host.Fake.Containers.Count);
        Assert.True(host.Fake.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/files", StringComparison.Ordinal)) > filesUploadedBefore, "the CSV was uploaded again to the new container");
    }

    [Fact]
    public async Task Refine_ContainerExpiresDuringTheModelCall_RecoversTransparently()
    {
        host.Fake.DefaultBehaviour = FakeModel.Auto();
        var s = await host.Http.UploadAsync(SampleCsv.Sales(30));
        await StartAndWaitAsync(s, "analyze", null);
        host.Fake.Enqueue(FakeModel.ExpireMidResponse());

        var refined = await StartAndWaitAsync(s, "refine", new { title = await FirstTitleAsync(s) });

        Assert.Equal("succeeded", refined.GetProperty("status").GetString());
        Assert.Equal(1, refined.GetProperty("containerRecoveries").GetInt32());
    }

    [Fact]
    public async Task Refine_ContainerExpiresTwice_JobFailsWithExpiryProblemAndStoriesRemain()
    {
        host.Fake.DefaultBehaviour = FakeModel.Auto();
        var s = await host.Http.UploadAsync(SampleCsv.Sales(30));
        await StartAndWaitAsync(s, "analyze", null);
        host.Fake.Enqueue(FakeModel.ExpireMidResponse(), FakeModel.ExpireMidResponse());

        var refined = await StartAndWaitAsync(s, "refine", new { title = await FirstTitleAsync(s) });

        Assert.Equal("failed", refined.GetProperty("jobStatus").GetString());
        Assert.Equal("urn:datastorybot:problem:container-expired", refined.GetProperty("type").GetString());
        Assert.Equal(3, (await GetSession(s)).GetProperty("stories").GetArrayLength());
    }

    [Fact]
    public async Task Analyze_RateLimitedWithRetryAfterThenSuccess_Succeeds()
    {
        host.Fake.DefaultBehaviour = FakeModel.Auto();
        var s = await host.Http.UploadAsync(SampleCsv.Sales(30));
        var before = host.Fake.Count("POST", "/responses");
        host.Fake.Enqueue(FakeModel.RateLimited(1));

        var analyzed = await StartAndWaitAsync(s, "analyze", null);

        Assert.Equal("succeeded", analyzed.GetProperty("status").GetString());
        Assert.Equal(2, host.Fake.Count("POST", "/responses") - before);
    }

    [Fact]
    public async Task Analyze_InvalidStructuredAnswerTwice_FailsWithUnusableAnswerProblem()
    {
        host.Fake.DefaultBehaviour = FakeModel.Auto();
        var s = await host.Http.UploadAsync(SampleCsv.Sales(30));
        host.Fake.Enqueue(FakeModel.InvalidStructured(), FakeModel.InvalidStructured());

        var analyzed = await StartAndWaitAsync(s, "analyze", null);

        Assert.Equal("failed", analyzed.GetProperty("jobStatus").GetString());
        Assert.Equal("urn:datastorybot:problem:invalid-model-answer", analyzed.GetProperty("type").GetString());
        Assert.Equal("analysis_failed", (await GetSession(s)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Analyze_IncompleteThenValidAnswer_TheOneRetrySucceeds()
    {
        host.Fake.DefaultBehaviour = FakeModel.Auto();
        var s = await host.Http.UploadAsync(SampleCsv.Sales(30));
        host.Fake.Enqueue(FakeModel.Incomplete());

        var analyzed = await StartAndWaitAsync(s, "analyze", null);

        Assert.Equal("succeeded", analyzed.GetProperty("status").GetString());
    }

    async Task<string> FirstTitleAsync(Api.Uploaded s) => (await GetSession(s)).GetProperty("stories")[0].GetProperty("title").GetString()!;

    Task<JsonElement> StartAndWaitAsync(Api.Uploaded s, string phase, object? body) => OpenAIPipeline.StartAndWaitAsync(host.Http, s, phase, body);

    Task<JsonElement> GetSession(Api.Uploaded s) => OpenAIPipeline.GetSessionAsync(host.Http, s);
}

/// <summary>The OpenAI host with its breaker on a clock the test moves (<see cref="BreakerClock"/>).</summary>
public sealed class OpenAIBreakerHostFixture : OpenAILocalHostFixture
{
    public FakeTimeProvider BreakerClock { get; } = Infrastructure.BreakerClock.New();

    protected override void Configure(WebApplicationBuilder builder) => builder.Services.UseBreakerClock(BreakerClock);
}

/// <summary>The breaker counts failures among all calls in its window, so this test has a host of its own.</summary>
[Trait("Category", "Integration")]
public sealed class OpenAIBreakerPipelineTests(OpenAIBreakerHostFixture host) : IClassFixture<OpenAIBreakerHostFixture>
{
    [Fact]
    public async Task Analyze_ProviderFailingRepeatedly_BreakerOpensAndNewRequestsGet503Fast()
    {
        // A second session with a live container, to delete while the provider is unavailable.
        host.Fake.DefaultBehaviour = FakeModel.Auto();
        var other = await host.Http.UploadAsync(SampleCsv.Sales(10));
        Assert.Equal("succeeded", (await StartAndWaitAsync(other, "analyze", null)).GetProperty("status").GetString());
        var otherContainer = Assert.Single(host.Fake.Containers, c => c.Name.Contains(other.SessionId, StringComparison.Ordinal)).Id;

        var s = await host.Http.UploadAsync(SampleCsv.Sales(10));
        host.Fake.DefaultBehaviour = FakeModel.ServerError();
        var breaker = host.Services.GetRequiredService<IProviderCircuitBreaker>();

        // Each failed job makes two discovery attempts, each answered 500 after the SDK's own retries.
        string? lastKey = null, lastJob = null;
        for (var job = 0; job < 3 && breaker.State != BreakerState.Open; job++)
        {
            lastKey = $"breaker-{job}-{Guid.NewGuid():N}";
            var (started, accepted) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }, lastKey));
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            lastJob = accepted.GetProperty("jobId").GetString();
            var failed = await host.Http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);
            Assert.Equal("failed", failed.GetProperty("jobStatus").GetString());
        }

        Assert.Equal(BreakerState.Open, breaker.State);

        // A client retrying the request that started the last job gets that job, not a 503.
        var (retried, again) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }, lastKey));
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(lastJob, again.GetProperty("jobId").GetString());
        Assert.Equal("duplicate", again.GetProperty("disposition").GetString());

        var (rejected, problem) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
        Assert.NotNull(rejected.Headers.RetryAfter);
        Assert.Contains("try again in a few minutes", problem.GetProperty("detail").GetString());
        Assert.Empty((await GetSession(s)).GetProperty("activeJobs").EnumerateArray());

        // Deleting a session does not depend on the provider: its data goes; the container is left to its idle TTL.
        var (deleted, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Delete, $"/api/sessions/{other.SessionId}", other.Token));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var (gone, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{other.SessionId}", other.Token));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.NotNull(host.Fake.FindContainer(otherContainer));

        host.Fake.DefaultBehaviour = FakeModel.Auto();
        host.BreakerClock.Advance(breaker.RetryAfter);
        var recovered = await StartAndWaitAsync(s, "analyze", null);
        Assert.Equal("succeeded", recovered.GetProperty("status").GetString());
        Assert.Equal(BreakerState.Closed, breaker.State);
    }

    Task<JsonElement> StartAndWaitAsync(Api.Uploaded s, string phase, object? body) => OpenAIPipeline.StartAndWaitAsync(host.Http, s, phase, body);

    Task<JsonElement> GetSession(Api.Uploaded s) => OpenAIPipeline.GetSessionAsync(host.Http, s);
}

static class OpenAIPipeline
{
    /// <summary>A local host on the OpenAI engine against the fake at <paramref name="endpoint"/> (OpenAI or Azure form), with quick HTTP retries.</summary>
    public static string[] HostArgs(Uri endpoint, params string[] extra) =>
    [
        "--DataStoryBot:Engine=openai",
        $"--OpenAI:Endpoint={endpoint}",
        "--OpenAI:ApiKey=sk-test",
        "--OpenAI:Model=gpt-test",
        "--OpenAI:RetryBaseDelay=00:00:00.050",
        .. extra,
    ];

    public static async Task<JsonElement> StartAndWaitAsync(HttpClient http, Api.Uploaded s, string phase, object? body)
    {
        var (response, accepted) = await http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/{phase}", s.Token, body ?? new { }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);
    }

    public static async Task<JsonElement> GetSessionAsync(HttpClient http, Api.Uploaded s)
    {
        var (response, body) = await http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }
}
