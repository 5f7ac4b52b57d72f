using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Observability;
using DataStoryBot.Core.Serialization;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using DataStoryBot.Core.Workbooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DataStoryBot.Core.Http;

/// <summary>
/// <c>POST /api/upload</c>: multipart (field <c>file</c>) or a raw <c>text/csv</c> body with <c>?fileName=</c>; an Excel
/// workbook (sniffed by content, optional <c>?sheet=</c>) is read by <see cref="WorkbookUpload"/> into the same CSV path.
/// One streaming pass: the body is validated, hashed and profiled while its bytes are staged as blocks in Blob storage
/// (one blob when the file already is UTF-8 without a BOM, a second only for a data copy whose bytes differ). An accepted
/// file's blobs are committed together with its profile and session row; a rejected upload, a malformed body, a spent
/// time budget (<see cref="DataStoryBotOptions.UploadTimeout"/>) or a client that leaves commits nothing.
/// </summary>
public sealed partial class UploadHandler(
    UploadValidator validator,
    SessionOpener opener,
    IOptions<DataStoryBotOptions> options,
    ILogger<UploadHandler> logger)
{
    /// <summary>Slack for multipart framing when checking Content-Length before reading.</summary>
    const long MultipartOverhead = 64 * 1024;

    /// <summary>The multipart reader's buffer: a section body reads at most this much per call (the default is 4 KB).</summary>
    const int MultipartBufferBytes = 64 * 1024;

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

        // One budget for the whole request (reading, validating, storing); the client leaving cancels it too.
        var aborted = request.HttpContext.RequestAborted;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, aborted);
        budget.CancelAfter(options.Value.UploadTimeout);
        try
        {
            return await UploadWithinBudgetAsync(request, contentType, isMultipart, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !aborted.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Reject(new UploadRejection(408, "upload-timeout", "The upload took too long",
                $"The upload did not finish within {Duration(options.Value.UploadTimeout)}, so it was stopped and nothing was stored. " +
                "Try again on a faster connection, or upload a smaller file."));
        }
        catch (Exception e) when (IsBodyReadError(e))
        {
            // A reset connection, or a body cut short of its Content-Length, may surface before RequestAborted is set.
            if (aborted.IsCancellationRequested || cancellationToken.IsCancellationRequested || ClientLeft(e))
            {
                UploadAbandoned(logger);
                return Results.Empty; // the client left: nobody to answer, nothing stored
            }

            var what = isMultipart
                ? "The multipart body is malformed: it ends before its closing boundary, or a part's framing is broken."
                : "The request body ended before the length it announced.";
            return Reject(new UploadRejection(400, "malformed-body", "The request body could not be read",
                what + " Send the CSV as multipart/form-data with a 'file' field and a closing boundary, or as a text/csv body with ?fileName=name.csv."));
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            UploadAbandoned(logger);
            throw;
        }
    }

    async Task<IResult> UploadWithinBudgetAsync(HttpRequest request, string contentType, bool isMultipart, CancellationToken cancellationToken)
    {
        string fileName;
        Stream body;
        if (isMultipart)
        {
            if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
                || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
            {
                return Problems.Create(400, "missing-boundary", "The multipart body has no boundary",
                    "The Content-Type multipart/form-data needs a boundary parameter (multipart/form-data; boundary=...). " +
                    "Let your HTTP client build the form (curl -F \"file=@data.csv\"), or send a text/csv body with ?fileName=name.csv.");
            }

            var section = await FindFileSectionAsync(request, boundary, cancellationToken);
            if (section is null)
            {
                return Problems.Create(400, "missing-file", "No file in the upload",
                    "Send the CSV as multipart/form-data in a field named 'file', or as a text/csv body with ?fileName=name.csv.");
            }

            (fileName, body) = section.Value;
        }
        else if (contentType.Length == 0 || IsCsvLike(contentType) || WorkbookUpload.IsSpreadsheetContentType(contentType))
        {
            fileName = request.Query["fileName"].ToString();
            body = request.Body;
        }
        else
        {
            return Problems.Create(415, "unsupported-media-type", "Unsupported upload format",
                $"Content-Type '{contentType}' is not accepted. Send multipart/form-data with a 'file' field, or a text/csv body with ?fileName=name.csv.");
        }

        var sessionId = SessionSecrets.NewSessionId();
        await using var staged = await opener.BeginAsync(sessionId, UploadFileName.Sanitize(fileName), cancellationToken);
        (var kind, body) = await UploadSniffer.PeekAsync(body, cancellationToken);
        UploadValidationResult validation;
        if (kind == UploadKind.Text)
        {
            validation = await validator.ValidateAsync(body, fileName, staged, cancellationToken);
        }
        else
        {
            // An Excel workbook (sniffed by content): its chosen sheet becomes the CSV, the workbook stays the original.
            staged.OriginalContentType = WorkbookUpload.SpreadsheetContentType;
            var sheet = request.Query["sheet"].ToString();
            validation = await new WorkbookUpload(validator, options.Value)
                .ValidateAsync(kind, body, fileName, sheet.Length > 0 ? sheet : null, staged, cancellationToken);
        }

        if (validation.Rejection is { } rejection)
        {
            return Reject(rejection);
        }

        var profile = validation.Profile!;
        fileName = validation.FileName;
        var token = SessionSecrets.NewToken();
        using var scope = logger.Session(sessionId);
        await opener.OpenAsync(sessionId, fileName, staged, profile, SessionSecrets.Hash(token), cancellationToken);
        logger.UploadCompleted(fileName, profile.SizeBytes, profile.RowCount, profile.Columns.Count, profile.Encoding, profile.Delimiter.ToWire());
        DataStoryBotMetrics.UploadAccepted(profile.SizeBytes);

        var created = Results.Json(new UploadResponse(sessionId, token, SessionViews.File(fileName, profile), profile.Warnings,
            new Dictionary<string, string> { ["session"] = ApiLinks.Session(sessionId), ["analyze"] = ApiLinks.Analyze(sessionId) }),
            JsonDefaults.Web, statusCode: 201);
        return new Problems.WithHeader(created, "Location", ApiLinks.Session(sessionId));
    }

    static string Duration(TimeSpan t) =>
        t.TotalSeconds < 120
            ? $"{t.TotalSeconds:0} second{(Math.Round(t.TotalSeconds) == 1 ? "" : "s")}"
            : $"{t.TotalMinutes:0.#} minutes";

    static bool ClientLeft(Exception e) =>
        e is Microsoft.AspNetCore.Connections.ConnectionResetException or Microsoft.AspNetCore.Http.BadHttpRequestException
        || e.InnerException is Microsoft.AspNetCore.Connections.ConnectionResetException;

    /// <summary>A body that ends early, breaks the multipart framing or exceeds a framing limit (Kestrel's bad-request errors are IOExceptions).</summary>
    static bool IsBodyReadError(Exception e) => e is IOException or InvalidDataException;

    [LoggerMessage(EventId = 1003, EventName = "upload.abandoned", Level = LogLevel.Information,
        Message = "upload.abandoned: the client disconnected before the upload finished; nothing was stored")]
    static partial void UploadAbandoned(ILogger logger);

    IResult Reject(UploadRejection rejection)
    {
        // The detail may quote the file (names, values): capped, so that neither the answer nor the log line grows with it.
        string detail = TextCaps.Cap(rejection.Detail, TextCaps.DetailChars);
        logger.UploadRejected(rejection.Status, rejection.Type, detail);
        DataStoryBotMetrics.UploadRejected(rejection.Status);
        return Problems.Create(rejection.Status, rejection.Type, rejection.Title, detail);
    }

    static async Task<(string FileName, Stream Body)?> FindFileSectionAsync(HttpRequest request, string boundary, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, request.Body, MultipartBufferBytes) { BodyLengthLimit = null };
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
}

public sealed record UploadResponse(string SessionId, string SessionToken, FileView File, IReadOnlyList<string> Warnings, IReadOnlyDictionary<string, string> Links);
