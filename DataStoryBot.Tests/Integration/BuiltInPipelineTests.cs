using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using DataStoryBot.Tests.Infrastructure;

namespace DataStoryBot.Tests.Integration;

/// <summary>The local host with its default engine, the built-in analyst, on a real dataset.</summary>
public sealed class BuiltInLocalHostFixture : TestHost
{
    protected override Task<TestHostOptions> OptionsAsync() => Task.FromResult(new TestHostOptions { ConfiguredEngine = true });
}

[Trait("Category", "Integration")]
public sealed class BuiltInPipelineTests(BuiltInLocalHostFixture host) : IClassFixture<BuiltInLocalHostFixture>
{
    static readonly string[] Columns = ["date", "precipitation", "temp_max", "temp_min", "wind", "weather"];

    [Fact]
    public async Task AnalyzeThenRefine_SeattleWeather_TellsAStoryAboutRealColumnsAndIsReproducible()
    {
        var csv = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "node_modules", "vega-datasets", "data", "seattle-weather.csv"));

        var first = await RunAsync(csv);
        var second = await RunAsync(csv);

        Assert.Equal(3, first.Stories.Count);
        // Titles and narratives name real columns, as words ("temp max" for temp_max).
        Assert.All(first.Stories, s => Assert.Contains(Columns, c => s.Contains(Core.Analyst.Stories.Words.Human(c), StringComparison.OrdinalIgnoreCase)));
        Assert.Contains(Columns, c => first.Narrative.Contains(Core.Analyst.Stories.Words.Human(c), StringComparison.OrdinalIgnoreCase));
        Assert.True(first.Narrative.Split("\n\n").Length >= 3, "the narrative has several paragraphs");
        Assert.InRange(first.Charts.Count, 2, 4);
        foreach (var png in first.Charts)
        {
            var (width, height) = PngSize(png);
            Assert.Equal((1200, 700), (width, height));
            Assert.True(png.Length > 10_000, "a chart with content, not an empty canvas");
        }

        // Same file, same request, new session: the built-in analyst is deterministic.
        Assert.Equal(first.Stories, second.Stories);
        Assert.Equal(first.Narrative, second.Narrative);
        Assert.Equal(first.Charts.Select(Hash), second.Charts.Select(Hash));
    }

    [Fact]
    public async Task Refine_SeattleWeather_EveryChartHasAltTextDataCsvAndVegaLiteSpec()
    {
        var csv = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "node_modules", "vega-datasets", "data", "seattle-weather.csv"));
        var s = await host.Http.UploadAsync(csv, "seattle-weather.csv");
        var (_, analyze) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        await host.Http.WaitForJobAsync(analyze.GetProperty("statusUrl").GetString()!, s.Token);
        var (_, session) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        var title = session.GetProperty("stories")[0].GetProperty("title").GetString();
        var (_, refine) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/refine", s.Token, new { title }));
        Assert.Equal("succeeded", (await host.Http.WaitForJobAsync(refine.GetProperty("statusUrl").GetString()!, s.Token)).GetProperty("status").GetString());
        (_, session) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        var charts = session.GetProperty("refined")[0].GetProperty("charts").EnumerateArray().ToList();
        Assert.InRange(charts.Count, 2, 4);

        foreach (var chart in charts)
        {
            var alt = chart.GetProperty("alt").GetString()!;
            Assert.Matches("^(Line chart|Bar chart|Pareto chart|Scatter plot|Histogram|Box plot) of ", alt);
            Assert.NotEqual(chart.GetProperty("title").GetString(), alt);

            using var dataResponse = await host.Http.SendAsync(Api.Request(HttpMethod.Get, chart.GetProperty("dataUrl").GetString()!, s.Token));
            Assert.Equal(HttpStatusCode.OK, dataResponse.StatusCode);
            Assert.Equal("text/csv", dataResponse.Content.Headers.ContentType!.MediaType);
            Assert.Equal("attachment", dataResponse.Content.Headers.ContentDisposition!.DispositionType);
            var lines = (await dataResponse.Content.ReadAsStringAsync()).TrimEnd().Split("\r\n");
            Assert.True(lines.Length >= 3, $"a header and the plotted rows: {lines.Length} lines");
            Assert.All(lines.Skip(1), l => Assert.DoesNotMatch("^[=@]", l));

            var spec = System.Text.Json.Nodes.JsonNode.Parse(await Bytes(chart.GetProperty("specUrl").GetString()!, s.Token))!.AsObject();
            Analyst.VegaLiteStructure.AssertValid(spec);
            Assert.Equal(lines.Length - 1, spec["data"]!["values"]!.AsArray().Count);
            Assert.Equal(alt, spec["description"]!.GetValue<string>());
        }

        // The short form serves the latest story's; an unknown chart is a problem with a useful detail.
        Assert.Equal(await Bytes(charts[0].GetProperty("dataUrl").GetString()!, s.Token), await Bytes($"/api/sessions/{s.SessionId}/charts/chart-1/data", s.Token));
        Assert.Equal(await Bytes(charts[0].GetProperty("specUrl").GetString()!, s.Token), await Bytes($"/api/sessions/{s.SessionId}/charts/chart-1/spec", s.Token));
        using var missing = await host.Http.SendAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}/charts/chart-9/data", s.Token));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no chart data", await missing.Content.ReadAsStringAsync());
    }

    sealed record Story(IReadOnlyList<string> Stories, string Narrative, IReadOnlyList<byte[]> Charts);

    async Task<Story> RunAsync(string csv)
    {
        var s = await host.Http.UploadAsync(csv, "seattle-weather.csv");
        var (_, analyze) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        Assert.Equal("succeeded", (await host.Http.WaitForJobAsync(analyze.GetProperty("statusUrl").GetString()!, s.Token)).GetProperty("status").GetString());
        var (_, session) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        var stories = session.GetProperty("stories").EnumerateArray().Select(x => x.GetProperty("title").GetString() + " | " + x.GetProperty("summary").GetString()).ToList();

        var title = session.GetProperty("stories")[0].GetProperty("title").GetString();
        var (_, refine) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/refine", s.Token, new { title }));
        Assert.Equal("succeeded", (await host.Http.WaitForJobAsync(refine.GetProperty("statusUrl").GetString()!, s.Token)).GetProperty("status").GetString());
        (_, session) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        var refined = session.GetProperty("refined")[0];
        var narrative = System.Text.Encoding.UTF8.GetString(await Bytes(refined.GetProperty("narrativeUrl").GetString()!, s.Token));
        var charts = new List<byte[]>();
        foreach (var chart in refined.GetProperty("charts").EnumerateArray())
        {
            charts.Add(await Bytes(chart.GetProperty("url").GetString()!, s.Token));
        }

        return new Story(stories, narrative, charts);
    }

    async Task<byte[]> Bytes(string url, string token)
    {
        using var response = await host.Http.SendAsync(Api.Request(HttpMethod.Get, url, token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
