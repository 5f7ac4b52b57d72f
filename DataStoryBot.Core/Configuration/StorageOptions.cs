namespace DataStoryBot.Core.Configuration;

/// <summary>
/// Storage account settings, section <c>Storage</c>. Either a connection string (Azurite locally:
/// <c>UseDevelopmentStorage=true</c>, the default) or service URIs reached with a managed identity in Azure.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public string? ConnectionString { get; set; } = "UseDevelopmentStorage=true";
    public Uri? BlobServiceUri { get; set; }
    public Uri? QueueServiceUri { get; set; }
    public Uri? TableServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty uses the default credential chain.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public string UploadsContainer { get; set; } = "uploads";
    public string ArtifactsContainer { get; set; } = "artifacts";
    public string SessionsTable { get; set; } = "sessions";
    public string IdempotencyTable { get; set; } = "idempotency";
    public string HealthTable { get; set; } = "health";

    public bool UsesServiceUris => BlobServiceUri is not null;
}
