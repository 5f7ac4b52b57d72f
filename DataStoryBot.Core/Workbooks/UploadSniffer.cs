namespace DataStoryBot.Core.Workbooks;

/// <summary>What the first bytes of an upload say it is.</summary>
public enum UploadKind
{
    /// <summary>Anything else: the CSV validator decides.</summary>
    Text,

    /// <summary>A ZIP archive (local file header <c>PK\x03\x04</c>): possibly an Excel .xlsx/.xlsm workbook.</summary>
    Zip,

    /// <summary>An OLE compound file (<c>D0 CF 11 E0 A1 B1 1A E1</c>): a legacy .xls, or an encrypted (password-protected) workbook.</summary>
    OleCompound,
}

/// <summary>Sniffs an upload's first bytes without losing them: the stream it returns starts with the bytes it read.</summary>
public static class UploadSniffer
{
    public const int HeadBytes = 8;

    public static UploadKind Detect(ReadOnlySpan<byte> head) =>
        head.StartsWith("PK\x03\x04"u8) ? UploadKind.Zip
        : head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) ? UploadKind.OleCompound
        : UploadKind.Text;

    public static async Task<(UploadKind Kind, Stream Body)> PeekAsync(Stream body, CancellationToken cancellationToken)
    {
        var head = new byte[HeadBytes];
        int n = 0;
        while (n < head.Length)
        {
            int read = await body.ReadAsync(head.AsMemory(n), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            n += read;
        }

        return (Detect(head.AsSpan(0, n)), new PrefixedStream(head.AsMemory(0, n), body));
    }
}

/// <summary>A read-only stream of some bytes already in memory followed by the rest of another stream.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest, bool ownsRest = false) : Stream
{
    ReadOnlyMemory<byte> remaining = prefix;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (remaining.IsEmpty)
        {
            return rest.Read(buffer);
        }

        int n = Math.Min(buffer.Length, remaining.Length);
        remaining.Span[..n].CopyTo(buffer);
        remaining = remaining[n..];
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (remaining.IsEmpty)
        {
            return rest.ReadAsync(buffer, cancellationToken);
        }

        int n = Math.Min(buffer.Length, remaining.Length);
        remaining.Span[..n].CopyTo(buffer.Span);
        remaining = remaining[n..];
        return ValueTask.FromResult(n);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsRest)
        {
            rest.Dispose();
        }

        base.Dispose(disposing);
    }
}
