using Xunit.Abstractions;

[assembly: TestCollectionOrderer("DataStoryBot.Tests.Infrastructure.LongestFirst", "DataStoryBot.Tests")]

namespace DataStoryBot.Tests.Infrastructure;

/// <summary>
/// Starts the longest test classes first. xunit runs two collections at a time on two cores; left to its own order it
/// started the story-quality refine theory (about 4 minutes) and the deletion races (2) half-way through, so the run
/// ended on one of them with the other core idle. Longest first (as measured, docs/benchmarks.md "Test run time"), the
/// short classes fill in around them. The order changes when tests start, never what they check.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    /// <summary>The longest classes of a measured run, longest first; every other collection keeps xunit's order after them.</summary>
    internal static readonly string[] Longest =
    [
        "DataStoryBot.Tests.StoryQuality.StoryQualityRefineTests",
        "DataStoryBot.Tests.Architecture.CoreLayeringTests",
        "DataStoryBot.Tests.Integration.DeletionRaceTests",
        "DataStoryBot.Tests.Health.HealthCheckIntegrationTests",
        "DataStoryBot.Tests.BusinessTables.BusinessTablesTests",
        "DataStoryBot.Tests.Retention.SessionSweeperTests",
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.Select((collection, index) => (collection, index))
            .OrderBy(c => Rank(c.collection))
            .ThenBy(c => c.index)
            .Select(c => c.collection)
            .ToList();

    internal static int Rank(ITestCollection collection)
    {
        var name = collection.DisplayName;
        for (var i = 0; i < Longest.Length; i++)
        {
            // A class without [Collection] is its own collection, "Test collection for <full class name>".
            if (name.EndsWith(" " + Longest[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        return Longest.Length;
    }
}
