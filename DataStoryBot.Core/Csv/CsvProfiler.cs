using System.Buffers;
using System.Text;

namespace DataStoryBot.Core.Csv;

/// <summary>
/// Tokenizes UTF-8 CSV data chunk by chunk (quote-aware: delimiters, doubled quotes and line breaks inside quotes)
/// and profiles every field in place, without allocating per field. Feed it with <see cref="Parse"/>; a row cut off
/// by the end of a chunk is not consumed and must be passed again at the start of the next one.
/// </summary>
internal sealed class CsvProfiler
{
    public const int SampleRows = 5;
    public const int RaggedLinesReported = 5;

    /// <summary>Memory set aside for exact distinct counting, shared by all columns.</summary>
    private const long DistinctBudgetBytes = 16L * 1024 * 1024;

    private readonly byte _delimiter;
    private readonly SearchValues<byte> _fieldEnds;
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private byte[] _flags = new byte[64];
    private byte[] _scratch = new byte[256];
    private ColumnStats[] _columns = [];
    private readonly List<string[]> _sample = new(SampleRows);
    private readonly List<long> _raggedLines = new(RaggedLinesReported);

    private const byte Quoted = 1;
    private const byte Escaped = 2;

    private enum RowResult
    {
        Row,
        Blank,
        NeedMore,
        UnclosedQuote,
        TooWide,
    }

    private readonly int _maxColumns;

    /// <param name="maxColumns">A header with more fields stops the parse (<see cref="TooManyColumns"/>) before any column is set up.</param>
    /// <param name="firstLine">The line number of the first row (2 when a <c>sep=</c> line came before it).</param>
    public CsvProfiler(byte delimiter, int maxColumns = int.MaxValue, long firstLine = 1)
    {
        _delimiter = delimiter;
        _maxColumns = maxColumns;
        Line = firstLine;
        _fieldEnds = SearchValues.Create([delimiter, (byte)'\n', (byte)'\r']);
        _lineSpecials = SearchValues.Create([(byte)'\n', (byte)'\r', (byte)'"']);
    }

    private readonly SearchValues<byte> _lineSpecials;

    public byte Delimiter => _delimiter;

    /// <summary>The header's fields as read (before repairs); null until the first row is complete.</summary>
    public string[]? Header { get; private set; }

    public long RowCount { get; private set; }

    public long RaggedRowCount { get; private set; }

    public IReadOnlyList<long> FirstRaggedLines => _raggedLines;

    public IReadOnlyList<string[]> Sample => _sample;

    /// <summary>1-based line number where the next row starts.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>Set when the last chunk ended inside a quoted field.</summary>
    public long? UnclosedQuoteLine { get; private set; }

    /// <summary>Set when the header has more fields than the column limit; the parse stopped there.</summary>
    public bool TooManyColumns { get; private set; }

    internal IReadOnlyList<ColumnStats> Columns => _columns;

    /// <summary>Parses the complete rows of <paramref name="data"/>; returns how many bytes were consumed.</summary>
    public int Parse(ReadOnlySpan<byte> data, bool isFinal)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            if (_sample.Count == SampleRows)
            {
                // Fast path: a row without quotes is split on the delimiter and profiled field by field.
                ReadOnlySpan<byte> rest = data[pos..];
                int end = rest.IndexOfAny(_lineSpecials);
                if (end > 0 && rest[end] != (byte)'"')
                {
                    int next = pos + end + 1;
                    if (rest[end] == (byte)'\r')
                    {
                        if (next < data.Length)
                        {
                            next += data[next] == (byte)'\n' ? 1 : 0;
                        }
                        else if (!isFinal)
                        {
                            break;
                        }
                    }

                    ProfileSimpleRow(rest[..end]);
                    Line++;
                    pos = next;
                    continue;
                }

                if (end < 0 && isFinal)
                {
                    ProfileSimpleRow(rest);
                    Line++;
                    pos = data.Length;
                    continue;
                }
            }

            RowResult result = TokenizeRow(data, pos, isFinal, out int rowEnd, out int fields, out int lineBreaks);
            if (result == RowResult.NeedMore)
            {
                break;
            }

