using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.IO.Packaging;
using System.Text;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DocumentFormat.OpenXml.Packaging;

namespace DataStoryBot.Core.Workbooks;

/// <summary>The bounds a workbook is read within, whatever its archive claims.</summary>
/// <param name="MaxCsvBytes">The chosen sheet's CSV may not be larger than a CSV upload may be.</param>
/// <param name="MaxColumns">The chosen sheet may not span more columns than a CSV may have.</param>
/// <param name="MaxEntries">Entries in the archive (an .xlsx has a few dozen).</param>
/// <param name="MaxCompressionRatio">Inflated size over compressed size of one entry larger than <see cref="RatioFloorBytes"/>.</param>
/// <param name="MaxMerges">Merged ranges of the sheet read that are applied (held in memory until the sheet's end); more are ignored, with a warning.</param>
/// <param name="MaxXmlDepth">Nesting depth of any XML part (a worksheet Excel writes nests about 7 levels; 12 with extensions).</param>
/// <param name="MaxXmlElements">XML elements in all parts together (a 1,000,000-row, 5-column sheet has about 11 million).</param>
/// <param name="MaxPartElements">XML elements of a part held in memory as a whole: <c>workbook.xml</c> and <c>styles.xml</c>
/// (Excel allows 64,000 cell formats; its styles part has a few hundred thousand elements at most).</param>
/// <param name="MaxSharedStrings">Items of the shared string table (10 million: more than a sheet within the CSV limit can use).</param>
/// <param name="MaxMemoryBytes">Memory the reading may keep: shared strings, cell formats, merged ranges and sheet names together.</param>
public sealed record WorkbookLimits(
    long MaxCsvBytes,
    int MaxColumns,
    int MaxEntries = 10_000,
    double MaxCompressionRatio = 500,
    int MaxMerges = 100_000,
    int MaxXmlDepth = WorkbookLimits.DefaultMaxXmlDepth,
    long MaxXmlElements = WorkbookLimits.DefaultMaxXmlElements,
    long MaxPartElements = 1_000_000,
    int MaxSharedStrings = 10_000_000,
    long MaxMemoryBytes = WorkbookLimits.DefaultMaxMemoryBytes)
{
    public const int DefaultMaxXmlDepth = DataStoryBotOptions.DefaultMaxWorkbookXmlDepth;
    public const long DefaultMaxXmlElements = DataStoryBotOptions.DefaultMaxWorkbookXmlElements;
    public const long DefaultMaxMemoryBytes = DataStoryBotOptions.DefaultMaxUploadMemoryBytes;

    /// <summary>Characters of one cell's text (Excel holds at most 32,767); a longer one refuses the workbook.</summary>
    public const int MaxCellChars = 1024 * 1024;

    /// <summary>Worksheets listed in the profile (the one read always is); the others are counted in a warning.</summary>
    public const int MaxSheetsListed = 100;

    /// <summary>
    /// All entries of the archive together, inflated: <see cref="XmlPerCsvByte"/> times the CSV limit (500 MB for 50 MB),
    /// since a worksheet's XML is several times the CSV it holds (a 1,000,000-row, 5-column sheet: about 250 MB of XML
    /// for a 40 MB CSV).
    /// </summary>
    public long MaxUncompressedBytes => XmlPerCsvByte * MaxCsvBytes;

    public const int XmlPerCsvByte = 10;

    /// <summary>Entries smaller than this are never refused for their ratio (tiny XML parts compress very well).</summary>
    public const long RatioFloorBytes = 1024 * 1024;
}

/// <summary>What reading a workbook gave: the chosen sheet as UTF-8 CSV, or why it was refused.</summary>
public sealed class WorkbookConversion : IDisposable
{
    internal WorkbookConversion(IReadOnlyList<WorkbookSheet> sheets, Stream? csv, IReadOnlyList<string> warnings, UploadRejection? rejection)
    {
        Sheets = sheets;
        Csv = csv;
        Warnings = warnings;
        Rejection = rejection;
    }

    /// <summary>Every worksheet, in workbook order (empty when the archive was refused before they were read).</summary>
    public IReadOnlyList<WorkbookSheet> Sheets { get; }

    /// <summary>The chosen sheet as UTF-8 CSV (no BOM), header first, positioned at its start.</summary>
    public Stream? Csv { get; }

    public IReadOnlyList<string> Warnings { get; }

    public UploadRejection? Rejection { get; }

