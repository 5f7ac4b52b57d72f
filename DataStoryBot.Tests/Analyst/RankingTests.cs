using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Tests.BusinessTables;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>Which stories win the three slots (issue 21): different outcomes are different findings, twins are told once,
/// a handful of rows does not lead, an outcome is not the driver of another.</summary>
public class RankingTests
{
    private static AnalysisTable Export(string name) => Table(File.ReadAllText(Path.Combine(BusinessTablesSuite.DataFolder, name)));

    [Fact]
    public void Discover_LateByCarrierAndDamageByWarehouse_BothRateStoriesWinASlot()
    {
        // Shipments: late deliveries concentrate on one carrier, damage on one warehouse. Two outcomes, two findings:
        // the second rate story must not lose its slot to a skew description for being "the same kind".
        var picked = StoryDiscovery.Discover(Export("shipments.csv"), null);
        Assert.Contains(picked, p => p.Kind is RateStory && p.Columns.Contains("late") && p.Columns.Contains("carrier"));
        Assert.Contains(picked, p => p.Kind is RateStory && p.Columns.Contains("damaged") && p.Columns.Contains("origin_warehouse"));
    }

    [Fact]
    public void Ranked_OutcomeByAnotherOutcome_IsNotTold()
    {
        // Change requests: whether a change caused an incident and how it closed are both what happened to it.
        var ranked = StoryDiscovery.Ranked(Export("change_requests.csv"), null);
        Assert.DoesNotContain(ranked, i => i.Kind is RateStory && i.Columns.Contains("close_code") && i.Columns.Contains("caused_incident"));
        Assert.Contains(ranked, i => i.Kind is RateStory && i.Columns.Contains("close_code") && i.Columns.Contains("type"));
    }

    [Fact]
    public void Discover_TwinCountsOfEachTweet_OneTrendNotTwo()
    {
        // Retweets and favourites of each tweet move together row by row: their rise over time is one story.
        var picked = StoryDiscovery.Discover(Export("campaign_tweets.csv"), null);
        Assert.True(picked.Count(p => p.Kind is TrendStory && (p.Columns.Contains("retweet_count") || p.Columns.Contains("favorite_count"))) <= 1,
            string.Join(" | ", picked.Select(p => p.Title)));
    }

    [Fact]
    public void Detect_AverageOverAHandfulOfRows_DoesNotLead()
    {
        // 2,000 flights at four airports with ordinary delays (some early: an average, not a total), three at a tiny airport with huge ones.
        var random = new Random(3);
        var origins = Enumerable.Range(0, 2000).Select(i => new[] { "ATL", "ORD", "DFW", "DEN" }[i % 4]).Concat(["BMI", "BMI", "BMI"]).ToList();
        var delays = origins.Select(o => o == "BMI" ? 400.0 + random.Next(50) : random.Next(-10, 60)).ToList();
        var csv = CsvText(("origin", Box(origins)), ("delay_minutes", Box(delays)));
        Assert.DoesNotContain(new OutstandingCategoryStory().Detect(Table(csv)), i => i.Title.Contains("BMI", StringComparison.Ordinal));
        // The same lead over enough rows is told.
        var many = Enumerable.Repeat("BMI", 40).ToList();
        var csv2 = CsvText(("origin", Box(origins.Take(2000).Concat(many))), ("delay_minutes", Box(delays.Take(2000).Concat(many.Select(_ => 400.0 + random.Next(50))))));
        Assert.Contains(new OutstandingCategoryStory().Detect(Table(csv2)), i => i.Title.Contains("BMI", StringComparison.Ordinal));
    }
}
