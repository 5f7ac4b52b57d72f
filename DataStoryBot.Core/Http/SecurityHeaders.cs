using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DataStoryBot.Core.Http;

/// <summary>
/// The security headers of every answer. API answers (JSON, problems, artifacts) get <c>nosniff</c>, a CSP that allows
/// nothing (<see cref="ApiPolicy"/>: an artifact opened directly in a browser can run no script and cannot be framed),
/// <c>Referrer-Policy: no-referrer</c> and <c>Cache-Control: no-store</c> (they are session-scoped, fetched with a bearer
/// token). The page keeps its own CSP (<see cref="SystemHandlers.GetPage"/>). Artifact downloads name their file with
/// <see cref="ContentDisposition"/>.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Wraps an API answer: the headers are set before it runs, so they are on every status it may send.</summary>
    public static IResult Api(IResult inner) => new ApiResult(inner);

    /// <summary>The headers every response gets (local host middleware, OpenAPI document); a handler may set a stricter or its own CSP.</summary>
    public static void ApplyDefaults(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
        {
            headers.ContentSecurityPolicy = ApiPolicy;
        }
    }

    /// <summary>
    /// <c>attachment</c> (or <c>inline</c>) with a safe file name, RFC 6266: <c>filename</c> in printable ASCII (anything
    /// else becomes '_') and <c>filename*</c> in UTF-8 when the name is not plain ASCII. Path separators, quotes and
    /// control characters never reach the header.
    /// </summary>
    public static string ContentDisposition(string fileName, bool inline = false)
    {
        var safe = SafeFileName(fileName);
        var value = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        if (safe.AsSpan().IndexOfAnyExceptInRange(' ', '~') < 0)
        {
            value.FileName = safe.Contains(' ', StringComparison.Ordinal) ? "\"" + safe + "\"" : safe;
        }
        else
        {
            value.SetHttpFileName(safe);
        }

        return value.ToString();
    }

    /// <summary>A file name with no path, control, quote or reserved characters, at most 120 characters; "download" when nothing is left.</summary>
    public static string SafeFileName(string fileName)
    {
        var sb = new StringBuilder(Math.Min(fileName.Length, 120));
        foreach (var rune in fileName.EnumerateRunes())
        {
            if (sb.Length >= 120)
            {
                break;
            }

            var unsafeChar = rune.IsAscii
                ? rune.Value < 0x20 || rune.Value == 0x7f || "\"\\/:*?<>|;%".Contains((char)rune.Value, StringComparison.Ordinal)
                : Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                    or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;
            sb.Append(unsafeChar ? "_" : rune.ToString());
        }

        var name = sb.ToString().Trim().Trim('.');
        return name.Length == 0 ? "download" : name;
    }

    sealed class ApiResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            if (!response.HasStarted)
            {
                var headers = response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.ContentSecurityPolicy = ApiPolicy;
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-store";
            }

            return inner.ExecuteAsync(httpContext);
        }
    }
}