            if (result == RowResult.UnclosedQuote)
            {
                UnclosedQuoteLine = Line;
                return data.Length;
            }

            if (result == RowResult.TooWide)
            {
                TooManyColumns = true;
                return data.Length;
            }

            if (result == RowResult.Row)
            {
                CommitRow(data, fields);
                if (TooManyColumns)
                {
                    return data.Length;
                }
            }

            Line += 1 + lineBreaks;
            pos = rowEnd;
        }

        return pos;
    }

    /// <summary>Profiles a data row that holds no quote and no line break.</summary>
    private void ProfileSimpleRow(ReadOnlySpan<byte> row)
    {
        RowCount++;
        ColumnStats[] columns = _columns;
        byte delimiter = _delimiter;
        int fields = 0;
        while (true)
        {
            int d = row.IndexOf(delimiter);
            if (d < 0)
            {
                if (fields < columns.Length)
                {
                    columns[fields].Add(row);
                }

                fields++;
                break;
            }

            if (fields < columns.Length)
            {
                columns[fields].Add(row[..d]);
            }

            fields++;
            row = row[(d + 1)..];
        }

        if (fields != columns.Length)
        {
            CountRagged(fields);
        }
    }

    private void CountRagged(int fields)
    {
        RaggedRowCount++;
        if (_raggedLines.Count < RaggedLinesReported)
        {
            _raggedLines.Add(Line);
        }

        for (int c = fields; c < _columns.Length; c++)
        {
            _columns[c].Nulls++; // a missing field counts as empty
        }
    }

    private RowResult TokenizeRow(ReadOnlySpan<byte> data, int pos, bool isFinal, out int next, out int fields, out int lineBreaks)
    {
        next = pos;
        fields = 0;
        lineBreaks = 0;
        int len = data.Length;
        byte first = data[pos];
        if (first == (byte)'\n')
        {
            next = pos + 1;
            return RowResult.Blank;
        }

        if (first == (byte)'\r')
        {
            if (pos + 1 < len)
            {
                next = pos + (data[pos + 1] == (byte)'\n' ? 2 : 1);
                return RowResult.Blank;
            }

            next = pos + 1;
            return isFinal ? RowResult.Blank : RowResult.NeedMore;
        }

        int p = pos;
        while (true)
        {
            if (fields == _starts.Length)
            {
                if (Header is null && fields > _maxColumns)
                {
                    return RowResult.TooWide;
                }

                GrowFields();
            }

            if (p < len && data[p] == (byte)'"')
            {
                int q = p + 1;
                byte flags = Quoted;
                while (true)
                {
                    int i = data[q..].IndexOf((byte)'"');
                    if (i < 0)
                    {
                        return isFinal ? RowResult.UnclosedQuote : RowResult.NeedMore;
                    }

                    q += i;
                    if (q + 1 < len)
                    {
                        if (data[q + 1] == (byte)'"')
                        {
                            flags |= Escaped;
                            q += 2;
                            continue;
                        }

                        break;
                    }

                    if (!isFinal)
                    {
                        return RowResult.NeedMore;
                    }

                    break;
                }

                _starts[fields] = p + 1;
                _lengths[fields] = q - p - 1;
                _flags[fields] = flags;
                lineBreaks += data.Slice(p + 1, q - p - 1).Count((byte)'\n');
                p = q + 1;
                if (p < len && data[p] != _delimiter && data[p] != (byte)'\n' && data[p] != (byte)'\r')
                {
                    // Text after the closing quote ("a"b): lenient, skipped up to the end of the field.
                    int j = data[p..].IndexOfAny(_fieldEnds);
                    if (j < 0)
                    {
                        if (!isFinal)
                        {
                            return RowResult.NeedMore;
                        }

                        j = len - p;
                    }

                    p += j;
                }
            }
            else
            {
                int j = data[p..].IndexOfAny(_fieldEnds);
                if (j < 0)
                {
                    if (!isFinal)
                    {
                        return RowResult.NeedMore;
                    }

                    j = len - p;
                }

                _starts[fields] = p;
                _lengths[fields] = j;
                _flags[fields] = 0;
                p += j;
            }

            fields++;
            if (p >= len)
            {
                if (!isFinal)
                {
                    return RowResult.NeedMore;
                }

                next = len;
                return RowResult.Row;
            }

            byte b = data[p];
            if (b == _delimiter)
            {
                p++;
                if (p >= len && !isFinal)
                {
                    return RowResult.NeedMore;
                }

                continue; // at the very end of the file this reads one more, empty field
            }

            if (b == (byte)'\n')
            {
                next = p + 1;
                return RowResult.Row;
            }

            if (p + 1 < len)
            {
                next = p + (data[p + 1] == (byte)'\n' ? 2 : 1);
                return RowResult.Row;
            }

            if (!isFinal)
            {
                return RowResult.NeedMore;
            }

            next = p + 1;
            return RowResult.Row;
        }
    }

    private void GrowFields()
    {
        int size = _starts.Length * 2;
        Array.Resize(ref _starts, size);
        Array.Resize(ref _lengths, size);
        Array.Resize(ref _flags, size);
    }

    private void CommitRow(ReadOnlySpan<byte> data, int fields)
    {
        if (Header is null)
        {
            if (fields > _maxColumns)
            {
                TooManyColumns = true;
                return;
            }

            var header = new string[fields];
            for (int f = 0; f < fields; f++)
            {
                header[f] = FieldString(data, f);
            }

            Header = header;
            // Wide files get smaller exact sets and sketches, so that memory stays bounded (about 16 MB + 8 MB).
            int cap = (int)Math.Clamp(DistinctBudgetBytes / 16 / Math.Max(1, fields), 128, 65536);
            int sketchBits = fields <= 512 ? DistinctCounter.DefaultSketchBits : fields <= 2048 ? 12 : 10;
            _columns = new ColumnStats[fields];
            for (int c = 0; c < fields; c++)
            {
                _columns[c] = new ColumnStats(cap, sketchBits);
            }

            return;
        }

        RowCount++;
        ColumnStats[] columns = _columns;
        int used = Math.Min(fields, columns.Length);
        if (fields != columns.Length)
        {
            CountRagged(fields);
        }

        for (int f = 0; f < used; f++)
        {
            ReadOnlySpan<byte> value = data.Slice(_starts[f], _lengths[f]);
            if ((_flags[f] & Escaped) != 0)
            {
                value = Unescape(value);
            }

            columns[f].Add(value);
        }

        if (_sample.Count < SampleRows)
        {
            var row = new string[columns.Length];
            for (int f = 0; f < columns.Length; f++)
            {
                row[f] = f < used ? SampleString(data, f) : string.Empty;
            }

            _sample.Add(row);
        }
    }

    /// <summary>A sample value, capped at <see cref="TextCaps.SampleValueChars"/> (the profile is stored and sent; one field may hold megabytes).</summary>
    private string SampleString(ReadOnlySpan<byte> data, int field) => TextCaps.Cap(FieldString(data, field), TextCaps.SampleValueChars);

    private string FieldString(ReadOnlySpan<byte> data, int field)
    {
        ReadOnlySpan<byte> value = data.Slice(_starts[field], _lengths[field]);
        if ((_flags[field] & Escaped) != 0)
        {
            value = Unescape(value);
        }

        return Encoding.UTF8.GetString(value);
    }

    /// <summary>Turns each doubled quote into one, in a scratch buffer.</summary>
    private ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> value)
    {
        if (_scratch.Length < value.Length)
        {
            _scratch = new byte[Math.Max(value.Length, _scratch.Length * 2)];
        }

        int n = 0;
        for (int i = 0; i < value.Length; i++)
        {
            _scratch[n++] = value[i];
            if (value[i] == (byte)'"' && i + 1 < value.Length && value[i + 1] == (byte)'"')
            {
                i++;
            }
        }

        return _scratch.AsSpan(0, n);
    }
}
