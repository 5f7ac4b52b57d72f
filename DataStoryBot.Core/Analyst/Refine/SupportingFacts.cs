using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>A fact an analyst adds to a story, told in one sentence with the facts it states: <see cref="Insight"/> is the story it supports.</summary>
public sealed record SupportingFact(Insight Insight, string Sentence, IReadOnlyList<NarrativeFact> Facts);

/// <summary>
/// The two or three facts an analyst adds to a story (issue 21), computed from the story's own rows
/// (<see cref="OwnRowsFacts"/>): the same finding by month, week or quarter, the top contributor within its rows, the same
/// group's other outcome or duration. None is taken from the table's other findings: a second reader found most of
/// those unrelated to the story they were told under.
/// </summary>
public static class SupportingFacts
{
    /// <summary>At most this many supporting facts per story.</summary>
    public const int Max = 3;

    /// <summary>
    /// The supporting facts of <paramref name="story"/> on <paramref name="table"/> (the prepared table it was found or
    /// recomputed on), never retelling one of the session's other stories (<paramref name="siblings"/>: title and
    /// evidence columns).
    /// </summary>
    public static IReadOnlyList<SupportingFact> For(AnalysisTable table, Insight story, IReadOnlyCollection<(string Title, IReadOnlyList<string> Columns)>? siblings = null, CancellationToken cancellationToken = default) =>
        OwnRowsFacts.For(table, story, siblings ?? [], cancellationToken);

    /// <summary>The least number of figures a fact must state for <see cref="Restates"/> to call it the lead again.</summary>
    public const int MinRestatedFigures = 2;

    /// <summary>
    /// Whether <paramref name="fact"/> only restates its lead (REPEAT): it states at least <see cref="MinRestatedFigures"/>
    /// figures and every one of them is already stated by <paramref name="lead"/> (the story's title and summary) —
    /// the same groups with the same numbers, nothing the reader did not have. A group label or a time point a fact
    /// records (a value of a column, not a computed figure) does not count as a figure.
    /// </summary>
    public static bool Restates(SupportingFact fact, string lead)
    {
        var figures = fact.Facts.Where(f => IsFigure(f)).Select(f => f.Text).Distinct(StringComparer.Ordinal).ToList();
        return figures.Count >= MinRestatedFigures && figures.All(f => States(lead, f));

        static bool IsFigure(NarrativeFact f) =>
            !f.Computation.Contains("group label", StringComparison.Ordinal) && f.Text.Length > 0 && (char.IsDigit(f.Text[0]) || f.Text[0] is '-' or '−');
    }

    /// <summary>
    /// Whether <paramref name="fact"/> concerns its lead (not UNRELATED): its sentence names at least one of
    /// <paramref name="subjects"/> — the lead's columns in words, and, when the lead is about a group, the group's rows
    /// in words and its value (see <see cref="OwnRowsFacts.Subjects"/>). A fact about other rows or another matter (the
    /// words of a trend's later rows, which name neither the measure that rose nor a group) is not told under it.
    /// </summary>
    public static bool Concerns(SupportingFact fact, IReadOnlyCollection<string> subjects) =>
        subjects.Any(s => s.Length > 0 && OwnRowsFacts.Names(fact.Sentence, s));

    /// <summary>Whether <paramref name="text"/> states the figure <paramref name="figure"/> (not as part of a longer number or word).</summary>
    public static bool States(string text, string figure)
    {
        if (figure.Length == 0) return false;
        for (var at = text.IndexOf(figure, StringComparison.Ordinal); at >= 0; at = text.IndexOf(figure, at + 1, StringComparison.Ordinal))
        {
            var end = at + figure.Length;
            var before = at == 0 ? ' ' : text[at - 1];
            var after = end >= text.Length ? ' ' : text[end];
            var afterNext = end + 1 >= text.Length ? ' ' : text[end + 1];
            var joinedBefore = char.IsLetterOrDigit(before) || (before is '.' or ',' && char.IsDigit(figure[0]));
            var joinedAfter = char.IsLetterOrDigit(after) || after == '%' || (after is '.' or ',' && char.IsDigit(afterNext));
            if (!joinedBefore && !joinedAfter) return true;
        }
        return false;
    }
}
