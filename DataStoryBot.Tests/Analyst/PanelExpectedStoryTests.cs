using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The expected story of a panel or a set of economic series among the three (issue 22): the real quantity's growth
/// before inflation, the largest entity before "big firms are big on everything", the fastest grower told once, and how
/// many countries moved one way on each of two measures.
/// </summary>
public class PanelExpectedStoryTests
{
    [Theory]
    [InlineData("cpi", true)]
    [InlineData("gdp_deflator", true)]
    [InlineData("Consumer Price Index", true)]
    [InlineData("price", false)]
    [InlineData("realgdp", false)]
    [InlineData("principal", false)]
    public void IsPriceIndex_Names_OnlyGeneralPriceIndexes(string column, bool expected) =>
        Assert.Equal(expected, ColumnMeaning.IsPriceIndex(column));

    [Fact]
    public void Ranked_RisingPriceIndexBesideRealOutput_TellsTheOutputsGrowthFirst()
    {
        // Fifty years: consumer prices rose faster every year, real output by about the same amount each year.
        var noise = Noise(50, 7, 100);
        var years = Enumerable.Range(1960, 50).ToList();
        var table = Table(CsvText(
            ("year", Box(years.Select(y => (double)y))),
            ("cpi", Box(years.Select(y => Math.Round(30 * Math.Exp(0.04 * (y - 1960)), 2)))),
            ("realgdp", Box(years.Select((y, i) => Math.Round(2000 + 150 * (y - 1960) + noise[i], 1))))));

        var trends = StoryDiscovery.Ranked(table, steering: null).Where(i => i.Kind is TrendStory).ToList();

        Assert.Equal(["year", "realgdp"], trends[0].Columns);
        Assert.Contains(trends, i => i.Columns.SequenceEqual(["year", "cpi"]));
    }

    /// <summary>Ten firms over 20 years; a firm's size sets its investment and value (sizes from 5 to 600), or its per-head measures.</summary>
    private static string Firms(bool withFirm, bool sizes)
    {
        var noise = Noise(400, 23, 0.15);
        double[] size = [600, 400, 100, 80, 60, 40, 30, 20, 10, 5];
        var sb = new StringBuilder(withFirm ? "firm,year,invest,value\n" : "year,invest,value\n");
        for (var f = 0; f < size.Length; f++)
        {
            for (var y = 0; y < 20; y++)
            {
                var level = sizes ? size[f] : 100 + 3 * f;
                var invest = level * Math.Exp(0.03 * y + noise[f * 20 + y]);
                var value = sizes ? 8 * level * Math.Exp(0.02 * y + noise[200 + f * 20 + y]) : 1000 * Math.Sqrt(invest) * Math.Exp(noise[200 + f * 20 + y] / 3);
                if (withFirm) sb.Append(CultureInfo.InvariantCulture, $"Firm {(char)('A' + f)},");
                sb.Append(CultureInfo.InvariantCulture, $"{1935 + y},{Math.Round(invest, 2)},{Math.Round(value, 1)}\n");
            }
        }
        return sb.ToString();
    }

    [Fact]
    public void Detect_PanelOfFirmSizes_PooledRelationOfTwoSizesIsDiscounted()
    {
        var panel = StoryDiscovery.Prepare(Table(Firms(withFirm: true, sizes: true)));
        var pooled = StoryDiscovery.Prepare(Table(Firms(withFirm: false, sizes: true)));
        Assert.True(panel.Time.IsPanel);
        Assert.False(pooled.Time.IsPanel);

        var inPanel = Assert.Single(new CorrelationStory().Detect(panel), i => i.Columns.SequenceEqual(["invest", "value"]));
        var alone = Assert.Single(new CorrelationStory().Detect(pooled), i => i.Columns.SequenceEqual(["invest", "value"]));

        Assert.Equal(alone.Impact * CorrelationStory.PanelSizeDiscount, inPanel.Impact, 9);
    }

