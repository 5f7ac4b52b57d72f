using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The table's primary comparison read within another grouping (issue 22, research funding): where the gap between men
/// and women differs by discipline more than chance allows, the widest gap is told; a gap the same everywhere is not.
/// </summary>
public class RateGapTests
{
    /// <summary>Grants by four disciplines, one column per sex: 400 men's and 300 women's applications in each; 15% funded on both sides except in Medicine (<paramref name="menMedicine"/> and <paramref name="womenMedicine"/> awards).</summary>
    private static string Grants(int menMedicine, int womenMedicine) =>
        "discipline,applications_total,applications_men,applications_women,awards_total,awards_men,awards_women\n"
        + string.Concat(new[] { "Physics", "Chemistry", "Humanities" }.Select(d => $"{d},700,400,300,105,60,45\n"))
        + $"Medicine,700,400,300,{menMedicine + womenMedicine},{menMedicine},{womenMedicine}\n";

    private static List<Insight> Gaps(string csv) =>
        StoryKinds.Of<RateStory>().Detect(StoryDiscovery.Prepare(Table(csv))).Where(i => i.Detail is RateGapDetail).ToList();

    [Fact]
    public void Detect_GapWidestInOneDiscipline_TellsTheWidestWithItsRates()
    {
        // Medicine funds 20% of men (80 of 400) and 8% of women (24 of 300); elsewhere both 15%.
        var story = Assert.Single(Gaps(Grants(80, 24)));

        var d = Assert.IsType<RateGapDetail>(story.Detail);
        Assert.Equal("sex", d.Group);
        Assert.Equal("discipline", d.By);
        Assert.Equal("Medicine", d.Widest.Level);
        Assert.Equal((80, 400, 24, 300), (d.Widest.A.Hits, d.Widest.A.N, d.Widest.B.Hits, d.Widest.B.N));
        Assert.Contains("widest in Medicine", story.Title, StringComparison.Ordinal);
        Assert.Contains("20%", story.Title, StringComparison.Ordinal);
        Assert.Contains("8%", story.Title, StringComparison.Ordinal);
        Assert.True(d.P < RateStory.PrimaryMaxP, $"p = {d.P}");
        Assert.Equal("rate", story.Kind.Name);

        var output = StoryWriter.Write(StoryDiscovery.Prepare(Table(Grants(80, 24))), story);
        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
        Assert.Equal(2, output.Charts.Count);
    }

    [Fact]
    public void Detect_SameGapInEveryDiscipline_IsNotAStory()
    {
        // Medicine like the others: 15% of men and 15% of women; and a gap of 3 points in every discipline alike.
        Assert.Empty(Gaps(Grants(60, 45)));
        var even = "discipline,applications_total,applications_men,applications_women,awards_total,awards_men,awards_women\n"
            + string.Concat(new[] { "Physics", "Chemistry", "Humanities", "Medicine" }.Select(d => $"{d},700,400,300,117,72,45\n"));
        Assert.Empty(Gaps(even));
    }
}
