using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>Boats launched through the night, the first ones half empty: the fill kind's sample.</summary>
public sealed class FillStorySample : IStoryKindSample
{
    public string Kind => "fill";

    public AnalysisTable Table() => FillerFindingsTests.Boats(earlyHalfEmpty: true);
}

/// <summary>
/// Better fillers, fewer of them (issue 22, item 5; branch fillers8): real findings where a table had only descriptions
/// or its make-up left: a count against its capacity over time, and a cross-table's standout share from its other end
/// and within each group of a third category.
/// </summary>
public class FillerFindingsTests
{
    /// <summary>
    /// Eighteen boats launched from 00:45 to 02:05, each with its people (crew, men, women, total) and its capacity;
    /// when <paramref name="earlyHalfEmpty"/> the first half carry about half their capacity and the later ones nearly
    /// all of it, else every boat is about three quarters full whatever its time.
    /// </summary>
    internal static AnalysisTable Boats(bool earlyHalfEmpty, string capacityName = "cap")
    {
        var noise = Noise(18, 17, 0.05);
        var launch = new List<string>();
        var crew = new List<double>();
        var men = new List<double>();
        var women = new List<double>();
        var total = new List<double>();
        var cap = new List<double>();
        for (var i = 0; i < 18; i++)
        {
            var minutes = 45 + 5 * i;
            launch.Add($"{minutes / 60:00}:{minutes % 60:00}");
            var capacity = i % 6 == 4 ? 40.0 : 65.0;
            var fill = (earlyHalfEmpty ? (i < 9 ? 0.5 : 0.95) : 0.75) + noise[i];
            var people = Math.Round(capacity * fill);
            var c = 2 + (i * 5 % 9);
            var m = i * 7 % 6;
            crew.Add(c);
            men.Add(m);
            women.Add(people - c - m);
            total.Add(people);
            cap.Add(capacity);
        }
        return StoryDiscovery.Prepare(Table(CsvText(("launch", Box(launch)), ("crew", Box(crew)), ("men", Box(men)), ("women", Box(women)), ("total", Box(total)), (capacityName, Box(cap)))));
    }

    [Fact]
    public void FillStory_EarlyRowsHalfEmpty_TellsTheFillOfEachHalfOfTheNight()
    {
        var table = Boats(earlyHalfEmpty: true);

        var insight = Assert.Single(StoryKinds.Of<FillStory>().Detect(table));

        var d = Assert.IsType<FillDetail>(insight.Detail);
        Assert.Equal(("launch", "total", "cap"), (d.Time, d.Count, d.Capacity));
        Assert.Equal("01:25", d.Cut);
        Assert.Equal(9, d.Early.Rows);
        Assert.InRange(d.Early.Carried / d.Early.Places, 0.4, 0.6);
        Assert.InRange(d.Late.Carried / d.Late.Places, 0.85, 1.05);
        Assert.StartsWith("Up to launch 01:25, only", insight.Title, StringComparison.Ordinal);
        var story = StoryWriter.Write(table, insight);
        Assert.Contains("places empty", story.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void FillStory_FillUnrelatedToTime_NoStory()
    {
        Assert.Empty(StoryKinds.Of<FillStory>().Detect(Boats(earlyHalfEmpty: false)));
    }

    [Fact]
    public void FillStory_NoCapacityColumn_NoStory()
    {
        Assert.Empty(StoryKinds.Of<FillStory>().Detect(Boats(earlyHalfEmpty: true, capacityName: "size")));
    }

    /// <summary>The 592 statistics students of R's HairEyeColor: hair × eye × sex, one row per cell with its count in Freq.</summary>
    internal static AnalysisTable HairEyeSex()
    {
        int[] male = [32, 53, 10, 3, 11, 50, 10, 30, 10, 25, 7, 5, 3, 15, 7, 8];
        int[] female = [36, 66, 16, 4, 9, 34, 7, 64, 5, 29, 7, 5, 2, 14, 7, 8];
        string[] hair = ["Black", "Brown", "Red", "Blond"];
        string[] eye = ["Brown", "Blue", "Hazel", "Green"];
        var csv = new StringBuilder("Hair,Eye,Sex,Freq\n");
        foreach (var (sex, counts) in new[] { ("Male", male), ("Female", female) })
        {
            for (var k = 0; k < 16; k++) csv.Append(CultureInfo.InvariantCulture, $"{hair[k % 4]},{eye[k / 4]},{sex},{counts[k]}\n");
        }
        return StoryDiscovery.Prepare(Table(csv.ToString()));
    }

    private static Insight ShareLead(AnalysisTable table) =>
        Assert.Single(StoryKinds.Of<ShareStory>().Detect(table), i => i.Detail is ShareDetail { Level: "Blue" });

    [Fact]
    public void FacetOf_ShareLead_TellsTheNextStandoutCellInAnotherGroupAndOutcome()
    {
        var table = HairEyeSex();
        var lead = ShareLead(table);

        var facet = Assert.Single(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.OtherCell });

        var d = (FacetDetail)facet.Detail;
        Assert.Equal(("Black", "Brown"), (d.High, d.Low));
        // 68 of the 108 black-haired have brown eyes, against 152 of the other 484, counted by Freq.
        Assert.Equal(108, d.Groups[0].N);
        Assert.Equal(68 / 108.0, d.Groups[0].Value, 6);
        Assert.Equal(152 / 484.0, d.Groups[0].Other, 6);
        Assert.StartsWith("Brown eye for 63% of Black hair", facet.Title, StringComparison.Ordinal);
        Assert.False(FacetStory.HoldsEverywhere(facet));
        Assert.InRange(StoryWriter.Write(table, facet).Charts.Count, 2, 4);
    }

    [Fact]
    public void FacetOf_ShareLeadWithAThirdCategory_TellsTheShareWithinEachGroup()
    {
        var table = HairEyeSex();
        var lead = ShareLead(table);

        var facet = Assert.Single(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.ShareWithin });

        var d = (FacetDetail)facet.Detail;
        Assert.Equal("Sex", d.By);
        var men = Assert.Single(d.Groups, g => g.Label == "Male");
        var women = Assert.Single(d.Groups, g => g.Label == "Female");
        // Blond men: 30 of 46 blue-eyed, against 71 of the other 233 men; blond women: 64 of 81, against 50 of 232.
        Assert.Equal((46, 81), (men.N, women.N));
        Assert.Equal(30 / 46.0, men.Value, 6);
        Assert.Equal(71 / 233.0, men.Other, 6);
        Assert.Equal(64 / 81.0, women.Value, 6);
        Assert.Equal(50 / 232.0, women.Other, 6);
        Assert.True(FacetStory.HoldsEverywhere(facet));
        Assert.Contains("among men and", facet.Title, StringComparison.Ordinal);
        Assert.InRange(StoryWriter.Write(table, facet).Charts.Count, 2, 4);
    }

    [Fact]
    public void Discover_HairEyeSexTable_FillsWithFacetsOfTheShareNotItsMakeUp()
    {
        var picked = StoryDiscovery.Discover(HairEyeSex(), null);

        Assert.Equal(3, picked.Count);
        Assert.DoesNotContain(picked, p => p.Kind is DescriptiveStory);
        Assert.Contains(picked, p => p.Detail is FacetDetail { Aspect: FacetAspect.OtherCell });
    }
}
