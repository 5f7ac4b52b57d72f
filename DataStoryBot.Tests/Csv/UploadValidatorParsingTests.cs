using Xunit;
using System.Text;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using static DataStoryBot.Tests.Csv.CsvTestSupport;

namespace DataStoryBot.Tests.Csv;

public class UploadValidatorParsingTests
{
    [Theory]
    [InlineData("tab.tsv", "\t")]
    [InlineData("pipe.csv", "|")]
    [InlineData("semicolon-decimal-comma.csv", ";")]
    [InlineData("quoted-newlines.csv", ",")]
    public async Task ValidateAsync_DelimitedFile_DetectsDelimiter(string file, string delimiter)
    {
        var (result, _) = await ValidateFileAsync(file);

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(delimiter, profile.Delimiter.ToWire());
        Assert.Equal(0, profile.RaggedRowCount);
    }

    [Fact]
    public async Task ValidateAsync_TabFileWithCommasInValues_KeepsValuesWhole()
    {
        var (result, _) = await ValidateFileAsync("tab.tsv");

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(["id", "colour", "score"], profile.Columns.Select(c => c.Name));
        Assert.Equal("green, light", profile.Sample[1][1]);
        Assert.Equal(ColumnType.Decimal, Column(profile, "score").Type);
    }

    [Fact]
    public async Task ValidateAsync_PipeFileWithCommasAndSemicolonsInValues_KeepsValuesWhole()
    {
        var (result, _) = await ValidateFileAsync("pipe.csv");

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(3, profile.Columns.Count);
        Assert.Equal(["alpha, beta", "gamma; delta", "epsilon"], profile.Sample.Select(r => r[1]));
    }

    [Fact]
    public async Task ValidateAsync_QuotedNewlinesDelimitersAndQuotes_CountsEachRecordOnce()
    {
        var (result, _) = await ValidateFileAsync("quoted-newlines.csv");

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(5, profile.RowCount);
        Assert.Equal("Hello, world", profile.Sample[0][1]);
        Assert.Equal("Line one\r\nLine two", profile.Sample[1][1]);
        Assert.Equal("She said \"hi\"", profile.Sample[2][1]);
        Assert.Equal("multi\nline, with \"quotes\" and, commas\nthird", profile.Sample[3][1]);
        ColumnProfile amount = Column(profile, "amount");
        Assert.Equal(ColumnType.Integer, amount.Type);
        Assert.Equal(("10", "50"), (amount.Min, amount.Max));
    }

    [Fact]
    public async Task ValidateAsync_QuotedRowsAcrossManyReads_CountsEveryRecordAndLine()
    {
        var sb = new StringBuilder("id,comment,value\n");
        int expectedRows = 20_000;
        for (int i = 0; i < expectedRows; i++)
        {
            sb.Append(i).Append(',');
            sb.Append((i % 4) switch
            {
                0 => "\"a, b\"",
                1 => "\"two\nlines\"",
                2 => "\"say \"\"x\"\"\"",
                _ => "plain",
            });
            sb.Append(',').Append(i % 10).Append(i % 5 == 0 ? "\r\n" : "\n");
        }

        sb.Append("20000,plain\n");
        byte[] bytes = Encoding.UTF8.GetBytes(sb.ToString());

        var (result, _) = await ValidateBytesAsync(bytes, maxReadSize: 997);

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(expectedRows + 1, profile.RowCount);
        Assert.Equal(1, profile.RaggedRowCount);
        int expectedLine = 1 + expectedRows + (expectedRows / 4) + 1; // header, rows, quoted line breaks, then the ragged row
        Assert.Contains(profile.Warnings, w => w.Contains($"line(s) {expectedLine}.", StringComparison.Ordinal));
        Assert.Equal(4, Column(profile, "comment").DistinctCount);
        Assert.Equal(10, Column(profile, "value").DistinctCount);
    }

    [Fact]
    public async Task ValidateAsync_SomeRaggedRows_WarnsWithCountAndFirstLines()
    {
        var (result, _) = await ValidateFileAsync("ragged-some.csv");

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(10, profile.RowCount);
        Assert.Equal(2, profile.RaggedRowCount);
        string warning = Assert.Single(profile.Warnings, w => w.Contains("different number of fields", StringComparison.Ordinal));
        Assert.StartsWith("2 row(s)", warning, StringComparison.Ordinal);
        Assert.Contains("line(s) 3, 5.", warning, StringComparison.Ordinal);
        Assert.Equal(1, Column(profile, "c").NullCount); // the short row's missing field
    }

