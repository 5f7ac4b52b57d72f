namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>
/// A sibling said again (issue 22: REDUNDANT), on a second column that moves with the first: the same grouping ranked
/// the same way on a measure that goes with the told one (prestige by occupation type beside education by type, where
/// prestige follows education), the same standout row on a measure that goes with the one whose standout is told (DC's
/// murder rate beside its violent-crime rate). Part of <see cref="Repeats"/>.
/// </summary>
public static partial class InsightRanker
{
    /// <summary>
    /// Whether <paramref name="candidate"/> tells on a sibling measure what <paramref name="told"/> tells: a gap by the
    /// same category with the same highest and lowest group, or the same row standing out, where the two measures are
    /// twins (<paramref name="twins"/>: |r| ≥ <see cref="StoryDiscovery.TwinR"/>) or a relation among
    /// <paramref name="kept"/> ties them (story 1 "Prestige is higher where education … are higher").
    /// </summary>
    public static bool SaysAgainOnSibling(Insight told, Insight candidate, Func<string, string, bool>? twins, IEnumerable<Insight>? kept) =>
        (told.Detail, candidate.Detail) switch
        {
            (SegmentDetail p, SegmentDetail s) => p.Category == s.Category && p.Measure != s.Measure && Extremes(p) == Extremes(s)
                && Tied(p.Measure, s.Measure, twins, kept),
            // The gap's top group leading another measure's totals or averages (Europe Central Asia leads total income
            // beside its lead in health, where income goes with health), or the other way round.
            (SegmentDetail p, OutstandingDetail { Breakdown.Measure: { } m } o) => p.Category == o.Breakdown.Category && p.Measure != m
                && p.Slowest is null && p.Groups[0].Label == Leader(o) && Tied(p.Measure, m, twins, kept),
            (OutstandingDetail { Breakdown.Measure: { } m } p, SegmentDetail s) => p.Breakdown.Category == s.Category && s.Measure != m
                && s.Slowest is null && s.Groups[0].Label == Leader(p) && Tied(s.Measure, m, twins, kept),
            (OutstandingDetail { Breakdown.Measure: { } m } p, OutlierDetail { TotalFlagged: 1, Outliers: [{ Label: { } row }] } o) =>
                m != o.Column && Leader(p) == row && Tied(m, o.Column, twins, kept),
            (OutstandingDetail { Breakdown.Measure: { } m } p, OutstandingDetail { Breakdown.Measure: { } n } o) =>
                p.Breakdown.Category == o.Breakdown.Category && m != n && Leader(p) == Leader(o) && Tied(m, n, twins, kept),
            (OutlierDetail { TotalFlagged: 1, Outliers: [{ Label: { } a }] } p, OutlierDetail { TotalFlagged: 1, Outliers: [{ Label: { } b }] } o) =>
                p.Column != o.Column && a == b && Tied(p.Column, o.Column, twins, kept),
            _ => false,
        };

    /// <summary>
    /// Of two gaps by one category on tied measures, the one on the outcome of their tie (weight, after height: "men weigh
    /// more" is the finding, "men are taller" its reason) takes the other's place.
    /// </summary>
    private static bool OnOutcome(Insight told, Insight candidate, IEnumerable<Insight> kept) =>
        told.Detail is SegmentDetail p && candidate.Detail is SegmentDetail s && SaysAgainOnSibling(told, candidate, null, kept)
        && Refine.ColumnWords.DriverByName(p.Measure, s.Measure) is { } roles && roles.Outcome == s.Measure;

    /// <summary>The groups a gap's title names: the highest and the lowest (a duration's slowest against the rest).</summary>
    private static (string Top, string? Bottom) Extremes(SegmentDetail d) =>
        d.Slowest is { } slow ? (slow.Label, null) : (d.Groups[0].Label, d.Groups.Count > 1 ? d.Groups[^1].Label : null);

    private static string? Leader(OutstandingDetail d) => d.Breakdown.Totals.Count > 0 ? d.Breakdown.Totals[0].Label : null;

    /// <summary>Whether two measures move together (twins) or a relation among the kept stories ties them (its two columns, or a driver it names with the outcome).</summary>
    private static bool Tied(string a, string b, Func<string, string, bool>? twins, IEnumerable<Insight>? kept) =>
        twins?.Invoke(a, b) == true
        || (kept ?? []).Any(k => k.Detail is CorrelationDetail c && (Links(c, a, b) || (c.Drivers ?? []).Any(d => Links(d.Pair, a, b))));

    private static bool Links(CorrelationDetail c, string a, string b) => (c.X == a && c.Y == b) || (c.X == b && c.Y == a);
}
