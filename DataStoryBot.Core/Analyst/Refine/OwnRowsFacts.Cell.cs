using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// Facts about the standout's own rows where the story is a value's hold on a category value (Contoso Computing's on the
/// IT requests, Morgan Lee's on the open goals): its share of that value's total amount, not the value's amounts; the
/// standout's other outcomes over all its rows; and, under a rate, whether the group's rows are of another size than the
/// others' (a rival an analyst rules out first), and for a part of the day, week or year, whether it was a busier one.
/// </summary>
public static partial class OwnRowsFacts
{
    /// <summary>The standout value's rows against the others (all of Morgan Lee's goals), on the value's and the category's columns.</summary>
    private static StoryRows ValueRows(AnalysisTable table, CategoryColumn c, int code, string column, string category, string noun)
    {
        var inV = Mask(table, r => c.Codes[r] == code);
        var scope = Mask(table, r => c.Codes[r] >= 0);
        var who = $"{noun} with {H(column)} {Words.Label(column, c.Labels[code])}";
        return new StoryRows(who, $"the other {noun}", [column, category], inV, scope, true, null, null, null, c,
            inV, Mask(table, r => scope[r] && !inV[r]), who, $"the other {noun}");
    }

    /// <summary>
    /// For a standout within a category value: its share of that value's total amount (an amount filled on the value's
    /// rows, never negative, not a price), against its share of the value's rows — how much of the spend the standout
    /// holds, where the value's own amounts would tell about the value, not the standout.
    /// </summary>
    public static SupportingFact? CellSpend(AnalysisTable table, Insight story, StoryRows rows)
    {
        if (!rows.ShareWithin || rows.Cell is not { } cell) return null;
        var storySources = rows.Columns.SelectMany(table.SourcesOf).ToHashSet(StringComparer.Ordinal);
        foreach (var m in table.Numeric.Where(m => m.Duration is null && !storySources.Contains(m.Name) && IsAmount(table, m, rows)))
        {
            double mine = 0, all = 0;
            int k = 0, n = 0;
            var negative = false;
            for (var r = 0; r < table.RowCount; r++)
            {
                if (!rows.Scope[r] || double.IsNaN(m.Values[r])) continue;
                if (m.Values[r] < 0) negative = true;
                all += m.Values[r];
                n++;
                if (!rows.In[r]) continue;
                mine += m.Values[r];
                k++;
            }
            if (negative || !(all > 0) || k < MinSide || n - k < MinSide) continue;
            var (byRows, byAmount) = (k / (double)n, mine / all);
            var nb = new NarrativeBuilder();
            var cols = rows.Columns.Concat(table.SourcesOf(m.Name)).Distinct(StringComparer.Ordinal).ToList();
            var amount = nb.Pct(byAmount, $"share of the total {m.Name} of {cell.Level} that is {rows.Who}'", cols, AllRows(table));
            var total = $"{nb.N(mine, $"total {m.Name} of {rows.Who}", cols, AllRows(table), Fmt.Num)} of {nb.N(all, $"total {m.Name} of {cell.Level}", cols, AllRows(table), Fmt.Num)}";
            var number = nb.Pct(byRows, $"share of {cell.Level} with {m.Name} that are {rows.Who}", cols, AllRows(table));
            var verdict = byAmount >= AlikeRatio * byRows ? "more than" : byAmount <= byRows / AlikeRatio ? "less than" : "close to";
            var sentence = $"By {H(m.Name)}, {cell.Value} holds {amount} of the total of the {cell.Level} ({total}), {verdict} its {number} of their number.";
            return new SupportingFact(story, sentence, nb.Facts.ToList());
        }
        return null;
    }

    /// <summary>
    /// For a standout within a category value: the standout value's other outcomes over all its rows (Morgan Lee's goals
    /// are on time less often than the other managers'), by the tests of <see cref="OtherOutcomes"/>; rates only, never
    /// the category the story is within (its outcome again).
    /// </summary>
    /// <remarks>Only where the category value is a state (where the rows stand: In progress, In stock): the story is then
    /// how the standout's rows fare, which its other outcomes tell from another side; a kind of row (Laptop within a
    /// department) is no such thing, and its outcomes are the kind's, not the department's.</remarks>
    /// <remarks>Where the standout value's rows sit nearly all (<see cref="NearlyAll"/>) in one group of a sibling story's
    /// column (all of Morgan Lee's goals are Sales goals, and a sibling story is about Sales), its other outcomes are read
    /// against that group's other rows only (<see cref="PeerRows"/>): against all the others they would be the sibling's
    /// finding again for a subset; too few peers, and nothing is told.</remarks>
    public static IEnumerable<SupportingFact> ValueOutcomes(AnalysisTable table, Insight story, StoryRows rows, IReadOnlyCollection<(string Title, IReadOnlyList<string> Columns)>? siblings = null)
    {
        if (rows.Value is not { } value || story.Detail is not StandoutDetail { Within: { } w } || !ColumnMeaning.IsStateField(w.Category)) return [];
        var peers = PeerRows(table, value, siblings);
        if (peers is { Rows: null }) return [];
        return OtherOutcomes(table, story, peers?.Rows ?? value, amounts: false, durations: false);
    }

