using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DataStoryBot.Core.Workbooks;
using DataStoryBot.Tests.Infrastructure;
using DataStoryBot.Tests.Workbooks;

namespace DataStoryBot.Tests.Integration;

/// <summary>
/// Issue 23 over HTTP: the whole hostile corpus (<see cref="HostileWorkbooks"/>) sent to the local host (in this
/// process, over Azurite), one upload after the other: each answered with its status, a problem or a 201 that stays
/// small, memory bounded; then the same host still serves a normal upload, analysis and refinement.
/// </summary>
[Collection(HostileCorpusCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HostileUploadCorpusTests(BuiltInLocalHostFixture host) : IClassFixture<BuiltInLocalHostFixture>
{
    const int MaxAnswerChars = 1024 * 1024;

    [Fact]
    public async Task Upload_WholeHostileCorpusThenANormalFile_EachAnsweredAndTheHostStillAnalyzes()
    {
        foreach (var hostile in HostileWorkbooks.All)
        {
            byte[] bytes = hostile.Bytes();
            var memory = PeakMemory.Start();
            var clock = Stopwatch.StartNew();
            bool workbook = UploadSniffer.Detect(bytes) != UploadKind.Text;
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(workbook ? WorkbookUpload.SpreadsheetContentType : "text/csv");
            string query = "?fileName=" + (workbook ? "hostile.xlsx" : "hostile.csv") + (hostile.Sheet is { } sheet ? "&sheet=" + Uri.EscapeDataString(sheet) : "");

            using var response = await host.Http.PostAsync("/api/upload" + query, content);
            string body = await response.Content.ReadAsStringAsync();

            clock.Stop();
            long grewBy = memory.GrowthBytes();
            Assert.True((int)response.StatusCode == hostile.Status, $"{hostile.Name}: {(int)response.StatusCode} {Excerpt(body)}");
            // Bounded by the column limit times the name cap (a profile of 2,000 columns is a few hundred KB), never by the file.
            Assert.True(body.Length < MaxAnswerChars, $"{hostile.Name}: the answer has {body.Length:N0} characters");
            using var json = JsonDocument.Parse(body);
            if (hostile.ProblemType is { } type)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
                Assert.Equal("urn:datastorybot:problem:" + type, json.RootElement.GetProperty("type").GetString());
                Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("detail").GetString()));
            }
            else
            {
                // What the session stores comes back on every GET: as small as the answer.
                var root = json.RootElement;
                using var session = await host.Http.SendAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{root.GetProperty("sessionId").GetString()}",
                    root.GetProperty("sessionToken").GetString()));
                string stored = await session.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.OK, session.StatusCode);
                Assert.True(stored.Length < MaxAnswerChars, $"{hostile.Name}: the session has {stored.Length:N0} characters");
            }

            // Over HTTP the time includes staging the upload in Azurite on a shared machine; HostileCorpusTests holds the parser to 2 s of CPU.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{hostile.Name}: took {clock.Elapsed.TotalMilliseconds:N0} ms");
            Assert.True(grewBy < 256L * 1024 * 1024, $"{hostile.Name}: peak memory grew by {grewBy / 1048576.0:N0} MB");
        }

        var csv = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "node_modules", "vega-datasets", "data", "seattle-weather.csv"));
        var s = await host.Http.UploadAsync(csv, "seattle-weather.csv");
        var (_, analyze) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        Assert.Equal("succeeded", (await host.Http.WaitForJobAsync(analyze.GetProperty("statusUrl").GetString()!, s.Token)).GetProperty("status").GetString());
        var (_, stories) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        var title = stories.GetProperty("stories")[0].GetProperty("title").GetString();
        var (_, refine) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/refine", s.Token, new { title }));
        Assert.Equal("succeeded", (await host.Http.WaitForJobAsync(refine.GetProperty("statusUrl").GetString()!, s.Token)).GetProperty("status").GetString());
        var (_, refined) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        Assert.True(refined.GetProperty("refined")[0].GetProperty("charts").GetArrayLength() >= 2, "the refined story has charts");
    }

    static string Excerpt(string body) => body.Length <= 400 ? body : body[..400] + "…";
}
