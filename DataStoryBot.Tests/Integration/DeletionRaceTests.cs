using System.Net;
using Azure.Data.Tables;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Sessions;
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
    TestHost Host => fixture;

    public void Dispose()
    {
        Host.Engine.OnDiscover = null;
        Host.Engine.OnRefine = null;
        Host.Engine.OnDownload = null;
        Host.Engine.OnCreateContainer = null;
        Host.Engine.OnDeleteContainer = null;
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

    /// <summary>
    /// The whole DELETE runs while the analysis is creating its container: the session's data blob is gone when the new
    /// container wants its upload, and the container, on no record the delete could read, is dropped by the job itself.
    /// </summary>
    [Fact]
    public async Task Delete_CompletesWhileTheContainerIsBeingCreated_TheUnrecordedContainerIsDropped()
    {
        var s = await Host.Http.UploadAsync(SampleCsv.Sales(20));
        var creating = new TaskCompletionSource();
        var deleted = new TaskCompletionSource();
        Host.Engine.OnCreateContainer = async _ =>
        {
            creating.TrySetResult();
            await deleted.Task;
        };

        var (started, _) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        await creating.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (delete, _) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Delete, $"/api/sessions/{s.SessionId}", s.Token));
        deleted.SetResult();

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await Wait.UntilAsync(() => Host.Engine.ContainersOf(s.SessionId).Count > 0, "the held container to be created");
        await AssertNothingLeftAsync(s.SessionId);
    }

    /// <summary>
    /// A deletion that stopped right after its mark (a DELETE whose process died, a sweep cut short): every transition of
    /// analyze and refine that lands afterwards — a container recorded, stories stored, a refinement recorded, a failure
    /// recorded — leaves the session marked (GET 404, the row still "expiring" for the next sweep), and the owner's
    /// repeated DELETE then leaves nothing.
    /// </summary>
    [Theory]
    [InlineData("analyze", "container")]
    [InlineData("analyze", "completes")]
    [InlineData("analyze", "fails")]
    [InlineData("refine", "container")]
    [InlineData("refine", "completes")]
    [InlineData("refine", "fails")]
    [InlineData("refine", "saves")]
    public async Task MarkedForDeletion_TransitionLandsAfterTheMark_NothingResurrectsTheSession(string phase, string transition)
    {
        var s = phase == "analyze" ? await Host.Http.UploadAsync(SampleCsv.Sales(20)) : await AnalyzedAsync();
        if (phase == "refine" && transition == "container")
        {
            ExpireContainers(s.SessionId); // the refine recovers into a new container
        }

        var reached = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        Task Hold()
        {
            reached.TrySetResult();
            return release.Task;
        }

        switch (transition)
        {
            case "container":
                Host.Engine.OnCreateContainer = _ => Hold();
                break;
            case "completes" when phase == "analyze":
                Host.Engine.OnDiscover = _ => Hold();
                break;
            case "completes":
                Host.Engine.OnRefine = _ => Hold();
                break;
            case "fails" when phase == "analyze":
                Host.Engine.OnDiscover = async _ => { await Hold(); throw new EngineException(EngineFailureKind.Unanalyzable, "Nothing to analyze."); };
                break;
            case "fails":
                Host.Engine.OnRefine = async _ => { await Hold(); throw new EngineException(EngineFailureKind.Unanalyzable, "Nothing to analyze."); };
                break;
            case "saves":
                Host.Engine.OnDownload = name => name == "subset.csv" ? Hold() : Task.CompletedTask;
                break;
        }

        var body = phase == "analyze" ? (object)new { } : new { title = await FirstTitleAsync(s) };
        var (started, accepted) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/{phase}", s.Token, body));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var jobId = accepted.GetProperty("statusUrl").GetString()!.Split('/')[^1];
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var store = Host.Get<SessionStore>();
        Assert.True(await store.TryMarkDeletingAsync((await store.GetAsync(s.SessionId, CancellationToken.None))!, CancellationToken.None));
        release.SetResult();
        await Host.Client.WaitForInstanceCompletionAsync(jobId).WaitAsync(TimeSpan.FromSeconds(30));

        var row = await Host.Sessions.GetEntityAsync<TableEntity>(s.SessionId, "session");
        Assert.Equal("expiring", row.Value.GetString("Status"));
        var (get, _) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        var (deleted, _) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Delete, $"/api/sessions/{s.SessionId}", s.Token));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertNothingLeftAsync(s.SessionId);
    }

    /// <summary>
    /// The browser drops the connection right after sending "Delete my data", while the job is at one of its transitions:
    /// the delete still runs to its end, the job's result lands after the mark and writes nothing, and nothing of the
    /// session is left.
    /// </summary>
    [Theory]
    [InlineData("analyze", "container")]
    [InlineData("analyze", "completes")]
    [InlineData("refine", "completes")]
    [InlineData("refine", "saves")]
    public async Task Delete_ClientHangsUpWhileTheJobLands_NothingIsLeft(string phase, string transition)
    {
        var s = phase == "analyze" ? await Host.Http.UploadAsync(SampleCsv.Sales(20)) : await AnalyzedAsync();
        using var phases = new PhaseEnds();
        var reached = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var landed = new TaskCompletionSource();
        async Task Hold()
        {
            reached.TrySetResult();
            await release.Task;
        }

        switch (transition)
        {
            case "container":
                Host.Engine.OnCreateContainer = async _ => { await Hold(); landed.TrySetResult(); };
                break;
            case "completes" when phase == "analyze":
                Host.Engine.OnDiscover = _ => Hold();
                _ = phases.FirstAsync("analyze", s.SessionId).ContinueWith(_ => landed.TrySetResult(), TaskScheduler.Default);
                break;
            case "completes":
                Host.Engine.OnRefine = _ => Hold();
                _ = phases.FirstAsync("refine", s.SessionId).ContinueWith(_ => landed.TrySetResult(), TaskScheduler.Default);
                break;
            case "saves":
                Host.Engine.OnDownload = async name =>
                {
                    if (name == "subset.csv")
                    {
                        await Hold();
                        landed.TrySetResult();
                    }
                };
                break;
        }

        var body = phase == "analyze" ? (object)new { } : new { title = await FirstTitleAsync(s) };
        var (started, _) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/{phase}", s.Token, body));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The delete is held after its mark (at the container's removal, or right after the mark when there is no container yet).
        var deleting = new TaskCompletionSource();
        var finishDelete = new TaskCompletionSource();
        Host.Engine.OnDeleteContainer = async (_, token) =>
        {
            deleting.TrySetResult();
            await finishDelete.Task.WaitAsync(token);
        };
        using var hangUp = new CancellationTokenSource();
        var delete = Host.Http.SendAsync(Api.Request(HttpMethod.Delete, $"/api/sessions/{s.SessionId}", s.Token), hangUp.Token);
        if (transition == "container")
        {
            await WaitUntilMarkedAsync(s.SessionId);
        }
        else
        {
            await deleting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delete);
        release.SetResult();
        await landed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        finishDelete.SetResult();

        await AssertNothingLeftAsync(s.SessionId);
    }

    Task WaitUntilMarkedAsync(string sessionId) =>
        Wait.UntilAsync(async () => (await Host.Get<SessionStore>().GetAsync(sessionId, CancellationToken.None))?.Status == SessionStatus.Deleting,
            "the DELETE to mark the session");

    void ExpireContainers(string sessionId)
    {
        foreach (var container in Host.Engine.ContainersOf(sessionId))
        {
            Host.Engine.Expire(container);
        }
    }

    /// <summary>Nothing of the session is left once the jobs in flight have settled, and nothing reappears a second later.</summary>
    async Task AssertNothingLeftAsync(string sessionId)
    {
        await Wait.ForAsync(async () =>
        {
            var left = await LeftoversAsync(sessionId);
            return (left.Count == 0, "left behind: " + string.Join("; ", left));
        }, "the jobs in flight to settle and leave nothing of the session");
        await Task.Delay(1000);
        var left = await LeftoversAsync(sessionId);
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

        var keys = new TableServiceClient(AzuriteServer.ConnectionString).GetTableClient(Host.Storage.IdempotencyTable);
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
