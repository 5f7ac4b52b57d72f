
using DataStoryBot.Core.Csv;

namespace DataStoryBot.Core.Storage;

/// <summary>
/// An upload on its way into Blob storage while it is validated: the original's bytes are staged as blocks of
/// <see cref="OriginalPath"/>; the UTF-8 data copy gets a blob of its own (<see cref="DataPath"/>) only from the first
/// byte where it differs from the original (a BOM, another encoding, a replaced sequence, a removed <c>sep=</c> line).
/// Nothing is visible until <see cref="CommitAsync"/>; disposing it uncommitted abandons the staged blocks.
/// </summary>
public sealed class StagedUpload : IUploadSink, IAsyncDisposable
{
    /// <summary>4 MiB blocks, three in flight per blob: at most 16 MiB buffered per blob.</summary>
    public const int BlockBytes = 4 * 1024 * 1024;
    public const int BlocksInFlight = 3;

    readonly BlobStore blobs;
    readonly StagedBlockWriter original;
    StagedBlockWriter? data;
    long identicalPrefix;

    internal StagedUpload(BlobStore blobs, string originalPath, string dataPath)
    {
        this.blobs = blobs;
        OriginalPath = originalPath;
        DataPath = dataPath;
        original = new StagedBlockWriter(blobs.GetBlockBlob(originalPath), BlockBytes, BlocksInFlight);
    }

    public string OriginalPath { get; }

    /// <summary>The original's content type when a separate data copy exists (a workbook's is not text/csv).</summary>
    public string OriginalContentType { get; set; } = "text/csv";

    /// <summary>Where the data copy goes when it differs from the original.</summary>
    public string DataPath { get; }

    /// <summary>True while the data copy is byte for byte the original: then one blob serves both.</summary>
    public bool DataIsOriginal => data is null;

    /// <summary>The blob the engines read: the original itself when <see cref="DataIsOriginal"/>.</summary>
    public string DataBlob => DataIsOriginal ? OriginalPath : DataPath;

    public ValueTask WriteOriginalAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        original.AppendAsync(bytes, cancellationToken);

    public ValueTask WriteDataAsync(ReadOnlyMemory<byte> utf8, bool sameAsOriginal, CancellationToken cancellationToken)
    {
        if (data is null)
        {
            if (sameAsOriginal)
            {
                identicalPrefix += utf8.Length;
                return ValueTask.CompletedTask;
            }

            data = new StagedBlockWriter(blobs.GetBlockBlob(DataPath), BlockBytes, BlocksInFlight);
        }

        return data.AppendAsync(utf8, cancellationToken);
    }

    /// <summary>
    /// Commits the original and, when there is one, the data copy (whose identical prefix, if any, is copied from the
    /// committed original). Both blobs are written or the call throws; the caller removes what a failure left.
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        Task commitOriginal = original.CommitAsync(DataIsOriginal ? BlobStore.Utf8CsvContentType : OriginalContentType, null, 0, cancellationToken);
        if (data is null)
        {
            await commitOriginal.ConfigureAwait(false);
        }
        else if (identicalPrefix == 0)
        {
            await Task.WhenAll(commitOriginal, data.CommitAsync(BlobStore.Utf8CsvContentType, null, 0, cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            // The data copy starts with bytes only the original holds: copy them once the original is committed.
            await commitOriginal.ConfigureAwait(false);
            await data.CommitAsync(BlobStore.Utf8CsvContentType, blobs.GetBlob(OriginalPath), identicalPrefix, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await original.DisposeAsync().ConfigureAwait(false);
        if (data is not null)
        {
            await data.DisposeAsync().ConfigureAwait(false);
        }
    }
}
