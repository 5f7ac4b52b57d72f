using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using DataStoryBot.Core.Engines;
using DataStoryBot.Tests.Infrastructure;

namespace DataStoryBot.Tests.Integration;

/// <summary>Analyze and refine through the local host, the durable backend over Azurite, and the test engine.</summary>
[Collection(LocalHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PipelineTests(LocalHostFixture host) : IDisposable
{
    public void Dispose()
    {
        host.Engine.OnDiscover = null;
        host.Engine.OnRefine = null;
    }

    [Fact]
    public async Task AnalyzeThenRefine_FullFlow_StoriesAndByteIdenticalArtifacts()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales());

        var (analyze, accepted) = await Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { steering = "sales by region", unknownField = 1 });
        Assert.Equal(HttpStatusCode.Accepted, analyze.StatusCode);
        var statusUrl = accepted.GetProperty("statusUrl").GetString()!;
        Assert.Equal(statusUrl, analyze.Headers.Location!.ToString());
        Assert.NotNull(analyze.Headers.RetryAfter);
        Assert.DoesNotContain("webhooks", statusUrl);
        var done = await host.Http.WaitForJobAsync(statusUrl, s.Token);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());

        var session = await GetSession(s);
        var stories = session.GetProperty("stories").EnumerateArray().ToList();
        Assert.Equal(3, stories.Count);
        Assert.All(stories, st => Assert.Contains(st.GetProperty("evidence").GetProperty("columns")[0].GetString(), new[] { "date", "region", "sales", "units" }));
        Assert.Equal("analyzed", session.GetProperty("status").GetString());
        // The finished job carries its result: the same three stories the session now holds.
        Assert.Equal(stories.Select(st => st.GetProperty("storyId").GetString()),
            done.GetProperty("result").GetProperty("stories").EnumerateArray().Select(st => st.GetProperty("storyId").GetString()));

        var title = stories[1].GetProperty("title").GetString()!;
        RefineRequest? seen = null;
        host.Engine.OnRefine = r => { seen = r; return Task.CompletedTask; };
        var (refine, refineAccepted) = await Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/refine", s.Token, new { title });
        Assert.Equal(HttpStatusCode.Accepted, refine.StatusCode);
        var refined = await host.Http.WaitForJobAsync(refineAccepted.GetProperty("statusUrl").GetString()!, s.Token);
        Assert.Equal("succeeded", refined.GetProperty("status").GetString());
        var refinedResult = refined.GetProperty("result").GetProperty("story");
        Assert.Equal(title, refinedResult.GetProperty("story").GetProperty("title").GetString());
        Assert.Equal(refined.GetProperty("jobId").GetString(), refinedResult.GetProperty("refined").GetProperty("jobId").GetString());
        Assert.InRange(refinedResult.GetProperty("refined").GetProperty("charts").GetArrayLength(), 2, 4);
        // The engine is told the session's other two stories, so a narrative does not retell them.
        Assert.Equal(stories.Select(st => st.GetProperty("title").GetString()).Where(t => t != title).Order(), seen!.Siblings!.Select(c => c.Title).Order());

        session = await GetSession(s);
        var story = session.GetProperty("refined").EnumerateArray().Single();
        Assert.Equal(title, story.GetProperty("title").GetString());
        var containerFiles = host.Engine.ContainerIds.SelectMany(host.Engine.FilesOf).Select(f => Convert.ToHexStringLower(SHA256.HashData(f.Value))).ToHashSet();
        var charts = story.GetProperty("charts").EnumerateArray().ToList();
        Assert.Equal(2, charts.Count);
        foreach (var chart in charts)
        {
            var bytes = await GetBytes(chart.GetProperty("url").GetString()!, s.Token, "image/png");
            Assert.True(bytes.AsSpan().StartsWith(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
            Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(bytes)), containerFiles);
            Assert.Equal(chart.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
            // An engine that gives no description, data or spec: the title is the alt text, and there are no data or spec URLs.
            Assert.Equal(chart.GetProperty("title").GetString(), chart.GetProperty("alt").GetString());
            Assert.Equal(JsonValueKind.Null, chart.GetProperty("dataUrl").ValueKind);
            Assert.Equal(JsonValueKind.Null, chart.GetProperty("specUrl").ValueKind);
        }
        var (noData, noDataProblem) = await Send(HttpMethod.Get, charts[0].GetProperty("url").GetString()! + "/data", s.Token, null);
        Assert.Equal(HttpStatusCode.NotFound, noData.StatusCode);
        Assert.Contains("no chart data", noDataProblem.GetProperty("detail").GetString());

        var narrative = await GetBytes(story.GetProperty("narrativeUrl").GetString()!, s.Token, "text/markdown");
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(narrative)), containerFiles);
        var dataset = await GetBytes(story.GetProperty("datasetUrl").GetString()!, s.Token, "text/csv");
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(dataset)), containerFiles);
        var shortChart = await GetBytes($"/api/sessions/{s.SessionId}/charts/chart-1", s.Token, "image/png");
        Assert.Equal(await GetBytes(charts[0].GetProperty("url").GetString()!, s.Token, "image/png"), shortChart);
        var (noToken, _) = await Send(HttpMethod.Get, charts[0].GetProperty("url").GetString()!, null, null);
        Assert.Equal(HttpStatusCode.NotFound, noToken.StatusCode);
    }

    [Fact]
    public async Task Analyze_SameIdempotencyKeySequentialAndConcurrent_StartsOneOrchestration()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(20));
        var before = host.Engine.DiscoverCalls;
        var gate = new TaskCompletionSource();
        host.Engine.OnDiscover = r => r.SessionId == s.SessionId ? gate.Task : Task.CompletedTask;

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }, "same-key")));
        var later = await Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }, "same-key");
        gate.SetResult();

        var jobIds = concurrent.Append(later).Select(r => r.Body.GetProperty("jobId").GetString()).Distinct().ToList();
        Assert.Single(jobIds);
        Assert.All(concurrent.Append(later), r => Assert.Equal(HttpStatusCode.Accepted, r.Response.StatusCode));
        await host.Http.WaitForJobAsync($"/api/jobs/{jobIds[0]}", s.Token);
        Assert.Equal(1, host.Engine.DiscoverCalls - before);
        var (afterDone, again) = await Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }, "same-key");
        Assert.Equal(jobIds[0], again.GetProperty("jobId").GetString());
        Assert.Equal("duplicate", again.GetProperty("disposition").GetString());
        var (conflict, problem) = await Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { steering = "other" }, "same-key");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
        Assert.Contains("Idempotency-Key", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Analyze_WhileOneIsRunningWithoutKey_ReturnsTheRunningJob()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(20));
        var gate = new TaskCompletionSource();
        host.Engine.OnDiscover = r => r.SessionId == s.SessionId ? gate.Task : Task.CompletedTask;

        var first = await Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, null);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, null)));
        gate.SetResult();

        Assert.All(concurrent, r => Assert.Equal(first.Body.GetProperty("jobId").GetString(), r.Body.GetProperty("jobId").GetString()));
        Assert.All(concurrent, r => Assert.Equal("already-running", r.Body.GetProperty("disposition").GetString()));
        await host.Http.WaitForJobAsync(first.Body.GetProperty("statusUrl").GetString()!, s.Token);
    }

    [Fact]
    public async Task Analyze_NewKeyWhileOneIsRunning_KeyNamesTheRunningJobOnRetry()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(20));
        var gate = new TaskCompletionSource();
        host.Engine.OnDiscover = r => r.SessionId == s.SessionId ? gate.Task : Task.CompletedTask;

        var first = await Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }, "key-first");
        var second = await Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }, "key-second");
        var retried = await Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }, "key-second");
        gate.SetResult();

        var running = first.Body.GetProperty("jobId").GetString();
        Assert.Equal("already-running", second.Body.GetProperty("disposition").GetString());
        Assert.Equal(running, second.Body.GetProperty("jobId").GetString());
        Assert.Equal(running, retried.Body.GetProperty("jobId").GetString());
        var done = await host.Http.WaitForJobAsync(retried.Body.GetProperty("statusUrl").GetString()!, s.Token);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SessionAndJob_EveryReadLinkTheyHandOut_Resolves()
    {
        var s = await AnalyzedSessionAsync();
        var title = await FirstTitle(s);
        var job = await RefineAsync(s, title);
        var session = await GetSession(s);

        // Every URL a client is given to GET: story urls, artifact urls, and the job's and session's own links.
        var urls = new List<string>();
        void Collect(JsonElement e, string? name)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        Collect(p.Value, p.Name);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Collect(item, name);
                    }

                    break;
                case JsonValueKind.String when name is not null && (name == "url" || name.EndsWith("Url", StringComparison.Ordinal) || name is "self" or "session" or "story"):
                    urls.Add(e.GetString()!);
                    break;
            }
        }

        Collect(session, null);
        Collect(job, null);
        Assert.Contains(urls, u => u.EndsWith("/stories/" + session.GetProperty("stories")[0].GetProperty("storyId").GetString(), StringComparison.Ordinal));
        Assert.True(urls.Count >= 10, string.Join(", ", urls));
        foreach (var url in urls.Distinct())
        {
            using var response = await host.Http.SendAsync(Api.Request(HttpMethod.Get, url, s.Token));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        }

        var (_, story) = await Send(HttpMethod.Get, session.GetProperty("stories")[0].GetProperty("url").GetString()!, s.Token, null);
        Assert.Equal(title, story.GetProperty("story").GetProperty("title").GetString());
        Assert.Equal(job.GetProperty("jobId").GetString(), story.GetProperty("refined").GetProperty("jobId").GetString());
        var (missing, _) = await Send(HttpMethod.Get, $"/api/sessions/{s.SessionId}/stories/nope", s.Token, null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Refine_ContainerExpiredBetweenPhases_RecoversTransparently()
    {
        var s = await AnalyzedSessionAsync();
        var containerId = await ContainerOf(s);
        var uploadsBefore = host.Engine.Uploads;
        host.Engine.Expire(containerId);

        var job = await RefineAsync(s, await FirstTitle(s));

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(1, job.GetProperty("containerRecoveries").GetInt32());
        Assert.Equal(uploadsBefore + 1, host.Engine.Uploads);
        Assert.NotEqual(containerId, await ContainerOf(s));
        Assert.Single((await GetSession(s)).GetProperty("refined").EnumerateArray());
    }

    [Fact]
    public async Task Refine_ContainerDiesInTheMiddleOfRefine_RecoversAndSavesCharts()
    {
        var s = await AnalyzedSessionAsync();
        var killed = 0;
        host.Engine.OnRefine = r =>
        {
            if (r.SessionId == s.SessionId && Interlocked.Increment(ref killed) == 1)
            {
                host.Engine.Expire(r.ContainerId);
            }

            return Task.CompletedTask;
        };

        var job = await RefineAsync(s, await FirstTitle(s));

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(1, job.GetProperty("containerRecoveries").GetInt32());
        var refined = (await GetSession(s)).GetProperty("refined").EnumerateArray().Single();
        Assert.Equal(2, refined.GetProperty("charts").GetArrayLength());
    }

    [Fact]
    public async Task Refine_ContainerExpiresTwice_SurfacesAProblemAndKeepsTheStories()
    {
        var s = await AnalyzedSessionAsync();
        host.Engine.OnRefine = r =>
        {
            if (r.SessionId == s.SessionId)
            {
                host.Engine.Expire(r.ContainerId);
            }

            return Task.CompletedTask;
        };

        var job = await RefineAsync(s, await FirstTitle(s));

        Assert.Equal("failed", job.GetProperty("jobStatus").GetString());
        Assert.Equal("urn:datastorybot:problem:container-expired", job.GetProperty("type").GetString());
        Assert.Equal(503, job.GetProperty("status").GetInt32());
        Assert.Single(job.EnumerateObject(), p => p.Name == "status");
        Assert.Contains("expired", job.GetProperty("detail").GetString());
        var session = await GetSession(s);
        Assert.Equal(3, session.GetProperty("stories").GetArrayLength());
        Assert.True(session.GetProperty("lastErrors").EnumerateObject().Any());

        host.Engine.OnRefine = null;
        var retry = await RefineAsync(s, await FirstTitle(s));
        Assert.Equal("succeeded", retry.GetProperty("status").GetString());
        Assert.False((await GetSession(s)).GetProperty("lastErrors").EnumerateObject().Any());
    }

    [Fact]
    public async Task Refine_EngineRejectsTheStory_DiscoveryStaysUsableForAnotherStory()
    {
        var s = await AnalyzedSessionAsync();
        var titles = (await GetSession(s)).GetProperty("stories").EnumerateArray().Select(x => x.GetProperty("title").GetString()!).ToList();
        host.Engine.OnRefine = r => r.SessionId == s.SessionId && r.Story.Title == titles[0]
            ? throw new EngineException(EngineFailureKind.Unanalyzable, "This story needs a numeric column.")
            : Task.CompletedTask;

        var failed = await RefineAsync(s, titles[0]);
        var other = await RefineAsync(s, titles[2]);

        Assert.Equal("failed", failed.GetProperty("jobStatus").GetString());
        Assert.Equal("urn:datastorybot:problem:data-not-analyzable", failed.GetProperty("type").GetString());
        Assert.Equal("This story needs a numeric column.", failed.GetProperty("detail").GetString());
        Assert.Equal("succeeded", other.GetProperty("status").GetString());
        Assert.Equal(titles[2], (await GetSession(s)).GetProperty("refined").EnumerateArray().Single().GetProperty("title").GetString());
    }

    [Fact]
    public async Task Refine_UnknownTitleOrNoDiscovery_AnswersClearProblems()
    {
        var fresh = await host.Http.UploadAsync(SampleCsv.Sales(8));
        var (noDiscovery, noDiscoveryBody) = await Send(HttpMethod.Post, $"/api/sessions/{fresh.SessionId}/refine", fresh.Token, new { title = "anything" });
        Assert.Equal(HttpStatusCode.Conflict, noDiscovery.StatusCode);
        Assert.Contains("analyze", noDiscoveryBody.GetProperty("detail").GetString());

        var s = await AnalyzedSessionAsync();
        var (unknown, body) = await Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/refine", s.Token, new { title = "Not a discovered title" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains(await FirstTitle(s), body.GetProperty("detail").GetString());
    }

    async Task<Api.Uploaded> AnalyzedSessionAsync()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales(30));
        var (_, accepted) = await Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, null);
        var done = await host.Http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        return s;
    }

    async Task<JsonElement> RefineAsync(Api.Uploaded s, string title)
    {
        var (response, accepted) = await Send(HttpMethod.Post, $"/api/sessions/{s.SessionId}/refine", s.Token, new { title });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await host.Http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);
    }

    async Task<string> FirstTitle(Api.Uploaded s) => (await GetSession(s)).GetProperty("stories")[0].GetProperty("title").GetString()!;

    async Task<string> ContainerOf(Api.Uploaded s)
    {
        var row = (await host.Tables.GetTableClient("sessions").GetEntityAsync<Azure.Data.Tables.TableEntity>(s.SessionId, "session")).Value;
        return JsonSerializer.Deserialize<JsonElement>(row.GetString("Container")).GetProperty("containerId").GetString()!;
    }

    async Task<JsonElement> GetSession(Api.Uploaded s)
    {
        var (response, body) = await Send(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }

    async Task<byte[]> GetBytes(string url, string token, string mediaType)
    {
        using var response = await host.Http.SendAsync(Api.Request(HttpMethod.Get, url, token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    Task<(HttpResponseMessage Response, JsonElement Body)> Send(HttpMethod method, string url, string? token, object? json, string? key = null) =>
        host.Http.SendJsonAsync(Api.Request(method, url, token, json, key));
}
