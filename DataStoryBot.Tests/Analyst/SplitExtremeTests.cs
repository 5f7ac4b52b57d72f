using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// Beside a count split at a cut of its driver (every cold launch had an O-ring failure), the finding at its extreme:
/// the coldest launch had the worst damage of all, read from the count or a measure of the same incident.
/// </summary>
public class SplitExtremeTests
{
    /// <summary>
    /// 24 flights: the 4 below 60 degrees all had failures, 3 of the 20 warmer ones did. <paramref name="coldestDamage"/>
    /// is the damage index of the coldest flight (45 degrees, 2 failures, as one warm flight had); every other damaged flight has 2 to 4.
    /// </summary>
    private static AnalysisTable Flights(double coldestDamage)
    {
        var rows = new List<(string Flight, double Temperature, double Failures, double Damage)>
        {
            ("F01", 45, 2, coldestDamage), ("F02", 52, 1, 4), ("F03", 55, 1, 4), ("F04", 58, 1, 2),
        };
        for (var i = 0; i < 20; i++)
        {
            var hit = i is 3 or 9 or 15;
            // One warm flight had 2 failures too: the count alone has no single highest.
            rows.Add(($"F{i + 5:00}", 62 + i, hit ? (i == 15 ? 2 : 1) : 0, hit ? 4 : 0));
        }
        return StoryDiscovery.Prepare(Table(CsvText(("FlightNumber", Box(rows.Select(r => r.Flight))), ("Temperature", Box(rows.Select(r => r.Temperature))),
            ("nFailures", Box(rows.Select(r => r.Failures))), ("Damage", Box(rows.Select(r => r.Damage))))));
    }

    private static Insight Lead(AnalysisTable table) =>
        StoryKinds.Of<CorrelationStory>().Detect(table).First(i => i.Detail is CorrelationDetail { Split: not null });

    [Fact]
    public void Of_ColdestFlightHasTheWorstDamage_ToldAsTheSplitsExtreme()
    {
        var table = Flights(coldestDamage: 11);
        var lead = Lead(table);

        var facet = Assert.Single(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.SplitExtreme });

        var d = (FacetDetail)facet.Detail;
        Assert.Equal(("Temperature", "Damage", 45.0, 11.0, 4.0), (d.X, d.Y, d.Groups[0].Value, d.Groups[0].Other, d.Groups[1].Other));
        Assert.Equal("At the lowest temperature, 45 (flight number F01), damage was the highest of all: 11, against at most 4 among the other flights", facet.Title);
        var story = DataStoryBot.Core.Analyst.Refine.StoryWriter.Write(table, facet);
        Assert.Equal(2, story.Charts.Count);
    }

    [Fact]
    public void Of_ColdestFlightNotTheWorst_NoExtremeFacet()
    {
        // The coldest flight's damage (2) is below other flights' 4: the extreme does not hold the worst case.
        var table = Flights(coldestDamage: 2);
        var lead = Lead(table);

        Assert.DoesNotContain(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.SplitExtreme });
    }
}
