using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>Issue 21, item 1: two timestamps of a row become the time between them, a measure every story kind can use.</summary>
public class DurationTests
{
    /// <summary>
    /// An incident export: hardware takes about three times as long to resolve as the rest; about one in eight incidents
    /// is still open; two rows were closed before they were opened (a data-entry slip).
    /// </summary>
    internal static string Incidents(int n = 600, int seed = 7, bool hardwareSlower = true)
    {
        var random = new Random(seed);
        var categories = new[] { "hardware", "software", "network", "access" };
        var sb = new StringBuilder("number,opened_at,category,priority,resolved_at\n");
        var start = new DateTime(2024, 1, 1, 8, 0, 0);
        for (var i = 0; i < n; i++)
        {
            var category = categories[random.Next(categories.Length)];
            var opened = start.AddMinutes(random.Next(0, 365 * 24 * 60));
            var hours = Math.Exp(random.NextDouble() * 1.2 + (category == "hardware" && hardwareSlower ? 3.6 : 2.5));
            string resolved = random.NextDouble() < 0.12 ? "" : opened.AddHours(hours).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            if (i is 17 or 301) resolved = opened.AddHours(-5).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var priority = new[] { "1 - Critical", "2 - High", "3 - Moderate", "4 - Low" }[random.Next(4)];
            sb.Append(CultureInfo.InvariantCulture, $"INC{i + 1:0000000},{opened:yyyy-MM-dd HH:mm:ss},{category},{priority},{resolved}\n");
        }
        return sb.ToString();
    }

    /// <summary>The same export where every incident takes 8% longer than one opened a month earlier.</summary>
    internal static string RisingIncidents()
    {
        var lines = Incidents().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rising = new StringBuilder(lines[0]).Append('\n');
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            if (f[4].Length > 0)
            {
                var opened = DateTime.Parse(f[1], CultureInfo.InvariantCulture);
                var resolved = DateTime.Parse(f[4], CultureInfo.InvariantCulture);
                var factor = Math.Pow(1.08, (opened - new DateTime(2024, 1, 1)).TotalDays / 30.4) * 3;
                if (resolved > opened) f[4] = opened.AddHours((resolved - opened).TotalHours * factor).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            }
            rising.AppendJoin(',', f).Append('\n');
        }
        return rising.ToString();
    }

    [Fact]
    public void Add_OpenedAndResolvedStamps_DeriveHoursToResolveWithOpenAndNegativeSpansLeftOut()
    {
        var table = Durations.Add(Table(Incidents()));
        var duration = Assert.Single(table.Numeric, c => c.Duration is not null);
        Assert.Equal("hours to resolve", duration.Name);
        var d = duration.Duration!;
        Assert.Equal(("opened_at", "resolved_at", "hours"), (d.Start, d.End, d.Unit));
        Assert.Equal(2, d.Negative);
        Assert.InRange(d.Open, 50, 100);
        Assert.Equal(600 - d.Open - d.Negative, d.Measured);
        // Open and negative rows are missing, never zero; the rest are the hours between the stamps.
        Assert.Equal(d.Open + d.Negative, duration.MissingCount);
        Assert.DoesNotContain(duration.Values, v => v <= 0);
        Assert.Equal(["opened_at", "resolved_at"], table.SourcesOf("hours to resolve"));
    }

    [Fact]
    public void Add_StampsNotNamedAsStartAndEnd_NoDuration()
    {
        var csv = Incidents().Replace("opened_at", "first_seen", StringComparison.Ordinal).Replace("resolved_at", "last_seen", StringComparison.Ordinal);
        Assert.DoesNotContain(Durations.Add(Table(csv)).Numeric, c => c.Duration is not null);
    }

    [Fact]
    public async Task Discover_IncidentExport_TellsWhichCategoryTakesLongerToResolve_AndRefineExplainsTheMeasure()
    {
        using var fx = new EngineFixture();
        var (container, file) = await fx.UploadTextAsync(Incidents(), "incidents.csv");
        var discovery = await fx.DiscoverAsync(container, file);
        var story = Assert.Single(discovery.Candidates, c => c.Evidence.InsightType == "segment_difference" && c.Title.Contains("resolve", StringComparison.Ordinal));
        Assert.Contains("hardware", story.Title, StringComparison.OrdinalIgnoreCase);
        // The evidence names the file's columns: the two stamps, not the derived name.
        Assert.Equal(["category", "opened_at", "resolved_at"], story.Evidence.Columns.Order(StringComparer.Ordinal));

        var refined = await fx.RefineAsync(container, file, story);
        var narrative = Encoding.UTF8.GetString(await fx.DownloadAsync(container, refined.Narrative.FileId));
        Assert.StartsWith("# " + story.Title, narrative, StringComparison.Ordinal);
        Assert.Contains("Hours to resolve is the time from opened at to resolved at of each incident, in hours", narrative, StringComparison.Ordinal);
        Assert.Contains("are still open (no resolved at yet)", narrative, StringComparison.Ordinal);
        Assert.Contains("2 end before they start", narrative, StringComparison.Ordinal);
        RefineTests.AssertNumbersAreFacts(narrative, refined.Facts);
    }

    [Fact]
    public void Discover_NoDifferenceInResolutionTime_NoDurationStoryClaimed()
    {
        var picked = StoryDiscovery.Discover(Table(Incidents(hardwareSlower: false)), null);
        Assert.DoesNotContain(picked, p => p.Kind is SegmentStory && p.Columns.Contains("hours to resolve"));
    }

    [Fact]
    public void Discover_AskedWhetherResolutionTimesGrow_WhenTheyHeldSteady_AnswersNoFirst()
    {
        var table = Table(Incidents());
        var steered = StoryDiscovery.Discover(table, "why are resolution times growing?");
        var answer = steered[0];
        Assert.True(answer.Kind is SteadyStory, Describe(steered));
        Assert.Equal("hours to resolve", answer.Columns[1]);
        Assert.StartsWith("Hours to resolve held steady from", answer.Title, StringComparison.Ordinal);
        Assert.Equal(new[] { "opened_at", "resolved_at" }, answer.EvidenceColumns);
        // Without the question, "held steady" never fills a slot.
        Assert.DoesNotContain(StoryDiscovery.Discover(table, null), p => p.Kind is SteadyStory);
    }

    [Fact]
    public void Discover_AskedWhetherResolutionTimesGrow_WhenTheyDo_TellsTheRiseFirst()
    {
        var steered = StoryDiscovery.Discover(Table(RisingIncidents()), "are resolution times growing?");
        Assert.True(steered[0].Kind is TrendStory, Describe(steered));
        Assert.Contains("days to resolve", steered[0].Columns);
        Assert.Contains("rose", steered[0].Title, StringComparison.Ordinal);
        Assert.DoesNotContain(steered, p => p.Kind is SteadyStory);
    }

    private static string Describe(IEnumerable<Insight> stories) => string.Join(" | ", stories.Select(p => $"[{p.Kind.Name}] {p.Title} {{{string.Join(", ", p.Columns)}}}"));
}
