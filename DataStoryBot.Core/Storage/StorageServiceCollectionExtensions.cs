using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DataStoryBot.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Blob, Queue and Table clients through Microsoft.Extensions.Azure: a connection string
    /// (<c>UseDevelopmentStorage=true</c> by default, i.e. Azurite) or service URIs with a managed identity; see <see cref="StorageAccount"/>.
    /// </summary>
    public static IServiceCollection AddDataStoryBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        services.AddAzureClients(clients =>
        {
            if (options.UsesServiceUris)
            {
                clients.UseCredential(StorageAccount.Credential(options));
                clients.AddBlobServiceClient(StorageAccount.BlobServiceUri(options));
                clients.AddQueueServiceClient(StorageAccount.QueueServiceUri(options));
                clients.AddTableServiceClient(StorageAccount.TableServiceUri(options));
            }
            else
            {
                var connectionString = StorageAccount.ConnectionString(options);
                clients.AddBlobServiceClient(connectionString);
                clients.AddQueueServiceClient(connectionString);
                clients.AddTableServiceClient(connectionString);
            }
        });
        return services;
    }
}
