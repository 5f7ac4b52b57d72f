namespace DataStoryBot.Core.Engines;

/// <summary>The container has expired (idle TTL passed), was deleted, or is unknown. The pipeline recovers by re-uploading.</summary>
public sealed class ContainerExpiredException(string containerId, string? message = null, Exception? inner = null)
    : Exception(message ?? $"Container {containerId} has expired.", inner)
{
    public string ContainerId { get; } = containerId;
}

/// <summary>Kinds of engine failure the pipeline reports distinctly.</summary>
public enum EngineFailureKind
{
    /// <summary>The provider failed in a way that may pass (5xx, 429 after retries, network).</summary>
    Transient,
    /// <summary>A model call exceeded its time limit.</summary>
    Timeout,
    /// <summary>The model answered, but the answer is unusable (invalid structure, empty, incomplete, bad files).</summary>
    InvalidResult,
    /// <summary>The provider is failing repeatedly and the circuit breaker is open.</summary>
    Unavailable,
    /// <summary>The request or data cannot be analyzed (e.g. no usable columns).</summary>
    Unanalyzable,
}

/// <summary>An engine failure other than container expiry.</summary>
public sealed class EngineException(EngineFailureKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public EngineFailureKind Kind { get; } = kind;
}
