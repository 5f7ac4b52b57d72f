using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>What a table computes once per column (sorted values, ranks, missing counts, its time reading) equals the direct computation and is shared by its views.</summary>
public class TableCacheTests
{
    private static AnalysisTable Sales()
    {
        var random = new Random(3);
        var sb = new StringBuilder("date,region,price,quantity\n");
        for (var i = 0; i < 5000; i++)
        {
            var price = i % 50 == 0 ? "" : Math.Round(5 + 90 * random.NextDouble(), 2).ToString(CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"{new DateTime(2020, 1, 1).AddDays(i / 5):yyyy-MM-dd},{(i % 3 == 0 ? "North" : "South")},{price},{random.Next(1, 30)}\n");
        }
        return Table(sb.ToString());
    }

    [Fact]
    public void SortedFiniteAndRanks_LongColumn_EqualDirectComputation()
    {
        var table = Sales();
        var price = (NumericColumn)table.Find("price")!;
        var quantity = (NumericColumn)table.Find("quantity")!;
        var expected = price.Values.Where(double.IsFinite).ToArray();
        Array.Sort(expected);

        Assert.Equal(expected, table.SortedFinite(price));
        Assert.Equal(Descriptive.QuantileSorted(expected, 0.5), Descriptive.QuantileSorted(table.SortedFinite(price), 0.5));
        Assert.Equal(Descriptive.Ranks(quantity.Values.ToArray(), out _), table.Ranks(quantity));
        Assert.Equal(price.Values.Count(double.IsNaN), price.MissingCount);
        Assert.Equal(100, price.MissingCount);
    }

    [Fact]
    public void WithNoun_SameColumns_SharesSortedValuesAndTime()
    {
        var table = Sales();
        var price = (NumericColumn)table.Find("price")!;
        var sorted = table.SortedFinite(price);
        var time = table.Time;

        var named = table.WithNoun("sales").WithUnrelated([("price", "quantity")]);

        Assert.Same(sorted, named.SortedFinite(price));
        Assert.Same(time, named.Time);
        var direct = TimeContext.Of(named);
        Assert.Equal((direct.Axis, direct.IsSeries, direct.RowsPerTimePoint), (time.Axis, time.IsSeries, time.RowsPerTimePoint));
        Assert.Equal(direct.Dimensions, time.Dimensions);
        Assert.Equal("date", time.Axis?.Name);
    }

    [Fact]
    public void Rows_OtherColumns_SortsItsOwnValues()
    {
        var table = Sales();
        var price = (NumericColumn)table.Find("price")!;
        _ = table.SortedFinite(price);

        var firstHalf = table.Rows(Enumerable.Range(0, 2500).ToArray());
        var half = (NumericColumn)firstHalf.Find("price")!;
        var expected = half.Values.Where(double.IsFinite).ToArray();
        Array.Sort(expected);

        Assert.Equal(expected, firstHalf.SortedFinite(half));
        Assert.NotSame(firstHalf.Time, table.Time);
    }
}
