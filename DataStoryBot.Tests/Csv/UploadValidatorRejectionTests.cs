using Xunit;
using System.Text;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using static DataStoryBot.Tests.Csv.CsvTestSupport;

namespace DataStoryBot.Tests.Csv;

public sealed class UploadValidatorRejectionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dsb-csv-tests-" + Guid.NewGuid().ToString("N"));

    public UploadValidatorRejectionTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Writes a valid CSV of exactly <paramref name="size"/> bytes to disk, without holding it in memory.</summary>
    private string WriteCsvOfSize(long size)
    {
        string path = Path.Combine(_folder, "big.csv");
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        byte[] header = "id,value,label\n"u8.ToArray();
        file.Write(header);
        byte[] row = "123456,78.90,abcdefghij\n"u8.ToArray();
        long written = header.Length;
        while (written + row.Length <= size)
        {
            file.Write(row);
            written += row.Length;
        }

        while (written < size)
        {
            file.WriteByte((byte)'x');
            written++;
        }

        return path;
    }

    [Fact]
    public async Task ValidateAsync_FileOneByteOverLimit_Rejects413AndStopsReadingAtLimitPlusOne()
    {
        var options = new DataStoryBotOptions();
        long limit = options.MaxUploadBytes;
        string path = WriteCsvOfSize(limit + 1);
        await using var input = new CountingStream(File.OpenRead(path));

        UploadValidationResult result = await Validator(options).ValidateAsync(input, "big.csv", Stream.Null);

        UploadRejection rejection = AssertRejected(result, 413, UploadRejections.TooLargeType);
        Assert.Contains("50 MB", rejection.Detail, StringComparison.Ordinal);
        Assert.Equal(limit + 1, input.BytesRead);
        Assert.Equal(limit + 1, result.BytesRead);
    }

    [Fact]
    public async Task ValidateAsync_SeekableFileOverLimit_Rejects413WithActualSizeWithoutReading()
    {
        var options = new DataStoryBotOptions { MaxUploadBytes = 1024 * 1024 };
        string path = WriteCsvOfSize(1536 * 1024);
        await using var input = File.OpenRead(path);

        UploadValidationResult result = await Validator(options).ValidateAsync(input, "big.csv", Stream.Null);

        UploadRejection rejection = AssertRejected(result, 413, UploadRejections.TooLargeType);
        Assert.StartsWith("The file is 1.5 MB; the limit is 1 MB.", rejection.Detail, StringComparison.Ordinal);
        Assert.Equal(0, input.Position);
    }

    [Fact]
    public async Task ValidateAsync_FileExactlyAtLimit_IsAccepted()
    {
        var options = new DataStoryBotOptions { MaxUploadBytes = 200_000, WarnUploadBytes = 100_000 };
        string path = WriteCsvOfSize(200_000 - 1);
        byte[] bytes = [.. await File.ReadAllBytesAsync(path), (byte)'\n'];

        var (result, _) = await ValidateBytesAsync(bytes, options: options);

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(200_000, profile.SizeBytes);
    }

    [Theory]
    [InlineData("image-renamed.csv", "PNG")]
    [InlineData("workbook-renamed.csv", "ZIP")]
    public async Task ValidateAsync_BinaryFileRenamedCsv_Rejects415NotCsv(string file, string kind)
    {
        var (result, output) = await ValidateFileAsync(file);

        UploadRejection rejection = AssertRejected(result, 415, UploadRejections.NotCsvType);
        Assert.Contains(kind, rejection.Detail, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A }, "PDF")]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00 }, "GZIP")]
    public async Task ValidateAsync_DocumentOrArchiveSignature_Rejects415NotCsv(byte[] start, string kind)
    {
        byte[] bytes = [.. start, .. "a,b\n1,2\n"u8];

        var (result, _) = await ValidateBytesAsync(bytes);

        UploadRejection rejection = AssertRejected(result, 415, UploadRejections.NotCsvType);
        Assert.Contains(kind, rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_NulBytesInText_Rejects415NotCsv()
    {
        byte[] bytes = [.. "id,name\n1,abc\n2,"u8, 0x00, 0x01, 0x02, .. "def\n3,ghi\n"u8];

        var (result, _) = await ValidateBytesAsync(bytes);

        AssertRejected(result, 415, UploadRejections.NotCsvType);
    }

    [Fact]
    public async Task ValidateAsync_NulByteAfterFirstMegabyte_Rejects415NotCsv()
    {
        var sb = new StringBuilder("id,name\n");
        for (int i = 0; i < 150_000; i++)
        {
            sb.Append(i).Append(",name\n");
        }

        byte[] bytes = [.. Encoding.ASCII.GetBytes(sb.ToString()), .. "1,"u8, 0x00, (byte)'\n'];

        var (result, _) = await ValidateBytesAsync(bytes);

        AssertRejected(result, 415, UploadRejections.NotCsvType);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { (byte)'\r', (byte)'\n', (byte)'\n' })]
    [InlineData(new byte[] { (byte)' ', (byte)' ', (byte)'\n' })]
    public async Task ValidateAsync_EmptyFile_Rejects422Empty(byte[] bytes)
    {
        var (result, _) = await ValidateBytesAsync(bytes);

        AssertRejected(result, 422, UploadRejections.EmptyType);
    }

    [Fact]
    public async Task ValidateAsync_EmptyTestFile_Rejects422Empty()
    {
        var (result, _) = await ValidateFileAsync("empty.csv");

        AssertRejected(result, 422, UploadRejections.EmptyType);
    }

    [Theory]
    [InlineData("header-only.csv")]
    public async Task ValidateAsync_HeaderWithoutDataRows_Rejects422NoDataRows(string file)
    {
        var (result, _) = await ValidateFileAsync(file);

        UploadRejection rejection = AssertRejected(result, 422, UploadRejections.NoDataRowsType);
        Assert.Contains("3 columns", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_HeaderFollowedByBlankLines_Rejects422NoDataRows()
    {
        var (result, _) = await ValidateTextAsync("a;b;c\r\n\r\n\r\n");

        AssertRejected(result, 422, UploadRejections.NoDataRowsType);
    }

    [Fact]
    public async Task ValidateAsync_MostRowsRagged_Rejects422InconsistentRows()
    {
        var (result, _) = await ValidateFileAsync("ragged-most.csv");

        UploadRejection rejection = AssertRejected(result, 422, UploadRejections.InconsistentRowsType);
        Assert.Contains("4 of 5", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_UnclosedQuote_Rejects422MalformedWithLine()
    {
        var (result, _) = await ValidateTextAsync("id,comment\n1,ok\n2,\"never closed\n3,more\n");

        UploadRejection rejection = AssertRejected(result, 422, UploadRejections.MalformedType);
        Assert.Contains("line 3", rejection.Detail, StringComparison.Ordinal);
    }
}
