using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The facts of the eighth session (issue 21, a second reader's REPEAT and UNRELATED under standouts within a category
/// value, and the narratives left with one fact): a standout's share of the category value's total amount instead of the
/// value's own amounts, the standout's own other outcomes, no reading within a column that neither explains nor goes with
/// the standout, a part of the day's load, a rate's group of the others' size, a sibling story's group as a rival, a
/// small group's other outcome, and a steady rate read by the hours of its own time axis.
/// </summary>
public class SupportingFactsStandoutTests
{
    private static readonly string[] Departments = ["IT", "Operations", "Finance", "HR", "Sales"];
    private static readonly string[] Suppliers = ["Fabrikam", "Northwind", "Adatum", "Proseware", "Litware", "Tailspin", "Wingtip", "Woodgrove"];

    /// <summary>
    /// Purchase requests over 2024: Contoso supplies 40% of IT's requests and 4% of the others'; IT's requests are 2.5
    /// times as large as the others' (Contoso's like the rest of IT's); three in ten are urgent whatever the department or supplier.
    /// </summary>
    private static string Requests(int n = 3000, int seed = 7)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("pr_number,requested_at,department,supplier,urgent,amount\n");
        for (var i = 0; i < n; i++)
        {
            var department = rng.NextDouble() < 0.3 ? "IT" : Departments[1 + rng.Next(4)];
            var contoso = rng.NextDouble() < (department == "IT" ? 0.4 : 0.04);
            var supplier = contoso ? "Contoso" : Suppliers[rng.Next(Suppliers.Length)];
            var amount = Math.Exp(6.5 + rng.NextDouble() * 1.5) * (department == "IT" ? 2.5 : 1);
            var at = new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Unspecified).AddMinutes(rng.Next(0, 360 * 24 * 60));
            sb.Append(CultureInfo.InvariantCulture, $"PR{i:00000},{at:yyyy-MM-dd HH:mm},{department},{supplier},{(rng.NextDouble() < 0.3 ? "true" : "false")},{amount:0.00}\n");
        }
        return sb.ToString();
    }

    private static (AnalysisTable Table, Insight Story) ContosoInIt()
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(Requests()), null, [StoryKinds.Of<StandoutStory>()]);
        var story = ranked.First(i => i.Detail is StandoutDetail { Within: { Level: "IT" } } d && d.Label == "Contoso");
        return (table, story);
    }

    [Fact]
    public void Within_StandoutInACategoryValueByAColumnWithNoBearing_SaysNothing()
    {
        // Urgency neither goes with IT (three in ten everywhere) nor with Contoso: read within it, Contoso's share of IT is the
        // story again per value.
        var (table, story) = ContosoInIt();
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        Assert.Null(OwnRowsFacts.Within(table, story, rows.Compared!, rivalOnly: true));
        Assert.DoesNotContain(SupportingFacts.For(table, story), f => f.Sentence.Contains("urgent", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void CellSpend_SupplierWithinADepartment_TellsItsShareOfTheDepartmentsAmount()
    {
        var (table, story) = ContosoInIt();
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));
        var department = (CategoryColumn)table.Find("department")!;
        var supplier = (CategoryColumn)table.Find("supplier")!;
        var amount = (NumericColumn)table.Find("amount")!;
        double mine = 0, all = 0;
        for (var r = 0; r < table.RowCount; r++)
        {
            if (department.Labels[department.Codes[r]] != "IT") continue;
            all += amount.Values[r];
            if (supplier.Labels[supplier.Codes[r]] == "Contoso") mine += amount.Values[r];
        }

        var fact = OwnRowsFacts.CellSpend(table, story, rows);

        Assert.NotNull(fact);
        Assert.StartsWith($"By amount, Contoso holds {Fmt.Pct(mine / all)} of the total of the IT ", fact.Sentence, StringComparison.Ordinal);
        Assert.All(fact.Facts, f => Assert.Contains("amount", f.Columns));
        Assert.All(fact.Facts, f => Assert.Contains("supplier", f.Columns));
    }

    [Fact]
    public void For_SupplierWithinADepartment_DoesNotTellTheDepartmentsOwnAmount()
    {
        // IT's requests are larger than the others' whatever the supplier: about IT, not about Contoso's share of it.
        var (table, story) = ContosoInIt();

        var facts = SupportingFacts.For(table, story);

        Assert.DoesNotContain(facts, f => f.Sentence.Contains("also have higher amount", StringComparison.Ordinal));
        Assert.Contains(facts, f => f.Sentence.StartsWith("By amount, Contoso holds ", StringComparison.Ordinal));
    }

    // ---------------------------------------------------------------- the standout's own other outcomes

    /// <summary>
    /// Goals of 12 managers: Morgan Lee's are in progress 30% of the time (the others' 3%), and his finished goals are on
    /// time half the time against 85% for the others (blank while in progress).
    /// </summary>
    private static string Goals(int seed = 3)
    {
        var rng = new Random(seed);
        var managers = StandoutStoryTests.People(11, rng);
        var sb = new StringBuilder("goal_id,start_date,manager,state,on_time\n");
        for (var i = 0; i < 1500; i++)
        {
            var morgan = rng.NextDouble() < 0.12;
            var manager = morgan ? "Morgan Lee" : managers[rng.Next(managers.Count)];
            var open = rng.NextDouble() < (morgan ? 0.3 : 0.03);
            var onTime = open ? "" : rng.NextDouble() < (morgan ? 0.5 : 0.85) ? "true" : "false";
            var at = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(rng.Next(0, 360));
            sb.Append(CultureInfo.InvariantCulture, $"G{i:00000},{at:yyyy-MM-dd},{manager},{(open ? "In progress" : "Completed")},{onTime}\n");
        }
        return sb.ToString();
    }

    [Fact]
    public void ValueOutcomes_ManagerHoldingTheOpenGoals_TellsHisGoalsAreOnTimeLessOften()
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(Goals()), null, [StoryKinds.Of<StandoutStory>()]);
        var story = ranked.First(i => i.Detail is StandoutDetail { Within: { Level: "In progress" } } d && d.Label == "Morgan Lee");
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = Assert.Single(OwnRowsFacts.ValueOutcomes(table, story, rows));

        Assert.StartsWith("Goals with manager Morgan Lee are also on time less often: ", fact.Sentence, StringComparison.Ordinal);
        Assert.All(fact.Facts, f => Assert.Contains("on_time", f.Columns));
    }

    // ---------------------------------------------------------------- a part of the day's load

    /// <summary>Flights from 6 am to 3 am, a tenth of them after midnight, late 33% after midnight and 10% before.</summary>
    private static (AnalysisTable Table, Insight Story) LateAfterMidnight()
    {
        var rng = new Random(21);
        var sb = new StringBuilder("flight_id,departure,carrier,late\n");
        string[] carriers = ["AA", "UA", "DL"];
        for (var i = 0; i < 6000; i++)
        {
            var hour = rng.NextDouble() < 0.1 ? 24 + rng.Next(0, 3) : 6 + rng.Next(0, 18);
            var at = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(rng.Next(0, 180)).AddHours(hour).AddMinutes(rng.Next(0, 60));
            sb.Append(CultureInfo.InvariantCulture, $"F{i:00000},{at:yyyy-MM-dd HH:mm},{carriers[rng.Next(3)]},{(rng.NextDouble() < (hour >= 24 ? 0.33 : 0.10) ? "yes" : "no")}\n");
        }
        var (table, ranked) = StoryDiscovery.Ranked(Table(sb.ToString()), null, [StoryKinds.Of<RateStory>()]);
        return (table, ranked.First(i => i.Detail is RateGroupDetail d && table.Find(d.Group) is CategoryColumn { Derived.Kind: "hour" } && d.Standout.Label == "midnight–3 am"));
    }

    [Fact]
    public void PartLoad_LateBandAfterMidnight_SaysItIsAQuieterOne()
    {
        var (table, story) = LateAfterMidnight();
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));
        var d = (RateGroupDetail)story.Detail!;
        var band = (CategoryColumn)table.Find(d.Group)!;
        var counts = band.Labels.Select((_, i) => band.Codes.Count(c => c == i)).ToArray();
        var own = Array.IndexOf(band.Labels, "midnight–3 am");
        var others = Enumerable.Range(0, counts.Length).Where(i => i != own && counts[i] > 0).ToList();

        var fact = OwnRowsFacts.PartLoad(table, story, rows);

        Assert.NotNull(fact);
        Assert.StartsWith($"Midnight–3 am was a quieter one than the other ", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains($"{counts[own].ToString("N0", CultureInfo.InvariantCulture)} flights, against {Fmt.Num(Math.Round(others.Average(i => (double)counts[i])))} on average for each of the other {others.Count}", fact.Sentence, StringComparison.Ordinal);
        Assert.All(fact.Facts, f => Assert.Contains("departure", f.Columns));
    }

    [Fact]
    public void PartLoad_GroupThatIsNoPartOfTheCalendar_SaysNothing()
    {
        var (table, story) = SupportingFactsTests.TravelDeclined(SupportingFactsTests.Claims());
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        Assert.Null(OwnRowsFacts.PartLoad(table, story, rows));
    }

    // ---------------------------------------------------------------- a rate's group of the others' size

    /// <summary>Invoices of four business units: Retail's disputed 10% of the time, the others' 3%; with <paramref name="largeRetail"/> Retail's amounts are three times the others'.</summary>
    private static (AnalysisTable Table, Insight Story) RetailDisputed(bool largeRetail, int seed = 9)
    {
        var rng = new Random(seed);
        string[] units = ["Retail", "Wholesale", "Manufacturing", "Corporate"];
        var sb = new StringBuilder("invoice_number,invoice_date,business_unit,amount,status\n");
        for (var i = 0; i < 3000; i++)
        {
            var unit = units[rng.Next(units.Length)];
            var amount = Math.Exp(7 + rng.NextDouble()) * (largeRetail && unit == "Retail" ? 3 : 1);
            var at = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(rng.Next(0, 360));
            sb.Append(CultureInfo.InvariantCulture, $"INV{i:00000},{at:yyyy-MM-dd},{unit},{amount:0.00},{(rng.NextDouble() < (unit == "Retail" ? 0.1 : 0.03) ? "Disputed" : "Paid")}\n");
        }
        var (table, ranked) = StoryDiscovery.Ranked(Table(sb.ToString()), null, [StoryKinds.Of<RateStory>()]);
        return (table, ranked.First(i => i.Detail is RateGroupDetail { Group: "business_unit" } d && d.Standout.Label == "Retail"));
    }

    [Fact]
    public void SizeAlike_DisputedUnitOfTheOthersSize_SaysSo()
    {
        var (table, story) = RetailDisputed(largeRetail: false);
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.SizeAlike(table, story, rows);

        Assert.NotNull(fact);
        Assert.StartsWith("Retail invoices are of the same size as the other invoices: median amount ", fact.Sentence, StringComparison.Ordinal);
        Assert.All(fact.Facts, f => Assert.Contains("amount", f.Columns));
    }

    [Fact]
    public void SizeAlike_DisputedUnitThreeTimesLarger_SaysNothing()
    {
        var (table, story) = RetailDisputed(largeRetail: true);
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        Assert.Null(OwnRowsFacts.SizeAlike(table, story, rows));
    }

    // ---------------------------------------------------------------- a small group's other outcome

    [Fact]
    public void OtherOutcomes_FifteenRowsWithALargeGap_TellsIt()
    {
        // Fifteen chats, two of them resolved, against 80% of the 2,000 others: fewer than MinSide rows, but the gap is sure.
        var rng = new Random(2);
        var sb = new StringBuilder("chat_id,started_at,topic,resolved\n");
        for (var i = 0; i < 2015; i++)
        {
            var mine = i < 15;
            var resolved = mine ? i < 2 : rng.NextDouble() < 0.8;
            sb.Append(CultureInfo.InvariantCulture, $"C{i:00000},{new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Unspecified).AddHours(i):yyyy-MM-dd HH:mm},{(mine ? "Crash" : "Other" + rng.Next(5))},{(resolved ? "true" : "false")}\n");
        }
        var table = Table(sb.ToString());
        var inRows = new bool[table.RowCount];
        for (var r = 0; r < 15; r++) inRows[r] = true;
        var scope = Enumerable.Repeat(true, table.RowCount).ToArray();
        var rows = new StoryRows("crash chats", "the other chats", ["topic"], inRows, scope, true, null, null, null, null, inRows, inRows.Select(x => !x).ToArray(), "crash chats", "the other chats");
        var story = new Insight(StoryKinds.Of<TextTermsStory>(), ["topic"], "Crash chats", "", ["bar"], "", 0, 0.001, 0, 15, 0.5, new object());

        var fact = Assert.Single(OwnRowsFacts.OtherOutcomes(table, story, rows));

        Assert.StartsWith("Crash chats are also resolved less often: 13% of the time (2 of 15)", fact.Sentence, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- a steady rate read by the hours of its time axis

    [Fact]
    public void SteadyFacts_SteadyLateShareByTheHourOfDeparture_ReadsTheHours()
    {
        // Late 8% in the morning to 40% at night, every month alike: the hour of the story's own time axis is no part of its span.
        var rng = new Random(13);
        var sb = new StringBuilder("flight_id,departure,late\n");
        for (var i = 0; i < 6000; i++)
        {
            var hour = 6 + rng.Next(0, 18);
            var at = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(rng.Next(0, 366)).AddHours(hour).AddMinutes(rng.Next(0, 60));
            sb.Append(CultureInfo.InvariantCulture, $"F{i:00000},{at:yyyy-MM-dd HH:mm},{(rng.NextDouble() < 0.08 + 0.02 * (hour - 6) ? "yes" : "no")}\n");
        }
        // The prepared table of a discovery carries the analyst's derived groupings (the hour of departure).
        var (table, _) = StoryDiscovery.Ranked(Table(sb.ToString()), null, [StoryKinds.Of<RateStory>()]);
        var outcome = RateStory.Outcomes(table).Single(o => o.Column == "late");
        var starts = Enumerable.Range(0, 12).Select(m => DateColumn.FromDateTime(new DateTime(2024, 1 + m, 1, 0, 0, 0, DateTimeKind.Unspecified))).ToList();
        var periods = starts.Select(_ => new RateCount("m", 500, 120)).ToList();
        var detail = new SteadyRateDetail(outcome, "departure", "month", periods, starts, new RateCount("all", 6000, 1440), 0, 0.9, 0);
        var story = new Insight(StoryKinds.Of<SteadyStory>(), ["departure", "late"], "The share late held steady", "", ["line"], "", 0, 0.9, 0, 6000, 0.5, detail);
        var hours = table.Groupings.Single(c => c.Derived is { Kind: "hour" } && table.SourcesOf(c.Name).Contains("departure"));

        var facts = OwnRowsFacts.SteadyFacts(table, story);

        Assert.Contains(facts, f => f.Facts.Any(x => x.Columns.Contains(hours.Name)));
    }

    // ---------------------------------------------------------------- a second reading within needs a rival

    [Fact]
    public void For_SecondCategoryBearingOnTheOutcomeButNotOnTheGroup_IsNotReadWithin()
    {
        // Paper claims and the North's are declined more, but Travel is filed on paper and in the North as often as the
        // rest: read within the one, its gap read by the other as well is the story again per value.
        var rng = new Random(8);
        string[] kinds = ["Travel", "Meals", "Software", "Mileage"];
        string[] regions = ["North", "South", "West"];
        var sb = new StringBuilder("claim_id,submitted_at,category,region,channel,state\n");
        for (var i = 0; i < 4000; i++)
        {
            var category = kinds[rng.Next(kinds.Length)];
            var paper = rng.NextDouble() < 0.4;
            var region = regions[rng.Next(3)];
            var declined = rng.NextDouble() < (category == "Travel" ? 0.35 : 0.06) + (paper ? 0.08 : 0) + (region == "North" ? 0.08 : 0);
            var submitted = new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Unspecified).AddMinutes(rng.Next(0, 365 * 24 * 60));
            sb.Append(CultureInfo.InvariantCulture, $"EXP{i:000000},{submitted:yyyy-MM-dd HH:mm},{category},{region},{(paper ? "Paper" : "Online")},{(declined ? "Declined" : "Approved")}\n");
        }
        var (table, story) = SupportingFactsTests.TravelDeclined(sb.ToString());

        var facts = SupportingFacts.For(table, story);

        Assert.Single(facts, f => f.Sentence.StartsWith("It holds within", StringComparison.Ordinal));
    }

    // ---------------------------------------------------------------- a sibling story's group as a rival

    [Fact]
    public void SiblingRival_SiblingsRegionDeclinesMoreButTravelIsNoMoreOfIt_SaysItIsNotTheRegion()
    {
        // The North declines more (a sibling story of the session), but Travel is filed in the North as often as the rest:
        // Travel's gap is not the North's, and it remains without the North.
        var rng = new Random(4);
        string[] kinds = ["Travel", "Meals", "Software", "Mileage"];
        string[] regions = ["North", "South", "West"];
        var sb = new StringBuilder("claim_id,submitted_at,category,region,state\n");
        for (var i = 0; i < 4000; i++)
        {
            var category = kinds[rng.Next(kinds.Length)];
            var region = regions[rng.Next(3)];
            var declined = rng.NextDouble() < (category == "Travel" ? 0.35 : 0.06) + (region == "North" ? 0.12 : 0);
            var submitted = new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Unspecified).AddMinutes(rng.Next(0, 365 * 24 * 60));
            sb.Append(CultureInfo.InvariantCulture, $"EXP{i:000000},{submitted:yyyy-MM-dd HH:mm},{category},{region},{(declined ? "Declined" : "Approved")}\n");
        }
        var (table, story) = SupportingFactsTests.TravelDeclined(sb.ToString());
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.SiblingRival(table, story, rows, [("North expense claims: declined 21% of the time", ["region", "state"])]);

        Assert.NotNull(fact);
        Assert.StartsWith("It is not a North effect: ", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains("without region North the gap remains", fact.Sentence, StringComparison.Ordinal);
        Assert.All(fact.Facts, f => Assert.Contains("region", f.Columns));
        Assert.Null(OwnRowsFacts.SiblingRival(table, story, rows, []));
    }

    [Fact]
    public void RivalLead_ValueOfSeveralWords_NamesItByItsColumnNotAsAnEffect()
    {
        Assert.Equal("It is not down to notice less than a week ahead", OwnRowsFacts.RivalLead("less than a week ahead", "notice less than a week ahead", OwnRowsFacts.Rival.Not));
        Assert.Equal("It is more than a SEA effect", OwnRowsFacts.RivalLead("SEA", "origin SEA", OwnRowsFacts.Rival.More));
        Assert.Equal("It may be a December effect", OwnRowsFacts.RivalLead("December", "start date month December", OwnRowsFacts.Rival.May));
    }
}
