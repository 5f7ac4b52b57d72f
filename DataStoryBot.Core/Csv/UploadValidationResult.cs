namespace DataStoryBot.Core.Csv;

/// <summary>
/// Why an upload was refused. <see cref="Status"/> is the HTTP status (413, 415 or 422), <see cref="Type"/> a stable
/// slug the host turns into an RFC 9457 problem <c>type</c>, and <see cref="Detail"/> tells the user what to do.
/// </summary>
public sealed record UploadRejection(int Status, string Type, string Title, string Detail);

/// <summary>Outcome of <see cref="UploadValidator.ValidateAsync"/>: a profile, or a rejection.</summary>
public sealed record UploadValidationResult
{
    private UploadValidationResult(string fileName, long bytesRead, DatasetProfile? profile, UploadRejection? rejection)
    {
        FileName = fileName;
        BytesRead = bytesRead;
        Profile = profile;
        Rejection = rejection;
    }

    /// <summary>The sanitized file name (see <see cref="UploadFileName.Sanitize"/>).</summary>
    public string FileName { get; }

    /// <summary>Bytes taken from the input stream (for a 413, at most the limit plus one).</summary>
    public long BytesRead { get; }

    public DatasetProfile? Profile { get; }

    public UploadRejection? Rejection { get; }

    public bool IsAccepted => Profile is not null;

    public static UploadValidationResult Accepted(string fileName, DatasetProfile profile) =>
        new(fileName, profile.SizeBytes, profile, null);

    public static UploadValidationResult Rejected(string fileName, long bytesRead, UploadRejection rejection) =>
        new(fileName, bytesRead, null, rejection);
}

/// <summary>The rejections the validator produces, one factory per rule.</summary>
public static class UploadRejections
{
    public const string TooLargeType = "upload-too-large";
    public const string NotCsvType = "upload-not-csv";
    public const string EmptyType = "upload-empty";
    public const string NoDataRowsType = "upload-no-data-rows";
    public const string UndecodableType = "upload-undecodable";
    public const string InconsistentRowsType = "upload-inconsistent-rows";
    public const string MalformedType = "upload-malformed-csv";
    public const string TooManyColumnsType = "upload-too-many-columns";

    public static UploadRejection TooLarge(long? actualBytes, long limitBytes)
    {
        string limit = Megabytes(limitBytes);
        string detail;
        if (actualBytes is not { } size)
        {
            detail = $"The file is larger than the {limit} limit.";
        }
        else
        {
            string actual = Megabytes(size);
            detail = actual == limit
                ? $"The file is {size:N0} bytes; the limit is {limitBytes:N0} bytes ({limit})."
                : $"The file is {actual}; the limit is {limit}.";
        }

        return new(413, TooLargeType, "The file is too large",
            detail + " Split the file or remove unused columns, then upload it again.");
    }

    public static UploadRejection NotCsv(string what) => new(
        415,
        NotCsvType,
        "The file is not a CSV",
        $"{what} Export the data as CSV (comma, semicolon, tab or pipe separated text) and upload that file.");

    public static UploadRejection Empty() => new(
        422,
        EmptyType,
        "The file is empty",
        "The file contains no data. Upload a CSV file with a header row and at least one data row.");

    public static UploadRejection Blank() => new(
        422,
        EmptyType,
        "The file is empty",
        "The file contains only spaces and line breaks, no data. Upload a CSV file with a header row and at least one data row.");

    public static UploadRejection TooManyColumns(int maxColumns) => new(
        422,
        TooManyColumnsType,
        "The file has too many columns",
        $"The header row has more than {maxColumns:N0} columns, the limit for one upload. Remove the columns you do not need " +
        "(or split the file), then upload it again.");

    public static UploadRejection NoDataRows(int columns) => new(
        422,
        NoDataRowsType,
        "The file has no data rows",
        $"The file has a header row ({columns} column{(columns == 1 ? "" : "s")}) but no data rows below it. Add at least one data row.");

    public static UploadRejection Undecodable(string why) => new(
        422,
        UndecodableType,
        "The file's text encoding could not be read",
        $"{why} Save the file as UTF-8 (in Excel: \"CSV UTF-8\") and upload it again.");

    public static UploadRejection InconsistentRows(long ragged, long rows, int headerFields, string delimiterName) => new(
        422,
        InconsistentRowsType,
        "Most rows do not match the header",
        $"{ragged:N0} of {rows:N0} data rows have a different number of fields than the header ({headerFields} fields, {delimiterName} separated). " +
        "Check that every row uses the same delimiter and that text containing the delimiter is enclosed in double quotes.");

    public static UploadRejection Malformed(string why) => new(
        422,
        MalformedType,
        "The file could not be parsed as CSV",
        why);

    /// <summary>Bytes as megabytes (1 MB = 1,048,576 bytes), one decimal at most: "52.4 MB", "50 MB".</summary>
    public static string Megabytes(long bytes) =>
        (bytes / (1024d * 1024d)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB";
}
