using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Csv;

/// <summary>
/// Validates and profiles an uploaded CSV in one streaming pass: size limit, binary and encoding checks, UTF-8
/// normalization, delimiter detection, quote-aware parsing, header repairs, per-column profile and SHA-256 of the
/// original bytes. Memory stays bounded whatever the file size (a few pooled megabytes plus per-column counters).
/// </summary>
public sealed class UploadValidator
{
    private const int RawChunkBytes = 1024 * 1024;
    private const int MinReadBytes = 64 * 1024;
    private const int InitialParseBytes = 2 * 1024 * 1024;
    private const int MinParseFreeBytes = 256 * 1024;

    /// <summary>A single row (usually an unclosed quote) longer than this is refused.</summary>
    public const int MaxRowBytes = 8 * 1024 * 1024;

    private readonly DataStoryBotOptions _options;

    public UploadValidator(IOptions<DataStoryBotOptions> options) => _options = options.Value;

    /// <summary>
    /// Reads <paramref name="input"/> once, up to the size limit plus one byte, and writes its UTF-8 (no BOM) form to
    /// <paramref name="normalizedUtf8Output"/>. On rejection the output holds a partial copy: discard it.
    /// </summary>
    public Task<UploadValidationResult> ValidateAsync(
        Stream input, string? fileName, Stream normalizedUtf8Output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(normalizedUtf8Output);
        return ValidateAsync(input, fileName, new StreamDataSink(normalizedUtf8Output), ct);
    }

    /// <summary>
    /// Reads <paramref name="input"/> once, up to the size limit plus one byte, handing the original bytes and the UTF-8
    /// data copy to <paramref name="sink"/> as it goes. On rejection the sink holds a partial copy: discard it.
    /// <paramref name="ct"/> is checked between chunks, so a client that leaves (or a spent time budget) stops the work.
    /// </summary>
    public async Task<UploadValidationResult> ValidateAsync(
        Stream input, string? fileName, IUploadSink sink, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sink);
        string name = UploadFileName.Sanitize(fileName);
        long limit = _options.MaxUploadBytes;
        if (input.CanSeek && input.Length - input.Position > limit)
        {
            return UploadValidationResult.Rejected(name, 0, UploadRejections.TooLarge(input.Length - input.Position, limit));
        }

        using var run = new Run(input, sink, limit, _options.MaxColumns);
        UploadRejection? rejection;
        try
        {
            rejection = await run.ExecuteAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await run.DrainAsync().ConfigureAwait(false);
        }

