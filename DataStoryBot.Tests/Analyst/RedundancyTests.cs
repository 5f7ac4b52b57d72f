using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// A sibling that says its lead again is left out of the three (issue 22: REDUNDANT): one group's trend after the
/// total's, a twin relation, the lone extreme after the leader, levels by decade after a trend; a freed slot goes to a
/// real finding or a facet that adds.
/// </summary>
public class RedundancyTests
{
    private static readonly double[] Years = Enumerable.Range(2000, 20).Select(y => (double)y).ToArray();

    private static Insight Trend(string? subset, double impact, bool rises = true)
    {
        var series = new TimeSeries("year", true, "sales", subset is null ? null : "region", subset, Years, Years.Select(y => rises ? y - 1990 : 2030 - y).ToArray(), "year", 20,
            subset is null ? "sum" : "mean", subset is null ? "3 region values" : null);
        var detail = new TrendDetail(series, new MannKendallResult(150, 5, 1e-6, 0.9, 20), new TheilSenResult(rises ? 1 : -1, 0), rises ? 10 : 30, rises ? 29 : 11);
        return new Insight(StoryKinds.Of<TrendStory>(), subset is null ? ["year", "sales"] : ["year", "sales", "region"], $"Sales {subset} {(rises ? "rose" : "fell")}", "s", ["line"], "t", null, 1e-6, 0.9, 20, impact, detail);
    }

    private static Insight Relation(string x, string y, double impact) =>
        new(StoryKinds.Of<CorrelationStory>(), [x, y], $"Higher {x} goes with higher {y}", "s", ["scatter"], "t", null, 1e-6, 0.5, 200, impact,
            new CorrelationDetail(x, y, new CorrelationResult(0.5, 1e-6, 200), new CorrelationResult(0.5, 1e-6, 200), 1e-6, 3, null, 1, 0));

    /// <summary>A finding on other columns that scores below every story above (what a freed slot should get).</summary>
    private static Insight Other(double impact) =>
        new(StoryKinds.Of<SegmentStory>(), ["team", "cost"], "Cost differs by team", "s", ["box"], "t", null, 1e-6, 0.5, 200, impact, new object());

    [Fact]
    public void PickDiverse_OneGroupsTrendAfterTheTotals_LeftOutForAnotherFinding()
    {
        var total = Trend(null, 1.0);
        var north = Trend("north", 0.9);
        var other = Other(0.05);

        var picked = InsightRanker.PickDiverse([total, north, other], null, count: 2);

        Assert.Equal([total, other], picked);
    }

    [Fact]
    public void PickDiverse_GroupFallingWhileTheTotalRises_IsKept()
    {
        var total = Trend(null, 1.0);
        var north = Trend("north", 0.9, rises: false);

        var picked = InsightRanker.PickDiverse([total, north, Other(0.05)], null, count: 2);

        Assert.Equal([total, north], picked);
    }

    [Fact]
    public void PickDiverse_TwinDriversOfOneOutcome_SecondRelationLeftOut()
    {
        // Years of service and years since the PhD move together: salary's link with each is one story.
        var phd = Relation("yrs since phd", "salary", 1.0);
        var service = Relation("yrs service", "salary", 0.9);
        var other = Other(0.05);
        static bool Twins(string a, string b) => new[] { a, b }.Order(StringComparer.Ordinal).SequenceEqual(["yrs service", "yrs since phd"]);

        var picked = InsightRanker.PickDiverse([phd, service, other], null, count: 2, twins: Twins);

        Assert.Equal([phd, other], picked);
        Assert.Equal([phd, service], InsightRanker.PickDiverse([phd, service, other], null, count: 2, twins: (_, _) => false));
    }

    [Fact]
    public void PickDiverse_RelationOnASelfReport_GivesWayToTheMeasuredOne()
    {
        var reported = Relation("height", "repwt", 1.0);
        var measured = Relation("height", "weight", 0.5);
        static bool Twins(string a, string b) => a != b && new[] { a, b }.All(c => c is "repwt" or "weight");

        var picked = InsightRanker.PickDiverse([reported, measured, Other(0.05)], null, count: 2, twins: Twins);

        Assert.Equal(measured, picked[0]);
        Assert.DoesNotContain(reported, picked);
    }

