using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>
/// Another grouping that holds a segment story's differences (penguins' beak depth by island, where species decides
/// it: Biscoe's birds are mostly Gentoo): each ε² read on the same rows, those where both groupings are known and every
/// crossed cell holds <see cref="SegmentStory.MinGroupSize"/> values.
/// </summary>
/// <param name="By">The grouping that holds the differences.</param>
/// <param name="Own">ε² of the story's grouping alone.</param>
/// <param name="Other">ε² of <see cref="By"/> alone: more than <see cref="Own"/>.</param>
/// <param name="Added">What the story's grouping adds within the levels of <see cref="By"/>: ε² of the two crossed less ε² of <see cref="By"/>.</param>
public sealed record ProxyCheck(string By, double Own, double Other, double Added);

public sealed partial class SegmentStory
{
    /// <summary>
    /// At most this share of a grouping's own ε² left within the levels of the other (the share <see cref="Confounders"/>
    /// allows a gap within strata): the other grouping's mix makes the difference.
    /// </summary>
    public const double MaxProxyShareLeft = Confounders.MaxShareLeft;

    /// <summary>
    /// Marks each comparison of a measure across one grouping (island) when another grouping compared on the same measure,
    /// with no more levels (species), explains more of it (ε²) and crossing the two adds at most
    /// <see cref="MaxProxyShareLeft"/> of the first grouping's own ε²: within the other grouping's levels the first says
    /// almost nothing, so its differences are the other's mix (an island's birds are its species). Only comparisons that
    /// passed their test are read, a few per table.
    /// </summary>
    internal static List<Insight> MarkProxies(AnalysisTable table, List<Insight> found)
    {
        var plain = found.Where(i => i.Detail is SegmentDetail { Entity: null, Slowest: null } d && table.Find(d.Category) is CategoryColumn { Derived: null })
            .ToList();
        if (plain.Count < 2) return found;
        var marked = new Dictionary<Insight, Insight>();
        foreach (var byMeasure in plain.GroupBy(i => ((SegmentDetail)i.Detail).Measure, StringComparer.Ordinal).Where(g => g.Count() >= 2))
        {
            if (table.Find(byMeasure.Key) is not NumericColumn measure) continue;
            foreach (var story in byMeasure)
            {
                var d = (SegmentDetail)story.Detail;
                var own = (CategoryColumn)table.Find(d.Category)!;
                ProxyCheck? best = null;
                foreach (var other in byMeasure.Where(o => o != story).Select(o => (SegmentDetail)o.Detail)
                    .Where(o => o.Test.EpsilonSquared > d.Test.EpsilonSquared).OrderByDescending(o => o.Test.EpsilonSquared))
                {
                    var by = (CategoryColumn)table.Find(other.Category)!;
                    if (by.Labels.Length > own.Labels.Length) continue;
                    if (Crossed(table, own, by, measure) is { } check && check.Other > check.Own && check.Added <= MaxProxyShareLeft * check.Own)
                    {
                        best = check;
                        break;
                    }
                }
                if (best is not null) marked[story] = story with { Detail = d with { ProxyOf = best } };
            }
        }
        return marked.Count == 0 ? found : found.Select(i => marked.GetValueOrDefault(i, i)).ToList();
    }

    /// <summary>ε² of <paramref name="own"/>, of <paramref name="by"/> and of the two crossed, on the rows of the crossed cells with enough values; null when fewer than two cells remain.</summary>
    private static ProxyCheck? Crossed(AnalysisTable table, CategoryColumn own, CategoryColumn by, NumericColumn measure)
    {
        var rows = Descriptive.EvenlySpaced(table.RowCount, Confounders.MaxRows);
        var width = own.Labels.Length;
        var cells = new Dictionary<int, List<double>>();
        foreach (var r in rows)
        {
            var (a, b, v) = (own.Codes[r], by.Codes[r], measure.Values[r]);
            if (a < 0 || b < 0 || !double.IsFinite(v)) continue;
            var key = b * width + a;
            if (!cells.TryGetValue(key, out var list)) cells[key] = list = [];
            list.Add(v);
        }
        var kept = cells.Where(kv => kv.Value.Count >= MinGroupSize).ToList();
        if (kept.Count < 2) return null;
        double Epsilon(Func<int, int> group)
        {
            var groups = kept.GroupBy(kv => group(kv.Key)).Select(g => g.SelectMany(kv => kv.Value).ToArray()).ToList();
            if (groups.Count < 2) return 0;
            var e = StatTests.KruskalWallis(groups).EpsilonSquared;
            return double.IsFinite(e) ? e : 0;
        }
        var crossed = Epsilon(k => k);
        var other = Epsilon(k => k / width);
        return new ProxyCheck(by.Name, Epsilon(k => k % width), other, crossed - other);
    }

    private static string ProxyReason(SegmentDetail d, ProxyCheck p) =>
        $"{Words.Human(d.Category)} accounts for {Fmt.Coef(p.Own)} of the variation in {Words.Human(d.Measure)} and {Words.Human(p.By)} for {Fmt.Coef(p.Other)}, " +
        $"but within each {Words.Human(p.By)} {Words.Human(d.Category)} adds only {Fmt.Coef(p.Added)}: its differences are the {Words.Human(p.By)} mix";
}
