using System.Text;
using nietras.SeparatedValues;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// Writes the rows of a story's subset from the original file as CSV. Cells that a spreadsheet would run as a formula
/// (starting with = + - @, tab or carriage return) get a leading apostrophe, except signed numbers such as -3.5, -3,5 or -1,234.5.
/// </summary>
public static partial class DatasetWriter
{
    public static byte[] Write(Stream original, char delimiter, IReadOnlyCollection<int> sourceRows)
    {
        var wanted = sourceRows.ToHashSet();
        var max = wanted.Count == 0 ? -1 : wanted.Max();
        var sb = new StringBuilder();
        using var reader = Sep.Reader(o => o with { Sep = new Sep(delimiter), HasHeader = true, Unescape = true, DisableColCountCheck = true }).From(original);
        var header = reader.Header.ColNames;
        AppendRow(sb, header, delimiter);
        var index = 0;
        var cells = new List<string>(header.Count);
        foreach (var row in reader)
        {
            if (index > max) break;
            if (wanted.Contains(index))
            {
                cells.Clear();
                for (var c = 0; c < row.ColCount; c++) cells.Add(row[c].ToString());
                AppendRow(sb, cells, delimiter);
            }
            index++;
        }
        return new UTF8Encoding(false).GetBytes(sb.ToString());
    }

    public static string Neutralize(string cell)
    {
        if (cell.Length == 0) return cell;
        var first = cell[0];
        if (first is not ('=' or '+' or '-' or '@' or '\t' or '\r')) return cell;
        if ((first is '-' or '+') && SignedNumber().IsMatch(cell)) return cell;
        return "'" + cell;
    }

    /// <summary>A signed number in any of the notations the profiler reads: -3.5, -3,5, -1,234.5, -1.234,5, -1 234, -2e5.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[+-]\d[\d.,' \u00A0]*(?:[eE][+-]?\d+)?$")]
    private static partial System.Text.RegularExpressions.Regex SignedNumber();

    private static void AppendRow(StringBuilder sb, IReadOnlyList<string> cells, char delimiter)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) sb.Append(delimiter);
            var v = Neutralize(cells[i]);
            if (v.Contains(delimiter) || v.Contains('"') || v.Contains('\n') || v.Contains('\r'))
            {
                sb.Append('"').Append(v.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                sb.Append(v);
            }
        }
        sb.Append("\r\n");
    }
}
