using System.Security.Cryptography;

namespace DataStoryBot.Core.Storage;

/// <summary>A read-only pass-through stream that hashes (SHA-256) and counts what is read, and stops at a size cap.</summary>
public sealed class HashingReadStream(Stream inner, long maxBytes) : PassThroughReadStream(inner, leaveOpen: true)
{
    readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public string HashHex() => Convert.ToHexStringLower(hash.GetCurrentHash());

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    protected override void OnRead(ReadOnlySpan<byte> data)
    {
        BytesRead += data.Length;
        if (BytesRead > maxBytes)
        {
            throw new InvalidDataException($"The file is larger than the {maxBytes / (1024 * 1024)} MB limit for one artifact.");
        }

        hash.AppendData(data);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
