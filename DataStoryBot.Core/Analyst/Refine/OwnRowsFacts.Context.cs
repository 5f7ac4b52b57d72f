using System.Globalization;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// Two facts about a group's gap an analyst adds before anything else: how much of the whole the group carries (its
/// share of the rows against its share of the outcome or of the slowest tenth), and whether the gap holds within the
/// values of another category (the same comparison inside each of them: a mix check, and for an experiment whose rows
/// have no dates, its consistency).
/// </summary>
public static partial class OwnRowsFacts
{
    /// <summary>Rows the subject and the others each need within one value of a category for the gap to be read there.</summary>
    public const int MinStratumRows = 20;

    /// <summary>The least share of the story's own rows the values read within must hold (a reading that leaves out most of them is not told).</summary>
    public const double MinStrataCoverage = 0.8;

    /// <summary>At most this many values a category may have to be read within (sex, city, channel; not a person).</summary>
    public const int MaxStrata = 8;

    /// <summary>At most this many of the category's values are listed (the largest); the count covers them all.</summary>
    public const int ListedStrata = 3;

    /// <summary>The top (or, for a group below the others, the bottom) share of a measure's rows the group's part of is told.</summary>
    public const double Tail = 0.1;

    /// <summary>The share of the rows or of the outcome a group needs for its weight in the whole to be told (not a sliver).</summary>
    public const double MinWeight = 0.1;

    /// <summary>Rows the tail needs.</summary>
    public const int MinTailRows = 20;

    // ---------------------------------------------------------------- the group's weight in the whole

    /// <summary>
    /// The group's share of the compared rows against its share of the outcome (a rate: "23% of the claims but 61% of
    /// those declined") or of the measure's top tenth (bottom tenth for a group below the others): how much of the
    /// problem the group carries. Needs <see cref="MinSide"/> rows on each side and <see cref="MinTailRows"/> rows in
    /// the outcome or the tail.
    /// </summary>
    public static SupportingFact? WeightOf(AnalysisTable table, Insight story, StoryRows rows)
    {
        if (rows.AboutTime || rows.ShareWithin || rows.Leader is not null) return null;
        var noun = table.Noun;
        var nb = new NarrativeBuilder();
        var cols = rows.Columns.ToList();
        if (rows.Y is { } y && rows.Outcome is { } o)
        {
            var (sn, sh) = Hits(y, rows.In);
            var (an, ah) = Hits(y, rows.Scope);
            // In an experiment the arms' sizes are the design, not a finding. Against the rows the story itself compared,
            // the group's share of the outcome follows from the story's own four numbers (its 2×2 table read the other
            // way): told only when the story compared the group with a part of the rows (the largest groups), so the
            // share of all the outcome is new.
            if (sn < MinSide || an - sn < MinSide || ah < MinTailRows || story.Detail is not RateGroupDetail { Designed: false } rd) return null;
            if (an < MinWiderScope * rd.Overall.N) return null;
            var size = sn / (double)an;
            var part = sh / (double)ah;
            if (Math.Max(size, part) < MinWeight) return null;
            var sentence = $"{Cap(rows.Who)} are {nb.Pct(size, $"share of the compared {noun} (decided) that are {rows.Who}", cols, AllRows(table))} of the {noun} compared " +
                $"({nb.Int(sn, $"{rows.Who} with {o.Column} decided", cols, AllRows(table))} of {nb.Int(an, $"{noun} with {o.Column} decided and {rows.Group?.Name ?? "the group"} filled", cols, AllRows(table))}) " +
                $"but {(part < size ? "only " : "")}{nb.Pct(part, $"share of the {noun} {o.Phrase} that are {rows.Who}", cols, AllRows(table))} of those {o.Phrase} " +
                $"({nb.Int(sh, $"{rows.Who} {o.Phrase}", cols, AllRows(table))} of {nb.Int(ah, $"{noun} {o.Phrase} with {rows.Group?.Name ?? "the group"} filled", cols, AllRows(table))}).";
            return new SupportingFact(story, sentence, nb.Facts.ToList());
        }
        if (rows.Measure is not { } m) return null;
        var values = new List<double>();
        int subjectN = 0, scopeN = 0;
        for (var r = 0; r < table.RowCount; r++)
        {
            if (!rows.Scope[r] || double.IsNaN(m.Values[r])) continue;
            values.Add(m.Values[r]);
            scopeN++;
            if (rows.In[r]) subjectN++;
        }
        if (subjectN < MinSide || scopeN - subjectN < MinSide) return null;
        if (rows.High && m.Duration is null && !m.IsTime && Words.NameAllowsSum(m.Name) && !ColumnMeaning.IsPercentOf(m) && values.All(v => v >= 0)) return SumShare(table, story, rows, m, subjectN, scopeN);
        // The group's part of the measure's slowest (highest) tenth is the story's own gap in another statistic: not told.
        return null;
    }

