using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Serialization;
using DataStoryBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Sessions;

/// <summary>
/// Sessions in Table storage. Updates are optimistic (ETag); <see cref="UpdateAsync"/> retries a lost race. A JSON column
/// longer than <see cref="MaxInlineChars"/> (a discovery whose stories quote a very long column name, large evidence) is
/// stored in a blob under the session's artifacts and the column holds its path, so no result can exceed a Table
/// property (64 KiB) or the entity (1 MiB) whatever the file held.
/// </summary>
public sealed class SessionStore(TableServiceClient tables, BlobStore blobs, IOptions<StorageOptions> options, TimeProvider time)
{
    const string RowKey = "session";

    /// <summary>
    /// The longest JSON column kept in the row. A Table string property holds at most 32 Ki UTF-16 characters (64 KiB) and
    /// an entity 1 MiB; five columns of at most this size and the scalars stay far below both.
    /// </summary>
    public const int MaxInlineChars = 16 * 1024;

    /// <summary>A column stored in a blob holds this prefix and the blob's path.</summary>
    const string BlobPointer = "blob:";

    static readonly string[] JsonColumns = ["Container", "Discovery", "Refinements", "ActiveJobs", "Failures"];

    TableClient Table => tables.GetTableClient(options.Value.SessionsTable);

