using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// A count with its exposure over rows of very unequal exposure (ship types by yard: one type holds most of the months
/// of service): the groups' pooled rates are compared by a test of the pooled counts against exposure when the rows'
/// own rates, noisy where the exposure is small, do not separate them by rank; and the type with the most incidents only
/// because it has most of the service is told as size, not risk.
/// </summary>
public class UnequalExposureRateTests
{
    /// <summary>
    /// Five ship types in seven yards; each yard multiplies the incident rate (0.2 to 2.5 times), which spreads the rows'
    /// own rates more than the types do. Type B has 20,000 months in every yard (most of the service) at the lowest rate.
    /// </summary>
    private static AnalysisTable Ships(bool typesDiffer = true)
    {
        var rates = new Dictionary<string, double> { ["A"] = 4, ["B"] = 2, ["C"] = 2, ["D"] = 4, ["E"] = 6 };
        double[] yardFactor = [0.3, 0.6, 1, 1.4, 2, 2.5, 0.2];
        var service = new Dictionary<string, double[]>
        {
            ["A"] = [120, 900, 1500, 3000, 2200, 800, 400],
            ["C"] = [1100, 500, 800, 700, 1900, 300, 600],
            ["D"] = [250, 300, 350, 1200, 2000, 150, 500],
            ["E"] = [50, 800, 450, 1150, 2150, 550, 300],
        };
        var (type, yard, months, incidents) = (new List<string>(), new List<string>(), new List<double>(), new List<double>());
        foreach (var t in rates.Keys)
        {
            for (var y = 0; y < yardFactor.Length; y++)
            {
                var s = t == "B" ? 20_000 : service[t][y];
                type.Add(t);
                yard.Add($"y{y + 1}");
                months.Add(s);
                incidents.Add(Math.Round((typesDiffer ? rates[t] : 3) * yardFactor[y] * s / 1000));
            }
        }
        return StoryDiscovery.Prepare(Table(CsvText(("type", Box(type)), ("yard", Box(yard)), ("service", Box(months)), ("incidents", Box(incidents)))));
    }

    [Fact]
    public void Analyze_RowsOfUnequalExposure_PooledCountsTellTheTypesApart()
    {
        var table = Ships();
        var rate = Assert.Single(table.Numeric, c => RowModels.IsPerExposure(table, c.Name));
        var type = (CategoryColumn)table.Find("type")!;
        // The rows' own rates alone do not separate the types (the yards spread them more).
        var ranks = SegmentStory.Analyze(type, rate, Enumerable.Range(0, table.RowCount).ToArray())!;
        Assert.False(ranks.PValue < SegmentStory.SmallSampleMaxP && ranks.Test.EpsilonSquared >= SegmentStory.SmallSampleMinEpsilon);

        var d = ExposureRates.Analyze(table, type, rate);

        Assert.NotNull(d);
        Assert.Equal(("E", true), (d.Standout.Label, d.High));
        var q = Assert.IsType<PooledCountTest>(d.Pooled);
        Assert.True(q.PValue < SegmentStory.SmallSampleMaxP);
        Assert.True(q.Dispersion >= 1);
        Assert.Equal((4, 30), (q.Df1, q.Df2));
        // E's rate is all its incidents over all its service.
        var e = Array.IndexOf(type.Labels, "E");
        var rows = Enumerable.Range(0, table.RowCount).Where(r => type.Codes[r] == e).ToList();
        Assert.Equal(1000 * rows.Sum(r => rate.Values[r] * rate.Weights![r] / 1000) / rows.Sum(r => rate.Weights![r]), d.Standout.Rate, 6);
        var insight = Assert.Single(StoryKinds.Of<RateStory>().Detect(table), i => i.Detail is ExposureRateDetail { Category: "type" });
        Assert.Contains("quasi-Poisson", insight.Summary, StringComparison.Ordinal);
        Assert.Contains("quasi-Poisson F", StoryWriter.Write(table, insight).Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_RowsOfUnequalExposureSameRate_NotTold()
    {
        var table = Ships(typesDiffer: false);
        var rate = Assert.Single(table.Numeric, c => RowModels.IsPerExposure(table, c.Name));

        Assert.Null(ExposureRates.Analyze(table, (CategoryColumn)table.Find("type")!, rate));
    }

    [Fact]
    public void Facets_FewGroupsLargestTotalAtLowRate_ToldAsSizeAgainstTheRest()
    {
        var table = Ships();
        var lead = Assert.Single(StoryKinds.Of<RateStory>().Detect(table), i => i.Detail is ExposureRateDetail { Category: "type" });

        var facet = Assert.Single(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.SizeAgainstRest });

        var d = (FacetDetail)facet.Detail;
        var pooled = (ExposureRateDetail)lead.Detail;
        var b = pooled.Groups.Single(g => g.Label == "B");
        Assert.Equal(("B", b.Events, b.Rate), (d.Groups[0].Label, d.Groups[0].Value, d.Groups[0].Other));
        var restRate = 1000 * (pooled.Overall.Events - b.Events) / (pooled.Overall.Units - b.Units);
        Assert.Equal(restRate, d.Groups[1].Other, 9);
        Assert.StartsWith($"B has the most incidents, {Fmt.Num(b.Events)} of {Fmt.Num(pooled.Overall.Events)}, only because it has the most service ({Fmt.Pct(b.Units / pooled.Overall.Units)} of it)", facet.Title, StringComparison.Ordinal);
        Assert.EndsWith($"is below the {Fmt.Num(restRate)} of the other types", facet.Title, StringComparison.Ordinal);
        var story = StoryWriter.Write(table, facet);
        Assert.Contains("only because it has the most service", story.Markdown, StringComparison.Ordinal);
        Assert.Equal(2, story.Charts.Count);
    }

    [Fact]
    public void Facets_LargestTotalAtTheOthersRate_NoSizeStory()
    {
        // The same comparison with B's incidents raised to the other types' pooled rate: B still has the most incidents
        // and the most service, but its rate is no longer below the rest, so its total is not told as size.
        var table = Ships();
        var lead = Assert.Single(StoryKinds.Of<RateStory>().Detect(table), i => i.Detail is ExposureRateDetail { Category: "type" });
        var d = (ExposureRateDetail)lead.Detail;
        var b = d.Groups.Single(g => g.Label == "B");
        var rest = d.Groups.Where(g => g != b).ToList();
        var restRate = 1000 * rest.Sum(g => g.Events) / rest.Sum(g => g.Units);
        var raised = b with { Events = restRate * b.Units / 1000, Rate = restRate };
        var groups = d.Groups.Select(g => g == b ? raised : g).ToList();
        var overall = d.Overall with { Events = groups.Sum(g => g.Events), Rate = 1000 * groups.Sum(g => g.Events) / groups.Sum(g => g.Units) };
        var sameRate = lead with { Detail = d with { Groups = groups, Overall = overall } };

        Assert.Contains(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.SizeAgainstRest });
        Assert.DoesNotContain(FacetStory.Of(table, [sameRate]), f => f.Detail is FacetDetail { Aspect: FacetAspect.SizeAgainstRest or FacetAspect.SizeNotRate });
    }
}
