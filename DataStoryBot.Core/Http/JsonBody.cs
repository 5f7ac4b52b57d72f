using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DataStoryBot.Core.Http;

/// <summary>
/// Reads the small JSON bodies of analyze and refine. The body is capped before it is read (<see cref="MaxBytes"/>:
/// a longer Content-Length is refused unread, a chunked body is read only up to the cap), must be declared as JSON
/// when it is not empty, and must parse as the expected object; every failure is a 4xx problem, never a 500.
/// </summary>
public static class JsonBody
{
    /// <summary>64 KiB: far above any real steering text (500 characters) or story title, far below anything that costs memory.</summary>
    public const int MaxBytes = 64 * 1024;

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return (null, null);
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge(request.ContentLength.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes"));
        }

        if (!IsJson(request.ContentType))
        {
            return (null, Problems.Create(415, "unsupported-media-type", "The request body must be JSON",
                $"This endpoint reads a JSON object; the request declared Content-Type '{Printable(request.ContentType)}'. Send 'Content-Type: application/json', or no body at all."));
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return (null, TooLarge("more than " + MaxBytes + " bytes"));
        }

        var bytes = buffer.AsSpan(0, length);
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        if (bytes.IsEmpty || bytes.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return (null, null);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, DataStoryBot.Core.Serialization.JsonDefaults.Web);
            return value is null
                ? (null, Invalid("The body is the JSON literal null; send a JSON object."))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Invalid(e.Message));
        }
    }

    static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Value is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    static IResult Invalid(string why) => Problems.Create(400, "invalid-json", "The request body is not valid JSON",
        $"The body could not be read as the expected JSON object: {why}");

    static IResult TooLarge(string size) => Problems.Create(413, "body-too-large", "The request body is too large",
        $"This endpoint reads a small JSON object of at most {MaxBytes / 1024} KB; the request sent {size}. Steering text is at most {JobHandlers.MaxSteeringLength} characters.");

    /// <summary>A header value as it may be echoed in a problem: printable ASCII, at most 100 characters.</summary>
    internal static string Printable(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var sb = new StringBuilder(Math.Min(value.Length, 100));
        foreach (var c in value.AsSpan(0, Math.Min(value.Length, 100)))
        {
            sb.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return value.Length > 100 ? sb.Append('…').ToString() : sb.ToString();
    }
}
