using System.Diagnostics;
using System.Text.RegularExpressions;
using DataStoryBot.Core.Engines;
using DataStoryBot.Tests.StoryQuality;
using Xunit.Abstractions;

namespace DataStoryBot.Tests.BusinessTables;

/// <summary>
/// The business-tables suite (issue 21): the built-in analyst on exports an operations analyst gets, against the
/// findings documented for them before the engine ran. Prints the report and fails below the bar.
/// </summary>
public class BusinessTablesTests(ITestOutputHelper output)
{
    /// <summary>
    /// The bar on the share of documented findings found among the three candidates. The engine before issue 21 found 3
    /// of 64 (4.7%; docs/business-tables/baseline-report.txt); with durations, rates, stand-outs, text terms, the steady
    /// answer and the structure guards it finds 24 of 64 (38%; docs/business-tables/current-report.txt). The bar sits just
    /// under today's figure to catch a regression; the issue's goal is 0.70. Raised 6 December 2026 to 0.43: 28 of 64
    /// (44%) with several-valued outcomes, two- and many-group rates, durations by group in words and the ranking of
    /// drivers and routed columns (branch rates); timeshare alone (share_shift, group_drift, the steady rate and the
    /// still-open months): 27 of 64 (42%).
    /// </summary>
    // 7 December 2026, all branches of the session merged (rates, timeshare, standouts, bands, rowmodel, journalist,
    // claims) plus the ranking fixes: 38 of 64 (59%), top three 33 of 48 (69%).
    // 7 December 2026 (branch confound: stratified gaps, an experiment's design, terms and price lists as structure,
    // group steps over every failure level): 45 of 64 (70.3%), top three 38 of 48 (79%).
    // 7 December 2026, narratives with supporting facts (SupportingFacts) counted when a story paragraph tells the finding
    // with facts on its columns: 54 of 64 (84%; 16 only in a narrative), top three 42 of 48 (88%).
    // 7 December 2026, confound + support + fillers + wrong merged: 56 of 64 (87.5%; 11 only in a narrative), top three
    // 43 of 48 (90%). The second reader then classed only 13 of the 57 supporting facts as supporting their story (40%
    // another group's finding, 33% a sibling story retold), so supporting facts must now be about the story's own group
    // (its value named, a yes/no "Yes" not counting) or the words of its outcome's rows, and never one of the session's
    // other stories (RefineRequest.Siblings): 50 of 64 (78%; 5 only in a narrative), top three 40 of 48 (83%). The bar
    // follows the honest count down, not the generous one.
    // 7 December 2026 (branch facts): supporting facts computed from the story's own rows (OwnRowsFacts: the gap by period,
    // the top contributor, the words of its rows, the same group's other outcomes and durations): 53 of 64 (83%; 8 only in
    // a narrative), top three 42 of 48 (88%).
    // 7 December 2026 (misses4): out-of-order and disputed states as outcomes, one place told once in two roles (origin
    // before destination), a rate of one state beside a standout in another not discounted as a facet: 55 of 64 (86%; 9
    // only in a narrative), top three 46 of 48 (96%).
    // 7 December 2026 (misses8): a concentrated cell weighs like a rate gap, a cell named after its other value is the
    // organisation, a role account's workload weighs less, "approval times" asks no rejection rate, a share shift and a
    // standout within another value of the category are two findings: 56 of 64 (88%; 9 only in a narrative), top three
    // 48 of 48 (contoso-it and plumbing-building-c in, with leak-text in the latter's narrative; marketing-rejected and
    // front-desk, two non-top findings, out).
    public const double MinFoundShare = 0.87;

    /// <summary>The share of the top-three findings among the three stories. 7 Dec 2026 (misses4): 46 of 48 (96%); (misses8): 48 of 48.</summary>
    public const double MinTopFoundShare = 1.0;

    /// <summary>
    /// Stories that present structure as a finding (routing rules, price lists, state-only measures, derived flags).
    /// The engine before issue 21 told 10 such stories over the 16 tables; today it tells 5 (a price
    /// list, order total vs quantity, a designed résumé quality, a part and its whole, two counts of one popularity). The bar is today's count; the goal is 0.
    /// 6 Dec 2026 (timeshare): 4 (the order-total correlation gave its slot to the web's share).
    /// </summary>
    public const int MaxStructureViolations = 0; // 7 Dec 2026 (confound): none left (the price list and the designed résumé quality were the last two)

