using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The period a rate's gap is read by is chosen by the group's rows (issue 21): a small group's weekly rate is mostly
/// sampling noise, so a gap of a few points is read month by month; a large group's stays weekly.
/// </summary>
public class SupportingFactsPeriodTests
{
    /// <summary>
    /// Flights over Jan–Mar 2024, evenly spread: <paramref name="sea"/> from SEA, late 31% of the time, and 3,000 from
    /// four other origins, late 22% of the time (lateness spread evenly through time).
    /// </summary>
    private static (AnalysisTable Table, Insight Story) Flights(int sea)
    {
        var sb = new StringBuilder("flight_id,date,origin,late\n");
        string[] others = ["DEN", "LAX", "PHX", "BOS"];
        var total = sea + 3000;
        var start = new DateTime(2024, 1, 1, 6, 0, 0, DateTimeKind.Unspecified);
        var minutes = (new DateTime(2024, 3, 31) - start).TotalMinutes;
        int s = 0, o = 0;
        for (var i = 0; i < total; i++)
        {
            var isSea = (long)(i + 1) * sea / total > (long)i * sea / total;
            var k = isSea ? s++ : o++;
            var late = (k * 37 % 100) < (isSea ? 31 : 22);
            var when = start.AddMinutes(minutes * i / total);
            sb.Append(CultureInfo.InvariantCulture, $"F{i:00000},{when:yyyy-MM-dd HH:mm},{(isSea ? "SEA" : others[k % others.Length])},{(late ? "true" : "false")}\n");
        }
        var (table, ranked) = StoryDiscovery.Ranked(Table(sb.ToString()), null, [StoryKinds.Of<RateStory>()]);
        return (table, ranked.First(i => i.Detail is RateGroupDetail { Group: "origin" } d && d.Standout.Label == "SEA"));
    }

    [Fact]
    public void ByPeriod_SmallGroupsWeeklyRateNoisierThanItsGap_ReadsItMonthByMonth()
    {
        // About 26 SEA flights a week: the weekly rate's sampling error (about 9 points) exceeds half the 9-point gap.
        var (table, story) = Flights(340);

        var fact = OwnRowsFacts.ByPeriod(table, story, Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story)));

        Assert.NotNull(fact);
        Assert.StartsWith("It is steady: the share late was clearly higher for SEA ", fact.Sentence, StringComparison.Ordinal);
        Assert.EndsWith("in every one of the 3 months.", fact.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void ByPeriod_LargeGroupWithTheSameGap_StaysWeekly()
    {
        // About 230 SEA flights a week: the weekly rate can show the gap.
        var (table, story) = Flights(3000);

        var fact = OwnRowsFacts.ByPeriod(table, story, Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story)));

        Assert.NotNull(fact);
        Assert.EndsWith(" weeks.", fact.Sentence, StringComparison.Ordinal);
    }
}
