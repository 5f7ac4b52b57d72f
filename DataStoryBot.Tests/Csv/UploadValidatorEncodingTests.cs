using Xunit;
using System.Security.Cryptography;
using System.Text;
using DataStoryBot.Core.Csv;
using static DataStoryBot.Tests.Csv.CsvTestSupport;

namespace DataStoryBot.Tests.Csv;

public class UploadValidatorEncodingTests
{
    private const string People = "name,city,amount\nJosé,Zürich,12.50\nChloé,Málaga,7.25\nRenée,Köln,3.00\n";

    [Theory]
    [InlineData("utf16le-bom.csv", "utf-16le")]
    [InlineData("utf16be-bom.csv", "utf-16be")]
    [InlineData("utf8-bom.csv", "utf-8-bom")]
    public async Task ValidateAsync_UnicodeFileWithBom_DecodesToUtf8WithoutBom(string file, string encoding)
    {
        var (result, output) = await ValidateFileAsync(file);

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(encoding, profile.Encoding);
        Assert.Equal(People, Encoding.UTF8.GetString(output));
        Assert.False(output.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]));
        Assert.Equal(3, profile.RowCount);
        Assert.Equal(["name", "city", "amount"], profile.Columns.Select(c => c.Name));
        Assert.Equal("Zürich", profile.Sample[0][1]);
        Assert.Equal(ColumnType.Decimal, Column(profile, "amount").Type);
    }

    [Theory]
    [InlineData(false, "utf-16le")]
    [InlineData(true, "utf-16be")]
    public async Task ValidateAsync_Utf16WithoutBom_DetectedByNulPattern(bool bigEndian, string encoding)
    {
        byte[] bytes = new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes(People);

        var (result, output) = await ValidateBytesAsync(bytes);

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(encoding, profile.Encoding);
        Assert.Equal(People, Encoding.UTF8.GetString(output));
    }

    [Fact]
    public async Task ValidateAsync_Windows1252File_DecodesAccentsAndEuroSign()
    {
        byte[] original = await File.ReadAllBytesAsync(TestFile("windows1252.csv"));

        var (result, output) = await ValidateBytesAsync(original);

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal("windows-1252", profile.Encoding);
        Assert.Equal(CsvDelimiter.Semicolon, profile.Delimiter);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        string expected = Encoding.GetEncoding(1252).GetString(original);
        Assert.Equal(expected, Encoding.UTF8.GetString(output));
        Assert.Equal(["Café crème", "3,50 €", "très bon"], profile.Sample[0]);
        Assert.Contains(profile.Warnings, w => w.Contains("Windows-1252", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateAsync_InvalidUtf8AfterLongAsciiPrefix_SwitchesToWindows1252()
    {
        var sb = new StringBuilder("id,word\n");
        for (int i = 0; i < 200_000; i++)
        {
            sb.Append(i).Append(",plain\n");
        }

        byte[] ascii = Encoding.ASCII.GetBytes(sb.ToString());
        byte[] bytes = [.. ascii, .. "1,caf"u8, 0xE9, (byte)'\n'];
        Assert.True(ascii.Length > 1024 * 1024, "the invalid byte must come after the first read");

        var (result, output) = await ValidateBytesAsync(bytes);

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal("windows-1252", profile.Encoding);
        Assert.EndsWith("1,café\n", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
        Assert.Equal(200_001, profile.RowCount);
    }

    [Fact]
    public async Task ValidateAsync_InvalidBytesInUtf8WithAccents_ReplacesAndWarns()
    {
        byte[] bytes = [.. "name\nJosé\nbad"u8, 0xFF, .. "byte\n"u8];

        var (result, output) = await ValidateBytesAsync(bytes);

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal("utf-8", profile.Encoding);
        Assert.Equal("name\nJosé\nbad\uFFFDbyte\n", Encoding.UTF8.GetString(output));
        Assert.Contains(profile.Warnings, w => w.Contains("replaced", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateAsync_Utf16WithLoneSurrogate_Rejects422Undecodable()
    {
        byte[] bytes = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("a,b\n1,"), 0x00, 0xD8, .. Encoding.Unicode.GetBytes("x\n")];

        var (result, _) = await ValidateBytesAsync(bytes);

        AssertRejected(result, 422, UploadRejections.UndecodableType);
    }

    [Fact]
    public async Task ValidateAsync_Utf16WithOddByteCount_Rejects422Undecodable()
    {
        byte[] bytes = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("a,b\n1,2\n"), 0x41];

        var (result, _) = await ValidateBytesAsync(bytes);

        AssertRejected(result, 422, UploadRejections.UndecodableType);
    }

    [Fact]
    public async Task ValidateAsync_NonUtf8DominatedByControlBytes_Rejects422Undecodable()
    {
        var random = new Random(7);
        byte[] bytes = new byte[4000];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = i % 3 == 0 ? (byte)(0x80 + random.Next(0x80)) : (byte)(1 + random.Next(0x1F));
        }

        var (result, _) = await ValidateBytesAsync(bytes);

        AssertRejected(result, 422, UploadRejections.UndecodableType);
    }

    [Theory]
    [InlineData("utf16le-bom.csv")]
    [InlineData("windows1252.csv")]
    [InlineData("quoted-newlines.csv")]
    public async Task ValidateAsync_AnyFile_Sha256IsOfTheOriginalBytes(string file)
    {
        byte[] original = await File.ReadAllBytesAsync(TestFile(file));

        var (result, _) = await ValidateBytesAsync(original);

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), profile.Sha256);
        Assert.Equal(original.Length, profile.SizeBytes);
    }

    [Fact]
    public async Task ValidateAsync_LargeMultibyteFileReadInTinyChunks_OutputIsValidUtf8AndEqualToInput()
    {
        var sb = new StringBuilder("id,text,note\r\n");
        for (int i = 0; i < 30_000; i++)
        {
            sb.Append(i).Append(",\"€ ").Append(i % 7 == 0 ? "quoted \"\"x\"\", with comma\r\nand newline" : "Ünïcödé 😀")
                .Append("\",ok\r\n");
        }

        string text = sb.ToString();
        byte[] bytes = Encoding.UTF8.GetBytes(text);

        var (result, output) = await ValidateBytesAsync(bytes, maxReadSize: 4093);

        DatasetProfile profile = AssertAccepted(result);
        Assert.True(System.Text.Unicode.Utf8.IsValid(output));
        Assert.Equal(text, Encoding.UTF8.GetString(output));
        Assert.Equal(30_000, profile.RowCount);
        Assert.Equal(0, profile.RaggedRowCount);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), profile.Sha256);
    }

    [Fact]
    public async Task ValidateAsync_Utf16BeReadInOddSizedChunks_SameProfileAsWholeRead()
    {
        var sb = new StringBuilder("id,name\n");
        for (int i = 0; i < 5_000; i++)
        {
            sb.Append(i).Append(",Zoë 😀 ").Append(i % 13).Append('\n');
        }

        byte[] bytes = [0xFE, 0xFF, .. new UnicodeEncoding(true, false).GetBytes(sb.ToString())];

        var (whole, _) = await ValidateBytesAsync(bytes);
        var (chunked, output) = await ValidateBytesAsync(bytes, maxReadSize: 5);

        DatasetProfile a = AssertAccepted(whole), b = AssertAccepted(chunked);
        Assert.Equal(sb.ToString(), Encoding.UTF8.GetString(output));
        Assert.Equal(a.RowCount, b.RowCount);
        Assert.Equal(a.Columns, b.Columns);
        Assert.Equal(13, Column(b, "name").DistinctCount);
    }
}
