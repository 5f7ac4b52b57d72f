using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>Log events of the OpenAI engine (ids 5100–5199).</summary>
internal static partial class OpenAIEngineLog
{
    [LoggerMessage(EventId = 5100, EventName = "openai.container.created", Level = LogLevel.Information,
        Message = "Created OpenAI container {ContainerId} for session {SessionId} (idle TTL {IdleMinutes} min, memory {MemoryLimit}) in {ElapsedMs} ms")]
    public static partial void ContainerCreated(ILogger logger, string containerId, string sessionId, double idleMinutes, string memoryLimit, long elapsedMs);

    [LoggerMessage(EventId = 5101, EventName = "openai.file.uploaded", Level = LogLevel.Information,
        Message = "Uploaded {FileName} ({Bytes} bytes) to container {ContainerId} as {FileId} in {ElapsedMs} ms")]
    public static partial void FileUploaded(ILogger logger, string fileName, long bytes, string containerId, string fileId, long elapsedMs);

    [LoggerMessage(EventId = 5102, EventName = "openai.model.call", Level = LogLevel.Information,
        Message = "Model call {Phase} for session {SessionId}: response {ResponseId} in container {ContainerId}, model {Model}, status {Status}, tokens in {InputTokens} out {OutputTokens}, {ElapsedMs} ms")]
    public static partial void ModelCall(ILogger logger, string phase, string sessionId, string responseId, string containerId,
        string? model, string status, int inputTokens, int outputTokens, long elapsedMs);

    [LoggerMessage(EventId = 5103, EventName = "openai.call.failed", Level = LogLevel.Warning,
        Message = "Provider call {Operation} on container {ContainerId} failed after {ElapsedMs} ms: {Error}")]
    public static partial void CallFailed(ILogger logger, string operation, string? containerId, long elapsedMs, string error);

    [LoggerMessage(EventId = 5104, EventName = "openai.container.expired", Level = LogLevel.Warning,
        Message = "Container {ContainerId} has expired or is unknown ({Operation}: {Error})")]
    public static partial void ContainerExpired(ILogger logger, string containerId, string operation, string error);

    [LoggerMessage(EventId = 5105, EventName = "openai.file.skipped", Level = LogLevel.Warning,
        Message = "Skipped file {FileId} ({FileName}) of container {ContainerId}: {Reason}")]
    public static partial void FileSkipped(ILogger logger, string fileId, string fileName, string containerId, string reason);

    [LoggerMessage(EventId = 5106, EventName = "openai.refine.files", Level = LogLevel.Information,
        Message = "Refine for session {SessionId} in container {ContainerId}: {Charts} chart(s) ({FromCitations} cited), dataset {HasDataset}, narrative {NarrativeFileId}")]
    public static partial void RefineFiles(ILogger logger, string sessionId, string containerId, int charts, int fromCitations, bool hasDataset, string narrativeFileId);

    [LoggerMessage(EventId = 5107, EventName = "openai.container.deleted", Level = LogLevel.Information,
        Message = "Deleted container {ContainerId} (found: {Found})")]
    public static partial void ContainerDeleted(ILogger logger, string containerId, bool found);
}
