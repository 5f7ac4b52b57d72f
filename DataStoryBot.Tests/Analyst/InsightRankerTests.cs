using System.Globalization;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

public class InsightRankerTests
{
    /// <summary>
    /// Incidents with a category, an assignment group and a resolution time. With <paramref name="routed"/> the group is
    /// the category's team (Hardware → Hardware Support); otherwise a group drawn at random. Hardware takes about three
    /// times as long as the rest.
    /// </summary>
    internal static AnalysisTable Incidents(bool routed, int seed, double hardwareFactor = 3)
    {
        var rng = new Random(seed);
        string[] categories = ["Hardware", "Software", "Network", "Access", "Email"];
        string[] teams = ["Hardware Support", "App Support", "Network Ops", "Identity", "Messaging"];
        var start = new DateTime(2024, 1, 1);
        var rows = new List<(string Number, DateTime Opened, string Category, string Group, DateTime Resolved)>();
        for (var i = 0; i < 1500; i++)
        {
            var c = rng.Next(categories.Length);
            var hours = (c == 0 ? hardwareFactor : 1) * 12 * Math.Exp(0.5 * (rng.NextDouble() + rng.NextDouble() - 1));
            var opened = start.AddHours(i * 5.0 + rng.Next(0, 3));
            rows.Add(($"INC{i + 1:0000000}", opened, categories[c], routed ? teams[c] : teams[rng.Next(teams.Length)], opened.AddHours(hours)));
        }
        return Table(CsvText(
            ("number", Box(rows.Select(r => r.Number))),
            ("opened_at", Box(rows.Select(r => r.Opened.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)))),
            ("category", Box(rows.Select(r => r.Category))),
            ("assignment_group", Box(rows.Select(r => r.Group))),
            ("resolved_at", Box(rows.Select(r => r.Resolved.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))))));
    }

    private static List<Insight> SegmentInsights(AnalysisTable prepared) =>
        StoryKinds.Of<SegmentStory>().Detect(prepared).Where(i => i.Columns.Contains("hours to resolve")).ToList();

    [Fact]
    public void PreferUpstream_CategoryRoutedToGroup_KeepsTheCategoryStoryOnly()
    {
        var table = StoryDiscovery.Prepare(Incidents(routed: true, seed: 41));
        var insights = SegmentInsights(table);
        Assert.Contains(insights, i => i.Columns[0] == "assignment_group");

        var kept = InsightRanker.PreferUpstream(insights, table);

        var story = Assert.Single(kept);
        Assert.Equal("category", story.Columns[0]);
    }

    [Fact]
    public void PreferUpstream_GroupNotRouted_KeepsBoth()
    {
        // Hardware runs long, and the random group carries none of it: only the category's story is found, and kept.
        var table = StoryDiscovery.Prepare(Incidents(routed: false, seed: 42));
        var insights = SegmentInsights(table);

        var kept = InsightRanker.PreferUpstream(insights, table);

        Assert.Equal(insights.Count, kept.Count);
        Assert.Contains(kept, i => i.Columns[0] == "category");
    }

    /// <summary>Loan applications: denied far more with a public bad record and for one group of applicants, with a third unrelated flag.</summary>
    private static AnalysisTable Loans(int seed)
    {
        var rng = new Random(seed);
        var rows = new List<(string Record, string Minority, string Single, string Denied)>();
        for (var i = 0; i < 2400; i++)
        {
            var record = rng.NextDouble() < 0.08;
            var minority = rng.NextDouble() < 0.15;
            var rate = 0.08 + (record ? 0.33 : 0) + (minority ? 0.18 : 0);
            rows.Add((record ? "yes" : "no", minority ? "yes" : "no", rng.NextDouble() < 0.4 ? "yes" : "no", rng.NextDouble() < rate ? "yes" : "no"));
        }
        return Table(CsvText(
            ("public_bad_record", Box(rows.Select(r => r.Record))),
            ("minority", Box(rows.Select(r => r.Minority))),
            ("single", Box(rows.Select(r => r.Single))),
            ("denied", Box(rows.Select(r => r.Denied)))));
    }

    [Fact]
    public void PickDiverse_TwoDriversOfOneOutcome_AreDiscountedAsFacetsNotRepeats()
    {
        var rates = StoryKinds.Of<RateStory>().Detect(Loans(seed: 43)).ToList();
        var record = Assert.Single(rates, i => i.Columns.SequenceEqual(["denied", "public_bad_record"]));
        var minority = Assert.Single(rates, i => i.Columns.SequenceEqual(["denied", "minority"]));
        Assert.True(InsightRanker.DriversOfOneOutcome(record, minority));

        // A story of another kind scoring half the second driver: a repeat (×0.3) loses to it, a facet (×0.75) beats it.
        var other = StoryKinds.Of<SegmentStory>();
        var filler = minority with
        {
            Kind = other, Columns = ["x", "y"], Title = "Another finding",
            Impact = minority.Impact * 0.5 * minority.Kind.Weight / other.Weight,
            Detail = new object(),
        };
        var picked = InsightRanker.PickDiverse([record, minority, filler], steering: null, count: 2);

        Assert.Equal([record, minority], picked);
    }
    /// <summary>
    /// Loan applications where a minority is denied mortgage insurance more often and the loan more often, and nearly every
    /// applicant denied insurance is denied the loan (the insurance is a step towards the loan decision); with
    /// <paramref name="linked"/> false the two outcomes are independent (a late and a damaged shipment).
    /// </summary>
    private static AnalysisTable LoansWithInsurance(int seed, bool linked)
    {
        var rng = new Random(seed);
        var rows = new List<(string Minority, string Insurance, string Denied)>();
        for (var i = 0; i < 3000; i++)
        {
            var minority = rng.NextDouble() < 0.15;
            var insurance = rng.NextDouble() < (minority ? 0.07 : 0.012);
            var denied = rng.NextDouble() < (linked && insurance ? 0.92 : 0.08 + (minority ? 0.18 : 0));
            rows.Add((minority ? "yes" : "no", insurance ? "yes" : "no", denied ? "yes" : "no"));
        }
        return Table(CsvText(
            ("minority", Box(rows.Select(r => r.Minority))),
            ("mortgage_insurance_denied", Box(rows.Select(r => r.Insurance))),
            ("denied", Box(rows.Select(r => r.Denied)))));
    }

    [Fact]
    public void PickDiverse_GroupGapOnAStepOfTheMainOutcome_TellsTheMainOutcome()
    {
        var rates = StoryKinds.Of<RateStory>().Detect(LoansWithInsurance(seed: 44, linked: true)).ToList();
        var insurance = Assert.Single(rates, i => i.Columns.SequenceEqual(["mortgage_insurance_denied", "minority"]));
        var denied = Assert.Single(rates, i => i.Columns.SequenceEqual(["denied", "minority"]));
        Assert.Equal("denied", ((RateGroupDetail)insurance.Detail).StepOf);
        Assert.Null(((RateGroupDetail)denied.Detail).StepOf);

        // The insurance gap scoring higher still gives its slot to the loan decision's gap for the same group.
        var louder = insurance with { Impact = 1 };
        var quieter = denied with { Impact = 0.5 };
        Assert.Equal([quieter], InsightRanker.PickDiverse([louder, quieter], steering: null, count: 1));
        Assert.Equal([quieter, louder], InsightRanker.PickDiverse([louder, quieter], steering: null, count: 2));
    }

    /// <summary>Assets bought 2019-2024: retired after about three and a half years; one model in repair more often, at any age.</summary>
    private static AnalysisTable AssetsByAge(int seed)
    {
        var rng = new Random(seed);
        string[] models = ["Latitude 5400", "ThinkPad T14", "MacBook Pro", "OptiPlex"];
        var rows = Enumerable.Range(0, 1600).Select(_ =>
        {
            var model = models[rng.Next(models.Length)];
            var purchase = new DateTime(2019, 1, 1).AddDays(rng.Next(0, 6 * 365));
            var age = (new DateTime(2025, 1, 1) - purchase).TotalDays / 365.0;
            var state = age > 3.5 && rng.NextDouble() < (age - 3.5) / 2.5 ? "Retired"
                : rng.NextDouble() < (model == "Latitude 5400" ? 0.2 : 0.04) ? "In repair" : "In use";
            return (Model: model, Purchase: purchase.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), State: state);
        }).ToList();
        return StoryDiscovery.Prepare(Table(CsvText(("model", Box(rows.Select(r => r.Model))), ("state", Box(rows.Select(r => r.State))),
            ("purchase_date", Box(rows.Select(r => r.Purchase))))));
    }

    [Fact]
    public void Detect_ItemsRetiredWithAge_TellsTheRateByPurchaseYearAfterTheFindings()
    {
        var rates = StoryKinds.Of<RateStory>().Detect(AssetsByAge(seed: 46)).ToList();

        var age = Assert.Single(rates, i => i.Detail is RateGroupDetail { Outcome.LeftService: true });
        var d = (RateGroupDetail)age.Detail;
        Assert.Equal("purchase_date year", d.Group);
        Assert.Equal("2019", d.Standout.Label);
        Assert.True(d.High);
        Assert.Contains("retired", age.Title, StringComparison.Ordinal);
        Assert.True(age.Impact <= RateStory.AgeExitWeight);
    }

    [Fact]
    public void Detect_StateTodayByPurchaseYearBesideRetired_IsNotToldAsARate()
    {
        // In repair by purchase year is survivorship (the old assets left service, so the old ones look healthy).
        var rates = StoryKinds.Of<RateStory>().Detect(AssetsByAge(seed: 47)).ToList();

        Assert.Contains(rates, i => i.Detail is RateGroupDetail { Outcome.LeftService: false, Group: "model" });
        Assert.DoesNotContain(rates, i => i.Detail is RateGroupDetail { Outcome.LeftService: false, Group: "purchase_date year" });
    }

    [Fact]
    public void PartWithin_PurchaseYearOfRetiredItems_IsLeftToTheRateKind()
    {
        var table = AssetsByAge(seed: 46);
        Assert.NotNull(table.Find("purchase_date year"));

        var segments = StoryKinds.Of<SegmentStory>().Detect(table).ToList();

        Assert.DoesNotContain(segments, i => i.Columns.Contains("purchase_date year") && i.Columns.Contains("state"));
    }

    [Fact]
    public void StepOf_TwoIndependentOutcomes_IsNull()
    {
        var rates = StoryKinds.Of<RateStory>().Detect(LoansWithInsurance(seed: 45, linked: false)).OfType<Insight>().Select(i => i.Detail).OfType<RateGroupDetail>().ToList();

        Assert.Contains(rates, d => d.Outcome.Column == "mortgage_insurance_denied");
        Assert.All(rates, d => Assert.Null(d.StepOf));
    }

    [Fact]
    public void OtherStates_RateOfOneStateAndStandoutInAnother_AreTwoFindings()
    {
        // Assets: one model is in repair far more often; one office holds most of the assets in stock.
        var rng = new Random(21);
        string[] models = ["Latitude 5400", "ThinkPad T14", "MacBook Pro", "OptiPlex"];
        string[] offices = ["London", "New York", "Sydney", "Berlin", "Toronto"];
        var rows = Enumerable.Range(0, 2000).Select(_ =>
        {
            var (model, office) = (models[rng.Next(models.Length)], offices[rng.Next(offices.Length)]);
            var state = rng.NextDouble() < (model == "Latitude 5400" ? 0.2 : 0.04) ? "In repair" : rng.NextDouble() < (office == "Sydney" ? 0.35 : 0.06) ? "In stock" : "In use";
            return (Model: model, Office: office, State: state);
        }).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("model", Box(rows.Select(r => r.Model))), ("state", Box(rows.Select(r => r.State))),
            ("location", Box(rows.Select(r => r.Office))))));
        var rate = Assert.Single(StoryKinds.Of<RateStory>().Detect(table), i => i.Detail is RateGroupDetail { Standout.Label: "Latitude 5400" });
        var standouts = StoryKinds.Of<StandoutStory>().Detect(table).ToList();
        var stock = Assert.Single(standouts, i => i.Detail is StandoutDetail { Label: "Sydney", Within.Level: "In stock" });

        Assert.True(InsightRanker.OtherStates(rate, stock));
        Assert.True(InsightRanker.OtherStates(stock, rate));
        // The same state read the other way (Latitude 5400 holds most of the assets in repair) is the rate's mirror: a facet.
        foreach (var mirror in standouts.Where(i => i.Detail is StandoutDetail { Within.Level: "In repair" }))
        {
            Assert.False(InsightRanker.OtherStates(rate, mirror));
        }
    }

    /// <summary>
    /// 300 cars: miles per gallon falls with weight and with horsepower (two distinct drivers); displacement is weight
    /// measured again; American cars are heavier, so their engines are larger and they are thirstier.
    /// </summary>
    private static AnalysisTable CarsByOrigin(int seed)
    {
        var rng = new Random(seed);
        string[] origins = ["USA", "Europe", "Japan"];
        var rows = Enumerable.Range(0, 300).Select(_ =>
        {
            var origin = origins[rng.Next(3)];
            var weight = (origin == "USA" ? 3600 : 2500) + 400 * Normal(rng);
            var horsepower = 60 + 0.02 * weight + 25 * Normal(rng);
            var displacement = 0.1 * weight - 100 + 15 * Normal(rng);
            var mpg = 55 - 0.007 * weight - 0.08 * horsepower + 2.5 * Normal(rng);
            return (origin, weight, horsepower, displacement, mpg);
        }).ToList();
        return StoryDiscovery.Prepare(Table(CsvText(("Origin", Box(rows.Select(r => r.origin))), ("Weight_in_lbs", Box(rows.Select(r => Math.Round(r.weight)))),
            ("Horsepower", Box(rows.Select(r => Math.Round(r.horsepower)))), ("Displacement", Box(rows.Select(r => Math.Round(r.displacement)))),
            ("Miles_per_Gallon", Box(rows.Select(r => Math.Round(r.mpg, 1)))))));

        static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
    }

    [Fact]
    public void PickDiverse_DriverGapBesideTheOutcomesDrivers_TellsTheOutcomesGapByTheSameCategory()
    {
        var table = CarsByOrigin(seed: 47);
        var lead = Assert.Single(StoryKinds.Of<CorrelationStory>().Detect(table), i => i.Detail is CorrelationDetail { Drivers.Count: > 0 });
        var segments = StoryKinds.Of<SegmentStory>().Detect(table).ToList();
        var engine = Assert.Single(segments, i => i.Detail is SegmentDetail { Category: "Origin", Measure: "Displacement" });
        var thirst = Assert.Single(segments, i => i.Detail is SegmentDetail { Category: "Origin", Measure: "Miles_per_Gallon" });

        // The engine-size gap scoring higher still gives its slot to the outcome's gap by origin, beside the drivers' story.
        Assert.Equal([lead with { Impact = 1 }, thirst with { Impact = 0.5 }],
            InsightRanker.PickDiverse([lead with { Impact = 1 }, engine with { Impact = 0.8 }, thirst with { Impact = 0.5 }], steering: null, count: 2));
        // Without a drivers' story picked, the louder gap keeps its slot.
        Assert.Equal([engine with { Impact = 0.8 }], InsightRanker.PickDiverse([engine with { Impact = 0.8 }, thirst with { Impact = 0.5 }], steering: null, count: 1));
    }
}
