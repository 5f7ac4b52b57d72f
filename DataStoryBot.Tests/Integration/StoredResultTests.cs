using System.Net;
using Azure;
using Azure.Storage.Blobs;
using DataStoryBot.Tests.Infrastructure;

namespace DataStoryBot.Tests.Integration;

/// <summary>
/// Results are stored whatever their size, and a storage failure reaches the client as a problem in its words: the
/// exception (its request id, its text) stays in the log.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StoredResultTests(StoredResultTests.Fixture fixture) : IClassFixture<StoredResultTests.Fixture>, IDisposable
{
    public sealed class Fixture : TestHost
    {
        protected override Task<TestHostOptions> OptionsAsync() => Task.FromResult(TestHostOptions.Ops() with { Logs = new RecordingLoggerProvider() });
    }

    TestHost Host => fixture;

    public void Dispose() => Host.Engine.OnDiscover = null;

    [Fact]
    public async Task Analyze_ColumnNameOf40000Characters_Succeeds()
    {
        var name = new string('w', 40_000);
        var s = await Host.Http.UploadAsync($"{name},amount\na,1\nb,2\nc,3\n");

        var (started, accepted) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        var done = await Host.Http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var (get, session) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(3, session.GetProperty("stories").GetArrayLength());
    }

    [Fact]
    public async Task Analyze_StorageFailsDuringTheJob_ProblemSaysWhatHappenedAndTheLogKeepsTheRequestId()
    {
        // A real storage exception from Azurite, thrown where the job stores its work.
        var failure = await Assert.ThrowsAsync<RequestFailedException>(() =>
            new BlobServiceClient(AzuriteServer.ConnectionString).GetBlobContainerClient("no-such-container-" + Host.Suffix).GetBlobClient("x").DownloadContentAsync());
        var requestId = failure.GetRawResponse()?.Headers.RequestId;
        Assert.False(string.IsNullOrEmpty(requestId));
        Assert.Contains(requestId, failure.Message, StringComparison.Ordinal);
        Host.Engine.OnDiscover = _ => throw failure;
        var s = await Host.Http.UploadAsync(SampleCsv.Sales(20));

        var (_, accepted) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        var done = await Host.Http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);

        Assert.Equal("failed", done.GetProperty("jobStatus").GetString());
        var detail = done.GetProperty("detail").GetString()!;
        Assert.Contains("failed on our side", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(requestId, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("RequestId", detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(failure.ErrorCode!, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", detail, StringComparison.Ordinal);
        var (_, session) = await Host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        Assert.DoesNotContain(requestId, session.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(fixture.Logs.Lines, l => l.EventId.Id == 1209 && l.Message.Contains(requestId, StringComparison.Ordinal));
    }
}
