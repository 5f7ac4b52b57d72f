using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>
/// Start-up validation of the <c>OpenAI</c> section, with one clear message per missing or malformed value. The values are
/// only demanded when <c>DataStoryBot:Engine</c> is <c>openai</c>; with the built-in engine the section is ignored.
/// </summary>
public sealed class OpenAIEngineOptionsValidator(IConfiguration configuration) : IValidateOptions<OpenAIEngineOptions>
{
    public static readonly IReadOnlyList<string> MemoryLimits = ["1g", "4g", "16g", "64g"];

    public ValidateOptionsResult Validate(string? name, OpenAIEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var engine = configuration[$"{DataStoryBotOptions.SectionName}:{nameof(DataStoryBotOptions.Engine)}"];
        if (!string.Equals(engine?.Trim(), OpenAIAnalysisEngine.EngineName, StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        const string S = OpenAIEngineOptions.SectionName;
        var endpoint = options.Endpoint;
        var endpointOk = false;
        if (endpoint is null)
        {
            failures.Add($"{S}:Endpoint is required, e.g. https://api.openai.com/v1 or https://RESOURCE.openai.azure.com/openai/v1/.");
        }
        else if (!endpoint.IsAbsoluteUri)
        {
            failures.Add($"{S}:Endpoint '{endpoint}' must be an absolute URL, e.g. https://api.openai.com/v1.");
        }
        else if (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback))
        {
            failures.Add($"{S}:Endpoint '{endpoint}' must use https (http is only allowed for a loopback address).");
        }
        else
        {
            endpointOk = true;
        }

        if (endpointOk && options.IsAzure
            && !endpoint!.AbsolutePath.TrimEnd('/').EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{S}:Endpoint '{endpoint}' is an Azure OpenAI address but not its v1 endpoint; use https://RESOURCE.openai.azure.com/openai/v1/.");
        }

        if (options.UseEntraId)
        {
            if (endpointOk && !options.IsAzure)
            {
                failures.Add($"{S}:UseEntraId works only with an Azure OpenAI endpoint (https://RESOURCE.openai.azure.com/openai/v1/); OpenAI itself needs {S}:ApiKey.");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{S}:ApiKey is required when DataStoryBot:Engine is 'openai' (on Azure OpenAI you may set {S}:UseEntraId=true instead).");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add($"{S}:Model is required: the model name, or the deployment name on Azure OpenAI.");
        }

        if (!MemoryLimits.Contains(options.ContainerMemoryLimit ?? string.Empty, StringComparer.Ordinal))
        {
            failures.Add($"{S}:ContainerMemoryLimit '{options.ContainerMemoryLimit}' must be one of {string.Join(", ", MemoryLimits)}.");
        }

        if (options.ContainerIdleMinutes is < 1 or > 20)
        {
            failures.Add($"{S}:ContainerIdleMinutes {options.ContainerIdleMinutes} must be between 1 and 20 (OpenAI's maximum idle TTL).");
        }

        if (options.MaxOutputTokens < 16)
        {
            failures.Add($"{S}:MaxOutputTokens {options.MaxOutputTokens} must be at least 16.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{S}:MaxRetries {options.MaxRetries} must be between 0 and 10.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{S}:RetryBaseDelay {options.RetryBaseDelay} must be above zero and at most 30 seconds.");
        }

        if (options.BreakerFailureThreshold < 2)
        {
            failures.Add($"{S}:BreakerFailureThreshold {options.BreakerFailureThreshold} must be at least 2.");
        }

        if (options.BreakerSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            failures.Add($"{S}:BreakerSamplingDuration {options.BreakerSamplingDuration} must be at least 0.5 seconds.");
        }

        if (options.BreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            failures.Add($"{S}:BreakerBreakDuration {options.BreakerBreakDuration} must be at least 0.5 seconds.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
