using Azure.Data.Tables;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Sessions;
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
        var store = new SessionStore(tables, Options.Create(storage), TimeProvider.System);
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
        var store = new SessionStore(tables, Options.Create(storage), TimeProvider.System);
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
}
