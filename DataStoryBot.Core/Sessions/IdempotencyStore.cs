using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Sessions;

/// <summary>
/// Idempotency keys in Table storage (partition = session id, row = hash of operation + key). The first request
/// to insert a key owns it; every duplicate, concurrent or later, reads the owner's job id. Records older than
/// the window are replaced.
/// </summary>
public sealed class IdempotencyStore(TableServiceClient tables, IOptions<StorageOptions> storage, IOptions<DataStoryBotOptions> options, TimeProvider time)
{
    TableClient Table => tables.GetTableClient(storage.Value.IdempotencyTable);

    /// <summary>Claims <paramref name="key"/> for <paramref name="jobId"/>; returns the job id that owns the key (the given one, or an earlier one).</summary>
    public async Task<IdempotencyClaim> ClaimAsync(string sessionId, string operation, string key, string requestFingerprint, string jobId, CancellationToken cancellationToken)
    {
        var rowKey = RowKeyFor(operation, key);
        var now = time.GetUtcNow();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                await Table.AddEntityAsync(new TableEntity(sessionId, rowKey)
                {
                    ["JobId"] = jobId,
                    ["Operation"] = operation,
                    ["Fingerprint"] = requestFingerprint,
                    ["CreatedAt"] = now,
                }, cancellationToken);
                return new IdempotencyClaim(jobId, Owned: true, FingerprintMatches: true);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                var existing = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, rowKey, cancellationToken: cancellationToken);
                if (!existing.HasValue)
                {
                    continue; // deleted in between: try to claim again
                }

                var entity = existing.Value!;
                var createdAt = entity.GetDateTimeOffset("CreatedAt") ?? now;
                if (now - createdAt > options.Value.IdempotencyWindow)
                {
                    try
                    {
                        await Table.DeleteEntityAsync(sessionId, rowKey, entity.ETag, cancellationToken);
                    }
                    catch (RequestFailedException d) when (d.Status is 404 or 412)
                    {
                    }

                    continue;
                }

                return new IdempotencyClaim(entity.GetString("JobId"), Owned: false, FingerprintMatches: entity.GetString("Fingerprint") == requestFingerprint);
            }
        }

        throw new InvalidOperationException($"Could not claim idempotency key for session {sessionId}.");
    }

    /// <summary>Points an owned key at the job its request was really answered with (one another request started).</summary>
    public async Task RedirectAsync(string sessionId, string operation, string key, string jobId, CancellationToken cancellationToken)
    {
        await Table.UpdateEntityAsync(new TableEntity(sessionId, RowKeyFor(operation, key)) { ["JobId"] = jobId }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Gives a key back when its owner could not start the job, so a retry can start it.</summary>
    public async Task ReleaseAsync(string sessionId, string operation, string key, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(sessionId, RowKeyFor(operation, key), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    public async Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == sessionId, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            try
            {
                await Table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        }
    }

    static string RowKeyFor(string operation, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(operation + "\n" + key)));
}

public sealed record IdempotencyClaim(string JobId, bool Owned, bool FingerprintMatches);
