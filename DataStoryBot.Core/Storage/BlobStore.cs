using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Storage;

/// <summary>
/// The app's blobs. Originals (and, when the encoding changed, their UTF-8 copies) live in <c>uploads/{sessionId}/…</c>;
/// profiles, charts, datasets and narratives in <c>artifacts/{sessionId}/…</c>. Paths stored on sessions are
/// "container/name"; a session's original and data paths may name the same blob.
/// </summary>
public sealed class BlobStore(BlobServiceClient blobs, IOptions<StorageOptions> options)
{
    public string UploadsContainer => options.Value.UploadsContainer;
    public string ArtifactsContainer => options.Value.ArtifactsContainer;

    public static string UploadPath(string container, string sessionId, string name) => $"{container}/{sessionId}/{name}";

    /// <summary>Content type of a UTF-8 CSV blob (the data copy, or an original that already is UTF-8 without a BOM).</summary>
    public const string Utf8CsvContentType = "text/csv; charset=utf-8";

    public BlobClient GetBlob(string path)
    {
        var (container, name) = Split(path);
        return blobs.GetBlobContainerClient(container).GetBlobClient(name);
    }

    public BlockBlobClient GetBlockBlob(string path)
    {
        var (container, name) = Split(path);
        return blobs.GetBlobContainerClient(container).GetBlockBlobClient(name);
    }

    static (string Container, string Name) Split(string path)
    {
        var slash = path.IndexOf('/');
        if (slash <= 0 || slash == path.Length - 1)
        {
            throw new ArgumentException($"Blob path '{path}' must be 'container/name'.", nameof(path));
        }

        return (path[..slash], path[(slash + 1)..]);
    }

    /// <summary>Starts an upload whose blobs are staged while it is validated and committed only if it is accepted.</summary>
    public StagedUpload BeginUpload(string originalPath, string dataPath) => new(this, originalPath, dataPath);

    public async Task UploadAsync(string path, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            TransferOptions = new Azure.Storage.StorageTransferOptions { MaximumConcurrency = 2, InitialTransferSize = 8 * 1024 * 1024, MaximumTransferSize = 4 * 1024 * 1024 },
        };
        await GetBlob(path).UploadAsync(content, options, cancellationToken);
    }

    public async Task UploadAsync(string path, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        await GetBlob(path).UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
    }

    /// <summary>Opens a blob for streaming, or null when it does not exist.</summary>
    public async Task<BlobStream?> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var response = await GetBlob(path).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return new BlobStream(response.Value.Content, response.Value.Details.ContentType, response.Value.Details.ContentLength);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<BinaryData?> DownloadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return (await GetBlob(path).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes every blob under a path prefix ("container/prefix"). Idempotent; returns how many were deleted.</summary>
    public async Task<int> DeleteUnderAsync(string pathPrefix, CancellationToken cancellationToken)
    {
        var (containerName, prefix) = Split(pathPrefix.TrimEnd('/') + "/");
        var container = blobs.GetBlobContainerClient(containerName);
        var deleted = 0;
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            if ((await container.DeleteBlobIfExistsAsync(item.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)).Value)
            {
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Deletes every blob of a session in both containers. Idempotent.</summary>
    public async Task<int> DeleteSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var containerName in new[] { UploadsContainer, ArtifactsContainer })
        {
            var container = blobs.GetBlobContainerClient(containerName);
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = sessionId + "/" }, cancellationToken))
            {
                var response = await container.DeleteBlobIfExistsAsync(item.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
                if (response.Value)
                {
                    deleted++;
                }
            }
        }

        return deleted;
    }

    public async Task<IReadOnlyList<string>> ListSessionBlobsAsync(string sessionId, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var containerName in new[] { UploadsContainer, ArtifactsContainer })
        {
            await foreach (var item in blobs.GetBlobContainerClient(containerName).GetBlobsAsync(new GetBlobsOptions { Prefix = sessionId + "/" }, cancellationToken))
            {
                names.Add($"{containerName}/{item.Name}");
            }
        }

        return names;
    }
}

public sealed record BlobStream(Stream Content, string ContentType, long Length);
