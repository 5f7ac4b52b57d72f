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
/// participle ("are callback"), a unit in brackets in a title ("beak length (mm)"), a group by its code ("for M than for F"). Each check returns what it found, so a suite can report it and fail.
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
        foreach (var p in TitleProblems(story)) yield return p;
        if (TimesAsLow().Match(headline + "\n" + narrative) is { Success: true } low) yield return $"a ratio below one said as '{low.Value}': {story.Title}";
        if (narrative is not null && TwoReported().Match(narrative) is { Success: true } two) yield return $"two groups counted as '{two.Value}': {story.Title}";
        if (FlagOther().Match(story.Title) is { Success: true } flag) yield return $"a yes/no group compared as '{flag.Value}': {story.Title}";
        if (ColumnInBrackets().Match(story.Title) is { Success: true } bracket) yield return $"a column in brackets after a name ('{bracket.Value}'): {story.Title}";
        if (NounAsParticiple().Match(headline + "\n" + narrative) is { Success: true } verb) yield return $"a noun outcome said as a participle ('{verb.Value}'): {story.Title}";
        if (narrative is not null && noun != "rows" && RowsWord().Match(narrative) is { Success: true } rows)
        {
            var at = Math.Max(0, rows.Index - 60);
            yield return $"'rows' in a narrative whose table's rows are {noun}: …{narrative.Substring(at, Math.Min(120, narrative.Length - at))}…";
        }
    }

    /// <summary>
    /// Title patterns a reporter would not write (issue 22, item 6): a code-like series name, "Rows with …", a pooled
    /// series named "(across N … values)", "N country name values" for N countries, "3.3x longer", "of Male", a people's
    /// yes/no column said "with African American", "n failures", a number run on to a word ("method2"), and a slope told
    /// from the outcome to its driver when the names say which is which.
    /// </summary>
    private static IEnumerable<string> TitleProblems(StoryCandidate story)
    {
        var t = story.Title;
        if (CodeName().Match(t) is { Success: true } code) yield return $"a code-like series name '{code.Value}' in the title: {t}";
        if (RowsWith().IsMatch(t)) yield return $"'Rows with' in the title: {t}";
        if (PooledValues().Match(t) is { Success: true } pooled) yield return $"a pooled series named '{pooled.Value}': {t}";
        if (GroupValues().Match(t) is { Success: true } group) yield return $"groups counted as '{group.Value}' instead of by their noun: {t}";
        if (TimesX().Match(t) is { Success: true } x) yield return $"a ratio as '{x.Value}' instead of in words: {t}";
        if (OfSex().Match(t) is { Success: true } sex) yield return $"a sex's label as a noun ('{sex.Value}'): {t}";
        if (WithPeople().Match(t) is { Success: true } people && ColumnVocabulary.IsPeople(people.Groups[1].Value)) yield return $"a people said as '{people.Value}': {t}";
        if (NCount().Match(t) is { Success: true } n) yield return $"a count said as '{n.Value.Trim()}': {t}";
        if (RunOnNumber().Match(t) is { Success: true } run) yield return $"a number run on to a word ('{run.Value}'): {t}";
        if (UnitInBrackets().Match(t) is { Success: true } unit) yield return $"a unit in brackets after a name ('{unit.Value}') instead of after its numbers: {t}";
        if (CodedGroup().Match(t) is { Success: true } coded) yield return $"a group said by its code ('{coded.Value.Trim()}'): {t}";
        if (SlopeTitle().Match(t) is { Success: true } slope && story.Evidence.Columns.Count >= 2
            && DataStoryBot.Core.Analyst.Refine.ColumnWords.DriverByName(story.Evidence.Columns[0], story.Evidence.Columns[1]) is var (_, outcome)
            && slope.Groups[1].Value.Equals(DataStoryBot.Core.Analyst.Refine.ColumnWords.Split(outcome).Name, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"a slope told from the outcome ('{slope.Groups[1].Value}') to its driver: {t}";
        }
    }

    /// <summary>Asserts the suite's stories are free of the phrase classes, listing every one found.</summary>
    public static void AssertNone(IEnumerable<(string Where, IEnumerable<string> Problems)> stories)
    {
        var found = stories.SelectMany(s => s.Problems.Select(p => $"{s.Where}: {p}")).ToList();
        Assert.True(found.Count == 0, $"{found.Count} phrases a journalist would not write:\n" + string.Join("\n", found));
    }

    [GeneratedRegex(@"\b[A-Za-z0-9]+(\.[A-Za-z0-9]+){3,}\b")]
    private static partial Regex CodeName();

    [GeneratedRegex(@"\b[Rr]ows with\b")]
    private static partial Regex RowsWith();

    [GeneratedRegex(@"\((across|all) \d[\d,]* [^)]*values\)")]
    private static partial Regex PooledValues();

    [GeneratedRegex(@"\b\d[\d,]* (?!highest|lowest|largest|smallest|most|least)[a-z]+( [a-z]+)? values\b")]
    private static partial Regex GroupValues();

    [GeneratedRegex(@"\b\d+(\.\d+)?x (longer|shorter|higher|lower|more|less|as)\b")]
    private static partial Regex TimesX();

    [GeneratedRegex(@"% of (Male|Female|male|female)\b")]
    private static partial Regex OfSex();

    [GeneratedRegex(@"\bwith ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")]
    private static partial Regex WithPeople();

    [GeneratedRegex(@"(^|[\s(])[Nn] [a-z]{3,}\b")]
    private static partial Regex NCount();

    [GeneratedRegex(@"\b[a-z]{4,}\d{1,2}\b")]
    private static partial Regex RunOnNumber();

    [GeneratedRegex(@"[a-z] \((mm|cm|km|m|g|kg|lb|lbs|in|ft|%|\$|USD|°C|°F|ppm|ppb|hours|days|minutes|seconds)\)")]
    private static partial Regex UnitInBrackets();

    [GeneratedRegex(@"\bfor (M|F|yes|no|Yes|No|true|false)(?= than\b| as\b|[,:]|$)")]
    private static partial Regex CodedGroup();

    [GeneratedRegex(@"^Higher (.+?) goes with (?:higher|lower) (.+)$")]
    private static partial Regex SlopeTitle();

    [GeneratedRegex(@"\b[Oo]ver all 2 reported [a-z ]+")]
    private static partial Regex TwoReported();

    [GeneratedRegex(@"\b(times|twice) as low\b")]
    private static partial Regex TimesAsLow();

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
