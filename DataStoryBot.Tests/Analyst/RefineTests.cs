using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Engines;
using SkiaSharp;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

public class RefineTests
{
    private static async Task<(EngineFixture Fx, EngineContainer Container, EngineFile File, DiscoveryResult Discovery)> DiscoverAsync(string dataset)
    {
        var fx = new EngineFixture();
        var (container, file) = await fx.UploadAsync(VegaDataset(dataset));
        return (fx, container, file, await fx.DiscoverAsync(container, file));
    }

    [Theory]
    [InlineData("co2-concentration.csv")]
    [InlineData("seattle-weather.csv")]
    [InlineData("gapminder-health-income.csv")]
    [InlineData("iowa-electricity.csv")]
    [InlineData("birdstrikes.csv")]
    public async Task Refine_EachCandidate_WritesNarrativeAndDecodableCharts(string dataset)
    {
        var (fx, container, file, discovery) = await DiscoverAsync(dataset);
        using var _ = fx;
        foreach (var story in discovery.Candidates)
        {
            var result = await fx.RefineAsync(container, file, story);
            Assert.InRange(result.Charts.Count, 2, 4);
            foreach (var chart in result.Charts)
            {
                var png = await fx.DownloadAsync(container, chart.FileId);
                using var bitmap = SKBitmap.Decode(png);
                Assert.NotNull(bitmap);
                Assert.Equal(1200, bitmap.Width);
                Assert.Equal(700, bitmap.Height);
                Assert.True(DistinctColours(bitmap) > 20, $"{chart.FileName} looks blank");
            }
            var narrative = Encoding.UTF8.GetString(await fx.DownloadAsync(container, result.Narrative.FileId));
            Assert.StartsWith("# " + story.Title, narrative, StringComparison.Ordinal);
            Assert.True(narrative.Split("\n\n").Length >= 5, "narrative should have several paragraphs");
            Assert.Contains("## Caveats", narrative, StringComparison.Ordinal);
            AssertNumbersAreFacts(narrative, result.Facts);
        }
    }

    /// <summary>Every number in the narrative body appears in a fact's text (so it was formatted from a computed value).</summary>
    internal static void AssertNumbersAreFacts(string narrative, IReadOnlyList<NarrativeFact> facts)
    {
        var body = string.Join('\n', narrative.Split('\n').Skip(1));
        var factText = string.Join(" | ", facts.Select(f => f.Text));
        foreach (Match m in Regex.Matches(body, @"(?<![\p{L}_\d.,]|[\p{L}\d]-)\d+(?:,\d{3})*(?:\.\d+)?(?![\p{L}_\d])"))
        {
            Assert.True(factText.Contains(m.Value, StringComparison.Ordinal), $"Number '{m.Value}' in the narrative is not a recorded fact. Context: …{body.Substring(Math.Max(0, m.Index - 60), Math.Min(120, body.Length - Math.Max(0, m.Index - 60)))}…");
        }
        Assert.All(facts, f => Assert.False(string.IsNullOrWhiteSpace(f.Computation)));
    }

    [Fact]
    public async Task Refine_SameFileAndStoryTwice_ByteIdenticalOutputs()
    {
        var (fx, container, file, discovery) = await DiscoverAsync("seattle-weather.csv");
        using var _ = fx;
        using var fx2 = new EngineFixture();
        var (container2, file2) = await fx2.UploadAsync(VegaDataset("seattle-weather.csv"));
        var discovery2 = await fx2.DiscoverAsync(container2, file2);
        Assert.Equal(JsonSerializer.Serialize(discovery.Candidates), JsonSerializer.Serialize(discovery2.Candidates));
        foreach (var story in discovery.Candidates)
        {
            var a = await fx.RefineAsync(container, file, story);
            var b = await fx2.RefineAsync(container2, file2, story);
            Assert.Equal(JsonSerializer.Serialize(a.Facts), JsonSerializer.Serialize(b.Facts));
            Assert.Equal(await fx.DownloadAsync(container, a.Narrative.FileId), await fx2.DownloadAsync(container2, b.Narrative.FileId));
            Assert.Equal(a.Charts.Count, b.Charts.Count);
            for (var i = 0; i < a.Charts.Count; i++)
            {
                Assert.Equal(await fx.DownloadAsync(container, a.Charts[i].FileId), await fx2.DownloadAsync(container2, b.Charts[i].FileId));
            }
        }
    }

