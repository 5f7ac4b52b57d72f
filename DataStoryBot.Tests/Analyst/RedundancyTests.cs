using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// A sibling that says its lead again is left out of the three (issue 22: REDUNDANT): one group's trend after the
/// total's, a twin relation, the lone extreme after the leader, levels by decade after a trend; a freed slot goes to a
/// real finding or a facet that adds.
/// </summary>
public class RedundancyTests
{
    private static readonly double[] Years = Enumerable.Range(2000, 20).Select(y => (double)y).ToArray();

    private static Insight Trend(string? subset, double impact, bool rises = true)
    {
        var series = new TimeSeries("year", true, "sales", subset is null ? null : "region", subset, Years, Years.Select(y => rises ? y - 1990 : 2030 - y).ToArray(), "year", 20,
            subset is null ? "sum" : "mean", subset is null ? "3 region values" : null);
        var detail = new TrendDetail(series, new MannKendallResult(150, 5, 1e-6, 0.9, 20), new TheilSenResult(rises ? 1 : -1, 0), rises ? 10 : 30, rises ? 29 : 11);
        return new Insight(StoryKinds.Of<TrendStory>(), subset is null ? ["year", "sales"] : ["year", "sales", "region"], $"Sales {subset} {(rises ? "rose" : "fell")}", "s", ["line"], "t", null, 1e-6, 0.9, 20, impact, detail);
    }

    private static Insight Relation(string x, string y, double impact) =>
        new(StoryKinds.Of<CorrelationStory>(), [x, y], $"Higher {x} goes with higher {y}", "s", ["scatter"], "t", null, 1e-6, 0.5, 200, impact,
            new CorrelationDetail(x, y, new CorrelationResult(0.5, 1e-6, 200), new CorrelationResult(0.5, 1e-6, 200), 1e-6, 3, null, 1, 0));

    /// <summary>A finding on other columns that scores below every story above (what a freed slot should get).</summary>
    private static Insight Other(double impact) =>
        new(StoryKinds.Of<SegmentStory>(), ["team", "cost"], "Cost differs by team", "s", ["box"], "t", null, 1e-6, 0.5, 200, impact, new object());

    [Fact]
    public void PickDiverse_OneGroupsTrendAfterTheTotals_LeftOutForAnotherFinding()
    {
        var total = Trend(null, 1.0);
        var north = Trend("north", 0.9);
        var other = Other(0.05);

        var picked = InsightRanker.PickDiverse([total, north, other], null, count: 2);

        Assert.Equal([total, other], picked);
    }

    [Fact]
    public void PickDiverse_GroupFallingWhileTheTotalRises_IsKept()
    {
        var total = Trend(null, 1.0);
        var north = Trend("north", 0.9, rises: false);

        var picked = InsightRanker.PickDiverse([total, north, Other(0.05)], null, count: 2);

        Assert.Equal([total, north], picked);
    }

    [Fact]
    public void PickDiverse_TwinDriversOfOneOutcome_SecondRelationLeftOut()
    {
        // Years of service and years since the PhD move together: salary's link with each is one story.
        var phd = Relation("yrs since phd", "salary", 1.0);
        var service = Relation("yrs service", "salary", 0.9);
        var other = Other(0.05);
        static bool Twins(string a, string b) => new[] { a, b }.Order(StringComparer.Ordinal).SequenceEqual(["yrs service", "yrs since phd"]);

        var picked = InsightRanker.PickDiverse([phd, service, other], null, count: 2, twins: Twins);

        Assert.Equal([phd, other], picked);
        Assert.Equal([phd, service], InsightRanker.PickDiverse([phd, service, other], null, count: 2, twins: (_, _) => false));
    }

