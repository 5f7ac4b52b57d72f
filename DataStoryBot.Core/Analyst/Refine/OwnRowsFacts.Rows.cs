using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>The rows of the kinds <see cref="OwnRowsFacts.RowsOf"/> builds from a cross-table: a date's part within a category value, a cell, a category value.</summary>
public static partial class OwnRowsFacts
{
    /// <summary>
    /// A date's part within a category value ("59% of Sick leave requests start on a Monday"): the category value's rows
    /// against the others, with the part as the outcome; the cell the story tells (its widest gap, by the story's rules).
    /// </summary>
    private static StoryRows? PartRows(AnalysisTable table, AssociationDetail d, CategoryColumn a, CategoryColumn b, DerivedGrouping part)
    {
        var levelSum = new double[d.LabelsA.Length];
        var partSum = new double[d.LabelsB.Length];
        var total = 0.0;
        for (var i = 0; i < levelSum.Length; i++) for (var j = 0; j < partSum.Length; j++) { levelSum[i] += d.Table[i, j]; partSum[j] += d.Table[i, j]; total += d.Table[i, j]; }
        (int A, int B, double Gap)? best = null;
        for (var i = 0; i < levelSum.Length; i++)
        {
            if (levelSum[i] < DerivedGroups.MinSide || total - levelSum[i] < DerivedGroups.MinSide) continue;
            for (var j = 0; j < partSum.Length; j++)
            {
                if (d.Table[i, j] < 10) continue;
                var inside = d.Table[i, j] / levelSum[i];
                var outside = (partSum[j] - d.Table[i, j]) / (total - levelSum[i]);
                if (inside - outside < DerivedGroups.MinShareGap || inside < DerivedGroups.MinLift * outside) continue;
                if (best is null || inside - outside > best.Value.Gap) best = (i, j, inside - outside);
            }
        }
        if (best is not { } x || Array.IndexOf(a.Labels, d.LabelsA[x.A]) is not (var code and >= 0) || Array.IndexOf(b.Labels, d.LabelsB[x.B]) is not (var value and >= 0)) return null;
        var both = Mask(table, r => a.Codes[r] >= 0 && b.Codes[r] >= 0);
        var y = new sbyte[table.RowCount];
        for (var r = 0; r < y.Length; r++) y[r] = both[r] ? (sbyte)(b.Codes[r] == value ? 1 : 0) : (sbyte)-1;
        var inA = Mask(table, r => both[r] && a.Codes[r] == code);
        var who = GroupWho(a, code, table.Noun);
        var phrase = x.B < part.Phrases.Count ? part.Phrases[x.B] : $"with {H(b.Name)} {b.Labels[value]}";
        var outcome = new RateOutcome(b.Name, b.Labels[value], false, phrase, []);
        List<string> cols = [a.Name, .. table.SourcesOf(b.Name), b.Name];
        return new StoryRows(who, $"the other {table.Noun}", cols.Distinct(StringComparer.Ordinal).ToList(), inA, both, true, outcome, y, null, a,
            Mask(table, r => inA[r] && y[r] == 1), Mask(table, r => inA[r] && y[r] == 0), $"{who} {phrase}", $"the other {who}");
    }

    /// <summary>A cell (one value within a category value) as a rate: the category value's rows against the others, having the value as the outcome.</summary>
    private static StoryRows CellRows(AnalysisTable table, CategoryColumn cat, int level, CategoryColumn c, int code, string column, string category, string noun)
    {
        var both = Mask(table, r => cat.Codes[r] >= 0 && c.Codes[r] >= 0);
        var y = new sbyte[table.RowCount];
        for (var r = 0; r < y.Length; r++) y[r] = both[r] ? (sbyte)(c.Codes[r] == code ? 1 : 0) : (sbyte)-1;
        var inLevel = Mask(table, r => both[r] && cat.Codes[r] == level);
        var who = GroupWho(cat, level, noun);
        var hasValue = new RateOutcome(column, c.Labels[code], false, $"with {H(column)} {Words.Label(column, c.Labels[code])}", []);
        return new StoryRows(who, $"the other {noun}", [category, column], inLevel, both, true, hasValue, y, null, cat,
            inLevel, Mask(table, r => both[r] && !inLevel[r]), who, $"the other {noun}");
    }

    private static StoryRows LevelRows(AnalysisTable table, CategoryColumn g, int code, string noun)
    {
        var inG = Mask(table, r => g.Codes[r] == code);
        var scope = Mask(table, r => g.Codes[r] >= 0);
        var who = GroupWho(g, code, noun);
        var others = Mask(table, r => scope[r] && !inG[r]);
        return new StoryRows(who, $"the other {noun}", [g.Name], inG, scope, true, null, null, null, g, inG, others, who, $"the other {noun}");
    }

    /// <summary>
    /// A trend's rows: those of the last third of its span against those of the first third (the series' subset only), so
    /// the rise or fall can be read within another category and in the words of the later rows.
    /// </summary>
    private static StoryRows? TrendRows(AnalysisTable table, TimeSeries series, DataColumn axis, NumericColumn m, bool up)
    {
        var subset = series.SubsetColumn is not null && table.Find(series.SubsetColumn) is CategoryColumn sc ? (Column: sc, Code: Array.IndexOf(sc.Labels, series.SubsetValue)) : ((CategoryColumn Column, int Code)?)null;
        if (series.SubsetColumn is not null && subset is not { Code: >= 0 }) return null;
        // Each row's time once (NaN when it is not counted), then the span's thirds.
        var times = new double[table.RowCount];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var r = 0; r < times.Length; r++)
        {
            var t = TimeContext.TimeValue(axis, r);
            var counted = !double.IsNaN(m.Values[r]) && double.IsFinite(t) && (subset is not { } s || s.Column.Codes[r] == s.Code);
            times[r] = counted ? t : double.NaN;
            if (!counted) continue;
            min = Math.Min(min, t);
            max = Math.Max(max, t);
        }
        if (!(max > min)) return null;
        var third = (max - min) / 3;
        var late = new bool[times.Length];
        var early = new bool[times.Length];
        var scope = new bool[times.Length];
        for (var r = 0; r < times.Length; r++)
        {
            late[r] = times[r] >= max - third;
            early[r] = times[r] < min + third;
            scope[r] = late[r] || early[r];
        }
        var noun = table.Noun;
        List<string> cols = [series.TimeColumn, .. table.SourcesOf(series.Measure)];
        if (subset is { } sub) cols.Add(sub.Column.Name);
        var later = $"{noun} of the last third of the span";
        var earlier = "those of the first third";
        return new StoryRows(later, earlier, cols.Distinct(StringComparer.Ordinal).ToList(), late, scope, up, null, null, m, null, late, early, later, earlier)
        {
            AboutTime = true,
            Compared = new StoryRows(later, earlier, cols.Distinct(StringComparer.Ordinal).ToList(), late, scope, up, null, null, m, null, late, early, later, earlier),
        };
    }
}
