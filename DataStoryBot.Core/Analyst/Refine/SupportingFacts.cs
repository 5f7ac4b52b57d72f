using System.Text.RegularExpressions;
using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>Another finding of the table told in a story's narrative: the sentence and the facts it states.</summary>
public sealed record SupportingFact(Insight Insight, string Sentence, IReadOnlyList<NarrativeFact> Facts);

/// <summary>
/// The two or three facts an analyst adds to a story: other findings of the same table about the story's subject (the
/// same group and value — hardware's descriptions and resolution time beside "hardware incidents are in Australia" —,
/// else the same outcome, measure or category), each told in its own kind's lead sentence with its numbers recorded as
/// facts. They come from the ranked detection discovery runs (<see cref="StoryDiscovery.Ranked(AnalysisTable, string?, IReadOnlyCollection{StoryKind}?, CancellationToken)"/>),
/// so every guard discovery applies (structure, the claim checks, routed columns) applies to them too; only the kinds
/// that compare groups are run, which keeps refine fast.
/// </summary>
public static partial class SupportingFacts
{
    /// <summary>At most this many supporting facts per story.</summary>
    public const int Max = 3;

    /// <summary>
    /// The kinds looked for: those that compare groups or say who stands out (a rate, a duration or amount by group, a
    /// person or place within a category, the words of a category's texts, a category's share over time; not a
    /// measure's level drifting per group, whose detector costs refine more than it adds). A story's
    /// subject is a group, an outcome or a measure; these kinds are the ones that say more about one. Not the leader of a
    /// measure's averages ("Laptop leads average cost"): by group, a measure is told by the segment kind, whose guards
    /// know a price list.
    /// </summary>
    public static IReadOnlyList<StoryKind> Kinds { get; } =
    [
        StoryKinds.Of<RateStory>(), StoryKinds.Of<StandoutStory>(), StoryKinds.Of<TextTermsStory>(), StoryKinds.Of<SegmentStory>(),
        StoryKinds.Of<ShareShiftStory>(),
    ];

    /// <summary>The ranked findings supporting facts are chosen from, and the prepared table they were found on.</summary>
    public sealed record Candidates(AnalysisTable Table, IReadOnlyList<Insight> Ranked);

    /// <summary>
    /// The kinds worth running for a story on these file columns: all of <see cref="Kinds"/> when one of them is a
    /// category or a text; else (a measure over time, two measures related, a duration) only the kind that compares a
    /// measure by group, since the others could share nothing with it.
    /// </summary>
    public static IReadOnlyList<StoryKind> KindsFor(AnalysisTable table, IEnumerable<string> fileColumns) =>
        fileColumns.Any(c => table.Find(c) is CategoryColumn or TextColumn) ? Kinds : Kinds.Where(k => k is SegmentStory).ToList();

    /// <summary>
    /// The ranked detection of <see cref="KindsFor"/> over <paramref name="table"/> (the file's table as loaded, before
    /// <see cref="StoryDiscovery.Prepare"/>), for a story on <paramref name="fileColumns"/>: what refine runs beside the
    /// story's own recompute.
    /// </summary>
    public static Candidates Detect(AnalysisTable table, IEnumerable<string> fileColumns, CancellationToken cancellationToken = default)
    {
        var (prepared, ranked) = StoryDiscovery.Ranked(table, null, KindsFor(table, fileColumns), cancellationToken);
        return new Candidates(prepared, ranked);
    }

    /// <summary>
    /// The supporting facts of <paramref name="story"/>: the ranked findings of <paramref name="table"/> (the file's
    /// table as loaded) that share its subject, each told in one sentence.
    /// </summary>
    public static IReadOnlyList<SupportingFact> For(AnalysisTable table, Insight story, CancellationToken cancellationToken = default) =>
        For(Detect(table, story.EvidenceColumns, cancellationToken), story, cancellationToken);

    /// <summary>The supporting facts of <paramref name="story"/> among <paramref name="found"/>, each told in one sentence.</summary>
    public static IReadOnlyList<SupportingFact> For(Candidates found, Insight story, CancellationToken cancellationToken = default) =>
        For(found, story, [], cancellationToken);

