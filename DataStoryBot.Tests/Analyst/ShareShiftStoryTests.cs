using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>The share-shift kind's sample for the contract test: the web's share of orders grows over two years.</summary>
public sealed class ShareShiftStorySample : IStoryKindSample
{
    public string Kind => "share_shift";

    public AnalysisTable Table() => ShareShiftStoryTests.Orders(24, m => [0.35 + 0.01 * m, 0.45 - 0.01 * m, 0.20], seed: 1);
}

public class ShareShiftStoryTests
{
    private static readonly ShareShiftStory Kind = StoryKinds.Of<ShareShiftStory>();

    private static readonly string[] Channels = ["Web", "Store", "Phone"];

    /// <summary>
    /// Orders over <paramref name="months"/> months from Jan 2023, 150 a month on random days, each with a channel drawn
    /// with the month's shares (<paramref name="shares"/> of the month index, in <see cref="Channels"/> order) and a
    /// region drawn evenly (a category whose share never moves).
    /// </summary>
    internal static AnalysisTable Orders(int months, Func<int, double[]> shares, int seed, Func<int, string>? extraName = null)
    {
        var rng = new Random(seed);
        var rows = new List<(DateTime Date, string Channel, string Region, string Status)>();
        string[] regions = ["North", "South", "East", "West"];
        for (var m = 0; m < months; m++)
        {
            var start = new DateTime(2023, 1, 1).AddMonths(m);
            var p = shares(m);
            for (var i = 0; i < 150; i++)
            {
                var u = rng.NextDouble();
                var c = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
                rows.Add((start.AddDays(rng.Next(DateTime.DaysInMonth(start.Year, start.Month))), Channels[c], regions[rng.Next(4)], rng.NextDouble() < 0.9 ? "Delivered" : "Returned"));
            }
        }
        rows = rows.OrderBy(r => r.Date).ToList();
        return Table(CsvText(
            ("order_id", Box(rows.Select((_, i) => $"SO{i:000000}"))),
            ("order_date", Box(rows.Select(r => r.Date))),
            (extraName?.Invoke(0) ?? "channel", Box(rows.Select(r => r.Channel))),
            ("region", Box(rows.Select(r => r.Region))),
            ("status", Box(rows.Select(r => r.Status)))));
    }

    private static List<Insight> Detect(AnalysisTable table) => Kind.Detect(table).ToList();

    [Fact]
    public void Detect_RisingShare_FindsTheTrendWithTheLevelAndNumbersInTheTitle()
    {
        var table = Orders(24, m => [0.35 + 0.012 * m, 0.45 - 0.012 * m, 0.20], seed: 2);

        var insight = Assert.Single(Detect(table));

        var d = Assert.IsType<ShareShiftDetail>(insight.Detail);
        Assert.Equal(["order_date", "channel"], insight.Columns);
        Assert.Equal(ShareShape.Trend, d.Shape);
        Assert.True(d.Up);
        Assert.Contains(d.Level, new[] { "Web", "Store" });
        Assert.Equal("month", d.Granularity);
        Assert.Equal(24, d.Periods.Count);
        Assert.StartsWith($"{d.Level}'s share of ", insight.Title, StringComparison.Ordinal);
        Assert.Matches(@"\d+% in Jan–Aug 2023 to \d+% in May–Dec 2024", insight.Title);
        Assert.True(d.Inside.Rate - d.Outside.Rate >= ShareShiftStory.MinDifference);
        Assert.True(insight.PValue < ShareShiftStory.MaxQ);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    public void Detect_FlatShares_FindsNothing(int seed)
    {
        var table = Orders(24, _ => [0.45, 0.35, 0.20], seed);

        Assert.Empty(Detect(table));
    }

    [Fact]
    public void Detect_ShareThatJumpsInOneMonth_FindsTheStepAtThatMonth()
    {
        // Phone: 10% of orders until Aug 2023, 30% from Sep 2023 on.
        var table = Orders(14, m => m < 8 ? [0.5, 0.4, 0.1] : [0.4, 0.3, 0.3], seed: 3);

        var insight = Assert.Single(Detect(table));

        var d = Assert.IsType<ShareShiftDetail>(insight.Detail);
        Assert.Equal(ShareShape.Step, d.Shape);
        Assert.Equal("Phone", d.Level);
        Assert.Equal("Sep 2023", d.Periods[d.InsideFrom].Label);
        Assert.StartsWith("Phone's share of ", insight.Title, StringComparison.Ordinal);
        Assert.EndsWith("from Sep 2023 on", insight.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_SummerPeak_FindsTheBumpInsideTheYear()
    {
        // Store: 30% of orders, 55% in June to August.
        var table = Orders(12, m => m is >= 5 and <= 7 ? [0.25, 0.55, 0.2] : [0.45, 0.3, 0.25], seed: 4);

        var insight = Assert.Single(Detect(table));

        var d = Assert.IsType<ShareShiftDetail>(insight.Detail);
        Assert.Equal(ShareShape.Bump, d.Shape);
        Assert.Equal("Store", d.Level);
        Assert.Equal("Jun–Aug 2023", d.Inside.Label);
        Assert.Contains("peaks in Jun–Aug 2023", insight.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_WorkflowFieldWhoseShareMoves_IsNotAShareStory()
    {
        // The same rising share in a column named like a state is an outcome, told as a rate, not a category's share.
        var table = Orders(24, m => [0.35 + 0.012 * m, 0.45 - 0.012 * m, 0.20], seed: 2, extraName: _ => "state");

        Assert.Empty(Detect(table));
    }

    [Fact]
    public void Detect_CategoryAndTheGroupItIsRoutedTo_TellsTheCategoryOnce()
    {
        var orders = Orders(24, m => [0.35 + 0.012 * m, 0.45 - 0.012 * m, 0.20], seed: 5);
        var channel = (CategoryColumn)orders.Find("channel")!;
        // Each channel is handled by one team: the team column is a routing of the channel.
        var team = new CategoryColumn("handling_team", 9, channel.Codes.ToArray(), channel.Labels.Select(l => l + " Team").ToArray());
        var table = new AnalysisTable([.. orders.Columns, team], orders.RowCount, orders.SourceRows, orders.Sampling);

        var insight = Assert.Single(Detect(table));

        Assert.Equal(["order_date", "channel"], insight.Columns);
    }

    [Fact]
    public void Detect_DatesAllFirstOfJanuary_TellsYearsNotJanuaries()
    {
        // Cars by model year, the year read as a date (1970-01-01): four cylinders go from a third of the models to most.
        var rng = new Random(6);
        var rows = Enumerable.Range(0, 13 * 30).Select(i => (Year: new DateTime(1970 + i / 30, 1, 1), Cylinders: rng.NextDouble() < (i / 30 < 9 ? 0.35 : 0.8) ? "4" : rng.NextDouble() < 0.5 ? "6" : "8")).ToList();
        var table = Table(CsvText(("Year", Box(rows.Select(r => r.Year))), ("Cylinders", Box(rows.Select(r => r.Cylinders))), ("name", Box(rows.Select((_, i) => $"car {i % 40}")))));

        var insight = Assert.Single(Detect(table), i => i.Columns.Contains("Cylinders"));

        var d = Assert.IsType<ShareShiftDetail>(insight.Detail);
        Assert.Equal("year", d.Granularity);
        Assert.Equal("1970", d.Periods[0].Label);
        Assert.DoesNotContain("Jan ", insight.Title, StringComparison.Ordinal);
    }
}
