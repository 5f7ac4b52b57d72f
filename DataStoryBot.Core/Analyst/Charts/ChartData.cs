using System.Globalization;
using System.Text;
using DataStoryBot.Core.Output;

namespace DataStoryBot.Core.Analyst.Charts;

/// <summary>How a column of plotted data is typed for a reader and for a Vega-Lite encoding.</summary>
public enum ChartFieldType
{
    Quantitative,
    Temporal,
    Nominal,
    Ordinal,
}

public sealed record ChartField(string Name, ChartFieldType Type);

/// <summary>
/// The points a chart plots, one row per point, as the reader can check or re-plot them. Numbers are in invariant
/// culture (round-trip precision), dates as ISO 8601 (yyyy-MM-dd), so a spreadsheet and Vega-Lite read the same values.
/// </summary>
public sealed record ChartData(IReadOnlyList<ChartField> Fields, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The columns, each name unique (a repeated axis label gets " (2)"), as CSV headers and Vega-Lite fields need.</summary>
    public IReadOnlyList<ChartField> Fields { get; } = Unique(Fields);

    private static List<ChartField> Unique(IReadOnlyList<ChartField> fields)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ChartField>(fields.Count);
        foreach (var f in fields)
        {
            var name = f.Name.Length > 0 ? f.Name : "value";
            for (var k = 2; !seen.Add(name); k++) name = $"{(f.Name.Length > 0 ? f.Name : "value")} ({k})";
            result.Add(f with { Name = name });
        }
        return result;
    }

    public static string Number(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>The delimiter of <see cref="ToCsv"/>.</summary>
    public const char Delimiter = ',';

    /// <summary>The rows as CSV (comma, CRLF, RFC 4180 quoting); cells a spreadsheet would run as a formula are neutralized (<see cref="CsvCellSafety"/>).</summary>
    public byte[] ToCsv()
    {
        var sb = new StringBuilder();
        Append(sb, Fields.Select(f => f.Name).ToList());
        foreach (var row in Rows) Append(sb, row);
        return new UTF8Encoding(false).GetBytes(sb.ToString());
    }

    private static void Append(StringBuilder sb, IReadOnlyList<string> cells) => CsvCellSafety.AppendRow(sb, cells, Delimiter);
}
