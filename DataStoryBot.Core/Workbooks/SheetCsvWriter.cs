using System.Buffers;
using System.Text;

namespace DataStoryBot.Core.Workbooks;

/// <summary>
/// Writes one worksheet as CSV: the first non-empty row is the header (blank rows above it are skipped, and up to three
/// rows with a single value above a wider table are taken as its title and left out), the columns
/// are those of the sheet's dimension or the header, whichever spans more. Data rows go to a temporary file as they
/// come; the header is held back until the end, because the merged cells are listed after the rows: a header cell
/// merged across columns names each of them (the validator then makes the names unique). A value merged down data rows
/// (a region merged over its rows) is repeated on every row of the merge, as a reader of the sheet sees it: when the
/// sheet has such merges, the rows are rewritten once at the end with the value filled in.
/// </summary>
internal sealed class SheetCsvWriter : IDisposable
{
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    readonly WorkbookLimits limits;
    readonly WorkbookXml xml;
    readonly FileStream body;
    readonly StreamWriter writer;
    readonly List<(long Top, int Left, long Bottom, int Right)> merges = [];

    /// <summary>The sheet row numbers of the data rows written, as runs of consecutive rows (one run for most sheets).</summary>
    readonly List<(long First, long Count)> rowRuns = [];

    const int MaxTitleRows = 3;

    /// <summary>Memory one merged range keeps (its bounds here, and once more in the list of merges down rows).</summary>
    const int MergeBytes = 64;
    readonly List<(long Row, List<(int Column, string Value)> Cells)> pendingTitles = [];
    readonly List<string> titles = [];
    int? dimensionLeft, dimensionRight;
    string?[]? header;
    string?[] fields = [];
    long headerRow;
    int startColumn;
    long bytes;
    long dataRows;

