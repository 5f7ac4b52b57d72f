using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// A second reader's REPEATs of the eighth session (issue 21): a gap read within a column that cannot explain it (disputes
/// by the payment terms, a department's laptops by office), and a standout's other outcome that is its department's again
/// (Morgan Lee's goals, all Sales goals, on time as rarely as the rest of Sales); and the question asked of her open goals
/// instead: are they overdue?
/// </summary>
public class SupportingFactsBearingTests
{
    private static readonly string[] Units = ["Retail", "Wholesale", "Corporate", "Manufacturing"];
    private static readonly string[] Vendors = ["Northwind", "Initech", "Globex", "Umbrella", "Acme"];
    private static readonly (string Name, int Days)[] Terms = [("Net 30", 30), ("Net 45", 45), ("Net 60", 60)];

    /// <summary>
    /// Invoices over 2024: the terms set the due date (Net 30: 30 days after the invoice) whatever the unit or vendor;
    /// Retail's are disputed 10% of the time (the others 2.5%), Northwind's paid late 35% (the others 10%); disputed
    /// invoices are never paid.
    /// </summary>
    private static string Invoices(int seed = 5)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("invoice_number,vendor,business_unit,invoice_date,payment_terms,due_date,paid_date,status,paid_late\n");
        for (var i = 0; i < 3000; i++)
        {
            var unit = Units[rng.Next(Units.Length)];
            var vendor = Vendors[rng.Next(Vendors.Length)];
            var (terms, days) = Terms[rng.Next(Terms.Length)];
            var at = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(rng.Next(0, 330));
            var due = at.AddDays(days);
            var disputed = rng.NextDouble() < (unit == "Retail" ? 0.10 : 0.025);
            var late = !disputed && rng.NextDouble() < (vendor == "Northwind" ? 0.35 : 0.10);
            var paid = disputed ? "" : due.AddDays(late ? rng.Next(1, 30) : -rng.Next(0, days)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"INV{i:00000},{vendor},{unit},{at:yyyy-MM-dd},{terms},{due:yyyy-MM-dd},{paid},{(disputed ? "Disputed" : "Paid")},{(disputed ? "" : late ? "true" : "false")}\n");
        }
        return sb.ToString();
    }

    private static (AnalysisTable Table, Insight Story, StoryRows Rows) RateOf(string csv, string group, string label)
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(csv), null, [StoryKinds.Of<RateStory>()]);
        var story = ranked.First(i => i.Detail is RateGroupDetail d && d.Group == group && d.Standout.Label == label);
        return (table, story, Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story)));
    }

    [Fact]
    public void Within_DisputesByTheTermsThatOnlySetTheDueDate_IsNotRead()
    {
        // A dispute is about the bill, not its due date: the terms that set the due date are no rival for Retail's disputes.
        var (table, story, rows) = RateOf(Invoices(), "business_unit", "Retail");

        // The vendor (no rival either) set aside: the terms are the only category left to read within.
        var within = OwnRowsFacts.Within(table, story, rows, used: ["vendor"]);

        Assert.Null(within);
    }

    [Fact]
    public void Within_LatePaymentByTheTermsThatSetTheDueDate_IsRead()
    {
        // Paid late is measured against the due date the terms set: the terms are the first rival for Northwind's lateness.
        var (table, story, rows) = RateOf(Invoices(), "vendor", "Northwind");

        var within = OwnRowsFacts.Within(table, story, rows);

        Assert.NotNull(within);
        Assert.Contains(within.Facts, f => f.Columns.Contains("payment_terms"));
    }

    // ---------------------------------------------------------------- a standout within a category value

    /// <summary>
    /// Purchase requests: Contoso supplies 40% of IT's requests and 4% of the others'; the five offices have the same mix of
    /// departments and suppliers.
    /// </summary>
    private static string Requests(int seed = 7)
    {
        var rng = new Random(seed);
        string[] departments = ["IT", "Operations", "Finance", "HR", "Sales"];
        string[] suppliers = ["Fabrikam", "Northwind", "Adatum", "Proseware", "Litware", "Tailspin"];
        string[] offices = ["London", "Berlin", "Sydney", "Toronto", "New York"];
        var sb = new StringBuilder("pr_number,requested_at,department,supplier,office\n");
        for (var i = 0; i < 3000; i++)
        {
            var department = rng.NextDouble() < 0.3 ? "IT" : departments[1 + rng.Next(4)];
            var supplier = rng.NextDouble() < (department == "IT" ? 0.4 : 0.04) ? "Contoso" : suppliers[rng.Next(suppliers.Length)];
            var at = new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Unspecified).AddMinutes(rng.Next(0, 360 * 24 * 60));
            sb.Append(CultureInfo.InvariantCulture, $"PR{i:00000},{at:yyyy-MM-dd HH:mm},{department},{supplier},{offices[rng.Next(offices.Length)]}\n");
        }
        return sb.ToString();
    }

    [Fact]
    public void Within_StandoutInACategoryValueByAnOfficeThatNeitherExplainsNorGoesWithIt_SaysNothing()
    {
        // The office is no handling field, but it neither bears on Contoso's share nor goes with IT: read within it,
        // Contoso's share of IT is the story again per office.
        var (table, ranked) = StoryDiscovery.Ranked(Table(Requests()), null, [StoryKinds.Of<StandoutStory>()]);
        var story = ranked.First(i => i.Detail is StandoutDetail { Within: { Level: "IT" } } d && d.Label == "Contoso");
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        Assert.Null(OwnRowsFacts.Within(table, story, rows.Compared!, rivalOnly: true));
    }

    // ---------------------------------------------------------------- a standout's other outcomes and its open items

    /// <summary>
    /// Goals over 2024 in five departments: Sales' finished goals are on time half the time, the others' 85%; all of
    /// Morgan Lee's goals are Sales goals, on time like the rest of Sales (or, with <paramref name="worseThanSales"/>, 20%),
    /// and 30% of them are still in progress (the others' 3%), due a month or two after their start in the first half of
    /// the year; the table's last completion is on 31 Dec 2024.
    /// </summary>
    private static string Goals(bool worseThanSales = false, int seed = 3)
    {
        var rng = new Random(seed);
        var managers = StandoutStoryTests.People(11, rng);
        string[] departments = ["Engineering", "Support", "Finance", "Marketing"];
        var sb = new StringBuilder("goal_id,manager,department,start_date,due_date,completed_date,state,on_time\n");
        for (var i = 0; i < 1500; i++)
        {
            var morgan = rng.NextDouble() < 0.12;
            var manager = morgan ? "Morgan Lee" : managers[rng.Next(managers.Count)];
            var department = morgan || rng.NextDouble() < 0.2 ? "Sales" : departments[rng.Next(departments.Length)];
            var open = rng.NextDouble() < (morgan ? 0.3 : 0.03);
            var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(morgan && open ? rng.Next(0, 150) : rng.Next(0, 300));
            var due = start.AddDays(rng.Next(30, 60));
            var onTime = rng.NextDouble() < (morgan && worseThanSales ? 0.2 : department == "Sales" ? 0.5 : 0.85);
            var done = onTime ? due.AddDays(-rng.Next(0, 20)) : due.AddDays(rng.Next(1, 40));
            if (done > new DateTime(2024, 12, 31, 0, 0, 0, DateTimeKind.Unspecified)) done = new DateTime(2024, 12, 31, 0, 0, 0, DateTimeKind.Unspecified);
            sb.Append(CultureInfo.InvariantCulture, $"G{i:00000},{manager},{department},{start:yyyy-MM-dd},{due:yyyy-MM-dd},{(open ? "" : done.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))},{(open ? "In progress" : "Completed")},{(open ? "" : onTime ? "true" : "false")}\n");
        }
        return sb.ToString();
    }

    private static (AnalysisTable Table, Insight Story, StoryRows Rows) MorganLee(string csv)
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(csv), null, [StoryKinds.Of<StandoutStory>()]);
        var story = ranked.First(i => i.Detail is StandoutDetail { Within: { Level: "In progress" } } d && d.Label == "Morgan Lee");
        return (table, story, Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story)));
    }

    private static readonly (string Title, IReadOnlyList<string> Columns)[] SalesLate = [("Sales goals: on time only 50% of the time", ["department", "on_time"])];

    [Fact]
    public void ValueOutcomes_ManagerOnTimeLikeTheRestOfHerDepartmentASiblingIsAbout_SaysNothing()
    {
        var (table, story, rows) = MorganLee(Goals());

        Assert.Empty(OwnRowsFacts.ValueOutcomes(table, story, rows, SalesLate));
    }

    [Fact]
    public void ValueOutcomes_ManagerOnTimeLessOftenThanTheRestOfHerDepartment_ComparesHerWithIt()
    {
        var (table, story, rows) = MorganLee(Goals(worseThanSales: true));

        var fact = Assert.Single(OwnRowsFacts.ValueOutcomes(table, story, rows, SalesLate));

        Assert.StartsWith("Goals with manager Morgan Lee are also on time less often: ", fact.Sentence, StringComparison.Ordinal);
        Assert.EndsWith("for the other Sales goals.", fact.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void PastDue_ManagersOpenGoals_SaysHowManyArePastTheirDueDateAndByHowLong()
    {
        var (table, story, rows) = MorganLee(Goals());
        var (due, done, manager, state) = ((DateColumn)table.Find("due_date")!, (DateColumn)table.Find("completed_date")!,
            (CategoryColumn)table.Find("manager")!, (CategoryColumn)table.Find("state")!);
        var last = done.Days.Where(double.IsFinite).Max();
        var hers = Enumerable.Range(0, table.RowCount).Where(r => manager.Labels[manager.Codes[r]] == "Morgan Lee" && state.Labels[state.Codes[r]] == "In progress").ToList();
        var late = hers.Where(r => due.Days[r] < last).ToList();

        var fact = OwnRowsFacts.PastDue(table, story, rows);

        Assert.NotNull(fact);
        var count = late.Count == hers.Count ? $"All {Fmt.Int(hers.Count)}" : $"{Fmt.Int(late.Count)} of the {Fmt.Int(hers.Count)}";
        Assert.StartsWith($"{count} In progress goals with manager Morgan Lee are past their due date at the table's last recorded date ({Fmt.Time(last, false, "day")}, the latest completed date), by a median of ", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains("; of the other In progress goals, ", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains(fact.Facts, f => f.Columns.Contains("due_date"));
    }

    [Fact]
    public void PastDue_OpenGoalsWithoutAPlannedDate_SaysNothing()
    {
        // A review date is no deadline: open goals cannot be past it.
        var (table, story, rows) = MorganLee(Goals().Replace("due_date", "review_date", StringComparison.Ordinal));

        Assert.Null(OwnRowsFacts.PastDue(table, story, rows));
    }

    // ---------------------------------------------------------------- a standout's rows fare like their like

    /// <summary>
    /// Assets: Engineering's are 60% laptops, the other departments' 30%; laptops are in repair 25% of the time and the
    /// other kinds 5%, whatever the department (or, with <paramref name="engineeringBreaks"/>, Engineering's laptops 50%).
    /// </summary>
    private static string Assets(bool engineeringBreaks = false, int seed = 9)
    {
        var rng = new Random(seed);
        string[] departments = ["Finance", "Sales", "Support", "HR"];
        string[] kinds = ["Monitor", "Phone", "Desktop"];
        var sb = new StringBuilder("asset_tag,department,category,state\n");
        for (var i = 0; i < 8000; i++)
        {
            var engineering = rng.NextDouble() < 0.35;
            var department = engineering ? "Engineering" : departments[rng.Next(departments.Length)];
            var laptop = rng.NextDouble() < (engineering ? 0.6 : 0.3);
            var category = laptop ? "Laptop" : kinds[rng.Next(kinds.Length)];
            var repair = rng.NextDouble() < (laptop ? (engineering && engineeringBreaks ? 0.5 : 0.25) : 0.05);
            sb.Append(CultureInfo.InvariantCulture, $"A{i:00000},{department},{category},{(repair ? "In repair" : "In use")}\n");
        }
        return sb.ToString();
    }

    private static (AnalysisTable Table, Insight Story, StoryRows Rows) LaptopsInEngineering(string csv)
    {
        // The story as the standout kind tells it ("Laptop accounts for … of the Engineering assets"), whichever way round
        // discovery ranks the cell.
        var (table, _) = StoryDiscovery.Ranked(Table(csv), null, [StoryKinds.Of<StandoutStory>()]);
        var detail = new StandoutDetail("category", "Laptop", 0, 0, [], 0, 0, 0, 0, 0, [], new StandoutWithin("department", "Engineering", 0, 0, 0, 0, 0, []));
        var story = new Insight(StoryKinds.Of<StandoutStory>(), ["department", "category"], "Laptop accounts for most Engineering assets", "", ["bar"], "", 0, 0.9, 0, 8000, 0.5, detail);
        return (table, story, Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story)));
    }

    [Fact]
    public void CellAlike_DepartmentsLaptopsInRepairLikeTheOtherLaptops_SaysSoAgainstTheOtherDepartmentsLaptops()
    {
        var (table, story, rows) = LaptopsInEngineering(Assets());

        var fact = OwnRowsFacts.CellAlike(table, story, rows);

        Assert.NotNull(fact);
        Assert.StartsWith("Engineering assets with category Laptop are in repair as often as the Laptop assets of the other departments: ", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains(fact.Facts, f => f.Columns.Contains("state"));
    }

    [Fact]
    public void CellAlike_DepartmentsLaptopsInRepairMoreOften_SaysNothing()
    {
        var (table, story, rows) = LaptopsInEngineering(Assets(engineeringBreaks: true));

        Assert.Null(OwnRowsFacts.CellAlike(table, story, rows));
    }
}
