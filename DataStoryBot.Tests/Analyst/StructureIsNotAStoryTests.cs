using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// Issue 21, item 6: what the system or the data's own definitions make true — a routing rule, a measure filled in one
/// state only, a flag computed from a measure, a field that follows the state, how rows split over priority or a code —
/// never fills a slot.
/// </summary>
public class StructureIsNotAStoryTests
{
    private static readonly string[] Categories = ["hardware", "software", "network", "access", "database"];

    [Fact]
    public void Segment_CategoryRoutesToAssignmentGroup_NoLinkReported()
    {
        var random = new Random(3);
        var category = Enumerable.Range(0, 500).Select(_ => Categories[random.Next(Categories.Length)]).ToList();
        // Routing: each category goes to its own group, with a few manual reassignments.
        var group = category.Select(c => random.NextDouble() < 0.03 ? "Service Desk" : c + " support").ToList();
        var found = new SegmentStory().Detect(Table(CsvText(("category", Box(category)), ("assignment_group", Box(group))))).ToList();
        Assert.DoesNotContain(found, i => i.Detail is AssociationDetail);
        // The same pair with a real but partial association is still told.
        var partial = category.Select(c => random.NextDouble() < 0.5 ? c + " support" : "Service Desk").ToList();
        Assert.Contains(new SegmentStory().Detect(Table(CsvText(("category", Box(category)), ("assignment_group", Box(partial))))), i => i.Detail is AssociationDetail);
    }

    [Fact]
    public void Segment_MeasureFilledInOneStateOnly_NotComparedAcrossStates()
    {
        var random = new Random(4);
        var state = Enumerable.Range(0, 400).Select(_ => new[] { "Processed", "Submitted", "Declined" }[random.Next(3)]).ToList();
        var hours = state.Select(s => s == "Processed" ? Math.Round(5 + 40 * random.NextDouble(), 1) : 0).ToList();
        Assert.True(SegmentStory.DefinedInSomeGroupsOnly((Core.Analyst.Data.CategoryColumn)Table(CsvText(("state", Box(state)), ("processing_hours", Box(hours)))).Find("state")!,
            (Core.Analyst.Data.NumericColumn)Table(CsvText(("state", Box(state)), ("processing_hours", Box(hours)))).Find("processing_hours")!));
        var found = new SegmentStory().Detect(Table(CsvText(("state", Box(state)), ("processing_hours", Box(hours))))).ToList();
        Assert.DoesNotContain(found, i => i.Columns.Contains("processing_hours"));
    }

    [Fact]
    public void Segment_PassFlagComputedFromTheScore_NotAFinding_ARealGroupDifferenceIs()
    {
        var score = Noise(300, 5).Select(v => Math.Round(60 + 12 * v, 1)).ToList();
        var passed = score.Select(v => v >= 60 ? "pass" : "fail").ToList();
        Assert.Empty(new SegmentStory().Detect(Table(CsvText(("result", Box(passed)), ("score", Box(score))))));
        // A flag that only leans with the score (overlapping groups) is a finding.
        var noise = Noise(300, 6);
        var leaning = score.Select((v, i) => v + 10 * noise[i] >= 60 ? "pass" : "fail").ToList();
        Assert.NotEmpty(new SegmentStory().Detect(Table(CsvText(("result", Box(leaning)), ("score", Box(score))))));
    }

    [Fact]
    public void Segment_PercentCompleteFollowsTheStatus_NotAFinding()
    {
        var random = new Random(8);
        var status = Enumerable.Range(0, 300).Select(_ => new[] { "Not started", "In progress", "Completed" }[random.Next(3)]).ToList();
        var percent = status.Select(s => s switch { "Not started" => 0, "Completed" => 100, _ => Math.Round(20 + 60 * random.NextDouble()) }).ToList();
        Assert.DoesNotContain(new SegmentStory().Detect(Table(CsvText(("status", Box(status)), ("percent_complete", Box(percent))))), i => i.Detail is SegmentDetail);
    }

    [Fact]
    public void Concentration_RowsByPriorityOrByACode_NotAStory_RowsByVendorAre()
    {
        var random = new Random(9);
        var priority = Enumerable.Range(0, 500).Select(_ => random.NextDouble() < 0.61 ? "2 - High" : random.NextDouble() < 0.5 ? "3 - Moderate" : "1 - Critical").ToList();
        Assert.Empty(new ConcentrationStory().Detect(Table(CsvText(("priority", Box(priority))))));
        var chas = Enumerable.Range(0, 500).Select(_ => random.NextDouble() < 0.93 ? 0.0 : 1.0).ToList();
        var withMeasure = CsvText(("chas", Box(chas)), ("crim", Box(Noise(500, 10).Select(v => Math.Abs(v)))));
        Assert.DoesNotContain(StoryDiscovery.Discover(Table(withMeasure), null), i => i.Kind is ConcentrationStory && i.Columns.SequenceEqual(["chas"]));
        var vendor = Enumerable.Range(0, 500).Select(_ => random.NextDouble() < 0.7 ? "Acme" : "Vendor" + random.Next(8)).ToList();
        Assert.Single(new ConcentrationStory().Detect(Table(CsvText(("vendor", Box(vendor))))));
    }
}
