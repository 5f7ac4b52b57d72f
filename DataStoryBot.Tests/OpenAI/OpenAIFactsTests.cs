using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DataStoryBot.Core.Engines;
using DataStoryBot.Tests.Fakes;

namespace DataStoryBot.Tests.OpenAI;

/// <summary>The numbers an OpenAI narrative states, traced to the computations the model ran (its facts.json).</summary>
public sealed class OpenAIFactsTests
{
    [Fact]
    public async Task RefineAsync_ModelSavesItsFacts_EachStatedNumberComesWithItsComputation()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.Refine());

        var (result, narrative) = await RefineAsync(h);

        // Independently computed from the test file: 60 rows, and the mean of temp_max.
        var rows = TestCsv.Weather.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var meanTemp = Math.Round(rows.Select(r => double.Parse(r.Split(',')[1], CultureInfo.InvariantCulture)).Average(), 2);
        Assert.Equal(2, result.Facts.Count);
        Assert.Equal(rows.Count, result.Facts[0].Value);
        Assert.Equal(meanTemp, result.Facts[1].Value);
        Assert.Equal(["temp_max"], result.Facts[1].Columns);
        Assert.Contains("mean()", result.Facts[1].Computation);
        Assert.All(result.Facts, f => Assert.Contains(f.Text, narrative));
        Assert.DoesNotContain("facts.json", narrative);
    }

    [Fact]
    public async Task RefineAsync_FactTheNarrativeDoesNotState_IsDropped()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(async ctx =>
        {
            var reply = await FakeModel.Refine(facts: false)(ctx);
            var stated = new JsonArray
            {
                new JsonObject { ["text"] = "A story in the data", ["value"] = 1, ["computation"] = "title", ["columns"] = new JsonArray(), ["rows"] = "all" },
                new JsonObject { ["text"] = "987.65", ["value"] = 987.65, ["computation"] = "made up", ["columns"] = new JsonArray(), ["rows"] = "all" },
                new JsonObject { ["text"] = "x", ["value"] = "not a number" },
            };
            ctx.AddAssistantFile($"{ctx.FilePrefix}facts.json", Encoding.UTF8.GetBytes(stated.ToJsonString()));
            return reply;
        });

        var (result, _) = await RefineAsync(h);

        Assert.Equal("A story in the data", Assert.Single(result.Facts).Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{ not json")]
    public async Task RefineAsync_FactsFileMissingOrBroken_StoryStillSucceedsWithoutFacts(string? content)
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(async ctx =>
        {
            var reply = await FakeModel.Refine(facts: false)(ctx);
            if (content is not null)
            {
                ctx.AddAssistantFile($"{ctx.FilePrefix}facts.json", Encoding.UTF8.GetBytes(content));
            }

            return reply;
        });

        var (result, narrative) = await RefineAsync(h);

        Assert.Empty(result.Facts);
        Assert.InRange(result.Charts.Count, 2, 4);
        Assert.StartsWith("# ", narrative);
    }

    static async Task<(RefineResult Result, string Narrative)> RefineAsync(OpenAIEngineHarness h)
    {
        var (container, file) = await h.CreateContainerWithDataAsync();
        var result = await h.Engine.RefineAsync(new("sess-1", container.Id, file, TestCsv.Profile(TestCsv.Weather), OpenAIAnalysisEngineTests.Story()), CancellationToken.None);
        await using var stream = await h.Engine.DownloadFileAsync(container.Id, result.Narrative.FileId, CancellationToken.None);
        using var reader = new StreamReader(stream);
        return (result, await reader.ReadToEndAsync());
    }
}
