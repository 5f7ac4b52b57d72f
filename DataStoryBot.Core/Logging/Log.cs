using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Logging;

/// <summary>
/// The product's log events, with stable ids and names. Every line of a session's flow is written inside a scope
/// carrying <c>sessionId</c> (and <c>containerId</c> / <c>jobId</c> once known): see <see cref="LogScopes"/>.
/// </summary>
public static partial class Log
{
    [LoggerMessage(EventId = 1001, EventName = "upload.completed", Level = LogLevel.Information,
        Message = "upload.completed: {FileName}, {SizeBytes} bytes, {RowCount} rows, {ColumnCount} columns, encoding {Encoding}, delimiter '{Delimiter}'")]
    public static partial void UploadCompleted(this ILogger logger, string fileName, long sizeBytes, long rowCount, int columnCount, string encoding, string delimiter);

    [LoggerMessage(EventId = 1002, EventName = "upload.rejected", Level = LogLevel.Information,
        Message = "upload.rejected: {Status} {ProblemType}: {Detail}")]
    public static partial void UploadRejected(this ILogger logger, int status, string problemType, string detail);

    [LoggerMessage(EventId = 1101, EventName = "container.created", Level = LogLevel.Information,
        Message = "container.created: {ContainerId} by engine {Engine}")]
    public static partial void ContainerCreated(this ILogger logger, string containerId, string engine);

    [LoggerMessage(EventId = 1102, EventName = "container.expired", Level = LogLevel.Warning,
        Message = "container.expired: {ContainerId} during {Phase}")]
    public static partial void ContainerExpired(this ILogger logger, string containerId, string phase);

    [LoggerMessage(EventId = 1103, EventName = "container.reuploaded", Level = LogLevel.Information,
        Message = "container.reuploaded: {ContainerId} replaces expired {ExpiredContainerId}, {Bytes} bytes from {BlobPath}")]
    public static partial void ContainerReuploaded(this ILogger logger, string containerId, string expiredContainerId, long bytes, string blobPath);

    [LoggerMessage(EventId = 1104, EventName = "container.file_uploaded", Level = LogLevel.Information,
        Message = "container.file_uploaded: {FileId} ({Bytes} bytes) into {ContainerId}")]
    public static partial void ContainerFileUploaded(this ILogger logger, string fileId, long bytes, string containerId);

    [LoggerMessage(EventId = 1105, EventName = "container.deleted", Level = LogLevel.Information,
        Message = "container.deleted: {ContainerId}")]
    public static partial void ContainerDeleted(this ILogger logger, string containerId);

    [LoggerMessage(EventId = 1106, EventName = "container.delete_failed", Level = LogLevel.Warning,
        Message = "container.delete_failed: {ContainerId} was left to expire on its idle TTL ({Reason})")]
    public static partial void ContainerDeleteFailed(this ILogger logger, string containerId, string reason);

    [LoggerMessage(EventId = 1201, EventName = "analysis.started", Level = LogLevel.Information,
        Message = "analysis.started: {Phase} job {JobId}")]
    public static partial void AnalysisStarted(this ILogger logger, string phase, string jobId);

    [LoggerMessage(EventId = 1202, EventName = "analysis.completed", Level = LogLevel.Information,
        Message = "analysis.completed: discovery found {StoryCount} stories in {ElapsedMs} ms")]
    public static partial void AnalysisCompleted(this ILogger logger, int storyCount, long elapsedMs);

    [LoggerMessage(EventId = 1203, EventName = "refine.completed", Level = LogLevel.Information,
        Message = "refine.completed: story {StoryId}, {ChartCount} charts, dataset {HasDataset}, in {ElapsedMs} ms")]
    public static partial void RefineCompleted(this ILogger logger, string storyId, int chartCount, bool hasDataset, long elapsedMs);

    [LoggerMessage(EventId = 1204, EventName = "artifacts.saved", Level = LogLevel.Information,
        Message = "artifacts.saved: story {StoryId}, {BlobCount} blobs, {Bytes} bytes")]
    public static partial void ArtifactsSaved(this ILogger logger, string storyId, int blobCount, long bytes);

    [LoggerMessage(EventId = 1205, EventName = "job.failed", Level = LogLevel.Warning,
        Message = "job.failed: {JobId} {ProblemType}: {Detail}")]
    public static partial void JobFailed(this ILogger logger, string jobId, string problemType, string detail);

    [LoggerMessage(EventId = 1206, EventName = "job.started", Level = LogLevel.Information,
        Message = "job.started: {Phase} job {JobId}")]
    public static partial void JobStarted(this ILogger logger, string phase, string jobId);

    [LoggerMessage(EventId = 1207, EventName = "job.reused", Level = LogLevel.Information,
        Message = "job.reused: {Phase} returns existing job {JobId} ({Reason})")]
    public static partial void JobReused(this ILogger logger, string phase, string jobId, string reason);

    [LoggerMessage(EventId = 1208, EventName = "phase.engine_failure", Level = LogLevel.Warning,
        Message = "phase.engine_failure: {Phase} {Kind}: {Message}")]
    public static partial void EngineFailure(this ILogger logger, string phase, string kind, string message);

    [LoggerMessage(EventId = 1301, EventName = "session.deleted", Level = LogLevel.Information,
        Message = "session.deleted: {BlobCount} blobs removed")]
    public static partial void SessionDeleted(this ILogger logger, int blobCount);
}

/// <summary>Logging scopes that put the correlation ids on every line.</summary>
public static class LogScopes
{
    public static IDisposable? Session(this ILogger logger, string sessionId, string? containerId = null, string? jobId = null)
    {
        var state = new Dictionary<string, object?> { ["sessionId"] = sessionId };
        if (containerId is not null)
        {
            state["containerId"] = containerId;
        }

        if (jobId is not null)
        {
            state["jobId"] = jobId;
        }

        return logger.BeginScope(state);
    }
}
