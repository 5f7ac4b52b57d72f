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
