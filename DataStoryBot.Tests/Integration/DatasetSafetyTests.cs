using System.Net;
using System.Text;
using DataStoryBot.Tests.Fakes;
using DataStoryBot.Tests.Infrastructure;

namespace DataStoryBot.Tests.Integration;

/// <summary>
/// Formula-like cells in a refined story's dataset are neutralised when it is saved, whichever engine wrote it: the
/// OpenAI engine's data.csv (copied as the model wrote it) gets the built-in analyst's treatment.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DatasetSafetyTests(OpenAILocalHostFixture host) : IClassFixture<OpenAILocalHostFixture>
{
    /// <summary>Cells a spreadsheet would run: the fake model copies the first rows of the file into data.csv as they are.</summary>
    static string HostileCsv()
    {
        var sb = new StringBuilder("date,region,sales,units\n");
        string[] regions = ["\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"", "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3", "north"];
        for (var i = 0; i < 40; i++)
        {
            sb.Append($"2026-01-{i % 28 + 1:00},{regions[i % regions.Length]},{100 + i * 7 % 13},{i % 9 - 4}\n");
        }

        return sb.ToString();
    }

    [Fact]
    public async Task Refine_OpenAIEngineDatasetWithFormulaCells_IsStoredNeutralised()
    {
        host.Fake.DefaultBehaviour = FakeModel.Auto();
        var s = await host.Http.UploadAsync(HostileCsv(), "hostile.csv");
        await OpenAIPipeline.StartAndWaitAsync(host.Http, s, "analyze", null);
        var title = (await OpenAIPipeline.GetSessionAsync(host.Http, s)).GetProperty("stories")[0].GetProperty("title").GetString();

        var refined = await OpenAIPipeline.StartAndWaitAsync(host.Http, s, "refine", new { title });
        var url = (await OpenAIPipeline.GetSessionAsync(host.Http, s)).GetProperty("refined")[0].GetProperty("datasetUrl").GetString()!;
        using var response = await host.Http.SendAsync(Api.Request(HttpMethod.Get, url, s.Token));
        var dataset = await response.Content.ReadAsStringAsync();

        Assert.Equal("succeeded", refined.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"'=HYPERLINK(", dataset);
        Assert.Contains(",'@SUM(A1:A9),", dataset);
        Assert.Contains(",'+cmd|", dataset);
        Assert.Contains(",'-2+3,", dataset);
        Assert.Contains(",north,", dataset);
        // Signed numbers stay numbers.
        Assert.Contains(",-4\n", dataset.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.DoesNotContain(",'-4", dataset);
    }
}
