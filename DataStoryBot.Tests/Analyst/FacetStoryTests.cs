using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>Weight rising with height in 160 people: the facet kind's sample (the relation's size from the lowest to the highest quarter).</summary>
public sealed class FacetStorySample : IStoryKindSample
{
    public string Kind => "facet";

    public AnalysisTable Table() => FacetStoryTests.HeightWeight(160, withSex: false);
}

/// <summary>
/// Better fillers, fewer of them (issue 22, item 5): facets of a real finding before any description; a filler never
/// describes a time axis, an id, a coded category, a layout or a size; an expected skew is no story; one finding is told once.
/// </summary>
public class FacetStoryTests
{
    /// <summary>Height (in) and weight (lb) of <paramref name="n"/> people, weight rising about 4 lb per inch; with a sex column (men taller) when asked.</summary>
    internal static AnalysisTable HeightWeight(int n, bool withSex)
    {
        var noise = Noise(n, 71, 1);
        var noise2 = Noise(n, 72, 1);
        var sex = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "male" : "female").ToList();
        var height = Enumerable.Range(0, n).Select(i => Math.Round((sex[i] == "male" ? 69 : 64.5) + 2.5 * noise[i], 1)).ToList();
        var weight = height.Select((h, i) => Math.Round(-110 + 4 * h + 12 * noise2[i], 1)).ToList();
        return withSex
            ? Table(CsvText(("sex", Box(sex)), ("height_in", Box(height)), ("weight_lb", Box(weight))))
            : Table(CsvText(("height_in", Box(height)), ("weight_lb", Box(weight))));
    }

    [Fact]
    public void Discover_TwoMeasureTable_TellsTheRelationNotADescription()
    {
        // A two-column table gets the relation and its size in units before any description; the relation again as r²
        // (a facet that only repeats it) is not told.
        var picked = StoryDiscovery.Discover(HeightWeight(200, withSex: false), null);

        Assert.Equal(3, picked.Count);
        Assert.IsType<CorrelationStory>(picked[0].Kind);
        Assert.True(picked[1].Detail is FacetDetail { Aspect: FacetAspect.Quarters }, string.Join("\n", picked.Select(p => $"[{p.Kind}] {p.Title}")));
        Assert.DoesNotContain(picked, p => p.Title.Contains("accounts for", StringComparison.Ordinal));
        Assert.True(picked.Count(p => p.Kind is DescriptiveStory) <= 1, string.Join("\n", picked.Select(p => p.Title)));
    }

    [Fact]
    public void Of_RelationLead_SizeInUnitsNotTheSameRelationWithinEachGroupAgain()
    {
        var table = StoryDiscovery.Prepare(HeightWeight(300, withSex: true));
        var lead = StoryDiscovery.DetectAll(table, [StoryKinds.Of<CorrelationStory>()]).First(i => i.Columns.Contains("height_in") && i.Columns.Contains("weight_lb"));

        var facets = FacetStory.Of(table, [lead]).ToList();

        var quarters = Assert.Single(facets, f => f.Detail is FacetDetail { Aspect: FacetAspect.Quarters });
        var q = (FacetDetail)quarters.Detail;
        Assert.Equal("height_in", q.X);
        Assert.InRange(q.Slope, 3, 5);
        Assert.True(q.Groups[1].Value > q.Groups[0].Value);
        // The link holds for men and for women alike: that is the lead split, told only after every other facet.
        Assert.All(facets.Where(f => f.Detail is FacetDetail { Aspect: FacetAspect.WithinGroups }), f => Assert.True(FacetStory.HoldsEverywhere(f), f.Title));
        Assert.True(facets.IndexOf(quarters) < facets.FindIndex(FacetStory.HoldsEverywhere) || !facets.Any(FacetStory.HoldsEverywhere));
    }

    /// <summary>A two-arm trial of 240 patients: 60% of the treated improve against 20% on placebo, in the young and the old alike.</summary>
    internal static AnalysisTable Trial(int n = 240)
    {
        var noise = Noise(n, 131, 1);
        var treatment = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "treated" : "placebo").ToList();
        var age = Enumerable.Range(0, n).Select(i => Math.Round(55 + 10 * noise[i])).ToList();
        // Improvement does not depend on age: 6 in 10 treated, 2 in 10 on placebo, in every stretch of rows.
        var improved = Enumerable.Range(0, n).Select(i => (i / 2) % 5 < (treatment[i] == "treated" ? 3 : 1) ? "yes" : "no").ToList();
        return Table(CsvText(("treatment", Box(treatment)), ("age", Box(age)), ("improved", Box(improved))));
    }

    [Fact]
    public void Of_RateGapThatHoldsInBothHalvesOfAnotherMeasure_TellsItForBothAlike()
    {
        var table = StoryDiscovery.Prepare(Trial());
        var lead = StoryDiscovery.DetectAll(table, [StoryKinds.Of<RateStory>()]).First(i => i.Detail is RateGroupDetail { Group: "treatment" });

        var facet = Assert.Single(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.RateWithin });

        var d = (FacetDetail)facet.Detail;
        Assert.Equal("age", d.By);
        Assert.True(FacetStory.HoldsEverywhere(facet));
        Assert.Equal(2, d.Groups.Count);
        Assert.All(d.Groups, g => Assert.True(g.Value > g.Other + 0.2, $"{g.Label}: {g.Value} against {g.Other}"));
        Assert.Contains("age up to", facet.Title, StringComparison.Ordinal);
        Assert.Contains("alike", facet.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_RateGapThatHoldsEverywhere_FillsBeforeADescription()
    {
        var picked = StoryDiscovery.Discover(Trial(), null);

        var facet = picked.FindIndex(FacetStory.HoldsEverywhere);
        Assert.True(facet >= 0, string.Join("\n", picked.Select(p => $"[{p.Kind}] {p.Title}")));
        Assert.DoesNotContain(picked, p => p.Kind is DescriptiveStory && p.Columns.SequenceEqual(["age"]));
    }

    [Fact]
    public void Of_GapThatIsTheMixOfAnotherGroup_SaysItDoesNotHoldWithin()
    {
        // Site B scores higher overall only because it holds more of the expert shift; within each shift it scores lower.
        var rows = new List<(string Site, string Shift, double Score)>();
        var noise = Noise(400, 81, 1);
        for (var i = 0; i < 400; i++)
        {
            var site = i % 2 == 0 ? "A" : "B";
            var expert = site == "B" ? i % 10 < 8 : i % 10 < 2;
            rows.Add((site, expert ? "expert" : "novice", Math.Round((expert ? 80 : 50) + (site == "B" ? -4 : 0) + 3 * noise[i], 1)));
        }
        var table = StoryDiscovery.Prepare(Table(CsvText(("site", Box(rows.Select(r => r.Site))), ("shift", Box(rows.Select(r => r.Shift))), ("score", Box(rows.Select(r => r.Score))))));
        var lead = StoryDiscovery.DetectAll(table, [StoryKinds.Of<SegmentStory>()]).First(i => i.Detail is SegmentDetail { Category: "site" });

        var facet = Assert.Single(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.WithinGroups });

        var d = (FacetDetail)facet.Detail;
        Assert.Equal("shift", d.By);
        Assert.All(d.Groups, g => Assert.True(g.Value < g.Other));
        Assert.Contains("does not lead", facet.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_OneSeriesWithOneStep_ExtremesOnTheirSidesNotLevelsByDecade()
    {
        // A river's yearly flow steps down once: the step, then its driest and wettest years on either side of it, not
        // the level by decade (which only repeats the step) and not "what a typical volume looks like" first.
        var noise = Noise(100, 91, 1);
        var volume = noise.Select((e, i) => Math.Round((i < 28 ? 1100 : 850) + 120 * e)).ToList();
        volume[10] = 1500;
        volume[60] = 450;
        var table = Table(CsvText(("year", Box(Enumerable.Range(1871, 100).Select(y => (double)y))), ("volume", Box(volume))));

        var picked = StoryDiscovery.Discover(table, null);

        Assert.Equal(3, picked.Count);
        Assert.IsType<ChangePointStory>(picked[0].Kind);
        var extremes = Assert.Single(picked, p => p.Detail is FacetDetail { Aspect: FacetAspect.Extremes });
        Assert.Contains("lowest in 1931 (450), after the", extremes.Title, StringComparison.Ordinal);
        Assert.Contains("highest in 1881 (1,500), before it", extremes.Title, StringComparison.Ordinal);
        Assert.DoesNotContain(picked, p => p.Detail is FacetDetail { Aspect: FacetAspect.Periods });
        Assert.True(picked.IndexOf(extremes) < picked.FindIndex(p => p.Kind is DescriptiveStory) || !picked.Any(p => p.Kind is DescriptiveStory));
    }

    [Fact]
    public void Discover_SampleMakeUp_FillsOnlyAfterTheFacets()
    {
        // 77% of the rows are men: the sample's make-up, which must not take a slot a facet of the real story can hold.
        var n = 400;
        var noise = Noise(n, 101, 1);
        var sex = Enumerable.Range(0, n).Select(i => i % 100 < 77 ? "male" : "female").ToList();
        var region = Enumerable.Range(0, n).Select(i => new[] { "north", "south", "west" }[(i / 7) % 3]).ToList();
        // Weight rises with height: the relation's size in units is the facet that adds (the same gap within each
        // region would only split the lead).
        var height = sex.Select((s, i) => Math.Round(67 + 4.5 * noise[i], 1)).ToList();
        var noise2 = Noise(n, 102, 1);
        var weight = height.Select((h, i) => Math.Round(-110 + 4 * h + 12 * noise2[i], 1)).ToList();
        var table = Table(CsvText(("sex", Box(sex)), ("region", Box(region)), ("height_in", Box(height)), ("weight_lb", Box(weight))));

        var picked = StoryDiscovery.Discover(table, null);

        Assert.Contains(picked, p => p.Kind is CorrelationStory);
        var facet = picked.FindIndex(p => p.Kind is FacetStory);
        Assert.True(facet >= 0, string.Join("\n", picked.Select(p => $"[{p.Kind}] {p.Title}")));
        var makeUp = picked.FindIndex(p => p.Kind is ConcentrationStory && p.Columns.Count == 1);
        Assert.True(makeUp < 0 || makeUp > facet, string.Join("\n", picked.Select(p => $"[{p.Kind}] {p.Title}")));
    }

    [Fact]
    public void Build_TimeAxisIdCodedCategoryLayoutAndSize_AreNeverDescribed()
    {
        var n = 120;
        var noise = Noise(n, 111, 1);
        var table = Table(CsvText(
            ("year", Box(Enumerable.Range(0, n).Select(i => 1900.0 + i))),
            ("patient", Box(Enumerable.Range(0, n).Select(i => 1000.0 + i))),
            ("chas", Box(Enumerable.Range(0, n).Select(i => i % 10 == 0 ? "1" : "0"))),
            ("arm", Box(Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "treated" : "control"))),
            ("colour", Box(Enumerable.Range(0, n).Select(i => i % 5 < 3 ? "red" : i % 5 < 4 ? "blue" : "green"))),
            ("population", Box(noise.Select(e => Math.Round(Math.Exp(10 + e))))),
            ("score", Box(noise.Select(e => Math.Round(50 + 10 * e, 1))))));

        var described = DescriptiveStory.Build(table).Where(i => i.Columns.Count == 1).Select(i => i.Columns[0]).ToHashSet();

        Assert.Contains("score", described);
        Assert.Contains("colour", described);
        Assert.DoesNotContain("year", described);
        Assert.DoesNotContain("patient", described);
        Assert.DoesNotContain("chas", described);
        Assert.DoesNotContain("arm", described);
        Assert.DoesNotContain("population", described);
    }

    [Fact]
    public void Detect_SkewOfASizeOrAMostlyZeroCount_IsNotAStory()
    {
        var n = 400;
        var noise = Noise(n, 121, 1);
        var noise2 = Noise(n, 122, 1);
        var table = Table(CsvText(
            ("population", Box(noise.Select(e => Math.Round(Math.Exp(10 + 1.2 * e))))),
            ("hurricanes", Box(noise2.Select(e => e < 0.6 ? 0.0 : Math.Round(Math.Exp(2 * e))))),
            ("income", Box(noise2.Select(e => Math.Round(Math.Exp(8 + 1.1 * e)))))));

        var told = StoryKinds.Of<DistributionStory>().Detect(table).Select(i => i.Columns[0]).ToList();

        Assert.Contains("income", told);
        Assert.DoesNotContain("population", told);
        Assert.DoesNotContain("hurricanes", told);
    }

    [Fact]
    public void WithoutRepeats_RecordHighAfterItsOwnRiseAndTwinSkews_ToldOnce()
    {
        var noise = Noise(140, 15, 0.1);
        var series = StoryDiscovery.Prepare(Table(CsvText(("year", Box(Enumerable.Range(1880, 140).Select(y => (double)y))), ("temp", Box(Enumerable.Range(0, 140).Select(i => Math.Round(-0.3 + 0.0001 * i * i + noise[i], 3)))))));
        var all = StoryDiscovery.DetectAll(series);
        Assert.Contains(all, i => i.Kind is RecordStory);
        Assert.Contains(all, i => i.Kind is TrendStory);

        var kept = StoryDiscovery.WithoutRepeats(series, all);

        Assert.Contains(kept, i => i.Kind is TrendStory);
        Assert.DoesNotContain(kept, i => i.Kind is RecordStory);

        // Food spending moves with income: its skew is income's skew again.
        var e = Noise(300, 131, 1);
        var f = Noise(300, 132, 0.25);
        var income = e.Select(v => Math.Round(Math.Exp(7 + 0.9 * v))).ToList();
        var twins = StoryDiscovery.Prepare(Table(CsvText(("income", Box(income)), ("foodexp", Box(income.Select((v, i) => Math.Round(0.5 * v * Math.Exp(f[i]))))))));
        var shapes = StoryDiscovery.DetectAll(twins).Where(i => i.Kind is DistributionStory).ToList();
        Assert.Equal(2, shapes.Count);
        Assert.Single(StoryDiscovery.WithoutRepeats(twins, shapes));
    }
    [Fact]
    public void Of_GapInADesignedGrid_FindsTheWeakerFactorWithinEachCellOfTheOthers()
    {
        // A 3×3×3 test, one specimen per cell: length moves the cycles most, amplitude a lot, load less but the same
        // way in every cell. Read only against its length's median, the load's effect drowns in the amplitude's spread;
        // read against each row's cell of length and amplitude it holds everywhere: the second factor the lead's
        // reader asks about next, not a description of the cycles.
        var noise = Noise(27, 61, 1);
        var rows = Enumerable.Range(0, 27).Select(i =>
        {
            var (len, amp, load) = (i / 9, i / 3 % 3, i % 3);
            return (Len: 250.0 + 50 * len, Amp: 8.0 + amp, Load: 40.0 + 5 * load, Cycles: Math.Round(Math.Exp(5.8 + 0.9 * len - 0.7 * amp - 0.3 * load + 0.05 * noise[i])));
        }).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("len", Box(rows.Select(r => r.Len))), ("amp", Box(rows.Select(r => r.Amp))),
            ("load", Box(rows.Select(r => r.Load))), ("cycles", Box(rows.Select(r => r.Cycles))))));
        var lead = StoryDiscovery.DetectAll(table, [StoryKinds.Of<SegmentStory>()]).First(i => i.Detail is SegmentDetail { Category: "len", Measure: "cycles" });

        var factors = FacetStory.Of(table, [lead]).Where(f => f.Detail is FacetDetail { Aspect: FacetAspect.Factor }).Select(f => (FacetDetail)f.Detail).ToList();

        Assert.Equal(["amp", "load"], factors.Select(f => f.By).Order(StringComparer.Ordinal));
        var load = Assert.Single(factors, f => f.By == "load");
        Assert.Equal(("40", "50"), (load.High, load.Low));
        Assert.All(load.Groups, g => Assert.True(g.Value > g.Other, g.Label));
    }

    /// <summary>
    /// Deaths and population of 200 named counties at about 4 per thousand, with six counties at three times the rate
    /// and three at a tenth of it: the facet of the count-per-exposure lead counts and names the rows off the pooled rate.
    /// </summary>
    [Fact]
    public void Of_CountPerExposureLead_FlagsRowsFarFromThePooledRate()
    {
        const int n = 200;
        var noise = Noise(n, 91, 1);
        var county = Enumerable.Range(0, n).Select(i => $"County {i:000}").ToList();
        var population = Enumerable.Range(0, n).Select(i => 1000 + 95.0 * i).ToList();
        // Poisson-like scatter around the rate (sd the square root of the expected count), rate tripled or a tenth in the odd rows.
        var deaths = population.Select((p, i) => Math.Max(0, Math.Round(0.004 * p * (i % 33 == 32 ? 3 : i % 67 == 40 ? 0.1 : 1) + noise[i] * Math.Sqrt(0.004 * p)))).ToList();
        var table = Table(CsvText(("county", Box(county)), ("deaths", Box(deaths)), ("population", Box(population))));
        var leads = StoryDiscovery.DetectAll(table, [StoryKinds.Of<CorrelationStory>()]).ToList();
        var lead = leads.FirstOrDefault(i => i.Detail is CorrelationDetail { Rate: not null });
        Assert.True(lead is not null, string.Join("\n", leads.Select(l => l.Title)) + string.Join(",", table.Columns.Select(c => c.Name)));

        var facet = Assert.Single(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.Excess });

        var d = (FacetDetail)facet.Detail;
        Assert.Equal(6, d.Groups.Count(g => g.Value > g.Other));
        Assert.Equal(3, d.Groups.Count(g => g.Value < g.Other));
        Assert.Equal("County 197", d.Groups[0].Label);
        Assert.StartsWith("6 of 200", facet.Title, StringComparison.Ordinal);
        var story = StoryWriter.Write(table, facet);
        Assert.Contains("County 197", story.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void PoissonTwoSidedP_ExactAndNormal_SmallWhenFarLargeWhenNear()
    {
        Assert.True(StatTests.PoissonTwoSidedP(3, 3) > 0.5);
        Assert.True(StatTests.PoissonTwoSidedP(10, 2) < 0.001);
        Assert.True(StatTests.PoissonTwoSidedP(100, 100) > 0.9);
        Assert.True(StatTests.PoissonTwoSidedP(150, 100) < 0.001);
    }
}
