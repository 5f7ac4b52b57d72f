using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Output;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The supporting facts of a story (issue 21), computed from the story's own rows: the gap month by month, the top
/// contributor, the same group's other outcomes or durations; each a sentence whose numbers are recorded facts, and none
/// when the rows do not support it (no concentration, no difference, a routed column).
/// </summary>
public partial class SupportingFactsTests
{
    private static readonly string[] Places = ["Canada", "France", "Germany", "India", "Japan", "Brazil"];
    private static readonly string[] Categories = ["Hardware", "Software", "Network", "Access"];
    private static readonly string[] Broken = ["screen flickers", "keyboard stuck", "monitor dead", "mouse broken", "dock fails", "webcam blurry"];
    private static readonly string[] Filler = ["user", "reports", "since", "morning", "urgent", "again", "today", "help", "colleague", "desk", "slow", "week"];

    /// <summary>
    /// Incidents: hardware ones mostly in Australia (the story), half of their descriptions name a printer and they take
    /// three times as long to close (what supports it); one caller raises a third of all incidents whatever the category
    /// (a finding about something else); each category is routed to its own team (structure).
    /// </summary>
    public static string Incidents(int n = 1500, int seed = 21)
    {
        var rng = new Random(seed);
        var callers = StandoutStoryTests.People(40, rng);
        var start = new DateTime(2024, 1, 1, 8, 0, 0, DateTimeKind.Unspecified);
        var sb = new StringBuilder("number,opened_at,closed_at,category,assignment_group,location,caller,short_description\n");
        for (var i = 0; i < n; i++)
        {
            var category = rng.NextDouble() < 0.3 ? "Hardware" : Categories[1 + rng.Next(3)];
            var location = category == "Hardware" && rng.NextDouble() < 0.7 ? "Australia" : rng.NextDouble() < 0.1 ? "Australia" : Places[rng.Next(Places.Length)];
            var group = rng.NextDouble() < 0.02 ? "Service Desk" : category + " Team";
            var caller = rng.NextDouble() < 0.33 ? "Rick Berzle" : callers[rng.Next(callers.Count)];
            var words = Enumerable.Range(0, 3).Select(_ => Filler[rng.Next(Filler.Length)]).ToList();
            if (category == "Hardware" && rng.NextDouble() < 0.5) words.Insert(rng.Next(words.Count), rng.NextDouble() < 0.5 ? "printer jammed" : "printer offline");
            else words.Insert(rng.Next(words.Count), category switch { "Hardware" => Broken[rng.Next(Broken.Length)], "Software" => "outlook crashes", "Network" => "vpn drops", _ => "password reset" });
            words.Add($"room {rng.Next(1, 400)}");
            var opened = start.AddMinutes(rng.Next(0, 330 * 24 * 60));
            var hours = Math.Exp(rng.NextDouble() * 1.2 + (category == "Hardware" ? 3.3 : 2.2));
            sb.Append(CultureInfo.InvariantCulture, $"INC{i + 1:0000000},{opened:yyyy-MM-dd HH:mm},{opened.AddHours(hours):yyyy-MM-dd HH:mm},{category},{group},{location},{caller},{string.Join(' ', words)}\n");
        }
        return sb.ToString();
    }

