using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>The share kind's sample for the contract test: a hair × eye cross-table with a count column.</summary>
public sealed class ShareStorySample : IStoryKindSample
{
    public string Kind => "share";

    public AnalysisTable Table() => ShareStoryTests.HairEye(blondBlue: true);
}

public class ShareStoryTests
{
    private static readonly ShareStory Kind = StoryKinds.Of<ShareStory>();

    /// <summary>
    /// A hair × eye cross-table, one row per cell with its count in Freq (the row model expands it to cases): blond hair
    /// mostly blue-eyed when <paramref name="blondBlue"/> (94 of 127, as in the 592 students of the textbook table), else
    /// split like the others; the other hair colours mostly brown-eyed.
    /// </summary>
    internal static AnalysisTable HairEye(bool blondBlue)
    {
        var cells = new (string Hair, string Eye, int Freq)[]
        {
            ("Black", "Brown", 68), ("Black", "Blue", 20), ("Black", "Hazel", 15), ("Black", "Green", 5),
            ("Brown", "Brown", 119), ("Brown", "Blue", 84), ("Brown", "Hazel", 54), ("Brown", "Green", 29),
            ("Red", "Brown", 26), ("Red", "Blue", 17), ("Red", "Hazel", 14), ("Red", "Green", 14),
            ("Blond", "Brown", blondBlue ? 7 : 22), ("Blond", "Blue", blondBlue ? 94 : 18), ("Blond", "Hazel", blondBlue ? 10 : 12), ("Blond", "Green", blondBlue ? 16 : 6),
        };
        var csv = new StringBuilder("Hair,Eye,Freq\n");
        foreach (var (hair, eye, freq) in cells) csv.Append(CultureInfo.InvariantCulture, $"{hair},{eye},{freq}\n");
        return StoryDiscovery.Prepare(Table(csv.ToString()));
    }

    /// <summary>Suicides by sex and method, one row per sex × method cell with its count n: men mostly hang, women mostly poison.</summary>
    private static AnalysisTable Methods(bool differ, int seed)
    {
        var rng = new Random(seed);
        var cells = new SortedDictionary<string, int>(StringComparer.Ordinal);
        string[] methods = ["hang", "poison", "gun", "drown", "jump"];
        double[] men = [0.44, 0.26, 0.12, 0.08, 0.10];
        double[] women = differ ? [0.29, 0.45, 0.02, 0.12, 0.12] : men;
        for (var i = 0; i < 1200; i++)
        {
            var male = i % 2 == 0;
            var p = male ? men : women;
            var u = rng.NextDouble();
            var k = 0;
            for (var acc = p[0]; u > acc && k < p.Length - 1; acc += p[++k]) { }
            var key = (male ? "male" : "female") + "," + methods[k];
            cells[key] = cells.GetValueOrDefault(key) + 1;
        }
        return StoryDiscovery.Prepare(Table("sex,method,n\n" + string.Concat(cells.Select(c => c.Key + "," + c.Value.ToString(CultureInfo.InvariantCulture) + "\n"))));
    }

    [Fact]
    public void Detect_CrossTableWithACountColumn_TellsTheStandoutCellWeightedByTheCount()
    {
        var insight = Assert.Single(Kind.Detect(HairEye(blondBlue: true)));

        var d = Assert.IsType<ShareDetail>(insight.Detail);
        Assert.Equal("Blue", d.Level);
        Assert.Equal("Blond", d.Standout!.Group);
        // 94 of the 127 blond students (the cells' counts, not the four blond rows of the file).
        Assert.Equal(127, d.Standout.Cases);
        Assert.Equal(94, d.Standout.Hits);
        Assert.Contains("74%", insight.Title, StringComparison.Ordinal);
        Assert.Contains("Freq", insight.Columns);
    }

    [Fact]
    public void Detect_NoCellStandsOut_FindsNothing()
    {
        // Blond students' eyes split about like everyone else's.
        Assert.Empty(Kind.Detect(HairEye(blondBlue: false)));
    }

    [Fact]
    public void Detect_MostCommonOutcomeDiffersBySex_TellsEachSexsOwn()
    {
        var insight = Assert.Single(Kind.Detect(Methods(differ: true, seed: 3)));

        var d = Assert.IsType<ShareDetail>(insight.Detail);
        Assert.Null(d.Level);
        Assert.Equal("hang", d.Groups.Single(g => g.Group == "male").Mode);
        Assert.Equal("poison", d.Groups.Single(g => g.Group == "female").Mode);
        Assert.StartsWith("Most common method: ", insight.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_SameSplitForBothSexes_FindsNothing()
    {
        Assert.Empty(Kind.Detect(Methods(differ: false, seed: 3)));
    }

    [Fact]
    public void Detect_TableOfEvents_LeavesTwoCategoriesToTheOtherKinds()
    {
        // The same hair and eye colours, one row per student: the rate, standout and segment kinds read such a table.
        var cells = HairEye(blondBlue: true);
        var hair = (CategoryColumn)cells.Find("Hair")!;
        var eye = (CategoryColumn)cells.Find("Eye")!;
        var csv = new StringBuilder("student,hair,eye\n");
        for (var r = 0; r < cells.RowCount; r++) csv.Append(CultureInfo.InvariantCulture, $"S{r:0000},{hair.Labels[hair.Codes[r]]},{eye.Labels[eye.Codes[r]]}\n");
        Assert.Empty(Kind.Detect(StoryDiscovery.Prepare(Table(csv.ToString()))));
    }

    [Fact]
    public void Detect_OneColumnGroupsTheOther_IsNotAStory()
    {
        // method2 is method with two values merged: a grouping of it, not a finding about it.
        var rows = new StringBuilder("method,method2,Freq\n");
        foreach (var (m, n) in new[] { ("hang", 240), ("poison", 180), ("cookgas", 60), ("toxicgas", 90), ("drown", 70) })
        {
            rows.Append(CultureInfo.InvariantCulture, $"{m},{(m.EndsWith("gas", StringComparison.Ordinal) ? "gas" : m)},{n}\n");
        }
        Assert.Empty(Kind.Detect(StoryDiscovery.Prepare(Table(rows.ToString()))));
    }
}
