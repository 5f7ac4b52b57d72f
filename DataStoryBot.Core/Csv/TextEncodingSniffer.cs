using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace DataStoryBot.Core.Csv;

internal enum SourceEncoding
{
    Utf8,
    Utf8Bom,
    Utf16LE,
    Utf16BE,
    Windows1252,
}

/// <summary>What the first bytes of an upload say about it: its encoding, or why it is refused.</summary>
internal readonly record struct SniffResult(SourceEncoding Encoding, int BomLength, UploadRejection? Rejection);

/// <summary>Looks at the start of an upload: BOMs, binary signatures, NUL patterns, UTF-8 validity and control bytes.</summary>
internal static class TextEncodingSniffer
{
    /// <summary>How many leading bytes the sniffer wants to see (fewer when the file is shorter).</summary>
    public const int WindowBytes = 64 * 1024;

    /// <summary>Share of control bytes above which the start of a file is not text.</summary>
    private const double MaxControlShare = 0.10;

    private static readonly (byte[] Signature, string What)[] BinarySignatures =
    [
        ([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], "The file is a PNG image."),
        ([(byte)'P', (byte)'K', 0x03, 0x04], "The file is a ZIP archive (an Excel .xlsx workbook is one)."),
        ([(byte)'P', (byte)'K', 0x05, 0x06], "The file is a ZIP archive (an Excel .xlsx workbook is one)."),
        ([(byte)'P', (byte)'K', 0x07, 0x08], "The file is a ZIP archive (an Excel .xlsx workbook is one)."),
        ([(byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-'], "The file is a PDF document."),
        ([0x1F, 0x8B], "The file is GZIP-compressed; decompress it first."),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "The file is an Office document (an Excel .xls workbook is one)."),
        ([0xFF, 0xD8, 0xFF], "The file is a JPEG image."),
        ([(byte)'G', (byte)'I', (byte)'F', (byte)'8'], "The file is a GIF image."),
        ([(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C], "The file is a 7-Zip archive."),
        ([(byte)'P', (byte)'A', (byte)'R', (byte)'1'], "The file is a Parquet file."),
    ];

    /// <param name="head">The first bytes of the file (up to <see cref="WindowBytes"/> or more).</param>
    /// <param name="isWholeFile">True when <paramref name="head"/> is the entire file.</param>
    public static SniffResult Sniff(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new(SourceEncoding.Utf8Bom, 3, null);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new(SourceEncoding.Utf16LE, 2, null);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new(SourceEncoding.Utf16BE, 2, null);
        }

        foreach (var (signature, what) in BinarySignatures)
        {
            if (head.StartsWith(signature))
            {
                return Reject(UploadRejections.NotCsv(what));
            }
        }

        ReadOnlySpan<byte> window = head.Length > WindowBytes ? head[..WindowBytes] : head;
        bool windowIsWholeFile = isWholeFile && window.Length == head.Length;

        if (window.IndexOf((byte)0) >= 0)
        {
            return LooksLikeUtf16(window) is { } utf16
                ? new(utf16, 0, null)
                : Reject(UploadRejections.NotCsv("The file contains binary data (NUL bytes), so it is not a text file."));
        }

        bool validUtf8 = IsValidUtf8Prefix(window, windowIsWholeFile);
        double controlShare = ControlShare(window);
        if (controlShare > MaxControlShare)
        {
            return validUtf8
                ? Reject(UploadRejections.NotCsv("The file is mostly control characters, so it is not a text file."))
                : Reject(UploadRejections.Undecodable(
                    "The file is neither UTF-8 nor UTF-16, and read as Windows-1252 it is mostly control characters."));
        }

        if (validUtf8 || MostlyUtf8(window, windowIsWholeFile))
        {
            return new(SourceEncoding.Utf8, 0, null);
        }

        // Read as Windows-1252, bytes 0x80-0x9F are rare punctuation (€, curly quotes, dashes) or undefined; in Latin-1 and
        // Unicode they are control characters. Text has a few of them; a file made mostly of them is not text.
        if (C1Share(window) > MaxC1Share)
        {
            return Reject(UploadRejections.NotCsv(
                "The file is neither UTF-8 nor UTF-16, and read as Windows-1252 it is mostly control characters and rare symbols (bytes 0x80-0x9F), so it is not a text file."));
        }

        return new(SourceEncoding.Windows1252, 0, null);
    }

    /// <summary>
    /// Invalid UTF-8 that also holds at least as many valid multi-byte sequences as invalid ones is damaged UTF-8 (its bad bytes
    /// get replaced), not Windows-1252, where a valid multi-byte sequence is rare.
    /// </summary>
    private static bool MostlyUtf8(ReadOnlySpan<byte> window, bool isWholeFile)
    {
        int valid = 0, invalid = 0, i = 0;
        while (i < window.Length)
        {
            int ascii = window[i..].IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (ascii < 0)
            {
                break;
            }

            i += ascii;
            OperationStatus status = Rune.DecodeFromUtf8(window[i..], out _, out int length);
            if (status == OperationStatus.Done)
            {
                valid++;
            }
            else if (status == OperationStatus.NeedMoreData && !isWholeFile)
            {
                break;
            }
            else
            {
                invalid++;
            }

            i += Math.Max(1, length);
        }

        return valid > 0 && valid >= invalid;
    }

    /// <summary>Text in UTF-16 without a BOM: mostly-ASCII content puts a NUL in every other byte.</summary>
    private static SourceEncoding? LooksLikeUtf16(ReadOnlySpan<byte> window)
    {
        int pairs = window.Length / 2;
        if (pairs < 2)
        {
            return null;
        }

        int evenNuls = 0, oddNuls = 0;
        for (int i = 0; i + 1 < window.Length; i += 2)
        {
            if (window[i] == 0)
            {
                evenNuls++;
            }

            if (window[i + 1] == 0)
            {
                oddNuls++;
            }
        }

        if (oddNuls >= pairs * 0.3 && evenNuls <= pairs * 0.05)
        {
            return SourceEncoding.Utf16LE;
        }

        if (evenNuls >= pairs * 0.3 && oddNuls <= pairs * 0.05)
        {
            return SourceEncoding.Utf16BE;
        }

        return null;
    }

    /// <summary>UTF-8 validity of a prefix: a sequence cut by the end of the window is not an error unless the window is the file.</summary>
    internal static bool IsValidUtf8Prefix(ReadOnlySpan<byte> window, bool isWholeFile)
    {
        int cut = isWholeFile ? 0 : IncompleteUtf8Tail(window);
        return Utf8.IsValid(window[..^cut]);
    }

    /// <summary>Length (0–3) of a UTF-8 sequence at the end of <paramref name="data"/> that needs more bytes to be complete.</summary>
    internal static int IncompleteUtf8Tail(ReadOnlySpan<byte> data)
    {
        int max = Math.Min(3, data.Length);
        for (int back = 1; back <= max; back++)
        {
            byte b = data[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // continuation byte: keep looking for the lead byte
            }

            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? back : 0;
        }

        return 0;
    }

    /// <summary>Share of bytes 0x80-0x9F above which a file that is not UTF-8 is not Windows-1252 text either.</summary>
    private const double MaxC1Share = 0.25;

    private static double C1Share(ReadOnlySpan<byte> window) =>
        window.IsEmpty ? 0 : (double)CountC1(window) / window.Length;

    private static int CountC1(ReadOnlySpan<byte> window)
    {
        int count = 0;
        foreach (byte b in window)
        {
            if (b is >= 0x80 and <= 0x9F)
            {
                count++;
            }
        }

        return count;
    }

    private static double ControlShare(ReadOnlySpan<byte> window)
    {
        if (window.IsEmpty)
        {
            return 0;
        }

        int controls = 0;
        foreach (byte b in window)
        {
            if ((b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C) || b == 0x7F)
            {
                controls++;
            }
        }

        return (double)controls / window.Length;
    }

    private static SniffResult Reject(UploadRejection rejection) => new(SourceEncoding.Utf8, 0, rejection);
}
