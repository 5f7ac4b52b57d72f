using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Storage;

/// <summary>Creates the blob containers and tables the app uses. Idempotent; safe to run at every start.</summary>
public sealed class StorageInitializer(BlobServiceClient blobs, TableServiceClient tables, IOptions<StorageOptions> options)
{
    int initialized;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref initialized) == 1)
        {
            return;
        }

        var o = options.Value;
        await Task.WhenAll(
            blobs.GetBlobContainerClient(o.UploadsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            blobs.GetBlobContainerClient(o.ArtifactsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            tables.CreateTableIfNotExistsAsync(o.SessionsTable, cancellationToken),
            tables.CreateTableIfNotExistsAsync(o.IdempotencyTable, cancellationToken),
            tables.CreateTableIfNotExistsAsync(o.HealthTable, cancellationToken));
        Volatile.Write(ref initialized, 1);
    }
}
