using Azure.Core;
using Azure.Identity;
using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DataStoryBot.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Blob, Queue and Table clients through Microsoft.Extensions.Azure: a connection string
    /// (<c>UseDevelopmentStorage=true</c> by default, i.e. Azurite) or service URIs with a managed identity.
    /// </summary>
    public static IServiceCollection AddDataStoryBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        services.AddAzureClients(clients =>
        {
            if (options.UsesServiceUris)
            {
                TokenCredential credential = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
                    ? new DefaultAzureCredential()
                    : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
                clients.UseCredential(credential);
                clients.AddBlobServiceClient(options.BlobServiceUri!);
                clients.AddQueueServiceClient(options.QueueServiceUri ?? Replace(options.BlobServiceUri!, "blob", "queue"));
                clients.AddTableServiceClient(options.TableServiceUri ?? Replace(options.BlobServiceUri!, "blob", "table"));
            }
            else
            {
                var connectionString = string.IsNullOrWhiteSpace(options.ConnectionString) ? "UseDevelopmentStorage=true" : options.ConnectionString;
                clients.AddBlobServiceClient(connectionString);
                clients.AddQueueServiceClient(connectionString);
                clients.AddTableServiceClient(connectionString);
            }
        });
        return services;
    }

    static Uri Replace(Uri blobUri, string from, string to) =>
        new(blobUri.ToString().Replace($".{from}.", $".{to}.", StringComparison.OrdinalIgnoreCase));
}
