using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// A table of groups (grants by field and sex, each row a field with its applications and awards per sex) offers a
/// comparison across each of its few categories: a rate gap across one is told at q &lt; 1% after the correction, where a
/// screen of raw columns needs 0.1%.
/// </summary>
public class ListedGroupsRateTests
{
    /// <summary>Six fields; Forestry awards about 22% of applications, the others 15–17%.</summary>
    private static AnalysisTable Grants(double forestryRate = 0.225)
    {
        (string Field, int Men, int Women, double Rate)[] rows =
        [
            ("Art", 300, 280, 0.15), ("Biology", 420, 380, 0.16), ("Chemistry", 520, 500, 0.16),
            ("Drama", 610, 590, 0.17), ("Economics", 700, 660, 0.165), ("Forestry", 360, 340, forestryRate),
        ];
        return StoryDiscovery.Prepare(Table(CsvText(
            ("field", Box(rows.Select(r => r.Field))),
            ("applications_men", Box(rows.Select(r => (double)r.Men))), ("applications_women", Box(rows.Select(r => (double)r.Women))),
            ("awards_men", Box(rows.Select(r => Math.Round(r.Men * r.Rate)))), ("awards_women", Box(rows.Select(r => Math.Round(r.Women * r.Rate)))))));
    }

    [Fact]
    public void Detect_TableOfGroupsRateGapAtOnePercent_ToldAcrossItsListedCategory()
    {
        var table = Grants();
        Assert.Equal(RowKind.Aggregate, table.Model.Kind);

        var byField = Assert.Single(StoryKinds.Of<RateStory>().Detect(table), i => i.Detail is RateGroupDetail { Group: "field" });

        var d = (RateGroupDetail)byField.Detail;
        Assert.Equal(("Forestry", true), (d.Standout.Label, d.High));
        // Between the screen's bar and the listed one: told only because the table lists its rows by field.
        Assert.InRange(byField.PValue!.Value, RateStory.MaxQ, RateStory.ListedMaxQ);
    }

    [Fact]
    public void Detect_TableOfGroupsNoRealGap_NotTold()
    {
        var table = Grants(forestryRate: 0.17);

        Assert.DoesNotContain(StoryKinds.Of<RateStory>().Detect(table), i => i.Detail is RateGroupDetail { Group: "field" });
    }
}
