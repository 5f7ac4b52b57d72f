using Xunit;
using DataStoryBot.Core.Csv;

namespace DataStoryBot.Tests.Csv;

public class CsvValueParserTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("NA", true)]
    [InlineData("n/a", true)]
    [InlineData("NULL", true)]
    [InlineData("NaN", true)]
    [InlineData("-", true)]
    [InlineData("#N/A", true)]
    [InlineData("-1", false)]
    [InlineData("No", false)]
    [InlineData("None", false)]
    [InlineData("nah", false)]
    public void IsNull_Token_RecognizedOrNot(string value, bool expected) =>
        Assert.Equal(expected, CsvValueParser.IsNull(System.Text.Encoding.UTF8.GetBytes(value)));

    [Theory]
    [InlineData("42", (int)(NumberForms.Integer | NumberForms.DotDecimal | NumberForms.CommaDecimal), 42d, 42d)]
    [InlineData("-7", (int)(NumberForms.Integer | NumberForms.DotDecimal | NumberForms.CommaDecimal), -7d, -7d)]
    [InlineData("1.5", (int)(NumberForms.DotDecimal), 1.5d, 0d)]
    [InlineData("1,5", (int)(NumberForms.CommaDecimal), 0d, 1.5d)]
    [InlineData("1.234", (int)(NumberForms.DotDecimal | NumberForms.CommaDecimal), 1.234d, 1234d)]
    [InlineData("0.123", (int)(NumberForms.DotDecimal), 0.123d, 0d)]
    [InlineData("1.234,56", (int)(NumberForms.CommaDecimal), 0d, 1234.56d)]
    [InlineData("1,234.56", (int)(NumberForms.DotDecimal), 1234.56d, 0d)]
    [InlineData("12.345.678", (int)(NumberForms.CommaDecimal), 0d, 12345678d)]
    [InlineData("2.5e3", (int)(NumberForms.DotDecimal), 2500d, 0d)]
    [InlineData("1,23,4", (int)(NumberForms.None), 0d, 0d)]
    [InlineData("12abc", (int)(NumberForms.None), 0d, 0d)]
    [InlineData("abc", (int)(NumberForms.None), 0d, 0d)]
    [InlineData(".", (int)(NumberForms.None), 0d, 0d)]
    public void ParseNumber_Value_FormsAndValues(string text, int expectedForms, double dot, double comma)
    {
        var forms = (NumberForms)expectedForms;
        NumberForms actual = CsvValueParser.ParseNumber(System.Text.Encoding.UTF8.GetBytes(text), out _, out double d, out double c);

        Assert.Equal(forms, actual);
        if ((forms & NumberForms.DotDecimal) != 0)
        {
            Assert.Equal(dot, d, 9);
        }

        if ((forms & NumberForms.CommaDecimal) != 0)
        {
            Assert.Equal(comma, c, 9);
        }
    }

    [Fact]
    public void ParseNumber_NineteenDigitInteger_IsInteger()
    {
        NumberForms forms = CsvValueParser.ParseNumber("9007199254740993123"u8, out long integer, out _, out _);

        Assert.True(forms.HasFlag(NumberForms.Integer));
        Assert.Equal(9007199254740993123L, integer);
    }

    [Theory]
    [InlineData("2024-02-29", (int)(DateOrders.YearMonthDay))]
    [InlineData("2023-02-29", (int)(DateOrders.None))]
    [InlineData("2024/12/31 23:59", (int)(DateOrders.YearMonthDay))]
    [InlineData("2024-01-05T10:00:00.1234567+02:00", (int)(DateOrders.YearMonthDay))]
    [InlineData("05.03.2024", (int)(DateOrders.DayMonthYear))]
    [InlineData("05/03/2024", (int)(DateOrders.DayMonthYear | DateOrders.MonthDayYear))]
    [InlineData("25/03/2024", (int)(DateOrders.DayMonthYear))]
    [InlineData("03/25/2024", (int)(DateOrders.MonthDayYear))]
    [InlineData("2024-13-01", (int)(DateOrders.None))]
    [InlineData("2024-01-01T25:00", (int)(DateOrders.None))]
    [InlineData("20240101", (int)(DateOrders.None))]
    public void ParseDate_Value_ValidOrders(string text, int expected) =>
        Assert.Equal((DateOrders)expected, CsvValueParser.ParseDate(System.Text.Encoding.UTF8.GetBytes(text), out _, out _, out _, out _));

    [Fact]
    public void ParseDate_Offset_ConvertedToUtc()
    {
        CsvValueParser.ParseDate("2024-01-05T10:00:00+02:00"u8, out long ticks, out _, out _, out bool hasTime);

        Assert.True(hasTime);
        Assert.Equal(new DateTime(2024, 1, 5, 8, 0, 0).Ticks, ticks);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("FALSE", true)]
    [InlineData("Yes", true)]
    [InlineData("n", true)]
    [InlineData("1", false)]
    [InlineData("yes please", false)]
    public void IsBoolean_Value_RecognizedOrNot(string text, bool expected) =>
        Assert.Equal(expected, CsvValueParser.IsBoolean(System.Text.Encoding.UTF8.GetBytes(text)));
}