    /// <summary>
    /// How many times the rows the story compared the scope of the group's weight needs (the story compared the group
    /// with its largest peers only, leaving out at least a fifth of the rows).
    /// </summary>
    public const double MinWiderScope = 1.25;

    /// <summary>
    /// An amount's group (never negative, a column that adds up): its share of the rows against its share of the total
    /// ("3.2% of the invoices but 25% of the amount"), told when the total's share is at least <see cref="MinLift"/> times.
    /// </summary>
    private static SupportingFact? SumShare(AnalysisTable table, Insight story, StoryRows rows, NumericColumn m, int subjectN, int scopeN)
    {
        double mine = 0, all = 0;
        for (var r = 0; r < table.RowCount; r++)
        {
            if (!rows.Scope[r] || double.IsNaN(m.Values[r])) continue;
            all += m.Values[r];
            if (rows.In[r]) mine += m.Values[r];
        }
        if (!(all > 0)) return null;
        var share = subjectN / (double)scopeN;
        var ofTotal = mine / all;
        if (ofTotal < MinLift * share || Math.Max(share, ofTotal) < MinWeight) return null;
        var noun = table.Noun;
        var nb = new NarrativeBuilder();
        var cols = rows.Columns.Concat(table.SourcesOf(m.Name)).Distinct(StringComparer.Ordinal).ToList();
        var sentence = $"{Cap(rows.Who)} are {nb.Pct(share, $"share of the {noun} with {m.Name} that are {rows.Who}", cols, AllRows(table))} of the {noun} " +
            $"({nb.Int(subjectN, $"{rows.Who} with {m.Name}", cols, AllRows(table))} of {nb.Int(scopeN, $"{noun} with {m.Name}", cols, AllRows(table))}) " +
            $"but {nb.Pct(ofTotal, $"share of the total {m.Name} of the {noun} that is {rows.Who}'", cols, AllRows(table))} of the total {H(m.Name)} " +
            $"({nb.N(mine, $"total {m.Name} of {rows.Who}", cols, AllRows(table), Fmt.Num)} of {nb.N(all, $"total {m.Name} of the {noun}", cols, AllRows(table), Fmt.Num)}).";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    // ---------------------------------------------------------------- the counts behind a share

    /// <summary>
    /// Behind a share that moved: the level's rows and the other rows per period before and after (a share grows when the
    /// level grows or when the others shrink), from the story's own counts.
    /// </summary>
    public static SupportingFact? CountsBehind(AnalysisTable table, Insight story)
    {
        if (story.Detail is not ShareShiftDetail d) return null;
        var before = d.OutsideTo - d.OutsideFrom;
        var after = d.InsideTo - d.InsideFrom;
        if (before <= 0 || after <= 0 || d.Outside.N == 0 || d.Inside.N == 0) return null;
        var unit = d.Granularity is "quarter" or "year" ? d.Granularity : "month";
        var (levelBefore, levelAfter) = (d.Outside.Hits / (double)before, d.Inside.Hits / (double)after);
        var (restBefore, restAfter) = ((d.Outside.N - d.Outside.Hits) / (double)before, (d.Inside.N - d.Inside.Hits) / (double)after);
        var noun = table.Noun;
        var g = table.Find(d.Category) as CategoryColumn;
        var who = g is not null && Array.IndexOf(g.Labels, d.Level) is var code and >= 0 ? GroupWho(g, code, noun) : $"{d.Level} {noun}";
        var nb = new NarrativeBuilder();
        List<string> cols = [d.Category, d.TimeColumn];
        var from = d.Periods[d.OutsideFrom].Label;
        var to = d.Periods[d.InsideTo - 1].Label;
        string Per(double v, string what) => nb.N(v, $"{what} per {unit}", cols, AllRows(table), x => Fmt.Num(Math.Round(x)));
        static int Way(double a, double b) => b >= 1.1 * a ? 1 : b <= a / 1.1 ? -1 : 0;
        var (level, rest) = (Way(levelBefore, levelAfter), Way(restBefore, restAfter));
        var verdict = (level, rest) switch
        {
            (1, -1) => $"{who} grew while the others shrank",
            (-1, 1) => $"{who} shrank while the others grew",
            (1, 1) => d.Inside.Rate > d.Outside.Rate ? $"both grew, {who} faster" : $"both grew, the others faster",
            (-1, -1) => d.Inside.Rate < d.Outside.Rate ? $"both shrank, {who} faster" : $"both shrank, the others faster",
            (0, _) => rest > 0 ? $"{who} held while the others grew" : $"{who} held while the others shrank",
            _ => level > 0 ? $"{who} grew while the others held" : $"{who} shrank while the others held",
        };
        var sentence = $"The counts behind the shares: {who} went from {Per(levelBefore, $"{who} in the first stretch ({d.Periods[d.OutsideFrom].Label} on)")} to {Per(levelAfter, $"{who} in the last stretch (to {to})")} a {unit}, " +
            $"the other {noun} from {Per(restBefore, $"other {noun} in the first stretch ({from} on)")} to {Per(restAfter, $"other {noun} in the last stretch (to {to})")}: {verdict}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    // ---------------------------------------------------------------- the gap within another category

    /// <summary>
    /// The story's gap read within each value of another category of 2 to <see cref="MaxStrata"/> values (not the
    /// story's, not an outcome nor a state — what happens to the row, not what it is —, not derived from the story's columns): the category the story's own mix check read
    /// (<see cref="ConfoundCheck.By"/>) when there is one, else the one most associated with being in the group
    /// (Cramér's V), each value with at least <see cref="MinStratumRows"/> rows on both sides, at least two such values.
    /// Said whichever way it comes out: holding in every value, in some, or in none.
    /// </summary>
    /// <param name="mixRival">Also a category the group's mix differs in (Cramér's V at least <see cref="MinMixV"/>) counts as a rival where a bearing one is required.</param>
    /// <param name="rivalOnly">No handling field (a priority, an urgency, a flag) that neither bears on the outcome nor differs in
    /// the group's mix (Cramér's V below <see cref="MinMixV"/>): for a standout within a category value, whose share read
    /// within it is the standout again per group.</param>
    /// <param name="siblingColumns">The session's other stories' columns: a second reading within one of them that bears on the outcome (honours read by the ethnicity a sibling is about) ties two findings together and needs no difference in the group's mix.</param>
    public static SupportingFact? Within(AnalysisTable table, Insight story, StoryRows rows, IReadOnlyCollection<string>? used = null, bool bearingOnly = false, bool mixRival = false, bool rivalOnly = false, IReadOnlyCollection<string>? siblingColumns = null)
    {
        if (rows.AboutTime || (rows.Y is null && rows.Measure is null)) return null;
        var outcomeColumns = RateStory.Outcomes(table).Select(o => o.Column).ToHashSet(StringComparer.Ordinal);
        var storySources = rows.Columns.SelectMany(table.SourcesOf).Concat(rows.Group is { } g ? table.SourcesOf(g.Name) : []).ToHashSet(StringComparer.Ordinal);
        var y = rows.Y;
        var m = rows.Measure;
        bool Counted(int r) => y is not null ? y[r] >= 0 : !double.IsNaN(m!.Values[r]);
        var preferred = story.Detail switch
        {
            RateGroupDetail { Confound: { } c } => c.By,
            SegmentDetail { Confound: { } c } => c.By,
            _ => null,
        };
        (CategoryColumn Column, List<int> Codes, double V, int Rows)? best = null;
        var stride = m is null ? 1 : Math.Max(1, Count(rows.Scope) / SampleRows);
        // The analyst's derived groupings (a date's hour, a measure's band) too, where they bear on the outcome (below).
        foreach (var c in table.Groupings)
        {
            if (c == rows.Group || rows.Columns.Contains(c.Name) || (used?.Contains(c.Name) ?? false) || outcomeColumns.Contains(c.Name) || c.Labels.Length is < 2 or > MaxStrata
                || ColumnMeaning.IsFreeText(c) || ColumnMeaning.IsStateField(c.Name) || table.SourcesOf(c.Name).Any(storySources.Contains)) continue;
            var subject = new int[c.Labels.Length];
            var others = new int[c.Labels.Length];
            var hits = new int[c.Labels.Length];
            var otherHits = new int[c.Labels.Length];
            // The others' values of a measure per value of the category, sampled to at most about SampleRows in all.
            var otherValues = m is null ? null : Enumerable.Range(0, c.Labels.Length).Select(_ => new List<double>()).ToArray();
            for (var r = 0; r < table.RowCount; r++)
            {
                var code = c.Codes[r];
                if (code < 0 || !rows.Scope[r] || !Counted(r)) continue;
                if (rows.In[r]) subject[code]++;
                else
                {
                    others[code]++;
                    if (y is not null) otherHits[code] += y[r];
                    else if (r % stride == 0) otherValues![code].Add(m!.Values[r]);
                }
                if (y is not null) hits[code] += y[r];
            }
            // A category the story's group is nearly all one value of cannot explain the group's gap.
            if (subject.Max() >= NearlyAll * subject.Sum()) continue;
            // A value that decides the outcome (every row of it has it, or none does: a discount taken is never late, a
            // reimbursed share of 0 is the declined claims) is the outcome in another form, not a place to read the gap in.
            var codes = Enumerable.Range(0, c.Labels.Length).Where(i => subject[i] >= MinStratumRows && others[i] >= MinStratumRows && !StandoutStory.IsPlaceholder(c.Labels[i])
                && (y is null || (hits[i] > 0 && hits[i] < subject[i] + others[i]))).ToList();
            if (codes.Count < 2) continue;
            // The values read must hold most of the story's own rows: "it holds within both values" that leave out the
            // group's largest part (140 of its 234 requests) says nothing about that part.
            if (codes.Sum(i => subject[i]) < MinStrataCoverage * subject.Sum()) continue;
            var v = CramersV(subject, others);
            var n = codes.Sum(i => subject[i] + others[i]);
            var bearing = Bears(codes, others, otherHits, otherValues, y is not null);
            var sibling = siblingColumns?.Contains(c.Name) ?? false;
            if (((bearingOnly && c.Name != preferred) || c.Derived is not null) && !bearing && !(mixRival && v >= MinMixV)) continue;
            // A column that only sets the row's plan (payment terms: the due date) is no rival for an outcome not measured
            // against that plan (a dispute), unless the data show it bears.
            if (!bearing && y is not null && OnlySetsPlan(table, c, y)) continue;
            // A rival relates to the outcome or to the group; a second reading (outside an experiment, whose other factors
            // are randomised against the group) to both: one the group's mix does not differ in is the story again per value.
            // A handling field (a priority, an urgency, a yes/no flag) read within under a standout in a category value
            // that it neither explains nor goes with says what the rows are, not why the standout holds them.
            var handling = ColumnMeaning.IsWorkflowField(c.Name) || ColumnMeaning.IsFlag(c);
            // Nor any other column that neither explains the standout's share nor goes with the category value beyond chance.
            if ((rivalOnly && !bearing && (handling ? v < MinMixV : !GoesWith(subject, others)))
                || (bearingOnly && !mixRival && c.Name != preferred && v < MinMixV && !sibling)) continue;
            // A second reading is not the first one's category again under another name (a category and the team it
            // routes to).
            if (bearingOnly && used is not null && used.Select(table.Find).OfType<CategoryColumn>().Any(u => Determines(u, c) || Determines(c, u))) continue;
            // A rival explanation first (a category whose values differ in the outcome or the measure among the other
            // rows: a possible confounder); then the category the story's own mix check read; then a category of names
            // (a region, a channel) before one of numbers (a count, a score), which is more often a measure cut into
            // values; then the most associated.
            var numbers = c.Labels.All(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            var rank = (bearing ? 4 : 0) + (c.Name == preferred ? 2 : 0) + (numbers ? 0 : 1) + v;
            if (best is null || rank > best.Value.V || (rank == best.Value.V && n > best.Value.Rows)) best = (c, codes, rank, n);
        }
        if (best is not { } x) return null;
        var nb = new NarrativeBuilder();
        var cols = rows.Columns.Concat(m is null ? [] : table.SourcesOf(m.Name)).Append(x.Column.Name).Distinct(StringComparer.Ordinal).ToList();
        // One pass over the rows: per value, the subject's and the others' counts and hits (a rate) or values (a measure).
        var at = new int[x.Column.Labels.Length];
        Array.Fill(at, -1);
        for (var i = 0; i < x.Codes.Count; i++) at[x.Codes[i]] = i;
        var sizes = new int[x.Codes.Count, 2];
        var h = new int[x.Codes.Count, 2];
        var lists = m is null ? null : Enumerable.Range(0, 2 * x.Codes.Count).Select(_ => new List<double>()).ToArray();
        for (var r = 0; r < table.RowCount; r++)
        {
            var code = x.Column.Codes[r];
            if (code < 0 || at[code] < 0 || !rows.Scope[r] || !Counted(r)) continue;
            var side = rows.In[r] ? 0 : 1;
            sizes[at[code], side]++;
            if (y is not null) h[at[code], side] += y[r];
            else lists![2 * at[code] + side].Add(m!.Values[r]);
        }
        var results = new List<(int Code, int Size, double Subject, double Others)>();
        for (var i = 0; i < x.Codes.Count; i++)
        {
            results.Add(y is not null
                ? (x.Codes[i], sizes[i, 0] + sizes[i, 1], h[i, 0] / (double)sizes[i, 0], h[i, 1] / (double)sizes[i, 1])
                : (x.Codes[i], sizes[i, 0] + sizes[i, 1], Descriptive.MedianInPlace([.. lists![2 * i]]), Descriptive.MedianInPlace([.. lists![2 * i + 1]])));
        }
        // A value holds the gap when it shows in the figures as printed: "24% against 24%" is not a gap, whatever the digits beyond.
        string Shown(double v) => y is not null ? Fmt.Pct(v) : Fmt.Num(v);
        bool Holds((int Code, int Size, double Subject, double Others) v) => (rows.High ? v.Subject > v.Others : v.Subject < v.Others) && Shown(v.Subject) != Shown(v.Others);
        var holding = results.Count(Holds);
        var column = H(x.Column.Name);
        var unit = m?.Duration is { } d ? $" {d.Unit}" : "";
        var what = y is not null ? $"the share {rows.Outcome!.Phrase}" : $"the median {H(m!.Name)}";
        var listed = results.OrderByDescending(v => v.Size).Take(ListedStrata).Select(v =>
        {
            var label = LabelOf(nb, x.Column, x.Column.Labels[v.Code], cols, table);
            var a = y is not null ? nb.Pct(v.Subject, $"share {rows.Outcome!.Phrase} of {rows.Who} with {x.Column.Name} {x.Column.Labels[v.Code]}", cols, AllRows(table))
                : nb.N(v.Subject, $"median {m!.Name} of {rows.Who} with {x.Column.Name} {x.Column.Labels[v.Code]}", cols, AllRows(table), Fmt.Num) + unit;
            var b = y is not null ? nb.Pct(v.Others, $"share {rows.Outcome!.Phrase} of {rows.Others} with {x.Column.Name} {x.Column.Labels[v.Code]}", cols, AllRows(table))
                : nb.N(v.Others, $"median {m!.Name} of {rows.Others} with {x.Column.Name} {x.Column.Labels[v.Code]}", cols, AllRows(table), Fmt.Num) + unit;
            return $"{label} {a} against {b}";
        }).ToList();
        var counted = $"{column} values with at least {MinStratumRows} rows on each side";
        // "Both values of type" only when type has two; else the values large enough to compare are counted as such.
        var all = results.Count == x.Column.Labels.Count(l => !StandoutStory.IsPlaceholder(l));
        var holdsText = holding == results.Count
            ? results.Count == 2 && all ? $"It holds within both {Words.Plural(column)}" : $"It holds within each of the {nb.Int(results.Count, counted, cols, AllRows(table))} {Words.Plural(column)}{(all ? "" : " large enough to compare")}"
            : holding == 0 ? $"It does not hold within any of the {nb.Int(results.Count, counted, cols, AllRows(table))} {Words.Plural(column)}"
            : $"It holds within only {nb.Int(holding, $"{counted} where {what} is {(rows.High ? "higher" : "lower")} for {rows.Who}", cols, AllRows(table))} of the {nb.Int(results.Count, counted, cols, AllRows(table))} {Words.Plural(column)}";
        var largest = results.Count > ListedStrata ? $" (the largest {nb.Int(ListedStrata, "values listed", cols, AllRows(table))})" : "";
        var sentence = $"{holdsText}, {what} for {rows.Who} against {rows.Others}{largest}: {string.Join("; ", listed)}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }

    /// <summary>Cramér's V between the group and a category from which the group's mix of it differs (a rival by its mix, see <c>mixRival</c>).</summary>
    public const double MinMixV = 0.1;

    /// <summary>A category is no rival when the story's group has at least this share of its rows in one value.</summary>
    public const double NearlyAll = 0.9;

    /// <summary>At most about this many of the other rows' values are read per category for its bearing on a measure.</summary>
    public const int SampleRows = 20000;

    /// <summary>How many times the lowest value's median the highest value's median among the other rows needs for a category to bear on a measure.</summary>
    public const double MinBearingRatio = 1.25;

    /// <summary>The p-value the highest and the lowest value's rates among the other rows must differ by for a category to bear on a rate.</summary>
    public const double MaxBearingP = 0.001;

    /// <summary>
    /// Whether a category bears on the story's outcome among the rows the group is compared with (its values' rates
    /// <see cref="RateStory.Material"/> apart at <see cref="MaxBearingP"/>; its values' medians <see cref="MinBearingRatio"/>
    /// apart): a rival explanation of the group's gap when the group's mix of it differs.
    /// </summary>
    private static bool Bears(List<int> codes, int[] others, int[] otherHits, List<double>[]? otherValues, bool rate)
    {
        if (rate)
        {
            var low = codes.MinBy(i => otherHits[i] / (double)others[i]);
            var high = codes.MaxBy(i => otherHits[i] / (double)others[i]);
            var (a, b) = (otherHits[high] / (double)others[high], otherHits[low] / (double)others[low]);
            // The extremes of k values: corrected over the k(k−1)/2 pairs they were picked from.
            var pairs = codes.Count * (codes.Count - 1) / 2.0;
            return RateStory.Material(a, b) && RateStory.TwoProportionP(new RateCount("high", others[high], otherHits[high]), new RateCount("low", others[low], otherHits[low])) * pairs < MaxBearingP;
        }
        var medians = codes.Where(i => otherValues![i].Count >= MinStratumRows).Select(i => Descriptive.MedianInPlace([.. otherValues![i]])).ToList();
        return medians.Count >= 2 && medians.Min() > 0 && medians.Max() >= MinBearingRatio * medians.Min();
    }

    /// <summary>The <paramref name="q"/> quantile (linear between neighbours, as <see cref="Descriptive.QuantileSorted"/>) by selection; reorders the array.</summary>
    private static double QuantileInPlace(double[] a, double q)
    {
        var pos = q * (a.Length - 1);
        var lo = (int)Math.Floor(pos);
        var low = Descriptive.Select(a, lo);
        if (lo + 1 >= a.Length) return low;
        var high = double.PositiveInfinity;
        for (var i = lo + 1; i < a.Length; i++) if (a[i] < high) high = a[i];
        return low + (pos - lo) * (high - low);
    }

    /// <summary>Cramér's V of being in the group against a category (a 2×k table of counts).</summary>
    private static double CramersV(int[] subject, int[] others)
    {
        double n1 = subject.Sum(), n2 = others.Sum(), n = n1 + n2;
        if (n1 == 0 || n2 == 0) return 0;
        double chi = 0;
        for (var i = 0; i < subject.Length; i++)
        {
            double col = subject[i] + others[i];
            if (col == 0) continue;
            var e1 = n1 * col / n;
            var e2 = n2 * col / n;
            chi += (subject[i] - e1) * (subject[i] - e1) / e1 + (others[i] - e2) * (others[i] - e2) / e2;
        }
        return Math.Sqrt(chi / n);
    }

    /// <summary>A category value in words; a number in it goes in as a fact (a group label).</summary>
    private static string LabelOf(NarrativeBuilder nb, CategoryColumn column, string label, IReadOnlyList<string> cols, AnalysisTable table)
    {
        var words = Words.Label(column.Name, label);
        foreach (System.Text.RegularExpressions.Match match in NumberInLabel().Matches(words))
        {
            nb.N(double.Parse(match.Value, CultureInfo.InvariantCulture), $"a number in a {column.Name} label (a group label)", cols, AllRows(table), _ => match.Value);
        }
        return words;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial System.Text.RegularExpressions.Regex NumberInLabel();
}
