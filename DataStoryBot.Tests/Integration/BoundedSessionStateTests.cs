using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using DataStoryBot.Core.Storage;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DataStoryBot.Tests.Integration;

/// <summary>
/// Bounded state (issue 12): a session that is analyzed again and again, with every story refined, keeps one refinement
/// per current story in its row and only the current stories' artifacts in Blob storage.
/// </summary>
[Collection(LocalHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BoundedSessionStateTests(LocalHostFixture host)
{
    [Fact]
    public async Task RefineFiftyStories_InOneSession_RowAndBlobsStayBounded()
    {
        var s = await host.Http.UploadAsync(SampleCsv.Sales());
        var refinedTotal = 0;
        string? firstNarrative = null;
        for (var round = 0; refinedTotal < 50; round++)
        {
            var analyze = await Start($"/api/sessions/{s.SessionId}/analyze", s.Token, new { steering = $"round {round}" });
            Assert.Equal("succeeded", (await host.Http.WaitForJobAsync(analyze, s.Token)).GetProperty("status").GetString());
            var titles = (await GetSession(s)).GetProperty("stories").EnumerateArray().Select(st => st.GetProperty("title").GetString()!).ToList();
            Assert.Equal(3, titles.Count);
            Assert.All(titles, t => Assert.Contains($"round {round}", t, StringComparison.Ordinal));

            var refines = await Task.WhenAll(titles.Select(t => Start($"/api/sessions/{s.SessionId}/refine", s.Token, new { title = t })));
            foreach (var job in refines)
            {
                Assert.Equal("succeeded", (await host.Http.WaitForJobAsync(job, s.Token)).GetProperty("status").GetString());
            }
            refinedTotal += refines.Length;
            firstNarrative ??= (await GetSession(s)).GetProperty("refined")[0].GetProperty("narrativeUrl").GetString();
        }

        Assert.True(refinedTotal >= 50);
        var session = await GetSession(s);
        var current = session.GetProperty("stories").EnumerateArray().Select(st => st.GetProperty("storyId").GetString()!).ToHashSet();
        var refined = session.GetProperty("refined").EnumerateArray().ToList();
        Assert.Equal(3, refined.Count);
        Assert.All(refined, r => Assert.Contains(r.GetProperty("storyId").GetString()!, current));

        // Blob storage holds only the current stories' artifacts.
        var blobs = host.Services.GetRequiredService<BlobStore>();
        var storyBlobs = (await blobs.ListSessionBlobsAsync(s.SessionId, CancellationToken.None)).Where(b => b.Contains("/stories/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(storyBlobs);
        Assert.All(storyBlobs, b => Assert.Contains(b.Split("/stories/")[1].Split('/')[0], current));

        // The session row stays far below Azure Table's 64 KiB per property.
        var table = new TableServiceClient(AzuriteServer.ConnectionString).GetTableClient("sessions");
        var entity = (await table.GetEntityAsync<TableEntity>(s.SessionId, "session")).Value;
        foreach (var (key, value) in entity)
        {
            if (value is string text) Assert.True(text.Length < 16 * 1024, $"property {key} is {text.Length} characters");
        }

        // The first round's stories are gone for readers too.
        var (gone, _) = await host.Http.SendJsonAsync(new HttpRequestMessage(HttpMethod.Get, firstNarrative!) { Headers = { Authorization = new("Bearer", s.Token) } });
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    async Task<string> Start(string url, string token, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent(body) };
        request.Headers.Authorization = new("Bearer", token);
        var (response, accepted) = await host.Http.SendJsonAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return accepted.GetProperty("statusUrl").GetString()!;
    }

    async Task<JsonElement> GetSession(Api.Uploaded s)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{s.SessionId}");
        request.Headers.Authorization = new("Bearer", s.Token);
        var (response, body) = await host.Http.SendJsonAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }

    static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
