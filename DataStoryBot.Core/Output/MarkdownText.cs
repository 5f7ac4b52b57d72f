using System.Text;
using System.Text.RegularExpressions;

namespace DataStoryBot.Core.Output;

/// <summary>
/// Text from the data (a category, a column name, a title) written into Markdown so that every Markdown viewer shows it
/// as the same literal text: no link, image, raw HTML, emphasis, code, table, math or block (heading, list, quote)
/// can come out of it. Characters that open an inline construct are backslash-escaped (CommonMark escapes any ASCII
/// punctuation, and GitHub, markdown-it, marked and pandoc follow it), line breaks become spaces, a block marker at the
/// start is escaped, and a bare URL (<c>https://…</c>, <c>www.…</c>) is kept from being linked by the GFM autolink extension.
/// </summary>
public static partial class MarkdownText
{
    /// <summary>
    /// The characters escaped wherever they are: link and image brackets, HTML and autolinks, entities, emphasis, code,
    /// strikethrough, tables, math, and braces (Markdig's and pandoc's attribute syntax, <c>{onclick=…}</c>).
    /// </summary>
    const string Inline = "\\`*_[]<>&~|${}";

    /// <summary><paramref name="text"/> as Markdown inline text that renders as exactly <paramref name="text"/> (line breaks as spaces).</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n' or '\u2028' or '\u2029' or '\u0085' || (char.IsControl(c) && c != '\t'))
            {
                sb.Append(' ');
            }
            else if (Inline.Contains(c, StringComparison.Ordinal)
                || (c == ':' && i + 2 < text.Length && text[i + 1] == '/' && text[i + 2] == '/')
                || (c == '.' && i >= 3 && text.AsSpan(i - 3, 3).Equals("www", StringComparison.OrdinalIgnoreCase)))
            {
                sb.Append('\\').Append(c);
            }
            else
            {
                sb.Append(c);
            }
        }
        return EscapeBlockStart(sb.ToString());
    }

    /// <summary>
    /// A line that starts a block when it begins a line (a heading, a list item, a quote, a thematic break, a code fence)
    /// gets its marker escaped, so text put at the start of a line stays a paragraph's text.
    /// </summary>
    internal static string EscapeBlockStart(string line)
    {
        var start = 0;
        while (start < line.Length && line[start] is ' ' or '\t') start++;
        if (start == line.Length) return line;
        var m = OrderedListMarker().Match(line, start);
        if (m.Success) return line.Insert(m.Index + m.Length - 1, "\\");
        var c = line[start];
        var signedNumber = c is '-' or '+' && start + 1 < line.Length && char.IsAsciiDigit(line[start + 1]);
        return c is '#' or '-' or '+' or '=' or '>' or '*' or '_' or '`' or '~' && !signedNumber
            ? line.Insert(start, "\\")
            : line;
    }

    /// <summary>An ordered list marker at the start: up to nine digits then '.' or ')'.</summary>
    [GeneratedRegex(@"\G\d{1,9}[.)]")]
    private static partial Regex OrderedListMarker();
}
