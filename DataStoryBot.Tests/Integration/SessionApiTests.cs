using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataStoryBot.Tests.Integration;

/// <summary>Upload, session access and deletion through the local host over Azurite.</summary>
[Collection(LocalHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SessionApiTests(LocalHostFixture host)
{
    [Fact]
    public async Task Upload_ValidCsv_StoresOriginalBlobAndSessionRow()
    {
        var csv = SampleCsv.Sales();
        var uploaded = await host.Http.UploadAsync(csv, "../../etc/sales.csv");

        var file = uploaded.Body.GetProperty("file");
        Assert.Equal("sales.csv", file.GetProperty("name").GetString());
        Assert.Equal(60, file.GetProperty("rowCount").GetInt64());
        Assert.Equal(",", file.GetProperty("delimiter").GetString());
        Assert.Equal(["date", "region", "sales", "units"], file.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));
        Assert.Equal(43, uploaded.Token.Length); // 256 bits, base64url

        var original = host.Blobs.GetBlobContainerClient("uploads").GetBlobClient($"{uploaded.SessionId}/original/sales.csv");
        Assert.Equal(csv, (await original.DownloadContentAsync()).Value.Content.ToString());
        var row = (await host.Tables.GetTableClient("sessions").GetEntityAsync<TableEntity>(uploaded.SessionId, "session")).Value;
        Assert.Equal($"uploads/{uploaded.SessionId}/original/sales.csv", row.GetString("OriginalBlob"));
        Assert.Equal("uploaded", row.GetString("Status"));
        Assert.DoesNotContain(uploaded.Token, JsonSerializer.Serialize(row));
        Assert.Equal(64, row.GetString("TokenHash").Length);
    }

    [Fact]
    public async Task Upload_RawTextCsvWithFileNameQuery_CreatesSession()
    {
        using var content = new StringContent(SampleCsv.Sales(10), System.Text.Encoding.UTF8, "text/csv");
        using var response = await host.Http.PostAsync("/api/upload?fileName=raw.csv", content);
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/sessions/{body.GetProperty("sessionId").GetString()}", response.Headers.Location!.ToString());
        Assert.Equal("raw.csv", body.GetProperty("file").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Upload_PngRenamedCsv_Answers415ProblemAndStoresNothing()
    {
        byte[] png = TestAnalysisEngine.Png(1, "x");
        using var content = new MultipartFormDataContent { { new ByteArrayContent(png), "file", "chart.csv" } };
        using var response = await host.Http.PostAsync("/api/upload", content);
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(415, body.GetProperty("status").GetInt32());
        Assert.StartsWith("urn:datastorybot:problem:", body.GetProperty("type").GetString());
        Assert.Contains("CSV", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_OverTheLimitByContentLength_Answers413WithoutReadingTheBody()
    {
        using var content = new StreamContent(new ZeroStream(50L * 1024 * 1024 + 1));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        content.Headers.ContentLength = 50L * 1024 * 1024 + 1;
        using var response = await host.Http.PostAsync("/api/upload?fileName=big.csv", content);
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("50 MB", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_ChunkedMultipartOverTheLimit_Answers413ProblemAfterReadingOnlyUpToTheLimit()
    {
        var source = new ZeroStream(50L * 1024 * 1024 + 1, pattern: "1,2\n"u8.ToArray());
        var file = new StreamContent(source);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var content = new MultipartFormDataContent { { file, "file", "big.csv" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/upload") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await host.Http.SendAsync(request);
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, body.GetProperty("status").GetInt32());
        Assert.Contains("50 MB", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/assets/app.js", "text/javascript")]
    [InlineData("/assets/app.css", "text/css")]
    [InlineData("/assets/interactive.js", "text/javascript")]
    [InlineData("/assets/interactive.css", "text/css")]
    [InlineData("/assets/vega.min.js", "text/javascript")]
    [InlineData("/assets/vega-lite.min.js", "text/javascript")]
    [InlineData("/assets/vega-interpreter.min.js", "text/javascript")]
    [InlineData("/assets/vega-embed.min.js", "text/javascript")]
    public async Task GetPage_EmbeddedAssets_AreServedWithAContentSecurityPolicy(string path, string mediaType)
    {
        using var response = await host.Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.True(text.Length > 100);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
    }

    [Fact]
    public async Task GetSession_DeleteHalfWayItsBlobsGone_Answers404NotAnError()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(12));
        var row = await host.Services.GetRequiredService<DataStoryBot.Core.Sessions.SessionStore>().GetAsync(s.SessionId, CancellationToken.None);
        await host.Services.GetRequiredService<DataStoryBot.Core.Storage.BlobStore>().DeleteSessionAsync(s.SessionId, CancellationToken.None);

        var (response, body) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));

        Assert.NotNull(row);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task GetPage_Index_CarriesTheConfiguredUploadLimit()
    {
        var limit = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DataStoryBot.Core.Configuration.DataStoryBotOptions>>().Value.MaxUploadBytes;

        var html = await host.Http.GetStringAsync("/");

        Assert.Contains($"<meta name=\"dsb-max-upload-bytes\" content=\"{limit}\">", html);
        Assert.DoesNotContain(DataStoryBot.Core.Http.SystemHandlers.MaxUploadPlaceholder, html);
    }

    [Theory]
    [InlineData("vega", "vega.min.js")]
    [InlineData("vega-embed", "vega-embed.min.js")]
    public async Task GetAsset_VendoredChartScript_ServedByteForByteAsTheNpmBuild(string package, string file)
    {
        var expected = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Root, "node_modules", package, "build", file));

        var served = await host.Http.GetByteArrayAsync($"/assets/{file}");

        Assert.Equal(expected.Length, served.Length);
        Assert.True(expected.AsSpan().SequenceEqual(served));
    }

    [Fact]
    public async Task GetAsset_PathTraversalOrUnknown_Answers404()
    {
        using var unknown = await host.Http.GetAsync("/assets/nope.js");
        using var dotted = await host.Http.GetAsync("/assets/..%2Fopenapi.yaml");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, dotted.StatusCode);
    }

    [Fact]
    public async Task GetSession_MissingWrongTokenOrUnknownSession_AllAnswerTheSame404()
    {
        var uploaded = await host.Http.UploadAsync(SampleCsv.Sales(5));

        var (noToken, noTokenBody) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{uploaded.SessionId}", null));
        var (wrong, wrongBody) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{uploaded.SessionId}", "not-the-token"));
        var (unknown, unknownBody) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, "/api/sessions/s0123456789abcdef0123456789abcdef", uploaded.Token));
        var (ok, okBody) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{uploaded.SessionId}", uploaded.Token));

        Assert.Equal(HttpStatusCode.NotFound, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(WithoutTraceId(noTokenBody), WithoutTraceId(wrongBody));
        Assert.Equal(WithoutTraceId(noTokenBody), WithoutTraceId(unknownBody));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("uploaded", okBody.GetProperty("status").GetString());
        Assert.Equal(5, okBody.GetProperty("file").GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task DeleteSession_WithToken_RemovesBlobsRowKeysAndContainer()
    {
        var uploaded = await host.Http.UploadAsync(SampleCsv.Sales(12));
        var (analyze, accepted) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{uploaded.SessionId}/analyze", uploaded.Token, new { }, "key-1"));
        Assert.Equal(HttpStatusCode.Accepted, analyze.StatusCode);
        await host.Http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, uploaded.Token);
        var session = (await host.Tables.GetTableClient("sessions").GetEntityAsync<TableEntity>(uploaded.SessionId, "session")).Value;
        var containerId = JsonSerializer.Deserialize<JsonElement>(session.GetString("Container")).GetProperty("containerId").GetString()!;
        Assert.True(host.Engine.IsLive(containerId));

        var (wrongToken, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Delete, $"/api/sessions/{uploaded.SessionId}", "wrong"));
        Assert.Equal(HttpStatusCode.NotFound, wrongToken.StatusCode);
        var (deleted, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Delete, $"/api/sessions/{uploaded.SessionId}", uploaded.Token));
        var (again, _) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Delete, $"/api/sessions/{uploaded.SessionId}", uploaded.Token));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.False(host.Engine.IsLive(containerId));
        foreach (var container in new[] { "uploads", "artifacts" })
        {
            var blobs = host.Blobs.GetBlobContainerClient(container).GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = uploaded.SessionId + "/" });
            Assert.Empty(await Api.CollectAsync(blobs));
        }

        Assert.False((await host.Tables.GetTableClient("sessions").GetEntityIfExistsAsync<TableEntity>(uploaded.SessionId, "session")).HasValue);
        Assert.Empty(await Api.CollectAsync(host.Tables.GetTableClient("idempotency").QueryAsync<TableEntity>(e => e.PartitionKey == uploaded.SessionId)));
    }

    static string WithoutTraceId(JsonElement problem) =>
        JsonSerializer.Serialize(problem.EnumerateObject().Where(p => p.Name != "traceId").ToDictionary(p => p.Name, p => p.Value.ToString()));

    /// <summary>A stream of a given length (zeros, or a repeated pattern) that is never buffered.</summary>
    sealed class ZeroStream(long length, byte[]? pattern = null) : Stream
    {
        long position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = pattern is null ? (byte)0 : pattern[(position + i) % pattern.Length];
            }

            position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
