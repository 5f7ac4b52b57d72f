using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace DataStoryBot.Core.Csv;

/// <summary>
/// Converts an upload, chunk by chunk, from its detected encoding to UTF-8 without a BOM. Chunk boundaries may cut a
/// character in two: the cut bytes are left unconsumed and must be passed again with the next chunk.
/// </summary>
internal sealed class Utf8Normalizer
{
    private static readonly char[] Windows1252High =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    private char[]? _swapBuffer;
    private bool _seenNonAscii;

    public Utf8Normalizer(SourceEncoding encoding) => Encoding = encoding;

    /// <summary>The encoding in use; UTF-8 turns into Windows-1252 when invalid UTF-8 follows pure ASCII.</summary>
    public SourceEncoding Encoding { get; private set; }

    /// <summary>True when UTF-8 was detected at first and a later chunk proved the file is Windows-1252.</summary>
    public bool SwitchedToWindows1252 { get; private set; }

    /// <summary>Invalid UTF-8 sequences replaced with U+FFFD (only in files that also hold valid non-ASCII UTF-8).</summary>
    public long ReplacedSequences { get; private set; }

    /// <summary>
    /// Converts as much of <paramref name="source"/> as fits into <paramref name="destination"/> (give it at least
    /// 4 bytes to be sure of progress). Returns false when the source cannot be decoded.
    /// </summary>
    public bool Convert(ReadOnlySpan<byte> source, Span<byte> destination, bool isFinal, out int consumed, out int written)
    {
        switch (Encoding)
        {
            case SourceEncoding.Utf16LE:
            case SourceEncoding.Utf16BE:
                return ConvertUtf16(source, destination, isFinal, out consumed, out written);
            case SourceEncoding.Windows1252:
                ConvertWindows1252(source, destination, out consumed, out written);
                return true;
            default:
                ConvertUtf8(source, destination, isFinal, out consumed, out written);
                return true;
        }
    }

    private void ConvertUtf8(ReadOnlySpan<byte> source, Span<byte> destination, bool isFinal, out int consumed, out int written)
    {
        bool all = source.Length <= destination.Length;
        ReadOnlySpan<byte> body = all ? source : source[..destination.Length];
        body = body[..^(isFinal && all ? 0 : TextEncodingSniffer.IncompleteUtf8Tail(body))];
        if (Utf8.IsValid(body))
        {
            body.CopyTo(destination);
            if (!_seenNonAscii && !Ascii.IsValid(body))
            {
                _seenNonAscii = true;
            }

            consumed = written = body.Length;
            return;
        }

        ConvertInvalidUtf8(body, destination, out consumed, out written);
    }

    /// <summary>Slow path for a chunk that is not valid UTF-8.</summary>
    private void ConvertInvalidUtf8(ReadOnlySpan<byte> body, Span<byte> destination, out int consumed, out int written)
    {
        int read = 0, wrote = 0;
        while (read < body.Length)
        {
            OperationStatus status = Rune.DecodeFromUtf8(body[read..], out Rune rune, out int length);
            if (destination.Length - wrote < 4)
            {
                break;
            }

            if (status == OperationStatus.Done)
            {
                body.Slice(read, length).CopyTo(destination[wrote..]);
                _seenNonAscii |= !rune.IsAscii;
                read += length;
                wrote += length;
                continue;
            }

            if (!_seenNonAscii && Encoding == SourceEncoding.Utf8)
            {
                // Everything so far was ASCII, which Windows-1252 reads the same way: the file is Windows-1252.
                Encoding = SourceEncoding.Windows1252;
                SwitchedToWindows1252 = true;
                ConvertWindows1252(body[read..], destination[wrote..], out int c, out int w);
                consumed = read + c;
                written = wrote + w;
                return;
            }

            ReplacedSequences++;
            "\uFFFD"u8.CopyTo(destination[wrote..]);
            wrote += 3;
            read += Math.Max(1, length);
        }

        consumed = read;
        written = wrote;
    }

    private static void ConvertWindows1252(ReadOnlySpan<byte> source, Span<byte> destination, out int consumed, out int written)
    {
        int read = 0, wrote = 0;
        while (read < source.Length)
        {
            int ascii = source[read..].IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (ascii < 0)
            {
                ascii = source.Length - read;
            }

            ascii = Math.Min(ascii, destination.Length - wrote);
            source.Slice(read, ascii).CopyTo(destination[wrote..]);
            read += ascii;
            wrote += ascii;
            if (read == source.Length || destination.Length - wrote < 3)
            {
                break;
            }

            byte b = source[read++];
            char c = b < 0xA0 ? Windows1252High[b - 0x80] : (char)b;
            if (c < 0x800)
            {
                destination[wrote++] = (byte)(0xC0 | (c >> 6));
                destination[wrote++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                destination[wrote++] = (byte)(0xE0 | (c >> 12));
                destination[wrote++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                destination[wrote++] = (byte)(0x80 | (c & 0x3F));
            }
        }

        consumed = read;
        written = wrote;
    }

    private bool ConvertUtf16(ReadOnlySpan<byte> source, Span<byte> destination, bool isFinal, out int consumed, out int written)
    {
        if (isFinal && source.Length % 2 != 0)
        {
            consumed = written = 0;
            return false; // a UTF-16 file has an even number of bytes
        }

        ReadOnlySpan<byte> even = source[..(source.Length & ~1)];
        ReadOnlySpan<char> chars = MemoryMarshal.Cast<byte, char>(even);
        bool swap = (Encoding == SourceEncoding.Utf16BE) == BitConverter.IsLittleEndian;
        if (swap)
        {
            if (_swapBuffer is null || _swapBuffer.Length < chars.Length)
            {
                _swapBuffer = new char[Math.Max(chars.Length, 4096)];
            }

            BinaryPrimitives.ReverseEndianness(
                MemoryMarshal.Cast<char, ushort>(chars),
                MemoryMarshal.Cast<char, ushort>(_swapBuffer.AsSpan(0, chars.Length)));
            chars = _swapBuffer.AsSpan(0, chars.Length);
        }

        OperationStatus status = Utf8.FromUtf16(chars, destination, out int charsRead, out written,
            replaceInvalidSequences: false, isFinalBlock: isFinal);
        consumed = charsRead * 2;
        return status is OperationStatus.Done or OperationStatus.NeedMoreData or OperationStatus.DestinationTooSmall;
    }
}
