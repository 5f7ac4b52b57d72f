using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// Which leg of a duration carries the story's gap: a duration from one date to another with a third date between them
/// (ordered, then shipped, then delivered) splits into two legs, and an analyst says which of the two moved (the
/// warehouse or the carrier) before anyone goes looking.
/// </summary>
public static partial class OwnRowsFacts
{
    /// <summary>Share of the rows with the middle date filled in which it lies between the duration's start and end.</summary>
    public const double MinBetween = 0.9;

    /// <summary>How many times the other leg's move (in log ratio) the leg that carries the gap must move.</summary>
    public const double MinLegDominance = 2;

    /// <summary>
    /// The leg (start to a middle date, or the middle date to the end) whose median differs between the story's two
    /// sides (the group against the others; the rows after a change against those before) by at least
    /// <see cref="MinLegRatio"/> times and <see cref="MinLegDominance"/> times the other leg's move (in log ratio), with a
    /// rank test passing <see cref="MaxP"/>; each side at least <see cref="MinSide"/> rows.
    /// </summary>
    public static SupportingFact? LegOf(AnalysisTable table, Insight story, StoryRows rows)
    {
        var sides = rows.AboutTime ? rows.Compared : rows;
        if (sides?.Measure is not { Duration: { } d } m || table.Find(d.Start) is not DateColumn start || table.Find(d.End) is not DateColumn end) return null;
        var a = sides.In;
        var b = Mask(table, r => sides.Scope[r] && !sides.In[r]);
        (DateColumn Mid, double[] First, double[] Second, double Score)? best = null;
        foreach (var mid in table.Columns.OfType<DateColumn>())
        {
            if (mid == start || mid == end || sides.Columns.Contains(mid.Name)) continue;
            int filled = 0, between = 0, scope = 0;
            var first = new double[table.RowCount];
            var second = new double[table.RowCount];
            for (var r = 0; r < table.RowCount; r++)
            {
                first[r] = second[r] = double.NaN;
                if (!(a[r] || b[r])) continue;
                scope++;
                var (s, t, e) = (start.Days[r], mid.Days[r], end.Days[r]);
                if (!double.IsFinite(t) || !double.IsFinite(s) || !double.IsFinite(e)) continue;
                filled++;
                if (t < s || t > e) continue;
                between++;
                first[r] = (t - s) / d.DaysPerUnit;
                second[r] = (e - t) / d.DaysPerUnit;
            }
            if (filled < 0.5 * scope || between < MinBetween * filled) continue;
            var ia = Mask(table, r => a[r] && !double.IsNaN(first[r]));
            var ib = Mask(table, r => b[r] && !double.IsNaN(first[r]));
            if (Count(ia) < MinSide || Count(ib) < MinSide) continue;
            var r1 = LogRatio(Median(first, ia), Median(first, ib));
            var r2 = LogRatio(Median(second, ia), Median(second, ib));
            var (mover, other) = Math.Abs(r1) >= Math.Abs(r2) ? (r1, r2) : (r2, r1);
            if (!double.IsFinite(mover) || Math.Abs(mover) < Math.Log(MinLegRatio) || (double.IsFinite(other) && Math.Abs(mover) < MinLegDominance * Math.Abs(other))) continue;
            if (!(RankP(Math.Abs(r1) >= Math.Abs(r2) ? first : second, ia, ib) < MaxP)) continue;
            if (best is null || Math.Abs(mover) > best.Value.Score) best = (mid, first, second, Math.Abs(mover));
        }
        if (best is not { } x) return null;
        var inA = Mask(table, r => a[r] && !double.IsNaN(x.First[r]));
        var inB = Mask(table, r => b[r] && !double.IsNaN(x.First[r]));
        var (f1, f2, s1, s2) = (Median(x.First, inA), Median(x.First, inB), Median(x.Second, inA), Median(x.Second, inB));
        var firstMoves = Math.Abs(LogRatio(f1, f2)) >= Math.Abs(LogRatio(s1, s2));
        var nb = new NarrativeBuilder();
        var cols = sides.Columns.Concat([d.Start, x.Mid.Name, d.End]).Distinct(StringComparer.Ordinal).ToList();
        string Leg(string from, string to, double va, double vb) =>
            $"from {H(from)} to {H(to)} median {nb.N(va, $"median {d.Unit} from {from} to {to} for {sides.Who}", cols, AllRows(table), Fmt.Num)} {d.Unit} against {nb.N(vb, $"median {d.Unit} from {from} to {to} for {sides.Others}", cols, AllRows(table), Fmt.Num)}";
        var moved = firstMoves ? Leg(d.Start, x.Mid.Name, f1, f2) : Leg(x.Mid.Name, d.End, s1, s2);
        var held = firstMoves ? Leg(x.Mid.Name, d.End, s1, s2) : Leg(d.Start, x.Mid.Name, f1, f2);
        var sentence = $"The gap sits in the leg {(firstMoves ? $"before {H(x.Mid.Name)}" : $"after {H(x.Mid.Name)}")}: {moved} for {sides.Who} against {sides.Others}, while {held}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    /// <summary>How many times the other side's median the leg that carries a gap must be (or a fraction thereof).</summary>
    public const double MinLegRatio = 1.25;

    private static double LogRatio(double x, double y) => x > 0 && y > 0 ? Math.Log(x / y) : x == y ? 0 : double.NaN;
}
