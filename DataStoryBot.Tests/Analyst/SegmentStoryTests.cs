using System.Globalization;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

public class SegmentStoryTests
{
    private static List<Insight> Detect(AnalysisTable table) => StoryKinds.Of<SegmentStory>().Detect(StoryDiscovery.Prepare(table)).ToList();

    [Fact]
    public void Detect_SlowGroupDuration_TellsTheRatioAndMediansInWords()
    {
        var table = InsightRankerTests.Incidents(routed: false, seed: 51);

        var insight = Assert.Single(Detect(table), i => i.Columns.SequenceEqual(["category", "hours to resolve"]));

        var d = Assert.IsType<SegmentDetail>(insight.Detail);
        var slow = Assert.IsType<DurationGap>(d.Slowest);
        Assert.Equal("Hardware", slow.Label);
        Assert.Equal("to resolve", slow.What);
        Assert.InRange(slow.Ratio, 2.5, 3.5);
        Assert.StartsWith($"Hardware incidents take about {Fmt.Num(Math.Round(slow.Ratio, 1))} times as long to resolve as the others: median {Fmt.Num(slow.Median)} hours against {Fmt.Num(slow.RestMedian)}", insight.Title, StringComparison.Ordinal);
        var output = StoryWriter.Write(StoryDiscovery.Prepare(table), insight);
        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
        Assert.Contains("times as long to resolve as the rest", output.Markdown, StringComparison.Ordinal);
    }

    /// <summary>A balanced panel: every region once a year; region r25 scores highest and r28 lowest.</summary>
    private static AnalysisTable Panel(int regions, int years)
    {
        var rng = new Random(61);
        var (region, year, score) = (new List<string>(), new List<double>(), new List<double>());
        for (var g = 1; g <= regions; g++)
        {
            // Levels spread over the regions out of alphabetical order, so the first twelve hold neither end.
            var level = g == 25 ? 100 : g == 28 ? 0 : 20 + (g * 37 % regions) * 60.0 / regions;
            for (var y = 0; y < years; y++)
            {
                region.Add($"r{g:00}");
                year.Add(2000 + y);
                score.Add(level + rng.NextDouble() * 40);
            }
        }
        return Table(CsvText(("region", Box(region)), ("year", Box(year)), ("score", Box(score))));
    }

    [Fact]
    public void Detect_BalancedPanelOfThirtyGroups_ComparesAllAndNamesTheTrueEnds()
    {
        var insight = Assert.Single(Detect(Panel(30, 8)), i => i.Columns.SequenceEqual(["region", "score"]));

        var d = Assert.IsType<SegmentDetail>(insight.Detail);
        Assert.Equal(30, d.Groups.Count);
        Assert.False(d.Partial);
        Assert.Equal("r25", d.Groups[0].Label);
        Assert.Equal("r28", d.Groups[^1].Label);
        Assert.DoesNotContain("largest", insight.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_BalancedPanelOfEightyGroups_SaysOnlyTheLargestTwelveWereCompared()
    {
        var insight = Assert.Single(Detect(Panel(80, 6)), i => i.Columns.SequenceEqual(["region", "score"]));

        var d = Assert.IsType<SegmentDetail>(insight.Detail);
        Assert.Equal(SegmentStory.MaxLevels, d.Groups.Count);
        Assert.Equal(80, d.Levels);
        Assert.EndsWith($"among the {SegmentStory.MaxLevels} largest region groups", insight.Title, StringComparison.Ordinal);
        var output = StoryWriter.Write(StoryDiscovery.Prepare(Panel(80, 6)), insight);
        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
    }

    [Fact]
    public void Detect_NoSlowGroup_TellsNoDurationGap() =>
        Assert.DoesNotContain(Detect(InsightRankerTests.Incidents(routed: false, seed: 52, hardwareFactor: 1)), i => i.Detail is SegmentDetail { Slowest: not null });

    [Fact]
    public void Detect_TimeLimitFlagAgainstItsDuration_IsNotAStory()
    {
        // made_sla says whether the incident was resolved within 24 hours: resolution time "differing" by it is its definition.
        var rng = new Random(53);
        var start = new DateTime(2024, 1, 1);
        var opened = Enumerable.Range(0, 800).Select(i => start.AddHours(i * 7.0)).ToList();
        var hours = opened.Select(_ => 30 * Math.Exp(rng.NextDouble() - 0.5)).ToList();
        // Within one day, with a few recorded late by the desk (so the two groups overlap).
        var met = hours.Select((h, i) => h <= 24 || i % 23 == 0 ? "true" : "false").ToList();
        var table = Table(CsvText(
            ("opened_at", Box(opened.Select(o => o.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)))),
            ("resolved_at", Box(opened.Select((o, i) => o.AddHours(hours[i]).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)))),
            ("made_sla", Box(met))));

        Assert.DoesNotContain(Detect(table), i => i.Columns.Contains("made_sla"));
        Assert.True(SegmentStory.IsTimeLimitName("made_sla"));
    }
}
