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
    public void Repeats_OneMemberAfterTheBreadthThatCountsIt_IsARepeat()
    {
        // Fertility falls in all 30 countries: one country's own fall is one of the 30 the breadth tells.
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

        // Told after the breadth, the member is a repeat.
        Assert.True(InsightRanker.Repeats(breadth, member, null));
        Assert.DoesNotContain(member, InsightRanker.PickDiverse([member with { Impact = breadth.Impact / 3 }, breadth], null));
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

    [Fact]
    public void Repeats_GapOnAMeasureThenOnItsSelfReport_IsARepeat()
    {
        // Men weigh more than women; repwt is the same people's report of their weight: its gap by sex is the same gap.
        var n = 200;
        var noise = Noise(n, 21, 1);
        var sex = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "M" : "F").ToList();
        var weight = sex.Select((x, i) => Math.Round((x == "M" ? 75 : 57) + 6 * noise[i])).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("sex", Box(sex)), ("weight", Box(weight.Select(v => (double)v))))));
        var measured = StoryDiscovery.DetectAll(table, [StoryKinds.Of<SegmentStory>()]).First(i => i.Detail is SegmentDetail { Measure: "weight" });
        var d = (SegmentDetail)measured.Detail;
        var reported = measured with { Title = "Repwt is higher for M than for F", Columns = ["sex", "repwt"], Detail = d with { Measure = "repwt" } };
        var other = measured with { Title = "Age is higher for M than for F", Columns = ["sex", "age"], Detail = d with { Measure = "age" } };

        Assert.True(InsightRanker.Repeats(measured, reported, null));
        Assert.False(InsightRanker.Repeats(measured, other, null));
        // Ranked first, the report gives way to the measurement it reports.
        var first = reported with { Impact = measured.Impact * 2 };
        var picked = InsightRanker.PickDiverse([first, measured, other], null);
        Assert.Contains(measured, picked);
        Assert.DoesNotContain(first, picked);
    }

    [Fact]
    public void Build_RowsThatAreTheCellsOfAGrid_NoCountsOfTheirValues()
    {
        // Ship type × build period × service period, each combination once with its incidents and months of service:
        // "the most common construction values" would count the grid's cells, not ships.
        string[] types = ["A", "B", "C", "D", "E"];
        string[] built = ["1960-64", "1965-69", "1970-74", "1975-79"];
        string[] operated = ["1960-74", "1975-79"];
        var cells = (from t in types from b in built from o in operated select (t, b, o)).Where((_, i) => i != 7).ToList();
        var noise = Noise(cells.Count, 19, 1);
        var table = Table(CsvText(("type", Box(cells.Select(c => c.t))), ("construction", Box(cells.Select(c => c.b))), ("operation", Box(cells.Select(c => c.o))),
            ("service", Box(cells.Select((_, i) => Math.Round(1000 + 400 * noise[i])))), ("incidents", Box(cells.Select((_, i) => Math.Round(20 + 8 * noise[i], 1))))));

        Assert.True(DescriptiveStory.IsGrid(table), string.Join(",", table.Columns.Select(c => $"{c.Name}:{c.GetType().Name}")));
        Assert.DoesNotContain(DescriptiveStory.Build(table), i => i.Detail is FrequencyDetail);
        // The same categories as events (combinations repeat): their counts are things counted.
        var events = Table(CsvText(("type", Box(cells.Concat(cells).Select(c => c.t))), ("construction", Box(cells.Concat(cells).Select(c => c.b))), ("operation", Box(cells.Concat(cells).Select(c => c.o)))));
        Assert.False(DescriptiveStory.IsGrid(events));
        // One cell keyed as another (AER's ShipAccidents has E 1975-79 1975-79 twice): still the grid.
        var slipped = cells.Select((c, i) => i == 0 ? cells[^1] : c).ToList();
        var withSlip = Table(CsvText(("type", Box(slipped.Select(c => c.t))), ("construction", Box(slipped.Select(c => c.b))), ("operation", Box(slipped.Select(c => c.o))),
            ("service", Box(slipped.Select((_, i) => Math.Round(1000 + 400 * noise[i]))))));
        Assert.True(DescriptiveStory.IsGrid(withSlip));
    }
}
