using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Serialization;
using DataStoryBot.Core.Storage;

namespace DataStoryBot.Core.Sessions;

/// <summary>
/// Opens a session for an accepted file: the original and its UTF-8 copy into <c>uploads/{id}/…</c>, the profile into
/// <c>artifacts/{id}/profile.json</c>, then the session row. Shared by the upload and the synthetic health check.
/// </summary>
public sealed class SessionOpener(BlobStore blobs, SessionStore sessions, StorageInitializer storage, TimeProvider time)
{
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

        var now = time.GetUtcNow();
        var session = new SessionRecord
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
        await sessions.CreateAsync(session, cancellationToken);
        return session;
    }
}
