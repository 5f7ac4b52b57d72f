using DataStoryBot.Core.Engines;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataStoryBot.Tests.Integration;

/// <summary>A phase that outlives its deadline must not store its results after the job has reported the timeout.</summary>
[Trait("Category", "Integration")]
public sealed class LateResultTests
{
    [Fact]
    public async Task Analyze_DiscoveryFinishesAfterTheDeadline_ItsStoriesAreNotStored()
    {
        var engine = new TestAnalysisEngine();
        await using var host = await RunningLocalHost.StartAsync("l" + Guid.NewGuid().ToString("N")[..20],
            ["--DataStoryBot:PhaseDeadline=00:00:03", "--DataStoryBot:ModelCallTimeout=00:00:01"],
            b =>
            {
                b.Services.RemoveAll<IAnalysisEngine>();
                b.Services.AddSingleton<IAnalysisEngine>(engine);
            });
        var lateDiscoveryDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.OnDiscover = async _ =>
        {
            await Task.Delay(TimeSpan.FromSeconds(6));
            lateDiscoveryDone.TrySetResult();
        };
        var s = await host.Http.UploadAsync(SampleCsv.Sales(20));

        var (_, accepted) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        var job = await host.Http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);
        await lateDiscoveryDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1)); // the late activity's own session write, if it (wrongly) made one

        Assert.Equal("urn:datastorybot:problem:analysis-timeout", job.GetProperty("type").GetString());
        var (_, session) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        Assert.Empty(session.GetProperty("stories").EnumerateArray());
        Assert.Equal("analysis_failed", session.GetProperty("status").GetString());
        Assert.Empty(session.GetProperty("activeJobs").EnumerateArray());
    }
}