    public void Dispose() => Csv?.Dispose();
}

/// <summary>
/// Reads an .xlsx (or .xlsm: its macros are never run, only cell values are read): the archive is checked first (entry
/// count, inflated sizes, compression ratios) so that a ZIP bomb is refused before anything is inflated; the Open XML
/// SDK only finds the parts, and every part (workbook, styles, shared strings, sheets) is read forward-only by
/// <see cref="WorkbookXml"/> under one budget of depth, elements and memory, its bytes through one
/// <see cref="InflationBudget"/> for the whole upload; then one worksheet becomes CSV while the others are only measured.
/// Memory holds the shared strings (compactly), the cell formats and one row; the sheet's rows go to a temporary file.
/// </summary>
public static class WorkbookReader
{
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <param name="workbook">The whole upload, seekable (a spooled temporary file).</param>
    /// <param name="sheet">The worksheet to read; null for the first visible worksheet with a value in it.</param>
    public static WorkbookConversion Convert(Stream workbook, string? sheet, WorkbookLimits limits, CancellationToken cancellationToken)
    {
        if (CheckArchive(workbook, limits) is { } unsafeArchive)
        {
            return new WorkbookConversion([], null, [], unsafeArchive);
        }

        workbook.Position = 0;
        try
        {
            // Every part is read through one budget of inflated bytes, shared by the whole upload (not one per part).
            using var package = new BudgetedPackage(Package.Open(workbook, FileMode.Open, FileAccess.Read), new InflationBudget(limits.MaxUncompressedBytes));
            using var document = SpreadsheetDocument.Open(package, new OpenSettings { MaxCharactersInPart = limits.MaxUncompressedBytes });
            return Read(document, sheet, limits, cancellationToken);
        }
        catch (WorkbookRejectedException e)
        {
            return new WorkbookConversion(e.Sheets, null, [], e.Rejection);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException or InvalidOperationException)
        {
            return new WorkbookConversion([], null, [], WorkbookRejections.Damaged($"The workbook is damaged or not a spreadsheet ({e.Message.TrimEnd('.')})."));
        }
    }

    /// <summary>Refuses an archive whose directory promises too many entries, too many inflated bytes or a bomb's compression ratio.</summary>
    internal static UploadRejection? CheckArchive(Stream workbook, WorkbookLimits limits)
    {
        // The entry count comes from the end-of-central-directory record, before the directory itself is read into memory.
        long entries = EntryCount(workbook);
        if (entries < 0)
        {
            return WorkbookRejections.Damaged("The file starts like a ZIP archive (an .xlsx is one) but its directory is missing or cut short.");
        }

        if (entries > limits.MaxEntries)
        {
            return WorkbookRejections.UnsafeArchive($"The archive holds {(entries >= ushort.MaxValue ? "65,535 or more" : entries.ToString("N0", CultureInfo.InvariantCulture))} entries; " +
                $"a workbook has a few dozen, and more than {limits.MaxEntries:N0} are not accepted.");
        }

        workbook.Position = 0;
        try
        {
            using var zip = new ZipArchive(workbook, ZipArchiveMode.Read, leaveOpen: true);
            bool contentTypes = false, workbookPart = false;
            long total = 0;
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                contentTypes |= entry.FullName == "[Content_Types].xml";
                workbookPart |= entry.FullName is "xl/workbook.xml" || entry.FullName.EndsWith("/workbook.xml", StringComparison.Ordinal);
                total += entry.Length;
                if (total > limits.MaxUncompressedBytes)
                {
                    return WorkbookRejections.UnsafeArchive($"Its entries inflate to more than {UploadRejections.Megabytes(limits.MaxUncompressedBytes)}, " +
                        "more than any workbook accepted here can hold (a ZIP bomb looks like this).");
                }

                if (entry.Length > WorkbookLimits.RatioFloorBytes && entry.Length > limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                {
                    return WorkbookRejections.UnsafeArchive($"The entry \"{entry.FullName}\" inflates {entry.Length / Math.Max(1, entry.CompressedLength):N0} times " +
                        $"its compressed size (at most {limits.MaxCompressionRatio:N0} is accepted; a ZIP bomb looks like this).");
                }
            }

            return contentTypes && workbookPart ? null : WorkbookRejections.NotAWorkbook();
        }
        catch (InvalidDataException e)
        {
            return WorkbookRejections.Damaged($"The ZIP archive is damaged ({e.Message.TrimEnd('.')}).");
        }
    }

