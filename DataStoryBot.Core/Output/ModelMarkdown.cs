using System.Text;
using System.Text.RegularExpressions;

namespace DataStoryBot.Core.Output;

/// <summary>
/// Markdown a model wrote (the OpenAI engine's narrative), made safe to open in any Markdown viewer: the model read
/// the file, so anything in it may have come from the data. Raw HTML (and autolinks in angle brackets) is escaped to
/// literal text; an image becomes its alt text (the session's charts are shown by the page and linked by the story zip,
/// never through the narrative); a link keeps its target only when that is <c>http</c>, <c>https</c> or <c>mailto</c>,
/// otherwise (<c>javascript:</c>, <c>data:</c>, <c>vbscript:</c>, <c>file:</c>, an entity-encoded scheme, …) only its text;
/// reference-style links, definitions and footnotes stay literal text. Headings, lists, emphasis and code are kept.
/// Code is escaped like the rest (a viewer may end a code block earlier than a line-based reading would), so a
/// <c>&lt;</c> in code shows its backslash: safe over pretty.
/// </summary>
public static partial class ModelMarkdown
{
    public static string Sanitize(string markdown)
    {
        var sb = new StringBuilder(markdown.Length + 32);
        foreach (var line in markdown.Split('\n'))
        {
            if (sb.Length > 0) sb.Append('\n');
            sb.Append(SanitizeInline(line));
        }
        return sb.ToString();
    }

    /// <summary>Whether a link target may stay: http, https or mailto, written out plainly (an entity or escape in the scheme does not count).</summary>
    public static bool IsSafeLinkTarget(string target)
    {
        var t = target.Trim();
        if (t.StartsWith('<') && t.EndsWith('>')) t = t[1..^1];
        return SafeScheme().IsMatch(t);
    }

    static string SanitizeInline(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        var last = 0;
        foreach (Match m in InlineLink().Matches(text))
        {
            if (m.Index > 0 && text[m.Index - 1] == '\\') continue; // an escaped bracket opens nothing
            sb.Append(EscapeLoose(text[last..m.Index]));
            var label = SanitizeInline(m.Groups["text"].Value);
            if (m.Groups["bang"].Length > 0 || !IsSafeLinkTarget(m.Groups["url"].Value))
            {
                sb.Append(label);
            }
            else
            {
                sb.Append('[').Append(label).Append("](").Append(m.Groups["url"].Value).Append(m.Groups["title"].Value).Append(')');
            }
            last = m.Index + m.Length;
        }
        sb.Append(EscapeLoose(text[last..]));
        return sb.ToString();
    }

    /// <summary>Text outside a kept link: '&lt;' (HTML, autolinks) and brackets (images, links, references, footnotes) escaped, unless already escaped.</summary>
    static string EscapeLoose(string text)
    {
        var sb = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && char.IsAsciiLetterOrDigit(text[i + 1]) is false && text[i + 1] is not (' ' or '\t'))
            {
                sb.Append(c).Append(text[i + 1]); // an escape the model wrote: kept as it is
                i++;
                continue;
            }
            if (c is '<' or '[' or ']') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>An inline link or image: text without unescaped brackets, a destination (plain, or in angle brackets), an optional title.</summary>
    [GeneratedRegex(@"(?<bang>!?)\[(?<text>(?:[^\[\]\\]|\\.)*)\]\(\s*(?<url><[^<>\n]*>|[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)(?<title>\s+(?:""[^""\n]*""|'[^'\n]*'|\([^()\n]*\)))?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^(?:https?://[^\s<>""'\\&]*|mailto:[^\s<>""'\\&:/]+@[^\s<>""'\\&]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex SafeScheme();
}
