using System.Text.RegularExpressions;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>Ranks insights by impact × significance (× type weight), applies the steering text, and picks diverse winners.</summary>
public static partial class InsightRanker
{
    public const double SteeringColumnBoost = 3;
    public const double SteeringThemeBoost = 2;

    /// <summary>The answer to the question the user asked comes first, also when the answer is "no change".</summary>
    public const double AnswerBoost = 10;

    /// <summary>
    /// How rows (or a total) split over one column ("A few origin values dominate rows", "female accounts for 77% of
    /// rows") describes the table: any tested finding of a comparable score is the better lead.
    /// </summary>
    public const double DescriptionDiscount = 0.6;

    /// <summary>A share of one column's rows, not a comparison or a change.</summary>
    public static bool IsDescription(Insight insight) => insight.Kind is ConcentrationStory && insight.Columns.Count == 1;

    public static double SteeredScore(Insight insight, string? steering)
    {
        var score = insight.Score * (IsDescription(insight) ? DescriptionDiscount : 1);
        if (string.IsNullOrWhiteSpace(steering)) return score;
        var text = steering.ToLowerInvariant();
        var words = Tokens(text).ToHashSet(StringComparer.Ordinal);
        var named = insight.Columns.Any(c => NamesColumn(c, text, words))
            // "why are resolution times growing?" asks about the derived duration without naming it.
            || (Data.Durations.AsksAboutTime(text) && insight.Columns.Any(Data.Durations.IsTimeMeasure));
        if (named) score *= SteeringColumnBoost;
        if (insight.Kind.OnlyWhenAsked && Asked(insight, steering)) score *= AnswerBoost;
        var theme = insight.Kind.SteeringWords;
        if (theme.Any(w => w.Contains(' ') ? text.Contains(w, StringComparison.Ordinal) : words.Any(x => x.StartsWith(w, StringComparison.Ordinal))))
        {
            score *= SteeringThemeBoost;
        }
        return score;
    }

    /// <summary>
    /// Whether the steering asks the question an answer-only story answers: it names one of the story's columns (or,
    /// for a duration, asks how long something takes) and asks about its kind ("growing", "over time").
    /// </summary>
    public static bool Asked(Insight insight, string? steering)
    {
        if (string.IsNullOrWhiteSpace(steering)) return false;
        var text = steering.ToLowerInvariant();
        var words = Tokens(text).ToHashSet(StringComparer.Ordinal);
        var names = insight.Columns.Any(c => NamesColumn(c, text, words))
            || (Data.Durations.AsksAboutTime(text) && insight.Columns.Any(Data.Durations.IsTimeMeasure));
        return names && insight.Kind.SteeringWords.Any(w => w.Contains(' ') ? text.Contains(w, StringComparison.Ordinal) : words.Any(x => x.StartsWith(w, StringComparison.Ordinal)));
    }

    /// <summary>Whether the steering text names <paramref name="column"/> (the same test the ranking boost uses).</summary>
    public static bool SteeringNames(string column, string? steering)
    {
        if (string.IsNullOrWhiteSpace(steering)) return false;
        var text = steering.ToLowerInvariant();
        return NamesColumn(column, text, Tokens(text).ToHashSet(StringComparer.Ordinal));
    }

    private static bool NamesColumn(string column, string text, HashSet<string> words)
    {
        var lower = column.ToLowerInvariant();
        if (lower.Length >= 3 && text.Contains(lower, StringComparison.Ordinal)) return true;
        var parts = Tokens(lower).Where(p => p.Length >= 3).ToList();
        if (parts.Count > 0 && parts.All(words.Contains)) return true;
        // The column in the words the stories use ("temp_max" is "maximum temperature"): a user who asks about
        // "temperature" or "temperatures" names it by its head noun, as the titles do.
        var human = Tokens(Refine.ColumnWords.Human(column).ToLowerInvariant()).ToList();
        return human.Count > 0 && human[^1] is { Length: >= MinHeadNoun } head && !Tokens(lower).Contains(head)
            && words.Any(w => w.StartsWith(head, StringComparison.Ordinal));
    }

