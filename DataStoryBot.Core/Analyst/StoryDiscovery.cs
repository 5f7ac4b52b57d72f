using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;

namespace DataStoryBot.Core.Analyst;

/// <summary>Runs every detector over a table, ranks the findings and returns three diverse ones (descriptive fallbacks fill gaps).</summary>
public static class StoryDiscovery
{
    /// <summary>The kinds that find tested stories; the descriptive fallback only fills.</summary>
    /// <remarks>Ordered by weight, the lead kinds first, which also spreads the heavier detectors over the cores.</remarks>
    public static IReadOnlyList<StoryKind> Detectors { get; } = StoryKinds.Detecting.OrderByDescending(k => k.Weight).ThenBy(k => k.Name, StringComparer.Ordinal).ToList();

    /// <summary>All tested insights, in a deterministic order (detectors run in parallel, results kept per detector).</summary>
    public static List<Insight> DetectAll(AnalysisTable table, IEnumerable<StoryKind>? detectors = null, CancellationToken cancellationToken = default)
    {
        var list = (detectors ?? Detectors).ToList();
        var results = new List<Insight>[list.Count];
        Parallel.For(0, list.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => results[i] = list[i].Detect(table).ToList());
        return results.SelectMany(r => r).ToList();
    }

    /// <param name="contradicted">Told of every story dropped because it contradicts the data its chart plots, with why.</param>
    public static List<Insight> Discover(AnalysisTable table, string? steering, CancellationToken cancellationToken = default, Action<Insight, string>? contradicted = null)
    {
        (table, var insights) = Detect(table, steering, cancellationToken, contradicted);
        // How the rows split over one column, or a size summed by group, is the table's make-up: it fills a slot only
        // after every tested finding and every facet of one (issue 22, item 5), unless the user asked about it.
        var makeUp = insights.Where(i => IsMakeUp(table, i, insights) && !InsightRanker.SteeringNames(i.Columns[0], steering)).ToList();
        // A lopsided or two-humped shape of one column is a description with a test: it comes after every relation,
        // comparison and change the table shows, unless the user asked about it (issue 22, item 5).
        var shapes = insights.Where(i => i.Kind is DistributionStory && !makeUp.Contains(i) && !InsightRanker.Asked(i, steering)).ToList();
        // A series' sharpest single move is a dated fact, not a finding about the table: it fills after the facets.
        var moves = insights.Where(i => i.Kind is SharpestMoveStory && !InsightRanker.Asked(i, steering)).ToList();
        var twins = Twins(table);
        var picked = InsightRanker.PickDiverse(insights.Except(makeUp).Except(shapes).Except(moves), steering, twins: twins, twinTrends: table.Time.Axis is not null && !table.Time.IsSeries && !table.Time.IsPanel);
        // A smaller sibling count's own series story gives way to the largest count's total against its siblings'.
        picked = FacetStory.WithSiblingTotals(table, picked);
        if (picked.Count < 3) picked.AddRange(InsightRanker.PickDiverse(shapes, steering, 3 - picked.Count, twins, told: picked));
        if (picked.Count < 3)
        {
            // Fewer real findings than slots: the others hold facets of a real one that add to it (the same finding by
            // group, its size in context, a trend's pace), not descriptions, and never one that repeats a picked story.
            var facets = FacetStory.Of(table, picked).Select(f => FacetStory.Adds(f, picked) ? f : FacetStory.OtherEnd(f, picked))
                .OfType<Insight>().Where(f => picked.All(p => p.Title != f.Title)).ToList();
            picked.AddRange(InsightRanker.PickDiverse(facets.Where(f => !FacetStory.HoldsEverywhere(f)), steering, 3 - picked.Count, twins, told: picked));
            // The finding split by group, or a gap's overlap: after every facet that shows another side of it.
            if (picked.Count < 3) picked.AddRange(InsightRanker.PickDiverse(facets.Where(FacetStory.HoldsEverywhere), steering, 3 - picked.Count, twins, told: picked));
        }
        if (picked.Count < 3)
        {
            // The last resort, as the product promises three candidates, from the least bad down: a series' sharpest
            // move (a dated fact), the make-up, a description of a column no story told, then one of a told column.
            var descriptions = DescriptiveStory.Build(table).ToList();
            // Counts of a told category are the sizes behind its story (brown hair is the most common): they compete
            // with the untold columns' descriptions; one description per column while another is left.
            Func<List<Insight>>[] tiers =
            [
                () => moves,
                () => makeUp,
                () => descriptions.Where(f => (f.Detail is FrequencyDetail && !Shared(f.Columns[0])) || !f.Columns.Any(Told().Contains)).ToList(),
                () => descriptions.Where(f => f.Detail is OverviewDetail || (!f.Columns.Any(Told(described: true).Contains) && !(f.Detail is FrequencyDetail && Shared(f.Columns[0])))).ToList(),
                () => descriptions.Where(f => !picked.Any(p => p.Columns.Count == 1 && f.Columns.Count == 1 && p.Columns[0] == f.Columns[0])).ToList(),
                () => descriptions,
            ];
            foreach (var tier in tiers)
            {
                // One at a time: what the last pick told decides what the tier still holds.
                while (picked.Count < 3 && InsightRanker.PickDiverse(tier().Where(f => picked.All(p => p.Title != f.Title)), steering, 1, twins, told: picked) is [var next]) picked.Add(next);
            }

            // A category whose split of the rows a picked story already gives ("Male accounts for 77% of rows by sex"):
            // its most common values say it again.
            bool Shared(string column) => picked.Any(p => p.Detail is ConcentrationDetail { Breakdown.Measure: null } && p.Columns.Count == 1 && p.Columns[0] == column);

            HashSet<string> Told(bool described = false) =>
                picked.Where(p => !described || p.Kind is DescriptiveStory or SharpestMoveStory).SelectMany(p => p.Columns).ToHashSet(StringComparer.Ordinal);
        }
        // The evidence names the file's columns: a derived duration by its two timestamps.
        return picked.Select(p => p with { EvidenceColumns = table.SourcesOf(p.Columns) }).ToList();
    }

