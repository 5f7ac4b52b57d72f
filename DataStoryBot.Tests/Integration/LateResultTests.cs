using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Workflows;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataStoryBot.Tests.Integration;

/// <summary>A phase that outlives its deadline must not store its results after the job has reported the timeout.</summary>
[Trait("Category", "Integration")]
public sealed class LateResultTests
{
    [Fact]
    public async Task Analyze_DiscoveryFinishesAfterTheDeadline_ItsStoriesAreNotStored()
    {
        var engine = new TestAnalysisEngine();
        using var phases = new PhaseEnds();
        await using var host = await TestHost.StartAsync(new TestHostOptions { Engine = engine, Args = ["--DataStoryBot:PhaseDeadline=00:00:03", "--DataStoryBot:ModelCallTimeout=00:00:01"] });
        // Discovery outlasts the 3 s deadline. (It cannot wait for the job's answer instead: the durable backends the
        // local host and tests run process an orchestration's timer only once its running activity has returned.)
        engine.OnDiscover = _ => Task.Delay(TimeSpan.FromSeconds(6));
        var s = await host.Http.UploadAsync(SampleCsv.Sales(20));

        var (_, accepted) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        var job = await host.Http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);
        // The late activity has made (or, rightly, not made) its session write once its phase has ended.
        var lateOutcome = await phases.FirstAsync(JobPhases.Analyze, s.SessionId).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual("completed", lateOutcome);
        Assert.Equal("urn:datastorybot:problem:analysis-timeout", job.GetProperty("type").GetString());
        var (_, session) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        Assert.Empty(session.GetProperty("stories").EnumerateArray());
        Assert.Equal("analysis_failed", session.GetProperty("status").GetString());
        Assert.Empty(session.GetProperty("activeJobs").EnumerateArray());
    }

    [Fact]
    public async Task Refine_StoriesReplacedWhileItRuns_FailsAsStoryNotFoundAndStoresNothing()
    {
        var engine = new TestAnalysisEngine();
        await using var host = await TestHost.StartAsync(new TestHostOptions { Engine = engine });
        var s = await host.Http.UploadAsync(SampleCsv.Sales(20));
        var (_, analyze) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        await host.Http.WaitForJobAsync(analyze.GetProperty("statusUrl").GetString()!, s.Token);
        var (_, before) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        var storyId = before.GetProperty("stories")[0].GetProperty("storyId").GetString()!;
        var refining = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.OnRefine = async _ =>
        {
            refining.TrySetResult();
            await release.Task;
        };

        var (_, refine) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/refine", s.Token, new { storyId }));
        await refining.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // What a new analysis with other angles does to the row: the story being written is no longer discovered.
        await host.App.Services.GetRequiredService<SessionStore>().UpdateAsync(s.SessionId,
            r => r with { Discovery = r.Discovery! with { Stories = r.Discovery.Stories.Where(st => st.StoryId != storyId).ToList() } }, CancellationToken.None);
        release.SetResult();
        var job = await host.Http.WaitForJobAsync(refine.GetProperty("statusUrl").GetString()!, s.Token);

        Assert.Equal("urn:datastorybot:problem:story-not-found", job.GetProperty("type").GetString());
        var (read, session) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        Assert.Equal(System.Net.HttpStatusCode.OK, read.StatusCode);
        Assert.Empty(session.GetProperty("refined").EnumerateArray());
        Assert.Empty(session.GetProperty("activeJobs").EnumerateArray());
        Assert.Equal(2, session.GetProperty("stories").GetArrayLength());
    }
}
