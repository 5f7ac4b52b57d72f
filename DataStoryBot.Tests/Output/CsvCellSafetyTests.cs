using System.Text;
using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Output;

namespace DataStoryBot.Tests.Output;

/// <summary>The one rule for a CSV cell the service writes (<see cref="CsvCellSafety"/>): formula-like cells and their look-alikes get an apostrophe, numbers and text stay.</summary>
public sealed class CsvCellSafetyTests
{
    [Theory]
    [InlineData("=1+1")]
    [InlineData("+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"click\")")]
    [InlineData("\tcmd")]
    [InlineData("\r=1")]
    [InlineData("\n=1")]
    [InlineData("|cmd")] // DDE
    [InlineData("\uFF1D1+1")] // fullwidth equals
    [InlineData("\uFF0Bcmd")] // fullwidth plus
    [InlineData("\uFF0D1+2")] // fullwidth hyphen-minus
    [InlineData("\uFF20SUM(A1)")] // fullwidth commercial at
    [InlineData("\uFF5Ccmd")] // fullwidth vertical line
    [InlineData("\uFE66cmd")] // small equals
    [InlineData("\uFE62cmd")] // small plus
    [InlineData("\uFE63cmd")] // small hyphen-minus
    [InlineData("\uFE6Bcmd")] // small commercial at
    [InlineData("\u207C1")] // superscript equals
    [InlineData(" =1+1")]
    [InlineData("\u00A0\u00A0=1+1")]
    [InlineData("\"=1+1")]
    [InlineData("\u200B=1+1")] // zero-width space
    [InlineData("\uFEFF@x")] // BOM
    [InlineData("\u3000\uFF1D1")] // ideographic space, then fullwidth equals
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("-x")]
    [InlineData("- 3 =1")]
    public void Neutralize_FormulaLikeOrLookAlike_GetsAnApostrophe(string cell)
    {
        Assert.True(CsvCellSafety.IsFormulaLike(cell));
        Assert.Equal("'" + cell, CsvCellSafety.Neutralize(cell));
    }

    [Theory]
    [InlineData("-3.5")]
    [InlineData("+2")]
    [InlineData("-3,5")]
    [InlineData("-1,234.5")]
    [InlineData("-1.234,5")]
    [InlineData("-1 234")]
    [InlineData("-2e5")]
    [InlineData("+1.5E-3")]
    [InlineData(" -3.5")]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a=b")]
    [InlineData("'=already neutral")]
    [InlineData("\u22121")] // the minus sign U+2212 is no spreadsheet operator
    [InlineData("été")]
    [InlineData("12")]
    public void Neutralize_NumbersAndText_Unchanged(string cell)
    {
        Assert.False(CsvCellSafety.IsFormulaLike(cell));
        Assert.Equal(cell, CsvCellSafety.Neutralize(cell));
    }

    [Fact]
    public void Neutralize_Twice_SameAsOnce()
    {
        string[] cells = ["=1", "\uFF1D1", " =1", "\"=1", "-x", "-3.5", "plain", "\t1"];
        Assert.All(cells, c => Assert.Equal(CsvCellSafety.Neutralize(c), CsvCellSafety.Neutralize(CsvCellSafety.Neutralize(c))));
    }

    [Fact]
    public void AppendRow_SemicolonFile_NeutralisesAndQuotesByThatDelimiter()
    {
        var sb = new StringBuilder();

        CsvCellSafety.AppendRow(sb, ["=HYPERLINK(\"u\";\"t\")", "a,b", "\uFF1D1", "-4"], ';');

        Assert.Equal("\"'=HYPERLINK(\"\"u\"\";\"\"t\"\")\";a,b;'\uFF1D1;-4\r\n", sb.ToString());
    }

    /// <summary>The chart-data CSV (<c>…/charts/{id}/data</c>) goes through the same rule, headers included.</summary>
    [Fact]
    public void ChartDataToCsv_HostileLabelsAndColumnName_Neutralised()
    {
        var data = new ChartData(
            [new ChartField("=cmd|' /C calc'!A0", ChartFieldType.Nominal), new ChartField("value", ChartFieldType.Quantitative)],
            [["\uFF1DHYPERLINK(\"http://evil.example\")", "-2"], ["+cmd|' /C calc'!A0", "3"], [" @SUM(A1)", "-1e3"]]);

        var csv = Encoding.UTF8.GetString(data.ToCsv());

        Assert.Equal("'=cmd|' /C calc'!A0,value\r\n\"'\uFF1DHYPERLINK(\"\"http://evil.example\"\")\",-2\r\n'+cmd|' /C calc'!A0,3\r\n' @SUM(A1),-1e3\r\n", csv);
    }
}