    /// <summary>
    /// Narratives (of the 48) whose supporting facts number two or more. 7 Dec 2026, facts drawn from the table's other
    /// findings (narrowed): 2. 7 Dec 2026, facts from the story's own rows (OwnRowsFacts): 6 (24 of 48 with any, 31 facts).
    /// 7 Dec 2026 (support3): the gap within another category, the group's weight in the whole, the counts behind a share,
    /// a leader within a category, a steady series' range and ends: 37 (44 of 48 with any, 99 facts; 31 with two other
    /// than "It is steady"). 7 Dec 2026 (support4): what counts as a fact changed, so the engine's count fell while the
    /// quality rose: a second reader (docs/story-quality/classification-narratives.md) classed 30 of the 99 facts as the
    /// story said again, and those templates are gone (the group's share of the outcome against the rows the story itself
    /// compared, a measure's slowest tenth, a steady series' range and ends, a leader's lead within another category);
    /// added: the leg of a duration that carries a step, the mix check where a group is nearly all one kind, what moved
    /// or held under a steady whole, a rival category (one bearing on the outcome) read first. Honest figure: 27 (44 of
    /// 48 with any, 80 facts); by a strict reading 25 narratives with two or more facts an analyst would add (21 before).
    /// 7 Dec 2026 (support5): a leader whose rows are like the others' says so (its mix by category, its duration or
    /// outcome rate): 32 (43 of 48 with any, 87 facts; 28 before); by a strict reading 29 (the four leaders).
    /// 7 Dec 2026 (support6): a rate's build-up over the parts of the day, the gap by the next coarser period for a small
    /// group, every group held under a steady whole, the gap read within a sibling story's category: 35 (45 of 48 with
    /// any, 93 facts). Merged with misses6 (main, 7 Dec 2026): 34 — the leave table's short-notice rate, a documented top
    /// finding with one fact, took the slot of an undocumented sick-leave story that had two.
    /// 7 Dec 2026 (support8): no fact that restates its lead's figures or names nothing of its lead; the load under a steady
    /// whole, a duration's group by its own start's months, a part of the day month by month, a yes/no other outcome
    /// material on its other side, an experiment's second reading by a category the group's mix differs in: 38 (48 of 48
    /// with any, 103 facts).
    /// 7 Dec 2026 (support10): no reading of a standout's share within a handling field (priority, a yes/no flag) that
    /// neither bears nor goes with it, no second reading within a category the group's mix does not differ in (unless a
    /// sibling's), a standout's share of its category value's amount instead of the value's own amounts, the standout's
    /// other outcomes where the value is a state, a sibling story's group checked as a rival, a calendar part's load, a
    /// rate's group of the others' size, a small group's other outcome, a steady whole read by the hours of its own time
    /// axis: 42 (48 of 48 with any, 111 facts).
    /// 7 Dec 2026 (support11): the load behind a step (the group's rows a month before and from then on), the rows' own
    /// extent (a distance, a weight) compared like an amount, told last: 44 (48 of 48 with any, 113 facts).
    /// 8 Dec 2026: an extent is told only where it bears on the story's outcome among the other rows (the second reader
    /// read SEA's longer flights as unrelated: the other origins' long flights are late about as often as their short
    /// ones), so flight_delays 3 is back to one fact: 43.
    /// 8 Dec 2026 (support12a): an experiment's gap within another factor of its design, the rows behind a trend of a
    /// level per row, a word nearly only the story's rows carry, no group drifting beyond chance under a steady whole
    /// (job_applications 1, campaign_tweets 1 and 3, facility_work_orders 1): 47.
    /// 8 Dec 2026: a small group's rate read by month when its weekly rate is noisier than half its gap (flight_delays 3:
    /// SEA in every one of the 3 months): 48 of 48.
    /// </summary>
    public const int MinNarrativesWithTwoFacts = 48;

    /// <summary>Supporting facts in the narratives that tell structure (the tables' <c>mustNot</c> patterns over the
    /// paragraph and its facts' columns). 7 Dec 2026, when narratives gained supporting facts: 0.</summary>
    public const int MaxSupportingStructureViolations = 0;

