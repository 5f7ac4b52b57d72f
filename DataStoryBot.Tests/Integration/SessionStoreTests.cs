using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class SessionStoreTests
{
    [Fact]
    public async Task UpdateAsync_ManyConcurrentWriters_LoseNoUpdate()
    {
        var storage = new StorageOptions { SessionsTable = "sessions" + Guid.NewGuid().ToString("N")[..8] };
        var tables = new TableServiceClient(AzuriteServer.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(storage.SessionsTable);
        var store = new SessionStore(tables, new BlobStore(new BlobServiceClient(AzuriteServer.ConnectionString), Options.Create(storage)), Options.Create(storage), TimeProvider.System);
        var id = SessionSecrets.NewSessionId();
        await store.CreateAsync(new SessionRecord
        {
            SessionId = id, TokenHash = SessionSecrets.Hash("t"), FileName = "f.csv", OriginalBlob = "u/o", DataBlob = "u/d", ProfileBlob = "a/p",
            SizeBytes = 1, RowCount = 1, ColumnCount = 1, Sha256 = "x", CreatedAt = DateTimeOffset.UtcNow, LastActivityAt = DateTimeOffset.UtcNow,
            Status = SessionStatus.Uploaded,
        }, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => store.UpdateAsync(id, s =>
        {
            var jobs = s.ActiveJobs.ToDictionary();
            jobs[$"writer-{i}"] = $"job-{i}";
            return s with { ActiveJobs = jobs };
        }, CancellationToken.None)));

        var final = await store.GetAsync(id, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"writer-{i}").Order(), final!.ActiveJobs.Keys.Order());
    }

    [Fact]
    public async Task UpdateAsync_ChangeReturnsNull_LeavesTheRowAndItsActivityTimeAlone()
    {
        var storage = new StorageOptions { SessionsTable = "sessions" + Guid.NewGuid().ToString("N")[..8] };
        var tables = new TableServiceClient(AzuriteServer.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(storage.SessionsTable);
        var store = new SessionStore(tables, new BlobStore(new BlobServiceClient(AzuriteServer.ConnectionString), Options.Create(storage)), Options.Create(storage), TimeProvider.System);
        var id = SessionSecrets.NewSessionId();
        var created = DateTimeOffset.UtcNow.AddHours(-3);
        await store.CreateAsync(new SessionRecord
        {
            SessionId = id, TokenHash = SessionSecrets.Hash("t"), FileName = "f.csv", OriginalBlob = "u/o", DataBlob = "u/d", ProfileBlob = "a/p",
            SizeBytes = 1, RowCount = 1, ColumnCount = 1, Sha256 = "x", CreatedAt = created, LastActivityAt = created, Status = SessionStatus.Uploaded,
        }, CancellationToken.None);

        await store.UpdateAsync(id, _ => null, CancellationToken.None);

        Assert.Equal(created, (await store.GetAsync(id, CancellationToken.None))!.LastActivityAt, TimeSpan.FromMilliseconds(1));
        Assert.Null(await store.UpdateAsync(SessionSecrets.NewSessionId(), s => s, CancellationToken.None));
    }

    static async Task<(SessionStore Store, TableClient Table, BlobStore Blobs, string Id)> NewSessionAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var storage = new StorageOptions { SessionsTable = "sessions" + suffix, ArtifactsContainer = "art-" + suffix, UploadsContainer = "up-" + suffix };
        var tables = new TableServiceClient(AzuriteServer.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(storage.SessionsTable);
        var blobClient = new BlobServiceClient(AzuriteServer.ConnectionString);
        await blobClient.GetBlobContainerClient(storage.ArtifactsContainer).CreateIfNotExistsAsync();
        await blobClient.GetBlobContainerClient(storage.UploadsContainer).CreateIfNotExistsAsync();
        var blobs = new BlobStore(blobClient, Options.Create(storage));
        var store = new SessionStore(tables, blobs, Options.Create(storage), TimeProvider.System);
        var id = SessionSecrets.NewSessionId();
        await store.CreateAsync(new SessionRecord
        {
            SessionId = id, TokenHash = SessionSecrets.Hash("t"), FileName = "f.csv", OriginalBlob = "u/o", DataBlob = "u/d", ProfileBlob = "a/p",
            SizeBytes = 1, RowCount = 1, ColumnCount = 1, Sha256 = "x", CreatedAt = DateTimeOffset.UtcNow, LastActivityAt = DateTimeOffset.UtcNow,
            Status = SessionStatus.Analyzing, ActiveJobs = new Dictionary<string, string> { [JobIds.AnalyzeKey] = "job-a" },
        }, CancellationToken.None);
        return (store, tables.GetTableClient(storage.SessionsTable), blobs, id);
    }

    static StoredDiscovery DiscoveryNaming(string column) => new("job-a",
        Enumerable.Range(1, 3).Select(i => new StoredStory("st" + i, new StoryCandidate($"How {column} varies ({i})", $"The column {column} has 1 row.", ["bar"],
            new StoryEvidence("test", i, null, null, 1, [column], "test")))).ToList(),
        new EngineProvenance("test", "1", null, [], SamplingInfo.None(1), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), "x");

    [Fact]
    public async Task ApplyAsync_DiscoveryFarOverATableProperty_IsStoredInABlobAndReadBackWhole()
    {
        var (store, table, blobs, id) = await NewSessionAsync();
        var column = new string('c', 40_000);

        var (result, _) = await store.ApplyAsync(id, new SessionEvent.AnalysisCompleted("job-a", DiscoveryNaming(column)), CancellationToken.None);

        Assert.Equal(TransitionResult.Applied, result);
        var read = await store.GetAsync(id, CancellationToken.None);
        Assert.Equal(SessionStatus.Analyzed, read!.Status);
        Assert.All(read.Discovery!.Stories, st => Assert.Equal(column, st.Candidate.Evidence.Columns[0]));
        var raw = (await table.GetEntityAsync<TableEntity>(id, "session")).Value;
        Assert.StartsWith("blob:", raw.GetString("Discovery"), StringComparison.Ordinal);
        Assert.Single(await blobs.ListSessionBlobsAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_ALargeDiscoveryReplacedByASmallOne_TakesItsBlobWithIt()
    {
        var (store, _, blobs, id) = await NewSessionAsync();
        await store.ApplyAsync(id, new SessionEvent.AnalysisCompleted("job-a", DiscoveryNaming(new string('c', 40_000))), CancellationToken.None);
        await store.ApplyAsync(id, new SessionEvent.JobStarted(JobIds.AnalyzeKey, "job-b"), CancellationToken.None);

        var (result, _) = await store.ApplyAsync(id, new SessionEvent.AnalysisCompleted("job-b", DiscoveryNaming("amount") with { JobId = "job-b" }), CancellationToken.None);

        Assert.Equal(TransitionResult.Applied, result);
        Assert.Equal("amount", (await store.GetAsync(id, CancellationToken.None))!.Discovery!.Stories[0].Candidate.Evidence.Columns[0]);
        Assert.Empty(await blobs.ListSessionBlobsAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_SessionMarkedDeleting_WritesNothingAndReportsDeleted()
    {
        var (store, table, _, id) = await NewSessionAsync();
        Assert.True(await store.TryMarkDeletingAsync((await store.GetAsync(id, CancellationToken.None))!, CancellationToken.None));
        var before = (await table.GetEntityAsync<TableEntity>(id, "session")).Value.ETag;

        var (result, session) = await store.ApplyAsync(id, new SessionEvent.AnalysisCompleted("job-a", DiscoveryNaming("amount")), CancellationToken.None);
        var updated = await store.UpdateAsync(id, s => s with { FileName = "other.csv" }, CancellationToken.None);

        Assert.Equal(TransitionResult.Deleted, result);
        Assert.Null(session);
        Assert.Null(updated);
        var after = (await table.GetEntityAsync<TableEntity>(id, "session")).Value;
        Assert.Equal(before, after.ETag);
        Assert.Equal("expiring", after.GetString("Status"));
    }
}
