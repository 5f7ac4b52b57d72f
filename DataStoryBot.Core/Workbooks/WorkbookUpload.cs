using System.Security.Cryptography;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;

namespace DataStoryBot.Core.Workbooks;

/// <summary>
/// An upload that is a workbook: the bytes are spooled to a temporary file (within the upload size limit) while they
/// are hashed and staged as the original; the chosen sheet is read into CSV (<see cref="WorkbookReader"/>), and that CSV
/// goes through the same <see cref="UploadValidator"/> as a CSV upload, becoming the session's data copy. So the
/// profile, the engines, the dataset exports and the container re-upload see a CSV like any other.
/// </summary>
public sealed class WorkbookUpload(UploadValidator validator, DataStoryBotOptions options)
{
    public const string SpreadsheetContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Content types a raw-body workbook upload may announce (the upload is still sniffed by content).</summary>
    public static bool IsSpreadsheetContentType(string contentType) =>
        contentType.StartsWith(SpreadsheetContentType, StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/vnd.ms-excel", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/zip", StringComparison.OrdinalIgnoreCase);

    /// <param name="kind">What <see cref="UploadSniffer"/> made of the first bytes: <see cref="UploadKind.Zip"/> or <see cref="UploadKind.OleCompound"/>.</param>
    /// <param name="sheet">The worksheet to read (<c>?sheet=</c>), or null for the first visible one with data.</param>
    public async Task<UploadValidationResult> ValidateAsync(UploadKind kind, Stream body, string? fileName, string? sheet, IUploadSink sink,
        CancellationToken cancellationToken)
    {
        string name = UploadFileName.Sanitize(fileName);
        if (kind == UploadKind.OleCompound)
        {
            return UploadValidationResult.Rejected(name, 0, WorkbookRejections.EncryptedOrLegacy());
        }

        await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long limit = options.MaxUploadBytes, total = 0;
        var buffer = new byte[256 * 1024];
        while (true)
        {
            int n = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit + 1 - total)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
            if (total > limit)
            {
                return UploadValidationResult.Rejected(name, total, UploadRejections.TooLarge(null, limit));
            }

            sha.AppendData(buffer, 0, n);
            await sink.WriteOriginalAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            await spool.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }

        await spool.FlushAsync(cancellationToken).ConfigureAwait(false);
        var limits = new WorkbookLimits(limit, options.MaxColumns,
            MaxXmlDepth: options.MaxWorkbookXmlDepth, MaxXmlElements: options.MaxWorkbookXmlElements, MaxMemoryBytes: options.MaxUploadMemoryBytes);
        using WorkbookConversion conversion = await Task.Run(() => WorkbookReader.Convert(spool, sheet, limits, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        if (conversion.Rejection is { } rejection)
        {
            return UploadValidationResult.Rejected(name, total, rejection);
        }

        UploadValidationResult csv = await validator.ValidateAsync(conversion.Csv!, name, new DataOnlySink(sink), cancellationToken).ConfigureAwait(false);
        if (csv.Profile is not { } profile)
        {
            return UploadValidationResult.Rejected(name, total, csv.Rejection!);
        }

        return UploadValidationResult.Accepted(name, profile with
        {
            SizeBytes = total,
            Sha256 = Convert.ToHexStringLower(sha.GetHashAndReset()),
            Warnings = TextCaps.Warnings([.. conversion.Warnings, .. profile.Warnings]),
            Sheets = conversion.Sheets,
        });
    }

    /// <summary>Passes the validator's UTF-8 copy on as the data copy; its "original" (the sheet's CSV) is not the upload's original.</summary>
    sealed class DataOnlySink(IUploadSink inner) : IUploadSink
    {
        public ValueTask WriteOriginalAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask WriteDataAsync(ReadOnlyMemory<byte> utf8, bool sameAsOriginal, CancellationToken cancellationToken) =>
            inner.WriteDataAsync(utf8, false, cancellationToken);
    }
}
