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
/// A group's rows against the others on the rows' own extent (a distance, a weight): a measure that is not summed
/// (its name is a size, not an amount) but whose medians say the group's rows are of another kind (issue 21).
/// </summary>
public class SupportingFactsExtentTests
{
    /// <summary>
    /// Flights from two origins: 400 from FAR, late 30% of the time and flying about 1,000 miles; 1,600 from NEAR, late
    /// 15% of the time and flying about 500 miles. With <paramref name="lateFlyFarther"/>, NEAR's late flights fly 600
    /// miles farther than its others, so distance bears on lateness among the other rows too.
    /// </summary>
    private static (AnalysisTable Table, StoryRows Rows) Flights(string measure, bool lateFlyFarther = true)
    {
        var sb = new StringBuilder($"flight_id,origin,{measure},late\n");
        var id = 0;
        void Add(string origin, int n, int late, int miles, int lateExtra)
        {
            for (var i = 0; i < n; i++)
                sb.Append(CultureInfo.InvariantCulture, $"F{id++:00000},{origin},{miles + (i % 41) * 5 + (i < late ? lateExtra : 0)},{(i < late ? "yes" : "no")}\n");
        }
        Add("FAR", 400, 120, 1000, 0);
        Add("NEAR", 1600, 240, 500, lateFlyFarther ? 600 : 0);
        var table = Table(sb.ToString());
        var origin = (CategoryColumn)table.Find("origin")!;
        var late = (CategoryColumn)table.Find("late")!;
        var far = Array.IndexOf(origin.Labels, "FAR");
        var yes = Array.IndexOf(late.Labels, "yes");
        var y = late.Codes.Select(c => (sbyte)(c == yes ? 1 : 0)).ToArray();
        var inF = origin.Codes.Select(c => c == far).ToArray();
        var outcome = new RateOutcome("late", "yes", true, "late", []);
        var rows = new StoryRows("FAR flights", "the other flights", ["origin", "late"], inF, inF.Select(_ => true).ToArray(), true, outcome, y, null, origin,
            inF.Select((x, r) => x && y[r] == 1).ToArray(), inF.Select((x, r) => x && y[r] == 0).ToArray(), "FAR flights late", "the other FAR flights");
        return (table, rows);
    }

    private static Insight AnyStory() =>
        new(StoryKinds.Of<RateStory>(), ["origin", "late"], "Origin FAR: late 30% of the time (120 of 400)", "", ["bar"], "", 0, 0.001, 0, 100, 0.5, new object());

    [Fact]
    public void OtherOutcomes_GroupFlyingFarther_TellsTheDistance()
    {
        var (table, rows) = Flights("distance_miles");

        var facts = OwnRowsFacts.OtherOutcomes(table, AnyStory(), rows, extentsOnly: true).ToList();

        var fact = Assert.Single(facts, f => f.Sentence.Contains("distance (miles)", StringComparison.Ordinal));
        Assert.StartsWith("FAR flights also have higher distance (miles): median 1,098 against 620", fact.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherOutcomes_DistanceUnrelatedToLateness_IsNotTold()
    {
        // FAR flies farther, but among the other flights the late ones fly no farther: distance has no bearing on being
        // late, so FAR's distance says nothing of its lateness.
        var (table, rows) = Flights("distance_miles", lateFlyFarther: false);

        var facts = OwnRowsFacts.OtherOutcomes(table, AnyStory(), rows, extentsOnly: true).ToList();

        Assert.DoesNotContain(facts, f => f.Sentence.Contains("distance", StringComparison.Ordinal));
    }

    [Fact]
    public void OtherOutcomes_ALevelPerRow_IsNotTold()
    {
        // Miles per gallon is a level of the row, not its extent: never compared as an amount.
        var (table, rows) = Flights("miles_per_gallon");

        var facts = OwnRowsFacts.OtherOutcomes(table, AnyStory(), rows, extentsOnly: true).ToList();

        Assert.DoesNotContain(facts, f => f.Sentence.Contains("gallon", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("distance_miles", true)]
    [InlineData("parcel_weight_kg", true)]
    [InlineData("avg_distance", false)]
    [InlineData("miles_per_gallon", false)]
    [InlineData("amount", false)]
    public void IsExtent_MeasureNames_ReadAsTheRowsExtent(string name, bool extent) =>
        Assert.Equal(extent, OwnRowsFacts.IsExtent(name));
}
