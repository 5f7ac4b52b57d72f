using System.Text;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Output;
using nietras.SeparatedValues;

namespace DataStoryBot.Tests.Output;

/// <summary>The one neutralisation every engine's CSV passes (<see cref="CsvNeutralizer"/>), by the rule of <see cref="CsvCellSafety"/>.</summary>
public sealed class CsvNeutralizerTests
{
    [Theory]
    [InlineData("a,b\n=1+1,x\n", "a,b\n'=1+1,x\n")]
    [InlineData("a,b\r\n@SUM(A1),+cmd\r\n", "a,b\r\n'@SUM(A1),'+cmd\r\n")]
    [InlineData("a,b\n-3.5,-x\n", "a,b\n-3.5,'-x\n")]
    [InlineData("a,b\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2\n", "a,b\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2\n")]
    [InlineData("a,b\n\"\r=1\",\"\tcmd\"\n", "a,b\n\"'\r=1\",\"'\tcmd\"\n")]
    [InlineData("a,b\n\tcmd,\"multi\nline =x\"\n", "a,b\n'\tcmd,\"multi\nline =x\"\n")]
    [InlineData("a;b\n=1;-2,5\n", "a;b\n'=1;-2,5\n", ';')]
    [InlineData("a\tb\n=1\t@x\n", "a\tb\n'=1\t'@x\n", '\t')]
    [InlineData("a,b\n'=1,plain\n,\n", "a,b\n'=1,plain\n,\n")]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("", "")]
    [InlineData("a,b\n=1", "a,b\n'=1")]
    public void Neutralize_FormulaLikeCells_GetAnApostropheEverythingElseIsKept(string csv, string expected, char delimiter = ',') =>
        Assert.Equal(expected, CsvNeutralizer.Neutralize(csv, delimiter));

    /// <summary>
    /// The delimiter is the one the file was written with, not a guess from its header: a header that holds more of
    /// another candidate than of the real delimiter (issue 23, item 8) must not hide the cells after the real one.
    /// </summary>
    [Theory]
    [InlineData("a,b,c;total\nx;=HYPERLINK(\"http://evil.example\",\"y\");+cmd|' /C calc'!A0;-3.5\n", ';',
        "a,b,c;total\nx;'=HYPERLINK(\"http://evil.example\",\"y\");'+cmd|' /C calc'!A0;-3.5\n")]
    [InlineData("a;b;c,total\nx,=HYPERLINK(\"http://evil.example\";\"y\"),+cmd|' /C calc'!A0,-3.5\n", ',',
        "a;b;c,total\nx,'=HYPERLINK(\"http://evil.example\";\"y\"),'+cmd|' /C calc'!A0,-3.5\n")]
    public void Neutralize_HeaderSuggestsAnotherDelimiter_CellsAfterTheKnownDelimiterArePrefixed(string csv, char delimiter, string expected) =>
        Assert.Equal(expected, CsvNeutralizer.Neutralize(csv, delimiter));

    [Fact]
    public void Neutralize_FullwidthAndLookAlikePrefixesOnASemicolonFile_ArePrefixedSignedNumbersKept()
    {
        const string csv = "name;value\n\uFF1D1+1;\uFF0Bcmd|' /C calc'!A0\n\uFF0D2+3;\uFF20SUM(A1)\n \"=1+1;\u200B=2\n-1.234,5;+7\n";

        var result = CsvNeutralizer.Neutralize(csv, ';');

        Assert.Equal("name;value\n'\uFF1D1+1;'\uFF0Bcmd|' /C calc'!A0\n'\uFF0D2+3;'\uFF20SUM(A1)\n' \"=1+1;'\u200B=2\n-1.234,5;+7\n", result);
    }

    [Theory]
    [InlineData(',', 1)]
    [InlineData(';', 2)]
    [InlineData('\t', 3)]
    public void Neutralize_OutputOfTheBuiltInDatasetWriter_IsUnchangedByteForByte(char delimiter, int seed)
    {
        var original = RandomCsv(new Random(seed), delimiter, rows: 300);
        var written = DatasetWriter.Write(new MemoryStream(Encoding.UTF8.GetBytes(original)), delimiter, Enumerable.Range(0, 300).ToList());
        var text = Encoding.UTF8.GetString(written);

        Assert.Equal(text, CsvNeutralizer.Neutralize(text, delimiter));
    }

    [Theory]
    [InlineData(',', 11)]
    [InlineData(';', 12)]
    public void Neutralize_RawCsvFromAnyEngine_EveryCellEqualsTheBuiltInRule(char delimiter, int seed)
    {
        var original = RandomCsv(new Random(seed), delimiter, rows: 300);

        var neutralized = CsvNeutralizer.Neutralize(original, delimiter);

        var before = Cells(original, delimiter);
        var after = Cells(neutralized, delimiter);
        Assert.Equal(before.Count, after.Count);
        Assert.Contains(before, c => c != CsvCellSafety.Neutralize(c)); // the sample does hold formula-like cells
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal(CsvCellSafety.Neutralize(before[i]), after[i]);
        }
    }

    [Fact]
    public async Task NeutralizeAsync_LargeFile_StreamsThroughAndMatchesTheStringForm()
    {
        var csv = RandomCsv(new Random(7), ',', rows: 20_000);
        var bytes = Encoding.UTF8.GetBytes(csv);

        await using var result = await CsvNeutralizer.NeutralizeAsync(new MemoryStream(bytes), ',', CancellationToken.None);
        using var reader = new StreamReader(result, Encoding.UTF8);

        Assert.Equal(CsvNeutralizer.Neutralize(csv, ','), await reader.ReadToEndAsync());
    }

    static List<string> Cells(string csv, char delimiter)
    {
        var cells = new List<string>();
        using var reader = Sep.Reader(o => o with { Sep = new Sep(delimiter), HasHeader = false, Unescape = true, DisableColCountCheck = true }).FromText(csv);
        foreach (var row in reader)
        {
            for (var c = 0; c < row.ColCount; c++)
            {
                cells.Add(row[c].ToString());
            }
        }

        return cells;
    }

    static string RandomCsv(Random random, char delimiter, int rows)
    {
        string[] pieces = ["=1+1", "+cmd", "-3.5", "-x", "@SUM(A1)", "\tx", "plain", "", "12", "a\"b", "x y", "=HYPERLINK(\"u\")", "'=kept", "-1,234.5", "été", "+", "-"];
        var sb = new StringBuilder("name").Append(delimiter).Append("value").Append(delimiter).Append("note\n");
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                if (c > 0)
                {
                    sb.Append(delimiter);
                }

                var cell = pieces[random.Next(pieces.Length)];
                if (cell.Contains(delimiter) || cell.Contains('"') || cell.Contains('\n') || cell.Contains('\t') || random.Next(5) == 0)
                {
                    sb.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                }
                else
                {
                    sb.Append(cell);
                }
            }

            sb.Append(random.Next(3) == 0 ? "\r\n" : "\n");
        }

        return sb.ToString();
    }
}
