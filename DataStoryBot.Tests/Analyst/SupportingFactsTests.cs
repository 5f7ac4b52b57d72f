using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The supporting facts of a story (issue 21): the two or three other findings of the table an analyst adds to a story
/// about the same subject, each a sentence whose numbers are recorded facts; unrelated findings and structure are not added.
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

    private static (AnalysisTable Table, Insight Story, List<Insight> Ranked) HardwareInAustralia()
    {
        var table = Table(Incidents());
        var ranked = StoryDiscovery.Ranked(table, null);
        var story = ranked.First(i => i.Kind is StandoutStory && i.Title.Contains("Australia", StringComparison.Ordinal) && i.Title.Contains("Hardware", StringComparison.Ordinal));
        return (table, story, ranked);
    }

    [Fact]
    public void For_HardwareInAustralia_AddsHardwaresPrinterWordsAndResolutionTime()
    {
        var (table, story, _) = HardwareInAustralia();

        var supporting = SupportingFacts.For(table, story);

        Assert.InRange(supporting.Count, 2, SupportingFacts.Max);
        var printer = Assert.Single(supporting, s => s.Insight.Kind is TextTermsStory);
        Assert.Contains("'printer'", printer.Sentence, StringComparison.Ordinal);
        Assert.Contains("Hardware", printer.Sentence, StringComparison.Ordinal);
        // Hardware's own resolution time (the same value), told before findings that only share a column.
        var slower = Assert.Single(supporting, s => s.Insight.Kind is SegmentStory && s.Sentence.StartsWith("Hardware", StringComparison.Ordinal));
        Assert.True(supporting.ToList().IndexOf(slower) <= 1, string.Join("\n", supporting.Select(s => s.Sentence)));
        Assert.Contains("hours", slower.Sentence, StringComparison.Ordinal);
        foreach (var s in supporting)
        {
            // Every number of the sentence is one of its facts, and every fact is computed from that finding's columns.
            Assert.NotEmpty(s.Facts);
            foreach (Match number in Number().Matches(s.Sentence))
            {
                Assert.Contains(s.Facts, f => f.Text.Contains(number.Value, StringComparison.Ordinal));
            }
            Assert.All(s.Facts, f => Assert.True(SupportingFacts.States(s.Sentence, f.Text), $"fact {f.Text} is not in \"{s.Sentence}\""));
            Assert.All(s.Facts, f => Assert.Subset(s.Insight.Columns.ToHashSet(StringComparer.Ordinal), f.Columns.ToHashSet(StringComparer.Ordinal)));
        }
        Assert.Contains(printer.Facts, f => f.Columns.Contains("short_description") && f.Columns.Contains("category"));
        Assert.Contains(slower.Facts, f => f.Columns.Contains("category") && f.Text == Fmt.Num(Assert.IsType<SegmentDetail>(slower.Insight.Detail).Groups.Max(g => g.Median)));
    }

    [Fact]
    public void For_HardwareInAustralia_LeavesOutTheStoryAnUnrelatedFindingAndTheRouting()
    {
        var (table, story, ranked) = HardwareInAustralia();
        // The table does hold a finding about something else: one caller raises a third of the incidents.
        Assert.Contains(ranked, i => i.Kind is StandoutStory && i.Columns.SequenceEqual(["caller"]));

        var supporting = SupportingFacts.For(table, story);
        var found = SupportingFacts.Detect(table, story.EvidenceColumns);
        var picked = SupportingFacts.Pick(found.Table, story, found.Ranked);

        // Not among all the candidates either (not only crowded out of the three places).
        Assert.Contains(found.Ranked, i => i.Columns.Contains("caller"));
        Assert.DoesNotContain(picked, i => i.Columns.Contains("caller"));
        Assert.DoesNotContain(picked, i => i.Columns.Contains("assignment_group"));
        Assert.DoesNotContain(picked, i => i.Title == story.Title || i.Columns.ToHashSet().SetEquals(story.Columns));
        Assert.DoesNotContain(picked, i => i.Detail is AssociationDetail);
        Assert.DoesNotContain(supporting, s => s.Insight.Columns.Contains("caller"));
        Assert.DoesNotContain(supporting, s => s.Sentence.Contains("Rick Berzle", StringComparison.Ordinal));
        // Category routes to the assignment group: no supporting fact is about that pairing.
        Assert.DoesNotContain(supporting, s => s.Insight.Columns.Contains("assignment_group"));
        Assert.DoesNotContain(supporting, s => s.Sentence.Contains("Team", StringComparison.Ordinal));
        // Never the story itself, nor the same cell told from the other side.
        Assert.DoesNotContain(supporting, s => s.Insight.Columns.ToHashSet().SetEquals(story.Columns));
        Assert.DoesNotContain(supporting, s => s.Insight.Columns.Contains("location") && s.Insight.Columns.Contains("category"));
    }

    [Fact]
    public void Write_WithSupportingFacts_TellsThemAfterTheStoryAndBeforeTheEvidence()
    {
        var (table, story, _) = HardwareInAustralia();
        var prepared = StoryDiscovery.Prepare(table);
        var supporting = SupportingFacts.For(table, story);

        var output = StoryWriter.Write(prepared, story, supporting);

        var markdown = output.Markdown;
        var heading = markdown.IndexOf("## " + NarrativeBuilder.SupportingHeading + "\n", StringComparison.Ordinal);
        var evidence = markdown.IndexOf("## " + NarrativeBuilder.EvidenceHeading + "\n", StringComparison.Ordinal);
        Assert.True(heading > 0 && evidence > heading, markdown);
        foreach (var s in supporting)
        {
            var at = markdown.IndexOf(s.Sentence, StringComparison.Ordinal);
            Assert.True(at > heading && at < evidence, $"\"{s.Sentence}\" is not between the supporting heading and the evidence:\n{markdown}");
            Assert.All(s.Facts, f => Assert.Contains(output.Facts, x => x.Text == f.Text && x.Computation == f.Computation && x.Columns.SequenceEqual(f.Columns)));
        }
        RefineTests.AssertNumbersAreFacts(markdown, output.Facts);
        DataStoryBot.Tests.StoryQuality.NarrativeStructureTests.AssertReadsLikeAJournalistWroteIt(markdown, story.Title);
    }

    [Fact]
    public async Task Refine_HardwareInAustraliaStory_NarrativeCarriesThePrinterSentenceAsFacts()
    {
        using var fx = new EngineFixture();
        var (container, file) = await fx.UploadTextAsync(Incidents(), "incidents.csv");
        var discovery = await fx.DiscoverAsync(container, file);
        var story = discovery.Candidates.FirstOrDefault(c => c.Title.Contains("Australia", StringComparison.Ordinal) && c.Title.Contains("Hardware", StringComparison.Ordinal));
        Assert.True(story is not null, string.Join("\n", discovery.Candidates.Select(c => c.Title)));

        var refined = await fx.RefineAsync(container, file, story);

        var narrative = Encoding.UTF8.GetString(await fx.DownloadAsync(container, refined.Narrative.FileId));
        var support = narrative[narrative.IndexOf("## " + NarrativeBuilder.SupportingHeading, StringComparison.Ordinal)..narrative.IndexOf("## " + NarrativeBuilder.EvidenceHeading, StringComparison.Ordinal)];
        var printer = support.Split("\n\n").Single(p => p.Contains("'printer'", StringComparison.Ordinal));
        var stated = refined.Facts.Where(f => SupportingFacts.States(printer, f.Text)).ToList();
        Assert.Contains(stated, f => f.Columns.Contains("short_description"));
        RefineTests.AssertNumbersAreFacts(narrative, refined.Facts);
    }

    [Fact]
    public void For_SiblingStoryOfTheSession_IsNotRetold()
    {
        var (table, story, _) = HardwareInAustralia();
        var found = SupportingFacts.Detect(table, story.EvidenceColumns);
        var all = SupportingFacts.For(found, story);
        Assert.NotEmpty(all);
        var sibling = all[0].Insight.Title;

        var without = SupportingFacts.For(found, story, new HashSet<string>(StringComparer.Ordinal) { sibling });

        Assert.DoesNotContain(without, s => s.Insight.Title == sibling);
    }

    [Fact]
    public void Pick_AnotherGroupsFindingOnTheSameColumn_IsLeftOut()
    {
        // Canada's sales are twice Germany's (the story names the two); France's orders are returned far more often (another group's
        // finding on the same region column): not a fact about Canada.
        var rng = new Random(7);
        var n = 900;
        var region = Enumerable.Range(0, n).Select(_ => Places[rng.Next(3)]).ToList();
        var sales = region.Select(r => (r switch { "Canada" => 200, "France" => 140, _ => 100 }) + rng.NextDouble() * 120).ToList();
        var returned = region.Select(r => rng.NextDouble() < (r == "France" ? 0.4 : 0.05) ? "yes" : "no").ToList();
        var table = Table(CsvText(("region", Box(region)), ("sales", Box(sales)), ("returned", Box(returned))));
        var ranked = StoryDiscovery.Ranked(table, null);
        var story = ranked.First(i => i.Columns.Contains("region") && i.Columns.Contains("sales") && i.Title.Contains("Canada", StringComparison.Ordinal));
        var found = SupportingFacts.Detect(table, story.EvidenceColumns);
        Assert.Contains(found.Ranked, i => i.Columns.Contains("returned") && i.Title.Contains("France", StringComparison.Ordinal));

        var picked = SupportingFacts.Pick(found.Table, story, found.Ranked);

        Assert.True(!picked.Any(p => p.Title.Contains("France", StringComparison.Ordinal)), story.Title + " | " + string.Join(" | ", picked.Select(p => p.Title)));
    }

    [Fact]
    public void For_StoryWithNoSharedSubject_AddsNothing()
    {
        // Two columns that nothing else in the table is about.
        var rng = new Random(4);
        var n = 600;
        var region = Enumerable.Range(0, n).Select(_ => Places[rng.Next(3)]).ToList();
        var sales = region.Select(r => (r == "Canada" ? 200 : 100) + rng.NextDouble() * 30).ToList();
        var shade = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.5 ? "red" : "blue").ToList();
        var size = shade.Select(c => (c == "red" ? 30 : 20) + rng.NextDouble() * 20).ToList();
        var table = Table(CsvText(("region", Box(region)), ("sales", Box(sales)), ("shade", Box(shade)), ("size", Box(size))));
        var story = StoryDiscovery.Ranked(table, null).First(i => i.Columns.Contains("region") && i.Columns.Contains("sales"));
        var found = SupportingFacts.Detect(table, story.EvidenceColumns);
        // The table holds another finding, about shade and size: nothing of the story's subject.
        Assert.Contains(found.Ranked, i => i.Columns.Contains("shade") && i.Columns.Contains("size"));

        Assert.Empty(SupportingFacts.Pick(found.Table, story, found.Ranked));
        Assert.Empty(SupportingFacts.For(table, story));
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
