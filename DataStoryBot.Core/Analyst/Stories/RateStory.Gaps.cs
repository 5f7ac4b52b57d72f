using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>The table's primary comparison (two groups' rates) within one level of another grouping.</summary>
public sealed record RateGapLevel(string Level, RateCount A, RateCount B)
{
    /// <summary>A's rate minus B's, in shares.</summary>
    public double Gap => A.Rate - B.Rate;
}

/// <summary>
/// The gap of the table's primary comparison (men against women) read within each level of another grouping
/// (discipline), when the gaps differ between the levels more than chance allows.
/// </summary>
/// <param name="A">The group with the higher rate over all rows, and its counts.</param>
/// <param name="B">The other group.</param>
/// <param name="Levels">Levels with at least <see cref="RateStory.MinGroupRows"/> rows on both sides, widest gap first.</param>
/// <param name="Chi">The heterogeneity statistic: the inverse-variance weighted squares of each level's gap about their weighted mean.</param>
/// <param name="P">Its chi-square p-value on <paramref name="Df"/> degrees of freedom, Bonferroni-corrected over <paramref name="Tested"/> groupings.</param>
/// <param name="LeftOut">Levels left out for too few rows on a side.</param>
public sealed record RateGapDetail(RateOutcome Outcome, string Group, RateCount A, RateCount B, string By, IReadOnlyList<RateGapLevel> Levels, double Chi, int Df, double P, int Tested, int LeftOut)
{
    public RateGapLevel Widest => Levels[0];

    /// <summary>The levels where the gap runs the other way (B's rate above A's).</summary>
    public IEnumerable<RateGapLevel> Reversed => Levels.Where(l => l.Gap < 0).OrderBy(l => l.Gap);
}

public sealed partial class RateStory
{
    /// <summary>A gap between groups is told by level only when the widest level's gap is at least this many times the gap over all rows…</summary>
    public const double MinGapLift = 2;

    /// <summary>
    /// The primary comparison (a two-group question the table was made to answer: men against women, a trial's arms)
    /// read within each level of every other grouping of 2–<see cref="MaxGroups"/> levels: told when the gaps differ by a
    /// heterogeneity test (Cochran's Q on the gaps' inverse-variance weights, Bonferroni over the groupings,
    /// p &lt; <see cref="PrimaryMaxP"/>: a follow-up of the one question, not a screen), the widest level's gap is at
    /// least <see cref="MinGapLift"/> times the overall one and <see cref="MinGroupDifference"/> points, and that level's
    /// own two-proportion test holds at the same level.
    /// </summary>
    internal static IEnumerable<Insight> GapsByLevel(AnalysisTable table, IReadOnlyList<RateOutcome> outcomes, IReadOnlyList<CategoryColumn> groupings)
    {
        foreach (var g in groupings.Where(c => table.Model.IsPrimary(c.Name)))
        {
            foreach (var outcome in outcomes.Where(o => o.Column != g.Name))
            {
                var y = OutcomeOf(table, outcome, out _);
                var byColumns = groupings.Where(b => b.Name != g.Name && b.Name != outcome.Column && b.Labels.Length is >= 2 and <= MaxGroups && !table.Model.IsPrimary(b.Name)).ToList();
                foreach (var by in byColumns)
                {
                    if (GapByLevel(table, outcome, y, g, by, byColumns.Count) is { } insight) yield return insight;
                }
            }
        }
    }

