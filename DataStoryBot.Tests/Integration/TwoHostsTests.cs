using System.Collections.Concurrent;
using System.Net;
using DataStoryBot.Tests.Infrastructure;

namespace DataStoryBot.Tests.Integration;

/// <summary>
/// Two local hosts on one storage account and one task hub, each with the worker id it picks itself (what two
/// <c>./run.sh</c> on one machine, or a scale-out on Functions, look like). The engine is shared, as a remote provider is.
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
        var taskHub = "w" + Guid.NewGuid().ToString("N")[..20];
        var starting = new[] { TestHost.StartAsync(new TestHostOptions { Engine = engine, TaskHub = taskHub }), TestHost.StartAsync(new TestHostOptions { Engine = engine, TaskHub = taskHub }) };
        await using var a = await starting[0];
        await using var b = await starting[1];
        var workerIds = new[] { a, b }.Select(h => h.Get<DataStoryBot.Local.LocalHostOptions>().WorkerId).ToList();
        Assert.NotEqual(workerIds[0], workerIds[1]);

        // Job i uploads and reads through one host and starts its analysis through the other.
        var jobs = Enumerable.Range(0, Jobs).Select(async i =>
        {
            var (front, back) = i % 2 == 0 ? (a.Http, b.Http) : (b.Http, a.Http);
            var s = await front.UploadAsync(SampleCsv.Sales(20 + i));
            var (response, accepted) = await back.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var done = await front.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);
            var (_, session) = await back.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
            return (s.SessionId, Job: done, Session: session);
        }).ToList();
        var results = await Task.WhenAll(jobs);

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
}
