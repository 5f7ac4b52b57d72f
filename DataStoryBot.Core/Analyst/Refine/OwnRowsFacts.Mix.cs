using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// The rival explanation a group cannot be read within because it is nearly all one kind (December's leave requests are
/// mostly annual leave): the group's mix of that category against the others', and the story's gap within the one kind
/// alone, so the reader sees whether the kind or the group carries it (remains, mostly goes, within chance, gone: see
/// <see cref="MixLeft"/>).
/// </summary>
public static partial class OwnRowsFacts
{
    /// <summary>The least share of the group's rows its most common value of the category must hold.</summary>
    public const double MinDominant = 0.6;

    /// <summary>
    /// For a rate: a category of 2 to <see cref="MaxStrata"/> values (not the story's, not an outcome nor a state) that
    /// bears on the outcome among the other rows (see <see cref="Bears"/>), whose most common value among the group's
    /// rows holds at least <see cref="MinDominant"/> of them and <see cref="MinLift"/> times its share of the others;
    /// at least <see cref="MinStratumRows"/> rows of that value on each side. Told whichever way the gap within it comes
    /// out; the category with the largest lift first.
    /// </summary>
    public static SupportingFact? MixOf(AnalysisTable table, Insight story, StoryRows rows, IReadOnlyCollection<string>? used = null)
    {
        if (rows.AboutTime || rows.Y is not { } y || rows.Outcome is not { } o) return null;
        var outcomeColumns = RateStory.Outcomes(table).Select(x => x.Column).ToHashSet(StringComparer.Ordinal);
        var storySources = rows.Columns.SelectMany(table.SourcesOf).Concat(rows.Group is { } g ? table.SourcesOf(g.Name) : []).ToHashSet(StringComparer.Ordinal);
        (CategoryColumn Column, int Top, int[] Subject, int[] Others, int[] SubjectHits, int[] OtherHits, double Lift)? best = null;
        foreach (var c in table.Categories)
        {
            if (c == rows.Group || rows.Columns.Contains(c.Name) || (used?.Contains(c.Name) ?? false) || outcomeColumns.Contains(c.Name) || c.Labels.Length is < 2 or > MaxStrata
                || ColumnMeaning.IsFreeText(c) || ColumnMeaning.IsStateField(c.Name) || table.SourcesOf(c.Name).Any(storySources.Contains)) continue;
            var k = c.Labels.Length;
            int[] subject = new int[k], others = new int[k], sh = new int[k], oh = new int[k];
            for (var r = 0; r < table.RowCount; r++)
            {
                var code = c.Codes[r];
                if (code < 0 || !rows.Scope[r] || y[r] < 0) continue;
                if (rows.In[r]) { subject[code]++; sh[code] += y[r]; }
                else { others[code]++; oh[code] += y[r]; }
            }
            var top = Array.IndexOf(subject, subject.Max());
            int ns = subject.Sum(), no = others.Sum();
            if (ns == 0 || no == 0 || StandoutStory.IsPlaceholder(c.Labels[top]) || subject[top] < MinDominant * ns || subject[top] < MinStratumRows || others[top] < MinStratumRows) continue;
            var lift = subject[top] / (double)ns / (others[top] / (double)no);
            if (lift < MinLift) continue;
            var codes = Enumerable.Range(0, k).Where(i => others[i] >= MinStratumRows && !StandoutStory.IsPlaceholder(c.Labels[i])).ToList();
            if (codes.Count < 2 || !Bears(codes, others, oh, null, rate: true)) continue;
            if (best is null || lift > best.Value.Lift) best = (c, top, subject, others, sh, oh, lift);
        }
        if (best is not { } x) return null;
        var nb = new NarrativeBuilder();
        var cols = rows.Columns.Append(x.Column.Name).Distinct(StringComparer.Ordinal).ToList();
        var value = Words.Label(x.Column.Name, x.Column.Labels[x.Top]);
        var named = value == x.Column.Labels[x.Top] ? $"{H(x.Column.Name)} {value}" : value;
        int ns2 = x.Subject.Sum(), no2 = x.Others.Sum();
        var (a, b) = (x.SubjectHits[x.Top] / (double)x.Subject[x.Top], x.OtherHits[x.Top] / (double)x.Others[x.Top]);
        // The story's gap over the rows read (the category filled), and what of it is left within the one kind.
        var (all, rest) = (x.SubjectHits.Sum() / (double)ns2, x.OtherHits.Sum() / (double)no2);
        var left = MixLeft(rows.High ? all - rest : rest - all, rows.High ? a - b : b - a,
            RateStory.FisherExact(x.SubjectHits[x.Top], x.Subject[x.Top] - x.SubjectHits[x.Top], x.OtherHits[x.Top], x.Others[x.Top] - x.OtherHits[x.Top]));
        var within = $"{nb.Pct(a, $"share {o.Phrase} of {rows.Who} with {x.Column.Name} {x.Column.Labels[x.Top]}", cols, AllRows(table))} ({nb.Int(x.SubjectHits[x.Top], $"{rows.Who} with {x.Column.Name} {x.Column.Labels[x.Top]} {o.Phrase}", cols, AllRows(table))} of {nb.Int(x.Subject[x.Top], $"{rows.Who} with {x.Column.Name} {x.Column.Labels[x.Top]}", cols, AllRows(table))}) " +
            $"against {nb.Pct(b, $"share {o.Phrase} of {rows.Others} with {x.Column.Name} {x.Column.Labels[x.Top]}", cols, AllRows(table))} for {rows.Others} with {named}";
        var sentence = $"{Cap(rows.Who)} are mostly {named}: {nb.Pct(x.Subject[x.Top] / (double)ns2, $"share of {rows.Who} with {x.Column.Name} {x.Column.Labels[x.Top]}", cols, AllRows(table))} " +
            $"({nb.Int(x.Subject[x.Top], $"{rows.Who} with {x.Column.Name} {x.Column.Labels[x.Top]} (decided)", cols, AllRows(table))} of {nb.Int(ns2, $"{rows.Who} decided", cols, AllRows(table))}), against {nb.Pct(x.Others[x.Top] / (double)no2, $"share of {rows.Others} with {x.Column.Name} {x.Column.Labels[x.Top]}", cols, AllRows(table))} of {rows.Others}; " +
            left switch
            {
                MixGap.Remains => $"among {named} alone the gap remains: {within}.",
                MixGap.MostlyGoes => $"among {named} alone the gap mostly goes: {within}.",
                MixGap.MostlyGoesWithinChance => $"among {named} alone the gap mostly goes: {within}, a difference within chance.",
                MixGap.WithinChance => $"among {named} alone the gap is within chance: {within}.",
                _ => $"among {named} alone the gap is gone: {within}.",
            };
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    /// <summary>The share of the story's gap (in points) the gap within the one kind must keep to be said to remain.</summary>
    public const double MinKeptGap = 0.5;

    /// <summary>The p-value (Fisher's exact test, two-sided) the gap within the one kind must pass to be said to remain.</summary>
    public const double MaxWithinP = 0.05;

    /// <summary>What is left of a story's gap within the one kind its group is mostly of.</summary>
    public enum MixGap { Gone, MostlyGoes, MostlyGoesWithinChance, WithinChance, Remains }

    /// <summary>
    /// What is left of the story's gap (<paramref name="gap"/>, points in the story's direction) within the one kind
    /// (<paramref name="within"/>, points in the story's direction, Fisher's <paramref name="p"/>): it remains only where
    /// it keeps at least <see cref="MinKeptGap"/> of the story's gap and passes <see cref="MaxWithinP"/>; a smaller one
    /// mostly goes (the mix carries most of the gap), a large one that chance could give is said to be within chance,
    /// none at all is gone.
    /// </summary>
    public static MixGap MixLeft(double gap, double within, double p) =>
        !(within > 0) ? MixGap.Gone
        : within < MinKeptGap * gap ? (p < MaxWithinP ? MixGap.MostlyGoes : MixGap.MostlyGoesWithinChance)
        : p < MaxWithinP ? MixGap.Remains : MixGap.WithinChance;
}
