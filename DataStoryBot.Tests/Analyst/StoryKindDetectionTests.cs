using Xunit;
using DataStoryBot.Core.Analyst.Stories;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

public class StoryKindDetectionTests
{
    private static readonly DateTime Start = new(2010, 1, 1);

    private static List<DateTime> Months(int n) => Enumerable.Range(0, n).Select(i => Start.AddMonths(i)).ToList();

    [Fact]
    public void TrendStory_PlantedUpwardTrend_FoundWithPositiveSlope()
    {
        var noise = Noise(60, 1, sd: 2);
        var csv = CsvText(("month", Box(Months(60))), ("sales", Box(noise.Select((e, i) => 100 + 1.5 * i + e))));
        var insights = new TrendStory().Detect(Table(csv)).ToList();
        var trend = Assert.Single(insights);
        var detail = Assert.IsType<TrendDetail>(trend.Detail);
        Assert.True(detail.TheilSen.Slope > 0);
        // 1.5 per month is 18 per year.
        Assert.InRange(detail.TheilSen.Slope, 15, 21);
        Assert.Equal(["month", "sales"], trend.Columns);
        Assert.True(trend.PValue < 0.001);
    }

    [Fact]
    public void TrendStory_PlantedDownwardTrend_FoundWithNegativeSlope()
    {
        var noise = Noise(40, 2);
        var csv = CsvText(("year", Box(Enumerable.Range(1980, 40).Select(y => (double)y))), ("deaths", Box(noise.Select((e, i) => 500 - 4 * i + 3 * e))));
        var trend = Assert.Single(new TrendStory().Detect(Table(csv)));
        Assert.True(((TrendDetail)trend.Detail).TheilSen.Slope < 0);
        Assert.Contains("fell", trend.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void TrendStory_PureNoise_NoTrend()
    {
        var found = 0;
        for (var seed = 10; seed < 30; seed++)
        {
            var csv = CsvText(("month", Box(Months(80))), ("value", Box(Noise(80, seed))));
            found += new TrendStory().Detect(Table(csv)).Count();
        }
        // 20 noise series at p < 0.01 and |tau| >= 0.3: none should pass.
        Assert.Equal(0, found);
    }

    [Fact]
    public void ChangePointStory_PlantedLevelShift_FoundAtTheShift()
    {
        var noise = Noise(60, 3);
        var csv = CsvText(("month", Box(Months(60))), ("level", Box(noise.Select((e, i) => (i < 35 ? 10 : 20) + e))));
        var insight = Assert.Single(new ChangePointStory().Detect(Table(csv)));
        var d = Assert.IsType<ChangePointDetail>(insight.Detail);
        Assert.InRange(d.SplitIndex + 1, 33, 37);
        Assert.True(d.Welch.MeanB > d.Welch.MeanA);
        Assert.Contains("up", insight.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangePointStory_SmoothTrend_NotReportedAsShift()
    {
        var csv = CsvText(("month", Box(Months(60))), ("value", Box(Noise(60, 4).Select((e, i) => i + 0.5 * e))));
        Assert.Empty(new ChangePointStory().Detect(Table(csv)));
    }

    [Fact]
    public void SeasonalityStory_PlantedYearlyCycle_PeaksInJuly()
    {
        var noise = Noise(72, 5, sd: 0.5);
        var months = Months(72);
        var csv = CsvText(("date", Box(months)), ("temp", Box(months.Select((m, i) => 10 - 8 * Math.Cos(2 * Math.PI * (m.Month - 1) / 12.0 - Math.PI) * -1 + noise[i]))));
        var insight = Assert.Single(new SeasonalityStory().Detect(Table(csv)));
        var d = Assert.IsType<SeasonalityDetail>(insight.Detail);
        Assert.Equal(7, d.PeakMonth);
        Assert.Equal(1, d.TroughMonth);
    }

    [Fact]
    public void SeasonalityStory_NoCycle_NothingFound()
    {
        var csv = CsvText(("date", Box(Months(72))), ("value", Box(Noise(72, 6))));
        Assert.Empty(new SeasonalityStory().Detect(Table(csv)));
    }

    [Fact]
    public void OutlierStory_PlantedOutlier_Flagged()
    {
        var values = Noise(200, 7).Select(v => 50 + 5 * v).ToArray();
        values[123] = 400;
        var csv = CsvText(("name", Box(Enumerable.Range(0, 200).Select(i => $"item{i}"))), ("amount", Box(values)));
        var insight = Assert.Single(new OutlierStory().Detect(Table(csv)));
        var d = Assert.IsType<OutlierDetail>(insight.Detail);
        Assert.Equal(123, d.Outliers[0].Row);
        Assert.Equal(400, d.Outliers[0].Value);
        Assert.Equal("item123", d.Outliers[0].Label);
    }

    [Fact]
    public void OutlierStory_NormalData_NotFlagged()
    {
        var csv = CsvText(("amount", Box(Noise(500, 8))));
        Assert.Empty(new OutlierStory().Detect(Table(csv)));
    }

    [Fact]
    public void CorrelationStory_PlantedCorrelationAmongRandomColumns_OnlyPlantedPairSurvivesCorrection()
    {
        const int n = 120;
        var x = Noise(n, 100);
        var y = x.Zip(Noise(n, 101), (a, e) => 2 * a + 0.8 * e).ToArray();
        var columns = new List<(string, IReadOnlyList<object?>)> { ("x", Box(x)), ("y", Box(y)) };
        for (var k = 0; k < 20; k++) columns.Add(($"random{k}", Box(Noise(n, 200 + k))));
        var insights = new CorrelationStory().Detect(Table(CsvText(columns.ToArray()))).ToList();
        var found = Assert.Single(insights);
        Assert.Equal(["x", "y"], found.Columns);
        var d = Assert.IsType<CorrelationDetail>(found.Detail);
        Assert.Equal(231, d.PairsTested);
        Assert.True(d.Pearson.R > 0.8);
    }

    [Fact]
    public void SegmentStory_PlantedGroupDifference_FoundWithLargeEffect()
    {
        var noise = Noise(300, 9);
        var groups = Enumerable.Range(0, 300).Select(i => new[] { "north", "south", "east" }[i % 3]).ToList();
        var values = noise.Select((e, i) => (i % 3 == 1 ? 20 : 10) + 2 * e).ToList();
        var insight = new SegmentStory().Detect(Table(CsvText(("region", Box(groups)), ("income", Box(values))))).Single(i => i.Detail is SegmentDetail);
        var d = (SegmentDetail)insight.Detail;
        Assert.Equal("south", d.Groups[0].Label);
        Assert.True(d.Test.EpsilonSquared > 0.26);
        Assert.True(d.Test.PValue < 1e-6);
    }

    [Fact]
    public void SegmentStory_NoDifference_NothingFound()
    {
        var groups = Enumerable.Range(0, 300).Select(i => new[] { "a", "b", "c" }[i % 3]).ToList();
        Assert.Empty(new SegmentStory().Detect(Table(CsvText(("g", Box(groups)), ("v", Box(Noise(300, 10)))))));
    }

    [Fact]
    public void ConcentrationStory_DominantCategory_ReportsMajorityShareAndGini()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i < 70 ? "alpha" : new[] { "beta", "gamma", "delta" }[i % 3]).ToList();
        var insight = new ConcentrationStory().Detect(Table(CsvText(("kind", Box(labels))))).Single();
        var d = Assert.IsType<ConcentrationDetail>(insight.Detail);
        Assert.Equal("alpha", d.Breakdown.Totals[0].Label);
        Assert.Equal(0.7, d.TopShare, 6);
        Assert.True(d.Gini > 0.4);
        Assert.Contains("70%", insight.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void ConcentrationStory_EvenSplit_NothingFound()
    {
        var labels = Enumerable.Range(0, 100).Select(i => new[] { "a", "b", "c", "d", "e" }[i % 5]).ToList();
        Assert.Empty(new ConcentrationStory().Detect(Table(CsvText(("kind", Box(labels))))));
    }

    [Fact]
    public void ConcentrationStory_CountOnePerEntity_TopThreeHoldMost()
    {
        // One row per place (a name in every row): a count that a few places hold, beside a rate that is not summed.
        var places = Enumerable.Range(0, 52).Select(i => $"Place {(char)('A' + i % 26)}{(char)('a' + i / 26)}").ToList();
        var quakes = Enumerable.Range(0, 52).Select(i => i switch { 0 => 110.0, 1 => 60, 2 => 40, < 12 => 12 - i, _ => 0 }).ToList();
        var rate = Enumerable.Range(0, 52).Select(i => 0.001 + 0.0001 * (i % 7)).ToList();
        var table = Table(CsvText(("place", Box(places)), ("quakes", Box(quakes)), ("rate", Box(rate))));
        var insight = Assert.Single(new ConcentrationStory().Detect(table));
        var d = Assert.IsType<ConcentrationDetail>(insight.Detail);
        Assert.Equal(["place", "quakes"], insight.Columns);
        Assert.Equal("Place Aa", d.Breakdown.Totals[0].Label);
        Assert.Equal(210.0 / 255, d.Top3Share, 6);
        Assert.Contains("the top 3 hold 82%", insight.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void OutstandingCategoryStory_OneLeader_Found()
    {
        var labels = new List<string>();
        var values = new List<double>();
        string[] names = ["acme", "bolt", "crux", "dyne", "echo", "flux"];
        foreach (var (name, k) in names.Select((n, k) => (n, k)))
        {
            for (var i = 0; i < 10; i++) { labels.Add(name); values.Add(k == 0 ? 100 : 10 + k); }
        }
        var insight = Assert.Single(new OutstandingCategoryStory().Detect(Table(CsvText(("firm", Box(labels)), ("revenue", Box(values))))));
        Assert.StartsWith("acme leads", insight.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void DistributionStory_RightSkewedData_ReportsSkew()
    {
        var values = Noise(500, 11).Select(v => Math.Exp(v)).ToList();
        var insight = Assert.Single(new DistributionStory().Detect(Table(CsvText(("price", Box(values))))));
        Assert.True(insight.EffectSize > 1);
        Assert.Contains("a few very large ones pull the average up", insight.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void DistributionStory_NormalData_NothingFound()
    {
        Assert.Empty(new DistributionStory().Detect(Table(CsvText(("v", Box(Noise(500, 12)))))));
    }

    [Fact]
    public void InsightRanker_SteeringNamingAColumn_MovesItsInsightFirst()
    {
        var noise = Noise(60, 13);
        var months = Months(60);
        var csv = CsvText(("month", Box(months)), ("sales", Box(noise.Select((e, i) => 100 + 2 * i + e))),
            ("visits", Box(noise.Select((e, i) => 50 + 0.3 * i + 3 * e))));
        var all = Core.Analyst.StoryDiscovery.DetectAll(Table(csv));
        var unsteered = InsightRanker.PickDiverse(all, null);
        var steered = InsightRanker.PickDiverse(all, "what happened to visits?");
        Assert.Contains("sales", unsteered[0].Columns);
        Assert.Contains("visits", steered[0].Columns);
    }

    [Fact]
    public void InsightRanker_ManyFacetsOfOnePair_PicksAtMostOneOfEachKind()
    {
        var all = Core.Analyst.StoryDiscovery.DetectAll(Table(CsvText(("month", Box(Months(72))), ("v", Box(Months(72).Select((m, i) => i + 10 * Math.Sin(m.Month)).ToList())))));
        // A second story of the best one's kind on the same columns, scored just as high: never picked beside it.
        var best = all.OrderByDescending(i => i.Score).First();
        all.Add(best with { Title = best.Title + " (again)" });
        var picked = InsightRanker.PickDiverse(all, null);
        var kinds = picked.Select(p => p.Kind.Name + ":" + string.Join("|", p.Columns.Order())).ToList();
        Assert.Equal(kinds.Count, kinds.Distinct().Count());
        Assert.Contains(picked, p => p.Title == best.Title);
        Assert.DoesNotContain(picked, p => p.Title == best.Title + " (again)");
    }
}