    /// <summary>
    /// The supporting facts of <paramref name="story"/> among <paramref name="found"/>, never one of the session's other
    /// stories (<paramref name="siblingTitles"/>: the reader has them already), each told in one sentence.
    /// </summary>
    public static IReadOnlyList<SupportingFact> For(Candidates found, Insight story, IReadOnlyCollection<string> siblingTitles, CancellationToken cancellationToken = default)
    {
        var (prepared, ranked) = found;
        var told = new List<SupportingFact>();
        foreach (var candidate in Pick(prepared, story, ranked.Where(i => !siblingTitles.Contains(i.Title)).ToList()))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Tell(prepared, candidate) is { } fact && told.All(t => t.Sentence != fact.Sentence)) told.Add(fact);
            if (told.Count == Max) break;
        }
        return told;
    }

    /// <summary>
    /// The findings that support the story, best first: those sharing one of its subject columns (not only the time
    /// axis) with the same value named in both titles first, then those sharing the column, each group in the ranked
    /// order. Never the story itself nor the same finding told from the other side (the same columns, or columns that
    /// are functions of each other: a returned flag and the state Returned), a share of one column's rows, a fallback
    /// description, never two on the same columns, and never the same word of a text column twice.
    /// </summary>
    public static List<Insight> Pick(AnalysisTable table, Insight story, IReadOnlyList<Insight> ranked)
    {
        var subject = Subject(story);
        var candidates = new List<(Insight Insight, int Tier, int Rank)>();
        for (var rank = 0; rank < ranked.Count; rank++)
        {
            var c = ranked[rank];
            if (c.Kind.IsFallback || InsightRanker.IsDescription(c) || IsPairing(c) || c.Title == story.Title) continue;
            var shared = Subject(c).Where(subject.Contains).ToList();
            if (shared.Count == 0) continue;
            var sameValue = SameValue(table, story, c, shared);
            // Sharing only a column is not sharing a subject: "Hardware takes 3 times as long" under "Network's share grew",
            // or another driver of the same outcome ("credit score 6 is denied 34%" under "payments over 40% are denied
            // 35%") is another story. A fact supports when it is about the same group (the same value named in both), or
            // says what the story's outcome rows are (their words: 'crushed' in the damaged shipments' notes).
            if (!sameValue && !Mechanism(story, c)) continue;
            candidates.Add((c, sameValue ? 0 : 1, rank));
        }
        var routed = new Dictionary<(string, string), bool>();
        var picked = new List<Insight>();
        foreach (var (insight, _, _) in candidates.OrderBy(x => x.Tier).ThenBy(x => x.Rank))
        {
            if (picked.Append(story).Any(p => SameFinding(table, p, insight, routed) || SameWord(p, insight))) continue;
            picked.Add(insight);
        }
        return picked;
    }

    /// <summary>
    /// The same word of the same text column told for two groups ("'printer' in 52% of Hardware descriptions" and "in 40%
    /// of Australia's"): the word is said once, in the group that ranks first.
    /// </summary>
    private static bool SameWord(Insight a, Insight b) =>
        a.Detail is TextTermsDetail ta && b.Detail is TextTermsDetail tb && ta.TextColumn == tb.TextColumn
        && ta.Top.Count > 0 && tb.Top.Count > 0 && string.Equals(ta.Top[0].Term, tb.Top[0].Term, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Two category columns merely linked ("category and risk are linked", Cramér's V): how two attributes pair up is
    /// often a rule or the design; the telling cell of such a cross-table is a stand-out, which has its own guards.
    /// </summary>
    private static bool IsPairing(Insight insight) => insight.Detail is AssociationDetail;

    /// <summary>
    /// The same finding: the same columns, up to category columns routed together (Cramér's V ≥
    /// <see cref="InsightRanker.RoutedV"/>, one a function of the other), so "Apparel is returned 19% of the time" and
    /// "264 of the 415 returned orders are apparel" are one.
    /// </summary>
    private static bool SameFinding(AnalysisTable table, Insight a, Insight b, Dictionary<(string, string), bool> routed)
    {
        if (a.Columns.Count != b.Columns.Count) return false;
        var onlyA = a.Columns.Except(b.Columns, StringComparer.Ordinal).ToList();
        var onlyB = b.Columns.Except(a.Columns, StringComparer.Ordinal).ToList();
        if (onlyA.Count != onlyB.Count) return false;
        return onlyA.All(x => onlyB.Any(y => Routed(x, y)));

        bool Routed(string x, string y)
        {
            var key = string.CompareOrdinal(x, y) < 0 ? (x, y) : (y, x);
            if (routed.TryGetValue(key, out var known)) return known;
            return routed[key] = table.Find(x) is CategoryColumn cx && table.Find(y) is CategoryColumn cy
                && cx.Labels.Length <= 200 && cy.Labels.Length <= 200
                && SegmentStory.Associate(cx, cy) is { } d && d.Test.CramersV >= InsightRanker.RoutedV;
        }
    }

    /// <summary>
    /// The finding's lead, told as its own kind tells it (charts built but not drawn), with the facts it states; null when
    /// it has no lead, names a test or a p-value (method belongs to the evidence), or states a number that is not a fact.
    /// </summary>
    public static SupportingFact? Tell(AnalysisTable table, Insight insight)
    {
        var draft = new StoryDraft(table, insight);
        using (HouseStyle.WithoutImages())
        {
            insight.Kind.Write(draft);
        }
        var lead = draft.Text.LeadText;
        if (string.IsNullOrWhiteSpace(lead) || Method().IsMatch(lead)) return null;
        var facts = draft.Text.Facts.Where(f => States(lead, f.Text)).ToList();
        foreach (Match number in Number().Matches(lead))
        {
            if (!facts.Any(f => f.Text.Contains(number.Value, StringComparison.Ordinal))) return null;
        }
        return new SupportingFact(insight, lead, facts);
    }

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

    /// <summary>Whether <paramref name="candidate"/> tells what the rows of the story's outcome are: the words enriched in the
    /// texts of the outcome's own rows (the story says how often, the words say what happened).</summary>
    private static bool Mechanism(Insight story, Insight candidate)
    {
        var outcome = story.Detail switch
        {
            RateGroupDetail r => r.Outcome,
            RateTimeDetail r => r.Outcome,
            _ => null,
        };
        return outcome is not null && candidate.Detail is TextTermsDetail { Category: { } category, Group: { } group } && category == outcome.Column
            && (group == outcome.Level || (outcome.OtherLevels?.Contains(group) ?? false));
    }

    /// <summary>What a story is about: its columns without the time axis of a story about time.</summary>
    private static HashSet<string> Subject(Insight insight) =>
        insight.Columns.Skip(insight.Kind.IsAboutTime && insight.Columns.Count > 1 ? 1 : 0).ToHashSet(StringComparer.Ordinal);

        /// <summary>Whether both titles name the same value of a shared category column ("Hardware" in both).</summary>
    private static bool SameValue(AnalysisTable table, Insight story, Insight candidate, List<string> shared)
    {
        foreach (var name in shared)
        {
            // A yes/no column's "Yes" names no group: two flags' stories share it without being about the same rows.
            if (table.Find(name) is not CategoryColumn column || column.Labels.Length > 1000 || ColumnMeaning.IsFlag(column)) continue;
            foreach (var label in column.Labels)
            {
                if (label.Length < 2 || !label.Any(char.IsLetter)) continue;
                if (Names(story.Title, label) && Names(candidate.Title, label)) return true;
            }
        }
        return false;

        static bool Names(string title, string label)
        {
            var at = title.IndexOf(label, StringComparison.OrdinalIgnoreCase);
            while (at >= 0)
            {
                var end = at + label.Length;
                if ((at == 0 || !char.IsLetterOrDigit(title[at - 1])) && (end == title.Length || !char.IsLetterOrDigit(title[end]))) return true;
                at = title.IndexOf(label, at + 1, StringComparison.OrdinalIgnoreCase);
            }
            return false;
        }
    }

    /// <summary>A number as a narrative writes it (the pattern the narrative tests read numbers with).</summary>
    [GeneratedRegex(@"(?<![\p{L}_\d.,]|[\p{L}\d]-)\d+(?:,\d{3})*(?:\.\d+)?(?![\p{L}_\d])")]
    private static partial Regex Number();

    /// <summary>A test, a statistic or a p-value: method, which belongs to a story's evidence paragraph, not its story.</summary>
    [GeneratedRegex(@"\bp [<=] |p-value|χ²|G²|\b(Kruskal|Wallis|chi-square|Cochran|Armitage|Mann-Kendall|Bonferroni|Benjamini|residual)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Method();
}
