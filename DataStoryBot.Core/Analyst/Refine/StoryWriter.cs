using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>What refine produces for one insight before it is written to the container.</summary>
public sealed record StoryOutput(string Markdown, IReadOnlyList<ChartImage> Charts, IReadOnlyList<int>? SubsetRows, string? SubsetDescription, IReadOnlyList<NarrativeFact> Facts);

/// <summary>Turns a recomputed insight into a narrative (every number a fact), 2–4 charts and an optional subset: the
/// heading and the caveats here, the story itself by its kind (<see cref="StoryKind.Write"/>), the supporting facts computed
/// from the story's own rows (<see cref="SupportingFacts"/>). The narrative's order — lead, supporting facts, one "How we know" paragraph, one caveat section — is the <see cref="NarrativeBuilder"/>'s.
/// The facts list (every figure's computation, columns and rows) goes with the narrative, so the text does not repeat it.</summary>
public static class StoryWriter
{
    /// <param name="supporting">Facts from the story's own rows told after the story's own paragraphs (<see cref="SupportingFacts"/>).</param>
    public static StoryOutput Write(AnalysisTable table, Insight insight, IReadOnlyList<SupportingFact>? supporting = null)
    {
        var draft = new StoryDraft(table, insight);
        draft.Text.Noun = table.Noun;
        draft.Text.Heading(insight.Title);
        insight.Kind.Write(draft);
        foreach (var fact in supporting ?? []) draft.Text.Supporting(fact.Sentence, fact.Facts);
        Caveats(draft.Text, table, insight);
        return new StoryOutput(draft.Text.Build(), draft.Charts, draft.SubsetRows, draft.SubsetDescription, draft.Text.Facts);
    }

    /// <summary>What a derived grouping is and, for a cut chosen from the data, that it was chosen (and corrected for it).</summary>
    private static void DerivedCaveat(NarrativeBuilder nb, AnalysisTable table, string name, DerivedGrouping g)
    {
        var sources = g.Sources;
        var what = g.Kind switch
        {
            "band" => $"{H(sources[0])} split at {nb.N(g.Cut ?? double.NaN, $"cut of {name}, chosen among round values", sources, AllRows(table), Fmt.Num)}",
            "notice" => $"the days from {H(sources[0])} to {H(sources[1])}, split at {nb.N(g.Cut ?? double.NaN, $"cut of {name} in days, chosen among round spans", sources, AllRows(table), Fmt.Num)} days",
            "hour" => $"the time of day of {H(sources[0])} in three-hour bands",
            _ => $"the {g.Kind} of {H(sources[0])}",
        };
        var chosen = g.Cut is null ? "" : $" The cut is the round value where {H(g.Target)} differs most, so the difference it shows is somewhat larger than a new sample would show.";
        nb.Bullet($"{Cap(H(name))} is derived by the analyst: {what}.{chosen} It was kept because {H(g.Target)} differs across it after a Bonferroni correction over the {nb.Int(g.Tried, "groupings tried in the table (cuts, date parts and targets)", sources, "screened rows")} groupings tried ({nb.P(g.P, "Bonferroni-corrected p-value of the grouping's strongest difference", sources, "screened rows")}).");
    }

    private static void Caveats(NarrativeBuilder nb, AnalysisTable table, Insight insight)
    {
        var cols = insight.Columns;
        if (table.Sampling.Sampled)
        {
            var step = table.Sampling.TotalRows / (double)Math.Max(1, table.Sampling.RowsUsed);
            nb.Caveat($"The file has {nb.Int(table.Sampling.TotalRows, "rows in the file", cols, "all rows")} rows; the analysis used an evenly spaced systematic sample of {nb.Int(table.Sampling.RowsUsed, "rows analysed", cols, "sample")} rows (one row in every {nb.N(step, "rows in the file per sampled row", cols, "sample")}, starting with the first). Every figure is computed on that sample.");
        }
        foreach (var name in cols)
        {
            var c = table.Find(name);
            if (c is null || c.Kind == ColumnKind.Text) continue;
            if (c is NumericColumn { Duration: { } d })
            {
                var sources = new[] { d.Start, d.End };
                var left = new List<string>();
                if (d.Open > 0) left.Add($"{nb.Int(d.Open, $"rows with {d.Start} and no {d.End} (open)", sources, AllRows(table))} are still open (no {H(d.End)} yet)");
                if (d.Negative > 0) left.Add($"{nb.Int(d.Negative, $"rows whose {d.End} is before their {d.Start}", sources, AllRows(table))} end before they start");
                if (d.Absurd > 0) left.Add($"{nb.Int(d.Absurd, $"rows whose span exceeds {Durations.MaxYears} years", sources, AllRows(table))} span more than {nb.Int(Durations.MaxYears, "longest plausible span, in years", sources, "rule")} years");
                nb.Caveat($"{Cap(H(name))} is the time from {H(d.Start)} to {H(d.End)} of each row, in {d.Unit}, measured on {nb.Int(d.Measured, $"rows with both {d.Start} and {d.End}", sources, AllRows(table))} rows." +
                    (left.Count == 0 ? "" : $" Left out, not counted as zero: {string.Join("; ", left)}."));
                continue;
            }
            if (c is CategoryColumn { Derived: { } g })
            {
                DerivedCaveat(nb, table, name, g);
                continue;
            }
            var missing = c.MissingCount;
            if (missing > 0)
            {
                nb.Caveat($"{Cap(H(name))} is missing or unreadable in {nb.Int(missing, $"rows with {name} missing", [name], AllRows(table))} rows ({nb.Pct(missing / (double)Math.Max(1, table.RowCount), $"share of rows with {name} missing", [name], AllRows(table))}); those rows are left out of the computations that need it.");
            }
        }
        if (insight.N < 30)
        {
            nb.Caveat($"The finding rests on only {nb.Int(insight.N, "observations behind the finding", cols, "see above")} observations, so it is fragile: a few new data points could change it.");
        }
        if (insight.Kind.Caveat is { } caveat) nb.Caveat(caveat);
    }
}