    private static (AnalysisTable Table, Insight Story) HardwareInAustralia()
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(Incidents()), null, [StoryKinds.Of<StandoutStory>()]);
        var story = ranked.First(i => i.Kind is StandoutStory && i.Title.Contains("Australia", StringComparison.Ordinal) && i.Title.Contains("Hardware", StringComparison.Ordinal));
        return (table, story);
    }

    /// <summary>
    /// Expense claims over 2024: Travel is declined far more often (the story); one employee files half of the declined
    /// travel claims but few of the approved ones (the top contributor); travel claims also take three times as long to
    /// process (the group's other measure); the category routes to its approver (structure, V = 1); from
    /// <paramref name="gapFrom"/> (a month, 1–12) on only, when given, is travel declined more often (a gap that opened).
    /// </summary>
    public static string Claims(int n = 2400, int seed = 5, int gapFrom = 1, bool withDana = true, bool slowTravel = true)
    {
        var rng = new Random(seed);
        var people = StandoutStoryTests.People(30, rng);
        string[] kinds = ["Travel", "Meals", "Software", "Mileage"];
        var sb = new StringBuilder("claim_id,submitted_at,processed_at,category,approver,employee,state\n");
        for (var i = 0; i < n; i++)
        {
            var category = kinds[rng.Next(kinds.Length)];
            var submitted = new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Unspecified).AddMinutes(rng.Next(0, 365 * 24 * 60));
            var gap = category == "Travel" && submitted.Month >= gapFrom;
            var declined = rng.NextDouble() < (gap ? 0.4 : 0.07);
            var employee = withDana && category == "Travel" && declined && rng.NextDouble() < 0.5 ? "Dana Whitfield" : people[rng.Next(people.Count)];
            var days = Math.Exp(rng.NextDouble() + (slowTravel && category == "Travel" ? 2.1 : 1.0));
            sb.Append(CultureInfo.InvariantCulture, $"EXP{i + 1:000000},{submitted:yyyy-MM-dd HH:mm},{submitted.AddDays(days):yyyy-MM-dd HH:mm},{category},{category} Approver,{employee},{(declined ? "Declined" : "Approved")}\n");
        }
        return sb.ToString();
    }

    internal static (AnalysisTable Table, Insight Story) TravelDeclined(string csv)
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(csv), null, [StoryKinds.Of<RateStory>()]);
        var story = ranked.First(i => i.Detail is RateGroupDetail { Group: "category" } d && d.Standout.Label == "Travel");
        return (table, story);
    }

    /// <summary>Every number of a supporting sentence is one of its facts, every fact is stated, and every fact carries the story's group column.</summary>
    private static void AssertRecorded(SupportingFact s, string groupColumn)
    {
        Assert.NotEmpty(s.Facts);
        foreach (Match number in Number().Matches(s.Sentence))
        {
            Assert.Contains(s.Facts, f => f.Text.Contains(number.Value, StringComparison.Ordinal));
        }
        Assert.All(s.Facts, f => Assert.True(SupportingFacts.States(s.Sentence, f.Text), $"fact {f.Text} is not in \"{s.Sentence}\""));
        Assert.All(s.Facts, f => Assert.Contains(groupColumn, f.Columns));
    }

    [Fact]
    public void For_TravelDeclined_AddsTheMonthsTheTopContributorAndTheGroupsDuration()
    {
        var (table, story) = TravelDeclined(Claims());

        var supporting = SupportingFacts.For(table, story);

        Assert.InRange(supporting.Count, 2, SupportingFacts.Max);
        var months = Assert.Single(supporting, s => s.Sentence.Contains("months", StringComparison.Ordinal));
        Assert.StartsWith("It is steady", months.Sentence, StringComparison.Ordinal);
        var contributor = Assert.Single(supporting, s => s.Sentence.Contains("Dana Whitfield", StringComparison.Ordinal));
        Assert.StartsWith("Of the ", contributor.Sentence, StringComparison.Ordinal);
        Assert.Contains(contributor.Facts, f => f.Columns.Contains("employee") && f.Columns.Contains("state"));
        var slower = Assert.Single(supporting, s => s.Sentence.Contains("take longer", StringComparison.Ordinal));
        Assert.Contains(slower.Facts, f => f.Columns.Contains("processed_at"));
        foreach (var s in supporting) AssertRecorded(s, "category");
        // Never the story again, never the approver the category routes to.
        Assert.DoesNotContain(supporting, s => s.Sentence.Contains("Approver", StringComparison.Ordinal));
        Assert.DoesNotContain(supporting, s => s.Sentence == story.Title);
    }

    [Fact]
    public void ByPeriod_GapFromJulyOnly_SaysTheGapIsRecentAndWhen()
    {
        var (table, story) = TravelDeclined(Claims(n: 4000, gapFrom: 7));
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.ByPeriod(table, story, rows);

        Assert.NotNull(fact);
        Assert.StartsWith("The gap is recent", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains("Jul 2024", fact.Sentence, StringComparison.Ordinal);
        AssertRecorded(fact, "category");
    }

    [Fact]
    public void TopContributor_NoOneConcentratesTheDeclines_SaysNothing()
    {
        // The same claims without Dana Whitfield: the declined travel claims are spread over thirty people.
        var (table, story) = TravelDeclined(Claims(withDana: false));
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        Assert.Null(OwnRowsFacts.TopContributor(table, story, rows));
    }

    [Fact]
    public void OtherOutcomes_TravelAsQuickAsTheRest_SaysNothing()
    {
        var (table, story) = TravelDeclined(Claims(slowTravel: false));
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        Assert.Empty(OwnRowsFacts.OtherOutcomes(table, story, rows));
    }

    [Fact]
    public void For_HardwareInAustralia_HoldsMonthByMonthWithoutTheRoutedTeamOrTheBusyCaller()
    {
        var (table, story) = HardwareInAustralia();

        var supporting = SupportingFacts.For(table, story);

        var months = Assert.Single(supporting, s => s.Sentence.Contains("months", StringComparison.Ordinal));
        Assert.StartsWith("It is steady", months.Sentence, StringComparison.Ordinal);
        AssertRecorded(months, "location");
        // The category routes to its team and the busy caller raises a third of every category's incidents: neither is a
        // contributor to Australia's hardware.
        Assert.DoesNotContain(supporting, s => s.Sentence.Contains("Team", StringComparison.Ordinal));
        Assert.DoesNotContain(supporting, s => s.Sentence.Contains("Rick Berzle", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_WithSupportingFacts_TellsThemAfterTheStoryAndBeforeTheEvidence()
    {
        var (table, story) = TravelDeclined(Claims());
        var supporting = SupportingFacts.For(table, story);
        Assert.NotEmpty(supporting);

        var output = StoryWriter.Write(table, story, supporting);

        var markdown = output.Markdown;
        var heading = markdown.IndexOf("## " + NarrativeBuilder.SupportingHeading + "\n", StringComparison.Ordinal);
        var evidence = markdown.IndexOf("## " + NarrativeBuilder.EvidenceHeading + "\n", StringComparison.Ordinal);
        Assert.True(heading > 0 && evidence > heading, markdown);
        foreach (var s in supporting)
        {
            var at = markdown.IndexOf(MarkdownText.Escape(s.Sentence), StringComparison.Ordinal);
            Assert.True(at > heading && at < evidence, $"\"{s.Sentence}\" is not between the supporting heading and the evidence:\n{markdown}");
            Assert.All(s.Facts, f => Assert.Contains(output.Facts, x => x.Text == f.Text && x.Computation == f.Computation && x.Columns.SequenceEqual(f.Columns)));
        }
        RefineTests.AssertNumbersAreFacts(markdown, output.Facts);
        DataStoryBot.Tests.StoryQuality.NarrativeStructureTests.AssertReadsLikeAJournalistWroteIt(markdown, story.Title);
    }

    [Fact]
    public async Task Refine_TravelDeclinedStory_NarrativeCarriesTheContributorAsFacts()
    {
        using var fx = new EngineFixture();
        var (container, file) = await fx.UploadTextAsync(Claims(), "expense_claims.csv");
        var discovery = await fx.DiscoverAsync(container, file);
        var story = discovery.Candidates.FirstOrDefault(c => c.Evidence.InsightType == "rate" && c.Title.Contains("Travel", StringComparison.Ordinal));
        Assert.True(story is not null, string.Join("\n", discovery.Candidates.Select(c => c.Title)));

        var refined = await fx.RefineAsync(container, file, story);

        var narrative = Encoding.UTF8.GetString(await fx.DownloadAsync(container, refined.Narrative.FileId));
        var support = narrative[narrative.IndexOf("## " + NarrativeBuilder.SupportingHeading, StringComparison.Ordinal)..narrative.IndexOf("## " + NarrativeBuilder.EvidenceHeading, StringComparison.Ordinal)];
        var dana = support.Split("\n\n").Single(p => p.Contains("Dana Whitfield", StringComparison.Ordinal));
        var stated = refined.Facts.Where(f => SupportingFacts.States(dana, f.Text)).ToList();
        Assert.Contains(stated, f => f.Columns.Contains("employee") && f.Columns.Contains("category"));
        RefineTests.AssertNumbersAreFacts(narrative, refined.Facts);
    }

    [Fact]
    public void For_SiblingStoryOfTheSession_IsNotRetold()
    {
        var (table, story) = TravelDeclined(Claims());
        var all = SupportingFacts.For(table, story);
        var dana = Assert.Single(all, s => s.Sentence.Contains("Dana Whitfield", StringComparison.Ordinal));

        // Another story of the session is about Dana Whitfield's claims.
        var without = SupportingFacts.For(table, story, [("One employee, Dana Whitfield, accounts for 250 of 2,400 expense claims", ["employee"])]);

        Assert.DoesNotContain(without, s => s.Sentence.Contains("Dana Whitfield", StringComparison.Ordinal));
        // Only the retelling goes: every other fact stays (a further fact may take the freed place).
        Assert.All(all.Where(s => s != dana), s => Assert.Contains(without, w => w.Sentence == s.Sentence));
    }

    [Theory]
    [InlineData("505 of the 720 rows (70%)", "70%", true)]
    [InlineData("505 of the 720 rows (70%)", "70", false)]
    [InlineData("a median of 39.6 hours", "39.6", true)]
    [InlineData("a median of 39.6 hours", "39", false)]
    [InlineData("2,207 others", "207", false)]
    [InlineData("2,207 others", "2,207", true)]
    [InlineData("Printer546 jammed", "546", false)]
    public void States_FigureAlone_OnlyWhenNotPartOfALongerNumber(string text, string figure, bool expected) =>
        Assert.Equal(expected, SupportingFacts.States(text, figure));

    [GeneratedRegex(@"(?<![\p{L}_\d.,]|[\p{L}\d]-)\d+(?:,\d{3})*(?:\.\d+)?(?![\p{L}_\d])")]
    private static partial Regex Number();
}
