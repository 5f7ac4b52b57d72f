using System.Buffers;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace DataStoryBot.Core.Storage;

/// <summary>
/// Streams bytes into one block blob as staged blocks (Put Block), a few in flight while the caller keeps producing,
/// and makes them the blob's content only on <see cref="CommitAsync"/> (Put Block List). Until then nothing is
/// visible: a blob with only uncommitted blocks is not listed, cannot be read, and Azure discards its blocks after a
/// week. Memory is bounded: at most <c>maxInFlight + 1</c> pooled blocks.
/// </summary>
public sealed class StagedBlockWriter : IAsyncDisposable
{
    readonly BlockBlobClient blob;
    readonly int blockSize;
    readonly SemaphoreSlim slots;
    readonly CancellationTokenSource abort = new();
    readonly List<string> blockIds = [];
    readonly List<Task> staging = [];
    byte[]? current;
    int filled;
    bool committed;

    public StagedBlockWriter(BlockBlobClient blob, int blockSize, int maxInFlight)
    {
        this.blob = blob;
        this.blockSize = blockSize;
        slots = new SemaphoreSlim(maxInFlight, maxInFlight);
    }

    /// <summary>Bytes appended so far.</summary>
    public long Length { get; private set; }

    /// <summary>Copies <paramref name="bytes"/> into the current block; a full block is staged in the background.</summary>
    public async ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(committed, this);
        while (!bytes.IsEmpty)
        {
            current ??= ArrayPool<byte>.Shared.Rent(blockSize);
            int n = Math.Min(blockSize - filled, bytes.Length);
            bytes.Span[..n].CopyTo(current.AsSpan(filled));
            filled += n;
            Length += n;
            bytes = bytes[n..];
            if (filled == blockSize)
            {
                await StageCurrentAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Stages what is left and commits the block list: first, when <paramref name="prefixSource"/> is given, the first
    /// <paramref name="prefixLength"/> bytes of that (committed) blob, copied block by block, then the appended bytes.
    /// </summary>
    public async Task CommitAsync(string contentType, BlobClient? prefixSource, long prefixLength, CancellationToken cancellationToken)
    {
        if (filled > 0)
        {
            await StageCurrentAsync(cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(staging).ConfigureAwait(false);
        var prefixIds = new List<string>();
        if (prefixSource is not null && prefixLength > 0)
        {
            await CopyPrefixAsync(prefixSource, prefixLength, prefixIds, cancellationToken).ConfigureAwait(false);
        }

        await blob.CommitBlockListAsync([.. prefixIds, .. blockIds],
            new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken).ConfigureAwait(false);
        committed = true;
    }

    async Task CopyPrefixAsync(BlobClient source, long length, List<string> ids, CancellationToken cancellationToken)
    {
        var download = await source.DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(0, length) }, cancellationToken).ConfigureAwait(false);
        await using var content = download.Value.Content;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        try
        {
            while (true)
            {
                int n = await content.ReadAtLeastAsync(buffer.AsMemory(0, blockSize), blockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                string id = BlockId('p', ids.Count);
                using var stream = new MemoryStream(buffer, 0, n, writable: false);
                await blob.StageBlockAsync(id, stream, StageOptions, cancellationToken).ConfigureAwait(false);
                ids.Add(id);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    async Task StageCurrentAsync(CancellationToken cancellationToken)
    {
        ThrowIfStagingFailed();
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        byte[] buffer = current!;
        int length = filled;
        current = null;
        filled = 0;
        string id = BlockId('b', blockIds.Count);
        blockIds.Add(id);
        staging.Add(StageAsync(id, buffer, length));
    }

    async Task StageAsync(string id, byte[] buffer, int length)
    {
        try
        {
            await Task.Yield(); // let the caller go on producing the next block
            using var stream = new MemoryStream(buffer, 0, length, writable: false);
            await blob.StageBlockAsync(id, stream, StageOptions, abort.Token).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            slots.Release();
        }
    }

    void ThrowIfStagingFailed()
    {
        foreach (var task in staging)
        {
            if (task.IsFaulted)
            {
                task.GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>
    /// Each block carries its MD5 (Content-MD5): the service checks it, so a block damaged on the way is refused rather
    /// than committed. (It also spares Azurite its own CRC64 of every block, which it computes in JavaScript when no MD5
    /// is sent and which made it several times slower.)
    /// </summary>
    static readonly BlockBlobStageBlockOptions StageOptions = new()
    {
        TransferValidation = new Azure.Storage.UploadTransferValidationOptions { ChecksumAlgorithm = Azure.Storage.StorageChecksumAlgorithm.MD5 },
    };

    /// <summary>Same-length block ids (a blob requires it): a kind letter and a six-digit sequence number.</summary>
    static string BlockId(char kind, int index) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"{kind}{index:D6}"));

    /// <summary>Stops staging that is still running (nothing was committed unless <see cref="CommitAsync"/> returned) and returns the buffers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!committed)
        {
            await abort.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(staging).ConfigureAwait(false);
        }
        catch (Exception) when (!committed)
        {
            // Abandoned: the blocks were never committed, so a failed or cancelled stage leaves nothing visible.
        }

        if (current is not null)
        {
            ArrayPool<byte>.Shared.Return(current);
            current = null;
        }

        abort.Dispose();
        slots.Dispose();
    }
}