    [Fact]
    public async Task Suite_BusinessTables_MeetsTheBar()
    {
        var file = BusinessTablesSuite.Load();
        Assert.True(file.Tables.Count >= 15, "The suite holds at least 15 business tables.");
        var clock = Stopwatch.StartNew();
        var outcomes = new List<TableOutcome>();
        foreach (var table in file.Tables)
        {
            outcomes.Add(await BusinessTablesSuite.RunAsync(file, table));
        }
        var report = BusinessTablesSuite.Report(outcomes, clock.Elapsed);
        output.WriteLine(report);
        var reportPath = Path.Combine(AppContext.BaseDirectory, "business-tables-report.txt");
        await File.WriteAllTextAsync(reportPath, report);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "business-tables-narratives.txt"), BusinessTablesSuite.Narratives(outcomes));
        Console.WriteLine(BusinessTablesSuite.Summary(outcomes, clock.Elapsed) + $" (report: {reportPath})");

        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.All(outcomes, o => Assert.True(o.Candidates.Count == 3, $"{o.Table.Name}: {o.Candidates.Count} candidates.\n{report}"));
        var violations = outcomes.Sum(o => o.Violations.Count);
        Assert.True(violations <= MaxStructureViolations, $"{violations} structure violations, the bar is {MaxStructureViolations}.\n{report}");
        var supporting = outcomes.Sum(o => o.SupportingViolations.Count);
        Assert.True(supporting <= MaxSupportingStructureViolations, $"{supporting} supporting facts tell structure, the bar is {MaxSupportingStructureViolations}.\n{report}");
        var withTwo = BusinessTablesSuite.NarrativesWithTwoFacts(outcomes);
        Assert.True(withTwo >= MinNarrativesWithTwoFacts, $"{withTwo} narratives carry two or more supporting facts, the bar is {MinNarrativesWithTwoFacts}.\n{report}");
        WordingChecks.AssertNone(outcomes.SelectMany(o => o.Candidates.Select(c => ($"{o.Table.Name} / {c.Candidate.Title}", WordingChecks.Problems(c.Candidate, c.Narrative, o.Noun)))));
        var share = BusinessTablesSuite.FoundShare(outcomes);
        Assert.True(share >= MinFoundShare, $"Found {share:P0} of the documented findings, the bar is {MinFoundShare:P0}.\n{report}");
        var top = BusinessTablesSuite.FoundShare(outcomes, topOnly: true);
        Assert.True(top >= MinTopFoundShare, $"Found {top:P0} of the top-three findings, the bar is {MinTopFoundShare:P0}.\n{report}");
    }

    [Fact]
    public void Findings_EveryTable_IsDocumentedCompletely()
    {
        var file = BusinessTablesSuite.Load();
        Assert.True(file.Tables.Count >= 15);
        Assert.Equal(file.Tables.Count, file.Tables.Select(t => t.Name).Distinct().Count());
        Assert.True(file.Tables.Count(t => t.Source.StartsWith("file:", StringComparison.Ordinal)) >= 3, "At least three real exports.");
        Assert.True(file.Tables.Count(t => t.Findings.Any(f => f.Need == "no_change") && t.Steering is not null) >= 2, "At least two tables whose honest answer to the steering is no.");
        foreach (var table in file.Tables)
        {
            Assert.InRange(table.Findings.Count, 3, 6);
            Assert.Equal(3, table.Findings.Count(f => f.Top));
            Assert.Equal(table.Findings.Count, table.Findings.Select(f => f.Id).Distinct().Count());
            Assert.NotEmpty(table.MustNot);
            foreach (var f in table.Findings)
            {
                Assert.Contains(f.Need, BusinessTablesSuite.Needs);
                Assert.Matches(@"\d", f.Finding);
                Assert.NotNull(new Regex(f.Match.Text));
                Assert.True((f.Match.Columns?.Count ?? 0) + (f.Match.AnyColumns?.Count ?? 0) > 0, $"{table.Name}/{f.Id} names no column.");
            }
            foreach (var m in table.MustNot) Assert.NotNull(new Regex(m.Pattern));
            var header = BusinessTablesSuite.ReadSource(table.Source).Split('\n')[0].Split(',').Select(h => h.Trim('"', '\r')).ToArray();
            foreach (var column in table.Findings.SelectMany(f => (f.Match.Columns ?? []).Concat(f.Match.AnyColumns ?? [])))
            {
                Assert.True(header.Contains(column, StringComparer.OrdinalIgnoreCase), $"{table.Name}: {column} is not a column.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(SyntheticNames))]
    public void Generator_SyntheticTable_MatchesCommittedCsvAndShape(string name)
    {
        var csv = BusinessTableGenerator.Tables[name]().ToCsv();
        Assert.Equal(csv, BusinessTableGenerator.Tables[name]().ToCsv());
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.InRange(lines.Length - 1, 500, 100_000);
        Assert.InRange(lines[0].Split(',').Length, 8, 20);
        if (Environment.GetEnvironmentVariable("DSB_REGENERATE_BUSINESS_TABLES") == "1")
        {
            // The one way the committed CSVs are written (TestData/BusinessTables/README.md): from this generator.
            File.WriteAllText(Path.Combine(DataStoryBot.Tests.Analyst.AnalystTestHelpers.RepoRoot(), "DataStoryBot.Tests", "TestData", "BusinessTables", name + ".csv"), csv);
            return;
        }
        var committed = Path.Combine(BusinessTablesSuite.DataFolder, name + ".csv");
        Assert.True(File.Exists(committed), $"{committed} is missing: run scripts in TestData/BusinessTables/README.md.");
        Assert.Equal(File.ReadAllText(committed), csv);
    }

    public static TheoryData<string> SyntheticNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in BusinessTableGenerator.Tables.Keys) data.Add(name);
        return data;
    }

    private static JudgedCandidate Candidate(string title, string summary, string narrative, params string[] columns) =>
        new(new StoryCandidate(title, summary, ["bar"], new StoryEvidence("test", 1, 0.01, 0.5, 100, columns, "segment_difference")), narrative);

    [Fact]
    public void Matches_ColumnsAnyColumnsAndText_AllRequired()
    {
        var match = new FindingMatch(["category"], ["opened_at", "resolved_at"], "(resolv|time to)", null);
        Assert.True(BusinessTablesSuite.Matches(Candidate("Hardware incidents take 3x longer to resolve", "Median 41 h vs 13 h.", "", "Category", "opened_at", "resolved_at"), match));
        Assert.True(BusinessTablesSuite.Matches(Candidate("Time to resolve is longest for hardware", "", "", "category", "RESOLVED_AT"), match));
        // A share-of-rows filler story names the group but not the outcome's words or columns.
        Assert.False(BusinessTablesSuite.Matches(Candidate("Hardware accounts for 27% of rows by category", "", "", "category"), match));
        // The right words without the group column.
        Assert.False(BusinessTablesSuite.Matches(Candidate("Time to resolve is rising", "", "", "opened_at", "resolved_at"), match));
        // The right columns without the words.
        Assert.False(BusinessTablesSuite.Matches(Candidate("Category and opened at are linked", "", "", "category", "opened_at"), match));
    }

    private static NarrativeFact Fact(string text, params string[] columns) => new(text, 0, "computed for the test", columns, "all rows");

    private const string HardwareNarrative = """
        # Australia accounts for 505 of the 720 Hardware incidents

        505 of the 720 Hardware rows have location Australia (70%).

        ## What goes with it

        The word 'printer' stands out in Hardware short descriptions: it appears in 385 of the 720 (53%), and in none of the 2,280 other short descriptions.

        ## How we know

        A chi-square test over 3,000 rows.

        ## Caveats

        - A shared device such as a printer can take many rows by design.

        """;

    private static readonly FindingMatch PrinterFinding = new(["short_description"], [], "printer", null);

    [Fact]
    public void MatchesNarrative_FindingInASupportingParagraphWithItsColumns_Found()
    {
        var judged = new JudgedCandidate(Candidate("Australia accounts for 505 of the 720 Hardware incidents", "505 of the 720 hardware incidents are in Australia.", "", "category", "location").Candidate,
            HardwareNarrative, [Fact("505", "category", "location"), Fact("720", "category", "location"), Fact("70%", "category", "location"), Fact("385", "short_description", "category"), Fact("53%", "short_description", "category"), Fact("2,280", "short_description", "category")]);

        // Neither the title nor the summary tells it; the supporting paragraph does, with facts on the text column.
        Assert.False(BusinessTablesSuite.Matches(judged, PrinterFinding));
        Assert.True(BusinessTablesSuite.MatchesNarrative(judged, PrinterFinding));
        Assert.StartsWith("The word 'printer'", BusinessTablesSuite.MatchingParagraph(judged, PrinterFinding), StringComparison.Ordinal);
        // A derived column's fact counts as the file columns it is computed from.
        var duration = judged with { Narrative = "# t\n\nHardware takes 3.1 times as long to resolve: a median of 39.6 hours.\n", Facts = [Fact("39.6", "category", "hours to resolve")] };
        var resolve = new FindingMatch(["category"], ["opened_at", "resolved_at"], "resolve", null);
        Assert.False(BusinessTablesSuite.MatchesNarrative(duration, resolve));
        Assert.True(BusinessTablesSuite.MatchesNarrative(duration, resolve, c => c == "hours to resolve" ? ["opened_at", "resolved_at"] : [c]));
    }

    private static NarrativeFact Computed(string text, string computation, params string[] columns) => new(text, 0, computation, columns, "all rows");

    [Fact]
    public void MatchesNarrative_ValueHeldFixedOnBothSidesOfAnotherComparison_NotFound()
    {
        // friday-late, as the flights' third story told it: the SEA gap read within each weekday names Friday as a
        // stratum; both figures after it are computed within Friday, so the paragraph is not about Friday's flights.
        var friday = new FindingMatch(null, ["date"], "friday", null);
        IEnumerable<string> Sources(string c) => c == "date weekday" ? ["date"] : [c];
        var stratum = new JudgedCandidate(Candidate("Origin SEA: late 31% of the time", "", "", "late_15", "origin").Candidate,
            "# t\n\n## What goes with it\n\nIt holds within each of the 7 date weekdays, the share late for SEA rows against the other rows: Friday 32% against 27%; Monday 35% against 20%.\n",
            [Computed("7", "date weekday values compared", "late_15", "origin", "date weekday"),
             Computed("32%", "share late of SEA rows with date weekday Friday", "late_15", "origin", "date weekday"), Computed("27%", "share late of the other rows with date weekday Friday", "late_15", "origin", "date weekday"),
             Computed("35%", "share late of SEA rows with date weekday Monday", "late_15", "origin", "date weekday"), Computed("20%", "share late of the other rows with date weekday Monday", "late_15", "origin", "date weekday")]);
        Assert.False(BusinessTablesSuite.MatchesNarrative(stratum, friday, Sources));

        // Friday compared with the other days is the finding, also as a short list entry.
        var told = stratum with
        {
            Narrative = "# t\n\n## What goes with it\n\nFriday 27% against 21% for the other days.\n",
            Facts = [Computed("27%", "share late of flights with date weekday Friday", "late_15", "date weekday"), Computed("21%", "share late of flights on the other weekdays", "late_15", "date weekday")],
        };
        Assert.True(BusinessTablesSuite.MatchesNarrative(told, friday, Sources));
        var sentence = told with { Narrative = "# t\n\nFriday flights are late 27% of the time, against 21% on the other days.\n" };
        Assert.True(BusinessTablesSuite.MatchesNarrative(sentence, friday, Sources));
    }

    [Fact]
    public void MatchesNarrative_WordInCaveatOrInAParagraphWhoseFactsLackTheColumns_NotFound()
    {
        // The word only in the caveat or in the evidence paragraph: not the story.
        var inCaveat = new JudgedCandidate(Candidate("t", "", "", "category").Candidate,
            HardwareNarrative.Replace("The word 'printer' stands out", "The word 'toner' stands out", StringComparison.Ordinal).Replace("A chi-square test", "A printer test", StringComparison.Ordinal),
            [Fact("385", "short_description", "category"), Fact("53%", "short_description", "category")]);
        Assert.Contains("printer", inCaveat.Narrative, StringComparison.Ordinal);
        Assert.False(BusinessTablesSuite.MatchesNarrative(inCaveat, PrinterFinding));
        // The word in a paragraph whose stated facts are about other columns.
        var otherColumns = new JudgedCandidate(Candidate("t", "", "", "category").Candidate, HardwareNarrative,
            [Fact("385", "category", "location"), Fact("53%", "category", "location"), Fact("2,280", "category")]);
        Assert.False(BusinessTablesSuite.MatchesNarrative(otherColumns, PrinterFinding));
        // A figure two facts share carries only their common columns: "720" is also the location story's.
        var shared = new JudgedCandidate(Candidate("t", "", "", "category").Candidate, "# t\n\n'printer' is in 720 of them.\n",
            [Fact("720", "short_description", "category"), Fact("720", "category", "location")]);
        Assert.False(BusinessTablesSuite.MatchesNarrative(shared, PrinterFinding));
        // A figure is stated only on its own: "53" is not stated by "53%".
        Assert.False(BusinessTablesSuite.States("in 53% of them", "53"));
        Assert.True(BusinessTablesSuite.States("in 53% of them", "53%"));
    }

    [Fact]
    public void Matches_NarrativeOnlyWhenWhereNamesIt()
    {
        var candidate = Candidate("Travel claims stand out", "Travel differs from the rest.", "Travel claims are declined 42% of the time.", "category", "state");
        Assert.False(BusinessTablesSuite.Matches(candidate, new FindingMatch(["category"], ["state"], "declin", "title|summary")));
        Assert.True(BusinessTablesSuite.Matches(candidate, new FindingMatch(["category"], ["state"], "declin", "title|summary|narrative")));
        Assert.True(BusinessTablesSuite.Matches(candidate, new FindingMatch(null, ["state", "processed_at"], "travel", null)));
        Assert.False(BusinessTablesSuite.Matches(candidate, new FindingMatch(null, ["processed_at"], "travel", null)));
    }
}
