using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DataStoryBot.Core.Http;
using DataStoryBot.Tests.Infrastructure;

namespace DataStoryBot.Tests.Integration;

/// <summary>Malformed, oversized and odd requests to the JSON endpoints through the local host: each is a 4xx problem, never a 500.</summary>
[Collection(LocalHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HostileRequestTests(LocalHostFixture host) : IDisposable
{
    public void Dispose() => host.Engine.Dataset = null;

    [Theory]
    [InlineData("analyze")]
    [InlineData("refine")]
    public async Task Post_BodyOverTheJsonLimitByContentLength_Answers413ProblemWithoutStartingAJob(string action)
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(10));
        using var request = Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/{action}", s.Token);
        request.Content = new StringContent("{\"steering\":\"" + new string('a', JsonBody.MaxBytes) + "\"}", Encoding.UTF8, "application/json");

        var (response, body) = await host.Http.SendJsonAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("urn:datastorybot:problem:body-too-large", body.GetProperty("type").GetString());
        Assert.Contains("64 KB", body.GetProperty("detail").GetString());
        Assert.Equal(0, (await SessionAsync(s)).GetProperty("activeJobs").GetArrayLength());
    }

    [Fact]
    public async Task Analyze_ChunkedWhitespaceBodyOverTheJsonLimit_Answers413Problem()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(10));
        var endless = new SpacesStream(50L * 1024 * 1024);
        using var request = Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token);
        request.Content = new StreamContent(endless);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        var (response, body) = await host.Http.SendJsonAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("urn:datastorybot:problem:body-too-large", body.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("\"just a string\"")]
    [InlineData("null")]
    [InlineData("{\"steering\": 5}")]
    [InlineData("{\"steering\": \"a\", }")]
    [InlineData("\u0000\u0001\u0002")]
    public async Task Analyze_MalformedJson_Answers400InvalidJsonProblem(string json)
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(10));
        using var request = Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");

        var (response, body) = await host.Http.SendJsonAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:datastorybot:problem:invalid-json", body.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Analyze_DeeplyNestedJson_Answers400InvalidJsonProblem()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(10));
        using var request = Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token);
        request.Content = new StringContent("{\"steering\":" + new string('[', 5000) + new string(']', 5000) + "}", Encoding.UTF8, "application/json");

        var (response, body) = await host.Http.SendJsonAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:datastorybot:problem:invalid-json", body.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("not a media type")]
    public async Task Refine_BodyNotDeclaredAsJson_Answers415Problem(string contentType)
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(10));
        using var request = Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/refine", s.Token);
        request.Content = new ByteArrayContent("{\"title\":\"x\"}"u8.ToArray());
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var (response, body) = await host.Http.SendJsonAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("urn:datastorybot:problem:unsupported-media-type", body.GetProperty("type").GetString());
        Assert.Contains("application/json", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Analyze_JsonWithCharsetAndBom_IsAccepted()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(10));
        using var request = Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token);
        request.Content = new ByteArrayContent([.. Encoding.UTF8.Preamble, .. "{\"steering\":\"sales\"}"u8.ToArray()]);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

        var (response, _) = await host.Http.SendJsonAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(5000)]
    public async Task Analyze_IdempotencyKeyLongerThan200_Answers400ProblemAndStartsNothing(int length)
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(10));

        var (response, body) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }, new string('k', length)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:datastorybot:problem:invalid-idempotency-key", body.GetProperty("type").GetString());
        Assert.Contains($"{length} characters; at most 200", body.GetProperty("detail").GetString());
        Assert.Equal(0, (await SessionAsync(s)).GetProperty("activeJobs").GetArrayLength());
    }

    [Fact]
    public async Task Analyze_EmptyIdempotencyKey_Answers400Problem()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(10));
        using var request = Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { });
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "");

        var (response, body) = await host.Http.SendJsonAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:datastorybot:problem:invalid-idempotency-key", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Analyze_IdempotencyKeyOf200Characters_IsHonoured()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(10));
        var key = new string('k', 200);

        var (first, a) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }, key));
        var (second, b) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }, key));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(a.GetProperty("jobId").GetString(), b.GetProperty("jobId").GetString());
        Assert.Equal("duplicate", b.GetProperty("disposition").GetString());
    }

    public static TheoryData<string, string> OddRoutes()
    {
        var data = new TheoryData<string, string>();
        string[] ids = ["x", new string('a', 33), new string('a', 5000), "%00", "%FF%FE", "..%2F..%2Fetc%2Fpasswd", "%E2%80%AE", "a%20b", "%25%25", "'%3B--", "%7B%7D"];
        foreach (var id in ids)
        {
            data.Add("GET", $"/api/sessions/{id}");
            data.Add("DELETE", $"/api/sessions/{id}");
            data.Add("POST", $"/api/sessions/{id}/analyze");
            data.Add("POST", $"/api/sessions/{id}/refine");
            data.Add("GET", $"/api/jobs/{id}");
            data.Add("GET", $"/api/sessions/{id}/stories/{id}");
            data.Add("GET", $"/api/sessions/{id}/stories/{id}/charts/{id}");
            data.Add("GET", $"/api/sessions/{id}/charts/{id}");
            data.Add("GET", $"/api/sessions/{id}/stories/{id}/dataset");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OddRoutes))]
    public async Task Route_OddOrHostileIds_Answer4xxProblem(string method, string path)
    {
        using var request = Api.Request(new HttpMethod(method), path, "not-a-real-token", method == "POST" ? new { } : null);

        using var response = await host.Http.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        // Kestrel itself refuses a NUL in the path (400) or a request line over 8 KB (414), with an empty body, before any
        // handler runs; every answer the app writes is a problem.
        if ((await response.Content.ReadAsByteArrayAsync()).Length > 0)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        else
        {
            Assert.True(path.Contains("%00", StringComparison.Ordinal) || path.Length > 8000, $"{method} {path} answered {(int)response.StatusCode} with no problem body");
        }
    }

    [Fact]
    public async Task Routes_OddIdsForARealSessionsStoriesAndJobs_Answer404Problems()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(10));
        string[] paths =
        [
            $"/api/sessions/{s.SessionId}/stories/%01%7F",
            $"/api/sessions/{s.SessionId}/stories/{new string('z', 5000)}",
            $"/api/sessions/{s.SessionId}/stories/st1/charts/%FF",
            $"/api/sessions/{s.SessionId}/charts/..%2F..%2Foriginal",
            $"/api/sessions/{s.SessionId}/dataset",
            $"/api/jobs/{s.SessionId}-a-zzzzzzzzzzzzzzzz",
            $"/api/jobs/{s.SessionId}-a-{new string('0', 16)}",
        ];
        foreach (var path in paths)
        {
            using var response = await host.Http.SendAsync(Api.Request(HttpMethod.Get, path, s.Token));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer a b c d")]
    [InlineData("bearer \t")]
    public async Task GetSession_MalformedAuthorization_Answers404Problem(string authorization)
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(10));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{s.SessionId}");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/sessions/{sid}")]
    [InlineData("GET", "/api/sessions/nope")]
    [InlineData("POST", "/api/sessions/{sid}/analyze")]
    [InlineData("GET", "/api/health")]
    [InlineData("GET", "/api/openapi.yaml")]
    [InlineData("GET", "/api/no-such-route")]
    public async Task ApiAnswers_AnyStatus_CarrySecurityHeaders(string method, string path)
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(10));
        using var request = Api.Request(new HttpMethod(method), path.Replace("{sid}", s.SessionId), s.Token, method == "POST" ? new { } : null);

        using var response = await host.Http.SendAsync(request);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        if (path.StartsWith("/api/sessions", StringComparison.Ordinal))
        {
            Assert.Equal("no-store", Header(response, "Cache-Control"));
        }
    }

    [Fact]
    public async Task Page_KeepsItsOwnContentSecurityPolicy()
    {
        using var response = await host.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("default-src 'self'", Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task Artifacts_Downloads_AreAttachmentsChartsInlineAllNoStoreNoSniff()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(20), "Ventes été; 100%.csv");
        var (_, accepted) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        await host.Http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);
        var title = (await SessionAsync(s)).GetProperty("stories")[0].GetProperty("title").GetString();
        var (_, refine) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/refine", s.Token, new { title }));
        await host.Http.WaitForJobAsync(refine.GetProperty("statusUrl").GetString()!, s.Token);
        var story = (await SessionAsync(s)).GetProperty("refined")[0];

        foreach (var (url, inline, extension) in new[]
        {
            (story.GetProperty("charts")[0].GetProperty("url").GetString()!, true, ".png"),
            (story.GetProperty("datasetUrl").GetString()!, false, ".csv"),
            (story.GetProperty("narrativeUrl").GetString()!, false, ".md"),
        })
        {
            using var response = await host.Http.SendAsync(Api.Request(HttpMethod.Get, url, s.Token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var disposition = response.Content.Headers.ContentDisposition!;
            Assert.Equal(inline ? "inline" : "attachment", disposition.DispositionType);
            var raw = string.Join(",", response.Content.Headers.GetValues("Content-Disposition"));
            Assert.DoesNotContain("\r", raw);
            Assert.DoesNotContain("\n", raw);
            // filename* carries the UTF-8 name (RFC 5987); the plain filename is ASCII only.
            Assert.StartsWith("Ventes été", Uri.UnescapeDataString(disposition.FileNameStar!));
            Assert.EndsWith(extension, disposition.FileNameStar);
            Assert.All(disposition.FileName!, c => Assert.InRange(c, ' ', '~'));
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("no-store", Header(response, "Cache-Control"));
            Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        }
    }

    async Task<JsonElement> SessionAsync(Api.Uploaded s)
    {
        var (response, body) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var v) || response.Content.Headers.TryGetValues(name, out v) ? string.Join(",", v) : null;

    /// <summary>A stream of spaces (a body that is valid JSON whitespace however long it is).</summary>
    sealed class SpacesStream(long length) : Stream
    {
        public long Served { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - Served);
            buffer.AsSpan(offset, n).Fill((byte)' ');
            Served += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
