using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Serialization;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Sessions;

/// <summary>Sessions in Table storage. Updates are optimistic (ETag); <see cref="UpdateAsync"/> retries a lost race.</summary>
public sealed class SessionStore(TableServiceClient tables, IOptions<StorageOptions> options, TimeProvider time)
{
    const string RowKey = "session";

    TableClient Table => tables.GetTableClient(options.Value.SessionsTable);

    public async Task CreateAsync(SessionRecord session, CancellationToken cancellationToken) =>
        await Table.AddEntityAsync(ToEntity(session), cancellationToken);

    public async Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, RowKey, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
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
            var current = await GetAsync(sessionId, cancellationToken);
            if (SessionLifecycle.IsGone(current))
            {
                return (TransitionResult.Deleted, null);
            }

            var (result, next) = transition(current!);
            if (result != TransitionResult.Applied || next is null)
            {
                return (result, result == TransitionResult.Deleted ? null : current);
            }

            if (next.Status == SessionStatus.Deleting)
            {
                throw new InvalidOperationException("The deletion mark is written by TryMarkDeletingAsync, which keeps LastActivityAt.");
            }

            next = next with { LastActivityAt = time.GetUtcNow() };
            try
            {
                var response = await Table.UpdateEntityAsync(ToEntity(next), new ETag(current!.ETag!), TableUpdateMode.Replace, cancellationToken);
                return (TransitionResult.Applied, next with { ETag = response.Headers.ETag?.ToString() });
            }
            catch (RequestFailedException ex) when ((ex.Status == 412 || ex.Status == 409) && attempt < 20)
            {
                await Task.Delay(Random.Shared.Next(5, 25 * (attempt + 1)), cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
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

    static T? Deserialize<T>(string? json) where T : class => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, JsonDefaults.Web);
}
