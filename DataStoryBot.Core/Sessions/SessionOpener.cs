using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Serialization;
using DataStoryBot.Core.Storage;

namespace DataStoryBot.Core.Sessions;

/// <summary>
/// Opens a session for an accepted file: the original (and its UTF-8 copy when that differs) in <c>uploads/{id}/…</c>,
/// the profile in <c>artifacts/{id}/profile.json</c>, and the session row. The upload streams its bytes into staged
/// blocks while it is validated (<see cref="BeginAsync"/>) and commits them with <see cref="OpenAsync(string, string, StagedUpload, DatasetProfile, string, CancellationToken)"/>;
/// the synthetic health check hands over two streams.
/// </summary>
public sealed class SessionOpener(BlobStore blobs, SessionStore sessions, StorageInitializer storage, TimeProvider time)
{
    /// <summary>How long the clean-up of a session that failed to open may take.</summary>
    static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts staging an upload for <paramref name="sessionId"/>; <paramref name="fileName"/> is the sanitized name.</summary>
    public async Task<StagedUpload> BeginAsync(string sessionId, string fileName, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        return blobs.BeginUpload(
            BlobStore.UploadPath(blobs.UploadsContainer, sessionId, "original/" + fileName),
            BlobStore.UploadPath(blobs.UploadsContainer, sessionId, "data.csv"));
    }

    /// <summary>
    /// Commits a validated upload's blobs, writes its profile and its session row, all at once. When any of them fails
    /// or is cancelled (the client left), what was written is removed before the exception goes on: a session is
    /// opened whole or not at all.
    /// </summary>
    public async Task<SessionRecord> OpenAsync(string sessionId, string fileName, StagedUpload upload, DatasetProfile profile, string tokenHash,
        CancellationToken cancellationToken)
    {
        var profileBlob = BlobStore.UploadPath(blobs.ArtifactsContainer, sessionId, "profile.json");
        var session = NewRecord(sessionId, fileName, upload.OriginalPath, upload.DataBlob, profileBlob, profile, tokenHash);
        try
        {
            await Task.WhenAll(
                upload.CommitAsync(cancellationToken),
                blobs.UploadAsync(profileBlob, BinaryData.FromObjectAsJson(profile, DataStoryBot.Core.Serialization.JsonDefaults.Web), "application/json", cancellationToken),
                sessions.CreateAsync(session, cancellationToken));
            return session;
        }
        catch
        {
            await RemoveAsync(sessionId);
            throw;
        }
    }

    /// <param name="original">The bytes as uploaded, positioned at their start.</param>
    /// <param name="normalizedUtf8">The validator's UTF-8 copy, positioned at its start.</param>
    /// <param name="tokenHash">The SHA-256 of the session token handed to the caller (see <see cref="SessionSecrets"/>).</param>
    public async Task<SessionRecord> OpenAsync(string sessionId, string fileName, Stream original, Stream normalizedUtf8, DatasetProfile profile,
        string tokenHash, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var originalBlob = BlobStore.UploadPath(blobs.UploadsContainer, sessionId, "original/" + fileName);
        var dataBlob = BlobStore.UploadPath(blobs.UploadsContainer, sessionId, "data.csv");
        var profileBlob = BlobStore.UploadPath(blobs.ArtifactsContainer, sessionId, "profile.json");
        await Task.WhenAll(
            blobs.UploadAsync(originalBlob, original, "text/csv", cancellationToken),
            blobs.UploadAsync(dataBlob, normalizedUtf8, "text/csv; charset=utf-8", cancellationToken),
            blobs.UploadAsync(profileBlob, BinaryData.FromObjectAsJson(profile, JsonDefaults.Web), "application/json", cancellationToken));

        var session = NewRecord(sessionId, fileName, originalBlob, dataBlob, profileBlob, profile, tokenHash);
        await sessions.CreateAsync(session, cancellationToken);
        return session;
    }

    /// <summary>Best effort: a failure here leaves the row (if any) to the retention sweep, and the first error is the one reported.</summary>
    async Task RemoveAsync(string sessionId)
    {
        try
        {
            using var cleanup = new CancellationTokenSource(CleanupTimeout);
            await Task.WhenAll(blobs.DeleteSessionAsync(sessionId, cleanup.Token), sessions.DeleteAsync(sessionId, cleanup.Token));
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or HttpRequestException)
        {
        }
    }

    SessionRecord NewRecord(string sessionId, string fileName, string originalBlob, string dataBlob, string profileBlob, DatasetProfile profile, string tokenHash)
    {
        var now = time.GetUtcNow();
        return new SessionRecord
        {
            SessionId = sessionId,
            TokenHash = tokenHash,
            FileName = fileName,
            OriginalBlob = originalBlob,
            DataBlob = dataBlob,
            ProfileBlob = profileBlob,
            SizeBytes = profile.SizeBytes,
            RowCount = profile.RowCount,
            ColumnCount = profile.Columns.Count,
            Sha256 = profile.Sha256,
            CreatedAt = now,
            LastActivityAt = now,
            Status = SessionStatus.Uploaded,
        };
    }
}
