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

/// <summary>Creates the containers and tables when a host starts (both hosts), so the first request finds them.</summary>
public sealed partial class StorageInitializerService(StorageInitializer initializer, Microsoft.Extensions.Logging.ILogger<StorageInitializerService> logger) : Microsoft.Extensions.Hosting.IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await initializer.EnsureCreatedAsync(cancellationToken);
        }
        catch (Azure.RequestFailedException e)
        {
            // Storage may come up after the host; the upload handler ensures it again before first use.
            StorageUnreachable(logger, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 1903, EventName = "storage.unreachable_at_start", Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "storage.unreachable_at_start: containers and tables will be created on first upload")]
    static partial void StorageUnreachable(Microsoft.Extensions.Logging.ILogger logger, Exception exception);
}
