using Xunit;
using DataStoryBot.Core.Csv;

namespace DataStoryBot.Tests.Csv;

public class UploadFileNameTests
{
    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\Windows\\win.ini", "win.ini")]
    [InlineData("C:\\Users\\me\\sales 2024.csv", "sales 2024.csv")]
    [InlineData("/var/tmp/../data.csv", "data.csv")]
    [InlineData("..", "upload.csv")]
    [InlineData("../", "upload.csv")]
    [InlineData(null, "upload.csv")]
    [InlineData("   ", "upload.csv")]
    public void Sanitize_PathsAndTraversal_KeepsOnlyTheLastComponent(string? input, string expected) =>
        Assert.Equal(expected, UploadFileName.Sanitize(input));

    [Theory]
    [InlineData("re\u0000port\r\n.csv", "report.csv")]
    [InlineData("a\u001bb\u007f.csv", "ab.csv")]
    [InlineData("q<1>:\"2\"|?*.csv", "q12.csv")]
    [InlineData("rtl\u202Evsc.exe", "rtlvsc.exe")]
    [InlineData(" .hidden.csv. ", "hidden.csv")]
    public void Sanitize_ControlAndReservedCharacters_AreRemoved(string input, string expected) =>
        Assert.Equal(expected, UploadFileName.Sanitize(input));

    [Theory]
    [InlineData("CON.csv", "_CON.csv")]
    [InlineData("lpt1", "_lpt1")]
    public void Sanitize_WindowsDeviceNames_ArePrefixed(string input, string expected) =>
        Assert.Equal(expected, UploadFileName.Sanitize(input));

    [Fact]
    public void Sanitize_VeryLongName_CappedKeepingExtension()
    {
        string name = new string('a', 300) + ".csv";

        string sanitized = UploadFileName.Sanitize(name);

        Assert.Equal(UploadFileName.MaxLength, sanitized.Length);
        Assert.EndsWith("aaa.csv", sanitized, StringComparison.Ordinal);
    }

    [Fact]
    public void Sanitize_LongNameEndingInSurrogatePair_DoesNotSplitIt()
    {
        string name = new string('b', 95) + string.Concat(Enumerable.Repeat("😀", 10)) + ".csv";

        string sanitized = UploadFileName.Sanitize(name);

        Assert.True(sanitized.Length <= UploadFileName.MaxLength);
        Assert.False(char.IsHighSurrogate(sanitized[^5]));
        Assert.EndsWith(".csv", sanitized, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_TraversalFileName_ResultCarriesSanitizedName()
    {
        var (result, _) = await CsvTestSupport.ValidateBytesAsync("a\n1\n"u8.ToArray(), fileName: "../../secret/x.csv");

        Assert.Equal("x.csv", result.FileName);
    }
}
