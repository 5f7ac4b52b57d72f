using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>The group-drift kind's sample for the contract test: delivery times step up from one month on.</summary>
public sealed class GroupDriftStorySample : IStoryKindSample
{
    public string Kind => "group_drift";

    public AnalysisTable Table() => StoryDiscovery.Prepare(GroupDriftStoryTests.Orders(m => m >= 16 ? 5 : 3, seed: 1));
}

public class GroupDriftStoryTests
{
    private static readonly GroupDriftStory Kind = StoryKinds.Of<GroupDriftStory>();

    /// <summary>Orders over 24 months from Jan 2023, 100 a month; days from order to delivery around <paramref name="days"/> of the month index.</summary>
    internal static AnalysisTable Orders(Func<int, double> days, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<(DateTime Ordered, DateTime Delivered, string Region)>();
        string[] regions = ["North", "South", "East", "West"];
        for (var m = 0; m < 24; m++)
        {
            var start = new DateTime(2023, 1, 1).AddMonths(m);
            for (var i = 0; i < 100; i++)
            {
                var ordered = start.AddDays(rng.Next(DateTime.DaysInMonth(start.Year, start.Month)));
                rows.Add((ordered, ordered.AddDays(Math.Max(1, Math.Round(days(m) + rng.Next(-1, 2)))), regions[rng.Next(4)]));
            }
        }
        rows = rows.OrderBy(r => r.Ordered).ToList();
        return Table(CsvText(
            ("order_id", Box(rows.Select((_, i) => $"SO{i:000000}"))),
            ("order_date", Box(rows.Select(r => r.Ordered))),
            ("delivered_date", Box(rows.Select(r => r.Delivered))),
            ("region", Box(rows.Select(r => r.Region)))));
    }

    /// <summary>Changes over 12 months of 2024, 120 a month across four categories; each fails with the rate <paramref name="failRate"/> gives for its category and month.</summary>
    private static AnalysisTable Changes(Func<string, int, double> failRate, int seed) =>
        ChangeLog((c, m, rng) => rng.NextDouble() < failRate(c, m) ? "Failed" : "Successful", seed);

    [Fact]
    public void Detect_DeliveryTimeStepsUp_FindsTheStepAtItsMonth()
    {
        var table = StoryDiscovery.Prepare(Orders(m => m >= 18 ? 5 : 3, seed: 2));

        var insight = Assert.Single(Kind.Detect(table));

        var d = Assert.IsType<GroupDriftDetail>(insight.Detail);
        Assert.Null(d.Group);
        Assert.Equal("days to deliver", d.Measure);
        Assert.Equal("Jul 2024", d.Labels[d.Split]);
        Assert.True(d.Up);
        Assert.StartsWith("Days to deliver stepped up from Jul 2024: median 3 days before, 5 days from then on", insight.Title, StringComparison.Ordinal);
        Assert.Equal(["order_date", "delivered_date"], table.SourcesOf(insight.Columns));
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void Detect_SteadyDeliveryTime_FindsNothing(int seed)
    {
        var table = StoryDiscovery.Prepare(Orders(_ => 3, seed));

        Assert.Empty(Kind.Detect(table));
    }

    [Fact]
    public void Detect_OneCategoryStartsFailing_FindsThatCategoryAndTheOthersStayed()
    {
        var table = Changes((c, m) => c == "Network" && m >= 6 ? 0.3 : 0.05, seed: 3);

        var insight = Assert.Single(Kind.Detect(table));

        var d = Assert.IsType<GroupDriftDetail>(insight.Detail);
        Assert.Equal(("category", "Network"), (d.Group, d.Level));
        Assert.Equal("Jul 2024", d.Labels[d.Split]);
        Assert.True(d.After > d.Before + 0.15);
        Assert.True(Math.Abs(d.RestAfter - d.RestBefore) < 0.03);
        Assert.StartsWith("Network changes: failed ", insight.Title, StringComparison.Ordinal);
        Assert.Equal(["planned_start", "close_code", "category"], insight.Columns);
    }

    [Fact]
    public void Detect_StepInTwelveMonths_CountsSixMonthsEachSideWithTheEdgeMonths()
    {
        var table = Changes((c, m) => c == "Network" && m >= 6 ? 0.3 : 0.05, seed: 3);

        var d = Assert.IsType<GroupDriftDetail>(Assert.Single(Kind.Detect(table)).Detail);

        // The labels leave out the partial first and last months, the counts do not: Jan–Jun and Jul–Dec are six months each.
        Assert.Equal(("Jul 2024", 5, 5), (d.Labels[d.Split], d.Split, d.Labels.Count - d.Split));
        Assert.Equal((6, 6), (d.MonthsBefore, d.MonthsAfter));
    }

    [Fact]
    public void Detect_EveryCategoryFailsMoreFromOneMonth_TellsAllRowsNotOneCategory()
    {
        var table = Changes((_, m) => m >= 6 ? 0.25 : 0.05, seed: 4);

        var insight = Assert.Single(Kind.Detect(table));

        var d = Assert.IsType<GroupDriftDetail>(insight.Detail);
        Assert.Null(d.Group);
        Assert.Equal("Jul 2024", d.Labels[d.Split]);
    }
}
