using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// A state an item is in today read by the date it began (purchase): the periods are cohorts, and the older items have
/// mostly left service, so their share in repair is low by survivorship, not because the gap is recent.
/// </summary>
public partial class SupportingFactsTests
{
    /// <summary>
    /// Assets bought over five years: a quarter of the Latitudes still in service are in repair against 5% of the other
    /// models, in every purchase quarter alike; 85% of the assets bought in the first two years are retired.
    /// </summary>
    public static string Assets(int n = 4000, int seed = 3)
    {
        var rng = new Random(seed);
        string[] others = ["iPhone Mini", "ThinkPad Carbon", "Dell Monitor", "Surface Pro"];
        var sb = new StringBuilder("asset_tag,model,state,purchase_date\n");
        var first = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        for (var i = 0; i < n; i++)
        {
            var latitude = rng.NextDouble() < 0.3;
            var bought = first.AddDays(rng.Next(0, 5 * 365));
            var retired = rng.NextDouble() < (bought.Year < 2021 ? 0.85 : 0.05);
            var state = retired ? "Retired" : rng.NextDouble() < (latitude ? 0.25 : 0.05) ? "In repair" : "In use";
            sb.Append(CultureInfo.InvariantCulture, $"P{i + 100000},{(latitude ? "Latitude Slim" : others[rng.Next(others.Length)])},{state},{bought:yyyy-MM-dd}\n");
        }
        return sb.ToString();
    }

    [Fact]
    public void ByPeriod_TodaysStateByPurchaseQuarter_ReadsOnlyTheItemsInServiceAndNeverAsRecent()
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(Assets()), null, [StoryKinds.Of<RateStory>()]);
        var story = ranked.First(i => i.Detail is RateGroupDetail { Group: "model" } d && d.Standout.Label == "Latitude Slim");
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.ByPeriod(table, story, rows);

        // Among the assets not retired the Latitudes are in repair more in every purchase quarter: steady, not "recent".
        Assert.NotNull(fact);
        Assert.StartsWith("It is steady among the assets not Retired, by purchase date:", fact.Sentence, StringComparison.Ordinal);
        AssertRecorded(fact, "model");
    }

    /// <summary>A leader whose rows are like everyone else's: the count is volume, not one kind of row nor slower work.</summary>
    [Fact]
    public void LeaderAlike_CallerWithOrdinaryIncidents_SaysTheirMixAndPaceAreTheOthers()
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(Incidents()), null, [StoryKinds.Of<StandoutStory>()]);
        var story = ranked.First(i => i.Detail is StandoutDetail { Column: "caller", Within: null } d && d.Label == "Rick Berzle");
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var facts = OwnRowsFacts.LeaderAlike(table, story, rows).ToList();

        var mix = Assert.Single(facts, f => f.Sentence.Contains("are no one kind of incidents: by category", StringComparison.Ordinal));
        Assert.Contains("Hardware", mix.Sentence, StringComparison.Ordinal);
        AssertRecorded(mix, "caller");
        var pace = Assert.Single(facts, f => f.Sentence.Contains("take as long as the other incidents from opened at to closed at", StringComparison.Ordinal));
        AssertRecorded(pace, "caller");
        Assert.Contains(pace.Facts, f => f.Columns.Contains("closed_at"));
        // A standout within a category (Australia's Hardware incidents) is no leader: nothing said.
        var cell = ranked.First(i => i.Detail is StandoutDetail { Within: not null });
        Assert.Empty(OwnRowsFacts.LeaderAlike(table, cell, Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, cell))));
    }

    [Fact]
    public void LeaderAlike_CallerWhoRaisesOnlyHardware_SaysNothing()
    {
        // The same incidents, but the busy caller's rows are all Hardware: a mix unlike the others', so not "no one kind".
        var csv = string.Join('\n', Incidents().Split('\n').Select((line, i) => i > 0 && line.Contains(",Rick Berzle,", StringComparison.Ordinal) && !line.Contains(",Hardware,", StringComparison.Ordinal) ? "" : line).Where(l => l.Length > 0)) + "\n";
        var (table, ranked) = StoryDiscovery.Ranked(Table(csv), null, [StoryKinds.Of<StandoutStory>()]);
        var story = ranked.FirstOrDefault(i => i.Detail is StandoutDetail { Column: "caller", Within: null } d && d.Label == "Rick Berzle");
        Assert.NotNull(story);
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        Assert.DoesNotContain(OwnRowsFacts.LeaderAlike(table, story, rows), f => f.Sentence.Contains("no one kind", StringComparison.Ordinal));
    }
}
