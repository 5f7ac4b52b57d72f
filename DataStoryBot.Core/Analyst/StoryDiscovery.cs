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
        table = table.FocusOn(column => InsightRanker.SteeringNames(column, steering));
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
    /// Finds the insight a candidate stands for by recomputing it: the candidate's detector over the given table, matched
    /// by title, then by the same columns. Returns null when the data no longer shows it.
    /// </summary>
    public static Insight? Recompute(AnalysisTable table, InsightType? type, string title, IReadOnlyList<string> columns)
    {
        IEnumerable<Insight> found = type is null or InsightType.Descriptive
            ? DescriptiveFallback.Build(table)
            : DetectAll(table, Detectors.Where(d => d.Type == type.Value));
        var all = found.ToList();
        return all.FirstOrDefault(i => i.Title == title)
            ?? all.Where(i => i.Columns.Count == columns.Count && i.Columns.ToHashSet(StringComparer.Ordinal).SetEquals(columns))
                .OrderByDescending(i => i.Score).ThenBy(i => i.Title, StringComparer.Ordinal).FirstOrDefault();
    }
}
