using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>The standout kind's sample for the contract test: one caller raises far more incidents than the others.</summary>
public sealed class StandoutStorySample : IStoryKindSample
{
    public string Kind => "standout";

    public AnalysisTable Table()
    {
        var rng = new Random(5);
        var callers = StandoutStoryTests.People(30, rng);
        var rows = Enumerable.Range(0, 300).Select(i => i % 5 < 2 ? "Rick Berzle" : callers[rng.Next(callers.Count)]).ToList();
        return AnalystTestHelpers.Table(CsvText(("caller", Box(rows)), ("category", Box(rows.Select(_ => StandoutStoryTests.Categories[rng.Next(5)])))));
    }
}

/// <summary>Who and what stands out (issue 21, item 3): planted standouts are found with names and counts; structure is not.</summary>
public class StandoutStoryTests
{
    public static readonly string[] Categories = ["hardware", "software", "network", "inquiry", "database"];

    private static readonly string[] First = ["Ann", "Bela", "Carl", "Dina", "Egon", "Fay", "Gus", "Hana", "Ivo", "Jill", "Kurt", "Lena", "Milo", "Nora", "Otto", "Pia", "Quin", "Rosa", "Sven", "Tara"];
    private static readonly string[] Last = ["Adams", "Brook", "Chen", "Dorsey", "Ellis", "Frost", "Grant", "Hayes", "Ivers", "Jones", "Kline", "Lowe"];

    private static readonly string[] Places = ["Australia", "Canada", "France", "Germany", "India", "Japan", "Brazil", "Kenya", "Mexico"];

    /// <summary>Distinct "First Last" names (never "Rick Berzle").</summary>
    public static List<string> People(int n, Random rng) =>
        First.SelectMany(f => Last.Select(l => $"{f} {l}")).OrderBy(_ => rng.Next()).Take(n).ToList();

    private static readonly StandoutStory Kind = new();

    private static List<Insight> Detect(AnalysisTable table) => Kind.Detect(table).ToList();

