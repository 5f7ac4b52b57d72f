using System.Net;
using System.Text.Json;
using DataStoryBot.Tests.Fakes;
using DataStoryBot.Tests.Infrastructure;

namespace DataStoryBot.Tests.Integration;

/// <summary>
/// Provider failures through the whole pipeline (local host + Azurite + the fake OpenAI server), each on its own host
/// so its settings and the fake's script are its own: what the user's job reports, and what reached the provider.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OpenAIPipelineScenarioTests
{
    [Fact]
    public async Task Analyze_ProviderAnswers500Persistently_TwoAttemptsThenAClearProblem()
    {
        await using var fake = await FakeOpenAIServer.StartAsync();
        fake.DefaultBehaviour = FakeModel.ServerError();
        await using var host = await StartAsync(fake.OpenAIEndpoint, "--OpenAI:MaxRetries=0");
        var s = await host.Http.UploadAsync(SampleCsv.Sales(20));

        var job = await OpenAIPipeline.StartAndWaitAsync(host.Http, s, "analyze", null);

        Assert.Equal("failed", job.GetProperty("jobStatus").GetString());
        Assert.Equal("urn:datastorybot:problem:analysis-failed", job.GetProperty("type").GetString());
        var detail = job.GetProperty("detail").GetString()!;
        Assert.Contains("500", detail);
        Assert.Contains("Try again", detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, fake.Count("POST", "/responses")); // the phase and its one retry; no SDK retries configured
        var session = await OpenAIPipeline.GetSessionAsync(host.Http, s);
        Assert.Equal(job.GetProperty("type").GetString(), session.GetProperty("lastErrors").GetProperty("analyze").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Analyze_ModelSlowerThanTheCallTimeout_FailsWithTheModelTimeoutProblem()
    {
        await using var fake = await FakeOpenAIServer.StartAsync();
        fake.DefaultBehaviour = FakeModel.Slow(TimeSpan.FromSeconds(15), FakeModel.Discovery());
        await using var host = await StartAsync(fake.OpenAIEndpoint,
            "--OpenAI:MaxRetries=0", "--DataStoryBot:ModelCallTimeout=00:00:01", "--DataStoryBot:PhaseDeadline=00:00:30");
        var s = await host.Http.UploadAsync(SampleCsv.Sales(20));

        var job = await OpenAIPipeline.StartAndWaitAsync(host.Http, s, "analyze", null);

        Assert.Equal("urn:datastorybot:problem:model-timeout", job.GetProperty("type").GetString());
        Assert.Equal(504, job.GetProperty("status").GetInt32());
        Assert.Contains("1 s", job.GetProperty("detail").GetString());
        Assert.Empty((await OpenAIPipeline.GetSessionAsync(host.Http, s)).GetProperty("stories").EnumerateArray());
    }

    [Fact]
    public async Task Refine_ModelCitesAFileThatIsNotAPng_StoryKeepsOnlyTheRealCharts()
    {
        await using var fake = await FakeOpenAIServer.StartAsync();
        await using var host = await StartAsync(fake.OpenAIEndpoint);
        var s = await host.Http.UploadAsync(SampleCsv.Sales(20));
        Assert.Equal("succeeded", (await OpenAIPipeline.StartAndWaitAsync(host.Http, s, "analyze", null)).GetProperty("status").GetString());
        var title = (await OpenAIPipeline.GetSessionAsync(host.Http, s)).GetProperty("stories")[0].GetProperty("title").GetString();
        fake.DefaultBehaviour = FakeModel.Refine(charts: 2, nonPng: 1);

        var job = await OpenAIPipeline.StartAndWaitAsync(host.Http, s, "refine", new { title });

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        var charts = (await OpenAIPipeline.GetSessionAsync(host.Http, s)).GetProperty("refined")[0].GetProperty("charts").EnumerateArray().ToList();
        Assert.Equal(2, charts.Count);
        foreach (var chart in charts)
        {
            using var response = await host.Http.SendAsync(Api.Request(HttpMethod.Get, chart.GetProperty("url").GetString()!, s.Token));
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            Assert.True(bytes.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47 }), "a real PNG");
        }
    }

    [Fact]
    public async Task AnalyzeThenRefine_AzureOpenAIEndpoint_EveryCallCarriesTheApiKeyOnOpenAIv1Paths()
    {
        await using var fake = await FakeOpenAIServer.StartAsync();
        await using var host = await StartAsync(fake.AzureEndpoint);
        var s = await host.Http.UploadAsync(SampleCsv.Sales(20));

        Assert.Equal("succeeded", (await OpenAIPipeline.StartAndWaitAsync(host.Http, s, "analyze", null)).GetProperty("status").GetString());
        var title = (await OpenAIPipeline.GetSessionAsync(host.Http, s)).GetProperty("stories")[1].GetProperty("title").GetString();
        Assert.Equal("succeeded", (await OpenAIPipeline.StartAndWaitAsync(host.Http, s, "refine", new { title })).GetProperty("status").GetString());

        Assert.Contains(fake.Requests, r => r.Path.EndsWith("/responses", StringComparison.Ordinal));
        Assert.Contains(fake.Requests, r => r.Path.Contains("/containers", StringComparison.Ordinal));
        Assert.All(fake.Requests, r =>
        {
            Assert.StartsWith("/openai/v1/", r.Path);
            Assert.Equal("sk-test", r.ApiKey);
            Assert.Null(r.Authorization);
        });
    }

    static Task<TestHost> StartAsync(Uri endpoint, params string[] extra) =>
        TestHost.StartAsync(new TestHostOptions { ConfiguredEngine = true, Args = OpenAIPipeline.HostArgs(endpoint, extra) });
}