    /// <summary>The shortest head noun of a column's spelled-out name that steering may name it by (not "age", "day").</summary>
    public const int MinHeadNoun = 6;

    private static IEnumerable<string> Tokens(string s) => WordRegex().Matches(s).Select(m => m.Value);

    [GeneratedRegex("[\\p{L}\\p{N}]+")]
    private static partial Regex WordRegex();

    /// <summary>A second story of the same kind sharing a column with a picked one is mostly a repeat.</summary>
    public const double SameKindSharedDiscount = 0.3;

    /// <summary>
    /// Two rate stories on one outcome over different group columns (loans denied by a public record, by race) are
    /// the outcome's drivers: facets a journalist tells side by side, discounted like different kinds sharing a column.
    /// </summary>
    public const double DriverDiscount = 0.75;

    /// <summary>
    /// A different kind of story on exactly the same columns, not about time ("Database leads average hours" beside
    /// "Database changes take 3 times as long"), tells the same comparison again.
    /// </summary>
    public const double SamePairDiscount = 0.3;

    /// <summary>
    /// Greedy pick: best steered score first; a later pick is discounted when it shares a type or a column with an
    /// earlier one, and excluded when it covers the same column set (no three facets of one pair).
    /// </summary>
    /// <param name="twins">Whether two measures move together so closely (a day's high and low temperature) that the
    /// same kind of time story on each would be told twice; the second is left out.</param>
    /// <param name="twinTrends">Whether two twin measures' trends are one story too: in a table of many rows per time
    /// point (tweets: retweets and favourites of each tweet), where the twins move together row by row, not only through
    /// a shared trend.</param>
    /// <param name="told">Stories already picked in an earlier round (the real findings, before facets and fillers): a
    /// candidate that says one of them again (<see cref="Repeats"/>) is left out here too.</param>
    public static List<Insight> PickDiverse(IEnumerable<Insight> insights, string? steering, int count = 3, Func<string, string, bool>? twins = null, bool twinTrends = false,
        IReadOnlyList<Insight>? told = null)
    {
        var pool = insights.Where(i => !i.Kind.OnlyWhenAsked || Asked(i, steering)).Select(i => (Insight: i, Score: SteeredScore(i, steering)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Insight.Title, StringComparer.Ordinal).ToList();
        var picked = new List<Insight>();
        while (picked.Count < count && pool.Count > 0)
        {
            var best = -1;
            var bestScore = double.NegativeInfinity;
            for (var i = 0; i < pool.Count; i++)
            {
                var candidate = pool[i].Insight;
                // At most one story of a kind per set of columns; a different kind on the same columns (a series'
                // trend and its seasonality) is another facet, discounted below.
                if (picked.Any(p => (SameColumns(p, candidate) && p.Kind == candidate.Kind && !p.Kind.IsFallback) || p.Title == candidate.Title)) continue;
                if (twins is not null && picked.Any(p => TwinStory(p, candidate, twins, twinTrends))) continue;
                var kept = picked.Concat(told ?? []).ToList();
                if (kept.Any(p => Repeats(p, candidate, twins, kept)))
                {
                    // The same link told on a self-report or estimate (reported weight) gives way to the one on the
                    // measurement it reports, in the same place; a gap on a tie's driver to the same gap on its outcome.
                    var reported = picked.FindIndex(p => Repeats(p, candidate, twins, kept) && (OnReport(p, candidate) || OnOutcome(p, candidate, kept)));
                    if (reported >= 0) { picked[reported] = candidate; pool.RemoveAt(i); i--; }
                    continue;
                }
                var s = pool[i].Score;
                foreach (var p in picked)
                {
                    var shares = p.Columns.Intersect(candidate.Columns).Any(c => !IsTimeLike(c, p, candidate)) && !OtherStates(p, candidate);
                    if (p.Kind == candidate.Kind && OtherOutcomes(p, candidate)) s *= shares ? 0.6 : 1;
                    else if (TwoFactors(p, candidate) || TwoBreadths(p, candidate)) continue;
                    else if (p.Kind == candidate.Kind) s *= DriversOfOneOutcome(p, candidate) ? DriverDiscount : shares ? SameKindSharedDiscount : 0.5;
                    else if (SameColumns(p, candidate) && !p.Kind.IsAboutTime && !candidate.Kind.IsAboutTime) s *= SamePairDiscount;
                    else if (shares) s *= candidate.Kind is GroupDriftStory || p.Kind is GroupDriftStory ? GroupStepSharedDiscount : GroupsAlongTheLink(p, candidate, pool.Select(x => x.Insight).Concat(picked)) ? 1 : 0.6;
                }
                if (s > bestScore) { bestScore = s; best = i; }
            }
            if (best < 0) break;
            // A group's gap on a step towards the table's main outcome (African American applicants denied mortgage
            // insurance) gives its slot to the same group's gap on the main outcome (denied the loan), when that is told too.
            if (MainOutcomeOf(pool[best].Insight, pool.Select(x => x.Insight), picked, told, twins) is { } main) best = pool.FindIndex(x => x.Insight == main);
            // Beside a lead that tells an outcome's drivers (miles per gallon lower where weight and horsepower are
            // higher), a category's gap on another measure (engine size by origin) gives its slot to the same category's
            // gap on that outcome (miles per gallon by origin: American cars are thirstier), when that is in the pool.
            else if (OutcomeGapOf(pool[best].Insight, pool.Select(x => x.Insight), picked, told, twins) is { } gap) best = pool.FindIndex(x => x.Insight == gap);
            var chosen = pool[best].Insight;
            // A fastest-growth story over a group's series tells its leader: the leader's own rise picked before it
            // (the fastest firm's capital) gives way, and its slot is filled again. (A breadth does not yet: the slot a
            // member frees has no facet to fill it, and a description would take it.)
            if (chosen.Detail is GroupSeriesDetail { Kind: not "breadth" }) picked.RemoveAll(p => Repeats(chosen, p, twins));
            picked.Add(chosen);
            pool.RemoveAt(best);
        }
        return picked;
    }

    /// <summary>
    /// For a rate story on a step towards the table's main outcome (<see cref="RateGroupDetail.StepOf"/>), the rate story
    /// of the same group and standout value on the main outcome, standing out the same way, when it is in the pool and not
    /// left out beside the stories picked: the decision the table records is the one to tell. Null otherwise.
    /// </summary>
    public static Insight? MainOutcomeOf(Insight chosen, IEnumerable<Insight> pool, IReadOnlyList<Insight> picked, IReadOnlyList<Insight>? told = null, Func<string, string, bool>? twins = null)
    {
        if (chosen.Detail is not RateGroupDetail { StepOf: { } main } step) return null;
        return pool.FirstOrDefault(i => i.Detail is RateGroupDetail d && d.Outcome.Column == main && d.Group == step.Group
            && d.Standout.Label == step.Standout.Label && d.High == step.High
            && !picked.Any(p => (SameColumns(p, i) && p.Kind == i.Kind) || p.Title == i.Title)
            && !picked.Concat(told ?? []).Any(p => Repeats(p, i, twins, picked.Concat(told ?? []))));
    }

    /// <summary>
    /// For a gap by a category on a measure that is not itself an outcome (<see cref="Refine.ColumnWords.Level"/> below 3), when a
    /// picked correlation tells an outcome with its other drivers (<see cref="CorrelationDetail.Drivers"/>): the gap by the
    /// same category on that outcome, when it is in the pool and not left out beside the stories picked. The reader of the
    /// drivers' story wants the outcome compared across the category; the driver's gap is its reason. Null otherwise.
    /// </summary>
    public static Insight? OutcomeGapOf(Insight chosen, IEnumerable<Insight> pool, IReadOnlyList<Insight> picked, IReadOnlyList<Insight>? told = null, Func<string, string, bool>? twins = null)
    {
        if (chosen.Detail is not SegmentDetail { Confound: null } gap || Refine.ColumnWords.Level(gap.Measure) == 3) return null;
        var outcomes = picked.Select(p => p.Detail).OfType<CorrelationDetail>().Where(c => c.Drivers is { Count: > 0 })
            .Select(c => Refine.ColumnWords.DriverByName(c.X, c.Y)?.Outcome).OfType<string>().Where(o => o != gap.Measure).ToHashSet(StringComparer.Ordinal);
        if (outcomes.Count == 0) return null;
        return pool.FirstOrDefault(i => i.Detail is SegmentDetail d && d.Category == gap.Category && outcomes.Contains(d.Measure)
            && !picked.Any(p => (SameColumns(p, i) && p.Kind == i.Kind) || p.Title == i.Title)
            && !picked.Concat(told ?? []).Any(p => Repeats(p, i, twins, picked.Concat(told ?? []))));
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> says again what <paramref name="told"/> already says (issue 22: a sibling
    /// story is redundant): a second trend of a quantity already told over time in the same direction (one series of a
    /// panel after the total, the fastest grower's rise after it is told fastest, the overall fall after the deepest fall); a
    /// relation of the same outcome or driver with a twin of the other (years of service after years since the PhD); the
    /// link of two categories that a rate or gap story already reads (the outcome and its group, or the group and the
    /// mix that explains it); the lone extreme value of the column whose leader is told; a category's leader on a
    /// measure beside the same category's gap on it; a share of a total led by the group whose lead on the same measure is told.
    /// </summary>
    /// <remarks>Also a sibling said again on a column that moves with the told one (<see cref="SaysAgainOnSibling"/>);
    /// <paramref name="kept"/> are the stories kept beside, whose relations tie two columns.</remarks>
    public static bool Repeats(Insight told, Insight candidate, Func<string, string, bool>? twins, IEnumerable<Insight>? kept = null) =>
        SaysAgainOnSibling(told, candidate, twins, kept) || candidate.Detail switch
    {
        TrendDetail t => told.Detail switch
        {
            // One group's trend after the total's (or the same series again); never the total's after one group's.
            TrendDetail u => Rises(u) == Rises(t) && u.Series.Measure == t.Series.Measure && (t.Series.SubsetValue is not null || t.Series.Subject == u.Series.Subject),
            DrawdownDetail d => d.Series.Measure == t.Series.Measure && d.Series.Subject == t.Series.Subject && !Rises(t) && !d.Rise,
            // The leader's own trend, or an average across the few series the comparison tells one by one.
            GroupSeriesDetail g => g.Measure == t.Series.Measure && (t.Series.SubsetValue == g.Leader.Label || (t.Series is { Across: not null, Aggregation: "mean" } && g.Kind != "breadth") || Member(g, t.Series, Rises(t))),
            // The whole span's drift after the step that makes it (measles fell overall after it stepped down in 1966).
            ChangePointDetail c => c.Series.Measure == t.Series.Measure && c.Series.Subject == t.Series.Subject && StepsUp(c) == Rises(t),
            _ => false,
        },
        // One group's fall beside the breadth that counts it among the many that fell (Albania beside 186 of 202 countries).
        DrawdownDetail d when told.Detail is GroupSeriesDetail g => g.Measure == d.Series.Measure && Member(g, d.Series, rises: d.Rise),
        OutstandingDetail { Breakdown.Measure: { } om } o => told.Detail is SegmentDetail s && s.Category == o.Breakdown.Category && s.Measure == om,
        SegmentDetail s when told.Detail is OutstandingDetail { Breakdown.Measure: { } om } o => s.Category == o.Breakdown.Category && s.Measure == om,
        // A second relation of the same pair read through self-reports (reported weight and height after weight and height).
        CorrelationDetail c when told.Detail is CorrelationDetail p && ReportedPair(p, c) => true,
        // The same group's gap on a self-report of the measure it is told on, or the other way round (reported weight by sex).
        SegmentDetail s when told.Detail is SegmentDetail p => p.Category == s.Category && p.Measure != s.Measure
            && IsReport(p.Measure) != IsReport(s.Measure) && Data.ColumnMeaning.IsSameQuantity(p.Measure, s.Measure),
        CorrelationDetail c when told.Detail is CorrelationDetail p && twins is not null => TwinRelation(p, c, twins),
        AssociationDetail a => told.Detail switch
        {
            // The link a share within groups already names (blond hair goes with blue eyes, then "hair and eye are linked").
            ShareDetail sh => Pair(a, sh.Group, sh.Outcome),
            RateGroupDetail r => Pair(a, r.Outcome.Column, r.Group) || (r.Confound is { } k && Pair(a, r.Group, k.By)),
            SegmentDetail s => s.Confound is { } k && Pair(a, s.Category, k.By),
            _ => false,
        },
        OutlierDetail { TotalFlagged: 1 } o => told.Detail is OutstandingDetail { Breakdown.Measure: { } m } && m == o.Column,
        ConcentrationDetail { Breakdown.Measure: { } m } c => told.Detail switch
        {
            // The same leader again; a total led by another group than the typical row (drought's deaths summed over
            // the years, earthquakes' in a typical year) is a second finding.
            SegmentDetail s => s.Category == c.Breakdown.Category && s.Measure == m && c.Breakdown.Totals.MaxBy(t => t.Value)?.Label == s.Groups[0].Label,
            OutstandingDetail od => od.Breakdown.Category == c.Breakdown.Category && od.Breakdown.Measure == m,
            _ => false,
        },
        _ => false,
    };

    /// <summary>Whether relation <paramref name="a"/> uses a column that is a self-report, estimate or transform of the column <paramref name="b"/> uses instead.</summary>
    private static bool OnReport(Insight a, Insight b) =>
        (a.Detail, b.Detail) is (CorrelationDetail, CorrelationDetail) or (SegmentDetail, SegmentDetail)
        && a.Columns.Except(b.Columns).ToList() is { Count: > 0 } xs && b.Columns.Except(a.Columns).ToList() is { } ys && xs.Count == ys.Count
        && xs.All(x => IsReport(x) && ys.Any(y => Data.ColumnMeaning.IsSameQuantity(x, y) && !IsReport(y)));

    private static readonly string[] ReportMarks = ["rep", "reported", "self", "est", "estimate", "estimated", "pred", "predicted", "fitted", "hat"];

    /// <summary>A name marked as a report or estimate of a quantity (repwt, weight_predicted).</summary>
    private static bool IsReport(string column)
    {
        var letters = string.Concat(column.Where(char.IsLetter)).ToLowerInvariant();
        return ReportMarks.Any(m => letters.Length > m.Length && (letters.StartsWith(m, StringComparison.Ordinal) || letters.EndsWith(m, StringComparison.Ordinal)));
    }

    private static bool Rises(TrendDetail t) => t.FittedEnd > t.FittedStart;

    /// <summary>Whether a step moves its series up: the mean after the break above the mean before it.</summary>
    private static bool StepsUp(ChangePointDetail c) => c.Welch.MeanB > c.Welch.MeanA;

    /// <summary>
    /// Whether <paramref name="series"/> is one group's series of a breadth story on the same measure and moves the way
    /// most groups did: one member of the many the breadth already counts.
    /// </summary>
    private static bool Member(GroupSeriesDetail g, TimeSeries series, bool rises) =>
        g.Kind == "breadth" && series.SubsetValue is not null && series.SubsetColumn == g.Dimension && series.Measure == g.Measure
        && (g.Leader.End > g.Leader.Start) == rises;

    /// <summary>
    /// Whether relation <paramref name="b"/> pairs the same two quantities as <paramref name="a"/>, at least one of them
    /// through a report or estimate of it (repwt and repht after weight and height): the same link again.
    /// </summary>
    private static bool ReportedPair(CorrelationDetail a, CorrelationDetail b)
    {
        static bool Same(string x, string y) => x == y || Data.ColumnMeaning.IsSameQuantity(x, y);
        var reported = new[] { b.X, b.Y }.Count(c => c != a.X && c != a.Y);
        return reported > 0 && ((Same(a.X, b.X) && Same(a.Y, b.Y)) || (Same(a.X, b.Y) && Same(a.Y, b.X)));
    }

    private static bool Pair(AssociationDetail a, string x, string y) => (a.A == x && a.B == y) || (a.A == y && a.B == x);

    /// <summary>Two relations sharing one column whose other columns are twins (move together, |r| ≥ <see cref="StoryDiscovery.TwinR"/>).</summary>
    private static bool TwinRelation(CorrelationDetail a, CorrelationDetail b, Func<string, string, bool> twins)
    {
        string? Other(string shared, CorrelationDetail d) => d.X == shared ? d.Y : d.Y == shared ? d.X : null;
        foreach (var shared in new[] { a.X, a.Y })
        {
            if (Other(shared, a) is { } x && Other(shared, b) is { } y && x != y && twins(x, y)) return true;
        }
        return false;
    }

    /// <summary>
    /// The same yearly or longer cycle on the same time axis over two twin measures (a day's high and low temperature
    /// peak in the same month). Only cycles: two trending series correlate through their trends alone, and which of two
    /// falls is the story (disease deaths, not "other" deaths) is not something the correlation can say.
    /// </summary>
    private static bool TwinStory(Insight a, Insight b, Func<string, string, bool> twins, bool twinTrends) =>
        a.Kind == b.Kind && (a.Kind is SeasonalityStory or CycleStory || (twinTrends && a.Kind is TrendStory))
        && a.Columns.Count == 2 && b.Columns.Count == 2 && a.Columns[0] == b.Columns[0] && a.Columns[1] != b.Columns[1]
        && twins(a.Columns[1], b.Columns[1]);

    /// <summary>
    /// Rate stories of two different outcomes (late deliveries by carrier, damage by warehouse): two findings, not two
    /// facets of one, so the same-kind discount does not apply.
    /// </summary>
    public static bool OtherOutcomes(Insight a, Insight b) =>
        a.Detail is RateGroupDetail x && b.Detail is RateGroupDetail y && !string.Equals(x.Outcome.Column, y.Outcome.Column, StringComparison.Ordinal);

    /// <summary>
    /// A rate of one state (assets in repair by model) and a standout within another state of the same column (Sydney
    /// holds the assets in stock): two findings about different rows, not facets of one, though they share the column.
    /// </summary>
    /// <remarks>So are a category value's share over time (HVAC peaks in summer) and a standout within another value of
    /// the same category (Plumbing orders in Building C).</remarks>
    public static bool OtherStates(Insight a, Insight b) => (a.Detail, b.Detail) switch
    {
        (RateGroupDetail r, StandoutDetail { Within: { } w }) => OtherState(r, w),
        (StandoutDetail { Within: { } w }, RateGroupDetail r) => OtherState(r, w),
        (ShareShiftDetail s, StandoutDetail { Within: { } w } d) => OtherValue(s, d, w),
        (StandoutDetail { Within: { } w } d, ShareShiftDetail s) => OtherValue(s, d, w),
        _ => false,
    };

    private static bool OtherValue(ShareShiftDetail s, StandoutDetail d, StandoutWithin w) =>
        (w.Category == s.Category && w.Level != s.Level) || (d.Column == s.Category && d.Label != s.Level);

    private static bool OtherState(RateGroupDetail r, StandoutWithin w) =>
        !r.Outcome.IsFlag && w.Category == r.Outcome.Column && !r.Outcome.Levels.Contains(w.Level) && w.Category != r.Group;

    /// <summary>
    /// The outcome's rates by two factors of an experiment's design (names and cities of a résumé study): each is what the
    /// experiment measures, two findings, so neither discounts the other.
    /// </summary>
    public static bool TwoFactors(Insight a, Insight b) =>
        a.Detail is RateGroupDetail { Designed: true } x && b.Detail is RateGroupDetail { Designed: true } y && !string.Equals(x.Group, y.Group, StringComparison.Ordinal);

    /// <summary>
    /// How many of a panel's groups moved one way, on two different measures (life expectancy rose in 60 of 62 countries,
    /// fertility fell in 58): two findings; the group column they share is the panel's make-up, like its time axis.
    /// </summary>
    public static bool TwoBreadths(Insight a, Insight b) =>
        a.Detail is GroupSeriesDetail { Kind: "breadth" } x && b.Detail is GroupSeriesDetail { Kind: "breadth" } y
        && x.Dimension == y.Dimension && !string.Equals(x.Measure, y.Measure, StringComparison.Ordinal);

    /// <summary>Rate stories on the same outcome column with different group columns.</summary>
    public static bool DriversOfOneOutcome(Insight a, Insight b) =>
        a.Detail is RateGroupDetail x && b.Detail is RateGroupDetail y
        && string.Equals(x.Outcome.Column, y.Outcome.Column, StringComparison.Ordinal) && !string.Equals(x.Group, y.Group, StringComparison.Ordinal);

    /// <summary>
    /// A group's step over time (Network changes failing from July) beside a comparison of levels on a shared column
    /// (Emergency changes fail more): when against where, two findings more than two facets, so a milder discount.
    /// </summary>
    public const double GroupStepSharedDiscount = 0.8;

    /// <summary>Cramér's V at or above which two category columns are one routing (the category picks the group).</summary>
    public const double RoutedV = 0.9;

    /// <summary>
    /// Two category columns routed together (V ≥ <see cref="RoutedV"/>: a category and the team it is assigned to) give
    /// the same story twice, once per column. Only the story on the upstream column is kept: the one not named for who
    /// handles the row (group, team, queue, agent), else the coarser (fewer values), else the first in the file.
    /// </summary>
    public static List<Insight> PreferUpstream(List<Insight> insights, Data.AnalysisTable table)
    {
        var v = new Dictionary<(string, string), bool>();
        bool Routed(Data.CategoryColumn a, Data.CategoryColumn b)
        {
            var key = string.CompareOrdinal(a.Name, b.Name) < 0 ? (a.Name, b.Name) : (b.Name, a.Name);
            if (!v.TryGetValue(key, out var routed))
            {
                v[key] = routed = a.Labels.Length <= 200 && b.Labels.Length <= 200
                    && SegmentStory.Associate(a, b) is { } d && d.Test.CramersV >= RoutedV;
            }
            return routed;
        }
        var byColumns = insights.Select(i => (i.Kind, Key: string.Join("\n", i.Columns))).ToHashSet();
        var categories = insights.SelectMany(i => i.Columns).Distinct(StringComparer.Ordinal)
            .Select(table.Find).OfType<Data.CategoryColumn>().ToList();
        return insights.Where(i => !i.Columns.Any(c =>
        {
            if (table.Find(c) is not Data.CategoryColumn column) return false;
            return categories.Any(u => u.Name != c && Upstream(u, column) && !i.Columns.Contains(u.Name) && Routed(u, column)
                && byColumns.Contains((i.Kind, string.Join("\n", i.Columns.Select(x => x == c ? u.Name : x)))));
        })).ToList();
    }

    /// <summary>Whether <paramref name="a"/> sits before <paramref name="b"/> in a routing: a category before the team that handles it.</summary>
    private static bool Upstream(Data.CategoryColumn a, Data.CategoryColumn b)
    {
        var (ha, hb) = (HandlerName().IsMatch(a.Name), HandlerName().IsMatch(b.Name));
        if (ha != hb) return hb;
        if (a.Labels.Length != b.Labels.Length) return a.Labels.Length < b.Labels.Length;
        return a.Index < b.Index;
    }

    [GeneratedRegex("(?i)(group|team|queue|assign|agent|handl|owner|resolver|technician|engineer)")]
    private static partial Regex HandlerName();

    private static bool SameColumns(Insight a, Insight b) =>
        a.Columns.Count == b.Columns.Count
        && a.Columns.OrderBy(c => c, StringComparer.Ordinal).SequenceEqual(b.Columns.OrderBy(c => c, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Sharing only the time axis does not make two stories facets of one another.</summary>
    private static bool IsTimeLike(string column, Insight a, Insight b) => IsTimeStory(a) && a.Columns[0] == column && IsTimeStory(b) && b.Columns[0] == column;

    private static bool IsTimeStory(Insight i) => i.Kind.IsAboutTime;
}
