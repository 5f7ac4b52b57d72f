using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataStoryBot.Core.Csv;

/// <summary>The field delimiter of an upload. Written as the character itself (<c>","</c>, <c>";"</c>, a tab, <c>"|"</c>).</summary>
[JsonConverter(typeof(CsvDelimiterConverter))]
public enum CsvDelimiter
{
    Comma,
    Semicolon,
    Tab,
    Pipe,
}

/// <summary>The decimal separator of an upload's numeric columns. Written as <c>"."</c> or <c>","</c>.</summary>
[JsonConverter(typeof(DecimalMarkConverter))]
public enum DecimalMark
{
    Point,
    Comma,
}

/// <summary>How a time column's values map to time. Written as <c>date</c>, <c>year</c>, <c>decimal-year</c>, <c>yyyymmdd</c>, <c>index</c>, <c>quarter</c> or <c>month</c>.</summary>
[JsonConverter(typeof(TimeFormatConverter))]
public enum TimeFormat
{
    Date,
    Year,
    DecimalYear,
    Yyyymmdd,
    Index,
    Quarter,
    Month,
}

/// <summary>The field order a date column's values were read with. Written as <c>ymd</c>, <c>dmy</c> or <c>mdy</c>.</summary>
[JsonConverter(typeof(DateOrderConverter))]
public enum DateOrder
{
    Ymd,
    Dmy,
    Mdy,
}

/// <summary>
/// The wire spellings of the profile's enums: the first spelling of each value is the one written (the strings profiles
/// always held, so the API's JSON is unchanged); reading also takes the other spellings stored profiles hold, in any case.
/// </summary>
public static class ProfileWire
{
    internal static readonly (CsvDelimiter Value, string[] Names)[] Delimiters =
    [
        (CsvDelimiter.Comma, [",", "comma", ""]),
        (CsvDelimiter.Semicolon, [";", "semicolon"]),
        (CsvDelimiter.Tab, ["\t", "\\t", "tab"]),
        (CsvDelimiter.Pipe, ["|", "pipe"]),
    ];

    internal static readonly (DecimalMark Value, string[] Names)[] DecimalMarks =
    [
        (DecimalMark.Point, [".", "point", "dot", ""]),
        (DecimalMark.Comma, [",", "comma"]),
    ];

    internal static readonly (TimeFormat Value, string[] Names)[] TimeFormats =
    [
        (TimeFormat.Date, ["date"]),
        (TimeFormat.Year, ["year"]),
        (TimeFormat.DecimalYear, ["decimal-year", "decimalyear", "decimal_year"]),
        (TimeFormat.Yyyymmdd, ["yyyymmdd"]),
        (TimeFormat.Index, ["index"]),
        (TimeFormat.Quarter, ["quarter"]),
        (TimeFormat.Month, ["month"]),
    ];

    internal static readonly (DateOrder Value, string[] Names)[] DateOrders =
    [
        (DateOrder.Ymd, ["ymd"]),
        (DateOrder.Dmy, ["dmy"]),
        (DateOrder.Mdy, ["mdy"]),
    ];

    public static string ToWire(this CsvDelimiter value) => Name(Delimiters, value);

    public static string ToWire(this DecimalMark value) => Name(DecimalMarks, value);

    public static string ToWire(this TimeFormat value) => Name(TimeFormats, value);

    public static string ToWire(this DateOrder value) => Name(DateOrders, value);

    /// <summary>The delimiter as the character the CSV is split by.</summary>
    public static char ToChar(this CsvDelimiter value) => Name(Delimiters, value)[0];

    /// <summary>The delimiter the profiler detected (one of <c>, ; tab |</c>).</summary>
    public static CsvDelimiter DelimiterOf(char c) => Parse(Delimiters, c.ToString(), "delimiter");

    internal static T Parse<T>((T Value, string[] Names)[] table, string? text, string what)
        where T : struct, Enum
    {
        foreach (var (value, names) in table)
        {
            foreach (var name in names)
            {
                // The characters themselves compare exactly; the word spellings ("tab", "TAB", "\\t") in any case.
                if (string.Equals(name, text ?? "", StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }
        }

        throw new JsonException($"'{text}' is not a known {what}.");
    }

    static string Name<T>((T Value, string[] Names)[] table, T value)
        where T : struct, Enum
    {
        foreach (var (candidate, names) in table)
        {
            if (EqualityComparer<T>.Default.Equals(candidate, value))
            {
                return names[0];
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, null);
    }
}

/// <summary>Writes a profile enum as its wire spelling; reads every spelling stored profiles hold.</summary>
public abstract class ProfileEnumConverter<T>((T Value, string[] Names)[] table, string what) : JsonConverter<T>
    where T : struct, Enum
{
    // A missing delimiter or separator (JSON null) in an old profile reads as the first value, as the readers once did.
    public override bool HandleNull => true;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => ProfileWire.Parse(table, reader.GetString(), what),
        JsonTokenType.Null => table[0].Value,
        _ => throw new JsonException($"A {what} must be a string."),
    };

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        foreach (var (candidate, names) in table)
        {
            if (EqualityComparer<T>.Default.Equals(candidate, value))
            {
                writer.WriteStringValue(names[0]);
                return;
            }
        }

        throw new JsonException($"{value} is not a known {what}.");
    }
}

public sealed class CsvDelimiterConverter() : ProfileEnumConverter<CsvDelimiter>(ProfileWire.Delimiters, "delimiter");

public sealed class DecimalMarkConverter() : ProfileEnumConverter<DecimalMark>(ProfileWire.DecimalMarks, "decimal separator");

public sealed class TimeFormatConverter() : ProfileEnumConverter<TimeFormat>(ProfileWire.TimeFormats, "time format");

public sealed class DateOrderConverter() : ProfileEnumConverter<DateOrder>(ProfileWire.DateOrders, "date order");

/// <summary>
/// The one reader of a stored profile: the JSON the upload wrote (of any age) to a <see cref="DatasetProfile"/> whose
/// columns all have a role. Profiles stored before roles existed get them here, and only here.
/// </summary>
public static class ProfileReader
{
    public static DatasetProfile Read(BinaryData json) =>
        ColumnRoles.WithRoles(json.ToObjectFromJson<DatasetProfile>(Serialization.JsonDefaults.Web)
            ?? throw new JsonException("The stored profile is empty."));
}