    /// <summary>
    /// Every tested insight discovery chooses from, best steered score first, with the file's columns as evidence: what
    /// the three stories were picked from (the suites report where a missed finding ranked).
    /// </summary>
    public static List<Insight> Ranked(AnalysisTable table, string? steering, CancellationToken cancellationToken = default) =>
        Ranked(table, steering, null, cancellationToken).Insights;

    /// <summary>
    /// <see cref="Ranked(AnalysisTable, string?, CancellationToken)"/> with only some detectors (every guard discovery
    /// applies still applies), and the table they saw.
    /// </summary>
    public static (AnalysisTable Table, List<Insight> Insights) Ranked(AnalysisTable table, string? steering, IReadOnlyCollection<StoryKind>? detectors, CancellationToken cancellationToken = default)
    {
        (table, var insights) = Detect(table, steering, cancellationToken, detectors: detectors);
        return (table, Rank(table, insights, steering));
    }

    private static List<Insight> Rank(AnalysisTable table, List<Insight> insights, string? steering) =>
        insights.Where(i => !i.Kind.OnlyWhenAsked || InsightRanker.Asked(i, steering))
            .Select(i => (Insight: i with { EvidenceColumns = table.SourcesOf(i.Columns) }, Score: InsightRanker.SteeredScore(i, steering)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Insight.Title, StringComparer.Ordinal)
            .Select(x => x.Insight).ToList();

    private static (AnalysisTable Table, List<Insight> Insights) Detect(AnalysisTable table, string? steering, CancellationToken cancellationToken, Action<Insight, string>? contradicted = null, IReadOnlyCollection<StoryKind>? detectors = null)
    {
        table = Prepare(table).FocusOn(column => InsightRanker.SteeringNames(column, steering));
        var kinds = detectors is null ? Detectors : Detectors.Where(detectors.Contains).ToList();
        // An answer-only kind ("held steady") is looked for only when there is a question.
        var insights = DetectAll(table, string.IsNullOrWhiteSpace(steering) ? kinds.Where(k => !k.OnlyWhenAsked) : kinds, cancellationToken);
        // A category and the team it routes to tell one story: told once, on the category.
        insights = InsightRanker.PreferUpstream(insights, table);
        // The shape of a column that drifts over time says more about the drift than the data: leave it out.
        var trending = insights.Where(i => i.Kind is TrendStory && Math.Abs(i.EffectSize) >= 0.5 && i.Columns.Count == 2)
            .Select(i => i.Columns[1]).ToHashSet(StringComparer.Ordinal);
        insights.RemoveAll(i => i.Kind is DistributionStory && trending.Contains(i.Columns[0]));
        insights = WithoutRepeats(table, insights);
        // Two columns that are one quantity, a total and its part, or two measures of one incident are never a story
        // about each other, whichever kind found it (a count of failures read as groups of the damage index).
        insights.RemoveAll(i => i.Columns.Count == 2 && table.Unrelated.Contains((i.Columns[0], i.Columns[1])));
        // A fall from one day to the next in a table that is not one series is two different events, not a crash.
        insights.RemoveAll(i => i.Detail is DrawdownDetail { Series.Granularity: "day" } && !table.Time.IsSeries);
        if (table.Time.IsEvents)
        {
            // A table of events (bird strikes, many rows on some days and none on others): the within-year cycle of an
            // event's attribute averaged per month (the speed at which strikes happened) mostly tracks which events
            // happened that month, not the attribute itself; so do record monthly highs and lows of such an average.
            insights.RemoveAll(i => i.Kind is SeasonalityStory or CycleStory or RecordStory);
            // What such a table does tell over time is how many events each period holds: rows per year carry the trend (rows per month hide it under the seasons), rows per month the rhythm and
            // level shifts, and the trend too when there are too few whole years.
            var yearly = EventCounts.Of(table, EventCounts.PerYear);
            if (yearly is not null && kinds.Any(d => d is TrendStory)) insights.AddRange(DetectAll(yearly, kinds.Where(d => d is TrendStory), cancellationToken));
            if (kinds.Any(d => d is SeasonalityStory or ChangePointStory or TrendStory) && EventCounts.Of(table, EventCounts.PerMonth) is { } monthly)
            {
                insights.AddRange(DetectAll(monthly, kinds.Where(d => d is SeasonalityStory or ChangePointStory || (yearly is null && d is TrendStory)), cancellationToken));
            }
        }
        // A story that says what its own chart does not show (a "rise" that ends 92% lower, a "step" that is steady
        // growth) is dropped, and the reason is told.
        insights.RemoveAll(i => i.Kind.Contradiction(i) is { } why && Told(i, why));
        return (table, insights);

        bool Told(Insight insight, string why)
        {
            contradicted?.Invoke(insight, why);
            return true;
        }
    }

    /// <summary>
    /// How rows split over one column ("Male accounts for 77% of rows"), a size or exposure summed by a group ("more
    /// accounts for 98% of total students"), a measure summed over two values (the larger side holds more of it: the
    /// two groups' comparison, told better by their averages), or a total by a category whose comparison of the same
    /// measure is already a story: the sample's make-up or the same finding again, a filler.
    /// </summary>
    /// <remarks>
    /// Also the make-up: a total by a group whose leader is mostly the largest group (its share of the total under
    /// <see cref="MaxSizeLift"/> times its share of the rows: "educ 3 leads total prior convictions" because most men
    /// are in it); a gap or growth between groups' series of a size, or of a count that follows a size column in the
    /// table (cases between a large and a small state: exposure ignored); a trend or a group comparison of a size in a
    /// table whose counts follow it (the population measles cases happened in); outliers pooled over parallel
    /// series (wind of two cities together); how many groups a size rose in (population grows almost everywhere). Never
    /// the trend or fall of a size in a table that is one series (the population of a country year by year).
    /// </remarks>
    public static bool IsMakeUp(AnalysisTable table, Insight insight, IReadOnlyList<Insight> insights) =>
        InsightRanker.IsDescription(insight)
        || (insight.Detail is ConcentrationDetail { Breakdown.Measure: { } measure } c
            && (IsSize(table, measure) || c.Breakdown.Totals.Count <= 2
                // The same groups' comparison again; a total led by another group than the typical row (drought's
                // deaths summed over the years, earthquakes' in a typical year) is a second finding.
                || insights.Any(s => s.Detail is SegmentDetail d && d.Category == c.Breakdown.Category && d.Measure == measure && d.Groups[0].Label == c.Breakdown.Totals[0].Label)))
        || (insight.Detail is OutstandingDetail { Breakdown: { Aggregation: "sum" } b } && LeadsBySize(b))
        || (insight.Detail is GroupSeriesDetail { Kind: "gap" or "growth" or "breadth" } g && (IsSize(table, g.Measure) || FollowsSize(table, g.Measure)))
        // In a table that is one series (a country year by year) a row is the whole at one time: its size's trend is the
        // growth of the whole (the population grew), and every measure that trends with it "follows" it; not make-up.
        || (SizeMeasure(insight) is { } size && IsSize(table, size) && !(table.Time.IsSeries && insight.Detail is TrendDetail or DrawdownDetail)
            && table.Numeric.Any(m => m.Name != size && FollowsSize(table, m.Name)))
        || (insight.Detail is OutlierDetail && table.Time.Dimensions.Count > 0);

    /// <summary>The measure a trend or a comparison of groups tells, for the size rule of <see cref="IsMakeUp"/>.</summary>
    private static string? SizeMeasure(Insight insight) => insight.Detail switch
    {
        TrendDetail t => t.Series.Measure,
        DrawdownDetail d => d.Series.Measure,
        // A rate per unit of a size ("fatal per ten thousand pop") is not the size.
        SegmentDetail d when !ColumnMeaning.NameWords(d.Measure).Contains("per") => d.Measure,
        _ => null,
    };

    /// <summary>The most a total's leader may outweigh its share of the rows for the lead to be its size.</summary>
    public const double MaxSizeLift = 1.5;

    private static bool LeadsBySize(CategoryBreakdown b)
    {
        if (b.Totals.Count < 2 || b.Total <= 0) return false;
        var top = b.Totals[0];
        var rows = b.Totals.Sum(t => t.Rows);
        return rows > 0 && b.Totals.All(t => t.Rows <= top.Rows) && top.Value / b.Total < MaxSizeLift * top.Rows / rows;
    }

    /// <summary>
    /// A never-negative measure that grows with a size column of the table (r ≥ 0.3: cases with population; in a panel,
    /// within the typical time point): its totals and gaps are the sizes'.
    /// </summary>
    public static bool FollowsSize(AnalysisTable table, string measure)
    {
        if (IsSize(table, measure) || table.Find(measure) is not NumericColumn m || m.Values.Any(v => v < 0)) return false;
        var sizes = table.Numeric.Where(c => c.Name != measure && IsSize(table, c.Name)).ToList();
        if (sizes.Count == 0) return false;
        var rows = Stats.Descriptive.EvenlySpaced(table.RowCount, CorrelationStory.ScreenRows);
        var x = rows.Select(r => m.Values[r]).ToArray();
        if (sizes.Any(s => Stats.StatTests.Pearson(x, rows.Select(r => s.Values[r]).ToArray()) is { N: >= CorrelationStory.MinN } r && r.R >= 0.3)) return true;
        // A panel (states by year): sizes and counts both move over time (cases fell as population grew), so the
        // link is read within each time point, the typical (median) one over up to 20 of them.
        if (!table.Time.IsPanel || table.Time.Axis is not { } axis) return false;
        var points = rows.GroupBy(r => TimeSeriesBuilder.TimeValue(axis, r)).Where(g => double.IsFinite(g.Key) && g.Count() >= CorrelationStory.MinN).OrderBy(g => g.Key).ToList();
        if (points.Count == 0) return false;
        var picked = Stats.Descriptive.EvenlySpaced(points.Count, 20).Select(i => points[i].ToArray()).ToList();
        return sizes.Any(s =>
        {
            var within = picked.Select(g => Stats.StatTests.Pearson(g.Select(r => m.Values[r]).ToArray(), g.Select(r => s.Values[r]).ToArray()).R).Where(double.IsFinite).ToArray();
            return within.Length > 0 && Stats.Descriptive.Median(within) >= 0.3;
        });
    }

    /// <summary>A column that says how big a row is (population, students, policies): its totals and skew follow the sizes.</summary>
    public static bool IsSize(AnalysisTable table, string column) =>
        ColumnMeaning.IsExposureName(column) || table.Model.ExposureColumns.Contains(column) || table.Model.Count == column;

    /// <summary>
    /// One finding told once (issue 22, item 5): a record high at the end of its own rising trend (or a record low
    /// after its fall) repeats the trend; one group's rise repeats the comparison that names it the fastest grower; a lopsided shape of a measure that moves with another already told lopsided
    /// (food spending after income) repeats that shape; a comparison of ordered groups pooled over time repeats the shift of the mix over them.
    /// </summary>
    public static List<Insight> WithoutRepeats(AnalysisTable table, List<Insight> insights)
    {
        var trends = insights.Where(i => i.Detail is TrendDetail).ToList();
        var kept = insights.Where(i => !(i.Detail is RecordDetail r && trends.Any(t => t.Detail is TrendDetail d
            && t.Columns.SequenceEqual(i.Columns, StringComparer.Ordinal) && d.Series.Subject == r.Series.Subject
            && (d.FittedEnd > d.FittedStart) == r.High))).ToList();
        // One group's rise in a panel (capital for Westinghouse) is told better by the comparison that names it the
        // fastest grower of them all: the trend alone repeats it.
        var growth = insights.Select(i => i.Detail).OfType<GroupSeriesDetail>().Where(g => g.Kind == "growth").ToList();
        kept.RemoveAll(i => i.Detail is TrendDetail { Series.SubsetColumn: { } column } t && t.FittedEnd > t.FittedStart
            && growth.Any(g => g.Dimension == column && g.Measure == t.Series.Measure && g.Leader.Label == t.Series.SubsetValue));
        // A total's split over ordered groups that moved over time (the population aged) tells those groups; comparing
        // them pooled over every time point (people by age band over 150 years) averages the eras the shift separates.
        var mixes = insights.Select(i => i.Detail).OfType<GroupSeriesDetail>().Where(g => g.Kind == "mix").ToList();
        kept.RemoveAll(i => i.Detail is SegmentDetail s && mixes.Any(g => g.Dimension == s.Category && g.Measure == s.Measure));
        var shapes = kept.Where(i => i.Kind is DistributionStory && i.Detail is DistributionDetail).OrderByDescending(i => i.Score).ThenBy(i => i.Title, StringComparer.Ordinal).ToList();
        if (shapes.Count < 2) return kept;
        var twins = Twins(table);
        var told = new List<Insight>();
        foreach (var shape in shapes)
        {
            var skew = ((DistributionDetail)shape.Detail).Test.Skewness;
            if (told.Any(t => Math.Sign(((DistributionDetail)t.Detail).Test.Skewness) == Math.Sign(skew) && twins(t.Columns[0], shape.Columns[0]))) kept.Remove(shape);
            else told.Add(shape);
        }
        return kept;
    }

    /// <summary>Two measures whose values move together (|r| ≥ 0.8 over the same rows): one time story tells both.</summary>
    public const double TwinR = 0.8;

    private static Func<string, string, bool> Twins(AnalysisTable table)
    {
        var rows = Stats.Descriptive.EvenlySpaced(table.RowCount, CorrelationStory.ScreenRows);
        var cache = new Dictionary<(string, string), bool>();
        return (a, b) =>
        {
            var key = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
            if (cache.TryGetValue(key, out var known)) return known;
            var twin = table.Find(a) is NumericColumn x && table.Find(b) is NumericColumn y
                && Stats.StatTests.Pearson(rows.Select(r => x.Values[r]).ToArray(), rows.Select(r => y.Values[r]).ToArray()) is var r
                && r.N >= CorrelationStory.MinN && Math.Abs(r.R) >= TwinR;
            return cache[key] = twin;
        };
    }

    /// <summary>
    /// The table the detectors see: near-identical measures (|r| ≥ 0.99 — a series and its seasonally adjusted copy, a
    /// value in two units) kept once, the first in the file, so one quantity is not told as a relationship with itself.
    /// </summary>
    public static AnalysisTable Prepare(AnalysisTable table)
    {
        // A wide-format series (one column per year or month) is read as long format: describing "1971" or relating
        // "1994" to "2000" would tell nothing.
        table = WideFormat.ToLong(table) ?? table;
        table = WithoutTotalRows(table);
        // Two timestamps of one row (opened, closed) are also read as the time between them: a measure like any other.
        table = Durations.Add(table);
        // A measure's band, a date's weekday or hour, the notice between two dates: groupings a rate or a duration is compared by.
        table = DerivedGroups.Add(table);
        // What a row is called ("incidents"), from the row's id.
        table = table.WithNoun(TableNoun.Of(table));
        // What a row is, before any detector: a contingency cell is expanded by its count, a count with its exposure
        // becomes a rate, entity numbers are labels, a balanced design's settings are groups.
        table = RowModels.Read(table);
        var rows = Stats.Descriptive.EvenlySpaced(table.RowCount, CorrelationStory.ScreenRows);
        var incidents = SameIncidents(table, rows).ToList();
        if (incidents.Count > 0) table = table.WithUnrelated(incidents);
        var measures = table.Numeric.Where(m => m.Length - m.MissingCount >= CorrelationStory.MinN).Take(CorrelationStory.MaxColumns).ToList();
        if (measures.Count < 2) return table;
        var values = measures.Select(m => rows.Select(r => m.Values[r]).ToArray()).ToList();
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        for (var a = 0; a < measures.Count; a++)
        {
            if (dropped.Contains(measures[a].Name)) continue;
            for (var b = a + 1; b < measures.Count; b++)
            {
                if (dropped.Contains(measures[b].Name)) continue;
                var r = Stats.StatTests.Pearson(values[a], values[b]);
                if (r.N >= CorrelationStory.MinN && Math.Abs(r.R) >= CorrelationStory.DuplicateR && OneQuantity(values[a], values[b], r.N)) dropped.Add(measures[b].Name);
            }
        }
        var unrelated = Derived(measures, values).Concat(SameQuantities(measures, rows)).Concat(Products.Of(measures, values)).ToList();
        if (dropped.Count > 0) table = table.Select(table.Columns.Select(c => c.Name).Where(n => !dropped.Contains(n)));
        return unrelated.Count == 0 ? table : table.WithUnrelated(unrelated);
    }

    /// <summary>The fewest rows at which two measures correlated at <see cref="CorrelationStory.DuplicateR"/> are one quantity on that alone.</summary>
    public const int MinRowsForDuplicate = 30;

    /// <summary>
    /// Whether two near-identical measures (|r| ≥ 0.99) are one quantity: over many rows the correlation says so; over a
    /// few (ten years of Maine's divorce rate and margarine eaten per person, both falling) any two steady trends reach it,
    /// so their row-to-row changes must move together too, as a value in two units does in any row order.
    /// </summary>
    public static bool OneQuantity(double[] a, double[] b, int n)
    {
        if (n >= MinRowsForDuplicate) return true;
        var (da, db) = (new List<double>(), new List<double>());
        for (var i = 1; i < a.Length; i++)
        {
            if (!double.IsFinite(a[i]) || !double.IsFinite(a[i - 1]) || !double.IsFinite(b[i]) || !double.IsFinite(b[i - 1])) continue;
            da.Add(a[i] - a[i - 1]);
            db.Add(b[i] - b[i - 1]);
        }
        var changes = Stats.StatTests.Pearson(da.ToArray(), db.ToArray());
        return double.IsFinite(changes.R) && Math.Abs(changes.R) >= CorrelationStory.DuplicateR;
    }

    /// <summary>
    /// Pairs of measures that are one quantity under two names (a bound, a transform, an estimate or a self-report of
    /// the other: <see cref="ColumnMeaning.IsSameQuantity"/>), where one bounds the other (<see cref="ColumnMeaning.IsBound"/>),
    /// a total with one of its parts (<see cref="ColumnMeaning.IsTotalWithPart"/>) or two measures of one incident
    /// (<see cref="ColumnMeaning.IsSameIncident"/>).
    /// </summary>
    private static IEnumerable<(string, string)> SameQuantities(List<NumericColumn> measures, int[] rows)
    {
        // Totals: the named ones (nonfarm, GDP) and their subtotals (private employment, half or more of nonfarm).
        var totals = measures.Where(m => ColumnMeaning.IsTotalName(m.Name)).ToList();
        totals.AddRange(measures.Where(m => !totals.Contains(m) && totals.Any(t => ColumnMeaning.ShareOf(t, m, rows) >= ColumnMeaning.MinSubtotalShare)).ToList());
        foreach (var total in totals)
        {
            foreach (var part in measures)
            {
                if (ColumnMeaning.ShareOf(total, part, rows) >= ColumnMeaning.MinPartShare) yield return (total.Name, part.Name);
            }
        }
        for (var a = 0; a < measures.Count; a++)
        {
            for (var b = a + 1; b < measures.Count; b++)
            {
                if (ColumnMeaning.IsSameQuantity(measures[a].Name, measures[b].Name) || ColumnMeaning.IsBound(measures[a], measures[b], rows))
                {
                    yield return (measures[a].Name, measures[b].Name);
                }
            }
        }
    }

    /// <summary>Pairs of columns read as numbers (a count of failures may be read as groups) that measure one incident: <see cref="ColumnMeaning.IsSameIncident"/>.</summary>
    private static IEnumerable<(string, string)> SameIncidents(AnalysisTable table, int[] rows)
    {
        // Only columns that could be one (never negative, zero on a fifth of the rows) are paired.
        var numbers = table.Columns.Select(c => (c.Name, Values: ColumnMeaning.AsNumbers(c)))
            .Where(x => x.Values is { } v && rows.All(r => !(v[r] < 0)) && rows.Count(r => v[r] == 0) >= 0.2 * rows.Length)
            .Take(CorrelationStory.MaxColumns).ToList();
        for (var a = 0; a < numbers.Count; a++)
        {
            for (var b = a + 1; b < numbers.Count; b++)
            {
                if (ColumnMeaning.IsSameIncident(numbers[a].Values!, numbers[b].Values!, rows)) yield return (numbers[a].Name, numbers[b].Name);
            }
        }
    }

    /// <summary>
    /// Measures computed from others (c = a + b, c = a − b, c = a − b + k: a total and its parts, a real rate and the
    /// inflation in it, experience as age minus schooling minus six; c = a + b + d: a total of three parts) are not
    /// related to those columns as findings: the relationship is arithmetic. Tested on up to 20 measures (three parts on
    /// up to 12).
    /// </summary>
    private static IEnumerable<(string, string)> Derived(List<NumericColumn> measures, List<double[]> values)
    {
        var m = Math.Min(measures.Count, 20);
        var n = values.Count == 0 ? 0 : Math.Min(values[0].Length, 2000);
        for (var c = 0; c < m; c++)
        {
            for (var a = 0; a < m; a++)
            {
                if (a == c) continue;
                for (var b = a + 1; b < m; b++)
                {
                    if (b == c) continue;
                    if (Matches(values[c], values[a], values[b], n, 1) || Matches(values[c], values[a], values[b], n, -1) || Matches(values[c], values[b], values[a], n, -1))
                    {
                        yield return (measures[c].Name, measures[a].Name);
                        yield return (measures[c].Name, measures[b].Name);
                    }
                }
            }
        }
        var m3 = Math.Min(m, 12);
        for (var c = 0; c < m3; c++)
        {
            for (var a = 0; a < m3; a++)
            {
                for (var b = a + 1; b < m3; b++)
                {
                    for (var d = b + 1; d < m3; d++)
                    {
                        if (a == c || b == c || d == c) continue;
                        if (SumOfThree(values[c], values[a], values[b], values[d], n))
                        {
                            yield return (measures[c].Name, measures[a].Name);
                            yield return (measures[c].Name, measures[b].Name);
                            yield return (measures[c].Name, measures[d].Name);
                        }
                    }
                }
            }
        }

        static bool SumOfThree(double[] c, double[] a, double[] b, double[] d, int n)
        {
            int checkedRows = 0, close = 0;
            double scale = 0;
            for (var i = 0; i < n; i++) if (double.IsFinite(c[i])) scale = Math.Max(scale, Math.Abs(c[i]));
            if (scale == 0) return false;
            for (var i = 0; i < n; i++)
            {
                if (!double.IsFinite(c[i]) || !double.IsFinite(a[i]) || !double.IsFinite(b[i]) || !double.IsFinite(d[i])) continue;
                checkedRows++;
                if (Math.Abs(c[i] - a[i] - b[i] - d[i]) <= 0.005 * scale) close++;
                else if (checkedRows - close > 0.05 * n + 1) return false;
            }
            return checkedRows >= 10 && close >= 0.95 * checkedRows;
        }

        static bool Matches(double[] c, double[] a, double[] b, int n, int sign)
        {
            int checkedRows = 0, close = 0;
            double scale = 0;
            for (var i = 0; i < n; i++) if (double.IsFinite(c[i])) scale = Math.Max(scale, Math.Abs(c[i]));
            if (scale == 0) return false;
            // A constant offset counts too (experience = age − education − 6): the median remainder sets it, so one odd
            // first row (a series' first quarter with no inflation yet) does not.
            var offset = ColumnMeaning.TypicalRemainder(c, a, b, sign, n);
            for (var i = 0; i < n; i++)
            {
                if (!double.IsFinite(c[i]) || !double.IsFinite(a[i]) || !double.IsFinite(b[i])) continue;
                checkedRows++;
                var rest = c[i] - (a[i] + sign * b[i]);
                if (Math.Abs(rest - offset) <= 0.005 * scale) close++;
                else if (checkedRows - close > 0.05 * n + 1) return false;
            }
            return checkedRows >= 10 && close >= 0.95 * checkedRows;
        }
    }

    /// <summary>
    /// In long format, a group that is the sum of the others at (nearly) every time point ("All natural disasters") is a
    /// total, not a group: its rows are left out so it is neither compared with its parts nor counted twice.
    /// </summary>
    private const int MaxRowsForTotalRows = 50_000;

    private static AnalysisTable WithoutTotalRows(AnalysisTable table)
    {
        if (table.Time.Axis is not { } axis) return table;
        // Also where not every group has every year (disasters by type: a type with no deaths in a year has no row),
        // so not a panel: the total still sums the groups that are there. Such totals come in small published tables,
        // not in event logs.
        var dimensions = table.Time.IsPanel ? [table.Time.Dimensions[0]]
            : table.RowCount > MaxRowsForTotalRows ? []
            : table.Categories.Where(c => c.Labels.Length is >= 3 and <= 100 && c.Name != axis.Name).Take(5).ToList();
        foreach (var dimension in dimensions)
        {
            foreach (var measure in table.Numeric.Where(m => m.IsInteger && !m.Values.Any(v => v < 0)))
            {
                if (TimeSeriesBuilder.TotalLevel(axis, dimension, measure) is { } total)
                {
                    return table.Rows(Enumerable.Range(0, table.RowCount).Where(r => dimension.Codes[r] != total).ToArray());
                }
            }
        }
        return table;
    }

    /// <summary>
    /// Finds the insight a candidate stands for by recomputing it: the candidate's detector over the given table, matched
    /// by title, then by the same columns. Returns null when the data no longer shows it.
    /// </summary>
    public static Insight? Recompute(AnalysisTable table, StoryKind? kind, string title, IReadOnlyList<string> columns)
    {
        if (EventCounts.For(Prepare(table), columns) is not { } prepared) return null;
        table = prepared;
        IEnumerable<Insight> found = kind is null || kind is DescriptiveStory
            ? DescriptiveStory.Build(table)
            : DetectAll(table, [kind]);
        var all = found.ToList();
        return all.FirstOrDefault(i => i.Title == title)
            ?? all.Where(i => i.Columns.ToHashSet(StringComparer.Ordinal).SetEquals(columns) || table.SourcesOf(i.Columns).ToHashSet(StringComparer.Ordinal).SetEquals(columns))
                .OrderByDescending(i => i.Score).ThenBy(i => i.Title, StringComparer.Ordinal).FirstOrDefault();
    }
}
