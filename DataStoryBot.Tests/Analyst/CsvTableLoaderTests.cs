using Xunit;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Csv;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

public class CsvTableLoaderTests
{
    [Theory]
    [InlineData("2020-03-15", 2020, 3, 15)]
    [InlineData("03/15/2020", 2020, 3, 15)]
    [InlineData("15.03.2020", 2020, 3, 15)]
    [InlineData("Mar 2020", 2020, 3, 1)]
    [InlineData("Jan 1 2000", 2000, 1, 1)]
    [InlineData("2020-03-15T10:30:00Z", 2020, 3, 15)]
    public void Load_DateColumn_ParsesCommonFormats(string value, int year, int month, int day)
    {
        var table = Table($"when,v\n{value},1\n{value},2\n");
        var column = Assert.IsType<DateColumn>(table.Columns[0]);
        var parsed = DateColumn.ToDateTime(column.Days[0]);
        Assert.Equal(new DateTime(year, month, day), parsed.Date);
    }

    [Fact]
    public void Load_RepeatedDates_EachRowReadAsItsOwnText()
    {
        // A repeated date is not parsed again: each row still gets its own text's day, missing stays missing, and a
        // time of day on a later row still marks the column as timestamped.
        var table = Table("when,v\n2020-03-15,1\n2020-03-15,2\n,3\n,4\n2020-03-16,5\n2020-03-15,6\n2020-03-15 10:30,7\n2020-03-15 10:30,8\n");
        var column = Assert.IsType<DateColumn>(table.Columns[0]);
        var days = column.Days.Select(d => double.IsNaN(d) ? (DateTime?)null : DateColumn.ToDateTime(d)).ToList();
        DateTime day15 = new(2020, 3, 15), day16 = new(2020, 3, 16), stamp = new(2020, 3, 15, 10, 30, 0);
        Assert.Equal([day15, day15, null, null, day16, day15, stamp, stamp], days);
        Assert.True(column.HasTime);
    }

    [Fact]
    public void Load_DayFirstDates_PicksTheFormatThatReadsAllValues()
    {
        var table = Table("d,v\n13/01/2020,1\n02/01/2020,2\n25/12/2020,3\n");
        var column = Assert.IsType<DateColumn>(table.Columns[0]);
        Assert.Equal(new DateTime(2020, 1, 2), DateColumn.ToDateTime(column.Days[1]));
    }

    [Fact]
    public void Load_DecimalCommaAndThousandsSeparators_ParsesNumbers()
    {
        var table = Table("name;amount\na;1.234,5\nb;2,25\nc;\"1.000.000\"\n");
        var column = Assert.IsType<NumericColumn>(table.Columns[1]);
        Assert.Equal([1234.5, 2.25, 1_000_000], column.Values);
    }

    [Fact]
    public void Load_ThousandsCommaAndMissingTokens_ParsesWithNaN()
    {
        var table = Table("v\n\"1,234\"\nNA\n\n-5.5\n$12\n");
        var column = Assert.IsType<NumericColumn>(table.Columns[0]);
        Assert.Equal(1234, column.Values[0]);
        Assert.True(double.IsNaN(column.Values[1]));
        Assert.True(double.IsNaN(column.Values[2]));
        Assert.Equal(-5.5, column.Values[3]);
        Assert.Equal(12, column.Values[4]);
        Assert.Equal(2, column.MissingCount);
    }

    [Fact]
    public void Load_MisplacedGroupSeparator_NotTakenAsNumber()
    {
        Assert.False(CsvValueParser.TryParseNumber("1,2", decimalComma: false, out _));
        Assert.True(CsvValueParser.TryParseNumber("12,345.5", decimalComma: false, out var v));
        Assert.Equal(12345.5, v);
    }

    [Fact]
    public void Load_CategoriesAndYearColumn_TypedAccordingly()
    {
        var table = Table("Year,Entity,Deaths\n1900,Flood,10\n1901,Drought,20\n1902,Flood,30\n");
        Assert.True(Assert.IsType<NumericColumn>(table.Columns[0]).IsYear);
        Assert.DoesNotContain(table.Numeric, c => c.Name == "Year");
        var cat = Assert.IsType<CategoryColumn>(table.Columns[1]);
        Assert.Equal(["Flood", "Drought"], cat.Labels);
        Assert.Equal([0, 1, 0], cat.Codes);
    }

    [Fact]
    public void Load_AboveThreshold_KeepsEvenlySpacedRows()
    {
        var csv = "v\n" + string.Join('\n', Enumerable.Range(0, 1000).Select(i => i * 3)) + "\n";
        var table = Table(csv, threshold: 250);
        Assert.Equal(250, table.RowCount);
        Assert.Equal(0, table.SourceRows[0]);
        Assert.Equal(4, table.SourceRows[1]);
        Assert.Equal(996, table.SourceRows[^1]);
        Assert.Equal(996 * 3, ((NumericColumn)table.Columns[0]).Values[^1]);
        Assert.True(table.Sampling.Sampled);
    }

    [Fact]
    public void Load_WrongExpectedRowCount_ResamplesFromTheRealCount()
    {
        var csv = "i\n" + string.Join('\n', Enumerable.Range(0, 1000)) + "\n";
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
        var table = CsvTableLoader.Load(stream, CsvLoadOptions.FromProfile(ProfileOf(csv), 250) with { ExpectedRows = 600 });
        Assert.Equal(1000, table.Sampling.TotalRows);
        Assert.Equal(996, table.SourceRows[^1]);
    }
}
