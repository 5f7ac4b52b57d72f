using System.Globalization;
using System.Reflection;
using DataStoryBot.Core.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Http;

/// <summary>The OpenAPI document and the web page, both embedded in this assembly.</summary>
public sealed class SystemHandlers(IOptions<DataStoryBotOptions> options)
{
    /// <summary>Placeholder in index.html for the upload limit, so the page refuses a too-large file before sending it.</summary>
    public const string MaxUploadPlaceholder = "{{MAX_UPLOAD_BYTES}}";

    static readonly Assembly Assembly = typeof(SystemHandlers).Assembly;

    public static string OpenApiYaml() => ReadResource("DataStoryBot.Core.Http.openapi.yaml");

    public IResult GetOpenApi(HttpRequest request)
    {
        SecurityHeaders.ApplyDefaults(request.HttpContext.Response);
        return Results.Text(OpenApiYaml(), "application/yaml; charset=utf-8");
    }

    public IResult GetPage(HttpRequest request, string? asset = null)
    {
        var name = string.IsNullOrEmpty(asset) ? "index.html" : asset;
        if (name.Contains('/') || name.Contains('\\') || name.StartsWith('.'))
        {
            return Problems.NotFound("Page", $"No page '{name}'.");
        }

        using var stream = Assembly.GetManifestResourceStream("DataStoryBot.Core.Web." + name);
        if (stream is null)
        {
            return Problems.NotFound("Page", $"No page '{name}'.");
        }

        using var reader = new StreamReader(stream);
        var contentType = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' blob: data:; script-src 'self'; style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        var text = reader.ReadToEnd();
        if (name == "index.html")
        {
            text = text.Replace(MaxUploadPlaceholder, options.Value.MaxUploadBytes.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return Results.Text(text, contentType);
    }

    static string ReadResource(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing embedded resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