        return rejection is not null
            ? UploadValidationResult.Rejected(name, run.TotalBytes, rejection)
            : Finish(name, run);
    }

    private UploadValidationResult Finish(string name, Run run)
    {
        CsvProfiler profiler = run.Profiler!;
        if (profiler.Header is null || (profiler.RowCount == 0 && profiler.Header.All(string.IsNullOrWhiteSpace)))
        {
            return UploadValidationResult.Rejected(name, run.TotalBytes, UploadRejections.Empty());
        }

        if (!run.HasContent)
        {
            // Rows of spaces and tabs only: as empty as an empty file, though the parser sees fields in them.
            return UploadValidationResult.Rejected(name, run.TotalBytes, UploadRejections.Blank());
        }

        if (profiler.RowCount == 0)
        {
            return UploadValidationResult.Rejected(name, run.TotalBytes, UploadRejections.NoDataRows(profiler.Header.Length));
        }

        string delimiterName = DelimiterName(profiler.Delimiter);
        if (profiler.RaggedRowCount * 2 > profiler.RowCount)
        {
            return UploadValidationResult.Rejected(name, run.TotalBytes, UploadRejections.InconsistentRows(
                profiler.RaggedRowCount, profiler.RowCount, profiler.Header.Length, delimiterName));
        }

        var warnings = new List<string>();
        Utf8Normalizer normalizer = run.Normalizer!;
        if (normalizer.Encoding == SourceEncoding.Windows1252)
        {
            warnings.Add("The file is not UTF-8; it was read as Windows-1252 (Western European) and converted to UTF-8. " +
                "If characters look wrong, save the file as UTF-8 and upload it again.");
        }

        if (normalizer.ReplacedSequences > 0)
        {
            warnings.Add($"{normalizer.ReplacedSequences:N0} invalid UTF-8 byte sequence(s) were replaced with \"\uFFFD\".");
        }

        string[] names = ColumnNames.Repair(profiler.Header, warnings);
        if (profiler.RaggedRowCount > 0)
        {
            string lines = string.Join(", ", profiler.FirstRaggedLines.Select(l => l.ToString(CultureInfo.InvariantCulture)));
            warnings.Add($"{profiler.RaggedRowCount:N0} row(s) have a different number of fields than the header " +
                $"({names.Length}); first at line(s) {lines}. Missing fields are read as empty and extra fields are ignored.");
        }

        string decimalSeparator = DecimalSeparator(profiler.Columns);
        bool dayFirst = decimalSeparator == "," || profiler.Delimiter == (byte)';';
        var columns = new ColumnProfile[names.Length];
        var emptyColumns = new List<string>();
        for (int c = 0; c < names.Length; c++)
        {
            columns[c] = profiler.Columns[c].ToProfile(names[c], decimalSeparator, dayFirst);
            if (profiler.Columns[c].NonNull == 0)
            {
                emptyColumns.Add(names[c]);
            }
        }

        // One warning for all the empty columns (a wide sheet may have thousands), naming the first few.
        if (emptyColumns.Count == 1)
        {
            warnings.Add($"Column \"{emptyColumns[0]}\" is empty in every row.");
        }
        else if (emptyColumns.Count > 1)
        {
            warnings.Add($"{emptyColumns.Count:N0} columns are empty in every row: {TextCaps.QuotedList(emptyColumns)}.");
        }

        if (run.TotalBytes > _options.WarnUploadBytes)
        {
            warnings.Add($"The file is {UploadRejections.Megabytes(run.TotalBytes)}, over {UploadRejections.Megabytes(_options.WarnUploadBytes)}: " +
                "analysis may be slow.");
        }

        if (profiler.RowCount > _options.SampleRowThreshold)
        {
            warnings.Add($"The file has {profiler.RowCount:N0} rows, more than {_options.SampleRowThreshold:N0}: " +
                "analysis will sample the rows, and the results will say so.");
        }

        var profile = new DatasetProfile(
            SizeBytes: run.TotalBytes,
            Encoding: EncodingName(normalizer.Encoding),
            Delimiter: ProfileWire.DelimiterOf((char)profiler.Delimiter),
            RowCount: profiler.RowCount,
            Columns: ColumnRoles.Assign(columns, profiler.RowCount),
            Sample: profiler.Sample,
            Warnings: TextCaps.Warnings(warnings),
            RaggedRowCount: profiler.RaggedRowCount,
            DecimalSeparator: decimalSeparator == "," ? DecimalMark.Comma : DecimalMark.Point,
            Sha256: run.Sha256Hex!);
        return UploadValidationResult.Accepted(name, profile);
    }

    /// <summary>"," when more numeric columns can only be read with a decimal comma than with a decimal point.</summary>
    private static string DecimalSeparator(IReadOnlyList<ColumnStats> columns)
    {
        int commaOnly = 0, dotOnly = 0;
        foreach (ColumnStats c in columns)
        {
            int mask = c.Candidates;
            if (c.NonNull == 0 || (mask & ColumnStats.Integer) != 0)
            {
                continue;
            }

            bool dot = (mask & ColumnStats.DotDecimal) != 0, comma = (mask & ColumnStats.CommaDecimal) != 0;
            if (comma && !dot)
            {
                commaOnly++;
            }
            else if (dot && !comma)
            {
                dotOnly++;
            }
        }

        return commaOnly > dotOnly ? "," : ".";
    }

    internal static string EncodingName(SourceEncoding encoding) => encoding switch
    {
        SourceEncoding.Utf8Bom => "utf-8-bom",
        SourceEncoding.Utf16LE => "utf-16le",
        SourceEncoding.Utf16BE => "utf-16be",
        SourceEncoding.Windows1252 => "windows-1252",
        _ => "utf-8",
    };

    private static string DelimiterName(byte delimiter) => delimiter switch
    {
        (byte)';' => "semicolon",
        (byte)'\t' => "tab",
        (byte)'|' => "pipe",
        _ => "comma",
    };

    /// <summary>State of one validation pass: buffers, hash, decoder and parser.</summary>
    private sealed class Run(Stream input, IUploadSink sink, long limit, int maxColumns) : IDisposable
    {
        private static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t\r\n\f\v"u8);
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private byte[] _raw = ArrayPool<byte>.Shared.Rent(RawChunkBytes);
        private byte[] _parse = ArrayPool<byte>.Shared.Rent(InitialParseBytes);
        private int _rawStart, _rawEnd, _parseLength;
        private bool _eof;
        private Task _hashing = Task.CompletedTask;

        public long TotalBytes { get; private set; }

        public Utf8Normalizer? Normalizer { get; private set; }

        public CsvProfiler? Profiler { get; private set; }

        public string? Sha256Hex { get; private set; }

        /// <summary>True once a byte other than whitespace and line breaks was read.</summary>
        public bool HasContent { get; private set; }

        /// <summary>True while the data copy is byte for byte the original (UTF-8 without BOM, nothing replaced or removed).</summary>
        private bool _sameAsOriginal;
        private bool _firstLineChecked;
        private byte? _separatorLineDelimiter;

        public async Task<UploadRejection?> ExecuteAsync(CancellationToken ct)
        {
            while (!_eof && _rawEnd < TextEncodingSniffer.WindowBytes)
            {
                if (await ReadAsync(ct).ConfigureAwait(false))
                {
                    return UploadRejections.TooLarge(null, limit);
                }
            }

            SniffResult sniff = TextEncodingSniffer.Sniff(_raw.AsSpan(0, _rawEnd), _eof);
            if (sniff.Rejection is not null)
            {
                return sniff.Rejection;
            }

            _rawStart = sniff.BomLength;
            Normalizer = new Utf8Normalizer(sniff.Encoding);
            _sameAsOriginal = sniff.Encoding == SourceEncoding.Utf8 && sniff.BomLength == 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (!_eof && _rawEnd - _rawStart < RawChunkBytes / 2 && await ReadAsync(ct).ConfigureAwait(false))
                {
                    return UploadRejections.TooLarge(null, limit);
                }

                if (_parse.Length - _parseLength < MinParseFreeBytes)
                {
                    if (_parseLength > MaxRowBytes)
                    {
                        // An odd number of quotes in the pending row: one is never closed. An even number: the row is just that long.
                        bool openQuote = (_parse.AsSpan(0, _parseLength).Count((byte)'"') & 1) == 1;
                        return UploadRejections.Malformed(
                            $"The row starting on line {Profiler?.Line ?? 1} is longer than {UploadRejections.Megabytes(MaxRowBytes)}. " +
                            (openQuote
                                ? "This usually means a double quote (\") is never closed; check the quotes in that row."
                                : "A row may hold at most that much; shorten its longest fields (or split them into rows), then upload it again."));
                    }

                    GrowParseBuffer();
                }

                bool decoded = Normalizer.Convert(_raw.AsSpan(_rawStart, _rawEnd - _rawStart), _parse.AsSpan(_parseLength),
                    _eof, out int consumed, out int written);
                if (!decoded)
                {
                    return UploadRejections.Undecodable(
                        $"The file looks like {EncodingName(Normalizer.Encoding).ToUpperInvariant()} text but contains invalid data " +
                        $"near byte {TotalBytes - (_rawEnd - _rawStart):N0}.");
                }

                _rawStart += consumed;
                bool isFinal = _eof && _rawStart == _rawEnd;
                _sameAsOriginal &= Normalizer.Encoding == SourceEncoding.Utf8 && Normalizer.ReplacedSequences == 0;
                if (!_firstLineChecked && (written > 0 || isFinal))
                {
                    // The first decode holds the sniffer's whole window, so a sep= line is complete in it.
                    _firstLineChecked = true;
                    if (CsvDelimiterDetector.TryReadSeparatorLine(_parse.AsSpan(_parseLength, written), isFinal, out byte sep, out int sepLength))
                    {
                        _separatorLineDelimiter = sep;
                        _sameAsOriginal = false; // the data copy leaves the line out
                        _parse.AsSpan(_parseLength + sepLength, written - sepLength).CopyTo(_parse.AsSpan(_parseLength));
                        written -= sepLength;
                    }
                }

                if (written > 0)
                {
                    ReadOnlySpan<byte> text = _parse.AsSpan(_parseLength, written);
                    if (text.Contains((byte)0))
                    {
                        return UploadRejections.NotCsv("The file contains binary data (NUL characters), so it is not a text file.");
                    }

                    HasContent = HasContent || text.IndexOfAnyExcept(Whitespace) >= 0;
                    await sink.WriteDataAsync(_parse.AsMemory(_parseLength, written), _sameAsOriginal, ct).ConfigureAwait(false);
                    _parseLength += written;
                }

                if (!isFinal && consumed == 0 && written == 0 && _eof)
                {
                    return UploadRejections.Undecodable("The file ends in the middle of a character.");
                }

                Profiler ??= _separatorLineDelimiter is { } forced
                    ? new CsvProfiler(forced, maxColumns, firstLine: 2)
                    : new CsvProfiler(CsvDelimiterDetector.Detect(_parse.AsSpan(0, _parseLength), isFinal), maxColumns);
                int used = Profiler.Parse(_parse.AsSpan(0, _parseLength), isFinal);
                if (Profiler.TooManyColumns)
                {
                    return UploadRejections.TooManyColumns(maxColumns);
                }

                if (Profiler.UnclosedQuoteLine is { } line)
                {
                    return UploadRejections.Malformed(
                        $"A quoted field that starts on line {line} is never closed: a double quote (\") is missing. " +
                        "Check the quotes in that row (a quote inside a quoted field is written twice: \"\").");
                }

                _parse.AsSpan(used, _parseLength - used).CopyTo(_parse);
                _parseLength -= used;
                if (isFinal)
                {
                    break;
                }
            }

            await _hashing.ConfigureAwait(false);
            Sha256Hex = Convert.ToHexStringLower(_sha.GetHashAndReset());
            return null;
        }

        /// <summary>Reads once, never past the limit plus one byte; returns true when the limit is exceeded.</summary>
        private async Task<bool> ReadAsync(CancellationToken ct)
        {
            await _hashing.ConfigureAwait(false); // the raw buffer is about to move
            if (_rawStart > 0)
            {
                _raw.AsSpan(_rawStart, _rawEnd - _rawStart).CopyTo(_raw);
                _rawEnd -= _rawStart;
                _rawStart = 0;
            }

            int want = (int)Math.Min(_raw.Length - _rawEnd, limit + 1 - TotalBytes);
            int n = 0;
            // A stream may hand over a few KB per read (a multipart section reads through a small buffer): gather at
            // least MinReadBytes before decoding, hashing and staging them, so the per-chunk work is paid per 64 KB.
            while (n < Math.Min(want, MinReadBytes))
            {
                int got = await input.ReadAsync(_raw.AsMemory(_rawEnd + n, want - n), ct).ConfigureAwait(false);
                if (got == 0)
                {
                    break;
                }

                n += got;
            }

            if (n == 0)
            {
                _eof = true;
                return false;
            }

            // Hash on another core while this one decodes and parses the same bytes.
            int offset = _rawEnd;
            await sink.WriteOriginalAsync(_raw.AsMemory(offset, n), ct).ConfigureAwait(false);
            _hashing = n >= 64 * 1024
                ? Task.Run(() => _sha.AppendData(_raw, offset, n), CancellationToken.None)
                : HashNow(offset, n);
            _rawEnd += n;
            TotalBytes += n;
            return TotalBytes > limit;
        }

        private Task HashNow(int offset, int count)
        {
            _sha.AppendData(_raw, offset, count);
            return Task.CompletedTask;
        }

        /// <summary>Waits for background hashing, so that the buffers can be returned.</summary>
        public Task DrainAsync() => _hashing;

        private void GrowParseBuffer()
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(_parse.Length * 2);
            _parse.AsSpan(0, _parseLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_parse);
            _parse = bigger;
        }

        public void Dispose()
        {
            _sha.Dispose();
            ArrayPool<byte>.Shared.Return(_raw);
            ArrayPool<byte>.Shared.Return(_parse);
            _raw = _parse = [];
        }
    }
}
