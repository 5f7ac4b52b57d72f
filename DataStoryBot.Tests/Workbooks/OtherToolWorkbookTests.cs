using System.Globalization;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Workbooks;
using DataStoryBot.Tests.Csv;

namespace DataStoryBot.Tests.Workbooks;

/// <summary>
/// Workbooks written by another tool than the Open XML SDK: LibreOffice Calc (Debian's 7.4) converted the hand-written
/// sources in TestData/Workbooks (regenerate.sh there rebuilds them). They are read as a spreadsheet user sees them.
/// </summary>
public sealed class OtherToolWorkbookTests
{
    static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Workbooks", name));

    [Fact]
    public async Task ValidateAsync_LibreOfficeSalesWorkbook_ReadsTheTableAsCalcShowsIt()
    {
        var (result, sink) = await WorkbookUploadTests.UploadAsync(Fixture("libreoffice-sales.xlsx"));

        DatasetProfile profile = CsvTestSupport.AssertAccepted(result);
        // The title row and the blank row are left out; Region, merged down over its rows, is on each of them; the
        // formulas' cached values, dates from their serial numbers, booleans, 0.1 without float noise.
        Assert.Equal(
            "Region,Day,Units,Price,Revenue,Promo,Checked at\n" +
            "North,2024-01-31,3,0.1,0.3,true,2024-02-01 09:30:00\n" +
            "North,2024-02-29,12,2.5,30,false,2024-03-01 17:05:00\n" +
            "North,2024-03-31,7,1234.5,8641.5,true,\n" +
            "\"South, coast\",2024-01-31,5,4,20,false,\n" +
            "\"South, coast\",2024-02-29,6,4,24,true,\n",
            sink.Csv);
        Assert.Equal(
            [
                new WorkbookSheet("Sales", "A1:G8", 7, 7, true),
                new WorkbookSheet("Staff", "A1:D4", 4, 4, false),
                new WorkbookSheet("Empty", null, 0, 0, false),
                new WorkbookSheet("Lookup", "A1:B2", 2, 2, false),
            ],
            profile.Sheets);
        Assert.Equal(ColumnType.DateTime, CsvTestSupport.Column(profile, "Day").Type);
        Assert.Equal(ColumnType.DateTime, CsvTestSupport.Column(profile, "Checked at").Type);
        Assert.Equal(ColumnType.Boolean, CsvTestSupport.Column(profile, "Promo").Type);
        Assert.Equal(0, CsvTestSupport.Column(profile, "Region").NullCount);
        Assert.Contains(profile.Warnings, w => w.Contains("(\"Sales by region, first quarter\") was read as a title", StringComparison.Ordinal));
        Assert.Contains(profile.Warnings, w => w.Contains("4 worksheets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateAsync_LibreOfficeWorkbookOtherSheet_ReadsThatSheetsColumns()
    {
        var (result, sink) = await WorkbookUploadTests.UploadAsync(Fixture("libreoffice-sales.xlsx"), sheet: "Staff");

        DatasetProfile profile = CsvTestSupport.AssertAccepted(result);
        Assert.Equal(
            "Name,Team,Started,Hours\n" +
            "Ada,North,2019-09-02,37.5\n" +
            "Grace,\"South, coast\",2021-03-15,20\n" +
            "Linus,North,2023-11-30,28.75\n",
            sink.Csv);
        Assert.Equal("Staff", Assert.Single(profile.Sheets!, s => s.Chosen).Name);
    }

    [Fact]
    public async Task ValidateAsync_LibreOfficeHiddenSheetByName_IsReadWhenNamed()
    {
        var (result, sink) = await WorkbookUploadTests.UploadAsync(Fixture("libreoffice-sales.xlsx"), sheet: "Lookup");

        CsvTestSupport.AssertAccepted(result);
        Assert.Equal("code,label\n1,one\n", sink.Csv);
    }

    [Fact]
    public async Task ValidateAsync_LibreOffice1904Workbook_DatesCountFrom1904()
    {
        var (result, sink) = await WorkbookUploadTests.UploadAsync(Fixture("libreoffice-1904.xlsx"));

        CsvTestSupport.AssertAccepted(result);
        Assert.Equal("ordered,amount\n2025-01-01,19.99\n1904-01-02,0.1\n", sink.Csv);
    }

    [Fact]
    public async Task ValidateAsync_CsvSavedAsWorkbookByLibreOffice_HoldsTheCsvsValuesAndProfile()
    {
        string csvPath = Path.Combine(AppContext.BaseDirectory, "TestData", "Workbooks", "weather.csv");
        var (fromCsv, _) = await CsvTestSupport.ValidateBytesAsync(File.ReadAllBytes(csvPath), "weather.csv");

        var (result, sink) = await WorkbookUploadTests.UploadAsync(Fixture("libreoffice-weather.xlsx"));

        DatasetProfile workbook = CsvTestSupport.AssertAccepted(result);
        DatasetProfile csv = CsvTestSupport.AssertAccepted(fromCsv);
        string[][] expected = Rows(File.ReadAllText(csvPath)), actual = Rows(sink.Csv);
        Assert.Equal(expected.Length, actual.Length);
        for (int r = 0; r < expected.Length; r++)
        {
            Assert.Equal(expected[r].Length, actual[r].Length);
            for (int c = 0; c < expected[r].Length; c++)
            {
                // Calc shows 4.0 as 4: the same number.
                bool numbers = double.TryParse(expected[r][c], NumberStyles.Float, CultureInfo.InvariantCulture, out double e)
                    & double.TryParse(actual[r][c], NumberStyles.Float, CultureInfo.InvariantCulture, out double a);
                Assert.True(numbers ? e == a : expected[r][c] == actual[r][c], $"row {r}, column {c}: \"{expected[r][c]}\" became \"{actual[r][c]}\"");
            }
        }

        Assert.Equal(csv.RowCount, workbook.RowCount);
        Assert.Equal(csv.Columns.Select(x => (x.Name, x.Type, x.NullCount, x.DistinctCount)), workbook.Columns.Select(x => (x.Name, x.Type, x.NullCount, x.DistinctCount)));
    }

    /// <summary>A small CSV's rows (quoted fields with commas, no line breaks inside).</summary>
    static string[][] Rows(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
            System.Text.RegularExpressions.Regex.Matches(line + ",", "(\"(?:[^\"]|\"\")*\"|[^,]*),")
                .Select(m => m.Groups[1].Value is ['"', .. var inner, '"'] ? inner.Replace("\"\"", "\"", StringComparison.Ordinal) : m.Groups[1].Value)
                .ToArray())];
}