    /// <summary>Entries the end-of-central-directory record announces (65,535 when ZIP64 says "see elsewhere"), or -1 when it is not found.</summary>
    static long EntryCount(Stream zip)
    {
        const int RecordBytes = 22;
        int window = (int)Math.Min(zip.Length, RecordBytes + ushort.MaxValue);
        if (window < RecordBytes)
        {
            return -1;
        }

        var tail = new byte[window];
        zip.Position = zip.Length - window;
        zip.ReadExactly(tail);
        for (int i = window - RecordBytes; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == 0x06054b50)
            {
                return BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 10));
            }
        }

        return -1;
    }

    static WorkbookConversion Read(SpreadsheetDocument document, string? sheetName, WorkbookLimits limits, CancellationToken cancellationToken)
    {
        WorkbookPart book = document.WorkbookPart ?? throw new WorkbookRejectedException(WorkbookRejections.Damaged("The workbook has no workbook part."), []);
        var xml = new WorkbookXml(limits, cancellationToken);
        var (date1904, entries) = ReadWorkbookPart(book, xml);
        var worksheets = new List<(string Name, bool Hidden, WorksheetPart Part)>();
        foreach (var (name, hidden, id) in entries)
        {
            if (book.TryGetPartById(id, out OpenXmlPart? part) && part is WorksheetPart ws)
            {
                worksheets.Add((name, hidden, ws));
            }
        }

        // A name longer than the cap was read capped; the one asked for is compared the same way.
        string? wanted = sheetName is null ? null : TextCaps.Cap(sheetName, TextCaps.NameChars);
        if (wanted is not null && !worksheets.Any(w => w.Name == wanted))
        {
            var listed = worksheets.Take(WorkbookLimits.MaxSheetsListed).Select(w => new WorkbookSheet(w.Name, null, 0, 0, false)).ToList();
            throw new WorkbookRejectedException(WorkbookRejections.SheetNotFound(sheetName!, listed, worksheets.Count), listed);
        }

        var cells = new WorkbookCells(SharedStrings.Read(book.SharedStringTablePart, xml), WorkbookCells.DateKinds(book.WorkbookStylesPart, xml), date1904);
        var sheets = new List<WorkbookSheet>();
        SheetCsvWriter? chosen = null;
        long chosenErrors = 0;
        try
        {
            for (int index = 0; index < worksheets.Count; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (name, hidden, part) = worksheets[index];
                bool candidate = chosen is null && (wanted is null ? !hidden : name == wanted);
                if (!candidate && index >= WorkbookLimits.MaxSheetsListed)
                {
                    // Past the listed sheets, only a sheet that may still be chosen is read.
                    if (chosen is not null)
                    {
                        break;
                    }

                    continue;
                }

                var writer = candidate ? new SheetCsvWriter(name, limits, xml) : null;
                SheetStats stats;
                long errorsBefore = cells.ErrorCells;
                try
                {
                    stats = ScanSheet(part, name, xml, cells, writer);
                }
                catch (WorkbookRejectedException e)
                {
                    writer?.Dispose();
                    throw new WorkbookRejectedException(e.Rejection, sheets);
                }

                bool taken = writer is not null && stats.Rows > 0;
                if (taken)
                {
                    chosen = writer;
                    chosenErrors = cells.ErrorCells - errorsBefore;
                }
                else
                {
                    writer?.Dispose();
                }

                if (index < WorkbookLimits.MaxSheetsListed || taken)
                {
                    sheets.Add(new WorkbookSheet(name, stats.UsedRange, stats.Rows, stats.Columns, taken));
                }
            }

            if (chosen is null)
            {
                throw new WorkbookRejectedException(
                    wanted is null ? WorkbookRejections.NoData(sheets, worksheets.Count) : WorkbookRejections.SheetEmpty(wanted, sheets, worksheets.Count), sheets);
            }

            var warnings = new List<string>();
            if (worksheets.Count > 1)
            {
                warnings.Add($"The workbook has {worksheets.Count:N0} worksheets; \"{chosen.Name}\" was read. To read another one, choose it " +
                    "in the page's list of sheets, or upload the workbook again with ?sheet=NAME (the sheets are listed under file.sheets" +
                    (worksheets.Count > WorkbookLimits.MaxSheetsListed ? $"; the first {WorkbookLimits.MaxSheetsListed:N0} are listed there)." : ")."));
            }

            if (chosen.Titles.Count > 0)
            {
                warnings.Add($"{(chosen.Titles.Count == 1 ? "A row" : $"{chosen.Titles.Count} rows")} with a single value above the table " +
                    $"(\"{TextCaps.Cap(chosen.Titles[0], TextCaps.QuotedValueChars)}\") {(chosen.Titles.Count == 1 ? "was" : "were")} read as a title and left out; the header is the first row with more than one value.");
            }

            if (chosen.IgnoredMerges > 0)
            {
                warnings.Add($"The sheet \"{chosen.Name}\" has more than {limits.MaxMerges:N0} merged ranges; {chosen.IgnoredMerges:N0} of them " +
                    "were not applied (their values were not repeated over the merged cells).");
            }

            if (chosenErrors > 0)
            {
                warnings.Add($"{chosenErrors:N0} cell(s) hold an error value (#N/A, #DIV/0!…) and were read as empty.");
            }

            if (chosen.DroppedCells > 0)
            {
                warnings.Add($"{chosen.DroppedCells:N0} cell(s) outside the header's columns in sheet \"{chosen.Name}\" were left out.");
            }

            Stream csv;
            try
            {
                csv = chosen.Finish(cancellationToken);
            }
            catch (WorkbookRejectedException e)
            {
                throw new WorkbookRejectedException(e.Rejection, sheets);
            }

            chosen = null;
            return new WorkbookConversion(sheets, csv, warnings, null);
        }
        finally
        {
            chosen?.Dispose();
        }
    }

    /// <summary>
    /// Reads <c>xl/workbook.xml</c> with the budgeted reader (never the SDK's DOM, which recurses once per nesting
    /// level): the 1904 date system flag and the sheets in order, their names capped at <see cref="TextCaps.NameChars"/>.
    /// </summary>
    static (bool Date1904, List<(string Name, bool Hidden, string Id)> Sheets) ReadWorkbookPart(WorkbookPart book, WorkbookXml xml)
    {
        bool date1904 = false;
        var sheets = new List<(string Name, bool Hidden, string Id)>();
        using var reader = xml.Open(book, "xl/workbook.xml (the list of sheets)", heldInMemory: true);
        while (reader.Read())
        {
            if (reader.NodeType != System.Xml.XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.Name)
            {
                case "workbookPr":
                    date1904 = reader.Attribute("date1904") is { } flag && (flag.Trim() is "1" or "true");
                    break;
                case "sheet":
                    if (reader.RelationshipId() is { Length: > 0 } id)
                    {
                        string name = TextCaps.Cap(reader.Attribute("name") ?? id, TextCaps.NameChars);
                        xml.Charge(96 + 2L * (name.Length + id.Length), "the sheet names");
                        bool hidden = reader.Attribute("state") is { } state && state != "visible";
                        sheets.Add((name, hidden, id));
                    }

                    break;
            }
        }

        return (date1904, sheets);
    }

    sealed record SheetStats(long Rows, int Columns, string? UsedRange);

    /// <summary>Reads a worksheet's rows in order; non-empty rows go to <paramref name="writer"/> when there is one.</summary>
    static SheetStats ScanSheet(WorksheetPart part, string name, WorkbookXml xml, WorkbookCells cells, SheetCsvWriter? writer)
    {
        using var reader = xml.Open(part, $"for the sheet \"{name}\"", heldInMemory: false);
        var row = new List<(int Column, string Value)>();
        long rowIndex = 0, rows = 0, minRow = long.MaxValue, maxRow = 0;
        int minCol = int.MaxValue, maxCol = 0, nextCol = 1;
        bool cellOpen = false, phonetic = false, inValue = false, inText = false;
        string? cellRef = null, cellType = null;
        uint cellStyle = 0;
        long valueChars = 0, inlineChars = 0;
        var value = new StringBuilder();
        var inline = new StringBuilder();
        bool hasValue = false;

        void FinishCell()
        {
            if (!cellOpen)
            {
                return;
            }

            cellOpen = false;
            int col = cellRef is not null && CellReference.TryParse(cellRef, out int c, out _) ? c : nextCol;
            nextCol = col + 1;
            if (Math.Max(valueChars, inlineChars) > WorkbookLimits.MaxCellChars)
            {
                throw new WorkbookRejectedException(WorkbookRejections.CellTooLong(
                    $"The cell {CellReference.Column(col)}{rowIndex} of the sheet \"{name}\"", Math.Max(valueChars, inlineChars)), []);
            }

            if (cells.Decode(cellType, cellStyle, hasValue ? value.ToString() : null, inline.Length > 0 ? inline.ToString() : null) is { } decoded)
            {
                row.Add((col, decoded));
            }
        }

        void FinishRow()
        {
            FinishCell();
            if (row.Count == 0)
            {
                return;
            }

            rows++;
            minRow = Math.Min(minRow, rowIndex);
            maxRow = Math.Max(maxRow, rowIndex);
            foreach (var (col, _) in row)
            {
                minCol = Math.Min(minCol, col);
                maxCol = Math.Max(maxCol, col);
            }

            writer?.AddRow(rowIndex, row);
            row.Clear();
        }

        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case System.Xml.XmlNodeType.Element:
                    switch (reader.Name)
                    {
                        case "c":
                            FinishCell();
                            cellOpen = true;
                            cellRef = reader.Attribute("r");
                            cellType = reader.Attribute("t");
                            cellStyle = uint.TryParse(reader.Attribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out uint s) ? s : 0;
                            value.Clear();
                            inline.Clear();
                            valueChars = inlineChars = 0;
                            hasValue = inValue = inText = false;
                            if (reader.IsEmptyElement)
                            {
                                FinishCell();
                            }

                            break;
                        case "v" when cellOpen:
                            hasValue = true;
                            value.Clear();
                            valueChars = 0;
                            inValue = !reader.IsEmptyElement;
                            break;
                        case "t" when cellOpen:
                            inText = !phonetic && !reader.IsEmptyElement;
                            break;
                        case "rPh":
                            phonetic = !reader.IsEmptyElement;
                            break;
                        case "row":
                            FinishRow();
                            rowIndex = long.TryParse(reader.Attribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out long parsed) ? parsed : rowIndex + 1;
                            nextCol = 1;
                            break;
                        case "dimension":
                            writer?.SetDimension(reader.Attribute("ref"));
                            break;
                        case "mergeCell":
                            FinishRow();
                            writer?.AddMerge(reader.Attribute("ref"));
                            break;
                    }

                    break;
                case System.Xml.XmlNodeType.EndElement:
                    switch (reader.Name)
                    {
                        case "v":
                            inValue = false;
                            break;
                        case "t":
                            inText = false;
                            break;
                        case "rPh":
                            phonetic = false;
                            break;
                        case "c":
                            FinishCell();
                            break;
                        case "row" or "sheetData":
                            FinishRow();
                            break;
                    }

                    break;
                default:
                    if (inValue && reader.IsText)
                    {
                        valueChars += reader.AppendText(value, WorkbookLimits.MaxCellChars + 1);
                    }
                    else if (inText && reader.IsText)
                    {
                        inlineChars += reader.AppendText(inline, WorkbookLimits.MaxCellChars + 1);
                    }

                    break;
            }
        }

        FinishRow();
        return rows == 0
            ? new SheetStats(0, 0, null)
            : new SheetStats(rows, maxCol - minCol + 1, $"{CellReference.Column(minCol)}{minRow}:{CellReference.Column(maxCol)}{maxRow}");
    }
}

/// <summary>A refusal found deep in the reading, carried out with the sheets listed so far.</summary>
internal sealed class WorkbookRejectedException(UploadRejection rejection, IReadOnlyList<WorkbookSheet> sheets) : Exception(rejection.Detail)
{
    public UploadRejection Rejection { get; } = rejection;

    public IReadOnlyList<WorkbookSheet> Sheets { get; } = sheets;
}

/// <summary>A1-style references: column letters and row numbers.</summary>
internal static class CellReference
{
    public static bool TryParse(ReadOnlySpan<char> reference, out int column, out long row)
    {
        column = 0;
        row = 0;
        int i = 0;
        while (i < reference.Length && char.IsAsciiLetter(reference[i]) && column <= 16_384)
        {
            column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            i++;
        }

        return i > 0 && column <= 16_384
            && (i == reference.Length || long.TryParse(reference[i..], NumberStyles.None, CultureInfo.InvariantCulture, out row));
    }

    public static string Column(int column)
    {
        var letters = new StringBuilder();
        for (; column > 0; column = (column - 1) / 26)
        {
            letters.Insert(0, (char)('A' + (column - 1) % 26));
        }

        return letters.ToString();
    }
}
