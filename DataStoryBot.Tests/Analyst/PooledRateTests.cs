using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// A count with its exposure compared across groups as a pooled rate (issue 22: murders per 100,000 people by region,
/// all the region's murders over all its people), and a small effect told when it is a named outcome's strongest driver
/// (beauty and teaching evaluations).
/// </summary>
public class PooledRateTests
{
    /// <summary>
    /// 40 states in 4 regions of 10; the South's states have about twice the murder rate of the others. With
    /// <paramref name="bigLowState"/>, one very populous South state has the lowest rate of all; with
    /// <paramref name="bigState"/>, the state of that index has 40 million people at that rate (the largest state).
    /// </summary>
    private static AnalysisTable States(bool southHigh = true, bool bigLowState = false, (int Index, double Rate)? bigState = null)
    {
        var rng = new Random(41);
        string[] regions = ["South", "West", "Northeast", "North Central"];
        var (state, region, pop, total) = (new List<string>(), new List<string>(), new List<double>(), new List<double>());
        for (var s = 0; s < 40; s++)
        {
            var r = regions[s % 4];
            var people = Math.Round(500_000 + 9_500_000 * rng.NextDouble());
            var rate = (r == "South" && southHigh ? 6.0 : 3.0) * (0.85 + 0.3 * rng.NextDouble());
            if (bigLowState && s == 0) (people, rate) = (300_000_000, 0.5);
            if (bigState is { } big && s == big.Index) (people, rate) = (40_000_000, big.Rate);
            state.Add($"State {s:00}");
            region.Add(r);
            pop.Add(people);
            total.Add(Math.Round(rate * people / 100_000));
        }
        return StoryDiscovery.Prepare(Table(CsvText(("state", Box(state)), ("region", Box(region)), ("population", Box(pop)), ("total", Box(total)))));
    }

    [Fact]
    public void Detect_CountWithExposureByRegion_ToldAsPooledRate()
    {
        var table = States();
        var rate = Assert.Single(table.Numeric, c => RowModels.IsPerExposure(table, c.Name));
        Assert.NotNull(rate.Weights);

        var insight = Assert.Single(StoryKinds.Of<RateStory>().Detect(table), i => i.Detail is ExposureRateDetail);
        var d = (ExposureRateDetail)insight.Detail;

        Assert.Equal(("region", "South", true), (d.Category, d.Standout.Label, d.High));
        Assert.Equal(("total", "population"), (d.Count, d.Exposure));
        // The South's rate is all its murders over all its people, not the average of its states' rates.
        var (region, pop, total) = (Column<CategoryColumn>(table, "region"), rate.Weights!, rate.Values);
        var south = Array.IndexOf(region.Labels, "South");
        var rows = Enumerable.Range(0, table.RowCount).Where(r => region.Codes[r] == south).ToList();
        Assert.Equal(100_000 * rows.Sum(r => total[r] * pop[r] / 100_000) / rows.Sum(r => pop[r]), d.Standout.Rate, 6);
        Assert.StartsWith("South has the highest total per hundred thousand population", insight.Title, StringComparison.Ordinal);
        Assert.Equal(["region", "total", "population"], table.SourcesOf(insight.Columns));
        // Told once: neither the medians by region nor the average of the states' rates.
        Assert.DoesNotContain(StoryKinds.Of<SegmentStory>().Detect(table), i => i.Columns.SequenceEqual(insight.Columns));
        Assert.DoesNotContain(StoryKinds.Of<OutstandingCategoryStory>().Detect(table), i => i.Columns.SequenceEqual(insight.Columns));
    }

    [Fact]
    public void Facets_LargestTotalAtTypicalRate_ToldAsSizeNotRisk()
    {
        // State 01 (West) holds 40 million people at a rate of 3.1 per 100,000, inside the middle half of the states'
        // rates: it has the most murders because it is the largest state.
        var table = States(bigState: (1, 3.1));
        var rate = Assert.Single(table.Numeric, c => RowModels.IsPerExposure(table, c.Name));
        var lead = Assert.Single(StoryKinds.Of<RateStory>().Detect(table), i => i.Detail is ExposureRateDetail);

        var facet = Assert.Single(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.SizeNotRate });

