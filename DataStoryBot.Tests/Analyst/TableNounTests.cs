using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>Issue 21, item 8: stories call a row what it is ("incidents"), read from the row's id.</summary>
public class TableNounTests
{
    [Fact]
    public void Of_IdsWithAnIncidentPrefix_AreIncidents()
    {
        Assert.Equal("incidents", TableNoun.Of(Table(DurationTests.Incidents())));
    }

    [Fact]
    public void Of_IdColumnNamedForClaims_AreClaims_WithoutAnIdRowsStayRows()
    {
        var ids = Enumerable.Range(0, 200).Select(i => (7000 + i * 13).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var amounts = Noise(200, 3).Select(v => Math.Round(100 + 20 * v, 2)).ToList();
        Assert.Equal("claims", TableNoun.Of(Table(CsvText(("claim_id", Box(ids)), ("amount", Box(amounts))))));
        Assert.Equal("rows", TableNoun.Of(Table(CsvText(("amount", Box(amounts)), ("region", Box(amounts.Select((_, i) => "r" + (i % 4))))))));
        // An id that is not the row's own (an employee on many claims) does not name the rows.
        Assert.Equal("rows", TableNoun.Of(Table(CsvText(("employee_id", Box(ids.Select((_, i) => "E" + (i % 20)))), ("amount", Box(amounts))))));
    }

    [Fact]
    public void Discover_IncidentExport_StoriesCountIncidentsNotRows()
    {
        var prepared = StoryDiscovery.Prepare(Table(DurationTests.Incidents()));
        Assert.Equal("incidents", prepared.Noun);
        // Every view of the table keeps the noun.
        Assert.Equal("incidents", prepared.Rows([0, 1, 2]).Select(["category"]).FocusOn(c => c == "category").Noun);
    }
}
