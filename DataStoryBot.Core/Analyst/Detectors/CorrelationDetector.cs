using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;

namespace DataStoryBot.Core.Analyst.Detectors;

public sealed record CorrelationDetail(string X, string Y, CorrelationResult Pearson, CorrelationResult Spearman, double AdjustedP, int PairsTested, TheilSenResult? Fit, double LeastSquaresSlope, double LeastSquaresIntercept);

/// <summary>
/// Pearson and Spearman correlation for every pair of numeric columns (capped), with a Benjamini-Hochberg
/// correction across all pairs tested; rows are screened on an evenly spaced subset and reported on all rows.
/// </summary>
public sealed class CorrelationDetector : IInsightDetector
{
    public const int MaxColumns = 40;
    public const int ScreenRows = 50_000;
    public const double MaxAdjustedP = 0.01;
    public const double MinAbsR = 0.3;
    public const int MinN = 10;

    public InsightType Type => InsightType.Correlation;

    public IEnumerable<Insight> Detect(AnalysisTable table)
    {
        var columns = table.Numeric.Where(c => !c.IsYear)
            .Select(c => (Column: c, Missing: c.MissingCount))
            .Where(x => table.RowCount - x.Missing >= MinN)
            .OrderBy(x => table.Focus.Contains(x.Column.Name) ? 0 : 1).ThenBy(x => x.Missing).ThenBy(x => x.Column.Index).Take(MaxColumns)
            .OrderBy(x => x.Column.Index).Select(x => x.Column).ToList();
        if (columns.Count < 2) yield break;
        var rows = Descriptive.EvenlySpaced(table.RowCount, ScreenRows);
        var screened = columns.Select(c => rows.Select(r => c.Values[r]).ToArray()).ToList();
        var complete = screened.Select(v => v.All(double.IsFinite)).ToList();
        var screenedRanks = screened.Select((v, i) => complete[i] ? Descriptive.Ranks(v, out _) : null).ToList();
        var pairs = new List<(int A, int B, CorrelationResult S)>();
        for (var a = 0; a < columns.Count; a++)
            for (var b = a + 1; b < columns.Count; b++)
                pairs.Add((a, b, screenedRanks[a] is { } ra && screenedRanks[b] is { } rb ? StatTests.Pearson(ra, rb) : StatTests.Spearman(screened[a], screened[b])));
        var adjusted = StatTests.BenjaminiHochberg(pairs.Select(p => p.S.PValue).ToList());
        for (var i = 0; i < pairs.Count; i++)
        {
            var (a, b, s) = pairs[i];
            if (!(adjusted[i] < MaxAdjustedP) || !(Math.Abs(s.R) >= MinAbsR * 0.8)) continue;
            var d = Analyze(columns[a], columns[b], adjusted[i], pairs.Count, table);
            if (d is null || Math.Max(Math.Abs(d.Pearson.R), Math.Abs(d.Spearman.R)) < MinAbsR || d.Pearson.N < MinN) continue;
            yield return ToInsight(d);
        }
    }

    public static CorrelationDetail? Analyze(NumericColumn x, NumericColumn y, double adjustedP, int pairsTested, AnalysisTable? table = null)
    {
        var pearson = StatTests.Pearson(x.Values, y.Values);
        // Without missing values the whole-column ranks (cached per table) are the pairwise ranks.
        var spearman = table is not null && x.MissingCount == 0 && y.MissingCount == 0
            ? StatTests.Pearson(table.Ranks(x), table.Ranks(y))
            : StatTests.Spearman(x.Values, y.Values);
        if (double.IsNaN(pearson.R) || double.IsNaN(spearman.R)) return null;
        // Least-squares line for the chart.
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        var n = 0;
        for (var i = 0; i < x.Values.Length; i++)
        {
            double a = x.Values[i], b = y.Values[i];
            if (!double.IsFinite(a) || !double.IsFinite(b)) continue;
            n++; sx += a; sy += b; sxx += a * a; sxy += a * b;
        }
        var slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        var intercept = (sy - slope * sx) / n;
        return new CorrelationDetail(x.Name, y.Name, pearson, spearman, adjustedP, pairsTested, null, slope, intercept);
    }

    private static Insight ToInsight(CorrelationDetail d)
    {
        var r = Math.Abs(d.Spearman.R) >= Math.Abs(d.Pearson.R) ? d.Spearman.R : d.Pearson.R;
        var positive = r > 0;
        var strength = Math.Abs(r) >= 0.7 ? "strongly" : Math.Abs(r) >= 0.5 ? "clearly" : "moderately";
        var title = positive
            ? $"Higher {d.X} goes with higher {d.Y}"
            : $"Higher {d.X} goes with lower {d.Y}";
        var summary =
            $"Across {Fmt.Int(d.Pearson.N)} rows, {d.X} and {d.Y} are {strength} {(positive ? "positively" : "negatively")} related (Pearson r = {Fmt.Coef(d.Pearson.R)}, Spearman ρ = {Fmt.Coef(d.Spearman.R)}). " +
            $"The link holds after a Benjamini-Hochberg correction across {d.PairsTested} column pair{(d.PairsTested == 1 ? "" : "s")} (adjusted {Fmt.P(d.AdjustedP)}).";
        // Near-identical columns (one derived from the other) are rarely a story.
        var impact = Math.Abs(r) * (Math.Abs(d.Pearson.R) > 0.98 ? 0.3 : 1);
        return new Insight(InsightType.Correlation, [d.X, d.Y], title, summary, ["scatter", "histogram"],
            "Pearson and Spearman correlation, Benjamini-Hochberg adjusted", d.Spearman.R, d.AdjustedP, d.Pearson.R,
            d.Pearson.N, impact, d);
    }
}
