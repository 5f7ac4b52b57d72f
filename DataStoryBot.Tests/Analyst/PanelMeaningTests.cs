using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// A panel (states once a year) read as one: a relation pooled over the states that turns the other way within each
/// state is the states' differences, not the relation (beer tax and traffic deaths); and a setting most states share
/// (a drinking age of 21) is no difference "by state" (issue 22: what a row is, WRONG stories of the second reader).
/// </summary>
public class PanelMeaningTests
{
    /// <summary>
    /// 40 states over 7 years: states with a higher tax have more deaths (a state trait drives both), but within a state a
    /// year of higher tax has fewer deaths. The limit column is 21 in 30 states and 18–20 in the others.
    /// </summary>
    private static AnalysisTable Panel(bool reversed)
    {
        var rng = new Random(83);
        var (state, year, tax, deaths, limit) = (new List<string>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var s = 0; s < 40; s++)
        {
            var trait = rng.NextDouble();
            for (var y = 0; y < 7; y++)
            {
                var wiggle = rng.NextDouble() - 0.5;
                state.Add($"S{s:00}");
                year.Add(1982 + y);
                tax.Add(Math.Round(0.2 + 2 * trait + 0.6 * wiggle, 3));
                deaths.Add(Math.Round(1 + 2 * trait + (reversed ? -1.2 : 1.2) * wiggle + 0.05 * (rng.NextDouble() - 0.5), 3));
                limit.Add(s < 30 ? 21 : Math.Round(15 + 6 * rng.NextDouble(), 1));
            }
        }
        return StoryDiscovery.Prepare(Table(CsvText(("state", Box(state)), ("year", Box(year)), ("tax", Box(tax)), ("deaths", Box(deaths)), ("legalage", Box(limit)))));
    }

    [Fact]
    public void ReversesWithin_PooledUpWithinDown_IsReversed()
    {
        var table = Panel(reversed: true);
        var (state, tax, deaths) = ((CategoryColumn)table.Find("state")!, (NumericColumn)table.Find("tax")!, (NumericColumn)table.Find("deaths")!);

        Assert.True(table.Time.IsPanel);
        Assert.True(CorrelationStory.WithinR(state, tax, deaths) < -0.5);
        Assert.True(CorrelationStory.ReversesWithin(state, tax, deaths, pooledR: 0.6));
        Assert.False(CorrelationStory.ReversesWithin(state, tax, deaths, pooledR: -0.6));
    }

    [Fact]
    public void Detect_PanelRelationThatTurnsWithinStates_NotTold_ThatHoldsWithin_Told()
    {
        static bool TaxDeaths(Insight i) => i.Columns.Contains("tax") && i.Columns.Contains("deaths");

        Assert.DoesNotContain(new CorrelationStory().Detect(Panel(reversed: true)), TaxDeaths);
        Assert.Contains(new CorrelationStory().Detect(Panel(reversed: false)), TaxDeaths);
    }

    /// <summary>A comparison of <paramref name="groups"/> states of which <paramref name="atTwentyOne"/> have a median of 21 and the others each their own, spread within.</summary>
    private static SegmentDetail Setting(int groups, int atTwentyOne) =>
        new("state", "legal age", Enumerable.Range(0, groups).Select(g => g < atTwentyOne
                ? new SegmentGroup($"S{g:00}", 7, 21, 19.5, 21, 20.4, 18, 21)
                : new SegmentGroup($"S{g:00}", 7, 17 + 0.1 * g, 16 + 0.1 * g, 18 + 0.1 * g, 17 + 0.1 * g, 15, 19)).ToList(),
            new DataStoryBot.Core.Analyst.Stats.KruskalWallisResult(120, groups - 1, 1e-9, 0.6, groups * 7));

    [Fact]
    public void IsStructure_SettingMostStatesShare_IsNoDifferenceByState()
    {
        // 30 of 40 states at 21: a common setting with a few exceptions, not states that "differ sharply".
        Assert.True(SegmentStory.IsStructure(Setting(40, 30)));
        // 15 of 40 at one median: the states do differ.
        Assert.False(SegmentStory.IsStructure(Setting(40, 15)));
        // Too few groups to speak of a setting most share.
        Assert.False(SegmentStory.IsStructure(Setting(4, 3)));
    }

    [Fact]
    public void Detect_PanelOutcomeByState_StillADifference()
    {
        // The states' own levels of an outcome still differ by state.
        Assert.Contains(new SegmentStory().Detect(Panel(reversed: false)), i => i.Columns.SequenceEqual(["state", "deaths"]));
    }
}
