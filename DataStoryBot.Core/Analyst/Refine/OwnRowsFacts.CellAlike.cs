using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// Under a standout within a category value (Engineering's assets are 61% laptops), whether the cell's rows fare like
/// their like (Engineering's laptops are in repair as often as the other departments' laptops): the surplus is not
/// kit that breaks or sits idle, the first rival an analyst rules out for a pile of one kind.
/// </summary>
public static partial class OwnRowsFacts
{
    /// <summary>
    /// For a standout within a value of a category that is not a state (for a state the standout's own other outcomes are
    /// told, <see cref="ValueOutcomes"/>): the cell's rate of another outcome against that of its like — the rows sharing
    /// whichever of the two columns bears more on the outcome (Cramér's V), so the kind is held fixed: the standout's rows
    /// in the other category values (the other departments' laptops), or the category value's other rows. Told when the
    /// two rates are alike (within <see cref="AlikeRatio"/> either way), both sides at least <see cref="MinSide"/> decided
    /// rows, at least <see cref="MinContributorRows"/> in the outcome; the outcome with the most such rows first.
    /// </summary>
    public static SupportingFact? CellAlike(AnalysisTable table, Insight story, StoryRows rows)
    {
        if (!rows.ShareWithin || rows.Cell is not { } cell || story.Detail is not StandoutDetail { Within: { } w } d || ColumnMeaning.IsStateField(w.Category)) return null;
        if (table.Find(d.Column) is not CategoryColumn value || table.Find(w.Category) is not CategoryColumn level) return null;
        int valueCode = Array.IndexOf(value.Labels, d.Label), levelCode = Array.IndexOf(level.Labels, w.Level);
        if (valueCode < 0 || levelCode < 0) return null;
        (double Hits, RateOutcome Outcome, double Mine, double Theirs, bool ByValue)? best = null;
        foreach (var o in RateStory.Outcomes(table).Where(o => o.Column != value.Name && o.Column != level.Name))
        {
            var y = OutcomeOf(table, o);
            // The like: rows sharing the column that bears more on the outcome.
            var byValue = Association(y, value) >= Association(y, level);
            var like = byValue
                ? Mask(table, r => value.Codes[r] == valueCode && level.Codes[r] >= 0 && level.Codes[r] != levelCode)
                : Mask(table, r => level.Codes[r] == levelCode && value.Codes[r] >= 0 && value.Codes[r] != valueCode);
            var (sn, sh) = Hits(y, rows.In);
            var (ln, lh) = Hits(y, like);
            if (sn < MinSide || ln < MinSide || sh + lh < MinContributorRows) continue;
            double mine = sh / (double)sn, theirs = lh / (double)ln;
            if (!(mine > 0 && theirs > 0) || mine / theirs > AlikeRatio || theirs / mine > AlikeRatio) continue;
            if (best is null || sh + lh > best.Value.Hits) best = (sh + lh, o, mine, theirs, byValue);
        }
        if (best is not { } x) return null;
        var nb = new NarrativeBuilder();
        var cols = rows.Columns.Append(x.Outcome.Column).Distinct(StringComparer.Ordinal).ToList();
        var theirsWho = x.ByValue
            ? $"the {GroupWho(value, valueCode, table.Noun)} of the other {Words.Plural(H(level.Name))}"
            : $"the other {cell.Level}";
        var sentence = $"{Cap(rows.Who)} are {x.Outcome.Phrase} as often as {theirsWho}: {nb.Pct(x.Mine, $"share of {rows.Who} {x.Outcome.Phrase} (decided rows)", cols, AllRows(table))} " +
            $"against {nb.Pct(x.Theirs, $"share of {theirsWho} {x.Outcome.Phrase} (decided rows)", cols, AllRows(table))}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    /// <summary>Cramér's V between an outcome (decided rows) and a category.</summary>
    private static double Association(sbyte[] y, CategoryColumn c)
    {
        var hits = new int[c.Labels.Length];
        var misses = new int[c.Labels.Length];
        for (var r = 0; r < y.Length; r++)
        {
            if (y[r] < 0 || c.Codes[r] < 0) continue;
            if (y[r] == 1) hits[c.Codes[r]]++;
            else misses[c.Codes[r]]++;
        }
        return CramersV(hits, misses);
    }
}
