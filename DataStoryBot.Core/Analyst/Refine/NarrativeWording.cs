using System.Text.RegularExpressions;
using DataStoryBot.Core.Analyst.Data;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// The last pass over a narrative's plain text, in reading order (the heading first): a series named by an unreadable
/// code is quoted once, then called "this series"; and where the table says what a row is, "rows" becomes that noun
/// ("505 of the 720 Hardware incidents", issue 21, item 8). Words only: no number is added, dropped or changed.
/// </summary>
public sealed partial class NarrativeWording(string? noun)
{
    private readonly string? _noun = noun is null || noun == TableNoun.Default ? null : noun;
    private readonly HashSet<string> _quoted = new(StringComparer.Ordinal);

    /// <summary>The noun in the singular ("incident", "expense claim").</summary>
    private string? Singular => _noun is null ? null : _noun.EndsWith("ies", StringComparison.Ordinal) ? _noun[..^3] + "y" : _noun.EndsWith('s') ? _noun[..^1] : _noun;

    public string Say(string plain)
    {
        if (plain.Length == 0) return plain;
        var text = QuotedSeries().Replace(plain, m =>
        {
            if (_quoted.Add(m.Groups[2].Value)) return m.Value;
            return m.Groups[1].Value[0] == 'S' ? "This series" : "this series";
        });
        if (_noun is null) return text;
        text = OneRow().Replace(text, m => $"{m.Groups[1].Value} {Singular}");
        return Rows().Replace(text, m => m.Value[0] == 'R' ? Stories.Words.Cap(_noun) : _noun);
    }

    [GeneratedRegex("\\b([Ss]eries) \"([^\"]+)\"")]
    private static partial Regex QuotedSeries();

    [GeneratedRegex("\\b(each|a|one|per|every|any|the first|the last) row\\b")]
    private static partial Regex OneRow();

    [GeneratedRegex("\\b[Rr]ows\\b")]
    private static partial Regex Rows();
}
