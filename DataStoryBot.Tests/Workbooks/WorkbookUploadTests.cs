using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Workbooks;
using DataStoryBot.Tests.Csv;
using DocumentFormat.OpenXml;
using static DataStoryBot.Tests.Workbooks.TestWorkbook;

namespace DataStoryBot.Tests.Workbooks;

/// <summary>Workbooks through <see cref="WorkbookUpload"/>: the sheet read into CSV, its profile, and every refusal.</summary>
public sealed class WorkbookUploadTests
{
    internal sealed class CapturingSink : IUploadSink
    {
        public MemoryStream Original { get; } = new();
        public MemoryStream Data { get; } = new();
        public bool AnySameAsOriginal { get; private set; }

        public ValueTask WriteOriginalAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            Original.Write(bytes.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask WriteDataAsync(ReadOnlyMemory<byte> utf8, bool sameAsOriginal, CancellationToken cancellationToken)
        {
            AnySameAsOriginal |= sameAsOriginal;
            Data.Write(utf8.Span);
            return ValueTask.CompletedTask;
        }

        public string Csv => Encoding.UTF8.GetString(Data.ToArray());
    }

    internal static async Task<(UploadValidationResult Result, CapturingSink Sink)> UploadAsync(byte[] bytes, string? sheet = null, DataStoryBotOptions? options = null)
    {
        var sink = new CapturingSink();
        var (kind, body) = await UploadSniffer.PeekAsync(new MemoryStream(bytes, writable: false), CancellationToken.None);
        var upload = new WorkbookUpload(CsvTestSupport.Validator(options), options ?? new DataStoryBotOptions());
        var result = await upload.ValidateAsync(kind, body, "book.xlsx", sheet, sink, CancellationToken.None);
        return (result, sink);
    }