    public SheetCsvWriter(string name, WorkbookLimits limits, WorkbookXml xml)
    {
        Name = name;
        this.limits = limits;
        this.xml = xml;
        body = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.SequentialScan);
        writer = new StreamWriter(body, Utf8, 64 * 1024, leaveOpen: true) { NewLine = "\n" };
    }

    public string Name { get; }

    public long DroppedCells { get; private set; }

    public void SetDimension(string? reference)
    {
        if (Range(reference) is { } r)
        {
            (dimensionLeft, dimensionRight) = (r.Left, r.Right);
        }
    }

    /// <summary>Merged ranges past <see cref="WorkbookLimits.MaxMerges"/>, not applied.</summary>
    public long IgnoredMerges { get; private set; }

    public void AddMerge(string? reference)
    {
        if (Range(reference) is { } r)
        {
            if (merges.Count < limits.MaxMerges)
            {
                xml.Charge(MergeBytes, "the merged ranges");
                merges.Add(r);
            }
            else
            {
                IgnoredMerges++;
            }
        }
    }

    /// <summary>Rows with a single value above the table, when the sheet is wider: a title, not the header.</summary>
    public IReadOnlyList<string> Titles => titles;

    public void AddRow(long rowIndex, List<(int Column, string Value)> cells)
    {
        if (header is null)
        {
            // A title ("Sales by region, first quarter") above a wider table is held back: if a row with more than one
            // value follows, it was a title and is left out; otherwise (a one-column table) it is the header after all.
            if (cells.Count == 1 && pendingTitles.Count < MaxTitleRows && dimensionRight - dimensionLeft > 0)
            {
                pendingTitles.Add((rowIndex, [.. cells]));
                return;
            }

            if (pendingTitles.Count > 0)
            {
                if (cells.Count > 1)
                {
                    titles.AddRange(pendingTitles.Select(p => p.Cells[0].Value));
                    pendingTitles.Clear();
                }
                else
                {
                    ReplayPendingTitles();
                }
            }
        }

        AddTableRow(rowIndex, cells);
    }

    void ReplayPendingTitles()
    {
        var rows = pendingTitles.ToList();
        pendingTitles.Clear();
        foreach (var (row, cells) in rows)
        {
            AddTableRow(row, cells);
        }
    }

    void AddTableRow(long rowIndex, List<(int Column, string Value)> cells)
    {
        if (header is null)
        {
            int left = cells.Min(c => c.Column), right = cells.Max(c => c.Column);
            startColumn = Math.Min(dimensionLeft ?? left, left);
            int width = Math.Max(dimensionRight ?? right, right) - startColumn + 1;
            if (width > limits.MaxColumns)
            {
                throw new WorkbookRejectedException(WorkbookRejections.TooManyColumns(Name, width, limits.MaxColumns), []);
            }

            header = new string?[width];
            fields = new string?[width];
            headerRow = rowIndex;
            Fill(header, cells);
            bytes = Utf8.GetByteCount(Line(header)) + 1;
            CheckRowLength(rowIndex, bytes);
            return;
        }

        Array.Clear(fields);
        Fill(fields, cells);
        if (rowRuns.Count > 0 && rowRuns[^1].First + rowRuns[^1].Count == rowIndex)
        {
            rowRuns[^1] = (rowRuns[^1].First, rowRuns[^1].Count + 1);
        }
        else
        {
            rowRuns.Add((rowIndex, 1));
        }

        long line = WriteLine(writer, fields);
        CheckRowLength(rowIndex, line);
        bytes += line;
        dataRows++;
        if (bytes > limits.MaxCsvBytes)
        {
            throw new WorkbookRejectedException(WorkbookRejections.SheetTooLarge(Name, dataRows, limits.MaxCsvBytes), []);
        }
    }

    /// <summary>A row longer than a CSV row may be (<see cref="Csv.UploadValidator.MaxRowBytes"/>) is refused here, with its real reason.</summary>
    void CheckRowLength(long rowIndex, long lineBytes)
    {
        if (lineBytes > Csv.UploadValidator.MaxRowBytes)
        {
            throw new WorkbookRejectedException(WorkbookRejections.RowTooLong(Name, rowIndex, lineBytes), []);
        }
    }

    /// <summary>Writes one CSV line; returns its UTF-8 byte count, line end included.</summary>
    static long WriteLine(TextWriter to, string?[] values)
    {
        long count = values.Length; // the commas and the line end
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                to.Write(',');
            }

            if (values[i] is { } field)
            {
                string text = Escape(field);
                to.Write(text);
                count += Utf8.GetByteCount(text);
            }
        }

        to.Write('\n');
        return count;
    }

    /// <summary>The CSV, header first, positioned at its start; the caller owns (and disposes) it.</summary>
    public Stream Finish(CancellationToken cancellationToken)
    {
        if (header is null && pendingTitles.Count > 0)
        {
            ReplayPendingTitles();
        }

        string?[] names = header ?? [];
        NameMergedHeaderColumns(names, cancellationToken);
        writer.Flush();
        body.Position = 0;
        var down = merges
            .Where(m => m.Top > headerRow && m.Bottom > m.Top && m.Left - startColumn >= 0 && m.Left - startColumn < names.Length)
            .OrderBy(m => m.Top)
            .ToList();
        byte[] headerLine = Utf8.GetBytes(Line(names) + "\n");
        Stream rows = down.Count == 0 ? body : FillMergesDown(down, headerLine.Length, cancellationToken);
        return new PrefixedStream(headerLine, rows, ownsRest: true);
    }

    /// <summary>
    /// A header cell merged across columns names each column it covers that has no name of its own. Linear in columns
    /// plus merges, whatever they overlap: a column named once is skipped by every later merge (a "next unnamed column"
    /// pointer per column, shortened as it is followed).
    /// </summary>
    void NameMergedHeaderColumns(string?[] names, CancellationToken cancellationToken)
    {
        int[] nextUnnamed = new int[names.Length + 1];
        for (int i = 0; i <= names.Length; i++)
        {
            nextUnnamed[i] = i == names.Length || names[i] is null ? i : i + 1;
        }

        int Find(int i)
        {
            int root = i;
            while (nextUnnamed[root] != root)
            {
                root = nextUnnamed[root];
            }

            while (nextUnnamed[i] != root)
            {
                (i, nextUnnamed[i]) = (nextUnnamed[i], root);
            }

            return root;
        }

        for (int m = 0; m < merges.Count; m++)
        {
            if ((m & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (top, left, bottom, right) = merges[m];
            if (top > headerRow || bottom < headerRow || left - startColumn is not (>= 0 and var first) || first >= names.Length
                || names[first] is not { } name)
            {
                continue;
            }

            int last = Math.Min(right - startColumn, names.Length - 1);
            for (int i = Find(first + 1); i <= last; i = Find(i + 1))
            {
                names[i] = name;
                nextUnnamed[i] = i + 1;
            }
        }
    }

    /// <summary>
    /// Copies the data rows to a new temporary file with each value merged down rows repeated on the rows below it, in
    /// the merge's first column (a value merged across columns in a data row, like a total's label, stays in its first
    /// column, as one value). One merge per column is active at a time (the one that started last, as ranges Excel
    /// writes never overlap), so the work is linear in rows plus merges however a hostile file overlaps them.
    /// </summary>
    Stream FillMergesDown(List<(long Top, int Left, long Bottom, int Right)> down, long headerBytes, CancellationToken cancellationToken)
    {
        var filled = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.SequentialScan);
        try
        {
            using (var output = new StreamWriter(filled, Utf8, 64 * 1024, leaveOpen: true) { NewLine = "\n" })
            using (var input = new StreamReader(body, Utf8, false, 64 * 1024, leaveOpen: true))
            {
                var row = new string?[fields.Length];
                var bottoms = new long[fields.Length];
                var values = new string?[fields.Length];
                var active = new List<int>(); // the columns with a merge running down
                var isActive = new bool[fields.Length];
                int next = 0;
                long total = headerBytes, written = 0;
                foreach (var (first, count) in rowRuns)
                {
                    for (long sheetRow = first; sheetRow < first + count; sheetRow++)
                    {
                        if ((written & 0x3FF) == 0)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                        }

                        ReadRow(input, row);
                        for (int a = active.Count - 1; a >= 0; a--)
                        {
                            int index = active[a];
                            if (bottoms[index] < sheetRow)
                            {
                                isActive[index] = false;
                                active[a] = active[^1];
                                active.RemoveAt(active.Count - 1);
                            }
                            else
                            {
                                row[index] = values[index];
                            }
                        }

                        while (next < down.Count && down[next].Top <= sheetRow)
                        {
                            var m = down[next++];
                            if (m.Bottom >= sheetRow)
                            {
                                int index = m.Left - startColumn;
                                // The top row of the merge holds the value; when that row had no value at all, it was not written.
                                string? value = m.Top == sheetRow ? row[index] : null;
                                bottoms[index] = m.Bottom;
                                values[index] = value;
                                if (!isActive[index])
                                {
                                    isActive[index] = true;
                                    active.Add(index);
                                }

                                row[index] = value;
                            }
                        }

                        total += WriteLine(output, row);
                        written++;
                        if (total > limits.MaxCsvBytes)
                        {
                            throw new WorkbookRejectedException(WorkbookRejections.SheetTooLarge(Name, written, limits.MaxCsvBytes), []);
                        }
                    }
                }
            }

            body.Dispose();
            filled.Position = 0;
            return filled;
        }
        catch
        {
            filled.Dispose();
            throw;
        }
    }

    /// <summary>Reads one line of the CSV this writer wrote (quoted fields may hold commas, quotes and line breaks).</summary>
    static void ReadRow(TextReader input, string?[] row)
    {
        Array.Clear(row);
        var field = new StringBuilder();
        int index = 0;
        bool quoted = false, any = false;
        while (true)
        {
            int c = input.Read();
            if (quoted)
            {
                if (c == '"')
                {
                    if (input.Peek() == '"')
                    {
                        input.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else if (c < 0)
                {
                    break;
                }
                else
                {
                    field.Append((char)c);
                }

                continue;
            }

            if (c is ',' or '\n' or < 0)
            {
                if (index < row.Length)
                {
                    row[index] = any ? field.ToString() : null;
                }

                index++;
                field.Clear();
                any = false;
                if (c != ',')
                {
                    return;
                }
            }
            else if (c == '"')
            {
                quoted = true;
                any = true;
            }
            else
            {
                field.Append((char)c);
                any = true;
            }
        }

        if (index < row.Length)
        {
            row[index] = any ? field.ToString() : null;
        }
    }

    void Fill(string?[] target, List<(int Column, string Value)> cells)
    {
        foreach (var (column, value) in cells)
        {
            int i = column - startColumn;
            if (i >= 0 && i < target.Length)
            {
                target[i] = value;
            }
            else
            {
                DroppedCells++;
            }
        }
    }

    static string Line(string?[] values) => string.Join(',', values.Select(v => v is null ? "" : Escape(v)));

    static string Escape(string value) =>
        value.AsSpan().IndexOfAny(NeedsQuotes) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    static (long Top, int Left, long Bottom, int Right)? Range(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        int colon = reference.IndexOf(':', StringComparison.Ordinal);
        string from = colon < 0 ? reference : reference[..colon], to = colon < 0 ? reference : reference[(colon + 1)..];
        return CellReference.TryParse(from, out int left, out long top) && CellReference.TryParse(to, out int right, out long bottom)
            ? (top, left, bottom, right)
            : null;
    }

    public void Dispose()
    {
        writer.Dispose();
        body.Dispose();
    }
}
