using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// Fewer fillers and repeats (issue 22): a table with one real story fills its other slots with facets of it (how little
/// a gap's groups overlap, a second factor at every level of a relation's driver), not "what a typical X looks like";
/// a member of a group the breadth already counts, the drift a step makes, the link a share names and the same pair
/// through self-reports are not told twice.
/// </summary>
public class FillerRepeatTests
{
    private static string Titles(IEnumerable<Insight> picked) => string.Join("\n", picked.Select(p => $"[{p.Kind}] {p.Title}"));

    [Fact]
    public void Discover_TwoGroupGapOnly_TellsHowLittleTheGroupsOverlapNotATypicalValue()
    {
        // Heights of 400 students, 77% men, men about 4.5 inches taller: the gap, then its size as overlap.
        var n = 400;
        var noise = Noise(n, 7, 1);
        var sex = Enumerable.Range(0, n).Select(i => i % 100 < 77 ? "Male" : "Female").ToList();
        var height = sex.Select((s, i) => Math.Round((s == "Male" ? 69.3 : 64.9) + 3 * noise[i], 1)).ToList();
        var table = Table(CsvText(("sex", Box(sex)), ("height", Box(height))));

        var picked = StoryDiscovery.Discover(table, null);

        Assert.IsType<SegmentStory>(picked[0].Kind);
        var overlap = Assert.Single(picked, p => p.Detail is FacetDetail { Aspect: FacetAspect.Overlap });
        var d = (FacetDetail)overlap.Detail;
        Assert.Equal("Male", d.High);
        Assert.True(Math.Max(d.Groups[0].Other, d.Groups[1].Other) >= FacetStory.MinOverlapShare, overlap.Title);
        Assert.Matches("^(8|9)[0-9]% of (men are above the median height of women|women are below the median height of men)", overlap.Title);
        Assert.DoesNotContain(picked, p => p.Detail is NumericSummaryDetail);
        Assert.True(picked.IndexOf(overlap) < picked.FindIndex(p => p.Kind is ConcentrationStory) || !picked.Any(p => p.Kind is ConcentrationStory), Titles(picked));
    }

