using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// Fewer, better fillers (issue 22, item 5, second reading): a shape over a design's cells or repeated measures is not
/// told; among many groups no arbitrary pair is compared, how many moved one way is; two short trends that happen to
/// correlate are not one quantity; a small table of codes and counts still gets three candidates, none describing the
/// count or a code as a quantity. Each rule on a small table built here.
/// </summary>
public class FillerRulesTests
{
    [Theory]
    [InlineData("grade,n\nA,3\nB,5\nC,2\nD,7\nE,1\nF,4\n")]
    [InlineData("class,n\n1,30\n2,25\n3,12\n")]
    [InlineData("sex,n\nM,30\nF,25\n")]
    [InlineData("code,count\n1,3\n2,5\n3,2\n4,7\n5,1\n6,4\n")]
    [InlineData("type,count\nA,3\nB,5\nA,2\nB,7\nC,1\nC,4\n")]
    public void Discover_TinyTableOfCodesAndCounts_ThreeCandidatesNoneDescribingACountOrCode(string csv)
    {
        var stories = StoryDiscovery.Discover(Table(csv), null);
        var titles = string.Join(" | ", stories.Select(s => s.Title));
        Assert.Equal(3, stories.Count);
        Assert.Equal(3, stories.Select(s => s.Title).Distinct().Count());
        // The count is never "a typical n", nor the code "a typical class", nor their extremes.
        Assert.DoesNotContain(stories, s => s.Title.StartsWith("What a typical", StringComparison.Ordinal) || s.Title.StartsWith("The highest and lowest", StringComparison.Ordinal));
        // The counts weight the split: the most common value is the one with the largest count, not the most rows.
        var common = stories.Single(s => s.Title.StartsWith("The most common", StringComparison.Ordinal));
        var top = ((FrequencyDetail)common.Detail).Breakdown.Totals[0];
        Assert.True(top.Label is "D" or "class 1" or "M" or "4" or "B", titles);
    }

    [Fact]
    public void Detect_LifeTableByAgeAndSex_NoSkewOfTheGrid()
    {
        // A probability of dying by single year of age for two sexes: lopsided only because it grows exponentially along the age grid.
        var ages = Enumerable.Range(0, 100).ToList();
        var rows = ages.SelectMany(a => new[] { (Sex: "male", a), (Sex: "female", a) }).ToList();
        var prob = rows.Select(r => Math.Round(0.0002 * Math.Exp(0.085 * r.a) * (r.Sex == "male" ? 1.3 : 1), 6)).ToArray();
        var table = StoryDiscovery.Prepare(Table(CsvText(("age", Box(rows.Select(r => (double)r.a))), ("sex", Box(rows.Select(r => r.Sex))), ("prob", Box(prob)))));
        Assert.Contains("age", table.Model.Factors);
        Assert.Empty(new DistributionStory().Detect(table));
    }

    [Fact]
    public void Detect_RepeatedMeasuresOfSubjects_NoSkewOfThePooledRows()
    {
        // 60 subjects measured four times each: a few subjects with very large values make the pooled rows lopsided.
        var rng = new Random(3);
        var subject = Enumerable.Range(0, 240).Select(i => (double)(100 + i / 4)).ToArray();
        var hours = Enumerable.Range(0, 240).Select(i => Math.Round((i / 4 % 12 == 0 ? 12 : 1) * (0.5 + rng.NextDouble()), 2)).ToArray();
        var table = StoryDiscovery.Prepare(Table(CsvText(("subject", Box(subject)), ("hours", Box(hours)))));
        Assert.True(table.Model.Kind == Core.Analyst.Data.RowKind.Repeated, $"{table.Model}");
        Assert.Empty(new DistributionStory().Detect(table));
    }

