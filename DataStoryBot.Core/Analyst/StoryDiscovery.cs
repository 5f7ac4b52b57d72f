using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Detectors;

namespace DataStoryBot.Core.Analyst;

/// <summary>Runs every detector over a table, ranks the findings and returns three diverse ones (descriptive fallbacks fill gaps).</summary>
public static class StoryDiscovery
{
    public static IReadOnlyList<IInsightDetector> Detectors { get; } =
    [
        new TrendDetector(), new SeasonalityDetector(), new ChangePointDetector(), new CorrelationDetector(), new SegmentDetector(),
        new OutstandingCategoryDetector(), new ConcentrationDetector(), new OutlierDetector(), new DistributionDetector(),
        new DrawdownDetector(), new CycleDetector(), new GroupSeriesDetector(),
    ];

    /// <summary>All tested insights, in a deterministic order (detectors run in parallel, results kept per detector).</summary>
    public static List<Insight> DetectAll(AnalysisTable table, IEnumerable<IInsightDetector>? detectors = null, CancellationToken cancellationToken = default)
    {
        var list = (detectors ?? Detectors).ToList();
        var results = new List<Insight>[list.Count];
        Parallel.For(0, list.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => results[i] = list[i].Detect(table).ToList());
        return results.SelectMany(r => r).ToList();
    }

    public static List<Insight> Discover(AnalysisTable table, string? steering, CancellationToken cancellationToken = default)
    {
        table = Prepare(table).FocusOn(column => InsightRanker.SteeringNames(column, steering));
        var insights = DetectAll(table, cancellationToken: cancellationToken);
        // The shape of a column that drifts over time says more about the drift than the data: leave it out.
        var trending = insights.Where(i => i.Type == InsightType.Trend && Math.Abs(i.EffectSize) >= 0.5 && i.Columns.Count == 2)
            .Select(i => i.Columns[1]).ToHashSet(StringComparer.Ordinal);
        insights.RemoveAll(i => i.Type is InsightType.Distribution && trending.Contains(i.Columns[0]));
        var picked = InsightRanker.PickDiverse(insights, steering);
        if (picked.Count < 3)
        {
            var fallback = DescriptiveFallback.Build(table)
                .Where(f => picked.All(p => p.Title != f.Title && !(p.Columns.Count == 1 && f.Columns.Count == 1 && p.Columns[0] == f.Columns[0])))
                .ToList();
            picked.AddRange(InsightRanker.PickDiverse(fallback, steering, 3 - picked.Count));
        }
        return picked;
    }

    /// <summary>
    /// The table the detectors see: near-identical measures (|r| ≥ 0.99 — a series and its seasonally adjusted copy, a
    /// value in two units) kept once, the first in the file, so one quantity is not told as a relationship with itself.
    /// </summary>
    public static AnalysisTable Prepare(AnalysisTable table)
    {
        var measures = table.Numeric.Where(m => m.Length - m.MissingCount >= CorrelationDetector.MinN).Take(CorrelationDetector.MaxColumns).ToList();
        if (measures.Count < 2) return table;
        var rows = Stats.Descriptive.EvenlySpaced(table.RowCount, CorrelationDetector.ScreenRows);
        var values = measures.Select(m => rows.Select(r => m.Values[r]).ToArray()).ToList();
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        for (var a = 0; a < measures.Count; a++)
        {
            if (dropped.Contains(measures[a].Name)) continue;
            for (var b = a + 1; b < measures.Count; b++)
            {
                if (dropped.Contains(measures[b].Name)) continue;
                var r = Stats.StatTests.Pearson(values[a], values[b]);
                if (r.N >= CorrelationDetector.MinN && Math.Abs(r.R) >= CorrelationDetector.DuplicateR) dropped.Add(measures[b].Name);
            }
        }
        return dropped.Count == 0 ? table : table.Select(table.Columns.Select(c => c.Name).Where(n => !dropped.Contains(n)));
    }

    /// <summary>
    /// Finds the insight a candidate stands for by recomputing it: the candidate's detector over the given table, matched
    /// by title, then by the same columns. Returns null when the data no longer shows it.
    /// </summary>
    public static Insight? Recompute(AnalysisTable table, InsightType? type, string title, IReadOnlyList<string> columns)
    {
        table = Prepare(table);
        IEnumerable<Insight> found = type is null or InsightType.Descriptive
            ? DescriptiveFallback.Build(table)
            : DetectAll(table, Detectors.Where(d => d.Type == type.Value));
        var all = found.ToList();
        return all.FirstOrDefault(i => i.Title == title)
            ?? all.Where(i => i.Columns.Count == columns.Count && i.Columns.ToHashSet(StringComparer.Ordinal).SetEquals(columns))
                .OrderByDescending(i => i.Score).ThenBy(i => i.Title, StringComparer.Ordinal).FirstOrDefault();
    }
}
