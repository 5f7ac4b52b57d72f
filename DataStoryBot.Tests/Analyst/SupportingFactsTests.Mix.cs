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
/// The mix check's verdict (issue 21, a second reader's WRONG: "among IT hardware alone the gap remains: 56% against 49%"
/// under a story of 39% against 5.1%): the gap remains only where what is left within the one kind is a substantial part
/// of the story's gap and passes a test; otherwise the mix carries most of it.
/// </summary>
public class SupportingFactsMixTests
{
    /// <summary>
    /// Leave requests by office: Oslo's are 85% annual leave (the others 40%); annual leave is rejected far more than the
    /// other kinds; within annual leave Oslo rejects <paramref name="osloAnnual"/>, the others 20%.
    /// </summary>
    private static string Leave(double osloAnnual, int seed = 3)
    {
        var rng = new Random(seed);
        string[] offices = ["Oslo", "Rome", "Lyon", "Kiel"];
        var sb = new StringBuilder("request_id,office,leave_type,status\n");
        for (var i = 0; i < 3000; i++)
        {
            var office = offices[rng.Next(offices.Length)];
            var oslo = office == "Oslo";
            var annual = rng.NextDouble() < (oslo ? 0.85 : 0.4);
            var type = annual ? "Annual" : rng.NextDouble() < 0.7 ? "Sick" : "Training";
            var p = type switch { "Annual" => oslo ? osloAnnual : 0.2, "Sick" => 0.01, _ => 0.08 };
            sb.Append(CultureInfo.InvariantCulture, $"LR{i:00000},{office},{type},{(rng.NextDouble() < p ? "Rejected" : "Approved")}\n");
        }
        return sb.ToString();
    }

    private static (AnalysisTable Table, Insight Story, StoryRows Rows) OsloRejected(string csv)
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(csv), null, [StoryKinds.Of<RateStory>()]);
        var story = ranked.First(i => i.Detail is RateGroupDetail { Group: "office" } d && d.Standout.Label == "Oslo");
        return (table, story, Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story)));
    }

    [Fact]
    public void MixOf_SmallGapLeftWithinTheKind_SaysTheGapMostlyGoes()
    {
        // Oslo rejects 23% of its annual leave against 20%: a few points of a gap of about ten.
        var (table, story, rows) = OsloRejected(Leave(osloAnnual: 0.23));

        var fact = OwnRowsFacts.MixOf(table, story, rows);

        Assert.NotNull(fact);
        Assert.Contains("among leave type Annual alone the gap mostly goes: ", fact.Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("remains", fact.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void MixOf_LargeGapLeftWithinTheKind_SaysTheGapRemains()
    {
        var (table, story, rows) = OsloRejected(Leave(osloAnnual: 0.5));

        var fact = OwnRowsFacts.MixOf(table, story, rows);

        Assert.NotNull(fact);
        Assert.Contains("among leave type Annual alone the gap remains: ", fact.Sentence, StringComparison.Ordinal);
    }

    [Theory]
    // purchase_requests: Contoso 39% of IT's requests against 5.1%; within IT hardware 56% against 49% (Fisher p = 0.15).
    [InlineData(0.34, 0.07, 0.15, OwnRowsFacts.MixGap.MostlyGoesWithinChance)]
    [InlineData(0.34, 0.07, 0.01, OwnRowsFacts.MixGap.MostlyGoes)]
    [InlineData(0.69, 0.45, 0.001, OwnRowsFacts.MixGap.Remains)]
    [InlineData(0.30, 0.25, 0.2, OwnRowsFacts.MixGap.WithinChance)]
    [InlineData(0.30, -0.01, 0.9, OwnRowsFacts.MixGap.Gone)]
    public void MixLeft_WhatIsLeftOfTheGap_RemainsOnlyWhenLargeAndBeyondChance(double gap, double within, double p, OwnRowsFacts.MixGap expected) =>
        Assert.Equal(expected, OwnRowsFacts.MixLeft(gap, within, p));
}
