using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DataStoryBot.Tests.Workbooks;

/// <summary>Builds .xlsx workbooks in memory with the Open XML SDK, cell by cell, for the workbook tests.</summary>
internal static class TestWorkbook
{
    /// <summary>Cell formats of every test workbook: 0 General, 1 built-in date (14), 2 custom date and time, 3 custom "0.00".</summary>
    public const uint General = 0, DateStyle = 1, DateTimeStyle = 2, DecimalStyle = 3;

    public sealed record XCell(string Ref, string? Value, CellValues? Type = null, uint? Style = null, string? Formula = null, string? Inline = null);

    public sealed record XSheet(string Name, IReadOnlyList<XCell> Cells, IReadOnlyList<string>? Merges = null, bool Hidden = false, bool WriteDimension = true);

    /// <summary>A shared string (the index is assigned when the workbook is built).</summary>
    public static XCell S(string reference, string text) => new(reference, text, CellValues.SharedString);

    public static XCell Inline(string reference, string text) => new(reference, null, CellValues.InlineString, Inline: text);

    public static XCell N(string reference, string number, uint style = General) => new(reference, number, Style: style);

    public static XCell B(string reference, bool value) => new(reference, value ? "1" : "0", CellValues.Boolean);

    public static XCell F(string reference, string formula, string cached, uint style = General) => new(reference, cached, Style: style, Formula: formula);

    public static XCell Error(string reference) => new(reference, "#N/A", CellValues.Error);

    /// <summary>A sheet whose first row is <paramref name="header"/> (shared strings) and whose rows follow (numbers, or shared strings when not numeric).</summary>
    public static XSheet Table(string name, string[] header, params string[][] rows)
    {
        var cells = new List<XCell>();
        for (int c = 0; c < header.Length; c++)
        {
            cells.Add(S(Ref(c + 1, 1), header[c]));
        }

        for (int r = 0; r < rows.Length; r++)
        {
            for (int c = 0; c < rows[r].Length; c++)
            {
                string v = rows[r][c];
                cells.Add(double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
                    ? N(Ref(c + 1, r + 2), v)
                    : S(Ref(c + 1, r + 2), v));
            }
        }

        return new XSheet(name, cells);
    }

    public static string Ref(int column, long row)
    {
        string letters = "";
        for (; column > 0; column = (column - 1) / 26)
        {
            letters = (char)('A' + (column - 1) % 26) + letters;
        }

        return letters + row;
    }

    public static byte[] Build(params XSheet[] sheets) => Build(false, SpreadsheetDocumentType.Workbook, sheets);

    public static byte[] Build(bool date1904, SpreadsheetDocumentType type, params XSheet[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, type))
        {
            WorkbookPart book = document.AddWorkbookPart();
            book.Workbook = new Workbook(new WorkbookProperties { Date1904 = date1904 }, new Sheets());
            var styles = book.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new NumberingFormats(
                    new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy\\-mm\\-dd\\ hh:mm" },
                    new NumberingFormat { NumberFormatId = 165, FormatCode = "0.00" }),
                new Fonts(new Font()),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None })),
                new Borders(new Border()),
                new CellFormats(
                    new CellFormat { NumberFormatId = 0 },
                    new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
                    new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
                    new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true }));

            var shared = new List<string>();
            var sharedIndex = new Dictionary<string, int>();
            uint sheetId = 1;
            foreach (XSheet sheet in sheets)
            {
                var part = book.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                foreach (var row in sheet.Cells.GroupBy(c => RowOf(c.Ref)).OrderBy(g => g.Key))
                {
                    var r = new Row { RowIndex = (uint)row.Key };
                    foreach (XCell x in row)
                    {
                        var cell = new Cell { CellReference = x.Ref };
                        if (x.Style is { } style)
                        {
                            cell.StyleIndex = style;
                        }

                        if (x.Formula is not null)
                        {
                            cell.CellFormula = new CellFormula(x.Formula);
                        }

                        if (x.Type == CellValues.SharedString)
                        {
                            if (!sharedIndex.TryGetValue(x.Value!, out int i))
                            {
                                sharedIndex[x.Value!] = i = shared.Count;
                                shared.Add(x.Value!);
                            }

                            cell.DataType = CellValues.SharedString;
                            cell.CellValue = new CellValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else if (x.Type == CellValues.InlineString)
                        {
                            cell.DataType = CellValues.InlineString;
                            cell.InlineString = new InlineString(new Text(x.Inline!));
                        }
                        else
                        {
                            if (x.Type is { } t)
                            {
                                cell.DataType = t;
                            }

                            if (x.Value is not null)
                            {
                                cell.CellValue = new CellValue(x.Value);
                            }
                        }

                        r.Append(cell);
                    }

                    data.Append(r);
                }

                var worksheet = new Worksheet();
                if (sheet.WriteDimension && sheet.Cells.Count > 0)
                {
                    worksheet.Append(new SheetDimension { Reference = Ref(sheet.Cells.Min(c => ColumnOf(c.Ref)), sheet.Cells.Min(c => RowOf(c.Ref))) + ":" +
                        Ref(sheet.Cells.Max(c => ColumnOf(c.Ref)), sheet.Cells.Max(c => RowOf(c.Ref))) });
                }

                worksheet.Append(data);
                if (sheet.Merges is { Count: > 0 } merges)
                {
                    worksheet.Append(new MergeCells(merges.Select(m => new MergeCell { Reference = m })));
                }

                part.Worksheet = worksheet;
                book.Workbook.Sheets!.Append(new Sheet
                {
                    Name = sheet.Name,
                    SheetId = sheetId++,
                    Id = book.GetIdOfPart(part),
                    State = sheet.Hidden ? SheetStateValues.Hidden : null,
                });
            }

            if (shared.Count > 0)
            {
                var strings = book.AddNewPart<SharedStringTablePart>();
                strings.SharedStringTable = new SharedStringTable(shared.Select(s => new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve })));
            }

            if (type == SpreadsheetDocumentType.MacroEnabledWorkbook)
            {
                // A VBA project the reader must leave alone (never loaded, never run).
                var vba = book.AddNewPart<VbaProjectPart>();
                using var bytes = new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 1, 2, 3, 4]);
                vba.FeedData(bytes);
            }
        }

        return stream.ToArray();
    }

    static long RowOf(string reference) => long.Parse(reference.AsSpan(reference.IndexOfAny("0123456789".ToCharArray())), System.Globalization.CultureInfo.InvariantCulture);

    static int ColumnOf(string reference)
    {
        int column = 0;
        foreach (char ch in reference.TakeWhile(char.IsAsciiLetter))
        {
            column = column * 26 + (ch - 'A' + 1);
        }

        return column;
    }
}
