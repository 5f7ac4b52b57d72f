using Azure.Core;
using Azure.Identity;
using DataStoryBot.Core.Configuration;

namespace DataStoryBot.Core.Storage;

/// <summary>
/// How the app reaches its storage account, for every client that needs it (the app's Blob/Queue/Table clients and the
/// local host's durable backend): a connection string (<c>UseDevelopmentStorage=true</c>, i.e. Azurite, by default) or
/// service URIs with a managed identity — the user-assigned one named by <see cref="StorageOptions.ManagedIdentityClientId"/>,
/// else the default credential chain. Queue and Table URIs not given are derived from the Blob URI.
/// </summary>
public static class StorageAccount
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public static string ConnectionString(StorageOptions options) =>
        string.IsNullOrWhiteSpace(options.ConnectionString) ? DevelopmentStorage : options.ConnectionString;

    public static TokenCredential Credential(StorageOptions options) =>
        string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));

    public static Uri BlobServiceUri(StorageOptions options) =>
        options.BlobServiceUri ?? throw new InvalidOperationException("Storage:BlobServiceUri is not set.");

    public static Uri QueueServiceUri(StorageOptions options) => options.QueueServiceUri ?? Replace(BlobServiceUri(options), "blob", "queue");

    public static Uri TableServiceUri(StorageOptions options) => options.TableServiceUri ?? Replace(BlobServiceUri(options), "blob", "table");

    private static Uri Replace(Uri blobUri, string from, string to) =>
        new(blobUri.ToString().Replace($".{from}.", $".{to}.", StringComparison.OrdinalIgnoreCase));
}
