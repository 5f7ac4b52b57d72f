using System.Text.RegularExpressions;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using Xunit;

namespace DataStoryBot.Tests.StoryQuality;

/// <summary>
/// Phrase classes a journalist would not write (issue 22, item 6; issue 21, item 8), checked on every story of the
/// three suites (the original and R story-quality datasets, the business tables): a raw column name where the name
/// reads as words, an unreadable code repeated instead of "this series", "rows" in a narrative whose table has a noun,
/// a yes/no group compared "for no", a column in brackets after a name ("(requested by)"), a noun outcome said as a
/// participle ("are callback"). Each check returns what it found, so a suite can report it and fail.
/// </summary>
public static partial class WordingChecks
{
    /// <summary>What reads badly in one story's title, summary and (when given) narrative.</summary>
    public static IEnumerable<string> Problems(StoryCandidate story, string? narrative, string noun)
    {
        var headline = story.Title + "\n" + story.Summary;
        foreach (var column in story.Evidence.Columns.Distinct(StringComparer.Ordinal))
        {
            var human = Words.Human(column);
            // A name that reads as words ("resolution_time_hours", "lifeExpectancy", "SUNACTIVITY") is never said raw.
            var raw = column.Contains('_', StringComparison.Ordinal) || CamelHump().IsMatch(column)
                ? new Regex($@"(?<![\w.]){Regex.Escape(column)}(?![\w])")
                : human.Contains(' ', StringComparison.Ordinal) && !Words.IsCode(column) && column.All(char.IsLetter)
                    ? new Regex($@"(?<![\w.]){Regex.Escape(column)}(?![\w])", RegexOptions.IgnoreCase)
                    : null;
            if (raw is not null && raw.IsMatch(story.Title)) yield return $"raw column name '{column}' in the title (reads as '{human}'): {story.Title}";
            if (Words.IsCode(column) && narrative is not null && Regex.Matches(narrative, Regex.Escape(column)).Count > 1)
            {
                yield return $"the code '{column}' is repeated in the narrative instead of 'this series'";
            }
        }
        if (FlagOther().Match(story.Title) is { Success: true } flag) yield return $"a yes/no group compared as '{flag.Value}': {story.Title}";
        if (ColumnInBrackets().Match(story.Title) is { Success: true } bracket) yield return $"a column in brackets after a name ('{bracket.Value}'): {story.Title}";
        if (NounAsParticiple().Match(headline + "\n" + narrative) is { Success: true } verb) yield return $"a noun outcome said as a participle ('{verb.Value}'): {story.Title}";
        if (narrative is not null && noun != "rows" && RowsWord().Match(narrative) is { Success: true } rows)
        {
            var at = Math.Max(0, rows.Index - 60);
            yield return $"'rows' in a narrative whose table's rows are {noun}: …{narrative.Substring(at, Math.Min(120, narrative.Length - at))}…";
        }
    }

    /// <summary>Asserts the suite's stories are free of the phrase classes, listing every one found.</summary>
    public static void AssertNone(IEnumerable<(string Where, IEnumerable<string> Problems)> stories)
    {
        var found = stories.SelectMany(s => s.Problems.Select(p => $"{s.Where}: {p}")).ToList();
        Assert.True(found.Count == 0, $"{found.Count} phrases a journalist would not write:\n" + string.Join("\n", found));
    }

    [GeneratedRegex(@"[a-z][A-Z][a-z]")]
    private static partial Regex CamelHump();

    [GeneratedRegex(@"\d% for (no|yes|true|false)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FlagOther();

    [GeneratedRegex(@"\((\w+ )?(by|to)\)")]
    private static partial Regex ColumnInBrackets();

    [GeneratedRegex(@"\b(are|is) (callback|call|arrest|awards?|default|churn|fraud)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NounAsParticiple();

    [GeneratedRegex(@"\b[Rr]ows\b")]
    private static partial Regex RowsWord();
}