    [Fact]
    public void Of_GroupsThatOverlapMostly_NoOverlapFacet()
    {
        // A small gap (a third of a spread): most of each group lies on both sides of the other's median.
        var n = 400;
        var noise = Noise(n, 8, 1);
        var group = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "a" : "b").ToList();
        var score = group.Select((g, i) => Math.Round((g == "a" ? 51 : 50) + 3 * noise[i], 1)).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("group", Box(group)), ("score", Box(score)))));
        var lead = StoryDiscovery.DetectAll(table, [StoryKinds.Of<SegmentStory>()]).FirstOrDefault(i => i.Detail is SegmentDetail);

        Assert.True(lead is null || !FacetStory.Of(table, [lead]).Any(f => f.Detail is FacetDetail { Aspect: FacetAspect.Overlap }));
    }

    [Fact]
    public void Discover_RelationWithASecondFactorAtEveryLevel_TellsItNotATypicalValue()
    {
        // A life table: the yearly chance of dying rises about 8% a year of age, and is half as high again for men at
        // every age. What a journalist adds to "risk rises with age": men's is higher at every age.
        var ages = Enumerable.Range(0, 100).ToList();
        var rows = ages.SelectMany(a => new[] { ("male", a, 0.0002 * Math.Exp(0.08 * a) * 1.5), ("female", a, 0.0002 * Math.Exp(0.08 * a)) }).ToList();
        var table = Table(CsvText(("age", Box(rows.Select(r => (double)r.Item2))), ("sex", Box(rows.Select(r => r.Item1))), ("prob", Box(rows.Select(r => Math.Min(0.99, r.Item3))))));

        var picked = StoryDiscovery.Discover(table, null);

        var bands = Assert.Single(picked, p => p.Detail is FacetDetail { Aspect: FacetAspect.Bands });
        var d = (FacetDetail)bands.Detail;
        Assert.Equal(("age", "prob", "sex", "male"), (d.X, d.Y, d.By, d.High));
        Assert.Equal(4, d.Groups.Count);
        Assert.All(d.Groups, g => Assert.True(g.Value > g.Other));
        Assert.StartsWith("In every quarter of age, prob is higher for men than for women", bands.Title, StringComparison.Ordinal);
        Assert.DoesNotContain(picked, p => p.Detail is NumericSummaryDetail);
    }

    [Fact]
    public void Of_SecondFactorAheadOnlyInSomeBands_NoBandsFacet()
    {
        // Men's risk higher in the young half only: not "at every level of age".
        var ages = Enumerable.Range(0, 100).ToList();
        var rows = ages.SelectMany(a => new[] { ("male", a, 0.0002 * Math.Exp(0.08 * a) * (a < 50 ? 1.5 : 0.7)), ("female", a, 0.0002 * Math.Exp(0.08 * a)) }).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("age", Box(rows.Select(r => (double)r.Item2))), ("sex", Box(rows.Select(r => r.Item1))), ("prob", Box(rows.Select(r => Math.Min(0.99, r.Item3)))))));
        var lead = StoryDiscovery.DetectAll(table, [StoryKinds.Of<CorrelationStory>()]).First(i => i.Detail is CorrelationDetail);

        Assert.DoesNotContain(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.Bands });
    }

    [Fact]
    public void Repeats_TrendAfterItsOwnStep_IsARepeat()
    {
        // Cases fall from about 60 to about 1 in one step: "fell overall" over the whole span says the step again.
        var noise = Noise(60, 11, 1);
        var cases = noise.Select((e, i) => Math.Round((i < 30 ? 60 : 1) + 2 * e + (i < 30 ? 0 : 2), 2)).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("year", Box(Enumerable.Range(1940, 60).Select(y => (double)y))), ("cases", Box(cases)))));
        var found = StoryDiscovery.DetectAll(table, [StoryKinds.Of<ChangePointStory>(), StoryKinds.Of<TrendStory>()]);
        var step = Assert.Single(found, i => i.Detail is ChangePointDetail);
        var trend = Assert.Single(found, i => i.Detail is TrendDetail);

        Assert.True(InsightRanker.Repeats(step, trend, null));
        Assert.DoesNotContain(InsightRanker.PickDiverse([step, trend], null), i => i.Detail is TrendDetail);
    }

    [Fact]
    public void PickDiverse_OneMemberBeforeTheBreadthThatCountsIt_GivesWay()
    {
        // Fertility falls in all 30 countries: one country's own fall, ranked first, is one of the 30 the breadth tells.
        var years = Enumerable.Range(1960, 40).ToList();
        var noise = Noise(30 * 40, 13, 1);
        var rows = Enumerable.Range(0, 30).SelectMany(c => years.Select((y, i) => ($"C{c:00}", (double)y, Math.Round(6 - (2 + c * 0.05) * i / 40.0 + 0.05 * noise[c * 40 + i], 3)))).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("country", Box(rows.Select(r => r.Item1))), ("year", Box(rows.Select(r => r.Item2))), ("fertility", Box(rows.Select(r => r.Item3))))));
        var breadth = StoryDiscovery.DetectAll(table, [StoryKinds.Of<GroupSeriesStory>()]).First(i => i.Detail is GroupSeriesDetail { Kind: "breadth" });
        var average = StoryDiscovery.DetectAll(table, [StoryKinds.Of<TrendStory>()]).First(i => i.Detail is TrendDetail);
        var t = (TrendDetail)average.Detail;
        var member = average with
        {
            Title = "Fertility for C07 fell steadily",
            Columns = ["year", "fertility", "country"],
            Impact = breadth.Impact * 3,
            Detail = t with { Series = t.Series with { SubsetColumn = "country", SubsetValue = "C07", Across = null } },
        };

        var picked = InsightRanker.PickDiverse([member, breadth], null);

        Assert.Contains(breadth, picked);
        Assert.DoesNotContain(member, picked);
        // A country that rose against the many that fell is no member of the breadth.
        var against = member with { Detail = t with { Series = t.Series with { SubsetColumn = "country", SubsetValue = "C07", Across = null }, FittedStart = 1, FittedEnd = 5 } };
        Assert.False(InsightRanker.Repeats(breadth, against, null));
    }

    [Fact]
    public void Repeats_MeasuredPairThenItsSelfReports_IsARepeat()
    {
        // Weight rises with height; repwt and repht are the same people's reports of both: their link is the same link.
        var n = 200;
        var noise = Noise(n, 17, 1);
        var noise2 = Noise(n, 18, 1);
        var height = noise.Select(e => Math.Round(170 + 9 * e)).ToList();
        var weight = height.Select((h, i) => Math.Round(-100 + 1.0 * h + 6 * noise2[i])).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("weight", Box(weight.Select(v => (double)v))), ("height", Box(height.Select(v => (double)v))))));
        var measured = StoryDiscovery.DetectAll(table, [StoryKinds.Of<CorrelationStory>()]).Single(i => i.Detail is CorrelationDetail);
        var c = (CorrelationDetail)measured.Detail;
        var reported = measured with { Title = "Higher repwt goes with higher repht", Columns = ["repwt", "repht"], Detail = c with { X = "repwt", Y = "repht" } };
        // Reported weight beside measured height is the same pair too; reported weight beside age is another link.
        var half = measured with { Title = "Higher repwt goes with higher height", Columns = ["repwt", "height"], Detail = c with { X = "repwt", Y = "height" } };
        var other = measured with { Title = "Higher repwt goes with higher age", Columns = ["repwt", "age"], Detail = c with { X = "repwt", Y = "age" } };

        Assert.True(InsightRanker.Repeats(measured, reported, null));
        Assert.True(InsightRanker.Repeats(measured, half, null));
        Assert.False(InsightRanker.Repeats(measured, other, null));
        Assert.DoesNotContain(reported, InsightRanker.PickDiverse([measured, reported], null));
        // Ranked first, the reports give way to the measurements they report.
        var first = reported with { Impact = measured.Impact * 2 };
        var picked = InsightRanker.PickDiverse([first, measured], null);
        Assert.Contains(measured, picked);
        Assert.DoesNotContain(first, picked);
    }
}