    private static Insight? GapByLevel(AnalysisTable table, RateOutcome outcome, sbyte[] y, CategoryColumn g, CategoryColumn by, int tested)
    {
        int groups = g.Labels.Length, levels = by.Labels.Length;
        var n = new int[levels, groups];
        var k = new int[levels, groups];
        var totalN = new int[groups];
        var totalK = new int[groups];
        for (var r = 0; r < y.Length; r++)
        {
            if (y[r] < 0 || g.Codes[r] < 0 || by.Codes[r] < 0) continue;
            n[by.Codes[r], g.Codes[r]]++;
            k[by.Codes[r], g.Codes[r]] += y[r];
            totalN[g.Codes[r]]++;
            totalK[g.Codes[r]] += y[r];
        }
        // A two-group question only: the two groups with rows.
        var present = Enumerable.Range(0, groups).Where(i => totalN[i] >= MinGroupRows).ToList();
        if (present.Count != 2) return null;
        var (a, b) = totalK[present[0]] / (double)totalN[present[0]] >= totalK[present[1]] / (double)totalN[present[1]] ? (present[0], present[1]) : (present[1], present[0]);
        var rows = new List<RateGapLevel>();
        var leftOut = 0;
        for (var l = 0; l < levels; l++)
        {
            if (n[l, a] + n[l, b] == 0) continue;
            if (n[l, a] < MinGroupRows || n[l, b] < MinGroupRows) { leftOut++; continue; }
            rows.Add(new RateGapLevel(by.Labels[l], new RateCount(g.Labels[a], n[l, a], k[l, a]), new RateCount(g.Labels[b], n[l, b], k[l, b])));
        }
        if (rows.Count < 2) return null;
        // Cochran's Q of the gaps: each weighed by the inverse of its variance.
        var weighted = rows.Select(x => (x.Gap, V: x.A.Rate * (1 - x.A.Rate) / x.A.N + x.B.Rate * (1 - x.B.Rate) / x.B.N)).ToList();
        if (weighted.Any(w => !(w.V > 0))) return null;
        var mean = weighted.Sum(w => w.Gap / w.V) / weighted.Sum(w => 1 / w.V);
        var chi = weighted.Sum(w => (w.Gap - mean) * (w.Gap - mean) / w.V);
        var df = rows.Count - 1;
        var p = Math.Min(1, SpecialFunctions.ChiSquareSurvival(chi, df) * Math.Max(1, tested));
        if (!(p < PrimaryMaxP)) return null;
        var all = (A: new RateCount(g.Labels[a], totalN[a], totalK[a]), B: new RateCount(g.Labels[b], totalN[b], totalK[b]));
        var overall = all.A.Rate - all.B.Rate;
        var ordered = rows.OrderByDescending(x => x.Gap).ThenBy(x => x.Level, StringComparer.Ordinal).ToList();
        var widest = ordered[0];
        if (widest.Gap < MinGroupDifference || widest.Gap < MinGapLift * overall || !(TwoProportionP(widest.A, widest.B) < PrimaryMaxP)) return null;
        var d = new RateGapDetail(outcome, g.Name, all.A, all.B, by.Name, ordered, chi, df, p, Math.Max(1, tested), leftOut);
        var (who, whom) = (Words.Label(g.Name, all.A.Label), Words.Label(g.Name, all.B.Label));
        var byH = Words.Human(by.Name);
        var reversed = d.Reversed.FirstOrDefault();
        var title = $"The gap between {who} and {whom} is widest in {Words.Label(by.Name, widest.Level)}: {RateText(outcome.Phrase, Fmt.Pct(widest.A.Rate))} against {Fmt.Pct(widest.B.Rate)}"
            + (reversed is null ? $" ({Fmt.Num(100 * overall)} points over all {Plural(byH)})" : $", the other way in {Words.Label(by.Name, reversed.Level)} ({Fmt.Pct(reversed.A.Rate)} against {Fmt.Pct(reversed.B.Rate)})");
        var summary =
            $"{Words.Cap(outcome.Phrase)}: {Fmt.Pct(all.A.Rate)} for {who} against {Fmt.Pct(all.B.Rate)} for {whom} over all {table.Noun}; within {Words.Label(by.Name, widest.Level)} {Fmt.Pct(widest.A.Rate)} ({Fmt.Int(widest.A.Hits)} of {Fmt.Int(widest.A.N)}) against {Fmt.Pct(widest.B.Rate)} ({Fmt.Int(widest.B.Hits)} of {Fmt.Int(widest.B.N)}), " +
            $"across {rows.Count} {byH} groups with at least {MinGroupRows} {table.Noun} on each side. " +
            $"A test that the gap is the same in every {byH} (Cochran's Q = {Fmt.Num(chi)}, {df} degrees of freedom) rejects it ({Fmt.P(p)}{(tested > 1 ? $", Bonferroni-corrected over {tested} groupings" : "")}): a follow-up of the comparison the table was made for, not a screen.";
        return new Insight(StoryKinds.Of<RateStory>(), [outcome.Column, g.Name, by.Name], title, summary, ["bar", "bar"],
            "Cochran's Q test of the heterogeneity of the rate gap across the levels of another grouping (Bonferroni over the groupings)",
            chi, p, widest.Gap, rows.Sum(x => x.A.N + x.B.N), GapImpact(Math.Max(widest.A.Rate, widest.B.Rate), Math.Min(widest.A.Rate, widest.B.Rate)), d);
    }