    /// <summary>
    /// The standout value's rows against their peers: the other rows of the one group of a sibling story's category
    /// (not the rows' own columns) that holds at least <see cref="NearlyAll"/> of the value's rows; null when there is
    /// none (the value's rows are compared with all the others); (null) when there is one but fewer than
    /// <see cref="MinSide"/> peers.
    /// </summary>
    private static (StoryRows? Rows, CategoryColumn Column)? PeerRows(AnalysisTable table, StoryRows value, IReadOnlyCollection<(string Title, IReadOnlyList<string> Columns)>? siblings)
    {
        if (siblings is null || siblings.Count == 0) return null;
        var own = value.Columns.SelectMany(table.SourcesOf).ToHashSet(StringComparer.Ordinal);
        foreach (var c in siblings.SelectMany(s => s.Columns).Distinct(StringComparer.Ordinal).Select(table.Find).OfType<CategoryColumn>())
        {
            if (own.Contains(c.Name) || c == value.Group) continue;
            var counts = new int[c.Labels.Length];
            var n = 0;
            for (var r = 0; r < table.RowCount; r++)
            {
                if (!value.In[r] || c.Codes[r] < 0) continue;
                counts[c.Codes[r]]++;
                n++;
            }
            if (n == 0) continue;
            var top = Array.IndexOf(counts, counts.Max());
            if (counts[top] < NearlyAll * n || StandoutStory.IsPlaceholder(c.Labels[top])) continue;
            var scope = Mask(table, r => value.Scope[r] && c.Codes[r] == top);
            var inV = Mask(table, r => scope[r] && value.In[r]);
            if (Count(scope) - Count(inV) < MinSide) return (null, c);
            var others = $"the other {GroupWho(c, top, table.Noun)}";
            return (value with { Columns = [.. value.Columns, c.Name], In = inV, Scope = scope, Others = others, Excess = inV, Against = Mask(table, r => scope[r] && !inV[r]), AgainstWho = others }, c);
        }
        return null;
    }

    /// <summary>Names of a money amount a row carries (what an invoice, a claim or a request is for).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)(amount|spend|revenue|balance|sales)")]
    private static partial System.Text.RegularExpressions.Regex MoneyName();

    /// <summary>
    /// Under a rate by group (not an experiment): the group's rows are of the others' size (an amount of money, medians
    /// within <see cref="AlikeRatio"/> either way, <see cref="MinSide"/> rows on each side), so larger bills or claims do
    /// not explain the gap; not on a column a fact before already read.
    /// </summary>
    public static SupportingFact? SizeAlike(AnalysisTable table, Insight story, StoryRows rows, IReadOnlyCollection<string>? used = null)
    {
        if (story.Detail is not RateGroupDetail { Designed: false } || rows.Y is null || rows.AboutTime || rows.ShareWithin) return null;
        var storySources = rows.Columns.SelectMany(table.SourcesOf).ToHashSet(StringComparer.Ordinal);
        foreach (var m in table.Numeric.Where(m => m.Duration is null && MoneyName().IsMatch(m.Name) && !storySources.Contains(m.Name)
            && !table.SourcesOf(m.Name).Any(s => used?.Contains(s) ?? false) && IsAmount(table, m, rows)))
        {
            var sIn = Mask(table, r => rows.In[r] && !double.IsNaN(m.Values[r]));
            var sOut = Mask(table, r => rows.Scope[r] && !rows.In[r] && !double.IsNaN(m.Values[r]));
            if (Count(sIn) < MinSide || Count(sOut) < MinSide) continue;
            var (ms, mo) = (Median(m.Values, sIn), Median(m.Values, sOut));
            if (!(ms > 0 && mo > 0) || ms / mo > AlikeRatio || mo / ms > AlikeRatio) continue;
            var nb = new NarrativeBuilder();
            var cols = rows.Columns.Concat(table.SourcesOf(m.Name)).Distinct(StringComparer.Ordinal).ToList();
            var sentence = $"{Cap(rows.Who)} are of the same size as {rows.Others}: median {H(m.Name)} {nb.N(ms, $"median {m.Name} of {rows.Who}", cols, AllRows(table), Fmt.Num)} against {nb.N(mo, $"median {m.Name} of {rows.Others}", cols, AllRows(table), Fmt.Num)}.";
            return new SupportingFact(story, sentence, nb.Facts.ToList());
        }
        return null;
    }