    /// <summary>Weights 1/r^s over <paramref name="n"/> values: a Zipf workload.</summary>
    private static string Zipf(List<string> values, double s, Random rng)
    {
        var weights = values.Select((_, i) => 1 / Math.Pow(i + 1, s)).ToArray();
        var u = rng.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u <= 0) return values[i];
        }
        return values[^1];
    }

    [Fact]
    public void Detect_OneCallerRaisesHalfTheIncidents_TellsTheNameAndTheCounts()
    {
        var rng = new Random(1);
        var callers = People(90, rng);
        var caller = Enumerable.Range(0, 500).Select(i => i < 266 ? "Rick Berzle" : callers[rng.Next(callers.Count)]).OrderBy(_ => rng.Next()).ToList();
        var table = Table(CsvText(("caller", Box(caller)), ("category", Box(caller.Select(_ => Categories[rng.Next(5)])))));

        var found = Detect(table);

        var story = Assert.Single(found, i => i.Columns.Count == 1);
        Assert.Equal(["caller"], story.Columns);
        Assert.Contains("Rick Berzle", story.Title, StringComparison.Ordinal);
        Assert.Contains("266 of 500", story.Title, StringComparison.Ordinal);
        Assert.Contains("53%", story.Title, StringComparison.Ordinal);
        Assert.True(story.PValue < StandoutStory.MaxP);
        var detail = Assert.IsType<StandoutDetail>(story.Detail);
        Assert.Equal("Rick Berzle", detail.Label);
        Assert.Equal(266, detail.Count);
    }

    [Fact]
    public void Detect_OneAgentHoldsFourTimesTheNext_FoundAlthoughTheColumnHasFewValues()
    {
        // Six agents: too few values for an unnamed column, but "assigned_to" says people.
        var rng = new Random(2);
        var agents = People(5, rng);
        var assigned = Enumerable.Range(0, 393).Select(i => i < 188 ? "Beth Wood" : agents[i % 5]).OrderBy(_ => rng.Next()).ToList();
        var table = Table(CsvText(("assigned_to", Box(assigned))));

        var story = Assert.Single(Detect(table));

        Assert.Contains("Beth Wood", story.Title, StringComparison.Ordinal);
        Assert.Contains("188 of 393", story.Title, StringComparison.Ordinal);
        Assert.Contains("the next for 41", story.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_HardwareMostlyInAustralia_TellsTheCellAgainstTheOverallShare()
    {
        var (category, location) = HardwareInAustralia(new Random(3));
        var table = Table(CsvText(("category", Box(category)), ("location", Box(location))));

        var story = Assert.Single(Detect(table));

        Assert.Equal(["category", "location"], story.Columns);
        Assert.Contains("Australia accounts for 241 of the 336 hardware rows", story.Title, StringComparison.Ordinal);
        Assert.Contains("72%", story.Title, StringComparison.Ordinal);
        var within = Assert.IsType<StandoutDetail>(story.Detail).Within;
        Assert.NotNull(within);
        Assert.Equal("hardware", within.Level);
        Assert.True(within.Residual > 10, $"residual {within.Residual}");
        Assert.True(story.PValue < StandoutStory.MaxP);
    }

    /// <summary>336 hardware rows, 241 of them in Australia; 664 other rows over five countries, few in Australia.</summary>
    private static (List<string> Category, List<string> Location) HardwareInAustralia(Random rng)
    {
        var rows = new List<(string, string)>();
        for (var i = 0; i < 336; i++) rows.Add(("hardware", i < 241 ? "Australia" : Places[1 + rng.Next(4)]));
        for (var i = 0; i < 664; i++) rows.Add((Categories[1 + i % 4], rng.Next(20) == 0 ? "Australia" : Places[1 + rng.Next(4)]));
        rows = rows.OrderBy(_ => rng.Next()).ToList();
        return (rows.Select(r => r.Item1).ToList(), rows.Select(r => r.Item2).ToList());
    }

    [Theory]
    [InlineData(0.5)]
    public void Detect_MildZipfWorkload_FindsNothingAcrossSeeds(double exponent)
    {
        for (var seed = 10; seed < 18; seed++)
        {
            var rng = new Random(seed);
            var agents = People(60, rng);
            var assigned = Enumerable.Range(0, 3000).Select(_ => Zipf(agents, exponent, rng)).ToList();
            var category = assigned.Select(_ => Categories[rng.Next(5)]).ToList();
            var table = Table(CsvText(("assigned_to", Box(assigned)), ("category", Box(category))));

            var found = Detect(table);

            Assert.True(found.Count == 0, $"seed {seed}, s = {exponent}: {string.Join(" | ", found.Select(f => f.Title))}");
        }
    }

    /// <summary>Exact Zipf counts (1/r^s over <paramref name="people"/> people), shuffled into rows: a smooth workload with no noise.</summary>
    private static List<string> ExactZipf(int people, int rows, double s, Random rng)
    {
        var names = First.SelectMany(f => Last.Select(l => $"{f} {l}")).Take(people).ToList();
        var h = Enumerable.Range(1, people).Sum(r => 1 / Math.Pow(r, s));
        return names.SelectMany((n, i) => Enumerable.Repeat(n, (int)Math.Round(rows / Math.Pow(i + 1, s) / h))).OrderBy(_ => rng.Next()).ToList();
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.7)]
    [InlineData(0.8)]
    public void Detect_SmoothZipfWorkloadOfManyPeople_IsNotAStory(double exponent)
    {
        // The busiest of 120 callers holds 2^s times the next (1.4 to 1.7): the head of a workload, not one who stands out.
        var callers = ExactZipf(120, 3000, exponent, new Random(2));

        var found = Detect(Table(CsvText(("caller", Box(callers)))));

        Assert.True(found.Count == 0, string.Join(" | ", found.Select(f => f.Title)));
    }

    [Fact]
    public void Detect_OneEmployeeAlmostTwiceTheNextOverAZipfWorkload_TellsTheCountStory()
    {
        // 2,500 claims by 210 employees on a Zipf(0.6) workload; one more employee files 8% of them on top.
        var rng = new Random(21);
        var staff = ExactZipf(210, 2100, 0.6, rng);
        var rows = staff.Concat(Enumerable.Repeat("Dana Whitfield", 200)).OrderBy(_ => rng.Next()).ToList();
        var table = Table(CsvText(("employee", Box(rows))));
        var next = rows.Where(r => r != "Dana Whitfield").GroupBy(r => r).Max(g => g.Count());

        var story = Assert.Single(Detect(table));

        Assert.Equal(["employee"], story.Columns);
        Assert.Contains("Dana Whitfield", story.Title, StringComparison.Ordinal);
        Assert.Contains($"200 of {rows.Count:N0}", story.Title, StringComparison.Ordinal);
        Assert.Contains($"the next for {next}", story.Title, StringComparison.Ordinal);
        Assert.True(200 >= StandoutStory.MinRatioToNext * next && 200 < 3 * next, $"planted 200 against {next}: between 1.8 and 3 times the next");
    }

    [Fact]
    public void Detect_RunnerUpCloseOnSmallCounts_IsNotAStory()
    {
        // 20 against 11 is 1.8 times the next, but on so few rows chance gives that often.
        var rng = new Random(3);
        var people = People(12, rng);
        var rows = Enumerable.Repeat("Rick Berzle", 20).Concat(Enumerable.Repeat(people[0], 11)).Concat(people.Skip(1).SelectMany(p => Enumerable.Repeat(p, 2))).ToList();

        Assert.Empty(Detect(Table(CsvText(("assigned_to", Box(rows))))));
        Assert.False(StandoutStory.AboveNextP(20, 11, 12) < StandoutStory.MaxP);
        Assert.True(StandoutStory.AboveNextP(200, 108, 210) < StandoutStory.MaxP);
    }

    /// <summary>2,500 work orders: 474 plumbing, 273 of them in Building C; Building C holds 18% of the others. Trade routes to a team (a twin column).</summary>
    private static Table2 PlumbingInBuildingC(Random rng)
    {
        string[] trades = ["Plumbing", "HVAC", "Electrical", "Carpentry", "Cleaning"];
        string[] buildings = ["Building A", "Building B", "Building C", "Building D"];
        var rows = new List<(string Trade, string Building)>();
        for (var i = 0; i < 474; i++) rows.Add(("Plumbing", i < 273 ? "Building C" : buildings[new[] { 0, 1, 3 }[rng.Next(3)]]));
        for (var i = 0; i < 2026; i++) rows.Add((trades[1 + rng.Next(4)], rng.NextDouble() < 0.18 ? "Building C" : buildings[new[] { 0, 1, 3 }[rng.Next(3)]]));
        rows = rows.OrderBy(_ => rng.Next()).ToList();
        return new Table2(rows.Select(r => r.Trade).ToList(), rows.Select(r => r.Building).ToList());
    }

    private sealed record Table2(List<string> Trade, List<string> Building);

    [Fact]
    public void Detect_PlumbingMostlyInOneBuilding_TellsTheCellAgainstTheOtherRows()
    {
        // A building column of four values is not a person or place by the standout's count (five named values), but
        // a grouping to look within.
        var t = PlumbingInBuildingC(new Random(8));
        var outside = Enumerable.Range(0, t.Trade.Count).Count(r => t.Trade[r] != "Plumbing" && t.Building[r] == "Building C") / (double)t.Trade.Count(x => x != "Plumbing");
        var table = Table(CsvText(("building", Box(t.Building)), ("trade", Box(t.Trade)), ("assigned_team", Box(t.Trade.Select(x => x + " Team")))));

        var story = Assert.Single(Detect(table));

        Assert.Equal(["trade", "building"], story.Columns);
        Assert.StartsWith("Building C accounts for 273 of the 474 Plumbing", story.Title, StringComparison.Ordinal);
        Assert.Contains($"58%, against {Fmt.Pct(outside)} of the other", story.Title, StringComparison.Ordinal);
        var within = Assert.IsType<StandoutDetail>(story.Detail).Within!;
        Assert.False(within.Leader);
        Assert.Equal("Plumbing", within.Level);
    }

    [Fact]
    public void Detect_OneSupplierLeadsItsCatalogueCategory_TellsTheLeaderWithinIt()
    {
        // Each supplier serves one category (a catalogue: Cramér's V near 1, no cell story); IT hardware's four
        // suppliers share its requests 55/18/15/12, the other categories' three share theirs evenly.
        var rng = new Random(12);
        var catalogue = new (string Category, string[] Suppliers, double[] Weights)[]
        {
            ("IT hardware", ["Contoso Computing", "Fabrikam Tech", "Northwind IT", "Litware"], [0.55, 0.18, 0.15, 0.12]),
            ("Office supplies", ["Office Depot", "Staples", "Lyreco"], [0.36, 0.34, 0.30]),
            ("Services", ["Adatum", "Proseware", "Trey Research"], [0.35, 0.34, 0.31]),
            ("Facilities", ["CleanCo", "Fourth Coffee", "Design Institute"], [0.36, 0.33, 0.31]),
        };
        var rows = Enumerable.Range(0, 2000).Select(i =>
        {
            var (category, suppliers, weights) = catalogue[i % 4];
            var u = rng.NextDouble();
            var k = 0;
            while (k < weights.Length - 1 && (u -= weights[k]) > 0) k++;
            return (category, suppliers[k]);
        }).ToList();
        var table = Table(CsvText(("category", Box(rows.Select(r => r.Item1))), ("supplier", Box(rows.Select(r => r.Item2)))));
        var it = rows.Where(r => r.Item1 == "IT hardware").ToList();
        var contoso = it.Count(r => r.Item2 == "Contoso Computing");

        var story = Assert.Single(Detect(table));

        Assert.Equal(["category", "supplier"], story.Columns);
        Assert.StartsWith($"Contoso Computing accounts for {contoso} of the {it.Count} IT hardware", story.Title, StringComparison.Ordinal);
        Assert.DoesNotMatch("(?i)linked|associat|cram", story.Title + " " + story.Summary);
        Assert.True(Assert.IsType<StandoutDetail>(story.Detail).Within!.Leader);
        var output = StoryWriter.Write(table, story);
        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
        Assert.Equal(2, output.Charts.Count);
        Assert.Equal(contoso, output.SubsetRows!.Count);
    }

    [Fact]
    public void Detect_TotalThatIsOnlyAWorkload_IsNotALeadButTheCountIs()
    {
        // Sam handles twice the chats of anyone, each waiting as long as the others': "Sam leads total wait seconds" is
        // his count told again. Where one agent's chats each wait three times as long, the total is a lead.
        var rng = new Random(6);
        var agents = People(14, rng);
        var agent = Enumerable.Range(0, 3000).Select(i => i % 5 == 0 ? "Sam Ortiz" : agents[rng.Next(agents.Count)]).ToList();
        var wait = agent.Select(_ => (double)(30 + rng.Next(300))).ToList();
        var table = Table(CsvText(("agent", Box(agent)), ("wait_seconds", Box(wait))));

        Assert.DoesNotContain(new OutstandingCategoryStory().Detect(table), i => i.Title.Contains("wait seconds", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(new ConcentrationStory().Detect(table), i => i.Columns.Contains("wait_seconds"));
        Assert.Contains(Detect(table), i => i.Columns.SequenceEqual(["agent"]) && i.Title.Contains("Sam Ortiz", StringComparison.Ordinal));

        var slow = Table(CsvText(("agent", Box(agent)), ("wait_seconds", Box(agent.Select((a, r) => a == "Sam Ortiz" ? 3 * wait[r] : wait[r])))));
        Assert.Contains(new OutstandingCategoryStory().Detect(slow), i => i.Title.StartsWith("Sam Ortiz leads total wait seconds", StringComparison.Ordinal));
    }

    [Fact]
    public void Detect_CategoryRoutesToAssignmentGroup_IsARuleNotAStory()
    {
        // Each category goes to its own group or two (a routing rule: Cramér's V = 1); categories evenly spread.
        string[] groups = ["Hardware desk", "Hardware field", "Software", "Network core", "Network edge", "Service desk", "DBA", "Apps", "Ops"];
        var rng = new Random(4);
        var rows = Enumerable.Range(0, 900).Select(i =>
        {
            var c = i % 5;
            var g = c switch { 0 => rng.Next(10) < 6 ? 0 : 1, 1 => rng.Next(10) < 6 ? 2 : 7, 2 => rng.Next(10) < 6 ? 3 : 4, 3 => 5, _ => rng.Next(10) < 6 ? 6 : 8 };
            return (Categories[c], groups[g]);
        }).ToList();
        var table = Table(CsvText(("category", Box(rows.Select(r => r.Item1))), ("assignment_group", Box(rows.Select(r => r.Item2)))));

        Assert.Empty(Detect(table));
        var cross = StandoutStory.Cross.Of((CategoryColumn)table.Find("category")!, StandoutStory.EntityColumns(table).Single());
        Assert.NotNull(cross);
        Assert.True(cross.CramersV >= StandoutStory.MaxCramersV, $"V = {cross.CramersV}");
    }

    [Fact]
    public void Detect_UnassignedMajority_IsNotToldAsAPerson()
    {
        var rng = new Random(6);
        var agents = People(20, rng);
        var assigned = Enumerable.Range(0, 500).Select(i => i % 5 < 3 ? "(unassigned)" : agents[rng.Next(agents.Count)]).ToList();
        var table = Table(CsvText(("assigned_to", Box(assigned)), ("category", Box(assigned.Select(_ => Categories[rng.Next(5)])))));

        var found = Detect(table);

        Assert.True(found.Count == 0, string.Join(" | ", found.Select(f => f.Title)));
        Assert.True(StandoutStory.IsPlaceholder("(unassigned)") && StandoutStory.IsPlaceholder("(empty)") && StandoutStory.IsPlaceholder("N/A"));
        Assert.False(StandoutStory.IsPlaceholder("Una Signed"));
    }

    [Fact]
    public void Detect_StandoutBesideAnUnassignedMajority_CountsOnlyNamedAgents()
    {
        var rng = new Random(7);
        var agents = People(20, rng);
        var assigned = Enumerable.Range(0, 1000).Select(i => i % 10 < 5 ? "unassigned" : i % 10 < 7 ? "Beth Wood" : agents[rng.Next(agents.Count)]).ToList();
        var table = Table(CsvText(("assigned_to", Box(assigned))));

        var story = Assert.Single(Detect(table));
        var output = StoryWriter.Write(table, story);

        Assert.Contains("Beth Wood", story.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("unassigned (", story.Title, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Rows that name nobody are not counted", output.Markdown, StringComparison.Ordinal);
        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
    }

    [Fact]
    public void Detect_DuplicatedIdInAnIdColumn_IsIgnored()
    {
        // An export with one incident's row repeated 60 times: the id column is not a person or item.
        var rng = new Random(8);
        var ids = Enumerable.Range(0, 500).Select(i => i < 60 ? "INC0000007" : $"INC{1000 + i:0000000}").OrderBy(_ => rng.Next()).ToList();
        var table = Table(CsvText(("number", Box(ids)), ("category", Box(ids.Select(_ => Categories[rng.Next(5)])))));

        Assert.Empty(Detect(table));
        Assert.Empty(StandoutStory.EntityColumns(table));
    }

    [Fact]
    public void Detect_FewLevelColumnWithAMajority_IsNotAPerson()
    {
        // "2 - High accounts for 61% of rows by priority" is not who stands out.
        var rng = new Random(9);
        string[] priorities = ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low"];
        var priority = Enumerable.Range(0, 500).Select(i => i % 100 < 61 ? priorities[1] : priorities[rng.Next(4)]).ToList();
        var table = Table(CsvText(("priority", Box(priority))));

        Assert.Empty(Detect(table));
    }

    [Fact]
    public void Write_WithinCategoryStory_StatesCountsAsFactsWithTwoCharts()
    {
        var (category, location) = HardwareInAustralia(new Random(3));
        var table = Table(CsvText(("category", Box(category)), ("location", Box(location))));
        var story = Assert.Single(Detect(table));

        var output = StoryWriter.Write(table, story);

        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
        Assert.Contains("241", output.Markdown, StringComparison.Ordinal);
        Assert.Contains("336", output.Markdown, StringComparison.Ordinal);
        Assert.Equal(2, output.Charts.Count);
        Assert.Equal(241, output.SubsetRows!.Count);
        Assert.Contains(output.Facts, f => f.Computation.Contains("Cramér's V", StringComparison.Ordinal));
    }

    /// <summary>
    /// A realistic incident export: ids, open and close dates, a category, a priority, a location, a caller (one who
    /// raises most incidents), agents with a skewed workload, and a short description.
    /// </summary>
    public static string IncidentExport(int rows, int seed)
    {
        var rng = new Random(seed);
        var callers = People(120, rng);
        var agents = People(18, rng);
        var start = new DateTime(2024, 1, 1);
        var noise = Noise(rows, seed);
        var number = new List<string>();
        var opened = new List<DateTime>();
        var category = new List<string>();
        var priority = new List<string>();
        var location = new List<string>();
        var caller = new List<string>();
        var assigned = new List<string>();
        var description = new List<string>();
        var reassignments = new List<double>();
        string[] templates = ["Cannot log in to {0}", "{0} is slow", "Error when opening {0}", "Request access to {0}", "{0} not responding"];
        string[] things = ["email", "VPN", "laptop", "printer", "SAP", "Teams"];
        for (var i = 0; i < rows; i++)
        {
            number.Add($"INC{10000 + i:0000000}");
            opened.Add(start.AddDays(rng.Next(365)));
            var c = Categories[rng.Next(10) switch { < 3 => 0, < 6 => 1, < 8 => 2, 8 => 3, _ => 4 }];
            category.Add(c);
            priority.Add(new[] { "1 - Critical", "2 - High", "3 - Moderate", "4 - Low" }[rng.Next(10) switch { 0 => 0, < 4 => 1, < 8 => 2, _ => 3 }]);
            location.Add(Places[rng.Next(Places.Length)]);
            caller.Add(rng.Next(100) < 45 ? "Rick Berzle" : callers[rng.Next(callers.Count)]);
            assigned.Add(rng.Next(100) < 8 ? "" : Zipf(agents, 0.7, rng));
            description.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, templates[rng.Next(templates.Length)], things[rng.Next(things.Length)]));
            reassignments.Add(Math.Max(0, Math.Round(1 + noise[i])));
        }
        return CsvText(("number", Box(number)), ("opened_at", Box(opened)), ("category", Box(category)), ("priority", Box(priority)), ("location", Box(location)),
            ("caller_id", Box(caller)), ("assigned_to", Box(assigned)), ("short_description", Box(description)), ("reassignment_count", Box(reassignments)));
    }

    [Fact]
    public void Discover_IncidentExport_TellsTheCallerWhoStandsOutAmongTheThree()
    {
        var table = Table(IncidentExport(800, 21));

        var picked = StoryDiscovery.Discover(table, steering: null);

        var story = Assert.Single(picked, p => p.Kind is StandoutStory);
        Assert.Equal(["caller_id"], story.Columns);
        Assert.Contains("Rick Berzle", story.Title, StringComparison.Ordinal);
        Assert.DoesNotContain(picked, p => p.Columns.Contains("number"));
    }

    [Fact]
    public void Discover_SteeringAsksWhoIsBusiest_PutsTheStandoutFirst()
    {
        var table = Table(IncidentExport(800, 22));

        var picked = StoryDiscovery.Discover(table, steering: "who raises the most incidents?");

        Assert.IsType<StandoutStory>(picked[0].Kind);
        Assert.Contains("Rick Berzle", picked[0].Title, StringComparison.Ordinal);
    }
}
