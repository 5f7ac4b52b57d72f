using Azure.Identity;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Storage;

namespace DataStoryBot.Tests.Hosting;

public sealed class StorageAccountTests
{
    [Fact]
    public void ServiceUris_OnlyBlobGiven_QueueAndTableDerivedFromIt()
    {
        var options = new StorageOptions { BlobServiceUri = new Uri("https://acct.blob.core.windows.net/") };

        Assert.Equal(new Uri("https://acct.queue.core.windows.net/"), StorageAccount.QueueServiceUri(options));
        Assert.Equal(new Uri("https://acct.table.core.windows.net/"), StorageAccount.TableServiceUri(options));
    }

    [Fact]
    public void ServiceUris_AllGiven_UsedAsGiven()
    {
        var options = new StorageOptions
        {
            BlobServiceUri = new Uri("https://acct.blob.core.windows.net/"),
            QueueServiceUri = new Uri("https://other.queue.example/"),
            TableServiceUri = new Uri("https://other.table.example/"),
        };

        Assert.Equal(options.QueueServiceUri, StorageAccount.QueueServiceUri(options));
        Assert.Equal(options.TableServiceUri, StorageAccount.TableServiceUri(options));
    }

    [Fact]
    public void Credential_ManagedIdentityClientIdSet_UsesThatUserAssignedIdentity()
    {
        Assert.IsType<ManagedIdentityCredential>(StorageAccount.Credential(new StorageOptions { ManagedIdentityClientId = "00000000-0000-0000-0000-000000000001" }));
        Assert.IsType<DefaultAzureCredential>(StorageAccount.Credential(new StorageOptions()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ConnectionString_NotSet_IsAzurite(string? configured)
    {
        Assert.Equal("UseDevelopmentStorage=true", StorageAccount.ConnectionString(new StorageOptions { ConnectionString = configured }));
    }
}
