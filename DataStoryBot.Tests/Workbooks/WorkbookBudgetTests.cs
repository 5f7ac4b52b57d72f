using System.Globalization;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Workbooks;
using DataStoryBot.Tests.Csv;

namespace DataStoryBot.Tests.Workbooks;

/// <summary>Issue 23: the workbook's parts read under one budget, refusals that say why, and strings capped on the way out.</summary>
public sealed class WorkbookBudgetTests
{
    [Theory]
    [InlineData("workbook")]
    [InlineData("styles")]
    [InlineData("sharedStrings")]
    public async Task ValidateAsync_PartNestedDeeperThanTheLimit_Answers422TooComplexNamingThePartAndTheNextStep(string part)
    {
        string nested = string.Concat(Enumerable.Repeat("<x>", 200)) + string.Concat(Enumerable.Repeat("</x>", 200));
        string main = HostileWorkbooks.Main;
        byte[] bytes = part switch
        {
            "workbook" => HostileWorkbooks.Write(workbook: w => w.Write($"<workbook xmlns=\"{main}\">{nested}</workbook>")),
            "styles" => HostileWorkbooks.Write(styles: w => w.Write($"<styleSheet xmlns=\"{main}\">{nested}</styleSheet>")),
            _ => HostileWorkbooks.Write(sharedStrings: w => w.Write($"<sst xmlns=\"{main}\">{nested}</sst>")),
        };

        var result = await HostileCorpusTests.ValidateAsync(bytes, null);

        var rejection = CsvTestSupport.AssertRejected(result, 422, WorkbookRejections.TooComplexType);
        Assert.Contains($"xl/{part}.xml", rejection.Detail, StringComparison.Ordinal);
        Assert.Contains("more than 100 levels deep", rejection.Detail, StringComparison.Ordinal);
        Assert.Contains("save it again as .xlsx", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_DepthLimitFromOptions_IsTheOneApplied()
    {
        var options = new DataStoryBotOptions { MaxWorkbookXmlDepth = 16 };
        string nested = string.Concat(Enumerable.Repeat("<row>", 20)) + string.Concat(Enumerable.Repeat("</row>", 20));
        byte[] bytes = HostileWorkbooks.Write(sheet: w => w.Write($"<worksheet xmlns=\"{HostileWorkbooks.Main}\"><sheetData>{nested}</sheetData></worksheet>"));

        var result = await HostileCorpusTests.ValidateAsync(bytes, null, options);

        var rejection = CsvTestSupport.AssertRejected(result, 422, WorkbookRejections.TooComplexType);
        Assert.Contains("more than 16 levels deep", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_SharedStringsOverTheMemoryBudget_Answers422TooComplex()
    {
        // 20 MB of text in the shared strings (10 million characters) against a 16 MB budget.
        var options = new DataStoryBotOptions { MaxUploadMemoryBytes = 16L * 1024 * 1024 };
        string item = "<si><t>" + new string('m', 9_999) + "</t></si>";
        byte[] bytes = HostileWorkbooks.Write(
            sharedStrings: w =>
            {
                w.Write($"<sst xmlns=\"{HostileWorkbooks.Main}\">");
                for (int i = 0; i < 1_000; i++)
                {
                    w.Write(item.Replace("mmmm", i.ToString("D4", CultureInfo.InvariantCulture), StringComparison.Ordinal));
                }

                w.Write("</sst>");
            });

        var result = await HostileCorpusTests.ValidateAsync(bytes, null, options);

        var rejection = CsvTestSupport.AssertRejected(result, 422, WorkbookRejections.TooComplexType);
        Assert.Contains("more than 16 MB of memory (the shared strings", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_LongSharedString_Answers422CellTooLongNotAnUnclosedQuote()
    {
        var hostile = HostileWorkbooks.All.Single(c => c.Name == "a 2-million-character shared string");

        var result = await HostileCorpusTests.ValidateAsync(hostile.Bytes(), null);

        var rejection = CsvTestSupport.AssertRejected(result, 422, WorkbookRejections.CellTooLongType);
        Assert.Contains("Shared string 1 (in xl/sharedStrings.xml) holds 2,000,000 characters", rejection.Detail, StringComparison.Ordinal);
        Assert.Contains("32,767", rejection.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("quote", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_LongTitleAboveTheTable_WarningQuotesOnlyItsStart()
    {
        string title = new('t', 50_000);
        byte[] bytes = HostileWorkbooks.Write(sheet: w =>
        {
            w.Write($"<worksheet xmlns=\"{HostileWorkbooks.Main}\"><dimension ref=\"A1:B5\"/><sheetData>");
            w.Write($"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>{title}</t></is></c></row>");
            w.Write("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>a</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>b</t></is></c></row>");
            w.Write("<row r=\"3\"><c r=\"A3\"><v>1</v></c><c r=\"B3\"><v>2</v></c></row></sheetData></worksheet>");
        });

        var result = await HostileCorpusTests.ValidateAsync(bytes, null);

        DatasetProfile profile = CsvTestSupport.AssertAccepted(result);
        Assert.Equal(["a", "b"], profile.Columns.Select(c => c.Name));
        string warning = Assert.Single(profile.Warnings, w => w.Contains("read as a title", StringComparison.Ordinal));
        Assert.Contains("(+49,900 characters)", warning, StringComparison.Ordinal);
        Assert.True(warning.Length < 400, $"the warning has {warning.Length:N0} characters");
    }

    [Fact]
    public async Task ValidateAsync_MoreSheetsThanListed_ListsTheFirstHundredAndCountsAllInTheWarning()
    {
        byte[] bytes = HostileWorkbooks.Write(workbook: w =>
        {
            w.Write($"<workbook xmlns=\"{HostileWorkbooks.Main}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>");
            for (int i = 0; i < 150; i++)
            {
                w.Write($"<sheet name=\"s{i}\" sheetId=\"{i + 1}\" r:id=\"rId1\"/>");
            }

            w.Write("</sheets></workbook>");
        });

        var result = await HostileCorpusTests.ValidateAsync(bytes, null);

        DatasetProfile profile = CsvTestSupport.AssertAccepted(result);
        Assert.Equal(WorkbookLimits.MaxSheetsListed, profile.Sheets!.Count);
        Assert.Contains(profile.Warnings, w => w.Contains("The workbook has 150 worksheets", StringComparison.Ordinal)
            && w.Contains("the first 100 are listed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateAsync_UnknownSheetAmongFiftyThousandLongNames_DetailNamesTwentyAndCountsTheRest()
    {
        var hostile = HostileWorkbooks.All.Single(c => c.Name == "50,000 sheets with 1,000-character names, ?sheet=nope");

        var result = await HostileCorpusTests.ValidateAsync(hostile.Bytes(), new string('q', 5_000));

        var rejection = CsvTestSupport.AssertRejected(result, 422, WorkbookRejections.SheetNotFoundType);
        Assert.Contains("and 49,980 more", rejection.Detail, StringComparison.Ordinal);
        Assert.Contains("(+4,744 characters)", rejection.Detail, StringComparison.Ordinal);
        Assert.True(rejection.Detail.Length < 8_000, $"the detail has {rejection.Detail.Length:N0} characters");
    }

    [Fact]
    public void Convert_CancelledWhileReadingOverlappingMerges_StopsWithOperationCanceled()
    {
        var hostile = HostileWorkbooks.All.Single(c => c.Name == "100,000 rows under 100,000 overlapping merges");
        using var spool = new MemoryStream(hostile.Bytes());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            WorkbookReader.Convert(spool, null, new WorkbookLimits(50L * 1024 * 1024, 2_000), cancelled.Token));
    }
}
