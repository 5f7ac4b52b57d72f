using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// Sibling counts of the same rows (deaths by cause, month by month) compared by their totals beside the largest one's
/// series story: "disease 8.2 times wounds", never with a size column (army size) or where the largest is not far ahead.
/// </summary>
public class SiblingTotalsTests
{
    /// <summary>30 months of deaths by cause: disease rises to a peak near month 10 and falls, wounds and other stay low; army size grows.</summary>
    private static AnalysisTable Causes(double diseaseScale)
    {
        const int n = 30;
        var noise = Noise(n, 41, 1);
        var noise2 = Noise(n, 42, 1);
        var dates = Enumerable.Range(0, n).Select(i => new DateTime(2020, 1, 1).AddMonths(i)).ToList();
        var disease = Enumerable.Range(0, n).Select(i => Math.Round(diseaseScale * (50 + 1000 * Math.Exp(-Math.Pow((i - 10) / 4.0, 2))))).ToList();
        var wounds = Enumerable.Range(0, n).Select(i => Math.Round(60 + 15 * noise[i])).ToList();
        var other = Enumerable.Range(0, n).Select(i => Math.Round(50 + 12 * noise2[i])).ToList();
        var army = Enumerable.Range(0, n).Select(i => 20000.0 + 700 * i).ToList();
        return StoryDiscovery.Prepare(Table(CsvText(("date", Box(dates)), ("wounds", Box(wounds)), ("other", Box(other)), ("disease", Box(disease)), ("army_size", Box(army)))));
    }

    private static Insight SeriesLead(AnalysisTable table, string measure) =>
        StoryDiscovery.DetectAll(table, [StoryKinds.Of<DrawdownStory>(), StoryKinds.Of<TrendStory>(), StoryKinds.Of<ChangePointStory>()])
            .Where(i => i.Columns.Count == 2 && i.Columns[1] == measure).OrderByDescending(i => i.Score).First();

    [Fact]
    public void Of_LargestOfSiblingCounts_TellsItsTotalAgainstTheNext()
    {
        var table = Causes(1);
        var disease = ((NumericColumn)table.Find("disease")!).Values.Sum();
        var wounds = ((NumericColumn)table.Find("wounds")!).Values.Sum();

        var facet = Assert.Single(FacetStory.Of(table, [SeriesLead(table, "disease")]), f => f.Detail is FacetDetail { Aspect: FacetAspect.SiblingTotals });

        var d = (FacetDetail)facet.Detail;
        Assert.Equal(["disease", "wounds", "other"], d.Groups.Select(g => g.Label));
        Assert.Equal(disease, d.Groups[0].Value);
        Assert.Contains($"Disease adds up to {Fmt.Int(disease)}", facet.Title, StringComparison.Ordinal);
        Assert.Contains($"{Fmt.Num(Math.Round(disease / wounds, 1))} times wounds ({Fmt.Int(wounds)})", facet.Title, StringComparison.Ordinal);
        // Army size is a size, not a cause: never among the siblings.
        Assert.DoesNotContain("army_size", facet.Columns);
    }

    [Fact]
    public void Of_LargestUnderTwiceTheNextOrASizeLead_NoTotals()
    {
        // Disease the largest, but under twice wounds over the period: no "far more" to tell.
        var close = Causes(0.29);
        var counts = FacetStory.SiblingCounts(close, "disease")!;
        Assert.Equal("disease", counts[0].Column.Name);
        Assert.InRange(counts[0].Total / counts[1].Total, 1, FacetStory.MinSiblingRatio);
        Assert.DoesNotContain(FacetStory.Of(close, [SeriesLead(close, "disease")]), f => f.Detail is FacetDetail { Aspect: FacetAspect.SiblingTotals });
        // A story of a size (army size) is no count among the siblings and carries no totals.
        var table = Causes(1);
        Assert.DoesNotContain(FacetStory.Of(table, [SeriesLead(table, "army_size")]), f => f.Detail is FacetDetail { Aspect: FacetAspect.SiblingTotals });
        Assert.Null(FacetStory.SiblingCounts(table, "army_size"));
    }

    [Fact]
    public void SiblingCounts_TotalColumnOfTheParts_LeftOut()
    {
        const int n = 24;
        var a = Enumerable.Range(0, n).Select(i => 100.0 + 10 * i).ToList();
        var (nb, nc) = (Noise(n, 43, 1), Noise(n, 44, 1));
        var b = Enumerable.Range(0, n).Select(i => Math.Round(40 + 12 * nb[i])).ToList();
        var c = Enumerable.Range(0, n).Select(i => Math.Round(30 + 10 * nc[i])).ToList();
        var total = Enumerable.Range(0, n).Select(i => a[i] + b[i] + c[i]).ToList();
        var dates = Enumerable.Range(0, n).Select(i => new DateTime(2020, 1, 1).AddMonths(i)).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("month", Box(dates)), ("online", Box(a)), ("store", Box(b)), ("phone", Box(c)), ("all_sales", Box(total)))));

        var siblings = FacetStory.SiblingCounts(table, "online");

        Assert.NotNull(siblings);
        Assert.Equal(["online", "store", "phone"], siblings!.Select(s => s.Column.Name));
    }

    [Fact]
    public void Discover_CrimeaDeathsByCause_DiseaseTotalInPlaceOfASmallerCausesFall()
    {
        var csv = System.Text.Encoding.UTF8.GetString(StoryQuality.StoryQualitySuite.JsonArrayToCsv(File.ReadAllBytes(VegaDataset("crimea.json"))));

        var picked = StoryDiscovery.Discover(Table(csv), null);

        var totals = Assert.Single(picked, p => p.Detail is FacetDetail { Aspect: FacetAspect.SiblingTotals });
        Assert.Contains("Disease adds up to 14,476", totals.Title, StringComparison.Ordinal);
        Assert.Contains("8.2 times wounds (1,758)", totals.Title, StringComparison.Ordinal);
        Assert.Contains(picked, p => p.Detail is DrawdownDetail { Series.Measure: "disease" });
        Assert.DoesNotContain(picked, p => p.Detail is DrawdownDetail { Series.Measure: "other" } or TrendDetail { Series.Measure: "other" });
        Assert.Equal(3, picked.Count);
    }
}