    [Fact]
    public async Task Refine_StoryWithTamperedNumbers_RecomputesFromData()
    {
        var (fx, container, file, discovery) = await DiscoverAsync("gapminder-health-income.csv");
        using var _ = fx;
        var story = discovery.Candidates.First(c => c.Evidence.InsightType == "correlation");
        var tampered = story with { Summary = "r = 0.99", Evidence = story.Evidence with { Statistic = 0.99, EffectSize = 0.99, N = 5 } };
        var honest = await fx.RefineAsync(container, file, story);
        var result = await fx.RefineAsync(container, file, tampered);
        Assert.Equal(JsonSerializer.Serialize(honest.Facts), JsonSerializer.Serialize(result.Facts));
        Assert.DoesNotContain(result.Facts, f => f.Text == "0.99");
    }

    [Fact]
    public async Task Refine_SubsetStory_WritesNeutralizedFilteredDataset()
    {
        // Two extreme rows: an outlier story of one lone value would only repeat the leader of the column.
        var csv = "name,score\n" + string.Join('\n', Enumerable.Range(0, 100).Select(i => i == 42 ? "=HYPERLINK(\"x\"),900" : i == 77 ? "row77,880" : $"row{i},{50 + i % 7}")) + "\n";
        using var fx = new EngineFixture();
        var (container, file) = await fx.UploadTextAsync(csv);
        var discovery = await fx.DiscoverAsync(container, file);
        var story = discovery.Candidates.First(c => c.Evidence.InsightType == "outliers");
        var result = await fx.RefineAsync(container, file, story);
        Assert.NotNull(result.Dataset);
        var text = Encoding.UTF8.GetString(await fx.DownloadAsync(container, result.Dataset!.FileId));
        Assert.Equal("name,score\r\n\"'=HYPERLINK(\"\"x\"\")\",900\r\nrow77,880\r\n", text);
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("-3.5", "-3.5")]
    [InlineData("-3,5", "-3,5")]
    [InlineData("-1,234.5", "-1,234.5")]
    [InlineData("-1.234,5", "-1.234,5")]
    [InlineData("+2e5", "+2e5")]
    [InlineData("-1-1", "'-1-1")]
    [InlineData("-1,2)", "'-1,2)")]
    [InlineData("plain", "plain")]
    public void Neutralize_FormulaLikeCells_Prefixed(string cell, string expected)
    {
        Assert.Equal(expected, DatasetWriter.Neutralize(cell));
    }

    [Fact]
    public async Task Discover_AboveSampleThreshold_SamplesEvenlyAndSaysSo()
    {
        var csv = "t,v\n" + string.Join('\n', Enumerable.Range(0, 1000).Select(i => $"{i},{i * 2}")) + "\n";
        using var fx = new EngineFixture(sampleThreshold: 100);
        var (container, file) = await fx.UploadTextAsync(csv);
        var result = await fx.DiscoverAsync(container, file);
        Assert.True(result.Provenance.Sampling.Sampled);
        Assert.Equal(1000, result.Provenance.Sampling.TotalRows);
        Assert.Equal(100, result.Provenance.Sampling.RowsUsed);
        Assert.Contains("evenly spaced", result.Provenance.Sampling.Method, StringComparison.Ordinal);
        Assert.Equal(3, result.Candidates.Count);
        var refined = await fx.RefineAsync(container, file, result.Candidates[0]);
        var narrative = Encoding.UTF8.GetString(await fx.DownloadAsync(container, refined.Narrative.FileId));
        Assert.Contains("evenly spaced systematic sample of 100 rows", narrative, StringComparison.Ordinal);
        AssertNumbersAreFacts(narrative, refined.Facts);
    }

    [Fact]
    public async Task Discover_ThreeRowFile_ReturnsThreeHonestDescriptiveCandidates()
    {
        using var fx = new EngineFixture();
        var (container, file) = await fx.UploadTextAsync("city,temp\nOslo,3\nRome,18\nCairo,27\n");
        var result = await fx.DiscoverAsync(container, file);
        Assert.Equal(3, result.Candidates.Count);
        Assert.All(result.Candidates, c => Assert.Equal("descriptive", c.Evidence.InsightType));
        Assert.All(result.Candidates, c => Assert.Null(c.Evidence.PValue));
        var refined = await fx.RefineAsync(container, file, result.Candidates[0]);
        Assert.InRange(refined.Charts.Count, 2, 4);
    }

    internal static int DistinctColours(SKBitmap bitmap)
    {
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 3)
            for (var x = 0; x < bitmap.Width; x += 3)
                colours.Add((uint)bitmap.GetPixel(x, y));
        return colours.Count;
    }
}
