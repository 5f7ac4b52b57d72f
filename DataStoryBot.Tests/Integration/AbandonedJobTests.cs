using System.Net;
using Azure;
using Azure.Data.Tables;
using DataStoryBot.Core.Http;
using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Workflows;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataStoryBot.Tests.Integration;

/// <summary>A job marker whose orchestration was never scheduled: the process died between the two writes of a start.</summary>
[Collection(LocalHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AbandonedJobTests(LocalHostFixture host)
{
    [Fact]
    public async Task GetJob_MarkerWithoutOrchestrationPastTheGrace_FailsRetryablyAndANewStartRuns()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(20));
        var jobId = JobIds.New(s.SessionId, JobPhases.Analyze);
        // The first of the two writes of a start, as a process that died before scheduling the orchestration left it.
        await host.Services.GetRequiredService<SessionStore>().UpdateAsync(s.SessionId,
            r => r.StartJob(JobIds.AnalyzeKey, jobId), CancellationToken.None);

        var (fresh, freshBody) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, ApiLinks.Job(jobId), s.Token));
        Assert.Equal(HttpStatusCode.Accepted, fresh.StatusCode);
        Assert.Equal("queued", freshBody.GetProperty("progress").GetProperty("stage").GetString());

        await host.Tables.GetTableClient("sessions").UpdateEntityAsync(
            new TableEntity(s.SessionId, "session") { ["LastActivityAt"] = DateTimeOffset.UtcNow - JobStarter.SchedulingGrace - TimeSpan.FromSeconds(5) },
            ETag.All, TableUpdateMode.Merge);
        var (stale, problem) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, ApiLinks.Job(jobId), s.Token));

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal(JobProblems.TypePrefix + "job-not-started", problem.GetProperty("type").GetString());
        Assert.Equal("failed", problem.GetProperty("jobStatus").GetString());
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("start the analyze again", problem.GetProperty("detail").GetString());

        var (again, accepted) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, ApiLinks.Analyze(s.SessionId), s.Token, new { }));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("started", accepted.GetProperty("disposition").GetString());
        Assert.NotEqual(jobId, accepted.GetProperty("jobId").GetString());
        var done = await host.Http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
    }
}