        var d = (FacetDetail)facet.Detail;
        var sorted = rate.Values.Order().ToArray();
        var median = (sorted[19] + sorted[20]) / 2;
        Assert.Equal(("State 01", 1), (d.Groups[0].Label, d.Groups[0].N));
        Assert.Equal(Math.Round(3.1 * 400), d.Groups[0].Value, 6);
        Assert.Equal(median, d.Groups[2].Value, 9);
        Assert.StartsWith($"State 01 has the highest total, {Fmt.Num(Math.Round(3.1 * 400))}, only because its population is the largest", facet.Title, StringComparison.Ordinal);
        var higher = rate.Values.Count(v => v > d.Groups[0].Other);
        Assert.EndsWith($"is in the middle half of the 40 states (median {Fmt.Num(median)}; {higher} higher)", facet.Title, StringComparison.Ordinal);
        var story = StoryWriter.Write(table, facet);
        Assert.Contains("only because its population is the largest", story.Markdown, StringComparison.Ordinal);
        Assert.InRange(story.Charts.Count, 2, 4);
    }

    [Fact]
    public void Facets_LargestTotalAlsoHighRate_NoSizeStory()
    {
        // The largest state (South) also runs one of the highest rates: its total is a finding of risk, not of size.
        var table = States(bigState: (0, 6.5));
        var lead = Assert.Single(StoryKinds.Of<RateStory>().Detect(table), i => i.Detail is ExposureRateDetail);

        Assert.DoesNotContain(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.SizeNotRate });
    }

    [Fact]
    public void Analyze_NoRegionDiffers_NotTold()
    {
        var table = States(southHigh: false);
        var rate = Assert.Single(table.Numeric, c => RowModels.IsPerExposure(table, c.Name));

        Assert.Null(ExposureRates.Analyze(table, Column<CategoryColumn>(table, "region"), rate));
    }

    [Fact]
    public void Analyze_PooledRateAgainstItsRows_NotTold()
    {
        // One very populous South state at the lowest rate of all pulls the South's pooled rate to the bottom, while
        // the South's typical state is the highest: the pooled rate and the rows disagree on the standout.
        var table = States(bigLowState: true);
        var rate = Assert.Single(table.Numeric, c => RowModels.IsPerExposure(table, c.Name));
        var region = Column<CategoryColumn>(table, "region");
        Assert.NotNull(SegmentStory.Analyze(region, rate, Enumerable.Range(0, table.RowCount).ToArray()));

        Assert.Null(ExposureRates.Analyze(table, region, rate));
    }

    [Fact]
    public void ScaleOf_DerivedRate_ReadsItsScaleBack()
    {
        var table = States();
        var rate = Assert.Single(table.Numeric, c => RowModels.IsPerExposure(table, c.Name));

        Assert.Equal((100_000.0, "hundred thousand "), RowModels.ScaleOf(table, rate.Name));
        Assert.Null(RowModels.ScaleOf(table, "region"));
    }

    /// <summary>
    /// 400 courses: the evaluation rises a little with the instructor's looks (r about 0.18); with
    /// <paramref name="strongerRival"/>, class size goes with the evaluation more strongly.
    /// </summary>
    private static AnalysisTable Courses(bool strongerRival = false)
    {
        var (n1, n2, n3) = (Noise(400, 3), Noise(400, 5), Noise(400, 9));
        var beauty = n1.Select(v => Math.Round(v, 3)).ToArray();
        var size = n2.Select(v => Math.Round(40 + 10 * v)).ToArray();
        var eval = Enumerable.Range(0, 400).Select(i => Math.Round(4 + 0.05 * n1[i] + (strongerRival ? -0.15 * n2[i] : 0) + 0.45 * n3[i], 2)).ToArray();
        var age = Noise(400, 11).Select(v => Math.Round(45 + 8 * v)).ToArray();
        return StoryDiscovery.Prepare(Table(CsvText(("age", Box(age)), ("beauty", Box(beauty)), ("eval", Box(eval)), ("size", Box(size)))));
    }

    [Fact]
    public void Detect_SmallEffectOnNamedOutcome_ToldAsSmallWithItsSlope()
    {
        var table = Courses();

        var insight = Assert.Single(StoryKinds.Of<CorrelationStory>().Detect(table), i => i.Columns.Contains("eval"));
        var d = Assert.IsType<CorrelationDetail>(insight.Detail);

        Assert.True(d.Small, $"{insight.Title} r={d.Pearson.R} rho={d.Spearman.R} p={d.AdjustedP}");
        Assert.Equal(("beauty", "eval"), (d.X, d.Y));
        Assert.InRange(Math.Abs(d.Pearson.R), CorrelationStory.MinSmallR, CorrelationStory.MinAbsR);
        Assert.StartsWith("Higher beauty goes with slightly higher eval, a small effect: about ", insight.Title, StringComparison.Ordinal);
        Assert.Contains(Fmt.Num(d.LeastSquaresSlope), insight.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_SmallEffectWithStrongerRival_NotTold()
    {
        var table = Courses(strongerRival: true);

        Assert.DoesNotContain(StoryKinds.Of<CorrelationStory>().Detect(table), i => i.Detail is CorrelationDetail { Small: true } && i.Columns.Contains("beauty"));
    }

    private static T Column<T>(AnalysisTable table, string name) where T : DataColumn => (T)table.Find(name)!;
}
