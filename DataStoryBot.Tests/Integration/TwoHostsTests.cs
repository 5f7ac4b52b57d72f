using System.Collections.Concurrent;
using System.Net;
using DataStoryBot.Local;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataStoryBot.Tests.Integration;

/// <summary>
/// Two local hosts on one storage account and one task hub, each with the worker id it picks itself (what two
/// <c>./run.sh</c> on one machine, or a scale-out on Functions, look like): the second joins while the first is busy.
/// The engine is shared, as a remote provider is.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TwoHostsTests
{
    const int Jobs = 20;

    [Fact]
    public async Task Analyze_TwentyJobsSpreadOverTwoHostsOnOneTaskHub_EachSucceedsExactlyOnce()
    {
        var engine = new TestAnalysisEngine();
        var discoveries = new ConcurrentDictionary<string, int>();
        engine.OnDiscover = request =>
        {
            discoveries.AddOrUpdate(request.SessionId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        };
        var options = new TestHostOptions { Engine = engine, TaskHub = "w" + Guid.NewGuid().ToString("N")[..20] };
        await using var a = await TestHost.StartAsync(options);

        // The first half through the first host; the second host starts meanwhile and takes part as soon as it is up.
        var joining = TestHost.StartAsync(options);
        var first = Enumerable.Range(0, Jobs / 2).Select(i => RunJobAsync(a.Http, a.Http, i)).ToList();
        await using var b = await joining;
        var second = Enumerable.Range(Jobs / 2, Jobs / 2).Select(i => i % 2 == 0 ? RunJobAsync(a.Http, b.Http, i) : RunJobAsync(b.Http, a.Http, i)).ToList();
        var results = await Task.WhenAll(first.Concat(second));

        Assert.NotEqual(a.Get<LocalHostOptions>().WorkerId, b.Get<LocalHostOptions>().WorkerId);
        Assert.All(results, r =>
        {
            Assert.Equal("succeeded", r.Job.GetProperty("status").GetString());
            Assert.Equal("analyzed", r.Session.GetProperty("status").GetString());
            Assert.Equal(3, r.Session.GetProperty("stories").GetArrayLength());
            Assert.Empty(r.Session.GetProperty("activeJobs").EnumerateArray());
            Assert.Equal(1, discoveries.GetValueOrDefault(r.SessionId)); // discovery ran once, on one of the hosts
            Assert.Single(engine.ContainersOf(r.SessionId)); // and the container was made once
        });
        Assert.Equal(Jobs, results.Select(r => r.SessionId).Distinct().Count());
        Assert.Equal(Jobs, engine.DiscoverCalls);
    }

    /// <summary>Uploads and reads through <paramref name="front"/>, starts the analysis through <paramref name="back"/>.</summary>
    static async Task<(string SessionId, System.Text.Json.JsonElement Job, System.Text.Json.JsonElement Session)> RunJobAsync(HttpClient front, HttpClient back, int i)
    {
        var s = await front.UploadAsync(SampleCsv.Sales(20 + i));
        var (response, accepted) = await back.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await front.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);
        var (_, session) = await back.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        return (s.SessionId, done, session);
    }
}

/// <summary>The worker id a local host takes in its task hub.</summary>
public sealed class WorkerIdTests
{
    [Fact]
    public async Task WorkerId_NotConfigured_DiffersPerHostAndNamesMachineAndProcess()
    {
        string[] args = ["--LocalHost:DurableBackend=inmemory", "--LocalHost:Port=0"];
        await using var one = LocalHost.Build(args);
        await using var two = LocalHost.Build(args);
        var ids = new[] { one, two }.Select(app => app.Services.GetRequiredService<LocalHostOptions>().WorkerId).ToList();

        Assert.NotEqual(ids[0], ids[1]);
        Assert.All(ids, id => Assert.StartsWith($"{Environment.MachineName}-{Environment.ProcessId}-", id));
    }

    [Fact]
    public async Task WorkerId_Configured_IsKept()
    {
        await using var app = LocalHost.Build(["--LocalHost:DurableBackend=inmemory", "--LocalHost:Port=0", "--LocalHost:WorkerId=instance-7"]);

        Assert.Equal("instance-7", app.Services.GetRequiredService<LocalHostOptions>().WorkerId);
    }
}
