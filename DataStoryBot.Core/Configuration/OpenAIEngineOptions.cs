namespace DataStoryBot.Core.Configuration;

/// <summary>Settings of the OpenAI Code Interpreter engine, section <c>OpenAI</c>. Used when DataStoryBot:Engine is <c>openai</c>.</summary>
public sealed class OpenAIEngineOptions
{
    public const string SectionName = "OpenAI";

    /// <summary>OpenAI: <c>https://api.openai.com/v1</c>. Azure OpenAI: <c>https://RESOURCE.openai.azure.com/openai/v1/</c>.</summary>
    public Uri Endpoint { get; set; } = new("https://api.openai.com/v1");

    /// <summary>API key. On Azure it is sent in the <c>api-key</c> header. Leave empty with <see cref="UseEntraId"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Model name, or the deployment name on Azure OpenAI.</summary>
    public string Model { get; set; } = "gpt-4.1";

    /// <summary>Authenticate to Azure OpenAI with Entra ID (Azure.Identity) instead of a key.</summary>
    public bool UseEntraId { get; set; }

    /// <summary>Client id of a user-assigned managed identity for Entra ID; empty uses the default chain.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Container memory: 1g, 4g, 16g or 64g.</summary>
    public string ContainerMemoryLimit { get; set; } = "1g";

    /// <summary>Idle TTL of a container in minutes (OpenAI allows at most 20).</summary>
    public int ContainerIdleMinutes { get; set; } = 20;

    public int MaxOutputTokens { get; set; } = 8000;

    /// <summary>Retries of one HTTP call on 408/429/5xx and network errors (the SDK's default is 3). Retries honour Retry-After and stop when the next wait would exceed the model-call budget.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry back-off; doubled on every further retry (the SDK's default is 0.8 s).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>Failures within <see cref="BreakerSamplingDuration"/> that open the circuit breaker.</summary>
    public int BreakerFailureThreshold { get; set; } = 5;
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsAzure => Endpoint.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase)
        || Endpoint.AbsolutePath.StartsWith("/openai/", StringComparison.OrdinalIgnoreCase);
}
