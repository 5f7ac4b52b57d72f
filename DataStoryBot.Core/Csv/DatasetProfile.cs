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

/// <summary>Profile of one column, computed while the upload is validated.</summary>
public sealed record ColumnProfile(
    string Name,
    ColumnType Type,
    long NullCount,
    long DistinctCount,
    bool DistinctIsEstimate,
    string? Min,
    string? Max);

/// <summary>What the upload learned about a file: returned to the client, stored on the session, and handed to the engines.</summary>
public sealed record DatasetProfile(
    long SizeBytes,
    string Encoding,
    string Delimiter,
    long RowCount,
    IReadOnlyList<ColumnProfile> Columns,
    IReadOnlyList<IReadOnlyList<string>> Sample,
    IReadOnlyList<string> Warnings,
    long RaggedRowCount,
    /// <summary>Decimal separator used by numeric columns: "." or ",".</summary>
    string DecimalSeparator,
    /// <summary>SHA-256 of the original bytes, lowercase hex.</summary>
    string Sha256);
