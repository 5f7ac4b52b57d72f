using System.Text;
using DataStoryBot.Core.Csv;
using static DataStoryBot.Tests.Csv.CsvTestSupport;

namespace DataStoryBot.Tests.Csv;

/// <summary>Issue 23: every string that leaves the CSV parser is capped, and warnings of one kind come as one.</summary>
public sealed class UploadCapsTests
{
    [Fact]
    public void Cap_LongText_KeepsTheStartAndCountsTheRest()
    {
        string capped = TextCaps.Cap(new string('x', 1_000), 10);

        Assert.Equal("xxxxxxxxxx… (+990 characters)", capped);
        Assert.Equal("short", TextCaps.Cap("short", 10));
    }

    [Fact]
    public void Cap_CutInsideASurrogatePair_KeepsTheWholeCharacter()
    {
        string capped = TextCaps.Cap("abcdefghi\U0001F600zzzz", 10);

        Assert.StartsWith("abcdefghi…", capped, StringComparison.Ordinal);
        Assert.Contains("(+6 characters)", capped, StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_MoreThanTheCap_KeepsTheFirstAndCountsTheRest()
    {
        var warnings = Enumerable.Range(1, 100).Select(i => $"w{i} " + new string('x', i == 1 ? 10_000 : 10)).ToList();

        var capped = TextCaps.Warnings(warnings);

        Assert.Equal(TextCaps.MaxWarnings, capped.Count);
        Assert.True(capped[0].Length < TextCaps.WarningChars + 30);
        Assert.Equal("61 more warning(s) were left out.", capped[^1]);
    }

    [Fact]
    public async Task ValidateAsync_FortyThousandCharacterColumnName_CutsItAt256WithAWarning()
    {
        var (result, _) = await ValidateTextAsync(new string('n', 40_000) + ",b\n1,2\n3,4\n");

        DatasetProfile profile = AssertAccepted(result);
        string name = profile.Columns[0].Name;
        Assert.Equal(new string('n', TextCaps.NameChars) + "… (+39,744 characters)", name);
        Assert.Contains(profile.Warnings, w => w.Contains("Column 1 name has 40,000 characters", StringComparison.Ordinal));
        Assert.All(profile.Warnings, w => Assert.True(w.Length < 1_000, $"a warning of {w.Length:N0} characters"));
    }

    [Fact]
    public async Task ValidateAsync_TwoLongNamesAlikeAtTheStart_StayDistinct()
    {
        string stem = new('n', 300);
        var (result, _) = await ValidateTextAsync($"{stem}a,{stem}b\n1,2\n");

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(2, profile.Columns.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public async Task ValidateAsync_ManyEmptyColumns_OneWarningNamingTheFirstAndCountingTheRest()
    {
        string header = "a," + string.Join(',', Enumerable.Range(1, 1_997).Select(i => "e" + i));
        string row = "1" + new string(',', 1_997);
        var (result, _) = await ValidateTextAsync($"{header}\n{row}\n{row}\n");

        DatasetProfile profile = AssertAccepted(result);
        string empty = Assert.Single(profile.Warnings, w => w.Contains("empty in every row", StringComparison.Ordinal));
        Assert.StartsWith("1,997 columns are empty in every row: \"e1\", \"e2\"", empty, StringComparison.Ordinal);
        Assert.EndsWith("and 1,977 more.", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_HugeFieldInTheSample_IsCappedInTheProfile()
    {
        var (result, _) = await ValidateTextAsync("a,b\n1," + new string('v', 3_000_000) + "\n2,x\n");

        DatasetProfile profile = AssertAccepted(result);
        Assert.All(profile.Sample.SelectMany(r => r), v => Assert.True(v.Length <= TextCaps.SampleValueChars + 30, $"a sample value of {v.Length:N0} characters"));
        Assert.Contains(profile.Sample, r => r[1].EndsWith("(+2,999,000 characters)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateAsync_RandomBytesIn0x80To0x9F_Answers415NotText()
    {
        var random = new Random(80);
        byte[] bytes = new byte[100_000];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(0x80 + random.Next(0x20));
        }

        var (result, _) = await ValidateBytesAsync(bytes);

        UploadRejection rejection = AssertRejected(result, 415, UploadRejections.NotCsvType);
        Assert.Contains("0x80-0x9F", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_Windows1252WithCurlyQuotesAndEuros_IsStillText()
    {
        // "“Prix” – 10 €" per row: a few bytes in 0x80-0x9F, as Windows-1252 text has.
        byte[] row = Encoding.Latin1.GetBytes("a,\x93Prix\x94 \x96 10 \x80\n");
        byte[] bytes = [.. "name,price\n"u8, .. Enumerable.Range(0, 50).SelectMany(_ => row)];

        var (result, _) = await ValidateBytesAsync(bytes);

        Assert.Equal("windows-1252", AssertAccepted(result).Encoding);
    }

    [Fact]
    public async Task ValidateAsync_RowLongerThanTheLimitWithoutAQuote_SaysTheRowIsTooLong()
    {
        string csv = "a,b\n1," + new string('z', 2 * UploadValidator.MaxRowBytes + 1_000) + "\n";

        var (result, _) = await ValidateTextAsync(csv);

        UploadRejection rejection = AssertRejected(result, 422, UploadRejections.MalformedType);
        Assert.DoesNotContain("never closed", rejection.Detail, StringComparison.Ordinal);
        Assert.Contains("shorten its longest fields", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_RowLongerThanTheLimitAfterAnOpenQuote_SaysTheQuoteIsNeverClosed()
    {
        string csv = "a,b\n1,\"" + new string('z', 2 * UploadValidator.MaxRowBytes + 1_000) + "\n";

        var (result, _) = await ValidateTextAsync(csv);

        UploadRejection rejection = AssertRejected(result, 422, UploadRejections.MalformedType);
        Assert.Contains("never closed", rejection.Detail, StringComparison.Ordinal);
    }
}
