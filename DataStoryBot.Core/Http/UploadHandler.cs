using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Observability;
using DataStoryBot.Core.Serialization;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DataStoryBot.Core.Http;

/// <summary>
/// <c>POST /api/upload</c>: multipart (field <c>file</c>) or a raw <c>text/csv</c> body with <c>?fileName=</c>.
/// The body is streamed once through the validator (which stops at the size limit) into two temp files — the
/// original and its UTF-8 copy — and only an accepted file reaches Blob storage and a session row.
/// </summary>
public sealed class UploadHandler(
    UploadValidator validator,
    SessionOpener opener,
    IOptions<DataStoryBotOptions> options,
    ILogger<UploadHandler> logger)
{
    /// <summary>Slack for multipart framing when checking Content-Length before reading.</summary>
    const long MultipartOverhead = 64 * 1024;

    public async Task<IResult> UploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxUploadBytes;
        var contentType = request.ContentType ?? "";
        var isMultipart = contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        if (request.ContentLength is { } length && length > limit + (isMultipart ? MultipartOverhead : 0))
        {
            return Reject(UploadRejections.TooLarge(isMultipart ? null : length, limit));
        }

        // The validator enforces the real limit with a clear problem; the server's own body limit (Kestrel's default
        // is 30,000,000 bytes, which the Functions host keeps) must not cut the read short first.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit + MultipartOverhead + 1;
        }

        string fileName;
        Stream body;
        if (isMultipart)
        {
            var section = await FindFileSectionAsync(request, cancellationToken);
            if (section is null)
            {
                return Problems.Create(400, "missing-file", "No file in the upload",
                    "Send the CSV as multipart/form-data in a field named 'file', or as a text/csv body with ?fileName=name.csv.");
            }

            (fileName, body) = section.Value;
        }
        else if (contentType.Length == 0 || IsCsvLike(contentType))
        {
            fileName = request.Query["fileName"].ToString();
            body = request.Body;
        }
        else
        {
            return Problems.Create(415, "unsupported-media-type", "Unsupported upload format",
                $"Content-Type '{contentType}' is not accepted. Send multipart/form-data with a 'file' field, or a text/csv body with ?fileName=name.csv.");
        }

                await using var original = TempFile();
        await using var normalized = TempFile();
        await using var tee = new TeeReadStream(body, original);
        var validation = await validator.ValidateAsync(tee, fileName, normalized, cancellationToken);
        if (validation.Rejection is { } rejection)
        {
            return Reject(rejection);
        }

        var profile = validation.Profile!;
        fileName = validation.FileName;
        var sessionId = SessionSecrets.NewSessionId();
        var token = SessionSecrets.NewToken();
        using var scope = logger.Session(sessionId);
        original.Position = 0;
        normalized.Position = 0;
        await opener.OpenAsync(sessionId, fileName, original, normalized, profile, SessionSecrets.Hash(token), cancellationToken);
        logger.UploadCompleted(fileName, profile.SizeBytes, profile.RowCount, profile.Columns.Count, profile.Encoding, profile.Delimiter);
        DataStoryBotMetrics.UploadAccepted(profile.SizeBytes);

        var created = Results.Json(new UploadResponse(sessionId, token, SessionViews.File(fileName, profile), profile.Warnings,
            new Dictionary<string, string> { ["session"] = ApiLinks.Session(sessionId), ["analyze"] = ApiLinks.Analyze(sessionId) }),
            JsonDefaults.Web, statusCode: 201);
        return new Problems.WithHeader(created, "Location", ApiLinks.Session(sessionId));
    }


    IResult Reject(UploadRejection rejection)
    {
        logger.UploadRejected(rejection.Status, rejection.Type, rejection.Detail);
        DataStoryBotMetrics.UploadRejected(rejection.Status);
        return Problems.Create(rejection.Status, rejection.Type, rejection.Title, rejection.Detail);
    }

    static async Task<(string FileName, Stream Body)?> FindFileSectionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return null;
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                && disposition.Name.Value is "file"
                && (disposition.FileName.HasValue || disposition.FileNameStar.HasValue))
            {
                var name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                return (name ?? "", section.Body);
            }
        }

        return null;
    }

    static bool IsCsvLike(string contentType) =>
        contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("text/tab-separated-values", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase);

    static FileStream TempFile() => new(Path.Combine(Path.GetTempPath(), "dsb-upload-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite,
        FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}

public sealed record UploadResponse(string SessionId, string SessionToken, FileView File, IReadOnlyList<string> Warnings, IReadOnlyDictionary<string, string> Links);
