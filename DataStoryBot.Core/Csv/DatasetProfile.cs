using System.Text.Json.Serialization;

namespace DataStoryBot.Core.Csv;

/// <summary>Inferred type of a column.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ColumnType>))]
public enum ColumnType
{
    [JsonStringEnumMemberName("integer")] Integer,
    [JsonStringEnumMemberName("decimal")] Decimal,
    [JsonStringEnumMemberName("boolean")] Boolean,
    [JsonStringEnumMemberName("datetime")] DateTime,
    [JsonStringEnumMemberName("categorical")] Categorical,
    [JsonStringEnumMemberName("text")] Text,
    [JsonStringEnumMemberName("identifier")] Identifier,
}

/// <summary>What a column is for in an analysis: only measures are summed, averaged, correlated or described.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ColumnRole>))]
public enum ColumnRole
{
    /// <summary>A time axis (dates, years, decimal years, a time index) or a calendar component (month, quarter).</summary>
    [JsonStringEnumMemberName("time")] Time,
    /// <summary>A key or row number: labels rows, never analysed as a number.</summary>
    [JsonStringEnumMemberName("identifier")] Identifier,
    /// <summary>A group: text labels, booleans, or numbers used as codes or design factors.</summary>
    [JsonStringEnumMemberName("category")] Category,
    /// <summary>A quantity: the only role that is summed, averaged, correlated or described.</summary>
    [JsonStringEnumMemberName("measure")] Measure,
    /// <summary>Free text.</summary>
    [JsonStringEnumMemberName("text")] Text,
}

/// <summary>Profile of one column, computed while the upload is validated.</summary>
public sealed record ColumnProfile(
    string Name,
    ColumnType Type,
    long NullCount,
    long DistinctCount,
    bool DistinctIsEstimate,
    string? Min,
    string? Max)
{
    /// <summary>The column's role (see <see cref="ColumnRoles"/>); null only in profiles stored before roles existed.</summary>
    public ColumnRole? Role { get; init; }

    /// <summary>Why the role was given, in a few words a user can check.</summary>
    public string? RoleReason { get; init; }

    /// <summary>
    /// For time columns, how values map to time: <c>date</c>, <c>year</c>, <c>decimal-year</c>, <c>yyyymmdd</c>,
    /// <c>index</c>, or a calendar component <c>quarter</c> / <c>month</c>.
    /// </summary>
    public TimeFormat? TimeFormat { get; init; }

    /// <summary>For date columns, the field order the values were read with: <c>ymd</c>, <c>dmy</c> or <c>mdy</c>.</summary>
    public DateOrder? DateOrder { get; init; }
}

/// <summary>What the upload learned about a file: returned to the client, stored on the session, and handed to the engines.</summary>
public sealed record DatasetProfile(
    long SizeBytes,
    string Encoding,
    CsvDelimiter Delimiter,
    long RowCount,
    IReadOnlyList<ColumnProfile> Columns,
    IReadOnlyList<IReadOnlyList<string>> Sample,
    IReadOnlyList<string> Warnings,
    long RaggedRowCount,
    /// <summary>Decimal separator used by numeric columns: "." or ",".</summary>
    DecimalMark DecimalSeparator,
    /// <summary>SHA-256 of the original bytes, lowercase hex.</summary>
    string Sha256)
{
    /// <summary>For a workbook upload, its worksheets (the one read is marked chosen); null for a CSV.</summary>
    public IReadOnlyList<WorkbookSheet>? Sheets { get; init; }
}
