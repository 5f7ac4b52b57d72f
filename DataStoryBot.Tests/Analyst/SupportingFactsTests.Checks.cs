using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The two checks every supporting fact passes (issue 21, a second reader's REPEAT and UNRELATED): it does not only
/// restate its lead's figures, and it names something of its lead (a column, the group, the measure).
/// </summary>
public class SupportingFactsCheckTests
{
    private static Insight AnyStory(string title, string summary, params string[] columns) =>
        new(StoryKinds.Of<RateStory>(), columns, title, summary, ["bar"], "", 0, 0.001, 0, 100, 0.5, new object());

    private static SupportingFact Fact(Insight story, string sentence, params string[] figures) =>
        new(story, sentence, figures.Select(f => new NarrativeFact(f, double.Parse(f.TrimEnd('%').Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture), "a figure", story.Columns, "all rows")).ToList());

    // ---------------------------------------------------------------- REPEAT: the lead's figures again

    [Fact]
    public void Restates_FactStatingOnlyTheLeadsFigures_IsARepeat()
    {
        var story = AnyStory("Travel expense claims: declined 40% of the time (223 of 559)", "Travel claims are declined 40% (223 of 559), against 7.5% for the others.", "category", "state");
        var lead = story.Title + "\n" + story.Summary;
        var repeat = Fact(story, "Of the 559 Travel expense claims, 223 (40%) were declined, against 7.5% of the others.", "559", "223", "40%", "7.5%");

        Assert.True(SupportingFacts.Restates(repeat, lead));
    }

    [Fact]
    public void Restates_FactWithAFigureOfItsOwn_IsNoRepeat()
    {
        var story = AnyStory("Travel expense claims: declined 40% of the time (223 of 559)", "Travel claims are declined 40% (223 of 559), against 7.5% for the others.", "category", "state");
        var lead = story.Title + "\n" + story.Summary;
        // Two of the lead's figures and one of its own (the employee's 112): what the lead did not say.
        var fresh = Fact(story, "Of the 223 declined Travel expense claims, 112 (50%) are Dana Whitfield's.", "223", "112", "50%");
        // A single figure of the lead ("in every one of the 12 months") is no restatement either.
        var single = Fact(story, "It is steady in every one of the 12 months.", "12");

        Assert.False(SupportingFacts.Restates(fresh, lead));
        Assert.False(SupportingFacts.Restates(single, lead));
    }

    // ---------------------------------------------------------------- UNRELATED: nothing of the lead named

    /// <summary>Tweets over a year whose favourites rise; the later ones carry a link more often (another matter).</summary>
    private static AnalysisTable Tweets()
    {
        var rng = new Random(4);
        var sb = new StringBuilder("tweet_id,created_at,text,favorite_count\n");
        for (var i = 0; i < 600; i++)
        {
            var at = new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Unspecified).AddDays(rng.Next(0, 365));
            var late = at.DayOfYear > 240;
            var text = late && rng.NextDouble() < 0.5 ? "watch this link now" : "great rally tonight";
            sb.Append(CultureInfo.InvariantCulture, $"T{i:0000},{at:yyyy-MM-dd HH:mm},{text},{1000 + at.DayOfYear * 50 + rng.Next(0, 500)}\n");
        }
        return Table(sb.ToString());
    }

    [Fact]
    public void Concerns_ATrendsLaterRowsWordsNamingNeitherMeasureNorColumn_AreUnrelated()
    {
        var table = Tweets();
        var story = AnyStory("Favorite count rose steadily", "Favorite count rose from 1,000 to 19,000.", "created_at", "favorite_count");
        var late = ((DateColumn)table.Find("created_at")!).Days.Select(d => DateColumn.ToDateTime(d).DayOfYear > 240).ToArray();
        var early = late.Select(x => !x).ToArray();
        var m = (NumericColumn)table.Find("favorite_count")!;
        // A trend's rows: a stretch of time, no group.
        var rows = new StoryRows("tweets of the last third of the span", "those of the first third", ["created_at", "favorite_count"], late, late.Select(_ => true).ToArray(), true,
            null, null, m, null, late, early, "tweets of the last third of the span", "those of the first third") { AboutTime = true };
        var subjects = OwnRowsFacts.Subjects(table, story, rows);

        var words = Fact(story, "'link' is in the text of 150 of the 300 tweets of the last third of the span (50%), against 0% of those of the first third.", "150", "300", "50%", "0%");
        var within = Fact(story, "It holds within both sources, the median favorite count for tweets of the last third of the span against those of the first third: iPhone 15,000 against 3,000.", "15,000", "3,000");

        Assert.False(SupportingFacts.Concerns(words, subjects));
        Assert.True(SupportingFacts.Concerns(within, subjects));
    }

    [Fact]
    public void Concerns_AFactAboutTheStorysGroup_IsRelated()
    {
        var (table, story) = SupportingFactsTests.TravelDeclined(SupportingFactsTests.Claims());
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));
        var subjects = OwnRowsFacts.Subjects(table, story, rows);

        Assert.True(SupportingFacts.Concerns(Fact(story, $"{Words.Cap(rows.Who)} also take longer to process: median 8 days against 3.", "8", "3"), subjects));
        Assert.False(SupportingFacts.Concerns(Fact(story, "Meals receipts are scanned 30% of the time against 12%.", "30%", "12%"), subjects));
    }
}
