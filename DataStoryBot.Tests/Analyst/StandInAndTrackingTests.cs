using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The same story told twice through another column (issue 22, REDUNDANT): a self-report of a measure the table holds
/// (repht beside height), a second driver that tracks a stronger one and adds nothing once it is held fixed (CalWORKs
/// beside free lunch); and a reshaped measure's evidence names the file's columns.
/// </summary>
public class StandInAndTrackingTests
{
    [Theory]
    [InlineData("repwt", "weight", true)]
    [InlineData("reported_height", "height", true)]
    [InlineData("weight_predicted", "weight", true)]
    [InlineData("weight", "repwt", false)]
    [InlineData("allstudents", "students", false)]
    [InlineData("max_price", "price", false)]
    [InlineData("height", "weight", false)]
    public void IsStandIn_ReportOrEstimateOfAMeasure_OnlyThatWayRound(string standIn, string measured, bool expected) =>
        Assert.Equal(expected, ColumnMeaning.IsStandIn(standIn, measured));

    private static string People(int n = 200)
    {
        var noise = Noise(n, 3, 1);
        var noise2 = Noise(n, 4, 2);
        var sex = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "M" : "F").ToArray();
        var weight = Enumerable.Range(0, n).Select(i => Math.Round((sex[i] == "M" ? 76 : 58) + 6 * noise[i], 1)).ToArray();
        var repwt = weight.Select((w, i) => Math.Round(w + noise2[i], 1)).ToArray();
        var age = Enumerable.Range(0, n).Select(i => (double)(20 + (i * 7 % 40))).ToArray();
        return CsvText(("sex", Box(sex)), ("weight", Box(weight)), ("repwt", Box(repwt)), ("age", Box(age)));
    }

    [Fact]
    public void Detect_SelfReportBesideTheMeasure_ComparesTheMeasureOnly()
    {
        var table = StoryDiscovery.Prepare(Table(People()));

        var found = new SegmentStory().Detect(table).ToList();

        Assert.Contains(found, i => i.Columns.Contains("weight") && i.Columns.Contains("sex"));
        Assert.DoesNotContain(found, i => i.Columns.Contains("repwt"));
    }

    /// <summary>Districts: scores fall with the share on free lunch; the CalWORKs share tracks the lunch share and adds nothing to it; income adds its own part.</summary>
    private static string Districts(int n = 400)
    {
        var (e1, e2, e3) = (Noise(n, 11, 1), Noise(n, 12, 1), Noise(n, 13, 1));
        var lunch = Enumerable.Range(0, n).Select(i => 50 + 20 * e1[i]).ToArray();
        var calworks = lunch.Select((l, i) => Math.Round(0.5 * l + 7 * e2[i], 2)).ToArray();
        var income = Noise(n, 14, 5).Select(v => Math.Round(20 + v, 2)).ToArray();
        var score = lunch.Select((l, i) => Math.Round(700 - 1.0 * l + 2 * income[i] + 6 * e3[i], 1)).ToArray();
        return CsvText(("a", Box(lunch.Select(v => Math.Round(v, 2)))), ("b", Box(calworks)), ("c", Box(income)), ("score", Box(score)));
    }

    [Fact]
    public void Detect_DriverTrackingAStrongerOne_NotToldAgainstTheOutcome()
    {
        var table = StoryDiscovery.Prepare(Table(Districts()));

        var found = new CorrelationStory().Detect(table).ToList();

        Assert.Contains(found, i => i.Columns.Contains("a") && i.Columns.Contains("score"));
        Assert.Contains(found, i => i.Columns.Contains("c") && i.Columns.Contains("score"));
        Assert.DoesNotContain(found, i => i.Columns.Contains("b") && i.Columns.Contains("score"));
    }

    [Fact]
    public void Tracks_DriverWithItsOwnPart_IsKept()
    {
        // r(x, z) 0.75, r(z, y) 0.8, r(x, y) 0.75: given z, x still says much about y (partial r about 0.4).
        double R(int i, int j) => (Math.Min(i, j), Math.Max(i, j)) switch { (0, 1) => 0.75, (1, 2) => 0.8, (0, 2) => 0.75, _ => 1 };
        Assert.False(CorrelationStory.Tracks(R, 3, 0, 2));
        // r(x, y) 0.6 = 0.75 × 0.8: all of it runs through z.
        double Through(int i, int j) => (Math.Min(i, j), Math.Max(i, j)) switch { (0, 1) => 0.75, (1, 2) => 0.8, (0, 2) => 0.6, _ => 1 };
        Assert.True(CorrelationStory.Tracks(Through, 3, 0, 2));
        // Unless z is the outcome measured again (a maths score beside the reading score).
        Assert.False(CorrelationStory.Tracks(Through, 3, 0, 2, (z, y) => z == 1 && y == 2));
    }

    [Fact]
    public void SourcesOf_SexesSideBySide_NamesTheFilesColumns()
    {
        var csv = "discipline,applications_total,applications_men,applications_women,awards_total,awards_men,awards_women\n"
            + string.Concat(new[] { "Physics", "Chemistry", "Medicine", "Humanities" }.Select(d => $"{d},700,400,300,117,72,45\n"));
        var table = StoryDiscovery.Prepare(Table(csv));

        var sources = table.SourcesOf(["awards"]);

        Assert.Contains("awards_men", sources);
        Assert.Contains("awards_women", sources);
        Assert.DoesNotContain("awards", sources);
    }
}
