using System.Text;
using DataStoryBot.Core.Output;
using nietras.SeparatedValues;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// Writes the rows of a story's subset from the original file as CSV, with the original's delimiter. Cells that a
/// spreadsheet would run as a formula get a leading apostrophe (<see cref="CsvCellSafety"/>), signed numbers stay numbers.
/// </summary>
public static class DatasetWriter
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

    /// <summary>The cell as it is safe to write (<see cref="CsvCellSafety.Neutralize"/>, the one rule for every CSV the service writes).</summary>
    public static string Neutralize(string cell) => CsvCellSafety.Neutralize(cell);

    private static void AppendRow(StringBuilder sb, IReadOnlyList<string> cells, char delimiter) => CsvCellSafety.AppendRow(sb, cells, delimiter);
}
