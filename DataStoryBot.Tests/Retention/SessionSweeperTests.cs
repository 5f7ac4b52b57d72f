using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataStoryBot.Core.Retention;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using DataStoryBot.Tests.Health;
using DataStoryBot.Tests.Infrastructure;
using DataStoryBot.Tests.Integration;

namespace DataStoryBot.Tests.Retention;

/// <summary>The retention sweep over Azurite, through the local host's real sessions, blobs, containers and durable history.</summary>
[Trait("Category", "Integration")]
public sealed class SessionSweeperTests
{
    sealed record Footprint(Api.Uploaded Upload, IReadOnlyList<string> Blobs, IReadOnlyList<string> JobIds, string? ContainerId);

    [Fact]
    public async Task SweepAsync_ExpiredAndLiveSessions_RemovesExactlyTheExpiredSessionsData()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops());
        var expired = new[] { await RefinedAsync(host), await AnalyzedAsync(host), await UploadedAsync(host) };
        var live = new[] { await RefinedAsync(host), await UploadedAsync(host) };
        foreach (var s in expired)
        {
            await BackdateAsync(host, s.Upload.SessionId, TimeSpan.FromHours(25));
        }

        var result = await host.Get<SessionSweeper>().SweepAsync(host.Client, CancellationToken.None);

        Assert.Equal((3, 3, 0, 0), (result.Candidates, result.Deleted, result.SkippedLive, result.Failed));
        foreach (var s in expired)
        {
            await AssertGoneAsync(host, s);
        }

        foreach (var s in live)
        {
            await AssertIntactAsync(host, s);
        }
    }

    [Fact]
    public async Task SweepAsync_ConcurrentWithRefineOfLiveSession_LeavesItIntactAndTheRefineSucceeds()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops());
        var liveSession = await AnalyzedAsync(host);
        var expired = new List<Footprint>();
        for (var i = 0; i < 6; i++)
        {
            var s = i % 2 == 0 ? await AnalyzedAsync(host) : await UploadedAsync(host);
            await BackdateAsync(host, s.Upload.SessionId, TimeSpan.FromDays(3));
            expired.Add(s);
        }

        var refining = new TaskCompletionSource();
        var gate = new TaskCompletionSource();
        host.Engine.OnRefine = async r =>
        {
            if (r.SessionId == liveSession.Upload.SessionId)
            {
                refining.TrySetResult();
                await gate.Task;
            }
        };
        var title = await FirstTitleAsync(host, liveSession.Upload);
        var (started, job) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{liveSession.Upload.SessionId}/refine", liveSession.Upload.Token, new { title }));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await refining.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // The whole sweep runs while the refine is held inside its phase, then the refine goes on.
        var result = await host.Get<SessionSweeper>().SweepAsync(host.Client, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        gate.SetResult();
        var done = await host.Http.WaitForJobAsync(job.GetProperty("statusUrl").GetString()!, liveSession.Upload.Token);

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(6, result.Deleted);
        foreach (var s in expired)
        {
            await AssertGoneAsync(host, s);
        }

        await AssertIntactAsync(host, liveSession with { Blobs = [] });
        var session = await GetSessionAsync(host, liveSession.Upload);
        var chartUrl = session.GetProperty("refined")[0].GetProperty("charts")[0].GetProperty("url").GetString()!;
        using var chart = await host.Http.SendAsync(Api.Request(HttpMethod.Get, chartUrl, liveSession.Upload.Token));
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.Equal("image/png", chart.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SweepAsync_AfterAnInterruptedDeletionAndRunTwice_FinishesTheJobAndIsIdempotent()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops());
        var interrupted = await AnalyzedAsync(host);
        await BackdateAsync(host, interrupted.Upload.SessionId, TimeSpan.FromHours(30));
        // As if a sweep died half-way: marked, its upload blobs gone, the row still there.
        var row = await MarkAsDeletingAsync(host, interrupted.Upload.SessionId);
        await host.Get<BlobStore>().GetBlob(row.DataBlob).DeleteAsync();

        var first = await host.Get<SessionSweeper>().SweepAsync(host.Client, CancellationToken.None);
        var second = await host.Get<SessionSweeper>().SweepAsync(host.Client, CancellationToken.None);

        Assert.Equal((1, 1, 0), (first.Candidates, first.Deleted, first.Failed));
        Assert.Equal((0, 0, 0), (second.Candidates, second.Deleted, second.Failed));
        await AssertGoneAsync(host, interrupted);
    }

    [Fact]
    public async Task SweepAsync_RecentSessionWhoseDeleteStoppedHalfway_FinishesItAtTheNextSweep()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops());
        var stopped = await AnalyzedAsync(host);
        var live = await UploadedAsync(host);
        // As if the owner's DELETE died after marking the session and removing its data blob: active minutes ago,
        // so the retention window alone would keep its remaining data for a day.
        var row = await MarkAsDeletingAsync(host, stopped.Upload.SessionId);
        await host.Get<BlobStore>().GetBlob(row.DataBlob).DeleteIfExistsAsync();

        var result = await host.Get<SessionSweeper>().SweepAsync(host.Client, CancellationToken.None);

        Assert.Equal((1, 1, 0, 0), (result.Candidates, result.Deleted, result.SkippedLive, result.Failed));
        await AssertGoneAsync(host, stopped);
        await AssertIntactAsync(host, live);
    }

    [Fact]
    public async Task Delete_RepeatedAfterADeleteStoppedHalfway_FinishesItForTheOwnerOnly()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops());
        var stopped = await RefinedAsync(host);
        await MarkAsDeletingAsync(host, stopped.Upload.SessionId);
        var store = host.Get<SessionStore>();
        var url = $"/api/sessions/{stopped.Upload.SessionId}";

        var (stranger, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Delete, url, "not-the-token"));
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.NotNull(await store.GetAsync(stopped.Upload.SessionId, CancellationToken.None));
        Assert.NotEmpty(await host.Get<BlobStore>().ListSessionBlobsAsync(stopped.Upload.SessionId, CancellationToken.None));

        var (owner, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Delete, url, stopped.Upload.Token));
        var (again, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Delete, url, stopped.Upload.Token));

        Assert.Equal(HttpStatusCode.NoContent, owner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        await AssertGoneAsync(host, stopped);
    }

    [Fact]
    public async Task TryMarkDeletingAsync_SessionActiveSinceItWasRead_ReturnsFalseAndLeavesItAlone()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops());
        var s = await UploadedAsync(host);
        var store = host.Get<SessionStore>();
        var read = (await store.GetAsync(s.Upload.SessionId, CancellationToken.None))!;
        var touched = await store.UpdateAsync(s.Upload.SessionId, r => r with { }, CancellationToken.None);

        var marked = await store.TryMarkDeletingAsync(read, CancellationToken.None);

        Assert.False(marked);
        var now = (await store.GetAsync(s.Upload.SessionId, CancellationToken.None))!;
        Assert.NotEqual(SessionStatus.Deleting, now.Status);
        Assert.Equal(touched!.LastActivityAt, now.LastActivityAt);
        Assert.True(await store.TryMarkDeletingAsync(now, CancellationToken.None));
        Assert.Equal(now.LastActivityAt, (await store.GetAsync(s.Upload.SessionId, CancellationToken.None))!.LastActivityAt);
    }

    [Fact]
    public async Task Analyze_SessionMarkedExpiring_AnswersNotFoundAndStartsNoJob()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Ops());
        var s = await UploadedAsync(host);
        await MarkAsDeletingAsync(host, s.Upload.SessionId);
        var store = host.Get<SessionStore>();

        var (analyze, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.Upload.SessionId}/analyze", s.Upload.Token, new { }));
        var (read, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.Upload.SessionId}", s.Upload.Token));

        Assert.Equal(HttpStatusCode.NotFound, analyze.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        var row = (await store.GetAsync(s.Upload.SessionId, CancellationToken.None))!;
        Assert.Empty(row.ActiveJobs);
        Assert.Empty(await Api.CollectAsync(host.Client.GetAllInstancesAsync(new Microsoft.DurableTask.Client.OrchestrationQuery { InstanceIdPrefix = s.Upload.SessionId + "-" })));
    }

    static async Task<Footprint> UploadedAsync(TestHost host)
    {
        var upload = await host.Http.UploadAsync(SampleCsv.Sales(24));
        return await FootprintAsync(host, upload, []);
    }

    static async Task<Footprint> AnalyzedAsync(TestHost host)
    {
        var upload = await host.Http.UploadAsync(SampleCsv.Sales(24));
        var job = await StartAsync(host, upload, "analyze", new { });
        return await FootprintAsync(host, upload, [job]);
    }

    static async Task<Footprint> RefinedAsync(TestHost host)
    {
        var analyzed = await AnalyzedAsync(host);
        var job = await StartAsync(host, analyzed.Upload, "refine", new { title = await FirstTitleAsync(host, analyzed.Upload) });
        return await FootprintAsync(host, analyzed.Upload, [.. analyzed.JobIds, job]);
    }

    static async Task<string> StartAsync(TestHost host, Api.Uploaded upload, string action, object body)
    {
        var (response, job) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{upload.SessionId}/{action}", upload.Token, body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await host.Http.WaitForJobAsync(job.GetProperty("statusUrl").GetString()!, upload.Token);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        return job.GetProperty("jobId").GetString()!;
    }

    static async Task<Footprint> FootprintAsync(TestHost host, Api.Uploaded upload, IReadOnlyList<string> jobs)
    {
        var blobs = await host.Get<BlobStore>().ListSessionBlobsAsync(upload.SessionId, CancellationToken.None);
        var session = await host.Get<SessionStore>().GetAsync(upload.SessionId, CancellationToken.None);
        return new Footprint(upload, blobs, jobs, session!.Container?.ContainerId);
    }

    static async Task<string> FirstTitleAsync(TestHost host, Api.Uploaded upload) =>
        (await GetSessionAsync(host, upload)).GetProperty("stories")[0].GetProperty("title").GetString()!;

    static async Task<JsonElement> GetSessionAsync(TestHost host, Api.Uploaded upload)
    {
        var (response, body) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{upload.SessionId}", upload.Token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }

    /// <summary>Marks a session as a deletion does first (as if the deletion stopped right after) and returns its row as read.</summary>
    static async Task<SessionRecord> MarkAsDeletingAsync(TestHost host, string sessionId)
    {
        var store = host.Get<SessionStore>();
        var row = (await store.GetAsync(sessionId, CancellationToken.None))!;
        Assert.True(await store.TryMarkDeletingAsync(row, CancellationToken.None));
        return row;
    }

    /// <summary>Makes a session look idle for <paramref name="idle"/> (as if its last activity were that long ago).</summary>
    static async Task BackdateAsync(TestHost host, string sessionId, TimeSpan idle) =>
        await host.Sessions.UpdateEntityAsync(new TableEntity(sessionId, "session") { ["LastActivityAt"] = DateTimeOffset.UtcNow - idle }, ETag.All, TableUpdateMode.Merge);

    static async Task AssertGoneAsync(TestHost host, Footprint s)
    {
        var id = s.Upload.SessionId;
        Assert.Null(await host.Get<SessionStore>().GetAsync(id, CancellationToken.None));
        Assert.Empty(await host.Get<BlobStore>().ListSessionBlobsAsync(id, CancellationToken.None));
        foreach (var job in s.JobIds)
        {
            Assert.Null(await host.Client.GetInstanceAsync(job));
        }

        if (s.ContainerId is { } container)
        {
            Assert.False(host.Engine.IsLive(container));
        }

        var (response, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{id}", s.Upload.Token));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    static async Task AssertIntactAsync(TestHost host, Footprint s)
    {
        var id = s.Upload.SessionId;
        var session = await host.Get<SessionStore>().GetAsync(id, CancellationToken.None);
        Assert.NotNull(session);
        Assert.NotEqual(SessionStatus.Deleting, session!.Status);
        var blobs = await host.Get<BlobStore>().ListSessionBlobsAsync(id, CancellationToken.None);
        Assert.Superset(s.Blobs.ToHashSet(), blobs.ToHashSet());
        foreach (var job in s.JobIds)
        {
            Assert.NotNull(await host.Client.GetInstanceAsync(job));
        }

        if (s.ContainerId is { } container)
        {
            Assert.True(host.Engine.IsLive(container));
        }

        await GetSessionAsync(host, s.Upload);
    }
}
