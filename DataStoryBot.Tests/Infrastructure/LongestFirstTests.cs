using Moq;
using Xunit.Abstractions;

namespace DataStoryBot.Tests.Infrastructure;

public sealed class LongestFirstTests
{
    [Fact]
    public void Longest_EveryName_IsATestClassOfThisAssembly()
    {
        // A renamed class would silently drop back to xunit's order: the list must name classes that exist.
        Assert.All(LongestFirst.Longest, name => Assert.NotNull(typeof(LongestFirst).Assembly.GetType(name)));
    }

    [Fact]
    public void OrderTestCollections_LongestNamed_StartFirstInListOrderAndTheRestKeepTheirOrder()
    {
        var given = new[]
        {
            Collection("local host"),
            Collection("Test collection for " + LongestFirst.Longest[2]),
            Collection("Test collection for DataStoryBot.Tests.Csv.UploadFuzzTests"),
            Collection("Test collection for " + LongestFirst.Longest[0]),
            Collection("Test collection for DataStoryBot.Tests.Analyst.RefineTests"),
        };

        var ordered = new LongestFirst().OrderTestCollections(given).Select(c => c.DisplayName).ToList();

        Assert.Equal(
            [given[3].DisplayName, given[1].DisplayName, given[0].DisplayName, given[2].DisplayName, given[4].DisplayName],
            ordered);
    }

    private static ITestCollection Collection(string name)
    {
        var collection = new Mock<ITestCollection>();
        collection.SetupGet(c => c.DisplayName).Returns(name);
        return collection.Object;
    }
}