    [Fact]
    public void PickDiverse_LoneExtremeAfterTheLeaderOfTheSameColumn_LeftOut()
    {
        var breakdown = new CategoryBreakdown("state", "murder rate", "mean", [new CategoryTotal("DC", 16.5, 1), new CategoryTotal("Louisiana", 7.7, 1)], 51);
        var leader = new Insight(StoryKinds.Of<OutstandingCategoryStory>(), ["state", "murder rate"], "DC leads murder rate", "s", ["bar"], "t", null, 1e-6, 2, 51, 1.0,
            new OutstandingDetail(breakdown, 2.1, 5));
        var outlier = new Insight(StoryKinds.Of<OutlierStory>(), ["murder rate"], "One extreme murder rate value stands out: 16.5 (DC)", "s", ["box"], "t", null, 1e-6, 5, 51, 1.0,
            new OutlierDetail("murder rate", 51, 2.5, 1, 3.5, [new OutlierPoint(8, 16.5, 9, "DC")], 1));
        var other = Other(0.01);

        var picked = InsightRanker.PickDiverse([leader, outlier, other], null, count: 2);

        Assert.Equal([leader, other], picked);
    }

    [Fact]
    public void Discover_SeriesThatRisesFasterLater_TellsThePaceNotTheLevelsByDecade()
    {
        // Sixty years rising, three times as fast in the last twenty: the pace is news, the highest decade is the rise's end.
        var noise = Noise(60, 131, 1);
        var years = Enumerable.Range(1960, 60).Select(y => (double)y).ToList();
        var level = years.Select((y, i) => Math.Round(300 + (i < 30 ? 0.8 * i : 24 + 2.4 * (i - 30)) + 0.8 * noise[i], 2)).ToList();
        var table = Table(CsvText(("year", Box(years)), ("co2", Box(level))));

        var picked = StoryDiscovery.Discover(table, null);

        Assert.Equal(3, picked.Count);
        Assert.Contains(picked, p => p.Kind is TrendStory);
        var pace = Assert.Single(picked, p => p.Detail is FacetDetail { Aspect: FacetAspect.Pace });
        Assert.Contains("sped up", pace.Title, StringComparison.Ordinal);
        var d = (FacetDetail)pace.Detail;
        Assert.InRange(d.Groups[0].Value, 0.5, 1.1);
        Assert.InRange(d.Groups[1].Value, 2.0, 2.8);
        Assert.DoesNotContain(picked, p => p.Detail is FacetDetail { Aspect: FacetAspect.Periods });
    }

    [Fact]
    public void Of_FallThatStartsAfterALevelStretch_SaysTheFirstThirdHadNoTrendNotThatTheFallSlowed()
    {
        // Level (noise around 30) for 36 years, then a collapse that dies out near zero: the first third never fell, so
        // "the fall slowed" would be invented; the facet says the first third had no consistent trend.
        var noise = Noise(75, 17, 2);
        var years = Enumerable.Range(1928, 75).Select(y => (double)y).ToList();
        var rate = years.Select((y, i) => Math.Round(i < 36 ? 30 + noise[i] : 30 * Math.Exp(-(i - 36) / 5.0), 4)).ToList();
        var table = Table(CsvText(("year", Box(years)), ("rate", Box(rate))));
        var trend = Assert.Single(StoryDiscovery.DetectAll(table, [StoryKinds.Of<TrendStory>()]), i => i.Detail is TrendDetail);

        var pace = Assert.Single(FacetStory.Of(table, [trend]), f => f.Detail is FacetDetail { Aspect: FacetAspect.Pace });

        Assert.StartsWith("Rate showed no consistent trend in 1928–1952, then fell", pace.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("slowed", pace.Title, StringComparison.Ordinal);
        var d = (FacetDetail)pace.Detail;
        Assert.True(d.Groups[0].Other >= FacetStory.MaxPaceP, $"first third's Mann-Kendall p {d.Groups[0].Other}");
        Assert.True(d.Groups[1].Other < FacetStory.MaxPaceP, $"last third's Mann-Kendall p {d.Groups[1].Other}");
    }

    [Fact]
    public void Adds_LevelsByDecadeBesideATrendOfTheSameMeasure_No()
    {
        var trend = Trend(null, 1.0);
        var periods = new Insight(StoryKinds.Of<FacetStory>(), ["year", "sales"], "Sales by decade", "s", ["bar"], "t", null, null, 1, 20, 0.5,
            new FacetDetail(FacetAspect.Periods, trend.Title, "year", "sales", null, [new FacetGroup("2000s", 10, 15), new FacetGroup("2010s", 10, 25)], double.NaN, 20));

        Assert.False(FacetStory.Adds(periods, [trend]));
        Assert.True(FacetStory.Adds(periods, [Other(1)]));
    }
}
