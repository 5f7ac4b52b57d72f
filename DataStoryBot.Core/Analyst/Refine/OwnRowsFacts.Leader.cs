using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

public static partial class OwnRowsFacts
{
    /// <summary>Total variation distance between the leader's mix and the others' at most which the two are alike.</summary>
    public const double AlikeMix = 0.1;

    /// <summary>Points (as a share) by which no single value's share may differ between the leader's rows and the others' for the mixes to be alike.</summary>
    public const double AlikePoints = 0.05;

    /// <summary>Ratio of medians (or of rates) within which, either way, the leader's rows are as quick (as often) as the others'.</summary>
    public const double AlikeRatio = 1.2;

    /// <summary>
    /// What a leader's rows are (a caller, an employee or an agent with far more rows than any other): when their mix by
    /// the table's first category that is not a workflow field (state, priority) and their duration or outcome rate are those of the others' rows, the count is volume,
    /// not one kind of row nor slower or failing work, which the caveat's question (a role, a default assignee) turns on.
    /// A leader whose rows differ is told by <see cref="TopContributor"/> and <see cref="OtherOutcomes"/> instead; in
    /// between nothing is said.
    /// </summary>
    public static IEnumerable<SupportingFact> LeaderAlike(AnalysisTable table, Insight story, StoryRows rows)
    {
        if (rows.Leader is not { } leader || rows.ShareWithin || Count(rows.In) < MinSide) yield break;
        var others = Mask(table, r => rows.Scope[r] && !rows.In[r]);
        if (Count(others) < MinSide) yield break;
        var outcomeColumns = RateStory.Outcomes(table).Select(o => o.Column).ToHashSet(StringComparer.Ordinal);
        var category = table.Categories.FirstOrDefault(c => c != leader && !rows.Columns.Contains(c.Name) && !outcomeColumns.Contains(c.Name)
            && !ColumnMeaning.IsWorkflowField(c.Name) && !ColumnMeaning.IsStateField(c.Name)
            && c.Labels.Length is >= 3 and <= 12 && !ColumnMeaning.IsFreeText(c) && !ColumnMeaning.IsFlag(c) && !Determines(leader, c) && !Determines(c, leader));
        if (category is not null && MixAlike(table, story, rows, others, category) is { } mix) yield return mix;
        if (PaceAlike(table, story, rows, others) is { } pace) yield return pace;
    }

    private static SupportingFact? MixAlike(AnalysisTable table, Insight story, StoryRows rows, bool[] others, CategoryColumn c)
    {
        var mine = new int[c.Labels.Length];
        var theirs = new int[c.Labels.Length];
        for (var r = 0; r < table.RowCount; r++)
        {
            if (c.Codes[r] < 0) continue;
            if (rows.In[r]) mine[c.Codes[r]]++;
            else if (others[r]) theirs[c.Codes[r]]++;
        }
        double nm = mine.Sum(), nt = theirs.Sum();
        if (nm < MinSide || nt < MinSide) return null;
        var distance = Enumerable.Range(0, mine.Length).Sum(i => Math.Abs(mine[i] / nm - theirs[i] / nt)) / 2;
        // Alike as a whole and value by value: no value more than AlikePoints apart.
        if (distance > AlikeMix || Enumerable.Range(0, mine.Length).Any(i => Math.Abs(mine[i] / nm - theirs[i] / nt) > AlikePoints)) return null;
        var nb = new NarrativeBuilder();
        var cols = rows.Columns.Append(c.Name).Distinct(StringComparer.Ordinal).ToList();
        var parts = Enumerable.Range(0, mine.Length).Where(i => !StandoutStory.IsPlaceholder(c.Labels[i])).OrderByDescending(i => mine[i]).Take(3)
            .Select(i => $"{LabelOf(nb, c, c.Labels[i], cols, table)} {nb.Pct(mine[i] / nm, $"share of {rows.Who} with {c.Name} {c.Labels[i]}", cols, AllRows(table))} against {nb.Pct(theirs[i] / nt, $"share of {rows.Others} with {c.Name} {c.Labels[i]}", cols, AllRows(table))}");
        var sentence = $"{Cap(rows.Who)} are no one kind of {table.Noun}: by {H(c.Name)} they are a mix like {rows.Others}' ({string.Join("; ", parts)}).";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    private static SupportingFact? PaceAlike(AnalysisTable table, Insight story, StoryRows rows, bool[] others)
    {
        foreach (var m in table.Numeric.Where(m => m.Duration is { } d && !Planned().IsMatch(d.End)))
        {
            var d = m.Duration!;
            var sIn = Mask(table, r => rows.In[r] && !double.IsNaN(m.Values[r]));
            var sOut = Mask(table, r => others[r] && !double.IsNaN(m.Values[r]));
            if (Count(sIn) < MinSide || Count(sOut) < MinSide) continue;
            var (ms, mo) = (Median(m.Values, sIn), Median(m.Values, sOut));
            if (!(ms > 0 && mo > 0) || ms / mo > AlikeRatio || mo / ms > AlikeRatio) continue;
            var nb = new NarrativeBuilder();
            var cols = rows.Columns.Concat(table.SourcesOf(m.Name)).Distinct(StringComparer.Ordinal).ToList();
            var sentence = $"{Cap(rows.Who)} take as long as {rows.Others} from {H(d.Start)} to {H(d.End)}: median {nb.N(ms, $"median {m.Name} of {rows.Who}", cols, AllRows(table), Fmt.Num)} {d.Unit} against {nb.N(mo, $"median {m.Name} of {rows.Others}", cols, AllRows(table), Fmt.Num)}.";
            return new SupportingFact(story, sentence, nb.Facts.ToList());
        }
        foreach (var o in RateStory.Outcomes(table).Where(o => !rows.Columns.Contains(o.Column)))
        {
            var y = OutcomeOf(table, o);
            var (sn, sh) = Hits(y, rows.In);
            var (on, oh) = Hits(y, others);
            if (sn < MinSide || on < MinSide || sh + oh < MinContributorRows) continue;
            double rs = sh / (double)sn, ro = oh / (double)on;
            if (!(rs > 0 && ro > 0) || rs / ro > AlikeRatio || ro / rs > AlikeRatio) continue;
            var nb = new NarrativeBuilder();
            var cols = rows.Columns.Append(o.Column).Distinct(StringComparer.Ordinal).ToList();
            var sentence = $"{Cap(rows.Who)} are {o.Phrase} as often as {rows.Others}: {nb.Pct(rs, $"share of {rows.Who} {o.Phrase} (decided rows)", cols, AllRows(table))} against {nb.Pct(ro, $"share of {rows.Others} {o.Phrase} (decided rows)", cols, AllRows(table))}.";
            return new SupportingFact(story, sentence, nb.Facts.ToList());
        }
        return null;
    }
}
