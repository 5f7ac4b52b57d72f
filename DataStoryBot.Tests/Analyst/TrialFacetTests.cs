using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// A trial's treatment effect checked within each plausible rival (sex, a site): a small group may confirm the lead's
/// direction, and every grouping it holds in is a facet, so a table's other slots hold the finding by group rather than
/// the sample's make-up.
/// </summary>
public class TrialFacetTests
{
    /// <summary>
    /// 84 patients: 25 men (14 treated, 11 on placebo) and 59 women (27 and 32), in two sites; the treated improve more
    /// often in every group (men 5 of 14 against 1 of 11, women 16 of 27 against 6 of 32).
    /// </summary>
    private static AnalysisTable Trial()
    {
        var rows = new List<(string Treatment, string Sex, string Site, string Improved)>();
        void Add(string treatment, string sex, int improved, int n) =>
            rows.AddRange(Enumerable.Range(0, n).Select(i => (treatment, sex, i % 2 == 0 ? "north" : "south", i < improved ? "marked" : "none")));
        Add("Treated", "Male", 5, 14); Add("Placebo", "Male", 1, 11);
        Add("Treated", "Female", 16, 27); Add("Placebo", "Female", 6, 32);
        return StoryDiscovery.Prepare(Table(CsvText(("treatment", Box(rows.Select(r => r.Treatment))), ("sex", Box(rows.Select(r => r.Sex))),
            ("site", Box(rows.Select(r => r.Site))), ("improved", Box(rows.Select(r => r.Improved))))));
    }

    [Fact]
    public void Of_TreatmentEffectInASmallGroupToo_ToldForBothSexesAlike()
    {
        var table = Trial();
        var lead = StoryKinds.Of<RateStory>().Detect(table).First(i => i.Detail is RateGroupDetail { Group: "treatment" });

        var bySex = Assert.Single(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.RateWithin, By: "sex" });

        var d = (FacetDetail)bySex.Detail;
        var men = Assert.Single(d.Groups, g => g.Label == "Male");
        Assert.Equal((14, 5 / 14.0, 1 / 11.0), (men.N, men.Value, men.Other));
        Assert.Contains("alike", bySex.Title, StringComparison.Ordinal);
        Assert.True(FacetStory.HoldsEverywhere(bySex));
    }

    [Fact]
    public void Of_TreatmentEffectThatHoldsInTwoGroupings_OneFacetForEach()
    {
        var table = Trial();
        var lead = StoryKinds.Of<RateStory>().Detect(table).First(i => i.Detail is RateGroupDetail { Group: "treatment" });

        var within = FacetStory.Of(table, [lead]).Where(f => f.Detail is FacetDetail { Aspect: FacetAspect.RateWithin }).Select(f => ((FacetDetail)f.Detail).By).ToList();

        Assert.Equal(["sex", "site"], within.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Of_TreatmentEffectThatHoldsInTwoGroupings_TheFirstInTheFileWeighsMore()
    {
        // Both facets hold everywhere and tie on everything else: the file's order (sex before site) decides, never the title.
        var table = Trial();
        var lead = StoryKinds.Of<RateStory>().Detect(table).First(i => i.Detail is RateGroupDetail { Group: "treatment" });

        var within = FacetStory.Of(table, [lead]).Where(f => f.Detail is FacetDetail { Aspect: FacetAspect.RateWithin }).ToList();

        var (sex, site) = (within.Single(f => ((FacetDetail)f.Detail).By == "sex"), within.Single(f => ((FacetDetail)f.Detail).By == "site"));
        Assert.True(sex.Impact > site.Impact, $"sex {sex.Impact} against site {site.Impact}");
    }

    [Fact]
    public void Of_SmallGroupWhereTheEffectRunsTheOtherWay_NoException()
    {
        // Men on placebo improve more often (3 of 11 against 2 of 14): a group of 14 and 11 may confirm the lead, never break it.
        var rows = new List<(string Treatment, string Sex, string Improved)>();
        void Add(string treatment, string sex, int improved, int n) => rows.AddRange(Enumerable.Range(0, n).Select(i => (treatment, sex, i < improved ? "marked" : "none")));
        Add("Treated", "Male", 2, 14); Add("Placebo", "Male", 3, 11);
        Add("Treated", "Female", 19, 27); Add("Placebo", "Female", 4, 32);
        var table = StoryDiscovery.Prepare(Table(CsvText(("treatment", Box(rows.Select(r => r.Treatment))), ("sex", Box(rows.Select(r => r.Sex))), ("improved", Box(rows.Select(r => r.Improved))))));
        var lead = StoryKinds.Of<RateStory>().Detect(table).First(i => i.Detail is RateGroupDetail { Group: "treatment" });

        Assert.DoesNotContain(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.RateWithin, By: "sex" });
    }
}
