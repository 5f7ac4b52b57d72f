using System.Net;
using Azure.Data.Tables;
using DataStoryBot.Core.Storage;
using DataStoryBot.Tests.Health;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.DurableTask.Client;

namespace DataStoryBot.Tests.Integration;

/// <summary>
/// Deletion wins: a DELETE interleaved with analyze or refine, at several offsets and at the worst moments (while an
/// activity is creating a container or copying artifacts), leaves nothing behind — no blobs, no session row, no
/// idempotency keys, no orchestration history, no live container.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeletionRaceTests(OpsHostFixture fixture) : IClassFixture<OpsHostFixture>, IDisposable
{
    OpsHost Host => fixture.Host;

    public void Dispose()
    {
        Host.Engine.OnDiscover = null;
        Host.Engine.OnRefine = null;
        Host.Engine.OnDownload = null;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(60)]
    [InlineData(150)]
    [InlineData(400)]
    public async Task Delete_DuringAnalyzeAtOffset_LeavesNothing(int offsetMs)
    {
        var s = await Host.Http.UploadAsync(SampleCsv.Sales(20));

        var analyze = Host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }, "key-" + offsetMs));
        await Task.Delay(offsetMs);
        var (deleted, _) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Delete, $"/api/sessions/{s.SessionId}", s.Token));
        var (started, _) = await analyze;

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Contains(started.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.NotFound });
        await AssertNothingLeftAsync(s.SessionId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(60)]
    [InlineData(150)]
    [InlineData(400)]
    public async Task Delete_DuringRefineAtOffset_LeavesNothing(int offsetMs)
    {
        var s = await AnalyzedAsync();
        var title = await FirstTitleAsync(s);

        var refine = Host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/refine", s.Token, new { title }, "key-" + offsetMs));
        await Task.Delay(offsetMs);
        var (deleted, _) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Delete, $"/api/sessions/{s.SessionId}", s.Token));
        var (started, _) = await refine;

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Contains(started.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.NotFound });
        await AssertNothingLeftAsync(s.SessionId);
    }

    [Theory]
    [InlineData("narrative.md")]
    [InlineData("chart2.png")]
    [InlineData("subset.csv")]
    public async Task Delete_WhileSaveArtifactsIsCopying_ArtifactsWrittenAfterTheDeleteAreRemoved(string blockedFile)
    {
        var s = await AnalyzedAsync();
        var title = await FirstTitleAsync(s);
        var copying = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        Host.Engine.OnDownload = name =>
        {
            if (name != blockedFile)
            {
                return Task.CompletedTask;
            }

            copying.TrySetResult();
            return release.Task;
        };

        var (started, _) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/refine", s.Token, new { title }));
        await copying.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (deleted, _) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Delete, $"/api/sessions/{s.SessionId}", s.Token));
        release.SetResult();

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertNothingLeftAsync(s.SessionId);
    }

    [Fact]
    public async Task Delete_WhileTheAnalysisRuns_ContainerCreatedForItIsGoneAndNoJobCanStartAfterwards()
    {
        var s = await Host.Http.UploadAsync(SampleCsv.Sales(20));
        var discovering = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        Host.Engine.OnDiscover = _ =>
        {
            discovering.TrySetResult();
            return release.Task;
        };

        var (started, _) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        await discovering.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (deleted, _) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Delete, $"/api/sessions/{s.SessionId}", s.Token));
        var (again, _) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        release.SetResult();

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        await AssertNothingLeftAsync(s.SessionId);
    }

    /// <summary>Nothing of the session is left once the jobs in flight have settled (polled for up to 15 s), and nothing reappears a second later.</summary>
    async Task AssertNothingLeftAsync(string sessionId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        List<string> left;
        while ((left = await LeftoversAsync(sessionId)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True(left.Count == 0, "left behind: " + string.Join("; ", left));
        await Task.Delay(1000);
        left = await LeftoversAsync(sessionId);
        Assert.True(left.Count == 0, "reappeared: " + string.Join("; ", left));
    }

    async Task<List<string>> LeftoversAsync(string sessionId)
    {
        var left = new List<string>();
        left.AddRange((await Host.Get<BlobStore>().ListSessionBlobsAsync(sessionId, CancellationToken.None)).Select(b => "blob " + b));
        if ((await Host.Sessions.GetEntityIfExistsAsync<TableEntity>(sessionId, "session")).HasValue)
        {
            left.Add("session row");
        }

        var keys = new TableServiceClient(AzuriteServer.ConnectionString).GetTableClient("opsi" + Host.Suffix);
        await foreach (var key in keys.QueryAsync<TableEntity>(e => e.PartitionKey == sessionId))
        {
            left.Add("idempotency key " + key.RowKey);
        }

        var instances = await Api.CollectAsync(Host.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = sessionId + "-" }));
        left.AddRange(instances.Select(i => $"instance {i.InstanceId} ({i.RuntimeStatus})"));
        left.AddRange(Host.Engine.ContainersOf(sessionId).Where(Host.Engine.IsLive).Select(c => "live container " + c));
        return left;
    }

    async Task<Api.Uploaded> AnalyzedAsync()
    {
        var s = await Host.Http.UploadAsync(SampleCsv.Sales(20));
        var (_, accepted) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        var done = await Host.Http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        return s;
    }

    async Task<string> FirstTitleAsync(Api.Uploaded s)
    {
        var (_, session) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        return session.GetProperty("stories")[0].GetProperty("title").GetString()!;
    }
}
