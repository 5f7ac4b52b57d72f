using System.Net;
using DataStoryBot.Tests.Health;
using DataStoryBot.Tests.Infrastructure;
using DataStoryBot.Tests.Integration;

namespace DataStoryBot.Tests.Observability;

/// <summary>Every log line of one session's flow carries its session id, and its container id once known.</summary>
[Trait("Category", "Integration")]
public sealed class SessionLogTests
{
    [Fact]
    public async Task SessionFlow_UploadAnalyzeExpiryRefine_EveryLineCarriesSessionIdAndContainerIdOnceKnown()
    {
        var logs = new RecordingLoggerProvider();
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops() with { Logs = logs });
        var s = await host.Http.UploadAsync(SampleCsv.Sales(30));
        var analyze = await StartAndWaitAsync(host, s, "analyze", new { });
        var session = (await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token))).Body;
        var title = session.GetProperty("stories")[0].GetProperty("title").GetString()!;
        // The container dies while the user reads the stories: refine recovers, and its lines must name the new container.
        host.Engine.ExpireAll();
        await StartAndWaitAsync(host, s, "refine", new { title });

        var lines = logs.Lines.Where(l => l.Category.StartsWith("DataStoryBot", StringComparison.Ordinal)).ToList();
        var events = lines.Select(l => l.EventId.Name).ToList();
        foreach (var expected in new[] { "upload.completed", "job.started", "container.created", "analysis.started", "analysis.completed",
                     "container.expired", "container.reuploaded", "refine.completed" })
        {
            Assert.Contains(expected, events);
        }

        Assert.All(lines, l => Assert.True(l.Value("sessionId") == s.SessionId, $"no sessionId on {l.Category} {l.EventId.Name}: {l.Message}"));
        var firstContainer = lines.FindIndex(l => l.EventId.Name == "container.created");
        Assert.True(firstContainer > 0, "upload lines come before the container exists");
        Assert.All(lines.Skip(firstContainer), l =>
            Assert.True(l.Value("containerId") is { Length: > 0 }, $"no containerId on {l.Category} {l.EventId.Name}: {l.Message}"));
        Assert.All(lines.Where(l => l.Value("jobId") is not null), l => Assert.StartsWith(s.SessionId, l.Value("jobId")));
        Assert.Contains(lines, l => l.Value("jobId") == analyze);
    }

    static async Task<string> StartAndWaitAsync(TestHost host, Api.Uploaded s, string action, object body)
    {
        var (response, job) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/{action}", s.Token, body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await host.Http.WaitForJobAsync(job.GetProperty("statusUrl").GetString()!, s.Token);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        return job.GetProperty("jobId").GetString()!;
    }
}