    /// <summary>40 countries over 20 years, 36 of them falling; two early in the alphabet cross mid-way.</summary>
    private static string ManyCountries()
    {
        var rows = new List<(string Country, double Year, double Value)>();
        for (var c = 0; c < 40; c++)
        {
            var name = $"Country {(char)('A' + c / 26)}{(char)('a' + c % 26)}";
            var noise = Noise(20, 100 + c, 0.05);
            for (var y = 0; y < 20; y++)
            {
                var value = c switch
                {
                    0 => 5 - 0.2 * y,
                    1 => 3.2 - 0.02 * y,
                    >= 36 => 2 + 0.01 * (y % 3),
                    _ => 6 - 0.1 * y - 0.02 * c,
                };
                rows.Add((name, 1990 + y, Math.Round(value + noise[y], 3)));
            }
        }
        return CsvText(("country", Box(rows.Select(r => r.Country))), ("year", Box(rows.Select(r => r.Year))), ("fertility", Box(rows.Select(r => r.Value))));
    }

    [Fact]
    public void Detect_ManyGroups_NoOvertakingOfAnArbitraryPairButHowManyMoved()
    {
        var table = StoryDiscovery.Prepare(Table(ManyCountries()));
        Assert.True(table.Time.IsPanel);
        var found = new GroupSeriesStory().Detect(table).ToList();
        Assert.DoesNotContain(found, i => i.Detail is GroupSeriesDetail { Kind: "gap" });
        var breadth = Assert.Single(found, i => i.Detail is GroupSeriesDetail { Kind: "breadth" });
        Assert.Equal("Fertility fell in 36 of 40 countries from 1990 to 2009", breadth.Title);
    }

    [Fact]
    public void Detect_FewGroups_StillComparesAPair()
    {
        // Four groups, all compared: the overtaking between two of them is among the largest, and is told.
        var rows = new List<(string G, double Year, double V)>();
        for (var y = 0; y < 20; y++)
        {
            rows.Add(("north", 2000 + y, 10 + 0.5 * y));
            rows.Add(("south", 2000 + y, 15 - 0.1 * y + (y % 2) * 0.05));
            rows.Add(("east", 2000 + y, 4 + (y % 3) * 0.1));
            rows.Add(("west", 2000 + y, 3 + (y % 2) * 0.1));
        }
        var table = StoryDiscovery.Prepare(Table(CsvText(("region", Box(rows.Select(r => r.G))), ("year", Box(rows.Select(r => r.Year))), ("sales", Box(rows.Select(r => r.V))))));
        var found = new GroupSeriesStory().Detect(table).ToList();
        Assert.True(found.Any(i => i.Title == "north overtook south in sales around 2009"), string.Join(" | ", found.Select(i => i.Title)));
        Assert.DoesNotContain(found, i => i.Detail is GroupSeriesDetail { Kind: "breadth" });
    }

    [Fact]
    public void Prepare_TwoShortTrendsThatHappenToCorrelate_KeepsBoth()
    {
        // Ten years of two unrelated falling series (r > 0.99 in levels, not in their year-to-year changes).
        double[] divorce = [5.0, 4.7, 4.6, 4.4, 4.3, 4.1, 4.2, 4.2, 4.2, 4.1];
        double[] margarine = [8.2, 7.0, 6.5, 5.3, 5.2, 4.0, 4.6, 4.5, 4.2, 3.7];
        var years = Enumerable.Range(2000, 10).Select(y => (double)y).ToArray();
        var table = StoryDiscovery.Prepare(Table(CsvText(("year", Box(years)), ("divorce_rate", Box(divorce)), ("margarine", Box(margarine)))));
        Assert.NotNull(table.Find("margarine"));
        var stories = StoryDiscovery.Discover(Table(CsvText(("year", Box(years)), ("divorce_rate", Box(divorce)), ("margarine", Box(margarine)))), null);
        Assert.Contains(stories, s => s.Kind is TrendStory && s.Columns.Contains("margarine"));
    }

    [Fact]
    public void Prepare_OneValueInTwoUnitsOverAFewRows_KeepsOne()
    {
        double[] km = [12, 15, 11, 19, 25, 14, 17, 30, 22, 16];
        var miles = km.Select(k => Math.Round(k * 0.621371, 4)).ToArray();
        var table = StoryDiscovery.Prepare(Table(CsvText(("distance_km", Box(km)), ("distance_miles", Box(miles)), ("stops", Box(km.Select((k, i) => (double)(i % 4)))))));
        Assert.Null(table.Find("distance_miles"));
    }
}