    [Fact]
    public async Task ValidateAsync_HeaderProblems_RepairedAndReported()
    {
        var (result, _) = await ValidateFileAsync("header-repairs.csv");

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(["id", "column_2", "name", "Name_3", "name_2", "column_6"], profile.Columns.Select(c => c.Name));
        Assert.Contains(profile.Warnings, w => w.Contains("\" id \"", StringComparison.Ordinal) && w.Contains("trimmed", StringComparison.Ordinal));
        Assert.Contains(profile.Warnings, w => w.Contains("Column 2 has no name", StringComparison.Ordinal));
        Assert.Contains(profile.Warnings, w => w.Contains("Column 6 has no name", StringComparison.Ordinal));
        Assert.Contains(profile.Warnings, w => w.Contains("repeats the name \"Name\"", StringComparison.Ordinal));
        Assert.Equal(["1", "x", "a", "b", "c", "d"], profile.Sample[0]);
        Assert.Equal(2, profile.Sample.Count);
    }

    [Fact]
    public async Task ValidateAsync_LastRowWithoutLineBreak_IsCounted()
    {
        var (result, _) = await ValidateTextAsync("a,b\n1,2\n3,4");

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(2, profile.RowCount);
        Assert.Equal(["3", "4"], profile.Sample[1]);
    }

    [Fact]
    public async Task ValidateAsync_OldMacLineEnds_SplitsRows()
    {
        var (result, _) = await ValidateTextAsync("a,b\r1,2\r3,4\r");

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(2, profile.RowCount);
        Assert.Equal(("1", "3"), (Column(profile, "a").Min, Column(profile, "a").Max));
    }

    [Fact]
    public async Task ValidateAsync_WideFile_ProfilesEveryColumn()
    {
        const int columns = 3000;
        var sb = new StringBuilder(string.Join(',', Enumerable.Range(1, columns).Select(c => "c" + c))).Append('\n');
        for (int r = 0; r < 40; r++)
        {
            sb.AppendJoin(',', Enumerable.Range(0, columns).Select(c => (r * columns + c).ToString(System.Globalization.CultureInfo.InvariantCulture))).Append('\n');
        }

        var (result, _) = await ValidateTextAsync(sb.ToString(), new DataStoryBotOptions { MaxColumns = columns });

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(columns, profile.Columns.Count);
        Assert.All(profile.Columns, c => Assert.Equal((ColumnType.Integer, 40L), (c.Type, c.DistinctCount)));
        Assert.Equal(("2999", "119999"), (Column(profile, "c3000").Min, Column(profile, "c3000").Max));
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    public async Task ValidateAsync_CrOrCrLfLineEndsReadInSmallPieces_CountsEveryRow(string lineEnd)
    {
        var sb = new StringBuilder("id;name").Append(lineEnd);
        for (int i = 0; i < 30_000; i++) // well over the 64 KB read before parsing starts
        {
            sb.Append(i).Append(";n").Append(i % 9).Append(lineEnd);
            if (i % 5000 == 0)
            {
                sb.Append(lineEnd); // a blank line
            }
        }

        var (result, _) = await ValidateBytesAsync(Encoding.UTF8.GetBytes(sb.ToString()), maxReadSize: 61);

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(30_000, profile.RowCount);
        Assert.Equal(0, profile.RaggedRowCount);
        Assert.Equal(9, Column(profile, "name").DistinctCount);
        Assert.Equal(("0", "29999"), (Column(profile, "id").Min, Column(profile, "id").Max));
    }

    [Fact]
    public async Task ValidateAsync_SingleColumn_AcceptedWithCommaDelimiter()
    {
        var (result, _) = await ValidateTextAsync("city\nOslo\nLima\nOslo\n");

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(CsvDelimiter.Comma, profile.Delimiter);
        ColumnProfile city = Assert.Single(profile.Columns);
        Assert.Equal(2, city.DistinctCount);
    }
}
