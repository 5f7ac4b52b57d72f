using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// Whether a standout's open items are overdue (Morgan Lee's 28 goals in progress): how many are past their due date at
/// the table's last recorded date, and by how long, against the other open items of the same state — the question a
/// manager asks of a pile of open work before any other.
/// </summary>
public static partial class OwnRowsFacts
{
    /// <summary>The least share of the standout's rows that must be open (a start, no end yet) and carry a due date.</summary>
    public const double MinOpenShare = 0.9;

    /// <summary>
    /// For a standout within a value of a state (where the rows stand: In progress): when at least
    /// <see cref="MinOpenShare"/> of its rows are open items (the start of a duration filled, its end not) and carry a
    /// planned date (a due date, a deadline, a target), how many of them are past it at the table's last recorded date
    /// (the latest date of a column that records an event, not a plan), by a median of how many days, against the other
    /// open rows of the same state value. At least <see cref="MinContributorRows"/> standout rows.
    /// </summary>
    public static SupportingFact? PastDue(AnalysisTable table, Insight story, StoryRows rows)
    {
        if (!rows.ShareWithin || story.Detail is not StandoutDetail { Within: { } w } || !ColumnMeaning.IsStateField(w.Category)) return null;
        var mine = Enumerable.Range(0, table.RowCount).Where(r => rows.In[r]).ToList();
        if (mine.Count < MinContributorRows) return null;
        // Open items: the start of a duration (not to a planned date) filled and its end not, on nearly all the rows.
        var open = table.Numeric.Where(m => m.Duration is { } d && !Planned().IsMatch(d.End)).Select(m => m.Duration!)
            .Select(d => (Start: table.Find(d.Start) as DateColumn, End: table.Find(d.End) as DateColumn))
            .FirstOrDefault(p => p.Start is not null && p.End is not null && mine.Count(r => !p.Start.IsMissing(r) && p.End.IsMissing(r)) >= MinOpenShare * mine.Count);
        if (open.Start is null || open.End is null) return null;
        // The plan's end: of the planned dates filled on nearly all the rows, the latest (a due date after a planned start).
        var due = table.Dates.Where(c => Planned().IsMatch(c.Name) && c != open.Start && mine.Count(r => !c.IsMissing(r)) >= MinOpenShare * mine.Count)
            .OrderByDescending(c => Median(c.Days, rows.In)).FirstOrDefault();
        if (due is null) return null;
        // The table's last recorded date: the latest of a column that records an event (not a plan).
        DateColumn? last = null;
        var asOf = double.NegativeInfinity;
        foreach (var c in table.Dates.Where(c => !Planned().IsMatch(c.Name)))
        {
            foreach (var d in c.Days)
            {
                if (d > asOf) (asOf, last) = (d, c);
            }
        }
        if (last is null || !double.IsFinite(asOf)) return null;
        var others = Enumerable.Range(0, table.RowCount).Where(r => rows.Scope[r] && !rows.In[r] && !open.Start.IsMissing(r) && open.End.IsMissing(r) && !due.IsMissing(r)).ToList();
        mine = mine.Where(r => !open.Start.IsMissing(r) && open.End.IsMissing(r) && !due.IsMissing(r)).ToList();
        var (late, lateOthers) = (mine.Where(r => due.Days[r] < asOf).ToList(), others.Where(r => due.Days[r] < asOf).ToList());
        var nb = new NarrativeBuilder();
        var cols = rows.Columns.Concat([open.Start.Name, open.End.Name, due.Name, last.Name]).Distinct(StringComparer.Ordinal).ToList();
        var day = nb.N(asOf, $"the table's last recorded date (latest {last.Name})", [last.Name], AllRows(table), v => Fmt.Time(v, false, "day"));
        (string Count, string By) Past(List<int> all, List<int> past, string who, bool first)
        {
            var n = nb.Int(all.Count, $"{who} open (with {open.Start.Name} and no {open.End.Name}) with {due.Name}", cols, AllRows(table));
            var count = past.Count == all.Count ? $"{(first ? "All" : "all")} {n}"
                : past.Count == 0 ? $"{(first ? "None" : "none")} of the {n}"
                : $"{nb.Int(past.Count, $"{who} open with {due.Name} before {Fmt.Date(asOf)}", cols, AllRows(table))} of the {n}";
            if (past.Count == 0) return (count, "");
            var median = Descriptive.MedianInPlace([.. past.Select(r => asOf - due.Days[r])]);
            return (count, $", by a median of {nb.N(median, $"median days past {due.Name} at {Fmt.Date(asOf)} of {who} open and past it", cols, AllRows(table), Fmt.Num)} days");
        }
        var (count, by) = Past(mine, late, rows.Who, first: true);
        var sentence = $"{count} {rows.Who} are past their {H(due.Name)} at the table's last recorded date ({day}, the latest {H(last.Name)}){by}";
        if (others.Count > 0)
        {
            var (otherCount, otherBy) = Past(others, lateOthers, rows.Others, first: false);
            sentence += $"; of {rows.Others}, {otherCount} are{otherBy}";
        }
        sentence += ".";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }
}
