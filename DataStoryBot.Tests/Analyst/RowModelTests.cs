using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>What a row is and what a column means (issue 22, items 1 and 2), each rule on a table built to show it.</summary>
public class RowModelTests
{
    private static AnalysisTable Prepared(string csv) => StoryDiscovery.Prepare(Table(csv));

    /// <summary>A hair × eye contingency table: one row per cell with its count.</summary>
    private static string HairEye()
    {
        string[] hair = ["Black", "Brown", "Red", "Blond"];
        string[] eye = ["Brown", "Blue", "Hazel", "Green"];
        int[,] freq = { { 68, 20, 15, 5 }, { 119, 84, 54, 29 }, { 26, 17, 14, 14 }, { 7, 94, 10, 16 } };
        var cells = from h in Enumerable.Range(0, 4) from e in Enumerable.Range(0, 4) select (h, e);
        var list = cells.ToList();
        return CsvText(("Hair", Box(list.Select(c => hair[c.h]))), ("Eye", Box(list.Select(c => eye[c.e]))), ("Freq", Box(list.Select(c => (double)freq[c.h, c.e]))));
    }

    [Fact]
    public void Read_ContingencyTableWithFreq_OneRowPerCountedCase()
    {
        var table = Prepared(HairEye());
        Assert.Equal(RowKind.ContingencyCell, table.Model.Kind);
        Assert.Equal("Freq", table.Model.Count);
        Assert.Equal(592, table.RowCount);
        Assert.Null(table.Find("Freq"));
        var hair = (CategoryColumn)table.Find("Hair")!;
        var blond = Array.IndexOf(hair.Labels, "Blond");
        Assert.Equal(127, hair.Codes.Count(c => c == blond));
    }

