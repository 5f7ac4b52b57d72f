using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using SkiaSharp;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>The rate kind's sample for the contract test: travel claims declined far more often than the others.</summary>
public sealed class RateStorySample : IStoryKindSample
{
    public string Kind => "rate";

    public AnalysisTable Table() => RateStoryTests.Claims([("Travel", 300, 126), ("Meals", 300, 27), ("Office", 250, 10), ("Training", 150, 17)], seed: 1);
}

public class RateStoryTests
{
    private static readonly RateStory Kind = StoryKinds.Of<RateStory>();

    /// <summary>Claims with a category and a status; per category exactly <c>Declined</c> of <c>N</c> rows are declined (shuffled).</summary>
    internal static AnalysisTable Claims(IReadOnlyList<(string Category, int N, int Declined)> groups, int seed, int pendingEvery = 0)
    {
        var rows = new List<(string Category, string Status)>();
        foreach (var (category, n, declined) in groups)
        {
            for (var i = 0; i < n; i++) rows.Add((category, i < declined ? "Declined" : "Approved"));
        }
        var rng = new Random(seed);
        var shuffled = rows.OrderBy(_ => rng.Next()).ToList();
        if (pendingEvery > 0)
        {
            var pending = shuffled.Where((_, i) => i % pendingEvery == 0).Select(r => (r.Category, Status: "Pending")).ToList();
            shuffled = shuffled.Concat(pending).OrderBy(_ => rng.Next()).ToList();
        }
        return Table(CsvText(
            ("claim_id", Box(shuffled.Select((_, i) => $"EXP{i:000000}"))),
            ("category", Box(shuffled.Select(r => r.Category))),
            ("status", Box(shuffled.Select(r => r.Status)))));
    }

    private static List<Insight> Detect(AnalysisTable table) => Kind.Detect(table).ToList();

    [Fact]
    public void Detect_PlantedDeclineRate_FindsTheGroupWithItsCountsInTheTitle()
    {
        var table = Claims([("Travel", 300, 126), ("Meals", 300, 27), ("Office", 250, 10), ("Training", 150, 17)], seed: 2);

        var found = Detect(table);

        var insight = Assert.Single(found);
        Assert.Equal(["status", "category"], insight.Columns);
        var d = Assert.IsType<RateGroupDetail>(insight.Detail);
        Assert.Equal("Travel", d.Standout.Label);
        Assert.True(d.High);
        Assert.Equal("Declined", d.Outcome.Level);
        Assert.Equal((300, 126), (d.Standout.N, d.Standout.Hits));
        Assert.Equal("Travel (category): declined 42% of the time (126 of 300), other categories 4–11%", insight.Title);
        Assert.True(insight.PValue < 1e-10);
    }

