namespace DataStoryBot.Core.Analyst.Stories;

public static partial class InsightRanker
{
    /// <summary>
    /// Whether <paramref name="candidate"/> compares a category's groups on one column of the link <paramref name="told"/>
    /// tells (flipper length by species beside "flipper length goes with body mass"), and the same groups, compared on the
    /// link's other column in the pool, sit at the same end of the link (Gentoo: the longest flippers and the heaviest
    /// birds): the groups along the line, a second finding about the link, not a repeat of its column. Left out of the
    /// shared-column discount. Not where a story over time in <paramref name="pool"/> (the candidates and the stories
    /// picked) tells either column's drift.
    /// </summary>
    public static bool GroupsAlongTheLink(Insight told, Insight candidate, IEnumerable<Insight> pool)
    {
        if (told.Detail is not CorrelationDetail { Drivers: null or { Count: 0 } } link || candidate.Detail is not SegmentDetail { Confound: null, Slowest: null } gap) return false;
        var other = gap.Measure == link.X ? link.Y : gap.Measure == link.Y ? link.X : null;
        if (other is null || gap.Groups.Count < 2) return false;
        // Where either column drifts over time (life expectancy rose, fertility fell), the link and the groups' order
        // along it may both be the drift: no second finding is read into it.
        var all = pool as IReadOnlyCollection<Insight> ?? pool.ToList();
        if (all.Any(i => i.Kind.IsAboutTime && (i.Columns.Contains(link.X) || i.Columns.Contains(link.Y)))) return false;
        return all.Any(i => i.Detail is SegmentDetail d && d.Category == gap.Category && d.Measure == other && d.Groups.Count >= 2
            && (link.Pearson.R > 0 ? d.Groups[0].Label : d.Groups[^1].Label) == gap.Groups[0].Label);
    }
}
