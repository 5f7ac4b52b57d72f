using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DataStoryBot.Core.Output;

/// <summary>
/// The one rule for a CSV cell the service writes (every engine's dataset, every chart's plotted data): a cell a
/// spreadsheet could run as a formula gets a leading apostrophe, which spreadsheets show as text. Formula-like means
/// that, after any lead-in a spreadsheet may skip (whitespace, invisible format characters, double quotes), it starts
/// with <c>= + - @</c> or the DDE pipe <c>|</c>, or one of their look-alikes that compatibility mapping (NFKC) folds into them
/// (fullwidth <c>＝ ＋ － ＠ ｜</c>, the small forms <c>﹦ ﹢ ﹣ ﹫</c>, super- and subscript signs); or it starts with a tab,
/// carriage return or line feed. Signed numbers (<c>-3.5</c>, <c>+2</c>, <c>-1,234.5</c>, <c>-2e5</c>) stay numbers.
/// A cell that already starts with an apostrophe is safe, so neutralising twice changes nothing.
/// </summary>
public static partial class CsvCellSafety
{
    /// <summary>Whether a spreadsheet could read <paramref name="cell"/> (the value, unquoted) as a formula.</summary>
    public static bool IsFormulaLike(ReadOnlySpan<char> cell)
    {
        if (cell.IsEmpty) return false;
        if (cell[0] is '\t' or '\r' or '\n') return true;
        var i = 0;
        var onlySpaces = true;
        while (i < cell.Length && IsLeadIn(cell[i]))
        {
            onlySpaces &= cell[i] == ' ' || char.IsWhiteSpace(cell[i]);
            i++;
        }
        if (i == cell.Length) return false;
        var first = cell[i];
        if (first is '-' or '+' && onlySpaces && SignedNumber().IsMatch(cell[i..])) return false;
        return IsFormulaStart(first);
    }

    /// <summary>The cell as it is safe to write: with a leading apostrophe when it is formula-like, otherwise unchanged.</summary>
    public static string Neutralize(string cell) => IsFormulaLike(cell) ? "'" + cell : cell;

    /// <summary>
    /// Appends one neutralised cell in RFC 4180 form for a file separated by <paramref name="delimiter"/>: quoted when
    /// it holds the delimiter, a double quote or a line break.
    /// </summary>
    public static void AppendCell(StringBuilder sb, string cell, char delimiter)
    {
        var v = Neutralize(cell);
        if (v.Contains(delimiter) || v.Contains('"') || v.Contains('\n') || v.Contains('\r'))
        {
            sb.Append('"').Append(v.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            sb.Append(v);
        }
    }

    /// <summary>Appends a row of neutralised cells and a CRLF.</summary>
    public static void AppendRow(StringBuilder sb, IReadOnlyList<string> cells, char delimiter)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) sb.Append(delimiter);
            AppendCell(sb, cells[i], delimiter);
        }
        sb.Append("\r\n");
    }

    /// <summary>What a spreadsheet may skip before it looks for a formula: whitespace, format characters (zero-width space, BOM, direction marks), double quotes.</summary>
    static bool IsLeadIn(char c) =>
        c is '"' or '\uFF02' or '\u201C' or '\u201D' || char.IsWhiteSpace(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    static bool IsFormulaStart(char c) => Fold(c) is '=' or '+' or '-' or '@' or '|';

    /// <summary>
    /// The ASCII character NFKC folds a look-alike into, written out (so it holds without ICU, in invariant globalization
    /// mode too): the fullwidth forms U+FF01–U+FF5E, the small forms of + - = @, and the super- and subscript signs.
    /// </summary>
    static char Fold(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\uFE62' or '\u207A' or '\u208A' => '+',
        '\uFE63' or '\u207B' or '\u208B' => '-',
        '\uFE66' or '\u207C' or '\u208C' => '=',
        '\uFE6B' => '@',
        _ => c,
    };

    /// <summary>A signed number in any of the notations the profiler reads: -3.5, -3,5, -1,234.5, -1.234,5, -1 234, -2e5.</summary>
    [GeneratedRegex(@"^[+-]\d[\d.,' \u00A0]*(?:[eE][+-]?\d+)?$")]
    private static partial Regex SignedNumber();
}