    public async Task CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        var (entity, _) = await ToStoredEntityAsync(session, cancellationToken);
        await Table.AddEntityAsync(entity, cancellationToken);
    }

    public async Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken) =>
        (await ReadAsync(sessionId, cancellationToken))?.Session;

    /// <summary>The row with its blob-stored columns read back, and the paths of those blobs.</summary>
    async Task<(SessionRecord Session, IReadOnlySet<string> Blobs)?> ReadAsync(string sessionId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, RowKey, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return null;
            }

            var entity = response.Value!;
            var paths = new HashSet<string>(StringComparer.Ordinal);
            var complete = true;
            foreach (var column in JsonColumns)
            {
                if (entity.GetString(column) is { } value && value.StartsWith(BlobPointer, StringComparison.Ordinal))
                {
                    var path = value[BlobPointer.Length..];
                    paths.Add(path);
                    var data = await blobs.DownloadAsync(path, cancellationToken);
                    complete &= data is not null;
                    entity[column] = data?.ToString();
                }
            }

            // A blob replaced by a write that landed after this row was read is gone: read the row again. A deleting
            // row whose blobs the delete already removed is read without them.
            if (complete || SessionStatusNames.Parse(entity.GetString("Status")) == SessionStatus.Deleting)
            {
                return (FromEntity(entity), paths);
            }

            if (attempt >= 3)
            {
                throw new InvalidOperationException($"A stored part of session {sessionId} is missing.");
            }
        }
    }

    /// <summary>
    /// Read-modify-write with an ETag. <paramref name="change"/> returns the new record, or null to leave it as is.
    /// It may run more than once when another writer wins the race, so it must be a pure function of its input.
    /// Returns the stored record (changed or not), or null when the session does not exist or is being deleted: a row
    /// marked <see cref="SessionStatus.Deleting"/> is never written again (a write that raced the mark loses on the ETag,
    /// re-reads the row and stops here), so nothing undoes a delete.
    /// </summary>
    public async Task<SessionRecord?> UpdateAsync(string sessionId, Func<SessionRecord, SessionRecord?> change, CancellationToken cancellationToken)
    {
        var (result, session) = await ApplyAsync(sessionId, s => change(s) is { } next ? Transition.To(next) : new Transition(TransitionResult.Unchanged, null), cancellationToken);
        return result == TransitionResult.Deleted ? null : session;
    }

    /// <summary>
    /// Applies <paramref name="e"/> (see <see cref="SessionLifecycle.Apply"/>) with an ETag, retrying a lost race.
    /// Returns what it came to and the row as stored now (null when it is gone or being deleted).
    /// </summary>
    public Task<(TransitionResult Result, SessionRecord? Session)> ApplyAsync(string sessionId, SessionEvent e, CancellationToken cancellationToken) =>
        ApplyAsync(sessionId, s => SessionLifecycle.Apply(s, e), cancellationToken);

    async Task<(TransitionResult Result, SessionRecord? Session)> ApplyAsync(string sessionId, Func<SessionRecord, Transition> transition, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var read = await ReadAsync(sessionId, cancellationToken);
            if (read is not { } row || SessionLifecycle.IsGone(row.Session))
            {
                return (TransitionResult.Deleted, null);
            }

            var current = row.Session;
            var (result, next) = transition(current);
            if (result != TransitionResult.Applied || next is null)
            {
                return (result, result == TransitionResult.Deleted ? null : current);
            }

            if (next.Status == SessionStatus.Deleting)
            {
                throw new InvalidOperationException("The deletion mark is written by TryMarkDeletingAsync, which keeps LastActivityAt.");
            }

            next = next with { LastActivityAt = time.GetUtcNow() };
            var (entity, written) = await ToStoredEntityAsync(next, cancellationToken);
            try
            {
                var response = await Table.UpdateEntityAsync(entity, new ETag(current.ETag!), TableUpdateMode.Replace, cancellationToken);
                // The columns this write replaced take their blobs with them (bounded state).
                await DeleteBlobsAsync(row.Blobs.Except(written), CancellationToken.None);
                return (TransitionResult.Applied, next with { ETag = response.Headers.ETag?.ToString() });
            }
            catch (RequestFailedException ex) when ((ex.Status == 412 || ex.Status == 409) && attempt < 20)
            {
                await DeleteBlobsAsync(written.Except(row.Blobs), CancellationToken.None);
                await Task.Delay(Random.Shared.Next(5, 25 * (attempt + 1)), cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                await DeleteBlobsAsync(written, CancellationToken.None);
                return (TransitionResult.Deleted, null);
            }
        }
    }

    /// <summary>Deletes the row. Idempotent.</summary>
    public async Task DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(sessionId, RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    /// <summary>
    /// Marks a session <see cref="SessionStatus.Deleting"/> (a DELETE or the retention sweep) — only if the row is still exactly
    /// <paramref name="session"/> (its ETag): any activity since it was read makes this return false.
    /// LastActivityAt is left as it is.
    /// </summary>
    public async Task<bool> TryMarkDeletingAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        try
        {
            if (SessionLifecycle.Apply(session, new SessionEvent.DeletionMarked()).Result != TransitionResult.Applied)
            {
                return false;
            }

            var mark = new TableEntity(session.SessionId, RowKey) { ["Status"] = SessionStatus.Deleting.ToName() };
            await Table.UpdateEntityAsync(mark, new ETag(session.ETag!), TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// What the retention sweep removes: sessions whose last activity is before <paramref name="cutoff"/>, and sessions
    /// already marked <see cref="SessionStatus.Deleting"/> (a deletion that stopped half-way, whoever started it).
    /// </summary>
    public async IAsyncEnumerable<SessionRecord> ListToSweepAsync(DateTimeOffset cutoff, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RowKey} and (LastActivityAt lt {cutoff} or Status eq {SessionStatusNames.Deleting})");
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    /// <summary>The row to write: JSON columns over <see cref="MaxInlineChars"/> are uploaded to blobs named by their content, and the paths written.</summary>
    async Task<(TableEntity Entity, IReadOnlySet<string> Written)> ToStoredEntityAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        var entity = ToEntity(session);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in JsonColumns)
        {
            if (entity.GetString(column) is { Length: > MaxInlineChars } json)
            {
                var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)))[..16];
                var path = $"{blobs.ArtifactsContainer}/{session.SessionId}/state/{column.ToLowerInvariant()}-{hash}.json";
                await blobs.UploadAsync(path, BinaryData.FromString(json), "application/json", cancellationToken);
                entity[column] = BlobPointer + path;
                written.Add(path);
            }
        }

        return (entity, written);
    }

    /// <summary>Best effort: a blob left behind is removed with the session.</summary>
    async Task DeleteBlobsAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            try
            {
                await blobs.GetBlob(path).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }
            catch (RequestFailedException)
            {
            }
        }
    }

    static TableEntity ToEntity(SessionRecord s) => new(s.SessionId, RowKey)
    {
        ["TokenHash"] = s.TokenHash,
        ["FileName"] = s.FileName,
        ["OriginalBlob"] = s.OriginalBlob,
        ["DataBlob"] = s.DataBlob,
        ["ProfileBlob"] = s.ProfileBlob,
        ["SizeBytes"] = s.SizeBytes,
        ["RowCount"] = s.RowCount,
        ["ColumnCount"] = s.ColumnCount,
        ["Sha256"] = s.Sha256,
        ["CreatedAt"] = s.CreatedAt,
        ["LastActivityAt"] = s.LastActivityAt,
        ["Status"] = s.Status.ToName(),
        ["Container"] = Serialize(s.Container),
        ["Discovery"] = Serialize(s.Discovery),
        ["Refinements"] = Serialize(s.Refinements),
        ["ActiveJobs"] = Serialize(s.ActiveJobs),
        ["Failures"] = Serialize(s.Failures),
    };

    static SessionRecord FromEntity(TableEntity e) => new()
    {
        SessionId = e.PartitionKey,
        TokenHash = e.GetString("TokenHash"),
        FileName = e.GetString("FileName"),
        OriginalBlob = e.GetString("OriginalBlob"),
        DataBlob = e.GetString("DataBlob"),
        ProfileBlob = e.GetString("ProfileBlob"),
        SizeBytes = e.GetInt64("SizeBytes") ?? 0,
        RowCount = e.GetInt64("RowCount") ?? 0,
        ColumnCount = e.GetInt32("ColumnCount") ?? 0,
        Sha256 = e.GetString("Sha256"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        LastActivityAt = e.GetDateTimeOffset("LastActivityAt") ?? default,
        Status = SessionStatusNames.Parse(e.GetString("Status")),
        Container = Deserialize<SessionContainer>(e.GetString("Container")),
        Discovery = Deserialize<StoredDiscovery>(e.GetString("Discovery")),
        Refinements = Deserialize<List<StoredRefinement>>(e.GetString("Refinements")) ?? [],
        ActiveJobs = Deserialize<Dictionary<string, string>>(e.GetString("ActiveJobs")) ?? [],
        Failures = Deserialize<Dictionary<string, JobProblem>>(e.GetString("Failures")) ?? [],
        ETag = e.ETag.ToString(),
    };

    static string? Serialize<T>(T value) => value is null ? null : JsonSerializer.Serialize(value, JsonDefaults.Web);

    /// <summary>A column still pointing at its blob (a listing that does not read them) reads as absent.</summary>
    static T? Deserialize<T>(string? json) where T : class =>
        string.IsNullOrEmpty(json) || json.StartsWith(BlobPointer, StringComparison.Ordinal) ? null : JsonSerializer.Deserialize<T>(json, JsonDefaults.Web);
}