    /// <summary>How far apart (a ratio) the parts' occurrences in the span may be for their row counts to be compared.</summary>
    public const double MaxOccurrenceRatio = 1.1;

    /// <summary>How many times the other parts' average a part's rows must be (or a fraction thereof) to be called busier (quieter).</summary>
    public const double BusierRatio = 1.1;

    /// <summary>
    /// For a rate by a part of a date (a month, a weekday, a three-hour band): how many rows the story's part has against
    /// the other parts' average, when every part occurs about as often in the span (each month once, each weekday as
    /// many times): whether the part was a busier one, the first rival for its rate (a peak season's load).
    /// </summary>
    public static SupportingFact? PartLoad(AnalysisTable table, Insight story, StoryRows rows)
    {
        if (story.Detail is not RateGroupDetail || rows.Group is not { Derived.Kind: "hour" or "weekday" or "month" } g) return null;
        if (table.SourcesOf(g.Name).Select(table.Find).OfType<DateColumn>().FirstOrDefault() is not { } date) return null;
        var k = g.Labels.Length;
        var counts = new int[k];
        var occurrences = Enumerable.Range(0, k).Select(_ => new HashSet<long>()).ToArray();
        var monthly = g.Derived.Kind == "month";
        for (var r = 0; r < table.RowCount; r++)
        {
            var code = g.Codes[r];
            if (code < 0 || !double.IsFinite(date.Days[r])) continue;
            counts[code]++;
            var t = DateColumn.ToDateTime(date.Days[r]);
            occurrences[code].Add(monthly ? t.Year * 12L + t.Month : (long)Math.Floor(date.Days[r]));
        }
        var parts = Enumerable.Range(0, k).Where(i => counts[i] > 0 && !StandoutStory.IsPlaceholder(g.Labels[i])).ToList();
        var own = g.Codes[FirstIndex(rows.In)];
        var others = parts.Where(i => i != own).ToList();
        if (others.Count < 2 || !parts.Contains(own)) return null;
        int fewest = parts.Min(i => occurrences[i].Count), most = parts.Max(i => occurrences[i].Count);
        if (fewest == 0 || most > MaxOccurrenceRatio * fewest) return null;
        var average = others.Average(i => (double)counts[i]);
        if (counts[own] < MinSide || !(average > 0)) return null;
        var ratio = counts[own] / average;
        var noun = table.Noun;
        var nb = new NarrativeBuilder();
        var cols = rows.Columns.Append(date.Name).Distinct(StringComparer.Ordinal).ToList();
        var part = Words.Label(g.Name, g.Labels[own]);
        var plural = Words.Plural(H(g.Name));
        var verdict = ratio >= BusierRatio ? "was a busier one than" : ratio <= 1 / BusierRatio ? "was a quieter one than" : "was no busier than";
        var mine = nb.Int(counts[own], $"{noun} with {g.Name} {g.Labels[own]}", cols, AllRows(table));
        var theirs = nb.N(average, $"average {noun} per other {g.Name}", cols, AllRows(table), v => Fmt.Num(Math.Round(v)));
        var many = nb.Int(others.Count, $"other values of {g.Name} with rows", cols, AllRows(table));
        var sentence = $"{Cap(part)} {verdict} the other {plural}: {mine} {noun}, against {theirs} on average for each of the other {many}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }
}

/// <summary>
/// A sibling story's group as a rival of a rate's group: the session found another group with a high rate of the same
/// outcome (December's leave requests), and an analyst checks whether the story's group is that group in disguise.
/// </summary>
public static partial class OwnRowsFacts
{
    /// <summary>
    /// For a rate by group: the value a sibling story names in its title (a value of a category on the sibling's columns,
    /// or derived from them: December of the start date's month) whose rate among the compared rows is
    /// <see cref="RateStory.Material"/> above the rest at <see cref="MaxBearingP"/>: the group's share of that value
    /// against the others', and the gap over the rows without it. At least <see cref="MinSide"/> decided rows on each
    /// side without it.
    /// </summary>
    public static SupportingFact? SiblingRival(AnalysisTable table, Insight story, StoryRows rows, IReadOnlyCollection<(string Title, IReadOnlyList<string> Columns)> siblings)
    {
        // In an experiment the group is randomised against every other factor: no sibling's group can stand behind it.
        if (story.Detail is not RateGroupDetail { Designed: false } || rows.AboutTime || rows.Y is not { } y || rows.Outcome is not { } o) return null;
        foreach (var (title, columns) in siblings)
        {
            foreach (var c in table.Groupings)
            {
                if (c == rows.Group || rows.Columns.Contains(c.Name) || !(columns.Contains(c.Name) || (c.Derived is not null && table.SourcesOf(c.Name).Any(columns.Contains)))) continue;
                // A design factor assigned in equal numbers (an experiment's arms) cannot stand behind another group.
                if (table.SourcesOf(c.Name).Any(rows.Columns.Contains) || ColumnMeaning.IsBalanced(c)) continue;
                var code = Array.FindIndex(c.Labels, l => l.Length >= 3 && !StandoutStory.IsPlaceholder(l) && Names(title, Words.Label(c.Name, l), StringComparison.Ordinal) && !Names(story.Title, Words.Label(c.Name, l), StringComparison.Ordinal));
                if (code < 0) continue;
                int sn = 0, sk = 0, on = 0, ok = 0, sh = 0, oh = 0, ohIn = 0;
                for (var r = 0; r < table.RowCount; r++)
                {
                    if (!rows.Scope[r] || y[r] < 0 || c.Codes[r] < 0) continue;
                    var inValue = c.Codes[r] == code;
                    if (rows.In[r])
                    {
                        sn++;
                        if (inValue) sk++;
                        else sh += y[r];
                    }
                    else
                    {
                        on++;
                        if (inValue) { ok++; ohIn += y[r]; }
                        else oh += y[r];
                    }
                }
                if (sn - sk < MinSide || on - ok < MinSide || ok < MinStratumRows) continue;
                // The sibling's value must raise the outcome among the compared rows to be a rival at all.
                var (rateIn, rateOut) = (ohIn / (double)ok, oh / (double)(on - ok));
                if (!(rateIn > rateOut) || !RateStory.Material(rateIn, rateOut)
                    || !(RateStory.TwoProportionP(new RateCount("value", ok, ohIn), new RateCount("rest", on - ok, oh)) < MaxBearingP)) continue;
                var nb = new NarrativeBuilder();
                var cols = rows.Columns.Append(c.Name).Concat(table.SourcesOf(c.Name)).Distinct(StringComparer.Ordinal).ToList();
                var value = Words.Label(c.Name, c.Labels[code]);
                var with = $"{H(c.Name)} {value}";
                var (a, b) = (sh / (double)(sn - sk), oh / (double)(on - ok));
                var holds = rows.High ? a > b : a < b;
                var share = $"{nb.Pct(sk / (double)sn, $"share of {rows.Who} (decided) with {c.Name} {c.Labels[code]}", cols, AllRows(table))} of {rows.Who} have {with} ({nb.Int(sk, $"{rows.Who} (decided) with {c.Name} {c.Labels[code]}", cols, AllRows(table))} of {nb.Int(sn, $"{rows.Who} decided", cols, AllRows(table))}), against {nb.Pct(ok / (double)on, $"share of {rows.Others} (decided) with {c.Name} {c.Labels[code]}", cols, AllRows(table))} of {rows.Others}";
                var without = $"{nb.Pct(a, $"share {o.Phrase} of {rows.Who} without {c.Name} {c.Labels[code]}", cols, AllRows(table))} against {nb.Pct(b, $"share {o.Phrase} of {rows.Others} without {c.Name} {c.Labels[code]}", cols, AllRows(table))}";
                var lead = RivalLead(value, with, !holds ? Rival.May : sk / (double)sn <= ok / (double)on + AlikePoints ? Rival.Not : Rival.More);
                var sentence = $"{lead}: {share}; without {with} the gap {(holds ? "remains" : "is gone")}: {without}.";
                return new SupportingFact(story, sentence, nb.Facts.ToList());
            }
        }
        return null;
    }

    internal enum Rival { May, Not, More }

    /// <summary>
    /// The lead of a rival check: a one-word value reads as its effect ("It is not a December effect"); a longer one by its
    /// column ("It is not down to notice less than a week ahead"), since "a less than a week ahead effect" is no sentence.
    /// </summary>
    internal static string RivalLead(string value, string with, Rival verdict) => value.Contains(' ', StringComparison.Ordinal)
        ? verdict switch { Rival.May => $"It may be down to {with}", Rival.Not => $"It is not down to {with}", _ => $"It is more than {with}" }
        : verdict switch { Rival.May => $"It may be a {value} effect", Rival.Not => $"It is not a {value} effect", _ => $"It is more than a {value} effect" };
}