    [Fact]
    public void Discover_ContingencyTable_LinksTheCategoriesAndNeverTellsTheCount()
    {
        var picked = StoryDiscovery.Discover(Table(HairEye()), null);
        // The count is never a measure of its own: no title names it, and only the share kind and its facets (the next
        // standout cell, the share within each group of a third category), which count each cell by it (and name it
        // among their columns for that reason), may carry it.
        Assert.DoesNotContain(picked, p => p.Title.Contains("freq", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(picked, p => p.Columns.Contains("Freq") && p.Kind is not ShareStory
            && p.Detail is not FacetDetail { Aspect: FacetAspect.OtherCell or FacetAspect.ShareWithin });
        // The link is told once: as the weighted share of a cell (blond hair, blue eyes) or as the association itself.
        Assert.Contains(picked, p => p.Kind is SegmentStory or ShareStory && p.Columns.Contains("Hair") && p.Columns.Contains("Eye"));
    }

    [Fact]
    public void CountColumn_CombinationsRepeat_IsNotAContingencyTable()
    {
        var csv = CsvText(("Hair", Box(new[] { "Black", "Black", "Red", "Red", "Blond", "Blond" })), ("n", Box(new double[] { 3, 4, 5, 6, 7, 8 })));
        Assert.Null(RowModels.CountColumn(Table(csv)));
        Assert.Equal(RowKind.Observation, Prepared(csv).Model.Kind);
    }

    [Fact]
    public void Repeat_AboveTheCap_KeepsEachCellsShare()
    {
        var rows = RowModels.Repeat([300_000, 100_000, 0], 100_000);
        Assert.Equal(100_000, rows.Length);
        Assert.Equal(75_000, rows.Count(r => r == 0));
        Assert.Equal(25_000, rows.Count(r => r == 1));
        Assert.Equal([0, 0, 1], RowModels.Repeat([2, 1], 10));
    }

    /// <summary>
    /// Ship types with months of service and damage incidents: the big type has most incidents only through its service.
    /// More months of service than rows the table may be expanded to, so the count becomes a rate column.
    /// </summary>
    private static string Ships()
    {
        var rng = new Random(5);
        var types = new List<string>();
        var service = new List<double>();
        var incidents = new List<double>();
        foreach (var (type, size, rate) in new[] { ("A", 2400, 0.006), ("B", 27000, 0.002), ("C", 1500, 0.004), ("D", 1200, 0.005), ("E", 1800, 0.009) })
        {
            for (var i = 0; i < 8; i++)
            {
                var months = Math.Round(size * (0.5 + rng.NextDouble()));
                types.Add(type);
                service.Add(months);
                incidents.Add(Math.Round(months * rate));
            }
        }
        return CsvText(("type", Box(types)), ("service", Box(service)), ("incidents", Box(incidents)));
    }

    [Fact]
    public void Read_CountWithItsExposureByGroup_BecomesARatePerExposure()
    {
        var table = Prepared(Ships());
        Assert.Equal(RowKind.Aggregate, table.Model.Kind);
        Assert.Equal(["service"], table.Model.ExposureColumns);
        var rate = Assert.IsType<NumericColumn>(table.Find("incidents per thousand service"));
        Assert.Equal(["incidents", "service"], table.SourcesOf(rate.Name));
        Assert.Null(table.Find("incidents"));
        var picked = StoryDiscovery.Discover(Table(Ships()), null);
        Assert.DoesNotContain(picked, p => p.Title.Contains("total incidents", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(picked, p => p.Kind is CorrelationStory && p.EvidenceColumns.Contains("service"));
    }

    [Fact]
    public void Read_CountAndExposureWithoutGroups_StayAsTheyAre()
    {
        var pop = Enumerable.Range(0, 40).Select(i => 1000.0 + 500 * i).ToList();
        var noise = Noise(40, 41);
        var csv = CsvText(("population", Box(pop)), ("cancer", Box(pop.Select((p, i) => Math.Round(p * 0.01 * (1 + 0.3 * noise[i]))))));
        var table = Prepared(csv);
        Assert.Equal(RowKind.Observation, table.Model.Kind);
        Assert.NotNull(table.Find("cancer"));
    }

    [Fact]
    public void Read_GroupsWithAPercentageOfApplicants_OneRowPerApplicant()
    {
        var csv = CsvText(
            ("major", Box(new[] { "A", "B", "C", "A", "B", "C" })),
            ("gender", Box(new[] { "men", "men", "men", "women", "women", "women" })),
            ("admitted", Box(new double[] { 62, 63, 37, 82, 68, 34 })),
            ("applicants", Box(new double[] { 825, 560, 325, 108, 25, 593 })));
        var table = Prepared(csv);
        Assert.Equal(825 + 560 + 325 + 108 + 25 + 593, table.RowCount);
        var admitted = Assert.IsType<CategoryColumn>(table.Find("admitted"));
        var yes = Array.IndexOf(admitted.Labels, "yes");
        Assert.Equal(Math.Round(0.62 * 825) + Math.Round(0.63 * 560) + Math.Round(0.37 * 325) + Math.Round(0.82 * 108) + Math.Round(0.68 * 25) + Math.Round(0.34 * 593), admitted.Codes.Count(c => c == yes));
        Assert.Equal(["admitted", "applicants"], table.SourcesOf("admitted"));
        Assert.Null(table.Find("applicants"));
    }

    [Fact]
    public void Read_NumberedSubjects_AreLabelsAndRowsRepeatThem()
    {
        var n = 120;
        var csv = CsvText(("subject", Box(Enumerable.Range(0, n).Select(i => (double)(100 + i / 4)))), ("age", Box(Enumerable.Range(0, n).Select(i => 8.0 + 2 * (i % 4)))),
            ("exercise", Box(Noise(n, 2).Select(v => Math.Round(3 + v, 2)))));
        var table = Prepared(csv);
        Assert.IsType<TextColumn>(table.Find("subject"));
        Assert.Equal(RowKind.Repeated, table.Model.Kind);
        Assert.Equal("subject", table.Model.Entity);
        Assert.DoesNotContain(table.Numeric, c => c.Name == "subject");
    }

    [Fact]
    public void Read_BalancedFactorialDesign_SettingsAreGroups()
    {
        var rows = from len in new[] { 250, 300, 350 } from amp in new[] { 8, 9, 10 } from load in new[] { 40, 45, 50 } select (len, amp, load);
        var list = rows.ToList();
        var csv = CsvText(("len", Box(list.Select(r => (double)r.len))), ("amp", Box(list.Select(r => (double)r.amp))), ("load", Box(list.Select(r => (double)r.load))),
            ("cycles", Box(list.Select((r, i) => Math.Round(r.len * 3.0 - r.amp * 40 - r.load * 5 + i % 7)))));
        var table = Prepared(csv);
        Assert.IsType<CategoryColumn>(table.Find("len"));
        Assert.IsType<CategoryColumn>(table.Find("load"));
        // amp (8, 9, 10) is already a code by its profile; the two wide-valued settings become groups here.
        Assert.IsType<CategoryColumn>(table.Find("amp"));
        Assert.Equal(["len", "load"], table.Model.Factors);
        Assert.IsType<NumericColumn>(table.Find("cycles"));
    }

    [Fact]
    public void Read_GridAxis_IsNotDescribedAsAQuantity()
    {
        var ages = Enumerable.Range(0, 60).ToList();
        var csv = CsvText(("age", Box(ages.Concat(ages).Select(a => (double)a))), ("sex", Box(ages.Select(_ => "Male").Concat(ages.Select(_ => "Female")))),
            ("prob", Box(ages.Select(a => 0.001 * Math.Exp(a / 12.0)).Concat(ages.Select(a => 0.0007 * Math.Exp(a / 12.0))))));
        var table = Prepared(csv);
        Assert.Equal(["age"], table.Model.Factors);
        Assert.DoesNotContain(DescriptiveStory.Build(table), i => i.Columns.SequenceEqual(["age"]));
    }

    [Fact]
    public void Read_ReportingCompleteness_IsNotAMeasure()
    {
        var n = 60;
        var csv = CsvText(("state", Box(Enumerable.Range(0, n).Select(i => "S" + (i % 6)))), ("weeks_reporting", Box(Enumerable.Range(0, n).Select(i => 40.0 + i % 13))),
            ("cases", Box(Noise(n, 8).Select(v => Math.Round(500 + 100 * v)))));
        Assert.Null(Prepared(csv).Find("weeks_reporting"));
    }

    [Fact]
    public void Read_ClockTimes_AreNotGroups()
    {
        var csv = CsvText(("launch", Box(Enumerable.Range(0, 18).Select(i => $"0{i / 6}:{i % 6 * 10:00}"))), ("side", Box(Enumerable.Range(0, 18).Select(i => i % 2 == 0 ? "Port" : "Starboard"))),
            ("total", Box(Enumerable.Range(0, 18).Select(i => 20.0 + 3 * i))));
        var table = Prepared(csv);
        Assert.IsType<TextColumn>(table.Find("launch"));
        Assert.IsType<CategoryColumn>(table.Find("side"));
    }

    [Theory]
    [InlineData("repwt", "weight")]
    [InlineData("repht", "height")]
    [InlineData("lbase", "base")]
    [InlineData("allstudents", "students")]
    [InlineData("min price", "price")]
    [InlineData("price_max", "price")]
    [InlineData("weight_predicted", "weight")]
    public void IsSameQuantity_BoundTransformEstimateOrReport_True(string a, string b)
    {
        Assert.True(ColumnMeaning.IsSameQuantity(a, b));
        Assert.True(ColumnMeaning.IsSameQuantity(b, a));
    }

    [Theory]
    [InlineData("weight", "height")]
    [InlineData("lunch", "english")]
    [InlineData("income", "foodexp")]
    [InlineData("math", "read")]
    [InlineData("total", "tax")]
    public void IsSameQuantity_DifferentQuantities_False(string a, string b) => Assert.False(ColumnMeaning.IsSameQuantity(a, b));

    [Fact]
    public void IsBound_OneNeverAboveTheOtherWithASharedWord_TrueOnlyThen()
    {
        var phd = Enumerable.Range(0, 40).Select(i => 5.0 + i).ToArray();
        var service = phd.Select((v, i) => v - 1 - i % 4).ToArray();
        var rows = Enumerable.Range(0, 40).ToArray();
        Assert.True(ColumnMeaning.IsBound(new NumericColumn("yrs.since.phd", 0, phd, true), new NumericColumn("yrs.service", 1, service, true), rows));
        // Food spending never exceeds income, yet Engel's law is a finding: the names share no word.
        Assert.False(ColumnMeaning.IsBound(new NumericColumn("income", 0, phd, true), new NumericColumn("foodexp", 1, service, true), rows));
    }

    [Fact]
    public void Prepare_ColumnComputedWithAConstantOffset_IsUnrelatedToItsParts()
    {
        var n = 80;
        var age = Noise(n, 11).Select(v => Math.Round(40 + 10 * v)).ToList();
        var education = Noise(n, 12).Select(v => Math.Round(12 + 3.5 * v)).ToList();
        var csv = CsvText(("age", Box(age)), ("education", Box(education)), ("experience", Box(age.Select((a, i) => a - education[i] - 6))),
            ("wage", Box(Noise(n, 13).Select(v => 8 + v))));
        var table = Prepared(csv);
        Assert.Contains(("experience", "age"), table.Unrelated);
        Assert.Contains(("experience", "education"), table.Unrelated);
    }

    [Fact]
    public void Prepare_TotalOfThreeParts_IsUnrelatedToEachPart()
    {
        var n = 40;
        var men = Noise(n, 21).Select(v => Math.Round(20 + 5 * v)).ToList();
        var women = Noise(n, 22).Select(v => Math.Round(30 + 5 * v)).ToList();
        var crew = Noise(n, 23).Select(v => Math.Round(8 + 2 * v)).ToList();
        var csv = CsvText(("crew", Box(crew)), ("men", Box(men)), ("women", Box(women)), ("total", Box(men.Select((m, i) => m + women[i] + crew[i]))));
        var table = Prepared(csv);
        Assert.Contains(("total", "women"), table.Unrelated);
        Assert.Contains(("total", "crew"), table.Unrelated);
    }

    [Fact]
    public void IsBanding_GroupsThatDoNotOverlap_AreBandsOfTheMeasure()
    {
        Assert.True(ColumnMeaning.IsBanding([(20, 30), (31, 45), (46, 60)]));
        Assert.True(ColumnMeaning.IsBanding([(46, 60), (20, 30)]));
        Assert.False(ColumnMeaning.IsBanding([(20, 35), (31, 45)]));
        var n = 45;
        var score = Noise(n, 31).Select(v => Math.Round(45 + 8 * v)).ToList();
        var csv = CsvText(("fscore", Box(score)), ("fcategory", Box(score.Select(s => s < 40 ? "low" : s < 50 ? "medium" : "high"))));
        Assert.DoesNotContain(StoryDiscovery.DetectAll(Prepared(csv)), i => i.Kind is SegmentStory && i.Columns.Contains("fscore"));
    }
}
