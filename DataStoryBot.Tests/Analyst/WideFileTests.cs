using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Stories;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// A file wider than the detectors' caps (they test at most 40 measures each): the one strong relationship sits in
/// columns 250 and 251. Unsteered, it is out of reach; naming the columns in the steering text brings it in.
/// </summary>
public sealed class WideFileTests
{
    static readonly string Csv = BuildCsv();

    static string BuildCsv()
    {
        const int rows = 200;
        var columns = new List<(string Name, IReadOnlyList<object?> Values)>();
        for (var c = 0; c < 300; c++)
        {
            columns.Add(($"m{c:000}", AnalystTestHelpers.Noise(rows, 1000 + c).Select(v => (object?)Math.Round(v, 4)).ToList()));
        }

        // m250 follows m251 closely.
        var driver = AnalystTestHelpers.Noise(rows, 7);
        // Noise enough that the two are related, not near-copies (|r| ≥ 0.99 would make them one measure).
        var noise = AnalystTestHelpers.Noise(rows, 8, 0.6);
        columns[251] = ("m251", driver.Select(v => (object?)Math.Round(v, 4)).ToList());
        columns[250] = ("m250", driver.Select((v, i) => (object?)Math.Round(2 * v + noise[i], 4)).ToList());
        return AnalystTestHelpers.CsvText([.. columns]);
    }

    static bool IsThePair(Insight i) => i.Kind is CorrelationStory && i.Columns.ToHashSet().SetEquals(["m250", "m251"]);

    [Fact]
    public void Discover_300ColumnsUnsteered_RelationshipPastTheCapsIsNotTested()
    {
        var table = AnalystTestHelpers.Table(Csv);

        var all = StoryDiscovery.DetectAll(table);

        Assert.DoesNotContain(all, IsThePair);
    }

    [Fact]
    public void Discover_300ColumnsSteeredToTwoLateColumns_FindsTheirRelationshipAndRefineCanRecomputeIt()
    {
        var table = AnalystTestHelpers.Table(Csv);

        var picked = StoryDiscovery.Discover(table, "how does m250 move with m251?");

        var story = Assert.Single(picked, IsThePair);
        Assert.Equal(picked[0], story);
        var recomputed = StoryDiscovery.Recompute(table.Select(story.Columns), story.Kind, story.Title, story.Columns);
        Assert.NotNull(recomputed);
        Assert.Equal(story.Title, recomputed.Title);
    }
}
