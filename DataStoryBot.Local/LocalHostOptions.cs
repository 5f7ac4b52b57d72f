namespace DataStoryBot.Local;

/// <summary>Settings of the local host only, section <c>LocalHost</c>.</summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "LocalHost";

    /// <summary>Address the API listens on.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>API port (HTTP/1.1); <c>PORT</c> from the environment overrides it.</summary>
    public int Port { get; set; } = 7071;

    /// <summary>Port of the Durable Task gRPC sidecar (HTTP/2 cleartext, loopback only). 0 picks a free one.</summary>
    public int GrpcPort { get; set; }

    /// <summary>Durable Task hub name (queues, tables and containers in the storage account are named after it).</summary>
    public string TaskHub { get; set; } = "datastorybot";

    /// <summary><c>azurestorage</c> (default: the same backend Durable Functions uses, over Azurite) or <c>inmemory</c>.</summary>
    public string DurableBackend { get; set; } = "azurestorage";

    /// <summary>
    /// How long a dequeued control or work-item message stays invisible. A message taken by a process that dies comes
    /// back after this long, so activities must be idempotent.
    /// </summary>
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Worker id of this process in the task hub; fixed so a restarted process takes its partitions back at once.</summary>
    public string WorkerId { get; set; } = "local-host";
}
