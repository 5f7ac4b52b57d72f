using System.Text.Json.Nodes;
using DataStoryBot.Core.Analyst.Charts;

namespace DataStoryBot.Tests.Analyst;

/// <summary>The built-in analyst's Vega-Lite specs against the published v5 schema and vega-lite/vega themselves.</summary>
public class VegaLiteSchemaTests
{
    public static TheoryData<string> Kinds() => ChartDescriptionTests.Kinds();

    static JsonObject Spec(string kind) => JsonNode.Parse(VegaLiteSpec.Write(ChartDescriptionTests.Make(kind)))!.AsObject();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void VegaLiteSpec_EveryKind_ValidAgainstThePublishedV5Schema(string kind)
    {
        VegaLiteSchema.AssertValid(Spec(kind), kind);
    }

    [Fact]
    public void Errors_SpecsBrokenInFourWays_EachNamesWhereItBreaks()
    {
        var badMark = Spec("bar");
        badMark["mark"]!["type"] = "bars";
        var badType = Spec("line");
        badType["encoding"]!["y"]!["type"] = "quantitive";
        var extra = Spec("scatter");
        extra["colour"] = "red";
        var badParam = Spec("line");
        badParam["params"]![0]!["bind"] = "zoom";

        Assert.Empty(VegaLiteSchema.Errors(Spec("bar")));
        Assert.Contains(VegaLiteSchema.Errors(badMark), e => e.StartsWith("/mark", StringComparison.Ordinal));
        Assert.Contains(VegaLiteSchema.Errors(badType), e => e.StartsWith("/encoding/y", StringComparison.Ordinal));
        Assert.NotEmpty(VegaLiteSchema.Errors(extra));
        Assert.Contains(VegaLiteSchema.Errors(badParam), e => e.StartsWith("/params/0", StringComparison.Ordinal));
        Assert.Throws<Xunit.Sdk.TrueException>(() => VegaLiteSchema.AssertValid(badMark, "bad mark"));
    }

    [Fact]
    public async Task Render_EveryKind_CompilesAndDrawsItsMarksWithTheInterpreter()
    {
        var specs = ChartDescriptionTests.KindNames.Select(k => (k, (JsonNode)Spec(k))).ToList();

        var results = await VegaLiteRenderer.RenderAsync(specs);

        Assert.All(results, r => Assert.True(r.Ok && r.Marks > 0 && r.Warnings is { Count: 0 }, $"{r.Name}: {r.Error} {string.Join("; ", r.Warnings ?? [])}"));
        // A line chart draws one line item per point (and one point each when there are 120 points or fewer).
        var line = results.Single(r => r.Name == "line");
        Assert.Equal(2 * ChartDescriptionTests.Make("line").Data.Rows.Count, line.Marks);
    }

    [Fact]
    public async Task Render_BrokenSpec_ReportsTheFailure()
    {
        var broken = Spec("bar");
        broken["mark"]!["type"] = "bars";

        var results = await VegaLiteRenderer.RenderAsync([("broken", broken), ("bar", Spec("bar"))]);

        Assert.False(results[0].Ok);
        Assert.False(string.IsNullOrEmpty(results[0].Error));
        Assert.True(results[1].Ok);
    }
}