    private static void WriteGaps(StoryDraft draft, RateGapDetail d)
    {
        var nb = draft.Text;
        var table = draft.Table;
        string[] cols = [d.Outcome.Column, d.Group, d.By];
        var rows = $"{AllRows(table)} with a decided {d.Outcome.Column}, {d.Group} {d.A.Label} or {d.B.Label} and a {d.By} of at least {MinGroupRows} rows on each side";
        var (who, whom, byH, phrase) = (LabelText(nb, d.Group, d.A.Label), LabelText(nb, d.Group, d.B.Label), H(d.By), d.Outcome.Phrase);
        var w = d.Widest;
        string Pair(RateGapLevel l, string what) =>
            $"{Rate(nb, l.A, $"for {d.Group} {d.A.Label} within {d.By} {l.Level}{what}", cols, rows)} against {Rate(nb, l.B, $"for {d.Group} {d.B.Label} within {d.By} {l.Level}{what}", cols, rows)}";
        nb.Paragraph($"Over all {table.Noun}, the share {phrase} is {Rate(nb, d.A, $"for {d.Group} {d.A.Label}", cols, rows)} for {who} against {Rate(nb, d.B, $"for {d.Group} {d.B.Label}", cols, rows)} for {whom}. " +
            $"The gap is widest in {LabelText(nb, d.By, w.Level)}: {Pair(w, "")}, {nb.N(100 * w.Gap, $"gap in points within {d.By} {w.Level}", cols, rows)} points.");
        var reversed = d.Reversed.Take(3).ToList();
        if (reversed.Count > 0)
        {
            nb.Paragraph($"It runs the other way in {string.Join("; ", reversed.Select(l => $"{LabelText(nb, d.By, l.Level)} ({Pair(l, "")})"))}.");
        }
        nb.Paragraph($"The evidence: the gap read within each of the {nb.Int(d.Levels.Count, $"{d.By} groups compared", cols, rows)} {Plural(byH)} differs more than chance allows: Cochran's Q = {nb.N(d.Chi, "Cochran's Q of the gaps", cols, rows)} " +
            $"on {nb.Int(d.Df, "degrees of freedom of Cochran's Q", cols, rows)} degrees of freedom, {nb.P(d.P, "p-value of Cochran's Q, Bonferroni-corrected", cols, rows)}" +
            (d.Tested > 1 ? $" after a Bonferroni correction over the {nb.Int(d.Tested, "groupings tested", cols, rows)} groupings tested. " : ", the one grouping tested. ") +
            $"It is a follow-up of the comparison the table was made for, tested at the 5% level, and rests on fewer rows per {byH} than the overall gap.");
        if (d.LeftOut > 0) nb.Paragraph($"{nb.Int(d.LeftOut, $"{d.By} groups left out", cols, AllRows(table))} {Plural(byH)} with fewer than {nb.Int(MinGroupRows, "least rows on each side", cols, AllRows(table))} {table.Noun} on a side are left out.");
        nb.Subheading($"Share {phrase} by {byH}: {d.A.Label} against {d.B.Label}");
        foreach (var l in d.Levels.Take(12)) nb.Bullet($"{LabelText(nb, d.By, l.Level)}: {Pair(l, "")}");
        nb.EndList();
        var labels = d.Levels.Select(l => l.Level).ToList();
        draft.Charts.Add(ChartFactory.Bars($"Gap in share {phrase}, {d.A.Label} minus {d.B.Label}, by {byH} (points)", d.By, "Gap (points)", labels, d.Levels.Select(l => 100 * l.Gap).ToList(),
            highlightWhere: d.Levels.Select(l => l == w).ToList()));
        var pairs = d.Levels.Take(7).SelectMany(l => new[] { (Label: $"{l.Level}: {d.A.Label}", Rate: l.A.Rate, Mark: l == w), (Label: $"{l.Level}: {d.B.Label}", Rate: l.B.Rate, Mark: l == w) }).ToList();
        draft.Charts.Add(ChartFactory.Bars($"Share {phrase} for {d.A.Label} and {d.B.Label} by {byH} (%)", d.By, $"Share {phrase} (%)", pairs.Select(x => x.Label).ToList(), pairs.Select(x => 100 * x.Rate).ToList(),
            highlightWhere: pairs.Select(x => x.Mark).ToList()));
        var outcomeColumn = (CategoryColumn)table.Find(d.Outcome.Column)!;
        var byColumn = (CategoryColumn)table.Find(d.By)!;
        var hitCodes = d.Outcome.Levels.Select(l => Array.IndexOf(outcomeColumn.Labels, l)).ToHashSet();
        var level = Array.IndexOf(byColumn.Labels, w.Level);
        draft.Subset(Enumerable.Range(0, table.RowCount).Where(r => byColumn.Codes[r] == level && hitCodes.Contains(outcomeColumn.Codes[r])).ToList(),
            $"Rows where {d.By} = {w.Level} and {d.Outcome.Column} = {d.Outcome.LevelsText}");
    }
}