    [Fact]
    public void PickDiverse_RelationOnASelfReport_GivesWayToTheMeasuredOne()
    {
        var reported = Relation("height", "repwt", 1.0);
        var measured = Relation("height", "weight", 0.5);
        static bool Twins(string a, string b) => a != b && new[] { a, b }.All(c => c is "repwt" or "weight");

        var picked = InsightRanker.PickDiverse([reported, measured, Other(0.05)], null, count: 2, twins: Twins);

        Assert.Equal(measured, picked[0]);
        Assert.DoesNotContain(reported, picked);
    }

    [Fact]
    public void PickDiverse_LoneExtremeAfterTheLeaderOfTheSameColumn_LeftOut()
    {
        var breakdown = new CategoryBreakdown("state", "murder rate", "mean", [new CategoryTotal("DC", 16.5, 1), new CategoryTotal("Louisiana", 7.7, 1)], 51);
        var leader = new Insight(StoryKinds.Of<OutstandingCategoryStory>(), ["state", "murder rate"], "DC leads murder rate", "s", ["bar"], "t", null, 1e-6, 2, 51, 1.0,
            new OutstandingDetail(breakdown, 2.1, 5));
        var outlier = new Insight(StoryKinds.Of<OutlierStory>(), ["murder rate"], "One extreme murder rate value stands out: 16.5 (DC)", "s", ["box"], "t", null, 1e-6, 5, 51, 1.0,
            new OutlierDetail("murder rate", 51, 2.5, 1, 3.5, [new OutlierPoint(8, 16.5, 9, "DC")], 1));
        var other = Other(0.01);

        var picked = InsightRanker.PickDiverse([leader, outlier, other], null, count: 2);

        Assert.Equal([leader, other], picked);
    }

    [Fact]
    public void Discover_SeriesThatRisesFasterLater_TellsThePaceNotTheLevelsByDecade()
    {
        // Sixty years rising, three times as fast in the last twenty: the pace is news, the highest decade is the rise's end.
        var noise = Noise(60, 131, 1);
        var years = Enumerable.Range(1960, 60).Select(y => (double)y).ToList();
        var level = years.Select((y, i) => Math.Round(300 + (i < 30 ? 0.8 * i : 24 + 2.4 * (i - 30)) + 0.8 * noise[i], 2)).ToList();
        var table = Table(CsvText(("year", Box(years)), ("co2", Box(level))));

        var picked = StoryDiscovery.Discover(table, null);

        Assert.Equal(3, picked.Count);
        Assert.Contains(picked, p => p.Kind is TrendStory);
        var pace = Assert.Single(picked, p => p.Detail is FacetDetail { Aspect: FacetAspect.Pace });
        Assert.Contains("sped up", pace.Title, StringComparison.Ordinal);
        var d = (FacetDetail)pace.Detail;
        Assert.InRange(d.Groups[0].Value, 0.5, 1.1);
        Assert.InRange(d.Groups[1].Value, 2.0, 2.8);
        Assert.DoesNotContain(picked, p => p.Detail is FacetDetail { Aspect: FacetAspect.Periods });
    }

