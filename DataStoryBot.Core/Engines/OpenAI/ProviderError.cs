using System.ClientModel;
using System.Text.Json;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>An error answer from the provider, read from the OpenAI error envelope <c>{"error":{message,type,param,code}}</c>.</summary>
internal sealed record ProviderError(int Status, string Message, string? Code, string? Type, string? RequestId)
{
    public static ProviderError From(ClientResultException e)
    {
        var response = e.GetRawResponse();
        string? message = null, code = null, type = null, requestId = null;
        if (response is not null)
        {
            if (!response.Headers.TryGetValue("x-request-id", out requestId))
            {
                response.Headers.TryGetValue("apim-request-id", out requestId);
            }

            try
            {
                using var doc = JsonDocument.Parse(response.Content.ToMemory());
                if (doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    message = Text(error, "message");
                    code = Text(error, "code");
                    type = Text(error, "type");
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // Not the JSON envelope (a proxy's HTML page, an empty body): fall back to the exception's text.
            }
        }

        return new ProviderError(e.Status, message ?? FirstLine(e.Message), code, type, requestId);
    }

    /// <summary>
    /// Expiry as the provider reports it: 400 "Container is expired." from /responses (also "Expected container_id" for a
    /// replayed call), and 404 from a container or file call, or a 404 naming a container from /responses (Azure).
    /// </summary>
    /// <summary>404 "File cfile_… not found on container cntr_…": one file is missing, which alone says nothing about the container.</summary>
    public bool MeansFileNotFound =>
        Status == 404 && (Message ?? string.Empty).StartsWith("File ", StringComparison.Ordinal)
        && (Message ?? string.Empty).Contains("not found", StringComparison.OrdinalIgnoreCase);

    public bool MeansContainerExpired(bool containerOperation)
    {
        var text = Message ?? string.Empty;
        var namesContainer = text.Contains("container", StringComparison.OrdinalIgnoreCase);
        return Status switch
        {
            404 => !MeansFileNotFound && (containerOperation || namesContainer),
            400 => namesContainer && (text.Contains("expired", StringComparison.OrdinalIgnoreCase)
                || text.Contains("Expected container_id", StringComparison.OrdinalIgnoreCase)),
            _ => false,
        };
    }

    public string Describe() =>
        $"HTTP {Status}{(string.IsNullOrEmpty(Code) ? string.Empty : ", " + Code)}: {Message}"
        + (string.IsNullOrEmpty(RequestId) ? string.Empty : $" (request {RequestId})");

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n', StringComparison.Ordinal);
        return (i < 0 ? s : s[..i]).Trim();
    }
}
