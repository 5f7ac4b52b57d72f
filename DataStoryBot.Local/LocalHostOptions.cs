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

    /// <summary>
    /// Worker id of this host in the task hub: <c>{machine}-{pid}-{random}</c>, new for every host, so two hosts on one
    /// storage account (two <c>./run.sh</c>, or a scale-out) never both think they own a partition. Set it to reuse one
    /// id on purpose (a host restarted after a crash then takes its partitions back at once instead of after the lease
    /// expires).
    /// </summary>
    public string WorkerId { get; set; } = NewWorkerId();

    /// <summary>A worker id unique to this host: machine name, process id and 32 random bits.</summary>
    public static string NewWorkerId() =>
        $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
}