    [Fact]
    public void Detect_PanelOfPerHeadMeasures_RelationKeepsItsWeight()
    {
        // Firms of about one size whose value follows their investment year by year: a relation within the firms.
        var panel = StoryDiscovery.Prepare(Table(Firms(withFirm: true, sizes: false)));
        var pooled = StoryDiscovery.Prepare(Table(Firms(withFirm: false, sizes: false)));
        Assert.True(panel.Time.IsPanel);

        var inPanel = Assert.Single(new CorrelationStory().Detect(panel), i => i.Columns.SequenceEqual(["invest", "value"]));
        var alone = Assert.Single(new CorrelationStory().Detect(pooled), i => i.Columns.SequenceEqual(["invest", "value"]));

        Assert.Equal(alone.Impact, inPanel.Impact, 9);
    }

    [Fact]
    public void Ranked_OneFirmGrewFarFaster_ToldAsTheFastestGrowerNotAsItsTrendAlone()
    {
        // Ten firms growing 3% a year; Firm C grew 20% a year.
        var noise = Noise(200, 31, 0.02);
        var sb = new StringBuilder("firm,year,capital\n");
        for (var f = 0; f < 10; f++)
            for (var y = 0; y < 20; y++)
                sb.Append(CultureInfo.InvariantCulture, $"Firm {(char)('A' + f)},{1935 + y},{Math.Round((50 + 20 * f) * Math.Exp((f == 2 ? 0.2 : 0.03) * y + noise[f * 20 + y]), 2)}\n");
        var ranked = StoryDiscovery.Ranked(Table(sb.ToString()), steering: null);

        Assert.Contains(ranked, i => i.Detail is GroupSeriesDetail { Kind: "growth", Leader.Label: "Firm C" });
        Assert.DoesNotContain(ranked, i => i.Detail is TrendDetail { Series.SubsetValue: "Firm C" });
    }

    [Fact]
    public void Discover_LifeRoseAndFertilityFellInMostCountries_TellsBoth()
    {
        // Thirty countries in five regions over 1955-2005: life expectancy rose and fertility fell in every one, and
        // fertility differs sharply by region.
        var noise = Noise(30 * 11 * 2, 5, 0.02);
        var sb = new StringBuilder("country,region,year,life_expect,fertility\n");
        for (var c = 0; c < 30; c++)
        {
            var region = c % 5;
            for (var k = 0; k < 11; k++)
            {
                var life = (45 + 4 * region) * (1 + 0.03 * k + noise[c * 22 + k]);
                var fertility = (7 - region) * Math.Exp(-0.06 * k + noise[c * 22 + 11 + k]);
                sb.Append(CultureInfo.InvariantCulture, $"Country {c:00},Region {(char)('A' + region)},{1955 + 5 * k},{Math.Round(life, 1)},{Math.Round(fertility, 2)}\n");
            }
        }

        var picked = StoryDiscovery.Discover(StoryDiscovery.Prepare(Table(sb.ToString())), steering: null);

        Assert.Contains(picked, i => i.Detail is GroupSeriesDetail { Kind: "breadth", Measure: "life_expect" });
        Assert.Contains(picked, i => i.Detail is GroupSeriesDetail { Kind: "breadth", Measure: "fertility" });
    }

    [Fact]
    public void Detect_SubjectsMeasuredAtSeveralAges_ComparesTheGroupsOnePerSubject()
    {
        // Forty girls, each measured at five ages: twenty patients exercising about twice as much as twenty controls.
        var noise = Noise(240, 13, 0.3);
        var sb = new StringBuilder("subject,age,exercise,group\n");
        for (var g = 0; g < 40; g++)
        {
            var patient = g % 2 == 0;
            var level = (patient ? 3.0 : 1.5) * Math.Exp(noise[200 + g]);
            for (var k = 0; k < 5; k++)
                sb.Append(CultureInfo.InvariantCulture, $"S{g:00},{8 + 2 * k},{Math.Round(level * Math.Exp(noise[g * 5 + k]), 2)},{(patient ? "patient" : "control")}\n");
        }
        var table = StoryDiscovery.Prepare(Table(sb.ToString()));

        var segment = Assert.Single(new SegmentStory().Detect(table), i => i.Columns.SequenceEqual(["group", "exercise"]));

        var detail = Assert.IsType<SegmentDetail>(segment.Detail);
        Assert.Equal("subject", detail.Entity);
        Assert.Equal(40, detail.Test.N);
        Assert.Equal("patient", detail.Groups[0].Label);
        Assert.Contains("median of each subject's average exercise", segment.Summary, StringComparison.Ordinal);
    }
}
