using System.Buffers;
using System.Text;

namespace DataStoryBot.Core.Workbooks;

/// <summary>
/// Writes one worksheet as CSV: the first non-empty row is the header (blank rows above it are skipped), the columns
/// are those of the sheet's dimension or the header, whichever spans more. Data rows go to a temporary file as they
/// come; the header is held back until the end, because the merged cells are listed after the rows: a header cell
/// merged across columns names each of them (the validator then makes the names unique).
/// </summary>
internal sealed class SheetCsvWriter : IDisposable
{
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    readonly WorkbookLimits limits;
    readonly FileStream body;
    readonly StreamWriter writer;
    readonly List<(long Top, int Left, long Bottom, int Right)> merges = [];
    int? dimensionLeft, dimensionRight;
    string?[]? header;
    string?[] fields = [];
    long headerRow;
    int startColumn;
    long bytes;
    long dataRows;

    public SheetCsvWriter(string name, WorkbookLimits limits)
    {
        Name = name;
        this.limits = limits;
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

    public void AddMerge(string? reference)
    {
        if (Range(reference) is { } r)
        {
            merges.Add(r);
        }
    }

    public void AddRow(long rowIndex, List<(int Column, string Value)> cells)
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
            bytes = Line(header).Length + 1;
            return;
        }

        Array.Clear(fields);
        Fill(fields, cells);
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            if (fields[i] is { } field)
            {
                string text = Escape(field);
                writer.Write(text);
                bytes += Utf8.GetByteCount(text);
            }
        }

        writer.Write('\n');
        bytes += fields.Length;
        dataRows++;
        if (bytes > limits.MaxCsvBytes)
        {
            throw new WorkbookRejectedException(WorkbookRejections.SheetTooLarge(Name, dataRows, limits.MaxCsvBytes), []);
        }
    }

    /// <summary>The CSV, header first, positioned at its start; the caller owns (and disposes) it.</summary>
    public Stream Finish()
    {
        string?[] names = header ?? [];
        foreach (var (top, left, bottom, right) in merges)
        {
            if (top > headerRow || bottom < headerRow || left - startColumn is not (>= 0 and var first) || first >= names.Length)
            {
                continue;
            }

            for (int i = first + 1; i <= Math.Min(right - startColumn, names.Length - 1); i++)
            {
                names[i] ??= names[first];
            }
        }

        writer.Flush();
        body.Position = 0;
        return new PrefixedStream(Utf8.GetBytes(Line(names) + "\n"), body, ownsRest: true);
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
