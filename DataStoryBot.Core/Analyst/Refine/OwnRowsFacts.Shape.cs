using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// Two shapes an analyst adds where a story's rows have no month-by-month reading: how a rate builds up over the parts of
/// the day, week or year the story's group is one of (the delays that mount through the day towards the late-night
/// flights), and when the story's rows happened (most of them after one month, against few of the others).
/// </summary>
public static partial class OwnRowsFacts
{
    /// <summary>Kendall's tau between the parts' order (from the opposite extreme) and their rates a build-up needs.</summary>
    public const double MinBuildUpTau = 0.6;

    /// <summary>Parts with enough rows a build-up needs.</summary>
    public const int MinBuildUpParts = 4;

    /// <summary>Share of the story's rows that must lie from the split on for "when" to be told.</summary>
    public const double MinWhenShare = 0.7;

    /// <summary>
    /// For a rate by a part of a date (the hour band, the weekday, the month), the rate in every part with at least
    /// <see cref="MinSide"/> decided rows, in the part's own order, starting after the part farthest from the story's
    /// group (the day from its quietest hours): told when it climbs towards the group (Kendall's tau at least
    /// <see cref="MinBuildUpTau"/> over at least <see cref="MinBuildUpParts"/> parts) and the group is the last or next
    /// to last of them: the story's extreme as the end of a build-up, not a lone spike.
    /// </summary>
    public static SupportingFact? BuildUp(AnalysisTable table, Insight story, StoryRows rows)
    {
        if (story.Detail is not RateGroupDetail || rows.Group is not { Derived.Kind: "hour" or "weekday" or "month" } g || rows.Y is not { } y || rows.Outcome is not { } outcome) return null;
        var k = g.Labels.Length;
        var n = new int[k];
        var h = new int[k];
        for (var r = 0; r < table.RowCount; r++)
        {
            if (g.Codes[r] < 0 || y[r] < 0) continue;
            n[g.Codes[r]]++;
            h[g.Codes[r]] += y[r];
        }
        var own = g.Codes[FirstIndex(rows.In)];
        var kept = Enumerable.Range(0, k).Where(i => n[i] >= MinSide).ToList();
        if (kept.Count < MinBuildUpParts || !kept.Contains(own)) return null;
        double Rate(int i) => h[i] / (double)n[i];
        // Start after the part farthest from the story's (lowest for a high group): the order of the day, week or year
        // from there, around the cycle.
        var start = rows.High ? kept.MinBy(Rate) : kept.MaxBy(Rate);
        var order = kept.OrderBy(i => (i - start + k) % k).ToList();
        var sign = rows.High ? 1 : -1;
        double concordant = 0, discordant = 0;
        for (var a = 0; a < order.Count; a++)
        {
            for (var b = a + 1; b < order.Count; b++)
            {
                var d = sign * (Rate(order[b]) - Rate(order[a]));
                if (d > 0) concordant++;
                else if (d < 0) discordant++;
            }
        }
        var pairs = order.Count * (order.Count - 1) / 2.0;
        var tau = (concordant - discordant) / pairs;
        if (tau < MinBuildUpTau || order.IndexOf(own) < order.Count - 2) return null;
        var (span, at) = g.Derived!.Kind switch { "hour" => ("the day", "at"), "weekday" => ("the week", "on"), _ => ("the year", "in") };
        var nb = new NarrativeBuilder();
        var cols = rows.Columns.ToList();
        var steps = order.Select(i => $"{nb.Pct(Rate(i), $"share {outcome.Phrase} of the {table.Noun} with {g.Name} {g.Labels[i]} (decided rows)", cols, AllRows(table))} {at} {g.Labels[i]}");
        var verb = rows.High ? "builds up" : "falls";
        var sentence = $"It is the end of a build-up through {span}: the share {outcome.Phrase} {verb} from {string.Join(", ", steps)}.";
        nb.N(tau, "Kendall's tau between the parts' order (from the farthest part) and their shares", cols, AllRows(table), v => v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    /// <summary>
    /// For a story whose rows have no rate or measure to read month by month (the rows whose text mentions a word):
    /// when they happened — the first period from which at least <see cref="MinWhenShare"/> of them lie, against at most
    /// half that share of the other rows, a two-proportion test passing <see cref="MaxP"/> after a Bonferroni correction
    /// over the splits tried.
    /// </summary>
    public static SupportingFact? WhenOf(AnalysisTable table, Insight story, StoryRows rows)
    {
        if (rows.AboutTime || rows.Y is not null || rows.Measure is not null || rows.Leader is not null || rows.ShareWithin) return null;
        if (table.Time.Axis is not DateColumn axis || rows.Columns.Contains(axis.Name) || PeriodsOf(axis) is not { } p) return null;
        var (keys, labels, unit) = p;
        var mine = new int[labels.Count];
        var theirs = new int[labels.Count];
        for (var r = 0; r < table.RowCount; r++)
        {
            if (keys[r] < 0) continue;
            if (rows.In[r]) mine[keys[r]]++;
            else if (rows.Scope[r]) theirs[keys[r]]++;
        }
        int nm = mine.Sum(), nt = theirs.Sum();
        if (nm < MinContributorRows || nt < MinContributorRows || labels.Count < MinPeriods) return null;
        (int Split, int A, double Share, double Elsewhere)? best = null;
        int a = nm, b = nt;
        for (var s = 1; s < labels.Count; s++)
        {
            a -= mine[s - 1];
            b -= theirs[s - 1];
            var share = a / (double)nm;
            var elsewhere = b / (double)nt;
            if (share < MinWhenShare || elsewhere > share / 2) continue;
            if (!(RateStory.TwoProportionP(new RateCount("mine", nm, a), new RateCount("theirs", nt, b)) * (labels.Count - 1) < MaxP)) continue;
            // The latest split that still holds most of the rows: the sharpest "from then on".
            best = (s, a, share, elsewhere);
        }
        if (best is not { } x) return null;
        var nb = new NarrativeBuilder();
        var cols = rows.Columns.Append(axis.Name).Distinct(StringComparer.Ordinal).ToList();
        var day = Start(axis, keys, x.Split);
        var from = nb.N(day, $"first {unit} of the split", cols, AllRows(table), _ => labels[x.Split]);
        var sentence = $"Most of them are recent: {nb.Int(x.A, $"{rows.Who} from {labels[x.Split]} on", cols, AllRows(table))} of the {nb.Int(nm, $"{rows.Who} dated", cols, AllRows(table))} {rows.Who} ({nb.Pct(x.Share, $"share of {rows.Who} from {labels[x.Split]} on", cols, AllRows(table))}) are from {from} on, against {nb.Pct(x.Elsewhere, $"share of {rows.Others} from {labels[x.Split]} on", cols, AllRows(table))} of {rows.Others}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }
}
