using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// A sibling said again on a column that moves with the told one is left out of the three (issue 22: REDUNDANT): the
/// same grouping ranked the same way on a tied measure, the same standout row on a tied measure.
/// </summary>
public class SiblingRedundancyTests
{
    private static Insight Gap(string category, string measure, double impact, params string[] order) =>
        new(StoryKinds.Of<SegmentStory>(), [category, measure], $"{measure} differs by {category}: highest for {order[0]}, lowest for {order[^1]}", "s", ["box"], "t", null, 1e-6, 0.5, 98, impact,
            new SegmentDetail(category, measure, order.Select((g, i) => new SegmentGroup(g, 30, 100 - 10 * i, 0, 0, 0, 0, 0)).ToList(), new KruskalWallisResult(50, 2, 1e-6, 0.5, 98)));

    private static Insight Relation(string x, string y, double impact) =>
        new(StoryKinds.Of<CorrelationStory>(), [x, y], $"Higher {x} goes with higher {y}", "s", ["scatter"], "t", null, 1e-6, 0.5, 200, impact,
            new CorrelationDetail(x, y, new CorrelationResult(0.5, 1e-6, 200), new CorrelationResult(0.5, 1e-6, 200), 1e-6, 3, null, 1, 0));

    /// <summary>A finding on other columns that scores below every story above (what a freed slot should get).</summary>
    private static Insight Other(double impact) =>
        new(StoryKinds.Of<TrendStory>(), ["year", "cost"], "Cost rose", "s", ["line"], "t", null, 1e-6, 0.5, 200, impact, new object());

    private static bool Pair(string a, string b, string x, string y) => (a == x && b == y) || (a == y && b == x);

    private static Insight Leader(string measure, string row, double impact)
    {
        var breakdown = new CategoryBreakdown("state", measure, "mean", [new CategoryTotal(row, 1349, 1), new CategoryTotal("Nevada", 705, 1)], 51);
        return new Insight(StoryKinds.Of<OutstandingCategoryStory>(), ["state", measure], $"{row} leads {measure} by a wide margin", "s", ["bar"], "t", null, 1e-6, 2, 51, impact,
            new OutstandingDetail(breakdown, 1.9, 5));
    }

    private static Insight Outlier(string column, string row, double impact) =>
        new(StoryKinds.Of<OutlierStory>(), [column], $"One extreme {column} value stands out: 24.2 ({row})", "s", ["box"], "t", null, 1e-6, 5, 51, impact,
            new OutlierDetail(column, 51, 4.7, 1, 3.5, [new OutlierPoint(8, 24.2, 9, row)], 1));

    [Fact]
    public void PickDiverse_GapByTheSameGroupsOnATwinMeasure_LeftOutForAnotherFinding()
    {
        // Prestige and education move together (r 0.85): both ranked professional first, blue-collar last, is one ranking.
        var prestige = Gap("type", "prestige", 1.0, "prof", "wc", "bc");
        var education = Gap("type", "education", 0.9, "prof", "wc", "bc");
        var other = Other(0.05);

        var picked = InsightRanker.PickDiverse([prestige, education, other], null, count: 2, twins: (a, b) => Pair(a, b, "prestige", "education"));

        Assert.Equal([prestige, other], picked);
    }

    [Fact]
    public void PickDiverse_GapOnATwinMeasureWithOtherExtremes_IsKept()
    {
        // Income ranks the white-collar jobs last, not the blue-collar ones: another ranking, not the same one again.
        var prestige = Gap("type", "prestige", 1.0, "prof", "wc", "bc");
        var income = Gap("type", "income", 0.9, "prof", "bc", "wc");

        var picked = InsightRanker.PickDiverse([prestige, income, Other(0.05)], null, count: 2, twins: (a, b) => Pair(a, b, "prestige", "income"));

        Assert.Equal([prestige, income], picked);
    }

    [Fact]
    public void PickDiverse_GapOnTheDriverOfAKeptRelation_GivesWayToTheGapOnItsOutcomeAndAnotherFinding()
    {
        // Height and weight correlate weakly over all rows (one swapped record) but the lead ties them: men taller and
        // men heavier is one gap; the one on the outcome (weight) is told.
        var relation = Relation("height", "weight", 1.0);
        var height = Gap("sex", "height", 0.9, "M", "F");
        var weight = Gap("sex", "weight", 0.85, "M", "F");
        var other = Other(0.05);

        var picked = InsightRanker.PickDiverse([relation, height, weight, other], null, count: 3, twins: (_, _) => false);

        Assert.Equal([relation, weight, other], picked);
    }

    [Fact]
    public void PickDiverse_SameStandoutRowOnATwinMeasure_LeftOutForAnotherFinding()
    {
        // Murder is a part of violent crime and moves with it: DC's murder rate after DC's violent-crime lead is DC again.
        var violent = Leader("violent", "District of Columbia", 1.0);
        var murder = Outlier("murder", "District of Columbia", 0.9);
        var other = Other(0.05);
        static bool Twins(string a, string b) => Pair(a, b, "violent", "murder");

        Assert.Equal([violent, other], InsightRanker.PickDiverse([violent, murder, other], null, count: 2, twins: Twins));
        // Another row standing out on the twin is a second finding.
        var louisiana = Outlier("murder", "Louisiana", 0.9);
        Assert.Equal([violent, louisiana], InsightRanker.PickDiverse([violent, louisiana, other], null, count: 2, twins: Twins));
    }

    [Fact]
    public void PickDiverse_SameLeaderOnATwinMeasure_LeftOutForAnotherFinding()
    {
        var violent = Leader("violent", "District of Columbia", 1.0);
        var murder = Leader("murder", "District of Columbia", 0.9);
        var other = Other(0.01);

        var picked = InsightRanker.PickDiverse([violent, murder, other], null, count: 2, twins: (a, b) => Pair(a, b, "violent", "murder"));

        Assert.Equal([violent, other], picked);
    }

    [Fact]
    public void PickDiverse_GapsTopGroupLeadingATiedMeasuresTotal_LeftOutForAnotherFinding()
    {
        // Life expectancy highest in Europe and Central Asia, income tied to it by the lead: Europe and Central Asia
        // leading total income is the same region on top again.
        var relation = Relation("income", "health", 1.0);
        var health = Gap("region", "health", 0.9, "Europe Central Asia", "America", "Sub Saharan Africa");
        var breakdown = new CategoryBreakdown("region", "income", "sum", [new CategoryTotal("Europe Central Asia", 1_385_721, 50), new CategoryTotal("Middle East", 587_856, 20)], 187);
        var total = new Insight(StoryKinds.Of<OutstandingCategoryStory>(), ["region", "income"], "Europe Central Asia leads total income by a wide margin", "s", ["bar"], "t", null, 1e-6, 2, 187, 0.8,
            new OutstandingDetail(breakdown, 2.4, 4.6));
        var other = Other(0.05);

        var picked = InsightRanker.PickDiverse([relation, health, total, other], null, count: 3, twins: (_, _) => false);

        Assert.Equal([relation, health, other], picked);
    }
}
