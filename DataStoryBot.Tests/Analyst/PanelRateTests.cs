using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// A panel's entities on a rate per exposure (traffic deaths per ten thousand people, each state once a year): each
/// state's lasting level is the finding even when the states explain nearly all of the rate's variation (issue 22, fatalities).
/// </summary>
public class PanelRateTests
{
    /// <summary>30 states over 7 years, populations from 0.3 to 30 million; S07 has the highest death rate, S19 the lowest.</summary>
    private static AnalysisTable Panel()
    {
        var rng = new Random(97);
        var (state, year, deaths, pop, miles) = (new List<string>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var s = 0; s < 30; s++)
        {
            var size = 300_000 * Math.Pow(100, (s * 11 % 30) / 29.0);
            var rate = s == 7 ? 3.7 : s == 19 ? 1.1 : 1.4 + (s * 7 % 30) * 1.8 / 30;
            for (var y = 0; y < 7; y++)
            {
                var people = Math.Round(size * (1 + 0.01 * y));
                state.Add($"S{s:00}");
                year.Add(1982 + y);
                pop.Add(people);
                deaths.Add(Math.Round((rate + 0.08 * (rng.NextDouble() - 0.5)) * people / 10_000));
                miles.Add(Math.Round(people * (0.009 + 0.001 * rng.NextDouble())));
            }
        }
        return StoryDiscovery.Prepare(Table(CsvText(("state", Box(state)), ("year", Box(year)), ("deaths", Box(deaths)), ("pop", Box(pop)), ("milestot", Box(miles)))));
    }

    [Fact]
    public void Detect_PanelRatePerPopulationByState_ToldAsPooledRateWithItsEnds()
    {
        var table = Panel();
        var rate = Assert.Single(table.Numeric, c => c.Name.StartsWith("deaths per", StringComparison.Ordinal));
        Assert.True(table.Time.IsPanel);
        Assert.True(SegmentStory.IsLastingRate(table, (CategoryColumn)table.Find("state")!, rate));

        var insight = Assert.Single(StoryKinds.Of<RateStory>().Detect(table), i => i.Columns.SequenceEqual(["state", rate.Name]));
        var d = Assert.IsType<ExposureRateDetail>(insight.Detail);

        Assert.True(d.HighestAgainstLowest);
        Assert.Equal(("S07", "S19"), (d.Standout.Label, d.Other.Label));
        Assert.Equal(3.7, d.Standout.Rate, 1);
        Assert.StartsWith($"{Words.Cap(Words.Label("state", "S07"))} has the highest", insight.Title, StringComparison.Ordinal);
        Assert.Contains($"the lowest of 30 states", insight.Title, StringComparison.Ordinal);
        // Told once: the medians of the same comparison are not a segment story beside it.
        Assert.DoesNotContain(StoryKinds.Of<SegmentStory>().Detect(table), i => i.Columns.SequenceEqual(["state", rate.Name]));
    }
}
