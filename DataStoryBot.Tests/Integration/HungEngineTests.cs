using System.Diagnostics;
using DataStoryBot.Tests.Infrastructure;

namespace DataStoryBot.Tests.Integration;

/// <summary>
/// An engine call that never returns is cut off at the phase deadline on the local host (whose durable backend runs an
/// orchestration's timer only once its running activity has returned): the job fails with the timeout problem within
/// the deadline plus a few seconds, not when some other limit happens to fire.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HungEngineTests
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    /// <summary>Generous: the job's polling and the host's scheduling (the test engine ignores the model-call limit).</summary>
    static readonly TimeSpan Slack = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task AnalyzeAndRefine_EngineHangs_JobFailsWithTheTimeoutProblemSoonAfterTheDeadline()
    {
        var engine = new TestAnalysisEngine();
        await using var host = await TestHost.StartAsync(new TestHostOptions { Engine = engine, Args = [$"--DataStoryBot:PhaseDeadline={Deadline}", "--DataStoryBot:ModelCallTimeout=00:00:01"] });
        var s = await host.Http.UploadAsync(SampleCsv.Sales(20));

        engine.OnDiscover = _ => new TaskCompletionSource().Task; // never returns
        var (analyzeTook, analyzed) = await RunAsync(host, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { });

        engine.OnDiscover = null;
        var (_, again) = await RunAsync(host, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { });
        var (_, session) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        engine.OnRefine = _ => new TaskCompletionSource().Task;
        var (refineTook, refined) = await RunAsync(host, $"/api/sessions/{s.SessionId}/refine", s.Token,
            new { title = session.GetProperty("stories")[0].GetProperty("title").GetString() });

        Assert.Equal("urn:datastorybot:problem:analysis-timeout", analyzed.GetProperty("type").GetString());
        Assert.InRange(analyzeTook, Deadline, Deadline + Slack);
        Assert.Equal("succeeded", again.GetProperty("status").GetString());
        Assert.Equal("urn:datastorybot:problem:analysis-timeout", refined.GetProperty("type").GetString());
        Assert.InRange(refineTook, Deadline, Deadline + Slack);
    }

    static async Task<(TimeSpan Took, System.Text.Json.JsonElement Job)> RunAsync(TestHost host, string url, string token, object body)
    {
        var clock = Stopwatch.StartNew();
        var (_, accepted) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, url, token, body));
        var job = await host.Http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, token);
        return (clock.Elapsed, job);
    }
}