    [Fact]
    public void Detect_FlagLowestGroup_TellsTheGroupThatFallsShort()
    {
        // A yes/no flag: SLA met for 90% of incidents, except the network group at 60%.
        var groups = new[] { ("Network", 200, 0.6), ("Desktop", 300, 0.9), ("Database", 250, 0.92), ("Service desk", 400, 0.91) };
        var rows = groups.SelectMany(g => Enumerable.Range(0, g.Item2).Select(i => (Group: g.Item1, Met: i < g.Item2 * g.Item3 ? "yes" : "no"))).ToList();
        var table = Table(CsvText(("assignment_group", Box(rows.Select(r => r.Group))), ("sla_met", Box(rows.Select(r => r.Met)))));

        var insight = Assert.Single(Detect(table));
        var d = Assert.IsType<RateGroupDetail>(insight.Detail);
        Assert.True(d.Outcome.IsFlag);
        Assert.Equal("yes", d.Outcome.Level);
        Assert.False(d.High);
        Assert.Equal(("Network", 200, 120), (d.Standout.Label, d.Standout.N, d.Standout.Hits));
        Assert.StartsWith("Network (assignment group): SLA met only 60% of the time (120 of 200)", insight.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    public void Detect_SameRateInEveryGroup_FindsNothing(int seed)
    {
        var rng = new Random(seed);
        var categories = new[] { "Travel", "Meals", "Office", "Training", "Software" };
        var rows = Enumerable.Range(0, 1500).Select(_ => (Category: categories[rng.Next(categories.Length)], Status: rng.NextDouble() < 0.1 ? "Declined" : "Approved")).ToList();
        var table = Table(CsvText(("category", Box(rows.Select(r => r.Category))), ("status", Box(rows.Select(r => r.Status)))));

        Assert.Empty(Detect(table));
    }

    [Fact]
    public void Detect_OutcomeRoutedByGroup_IsNotAStory()
    {
        // Tickets of the L3 queue are escalated by rule (all but a few); the others almost never: V ≥ 0.9.
        var rows = new List<(string Queue, string State)>();
        for (var i = 0; i < 200; i++) rows.Add(("L3", i < 198 ? "Escalated" : "Resolved"));
        foreach (var q in new[] { "Hardware", "Software", "Access" })
        {
            for (var i = 0; i < 300; i++) rows.Add((q, i < 2 ? "Escalated" : "Resolved"));
        }
        var table = Table(CsvText(("queue", Box(rows.Select(r => r.Queue))), ("state", Box(rows.Select(r => r.State)))));

        Assert.Empty(Detect(table));
    }

    [Fact]
    public void Detect_GroupUnderTheMinimumSize_IsNotReported()
    {
        // "Relocation" has 12 claims, all declined: too few rows for a rate. Alone it is not a story; beside a real one it is left out.
        var small = Claims([("Relocation", 12, 12), ("Meals", 400, 36), ("Office", 400, 32), ("Training", 300, 27)], seed: 3);
        Assert.Empty(Detect(small));

        var both = Claims([("Relocation", 12, 12), ("Travel", 300, 126), ("Meals", 400, 36), ("Office", 400, 32)], seed: 4);
        var insight = Assert.Single(Detect(both));
        var d = Assert.IsType<RateGroupDetail>(insight.Detail);
        Assert.Equal("Travel", d.Standout.Label);
        Assert.DoesNotContain(d.Groups, g => g.Label == "Relocation");
        Assert.Equal((1, 12), (d.LeftOutGroups, d.LeftOutRows));
        Assert.DoesNotContain("Relocation", insight.Title, StringComparison.Ordinal);
        var output = StoryWriter.Write(both, insight);
        Assert.Contains("fewer than 20 rows", output.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("- Relocation", output.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_SmallDifference_IsNotAStory()
    {
        // 12% against 9%: clearly significant with 20,000 rows, but neither 1.5 times nor 5 points apart.
        var table = Claims([("Travel", 5000, 600), ("Meals", 5000, 450), ("Office", 5000, 450), ("Training", 5000, 450)], seed: 5);

        Assert.Empty(Detect(table));
    }

    [Fact]
    public void Detect_PendingClaims_LeftOutOfTheRate()
    {
        var table = Claims([("Travel", 300, 126), ("Meals", 300, 27), ("Office", 250, 10), ("Training", 150, 17)], seed: 6, pendingEvery: 10);

        var insight = Assert.Single(Detect(table));
        var d = Assert.IsType<RateGroupDetail>(insight.Detail);
        Assert.Equal((300, 126), (d.Standout.N, d.Standout.Hits));
        Assert.Equal(100, d.UndecidedRows);
        Assert.Equal(["Pending"], d.Outcome.Undecided);
    }

    [Fact]
    public void Detect_RateRisingOverMonths_FindsTheTrendWithWholeMonthsOnly()
    {
        var table = RisingDeclines(monthlyRows: 80, from: 0.05, to: 0.25, seed: 7);

        var insight = Assert.Single(Detect(table), i => i.Detail is RateTimeDetail);
        var d = (RateTimeDetail)insight.Detail;
        Assert.Equal(["submitted", "status"], insight.Columns);
        Assert.Equal("month", d.Granularity);
        // Data from 10 Jan 2023 to 20 Dec 2024: January 2023 and December 2024 are partial and left out.
        Assert.Equal("Feb 2023", d.Periods[0].Label);
        Assert.Equal("Nov 2024", d.Periods[^1].Label);
        Assert.True(d.Last.Rate > 2 * d.First.Rate);
        Assert.Contains("rose", insight.Title, StringComparison.Ordinal);

        var output = StoryWriter.Write(table, insight);
        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
        Assert.InRange(output.Charts.Count, 2, 4);
        Assert.All(output.Charts, c => { using var b = SKBitmap.Decode(c.Png); Assert.NotNull(b); });
        Assert.NotNull(output.SubsetRows);
    }

    [Fact]
    public void Detect_FlatRateOverMonths_FindsNoTrend()
    {
        var table = RisingDeclines(monthlyRows: 80, from: 0.12, to: 0.12, seed: 8);

        Assert.DoesNotContain(Detect(table), i => i.Detail is RateTimeDetail);
    }

    private static AnalysisTable RisingDeclines(int monthlyRows, double from, double to, int seed)
    {
        var rng = new Random(seed);
        var start = new DateTime(2023, 1, 10);
        var end = new DateTime(2024, 12, 20);
        var days = (end - start).Days;
        var n = monthlyRows * 24;
        var dates = Enumerable.Range(0, n).Select(i => start.AddDays(Math.Round(i * days / (double)(n - 1)))).ToList();
        var status = dates.Select(t => rng.NextDouble() < from + (to - from) * (t - start).Days / days ? "Declined" : "Approved").ToList();
        var category = dates.Select(_ => new[] { "Travel", "Meals", "Office" }[rng.Next(3)]).ToList();
        return Table(CsvText(("submitted", Box(dates)), ("category", Box(category)), ("status", Box(status))));
    }

    [Fact]
    public void Write_GroupStory_LeadsWithTheNewsAndStatesOnlyFacts()
    {
        var table = Claims([("Travel", 300, 126), ("Meals", 300, 27), ("Office", 250, 10), ("Training", 150, 17)], seed: 9);
        var insight = Detect(table).Single();

        var output = StoryWriter.Write(table, insight);

        var lead = output.Markdown.Split("\n\n")[1];
        Assert.StartsWith("Travel (category) rows are declined more than five times as often as the rest: 42% (126 of 300), against 7.7% (54 of 700)", lead, StringComparison.Ordinal);
        Assert.Contains("χ²", output.Markdown, StringComparison.Ordinal);
        Assert.Contains("- Meals: 9% (27 of 300)", output.Markdown, StringComparison.Ordinal);
        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
        Assert.Equal(126, output.SubsetRows!.Count);
        Assert.Equal(2, output.Charts.Count);
        Assert.Equal("all categories", output.Charts[0].Data.Rows[^1][0]);
    }

    [Fact]
    public void FisherExact_ClassicTable_MatchesTheReference()
    {
        // R: fisher.test(matrix(c(1, 11, 9, 3), 2))$p.value = 0.002759456
        Assert.Equal(0.002759456, RateStory.FisherExact(1, 9, 11, 3), 6);
        Assert.Equal(1.0, RateStory.FisherExact(5, 5, 5, 5), 9);
    }

    [Theory]
    [InlineData("Declined", true)]
    [InlineData("Closed - Rejected", true)]
    [InlineData("SLA breached", true)]
    [InlineData("Not met", true)]
    [InlineData("Late", true)]
    [InlineData("Unsuccessful", true)]
    [InlineData("Backed out", true)]
    [InlineData("Rolled back", true)]
    [InlineData("Successful", false)]
    [InlineData("Approved", false)]
    [InlineData("Latest", false)]
    [InlineData("Closed", false)]
    [InlineData("In repair", true)]
    [InlineData("Broken", true)]
    [InlineData("Disputed", true)]
    [InlineData("Repaired", false)]
    [InlineData("In use", false)]
    public void IsAdverse_StateLabels_NamesAdverseOutcomesOnly(string label, bool adverse) => Assert.Equal(adverse, RateStory.IsAdverse(label));

    [Fact]
    public void Detect_OneModelOftenInRepair_TellsTheRepairRateByModel()
    {
        // Assets in use, in stock or in repair: one model is in repair 20% of the time, the others 4%.
        var models = new[] { ("Latitude 5400", 200, 40), ("ThinkPad T14", 250, 10), ("MacBook Pro", 250, 10), ("OptiPlex", 200, 8) };
        var rows = models.SelectMany(m => Enumerable.Range(0, m.Item2).Select(i => (Model: m.Item1, State: i < m.Item3 ? "In repair" : i % 5 == 0 ? "In stock" : "In use"))).ToList();
        var rng = new Random(3);
        rows = rows.OrderBy(_ => rng.Next()).ToList();
        var table = Table(CsvText(("model", Box(rows.Select(r => r.Model))), ("state", Box(rows.Select(r => r.State)))));

        var insight = Assert.Single(Detect(table));
        var d = Assert.IsType<RateGroupDetail>(insight.Detail);
        Assert.Equal(("In repair", "Latitude 5400", 200, 40), (d.Outcome.Level, d.Standout.Label, d.Standout.N, d.Standout.Hits));
        Assert.Contains("in repair", insight.Title, StringComparison.Ordinal);
    }

    /// <summary>Flights with an origin and a destination airport (the same airports); SEA is late more often both ways.</summary>
    private static AnalysisTable Flights(int seed)
    {
        var airports = new[] { "SEA", "BOS", "ORD", "ATL", "DFW", "DEN" };
        var rng = new Random(seed);
        var rows = Enumerable.Range(0, 6000).Select(_ =>
        {
            var from = airports[rng.Next(airports.Length)];
            var to = airports.Where(a => a != from).ElementAt(rng.Next(airports.Length - 1));
            var late = rng.NextDouble() < (from == "SEA" || to == "SEA" ? 0.35 : 0.15);
            return (From: from, To: to, Late: late ? "yes" : "no");
        }).ToList();
        return Table(CsvText(("origin", Box(rows.Select(r => r.From))), ("destination", Box(rows.Select(r => r.To))), ("late", Box(rows.Select(r => r.Late)))));
    }

    [Fact]
    public void Detect_SameAirportLateAsOriginAndDestination_TellsItOnceOnTheOrigin()
    {
        var found = Detect(Flights(seed: 5));

        var insight = Assert.Single(found, i => i.Detail is RateGroupDetail { Standout.Label: "SEA" });
        Assert.Equal(["late", "origin"], insight.Columns);
        Assert.DoesNotContain(found, i => i.Columns.Contains("destination"));
    }

    [Fact]
    public void SameValueInTwoRoles_TwoYesNoColumns_AreNotOnePlaceTwice()
    {
        // Two flags share their labels (yes/no) by form: each is its own driver of the outcome.
        var rng = new Random(9);
        var rows = Enumerable.Range(0, 3000).Select(_ =>
        {
            var (a, b) = (rng.NextDouble() < 0.3, rng.NextDouble() < 0.3);
            return (A: a ? "yes" : "no", B: b ? "yes" : "no", Denied: rng.NextDouble() < (a || b ? 0.3 : 0.08) ? "yes" : "no");
        }).ToList();
        var table = Table(CsvText(("bad_record", Box(rows.Select(r => r.A))), ("self_employed", Box(rows.Select(r => r.B))), ("denied", Box(rows.Select(r => r.Denied)))));

        var found = Detect(table);

        Assert.Contains(found, i => i.Columns.SequenceEqual(["denied", "bad_record"]));
        Assert.Contains(found, i => i.Columns.SequenceEqual(["denied", "self_employed"]));
    }

    /// <summary>Changes by type; per type exactly <c>Failed</c> of <c>N</c> closed changes failed, alternately "Unsuccessful" and "Backed out".</summary>
    private static AnalysisTable Changes(IReadOnlyList<(string Type, int N, int Failed)> types, int seed)
    {
        var rows = new List<(string Type, string Code)>();
        foreach (var (type, n, failed) in types)
        {
            for (var i = 0; i < n; i++) rows.Add((type, i >= failed ? "Successful" : i % 2 == 0 ? "Unsuccessful" : "Backed out"));
        }
        var rng = new Random(seed);
        var shuffled = rows.OrderBy(_ => rng.Next()).ToList();
        return Table(CsvText(("number", Box(shuffled.Select((_, i) => $"CHG{i:0000000}"))), ("type", Box(shuffled.Select(r => r.Type))), ("close_code", Box(shuffled.Select(r => r.Code)))));
    }

    [Fact]
    public void Detect_TwoFailureLevels_AreOneOutcome()
    {
        // Emergency changes fail 20% of the time (16 of 80), split between two close codes that mean the same thing;
        // neither code alone is a rate worth telling.
        var table = Changes([("Emergency", 80, 16), ("Normal", 340, 24), ("Standard", 580, 35)], seed: 31);

        var insight = Assert.Single(Detect(table));

        var d = Assert.IsType<RateGroupDetail>(insight.Detail);
        Assert.Equal(["Unsuccessful", "Backed out"], d.Outcome.Levels);
        Assert.Equal("unsuccessful or backed out", d.Outcome.Phrase);
        Assert.Equal(("Emergency", 80, 16), (d.Standout.Label, d.Standout.N, d.Standout.Hits));
        Assert.Contains("unsuccessful or backed out 20% of the time (16 of 80)", insight.Title, StringComparison.Ordinal);
        var output = StoryWriter.Write(table, insight);
        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
        Assert.Equal(16, output.SubsetRows!.Count);
    }

    [Fact]
    public void Detect_TwoFailureLevelsSameRateEverywhere_FindsNothing()
    {
        var table = Changes([("Emergency", 80, 6), ("Normal", 340, 24), ("Standard", 580, 41)], seed: 32);

        Assert.Empty(Detect(table));
    }

    /// <summary>Résumés by name group with a yes/no callback; exactly <c>Hits</c> of <c>N</c> per group are called back.</summary>
    private static AnalysisTable Resumes(int n, int whiteHits, int blackHits, int seed)
    {
        var rows = new List<(string Ethnicity, string Callback)>();
        for (var i = 0; i < n; i++) rows.Add(("cauc", i < whiteHits ? "yes" : "no"));
        for (var i = 0; i < n; i++) rows.Add(("afam", i < blackHits ? "yes" : "no"));
        var rng = new Random(seed);
        var shuffled = rows.OrderBy(_ => rng.Next()).ToList();
        return Table(CsvText(("application_id", Box(shuffled.Select((_, i) => $"RES{i:00000}"))), ("ethnicity", Box(shuffled.Select(r => r.Ethnicity))), ("callback", Box(shuffled.Select(r => r.Callback)))));
    }

    [Fact]
    public void Detect_TwoGroupsAThirdFewerCallbacks_IsARateStory()
    {
        // 9.7% against 6.4%: three points, but half as many callbacks again; a two-proportion difference that matters.
        var table = Resumes(2435, 235, 157, seed: 33);

        var insight = Assert.Single(Detect(table));

        var d = Assert.IsType<RateGroupDetail>(insight.Detail);
        Assert.Equal(["callback", "ethnicity"], insight.Columns);
        Assert.Equal(2, d.Groups.Count);
        Assert.Equal(("cauc", 235), (d.Standout.Label, d.Standout.Hits));
        Assert.Equal(157, d.Rest.Hits);
        Assert.Contains("6.4%", insight.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_TwoGroupsSameCallbackRate_FindsNothing() => Assert.Empty(Detect(Resumes(2435, 200, 196, seed: 34)));

    [Theory]
    [InlineData(0.097, 0.064, true)]
    [InlineData(0.43, 0.095, true)]
    [InlineData(0.12, 0.09, false)]
    [InlineData(0.02, 0.01, false)]
    public void Material_GroupRates_NeedPointsAndTimes(double high, double low, bool material) => Assert.Equal(material, RateStory.Material(high, low));

    [Fact]
    public void Detect_ManyGroups_TellsAPreciseGroupNotASmallOnesNoise()
    {
        // 24 airports: SEA (400 flights) is late 31% of the time, the others 16–24%; a small airport with 150
        // flights is late 36% of the time, a rate too uncertain to lead with among so many.
        var groups = new List<(string Airport, int N, int Late)> { ("SEA", 400, 124), ("XSM", 150, 54) };
        for (var i = 0; i < 22; i++) groups.Add(($"A{i:00}", 400, 64 + i * 32 / 21));
        var rows = groups.SelectMany(g => Enumerable.Range(0, g.N).Select(i => (g.Airport, Late: i < g.Late ? "true" : "false"))).ToList();
        var rng = new Random(35);
        rows = rows.OrderBy(_ => rng.Next()).ToList();
        var table = Table(CsvText(("origin", Box(rows.Select(r => r.Airport))), ("late", Box(rows.Select(r => r.Late)))));

        var insight = Assert.Single(Detect(table));

        var d = Assert.IsType<RateGroupDetail>(insight.Detail);
        Assert.Equal("SEA", d.Standout.Label);
        Assert.True(d.MinRows > 150, $"min rows {d.MinRows}");
        Assert.InRange(d.MinRows, RateStory.MinRowsFor(0.19), RateStory.MinRowsFor(0.23));
        Assert.DoesNotContain(d.Groups, g => g.Label == "XSM");
        var output = StoryWriter.Write(table, insight);
        Assert.Contains($"fewer than {d.MinRows} rows", output.Markdown, StringComparison.Ordinal);
        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
    }

    [Fact]
    public void Detect_TwoOutcomesEachByTheOther_NeitherIsToldAsTheOthersDriver()
    {
        // Applicants denied mortgage insurance are nearly all denied the loan (90% against 10%); read the other way,
        // 15% of denied loans had insurance denied against 0.5% of the rest. Both are what happened to the
        // application, so neither is told as the driver of the other (the comparison still counts in the correction).
        var rows = new List<(string Insurance, string Denied)>();
        for (var i = 0; i < 50; i++) rows.Add(("yes", i < 45 ? "yes" : "no"));
        for (var i = 0; i < 2300; i++) rows.Add(("no", i < 230 ? "yes" : "no"));
        var table = Table(CsvText(("mortgage_insurance_denied", Box(rows.Select(r => r.Insurance))), ("denied", Box(rows.Select(r => r.Denied)))));

        Assert.Empty(Detect(table));

        // The same link with a driver that is not an outcome (a flag named for an attribute) is told.
        var attribute = Table(CsvText(("self_employed", Box(rows.Select(r => r.Insurance))), ("denied", Box(rows.Select(r => r.Denied)))));
        var insight = Assert.Single(Detect(attribute));
        Assert.Equal(["denied", "self_employed"], insight.Columns);
    }

    [Fact]
    public void Discover_ExpenseClaimsExport_TellsTheDeclineRateAmongTheThree()
    {
        var table = ExpenseClaims(seed: 21);

        var picked = StoryDiscovery.Discover(table, steering: null);

        var rate = Assert.Single(picked, i => i.Kind is RateStory);
        Assert.Equal(["status", "category"], rate.Columns);
        // The claims carry EXP- ids, so the rows are called expense claims (issue 21, item 8).
        Assert.StartsWith("Travel expense claims: declined", rate.Title, StringComparison.Ordinal);
        Assert.DoesNotContain(picked, i => i.Columns.Contains("manager") && i.Columns.Contains("department"));
    }

    [Fact]
    public void Write_GroupStoryOfATableWithANoun_SaysTheNounNotRows()
    {
        var table = ExpenseClaims(seed: 21);
        var rate = Assert.Single(StoryDiscovery.Discover(table, steering: null), i => i.Kind is RateStory);

        var output = StoryWriter.Write(StoryDiscovery.Prepare(table), rate); // as refine writes it: on the prepared table, which knows its noun

        var lead = output.Markdown.Split("\n\n")[1];
        Assert.StartsWith("Travel expense claims are declined", lead, StringComparison.Ordinal);
        Assert.Contains("of expense claims are declined", lead, StringComparison.Ordinal);
        Assert.DoesNotContain(" rows ", lead, StringComparison.Ordinal);
    }

    /// <summary>
    /// A realistic expense-claims export: ids, submission dates over two years, skewed employees, departments each with
    /// its manager (a routing rule), categories with their amounts, a status with pending claims at the end, and a
    /// description. Travel claims are declined about 40% of the time, the others 4–11%.
    /// </summary>
    internal static AnalysisTable ExpenseClaims(int seed)
    {
        var rng = new Random(seed);
        var departments = new[] { ("Sales", "A. Moreau"), ("Engineering", "B. Okafor"), ("Finance", "C. Lindqvist"), ("Marketing", "D. Haddad"), ("Operations", "E. Tanaka"), ("HR", "F. Novak") };
        var categories = new[] { ("Travel", 0.40, 900.0), ("Meals", 0.09, 60.0), ("Office supplies", 0.05, 120.0), ("Training", 0.11, 600.0), ("Software", 0.07, 300.0) };
        var employees = Enumerable.Range(0, 60).Select(i => $"emp{i:000}").ToArray();
        var n = 2400;
        var start = new DateTime(2023, 1, 1);
        var rows = new List<object?[]>();
        for (var i = 0; i < n; i++)
        {
            var submitted = start.AddDays(Math.Floor(730.0 * i / n) + rng.Next(0, 1));
            var emp = (int)Math.Min(employees.Length - 1, Math.Floor(Math.Pow(rng.NextDouble(), 2.2) * employees.Length));
            var dept = departments[emp % departments.Length];
            var cat = categories[Math.Min(categories.Length - 1, (int)Math.Floor(Math.Pow(rng.NextDouble(), 1.3) * categories.Length))];
            var amount = Math.Round(cat.Item3 * Math.Exp(0.6 * Noise(1, seed * 10_000 + i)[0]), 2);
            var pending = submitted > start.AddDays(700) && rng.NextDouble() < 0.7;
            var status = pending ? "Pending" : rng.NextDouble() < cat.Item2 ? "Declined" : "Approved";
            DateTime? processed = pending ? null : submitted.AddDays(rng.Next(1, 15));
            var description = $"{cat.Item1.ToLowerInvariant()} {(rng.Next(4) == 0 ? "reimbursment" : "reimbursement")} for {dept.Item1.ToLowerInvariant()} {rng.Next(100, 999)}";
            rows.Add([$"EXP{i + 1:000000}", submitted, processed, employees[emp], dept.Item1, dept.Item2, cat.Item1, amount, status, description]);
        }
        string[] names = ["claim_id", "submitted", "processed", "employee", "department", "manager", "category", "amount", "status", "description"];
        return Table(CsvText(names.Select((name, c) => (name, (IReadOnlyList<object?>)rows.Select(r => r[c]).ToList())).ToArray()));
    }
}
