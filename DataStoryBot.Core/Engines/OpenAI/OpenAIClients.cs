using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.Identity;
using DataStoryBot.Core.Configuration;
using OpenAI.Containers;
using OpenAI.Responses;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>How requests authenticate.</summary>
internal enum OpenAIAuthMode
{
    /// <summary>OpenAI: <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    BearerKey,
    /// <summary>Azure OpenAI with a key: the <c>api-key</c> header.</summary>
    AzureApiKey,
    /// <summary>Azure OpenAI with Entra ID: <c>Authorization: Bearer &lt;token&gt;</c> from Azure.Identity.</summary>
    AzureEntraId,
}

/// <summary>
/// The two OpenAI clients the engine uses, built once from the options: the same endpoint (OpenAI, or Azure OpenAI's v1
/// endpoint), authentication, retry policy and per-attempt network timeout.
/// </summary>
internal sealed class OpenAIClients
{
    public const string EntraIdScope = "https://cognitiveservices.azure.com/.default";

    public OpenAIClients(OpenAIEngineOptions options, TimeSpan callBudget, AuthenticationTokenProvider? tokenProvider = null, PipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Endpoint = Normalize(options.Endpoint);
        AuthMode = !options.IsAzure ? OpenAIAuthMode.BearerKey
            : options.UseEntraId ? OpenAIAuthMode.AzureEntraId
            : OpenAIAuthMode.AzureApiKey;

        var containerOptions = new ContainerClientOptions { Endpoint = Endpoint };
        var responsesOptions = new ResponsesClientOptions { Endpoint = Endpoint };
        foreach (var o in new ClientPipelineOptions[] { containerOptions, responsesOptions })
        {
            o.RetryPolicy = new BudgetedRetryPolicy(Math.Max(0, options.MaxRetries), options.RetryBaseDelay, callBudget);
            o.NetworkTimeout = callBudget;
            if (transport is not null)
            {
                o.Transport = transport;
            }
        }

        Containers = new ContainerClient(CreateAuthentication(options, tokenProvider), containerOptions);
        Responses = new ResponsesClient(CreateAuthentication(options, tokenProvider), responsesOptions);
    }

    public Uri Endpoint { get; }

    public OpenAIAuthMode AuthMode { get; }

    public ContainerClient Containers { get; }

    public ResponsesClient Responses { get; }

    private AuthenticationPolicy CreateAuthentication(OpenAIEngineOptions options, AuthenticationTokenProvider? tokenProvider)
    {
        switch (AuthMode)
        {
            case OpenAIAuthMode.AzureEntraId:
                AuthenticationTokenProvider provider = tokenProvider
                    ?? (string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
                        ? new DefaultAzureCredential()
                        : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId)));
                return new BearerTokenPolicy(provider, EntraIdScope);
            case OpenAIAuthMode.AzureApiKey:
                return ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(RequireKey(options)), "api-key");
            default:
                return ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(new ApiKeyCredential(RequireKey(options)));
        }
    }

    private static string RequireKey(OpenAIEngineOptions options) =>
        string.IsNullOrWhiteSpace(options.ApiKey)
            ? throw new InvalidOperationException("OpenAI:ApiKey is required (or OpenAI:UseEntraId=true on Azure OpenAI).")
            : options.ApiKey;

    /// <summary>The SDK appends "/containers", "/responses"…: drop a trailing slash so paths never double it.</summary>
    private static Uri Normalize(Uri endpoint)
    {
        var text = endpoint.AbsoluteUri;
        return text.EndsWith('/') ? new Uri(text.TrimEnd('/')) : endpoint;
    }
}