    [Fact]
    public void Of_FallThatStartsAfterALevelStretch_SaysTheFirstThirdHadNoTrendNotThatTheFallSlowed()
    {
        // Level (noise around 30) for 36 years, then a collapse that dies out near zero: the first third never fell, so
        // "the fall slowed" would be invented; the facet says the first third had no consistent trend.
        var noise = Noise(75, 17, 2);
        var years = Enumerable.Range(1928, 75).Select(y => (double)y).ToList();
        var rate = years.Select((y, i) => Math.Round(i < 36 ? 30 + noise[i] : 30 * Math.Exp(-(i - 36) / 5.0), 4)).ToList();
        var table = Table(CsvText(("year", Box(years)), ("rate", Box(rate))));
        var trend = Assert.Single(StoryDiscovery.DetectAll(table, [StoryKinds.Of<TrendStory>()]), i => i.Detail is TrendDetail);

        var pace = Assert.Single(FacetStory.Of(table, [trend]), f => f.Detail is FacetDetail { Aspect: FacetAspect.Pace });

        Assert.StartsWith("Rate showed no consistent trend in 1928–1952, then fell", pace.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("slowed", pace.Title, StringComparison.Ordinal);
        var d = (FacetDetail)pace.Detail;
        Assert.True(d.Groups[0].Other >= FacetStory.MaxPaceP, $"first third's Mann-Kendall p {d.Groups[0].Other}");
        Assert.True(d.Groups[1].Other < FacetStory.MaxPaceP, $"last third's Mann-Kendall p {d.Groups[1].Other}");
    }

    [Fact]
    public void Adds_LevelsByDecadeBesideATrendOfTheSameMeasure_No()
    {
        var trend = Trend(null, 1.0);
        var periods = new Insight(StoryKinds.Of<FacetStory>(), ["year", "sales"], "Sales by decade", "s", ["bar"], "t", null, null, 1, 20, 0.5,
            new FacetDetail(FacetAspect.Periods, trend.Title, "year", "sales", null, [new FacetGroup("2000s", 10, 15), new FacetGroup("2010s", 10, 25)], double.NaN, 20));

        Assert.False(FacetStory.Adds(periods, [trend]));
        Assert.True(FacetStory.Adds(periods, [Other(1)]));
    }

    // ---- issue 22's second reading: facets that repeated their lead in a new shape (one small table per pattern) ----

    [Fact]
    public void Of_GapOverFourGroupsWithASecondFactor_NoRankingOfTheSameGroupsButTheFactorWhereItBreaks()
    {
        // Yield by site (four sites, far apart) and by year: 1931 beats 1932 at every site but the third. The facets
        // never rank the four sites again (the lead's order spelled out); the second factor and its exception add.
        var noise = Noise(160, 41, 1);
        string[] sites = ["Waseca", "Crookston", "Morris", "Duluth"];
        double[] level = [48, 39, 35, 24];
        var rows = Enumerable.Range(0, 160).Select(i =>
        {
            var site = i % 4;
            var year = i / 4 % 2 == 0 ? 1931.0 : 1932.0;
            var yearGap = site == 2 ? -6 : 6;
            return (Site: sites[site], Year: year, Yield: Math.Round(level[site] + (year == 1931 ? yearGap : 0) + 1.5 * noise[i], 1));
        }).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("site", Box(rows.Select(r => r.Site))), ("year", Box(rows.Select(r => r.Year))), ("yield", Box(rows.Select(r => r.Yield))))));
        var lead = StoryDiscovery.DetectAll(table, [StoryKinds.Of<SegmentStory>()]).First(i => i.Detail is SegmentDetail { Category: "site", Measure: "yield" });

        var facets = FacetStory.Of(table, [lead]).ToList();

        Assert.DoesNotContain(facets, f => f.Columns.Count == 2 && f.Columns.Contains("site") && f.Columns.Contains("yield"));
        var factor = Assert.Single(facets, f => f.Detail is FacetDetail { Aspect: FacetAspect.Factor });
        Assert.Equal("year", ((FacetDetail)factor.Detail).By);
        Assert.StartsWith("Yield is higher for year 1931 than for year 1932 in every site but Morris", factor.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_Seasonality_NoPeakAgainstTroughGapOnlyTheYearsLevels()
    {
        // Ten years of monthly orders, high in September and low in August: the rhythm's story names both months and
        // the swing; their two averages as a percentage gap say it again.
        var noise = Noise(120, 51, 1);
        var dates = Enumerable.Range(0, 120).Select(i => new DateTime(2000, 1, 1).AddMonths(i)).ToList();
        var orders = dates.Select((d, i) => Math.Round(100 + (d.Month == 9 ? 15 : d.Month == 8 ? -20 : 0) + (d.Year - 2000) * 2 + 2 * noise[i], 1)).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("date", Box(dates)), ("orders", Box(orders)))));
        var lead = Assert.Single(StoryDiscovery.DetectAll(table, [StoryKinds.Of<SeasonalityStory>()]), i => i.Detail is SeasonalityDetail);

        var facets = FacetStory.Of(table, [lead]).ToList();

        Assert.All(facets, f => Assert.True(f.Detail is FacetDetail { Aspect: FacetAspect.Periods }, f.Title));
        Assert.DoesNotContain(facets, f => f.Title.Contains("August", StringComparison.Ordinal) || f.Title.Contains("September", StringComparison.Ordinal));
    }

    private static Insight Fall(double[] y)
    {
        var t = Enumerable.Range(1970, y.Length).Select(v => (double)v).ToArray();
        var series = new TimeSeries("year", true, "price", null, null, t, y, "year", y.Length, "sum", null);
        var detail = DrawdownStory.Analyze(series) ?? throw new InvalidOperationException("no fall");
        return new Insight(StoryKinds.Of<DrawdownStory>(), ["year", "price"], "Price fell", "s", ["line"], "t", null, 1e-6, 0.5, y.Length, 1, detail);
    }

    [Fact]
    public void Of_FallDatedToItsRecoveryOrToTheEnd_NoTimeBelowTheHigh_OtherwiseTold()
    {
        // Ten years up, then a halving: the time below the high repeats the fall when its story dates the way back
        // (recovered) or the fall runs to the last point; only a fall that ends short of both leaves it open.
        double[] Path(Func<int, double> after) => Enumerable.Range(0, 40).Select(i => i <= 10 ? 50 + 5.0 * i : after(i - 10)).ToArray();
        var toTheEnd = Fall(Path(k => 100 - 50.0 * k / 30));
        var recovered = Fall(Path(k => k <= 10 ? 100 - 5.0 * k : Math.Min(130, 50 + 8.0 * (k - 10))));
        var open = Fall(Path(k => k <= 8 ? 100 - 6.0 * k : 52 + 0.8 * (k - 8)));

        bool Underwater(Insight lead) => FacetStory.Of(StoryDiscovery.Prepare(Table("year,price\n1970,1\n")), [lead]).Any(f => f.Detail is FacetDetail { Aspect: FacetAspect.Underwater });

        Assert.False(Underwater(toTheEnd));
        Assert.False(Underwater(recovered));
        Assert.True(Underwater(open));
    }

    /// <summary>Admissions by department and gender: department F admits few, men and women alike, and (when <paramref name="mixed"/>) women apply mostly to the hard departments.</summary>
    private static AnalysisTable Admissions(bool mixed, int seed)
    {
        var rng = new Random(seed);
        string[] depts = ["A", "B", "C", "D", "F"];
        double[] admit = [0.7, 0.6, 0.35, 0.3, 0.06];
        var rows = Enumerable.Range(0, 3000).Select(i =>
        {
            var gender = i % 2 == 0 ? "male" : "female";
            // Men mostly to A and B, women mostly to C, D and F (when mixed); otherwise evenly.
            var d = mixed ? (gender == "male" ? (rng.NextDouble() < 0.8 ? rng.Next(2) : 2 + rng.Next(3)) : (rng.NextDouble() < 0.8 ? 2 + rng.Next(3) : rng.Next(2))) : i / 2 % 5;
            return (Dept: depts[d], Gender: gender, Admitted: rng.NextDouble() < admit[d] ? "yes" : "no");
        }).ToList();
        return StoryDiscovery.Prepare(Table(CsvText(("dept", Box(rows.Select(r => r.Dept))), ("gender", Box(rows.Select(r => r.Gender))), ("admitted", Box(rows.Select(r => r.Admitted))))));
    }

    [Fact]
    public void Of_StandoutRateThatHoldsForEveryGender_OnlyALateFacet()
    {
        // Department F admits few applicants, men and women alike: "F is admitted less often within every gender" is
        // the lead again, split. Since 7 December 2026 (issue 22 item 5: a table's other slots hold facets of its one
        // real story, not templates) it may fill a slot, but only as a late facet: after every other facet, before a
        // description, at a fraction of the lead's weight.
        var table = Admissions(mixed: false, seed: 17);
        var lead = StoryKinds.Of<RateStory>().Detect(table).First(i => i.Detail is RateGroupDetail { Group: "dept" });

        var split = FacetStory.Of(table, [lead]).Where(f => f.Detail is FacetDetail { Aspect: FacetAspect.RateWithin or FacetAspect.WithinGroups }).ToList();
        Assert.All(split, f => Assert.True(FacetStory.HoldsEverywhere(f), $"'{f.Title}' is told as an early facet"));
        Assert.All(split, f => Assert.True(f.Impact < lead.Impact, $"'{f.Title}' weighs as much as its lead"));
    }

    /// <summary>
    /// Men released with and without financial aid, by schooling: without aid 40% and 40% are re-arrested in the two large
    /// school groups against 15% with it; the small third group is given as (re-arrested, men) per side.
    /// </summary>
    private static AnalysisTable Parolees((int Hits, int N) withoutAid, (int Hits, int N) withAid)
    {
        var rows = new List<(string Fin, string Educ, int Arrest)>();
        void Add(string fin, string educ, int hits, int n) => rows.AddRange(Enumerable.Range(0, n).Select(i => (fin, educ, i < hits ? 1 : 0)));
        Add("no", "3", 60, 150); Add("yes", "3", 22, 150);
        Add("no", "4", 40, 100); Add("yes", "4", 15, 100);
        Add("no", "5", withoutAid.Hits, withoutAid.N); Add("yes", "5", withAid.Hits, withAid.N);
        return StoryDiscovery.Prepare(Table(CsvText(("fin", Box(rows.Select(r => r.Fin))), ("educ", Box(rows.Select(r => r.Educ))), ("arrest", Box(rows.Select(r => (double)r.Arrest))))));
    }

    [Fact]
    public void Of_RateGapThatBreaksOnlyByChanceInASmallGroup_NoException_ARealReversalIsTold()
    {
        // 2 of 21 against 3 of 18 in the small group is noise: "not for education 5" would be an exception of nothing.
        var noisy = Parolees((2, 21), (3, 18));
        var lead = StoryKinds.Of<RateStory>().Detect(noisy).First(i => i.Detail is RateGroupDetail { Group: "fin" });
        Assert.DoesNotContain(FacetStory.Of(noisy, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.RateWithin });

        // 6 of 60 against 24 of 60 runs the other way beyond chance: that exception is told.
        var reversed = Parolees((6, 60), (24, 60));
        var lead2 = StoryKinds.Of<RateStory>().Detect(reversed).First(i => i.Detail is RateGroupDetail { Group: "fin" });
        var within = Assert.Single(FacetStory.Of(reversed, [lead2]), f => f.Detail is FacetDetail { Aspect: FacetAspect.RateWithin });
        Assert.EndsWith("not for educ 5", within.Title.Replace("education", "educ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Of_GenderGapThatIsTheDepartmentMix_TellsWhereEachGenderApplied()
    {
        // Men are admitted more overall only because they apply to the easy departments: the facet says where each
        // gender's applications went, the why of the lead (not the gap again within each department).
        var table = Admissions(mixed: true, seed: 23);
        // The gender story as the rate detector tells it when the department mix explains it (admissions' "Men (gender)").
        var outcome = new RateOutcome("admitted", "yes", true, "admitted", []);
        var (men, women) = (new RateCount("male", 1500, 850), new RateCount("female", 1500, 480));
        var detail = new RateGroupDetail(outcome, "gender", [men, women], men, true, women, new RateCount("all", 3000, 1330), new ChiSquareResult(180, 1, 1e-9, 0.25, 3000),
            null, 1e-9, 1, 0, 0, 0, Confound: new ConfoundCheck("dept", 0.25, -0.01, 5, 1500) { Explained = true });
        var lead = new Insight(StoryKinds.Of<RateStory>(), ["admitted", "gender"], "Male (gender): admitted more often, but the dept mix", "s", ["bar"], "t", null, 1e-9, 0.25, 3000, 1, detail);

        var mix = Assert.Single(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.Mix });

        var d = (FacetDetail)mix.Detail;
        Assert.Equal("dept", d.By);
        Assert.Contains("of men are in the departments where more are admitted (A, B), against", mix.Title, StringComparison.Ordinal);
        var common = d.Groups.Where(g => g.Label is "A" or "B").ToList();
        var standout = common.Sum(g => g.N) / (double)d.Groups.Sum(g => g.N);
        var rest = common.Sum(g => g.Other) / d.Groups.Sum(g => g.Other);
        Assert.InRange(standout - rest, 0.4, 0.8);
    }

    [Fact]
    public void Of_FastestGrowerAmongFive_NamesTheOneThatEndedLower()
    {
        // Five prices over ten years: four rise, one ends 30% lower; beside "A grew fastest" the exception is news.
        var months = Enumerable.Range(0, 120).Select(i => new DateTime(2000, 1, 1).AddMonths(i)).ToList();
        var noise = Noise(600, 61, 0.5);
        (string Symbol, double Start, double End)[] symbols = [("AAA", 20, 200), ("BBB", 50, 120), ("CCC", 40, 60), ("DDD", 80, 110), ("MMM", 40, 28)];
        var rows = symbols.SelectMany((s, k) => months.Select((m, i) => (m, s.Symbol, Price: Math.Round(s.Start + (s.End - s.Start) * i / 119.0 + noise[k * 120 + i], 2)))).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("date", Box(rows.Select(r => r.m))), ("symbol", Box(rows.Select(r => r.Symbol))), ("price", Box(rows.Select(r => r.Price))))));
        var lead = StoryKinds.Of<GroupSeriesStory>().Detect(table).First(i => i.Detail is GroupSeriesDetail { Kind: "growth" });

        var laggard = Assert.Single(FacetStory.Of(table, [lead]), f => f.Detail is FacetDetail { Aspect: FacetAspect.Laggard });

        Assert.StartsWith("MMM is the only one of the 5 symbols to end lower: price down", laggard.Title, StringComparison.Ordinal);
        var mmm = Assert.Single(((FacetDetail)laggard.Detail).Groups, g => g.Label == "MMM");
        Assert.InRange(mmm.Value, 0.6, 0.8);
    }

    [Fact]
    public void PickDiverse_ShareOfATotalLedByAnotherGroupThanTheGap_IsKept()
    {
        // Deaths by kind of disaster: earthquakes lead a typical year, droughts the total. The share of the total names
        // another leader, a second finding; led by the gap's own leader it says the lead again.
        Insight Gap() => new(StoryKinds.Of<SegmentStory>(), ["entity", "deaths"], "Deaths differ by entity", "s", ["box"], "t", null, 1e-6, 0.5, 300, 1,
            new SegmentDetail("entity", "deaths", [new SegmentGroup("Earthquake", 100, 4000, 0, 0, 0, 0, 0), new SegmentGroup("Wildfire", 100, 40, 0, 0, 0, 0, 0)], new KruskalWallisResult(50, 1, 1e-6, 0.3, 200), null));
        Insight Share(string top) => new(StoryKinds.Of<ConcentrationStory>(), ["entity", "deaths"], $"{top} holds most deaths", "s", ["bar"], "t", null, 1e-6, 0.5, 300, 0.8,
            new ConcentrationDetail(new CategoryBreakdown("entity", "deaths", "sum", [new CategoryTotal(top, 900, 100), new CategoryTotal("Other", 100, 200)], 300), 0.9, 1, 0.5, null));

        Assert.Equal(2, InsightRanker.PickDiverse([Gap(), Share("Drought")], null, count: 2).Count);
        Assert.Single(InsightRanker.PickDiverse([Gap(), Share("Earthquake")], null, count: 2));
    }
}

