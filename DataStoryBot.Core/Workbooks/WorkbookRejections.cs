
using DataStoryBot.Core.Csv;

namespace DataStoryBot.Core.Workbooks;

/// <summary>Why a workbook was refused, one factory per rule; each says what to do next.</summary>
public static class WorkbookRejections
{
    public const string EncryptedOrLegacyType = "workbook-encrypted-or-legacy";
    public const string DamagedType = "workbook-damaged";
    public const string NoDataType = "workbook-no-data";
    public const string SheetNotFoundType = "workbook-sheet-not-found";
    public const string TooManyColumnsType = "workbook-too-many-columns";
    public const string SheetTooLargeType = "workbook-sheet-too-large";
    public const string UnsafeArchiveType = "workbook-unsafe-archive";
    public const string TooComplexType = "workbook-too-complex";
    public const string CellTooLongType = "workbook-cell-too-long";

    public static UploadRejection EncryptedOrLegacy() => new(
        415,
        EncryptedOrLegacyType,
        "The workbook is encrypted or a legacy .xls file",
        "The file is an OLE compound document: either a workbook protected with a password to open (Excel encrypts those) " +
        "or a legacy Excel 97-2003 .xls workbook. Neither can be read here. Open it in Excel, remove the password if it has one " +
        "(File > Info > Protect Workbook), and save as .xlsx or .csv, then upload that file.");

    public static UploadRejection NotAWorkbook() => UploadRejections.NotCsv(
        "The file is a ZIP archive but not an Excel workbook (it has no [Content_Types].xml and xl/workbook.xml).");

    public static UploadRejection Damaged(string why) => new(
        422,
        DamagedType,
        "The workbook could not be read",
        $"{why} Open the file in Excel (or LibreOffice), save it again as .xlsx or .csv, and upload that file.");

    public static UploadRejection NoData(IReadOnlyList<WorkbookSheet> sheets, int? totalSheets = null) => new(
        422,
        NoDataType,
        "The workbook has no sheet with data",
        sheets.Count == 0
            ? "The workbook has no worksheets. Put the data in a worksheet with a header row and at least one data row."
            : $"None of the worksheets ({Names(sheets, totalSheets)}) has a header row and a data row below it. " +
              "Put the data in a worksheet with a header row and at least one data row.");

    public static UploadRejection SheetEmpty(string sheet, IReadOnlyList<WorkbookSheet> sheets, int? totalSheets = null) => new(
        422,
        NoDataType,
        "The sheet has no data",
        $"The worksheet \"{TextCaps.Cap(sheet, TextCaps.NameChars)}\" has no values. The workbook's worksheets are: {Names(sheets, totalSheets)}. " +
        "Upload again with ?sheet= set to a worksheet with a header row and data, or leave it out to use the first one with data.");

    public static UploadRejection SheetNotFound(string sheet, IReadOnlyList<WorkbookSheet> sheets, int? totalSheets = null) => new(
        422,
        SheetNotFoundType,
        "The sheet was not found",
        $"The workbook has no worksheet named \"{TextCaps.Cap(sheet, TextCaps.NameChars)}\". Its worksheets are: {Names(sheets, totalSheets)}. " +
        "Upload again with ?sheet= set to one of them, or leave it out to use the first sheet with data.");

    public static UploadRejection TooManyColumns(string sheet, int columns, int maxColumns) => new(
        422,
        TooManyColumnsType,
        "The sheet has too many columns",
        $"The sheet \"{sheet}\" spans {columns:N0} columns; the limit for one upload is {maxColumns:N0}. " +
        "Delete the columns you do not need (or split the sheet), then upload it again.");

    public static UploadRejection SheetTooLarge(string sheet, long rowsRead, long maxCsvBytes) => new(
        413,
        SheetTooLargeType,
        "The sheet is too large",
        $"The sheet \"{sheet}\" holds more than {UploadRejections.Megabytes(maxCsvBytes)} of data as CSV (the limit for one upload), " +
        $"reached after {rowsRead:N0} rows. Delete rows or columns you do not need, or split the sheet, then upload it again.");

    public static UploadRejection UnsafeArchive(string why) => new(
        422,
        UnsafeArchiveType,
        "The workbook's archive is not safe to open",
        $"{why} It was refused without being unpacked. If it is a real workbook, open it in Excel, save it again as .xlsx " +
        "(or save the sheet as .csv), and upload that file.");

    /// <summary>A part nested too deep, with too many elements, or needing too much memory: refused before it is read further.</summary>
    public static UploadRejection TooComplex(string why) => new(
        422,
        TooComplexType,
        "The workbook is too complex to read",
        $"{why} It was refused without being read further. If it is a real workbook, open it in Excel (or LibreOffice), " +
        "save it again as .xlsx (or save the sheet as .csv), and upload that file.");

    public static UploadRejection RowTooLong(string sheet, long row, long bytes) => new(
        422,
        CellTooLongType,
        "A row of the workbook is too long",
        $"Row {row:N0} of the sheet \"{sheet}\" holds {UploadRejections.Megabytes(bytes)} as CSV; a row may hold at most " +
        $"{UploadRejections.Megabytes(UploadValidator.MaxRowBytes)}. Shorten or delete its longest cells (or save the sheet as .csv), then upload it again.");

    public static UploadRejection CellTooLong(string where, long characters) => new(
        422,
        CellTooLongType,
        "A cell of the workbook is too long",
        $"{where} holds {characters:N0} characters; Excel holds at most 32,767 in a cell, and more than " +
        $"{WorkbookLimits.MaxCellChars:N0} are not accepted. Shorten or delete that cell (or save the sheet as .csv), then upload it again.");

    /// <summary>The sheets' names, quoted and capped, the first few then a count (<see cref="TextCaps.QuotedList"/>).</summary>
    static string Names(IReadOnlyList<WorkbookSheet> sheets, int? total) => TextCaps.QuotedList([.. sheets.Take(TextCaps.NamesListed).Select(s => s.Name)], total ?? sheets.Count);
}
