using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.IO.Packaging;
using System.Text;
using DataStoryBot.Core.Csv;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DataStoryBot.Core.Workbooks;

/// <summary>The bounds a workbook is read within, whatever its archive claims.</summary>
/// <param name="MaxCsvBytes">The chosen sheet's CSV may not be larger than a CSV upload may be.</param>
/// <param name="MaxColumns">The chosen sheet may not span more columns than a CSV may have.</param>
/// <param name="MaxEntries">Entries in the archive (an .xlsx has a few dozen).</param>
/// <param name="MaxCompressionRatio">Inflated size over compressed size of one entry larger than <see cref="RatioFloorBytes"/>.</param>
/// <param name="MaxMerges">Merged ranges of the sheet read that are applied (held in memory until the sheet's end); more are ignored, with a warning.</param>
public sealed record WorkbookLimits(
    long MaxCsvBytes,
    int MaxColumns,
    int MaxEntries = 10_000,
    double MaxCompressionRatio = 500,
    int MaxMerges = 100_000)
{
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
/// Reads an .xlsx (or .xlsm: its macros are never run, only cell values are read) with the Open XML SDK's streaming
/// <see cref="OpenXmlReader"/>: the archive is checked first (entry count, inflated sizes, compression ratios) so that a
/// ZIP bomb is refused before anything is inflated; then one worksheet becomes CSV while the others are only measured,
/// every part read through one <see cref="InflationBudget"/> for the whole upload.
/// Memory holds the shared strings, the styles and one row; the sheet's rows go to a temporary file.
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
        bool date1904 = book.Workbook.WorkbookProperties?.Date1904?.Value ?? false;
        var worksheets = new List<(string Name, bool Hidden, WorksheetPart Part)>();
        foreach (Sheet s in book.Workbook.Sheets?.Elements<Sheet>() ?? [])
        {
            if (s.Id?.Value is { } id && book.TryGetPartById(id, out OpenXmlPart? part) && part is WorksheetPart ws)
            {
                worksheets.Add((s.Name?.Value ?? id, s.State?.Value is { } state && state != SheetStateValues.Visible, ws));
            }
        }

        if (sheetName is not null && !worksheets.Any(w => w.Name == sheetName))
        {
            var listed = worksheets.Select(w => new WorkbookSheet(w.Name, null, 0, 0, false)).ToList();
            throw new WorkbookRejectedException(WorkbookRejections.SheetNotFound(sheetName, listed), listed);
        }

        var cells = new WorkbookCells(SharedStrings(book.SharedStringTablePart, cancellationToken), WorkbookCells.DateKinds(book.WorkbookStylesPart?.Stylesheet), date1904);
        var sheets = new List<WorkbookSheet>();
        SheetCsvWriter? chosen = null;
        long chosenErrors = 0;
        try
        {
            foreach (var (name, hidden, part) in worksheets)
            {
                bool candidate = chosen is null && (sheetName is null ? !hidden : name == sheetName);
                var writer = candidate ? new SheetCsvWriter(name, limits) : null;
                SheetStats stats;
                long errorsBefore = cells.ErrorCells;
                try
                {
                    stats = ScanSheet(part, cells, writer, cancellationToken);
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

                sheets.Add(new WorkbookSheet(name, stats.UsedRange, stats.Rows, stats.Columns, taken));
            }

            if (chosen is null)
            {
                throw new WorkbookRejectedException(
                    sheetName is null ? WorkbookRejections.NoData(sheets) : WorkbookRejections.SheetEmpty(sheetName, sheets), sheets);
            }

            var warnings = new List<string>();
            if (worksheets.Count > 1)
            {
                warnings.Add($"The workbook has {worksheets.Count} worksheets; \"{chosen.Name}\" was read. To read another one, choose it " +
                    "in the page's list of sheets, or upload the workbook again with ?sheet=NAME (the sheets are listed under file.sheets).");
            }

            if (chosen.Titles.Count > 0)
            {
                warnings.Add($"{(chosen.Titles.Count == 1 ? "A row" : $"{chosen.Titles.Count} rows")} with a single value above the table " +
                    $"(\"{chosen.Titles[0]}\") {(chosen.Titles.Count == 1 ? "was" : "were")} read as a title and left out; the header is the first row with more than one value.");
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
                csv = chosen.Finish();
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

    /// <summary>The shared string table, read item by item (rich text runs joined, phonetic guides left out).</summary>
    static List<string> SharedStrings(SharedStringTablePart? part, CancellationToken cancellationToken)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        var text = new StringBuilder();
        bool inItem = false, phonetic = false;
        while (reader.Read())
        {
            if (reader.IsStartElement)
            {
                if (reader.ElementType == typeof(SharedStringItem))
                {
                    if (inItem)
                    {
                        strings.Add(text.ToString());
                    }

                    inItem = true;
                    text.Clear();
                    if ((strings.Count & 0xFFFF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
                else if (reader.ElementType == typeof(PhoneticRun))
                {
                    phonetic = true;
                }
                else if (reader.ElementType == typeof(Text) && inItem && !phonetic)
                {
                    text.Append(reader.GetText());
                }
            }
            else if (reader.IsEndElement)
            {
                if (reader.ElementType == typeof(PhoneticRun))
                {
                    phonetic = false;
                }
                else if (reader.ElementType == typeof(SharedStringItem) && inItem)
                {
                    strings.Add(text.ToString());
                    inItem = false;
                }
            }
        }

        if (inItem)
        {
            strings.Add(text.ToString());
        }

        return strings;
    }

    sealed record SheetStats(long Rows, int Columns, string? UsedRange);

    /// <summary>Reads a worksheet's rows in order; non-empty rows go to <paramref name="writer"/> when there is one.</summary>
    static SheetStats ScanSheet(WorksheetPart part, WorkbookCells cells, SheetCsvWriter? writer, CancellationToken cancellationToken)
    {
        using var reader = OpenXmlReader.Create(part);
        var row = new List<(int Column, string Value)>();
        long rowIndex = 0, rows = 0, minRow = long.MaxValue, maxRow = 0;
        int minCol = int.MaxValue, maxCol = 0, nextCol = 1;
        bool cellOpen = false, phonetic = false;
        string? cellRef = null, cellType = null, cellValue = null;
        uint cellStyle = 0;
        var inline = new StringBuilder();

        void FinishCell()
        {
            if (!cellOpen)
            {
                return;
            }

            cellOpen = false;
            int col = cellRef is not null && CellReference.TryParse(cellRef, out int c, out _) ? c : nextCol;
            nextCol = col + 1;
            if (cells.Decode(cellType, cellStyle, cellValue, inline.Length > 0 ? inline.ToString() : null) is { } value)
            {
                row.Add((col, value));
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
            if ((rows & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        while (reader.Read())
        {
            Type type = reader.ElementType;
            if (reader.IsStartElement)
            {
                if (type == typeof(Cell))
                {
                    FinishCell();
                    cellOpen = true;
                    cellRef = cellType = cellValue = null;
                    cellStyle = 0;
                    inline.Clear();
                    foreach (OpenXmlAttribute a in reader.Attributes)
                    {
                        switch (a.LocalName)
                        {
                            case "r": cellRef = a.Value; break;
                            case "t": cellType = a.Value; break;
                            case "s": cellStyle = uint.TryParse(a.Value, NumberStyles.None, CultureInfo.InvariantCulture, out uint s) ? s : 0; break;
                        }
                    }
                }
                else if (type == typeof(CellValue) && cellOpen)
                {
                    cellValue = reader.GetText();
                }
                else if (type == typeof(Text) && cellOpen && !phonetic)
                {
                    inline.Append(reader.GetText());
                }
                else if (type == typeof(PhoneticRun))
                {
                    phonetic = true;
                }
                else if (type == typeof(Row))
                {
                    FinishRow();
                    long r = reader.Attributes.FirstOrDefault(a => a.LocalName == "r").Value is { } rv
                        && long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed) ? parsed : rowIndex + 1;
                    rowIndex = r;
                    nextCol = 1;
                }
                else if (type == typeof(SheetDimension))
                {
                    writer?.SetDimension(reader.Attributes.FirstOrDefault(a => a.LocalName == "ref").Value);
                }
                else if (type == typeof(MergeCell))
                {
                    FinishRow();
                    writer?.AddMerge(reader.Attributes.FirstOrDefault(a => a.LocalName == "ref").Value);
                }
            }
            else if (reader.IsEndElement)
            {
                if (type == typeof(PhoneticRun))
                {
                    phonetic = false;
                }
                else if (type == typeof(Cell))
                {
                    FinishCell();
                }
                else if (type == typeof(Row) || type == typeof(SheetData))
                {
                    FinishRow();
                }
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
