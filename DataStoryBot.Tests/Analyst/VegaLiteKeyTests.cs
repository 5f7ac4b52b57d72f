using System.Text.Json.Nodes;
using DataStoryBot.Core.Analyst.Charts;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// Issue 23, item 9: the keys of a chart spec's data and tooltip are the server's, never a column's raw name, so a
/// column named <c>image</c> or <c>title</c> cannot become a key vega-tooltip renders as an <c>&lt;img&gt;</c> or a heading.
/// </summary>
public sealed class VegaLiteKeyTests
{
    const string Url = "https://127.0.0.1:1/x.png";

    /// <summary>Bars over a column named "image" (values are URLs) measured by a column named "title".</summary>
    static ChartImage Hostile() => ChartFactory.Bars("Title by image", "image", "title", [Url, "https://127.0.0.1:1/y.png", "<b>z</b>"], [3, 2, 1]);

    static IEnumerable<string> DataKeys(JsonObject spec) => spec["data"]!["values"]!.AsArray().SelectMany(v => v!.AsObject().Select(p => p.Key)).Distinct();

    static IEnumerable<JsonObject> Tooltips(JsonObject spec) => spec["encoding"]!["tooltip"]!.AsArray().Select(t => t!.AsObject());

    [Fact]
    public void Build_ColumnsNamedImageAndTitle_DataKeyedByRoleTooltipTitlesNotReserved()
    {
        var spec = VegaLiteSpec.Build(Hostile());

        Assert.Equal(["x", "y", "highlight"], DataKeys(spec));
        Assert.Equal(Url, spec["data"]!["values"]![0]!["x"]!.GetValue<string>());
        // The names are still what the reader sees: axis titles and the tooltip's labels.
        Assert.Equal("image", spec["encoding"]!["x"]!["title"]!.GetValue<string>());
        Assert.Equal("title", spec["encoding"]!["y"]!["title"]!.GetValue<string>());
        var titles = Tooltips(spec).Select(t => t["title"]!.GetValue<string>()).ToList();
        Assert.Equal(["image (column)", "title (column)", "highlighted"], titles);
        Assert.DoesNotContain(titles, t => VegaLiteSpec.ReservedTooltipKeys.Contains(t));
    }

    [Theory]
    [InlineData("Image")]
    [InlineData(" title ")]
    [InlineData("description")]
    [InlineData("href")]
    public void Build_ReservedNameInAnyCase_TooltipTitleIsNotReserved(string name)
    {
        var spec = VegaLiteSpec.Build(ChartFactory.Scatter("s", name, "y", [1, 2, 3], [3, 1, 2], null));

        Assert.Equal(name + " (column)", Tooltips(spec).First()["title"]!.GetValue<string>());
        Assert.Equal(["x", "y"], DataKeys(spec));
    }

    [Theory]
    [MemberData(nameof(ChartDescriptionTests.Kinds), MemberType = typeof(ChartDescriptionTests))]
    public void Build_EveryKind_NoDataKeyIsAColumnName(string kind)
    {
        var chart = ChartDescriptionTests.Make(kind);

        var spec = VegaLiteSpec.Build(chart);

        var keys = DataKeys(spec).ToList();
        Assert.Equal(VegaLiteSpec.Keys(chart.Kind, chart.Data.Fields.Count), keys);
        Assert.All(keys, k => Assert.Matches("^[a-z][a-z0-9]*$", k));
    }

    /// <summary>The hostile spec is valid v5 and, compiled by vega-lite and rendered by vega, its tooltips carry no reserved key.</summary>
    [Fact]
    public async Task Render_ColumnsNamedImageAndTitle_ValidAndTooltipObjectsHaveNoReservedKey()
    {
        var spec = VegaLiteSpec.Build(Hostile());
        VegaLiteSchema.AssertValid(spec, "bars over image and title");

        var result = (await VegaLiteRenderer.RenderAsync([("hostile", spec)])).Single();

        Assert.True(result.Ok && result.Marks == 3 && result.Warnings is { Count: 0 }, $"{result.Error} {string.Join("; ", result.Warnings ?? [])}");
        Assert.Equal(["highlighted", "image (column)", "title (column)"], result.TooltipKeys);
    }
}