    [Fact]
    public async Task ValidateAsync_CellsOfEveryKind_WritesTheValuesASpreadsheetShows()
    {
        byte[] xlsx = Build(new XSheet("Data",
        [
            S("A1", "when"), S("B1", "amount"), S("C1", "total"), S("D1", "paid"), S("E1", "note"), S("F1", "stamp"), S("G1", "ratio"),
            N("A2", "45292", DateStyle), N("B2", "0.1"), F("C2", "B2+0.2", "0.30000000000000004"), B("D2", true), Inline("E2", "inline, text"),
            N("F2", "45292.5", DateTimeStyle), N("G2", "1.5", DecimalStyle),
            N("A3", "45293", DateStyle), N("B3", "12345678901"), F("C3", "B3*2", "24691357802"), B("D3", false), S("E3", "say \"hi\""),
            N("F3", "45293.25", DateTimeStyle), Error("G3"),
        ]));

        var (result, sink) = await UploadAsync(xlsx);

        DatasetProfile profile = CsvTestSupport.AssertAccepted(result);
        Assert.Equal(
            "when,amount,total,paid,note,stamp,ratio\n" +
            "2024-01-01,0.1,0.3,true,\"inline, text\",2024-01-01 12:00:00,1.5\n" +
            "2024-01-02,12345678901,24691357802,false,\"say \"\"hi\"\"\",2024-01-02 06:00:00,\n",
            sink.Csv);
        Assert.Equal(xlsx, sink.Original.ToArray());
        Assert.False(sink.AnySameAsOriginal);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(xlsx)), profile.Sha256);
        Assert.Equal(xlsx.Length, profile.SizeBytes);
        Assert.Equal(ColumnType.DateTime, CsvTestSupport.Column(profile, "when").Type);
        Assert.Equal(ColumnType.Boolean, CsvTestSupport.Column(profile, "paid").Type);
        Assert.Contains(profile.Warnings, w => w.Contains("error value", StringComparison.Ordinal));
        var only = Assert.Single(profile.Sheets!);
        Assert.Equal(new WorkbookSheet("Data", "A1:G3", 3, 7, true), only);
    }

    [Theory]
    [InlineData(false, "1", "1900-01-01")]
    [InlineData(false, "59", "1900-02-28")]
    [InlineData(false, "61", "1900-03-01")]
    [InlineData(false, "45658", "2025-01-01")]
    [InlineData(true, "0", "1904-01-01")]
    [InlineData(true, "44196", "2025-01-01")]
    public async Task ValidateAsync_DateSerial_ReadsWithTheWorkbooksDateSystem(bool date1904, string serial, string expected)
    {
        byte[] xlsx = Build(date1904, SpreadsheetDocumentType.Workbook,
            new XSheet("S", [S("A1", "day"), S("B1", "n"), N("A2", serial, DateStyle), N("B2", "1")]));

        var (result, sink) = await UploadAsync(xlsx);

        CsvTestSupport.AssertAccepted(result);
        Assert.Equal($"day,n\n{expected},1\n", sink.Csv);
    }

    [Fact]
    public async Task ValidateAsync_BlankLeadingRowsAndMergedHeader_StartsAtTheHeaderAndNamesEveryMergedColumn()
    {
        byte[] xlsx = Build(new XSheet("Report",
            [
                S("B3", "Sales"), S("D3", "Region"),
                N("B4", "1"), N("C4", "2"), S("D4", "North"),
                N("B5", "3"), N("C5", "4"), S("D5", "South"),
            ],
            Merges: ["B3:C3"]));

        var (result, sink) = await UploadAsync(xlsx);

        DatasetProfile profile = CsvTestSupport.AssertAccepted(result);
        Assert.StartsWith("Sales,Sales,Region\n1,2,North\n3,4,South\n", sink.Csv);
        var names = profile.Columns.Select(c => c.Name).ToList();
        Assert.Equal(3, names.Distinct().Count());
        Assert.All(names.Take(2), n => Assert.StartsWith("Sales", n));
        Assert.Equal("B3:D5", profile.Sheets!.Single().UsedRange);
    }

    [Fact]
    public async Task ValidateAsync_ValueMergedDownDataRows_RepeatsItOnEveryRowOfTheMerge()
    {
        // A region merged over its months, a note merged over two rows and two columns, a total's label merged across.
        byte[] xlsx = Build(new XSheet("Sales",
            [
                S("A1", "Region"), S("B1", "Month"), S("C1", "Sales"), S("D1", "Note"), S("E1", "Extra"),
                S("A2", "North"), S("B2", "Jan"), N("C2", "1"), S("D2", "launch, \"big\""),
                S("B3", "Feb"), N("C3", "2"),
                S("B4", "Mar"), N("C4", "3"), N("E4", "9"),
                S("A5", "South"), S("B5", "Jan"), N("C5", "4"),
                S("B6", "Feb"), N("C6", "5"),
                S("A7", "Total"), N("C7", "15"),
            ],
            Merges: ["A2:A4", "A5:A6", "D2:E3", "A7:B7"]));

        var (result, sink) = await UploadAsync(xlsx);

        DatasetProfile profile = CsvTestSupport.AssertAccepted(result);
        Assert.Equal(
            "Region,Month,Sales,Note,Extra\n" +
            "North,Jan,1,\"launch, \"\"big\"\"\",\n" +
            "North,Feb,2,\"launch, \"\"big\"\"\",\n" +
            "North,Mar,3,,9\n" +
            "South,Jan,4,,\n" +
            "South,Feb,5,,\n" +
            "Total,,15,,\n",
            sink.Csv);
        Assert.Equal(0, CsvTestSupport.Column(profile, "Region").NullCount);
    }

    [Fact]
    public void Convert_MoreMergedRangesThanTheLimit_AppliesTheFirstAndWarnsOfTheRest()
    {
        byte[] xlsx = Build(new XSheet("Sales",
            [
                S("A1", "Region"), S("B1", "n"),
                S("A2", "North"), N("B2", "1"), N("B3", "2"),
                S("A4", "South"), N("B4", "3"), N("B5", "4"),
            ],
            Merges: ["A2:A3", "A4:A5"]));
        using var stream = new MemoryStream(xlsx);

        using WorkbookConversion conversion = WorkbookReader.Convert(stream, null, new WorkbookLimits(1024 * 1024, 100, MaxMerges: 1), CancellationToken.None);

        Assert.Null(conversion.Rejection);
        using var reader = new StreamReader(conversion.Csv!);
        Assert.Equal("Region,n\nNorth,1\nNorth,2\nSouth,3\n,4\n", reader.ReadToEnd());
        Assert.Contains(conversion.Warnings, w => w.Contains("more than 1 merged ranges; 1 of them were not applied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateAsync_MergeDownFromTheHeaderRow_IsNotCopiedIntoTheData()
    {
        // A two-row header: "Region" merged down over the sub-header row; that row is data here, and stays without "Region".
        byte[] xlsx = Build(new XSheet("Two header rows",
            [
                S("A1", "Region"), S("B1", "Sales"),
                S("B2", "2024"),
                S("A3", "North"), N("B3", "7"),
            ],
            Merges: ["A1:A2"]));

        var (result, sink) = await UploadAsync(xlsx);

        CsvTestSupport.AssertAccepted(result);
        Assert.Equal("Region,Sales\n,2024\nNorth,7\n", sink.Csv);
    }

    [Fact]
    public async Task ValidateAsync_MergesFilledPastTheCsvLimit_Answers413SheetTooLarge()
    {
        // The rows fit the limit as written; the long label merged down over all of them does not.
        string label = new('x', 200);
        var cells = new List<XCell> { S("A1", "label"), S("B1", "n"), S("A2", label) };
        cells.AddRange(Enumerable.Range(2, 400).Select(r => N("B" + r, r.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        byte[] xlsx = Build(new XSheet("Merged", cells, Merges: ["A2:A401"]));
        var options = new DataStoryBotOptions { MaxUploadBytes = 32 * 1024 };
        Assert.True(xlsx.Length < options.MaxUploadBytes);

        var (result, _) = await UploadAsync(xlsx, options: options);

        var rejection = CsvTestSupport.AssertRejected(result, 413, WorkbookRejections.SheetTooLargeType);
        Assert.Contains("\"Merged\"", rejection.Detail);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public async Task ValidateAsync_OneColumnTableInAWiderSheet_IsNotTakenForATitle(int rows)
    {
        // Only column A has values; an empty formatted cell in C widens the sheet's dimension. Single-value rows are
        // held back as a possible title, but with no wider row after them they are the table (short or long).
        var cells = new List<XCell> { S("A1", "name") };
        cells.AddRange(Enumerable.Range(2, rows).Select(r => S("A" + r, "n" + r)));
        cells.Add(N("C" + (rows + 1), null!));
        byte[] xlsx = Build(new XSheet("List", cells));

        var (result, sink) = await UploadAsync(xlsx);

        DatasetProfile profile = CsvTestSupport.AssertAccepted(result);
        Assert.StartsWith("name,,\nn2,,\n", sink.Csv);
        Assert.Equal(rows, profile.RowCount);
        Assert.DoesNotContain(profile.Warnings, w => w.Contains("title", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateAsync_FirstSheetsEmptyOrHidden_ReadsTheFirstVisibleSheetWithDataAndListsAll()
    {
        byte[] xlsx = Build(
            new XSheet("Cover", []),
            new XSheet("Secret", Table("x", ["a"], ["1"]).Cells, Hidden: true),
            Table("Numbers", ["x", "y"], ["1", "2"], ["3", "4"]),
            Table("Other", ["z"], ["9"]));

        var (result, sink) = await UploadAsync(xlsx);

        DatasetProfile profile = CsvTestSupport.AssertAccepted(result);
        Assert.Equal("x,y\n1,2\n3,4\n", sink.Csv);
        Assert.Equal(
            [new("Cover", null, 0, 0, false), new("Secret", "A1:A2", 2, 1, false), new("Numbers", "A1:B3", 3, 2, true), new WorkbookSheet("Other", "A1:A2", 2, 1, false)],
            profile.Sheets!);
        Assert.Contains(profile.Warnings, w => w.Contains("\"Numbers\" was read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateAsync_SheetByName_ReadsThatSheet()
    {
        byte[] xlsx = Build(Table("First", ["a"], ["1"]), Table("Second", ["b", "c"], ["2", "x"]));

        var (result, sink) = await UploadAsync(xlsx, sheet: "Second");

        DatasetProfile profile = CsvTestSupport.AssertAccepted(result);
        Assert.Equal("b,c\n2,x\n", sink.Csv);
        Assert.Equal(["First", "Second"], profile.Sheets!.Select(s => s.Name));
        Assert.True(profile.Sheets!.Single(s => s.Chosen).Name == "Second");
    }

    [Fact]
    public async Task ValidateAsync_SheetNameNotFound_Answers422NamingTheSheets()
    {
        byte[] xlsx = Build(Table("First", ["a"], ["1"]), Table("Second", ["b"], ["2"]));

        var (result, _) = await UploadAsync(xlsx, sheet: "Third");

        var rejection = CsvTestSupport.AssertRejected(result, 422, WorkbookRejections.SheetNotFoundType);
        Assert.Contains("\"Third\"", rejection.Detail);
        Assert.Contains("\"First\", \"Second\"", rejection.Detail);
    }

    [Fact]
    public async Task ValidateAsync_OleCompoundFile_Answers415EncryptedOrLegacyWithTheNextStep()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[4096]];

        var (result, sink) = await UploadAsync(ole);

        var rejection = CsvTestSupport.AssertRejected(result, 415, WorkbookRejections.EncryptedOrLegacyType);
        Assert.Contains("password", rejection.Detail);
        Assert.Contains(".xls", rejection.Detail);
        Assert.Contains("save as .xlsx or .csv", rejection.Detail);
        Assert.Equal(0, sink.Data.Length);
    }

    [Fact]
    public async Task ValidateAsync_ZipWithoutWorkbookParts_Answers415NotCsv()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("not a workbook");
        }

        var (result, _) = await UploadAsync(stream.ToArray());

        var rejection = CsvTestSupport.AssertRejected(result, 415, UploadRejections.NotCsvType);
        Assert.Contains("not an Excel workbook", rejection.Detail);
    }

    [Fact]
    public async Task ValidateAsync_NoSheetWithData_Answers422NoData()
    {
        byte[] xlsx = Build(new XSheet("Empty", []), new XSheet("Blank", []));

        var (result, _) = await UploadAsync(xlsx);

        var rejection = CsvTestSupport.AssertRejected(result, 422, WorkbookRejections.NoDataType);
        Assert.Contains("\"Empty\", \"Blank\"", rejection.Detail);
    }

    [Fact]
    public async Task ValidateAsync_NamedSheetEmpty_Answers422SayingThatSheetHasNoValues()
    {
        byte[] xlsx = Build(new XSheet("Empty", []), Table("Full", ["a"], ["1"]));

        var (result, _) = await UploadAsync(xlsx, sheet: "Empty");

        var rejection = CsvTestSupport.AssertRejected(result, 422, WorkbookRejections.NoDataType);
        Assert.Contains("\"Empty\" has no values", rejection.Detail);
    }

    [Fact]
    public async Task ValidateAsync_ErrorCellsInAnotherSheet_AreNotCountedForTheSheetRead()
    {
        byte[] xlsx = Build(
            new XSheet("Read", [S("A1", "a"), N("A2", "1"), Error("A3")]),
            new XSheet("Other", [S("A1", "b"), Error("A2"), Error("A3"), Error("A4")]));

        var (result, _) = await UploadAsync(xlsx);

        DatasetProfile profile = CsvTestSupport.AssertAccepted(result);
        Assert.Contains(profile.Warnings, w => w.StartsWith("1 cell(s) hold an error value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateAsync_HeaderOnlySheet_Answers422NoDataRowsFromTheValidator()
    {
        byte[] xlsx = Build(Table("Head", ["a", "b"]));

        var (result, _) = await UploadAsync(xlsx);

        CsvTestSupport.AssertRejected(result, 422, UploadRejections.NoDataRowsType);
    }

    [Fact]
    public async Task ValidateAsync_SheetWiderThanMaxColumns_Answers422TooManyColumns()
    {
        string[] header = Enumerable.Range(1, 6).Select(i => "c" + i).ToArray();
        byte[] xlsx = Build(Table("Wide", header, ["1", "2", "3", "4", "5", "6"]));

        var (result, _) = await UploadAsync(xlsx, options: new DataStoryBotOptions { MaxColumns = 5 });

        var rejection = CsvTestSupport.AssertRejected(result, 422, WorkbookRejections.TooManyColumnsType);
        Assert.Contains("\"Wide\" spans 6 columns", rejection.Detail);
    }

    [Fact]
    public async Task ValidateAsync_SheetWhoseCsvExceedsTheUploadLimit_Answers413SheetTooLarge()
    {
        string[][] rows = Enumerable.Range(0, 4000).Select(i => new[] { "a fairly long label that repeats", "another repeated label" }).ToArray();
        byte[] xlsx = Build(Table("Big", ["label", "other"], rows));
        var options = new DataStoryBotOptions { MaxUploadBytes = 64 * 1024 };
        Assert.True(xlsx.Length < options.MaxUploadBytes, $"the workbook itself ({xlsx.Length} bytes) must fit the limit");

        var (result, _) = await UploadAsync(xlsx, options: options);

        var rejection = CsvTestSupport.AssertRejected(result, 413, WorkbookRejections.SheetTooLargeType);
        Assert.Contains("\"Big\"", rejection.Detail);
    }

    [Fact]
    public async Task ValidateAsync_MacroEnabledWorkbook_ReadsTheValuesOnly()
    {
        byte[] xlsm = Build(false, SpreadsheetDocumentType.MacroEnabledWorkbook, Table("M", ["a", "b"], ["1", "x"]));

        var (result, sink) = await UploadAsync(xlsm);

        CsvTestSupport.AssertAccepted(result);
        Assert.Equal("a,b\n1,x\n", sink.Csv);
    }

    [Fact]
    public async Task ValidateAsync_ZipBombSheet_IsRefusedBeforeInflating()
    {
        // With a 10 MB upload limit the archive may inflate to 100 MB in all; this one says 120 MB.
        var options = new DataStoryBotOptions { MaxUploadBytes = 10L * 1024 * 1024 };
        byte[] bomb = Bomb(120L * 1024 * 1024, CompressionLevel.Fastest);
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"the bomb is {bomb.Length} bytes");
        var clock = Stopwatch.StartNew();

        var (result, _) = await UploadAsync(bomb, options: options);

        clock.Stop();
        var rejection = CsvTestSupport.AssertRejected(result, 422, WorkbookRejections.UnsafeArchiveType);
        Assert.Contains("inflate to more than 100 MB", rejection.Detail);
        Assert.Contains("without being unpacked", rejection.Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ValidateAsync_EntryInflatingAThousandFold_IsRefusedForItsRatio()
    {
        byte[] bomb = Bomb(20L * 1024 * 1024);

        var (result, _) = await UploadAsync(bomb);

        var rejection = CsvTestSupport.AssertRejected(result, 422, WorkbookRejections.UnsafeArchiveType);
        Assert.Contains("times its compressed size", rejection.Detail);
    }

    [Fact]
    public async Task ValidateAsync_HundredThousandEntries_IsRefusedFromTheDirectoryRecord()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml").Open().Dispose();
            zip.CreateEntry("xl/workbook.xml").Open().Dispose();
            for (int i = 0; i < 100_000; i++)
            {
                zip.CreateEntry("x/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), CompressionLevel.NoCompression);
            }
        }

        var (result, _) = await UploadAsync(stream.ToArray());

        var rejection = CsvTestSupport.AssertRejected(result, 422, WorkbookRejections.UnsafeArchiveType);
        Assert.Contains("entries", rejection.Detail);
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(8, false)]
    public async Task ValidateAsync_SheetsSharingOneLargePart_CountEveryReadAgainstOneBudget(int sheets, bool accepted)
    {
        // One worksheet part of a few MB (under 20 MB / 8), listed as several sheets. The directory check sees it once;
        // reading the workbook inflates it once per sheet. With a 2 MB upload limit the budget is 20 MB: 2 reads fit, 8 do not.
        var options = new DataStoryBotOptions { MaxUploadBytes = 2L * 1024 * 1024 };
        byte[] xlsx = SharedPartWorkbook(sheets, rows: 40_000);
        Assert.True(xlsx.Length < options.MaxUploadBytes, $"the workbook is {xlsx.Length} bytes");

        var (result, _) = await UploadAsync(xlsx, options: options);

        if (accepted)
        {
            DatasetProfile profile = CsvTestSupport.AssertAccepted(result);
            Assert.Equal(sheets, profile.Sheets!.Count);
            Assert.Equal(40_000, profile.RowCount);
        }
        else
        {
            var rejection = CsvTestSupport.AssertRejected(result, 422, WorkbookRejections.UnsafeArchiveType);
            Assert.Contains("Reading its parts inflated more than 20 MB", rejection.Detail);
        }
    }

    /// <summary>A workbook whose sheets all point at one worksheet part of <paramref name="rows"/> rows of random numbers.</summary>
    static byte[] SharedPartWorkbook(int sheets, int rows)
    {
        using var stream = new MemoryStream();
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var book = document.AddWorkbookPart();
            book.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook(new DocumentFormat.OpenXml.Spreadsheet.Sheets());
            var part = book.AddNewPart<DocumentFormat.OpenXml.Packaging.WorksheetPart>();
            var random = new Random(7);
            using (var writer = DocumentFormat.OpenXml.OpenXmlWriter.Create(part))
            {
                writer.WriteStartElement(new DocumentFormat.OpenXml.Spreadsheet.Worksheet());
                writer.WriteStartElement(new DocumentFormat.OpenXml.Spreadsheet.SheetData());
                for (int r = 1; r <= rows + 1; r++)
                {
                    writer.WriteStartElement(new DocumentFormat.OpenXml.Spreadsheet.Row { RowIndex = (uint)r });
                    for (int c = 0; c < 2; c++)
                    {
                        string reference = Ref(c + 1, r);
                        writer.WriteElement(r == 1
                            ? new DocumentFormat.OpenXml.Spreadsheet.Cell { CellReference = reference, DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString, InlineString = new DocumentFormat.OpenXml.Spreadsheet.InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text("c" + c)) }
                            : new DocumentFormat.OpenXml.Spreadsheet.Cell { CellReference = reference, CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue(random.Next(1_000_000)) });
                    }

                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            var list = book.Workbook.Sheets!;
            for (int i = 0; i < sheets; i++)
            {
                string id = i == 0 ? book.GetIdOfPart(part) : book.CreateRelationshipToPart(part);
                list.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Name = "S" + i, SheetId = (uint)(i + 1), Id = id });
            }
        }

        return stream.ToArray();
    }

    /// <summary>A small archive with the workbook parts whose sheet XML inflates to <paramref name="inflatedBytes"/>.</summary>
    static byte[] Bomb(long inflatedBytes, CompressionLevel level = CompressionLevel.SmallestSize)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Text(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open());
                w.Write(text);
            }

            Text("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Text("xl/workbook.xml", "<workbook/>");
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", level).Open();
            var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<row/>", 1024 * 1024 / 6)));
            for (long written = 0; written < inflatedBytes; written += chunk.Length)
            {
                sheet.Write(chunk);
            }
        }

        return stream.ToArray();
    }
}

/// <summary>Cell formatting rules on their own.</summary>
public sealed class WorkbookCellsTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(0.30000000000000004, "0.3")]
    [InlineData(-0.0, "0")]
    [InlineData(123456789012, "123456789012")]
    [InlineData(1.23456789012345678, "1.23456789012346")]
    [InlineData(2.5e-7, "2.5E-07")]
    public void Number_ExcelValue_ShortestFormAtFifteenDigits(double value, string expected) =>
        Assert.Equal(expected, Core.Workbooks.WorkbookCells.Number(value));

    [Theory]
    [InlineData("yyyy-mm-dd", "Date")]
    [InlineData("d/m/yy", "Date")]
    [InlineData("mmm yyyy", "Date")]
    [InlineData("dd/mm/yyyy hh:mm", "DateTime")]
    [InlineData("h:mm AM/PM", "Time")]
    [InlineData("[h]:mm:ss", "Time")]
    [InlineData("0.00", "None")]
    [InlineData("General", "None")]
    [InlineData("[Red]#,##0.00", "None")]
    [InlineData("0\" days\"", "None")]
    [InlineData("#,##0;[Red]-#,##0", "None")]
    public void KindOfCode_FormatCode_TellsDatesFromNumbers(string code, string expected) =>
        Assert.Equal(expected, Core.Workbooks.WorkbookCells.KindOfCode(code).ToString());
}
